/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * iova_pool_cover_plan() (lib/iova_pool/include/iova_pool_domain.h,
 * doc/design/iova_pool.md §3a): pure arithmetic, no platform.
 *
 *  known layouts: a chunk inside a 1 GB-aligned run is one 256 MB page; a
 *      2 MB-paged run that starts and ends off 4 MB takes 64 KB pages at
 *      its ends and 4 MB pages between; legacy (8 KB only) is the 8 KB
 *      cover.
 *  property (20,000 random runs, chunks, granules, page-size sets): the
 *      pieces tile one range that holds the chunk and stays in the run;
 *      each is aligned to its page size; page sizes change only at
 *      granule multiples inside the chunk; neighbours differ in size; and
 *      the page count is never above the best single-size cover.
 *  errors: each bad argument and the impossible plans.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "iova_log.h"
#include "iova_pool_domain.h"
#include "test_assert.h"

#define KB(x) ((uint64_t)(x) << 10)
#define MB(x) ((uint64_t)(x) << 20)
#define GB(x) ((uint64_t)(x) << 30)
#define ATU (KB(8) | KB(64) | MB(4) | MB(256) | GB(2) | GB(16))
#define MAXP 64

static uint64_t
pages_of(const struct iova_pool_piece *p, int n)
{
	uint64_t c = 0;

	for (int i = 0; i < n; i++)
		c += p[i].len / p[i].page_size;
	return c;
}

static int
known_layouts(void)
{
	struct iova_pool_piece p[MAXP];
	int n;

	/* 100 MB at 256 MB + 12 KB, run [0, 4 GB): one 256 MB page. */
	n = iova_pool_cover_plan(MB(256) + KB(12), MB(356) + KB(12), 0, GB(4),
				 KB(4), ATU, p, MAXP);
	TEST_ASSERT_EQ(n, 1, "pieces");
	TEST_ASSERT_EQ(p[0].va, MB(256), "va");
	TEST_ASSERT_EQ(p[0].page_size, MB(256), "page");
	/* 2 MB pages, run [4 GB + 2 MB, 4 GB + 166 MB), chunks in it all:
	 * 64 KB x 32 at each end, 4 MB pages between. */
	n = iova_pool_cover_plan(GB(4) + MB(2), GB(4) + MB(166),
				 GB(4) + MB(2), GB(4) + MB(166), MB(2), ATU, p,
				 MAXP);
	TEST_ASSERT_EQ(n, 3, "pieces");
	TEST_ASSERT_EQ(p[0].page_size, KB(64), "head");
	TEST_ASSERT_EQ(p[0].len, MB(2), "head length");
	TEST_ASSERT_EQ(p[1].page_size, MB(4), "middle");
	TEST_ASSERT_EQ(p[1].len, MB(160), "middle length");
	TEST_ASSERT_EQ(p[2].page_size, KB(64), "tail");
	TEST_ASSERT_EQ(pages_of(p, n), 32 + 40 + 32, "pages");
	/* Legacy: 8 KB only, the tight 8 KB cover. */
	n = iova_pool_cover_plan(MB(1) + 100, MB(1) + KB(20), 0, GB(1), KB(4),
				 KB(8), p, MAXP);
	TEST_ASSERT_EQ(n, 1, "pieces");
	TEST_ASSERT_EQ(p[0].va, MB(1), "va");
	TEST_ASSERT_EQ(p[0].len, KB(24), "three 8 KB pages");
	return TEST_SUCCESS;
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t
rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

/* Fewest pages of one size covering [s, e) inside the run, or UINT64_MAX. */
static uint64_t
best_uniform(uint64_t s, uint64_t e, uint64_t rs, uint64_t re, uint64_t sizes)
{
	uint64_t best = UINT64_MAX;

	for (int b = 13; b < 64; b++) {
		uint64_t ps = UINT64_C(1) << b, lo, hi;

		if (!(sizes & ps))
			continue;
		lo = s & ~(ps - 1);
		hi = (e + ps - 1) & ~(ps - 1);
		if (lo >= rs && hi <= re && hi > lo && (hi - lo) / ps < best)
			best = (hi - lo) / ps;
	}
	return best;
}

static int
check_plan(uint64_t s, uint64_t e, uint64_t rs, uint64_t re, uint64_t g,
	   uint64_t sizes, const struct iova_pool_piece *p, int n)
{
	uint64_t lo = p[0].va, hi = p[n - 1].va + p[n - 1].len;

	TEST_ASSERT(lo <= s && hi >= e, "cover [%#" PRIx64 ", %#" PRIx64
		    ") misses the chunk", lo, hi);
	TEST_ASSERT(lo >= rs && hi <= re, "cover leaves the run");
	for (int i = 0; i < n; i++) {
		TEST_ASSERT(sizes & p[i].page_size, "size not offered");
		TEST_ASSERT(p[i].va % p[i].page_size == 0, "piece misaligned");
		TEST_ASSERT(p[i].len % p[i].page_size == 0 && p[i].len != 0,
			    "piece length");
		if (i == 0)
			continue;
		TEST_ASSERT_EQ(p[i].va, p[i - 1].va + p[i - 1].len, "gap");
		TEST_ASSERT(p[i].page_size != p[i - 1].page_size,
			    "neighbours of one size not merged");
		if (p[i].va > s && p[i].va < e)
			TEST_ASSERT(p[i].va % g == 0, "cut %#" PRIx64 " inside "
				    "the chunk off the %#" PRIx64 " granule",
				    p[i].va, g);
	}
	TEST_ASSERT(pages_of(p, n) <= best_uniform(s, e, rs, re, sizes),
		    "%" PRIu64 " pages, a uniform cover needs %" PRIu64,
		    pages_of(p, n), best_uniform(s, e, rs, re, sizes));
	return TEST_SUCCESS;
}

static int
property(void)
{
	static const uint64_t grans[] = { KB(4), MB(2), GB(1) };
	static const uint64_t sets[] = { ATU, KB(8), KB(8) | MB(4) };
	struct iova_pool_piece p[MAXP];
	unsigned int planned = 0;

	for (int it = 0; it < 20000; it++) {
		uint64_t g = grans[rnd(3)], sizes = sets[rnd(3)];
		uint64_t unit = g < KB(8) ? KB(8) : g;
		uint64_t rs = GB(64) + rnd(4096) * unit;
		uint64_t re = rs + (1 + rnd(g >= GB(1) ? 8 : 4096)) * unit;
		uint64_t s = rs + rnd(re - rs - 1);
		uint64_t e = s + 1 + rnd(re - s);
		int n;

		if (e > re)
			e = re;
		n = iova_pool_cover_plan(s, e, rs, re, g, sizes, p, MAXP);
		if (n == -E2BIG)
			continue;    /* checked by errors() */
		TEST_ASSERT(n > 0, "iteration %d: %d for [%#" PRIx64 ", %#"
			    PRIx64 ") in [%#" PRIx64 ", %#" PRIx64 ")", it, n,
			    s, e, rs, re);
		if (check_plan(s, e, rs, re, g, sizes, p, n) != TEST_SUCCESS) {
			printf("  iteration %d: [%#" PRIx64 ", %#" PRIx64
			       ") run [%#" PRIx64 ", %#" PRIx64 ") granule %#"
			       PRIx64 " sizes %#" PRIx64 "\n", it, s, e, rs,
			       re, g, sizes);
			return TEST_FAILED;
		}
		planned++;
	}
	printf("  %u random plans checked\n", planned);
	TEST_ASSERT(planned > 19000, "too few plans");
	return TEST_SUCCESS;
}

static unsigned int err_lines;
static char err_last[256];

static void
sink(int level, const char *msg, void *arg)
{
	(void)arg;
	if (level <= IOVA_LOG_ERR) {
		err_lines++;
		snprintf(err_last, sizeof(err_last), "%s", msg);
	}
}

static int
errors(void)
{
	struct iova_pool_piece p[MAXP];

	TEST_ASSERT_EQ(iova_pool_cover_plan(MB(1), MB(1), 0, GB(1), KB(4), ATU,
					    p, MAXP), -EINVAL, "empty");
	TEST_ASSERT_EQ(iova_pool_cover_plan(MB(1), MB(2), MB(1) + 1, GB(1),
					    KB(4), ATU, p, MAXP), -EINVAL,
		       "starts before the run");
	TEST_ASSERT_EQ(iova_pool_cover_plan(MB(1), GB(2), 0, GB(1), KB(4), ATU,
					    p, MAXP), -EINVAL,
		       "ends after the run");
	TEST_ASSERT_EQ(iova_pool_cover_plan(MB(1), MB(2), 0, GB(1), KB(12),
					    ATU, p, MAXP), -EINVAL, "granule");
	TEST_ASSERT_EQ(iova_pool_cover_plan(MB(1), MB(2), 0, GB(1), KB(4),
					    MB(4), p, MAXP), -EINVAL, "no 8 KB");
	TEST_ASSERT_EQ(iova_pool_cover_plan(MB(1), MB(2), 0, GB(1), KB(4), ATU,
					    NULL, MAXP), -EINVAL, "NULL");
	/* Each refusal said which request, with its values. */
	TEST_ASSERT_EQ(err_lines, 6, "error lines");
	TEST_ASSERT(strstr(err_last, "[0x100000, 0x200000)") != NULL,
		    "the line names the range: %s", err_last);
	/* A run of 4 KB pages that holds no whole 8 KB page. */
	TEST_ASSERT_EQ(iova_pool_cover_plan(KB(4) + 1, KB(8) + 1, KB(4),
					    KB(12), KB(4), ATU, p, MAXP),
		       -ERANGE, "no 8 KB page inside the run");
	TEST_ASSERT_EQ(iova_pool_cover_plan(GB(4) + MB(2), GB(4) + MB(166),
					    GB(4) + MB(2), GB(4) + MB(166),
					    MB(2), ATU, p, 2), -E2BIG,
		       "three pieces, room for two");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(known_layouts),
	TEST_CASE(property),
	TEST_CASE(errors),
	{ NULL, NULL },
};

int
main(void)
{
	iova_log_set_handler(sink, NULL);   /* errors() logs by design */
	return test_run_cases("test_iova_cover", cases);
}
