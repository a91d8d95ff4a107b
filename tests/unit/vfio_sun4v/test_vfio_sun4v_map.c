/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v map/unmap: errno mapping, windows and page-size policy,
 * 1024-entry batching, partial progress, exact-match unmap, fast path,
 * rollback, capacity of the legacy window.
 */
#include <errno.h>
#include <stdlib.h>

#include "v4_test.h"

#define PG HV_IO_PAGE_SIZE
#define RW (VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE)

static int
test_vfio_sun4v_hv_errno_table(void)
{
	static const struct { uint64_t hv; int err; } tab[] = {
		{ HV_EOK, 0 }, { HV_EINVAL, -EINVAL }, { HV_EBADALIGN, -EINVAL },
		{ HV_EBADPGSZ, -EINVAL }, { HV_EBADTSB, -EINVAL },
		{ HV_ENORADDR, -EFAULT }, { HV_ENOMAP, -ENOENT },
		{ HV_ETOOMANY, -ENOSPC }, { HV_EBUSY, -EBUSY },
		{ HV_ENOACCESS, -EACCES }, { HV_ENOTSUPPORTED, -ENOTSUP },
		{ HV_EBADTRAP, -ENOTSUP }, { HV_EIO, -EIO },
		{ HV_EWOULDBLOCK, -EAGAIN }, { HV_EUNAVAILABLE, -EAGAIN },
		{ HV_ECPUERROR, -EIO }, { 12345, -EIO },
	};

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		TEST_ASSERT_EQ(vfio_sun4v_hv_errno(tab[i].hv), tab[i].err,
			       "HV status %u", (unsigned int)tab[i].hv);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_atu_windows_lazy(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_info info;
	struct vfio_sun4v_window w;
	struct v4t t;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 64 * V4T_MB, 64 * V4T_KB), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_ATU, &c), "container");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.type, VFIO_SUN4V_IOMMU_ATU, "type");
	TEST_ASSERT_EQ(info.nb_windows, 6, "one window per ATU page size");
	TEST_ASSERT_EQ(info.page_sizes,
		       8 * V4T_KB | 64 * V4T_KB | 4 * V4T_MB | 256 * V4T_MB |
		       2 * V4T_GB | 16 * V4T_GB, "VFIO-style page-size bitmap");
	for (unsigned int i = 0; i < info.nb_windows; i++) {
		const struct vfio_sun4v_window *wi = &info.windows[i];

		TEST_ASSERT(!wi->configured, "window %u configured before use", i);
		TEST_ASSERT_EQ(wi->iova_base % wi->iova_size, 0, "aligned window %u", i);
		TEST_ASSERT_EQ(wi->entries_total, wi->iova_size / wi->page_size, "entries");
		TEST_ASSERT(wi->iova_base >= HV_ATU_RANGE3_BASE &&
			    wi->iova_base + wi->iova_size <=
			    HV_ATU_RANGE3_BASE + HV_ATU_RANGE3_SIZE, "in range 3");
		if (i > 0)
			TEST_ASSERT(wi->page_size > info.windows[i - 1].page_size,
				    "ascending page sizes");
	}
	TEST_ASSERT_EQ(info.windows[0].iova_base, HV_ATU_RANGE3_BASE, "8K window at range base");
	TEST_ASSERT_EQ(info.windows[0].iova_size, HV_ATU_64_SPACE_SIZE, "8K window 32 GB");

	/* First map into the 64K window configures only that IOTSB. */
	TEST_ASSERT_OK(v4t_window(c, 64 * V4T_KB, &w), "64K window");
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, w.iova_base, 64 * V4T_KB, RW), "map");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT(info.windows[1].configured && info.windows[1].iotsb_handle != 0,
		    "64K window configured");
	TEST_ASSERT(!info.windows[0].configured, "8K window still not configured");
	TEST_ASSERT_EQ(info.windows[1].entries_used, 1, "one 64K entry");
	TEST_ASSERT_EQ(info.entries_used, 1, "total used");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_page_size_choice(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct v4t t;
	uint64_t ps = 0;
	uint8_t *b;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 512 * V4T_MB, 256 * V4T_MB), "setup");
	b = t.buf; /* 256 MB aligned */
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_ATU, &c), "container");

	TEST_ASSERT_OK(vfio_sun4v_pick_page_size(c, b, 256 * V4T_MB, &ps), "256M");
	TEST_ASSERT_EQ(ps, 256 * V4T_MB, "largest size both allow");
	TEST_ASSERT_OK(vfio_sun4v_pick_page_size(c, b, 512 * V4T_MB, &ps), "512M");
	TEST_ASSERT_EQ(ps, 256 * V4T_MB, "two 256M pages, not 2G (alignment)");
	TEST_ASSERT_OK(vfio_sun4v_pick_page_size(c, b, 260 * V4T_MB, &ps), "260M");
	TEST_ASSERT_EQ(ps, 4 * V4T_MB, "length limits to 4M");
	TEST_ASSERT_OK(vfio_sun4v_pick_page_size(c, b + 4 * V4T_MB, 256 * V4T_MB, &ps), "off 4M");
	TEST_ASSERT_EQ(ps, 4 * V4T_MB, "vaddr alignment limits to 4M");
	TEST_ASSERT_OK(vfio_sun4v_pick_page_size(c, b + 64 * V4T_KB, 128 * V4T_KB, &ps), "64K");
	TEST_ASSERT_EQ(ps, 64 * V4T_KB, "64K");
	TEST_ASSERT_OK(vfio_sun4v_pick_page_size(c, b + PG, 3 * 64 * V4T_KB, &ps), "8K");
	TEST_ASSERT_EQ(ps, PG, "8K vaddr");
	TEST_ASSERT_EQ(vfio_sun4v_pick_page_size(c, b + 1, PG, &ps), -EINVAL, "unaligned");
	TEST_ASSERT_EQ(vfio_sun4v_pick_page_size(c, b, 100, &ps), -EINVAL, "short len");

	/* The window decides the page size; misalignment for it is refused. */
	{
		struct vfio_sun4v_window w4m, w256;

		TEST_ASSERT_OK(v4t_window(c, 4 * V4T_MB, &w4m), "4M window");
		TEST_ASSERT_OK(v4t_window(c, 256 * V4T_MB, &w256), "256M window");
		TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, b, w256.iova_base, 4 * V4T_MB, RW),
			       -EINVAL, "4M length in the 256M window");
		TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, b + PG, w4m.iova_base, 4 * V4T_MB, RW),
			       -EINVAL, "8K-aligned vaddr in the 4M window");
		TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, b, w4m.iova_base + PG, 4 * V4T_MB, RW),
			       -EINVAL, "8K-aligned iova in the 4M window");
		TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, b, w4m.iova_base + w4m.iova_size - 4 * V4T_MB,
						  8 * V4T_MB, RW),
			       -ERANGE, "crosses the window end");
		TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, b, 0x1000000000000ULL, PG, RW),
			       -ERANGE, "outside every window");
	}
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/* A 256 MB IO page: one TTE, and the device reaches deep into it. */
static int
test_vfio_sun4v_huge_page_dma(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window w;
	struct vfio_sun4v_stats st;
	struct v4t t;
	const char msg[] = "through one 256 MB IOTTE";
	char back[sizeof(msg)] = { 0 };
	uint64_t off = 200 * V4T_MB + 12345, calls;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 512 * V4T_MB, 256 * V4T_MB), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_ATU, &c), "container");
	TEST_ASSERT_OK(v4t_window(c, 256 * V4T_MB, &w), "256M window");
	calls = v4t_hv_calls(t.p, HV_FAST_PCI_IOTSB_MAP) +
		v4t_hv_calls(t.p, HV_FAST_PCI_IOTSB_MAP_ONE);
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, w.iova_base + 256 * V4T_MB,
					  512 * V4T_MB, RW), "map 2 x 256M");
	TEST_ASSERT_EQ(v4t_hv_calls(t.p, HV_FAST_PCI_IOTSB_MAP) +
		       v4t_hv_calls(t.p, HV_FAST_PCI_IOTSB_MAP_ONE) - calls, 1,
		       "one hypercall for two huge pages");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.hv_map_ttes, 2, "two TTEs");
	TEST_ASSERT_OK(v4t_window(c, 256 * V4T_MB, &w), "refresh");
	TEST_ASSERT_EQ(v4t_atu_ra(t.p, v4t_devhandle(c), &w, w.iova_base + 512 * V4T_MB),
		       (uint64_t)(uintptr_t)(t.buf + 256 * V4T_MB), "GETMAP of page 2");
	TEST_ASSERT_OK(sun4v_dma_write(t.a, w.iova_base + 256 * V4T_MB + off, msg,
				       sizeof(msg)), "device write");
	TEST_ASSERT(memcmp(t.buf + off, msg, sizeof(msg)) == 0, "landed at vaddr + off");
	TEST_ASSERT_OK(sun4v_dma_read(t.a, w.iova_base + 256 * V4T_MB + off, back,
				      sizeof(back)), "device read");
	TEST_ASSERT(memcmp(back, msg, sizeof(msg)) == 0, "read back");
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(c, w.iova_base + 256 * V4T_MB, 512 * V4T_MB),
		       "unmap");
	TEST_ASSERT_NE(sun4v_dma_read(t.a, w.iova_base + 256 * V4T_MB + off, back,
				      sizeof(back)), 0, "unmapped: device faults");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/* Batches of at most 1024 TTEs even when the hypervisor would take more. */
static int
batching_case(enum vfio_sun4v_iommu_type type, uint64_t map_fn, uint64_t iova)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_stats st;
	struct vfio_sun4v_window w;
	struct v4t t;
	uint64_t before;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 64 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(t.p, 65535), "cap");
	TEST_ASSERT_OK(v4t_container(&t, t.a, type, &c), "container");
	TEST_ASSERT_OK(v4t_window(c, PG, &w), "8K window");
	if (iova == 0)
		iova = w.iova_base;
	before = v4t_hv_calls(t.p, map_fn);
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, iova, 3000 * PG, RW), "map 3000");
	TEST_ASSERT_EQ(v4t_hv_calls(t.p, map_fn) - before, 3, "1024 + 1024 + 952");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.hv_map_calls, 3, "container counts the calls");
	TEST_ASSERT_EQ(st.hv_map_ttes, 3000, "and the TTEs");
	TEST_ASSERT_EQ(st.iotsb_entries_used, 3000, "entries in use");
	TEST_ASSERT_OK(v4t_window(c, PG, &w), "refresh");
	for (uint64_t k = 0; k < 3000; k += 999) {
		uint64_t ra = type == VFIO_SUN4V_IOMMU_LEGACY ?
			v4t_legacy_ra(t.p, v4t_devhandle(c), w.iova_base, iova + k * PG) :
			v4t_atu_ra(t.p, v4t_devhandle(c), &w, iova + k * PG);

		TEST_ASSERT_EQ(ra, (uint64_t)(uintptr_t)(t.buf + k * PG), "page %u",
			       (unsigned int)k);
	}
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(c, iova, 3000 * PG), "unmap");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.hv_demap_ttes, 3000, "demapped");
	TEST_ASSERT_EQ(st.iotsb_entries_used, 0, "none in use");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_batching_1024_legacy(void)
{
	return batching_case(VFIO_SUN4V_IOMMU_LEGACY, HV_FAST_PCI_IOMMU_MAP,
			     HV_LEGACY_DVMA_BASE + 64 * PG);
}

static int
test_vfio_sun4v_batching_1024_atu(void)
{
	return batching_case(VFIO_SUN4V_IOMMU_ATU, HV_FAST_PCI_IOTSB_MAP, 0);
}

/* The hypervisor maps at most map_cap per call: the loop re-issues. */
static int
test_vfio_sun4v_partial_progress_loop(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_stats st;
	struct v4t t;
	uint64_t base = HV_LEGACY_DVMA_BASE, before;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 64 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(t.p, 100), "cap 100");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_LEGACY, &c), "container");
	before = v4t_hv_calls(t.p, HV_FAST_PCI_IOMMU_MAP);
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, base, 1000 * PG, RW), "map 1000");
	TEST_ASSERT_EQ(v4t_hv_calls(t.p, HV_FAST_PCI_IOMMU_MAP) - before, 10, "10 x 100");
	for (uint64_t k = 0; k < 1000; k++)
		TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), base, base + k * PG),
			       (uint64_t)(uintptr_t)(t.buf + k * PG), "page %u",
			       (unsigned int)k);
	/* A cap that does not divide 1024: 2000 pages = 1024 + 976. */
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(t.p, 7), "cap 7");
	before = v4t_hv_calls(t.p, HV_FAST_PCI_IOMMU_MAP);
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, base + 1000 * PG, 2000 * PG, RW),
		       "map 2000");
	TEST_ASSERT_EQ(v4t_hv_calls(t.p, HV_FAST_PCI_IOMMU_MAP) - before,
		       (1024 + 6) / 7 + (976 + 6) / 7, "ceil per list");
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), base, base + 2999 * PG),
		       (uint64_t)(uintptr_t)(t.buf + 1999 * PG), "last page");
	/* Demap is capped too and also loops. */
	before = v4t_hv_calls(t.p, HV_FAST_PCI_IOMMU_DEMAP);
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(c, base, 1000 * PG), "unmap");
	TEST_ASSERT_EQ(v4t_hv_calls(t.p, HV_FAST_PCI_IOMMU_DEMAP) - before,
		       (1000 + 6) / 7, "demap loop");
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), base, base + 999 * PG), 0, "gone");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.hv_map_ttes, 3000, "ttes mapped");
	TEST_ASSERT_EQ(st.hv_demap_ttes, 1000, "ttes demapped");
	TEST_ASSERT_EQ(st.hv_zero_progress, 0, "always progressed");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/* SPDK #1705: an unmap must name exactly one whole mapping. */
static int
test_vfio_sun4v_unmap_mismatch_refused(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_info info;
	struct v4t t;
	uint64_t x = HV_LEGACY_DVMA_BASE + 16 * PG;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 64 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_LEGACY, &c), "container");
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, x, 4 * PG, RW), "map A");
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf + 4 * PG, x + 4 * PG, 4 * PG, RW),
		       "map B, adjacent");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, x, 2 * PG), -EINVAL, "head of A");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, x + PG, PG), -ENOENT, "middle of A");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, x, 8 * PG), -EINVAL, "A and B at once");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, x, 5 * PG), -EINVAL, "A plus a page");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, x - PG, 2 * PG), -ENOENT, "before A");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, x, 4 * PG + 1), -EINVAL, "odd length");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, x, 0), -EINVAL, "zero length");
	/* Nothing was demapped by the refused calls. */
	for (uint64_t k = 0; k < 8; k++)
		TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), HV_LEGACY_DVMA_BASE, x + k * PG),
			       (uint64_t)(uintptr_t)(t.buf + k * PG), "page %u intact",
			       (unsigned int)k);
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(c, x, 4 * PG), "exact A");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, x, 4 * PG), -ENOENT, "A twice");
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), HV_LEGACY_DVMA_BASE, x), 0, "A gone");
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), HV_LEGACY_DVMA_BASE, x + 4 * PG),
		       (uint64_t)(uintptr_t)(t.buf + 4 * PG), "B intact");
	/* Overlapping map is refused and changes nothing. */
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, x + 2 * PG, 4 * PG, RW), -EEXIST,
		       "overlaps B");
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), HV_LEGACY_DVMA_BASE, x + 2 * PG), 0,
		       "no partial map");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.entries_used, 4, "only B");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_page(c, x + 4 * PG), -EINVAL,
		       "unmap_page of a 4-page mapping is a mismatch");
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(c, x + 4 * PG, 4 * PG), "exact B");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/* Fast path: one 8 KB page, one hypercall, both table kinds. */
static int
fast_path_case(enum vfio_sun4v_iommu_type type, uint64_t map_fn,
	       uint64_t demap_fn)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window w;
	struct v4t t;
	uint64_t before_map, before_demap, iova;
	char byte = 0x5a;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, type, &c), "container");
	TEST_ASSERT_OK(v4t_window(c, PG, &w), "8K window");
	iova = w.iova_base + 100 * PG;
	/* Warm-up configures the ATU IOTSB lazily; count from here. */
	TEST_ASSERT_OK(vfio_sun4v_map_page(c, t.buf, w.iova_base, RW), "warm-up");
	before_map = v4t_hv_calls(t.p, map_fn);
	before_demap = v4t_hv_calls(t.p, demap_fn);
	for (int i = 0; i < 100; i++) {
		TEST_ASSERT_OK(vfio_sun4v_map_page(c, t.buf + PG, iova, RW), "map %d", i);
		TEST_ASSERT_OK(sun4v_dma_write(t.a, iova + 7, &byte, 1), "dma %d", i);
		TEST_ASSERT_OK(vfio_sun4v_unmap_page(c, iova), "unmap %d", i);
	}
	TEST_ASSERT_EQ(v4t_hv_calls(t.p, map_fn) - before_map, 100, "one map call each");
	TEST_ASSERT_EQ(v4t_hv_calls(t.p, demap_fn) - before_demap, 100,
		       "one demap call each");
	TEST_ASSERT_EQ(t.buf[PG + 7], 0x5a, "device wrote through the page");
	if (type == VFIO_SUN4V_IOMMU_ATU) {
		struct vfio_sun4v_window w64;

		TEST_ASSERT_OK(v4t_window(c, 64 * V4T_KB, &w64), "64K window");
		TEST_ASSERT_EQ(vfio_sun4v_map_page(c, t.buf, w64.iova_base, RW), -EINVAL,
			       "fast path is for 8 KB windows only");
	}
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_fast_path_legacy(void)
{
	return fast_path_case(VFIO_SUN4V_IOMMU_LEGACY, HV_FAST_PCI_IOMMU_MAP,
			      HV_FAST_PCI_IOMMU_DEMAP);
}

static int
test_vfio_sun4v_fast_path_atu(void)
{
	return fast_path_case(VFIO_SUN4V_IOMMU_ATU, HV_FAST_PCI_IOTSB_MAP_ONE,
			      HV_FAST_PCI_IOTSB_DEMAP);
}

/* Half the range is not guest RAM: -EFAULT and nothing stays mapped. */
static int
test_vfio_sun4v_not_ram_rolls_back(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_stats st;
	struct vfio_sun4v_info info;
	struct v4t t;
	uint8_t *extra;
	uint64_t x = HV_LEGACY_DVMA_BASE;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	extra = mmap(NULL, 32 * PG, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(extra != MAP_FAILED, "mmap");
	extra = (uint8_t *)(((uintptr_t)extra + PG - 1) & ~(uintptr_t)(PG - 1));
	TEST_ASSERT_OK(sun4v_mem_register(t.p, extra, 8 * PG), "first 8 pages only");
	/* Cap 4: two calls map the RAM pages before one fails (the sim
	 * validates a whole list block before committing any of it). */
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(t.p, 4), "cap");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_LEGACY, &c), "container");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, extra, x, 16 * PG, RW), -EFAULT,
		       "HV_ENORADDR becomes -EFAULT");
	for (uint64_t k = 0; k < 16; k++)
		TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), x, x + k * PG), 0,
			       "page %u rolled back", (unsigned int)k);
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.rollbacks, 1, "one rollback");
	TEST_ASSERT_EQ(st.dma_map_errors, 1, "one map error");
	TEST_ASSERT_EQ(st.hv_map_ttes, 8, "the 8 RAM pages were mapped first");
	TEST_ASSERT_EQ(st.hv_demap_ttes, 16, "rollback demaps the whole attempt");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.entries_used, 0, "reservation released");
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, extra, x, 8 * PG, RW), "range reusable");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/*
 * Capacity: the legacy window holds exactly its entries (262,144 for the
 * default 2 GB, every one usable because the caller picks IOVAs); the next
 * map is -ENOSPC, and one unmap makes room again.
 */
static int
test_vfio_sun4v_capacity_legacy_full(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_info info;
	const uint64_t chunk = 1024 * PG; /* 8 MB */
	struct v4t t;
	uint64_t base = HV_LEGACY_DVMA_BASE, n;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, chunk, PG), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_LEGACY, &c), "container");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.entries_total, HV_LEGACY_NTTES, "documented capacity");
	n = HV_LEGACY_NTTES / 1024;
	/* All but the last page, then the last page alone. */
	for (uint64_t i = 0; i < n - 1; i++)
		TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, base + i * chunk, chunk, RW),
			       "chunk %u", (unsigned int)i);
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, base + (n - 1) * chunk, chunk - PG,
					  RW), "all but one page");
	TEST_ASSERT_OK(vfio_sun4v_map_page(c, t.buf, base + HV_LEGACY_DVMA_SIZE - PG, RW),
		       "entry 262,144 fits");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.entries_used, HV_LEGACY_NTTES, "full");
	TEST_ASSERT_EQ(vfio_sun4v_map_page(c, t.buf, base, RW), -ENOSPC, "one more");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, base + chunk, chunk, RW), -ENOSPC,
		       "a chunk more");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, base + HV_LEGACY_DVMA_SIZE, PG, RW),
		       -ERANGE, "beyond the window");
	/* Usable again after unmaps. */
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(c, base + 5 * chunk, chunk), "unmap one");
	TEST_ASSERT_OK(vfio_sun4v_map_page(c, t.buf, base + 5 * chunk + PG, RW),
		       "map a page into the hole");
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), base, base + 5 * chunk + PG),
		       (uint64_t)(uintptr_t)t.buf, "mapped");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.entries_used, HV_LEGACY_NTTES - 1024 + 1, "accounting");
	vfio_sun4v_container_destroy(c); /* demaps all 262,144 - 1023 entries */
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/*
 * A function has SUN4V_MAX_BINDINGS (4) IOTSB bindings: four page-size
 * windows can be in use at once, a fifth is -ENOSPC and configures nothing.
 */
static int
test_vfio_sun4v_atu_window_limit(void)
{
	static const uint64_t sizes[] = {
		8 * V4T_KB, 64 * V4T_KB, 4 * V4T_MB, 256 * V4T_MB,
	};
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window w;
	struct vfio_sun4v_info info;
	struct v4t t;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 256 * V4T_MB, 256 * V4T_MB), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_ATU, &c), "container");
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		TEST_ASSERT_OK(v4t_window(c, sizes[i], &w), "window");
		TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, w.iova_base, sizes[i], RW),
			       "window %u", (unsigned int)i);
	}
	/* Never dereferenced: configuring the IOTSB fails before any map. */
	TEST_ASSERT_OK(v4t_window(c, 2 * V4T_GB, &w), "2G window");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, (void *)(uintptr_t)(64 * V4T_GB),
					  w.iova_base, 2 * V4T_GB, RW),
		       -ENOSPC, "fifth binding (HV_ETOOMANY)");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT(!info.windows[4].configured, "2G window left unconfigured");
	TEST_ASSERT_EQ(info.entries_used, 4, "the four mappings are intact");
	TEST_ASSERT_OK(sun4v_dma_write(t.a, info.windows[3].iova_base + 100, "x", 1),
		       "256M page still usable");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_bad_args(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_stats st;
	struct v4t t;
	uint64_t x = HV_LEGACY_DVMA_BASE;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(vfio_sun4v_container_create(t.p, &c), "create");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, x, PG, RW), -ENODEV, "no type");
	TEST_ASSERT_EQ(vfio_sun4v_set_iommu(c, VFIO_SUN4V_IOMMU_LEGACY), -ENODEV,
		       "no group");
	TEST_ASSERT_OK(vfio_sun4v_group_attach(c, sun4v_func_group(t.a)), "attach");
	TEST_ASSERT_EQ(vfio_sun4v_set_iommu(c, (enum vfio_sun4v_iommu_type)7), -EINVAL,
		       "bad type");
	TEST_ASSERT_OK(vfio_sun4v_set_iommu(c, VFIO_SUN4V_IOMMU_LEGACY), "legacy");
	TEST_ASSERT_EQ(vfio_sun4v_set_iommu(c, VFIO_SUN4V_IOMMU_ATU), -EBUSY, "twice");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, x, 0, RW), -EINVAL, "len 0");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, x, PG, 0), -EINVAL, "no R/W");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, x, PG, 0x80), -EINVAL, "bad flag");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf + 8, x, PG, RW), -EINVAL, "vaddr");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, x + 8, PG, RW), -EINVAL, "iova");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, x, PG + 8, RW), -EINVAL, "len");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, x - PG, 2 * PG, RW), -ERANGE,
		       "starts below the window");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(NULL, t.buf, x, PG, RW), -EINVAL, "NULL");
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, 0x1000, PG), -ENOENT, "not a window");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.dma_map_errors, 8, "every failed map counted");
	TEST_ASSERT_EQ(st.hv_map_calls, 0, "none reached the hypervisor");
	vfio_sun4v_stats_reset(c);
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.dma_map_errors, 0, "reset");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_vfio_sun4v_hv_errno_table),
		TEST_CASE(test_vfio_sun4v_atu_windows_lazy),
		TEST_CASE(test_vfio_sun4v_page_size_choice),
		TEST_CASE(test_vfio_sun4v_huge_page_dma),
		TEST_CASE(test_vfio_sun4v_batching_1024_legacy),
		TEST_CASE(test_vfio_sun4v_batching_1024_atu),
		TEST_CASE(test_vfio_sun4v_partial_progress_loop),
		TEST_CASE(test_vfio_sun4v_unmap_mismatch_refused),
		TEST_CASE(test_vfio_sun4v_fast_path_legacy),
		TEST_CASE(test_vfio_sun4v_fast_path_atu),
		TEST_CASE(test_vfio_sun4v_not_ram_rolls_back),
		TEST_CASE(test_vfio_sun4v_capacity_legacy_full),
		TEST_CASE(test_vfio_sun4v_atu_window_limit),
		TEST_CASE(test_vfio_sun4v_bad_args),
		{ NULL, NULL },
	};

	return test_run_cases("vfio_sun4v_map", cases);
}
