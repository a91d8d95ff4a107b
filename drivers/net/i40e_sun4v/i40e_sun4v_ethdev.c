/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_i40e_sun4v: probe/remove and the control-path eth_dev_ops
 * (doc/guides/nics/i40e_sun4v.rst).
 *
 * Probe = parse devargs once -> allocate the ethdev -> join the simulated
 * fabric and a DMA domain -> create the device model -> wire the link
 * (style-anchors §5.13).  Queues: i40e_sun4v_rxtx.c; bursts:
 * i40e_sun4v_rx.c / i40e_sun4v_tx.c; stats: i40e_sun4v_xstats.c.
 */
#include <dlfcn.h>
#include <errno.h>
#include <string.h>

#include <bus_driver.h>
#include <bus_vdev_driver.h>
#include <ethdev_driver.h>
#include <ethdev_vdev.h>
#include <rte_ether.h>
#include <rte_malloc.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_devargs.h"
#include "i40e_sun4v_logs.h"
#include "vfio_sun4v.h"

RTE_LOG_REGISTER(i40e_sun4v_logtype_init, pmd.net.i40e_sun4v.init, NOTICE);
RTE_LOG_REGISTER(i40e_sun4v_logtype_driver, pmd.net.i40e_sun4v.driver, NOTICE);

/*
 * Flow types the XL710 hashes (PFQF_HENA packet classifier types, facts
 * §1.5 and doc/spec/i40e-sim.md §4.7), plus DPDK's generic IPv4/IPv6 bits
 * (part of RTE_ETH_RSS_IP, testpmd's default), which enable every
 * classifier type of that IP version with the hardware's default input
 * set (TCP/UDP/SCTP by address and port, the others by address).
 */
#define I40E_SUN4V_RSS_IPV4_ALL                                               \
	(RTE_ETH_RSS_IPV4 | RTE_ETH_RSS_FRAG_IPV4 |                           \
	 RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_NONFRAG_IPV4_UDP |        \
	 RTE_ETH_RSS_NONFRAG_IPV4_SCTP | RTE_ETH_RSS_NONFRAG_IPV4_OTHER)
#define I40E_SUN4V_RSS_IPV6_ALL                                               \
	(RTE_ETH_RSS_IPV6 | RTE_ETH_RSS_FRAG_IPV6 |                           \
	 RTE_ETH_RSS_NONFRAG_IPV6_TCP | RTE_ETH_RSS_NONFRAG_IPV6_UDP |        \
	 RTE_ETH_RSS_NONFRAG_IPV6_SCTP | RTE_ETH_RSS_NONFRAG_IPV6_OTHER)
#define I40E_SUN4V_RSS_OFFLOAD_ALL                                            \
	(I40E_SUN4V_RSS_IPV4_ALL | I40E_SUN4V_RSS_IPV6_ALL)

/* Default Toeplitz key: a fixed, documented pattern (any key is valid). */
static const uint8_t default_rss_key[I40E_HW_RSS_KEY_SIZE] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25,
	0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b,
	0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c, 0x6a,
	0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa, 0x6d, 0x5a, 0x56, 0xda,
	0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67, 0x25, 0x3d,
};

/* rss_hf bit -> PFQF_HENA packet classifier types (i40e-facts §1.5). */
static const struct {
	uint64_t hf;
	uint64_t pctypes;
} rss_map[] = {
#define PCT(t) (1ull << I40E_HW_PCTYPE_##t)
	{ RTE_ETH_RSS_IPV4, PCT(NONF_IPV4_UDP) | PCT(NONF_IPV4_TCP) |
	  PCT(NONF_IPV4_SCTP) | PCT(NONF_IPV4_OTHER) | PCT(FRAG_IPV4) },
	{ RTE_ETH_RSS_FRAG_IPV4, PCT(FRAG_IPV4) },
	{ RTE_ETH_RSS_NONFRAG_IPV4_UDP, PCT(NONF_IPV4_UDP) },
	{ RTE_ETH_RSS_NONFRAG_IPV4_TCP, PCT(NONF_IPV4_TCP) },
	{ RTE_ETH_RSS_NONFRAG_IPV4_SCTP, PCT(NONF_IPV4_SCTP) },
	{ RTE_ETH_RSS_NONFRAG_IPV4_OTHER, PCT(NONF_IPV4_OTHER) },
	{ RTE_ETH_RSS_IPV6, PCT(NONF_IPV6_UDP) | PCT(NONF_IPV6_TCP) |
	  PCT(NONF_IPV6_SCTP) | PCT(NONF_IPV6_OTHER) | PCT(FRAG_IPV6) },
	{ RTE_ETH_RSS_FRAG_IPV6, PCT(FRAG_IPV6) },
	{ RTE_ETH_RSS_NONFRAG_IPV6_UDP, PCT(NONF_IPV6_UDP) },
	{ RTE_ETH_RSS_NONFRAG_IPV6_TCP, PCT(NONF_IPV6_TCP) },
	{ RTE_ETH_RSS_NONFRAG_IPV6_SCTP, PCT(NONF_IPV6_SCTP) },
	{ RTE_ETH_RSS_NONFRAG_IPV6_OTHER, PCT(NONF_IPV6_OTHER) },
#undef PCT
};

static uint64_t
rss_hf_to_hena(uint64_t hf)
{
	uint64_t h = 0;

	for (unsigned int i = 0; i < RTE_DIM(rss_map); i++)
		if (hf & rss_map[i].hf)
			h |= rss_map[i].pctypes;
	return h;
}

/* Push key, LUT and enabled types into the device (PFQF_* registers). */
static int
rss_program(struct i40e_sun4v_adapter *ad)
{
	uint64_t hena = rss_hf_to_hena(ad->rss_hf);
	int rc = 0;

	for (unsigned int i = 0; i < I40E_HW_PFQF_HKEY_NUM; i++) {
		const uint8_t *k = &ad->rss_key[4 * i];

		rc |= sim_board_reg_write(ad->fn, I40E_HW_PFQF_HKEY(i),
					 (uint32_t)k[0] | (uint32_t)k[1] << 8 |
					 (uint32_t)k[2] << 16 |
					 (uint32_t)k[3] << 24);
	}
	for (unsigned int i = 0; i < I40E_HW_PFQF_HLUT_NUM; i++) {
		const uint16_t *e = &ad->reta[4 * i];

		rc |= sim_board_reg_write(ad->fn, I40E_HW_PFQF_HLUT(i),
					 (uint32_t)(e[0] & 0xff) |
					 (uint32_t)(e[1] & 0xff) << 8 |
					 (uint32_t)(e[2] & 0xff) << 16 |
					 (uint32_t)(e[3] & 0xff) << 24);
	}
	rc |= sim_board_reg_write(ad->fn, I40E_HW_PFQF_HENA(0), (uint32_t)hena);
	rc |= sim_board_reg_write(ad->fn, I40E_HW_PFQF_HENA(1),
				 (uint32_t)(hena >> 32));
	return rc != 0 ? -EIO : 0;
}

static int
i40e_sun4v_dev_infos_get(struct rte_eth_dev *dev,
			 struct rte_eth_dev_info *info)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	info->max_mac_addrs = I40E_HW_SIM_MAC_FILTERS;
	info->max_rx_pktlen = I40E_HW_MAX_FRAME;
	info->min_mtu = RTE_ETHER_MIN_MTU;
	info->max_mtu = I40E_SUN4V_MAX_MTU;
	info->min_rx_bufsize = I40E_SUN4V_MIN_RX_BUF;
	info->max_rx_queues = I40E_SUN4V_MAX_QUEUES;
	info->max_tx_queues = I40E_SUN4V_MAX_QUEUES;
	info->rx_offload_capa = RTE_ETH_RX_OFFLOAD_SCATTER |
				RTE_ETH_RX_OFFLOAD_RSS_HASH |
				I40E_SUN4V_RX_CKSUM_ALL |
				RTE_ETH_RX_OFFLOAD_VLAN_STRIP;
	info->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS |
				RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE |
				I40E_SUN4V_TX_OL_ALL;
	info->reta_size = I40E_HW_RSS_LUT_SIZE;
	info->hash_key_size = I40E_HW_RSS_KEY_SIZE;
	info->flow_type_rss_offloads = I40E_SUN4V_RSS_OFFLOAD_ALL;
	info->rx_desc_lim = (struct rte_eth_desc_lim){
		.nb_max = I40E_SUN4V_MAX_DESC, .nb_min = I40E_SUN4V_MIN_DESC,
		.nb_align = I40E_SUN4V_DESC_ALIGN,
	};
	info->tx_desc_lim = (struct rte_eth_desc_lim){
		.nb_max = I40E_SUN4V_MAX_DESC, .nb_min = I40E_SUN4V_MIN_DESC,
		.nb_align = I40E_SUN4V_DESC_ALIGN,
		.nb_seg_max = I40E_HW_TX_MAX_DATA_PER_TSO,
		.nb_mtu_seg_max = I40E_HW_TX_MAX_DATA_PER_PKT,
	};
	info->default_rxconf.rx_free_thresh = I40E_SUN4V_RX_FREE_THRESH;
	info->default_txconf.tx_rs_thresh = I40E_SUN4V_TX_RS_THRESH;
	info->default_txconf.tx_free_thresh = I40E_SUN4V_TX_RS_THRESH;
	info->default_rxportconf.burst_size = I40E_SUN4V_BURST;
	info->default_txportconf.burst_size = I40E_SUN4V_BURST;
	info->default_rxportconf.ring_size = 1024;
	info->default_txportconf.ring_size = 512;
	info->speed_capa = ad->args.speed_mbps == 100000 ? RTE_ETH_LINK_SPEED_100G :
			   ad->args.speed_mbps == 25000 ? RTE_ETH_LINK_SPEED_25G :
			   ad->args.speed_mbps == 10000 ? RTE_ETH_LINK_SPEED_10G :
			   RTE_ETH_LINK_SPEED_40G;
	return 0;
}

static int
i40e_sun4v_dev_configure(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	struct rte_eth_conf *conf = &dev->data->dev_conf;
	uint16_t nq = RTE_MAX(dev->data->nb_rx_queues, (uint16_t)1);
	uint64_t hf = conf->rx_adv_conf.rss_conf.rss_hf;

	if (conf->rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG)
		conf->rxmode.offloads |= RTE_ETH_RX_OFFLOAD_RSS_HASH;
	if (hf & ~I40E_SUN4V_RSS_OFFLOAD_ALL) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: rss_hf 0x%" PRIx64 " has types the "
			"device cannot hash (supported: 0x%" PRIx64 ")",
			ad->name, hf, (uint64_t)I40E_SUN4V_RSS_OFFLOAD_ALL);
		return -EINVAL;
	}
	ad->rss_hf = (conf->rxmode.mq_mode & RTE_ETH_MQ_RX_RSS_FLAG) ? hf : 0;
	if (conf->rx_adv_conf.rss_conf.rss_key != NULL) {
		if (conf->rx_adv_conf.rss_conf.rss_key_len != I40E_HW_RSS_KEY_SIZE) {
			I40E_SUN4V_DRV_LOG(ERR, "%s: rss_key_len %u, need %u",
				ad->name, conf->rx_adv_conf.rss_conf.rss_key_len,
				I40E_HW_RSS_KEY_SIZE);
			return -EINVAL;
		}
		memcpy(ad->rss_key, conf->rx_adv_conf.rss_conf.rss_key,
		       I40E_HW_RSS_KEY_SIZE);
	}
	for (unsigned int i = 0; i < I40E_HW_RSS_LUT_SIZE; i++)
		ad->reta[i] = (uint16_t)(i % nq);
	return rss_program(ad);
}

static void
i40e_sun4v_stop_queues(struct rte_eth_dev *dev)
{
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++)
		i40e_sun4v_rx_queue_stop(dev, i);
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++)
		i40e_sun4v_tx_queue_stop(dev, i);
}

static int
i40e_sun4v_dev_start(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	int rc = i40e_sun4v_engine_check(ad);

	if (rc != 0)
		return rc;
	/* A quarantined function comes back only through a reset. */
	if (sim_board_fn_quarantined(ad->fn)) {
		I40E_SUN4V_DRV_LOG(NOTICE, "%s: function was quarantined after "
				   "a DMA fault storm; resetting it", ad->name);
		sim_board_fn_reset(ad->fn);
		ad->quarantine_logged = false;
		rc = rss_program(ad);
		if (rc == 0)
			rc = i40e_sun4v_filters_program(ad);
	}
	for (uint16_t i = 0; rc == 0 && i < dev->data->nb_tx_queues; i++)
		if (!dev->data->tx_queues[i] ||
		    !((struct i40e_sun4v_txq *)dev->data->tx_queues[i])->started)
			rc = i40e_sun4v_tx_queue_start(dev, i);
	for (uint16_t i = 0; rc == 0 && i < dev->data->nb_rx_queues; i++)
		if (!dev->data->rx_queues[i] ||
		    !((struct i40e_sun4v_rxq *)dev->data->rx_queues[i])->started)
			rc = i40e_sun4v_rx_queue_start(dev, i);
	if (rc != 0) {
		i40e_sun4v_stop_queues(dev);
		return rc;
	}
	i40e_sun4v_set_burst_fns(dev);
	sim_board_fn_set_admin(ad->fn, true);
	i40e_sun4v_link_start_check(ad);
	dev->data->dev_link.link_status = RTE_ETH_LINK_UP;
	return i40e_sun4v_lsc_arm(dev);
}

static int
i40e_sun4v_dev_stop(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	i40e_sun4v_stop_queues(dev);
	sim_board_fn_set_admin(ad->fn, false);
	dev->data->dev_link.link_status = RTE_ETH_LINK_DOWN;
	dev->data->dev_started = 0;
	/* A storm's suppressed counts are told now, not at the next one
	 * (close stops the port first, so it flushes too). */
	i40e_sun4v_log_flush();
	return 0;
}

static int
i40e_sun4v_dev_close(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	uint64_t left;

	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return 0;
	if (ad->fn == NULL)
		return 0;
	i40e_sun4v_lsc_disarm(dev);
	i40e_sun4v_dev_stop(dev);
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++)
		i40e_sun4v_rx_queue_release(dev, i);
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++)
		i40e_sun4v_tx_queue_release(dev, i);
	i40e_sun4v_arena_destroy(ad);
	i40e_sun4v_inject_teardown(ad);
	i40e_sun4v_dma_ctx_destroy(ad);
	left = i40e_sun4v_entries_used(dev);
	if (left != 0)
		I40E_SUN4V_DRV_LOG(ERR, "%s: %" PRIu64 " IOTSB entries still "
				   "held at close", ad->name, left);
	else
		I40E_SUN4V_DRV_LOG(INFO, "%s: closed, every IOTSB entry "
				   "returned", ad->name);
	i40e_sun4v_engine_detach(ad);
	i40e_sun4v_os_detach(ad);
	/* mac_addrs points into dev_private: not separately allocated. */
	dev->data->mac_addrs = NULL;
	return 0;
}

int
i40e_sun4v_link_update(struct rte_eth_dev *dev, int wait)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	struct rte_eth_link link = {
		.link_speed = ad->args.speed_mbps,
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = RTE_ETH_LINK_FIXED,
	};

	RTE_SET_USED(wait);
	if (sim_board_fn_quarantined(ad->fn)) {
		if (!ad->quarantine_logged)
			I40E_SUN4V_DRV_LOG(ERR, "%s: the platform quarantined "
				"function %02x:%02x.%x after a DMA fault storm; "
				"link is down until the port is stopped and "
				"started again (which resets the function)",
				ad->name, ad->fi.bdf >> 8,
				(ad->fi.bdf >> 3) & 0x1f, ad->fi.bdf & 7);
		ad->quarantine_logged = true;
	}
	link.link_status = dev->data->dev_started &&
			   sim_board_fn_link_up(ad->fn) ?
			   RTE_ETH_LINK_UP : RTE_ETH_LINK_DOWN;
	if (link.link_status == RTE_ETH_LINK_DOWN)
		link.link_speed = RTE_ETH_SPEED_NUM_NONE;
	return rte_eth_linkstatus_set(dev, &link);
}

static int
i40e_sun4v_mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (mtu < RTE_ETHER_MIN_MTU || mtu > I40E_SUN4V_MAX_MTU) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: mtu %u outside %u..%u", ad->name,
				   mtu, RTE_ETHER_MIN_MTU, I40E_SUN4V_MAX_MTU);
		return -EINVAL;
	}
	if (dev->data->dev_started) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: stop the port before changing "
				   "the MTU (it is part of the queue context)",
				   ad->name);
		return -EBUSY;
	}
	return 0;
}

static int
i40e_sun4v_rss_hash_update(struct rte_eth_dev *dev,
			   struct rte_eth_rss_conf *conf)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (conf->rss_hf & ~I40E_SUN4V_RSS_OFFLOAD_ALL)
		return -EINVAL;
	if (conf->rss_key != NULL) {
		if (conf->rss_key_len != I40E_HW_RSS_KEY_SIZE)
			return -EINVAL;
		memcpy(ad->rss_key, conf->rss_key, I40E_HW_RSS_KEY_SIZE);
	}
	ad->rss_hf = conf->rss_hf;
	return rss_program(ad);
}

static int
i40e_sun4v_rss_hash_conf_get(struct rte_eth_dev *dev,
			     struct rte_eth_rss_conf *conf)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (conf->rss_key != NULL) {
		if (conf->rss_key_len < I40E_HW_RSS_KEY_SIZE)
			return -EINVAL;
		memcpy(conf->rss_key, ad->rss_key, I40E_HW_RSS_KEY_SIZE);
	}
	conf->rss_key_len = I40E_HW_RSS_KEY_SIZE;
	conf->rss_hf = ad->rss_hf;
	return 0;
}

static int
i40e_sun4v_reta_update(struct rte_eth_dev *dev,
		       struct rte_eth_rss_reta_entry64 *reta, uint16_t size)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (size != I40E_HW_RSS_LUT_SIZE)
		return -EINVAL;
	for (unsigned int i = 0; i < size; i++) {
		const struct rte_eth_rss_reta_entry64 *r =
			&reta[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int b = i % RTE_ETH_RETA_GROUP_SIZE;

		if (!(r->mask & (1ull << b)))
			continue;
		if (r->reta[b] >= I40E_SUN4V_MAX_QUEUES)
			return -EINVAL;
		ad->reta[i] = r->reta[b];
	}
	return rss_program(ad);
}

static int
i40e_sun4v_reta_query(struct rte_eth_dev *dev,
		      struct rte_eth_rss_reta_entry64 *reta, uint16_t size)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (size != I40E_HW_RSS_LUT_SIZE)
		return -EINVAL;
	for (unsigned int i = 0; i < size; i++) {
		struct rte_eth_rss_reta_entry64 *r =
			&reta[i / RTE_ETH_RETA_GROUP_SIZE];
		unsigned int b = i % RTE_ETH_RETA_GROUP_SIZE;

		if (r->mask & (1ull << b))
			r->reta[b] = ad->reta[i];
	}
	return 0;
}

static int
i40e_sun4v_priv_dump(struct rte_eth_dev *dev, FILE *f)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	struct vfio_sun4v_info info;
	struct i40e_sim_port_stats ps;
	uint16_t bdf = ad->fi.bdf;

	fprintf(f, "%s: rc=%u bdf=%02x:%02x.%x group=%d iommu=%s dma=%s "
		"peer=%s speed=%uG pace=%d rxdesc=%u engine=%s\n", ad->name,
		ad->fi.rc, bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7, ad->fi.group,
		i40e_sun4v_iommu_name(ad->args.iommu),
		i40e_sun4v_dma_name(ad->args.dma),
		ad->args.peer == I40E_SUN4V_PEER_PORT ? ad->args.peer_name :
		ad->args.peer == I40E_SUN4V_PEER_SELF ? "self" : "sink",
		ad->args.speed_mbps / 1000, ad->args.pace, ad->args.rxdesc,
		ad->inline_engine ? "inline" : "service");
	if (vfio_sun4v_get_info(ad->dom->h->container, &info) == 0)
		for (unsigned int i = 0; i < info.nb_windows; i++)
			fprintf(f, "  window %u: page %" PRIu64 " base 0x%"
				PRIx64 " entries %" PRIu64 "/%" PRIu64 "%s\n",
				i, info.windows[i].page_size,
				info.windows[i].iova_base,
				info.windows[i].entries_used,
				info.windows[i].entries_total,
				info.windows[i].configured ? "" :
				" (not configured)");
	fprintf(f, "  iotsb_entries_used (this port): %" PRIu64 "\n",
		i40e_sun4v_entries_used(dev));
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];

		if (q != NULL)
			fprintf(f, "  rxq %u: ring dvma 0x%" PRIx64 " %u desc, "
				"%s\n", i, q->ring_dvma, q->nb_desc,
				q->started ? "started" : "stopped");
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct i40e_sun4v_txq *q = dev->data->tx_queues[i];

		if (q != NULL)
			fprintf(f, "  txq %u: ring dvma 0x%" PRIx64 " %u desc, "
				"%s\n", i, q->ring_dvma, q->nb_desc,
				q->started ? "started" : "stopped");
	}
	sim_board_fn_stats(ad->fn, &ps);
	fprintf(f, "  device: rx %" PRIu64 " missed %" PRIu64 " tx %" PRIu64
		" dma faults r/w %" PRIu64 "/%" PRIu64 " guest errors %"
		PRIu64 " link %s\n", ps.rx_packets, ps.rx_missed,
		ps.tx_packets, ps.dma_read_faults, ps.dma_write_faults,
		ps.guest_errors, sim_board_fn_link_up(ad->fn) ? "up" : "down");
	return 0;
}

static const struct eth_dev_ops i40e_sun4v_ops = {
	.dev_configure = i40e_sun4v_dev_configure,
	.dev_start = i40e_sun4v_dev_start,
	.dev_stop = i40e_sun4v_dev_stop,
	.dev_close = i40e_sun4v_dev_close,
	.dev_infos_get = i40e_sun4v_dev_infos_get,
	.link_update = i40e_sun4v_link_update,
	.dev_set_link_up = i40e_sun4v_set_link_up,
	.dev_set_link_down = i40e_sun4v_set_link_down,
	.dev_reset = i40e_sun4v_dev_reset,
	.promiscuous_enable = i40e_sun4v_promisc_enable,
	.promiscuous_disable = i40e_sun4v_promisc_disable,
	.allmulticast_enable = i40e_sun4v_allmulti_enable,
	.allmulticast_disable = i40e_sun4v_allmulti_disable,
	.mac_addr_add = i40e_sun4v_mac_addr_add,
	.mac_addr_remove = i40e_sun4v_mac_addr_remove,
	.mac_addr_set = i40e_sun4v_mac_addr_set,
	.set_mc_addr_list = i40e_sun4v_set_mc_addr_list,
	.fw_version_get = i40e_sun4v_fw_version_get,
	.rxq_info_get = i40e_sun4v_rxq_info_get,
	.txq_info_get = i40e_sun4v_txq_info_get,
	.mtu_set = i40e_sun4v_mtu_set,
	.stats_get = i40e_sun4v_stats_get,
	.stats_reset = i40e_sun4v_stats_reset,
	.xstats_get = i40e_sun4v_xstats_get,
	.xstats_get_names = i40e_sun4v_xstats_get_names,
	.xstats_reset = i40e_sun4v_xstats_reset,
	.rss_hash_update = i40e_sun4v_rss_hash_update,
	.rss_hash_conf_get = i40e_sun4v_rss_hash_conf_get,
	.reta_update = i40e_sun4v_reta_update,
	.reta_query = i40e_sun4v_reta_query,
	.rx_queue_setup = i40e_sun4v_rx_queue_setup,
	.tx_queue_setup = i40e_sun4v_tx_queue_setup,
	.rx_queue_release = i40e_sun4v_rx_queue_release,
	.tx_queue_release = i40e_sun4v_tx_queue_release,
	.rx_queue_start = i40e_sun4v_rx_queue_start,
	.rx_queue_stop = i40e_sun4v_rx_queue_stop,
	.tx_queue_start = i40e_sun4v_tx_queue_start,
	.tx_queue_stop = i40e_sun4v_tx_queue_stop,
	.vlan_offload_set = i40e_sun4v_vlan_offload_set,
	.eth_dev_priv_dump = i40e_sun4v_priv_dump,
};

bool
i40e_sun4v_dev_is_ours(const struct rte_eth_dev *dev)
{
	return dev != NULL && dev->dev_ops == &i40e_sun4v_ops;
}

/* Burst functions are chosen once per start, never per packet: a port
 * without offloads gets instances that have none. */
void
i40e_sun4v_set_burst_fns(struct rte_eth_dev *dev)
{
	static const eth_rx_burst_t rx_fns[3][2] = {
		{ i40e_sun4v_rx_burst_pool, i40e_sun4v_rx_burst_pool_ol },
		{ i40e_sun4v_rx_burst_map, i40e_sun4v_rx_burst_map_ol },
		{ i40e_sun4v_rx_burst_bypass, i40e_sun4v_rx_burst_bypass_ol },
	};
	static const eth_tx_burst_t tx_fns[3][2] = {
		{ i40e_sun4v_tx_burst_pool, i40e_sun4v_tx_burst_pool_ol },
		{ i40e_sun4v_tx_burst_map, i40e_sun4v_tx_burst_map_ol },
		{ i40e_sun4v_tx_burst_bypass, i40e_sun4v_tx_burst_bypass_ol },
	};
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	unsigned int m = ad->args.iommu == I40E_SUN4V_IOMMU_BYPASS ? 2 :
			 ad->args.dma == I40E_SUN4V_DMA_MAP ? 1 : 0;
	bool rx_ol, tx_ol;

	i40e_sun4v_offloads_in_use(dev, &rx_ol, &tx_ol);
	dev->rx_pkt_burst = rx_fns[m][rx_ol];
	dev->tx_pkt_burst = tx_fns[m][tx_ol];
	dev->tx_pkt_prepare = i40e_sun4v_tx_prepare;
}

/* Locally administered MAC derived from (rc, bdf) when mac= is absent. */
static void
default_mac(struct i40e_sun4v_adapter *ad)
{
	uint16_t bdf = ad->fi.bdf;
	struct rte_ether_addr *mac = &ad->macs[0];

	if (ad->args.mac_set) {
		memcpy(mac->addr_bytes, ad->args.mac, RTE_ETHER_ADDR_LEN);
		return;
	}
	mac->addr_bytes[0] = 0x02;
	mac->addr_bytes[1] = 0x54;
	mac->addr_bytes[2] = 0x40;
	mac->addr_bytes[3] = (uint8_t)ad->fi.rc;
	mac->addr_bytes[4] = (uint8_t)(bdf >> 8);
	mac->addr_bytes[5] = (uint8_t)bdf;
}

/* gen=: the link partner is the device's generator (NIC guide). */
static int
probe_gen(struct i40e_sun4v_adapter *ad)
{
	struct i40e_sim_gen_conf g = {
		.frame_len = ad->args.gen_size,
		.nb_flows = ad->args.gen_flows,
		.rate_pps = i40e_hw_line_rate_pps(ad->args.gen_size,
			ad->args.speed_mbps) * ad->args.gen_rate_pct / 100,
		.bad_ip_every = ad->args.gen_bad_ip,
		.bad_l4_every = ad->args.gen_bad_l4,
		.count = ad->args.gen_count,
	};

	return ad->args.gen ? sim_board_fn_gen_set(ad->fn, &g) : 0;
}

/*
 * The device state the devargs decide, as after probe: MAC, receive
 * filters (ethdev's promiscuous/all-multicast flags), RSS key and table
 * (RSS off until configured).  Probe and dev_reset run it.
 */
int
i40e_sun4v_dev_init(struct i40e_sun4v_adapter *ad)
{
	memset(ad->macs, 0, sizeof(ad->macs));
	default_mac(ad);
	ad->nb_mc = 0;
	memcpy(ad->rss_key, default_rss_key, sizeof(ad->rss_key));
	ad->rss_hf = 0;
	for (unsigned int i = 0; i < I40E_HW_RSS_LUT_SIZE; i++)
		ad->reta[i] = 0;
	if (rss_program(ad) != 0)
		return -EIO;
	return i40e_sun4v_filters_program(ad);
}

static int
i40e_sun4v_probe(struct rte_vdev_device *vdev)
{
	const char *name = rte_vdev_device_name(vdev);
	struct i40e_sun4v_adapter *ad;
	struct i40e_sun4v_devargs args;
	struct rte_eth_dev *dev;
	char err[256];
	int rc;

	/* A secondary reads the primary's port (i40e_sun4v_mp.c). */
	if (rte_eal_process_type() != RTE_PROC_PRIMARY)
		return i40e_sun4v_mp_attach(vdev, &i40e_sun4v_ops);
	rc = i40e_sun4v_devargs_parse(rte_vdev_device_args(vdev), &args, err,
				      sizeof(err));
	if (rc != 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: %s", name, err);
		return rc;
	}
	if (strlen(name) >= sizeof(ad->name))
		return -ENAMETOOLONG;
	dev = rte_eth_vdev_allocate(vdev, sizeof(*ad));
	if (dev == NULL)
		return -ENOMEM;
	ad = dev->data->dev_private;
	ad->args = args;
	ad->dev = dev;
	snprintf(ad->name, sizeof(ad->name), "%s", name);
	ad->inline_engine = args.engine == I40E_SUN4V_ENGINE_INLINE;
	/* --vdev devargs are typed virtual; rte_vdev_init()'s are not. */
	ad->eal_declared = vdev->device.devargs != NULL &&
			   vdev->device.devargs->type == RTE_DEVTYPE_VIRTUAL;
	rc = i40e_sun4v_os_attach(ad);
	if (rc != 0)
		goto err_release;
	rc = i40e_sun4v_engine_attach(ad);
	if (rc != 0)
		goto err_engine;
	rc = i40e_sun4v_dma_ctx_create(ad);
	if (rc != 0)
		goto err_detach;
	rc = i40e_sun4v_inject_setup(ad);
	if (rc != 0)
		goto err_inject;
	rc = i40e_sun4v_link_peer(ad);
	if (rc != 0)
		goto err_inject;
	rc = probe_gen(ad);
	if (rc != 0)
		goto err_inject;
	dev->data->mac_addrs = ad->macs;
	rc = i40e_sun4v_dev_init(ad);
	if (rc != 0)
		goto err_inject;
	ad->mp_served = i40e_sun4v_mp_served();
	dev->dev_ops = &i40e_sun4v_ops;
	/* The device has no interrupt line; link events are sampled. */
	dev->data->dev_flags |= RTE_ETH_DEV_INTR_LSC;
	dev->data->dev_link.link_speed = args.speed_mbps;
	dev->data->dev_link.link_duplex = RTE_ETH_LINK_FULL_DUPLEX;
	i40e_sun4v_set_burst_fns(dev);
	i40e_sun4v_ctl_fns_set(dev);
	rte_eth_dev_probing_finish(dev);
	I40E_SUN4V_INIT_LOG(INFO, "%s: port %u on rc %u bdf %02x:%02x.%x, "
			    "iommu=%s dma=%s", name, dev->data->port_id,
			    ad->fi.rc, ad->fi.bdf >> 8, (ad->fi.bdf >> 3) & 0x1f,
			    ad->fi.bdf & 7,
			    i40e_sun4v_iommu_name(args.iommu),
			    i40e_sun4v_dma_name(args.dma));
	return 0;
err_inject:
	i40e_sun4v_inject_teardown(ad);
	i40e_sun4v_dma_ctx_destroy(ad);
err_detach:
	i40e_sun4v_engine_detach(ad);
err_engine:
	i40e_sun4v_os_detach(ad);
err_release:
	dev->data->mac_addrs = NULL;
	rte_eth_dev_release_port(dev);
	return rc;
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

/*
 * rte_dev_dma_map() path: external memory an application wants the device
 * to reach is mapped once through the port's iova_pool context (testpmd
 * --mp-alloc=anon passes iova 0; the DVMA is ours to choose anyway).
 */
static struct i40e_sun4v_adapter *
vdev_adapter(struct rte_vdev_device *vdev)
{
	struct rte_eth_dev *dev = rte_eth_dev_allocated(rte_vdev_device_name(vdev));

	return dev == NULL ? NULL : dev->data->dev_private;
}

static int
i40e_sun4v_dma_map(struct rte_vdev_device *vdev, void *addr, uint64_t iova,
		   size_t len)
{
	struct i40e_sun4v_adapter *ad = vdev_adapter(vdev);

	if (ad == NULL)
		return -ENODEV;
	if (ad->dctx == NULL) /* bypass: nothing to map */
		return 0;
	return iova_pool_dpdk_dma_map(ad->dctx, addr, iova, len);
}

static int
i40e_sun4v_dma_unmap(struct rte_vdev_device *vdev, void *addr, uint64_t iova,
		     size_t len)
{
	struct i40e_sun4v_adapter *ad = vdev_adapter(vdev);

	if (ad == NULL)
		return -ENODEV;
	if (ad->dctx == NULL)
		return 0;
	return iova_pool_dpdk_dma_unmap(ad->dctx, addr, iova, len);
}

static struct rte_vdev_driver i40e_sun4v_vdev_drv = {
	.probe = i40e_sun4v_probe,
	.remove = i40e_sun4v_remove,
	.dma_map = i40e_sun4v_dma_map,
	.dma_unmap = i40e_sun4v_dma_unmap,
};

/* Path of the object (plugin or program) that holds @p addr. */
static const char *
object_path(const void *addr)
{
	Dl_info info;

	if (dladdr(addr, &info) == 0 || info.dli_fname == NULL)
		return "?";
	return info.dli_fname;
}

/*
 * Driver registration: what RTE_PMD_REGISTER_VDEV does, once per process.
 * Two copies of this driver can be in one process: the build tree's plugin
 * given with -d and an installed copy EAL loads from its default plugin
 * directory, or a program with the driver linked in plus an installed
 * plugin.  Both would put the name on the vdev bus's driver list and --vdev
 * would bind to the first while the second sat there.  So the first copy
 * to load registers, and a later one looks the name up through the vdev
 * bus's own parse callback (the lookup EAL applies to --vdev) and stays
 * unregistered, saying which copy runs.  EAL loads -d plugins before its
 * default directory (eal_plugins_init), so a -d copy is the one that runs
 * (doc/build.md "Installing").
 */
RTE_INIT(i40e_sun4v_register)
{
	struct rte_bus *bus = rte_bus_find_by_name("vdev");
	struct rte_vdev_driver *other = NULL;
	const char *name = RTE_STR(net_i40e_sun4v);

	if (bus != NULL && bus->parse != NULL &&
	    bus->parse(name, &other) == 0 && other != NULL &&
	    strcmp(other->driver.name, name) == 0) {
		RTE_LOG(NOTICE, PMD, "%s: already registered by %s; the copy "
			"in %s stays unregistered\n", name,
			object_path(other), object_path(&i40e_sun4v_vdev_drv));
		return;
	}
	i40e_sun4v_vdev_drv.driver.name = name;
	rte_vdev_register(&i40e_sun4v_vdev_drv);
}
/* The names DPDK's pmdinfogen reads (RTE_PMD_REGISTER_VDEV's second half). */
RTE_PMD_EXPORT_NAME(net_i40e_sun4v, __COUNTER__);
RTE_PMD_REGISTER_PARAM_STRING(net_i40e_sun4v, I40E_SUN4V_PARAM_STRING);
