/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Data-path helpers for buffer DVMA (inline, included by the bursts).
 *
 * Pool mode: every buffer lies in memory mapped once (its mempool was
 * registered at queue setup through lib/iova_pool's DPDK adapter), so its
 * DVMA is VA + a per-range delta found in the queue's cache
 * (iova_pool_dpdk_va2dvma()); a miss takes the adapter's slow path (a
 * table lookup, and for a pool never seen before, its registration:
 * counted as tx_unmapped_mbufs).  No hypercall, lock or log on a hit.
 * Bypass: the DVMA is the bypass IO address of the VA (sun4v ABI encoding,
 * learned from PCI_IOMMU_GETBYPASS semantics; doc/spec/sun4v-hv-api.md).
 * Map mode: i40e_sun4v_dma_map_buf() per buffer (allocator + hypercall).
 */
#ifndef I40E_SUN4V_DMA_H
#define I40E_SUN4V_DMA_H

#include <stdint.h>

#include <rte_branch_prediction.h>
#include <rte_mbuf.h>
#include <rte_per_lcore.h>

#include "i40e_sun4v.h"
#include "vfio_sun4v.h"

/** Snapshot this thread's hypercall counters (vfio_sun4v keeps them). */
static inline void
i40e_sun4v_hv_count_begin(struct vfio_sun4v_thread_stats *t0)
{
	vfio_sun4v_thread_stats_get(t0);
}

/** Add the hypercalls this thread made since @p t0 to @p st. */
static inline void
i40e_sun4v_hv_count_end(const struct vfio_sun4v_thread_stats *t0,
			struct i40e_sun4v_dma_stats *st)
{
	struct vfio_sun4v_thread_stats t1;

	vfio_sun4v_thread_stats_get(&t1);
	st->hv_map_calls += t1.map_calls - t0->map_calls;
	st->hv_demap_calls += t1.demap_calls - t0->demap_calls;
	st->hv_map_ttes += t1.map_ttes - t0->map_ttes;
}

/**
 * Per-descriptor DVMA allocations hash per lcore (iommu-common's per-CPU
 * pool choice); bind each lcore the first time it maps.
 */
static inline void
i40e_sun4v_lcore_bind_once(void)
{
	RTE_DECLARE_PER_LCORE(bool, i40e_sun4v_lcore_bound);

	if (unlikely(!RTE_PER_LCORE(i40e_sun4v_lcore_bound))) {
		iova_pool_dpdk_lcore_bind();
		RTE_PER_LCORE(i40e_sun4v_lcore_bound) = true;
	}
}

/** Bypass IO address of a host VA (real address == host VA here). */
static inline uint64_t
i40e_sun4v_bypass_dvma(const void *va)
{
	return vfio_sun4v_bypass_addr(va);
}

#endif /* I40E_SUN4V_DMA_H */
