/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to the DPDK adapters: the device context (data only).  The
 * registration code (iova_pool_dpdk_reg.c) owns it; the queue caches
 * (iova_pool_dpdk_xlate.c) reach its translation table through it.  Not
 * API.
 */
#ifndef IOVA_POOL_DPDK_CTX_H
#define IOVA_POOL_DPDK_CTX_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include <rte_mempool.h>

#include "iova_pool_dpdk.h"
#include "iova_pool_dpdk_xlate.h"
#include "vfio_sun4v.h"

/* A registered mempool. */
struct ctx_mp {
	struct ctx_mp *next;
	struct rte_mempool *mp;
	struct iova_pool *pool;    /* its mappings; NULL if all pre-mapped */
	unsigned int chunks;
};

/* A range given to iova_pool_dpdk_dma_map(). */
struct ctx_dma {
	struct ctx_dma *next;
	void *addr;
	size_t len;
	void *cover;               /* 8 KB-aligned range actually mapped */
	uint64_t cover_len;
	bool registered;           /* we registered it as guest RAM */
};

struct iova_pool_dpdk_ctx {
	char name[32];
	struct iova_pool_domain *dom;
	struct vfio_sun4v_container *c;
	uint32_t prot;
	uint32_t flags;
	pthread_mutex_t lock;      /* registration, table writes */
	struct iova_pool_dpdk_xtable xt; /* first sight = mempool registration */
	struct ctx_mp *mps;
	struct ctx_dma *dmas;
	struct iova_pool *dma_pool; /* region-only pool of dma_map ranges */
	unsigned int nb_dma;
	bool events;               /* mempool event callback registered */
	bool eal_mem;              /* holds EAL memory registrations */
	struct vfio_sun4v_thread_stats t0; /* thread counters at ctx_lock() */
	uint64_t hv_map_calls;     /* hypercalls made under the lock */
	uint64_t hv_demap_calls;
	uint64_t hv_map_ttes;
	uint64_t chunks_mapped;
	uint64_t chunks_premapped;
	uint64_t late_registrations;
};

/*
 * Map chunk [addr, addr+len) of @rec's mempool by the RAM run around it,
 * in the fewest ATU IO pages (iova_pool_dpdk_cover.c, design §6a), and
 * enter it in the table.  Caller holds ctx->lock and has created
 * rec->pool.  Returns 0; -ENOTSUP when the rule does not apply (not EAL
 * memory, objects that may cross pages, no plan): nothing was mapped, use
 * the per-chunk cover; or the errno of mapping (regions already added
 * stay in rec->pool, released with it).
 */
int iova_pool_dpdk_map_by_run(struct iova_pool_dpdk_ctx *ctx,
			      struct ctx_mp *rec, uintptr_t addr, size_t len);

#endif /* IOVA_POOL_DPDK_CTX_H */
