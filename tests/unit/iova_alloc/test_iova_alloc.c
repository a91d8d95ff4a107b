/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of the DVMA range allocator (lib/iova_pool/include/iova_alloc.h):
 * capacity, fragmentation, alignment and boundary, second pass and
 * cross-pool fallback, large pool, bad input, and a 2-thread stress run
 * that checks no page is ever handed out twice.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "iova_alloc.h"
#include "iova_log.h"
#include "test_assert.h"

#define PG 8192u

/* ---- log capture: failures must name the offending value --------------- */
static char last_log[512];
static unsigned int nb_logs;

static void
capture_log(int level, const char *msg, void *arg)
{
	(void)level;
	(void)arg;
	snprintf(last_log, sizeof(last_log), "%s", msg);
	nb_logs++;
}

static void
log_capture_start(void)
{
	last_log[0] = '\0';
	nb_logs = 0;
	iova_log_set_handler(capture_log, NULL);
}

static void
log_capture_stop(void)
{
	iova_log_set_handler(NULL, NULL);
}

static int
mk(struct iova_alloc **a, uint64_t base, uint64_t n, unsigned int pools,
   bool large)
{
	struct iova_alloc_conf c = {
		.name = "test", .base = base, .nb_pages = n,
		.nb_pools = pools, .large_pool = large,
	};

	return iova_alloc_create(&c, a);
}

/* Every single-page allocation succeeds until exactly nb_pages. */
static int
test_iova_alloc_exhaust_exact_capacity(void)
{
	const uint64_t n = 16 * 100 + 7, base = 0x80000000;
	struct iova_alloc_stats st;
	struct iova_alloc *a;
	uint8_t *seen = calloc(n, 1);
	uint64_t i, dvma;

	TEST_ASSERT(seen != NULL, "calloc");
	TEST_ASSERT_OK(mk(&a, base, n, 0, false), "create");
	TEST_ASSERT_EQ(iova_alloc_nb_pools(a), 16, "default pool count");
	for (i = 0; i < n; i++) {
		uint64_t idx;

		TEST_ASSERT_OK(iova_alloc_range(a, 1, 0, &dvma),
			       "allocation %lu of %lu", (unsigned long)i,
			       (unsigned long)n);
		TEST_ASSERT(dvma >= base && dvma < base + n * PG &&
			    dvma % PG == 0, "dvma 0x%lx outside window",
			    (unsigned long)dvma);
		idx = (dvma - base) / PG;
		TEST_ASSERT_EQ(seen[idx], 0, "page %lu handed out twice",
			       (unsigned long)idx);
		seen[idx] = 1;
	}
	log_capture_start();
	TEST_ASSERT_EQ(iova_alloc_range(a, 1, 0, &dvma), -ENOSPC,
		       "allocation n+1 must fail");
	log_capture_stop();
	TEST_ASSERT(strstr(last_log, "no room for 1 page") != NULL,
		    "failure log names the request: '%s'", last_log);
	TEST_ASSERT_OK(iova_alloc_stats_get(a, &st), "stats");
	TEST_ASSERT_EQ(st.pages_in_use, n, "all pages in use");
	TEST_ASSERT_EQ(st.allocs, n, "allocs");
	TEST_ASSERT_EQ(st.failures, 1, "failures");
	TEST_ASSERT_EQ(st.nb_pages, n, "capacity");
	for (i = 0; i < n; i++)
		TEST_ASSERT_OK(iova_alloc_free(a, base + i * PG, 1), "free %lu",
			       (unsigned long)i);
	TEST_ASSERT_OK(iova_alloc_stats_get(a, &st), "stats");
	TEST_ASSERT_EQ(st.pages_in_use, 0, "all pages back");
	TEST_ASSERT_EQ(iova_alloc_destroy(a), 0, "nothing left allocated");
	free(seen);
	return TEST_SUCCESS;
}

/* With a large pool, small requests get exactly the lower 3/4. */
static int
test_iova_alloc_large_pool_split(void)
{
	const uint64_t n = 1024;
	struct iova_alloc_pool_info li;
	struct iova_alloc *a;
	uint64_t i, dvma, small = 0;

	TEST_ASSERT_OK(mk(&a, 0, n, 4, true), "create");
	TEST_ASSERT_EQ(iova_alloc_nb_pools(a), 5, "4 pools + large");
	TEST_ASSERT_OK(iova_alloc_pool_info_get(a, 4, &li), "large info");
	TEST_ASSERT(li.large, "last pool is the large one");
	TEST_ASSERT_EQ(li.start, n - n / 4, "large pool = top quarter");
	TEST_ASSERT_EQ(li.end, n, "large pool end");
	/* A 16-page request (> 15) lands in the large pool. */
	TEST_ASSERT_OK(iova_alloc_range(a, 16, 0, &dvma), "large alloc");
	TEST_ASSERT(dvma / PG >= li.start, "large alloc at page %lu",
		    (unsigned long)(dvma / PG));
	TEST_ASSERT_OK(iova_alloc_free(a, dvma, 16), "free large");
	while (iova_alloc_range(a, 1, 0, &dvma) == 0) {
		TEST_ASSERT(dvma / PG < li.start, "small alloc in large pool");
		small++;
	}
	TEST_ASSERT_EQ(small, n - n / 4, "small capacity = 3/4 of window");
	for (i = 0; i < n / 4 / 16; i++)
		TEST_ASSERT_OK(iova_alloc_range(a, 16, 0, &dvma), "large %lu",
			       (unsigned long)i);
	TEST_ASSERT_EQ(iova_alloc_range(a, 16, 0, &dvma), -ENOSPC,
		       "large pool exhausted, no fallback to small pools");
	TEST_ASSERT_EQ(iova_alloc_destroy(a), (int64_t)n,
		       "destroy reports the pages left");
	return TEST_SUCCESS;
}

/*
 * Fragmentation: with every other page taken, half the pool is free but no
 * 2-page run exists; another pool still serves it.
 */
static int
test_iova_alloc_fragmentation(void)
{
	struct iova_alloc_stats st;
	struct iova_alloc *a;
	uint64_t dvma, i, got = 0;

	TEST_ASSERT_OK(mk(&a, 0, 64, 1, false), "create one pool");
	for (i = 0; i < 64; i++)
		TEST_ASSERT_OK(iova_alloc_range(a, 1, 0, &dvma), "fill");
	for (i = 0; i < 64; i += 2)
		TEST_ASSERT_OK(iova_alloc_free(a, i * PG, 1), "punch %lu",
			       (unsigned long)i);
	TEST_ASSERT_EQ(iova_alloc_range(a, 2, 0, &dvma), -ENOSPC,
		       "32 free pages but no 2-page run");
	while (iova_alloc_range(a, 1, 0, &dvma) == 0)
		got++;
	TEST_ASSERT_EQ(got, 32, "every hole is usable by 1-page requests");
	iova_alloc_destroy(a);

	/* Same hole pattern in the home pool of a 2-pool allocator. */
	iova_alloc_thread_index_set(0);
	TEST_ASSERT_OK(mk(&a, 0, 128, 2, false), "create two pools");
	TEST_ASSERT_EQ(iova_alloc_thread_pool(a), 0, "thread 0 -> pool 0");
	for (i = 0; i < 64; i++)
		TEST_ASSERT_OK(iova_alloc_range(a, 1, 0, &dvma), "fill");
	TEST_ASSERT(dvma < 64 * PG, "filled pool 0 first");
	for (i = 0; i < 64; i += 2)
		TEST_ASSERT_OK(iova_alloc_free(a, i * PG, 1), "punch");
	iova_alloc_stats_reset(a);
	TEST_ASSERT_OK(iova_alloc_range(a, 2, 0, &dvma), "served by pool 1");
	TEST_ASSERT(dvma >= 64 * PG, "2-page run from pool 1, got 0x%lx",
		    (unsigned long)dvma);
	TEST_ASSERT_OK(iova_alloc_stats_get(a, &st), "stats");
	TEST_ASSERT_EQ(st.pool_switches, 1, "one move to another pool");
	/* Pool 0's hint had reached its end, so pass 0 already started at
	 * the pool start (a plain wrap, no pass 1); the extra pass is the
	 * visit of pool 1. */
	TEST_ASSERT_EQ(st.passes, 1, "visit of pool 1");
	/* A request larger than any pool is refused up front, even though
	 * 94 pages are free in total. */
	TEST_ASSERT_EQ(iova_alloc_range(a, 65, 0, &dvma), -EINVAL,
		       "request larger than a pool");
	iova_alloc_destroy(a);
	return TEST_SUCCESS;
}

/* Alignment is in absolute DVMA pages; ranges never cross a boundary. */
static int
test_iova_alloc_align_boundary(void)
{
	struct iova_alloc_conf c = {
		.name = "bnd", .base = 3 * PG, .nb_pages = 1024,
		.nb_pools = 1, .seg_boundary = 8 * PG,
	};
	struct iova_alloc *a;
	uint64_t dvma, i;

	TEST_ASSERT_OK(iova_alloc_create(&c, &a), "create");
	for (i = 0; i < 20; i++) {
		TEST_ASSERT_OK(iova_alloc_range(a, 1, 3, &dvma), "aligned");
		TEST_ASSERT_EQ(dvma % (8 * PG), 0, "64 KB aligned DVMA");
	}
	for (i = 0; i < 100; i++) {
		TEST_ASSERT_OK(iova_alloc_range(a, 3, 0, &dvma), "3 pages");
		TEST_ASSERT_EQ(dvma / (8 * PG), (dvma + 3 * PG - 1) / (8 * PG),
			       "range at 0x%lx crosses a 64 KB boundary",
			       (unsigned long)dvma);
	}
	TEST_ASSERT_EQ(iova_alloc_range(a, 9, 0, &dvma), -EINVAL,
		       "9 pages can never fit an 8-page boundary");
	TEST_ASSERT_EQ(iova_alloc_range(a, 1, 41, &dvma), -EINVAL,
		       "absurd align order");
	TEST_ASSERT_EQ(iova_alloc_range(a, 0, 0, &dvma), -EINVAL, "0 pages");
	iova_alloc_destroy(a);

	/* Huge IO pages: 256 MB pages, window of 8 pages above 4 GB. */
	c = (struct iova_alloc_conf){
		.base = UINT64_C(0x100000000000), .nb_pages = 8,
		.page_shift = 28, .nb_pools = 1,
		.seg_boundary = IOVA_ALLOC_SEG_BOUNDARY_NONE,
	};
	TEST_ASSERT_OK(iova_alloc_create(&c, &a), "create 256 MB pages");
	TEST_ASSERT_EQ(iova_alloc_page_size(a), UINT64_C(1) << 28, "page");
	TEST_ASSERT_OK(iova_alloc_range(a, 1, 0, &dvma), "one page");
	TEST_ASSERT_OK(iova_alloc_range(a, 2, 1, &dvma), "two pages aligned");
	TEST_ASSERT_EQ(dvma % (UINT64_C(1) << 29), 0, "512 MB aligned");
	iova_alloc_destroy(a);
	return TEST_SUCCESS;
}

static unsigned int flushes;

static void
count_flush(void *arg)
{
	(void)arg;
	flushes++;
}

/* Pass 0 from the hint fails, pass 1 from the pool start succeeds. */
static int
test_iova_alloc_second_pass(void)
{
	struct iova_alloc_conf c = {
		.name = "pass", .nb_pages = 16, .nb_pools = 1,
		.flush = count_flush,
	};
	struct iova_alloc_pool_info pi;
	struct iova_alloc_stats st;
	struct iova_alloc *a;
	uint64_t dvma, i;

	flushes = 0;
	TEST_ASSERT_OK(iova_alloc_create(&c, &a), "create");
	for (i = 0; i < 10; i++)
		TEST_ASSERT_OK(iova_alloc_range(a, 1, 0, &dvma), "fill");
	TEST_ASSERT_OK(iova_alloc_pool_info_get(a, 0, &pi), "info");
	TEST_ASSERT_EQ(pi.hint, 10, "hint after 10 pages");
	TEST_ASSERT_EQ(flushes, 0, "no wrap yet");
	for (i = 0; i < 8; i++)
		TEST_ASSERT_OK(iova_alloc_free(a, i * PG, 1), "free");
	/* 6 pages free above the hint, 8 below: 7 only fit below. */
	TEST_ASSERT_OK(iova_alloc_range(a, 7, 0, &dvma), "second pass");
	TEST_ASSERT_EQ(dvma, 0, "found at the pool start");
	TEST_ASSERT_OK(iova_alloc_stats_get(a, &st), "stats");
	TEST_ASSERT_EQ(st.passes, 1, "exactly one extra pass");
	TEST_ASSERT_EQ(st.flushes, 1, "wrap flushed once");
	TEST_ASSERT_EQ(flushes, 1, "callback ran once");
	TEST_ASSERT_OK(iova_alloc_pool_info_get(a, 0, &pi), "info");
	TEST_ASSERT_EQ(pi.hint, 7, "hint follows the allocation");
	iova_alloc_destroy(a);
	return TEST_SUCCESS;
}

/* A full home pool sends requests to the next pool in turn. */
static int
test_iova_alloc_cross_pool(void)
{
	struct iova_alloc_pool_info pi;
	struct iova_alloc_stats st;
	struct iova_alloc *a;
	unsigned int home, next;
	uint64_t dvma, i;

	iova_alloc_thread_index_set(1);
	TEST_ASSERT_OK(mk(&a, 0, 4 * 32, 4, false), "create");
	home = iova_alloc_thread_pool(a);
	next = (home + 1) % 4;
	TEST_ASSERT_OK(iova_alloc_pool_info_get(a, home, &pi), "home");
	for (i = 0; i < 32; i++) {
		TEST_ASSERT_OK(iova_alloc_range(a, 1, 0, &dvma), "home fill");
		TEST_ASSERT(dvma / PG >= pi.start && dvma / PG < pi.end,
			    "page %lu outside home pool %u",
			    (unsigned long)(dvma / PG), home);
	}
	TEST_ASSERT_OK(iova_alloc_range(a, 1, 0, &dvma), "fallback");
	TEST_ASSERT_OK(iova_alloc_pool_info_get(a, next, &pi), "next");
	TEST_ASSERT(dvma / PG >= pi.start && dvma / PG < pi.end,
		    "fallback went to pool %u", next);
	TEST_ASSERT_OK(iova_alloc_stats_get(a, &st), "stats");
	TEST_ASSERT_EQ(st.pool_switches, 1, "one switch");
	/* Fill everything else: the last request walks all pools. */
	while (iova_alloc_range(a, 1, 0, &dvma) == 0)
		;
	TEST_ASSERT_OK(iova_alloc_stats_get(a, &st), "stats");
	TEST_ASSERT_EQ(st.pages_in_use, 128, "every pool used");
	TEST_ASSERT_EQ(st.failures, 1, "one failure at the end");
	iova_alloc_destroy(a);
	return TEST_SUCCESS;
}

/* Frees must name allocated ranges; reservations must be free. */
static int
test_iova_alloc_double_free_and_reserve(void)
{
	struct iova_alloc_stats st;
	struct iova_alloc *a;
	uint64_t dvma, base = 0x80000000;

	TEST_ASSERT_OK(mk(&a, base, 256, 2, false), "create");
	TEST_ASSERT_OK(iova_alloc_range(a, 4, 0, &dvma), "alloc");
	TEST_ASSERT_OK(iova_alloc_free(a, dvma, 4), "free");
	log_capture_start();
	TEST_ASSERT_EQ(iova_alloc_free(a, dvma, 4), -EALREADY, "double free");
	TEST_ASSERT(strstr(last_log, "double free") != NULL,
		    "log says double free: '%s'", last_log);
	TEST_ASSERT_EQ(iova_alloc_free(a, base - PG, 1), -EINVAL, "below");
	TEST_ASSERT_EQ(iova_alloc_free(a, base + 256 * PG, 1), -EINVAL,
		       "above");
	TEST_ASSERT_EQ(iova_alloc_free(a, base + 1, 1), -EINVAL, "unaligned");
	TEST_ASSERT_EQ(iova_alloc_free(a, base + 127 * PG, 2), -EINVAL,
		       "spans pools 0 and 1");
	TEST_ASSERT(strstr(last_log, "spans two pools") != NULL, "'%s'",
		    last_log);
	TEST_ASSERT_EQ(iova_alloc_free(a, base, 0), -EINVAL, "0 pages");
	log_capture_stop();
	TEST_ASSERT_OK(iova_alloc_reserve(a, base + 10 * PG, 3), "reserve");
	TEST_ASSERT_EQ(iova_alloc_reserve(a, base + 12 * PG, 1), -EBUSY,
		       "reserve over a reservation");
	TEST_ASSERT_OK(iova_alloc_stats_get(a, &st), "stats");
	TEST_ASSERT_EQ(st.pages_in_use, 3, "only the reservation");
	TEST_ASSERT_OK(iova_alloc_free(a, base + 10 * PG, 3), "free res");
	TEST_ASSERT_EQ(iova_alloc_destroy(a), 0, "clean");
	return TEST_SUCCESS;
}

static int
bad_conf(struct iova_alloc_conf c, const char *needle)
{
	struct iova_alloc *a = NULL;
	int rc;

	log_capture_start();
	rc = iova_alloc_create(&c, &a);
	log_capture_stop();
	TEST_ASSERT_EQ(rc, -EINVAL, "expected -EINVAL for '%s'", needle);
	TEST_ASSERT(a == NULL, "nothing returned");
	TEST_ASSERT(strstr(last_log, needle) != NULL,
		    "log '%s' should mention '%s'", last_log, needle);
	return TEST_SUCCESS;
}

static int
test_iova_alloc_bad_conf(void)
{
	struct iova_alloc *a;

	TEST_ASSERT_EQ(iova_alloc_create(NULL, &a), -EINVAL, "NULL conf");
	TEST_ASSERT_OK(bad_conf((struct iova_alloc_conf){ .nb_pages = 0 },
				"nb_pages 0"), "zero pages");
	TEST_ASSERT_OK(bad_conf((struct iova_alloc_conf){
		.base = 0x1000, .nb_pages = 8 }, "base 0x1000"), "misaligned");
	TEST_ASSERT_OK(bad_conf((struct iova_alloc_conf){
		.nb_pages = 8, .page_shift = 35 }, "page_shift 35"), "shift");
	TEST_ASSERT_OK(bad_conf((struct iova_alloc_conf){
		.nb_pages = 8, .nb_pools = 3 }, "nb_pools 3"), "pools");
	TEST_ASSERT_OK(bad_conf((struct iova_alloc_conf){
		.nb_pages = 8, .nb_pools = 32 }, "nb_pools 32"), "pools");
	TEST_ASSERT_OK(bad_conf((struct iova_alloc_conf){
		.nb_pages = 8, .seg_boundary = 3 * PG }, "seg_boundary 0x6000"),
		"boundary");
	TEST_ASSERT_OK(bad_conf((struct iova_alloc_conf){
		.base = UINT64_MAX - 4 * PG + 1, .nb_pages = 8 },
		"bad window"), "wraps");
	TEST_ASSERT_OK(bad_conf((struct iova_alloc_conf){
		.nb_pages = UINT64_MAX / 2 }, "bad window"), "absurd");
	/* Tiny window: fewer pools instead of empty ones. */
	TEST_ASSERT_OK(mk(&a, 0, 5, 16, false), "tiny");
	TEST_ASSERT_EQ(iova_alloc_nb_pools(a), 4, "pools reduced to 4");
	iova_alloc_destroy(a);
	return TEST_SUCCESS;
}

/* ---- 2-thread stress -------------------------------------------------- */

/* Small enough that home pools overflow and both threads meet in the
 * cross-pool path (and rarely find no room: -ENOSPC is legal there). */
#define STRESS_PAGES 256u
#define STRESS_OPS 1000000u
#define STRESS_SLOTS 64u

static _Atomic(uint8_t) owner[STRESS_PAGES];
static atomic_uint stress_errors;
static atomic_uint stress_nospc;
static struct iova_alloc *stress_a;

struct slot {
	uint64_t dvma;
	uint64_t n;
};

static void
stress_claim(uint8_t who, uint64_t dvma, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		uint8_t expect = 0;

		if (!atomic_compare_exchange_strong(&owner[dvma / PG + i],
						    &expect, who))
			atomic_fetch_add(&stress_errors, 1);
	}
}

static void
stress_release(uint8_t who, uint64_t dvma, uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		uint8_t expect = who;

		if (!atomic_compare_exchange_strong(&owner[dvma / PG + i],
						    &expect, 0))
			atomic_fetch_add(&stress_errors, 1);
	}
	if (iova_alloc_free(stress_a, dvma, n) != 0)
		atomic_fetch_add(&stress_errors, 1);
}

static void *
stress_thread(void *arg)
{
	uint8_t who = (uint8_t)(uintptr_t)arg;
	struct slot slots[STRESS_SLOTS] = { { 0, 0 } };
	unsigned int seed = who * 7919u, i;
	int rc;

	iova_alloc_thread_index_set(who);
	for (i = 0; i < STRESS_OPS; i++) {
		struct slot *s = &slots[rand_r(&seed) % STRESS_SLOTS];

		if (s->n != 0) {
			stress_release(who, s->dvma, s->n);
			s->n = 0;
			continue;
		}
		s->n = 1 + rand_r(&seed) % 4;
		rc = iova_alloc_range(stress_a, s->n, 0, &s->dvma);
		if (rc != 0) {
			atomic_fetch_add(rc == -ENOSPC ? &stress_nospc :
					 &stress_errors, 1);
			s->n = 0;
			continue;
		}
		stress_claim(who, s->dvma, s->n);
	}
	for (i = 0; i < STRESS_SLOTS; i++)
		if (slots[i].n != 0)
			stress_release(who, slots[i].dvma, slots[i].n);
	return NULL;
}

static int
test_iova_alloc_two_thread_stress(void)
{
	struct iova_alloc_stats st;
	pthread_t t[2];
	unsigned int i;

	atomic_store(&stress_errors, 0);
	atomic_store(&stress_nospc, 0);
	/* 4 pools so both threads' home pools are busy and they meet in the
	 * fallback path as well. */
	TEST_ASSERT_OK(mk(&stress_a, 0, STRESS_PAGES, 4, false), "create");
	for (i = 0; i < 2; i++)
		TEST_ASSERT_OK(pthread_create(&t[i], NULL, stress_thread,
					      (void *)(uintptr_t)(i + 1)),
			       "thread %u", i);
	for (i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	TEST_ASSERT_EQ(atomic_load(&stress_errors), 0,
		       "double allocation, bad free or spurious failure");
	TEST_ASSERT_OK(iova_alloc_stats_get(stress_a, &st), "stats");
	TEST_ASSERT_EQ(st.pages_in_use, 0, "everything returned");
	TEST_ASSERT_EQ(st.allocs, st.frees, "allocs == frees");
	TEST_ASSERT(st.allocs > STRESS_OPS / 2, "enough work: %lu",
		    (unsigned long)st.allocs);
	TEST_ASSERT(st.pool_switches > 0, "the cross-pool path was exercised");
	printf("    stress: %lu allocs, %lu contended lock takes, %lu passes,"
	       " %lu pool switches, %u no-room\n", (unsigned long)st.allocs,
	       (unsigned long)st.contention, (unsigned long)st.passes,
	       (unsigned long)st.pool_switches, atomic_load(&stress_nospc));
	TEST_ASSERT_EQ(iova_alloc_destroy(stress_a), 0, "clean");
	return TEST_SUCCESS;
}

/* Consecutive thread indices hash to different home pools (hash_32). */
static int
test_iova_alloc_thread_hash(void)
{
	struct iova_alloc *a;
	unsigned int p0, p1;

	TEST_ASSERT_OK(mk(&a, 0, 1 << 16, 16, false), "create");
	iova_alloc_thread_index_set(0);
	p0 = iova_alloc_thread_pool(a);
	iova_alloc_thread_index_set(1);
	p1 = iova_alloc_thread_pool(a);
	TEST_ASSERT_NE(p0, p1, "lcores 0 and 1 share a home pool");
	TEST_ASSERT(p0 < 16 && p1 < 16, "in range");
	iova_alloc_destroy(a);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_iova_alloc_exhaust_exact_capacity),
		TEST_CASE(test_iova_alloc_large_pool_split),
		TEST_CASE(test_iova_alloc_fragmentation),
		TEST_CASE(test_iova_alloc_align_boundary),
		TEST_CASE(test_iova_alloc_second_pass),
		TEST_CASE(test_iova_alloc_cross_pool),
		TEST_CASE(test_iova_alloc_double_free_and_reserve),
		TEST_CASE(test_iova_alloc_bad_conf),
		TEST_CASE(test_iova_alloc_two_thread_stress),
		TEST_CASE(test_iova_alloc_thread_hash),
		{ NULL, NULL },
	};

	return test_run_cases("iova_alloc", cases);
}
