/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the pre-mapped buffer pools
 * (lib/iova_pool/include/iova_pool.h) on the simulated platform through
 * lib/vfio_sun4v: IO page size chosen per IOMMU type, O(1) DVMA math checked against the hypervisor's own GETMAP
 * and a device DMA, teardown with outstanding buffers, growth, the no-huge
 * fallback, bad input, and DVMA entries returning to zero.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hw/sun4v_hv_abi.h>

#include "iova_log_capture.h"
#include "iova_pool.h"
#include "sun4v_dma.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"
#include "test_assert.h"
#include "vfio_sun4v.h"

#define MB (UINT64_C(1) << 20)

struct env {
	struct sun4v_platform *p;
	struct sun4v_func *fn;
	struct iova_pool_domain_handle *h;
	struct vfio_sun4v_container *c;  /* h's */
	struct iova_pool_domain *d;      /* h's */
	enum vfio_sun4v_iommu_type type;
};

static int
env_up(struct env *e, enum vfio_sun4v_iommu_type type, uint64_t legacy_size)
{
	struct sun4v_platform_conf pc = { .legacy_size = legacy_size };

	memset(e, 0, sizeof(*e));
	e->type = type;
	TEST_ASSERT_OK(sun4v_platform_create(&pc, &e->p), "platform");
	TEST_ASSERT_OK(sun4v_platform_default_nic(e->p, 0, &e->fn), "nic 0");
	TEST_ASSERT_OK(iova_pool_domain_open(e->p, sun4v_func_group(e->fn),
					     type, &e->h), "open type %d", type);
	e->c = e->h->container;
	e->d = e->h->domain;
	return TEST_SUCCESS;
}

static void
env_down(struct env *e)
{
	iova_pool_domain_close(e->h);
	sun4v_platform_destroy(e->p);
}

static uint64_t
entries_used(struct env *e)
{
	struct vfio_sun4v_stats st;

	if (vfio_sun4v_stats_get(e->c, &st) != 0)
		return UINT64_MAX;
	return st.iotsb_entries_used;
}

static uint64_t
map_hcalls(struct env *e)
{
	static const uint64_t fns[] = { HV_FAST_PCI_IOMMU_MAP,
		HV_FAST_PCI_IOTSB_MAP, HV_FAST_PCI_IOTSB_MAP_ONE };
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct sun4v_hv_call_stats s = { 0 };

		sun4v_hv_call_stats_get(e->p, fns[i], &s);
		n += s.calls;
	}
	return n;
}

static struct iova_pool_conf
conf(struct env *e, const char *name, uint32_t buf, uint64_t region)
{
	return (struct iova_pool_conf){
		.name = name, .domain = e->d, .buf_size = buf,
		.region_size = region, .numa_node = IOVA_POOL_NUMA_ANY,
	};
}

/* Hypervisor's view of a DVMA: the real address its IOTTE points to. */
static int
hv_translate(struct env *e, uint64_t dvma, uint64_t *ra)
{
	struct vfio_sun4v_info info;
	uint64_t attrs, base, st;
	unsigned int i;

	if (vfio_sun4v_get_info(e->c, &info) != 0)
		return -1;
	for (i = 0; i < info.nb_windows; i++) {
		const struct vfio_sun4v_window *w = &info.windows[i];

		if (dvma < w->iova_base || dvma - w->iova_base >= w->iova_size)
			continue;
		if (e->type == VFIO_SUN4V_IOMMU_LEGACY)
			st = sun4v_hv_pci_iommu_getmap(e->p, info.devhandle,
				(dvma - w->iova_base) / w->page_size, &attrs,
				&base);
		else
			st = sun4v_hv_iotsb_getmap(e->p, info.devhandle,
				w->iotsb_handle,
				(dvma - w->iova_base) / w->page_size, &base,
				&attrs);
		if (st != HV_EOK)
			return -1;
		*ra = base + (dvma - w->iova_base) % w->page_size;
		return 0;
	}
	return -1;
}

/*
 * One region mapped once with the largest IO page it allows: a 256 MB
 * region is one 256 MB IOTTE on the ATU; on legacy every region is 8 KB
 * TTEs, and one allocation is limited to one allocator pool (128 MB of
 * the 2 GB window, iommu-common rule, sun4v-iommu-facts §7).
 */
static int
check_region(const char *name, enum vfio_sun4v_iommu_type type, uint64_t size,
	     uint64_t page, uint64_t entries, uint64_t calls)
{
	struct iova_pool_conf c;
	struct iova_pool_region_info ri;
	struct iova_pool_stats st;
	struct iova_pool *pool;
	struct env e;
	uint64_t h0;

	TEST_ASSERT_OK(env_up(&e, type, 0), "env");
	c = conf(&e, name, 2048, size);
	h0 = map_hcalls(&e);
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create");
	TEST_ASSERT_OK(iova_pool_stats_get(pool, &st), "stats");
	TEST_ASSERT_EQ(st.nb_regions, 1, "one region");
	TEST_ASSERT_EQ(st.io_page_sizes, page, "IO page size");
	TEST_ASSERT_EQ(st.iotsb_entries, entries, "entries");
	TEST_ASSERT_EQ(st.bytes_mapped, size, "bytes");
	TEST_ASSERT_EQ(st.bufs_total, size / 2048, "buffers");
	TEST_ASSERT_EQ(st.map_calls, 1, "one vfio map call");
	TEST_ASSERT_EQ(map_hcalls(&e) - h0, calls, "hypervisor MAP calls");
	TEST_ASSERT_EQ(entries_used(&e), entries, "container entries");
	TEST_ASSERT_OK(iova_pool_region_info_get(pool, 0, &ri), "region");
	TEST_ASSERT_EQ(ri.dvma % page, 0, "DVMA aligned to the IO page");
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 0, "nothing outstanding");
	TEST_ASSERT_EQ(entries_used(&e), 0, "entries back to zero");
	env_down(&e);
	return TEST_SUCCESS;
}

static int
test_iova_pool_atu_256m_one_entry(void)
{
	return check_region("p256atu", VFIO_SUN4V_IOMMU_ATU, 256 * MB, 256 * MB,
			    1, 1);
}

static int
test_iova_pool_legacy_128m_8k_entries(void)
{
	/* 16384 TTEs in calls of at most 1024 (VFIO_SUN4V_BATCH_TTES). */
	return check_region("p128leg", VFIO_SUN4V_IOMMU_LEGACY, 128 * MB, 8192,
			    16384, 16384 / VFIO_SUN4V_BATCH_TTES);
}

/* 256 MB cannot be one legacy allocation: no pool is that large. */
static int
test_iova_pool_legacy_256m_refused(void)
{
	struct iova_pool_conf c;
	struct iova_pool *pool;
	struct env e;

	TEST_ASSERT_OK(env_up(&e, VFIO_SUN4V_IOMMU_LEGACY, 0), "env");
	c = conf(&e, "p256leg", 2048, 256 * MB);
	capture_start();
	TEST_ASSERT_EQ(iova_pool_create(&c, &pool), -ENOSPC, "create");
	capture_stop();
	TEST_ASSERT(strstr(logbuf, "can never be satisfied") != NULL, "%s",
		    logbuf);
	TEST_ASSERT_EQ(entries_used(&e), 0, "nothing mapped");
	env_down(&e);
	return TEST_SUCCESS;
}

/* Every buffer: O(1) DVMA == what GETMAP and a device DMA say. */
static int
check_every_buffer(const char *name, enum vfio_sun4v_iommu_type type)
{
	struct iova_pool_conf c;
	struct iova_pool *pool;
	struct env e;
	void *bufs[600];
	unsigned int i, n = 0;

	TEST_ASSERT_OK(env_up(&e, type, 0), "env");
	c = conf(&e, name, 1500, 0);
	c.bufs_per_region = 200;        /* ~300 KB regions */
	c.max_regions = 3;
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create");
	while (n < 600 && iova_pool_get(pool, &bufs[n]) == 0)
		n++;
	TEST_ASSERT(n > 200, "growth gave %u buffers", n);
	for (i = 0; i < n; i++) {
		uint64_t dvma = iova_pool_dvma(pool, bufs[i]), ra = 0;
		uint32_t tag = 0xa5000000u | i, got;

		TEST_ASSERT_NE(dvma, IOVA_POOL_BAD_DVMA, "buffer %u", i);
		TEST_ASSERT_OK(hv_translate(&e, dvma, &ra), "GETMAP %u", i);
		TEST_ASSERT_EQ(ra, (uintptr_t)bufs[i], "buffer %u DVMA 0x%lx",
			       i, (unsigned long)dvma);
		TEST_ASSERT_OK(sun4v_dma_write(e.fn, dvma + 1496, &tag, 4),
			       "device write to buffer %u", i);
		memcpy(&got, (uint8_t *)bufs[i] + 1496, 4);
		TEST_ASSERT_EQ(got, tag, "device wrote buffer %u", i);
	}
	TEST_ASSERT_EQ(iova_pool_dvma(pool, &n), IOVA_POOL_BAD_DVMA, "stack");
	for (i = 0; i < n; i++)
		TEST_ASSERT_OK(iova_pool_put(pool, bufs[i]), "put %u", i);
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 0, "clean");
	TEST_ASSERT_EQ(entries_used(&e), 0, "entries back to zero");
	env_down(&e);
	return TEST_SUCCESS;
}

static int
test_iova_pool_dvma_math_legacy(void)
{
	return check_every_buffer("small_leg", VFIO_SUN4V_IOMMU_LEGACY);
}

static int
test_iova_pool_dvma_math_atu(void)
{
	return check_every_buffer("small_atu", VFIO_SUN4V_IOMMU_ATU);
}

/* Teardown unmaps everything, reports what was outstanding. */
static int
test_iova_pool_teardown_outstanding(void)
{
	struct iova_pool_conf c;
	struct iova_pool *pool;
	struct env e;
	uint64_t dvma;
	void *b[10];
	unsigned int i;
	uint8_t byte = 1;

	TEST_ASSERT_OK(env_up(&e, VFIO_SUN4V_IOMMU_ATU, 0), "env");
	c = conf(&e, "inflight", 2048, 4 * MB);
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create");
	for (i = 0; i < 10; i++)
		TEST_ASSERT_OK(iova_pool_get(pool, &b[i]), "get");
	dvma = iova_pool_dvma(pool, b[0]);
	TEST_ASSERT_OK(sun4v_dma_write(e.fn, dvma, &byte, 1), "mapped");
	capture_start();
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 10, "10 outstanding");
	capture_stop();
	TEST_ASSERT(strstr(logbuf, "10 buffer(s) outstanding") != NULL,
		    "log: %s", logbuf);
	TEST_ASSERT_EQ(entries_used(&e), 0, "everything unmapped");
	TEST_ASSERT_EQ(sun4v_dma_write(e.fn, dvma, &byte, 1), -EFAULT,
		       "device can no longer reach the buffer");
	env_down(&e);
	return TEST_SUCCESS;
}

/* This machine has no huge pages: regions fall back, said once. */
static int
test_iova_pool_no_huge_fallback(void)
{
	struct iova_pool_region_info ri;
	struct iova_pool_conf c;
	struct iova_pool *pool;
	struct env e;

	TEST_ASSERT_OK(env_up(&e, VFIO_SUN4V_IOMMU_ATU, 0), "env");
	c = conf(&e, "nohuge", 2048, 4 * MB);
	capture_start();
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create");
	capture_stop();
	TEST_ASSERT_OK(iova_pool_region_info_get(pool, 0, &ri), "info");
	if (ri.backing_page_size > 65536) {
		iova_pool_destroy(pool);
		env_down(&e);
		TEST_SKIP("this system has free huge pages (region backed by"
			  " %lu-byte pages): fallback not exercised",
			  (unsigned long)ri.backing_page_size);
	}
	/* The warning is process-wide "once"; this case runs first, so it
	 * must be here, exactly once, and never again afterwards. */
	TEST_ASSERT(strstr(logbuf, "no free huge pages") != NULL &&
		    strstr(strstr(logbuf, "no free huge pages") + 1,
			   "no free huge pages") == NULL, "said once: %s",
		    logbuf);
	TEST_ASSERT_EQ(ri.io_page_size, 4 * MB, "4 MB IO page anyway (sim)");
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 0, "clean");
	capture_start();
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create again");
	capture_stop();
	TEST_ASSERT(strstr(logbuf, "no free huge pages") == NULL,
		    "not repeated: %s", logbuf);
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 0, "clean");
	/* BACKING_CAP: the real-hardware rule caps the IO page at 8 KB. */
	c.flags = IOVA_POOL_F_BACKING_CAP;
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create capped");
	TEST_ASSERT_OK(iova_pool_region_info_get(pool, 0, &ri), "info");
	TEST_ASSERT_EQ(ri.io_page_size, 8192, "capped at the backing size");
	TEST_ASSERT_EQ(ri.entries, 512, "4 MB in 8 KB entries");
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 0, "clean");
	env_down(&e);
	return TEST_SUCCESS;
}

static int
expect_create_fails(struct iova_pool_conf c, int err, const char *needle)
{
	struct iova_pool *pool = NULL;
	int rc;

	capture_start();
	rc = iova_pool_create(&c, &pool);
	capture_stop();
	TEST_ASSERT_EQ(rc, err, "create must fail ('%s')", needle);
	TEST_ASSERT(pool == NULL, "no pool returned");
	TEST_ASSERT(strstr(logbuf, needle) != NULL, "log should name '%s': %s",
		    needle, logbuf);
	return TEST_SUCCESS;
}

static int
test_iova_pool_bad_input(void)
{
	struct iova_pool_conf c;
	struct iova_pool *pool, *p2;
	struct env e;
	void *b;

	TEST_ASSERT_OK(env_up(&e, VFIO_SUN4V_IOMMU_ATU, 0), "env");
	c = conf(&e, "bad", 0, MB);
	TEST_ASSERT_OK(expect_create_fails(c, -EINVAL, "buf_size 0"), "0");
	c = conf(&e, "bad", 2048, UINT64_C(1) << 41);
	TEST_ASSERT_OK(expect_create_fails(c, -EINVAL, "region too large"),
		       "absurd region");
	c = conf(&e, "bad", 65536, 16384);
	TEST_ASSERT_OK(expect_create_fails(c, -EINVAL,
		       "buffer larger than the region"), "buf > region");
	c = conf(&e, "bad", 2048, MB);
	c.numa_node = 999;
	TEST_ASSERT_OK(expect_create_fails(c, -EINVAL, "NUMA node 999"),
		       "numa");
	c = conf(&e, "", 2048, MB);
	TEST_ASSERT_OK(expect_create_fails(c, -EINVAL, "pool name"), "name");
	c = conf(&e, "bad", 2048, MB);
	c.max_regions = 100000;
	TEST_ASSERT_OK(expect_create_fails(c, -EINVAL, "max_regions 100000"),
		       "regions");
	/* Duplicate name, double free, foreign pointer, double destroy. */
	c = conf(&e, "dup", 2048, MB);
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create");
	TEST_ASSERT_EQ(iova_pool_create(&c, &p2), -EEXIST, "duplicate");
	TEST_ASSERT(iova_pool_lookup("dup") == pool, "lookup");
	TEST_ASSERT_OK(iova_pool_get(pool, &b), "get");
	TEST_ASSERT_OK(iova_pool_put(pool, b), "put");
	capture_start();
	TEST_ASSERT_EQ(iova_pool_put(pool, b), -EALREADY, "double free");
	TEST_ASSERT(strstr(logbuf, "double free") != NULL, "%s", logbuf);
	TEST_ASSERT_EQ(iova_pool_put(pool, (uint8_t *)b + 1), -EINVAL,
		       "not a buffer start");
	TEST_ASSERT_EQ(iova_pool_put(pool, &c), -EINVAL, "foreign pointer");
	capture_stop();
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 0, "destroy");
	capture_start();
	TEST_ASSERT_EQ(iova_pool_destroy(pool), -EALREADY, "double destroy");
	capture_stop();
	TEST_ASSERT(strstr(logbuf, "destroyed twice") != NULL, "%s", logbuf);
	TEST_ASSERT(iova_pool_lookup("dup") == NULL, "gone");
	TEST_ASSERT_EQ(entries_used(&e), 0, "entries back to zero");
	env_down(&e);
	return TEST_SUCCESS;
}

/* Legacy window of 64 MB: 16 pools of 4 MB, each holds two 2 MB regions. */
static int
test_iova_pool_window_exhausted(void)
{
	struct iova_alloc_stats as;
	struct iova_pool_stats st;
	struct iova_pool_conf c;
	struct iova_alloc *a;
	struct iova_pool *pool;
	struct env e;
	void *b;
	uint64_t got = 0;
	int rc;

	TEST_ASSERT_OK(env_up(&e, VFIO_SUN4V_IOMMU_LEGACY, 64 * MB), "env");
	c = conf(&e, "tight", 2048, 2 * MB);
	c.max_regions = 64;
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create");
	capture_start();
	while ((rc = iova_pool_get(pool, &b)) == 0)
		got++;
	capture_stop();
	TEST_ASSERT_EQ(rc, -ENOBUFS, "exhausted");
	TEST_ASSERT_EQ(got, 32 * 2 * MB / 2048, "the whole window's worth");
	TEST_ASSERT(strstr(logbuf, "no window has room") != NULL, "%s",
		    logbuf);
	TEST_ASSERT_OK(iova_pool_stats_get(pool, &st), "stats");
	TEST_ASSERT_EQ(st.nb_regions, 32, "regions");
	TEST_ASSERT_EQ(st.map_errors, 1, "the 33rd region found no DVMA");
	TEST_ASSERT_EQ(st.get_empty, 1, "one refused get");
	TEST_ASSERT_EQ(iova_pool_destroy(pool), (int64_t)got, "outstanding");
	TEST_ASSERT_EQ(entries_used(&e), 0, "entries back to zero");
	TEST_ASSERT_OK(iova_pool_domain_allocator(e.d, 8192, &a), "alloc");
	TEST_ASSERT_OK(iova_alloc_stats_get(a, &as), "alloc stats");
	TEST_ASSERT_EQ(as.pages_in_use, 0, "DVMA pages back to zero");
	env_down(&e);
	return TEST_SUCCESS;
}

/* Region-only pools: caller memory and pool memory, add and remove. */
static int
test_iova_pool_region_only(void)
{
	struct iova_pool_region_info ri;
	struct iova_pool_conf c;
	struct iova_pool *pool;
	struct env e;
	uint64_t ra;
	void *mem, *raw;
	int idx;

	TEST_ASSERT_OK(env_up(&e, VFIO_SUN4V_IOMMU_ATU, 0), "env");
	c = conf(&e, "ronly", 0, 0);
	c.flags = IOVA_POOL_F_REGION_ONLY;
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create");
	raw = mmap(NULL, 65 * 8192, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(raw != MAP_FAILED, "mmap");
	/* mmap gives 4 KB alignment; IO pages need 8 KB. */
	mem = (void *)(((uintptr_t)raw + 8191) & ~(uintptr_t)8191);
	/* Caller memory must be guest RAM already. */
	TEST_ASSERT_EQ(iova_pool_region_add(pool, mem, 64 * 8192, &ri),
		       -EFAULT, "unregistered memory");
	TEST_ASSERT_OK(vfio_sun4v_mem_register(e.c, mem, 64 * 8192), "reg");
	idx = iova_pool_region_add(pool, mem, 64 * 8192, &ri);
	TEST_ASSERT(idx >= 0, "add caller memory: %d", idx);
	TEST_ASSERT_OK(hv_translate(&e, ri.dvma + 8192 * 3 + 5, &ra), "xl");
	TEST_ASSERT_EQ(ra, (uintptr_t)mem + 8192 * 3 + 5, "translation");
	TEST_ASSERT_EQ(iova_pool_dvma(pool, (uint8_t *)mem + 100),
		       ri.dvma + 100, "lookup");
	idx = iova_pool_region_add(pool, NULL, 3 * MB, &ri);
	TEST_ASSERT(idx >= 0, "add pool memory: %d", idx);
	TEST_ASSERT(ri.owned && ri.len >= 3 * MB, "owned region");
	TEST_ASSERT_EQ(iova_pool_region_add(pool, (uint8_t *)mem + 1, 8192,
					    NULL), -EINVAL, "misaligned");
	TEST_ASSERT_OK(iova_pool_region_remove(pool, mem), "remove");
	TEST_ASSERT_EQ(iova_pool_region_remove(pool, mem), -ENOENT, "twice");
	TEST_ASSERT_EQ(iova_pool_dvma(pool, mem), IOVA_POOL_BAD_DVMA, "gone");
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 0, "destroy");
	TEST_ASSERT_EQ(entries_used(&e), 0, "entries back to zero");
	vfio_sun4v_mem_unregister(e.c, mem, 64 * 8192);
	munmap(raw, 65 * 8192);
	env_down(&e);
	return TEST_SUCCESS;
}

/* NUMA node 0 exists on every machine; the pool must accept it. */
static int
test_iova_pool_numa_node0(void)
{
	struct iova_pool_conf c;
	struct iova_pool *pool;
	struct env e;
	void *b;

	TEST_ASSERT_OK(env_up(&e, VFIO_SUN4V_IOMMU_ATU, 0), "env");
	c = conf(&e, "node0", 2048, MB);
	c.numa_node = 0;
	c.flags = IOVA_POOL_F_POPULATE;
	TEST_ASSERT_OK(iova_pool_create(&c, &pool), "create on node 0");
	TEST_ASSERT_OK(iova_pool_get(pool, &b), "get");
	memset(b, 0x5a, 2048);
	TEST_ASSERT_EQ(iova_pool_destroy(pool), 1, "one outstanding");
	env_down(&e);
	return TEST_SUCCESS;
}

/* ---- two threads recycling one pool ----------------------------------- */

#define CYCLES 100000u

static struct iova_pool *shared_pool;
static atomic_uint shared_errors;

/* Each thread stamps the buffers it holds; a buffer handed to both would
 * show the other thread's stamp. */
static void *
recycle_thread(void *arg)
{
	uint32_t me = (uint32_t)(uintptr_t)arg;
	void *held[8] = { NULL };
	unsigned int i, k;

	for (i = 0; i < CYCLES; i++) {
		k = i % 8;
		if (held[k] != NULL) {
			if (*(volatile uint32_t *)held[k] != me ||
			    iova_pool_put(shared_pool, held[k]) != 0)
				atomic_fetch_add(&shared_errors, 1);
			held[k] = NULL;
		}
		if (iova_pool_get(shared_pool, &held[k]) != 0) {
			atomic_fetch_add(&shared_errors, 1);
			held[k] = NULL;
			continue;
		}
		*(volatile uint32_t *)held[k] = me;
	}
	for (k = 0; k < 8; k++)
		if (held[k] != NULL && iova_pool_put(shared_pool, held[k]) != 0)
			atomic_fetch_add(&shared_errors, 1);
	return NULL;
}

static int
test_iova_pool_two_threads(void)
{
	struct iova_pool_stats st;
	struct iova_pool_conf c;
	struct env e;
	pthread_t t[2];
	unsigned int i;

	TEST_ASSERT_OK(env_up(&e, VFIO_SUN4V_IOMMU_ATU, 0), "env");
	c = conf(&e, "shared", 256, 0);
	c.bufs_per_region = 16;         /* 2 x 8 held: the pool runs dry-ish */
	c.flags = IOVA_POOL_F_NO_GROW;
	TEST_ASSERT_OK(iova_pool_create(&c, &shared_pool), "create");
	atomic_store(&shared_errors, 0);
	for (i = 0; i < 2; i++)
		TEST_ASSERT_OK(pthread_create(&t[i], NULL, recycle_thread,
					      (void *)(uintptr_t)(i + 1)),
			       "thread");
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	TEST_ASSERT_EQ(atomic_load(&shared_errors), 0,
		       "buffer shared by two threads or get/put failed");
	TEST_ASSERT_OK(iova_pool_stats_get(shared_pool, &st), "stats");
	TEST_ASSERT_EQ(st.bufs_outstanding, 0, "all returned");
	TEST_ASSERT_EQ(st.map_calls, 1, "one map call for 200k cycles");
	TEST_ASSERT_EQ(iova_pool_destroy(shared_pool), 0, "clean");
	env_down(&e);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_iova_pool_no_huge_fallback),
		TEST_CASE(test_iova_pool_atu_256m_one_entry),
		TEST_CASE(test_iova_pool_legacy_128m_8k_entries),
		TEST_CASE(test_iova_pool_legacy_256m_refused),
		TEST_CASE(test_iova_pool_dvma_math_legacy),
		TEST_CASE(test_iova_pool_dvma_math_atu),
		TEST_CASE(test_iova_pool_teardown_outstanding),
		TEST_CASE(test_iova_pool_bad_input),
		TEST_CASE(test_iova_pool_window_exhausted),
		TEST_CASE(test_iova_pool_region_only),
		TEST_CASE(test_iova_pool_numa_node0),
		TEST_CASE(test_iova_pool_two_threads),
		{ NULL, NULL },
	};

	return test_run_cases("iova_pool", cases);
}
