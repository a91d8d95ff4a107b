/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v groups: viability failure message and errno, a failed
 * attach leaves every other group attached and mapped, root-complex and
 * legacy ownership rules, bypass, detach, fault callback and poll.
 */
#include <errno.h>
#include <stdlib.h>

#include "v4_test.h"

#define PG HV_IO_PAGE_SIZE
#define RW (VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE)

static char last_err[512];

static void
capture_log(int level, const char *msg, void *arg)
{
	(void)arg;
	if (getenv("V4T_VERBOSE") != NULL)
		fprintf(stderr, "log %d: %s\n", level, msg);
	if (level <= VFIO_SUN4V_LOG_ERR)
		snprintf(last_err, sizeof(last_err), "%s", msg);
}

/* Device @p fn writes and reads one word at @p dvma.  @return 0 or -errno. */
static int
dma_roundtrip(struct sun4v_func *fn, uint64_t dvma)
{
	uint64_t out = 0x1122334455667788ULL, in = 0;
	int rc = sun4v_dma_write(fn, dvma, &out, sizeof(out));

	if (rc == 0)
		rc = sun4v_dma_read(fn, dvma, &in, sizeof(in));
	if (rc == 0 && in != out)
		rc = -EIO;
	return rc;
}

/* ATU container with @p fn's group and one mapped 8 KB page at the
 * window base; *iova receives that DVMA. */
static int
atu_mapped(struct v4t *t, struct sun4v_func *fn,
	   struct vfio_sun4v_container **c, uint64_t *iova)
{
	struct vfio_sun4v_window w = { 0 };
	int rc = v4t_container(t, fn, VFIO_SUN4V_IOMMU_ATU, c);

	if (rc == 0)
		rc = v4t_window(*c, PG, &w);
	if (rc == 0)
		rc = vfio_sun4v_map_dma(*c, t->buf, w.iova_base, 4 * PG, RW);
	*iova = w.iova_base;
	return rc;
}

static int
test_vfio_sun4v_group_viability_host_claim(void)
{
	struct vfio_sun4v_container *x = NULL, *y = NULL;
	struct vfio_sun4v_info info;
	struct v4t t;
	uint64_t iova;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(atu_mapped(&t, t.a, &x, &iova), "X with A");
	TEST_ASSERT_OK(dma_roundtrip(t.a, iova), "A reaches its buffer");
	TEST_ASSERT_EQ(sun4v_func_group(t.b), sun4v_func_group(t.c),
		       "B and C share a group (non-ACS bridge)");
	TEST_ASSERT_NE(sun4v_func_group(t.a), sun4v_func_group(t.b), "A isolated");

	TEST_ASSERT_OK(vfio_sun4v_host_claim(t.p, t.c, true), "host driver owns C");
	TEST_ASSERT_OK(vfio_sun4v_container_create(t.p, &y), "Y");
	last_err[0] = '\0';
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(y, sun4v_func_group(t.b)), -EBUSY,
		       "B's group is not viable");
	TEST_ASSERT(strstr(last_err, "02:00.1") != NULL, "names C: %s", last_err);
	TEST_ASSERT(strstr(last_err, "sw-noacs") != NULL, "names the bridge: %s",
		    last_err);
	TEST_ASSERT(strstr(last_err, "lacks ACS") != NULL, "says why: %s", last_err);
	TEST_ASSERT(strstr(last_err, "host driver") != NULL, "names owner: %s",
		    last_err);
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(x, sun4v_func_group(t.b)), -EBUSY,
		       "not viable for X either");

	/* The failures detached nothing: X still has A, still mapped. */
	TEST_ASSERT_OK(vfio_sun4v_get_info(x, &info), "info");
	TEST_ASSERT_EQ(info.nb_groups, 1, "X keeps its group");
	TEST_ASSERT_EQ(info.entries_used, 4, "X keeps its mappings");
	TEST_ASSERT_OK(dma_roundtrip(t.a, iova), "A still reaches its buffer");
	TEST_ASSERT_NE(dma_roundtrip(t.b, iova), 0, "B is not in X");

	TEST_ASSERT_OK(vfio_sun4v_host_claim(t.p, t.c, false), "release C");
	TEST_ASSERT_EQ(vfio_sun4v_host_claim(t.p, t.c, false), -ENOENT, "twice");
	TEST_ASSERT_OK(vfio_sun4v_group_attach(x, sun4v_func_group(t.b)), "now viable");
	TEST_ASSERT_OK(dma_roundtrip(t.b, iova), "B bound to X's IOTSB");
	TEST_ASSERT_OK(dma_roundtrip(t.c, iova), "C too");
	TEST_ASSERT_OK(dma_roundtrip(t.a, iova), "A unaffected");
	TEST_ASSERT_EQ(vfio_sun4v_host_claim(t.p, t.c, true), -EBUSY,
		       "cannot claim a function a container holds");
	vfio_sun4v_container_destroy(y);
	vfio_sun4v_container_destroy(x);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_group_owned_by_other_container(void)
{
	struct vfio_sun4v_container *x = NULL, *y = NULL;
	struct vfio_sun4v_info info;
	struct v4t t;
	uint64_t iova;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(atu_mapped(&t, t.b, &x, &iova), "X with B+C");
	TEST_ASSERT_OK(vfio_sun4v_container_create(t.p, &y), "Y");
	last_err[0] = '\0';
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(y, sun4v_func_group(t.c)), -EBUSY,
		       "group held by X");
	TEST_ASSERT(strstr(last_err, "02:00.0") != NULL, "names B: %s", last_err);
	TEST_ASSERT(strstr(last_err, "another container") != NULL, "owner: %s",
		    last_err);
	TEST_ASSERT(strstr(last_err, "sw-noacs") != NULL, "bridge: %s", last_err);
	TEST_ASSERT_OK(vfio_sun4v_group_attach(y, sun4v_func_group(t.a)), "Y takes A");
	TEST_ASSERT_OK(vfio_sun4v_get_info(x, &info), "info");
	TEST_ASSERT_EQ(info.nb_groups, 1, "X untouched");
	TEST_ASSERT_OK(dma_roundtrip(t.b, iova), "B still mapped");

	/* Isolated group: the message says there is no guilty bridge. */
	TEST_ASSERT_OK(vfio_sun4v_host_claim(t.p, t.d, true), "claim D");
	last_err[0] = '\0';
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(y, sun4v_func_group(t.d)), -EBUSY, "D");
	TEST_ASSERT(strstr(last_err, "03:00.0") != NULL, "names D: %s", last_err);
	TEST_ASSERT(strstr(last_err, "isolated") != NULL, "no bridge: %s", last_err);
	TEST_ASSERT_OK(vfio_sun4v_host_claim(t.p, t.d, false), "release D");
	vfio_sun4v_container_destroy(y);
	vfio_sun4v_container_destroy(x);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_group_errors(void)
{
	struct vfio_sun4v_container *x = NULL;
	struct vfio_sun4v_info info;
	struct v4t t;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(vfio_sun4v_container_create(t.p, &x), "X");
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(x, 9999), -ENOENT, "no such group");
	TEST_ASSERT_OK(vfio_sun4v_group_attach(x, sun4v_func_group(t.a)), "A");
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(x, sun4v_func_group(t.a)), -EEXIST,
		       "twice");
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(x, sun4v_func_group(t.e)), -EXDEV,
		       "E is under root complex 1");
	TEST_ASSERT_EQ(vfio_sun4v_group_detach(x, sun4v_func_group(t.d)), -ENOENT,
		       "D not attached");
	TEST_ASSERT_OK(vfio_sun4v_get_info(x, &info), "info");
	TEST_ASSERT_EQ(info.rc, 0, "root complex 0");
	TEST_ASSERT_EQ(info.nb_groups, 1, "one group");
	TEST_ASSERT_OK(vfio_sun4v_group_detach(x, sun4v_func_group(t.a)), "detach");
	TEST_ASSERT_OK(vfio_sun4v_get_info(x, &info), "info");
	TEST_ASSERT_EQ(info.nb_groups, 0, "none");
	/* Without groups the container stays on root complex 0. */
	TEST_ASSERT_OK(vfio_sun4v_host_claim(t.p, t.d, true), "claim D");
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(x, sun4v_func_group(t.d)), -EBUSY, "D");
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(x, sun4v_func_group(t.e)), -EXDEV,
		       "still bound to root complex 0");
	TEST_ASSERT_OK(vfio_sun4v_get_info(x, &info), "info");
	TEST_ASSERT_EQ(info.rc, 0, "root complex kept after failed attaches");
	TEST_ASSERT_OK(vfio_sun4v_host_claim(t.p, t.d, false), "release D");
	vfio_sun4v_container_destroy(x);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

/*
 * A bind that fails half-way (C already has SUN4V_MAX_BINDINGS IOTSBs)
 * undoes B's bind and leaves A's group attached and mapped.
 */
static int
test_vfio_sun4v_group_bind_failure_rolls_back(void)
{
	static const uint64_t iovas[SUN4V_MAX_BINDINGS] = {
		HV_ATU_RANGE0_BASE, HV_ATU_RANGE1_BASE, HV_ATU_RANGE2_BASE,
		HV_ATU_RANGE3_BASE + 800 * V4T_GB,
	};
	struct vfio_sun4v_container *x = NULL;
	struct vfio_sun4v_info info;
	uint64_t handles[SUN4V_MAX_BINDINGS], dh, iova, h = 0;
	uint64_t dev_c = sun4v_hv_abi_pci_device_from_bdf(0x0201);
	uint64_t dev_b = sun4v_hv_abi_pci_device_from_bdf(0x0200);
	struct v4t t;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(atu_mapped(&t, t.a, &x, &iova), "X with A");
	dh = v4t_devhandle(x);
	for (unsigned int i = 0; i < SUN4V_MAX_BINDINGS; i++) {
		/* Small zeroed tables in the registered buffer, past the data. */
		uint8_t *tbl = t.buf + 4 * V4T_MB + i * PG;

		TEST_ASSERT_EQ(sun4v_hv_iotsb_conf(t.p, dh, (uint64_t)(uintptr_t)tbl,
						   64, PG, iovas[i], &handles[i]),
			       HV_EOK, "conf %u", i);
		TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(t.p, dh, handles[i], dev_c), HV_EOK,
			       "bind C %u", i);
	}
	last_err[0] = '\0';
	TEST_ASSERT_EQ(vfio_sun4v_group_attach(x, sun4v_func_group(t.b)), -ENOSPC,
		       "HV_ETOOMANY for C");
	TEST_ASSERT(strstr(last_err, "IOTSB_BIND") != NULL, "logged: %s", last_err);
	TEST_ASSERT_EQ(sun4v_hv_iotsb_get_binding(t.p, dh, dev_b, iova, &h), HV_ENOMAP,
		       "B's bind was undone");
	TEST_ASSERT_NE(dma_roundtrip(t.b, iova), 0, "B cannot reach X's page");
	TEST_ASSERT_OK(vfio_sun4v_get_info(x, &info), "info");
	TEST_ASSERT_EQ(info.nb_groups, 1, "A's group still attached");
	TEST_ASSERT_EQ(info.entries_used, 4, "mappings intact");
	TEST_ASSERT_OK(dma_roundtrip(t.a, iova), "A still works");

	TEST_ASSERT_EQ(sun4v_hv_iotsb_unbind(t.p, dh, handles[0], dev_c), HV_EOK,
		       "free one of C's slots");
	TEST_ASSERT_OK(vfio_sun4v_group_attach(x, sun4v_func_group(t.b)), "now fits");
	TEST_ASSERT_OK(dma_roundtrip(t.c, iova), "C reaches X's page");
	vfio_sun4v_container_destroy(x);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_legacy_exclusive(void)
{
	struct vfio_sun4v_container *x = NULL, *y = NULL, *z = NULL;
	struct v4t t;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_LEGACY, &x), "X legacy");
	TEST_ASSERT_OK(vfio_sun4v_container_create(t.p, &y), "Y");
	TEST_ASSERT_OK(vfio_sun4v_group_attach(y, sun4v_func_group(t.d)), "Y with D");
	TEST_ASSERT_EQ(vfio_sun4v_set_iommu(y, VFIO_SUN4V_IOMMU_LEGACY), -EBUSY,
		       "one legacy owner per root complex");
	TEST_ASSERT_OK(vfio_sun4v_set_iommu(y, VFIO_SUN4V_IOMMU_ATU), "ATU is per device");
	TEST_ASSERT_OK(v4t_container(&t, t.e, VFIO_SUN4V_IOMMU_LEGACY, &z),
		       "legacy of root complex 1 is free");
	vfio_sun4v_container_destroy(x);
	vfio_sun4v_container_destroy(z);
	TEST_ASSERT_OK(v4t_container(&t, t.b, VFIO_SUN4V_IOMMU_LEGACY, &x),
		       "free again after destroy");
	vfio_sun4v_container_destroy(x);
	vfio_sun4v_container_destroy(y);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_bypass(void)
{
	struct vfio_sun4v_container *x = NULL;
	struct v4t t;
	uint64_t io = 0, ps;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, VFIO_SUN4V_IOMMU_BYPASS, &x), "bypass");
	TEST_ASSERT(sun4v_func_bypass(t.a), "A in the bypass domain");
	TEST_ASSERT_OK(vfio_sun4v_bypass_iova(x, t.buf, &io), "GETBYPASS");
	TEST_ASSERT_EQ(io, sun4v_hv_abi_bypass_addr((uint64_t)(uintptr_t)t.buf), "addr");
	TEST_ASSERT_OK(vfio_sun4v_map_dma(x, t.buf, io, 4 * PG, RW), "check-only map");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(x, t.buf, io + PG, 4 * PG, RW), -EINVAL,
		       "iova is not the bypass address");
	TEST_ASSERT_EQ(vfio_sun4v_map_dma(x, t.buf + 7 * V4T_MB, io + 7 * V4T_MB,
					  2 * V4T_MB, RW), -EFAULT,
		       "end is not guest RAM");
	TEST_ASSERT_EQ(vfio_sun4v_pick_page_size(x, t.buf, PG, &ps), -ENODEV, "no pages");
	TEST_ASSERT_OK(dma_roundtrip(t.a, io + 100), "DMA with a bypass address");
	TEST_ASSERT_OK(vfio_sun4v_unmap_dma(x, io, 4 * PG), "unmap is a no-op");
	TEST_ASSERT_OK(vfio_sun4v_group_attach(x, sun4v_func_group(t.d)), "D joins");
	TEST_ASSERT(sun4v_func_bypass(t.d), "D entered bypass");
	TEST_ASSERT_OK(vfio_sun4v_group_detach(x, sun4v_func_group(t.d)), "D leaves");
	TEST_ASSERT(!sun4v_func_bypass(t.d), "D left bypass");
	vfio_sun4v_container_destroy(x);
	TEST_ASSERT(!sun4v_func_bypass(t.a), "destroy takes A out of bypass");
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_detach_unbinds(void)
{
	struct vfio_sun4v_container *x = NULL;
	struct v4t t;
	uint64_t iova;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	TEST_ASSERT_OK(atu_mapped(&t, t.a, &x, &iova), "X with A");
	TEST_ASSERT_OK(vfio_sun4v_group_attach(x, sun4v_func_group(t.b)), "B+C");
	TEST_ASSERT_OK(dma_roundtrip(t.b, iova), "B works");
	TEST_ASSERT_OK(vfio_sun4v_group_detach(x, sun4v_func_group(t.b)), "detach");
	TEST_ASSERT_NE(dma_roundtrip(t.b, iova), 0, "B unbound");
	TEST_ASSERT_OK(dma_roundtrip(t.a, iova), "A still works");
	TEST_ASSERT_OK(vfio_sun4v_group_attach(x, sun4v_func_group(t.b)), "again");
	TEST_ASSERT_OK(dma_roundtrip(t.b, iova), "B works again");
	vfio_sun4v_container_destroy(x);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

struct fault_sink {
	unsigned int n;
	struct vfio_sun4v_fault last;
};

static void
on_fault(const struct vfio_sun4v_fault *f, void *arg)
{
	struct fault_sink *s = arg;

	s->n++;
	s->last = *f;
}

static int
test_vfio_sun4v_fault_callback_and_poll(void)
{
	struct vfio_sun4v_container *x = NULL, *y = NULL;
	struct fault_sink sink = { 0 };
	struct vfio_sun4v_fault rec[4];
	struct vfio_sun4v_stats st;
	struct v4t t;
	uint64_t ix, iy, word;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, 8 * V4T_MB, PG), "setup");
	sun4v_platform_set_log_level(t.p, SUN4V_LOG_ERR); /* quiet fault lines */
	TEST_ASSERT_OK(atu_mapped(&t, t.a, &x, &ix), "X with A");
	TEST_ASSERT_OK(atu_mapped(&t, t.d, &y, &iy), "Y with D");
	TEST_ASSERT_OK(vfio_sun4v_fault_callback_register(x, on_fault, &sink), "cb");
	TEST_ASSERT_EQ(vfio_sun4v_fault_poll(x, rec, 4), 0, "nothing yet");

	TEST_ASSERT_NE(sun4v_dma_read(t.a, ix + 64 * PG, &word, sizeof(word)), 0,
		       "A reads an unmapped page");
	TEST_ASSERT_EQ(sink.n, 1, "pushed to X");
	TEST_ASSERT_EQ(sink.last.bdf, 0x0100, "A's requester ID");
	TEST_ASSERT_EQ(sink.last.dvma, ix + 64 * PG, "faulting DVMA");
	TEST_ASSERT_EQ(sink.last.reason, VFIO_SUN4V_FAULT_UNMAPPED, "reason");
	TEST_ASSERT_EQ(sink.last.dir, VFIO_SUN4V_FAULT_DIR_READ, "direction");
	TEST_ASSERT_NE(sun4v_dma_read(t.d, iy + 64 * PG, &word, sizeof(word)), 0,
		       "D faults");
	TEST_ASSERT_EQ(sink.n, 1, "D's fault is not X's");

	TEST_ASSERT_EQ(vfio_sun4v_fault_poll(x, rec, 4), 1, "X polls A's fault");
	TEST_ASSERT_EQ(rec[0].bdf, 0x0100, "A");
	TEST_ASSERT_EQ(vfio_sun4v_fault_poll(x, rec, 4), 0, "consumed");
	TEST_ASSERT_EQ(vfio_sun4v_fault_poll(y, rec, 4), 1, "Y polls D's fault");
	TEST_ASSERT_EQ(rec[0].bdf, 0x0300, "D");

	TEST_ASSERT_OK(vfio_sun4v_fault_callback_register(x, NULL, NULL), "clear cb");
	for (int i = 0; i < 3; i++)
		sun4v_dma_read(t.a, ix + 64 * PG, &word, sizeof(word));
	TEST_ASSERT_EQ(sink.n, 1, "no push after clearing");
	TEST_ASSERT_EQ(vfio_sun4v_fault_poll(x, rec, 2), 2, "poll is bounded by max");
	TEST_ASSERT_EQ(vfio_sun4v_fault_poll(x, rec, 2), 1, "and resumes");
	TEST_ASSERT_EQ(vfio_sun4v_fault_poll(x, NULL, 0), 0, "max 0");
	TEST_ASSERT_EQ(vfio_sun4v_fault_poll(x, NULL, 1), -EINVAL, "NULL out");
	TEST_ASSERT_OK(vfio_sun4v_stats_get(x, &st), "stats");
	TEST_ASSERT_EQ(st.faults, 1 + 1 + 3, "pushed + polled");
	vfio_sun4v_container_destroy(y);
	vfio_sun4v_container_destroy(x);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_vfio_sun4v_group_viability_host_claim),
		TEST_CASE(test_vfio_sun4v_group_owned_by_other_container),
		TEST_CASE(test_vfio_sun4v_group_errors),
		TEST_CASE(test_vfio_sun4v_group_bind_failure_rolls_back),
		TEST_CASE(test_vfio_sun4v_legacy_exclusive),
		TEST_CASE(test_vfio_sun4v_bypass),
		TEST_CASE(test_vfio_sun4v_detach_unbinds),
		TEST_CASE(test_vfio_sun4v_fault_callback_and_poll),
		{ NULL, NULL },
	};

	vfio_sun4v_log_set_handler(capture_log, NULL, VFIO_SUN4V_LOG_NOTICE);
	return test_run_cases("vfio_sun4v_group", cases);
}
