/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to the DPDK adapters of lib/iova_pool.  Not API.
 */
#ifndef IOVA_POOL_DPDK_PRIVATE_H
#define IOVA_POOL_DPDK_PRIVATE_H

#include <stdbool.h>

#include <rte_mempool.h>

#include "iova_pool.h"

/*
 * State of one pool made by iova_pool_dpdk_pktmbuf_pool_create(): the
 * opaque pointer of its memory chunk.  A context recognises such chunks by
 * their free callback and reuses the mapping if the domain matches.
 */
struct iova_pool_dpdk_mbuf_region {
	struct iova_pool *pool;          /* region-only pool, one region */
	struct iova_pool_domain *dom;    /* where it is mapped */
	struct rte_mempool *mp;
	uint64_t in_use_at_destroy;      /* snapshot from the DESTROY event */
	bool snapshot_valid;
	bool dying;                      /* free callback running */
};

/* Free callback of those chunks (identity used by the contexts). */
void iova_pool_dpdk_mbuf_chunk_free(struct rte_mempool_memhdr *memhdr,
				    void *opaque);

/* Telemetry commands; registered once by iova_pool_dpdk_init(). */
int iova_pool_dpdk_telemetry_register(void);

/* Log type id of lib.iova_pool (valid after iova_pool_dpdk_init()). */
extern int iova_pool_dpdk_logtype;

#endif /* IOVA_POOL_DPDK_PRIVATE_H */
