/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v concurrency: two threads map and unmap random, partly
 * overlapping IOVA ranges of one container (single pages through the fast
 * path, short runs through map_dma).  Afterwards every page is checked with
 * GETMAP against what each thread believes it owns: no page owned twice,
 * no owned page missing from the table, no unowned page left in it, and
 * the container's entries-in-use count matches.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "v4_test.h"

#define PG HV_IO_PAGE_SIZE
#define RW (VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE)
#define NPAGES 2048u   /* shared IOVA pages both threads fight over */
#define ITERS 100000u
#define NTHREADS 2u

struct worker {
	struct vfio_sun4v_container *c;
	uint64_t iova_base;
	uint8_t *mem;              /* NPAGES pages of this thread */
	unsigned int seed;
	uint8_t len[NPAGES];       /* length of my mapping starting here, 0 = none */
	uint64_t maps, unmaps, busy;
	int err;                   /* first unexpected return value */
};

static atomic_uint ready;

static void *
worker_main(void *arg)
{
	struct worker *w = arg;

	/* Start together so the threads really race. */
	atomic_fetch_add(&ready, 1);
	while (atomic_load(&ready) < NTHREADS)
		;
	for (unsigned int i = 0; i < ITERS && w->err == 0; i++) {
		unsigned int k = (unsigned int)rand_r(&w->seed) % NPAGES;
		unsigned int n = 1 + (unsigned int)rand_r(&w->seed) % 4;
		uint64_t iova = w->iova_base + (uint64_t)k * PG;
		int rc;

		if (w->len[k] != 0) {
			rc = w->len[k] == 1 ? vfio_sun4v_unmap_page(w->c, iova) :
				vfio_sun4v_unmap_dma(w->c, iova, w->len[k] * PG);
			if (rc != 0)
				w->err = rc;
			w->len[k] = 0;
			w->unmaps++;
			continue;
		}
		if (k + n > NPAGES)
			n = NPAGES - k;
		rc = n == 1 ? vfio_sun4v_map_page(w->c, w->mem + (uint64_t)k * PG, iova, RW) :
			vfio_sun4v_map_dma(w->c, w->mem + (uint64_t)k * PG, iova, n * PG, RW);
		if (rc == 0) {
			w->len[k] = (uint8_t)n;
			w->maps++;
		} else if (rc == -EEXIST) {
			w->busy++;
		} else {
			w->err = rc;
		}
	}
	return NULL;
}

/* GETMAP of every page against the owners' records. */
static int
verify(struct v4t *t, struct vfio_sun4v_container *c,
       const struct vfio_sun4v_window *win, bool legacy, struct worker *w)
{
	struct vfio_sun4v_info info;
	uint64_t owned = 0;

	for (unsigned int k = 0; k < NPAGES; k++) {
		uint64_t iova = win->iova_base + (uint64_t)k * PG, want = 0, ra;
		unsigned int owners = 0;

		for (unsigned int i = 0; i < NTHREADS; i++)
			for (unsigned int s = k >= 3 ? k - 3 : 0; s <= k; s++)
				if (w[i].len[s] != 0 && s + w[i].len[s] > k) {
					owners++;
					want = (uint64_t)(uintptr_t)(w[i].mem +
								     (uint64_t)k * PG);
				}
		TEST_ASSERT(owners <= 1, "page %u owned by %u mappings (double entry)",
			    k, owners);
		ra = legacy ? v4t_legacy_ra(t->p, v4t_devhandle(c), win->iova_base, iova) :
			      v4t_atu_ra(t->p, v4t_devhandle(c), win, iova);
		TEST_ASSERT_EQ(ra, want, "page %u: %s", k,
			       owners ? "owned page not in the table (lost entry)" :
					"unowned page left in the table");
		owned += owners;
	}
	TEST_ASSERT_OK(vfio_sun4v_get_info(c, &info), "info");
	TEST_ASSERT_EQ(info.entries_used, owned, "entries in use == owned pages");
	return TEST_SUCCESS;
}

static int
run_case(enum vfio_sun4v_iommu_type type)
{
	struct vfio_sun4v_container *c = NULL;
	struct vfio_sun4v_window win = { 0 };
	struct vfio_sun4v_stats st;
	static struct worker w[NTHREADS];
	pthread_t th[NTHREADS];
	struct v4t t;
	uint64_t maps = 0, unmaps = 0;

	TEST_ASSERT_OK(v4t_setup(&t, NULL, NTHREADS * NPAGES * PG, PG), "setup");
	TEST_ASSERT_OK(v4t_container(&t, t.a, type, &c), "container");
	TEST_ASSERT_OK(v4t_window(c, PG, &win), "8K window");
	/* Configure the ATU window before the race (lazy setup is tested elsewhere). */
	TEST_ASSERT_OK(vfio_sun4v_map_page(c, t.buf, win.iova_base + NPAGES * PG, RW),
		       "warm-up");
	TEST_ASSERT_OK(vfio_sun4v_unmap_page(c, win.iova_base + NPAGES * PG), "warm-up");
	TEST_ASSERT_OK(v4t_window(c, PG, &win), "now with its IOTSB handle");
	atomic_store(&ready, 0);
	for (unsigned int i = 0; i < NTHREADS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].c = c;
		w[i].iova_base = win.iova_base;
		w[i].mem = t.buf + (uint64_t)i * NPAGES * PG;
		w[i].seed = 1234u + 77u * i;
		TEST_ASSERT_OK(pthread_create(&th[i], NULL, worker_main, &w[i]), "thread");
	}
	for (unsigned int i = 0; i < NTHREADS; i++) {
		pthread_join(th[i], NULL);
		TEST_ASSERT_OK(w[i].err, "thread %u: unexpected return", i);
		maps += w[i].maps;
		unmaps += w[i].unmaps;
	}
	TEST_ASSERT(maps > ITERS / 4 && unmaps > ITERS / 4, "both map and unmap ran");
	if (verify(&t, c, &win, type == VFIO_SUN4V_IOMMU_LEGACY, w) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_OK(vfio_sun4v_stats_get(c, &st), "stats");
	TEST_ASSERT_EQ(st.dma_unmap_errors, 0, "no unmap failed");
	TEST_ASSERT_EQ(st.hv_map_ttes - st.hv_demap_ttes, st.iotsb_entries_used,
		       "mapped - demapped == in use");
	vfio_sun4v_container_destroy(c);
	v4t_teardown(&t);
	return TEST_SUCCESS;
}

static int
test_vfio_sun4v_threads_legacy(void)
{
	return run_case(VFIO_SUN4V_IOMMU_LEGACY);
}

static int
test_vfio_sun4v_threads_atu(void)
{
	return run_case(VFIO_SUN4V_IOMMU_ATU);
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_vfio_sun4v_threads_legacy),
		TEST_CASE(test_vfio_sun4v_threads_atu),
		{ NULL, NULL },
	};

	return test_run_cases("vfio_sun4v_threads", cases);
}
