/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness: argument validation of every simulated hypervisor call
 * (doc/spec/sun4v-hv-api.md), through sun4v_hv_fast_trap() with fuzzed
 * function numbers and arguments, interleaved with device DMA, RAM
 * (un)registration and function reset/bypass, on a small platform built
 * afresh for every input (so a crash reproduces from its input alone).
 *
 * Each argument is drawn raw, small, as an address inside guest RAM, or
 * from a table of meaningful values (devhandles, the last IOTSB handle,
 * pci_device words, page sizes, window bases, packed index_counts), so
 * the fuzzer gets past the first checks into the real work.
 *
 * Invariants (spec §1): the status is a defined HV code; unsimulated PCI
 * services answer HV_ENOTSUPPORTED and unknown numbers HV_EBADTRAP; MAP,
 * DEMAP and SYNC return a count of 0 with an error, or 1..requested (and
 * at most the map cap) with HV_EOK; device DMA returns 0 or the
 * documented errno.  ASan/UBSan check memory and arithmetic throughout.
 */
#include <errno.h>
#include <string.h>

#include <hw/sun4v_hv_abi.h>

#include "fuzz_util.h"
#include "sun4v_dma.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"

#define RAM_SIZE (1u << 20)
#define RAM2_SIZE (64u << 10)
#define MAX_OPS 64
#define MAP_CAP 16

static const uint64_t services[] = {
	HV_FAST_PCI_IOMMU_MAP, HV_FAST_PCI_IOMMU_DEMAP, HV_FAST_PCI_IOMMU_GETMAP,
	HV_FAST_PCI_IOMMU_GETBYPASS, HV_FAST_PCI_CONFIG_GET, HV_FAST_PCI_CONFIG_PUT,
	HV_FAST_PCI_PEEK, HV_FAST_PCI_POKE, HV_FAST_PCI_DMA_SYNC,
	HV_FAST_PCI_IOTSB_CONF, HV_FAST_PCI_IOTSB_INFO, HV_FAST_PCI_IOTSB_UNCONF,
	HV_FAST_PCI_IOTSB_BIND, HV_FAST_PCI_IOTSB_UNBIND,
	HV_FAST_PCI_IOTSB_GET_BINDING, HV_FAST_PCI_IOTSB_MAP,
	HV_FAST_PCI_IOTSB_MAP_ONE, HV_FAST_PCI_IOTSB_DEMAP,
	HV_FAST_PCI_IOTSB_GETMAP, HV_FAST_PCI_IOTSB_SYNC_MAPPINGS,
};
#define NB_SERVICES (sizeof(services) / sizeof(services[0]))

struct hv_state {
	struct sun4v_platform *p;
	struct sun4v_func *fn[3];
	uint8_t *ram;
	uint8_t *ram2;
	bool ram2_on;
	uint64_t handle;      /* last handle IOTSB_CONF returned */
	uint64_t legacy;      /* legacy window base */
	uint64_t now;
};

static uint64_t
clock_cb(void *arg)
{
	return *(const uint64_t *)arg;
}

static void
quiet(void *arg, enum sun4v_log_level level, const char *msg)
{
	(void)arg;
	(void)level;
	(void)msg;
}

static uint64_t
ram_addr(const struct hv_state *s, uint32_t v)
{
	uint64_t off = v % RAM_SIZE;

	if ((v & 0x80000000u) == 0)
		off &= ~(uint64_t)HV_IO_PAGE_MASK;
	return (uint64_t)(uintptr_t)s->ram + off;
}

static uint64_t
meaningful(const struct hv_state *s, struct fz *f)
{
	uint8_t k = fz_u8(f), x = fz_u8(f);

	switch (k % 16) {
	case 0: return 0x200;                                   /* rc 0 */
	case 1: return 0x300;                                   /* rc 1 */
	case 2: return s->handle;
	case 3: return s->handle + (uint64_t)(x & 3) - 1;       /* near misses */
	case 4: return sun4v_hv_abi_pci_device_from_bdf(x & 1 ? 0x0301 : 0x0300);
	case 5: return sun4v_hv_abi_pci_device_from_bdf(0x0500);
	case 6: return sun4v_hv_abi_attrs(HV_PCI_MAP_ATTR_RW | (x & 4),
					  x & 8 ? 0x0300 : 0);
	case 7: return sun4v_hv_abi_pgsz_bytes(x % HV_PGSZ_NB_IDX);
	case 8: return HV_ATU_RANGE3_BASE + ((uint64_t)x << 13);
	case 9: return HV_ATU_RANGE2_BASE;
	case 10: return s->legacy + ((uint64_t)x << 13);
	case 11: return sun4v_hv_abi_index_count(1 + (x & 31), x >> 5);
	case 12: return sun4v_hv_abi_tsbid(0, x);
	case 13: return sun4v_hv_abi_bypass_addr(ram_addr(s, x * 8192u));
	case 14: return (uint64_t)x << 13;                      /* table sizes */
	default: return (uint64_t)(uintptr_t)s->ram2 + ((uint64_t)x << 13);
	}
}

static uint64_t
arg(const struct hv_state *s, struct fz *f, unsigned int kind)
{
	switch (kind & 3) {
	case 0: return fz_u64(f);
	case 1: return fz_u8(f);
	case 2: return ram_addr(s, fz_u32(f));
	default: return meaningful(s, f);
	}
}

static bool
hv_status_ok(uint64_t st)
{
	return st <= HV_EBUSY || st == HV_EUNAVAILABLE;
}

/* Requested count of a counting service, 0 if @p fn counts nothing. */
static uint64_t
requested(uint64_t fn, const uint64_t a[5])
{
	switch (fn) {
	case HV_FAST_PCI_IOMMU_MAP:
	case HV_FAST_PCI_IOMMU_DEMAP:
		return a[2];
	case HV_FAST_PCI_IOTSB_MAP:
		return sun4v_hv_abi_index_count_count(a[2]);
	case HV_FAST_PCI_IOTSB_DEMAP:
	case HV_FAST_PCI_IOTSB_SYNC_MAPPINGS:
		return a[3];
	default:
		return 0;
	}
}

static void
hv_call(struct hv_state *s, struct fz *f, uint8_t sel)
{
	uint64_t a[5], r[4] = { ~0ULL, ~0ULL, ~0ULL, ~0ULL }, fn, st, want;
	uint16_t kinds = fz_u16(f);

	fn = sel < NB_SERVICES ? services[sel] : fz_u64(f);
	for (unsigned int i = 0; i < 5; i++)
		a[i] = arg(s, f, kinds >> (2 * i));
	st = sun4v_hv_fast_trap(s->p, fn, a, r);
	if (fz_trace())
		fprintf(stderr, "hv 0x%llx(0x%llx, 0x%llx, 0x%llx, 0x%llx, 0x%llx) = %llu,"
			" 0x%llx\n", (unsigned long long)fn, (unsigned long long)a[0],
			(unsigned long long)a[1], (unsigned long long)a[2],
			(unsigned long long)a[3], (unsigned long long)a[4],
			(unsigned long long)st, (unsigned long long)r[0]);
	FZ_CHECK(hv_status_ok(st), "fn 0x%llx status %llu", (unsigned long long)fn,
		 (unsigned long long)st);
	if (fn >= HV_FAST_PCI_CONFIG_GET && fn <= HV_FAST_PCI_POKE)
		FZ_CHECK(st == HV_ENOTSUPPORTED, "unsimulated 0x%llx: %llu",
			 (unsigned long long)fn, (unsigned long long)st);
	else if (fn != HV_FAST_PCI_IOMMU_MAP && fn != HV_FAST_PCI_IOMMU_DEMAP &&
		 fn != HV_FAST_PCI_IOMMU_GETMAP && fn != HV_FAST_PCI_IOMMU_GETBYPASS &&
		 fn != HV_FAST_PCI_DMA_SYNC &&
		 (fn < HV_FAST_PCI_IOTSB_FIRST || fn > HV_FAST_PCI_IOTSB_LAST))
		FZ_CHECK(st == HV_EBADTRAP, "unknown 0x%llx: %llu",
			 (unsigned long long)fn, (unsigned long long)st);
	want = requested(fn, a);
	if (want != 0 || fn == HV_FAST_PCI_DMA_SYNC) {
		FZ_CHECK(st == HV_EOK ? r[0] >= 1 : r[0] == 0,
			 "fn 0x%llx status %llu count %llu", (unsigned long long)fn,
			 (unsigned long long)st, (unsigned long long)r[0]);
		FZ_CHECK(fn == HV_FAST_PCI_DMA_SYNC || st != HV_EOK ||
			 (r[0] <= want && r[0] <= MAP_CAP),
			 "fn 0x%llx did %llu of %llu", (unsigned long long)fn,
			 (unsigned long long)r[0], (unsigned long long)want);
	}
	if (fn == HV_FAST_PCI_IOTSB_CONF && st == HV_EOK)
		s->handle = r[0];
}

static void
dma(struct hv_state *s, struct fz *f)
{
	static uint8_t buf[32768];
	struct sun4v_func *fn = s->fn[fz_u8(f) % 3];
	uint64_t dvma = arg(s, f, 3 - (fz_u8(f) & 1));
	size_t len = fz_u16(f) % sizeof(buf);
	int rc;

	s->now += 1000;
	rc = fz_u8(f) & 1 ? sun4v_dma_write(fn, dvma, buf, len) :
			    sun4v_dma_read(fn, dvma, buf, len);
	if (fz_trace())
		fprintf(stderr, "dma %02x:%02x.%x 0x%llx +%zu = %d\n",
			sun4v_func_bdf(fn) >> 8, (sun4v_func_bdf(fn) >> 3) & 0x1f,
			sun4v_func_bdf(fn) & 7, (unsigned long long)dvma, len, rc);
	FZ_CHECK(rc == 0 || rc == -EFAULT || rc == -EACCES || rc == -EPERM,
		 "dma rc %d", rc);
}

/* Fill @p n page-list entries at RAM page @p at with RAs of RAM (or ram2)
 * pages from @p first on: the only way valid lists get into guest RAM. */
static void
fill_list(struct hv_state *s, struct fz *f, bool second)
{
	uint32_t at = fz_u8(f) % (RAM_SIZE / HV_IO_PAGE_SIZE);
	uint32_t n = fz_u8(f), first = fz_u8(f);
	uint64_t *list = (uint64_t *)(s->ram + (uint64_t)at * HV_IO_PAGE_SIZE);
	uint8_t *base = second ? s->ram2 : s->ram;

	for (uint32_t i = 0; i < n && i < HV_PAGE_LIST_MAX_ENTRIES; i++)
		list[i] = (uint64_t)(uintptr_t)base + (uint64_t)(first + i) * HV_IO_PAGE_SIZE;
}

static void
misc(struct hv_state *s, struct fz *f)
{
	uint8_t k = fz_u8(f);
	struct sun4v_func *fn = s->fn[(k >> 4) % 3];
	int rc;

	switch (k & 7) {
	case 0:
		rc = s->ram2_on ? sun4v_mem_unregister(s->p, s->ram2, RAM2_SIZE) :
				  sun4v_mem_register(s->p, s->ram2, RAM2_SIZE);
		FZ_CHECK(rc == 0 || rc == -EBUSY, "ram2 toggle %d", rc);
		if (rc == 0)
			s->ram2_on = !s->ram2_on;
		break;
	case 1:
		FZ_CHECK(sun4v_func_reset(fn) == 0, "reset");
		break;
	case 2:
		rc = sun4v_func_set_bypass(fn, (k & 8) != 0);
		FZ_CHECK(rc == 0 || rc == -ENOTSUP, "bypass %d", rc);
		break;
	case 3:
		s->now += (uint64_t)fz_u32(f) << 8;
		break;
	case 4:
	case 5:
		fill_list(s, f, (k & 7) == 5);
		break;
	case 6:
		rc = sun4v_platform_set_map_cap(s->p, 1 + fz_u8(f) % MAP_CAP);
		FZ_CHECK(rc == 0, "map cap %d", rc);
		break;
	default:
		sun4v_platform_set_bypass_support(s->p, (k & 8) != 0);
		break;
	}
}

static int
setup(struct hv_state *s, struct fz *f)
{
	struct sun4v_platform_conf c = {
		.nb_rc = 2, .empty_fabric = true,
		.legacy_size = 8u << 20, .iotlb_entries = 4, .map_cap = MAP_CAP,
		.max_iotsbs = 4, .fault_log_burst = 1, .quarantine_faults = 8,
	};
	int bridge;

	/* A moved window (still inside 2..4 GB, clear of the ATU ranges). */
	if (fz_u8(f) & 1)
		c.legacy_base = 0xc0000000;
	s->legacy = c.legacy_base != 0 ? c.legacy_base : HV_LEGACY_DVMA_BASE;
	if (sun4v_platform_create(&c, &s->p) != 0)
		return -1;
	sun4v_platform_set_log_sink(s->p, quiet, NULL);
	sun4v_platform_set_clock(s->p, clock_cb, &s->now);
	bridge = sun4v_fabric_add_bridge(s->p, 0, -1, false, "no-acs");
	if (bridge < 0 ||
	    sun4v_fabric_add_function(s->p, 0, bridge, 0x0300, &s->fn[0]) != 0 ||
	    sun4v_fabric_add_function(s->p, 0, bridge, 0x0301, &s->fn[1]) != 0 ||
	    sun4v_fabric_add_function(s->p, 1, -1, 0x0500, &s->fn[2]) != 0)
		return -1;
	memset(s->ram, 0, RAM_SIZE);
	memset(s->ram2, 0, RAM2_SIZE);
	if (sun4v_mem_register(s->p, s->ram, RAM_SIZE) != 0)
		return -1;
	s->ram2_on = false;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram, *ram2;
	struct hv_state s = { .now = 1000000000ULL };
	struct fz f = { data, size };

	if (ram == NULL) {
		ram = aligned_alloc(1u << 20, RAM_SIZE);
		ram2 = aligned_alloc(RAM2_SIZE, RAM2_SIZE);
		if (ram == NULL || ram2 == NULL)
			abort();
	}
	s.ram = ram;
	s.ram2 = ram2;
	FZ_CHECK(setup(&s, &f) == 0, "platform setup");
	for (unsigned int op = 0; op < MAX_OPS && !fz_empty(&f); op++) {
		uint8_t sel = fz_u8(&f);

		if (sel < 0xc0)
			hv_call(&s, &f, sel % (NB_SERVICES + 1));
		else if (sel < 0xf0)
			dma(&s, &f);
		else
			misc(&s, &f);
	}
	sun4v_platform_destroy(s.p);
	return 0;
}
