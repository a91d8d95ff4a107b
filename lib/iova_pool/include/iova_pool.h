/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Pre-mapped DMA buffer pools: memory mapped into the IOMMU **once**, in the
 * largest IO pages the IOMMU offers, and recycled (page_pool / AF_XDP UMEM /
 * ixy idea, dpdk-and-pooling-anchors.md §B).  Plain C, no DPDK needed.
 *
 * Lifecycle (doc/guides/prog_guide/iova_pool.rst):
 *   iova_pool_create() -> region 0: memory (huge pages if the system has
 *   free ones, else ordinary pages, on the requested NUMA node), registered
 *   as guest RAM, mapped once through the domain (iova_pool_domain.h) ->
 *   iova_pool_get()/iova_pool_put() recycle buffers with no map call ->
 *   more regions added on demand up to max_regions -> iova_pool_destroy()
 *   unmaps every region, even with buffers outstanding, reports how many
 *   were, and only then frees the memory.
 *
 * Buffer pools carve fixed-size buffers from equal regions laid out in one
 * reserved virtual span, so a buffer's DVMA is O(1) from its address:
 * region = (addr - span) / region_len, DVMA = region DVMA + offset; no
 * per-buffer table.  Region-only pools (::IOVA_POOL_F_REGION_ONLY) hold
 * mappings of caller-given length or caller-owned memory, used by the DPDK
 * adapters (a mempool's chunks, rte_dev_dma_map() ranges); their lookup is a
 * scan over the few regions.
 *
 * Threading: get/put/dvma are thread-safe (get/put take the pool lock;
 * dvma is lock-free).  create/destroy/region_add/region_remove must not race
 * with other calls on the same pool.  Pool names are unique per process.
 *
 * Errors: negative errno, each logged with the offending value (iova_log.h).
 */
#ifndef IOVA_POOL_H
#define IOVA_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "iova_pool_domain.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * IO page sizes that stats count separately (the page-size mix): index
 * log2(size) - 13, from 8 KB (0) to 16 GB (21).
 */
#define IOVA_POOL_NB_PAGE_SHIFTS 22
/** Index of IO page size @p size in the page-size mix arrays. */
#define IOVA_POOL_PAGE_IDX(size) (63 - __builtin_clzll(size) - 13)

/** Returned by iova_pool_dvma() for an address outside the pool. */
#define IOVA_POOL_BAD_DVMA UINT64_MAX
/** Any NUMA node (no memory policy). */
#define IOVA_POOL_NUMA_ANY (-1)
/** Longest pool name, including the NUL. */
#define IOVA_POOL_NAMESIZE 64
/** Default buffer alignment (a cache line). */
#define IOVA_POOL_BUF_ALIGN_DEFAULT 64u
/** Default and largest max_regions. */
#define IOVA_POOL_MAX_REGIONS_DEFAULT 16u
#define IOVA_POOL_MAX_REGIONS_LIMIT 4096u
/** Largest region accepted (bytes). */
#define IOVA_POOL_REGION_MAX (UINT64_C(1) << 40)

/** @name Pool flags (iova_pool_conf::flags) */
/**@{*/
/** Never use huge pages (ordinary pages only). */
#define IOVA_POOL_F_NO_HUGE (1u << 0)
/** Do not add regions on demand in iova_pool_get(). */
#define IOVA_POOL_F_NO_GROW (1u << 1)
/**
 * Cap the IO page size at the CPU page size backing the region.  On real
 * hardware an IO page must be physically contiguous, which only huge pages
 * guarantee; the simulation's real addresses are host virtual addresses,
 * so without this flag any aligned region gets large IO pages (design §4).
 */
#define IOVA_POOL_F_BACKING_CAP (1u << 2)
/** Fault the memory in at region creation (MAP_POPULATE). */
#define IOVA_POOL_F_POPULATE (1u << 3)
/** No buffers: the pool only holds mappings (iova_pool_region_add()). */
#define IOVA_POOL_F_REGION_ONLY (1u << 4)
/**@}*/

struct iova_pool;

/**
 * Count of buffers in use, for region-only pools whose buffers are managed
 * elsewhere (e.g. a mempool); used by stats and destroy.
 */
typedef uint64_t (*iova_pool_outstanding_cb)(void *arg);

/** Pool configuration; zeroed fields take the documented defaults. */
struct iova_pool_conf {
	const char *name;            /**< unique, < IOVA_POOL_NAMESIZE */
	struct iova_pool_domain *domain; /**< where to map; reference taken */
	uint32_t buf_size;           /**< bytes per buffer (> 0 unless REGION_ONLY) */
	uint32_t buf_align;          /**< power of two; 0 = 64 */
	uint64_t region_size;        /**< bytes per region; 0 = bufs_per_region
				      *   buffers (rounded up to the IO page) */
	uint32_t bufs_per_region;    /**< used when region_size is 0 */
	unsigned int max_regions;    /**< growth limit; 0 = 16 */
	int numa_node;               /**< node or IOVA_POOL_NUMA_ANY (-1);
				      *   0 also means node 0 */
	uint32_t prot;               /**< VFIO_SUN4V_DMA_*; 0 = READ|WRITE */
	uint32_t flags;              /**< IOVA_POOL_F_* */
	iova_pool_outstanding_cb outstanding; /**< REGION_ONLY; may be NULL */
	void *outstanding_arg;       /**< handed to @ref outstanding */
};

/** One region (one mapping). */
struct iova_pool_region_info {
	void *va;                 /**< first byte */
	uint64_t len;             /**< bytes mapped */
	uint64_t dvma;            /**< DVMA of @c va */
	uint64_t io_page_size;    /**< IO page size of the mapping */
	uint64_t entries;         /**< IOTSB / TSB entries used */
	uint64_t backing_page_size; /**< CPU page size (0 = caller's memory) */
	bool owned;               /**< memory allocated (and freed) by the pool */
};

/** Pool counters and state (iova_pool_stats_get()). */
struct iova_pool_stats {
	unsigned int nb_regions;    /**< regions mapped now */
	unsigned int max_regions;   /**< growth limit */
	unsigned int huge_regions;  /**< regions backed by huge pages */
	uint64_t io_page_sizes;     /**< OR of the IO page sizes in use */
	uint64_t iotsb_entries;     /**< table entries this pool's mappings use */
	/** iotsb_entries by IO page size (IOVA_POOL_PAGE_IDX()) */
	uint64_t entries_by_size[IOVA_POOL_NB_PAGE_SHIFTS];
	uint64_t bytes_mapped;      /**< sum of region lengths */
	uint64_t buf_stride;        /**< bytes between buffers (0 if REGION_ONLY) */
	uint64_t bufs_per_region;   /**< buffers carved from each region */
	uint64_t bufs_total;        /**< buffers in all regions */
	uint64_t bufs_outstanding;  /**< handed out and not returned */
	uint64_t map_calls;         /**< vfio_sun4v map calls made by the pool */
	uint64_t unmap_calls;       /**< vfio_sun4v unmap calls made */
	uint64_t map_errors;        /**< map calls that failed */
	uint64_t get_empty;         /**< gets refused: no buffer, no growth */
	uint64_t double_frees;      /**< puts of a buffer not outstanding */
	int numa_node;              /**< requested node (-1 = any) */
};

/**
 * Create a pool and its first region (none for REGION_ONLY pools).
 *
 * @return
 *   0 and *out;
 *   -EINVAL: NULL/empty/too long name, NULL domain, buf_size 0 or > region,
 *            buf_align not a power of two, region size 0 or above
 *            IOVA_POOL_REGION_MAX, max_regions above the limit, bad flags,
 *            NUMA node that does not exist (each named in the log);
 *   -EEXIST: a pool with that name exists;
 *   -ENOMEM: memory or address space;
 *   -ENOSPC: no DVMA window has room for the region;
 *   or the errno of registering / mapping the region.
 */
int iova_pool_create(const struct iova_pool_conf *conf,
		     struct iova_pool **out);

/**
 * Destroy a pool: unmap every region (whatever is outstanding), free the
 * DVMA, unregister and free the pool's own memory.  A region whose unmap
 * fails is left mapped *and allocated* (never free memory a device can
 * still reach) and the error is logged.
 *
 * @return
 *   the number of buffers that were still outstanding (>= 0);
 *   -EINVAL: NULL;
 *   -EALREADY: @p p is not a live pool (destroyed twice?);
 *   -EIO: some region could not be unmapped (its memory was leaked).
 */
int64_t iova_pool_destroy(struct iova_pool *p);

/**
 * Take one buffer; grows the pool by a region when empty (unless
 * ::IOVA_POOL_F_NO_GROW or at max_regions).
 *
 * @return 0 and *buf; -EINVAL (NULL, REGION_ONLY pool); -ENOBUFS (empty
 *   and cannot grow); or the errno of adding a region.
 */
int iova_pool_get(struct iova_pool *p, void **buf);

/**
 * Return a buffer taken with iova_pool_get().
 *
 * @return 0; -EINVAL (NULL, address not the start of a buffer of this
 *   pool); -EALREADY (buffer not outstanding: double free).
 */
int iova_pool_put(struct iova_pool *p, void *buf);

/**
 * DVMA of any byte of the pool's memory, O(1) for buffer pools: region DVMA
 * plus offset.  Lock-free.
 *
 * @return the DVMA, or IOVA_POOL_BAD_DVMA if @p addr is outside the pool.
 */
uint64_t iova_pool_dvma(const struct iova_pool *p, const void *addr);

/**
 * Add a region: a new buffer region (buffer pools), or for REGION_ONLY
 * pools a mapping of @p len bytes of caller memory at @p va (va != NULL;
 * both 8 KB multiples; the caller keeps it registered as guest RAM) or of
 * new pool memory (va == NULL).
 *
 * @param info
 *   Receives the region (may be NULL).
 * @return the region index (>= 0); -EINVAL; -ENOSPC (max_regions reached or
 *   no DVMA); -ENOMEM; or the errno of mapping.
 */
int iova_pool_region_add(struct iova_pool *p, void *va, uint64_t len,
			 struct iova_pool_region_info *info);

/**
 * Remove the REGION_ONLY region that starts at @p va: unmap it, free its
 * DVMA, free it if the pool owns the memory.
 *
 * @return 0; -EINVAL (NULL, buffer pool); -ENOENT (no region at @p va);
 *   or the errno of unmapping (the region then stays).
 */
int iova_pool_region_remove(struct iova_pool *p, const void *va);

/**
 * Describe region @p idx (0 .. stats.nb_regions - 1 for buffer pools; any
 * slot below max_regions for REGION_ONLY pools).
 *
 * @return 0; -EINVAL; -ENOENT (empty slot).
 */
int iova_pool_region_info_get(const struct iova_pool *p, unsigned int idx,
			      struct iova_pool_region_info *info);

/** Read the counters.  @return 0, -EINVAL. */
int iova_pool_stats_get(const struct iova_pool *p, struct iova_pool_stats *st);

/** Name of @p p (NULL for NULL). */
const char *iova_pool_name(const struct iova_pool *p);

/** Live pool named @p name, or NULL. */
struct iova_pool *iova_pool_lookup(const char *name);

/**
 * Call @p cb for every live pool (under the registry lock: @p cb must not
 * create or destroy pools).  Stops early if @p cb returns non-zero.
 *
 * @return the number of pools visited.
 */
unsigned int iova_pool_walk(int (*cb)(struct iova_pool *p, void *arg),
			    void *arg);

#ifdef __cplusplus
}
#endif

#endif /* IOVA_POOL_H */
