/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cover planning: the fewest IO pages that map a range of memory, given the
 * RAM run around it and the IO page sizes the IOMMU offers (design §3a).
 *
 * Pure arithmetic, no mapping: iova_pool_cover_plan() answers "which
 * aligned pages", the caller maps each piece once (one region, one
 * iova_pool_domain_map() call) and enters it in its translation table.
 *
 * Why it is safe to cut a range into pieces of different IO page sizes:
 * pieces of different sizes live in different windows (different IOTSBs),
 * so their DVMA ranges are not adjacent even when their memory is.  A
 * buffer that straddled the cut would be given a DVMA that runs past its
 * piece.  So a plan is rejected if a change of page size falls inside the
 * range anywhere but on a multiple of the caller's granule, the page size
 * the memory's objects never cross (DPDK mempool objects never cross a
 * page of rte_mempool_get_page_size(); anchors §A3).  The cover's outer
 * ends may lie anywhere inside the RAM run: no object of the range
 * straddles them.  Consecutive pages of one size form one piece, so their
 * DVMA is contiguous.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>

#include "iova_log.h"
#include "iova_pool_domain.h"

#define SMALL_PAGE UINT64_C(8192)

static inline uintptr_t
align_down(uintptr_t v, uint64_t a)
{
	return v & ~(uintptr_t)(a - 1);
}

static inline uintptr_t
align_up(uintptr_t v, uint64_t a)
{
	return align_down(v + (uintptr_t)(a - 1), a);
}

/* Largest offered size s with x % s == 0 and x + s <= end (0: none). */
static uint64_t
largest_fit(uintptr_t x, uintptr_t end, uint64_t sizes)
{
	for (uint64_t m = sizes; m != 0; m &= ~(UINT64_C(1) << (63 -
						__builtin_clzll(m)))) {
		uint64_t s = UINT64_C(1) << (63 - __builtin_clzll(m));

		if (x % s == 0 && end - x >= s)
			return s;
	}
	return 0;
}

/* Next offered size above @p s (0: none). */
static uint64_t
next_larger(uint64_t s, uint64_t sizes)
{
	uint64_t above = sizes & ~((s << 1) - 1);

	return above == 0 ? 0 : above & -above;
}

/* What a decomposition must respect: the range, and the granule that a
 * cut inside the range must fall on. */
struct cover_req {
	uintptr_t start, end;
	uint64_t granule;
	uint64_t sizes;
};

/*
 * Greedy decomposition of [lo, hi): at each address the largest aligned
 * page that fits.  The offered sizes each divide the next, so greedy is
 * optimal (the pages form a hierarchy).  Returns the page count, or
 * UINT64_MAX when no page fits somewhere, a change of page size falls
 * inside the range off the granule, or the count passes @p cap.  With
 * @p out, consecutive pages of one size are written as one piece.
 */
static uint64_t
decompose(const struct cover_req *r, uintptr_t lo, uintptr_t hi,
	  uint64_t cap, struct iova_pool_piece *out, unsigned int max,
	  unsigned int *n)
{
	uint64_t count = 0, prev = 0;
	uintptr_t x = lo;
	unsigned int k = 0;

	while (x < hi) {
		uint64_t s = largest_fit(x, hi, r->sizes), big, run;

		if (s == 0)
			return UINT64_MAX;
		/* Greedy keeps taking s until the next larger size is aligned
		 * (and fits) or the range ends: take that run at once. */
		big = next_larger(s, r->sizes);
		run = (hi - x) / s;
		if (big != 0 && x % big != 0) {
			uint64_t to_big = (align_up(x, big) - x) / s;

			if (to_big < run)
				run = to_big;
		}
		count += run;
		if (count > cap)
			return UINT64_MAX;
		if (s != prev && prev != 0 && x > r->start && x < r->end &&
		    x % r->granule != 0)
			return UINT64_MAX;   /* a buffer could straddle the cut */
		if (out != NULL && s == prev) {
			out[k - 1].len += run * s;
		} else if (out != NULL) {
			if (k == max)
				return UINT64_MAX;
			out[k++] = (struct iova_pool_piece){
				.va = x, .len = run * s, .page_size = s };
		}
		prev = s;
		x += run * s;
	}
	if (n != NULL)
		*n = k;
	return count;
}

/* Candidate cover ends: the range's end @p v aligned to every offered
 * size and to the granule, kept only inside the run. */
static unsigned int
candidates(uintptr_t v, bool up, uintptr_t run_lo, uintptr_t run_hi,
	   uint64_t granule, uint64_t sizes, uintptr_t *c)
{
	unsigned int n = 0;

	for (int b = 13; b < 64; b++) {
		uint64_t s = UINT64_C(1) << b;
		uintptr_t e;

		if (!(sizes & s) && s != granule)
			continue;
		e = up ? align_up(v, s) : align_down(v, s);
		if ((up && e < v) || e < run_lo || e > run_hi)
			continue;    /* wrapped or outside the RAM run */
		if (n == 0 || c[n - 1] != e)
			c[n++] = e;
	}
	return n;
}

int
iova_pool_cover_plan(uintptr_t start, uintptr_t end, uintptr_t run_start,
		     uintptr_t run_end, uint64_t granule, uint64_t page_sizes,
		     struct iova_pool_piece *out, unsigned int max)
{
	struct cover_req r = { .start = start, .end = end,
			       .granule = granule, .sizes = page_sizes };
	uintptr_t los[64], his[64], best_lo = 0, best_hi = 0;
	uint64_t best = UINT64_MAX;
	unsigned int nlo, nhi, n = 0;

	if (granule < SMALL_PAGE)
		r.granule = granule = SMALL_PAGE;
	if (out == NULL || max == 0 || start >= end || run_start > start ||
	    run_end < end || (granule & (granule - 1)) != 0 ||
	    !(page_sizes & SMALL_PAGE)) {
		iova_log(IOVA_LOG_ERR, "cover plan: bad request [0x%" PRIxPTR
			 ", 0x%" PRIxPTR ") in run [0x%" PRIxPTR ", 0x%"
			 PRIxPTR ") granule 0x%" PRIx64 " sizes 0x%" PRIx64,
			 start, end, run_start, run_end, granule, page_sizes);
		return -EINVAL;
	}
	nlo = candidates(start, false, run_start, run_end, granule,
			 page_sizes, los);
	nhi = candidates(end, true, run_start, run_end, granule, page_sizes,
			 his);
	for (unsigned int i = 0; i < nlo; i++) {
		for (unsigned int j = 0; j < nhi; j++) {
			uint64_t c = decompose(&r, los[i], his[j], best, NULL,
					       0, NULL);

			/* Fewest pages; on a tie, fewest bytes exposed. */
			if (c < best || (c == best && c != UINT64_MAX &&
					 his[j] - los[i] < best_hi - best_lo)) {
				best = c;
				best_lo = los[i];
				best_hi = his[j];
			}
		}
	}
	if (best == UINT64_MAX)
		return -ERANGE;
	if (decompose(&r, best_lo, best_hi, UINT64_MAX, out, max, &n) ==
	    UINT64_MAX)
		return -E2BIG;
	return (int)n;
}
