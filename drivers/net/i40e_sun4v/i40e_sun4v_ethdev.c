/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_i40e_sun4v: probe/remove and the control-path eth_dev_ops.
 *
 * Probe = parse devargs once -> allocate the ethdev -> fill data -> finish
 * (style-anchors §5.13).  The data path lives in i40e_sun4v_rxtx.c.
 */
#include <errno.h>
#include <string.h>

#include <bus_vdev_driver.h>
#include <ethdev_driver.h>
#include <ethdev_vdev.h>
#include <rte_ether.h>
#include <rte_kvargs.h>
#include <rte_malloc.h>

#include "i40e_sun4v_devargs.h"
#include "i40e_sun4v_logs.h"

RTE_LOG_REGISTER(i40e_sun4v_logtype_init, pmd.net.i40e_sun4v.init, NOTICE);
RTE_LOG_REGISTER(i40e_sun4v_logtype_driver, pmd.net.i40e_sun4v.driver, NOTICE);

/* Port private data (lives in dev->data->dev_private, shared memory). */
struct i40e_sun4v_adapter {
	struct i40e_sun4v_devargs args;
	struct rte_ether_addr mac;
};

static int
i40e_sun4v_dev_infos_get(struct rte_eth_dev *dev,
			 struct rte_eth_dev_info *info)
{
	RTE_SET_USED(dev);
	info->max_mac_addrs = 1;
	info->max_rx_pktlen = 9728;
	info->max_rx_queues = 0;
	info->max_tx_queues = 0;
	return 0;
}

static int
i40e_sun4v_dev_configure(struct rte_eth_dev *dev)
{
	RTE_SET_USED(dev);
	return 0;
}

static int
i40e_sun4v_dev_close(struct rte_eth_dev *dev)
{
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	/* mac_addrs points into dev_private: not separately allocated. */
	dev->data->mac_addrs = NULL;
	return 0;
}

static int
i40e_sun4v_link_update(struct rte_eth_dev *dev, int wait)
{
	RTE_SET_USED(wait);
	RTE_SET_USED(dev);
	return 0;
}

static const struct eth_dev_ops i40e_sun4v_ops = {
	.dev_configure = i40e_sun4v_dev_configure,
	.dev_close = i40e_sun4v_dev_close,
	.dev_infos_get = i40e_sun4v_dev_infos_get,
	.link_update = i40e_sun4v_link_update,
};

static int
i40e_sun4v_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct i40e_sun4v_adapter *ad;
	struct i40e_sun4v_devargs args;
	struct rte_eth_dev *dev;
	char err[256];
	int rc;

	rc = i40e_sun4v_devargs_parse(rte_vdev_device_args(vdev), &args, err,
				      sizeof(err));
	if (rc != 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: %s", name, err);
		return rc;
	}
	dev = rte_eth_vdev_allocate(vdev, sizeof(*ad));
	if (dev == NULL)
		return -ENOMEM;
	ad = dev->data->dev_private;
	ad->args = args;
	dev->dev_ops = &i40e_sun4v_ops;
	dev->data->mac_addrs = &ad->mac;
	rte_eth_dev_probing_finish(dev);
	I40E_SUN4V_INIT_LOG(INFO, "%s: iommu=%s dma=%s", name,
			    i40e_sun4v_iommu_name(args.iommu),
			    i40e_sun4v_dma_name(args.dma));
	return 0;
}

static int
i40e_sun4v_remove(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev;

	dev = rte_eth_dev_allocated(rte_vdev_device_name(vdev));
	if (dev == NULL)
		return 0;
	i40e_sun4v_dev_close(dev);
	return rte_eth_dev_release_port(dev);
}

static struct rte_vdev_driver i40e_sun4v_vdev_drv = {
	.probe = i40e_sun4v_probe,
	.remove = i40e_sun4v_remove,
};

RTE_PMD_REGISTER_VDEV(net_i40e_sun4v, i40e_sun4v_vdev_drv);
RTE_PMD_REGISTER_PARAM_STRING(net_i40e_sun4v, I40E_SUN4V_PARAM_STRING);
