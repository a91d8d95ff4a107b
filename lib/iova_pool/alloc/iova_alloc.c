/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DVMA range allocator in the style of Linux iommu-common
 * (sun4v-iommu-facts.md §7): per-pool bitmap, lock and hint; pass 0 from the
 * hint, pass 1 from the pool start, then the other pools; optional large
 * pool; alignment and segment boundary in absolute DVMA pages; flush
 * callback on wrap.  No hypervisor knowledge here.
 *
 * Each pool owns its own bitmap (bit 0 = the pool's first page), so two
 * pools never share a bitmap word and the per-pool locks really are
 * independent even when the pool size is not a multiple of 64.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iova_alloc.h"
#include "iova_log.h"
#include "logrl.h"

/* "No room" lines of every allocator: one kind of line for the process's
 * log rate limiter (a full window fails every map of every port). */
static struct logrl_site nospace_site =
	LOGRL_SITE_INIT("lib.iova_pool", "DVMA allocation failure lines");

#define WORD_BITS 64u

/* Linux hash_32(): multiply by the 32-bit golden ratio, keep the top bits. */
#define HASH_GOLDEN_RATIO_32 0x61C88647u
#define POOL_HASH_BITS 4

struct iova_alloc_pool {
	pthread_mutex_t lock;
	uint64_t *map;         /* one bit per page, bit 0 = page 'start' */
	uint64_t start;        /* first page index in the window */
	uint64_t size;         /* pages */
	uint64_t hint;         /* pool-relative index where pass 0 starts */
	uint64_t in_use;       /* pages allocated */
	uint64_t allocs;       /* counters, under 'lock' */
	uint64_t frees;
	uint64_t passes;
	uint64_t switches;
	uint64_t contention;
	uint64_t flushes;
	bool large;
} __attribute__((aligned(64)));

struct iova_alloc {
	char name[32];
	uint64_t base;             /* DVMA of page 0 */
	uint64_t base_pfn;         /* base >> page_shift: absolute page number */
	uint64_t nb_pages;
	uint64_t boundary_pages;   /* 0 = no boundary check */
	uint64_t max_small;        /* largest normal pool */
	unsigned int page_shift;
	unsigned int nb_pools;     /* normal pools (power of two) */
	unsigned int nb_all;       /* nb_pools + 1 if a large pool exists */
	unsigned int large_threshold;
	bool has_large;
	iova_alloc_flush_cb flush;
	void *flush_arg;
	atomic_bool need_flush;    /* a pass failed since the last flush */
	atomic_uint_fast64_t failures;
	struct iova_alloc_pool pools[IOVA_ALLOC_MAX_POOLS + 1];
};

static atomic_uint thread_counter;
static _Thread_local unsigned int thread_idx;
static _Thread_local bool thread_idx_set;

/* ---------------------------------------------------------------------- */
/* Bitmap helpers (pool-relative indices).                                 */

/* First index in [from, end) whose bit equals 'val', or 'end'. */
static uint64_t
bm_find(const uint64_t *map, uint64_t from, uint64_t end, bool val)
{
	while (from < end) {
		uint64_t w = map[from / WORD_BITS];
		unsigned int off = from % WORD_BITS;

		if (!val)
			w = ~w;
		w >>= off;
		if (w != 0) {
			uint64_t i = from + (uint64_t)__builtin_ctzll(w);

			return i < end ? i : end;
		}
		from += WORD_BITS - off;
	}
	return end;
}

static void
bm_assign(uint64_t *map, uint64_t from, uint64_t n, bool val)
{
	uint64_t end = from + n;

	while (from < end) {
		unsigned int off = from % WORD_BITS;
		uint64_t cnt = WORD_BITS - off;
		uint64_t mask;

		if (cnt > end - from)
			cnt = end - from;
		mask = (cnt == WORD_BITS ? ~UINT64_C(0) :
			((UINT64_C(1) << cnt) - 1)) << off;
		if (val)
			map[from / WORD_BITS] |= mask;
		else
			map[from / WORD_BITS] &= ~mask;
		from += cnt;
	}
}

/* ---------------------------------------------------------------------- */
/* Pools.                                                                  */

static void
pool_lock(struct iova_alloc_pool *p)
{
	/* Contention = the lock was not free at first try (lockstat's view). */
	if (pthread_mutex_trylock(&p->lock) != 0) {
		pthread_mutex_lock(&p->lock);
		p->contention++;
	}
}

static void
pool_unlock(struct iova_alloc_pool *p)
{
	pthread_mutex_unlock(&p->lock);
}

/*
 * Search pool-relative [from, end) for a free run of n pages whose
 * absolute page number is a multiple of align_mask + 1 and which stays
 * inside one boundary window.  Caller holds the pool lock.
 * Returns the pool-relative index or UINT64_MAX.
 */
static uint64_t
pool_search(const struct iova_alloc *a, const struct iova_alloc_pool *p,
	    uint64_t from, uint64_t end, uint64_t n, uint64_t align_mask)
{
	uint64_t abs0 = a->base_pfn + p->start;
	uint64_t bmask = a->boundary_pages - 1;
	uint64_t i = from;

	while (i < end) {
		uint64_t abs, j;

		i = bm_find(p->map, i, end, false);
		abs = ((abs0 + i + align_mask) & ~align_mask);
		i = abs - abs0;
		if (i >= end || n > end - i)
			return UINT64_MAX;
		if (a->boundary_pages != 0 &&
		    (abs & ~bmask) != ((abs + n - 1) & ~bmask)) {
			/* Would straddle a boundary: retry at the next one. */
			i = ((abs | bmask) + 1) - abs0;
			continue;
		}
		j = bm_find(p->map, i, i + n, true);
		if (j == i + n)
			return i;
		i = j + 1;
	}
	return UINT64_MAX;
}

/* Index of the pool holding window page 'idx'. */
static unsigned int
pool_of(const struct iova_alloc *a, uint64_t idx)
{
	unsigned int lo = 0, hi = a->nb_all - 1;

	/* Pools are few (<= 17) and sorted by start: binary search. */
	while (lo < hi) {
		unsigned int mid = (lo + hi + 1) / 2;

		if (a->pools[mid].start <= idx)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

static unsigned int
thread_index(void)
{
	if (!thread_idx_set) {
		thread_idx = atomic_fetch_add(&thread_counter, 1);
		thread_idx_set = true;
	}
	return thread_idx;
}

void
iova_alloc_thread_index_set(unsigned int idx)
{
	thread_idx = idx;
	thread_idx_set = true;
}

unsigned int
iova_alloc_thread_pool(const struct iova_alloc *a)
{
	uint32_t h = (uint32_t)thread_index() * HASH_GOLDEN_RATIO_32;

	if (a == NULL)
		return 0;
	return (h >> (32 - POOL_HASH_BITS)) & (a->nb_pools - 1);
}

/* ---------------------------------------------------------------------- */
/* Create / destroy.                                                       */

static int
conf_check(const struct iova_alloc_conf *c, const char *name)
{
	unsigned int shift = c->page_shift ? c->page_shift :
		IOVA_ALLOC_PAGE_SHIFT_DEFAULT;
	uint64_t psz, b = c->seg_boundary;

	if (shift < IOVA_ALLOC_PAGE_SHIFT_MIN ||
	    shift > IOVA_ALLOC_PAGE_SHIFT_MAX) {
		iova_log(IOVA_LOG_ERR, "%s: page_shift %u out of range [%u, %u]",
			 name, shift, IOVA_ALLOC_PAGE_SHIFT_MIN,
			 IOVA_ALLOC_PAGE_SHIFT_MAX);
		return -EINVAL;
	}
	psz = UINT64_C(1) << shift;
	if (c->nb_pages == 0 || c->nb_pages > (UINT64_MAX >> shift) ||
	    c->base > UINT64_MAX - ((c->nb_pages << shift) - 1)) {
		iova_log(IOVA_LOG_ERR, "%s: bad window: base 0x%" PRIx64
			 " nb_pages %" PRIu64, name, c->base, c->nb_pages);
		return -EINVAL;
	}
	if (c->base & (psz - 1)) {
		iova_log(IOVA_LOG_ERR, "%s: base 0x%" PRIx64
			 " not aligned to the page size 0x%" PRIx64,
			 name, c->base, psz);
		return -EINVAL;
	}
	if (c->nb_pools > IOVA_ALLOC_MAX_POOLS ||
	    (c->nb_pools & (c->nb_pools - 1)) != 0) {
		iova_log(IOVA_LOG_ERR, "%s: nb_pools %u not a power of two <= %u",
			 name, c->nb_pools, IOVA_ALLOC_MAX_POOLS);
		return -EINVAL;
	}
	if (b != 0 && b != IOVA_ALLOC_SEG_BOUNDARY_NONE &&
	    ((b & (b - 1)) != 0 || b < psz)) {
		iova_log(IOVA_LOG_ERR, "%s: seg_boundary 0x%" PRIx64
			 " not a power of two >= page size 0x%" PRIx64,
			 name, b, psz);
		return -EINVAL;
	}
	if (c->large_pool && c->nb_pages < 2) {
		iova_log(IOVA_LOG_ERR, "%s: window of %" PRIu64
			 " page(s) too small for a large pool", name,
			 c->nb_pages);
		return -EINVAL;
	}
	return 0;
}

/* Split the window into pools (Linux iommu_tbl_pool_init policy). */
static void
layout_pools(struct iova_alloc *a, unsigned int npools)
{
	uint64_t normal = a->nb_pages, psize, start = 0;
	unsigned int i;

	if (a->has_large)
		normal = a->nb_pages - a->nb_pages / 4;
	/* A tiny window gets fewer pools rather than empty ones. */
	while (npools > 1 && normal / npools == 0)
		npools /= 2;
	psize = normal / npools;
	a->nb_pools = npools;
	a->nb_all = npools + (a->has_large ? 1 : 0);
	a->max_small = 0;
	for (i = 0; i < a->nb_all; i++) {
		struct iova_alloc_pool *p = &a->pools[i];

		p->start = start;
		if (i == npools)        /* the large pool: the rest */
			p->size = a->nb_pages - start;
		else if (i == npools - 1)
			p->size = normal - start; /* last takes the remainder */
		else
			p->size = psize;
		p->large = (i == npools);
		if (!p->large && p->size > a->max_small)
			a->max_small = p->size;
		start += p->size;
	}
}

static void
free_pools(struct iova_alloc *a, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		pthread_mutex_destroy(&a->pools[i].lock);
		free(a->pools[i].map);
	}
}

int
iova_alloc_create(const struct iova_alloc_conf *conf, struct iova_alloc **out)
{
	const char *name;
	struct iova_alloc *a;
	unsigned int i;
	int rc;

	if (conf == NULL || out == NULL) {
		iova_log(IOVA_LOG_ERR, "iova_alloc_create: NULL %s",
			 conf == NULL ? "conf" : "out");
		return -EINVAL;
	}
	name = conf->name != NULL ? conf->name : "iova_alloc";
	rc = conf_check(conf, name);
	if (rc != 0)
		return rc;
	a = calloc(1, sizeof(*a));
	if (a == NULL)
		return -ENOMEM;
	snprintf(a->name, sizeof(a->name), "%s", name);
	a->page_shift = conf->page_shift ? conf->page_shift :
		IOVA_ALLOC_PAGE_SHIFT_DEFAULT;
	a->base = conf->base;
	a->base_pfn = conf->base >> a->page_shift;
	a->nb_pages = conf->nb_pages;
	a->has_large = conf->large_pool;
	a->large_threshold = conf->large_threshold ? conf->large_threshold :
		IOVA_ALLOC_LARGE_THRESHOLD_DEFAULT;
	if (conf->seg_boundary == IOVA_ALLOC_SEG_BOUNDARY_NONE)
		a->boundary_pages = 0;
	else
		a->boundary_pages = (conf->seg_boundary ? conf->seg_boundary :
			IOVA_ALLOC_SEG_BOUNDARY_DEFAULT) >> a->page_shift;
	a->flush = conf->flush;
	a->flush_arg = conf->flush_arg;
	layout_pools(a, conf->nb_pools ? conf->nb_pools : IOVA_ALLOC_MAX_POOLS);
	for (i = 0; i < a->nb_all; i++) {
		struct iova_alloc_pool *p = &a->pools[i];

		p->map = calloc((p->size + WORD_BITS - 1) / WORD_BITS,
				sizeof(uint64_t));
		if (p->map == NULL ||
		    pthread_mutex_init(&p->lock, NULL) != 0) {
			free(p->map);
			free_pools(a, i);
			free(a);
			return -ENOMEM;
		}
	}
	*out = a;
	return 0;
}

int64_t
iova_alloc_destroy(struct iova_alloc *a)
{
	uint64_t busy = 0;
	unsigned int i;

	if (a == NULL)
		return -EINVAL;
	for (i = 0; i < a->nb_all; i++)
		busy += a->pools[i].in_use;
	if (busy != 0)
		iova_log(IOVA_LOG_WARNING, "%s: destroyed with %" PRIu64
			 " page(s) still allocated", a->name, busy);
	free_pools(a, a->nb_all);
	free(a);
	return (int64_t)busy;
}

/* ---------------------------------------------------------------------- */
/* Allocation.                                                             */

/* Caller holds p->lock; 'idx' found by pool_search. */
static void
take_range(struct iova_alloc *a, struct iova_alloc_pool *p, uint64_t idx,
	   uint64_t n, uint64_t old_hint)
{
	/* Wrap flush: reusing pages below the old hint, or after a failed
	 * pass, may hit stale IOTLB entries on a lazily-flushing IOMMU. */
	if (a->flush != NULL &&
	    (idx < old_hint || atomic_load(&a->need_flush))) {
		atomic_store(&a->need_flush, false);
		a->flush(a->flush_arg);
		p->flushes++;
	}
	bm_assign(p->map, idx, n, true);
	p->hint = idx + n;
	p->in_use += n;
	p->allocs++;
}

/*
 * Try one pool: from the hint then from the start (own pool), or the whole
 * pool (another pool).  Returns the pool-relative index or UINT64_MAX.
 */
static uint64_t
pool_try(struct iova_alloc *a, struct iova_alloc_pool *p, bool home,
	 uint64_t n, uint64_t align_mask)
{
	uint64_t start = home ? p->hint : 0, old_hint = p->hint, idx;

	if (start >= p->size)
		start = 0;              /* plain wrap of the hint */
	idx = pool_search(a, p, start, p->size, n, align_mask);
	if (idx == UINT64_MAX && start != 0) {
		/* Pass 1: rescan from the pool start. */
		p->passes++;
		atomic_store(&a->need_flush, true);
		p->hint = 0;
		idx = pool_search(a, p, 0, p->size, n, align_mask);
	}
	if (idx != UINT64_MAX)
		take_range(a, p, idx, n, old_hint);
	else
		atomic_store(&a->need_flush, true);
	return idx;
}

static int
range_check(struct iova_alloc *a, uint64_t npages, unsigned int align_order,
	    bool large)
{
	uint64_t max = large ? a->pools[a->nb_pools].size : a->max_small;

	if (npages == 0 || align_order > IOVA_ALLOC_ALIGN_ORDER_MAX ||
	    npages > max ||
	    (a->boundary_pages != 0 && npages > a->boundary_pages)) {
		/* INFO: callers may retry in smaller pieces (the DPDK
		 * adapter splits big chunks); they log final failures. */
		iova_log(IOVA_LOG_INFO, "%s: request of %" PRIu64
			 " page(s), align order %u can never be satisfied"
			 " (largest %s pool %" PRIu64 " pages, boundary %"
			 PRIu64 " pages)", a->name, npages, align_order,
			 large ? "large" : "normal", max, a->boundary_pages);
		return -EINVAL;
	}
	return 0;
}

int
iova_alloc_range(struct iova_alloc *a, uint64_t npages,
		 unsigned int align_order, uint64_t *dvma)
{
	bool large;
	unsigned int home, tries, k;
	uint64_t align_mask, fails, supp;
	int rc;

	if (a == NULL || dvma == NULL)
		return -EINVAL;
	large = a->has_large && npages > a->large_threshold;
	rc = range_check(a, npages, align_order, large);
	if (rc != 0)
		return rc;
	align_mask = (UINT64_C(1) << align_order) - 1;
	home = large ? a->nb_pools : iova_alloc_thread_pool(a);
	/* Large requests stay in the large pool, as in Linux. */
	tries = large ? 1 : a->nb_pools;
	for (k = 0; k < tries; k++) {
		unsigned int pi = large ? home : (home + k) & (a->nb_pools - 1);
		struct iova_alloc_pool *p = &a->pools[pi];
		uint64_t idx;

		pool_lock(p);
		if (k > 0) {
			p->passes++;
			p->switches++;
		}
		idx = pool_try(a, p, k == 0, npages, align_mask);
		pool_unlock(p);
		if (idx != UINT64_MAX) {
			*dvma = a->base + ((p->start + idx) << a->page_shift);
			return 0;
		}
	}
	fails = atomic_fetch_add(&a->failures, 1) + 1;
	if (logrl_admit(&nospace_site, &supp))
		iova_log(IOVA_LOG_ERR, "%s: no room for %" PRIu64
			 " page(s) (align order %u); %" PRIu64
			 " failure(s) so far (%" PRIu64 " similar lines "
			 "suppressed)", a->name, npages, align_order, fails,
			 supp);
	return -ENOSPC;
}

/* Validate (dvma, npages) and find its pool; logs on failure. */
static int
locate(struct iova_alloc *a, uint64_t dvma, uint64_t npages,
       const char *op, struct iova_alloc_pool **pool, uint64_t *rel)
{
	uint64_t psz = UINT64_C(1) << a->page_shift, idx;
	struct iova_alloc_pool *p;

	if (npages == 0 || (dvma & (psz - 1)) != 0 || dvma < a->base)
		goto bad;
	idx = (dvma - a->base) >> a->page_shift;
	if (idx >= a->nb_pages || npages > a->nb_pages - idx)
		goto bad;
	p = &a->pools[pool_of(a, idx)];
	if (npages > p->start + p->size - idx) {
		iova_log(IOVA_LOG_ERR, "%s: %s of DVMA 0x%" PRIx64 " + %" PRIu64
			 " page(s) spans two pools", a->name, op, dvma, npages);
		return -EINVAL;
	}
	*pool = p;
	*rel = idx - p->start;
	return 0;
bad:
	iova_log(IOVA_LOG_ERR, "%s: %s of DVMA 0x%" PRIx64 " + %" PRIu64
		 " page(s): not a page-aligned range of the window [0x%" PRIx64
		 ", +%" PRIu64 " pages)", a->name, op, dvma, npages, a->base,
		 a->nb_pages);
	return -EINVAL;
}

int
iova_alloc_free(struct iova_alloc *a, uint64_t dvma, uint64_t npages)
{
	struct iova_alloc_pool *p;
	uint64_t rel, hole;
	int rc;

	if (a == NULL)
		return -EINVAL;
	rc = locate(a, dvma, npages, "free", &p, &rel);
	if (rc != 0)
		return rc;
	pool_lock(p);
	hole = bm_find(p->map, rel, rel + npages, false);
	if (hole != rel + npages) {
		pool_unlock(p);
		iova_log(IOVA_LOG_ERR, "%s: free of DVMA 0x%" PRIx64 " + %"
			 PRIu64 " page(s): page at 0x%" PRIx64
			 " is not allocated (double free?)", a->name, dvma,
			 npages, a->base + ((p->start + hole) << a->page_shift));
		return -EALREADY;
	}
	bm_assign(p->map, rel, npages, false);
	p->in_use -= npages;
	p->frees++;
	pool_unlock(p);
	return 0;
}

int
iova_alloc_reserve(struct iova_alloc *a, uint64_t dvma, uint64_t npages)
{
	struct iova_alloc_pool *p;
	uint64_t rel, busy;
	int rc;

	if (a == NULL)
		return -EINVAL;
	rc = locate(a, dvma, npages, "reserve", &p, &rel);
	if (rc != 0)
		return rc;
	pool_lock(p);
	busy = bm_find(p->map, rel, rel + npages, true);
	if (busy != rel + npages) {
		pool_unlock(p);
		iova_log(IOVA_LOG_ERR, "%s: reserve of DVMA 0x%" PRIx64 " + %"
			 PRIu64 " page(s): page at 0x%" PRIx64
			 " already allocated", a->name, dvma, npages,
			 a->base + ((p->start + busy) << a->page_shift));
		return -EBUSY;
	}
	bm_assign(p->map, rel, npages, true);
	p->in_use += npages;
	p->allocs++;
	pool_unlock(p);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Introspection.                                                          */

int
iova_alloc_stats_get(struct iova_alloc *a, struct iova_alloc_stats *st)
{
	unsigned int i;

	if (a == NULL || st == NULL)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	for (i = 0; i < a->nb_all; i++) {
		struct iova_alloc_pool *p = &a->pools[i];

		pthread_mutex_lock(&p->lock);
		st->allocs += p->allocs;
		st->frees += p->frees;
		st->passes += p->passes;
		st->pool_switches += p->switches;
		st->contention += p->contention;
		st->flushes += p->flushes;
		st->pages_in_use += p->in_use;
		pthread_mutex_unlock(&p->lock);
	}
	st->failures = atomic_load(&a->failures);
	st->nb_pages = a->nb_pages;
	st->max_request = a->max_small;
	if (a->has_large && a->pools[a->nb_pools].size > st->max_request)
		st->max_request = a->pools[a->nb_pools].size;
	if (a->boundary_pages != 0 && st->max_request > a->boundary_pages)
		st->max_request = a->boundary_pages;
	return 0;
}

void
iova_alloc_stats_reset(struct iova_alloc *a)
{
	unsigned int i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nb_all; i++) {
		struct iova_alloc_pool *p = &a->pools[i];

		pthread_mutex_lock(&p->lock);
		p->allocs = p->frees = p->passes = 0;
		p->switches = p->contention = p->flushes = 0;
		pthread_mutex_unlock(&p->lock);
	}
	atomic_store(&a->failures, 0);
}

unsigned int
iova_alloc_nb_pools(const struct iova_alloc *a)
{
	return a == NULL ? 0 : a->nb_all;
}

int
iova_alloc_pool_info_get(struct iova_alloc *a, unsigned int pool,
			 struct iova_alloc_pool_info *info)
{
	struct iova_alloc_pool *p;

	if (a == NULL || info == NULL || pool >= a->nb_all)
		return -EINVAL;
	p = &a->pools[pool];
	pthread_mutex_lock(&p->lock);
	info->start = p->start;
	info->end = p->start + p->size;
	info->hint = p->start + p->hint;
	info->in_use = p->in_use;
	info->large = p->large;
	pthread_mutex_unlock(&p->lock);
	return 0;
}

uint64_t
iova_alloc_page_size(const struct iova_alloc *a)
{
	return a == NULL ? 0 : UINT64_C(1) << a->page_shift;
}

uint64_t
iova_alloc_base(const struct iova_alloc *a)
{
	return a == NULL ? 0 : a->base;
}
