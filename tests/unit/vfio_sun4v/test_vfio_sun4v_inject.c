/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v against a misbehaving hypervisor.  The test is linked with
 * -Wl,--wrap for PCI_IOMMU_MAP, PCI_IOMMU_DEMAP and PCI_IOTSB_MAP, so the
 * library's calls land in the __wrap_ functions below, which either pass
 * through to the simulator (__real_) or inject: "HV_EOK with zero
 * progress", a count larger than asked, or a failure at the Nth call.
 * Checks the bounded retry, rollback, rollback-of-rollback and the
 * retryable unmap.
 */
#include <errno.h>

#include "v4_test.h"

#define PG HV_IO_PAGE_SIZE
#define RW (VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE)

enum inj_mode {
	INJ_NONE,
	INJ_ZERO,       /* HV_EOK, 0 done, for the next `count` calls */
	INJ_OVER,       /* pass through, then report one more than asked */
	INJ_FAIL_AT,    /* the call numbered `count` (from 0) fails with HV_EIO */
};

struct inj {
	enum inj_mode mode;
	unsigned int count;
	unsigned int calls;
};

static struct inj inj_map, inj_demap;

/* Decide for one call; returns true when the call is to be faked. */
static bool
inj_fake(struct inj *in, uint64_t *status)
{
	unsigned int k = in->calls++;

	switch (in->mode) {
	case INJ_ZERO:
		if (k < in->count) {
			*status = HV_EOK;
			return true;
		}
		return false;
	case INJ_FAIL_AT:
		if (k == in->count) {
			*status = HV_EIO;
			return true;
		}
		return false;
	default:
		return false;
	}
}

uint64_t __real_sun4v_hv_pci_iommu_map(struct sun4v_platform *p, uint64_t dh,
				       uint64_t tsbid, uint64_t nttes,
				       uint64_t attrs, uint64_t list,
				       uint64_t *nmapped);
uint64_t __wrap_sun4v_hv_pci_iommu_map(struct sun4v_platform *p, uint64_t dh,
				       uint64_t tsbid, uint64_t nttes,
				       uint64_t attrs, uint64_t list,
				       uint64_t *nmapped);
uint64_t __real_sun4v_hv_pci_iommu_demap(struct sun4v_platform *p, uint64_t dh,
					 uint64_t tsbid, uint64_t nttes,
					 uint64_t *ndemapped);
uint64_t __wrap_sun4v_hv_pci_iommu_demap(struct sun4v_platform *p, uint64_t dh,
					 uint64_t tsbid, uint64_t nttes,
					 uint64_t *ndemapped);
uint64_t __real_sun4v_hv_iotsb_map(struct sun4v_platform *p, uint64_t dh,
				   uint64_t handle, uint64_t index_count,
				   uint64_t attrs, uint64_t list,
				   uint64_t *nmapped);
uint64_t __wrap_sun4v_hv_iotsb_map(struct sun4v_platform *p, uint64_t dh,
				   uint64_t handle, uint64_t index_count,
				   uint64_t attrs, uint64_t list,
				   uint64_t *nmapped);

uint64_t
__wrap_sun4v_hv_pci_iommu_map(struct sun4v_platform *p, uint64_t dh,
			      uint64_t tsbid, uint64_t nttes, uint64_t attrs,
			      uint64_t list, uint64_t *nmapped)
{
	uint64_t st;

	if (inj_fake(&inj_map, &st)) {
		*nmapped = 0;
		return st;
	}
	st = __real_sun4v_hv_pci_iommu_map(p, dh, tsbid, nttes, attrs, list,
					   nmapped);
	if (inj_map.mode == INJ_OVER)
		*nmapped = nttes + 1;
	return st;
}

uint64_t
__wrap_sun4v_hv_pci_iommu_demap(struct sun4v_platform *p, uint64_t dh,
				uint64_t tsbid, uint64_t nttes,
				uint64_t *ndemapped)
{
	uint64_t st;

	if (inj_fake(&inj_demap, &st)) {
		*ndemapped = 0;
		return st;
	}
	return __real_sun4v_hv_pci_iommu_demap(p, dh, tsbid, nttes, ndemapped);
}

uint64_t
__wrap_sun4v_hv_iotsb_map(struct sun4v_platform *p, uint64_t dh,
			  uint64_t handle, uint64_t index_count, uint64_t attrs,
			  uint64_t list, uint64_t *nmapped)
{
	uint64_t st;

	if (inj_fake(&inj_map, &st)) {
		*nmapped = 0;
		return st;
	}
	return __real_sun4v_hv_iotsb_map(p, dh, handle, index_count, attrs, list,
					 nmapped);
}

static void
inj_set(struct inj *in, enum inj_mode mode, unsigned int count)
{
	in->mode = mode;
	in->count = count;
	in->calls = 0;
}

static void
inj_reset(void)
{
	inj_set(&inj_map, INJ_NONE, 0);
	inj_set(&inj_demap, INJ_NONE, 0);
}

static int
fixture(struct v4t *t, enum vfio_sun4v_iommu_type type,
	struct vfio_sun4v_container **c, struct vfio_sun4v_window *w)
{
	inj_reset();
	TEST_ASSERT_OK(v4t_setup(t, NULL, 32 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(v4t_container(t, t->a, type, c), "container");
	if (type == VFIO_SUN4V_IOMMU_ATU) {
		/* Configure the IOTSB before injecting. */
		TEST_ASSERT_OK(v4t_window(*c, PG, w), "window");
		TEST_ASSERT_OK(vfio_sun4v_map_page(*c, t->buf, w->iova_base, RW), "cfg");
		TEST_ASSERT_OK(vfio_sun4v_unmap_page(*c, w->iova_base), "cfg");
	}
	TEST_ASSERT_OK(v4t_window(*c, PG, w), "window");
	vfio_sun4v_stats_reset(*c);
	return TEST_SUCCESS;
}

static uint64_t
used(struct vfio_sun4v_container *c)
{
	struct vfio_sun4v_info info;

	return vfio_sun4v_get_info(c, &info) == 0 ? info.entries_used : UINT64_MAX;
}

/* "OK, 0 mapped" forever: -EIO after exactly 1 + RETRIES calls. */
static int
zero_progress_case(enum vfio_sun4v_iommu_type type)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window w;
	struct vfio_sun4v_stats st;
	struct v4t t;

	if (fixture(&t, type, &c, &w) != TEST_SUCCESS)
		return TEST_FAILED;
	inj_set(&inj_map, INJ_ZERO, 1000);
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, w.iova_base + 8 * PG, 16 * PG, RW),
		       -EIO, "bounded retry, then -EIO");
	TEST_ASSERT_EQ(inj_map.calls, 1 + VFIO_SUN4V_ZERO_PROGRESS_RETRIES, "calls");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.hv_zero_progress, 1 + VFIO_SUN4V_ZERO_PROGRESS_RETRIES, "count");
	TEST_ASSERT_EQ(st.dma_map_errors, 1, "one failed map");
	TEST_ASSERT_EQ(used(c), 0, "reservation released");

	/* Twice zero, then real progress: the retry recovers. */
	inj_set(&inj_map, INJ_ZERO, 2);
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, w.iova_base + 8 * PG, 16 * PG, RW),
		       "recovers within the bound");
	TEST_ASSERT_EQ(inj_map.calls, 3, "2 empty + 1 real");
	TEST_ASSERT_EQ(used(c), 16, "mapped");
	inj_reset();
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_zero_progress_legacy(void)
{
	return zero_progress_case(VFIO_SUN4V_IOMMU_LEGACY);
}

static int
test_vfio_sun4v_zero_progress_atu(void)
{
	return zero_progress_case(VFIO_SUN4V_IOMMU_ATU);
}

/* A count larger than asked is nonsense: -EIO and rollback. */
static int
test_vfio_sun4v_overcount_refused(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window w;
	struct v4t t;

	if (fixture(&t, VFIO_SUN4V_IOMMU_LEGACY, &c, &w) != TEST_SUCCESS)
		return TEST_FAILED;
	inj_set(&inj_map, INJ_OVER, 0);
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, w.iova_base, 4 * PG, RW), -EIO,
		       "more than asked");
	inj_reset();
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, v4t_devhandle(c), w.iova_base, w.iova_base),
		       0, "rolled back");
	TEST_ASSERT_EQ(used(c), 0, "released");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/* Failure in the 3rd list of a 3000-page map: all 3000 are demapped (the
 * failed call's part too: its count is not trusted). */
static int
test_vfio_sun4v_failure_rolls_back(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window w;
	struct vfio_sun4v_stats st;
	struct v4t t;
	uint64_t dh;

	if (fixture(&t, VFIO_SUN4V_IOMMU_LEGACY, &c, &w) != TEST_SUCCESS)
		return TEST_FAILED;
	dh = v4t_devhandle(c);
	inj_set(&inj_map, INJ_FAIL_AT, 2);
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, w.iova_base, 3000 * PG, RW), -EIO,
		       "HV_EIO -> -EIO");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.hv_map_ttes, 2048, "two lists went in");
	TEST_ASSERT_EQ(st.hv_demap_ttes, 3000, "rollback demaps all it may have touched");
	TEST_ASSERT_EQ(st.rollbacks, 1, "rollback counted");
	for (uint64_t k = 0; k < 3000; k += 97)
		TEST_ASSERT_EQ(v4t_legacy_ra(t.p, dh, w.iova_base, w.iova_base + k * PG),
			       0, "page %u not mapped", (unsigned int)k);
	TEST_ASSERT_EQ(used(c), 0, "nothing recorded");
	inj_reset();
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, w.iova_base, 3000 * PG, RW),
		       "same range maps cleanly afterwards");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/*
 * Rollback that fails too: the range stays recorded as a mapping (it may
 * still be in the table), and an unmap of it is the retry.
 */
static int
test_vfio_sun4v_failed_rollback_stays_recorded(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window w;
	struct v4t t;
	uint64_t dh;

	if (fixture(&t, VFIO_SUN4V_IOMMU_LEGACY, &c, &w) != TEST_SUCCESS)
		return TEST_FAILED;
	dh = v4t_devhandle(c);
	inj_set(&inj_map, INJ_FAIL_AT, 1);
	inj_set(&inj_demap, INJ_FAIL_AT, 0);
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, w.iova_base, 2000 * PG, RW), -EIO,
		       "map failed");
	TEST_ASSERT_EQ(used(c), 2000, "whole range still reserved");
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, dh, w.iova_base, w.iova_base),
		       (uint64_t)(uintptr_t)t.buf, "first list still in the table");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(c, t.buf, w.iova_base, PG, RW), -EEXIST,
		       "cannot be mapped over");
	inj_reset();
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(c, w.iova_base, 2000 * PG), "retry");
	TEST_ASSERT_EQ(v4t_legacy_ra(t.p, dh, w.iova_base, w.iova_base), 0, "gone");
	TEST_ASSERT_EQ(used(c), 0, "released");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/* Demap trouble during unmap: error, mapping kept, retry succeeds. */
static int
test_vfio_sun4v_unmap_failure_retryable(void)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window w;
	struct vfio_sun4v_stats st;
	struct v4t t;

	if (fixture(&t, VFIO_SUN4V_IOMMU_LEGACY, &c, &w) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_OK(vfio_sun4v_map_dma(c, t.buf, w.iova_base, 64 * PG, RW), "map");
	inj_set(&inj_demap, INJ_ZERO, 1000);
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, w.iova_base, 64 * PG), -EIO,
		       "demap never progresses");
	TEST_ASSERT_EQ(inj_demap.calls, 1 + VFIO_SUN4V_ZERO_PROGRESS_RETRIES, "bounded");
	TEST_ASSERT_EQ(used(c), 64, "mapping kept");
	inj_set(&inj_demap, INJ_FAIL_AT, 0);
	TEST_ASSERT_EQ(vfio_sun4v_unmap_dma(c, w.iova_base, 64 * PG), -EIO, "HV_EIO");
	inj_reset();
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(c, w.iova_base, 64 * PG), "retry works");
	TEST_ASSERT_EQ(used(c), 0, "released");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.dma_unmap_errors, 2, "two failed unmaps");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_vfio_sun4v_zero_progress_legacy),
		TEST_CASE(test_vfio_sun4v_zero_progress_atu),
		TEST_CASE(test_vfio_sun4v_overcount_refused),
		TEST_CASE(test_vfio_sun4v_failure_rolls_back),
		TEST_CASE(test_vfio_sun4v_failed_rollback_stays_recorded),
		TEST_CASE(test_vfio_sun4v_unmap_failure_retryable),
		{ NULL, NULL },
	};

	return test_run_cases("vfio_sun4v_inject", cases);
}
