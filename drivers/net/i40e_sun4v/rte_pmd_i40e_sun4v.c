/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver's public API (rte_pmd_i40e_sun4v.h): the only symbols the
 * plugin exports (version.map).  Control path; each call checks that the
 * port belongs to this copy of the driver before touching its private data.
 */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_eal.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"
#include "iova_pool_dpdk.h"
#include "rte_pmd_i40e_sun4v.h"

static_assert((int)RTE_PMD_I40E_SUN4V_IOMMU_ATU == (int)I40E_SUN4V_IOMMU_ATU &&
	      (int)RTE_PMD_I40E_SUN4V_IOMMU_LEGACY == (int)I40E_SUN4V_IOMMU_LEGACY &&
	      (int)RTE_PMD_I40E_SUN4V_IOMMU_BYPASS == (int)I40E_SUN4V_IOMMU_BYPASS,
	      "public iommu values follow the devargs enum");
static_assert((int)RTE_PMD_I40E_SUN4V_DMA_POOL == (int)I40E_SUN4V_DMA_POOL &&
	      (int)RTE_PMD_I40E_SUN4V_DMA_MAP == (int)I40E_SUN4V_DMA_MAP,
	      "public dma values follow the devargs enum");

/* The adapter of @p port_id if it is a port of this copy of the driver. */
static int
port_adapter(uint16_t port_id, struct i40e_sun4v_adapter **out)
{
	struct rte_eth_dev *dev;

	if (!rte_eth_dev_is_valid_port(port_id))
		return -ENODEV;
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return -ENOTSUP;
	dev = &rte_eth_devices[port_id];
	if (!i40e_sun4v_dev_is_ours(dev))
		return -ENOTSUP;
	*out = dev->data->dev_private;
	return 0;
}

int
rte_pmd_i40e_sun4v_mempool_register(uint16_t port_id, struct rte_mempool *mp)
{
	struct i40e_sun4v_adapter *ad;
	int rc = port_adapter(port_id, &ad);

	if (rc != 0)
		return rc;
	if (mp == NULL)
		return -EINVAL;
	/* dma=map maps per descriptor, bypass translates nothing. */
	if (ad->dctx == NULL || ad->args.dma != I40E_SUN4V_DMA_POOL)
		return 0;
	rc = iova_pool_dpdk_mempool_register(ad->dctx, mp);
	if (rc != 0)
		I40E_SUN4V_DRV_LOG(ERR, "%s: cannot map mempool %s: %s",
				   ad->name, mp->name, strerror(-rc));
	return rc;
}

int
rte_pmd_i40e_sun4v_iommu_footprint_get(uint16_t port_id,
		struct rte_pmd_i40e_sun4v_iommu_footprint *fp)
{
	struct iova_pool_dpdk_ctx_stats cs;
	struct i40e_sun4v_adapter *ad;
	int rc = port_adapter(port_id, &ad);

	if (rc != 0)
		return rc;
	if (fp == NULL)
		return -EINVAL;
	memset(fp, 0, sizeof(*fp));
	fp->iommu = ad->args.iommu;
	fp->dma = ad->args.dma;
	fp->iotsb_entries = i40e_sun4v_entries_used(ad->dev);
	if (ad->dctx != NULL && iova_pool_dpdk_ctx_stats_get(ad->dctx, &cs) == 0) {
		fp->mempools = cs.mempools;
		fp->chunks_mapped = cs.chunks_mapped;
		fp->late_registrations = cs.late_registrations;
	}
	return 0;
}
