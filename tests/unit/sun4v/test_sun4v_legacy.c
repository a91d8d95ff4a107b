/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Legacy PCI IOMMU services (doc/spec/sun4v-hv-api.md §2): success, every
 * documented error, partial progress, GETMAP return order, the no-flush
 * rule of MAP, capacity of the 2 GB window, GETBYPASS and DMA_SYNC.
 */
#include "sun4v_test_util.h"

static int
test_sun4v_legacy_map_getmap_order(void)
{
	struct t_env e;
	uint64_t n = 0, attrs = 0, ra = 0, args[5], rets[4];
	uint64_t a = sun4v_hv_abi_attrs(T_RW | HV_PCI_MAP_ATTR_RELAXED_ORDER,
					T_BDF0);
	struct sun4v_table_stats ts;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(10), 4, a,
					      t_list(&e, 0, 0, 4), &n),
		       HV_EOK, "map 4");
	TEST_ASSERT_EQ(n, 4, "all mapped");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getmap(e.p, e.dh, t_tsbid(11), &attrs,
						 &ra), HV_EOK, "getmap");
	TEST_ASSERT_EQ(attrs, a, "RET1 is the attributes");
	TEST_ASSERT_EQ(ra, t_page(&e, 1), "RET2 is the real address");
	/* Same through the raw fast trap: RET1 attrs, RET2 RA. */
	args[0] = e.dh;
	args[1] = t_tsbid(13);
	TEST_ASSERT_EQ(sun4v_hv_fast_trap(e.p, HV_FAST_PCI_IOMMU_GETMAP, args,
					  rets), HV_EOK, "trap getmap");
	TEST_ASSERT_EQ(rets[0], a, "trap RET1 attrs");
	TEST_ASSERT_EQ(rets[1], t_page(&e, 3), "trap RET2 RA");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, 0, &ts), "stats");
	TEST_ASSERT_EQ(ts.entries_in_use, 4, "in use");
	TEST_ASSERT_EQ(ts.entries, HV_LEGACY_NTTES, "262,144 entries");
	TEST_ASSERT_EQ(ts.page_size, HV_IO_PAGE_SIZE, "8 KB");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

/* One MAP call that must fail with @p want and map nothing. */
#define MAP_FAILS(e, tsbid, n, attrs, list, want, what)                      \
	do {                                                                 \
		uint64_t got_n_ = 99;                                        \
		TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map((e)->p, (e)->dh, tsbid, \
						      n, attrs, list,        \
						      &got_n_), want, what); \
		TEST_ASSERT_EQ(got_n_, 0, "nothing mapped: %s", what);       \
	} while (0)

static int
test_sun4v_legacy_map_errors(void)
{
	struct t_env e;
	struct sun4v_table_stats ts;
	uint64_t list, *l, end_page;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	list = t_list(&e, 0, 0, 8);
	l = (uint64_t *)(uintptr_t)list;
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh + 1, 0, 1, T_RW, list,
					      NULL), HV_EINVAL, "bad devhandle");
	MAP_FAILS(&e, sun4v_hv_abi_tsbid(1, 0), 1, T_RW, list, HV_EINVAL,
		  "tsbnum 1");
	MAP_FAILS(&e, t_tsbid(HV_LEGACY_NTTES), 1, T_RW, list, HV_EINVAL,
		  "index past the window");
	MAP_FAILS(&e, t_tsbid(HV_LEGACY_NTTES - 1), 2, T_RW, list, HV_EINVAL,
		  "run past the window");
	MAP_FAILS(&e, t_tsbid(0), 0, T_RW, list, HV_EINVAL, "#ttes 0");
	MAP_FAILS(&e, t_tsbid(0), 1, T_RW | (1ULL << 3), list, HV_EINVAL,
		  "MBZ bit 3");
	MAP_FAILS(&e, t_tsbid(0), 1, T_RW | (1ULL << 6), list, HV_EINVAL,
		  "MBZ bit 6");
	MAP_FAILS(&e, t_tsbid(0), 1, T_RW | (1ULL << 32), list, HV_EINVAL,
		  "MBZ bit 32");
	MAP_FAILS(&e, t_tsbid(0), 1, HV_PCI_MAP_ATTR_RELAXED_ORDER, list,
		  HV_EINVAL, "neither R nor W");
	MAP_FAILS(&e, t_tsbid(0), 1, T_RW, list + 4, HV_EBADALIGN,
		  "list not 8-byte aligned");
	MAP_FAILS(&e, t_tsbid(0), 1, T_RW, 0x1000, HV_ENORADDR,
		  "list not RAM");
	l[0] = t_page(&e, 0) + 512;
	MAP_FAILS(&e, t_tsbid(0), 1, T_RW, list, HV_EBADALIGN,
		  "page not 8 KB aligned");
	l[0] = 0x2000;
	MAP_FAILS(&e, t_tsbid(0), 1, T_RW, list, HV_ENORADDR, "page not RAM");
	/* Atomic per call: a bad entry anywhere in the first block maps nothing. */
	l[0] = t_page(&e, 0);
	l[5] = 0x4000;
	MAP_FAILS(&e, t_tsbid(0), 8, T_RW, list, HV_ENORADDR, "6th page bad");
	/* The last RAM page is fine; one page past the end is not. */
	end_page = t_ra(&e, T_RAM_SIZE - HV_IO_PAGE_SIZE);
	l[0] = end_page + HV_IO_PAGE_SIZE;
	MAP_FAILS(&e, t_tsbid(0), 1, T_RW, list, HV_ENORADDR, "page past RAM");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, 0, &ts), "stats");
	TEST_ASSERT_EQ(ts.entries_in_use, 0, "no error mapped anything");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_legacy_partial_progress(void)
{
	struct t_env e;
	struct sun4v_hv_call_stats cs;
	struct sun4v_table_stats ts;
	uint64_t n, done = 0, calls = 0, list, *l;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(e.p, 100), "cap");
	list = t_list(&e, 0, 0, 250);
	while (done < 250) {
		TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(done),
						      250 - done, T_RW,
						      list + done * 8, &n),
			       HV_EOK, "map");
		TEST_ASSERT(n > 0 && n <= 100, "progress %lu within cap",
			    (unsigned long)n);
		done += n;
		calls++;
	}
	TEST_ASSERT_EQ(calls, 3, "100 + 100 + 50");
	TEST_ASSERT_OK(sun4v_hv_call_stats_get(e.p, HV_FAST_PCI_IOMMU_MAP, &cs),
		       "call stats");
	TEST_ASSERT_EQ(cs.calls, 3, "counted calls");
	TEST_ASSERT_EQ(cs.ttes, 250, "counted TTEs");

	/* With a big cap, an error in the second 1024-block ends the call
	 * early with HV_EOK; the next call, starting there, reports it. */
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(e.p, 2048), "cap");
	list = t_list(&e, 2, 0, 1024);
	t_list(&e, 3, 0, 500);
	l = (uint64_t *)(uintptr_t)list;
	l[1200] = 0x6000;
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(1000), 1500,
					      T_RW, list, &n), HV_EOK, "first");
	TEST_ASSERT_EQ(n, 1024, "first block committed");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(2024), 476,
					      T_RW, list + 1024 * 8, &n),
		       HV_ENORADDR, "error reported by the next call");
	TEST_ASSERT_EQ(n, 0, "nothing more");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, 0, &ts), "stats");
	TEST_ASSERT_EQ(ts.entries_in_use, 250 + 1024, "in use");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_legacy_demap(void)
{
	struct t_env e;
	uint64_t n, attrs, ra, done = 0, calls = 0;
	struct sun4v_table_stats ts;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(0), 250, T_RW,
					      t_list(&e, 0, 0, 250), &n),
		       HV_EOK, "map");
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(e.p, 100), "cap");
	while (done < 300) { /* 50 of them were never mapped: legal */
		TEST_ASSERT_EQ(sun4v_hv_pci_iommu_demap(e.p, e.dh,
							t_tsbid(done),
							300 - done, &n),
			       HV_EOK, "demap");
		TEST_ASSERT(n > 0, "progress");
		done += n;
		calls++;
	}
	TEST_ASSERT_EQ(calls, 3, "capped at 100 per call");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getmap(e.p, e.dh, t_tsbid(5), &attrs,
						 &ra), HV_ENOMAP, "gone");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, 0, &ts), "stats");
	TEST_ASSERT_EQ(ts.entries_in_use, 0, "all demapped");
	TEST_ASSERT_EQ(ts.ttes_demapped, 300, "counted");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_demap(e.p, e.dh, t_tsbid(0), 0, &n),
		       HV_EINVAL, "#ttes 0");
	TEST_ASSERT_EQ(n, 0, "no progress on error");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_demap(e.p, e.dh,
						sun4v_hv_abi_tsbid(1, 0), 1, &n),
		       HV_EINVAL, "tsbnum");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_demap(e.p, e.dh,
						t_tsbid(HV_LEGACY_NTTES), 1, &n),
		       HV_EINVAL, "index");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_demap(e.p, 0x999, t_tsbid(0), 1, &n),
		       HV_EINVAL, "devhandle");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_legacy_getmap_errors(void)
{
	struct t_env e;
	uint64_t attrs = 1, ra = 1;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getmap(e.p, e.dh, t_tsbid(7), &attrs,
						 &ra), HV_ENOMAP, "unmapped");
	TEST_ASSERT_EQ(attrs, 0, "attrs cleared");
	TEST_ASSERT_EQ(ra, 0, "ra cleared");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getmap(e.p, e.dh,
						 sun4v_hv_abi_tsbid(2, 7),
						 &attrs, &ra), HV_EINVAL, "tsbnum");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getmap(e.p, e.dh, t_tsbid(1ULL << 20),
						 &attrs, &ra), HV_EINVAL, "index");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getmap(e.p, 7, t_tsbid(0), &attrs,
						 &ra), HV_EINVAL, "devhandle");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

/* Legacy MAP does not flush: a remap without DEMAP leaves the old
 * translation in the IOTLB until a DEMAP (facts §2). */
static int
test_sun4v_legacy_stale_iotlb_after_remap(void)
{
	struct t_env e;
	uint64_t n, *l, val = 0;
	struct sun4v_table_stats ts;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	*(uint64_t *)(uintptr_t)t_page(&e, 0) = 0xaaaa;
	*(uint64_t *)(uintptr_t)t_page(&e, 1) = 0xbbbb;
	l = (uint64_t *)(uintptr_t)t_list(&e, 0, 0, 1);
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(0), 1, T_RW,
					      (uint64_t)(uintptr_t)l, &n),
		       HV_EOK, "map A");
	TEST_ASSERT_OK(sun4v_dma_read(e.fn0, t_dvma(0), &val, 8), "read");
	TEST_ASSERT_EQ(val, 0xaaaa, "page A");
	l[0] = t_page(&e, 1);
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(0), 1, T_RW,
					      (uint64_t)(uintptr_t)l, &n),
		       HV_EOK, "remap to B without demap");
	TEST_ASSERT_OK(sun4v_dma_read(e.fn0, t_dvma(0), &val, 8), "read");
	TEST_ASSERT_EQ(val, 0xaaaa, "stale IOTLB entry still hits page A");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_demap(e.p, e.dh, t_tsbid(0), 1, &n),
		       HV_EOK, "demap");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(0), 1, T_RW,
					      (uint64_t)(uintptr_t)l, &n),
		       HV_EOK, "map B");
	TEST_ASSERT_OK(sun4v_dma_read(e.fn0, t_dvma(0), &val, 8), "read");
	TEST_ASSERT_EQ(val, 0xbbbb, "after demap+map: page B");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, 0, &ts), "stats");
	TEST_ASSERT_EQ(ts.iotlb_misses, 2, "first read and the read after demap");
	TEST_ASSERT_EQ(ts.iotlb_hits, 1, "the stale read");
	TEST_ASSERT_EQ(ts.iotlb_flushes, 1, "only DEMAP flushed");
	TEST_ASSERT_EQ(ts.iotlb_flushed, 1, "one entry invalidated");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

/* Fill the 2 GB window to exactly 262,144 TTEs; one more is refused; the
 * table is usable again after a demap. */
static int
test_sun4v_legacy_capacity(void)
{
	struct t_env e;
	uint64_t n, idx = 0, list, *l, calls = 0;
	struct sun4v_table_stats ts;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	list = t_list(&e, 0, 0, 1);
	l = (uint64_t *)(uintptr_t)list;
	for (unsigned int i = 1; i < HV_PAGE_LIST_MAX_ENTRIES; i++)
		l[i] = l[0]; /* aliasing one page is legal */
	while (idx < HV_LEGACY_NTTES) {
		TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(idx),
						      HV_PAGE_LIST_MAX_ENTRIES,
						      T_RW, list, &n),
			       HV_EOK, "map at %lu", (unsigned long)idx);
		idx += n;
		calls++;
	}
	TEST_ASSERT_EQ(calls, HV_LEGACY_NTTES / HV_PAGE_LIST_MAX_ENTRIES,
		       "256 calls of 1024");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, 0, &ts), "stats");
	TEST_ASSERT_EQ(ts.entries_in_use, HV_LEGACY_NTTES, "window full");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(idx), 1, T_RW,
					      list, &n), HV_EINVAL,
		       "entry 262,144 does not exist");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_demap(e.p, e.dh, t_tsbid(77), 1, &n),
		       HV_EOK, "free one");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(77), 1, T_RW,
					      list, &n), HV_EOK, "reuse it");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, 0, &ts), "stats");
	TEST_ASSERT_EQ(ts.entries_in_use, HV_LEGACY_NTTES, "full again");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_legacy_getbypass(void)
{
	struct t_env e;
	uint64_t io = 1;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getbypass(e.p, e.dh, t_page(&e, 3),
						    T_RW, &io), HV_EOK, "ok");
	TEST_ASSERT_EQ(io, HV_BYPASS_BASE | t_page(&e, 3), "encoding");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getbypass(e.p, 5, t_page(&e, 3), T_RW,
						    &io), HV_EINVAL, "devhandle");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getbypass(e.p, e.dh, t_page(&e, 3),
						    1ULL << 40, &io), HV_EINVAL,
		       "MBZ attrs");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getbypass(e.p, e.dh, 0x10000, T_RW,
						    &io), HV_ENORADDR, "not RAM");
	TEST_ASSERT_EQ(io, 0, "cleared on error");
	sun4v_platform_set_bypass_support(e.p, false);
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getbypass(e.p, e.dh, t_page(&e, 3),
						    T_RW, &io), HV_ENOTSUPPORTED,
		       "bypass off");
	TEST_ASSERT_EQ(sun4v_func_set_bypass(e.fn0, true), -ENOTSUP,
		       "cannot enter bypass");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_legacy_dma_sync(void)
{
	struct t_env e;
	uint64_t n = 0;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(sun4v_hv_pci_dma_sync(e.p, e.dh, t_page(&e, 0), 4096,
					     HV_PCI_SYNC_FOR_DEVICE, &n),
		       HV_EOK, "sync");
	TEST_ASSERT_EQ(n, 4096, "all synced");
	TEST_ASSERT_EQ(sun4v_hv_pci_dma_sync(e.p, e.dh, t_ra(&e, T_RAM_SIZE - 100),
					     4096, HV_PCI_SYNC_FOR_CPU, &n),
		       HV_EOK, "sync at RAM end");
	TEST_ASSERT_EQ(n, 100, "partial: up to the end of RAM");
	TEST_ASSERT_EQ(sun4v_hv_pci_dma_sync(e.p, e.dh, 0x10000, 8,
					     HV_PCI_SYNC_FOR_CPU, &n),
		       HV_ENORADDR, "not RAM");
	TEST_ASSERT_EQ(sun4v_hv_pci_dma_sync(e.p, e.dh, t_page(&e, 0), 8, 0, &n),
		       HV_EINVAL, "direction 0");
	TEST_ASSERT_EQ(sun4v_hv_pci_dma_sync(e.p, e.dh, t_page(&e, 0), 8, 4, &n),
		       HV_EINVAL, "direction 4");
	TEST_ASSERT_EQ(sun4v_hv_pci_dma_sync(e.p, 1, t_page(&e, 0), 8, 1, &n),
		       HV_EINVAL, "devhandle");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_sun4v_legacy_map_getmap_order),
	TEST_CASE(test_sun4v_legacy_map_errors),
	TEST_CASE(test_sun4v_legacy_partial_progress),
	TEST_CASE(test_sun4v_legacy_demap),
	TEST_CASE(test_sun4v_legacy_getmap_errors),
	TEST_CASE(test_sun4v_legacy_stale_iotlb_after_remap),
	TEST_CASE(test_sun4v_legacy_capacity),
	TEST_CASE(test_sun4v_legacy_getbypass),
	TEST_CASE(test_sun4v_legacy_dma_sync),
	{ NULL, NULL },
};

int
main(void)
{
	return test_run_cases("test_sun4v_legacy", cases);
}
