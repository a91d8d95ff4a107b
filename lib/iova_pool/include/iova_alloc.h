/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * DVMA range allocator (iommu-common style).
 *
 * Hands out ranges of IO pages inside one DVMA window: the engine of
 * per-descriptor mapping, and the source of DVMA for pre-mapped pools.  It
 * knows nothing about hypervisors or IOMMU tables: it only tracks which
 * pages of the window are taken.  The caller maps after a successful
 * iova_alloc_range() and demaps before iova_alloc_free().
 *
 * Shape (sun4v-iommu-facts.md §7, Linux iommu-common):
 *  - a bitmap with one bit per IO page of the window;
 *  - the window is split into up to 16 pools, each with its own lock and a
 *    *hint* (where the next search starts); a thread picks its pool by a
 *    hash of its thread index, so threads on different lcores rarely share
 *    a lock;
 *  - a search runs from the hint to the pool end (pass 0), then from the
 *    pool start (pass 1), then through the other pools in turn;
 *  - an optional *large pool* (the top quarter of the window) serves
 *    requests above a page threshold so big mappings do not fragment the
 *    small-request pools;
 *  - a range is aligned to 2^align_order pages in absolute DVMA and never
 *    crosses a segment boundary (default 4 GB, Linux's default);
 *  - an optional flush callback runs when a pool's search wraps, for IOMMUs
 *    that defer IOTLB invalidation (NULL on sun4v, whose demap flushes).
 *
 * Capacity rule (a deliberate difference from Linux, see
 * doc/design/iova_pool.md §2): every page of every pool can be handed out,
 * so single-page allocations exhaust the window at exactly nb_pages.  Linux
 * loses the last two entries of each pool (its search limit is the
 * inclusive pool end minus one).  As in Linux, a range never spans two
 * pools, so the largest request is the size of the largest pool.
 *
 * Threading: iova_alloc_range(), iova_alloc_free(), iova_alloc_reserve()
 * and the stats calls are thread-safe (per-pool locks).  create/destroy are
 * not: no other call may be in flight.
 *
 * Errors are negative errno values; every rejection is logged with the
 * offending value (iova_log.h), failures of iova_alloc_range() rate-limited
 * by the process's one log rate limiter (logrl.h).
 */
#ifndef IOVA_ALLOC_H
#define IOVA_ALLOC_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Maximum number of pools (Linux IOMMU_NR_POOLS, hash of 4 bits). */
#define IOVA_ALLOC_MAX_POOLS 16
/** Default page shift: 8 KB sun4v IO pages. */
#define IOVA_ALLOC_PAGE_SHIFT_DEFAULT 13
/** Smallest accepted page shift (4 KB). */
#define IOVA_ALLOC_PAGE_SHIFT_MIN 12
/** Largest accepted page shift (16 GB, the largest ATU page). */
#define IOVA_ALLOC_PAGE_SHIFT_MAX 34
/** Requests above this many pages go to the large pool (Linux: 15). */
#define IOVA_ALLOC_LARGE_THRESHOLD_DEFAULT 15
/** Default segment boundary in bytes (Linux assumes 4 GB without a device). */
#define IOVA_ALLOC_SEG_BOUNDARY_DEFAULT (UINT64_C(1) << 32)
/** Pass as seg_boundary to disable the boundary check. */
#define IOVA_ALLOC_SEG_BOUNDARY_NONE UINT64_MAX
/** Largest accepted align_order (pages = 2^order). */
#define IOVA_ALLOC_ALIGN_ORDER_MAX 40

struct iova_alloc;

/**
 * Flush callback, run when a pool search wraps (the allocation is about to
 * reuse pages below the pool's previous hint) or after a pass that failed.
 * Called with that pool's lock held; it must not call back into the
 * allocator.
 */
typedef void (*iova_alloc_flush_cb)(void *arg);

/** Allocator configuration.  Zeroed fields take the documented defaults. */
struct iova_alloc_conf {
	const char *name;          /**< for log lines; copied; NULL = "iova_alloc" */
	uint64_t base;             /**< DVMA of page 0; multiple of the page size */
	uint64_t nb_pages;         /**< window size in pages, > 0 */
	unsigned int page_shift;   /**< log2(page size); 0 = 13 (8 KB); 12..34 */
	unsigned int nb_pools;     /**< power of two <= 16; 0 = 16; reduced for tiny windows */
	bool large_pool;           /**< reserve the top quarter for large requests */
	unsigned int large_threshold; /**< "large" = more pages than this; 0 = 15 */
	uint64_t seg_boundary;     /**< bytes, power of two >= page; 0 = 4 GB;
				    *   IOVA_ALLOC_SEG_BOUNDARY_NONE = no check */
	iova_alloc_flush_cb flush; /**< wrap flush; NULL = none */
	void *flush_arg;           /**< handed to @ref flush */
};

/** Counters (since create or the last iova_alloc_stats_reset()). */
struct iova_alloc_stats {
	uint64_t allocs;       /**< successful iova_alloc_range() calls */
	uint64_t frees;        /**< successful iova_alloc_free() calls */
	uint64_t failures;     /**< iova_alloc_range() calls that found no room */
	uint64_t passes;       /**< searches beyond the first: rescans from a pool
				*   start plus visits to other pools */
	uint64_t pool_switches; /**< visits to a pool other than the thread's own */
	uint64_t contention;   /**< pool lock acquisitions that had to wait */
	uint64_t flushes;      /**< flush callback invocations */
	uint64_t pages_in_use; /**< pages currently allocated (not reset) */
	uint64_t nb_pages;     /**< capacity of the window (not reset) */
	uint64_t max_request;  /**< largest request that can ever succeed (pages) */
};

/** Geometry and state of one pool, for tests and tools. */
struct iova_alloc_pool_info {
	uint64_t start;        /**< first page index of the pool */
	uint64_t end;          /**< one past the last page index */
	uint64_t hint;         /**< where the next pass-0 search starts */
	uint64_t in_use;       /**< pages allocated in this pool */
	bool large;            /**< true for the large-allocation pool */
};

/**
 * Create an allocator over a window.
 *
 * @param conf
 *   Window geometry and options; see struct iova_alloc_conf.
 * @param out
 *   Receives the allocator.
 * @return
 *   0 on success;
 *   -EINVAL: NULL argument, nb_pages 0, base not page aligned, page_shift
 *            out of range, nb_pools not a power of two or > 16, window
 *            wrapping past 2^64, seg_boundary not a power of two or smaller
 *            than a page (the log line names the field and value);
 *   -ENOMEM: out of memory for the bitmap.
 */
int iova_alloc_create(const struct iova_alloc_conf *conf,
		      struct iova_alloc **out);

/**
 * Destroy an allocator.  Pages still allocated are reported, not an error:
 * the caller owns the mappings and may be tearing down after a device died.
 *
 * @return
 *   Number of pages that were still allocated (>= 0), or -EINVAL if @p a is
 *   NULL.
 */
int64_t iova_alloc_destroy(struct iova_alloc *a);

/**
 * Allocate @p npages contiguous pages.
 *
 * @param a
 *   The allocator.
 * @param npages
 *   Pages wanted, > 0.
 * @param align_order
 *   The range's first page is aligned to 2^align_order pages in absolute
 *   DVMA (so a range can back an IO page of 2^align_order base pages).
 * @param dvma
 *   Receives the DVMA of the first page.
 * @return
 *   0 on success;
 *   -EINVAL: NULL argument, npages 0, align_order > 40, or a request that
 *            can never succeed (larger than the largest pool or than the
 *            segment boundary);
 *   -ENOSPC: no free run in any pool (counted in stats.failures).
 */
int iova_alloc_range(struct iova_alloc *a, uint64_t npages,
		     unsigned int align_order, uint64_t *dvma);

/**
 * Free a range returned by iova_alloc_range() (or iova_alloc_reserve()).
 * Every page of the range must be allocated: freeing a page twice is
 * detected, logged and refused without changing anything.
 *
 * @return
 *   0 on success;
 *   -EINVAL: NULL allocator, npages 0, @p dvma not page aligned, range
 *            outside the window or spanning two pools;
 *   -EALREADY: some page of the range is not allocated (double free).
 */
int iova_alloc_free(struct iova_alloc *a, uint64_t dvma, uint64_t npages);

/**
 * Mark a caller-chosen range as allocated (e.g. mappings found in the table
 * at start-up, or a fixed IOVA asked for by an application).  The range
 * must lie inside one pool.
 *
 * @return
 *   0 on success; -EINVAL as for iova_alloc_free(); -EBUSY if some page is
 *   already allocated.
 */
int iova_alloc_reserve(struct iova_alloc *a, uint64_t dvma, uint64_t npages);

/**
 * Read the counters.
 *
 * @return 0, or -EINVAL for a NULL argument.
 */
int iova_alloc_stats_get(struct iova_alloc *a, struct iova_alloc_stats *st);

/** Zero the event counters (pages_in_use and nb_pages are state, kept). */
void iova_alloc_stats_reset(struct iova_alloc *a);

/** Number of pools, including the large pool if any (0 for NULL). */
unsigned int iova_alloc_nb_pools(const struct iova_alloc *a);

/**
 * Describe pool @p pool (0 .. iova_alloc_nb_pools() - 1; the large pool,
 * if configured, is the last).
 *
 * @return 0, or -EINVAL for a NULL argument or a pool out of range.
 */
int iova_alloc_pool_info_get(struct iova_alloc *a, unsigned int pool,
			     struct iova_alloc_pool_info *info);

/** Page size in bytes (0 for NULL). */
uint64_t iova_alloc_page_size(const struct iova_alloc *a);

/** DVMA of page 0 of the window (0 for NULL). */
uint64_t iova_alloc_base(const struct iova_alloc *a);

/**
 * Set the calling thread's index, which selects its home pool by hash
 * (Linux uses the CPU number).  Under DPDK the adapter sets it to the
 * lcore id; otherwise each thread gets the next value of a process-wide
 * counter on its first allocation.
 */
void iova_alloc_thread_index_set(unsigned int idx);

/** Home pool the calling thread would search first for a small request. */
unsigned int iova_alloc_thread_pool(const struct iova_alloc *a);

#ifdef __cplusplus
}
#endif

#endif /* IOVA_ALLOC_H */
