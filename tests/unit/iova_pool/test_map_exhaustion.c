/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PMD's dma=map path from two threads under exhaustion pressure
 * (issue 7, load and endurance): each thread does what a map-mode queue
 * does per buffer -- DVMA from the domain's 8 KB allocator
 * (iova_pool_domain_allocator()), one vfio_sun4v_map_page(), later
 * vfio_sun4v_unmap_page() and the allocator free -- on a legacy window of
 * 8 MB (1,024 entries) that the two threads together want to overfill.
 * Maps fail with -ENOSPC (only that), and afterwards every entry of the
 * window is checked with PCI_IOMMU_GETMAP against what each thread
 * believes it holds: no entry mapped twice, none lost, none left over.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <hw/sun4v_hv_abi.h>

#include "iova_pool_domain.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"
#include "test_assert.h"
#include "vfio_sun4v.h"

#define PG 8192u
#define WINDOW (8u << 20)          /* 1,024 legacy entries */
#define HOLD 700u                  /* each thread wants up to this many */
#define ITERS 200000u

struct held {
	uint64_t dvma;
	uint8_t *va;
};

struct worker {
	struct vfio_sun4v_container *c;
	struct iova_alloc *a;
	uint8_t *mem;              /* HOLD pages of this thread's memory */
	struct held h[HOLD];
	unsigned int n;            /* entries held */
	unsigned int seed;
	uint64_t maps, unmaps, enospc;
	int err;                   /* first unexpected errno */
};

static atomic_uint ready;

static void
one_step(struct worker *w)
{
	/* Biased to map: both threads climb toward HOLD, 2 x 700 > 1,024. */
	bool map = w->n == 0 || (w->n < HOLD && rand_r(&w->seed) % 5 < 3);
	uint64_t dvma;
	int rc;

	if (!map) {
		unsigned int k = (unsigned int)rand_r(&w->seed) % w->n;

		rc = vfio_sun4v_unmap_page(w->c, w->h[k].dvma);
		if (rc != 0 && w->err == 0)
			fprintf(stderr, "  unmap_page(0x%" PRIx64 "): %d\n",
				w->h[k].dvma, rc);
		if (rc == 0) {
			rc = iova_alloc_free(w->a, w->h[k].dvma, 1);
			if (rc != 0 && w->err == 0)
				fprintf(stderr, "  alloc_free(0x%" PRIx64 "): %d\n",
					w->h[k].dvma, rc);
		}
		if (rc != 0 && w->err == 0)
			w->err = rc;
		w->h[k] = w->h[--w->n];
		w->unmaps++;
		return;
	}
	rc = iova_alloc_range(w->a, 1, 0, &dvma);
	if (rc != 0 && rc != -ENOSPC && w->err == 0)
		fprintf(stderr, "  alloc_range: %d\n", rc);
	if (rc == 0) {
		uint8_t *va = w->mem + (size_t)(rand_r(&w->seed) % HOLD) * PG;

		rc = vfio_sun4v_map_page(w->c, va, dvma, VFIO_SUN4V_DMA_WRITE);
		if (rc != 0 && rc != -ENOSPC && w->err == 0)
			fprintf(stderr, "  map_page(%p, 0x%" PRIx64 "): %d\n",
				(void *)va, dvma, rc);
		if (rc != 0)
			iova_alloc_free(w->a, dvma, 1);
		else
			w->h[w->n++] = (struct held){ dvma, va };
	}
	if (rc == 0)
		w->maps++;
	else if (rc == -ENOSPC)
		w->enospc++;
	else if (w->err == 0)
		w->err = rc;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	iova_alloc_thread_index_set(w->seed);
	atomic_fetch_add(&ready, 1);
	while (atomic_load(&ready) < 2)
		;
	for (unsigned int i = 0; i < ITERS && w->err == 0; i++)
		one_step(w);
	return NULL;
}

/* GETMAP of every entry of the window against the two threads' records. */
static int
verify(struct sun4v_platform *p, uint64_t devhandle, uint64_t base,
       struct worker w[2], uint64_t *mapped)
{
	uint8_t *owner = calloc(WINDOW / PG, 1);
	uint64_t attrs, ra;

	TEST_ASSERT(owner != NULL, "calloc");
	for (int t = 0; t < 2; t++) {
		for (unsigned int k = 0; k < w[t].n; k++) {
			uint64_t idx = (w[t].h[k].dvma - base) / PG;

			TEST_ASSERT(owner[idx] == 0, "entry %" PRIu64 " held by "
				    "both threads", idx);
			owner[idx] = (uint8_t)(t + 1);
		}
	}
	*mapped = 0;
	for (uint64_t idx = 0; idx < WINDOW / PG; idx++) {
		uint64_t st = sun4v_hv_pci_iommu_getmap(p, devhandle,
			sun4v_hv_abi_tsbid(0, (uint32_t)idx), &attrs, &ra);

		if (owner[idx] == 0) {
			TEST_ASSERT_EQ(st, HV_ENOMAP, "entry %" PRIu64 " mapped but "
				       "held by nobody", idx);
			continue;
		}
		TEST_ASSERT_EQ(st, HV_EOK, "entry %" PRIu64 " held but not mapped",
			       idx);
		(*mapped)++;
	}
	/* Each thread's record must match what the table maps to. */
	for (int t = 0; t < 2; t++)
		for (unsigned int k = 0; k < w[t].n; k++) {
			uint64_t idx = (w[t].h[k].dvma - base) / PG;

			sun4v_hv_pci_iommu_getmap(p, devhandle,
				sun4v_hv_abi_tsbid(0, (uint32_t)idx), &attrs, &ra);
			TEST_ASSERT_EQ(ra, (uint64_t)(uintptr_t)w[t].h[k].va,
				       "entry %" PRIu64 " maps another page", idx);
		}
	free(owner);
	return TEST_SUCCESS;
}

static int
test_map_exhaustion_two_threads(void)
{
	struct sun4v_platform_conf pc = { .legacy_size = WINDOW };
	size_t memlen = 2u * HOLD * PG;
	struct vfio_sun4v_info info;
	struct iova_pool_domain_handle *h;
	struct vfio_sun4v_container *c;
	struct sun4v_platform *p;
	struct sun4v_func *fn;
	struct worker *w = calloc(2, sizeof(*w));
	pthread_t th[2];
	uint8_t *mem, *raw;
	uint64_t mapped;
	int rc;

	TEST_ASSERT(w != NULL, "calloc");
	/* IO pages are 8 KB: the memory must be 8 KB aligned. */
	raw = mmap(NULL, memlen + PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(raw != MAP_FAILED, "mmap");
	mem = (uint8_t *)(((uintptr_t)raw + PG - 1) & ~(uintptr_t)(PG - 1));
	TEST_ASSERT_OK(sun4v_platform_create(&pc, &p), "platform");
	TEST_ASSERT_OK(sun4v_mem_register(p, mem, memlen), "RAM");
	TEST_ASSERT_OK(sun4v_platform_default_nic(p, 0, &fn), "nic");
	TEST_ASSERT_OK(iova_pool_domain_open(p, sun4v_func_group(fn),
					     VFIO_SUN4V_IOMMU_LEGACY, &h), "open");
	c = h->container;
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.windows[0].entries_total, WINDOW / PG, "window size");
	atomic_store(&ready, 0);
	for (int t = 0; t < 2; t++) {
		w[t].c = c;
		w[t].mem = mem + (size_t)t * HOLD * PG;
		w[t].seed = 7u + (unsigned int)t;
		w[t].a = h->alloc8k;
	}
	for (int t = 0; t < 2; t++)
		TEST_ASSERT_OK(pthread_create(&th[t], NULL, worker_main, &w[t]),
			       "thread");
	for (int t = 0; t < 2; t++)
		pthread_join(th[t], NULL);
	printf("  thread 0: %" PRIu64 " maps, %" PRIu64 " unmaps, %" PRIu64
	       " ENOSPC, holds %u; thread 1: %" PRIu64 " maps, %" PRIu64
	       " unmaps, %" PRIu64 " ENOSPC, holds %u\n", w[0].maps,
	       w[0].unmaps, w[0].enospc, w[0].n, w[1].maps, w[1].unmaps,
	       w[1].enospc, w[1].n);
	TEST_ASSERT_OK(w[0].err, "thread 0: unexpected error");
	TEST_ASSERT_OK(w[1].err, "thread 1: unexpected error");
	TEST_ASSERT(w[0].enospc + w[1].enospc > 0,
		    "the window never ran out: no exhaustion pressure");
	rc = verify(p, info.devhandle, info.windows[0].iova_base, w, &mapped);
	if (rc != TEST_SUCCESS)
		return rc;
	TEST_ASSERT_EQ(mapped, w[0].n + w[1].n, "entries mapped != held");
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.windows[0].entries_used, mapped,
		       "vfio_sun4v's count != the table's");
	for (int t = 0; t < 2; t++)
		while (w[t].n > 0) {
			w[t].n--;
			TEST_ASSERT_OK(vfio_sun4v_unmap_page(c, w[t].h[w[t].n].dvma),
				       "unmap");
			TEST_ASSERT_OK(iova_alloc_free(w[t].a, w[t].h[w[t].n].dvma, 1),
				       "free");
		}
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.windows[0].entries_used, 0, "entries left");
	TEST_ASSERT_OK(iova_pool_domain_close(h), "close");
	sun4v_platform_destroy(p);
	munmap(raw, memlen + PG);
	free(w);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_map_exhaustion_two_threads),
		{ NULL, NULL },
	};

	return test_run_cases("map_exhaustion", cases);
}
