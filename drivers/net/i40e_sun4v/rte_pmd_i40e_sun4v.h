/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * net_i40e_sun4v: what an application may ask of a port beyond ethdev.
 *
 * The port is an ordinary ethdev (rte_eth_*); these calls add what only
 * this driver knows: mapping an application's mempool into the port's
 * IOMMU domain before traffic, and the port's IOMMU footprint.  They live
 * in the driver (librte_net_i40e_sun4v.so), which carries its own private
 * copy of lib/iova_pool and of the simulated machine; an application that
 * registers its mempools here reaches the domain the port's DMA really goes
 * through (doc/guides/prog_guide/embedding.rst).
 *
 * Threading: control path only, from the primary process, not concurrently
 * with rte_eth_dev_configure()/rte_eth_*_queue_setup()/rte_eth_dev_close()
 * of the same port (the rules of those calls).  No call here is made on the
 * data path.  Every function returns 0 or a negative errno.
 */
#ifndef RTE_PMD_I40E_SUN4V_H
#define RTE_PMD_I40E_SUN4V_H

#include <stdint.h>

#include <rte_mempool.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Values of rte_pmd_i40e_sun4v_iommu_footprint::iommu (devarg iommu=). */
enum rte_pmd_i40e_sun4v_iommu {
	RTE_PMD_I40E_SUN4V_IOMMU_ATU = 0,   /**< per-group IOTSBs (iommu=atu) */
	RTE_PMD_I40E_SUN4V_IOMMU_LEGACY,    /**< the root complex's 2 GB window */
	RTE_PMD_I40E_SUN4V_IOMMU_BYPASS,    /**< no translation (iommu=bypass) */
};

/** Values of rte_pmd_i40e_sun4v_iommu_footprint::dma (devarg dma=). */
enum rte_pmd_i40e_sun4v_dma {
	RTE_PMD_I40E_SUN4V_DMA_POOL = 0,    /**< mempools mapped once (dma=pool) */
	RTE_PMD_I40E_SUN4V_DMA_MAP,         /**< map per descriptor (dma=map) */
};

/** What a port holds in its IOMMU, read by rte_pmd_i40e_sun4v_iommu_footprint_get(). */
struct rte_pmd_i40e_sun4v_iommu_footprint {
	uint32_t iommu;              /**< enum rte_pmd_i40e_sun4v_iommu */
	uint32_t dma;                /**< enum rte_pmd_i40e_sun4v_dma */
	uint64_t iotsb_entries;      /**< IOTSB entries the port holds now:
				      *   rings, per-descriptor maps, mempools
				      *   (xstat iotsb_entries_used) */
	uint64_t mempools;           /**< mempools mapped for the port now */
	uint64_t chunks_mapped;      /**< mempool memory chunks mapped so far
				      *   (one map call each) */
	uint64_t late_registrations; /**< mempools first seen on TX and mapped
				      *   there (0 when the application
				      *   registered every pool it sends from) */
};

/**
 * Map @p mp into the IOMMU domain of port @p port_id now, so that the
 * port's DMA reaches its buffers without a map on the data path.
 *
 * In dma=pool mode the driver maps an RX queue's mempool at queue setup
 * by itself; a pool the port only *transmits* from (another port's RX pool,
 * a pool of generated packets) is otherwise mapped on its first
 * transmission, on the data path, and counted in the xstat
 * tx_unmapped_mbufs.  Register such pools here first.  Every memory chunk
 * is mapped once, with the largest IO pages that fit; registering a pool
 * twice changes nothing.  The mapping lasts until the port is closed; the
 * pool must outlive it.
 *
 * With dma=map (every buffer mapped per descriptor) or iommu=bypass
 * (nothing translated) there is nothing to map: the call returns 0.
 *
 * @param port_id
 *   A port of this driver (net_i40e_sun4v), probed in this process.
 * @param mp
 *   The mempool; its memory must be populated (not RTE_MEMPOOL_F_NON_IO).
 * @return
 *   - 0: mapped (or nothing to map, see above).
 *   - -ENODEV: @p port_id is not a valid port.
 *   - -ENOTSUP: the port is not a net_i40e_sun4v port, or this is a
 *     secondary process.
 *   - -EINVAL: @p mp is NULL, has no memory or is flagged NON_IO.
 *   - -ENOSPC: the port's DVMA window or translation table is full.
 *   - another negative errno from mapping (e.g. -ENOMEM).
 */
int rte_pmd_i40e_sun4v_mempool_register(uint16_t port_id,
					struct rte_mempool *mp);

/**
 * Read port @p port_id's IOMMU footprint (what rte_pmd_i40e_sun4v_mempool_register()
 * and the queues cost it), e.g. to print next to xstats.
 *
 * @param port_id
 *   A port of this driver, probed in this process.
 * @param fp
 *   Filled on success.
 * @return
 *   - 0: @p fp is filled.
 *   - -ENODEV: @p port_id is not a valid port.
 *   - -ENOTSUP: not a net_i40e_sun4v port, or a secondary process.
 *   - -EINVAL: @p fp is NULL.
 */
int rte_pmd_i40e_sun4v_iommu_footprint_get(uint16_t port_id,
		struct rte_pmd_i40e_sun4v_iommu_footprint *fp);

#ifdef __cplusplus
}
#endif

#endif /* RTE_PMD_I40E_SUN4V_H */
