/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * include/hw/sun4v_hv_abi.h against the reference values of
 * ../shared/reference/sun4v-iommu-facts.md (§1, §2, §4, §10) and the
 * argument helpers at their boundary values.
 */
#include <hw/sun4v_hv_abi.h>

#include "test_assert.h"

static int
test_sun4v_abi_status_codes(void)
{
	static const struct { uint64_t got, want; const char *name; } t[] = {
		{ HV_EOK, 0, "EOK" }, { HV_ENOCPU, 1, "ENOCPU" },
		{ HV_ENORADDR, 2, "ENORADDR" }, { HV_ENOINTR, 3, "ENOINTR" },
		{ HV_EBADPGSZ, 4, "EBADPGSZ" }, { HV_EBADTSB, 5, "EBADTSB" },
		{ HV_EINVAL, 6, "EINVAL" }, { HV_EBADTRAP, 7, "EBADTRAP" },
		{ HV_EBADALIGN, 8, "EBADALIGN" },
		{ HV_EWOULDBLOCK, 9, "EWOULDBLOCK" },
		{ HV_ENOACCESS, 10, "ENOACCESS" }, { HV_EIO, 11, "EIO" },
		{ HV_ECPUERROR, 12, "ECPUERROR" },
		{ HV_ENOTSUPPORTED, 13, "ENOTSUPPORTED" },
		{ HV_ENOMAP, 14, "ENOMAP" }, { HV_ETOOMANY, 15, "ETOOMANY" },
		{ HV_ECHANNEL, 16, "ECHANNEL" }, { HV_EBUSY, 17, "EBUSY" },
		{ HV_EUNAVAILABLE, 23, "EUNAVAILABLE" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		TEST_ASSERT_EQ(t[i].got, t[i].want, "HV_%s", t[i].name);
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_function_numbers(void)
{
	static const struct { uint64_t got, want; const char *name; } t[] = {
		{ HV_FAST_TRAP, 0x80, "FAST_TRAP" },
		{ HV_CORE_TRAP, 0xff, "CORE_TRAP" },
		{ HV_FAST_PCI_IOMMU_MAP, 0xb0, "IOMMU_MAP" },
		{ HV_FAST_PCI_IOMMU_DEMAP, 0xb1, "IOMMU_DEMAP" },
		{ HV_FAST_PCI_IOMMU_GETMAP, 0xb2, "IOMMU_GETMAP" },
		{ HV_FAST_PCI_IOMMU_GETBYPASS, 0xb3, "IOMMU_GETBYPASS" },
		{ HV_FAST_PCI_CONFIG_GET, 0xb4, "CONFIG_GET" },
		{ HV_FAST_PCI_CONFIG_PUT, 0xb5, "CONFIG_PUT" },
		{ HV_FAST_PCI_PEEK, 0xb6, "PEEK" },
		{ HV_FAST_PCI_POKE, 0xb7, "POKE" },
		{ HV_FAST_PCI_DMA_SYNC, 0xb8, "DMA_SYNC" },
		{ HV_FAST_PCI_IOTSB_CONF, 0x190, "IOTSB_CONF" },
		{ HV_FAST_PCI_IOTSB_INFO, 0x191, "IOTSB_INFO" },
		{ HV_FAST_PCI_IOTSB_UNCONF, 0x192, "IOTSB_UNCONF" },
		{ HV_FAST_PCI_IOTSB_BIND, 0x193, "IOTSB_BIND" },
		{ HV_FAST_PCI_IOTSB_UNBIND, 0x194, "IOTSB_UNBIND" },
		{ HV_FAST_PCI_IOTSB_GET_BINDING, 0x195, "IOTSB_GET_BINDING" },
		{ HV_FAST_PCI_IOTSB_MAP, 0x196, "IOTSB_MAP" },
		{ HV_FAST_PCI_IOTSB_MAP_ONE, 0x197, "IOTSB_MAP_ONE" },
		{ HV_FAST_PCI_IOTSB_DEMAP, 0x198, "IOTSB_DEMAP" },
		{ HV_FAST_PCI_IOTSB_GETMAP, 0x199, "IOTSB_GETMAP" },
		{ HV_FAST_PCI_IOTSB_SYNC_MAPPINGS, 0x19a, "IOTSB_SYNC_MAPPINGS" },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		TEST_ASSERT_EQ(t[i].got, t[i].want, "HV_%s", t[i].name);
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_api_groups(void)
{
	TEST_ASSERT_EQ(HV_GRP_PCI, 0x0100, "PCI group");
	TEST_ASSERT_EQ(HV_GRP_ATU, 0x0111, "ATU group");
	TEST_ASSERT_EQ(HV_GRP_PCI_MAJOR, 2, "VPCI 2.0 preferred");
	TEST_ASSERT_EQ(HV_GRP_PCI_MINOR, 0, "VPCI 2.0 preferred");
	TEST_ASSERT_EQ(HV_GRP_PCI_OLD_MAJOR, 1, "VPCI 1.1 fallback");
	TEST_ASSERT_EQ(HV_GRP_PCI_OLD_MINOR, 1, "VPCI 1.1 fallback");
	TEST_ASSERT_EQ(HV_GRP_ATU_MAJOR, 1, "ATU 1.1");
	TEST_ASSERT_EQ(HV_GRP_ATU_MINOR, 1, "ATU 1.1");
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_attr_bits(void)
{
	TEST_ASSERT_EQ(HV_PCI_MAP_ATTR_READ, 0x1, "R");
	TEST_ASSERT_EQ(HV_PCI_MAP_ATTR_WRITE, 0x2, "W");
	TEST_ASSERT_EQ(HV_PCI_MAP_ATTR_RELAXED_ORDER, 0x4, "L");
	TEST_ASSERT_EQ(HV_PCI_MAP_ATTR_PHANTOM_MASK, 0x3ULL << 4, "phantom 5:4");
	TEST_ASSERT_EQ(HV_PCI_MAP_ATTR_BDF_MASK, 0xffffULL << 16, "BDF 31:16");
	/* Each must-be-zero region individually: bit 3, 15:6, 63:32. */
	TEST_ASSERT(!sun4v_hv_abi_attrs_valid(1ULL << 3), "bit 3 is MBZ");
	for (unsigned int b = 6; b <= 15; b++)
		TEST_ASSERT(!sun4v_hv_abi_attrs_valid(1ULL << b), "bit %u MBZ", b);
	for (unsigned int b = 32; b <= 63; b++)
		TEST_ASSERT(!sun4v_hv_abi_attrs_valid(1ULL << b), "bit %u MBZ", b);
	TEST_ASSERT(sun4v_hv_abi_attrs_valid(0xffff0037ULL),
		    "R|W|L|phantom|BDF all legal");
	TEST_ASSERT_EQ(sun4v_hv_abi_attrs(HV_PCI_MAP_ATTR_RW, 0xffff),
		       0xffff0003ULL, "BDF at the top of its field");
	TEST_ASSERT_EQ(sun4v_hv_abi_attrs(0xff, 0), 0x7, "only R/W/L kept");
	TEST_ASSERT_EQ(sun4v_hv_abi_attrs_bdf(0xabcd0001ULL), 0xabcd, "bdf");
	TEST_ASSERT_EQ(HV_PCI_SYNC_FOR_DEVICE, 1, "sync for device");
	TEST_ASSERT_EQ(HV_PCI_SYNC_FOR_CPU, 2, "sync for cpu");
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_tsbid(void)
{
	TEST_ASSERT_EQ(sun4v_hv_abi_tsbid(0, 0), 0, "zero");
	TEST_ASSERT_EQ(sun4v_hv_abi_tsbid(0, 0xffffffffU), 0xffffffffULL,
		       "max index stays in 31:0");
	TEST_ASSERT_EQ(sun4v_hv_abi_tsbid(1, 0), 1ULL << 32, "tsbnum at 32");
	TEST_ASSERT_EQ(sun4v_hv_abi_tsbid(0xffffffffU, 0xffffffffU), UINT64_MAX,
		       "both fields full");
	TEST_ASSERT_EQ(sun4v_hv_abi_tsbid_tsbnum(0x123456789abcdef0ULL),
		       0x12345678, "tsbnum 63:32");
	TEST_ASSERT_EQ(sun4v_hv_abi_tsbid_index(0x123456789abcdef0ULL),
		       0x9abcdef0, "index 31:0");
	TEST_ASSERT_EQ(sun4v_hv_abi_tsbid_index(HV_LEGACY_NTTES - 1),
		       262143, "last legacy index");
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_index_count(void)
{
	uint64_t ic = sun4v_hv_abi_index_count(HV_INDEX_COUNT_MAX_COUNT,
					       HV_INDEX_COUNT_INDEX_MASK);

	TEST_ASSERT_EQ(ic, UINT64_MAX, "both fields at their maximum");
	TEST_ASSERT_EQ(sun4v_hv_abi_index_count_count(ic), 65535, "count max");
	TEST_ASSERT_EQ(sun4v_hv_abi_index_count_index(ic), (1ULL << 48) - 1,
		       "index max");
	ic = sun4v_hv_abi_index_count(1024, 5);
	TEST_ASSERT_EQ(ic, (1024ULL << 48) | 5, "Linux's (npages << 48) | entry");
	TEST_ASSERT_EQ(sun4v_hv_abi_index_count(0x10000, 0), 0,
		       "a 17-bit count is truncated, callers must check");
	TEST_ASSERT_EQ(sun4v_hv_abi_index_count(1, 1ULL << 48), 1ULL << 48,
		       "a 49-bit index does not leak into the count");
	TEST_ASSERT_EQ(HV_INDEX_COUNT_COUNT_SHIFT, 48, "count at 63:48");
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_pci_device(void)
{
	TEST_ASSERT_EQ(sun4v_hv_abi_pci_device(0xff, 0x1f, 7), 0x00ffff00ULL,
		       "all fields full");
	TEST_ASSERT_EQ(sun4v_hv_abi_pci_device(1, 0, 0), 0x10000, "bus 23:16");
	TEST_ASSERT_EQ(sun4v_hv_abi_pci_device(0, 1, 0), 0x800, "dev 15:11");
	TEST_ASSERT_EQ(sun4v_hv_abi_pci_device(0, 0, 1), 0x100, "fn 10:8");
	TEST_ASSERT_EQ(sun4v_hv_abi_pci_device(0x100, 0x20, 8), 0,
		       "out-of-range fields are masked");
	TEST_ASSERT_EQ(sun4v_hv_abi_pci_device_from_bdf(0x0301),
		       sun4v_hv_abi_pci_device(3, 0, 1), "BDF 03:00.1");
	TEST_ASSERT_EQ(sun4v_hv_abi_pci_device_bdf(0x00ffff00ULL), 0xffff,
		       "max BDF");
	TEST_ASSERT_EQ(sun4v_hv_abi_pci_device_bdf(0xff0000ffULL), 0,
		       "bits outside 23:8 ignored");
	TEST_ASSERT(sun4v_hv_abi_pci_device_valid(0x00ffff00ULL), "valid");
	TEST_ASSERT(!sun4v_hv_abi_pci_device_valid(0x01000000ULL), "bit 24");
	TEST_ASSERT(!sun4v_hv_abi_pci_device_valid(0x80ULL), "bit 7");
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_sizes_and_windows(void)
{
	TEST_ASSERT_EQ(HV_IO_PAGE_SHIFT, 13, "8 KB IO page");
	TEST_ASSERT_EQ(HV_IO_PAGE_SIZE, 8192, "8 KB IO page");
	TEST_ASSERT_EQ(HV_LEGACY_DVMA_BASE, 0x80000000ULL, "window base");
	TEST_ASSERT_EQ(HV_LEGACY_DVMA_SIZE, 0x80000000ULL, "window 2 GB");
	TEST_ASSERT_EQ(HV_LEGACY_NTTES, 262144, "262,144 TTEs");
	TEST_ASSERT_EQ(HV_PAGE_LIST_MAX_ENTRIES, 1024, "1024 per page list");
	TEST_ASSERT_EQ(HV_ATU_NB_RANGES, 4, "four address ranges");
	TEST_ASSERT_EQ(HV_ATU_64_SPACE_SIZE, 32ULL << 30, "32 GB");
	TEST_ASSERT(HV_ATU_RANGE2_BASE > 0xffffffffULL, "range 2 above 4 GB");
	TEST_ASSERT(HV_ATU_RANGE3_BASE > 0xffffffffULL, "range 3 above 4 GB");
	TEST_ASSERT(HV_ATU_RANGE0_BASE + HV_ATU_RANGE0_SIZE <= 0x100000000ULL,
		    "range 0 is 32-bit");
	TEST_ASSERT(HV_ATU_RANGE1_BASE + HV_ATU_RANGE1_SIZE <= 0x100000000ULL,
		    "range 1 is 32-bit");
	TEST_ASSERT_EQ(HV_IOTSB_MAX_TABLE_SIZE / HV_TTE_SIZE, 8ULL << 20,
		       "8 Mi IOTTEs max");
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_page_sizes(void)
{
	static const uint64_t bytes[HV_PGSZ_NB_IDX] = {
		8ULL << 10, 64ULL << 10, 512ULL << 10, 4ULL << 20,
		32ULL << 20, 256ULL << 20, 2ULL << 30, 16ULL << 30,
	};
	static const bool atu[HV_PGSZ_NB_IDX] = {
		true, true, false, true, false, true, true, true,
	};

	for (unsigned int i = 0; i < HV_PGSZ_NB_IDX; i++) {
		TEST_ASSERT_EQ(sun4v_hv_abi_pgsz_bytes(i), bytes[i], "idx %u", i);
		TEST_ASSERT_EQ(sun4v_hv_abi_pgsz_idx(bytes[i]), i, "idx %u", i);
		TEST_ASSERT_EQ(sun4v_hv_abi_atu_pgsz_supported(bytes[i]),
			       atu[i], "ATU support of idx %u", i);
	}
	TEST_ASSERT_EQ(sun4v_hv_abi_pgsz_bytes(HV_PGSZ_NB_IDX), 0, "past end");
	TEST_ASSERT_EQ(sun4v_hv_abi_pgsz_idx(4096), (uint64_t)-1, "4 KB");
	TEST_ASSERT_EQ(sun4v_hv_abi_pgsz_idx(0), (uint64_t)-1, "0");
	TEST_ASSERT_EQ(sun4v_hv_abi_pgsz_idx(8193), (uint64_t)-1, "8 KB + 1");
	TEST_ASSERT(!sun4v_hv_abi_atu_pgsz_supported(1ULL << 40), "1 TB");
	TEST_ASSERT_EQ(HV_PGSZ_MASK_8K, 0x01, "8K bit");
	TEST_ASSERT_EQ(HV_PGSZ_MASK_16GB, 0x80, "16G bit");
	TEST_ASSERT_EQ(HV_ATU_PGSZ_MASK, 0xeb, "8K,64K,4M,256M,2G,16G");
	return TEST_SUCCESS;
}

static int
test_sun4v_abi_bypass(void)
{
	TEST_ASSERT_EQ(sun4v_hv_abi_bypass_addr(0), HV_BYPASS_BASE, "RA 0");
	TEST_ASSERT_EQ(sun4v_hv_abi_bypass_addr(HV_BYPASS_RA_MASK), UINT64_MAX,
		       "largest RA");
	TEST_ASSERT(sun4v_hv_abi_is_bypass(HV_BYPASS_BASE), "base is bypass");
	TEST_ASSERT(!sun4v_hv_abi_is_bypass(HV_BYPASS_BASE - 1), "below");
	TEST_ASSERT(!sun4v_hv_abi_is_bypass(HV_ATU_RANGE3_BASE +
					    HV_ATU_RANGE3_SIZE - 1),
		    "ATU ranges are not bypass addresses");
	TEST_ASSERT_EQ(HV_BYPASS_BASE & HV_BYPASS_RA_MASK, 0, "disjoint");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_sun4v_abi_status_codes),
	TEST_CASE(test_sun4v_abi_function_numbers),
	TEST_CASE(test_sun4v_abi_api_groups),
	TEST_CASE(test_sun4v_abi_attr_bits),
	TEST_CASE(test_sun4v_abi_tsbid),
	TEST_CASE(test_sun4v_abi_index_count),
	TEST_CASE(test_sun4v_abi_pci_device),
	TEST_CASE(test_sun4v_abi_sizes_and_windows),
	TEST_CASE(test_sun4v_abi_page_sizes),
	TEST_CASE(test_sun4v_abi_bypass),
	{ NULL, NULL },
};

int
main(void)
{
	return test_run_cases("test_sun4v_abi", cases);
}
