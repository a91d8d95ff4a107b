/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * DPDK adapters of lib/iova_pool (dpdk-and-pooling-anchors.md §A2, §A3):
 *
 *  - (a) iova_pool_dpdk_pktmbuf_pool_create(): a pktmbuf mempool whose one
 *    memory chunk is a pre-mapped region, so every mbuf's @c buf_iova *is*
 *    its DVMA and the PMD never translates (create_empty + pktmbuf_pool_init
 *    + populate_iova with a free callback that unmaps + obj_iter);
 *  - (b) a per-device context (struct iova_pool_dpdk_ctx) that maps
 *    **existing** mempools (e.g. testpmd's) once, chunk by chunk, and a
 *    per-queue translation cache for the data path (mlx5 MR-cache idea): an
 *    8-entry MRU of [va_start, va_end) -> DVMA, then a binary search of the
 *    context's sorted table, then the slow path.  Pools created later are
 *    caught by mempool READY/DESTROY events when the EAL offers them
 *    (internal API); in any case an unknown pool seen on the data path is
 *    mapped on first sight (counted as a late registration);
 *  - (c) iova_pool_dpdk_dma_map()/..._dma_unmap() for a vdev's .dma_map
 *    hook (rte_dev_dma_map(), external memory), through the same code.
 *    testpmd passes iova = 0, so the caller's IOVA is ignored: the DVMA is
 *    ours and is found through the context's table;
 *  - observability: telemetry commands `/iova_pool/list` and
 *    `/iova_pool/stats,<name>`, registered once by iova_pool_dpdk_init().
 *
 * Threading: context create/destroy and (un)register are control-path and
 * serialised by the context's lock; the data-path lookup is lock-free (a
 * sequence counter guards the table) and each queue owns its cache.  Only
 * the slow path of an unknown pool takes the lock and makes hypercalls.
 *
 * Errors: negative errno (DPDK's -1 + rte_errno is converted at the call).
 */
#ifndef IOVA_POOL_DPDK_H
#define IOVA_POOL_DPDK_H

#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "iova_pool.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Entries of a per-queue translation cache (mlx5's MLX5_MR_CACHE_N). */
#define IOVA_POOL_DPDK_QCACHE_N 8
/** Entries of a context's sorted translation table. */
#define IOVA_POOL_DPDK_TABLE_MAX 1024

/** @name Context flags (iova_pool_dpdk_ctx_conf::flags) */
/**@{*/
/** Map every existing mempool now and follow mempool events. */
#define IOVA_POOL_DPDK_F_AUTO_REGISTER (1u << 0)
/** Register the EAL memory segment lists as guest RAM (refcounted). */
#define IOVA_POOL_DPDK_F_REGISTER_EAL_MEM (1u << 1)
/**@}*/

struct iova_pool_dpdk_ctx;

/**
 * One-time set-up: log type `lib.iova_pool` (iova_log lines go to rte_log)
 * and the telemetry commands.  Called by the functions below; idempotent.
 *
 * @return 0, or the negative errno of registering the log type.
 */
int iova_pool_dpdk_init(void);

/**
 * Make the calling lcore's id its allocator thread index, so per-descriptor
 * DVMA allocations hash per lcore (iova_alloc_thread_index_set()).  No-op
 * on a non-EAL thread.
 */
void iova_pool_dpdk_lcore_bind(void);

/**
 * (a) Create a pktmbuf pool on one pre-mapped region of @p d: every mbuf's
 * buf_iova is its DVMA.  The region is an iova_pool named "mbuf:<name>"
 * (visible to telemetry) that rte_mempool_free() unmaps and frees.
 *
 * @param socket_id
 *   NUMA node for the memory, or SOCKET_ID_ANY.
 * @return 0 and *out; -EINVAL (NULL, n 0, sizes); -EEXIST (name taken);
 *   -ENOMEM; -ENOSPC (no DVMA); or the errno of mapping / populating.
 */
int iova_pool_dpdk_pktmbuf_pool_create(const char *name, unsigned int n,
				       unsigned int cache_size,
				       uint16_t priv_size,
				       uint16_t data_room_size, int socket_id,
				       struct iova_pool_domain *d,
				       struct rte_mempool **out);

/** Context configuration. */
struct iova_pool_dpdk_ctx_conf {
	const char *name;               /**< short, unique (pool names derive from it) */
	struct iova_pool_domain *domain; /**< where to map; reference taken */
	uint32_t flags;                 /**< IOVA_POOL_DPDK_F_* */
	uint32_t prot;                  /**< VFIO_SUN4V_DMA_*; 0 = READ|WRITE */
};

/** Context counters. */
struct iova_pool_dpdk_ctx_stats {
	unsigned int mempools;        /**< mempools registered now */
	unsigned int table_entries;   /**< translation table entries */
	uint64_t chunks_mapped;       /**< chunks mapped (each one map call) */
	uint64_t chunks_premapped;    /**< chunks of (a) pools used as they are */
	uint64_t iotsb_entries;       /**< entries used by this context's maps */
	/** iotsb_entries by IO page size (IOVA_POOL_PAGE_IDX()) */
	uint64_t entries_by_size[IOVA_POOL_NB_PAGE_SHIFTS];
	uint64_t late_registrations;  /**< pools mapped from the data path */
	uint64_t slow_lookups;        /**< lookups that missed a queue cache */
	uint64_t lookup_failures;     /**< addresses with no DVMA */
	uint64_t dma_maps;            /**< live iova_pool_dpdk_dma_map() ranges */
	uint64_t hv_map_calls;        /**< map hypercalls this context made */
	uint64_t hv_demap_calls;      /**< demap hypercalls this context made */
	uint64_t hv_map_ttes;         /**< entries those map calls created */
	int events;                   /**< 1: mempool events followed; 0: not */
};

/**
 * Create a device context.  With ::IOVA_POOL_DPDK_F_AUTO_REGISTER every
 * existing mempool is registered and mempool events are followed (if the
 * EAL refuses the callback, the data-path fallback still maps unknown pools
 * on first sight; stats.events says which).
 *
 * @return 0; -EINVAL; -EEXIST (name); -ENOMEM; or a registration errno.
 */
int iova_pool_dpdk_ctx_create(const struct iova_pool_dpdk_ctx_conf *conf,
			      struct iova_pool_dpdk_ctx **out);

/**
 * Unmap everything the context mapped and free it.  Queue caches that
 * point to it must not be used afterwards.
 *
 * @return 0, -EINVAL (NULL), or -EIO if some mapping could not be undone.
 */
int iova_pool_dpdk_ctx_destroy(struct iova_pool_dpdk_ctx *ctx);

/**
 * (b) Map every memory chunk of @p mp once (each chunk's 8 KB-aligned
 * cover, widened to larger IO pages inside its memory segment list when
 * that costs at most twice the chunk) and add it to the table.  Chunks of
 * pools made by iova_pool_dpdk_pktmbuf_pool_create() on the same domain
 * are already mapped: they are added without a map call.  Idempotent.
 *
 * @return 0; -EINVAL (NULL, a pool flagged NON_IO or without memory);
 *   -ENOSPC (table or DVMA full); or the errno of mapping.
 */
int iova_pool_dpdk_mempool_register(struct iova_pool_dpdk_ctx *ctx,
				    struct rte_mempool *mp);

/** Undo iova_pool_dpdk_mempool_register().  @return 0, -EINVAL, -ENOENT. */
int iova_pool_dpdk_mempool_unregister(struct iova_pool_dpdk_ctx *ctx,
				      struct rte_mempool *mp);

/**
 * (c) vdev .dma_map: make [addr, addr+len) reachable by the device.  The
 * range is registered as guest RAM if it is not already, mapped once, and
 * entered in the table.  @p iova is ignored (testpmd passes 0).
 *
 * @return 0; -EINVAL (NULL, len 0); -ENOSPC; or the errno of mapping.
 */
int iova_pool_dpdk_dma_map(struct iova_pool_dpdk_ctx *ctx, void *addr,
			   uint64_t iova, size_t len);

/** vdev .dma_unmap of a range given to iova_pool_dpdk_dma_map() (same
 * addr and len).  @return 0, -EINVAL, -ENOENT. */
int iova_pool_dpdk_dma_unmap(struct iova_pool_dpdk_ctx *ctx, void *addr,
			     uint64_t iova, size_t len);

/** Read the counters.  @return 0, -EINVAL. */
int iova_pool_dpdk_ctx_stats_get(struct iova_pool_dpdk_ctx *ctx,
				 struct iova_pool_dpdk_ctx_stats *st);

/** One cached translation: DVMA = va + delta for va in [start, end). */
struct iova_pool_dpdk_xlate {
	uintptr_t start;   /**< first byte */
	uintptr_t end;     /**< one past the last byte */
	uint64_t delta;    /**< DVMA - VA (mod 2^64) */
};

/** Per-queue translation cache; one per queue, used by one thread. */
struct iova_pool_dpdk_qcache {
	struct iova_pool_dpdk_ctx *ctx; /**< owning context */
	const uint32_t *gen;            /**< context generation (flush trigger) */
	uint32_t cur_gen;               /**< generation the entries belong to */
	uint32_t mru;                   /**< most recently hit entry */
	uint32_t next;                  /**< next slot to replace */
	struct iova_pool_dpdk_xlate e[IOVA_POOL_DPDK_QCACHE_N]; /**< entries */
	uint64_t hits;                  /**< served by the cache */
	uint64_t misses;                /**< went to the slow path */
	uint64_t failures;              /**< no DVMA found */
};

/** Bind a queue cache to @p ctx (empties it).  @return 0, -EINVAL. */
int iova_pool_dpdk_qcache_init(struct iova_pool_dpdk_qcache *qc,
			       struct iova_pool_dpdk_ctx *ctx);

/**
 * @internal Slow path of iova_pool_dpdk_va2dvma(): table search, then
 * registration of @p m's pool if the address is unknown.
 */
uint64_t iova_pool_dpdk_lookup_slow(struct iova_pool_dpdk_qcache *qc,
				    uintptr_t va, const struct rte_mbuf *m);

/**
 * DVMA of @p va (any byte of registered memory).  Lock-free and without
 * hypercalls unless @p va belongs to a pool never seen before.
 *
 * @param m
 *   The mbuf @p va belongs to (its pool is registered on a miss), or NULL.
 * @return the DVMA, or IOVA_POOL_BAD_DVMA.
 */
static inline uint64_t
iova_pool_dpdk_va2dvma(struct iova_pool_dpdk_qcache *qc, const void *va,
		       const struct rte_mbuf *m)
{
	uintptr_t a = (uintptr_t)va;
	const struct iova_pool_dpdk_xlate *x = &qc->e[qc->mru];
	unsigned int i;

	if (unlikely(__atomic_load_n(qc->gen, __ATOMIC_ACQUIRE) !=
		     qc->cur_gen))
		return iova_pool_dpdk_lookup_slow(qc, a, m);
	if (likely(a - x->start < x->end - x->start)) {
		qc->hits++;
		return a + x->delta;
	}
	for (i = 0; i < IOVA_POOL_DPDK_QCACHE_N; i++) {
		x = &qc->e[i];
		if (a - x->start < x->end - x->start) {
			qc->mru = i;
			qc->hits++;
			return a + x->delta;
		}
	}
	return iova_pool_dpdk_lookup_slow(qc, a, m);
}

/** DVMA of the start of @p m's data buffer (buf_addr). */
static inline uint64_t
iova_pool_dpdk_mbuf_dvma(struct iova_pool_dpdk_qcache *qc,
			 const struct rte_mbuf *m)
{
	return iova_pool_dpdk_va2dvma(qc, m->buf_addr, m);
}

#ifdef __cplusplus
}
#endif

#endif /* IOVA_POOL_DPDK_H */
