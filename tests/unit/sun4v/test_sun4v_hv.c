/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hypercall plumbing (doc/spec/sun4v-hv-api.md §1): fast-trap dispatch,
 * unknown numbers, per-service counters, the latency model, and
 * concurrency smoke tests (two threads mapping disjoint ranges; DMA racing
 * with DEMAP never leaves a stale translation behind).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "sun4v_test_util.h"

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static int
test_sun4v_hv_fast_trap_dispatch(void)
{
	static const uint64_t bad[] = { 0x0, 0x80, 0xaf, 0xb9, 0x18f, 0x19b,
					0xffff };
	struct t_env e;
	uint64_t a[5], r[4];
	struct sun4v_hv_call_stats cs;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		TEST_ASSERT_EQ(sun4v_hv_fast_trap(e.p, bad[i], a, r), HV_EBADTRAP,
			       "function 0x%llx", (unsigned long long)bad[i]);
	TEST_ASSERT_EQ(sun4v_hv_fast_trap(e.p, HV_FAST_PCI_CONFIG_GET, a, r),
		       HV_ENOTSUPPORTED, "config space is not simulated");
	/* MAP through the trap: RET1 = #mapped. */
	a[0] = e.dh;
	a[1] = t_tsbid(3);
	a[2] = 2;
	a[3] = T_RW;
	a[4] = t_list(&e, 0, 0, 2);
	TEST_ASSERT_EQ(sun4v_hv_fast_trap(e.p, HV_FAST_PCI_IOMMU_MAP, a, r),
		       HV_EOK, "map");
	TEST_ASSERT_EQ(r[0], 2, "RET1 #mapped");
	/* CONF / MAP / INFO through the trap. */
	a[0] = e.dh;
	a[1] = t_ra(&e, 8 << 20);
	a[2] = 8192;
	a[3] = 8192;
	a[4] = HV_ATU_RANGE3_BASE;
	TEST_ASSERT_EQ(sun4v_hv_fast_trap(e.p, HV_FAST_PCI_IOTSB_CONF, a, r),
		       HV_EOK, "conf");
	a[1] = r[0];
	a[2] = sun4v_hv_abi_index_count(2, 7);
	a[3] = T_RW;
	a[4] = t_list(&e, 0, 0, 2);
	TEST_ASSERT_EQ(sun4v_hv_fast_trap(e.p, HV_FAST_PCI_IOTSB_MAP, a, r),
		       HV_EOK, "iotsb map");
	TEST_ASSERT_EQ(r[0], 2, "#mapped");
	a[2] = 0;
	TEST_ASSERT_EQ(sun4v_hv_fast_trap(e.p, HV_FAST_PCI_IOTSB_INFO, a, r),
		       HV_EOK, "info");
	TEST_ASSERT_EQ(r[3], HV_ATU_RANGE3_BASE, "RET4 iova");
	TEST_ASSERT_EQ(sun4v_hv_fast_trap(NULL, HV_FAST_PCI_IOMMU_MAP, a, r),
		       HV_EINVAL, "no platform");
	TEST_ASSERT_OK(sun4v_hv_call_stats_get(e.p, HV_FAST_PCI_IOTSB_MAP, &cs),
		       "stats");
	TEST_ASSERT_EQ(cs.calls, 1, "calls");
	TEST_ASSERT_EQ(cs.ttes, 2, "ttes");
	TEST_ASSERT_EQ(cs.errors, 0, "errors");
	TEST_ASSERT_OK(sun4v_hv_call_stats_get(e.p, HV_FAST_PCI_CONFIG_GET, &cs),
		       "stats");
	TEST_ASSERT_EQ(cs.errors, 1, "ENOTSUPPORTED counted as an error");
	TEST_ASSERT_EQ(sun4v_hv_call_stats_get(e.p, 0x42, &cs), -ENOENT,
		       "not a service");
	sun4v_hv_call_stats_reset(e.p);
	TEST_ASSERT_OK(sun4v_hv_call_stats_get(e.p, HV_FAST_PCI_IOTSB_MAP, &cs),
		       "stats");
	TEST_ASSERT_EQ(cs.calls, 0, "reset");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_hv_latency_model(void)
{
	struct sun4v_platform_conf c = { .empty_fabric = true,
					 .hv_lat_ns = 100000 };
	struct t_env e;
	uint64_t t0, dt, n;

	TEST_ASSERT_OK(t_env_init(&e, &c), "env");
	t0 = now_ns();
	for (unsigned int i = 0; i < 10; i++)
		sun4v_hv_pci_iommu_demap(e.p, e.dh, t_tsbid(i), 1, &n);
	dt = now_ns() - t0;
	TEST_ASSERT(dt >= 1000000, "10 calls x 100 us took %llu ns",
		    (unsigned long long)dt);
	sun4v_platform_set_hv_latency(e.p, 0, 1000);
	t0 = now_ns();
	sun4v_hv_pci_iommu_demap(e.p, e.dh, t_tsbid(0), 1000, &n);
	dt = now_ns() - t0;
	TEST_ASSERT(dt >= 1000000, "1000 TTEs x 1 us took %llu ns",
		    (unsigned long long)dt);
	sun4v_platform_set_hv_latency(e.p, 0, 0);
	t_env_fini(&e);
	return TEST_SUCCESS;
}

struct mapper {
	struct t_env *e;
	uint64_t first;   /* first table index of this thread's range */
	uint64_t list;
	int failures;
};

/* Map and demap 64 entries of its own range 300 times, looping on
 * partial progress (the cap is 16). */
static void *
mapper_main(void *arg)
{
	struct mapper *m = arg;
	uint64_t n;

	for (unsigned int it = 0; it < 300; it++) {
		uint64_t done = 0;

		while (done < 64) {
			if (sun4v_hv_pci_iommu_map(m->e->p, m->e->dh,
						   t_tsbid(m->first + done),
						   64 - done, T_RW,
						   m->list + done * 8, &n) != HV_EOK ||
			    n == 0)
				m->failures++;
			done += n;
			if (m->failures != 0)
				return NULL;
		}
		if (it == 299)
			break; /* leave the last round mapped */
		for (done = 0; done < 64 && m->failures == 0; done += n)
			if (sun4v_hv_pci_iommu_demap(m->e->p, m->e->dh,
						     t_tsbid(m->first + done),
						     64 - done, &n) != HV_EOK ||
			    n == 0)
				m->failures++;
	}
	return NULL;
}

static int
test_sun4v_hv_concurrent_map_disjoint(void)
{
	struct sun4v_platform_conf c = { .empty_fabric = true, .map_cap = 16 };
	struct t_env e;
	struct mapper m[2];
	pthread_t th[2];
	struct sun4v_table_stats ts;
	uint64_t ra, attrs;

	TEST_ASSERT_OK(t_env_init(&e, &c), "env");
	for (unsigned int i = 0; i < 2; i++) {
		m[i].e = &e;
		m[i].first = 1000 * (i + 1);
		m[i].list = t_list(&e, i, 64 * i, 64);
		m[i].failures = 0;
		TEST_ASSERT_OK(pthread_create(&th[i], NULL, mapper_main, &m[i]),
			       "thread");
	}
	for (unsigned int i = 0; i < 2; i++) {
		pthread_join(th[i], NULL);
		TEST_ASSERT_EQ(m[i].failures, 0, "thread %u", i);
	}
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, 0, &ts), "stats");
	TEST_ASSERT_EQ(ts.entries_in_use, 128, "no lost or double entries");
	for (unsigned int i = 0; i < 2; i++)
		for (unsigned int k = 0; k < 64; k++) {
			TEST_ASSERT_EQ(sun4v_hv_pci_iommu_getmap(e.p, e.dh,
					t_tsbid(m[i].first + k), &attrs, &ra),
				       HV_EOK, "getmap");
			TEST_ASSERT_EQ(ra, t_page(&e, 64 * i + k), "own page");
		}
	t_env_fini(&e);
	return TEST_SUCCESS;
}

struct reader {
	struct sun4v_func *fn;
	atomic_bool stop;
	_Atomic uint64_t ok, faults;
};

static void *
reader_main(void *arg)
{
	struct reader *r = arg;
	uint64_t v;

	while (!atomic_load(&r->stop)) {
		if (sun4v_dma_read(r->fn, t_dvma(0), &v, 8) == 0)
			r->ok++;
		else
			r->faults++;
	}
	return NULL;
}

/* A device thread reads while the main thread maps and demaps the page:
 * after the final DEMAP returns, no translation may survive in the IOTLB. */
static int
test_sun4v_hv_concurrent_dma_vs_demap(void)
{
	struct sun4v_platform_conf c = { .empty_fabric = true,
					 .quarantine_faults = 100000000 };
	struct t_env e;
	struct reader r = { 0 };
	pthread_t th;
	uint64_t n, v, list;

	TEST_ASSERT_OK(t_env_init(&e, &c), "env");
	sun4v_platform_set_log_level(e.p, SUN4V_LOG_ERR);
	r.fn = e.fn0;
	list = t_list(&e, 0, 0, 1);
	TEST_ASSERT_OK(pthread_create(&th, NULL, reader_main, &r), "thread");
	while (atomic_load(&r.ok) + atomic_load(&r.faults) < 100)
		; /* make sure the reader really races with what follows */
	for (unsigned int i = 0; i < 20000; i++) {
		TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, t_tsbid(0), 1,
						      T_RW, list, &n), HV_EOK,
			       "map");
		/* The first time, let the reader cache the translation. */
		for (uint64_t t0 = now_ns(); i == 0 && atomic_load(&r.ok) == 0 &&
		     now_ns() - t0 < 2000000000ULL;)
			;
		TEST_ASSERT_EQ(sun4v_hv_pci_iommu_demap(e.p, e.dh, t_tsbid(0), 1,
							&n), HV_EOK, "demap");
	}
	/* Still racing: the demap above is final; every read must now fault. */
	for (unsigned int i = 0; i < 1000; i++)
		TEST_ASSERT_EQ(sun4v_dma_read(e.fn0, t_dvma(0), &v, 8), -EFAULT,
			       "stale translation after DEMAP");
	atomic_store(&r.stop, true);
	pthread_join(th, NULL);
	TEST_ASSERT(atomic_load(&r.ok) > 0, "the reader saw the mapping at least once");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_sun4v_hv_fast_trap_dispatch),
	TEST_CASE(test_sun4v_hv_latency_model),
	TEST_CASE(test_sun4v_hv_concurrent_map_disjoint),
	TEST_CASE(test_sun4v_hv_concurrent_dma_vs_demap),
	{ NULL, NULL },
};

int
main(void)
{
	return test_run_cases("test_sun4v_hv", cases);
}
