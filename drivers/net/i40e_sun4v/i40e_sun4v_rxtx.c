/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX/TX queue setup, release, start and stop.  The bursts are in
 * i40e_sun4v_rx.c and i40e_sun4v_tx.c.
 *
 * Rings are allocated in DPDK memory aligned to one 8 KB IO page and mapped
 * once at queue setup (doc/guides/nics/i40e_sun4v.rst, "DMA").  Queue
 * contexts are programmed through the SIM-ONLY context registers of
 * <hw/i40e_hw.h> (doc/spec/i40e-sim.md §3), the stand-in for the XL710's
 * HMC queue context.
 */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>
#include <rte_memzone.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"
#include "logrl.h"
#include "vfio_sun4v.h"

static int
check_nb_desc(const struct i40e_sun4v_adapter *ad, const char *what,
	      uint16_t qid, uint16_t nb_desc)
{
	if (i40e_hw_ring_len_valid(nb_desc))
		return 0;
	I40E_SUN4V_DRV_LOG(ERR, "%s: %s queue %u: nb_desc=%u invalid: must be "
			   "%u..%u and a multiple of %u", ad->name, what, qid,
			   nb_desc, I40E_SUN4V_MIN_DESC, I40E_SUN4V_MAX_DESC,
			   I40E_SUN4V_DESC_ALIGN);
	return -EINVAL;
}

/* Reserve and map a ring of its own: legacy, dma=map and bypass ports. */
static int
ring_alloc_own(struct i40e_sun4v_adapter *ad, const char *kind, uint16_t qid,
	       unsigned int socket, struct i40e_sun4v_ring_mem *r)
{
	char name[RTE_MEMZONE_NAMESIZE];
	int rc;

	snprintf(name, sizeof(name), "i40e_sun4v_%u_%s%u",
		 ad->dev->data->port_id, kind, qid);
	r->mz = rte_memzone_reserve_aligned(name, r->len, (int)socket, 0,
					    I40E_SUN4V_RING_ALIGN);
	if (r->mz == NULL) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: no memory for the %s ring %u "
				   "(%zu bytes): %s", ad->name, kind, qid,
				   r->len, rte_strerror(rte_errno));
		return -ENOMEM;
	}
	/* 0xff poison: a descriptor the device reads before the driver
	 * wrote it points at an unmapped DVMA and faults loudly. */
	memset(r->mz->addr, 0xff, r->len);
	rc = i40e_sun4v_dma_map_ctl(ad, r->mz->addr, r->len,
				    VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE,
				    &r->map);
	if (rc != 0) {
		rte_memzone_free(r->mz);
		r->mz = NULL;
		return rc;
	}
	r->va = r->mz->addr;
	r->dvma = r->map.dvma;
	return 0;
}

/*
 * Reserve a descriptor ring the device reads and writes: from the port's
 * ring arena in ATU pooled mode (mapped already, no map call), else its
 * own memzone mapped once here (NIC guide "DMA").
 */
static int
ring_alloc(struct i40e_sun4v_adapter *ad, const char *kind, uint16_t qid,
	   size_t bytes, unsigned int socket, struct i40e_sun4v_ring_mem *r)
{
	int rc;

	memset(r, 0, sizeof(*r));
	if (i40e_sun4v_arena_enabled(ad)) {
		r->arena = true;
		r->len = bytes;     /* the arena rounds to its 4 KB grains */
		rc = i40e_sun4v_arena_alloc(ad, r->len, (int)socket, &r->va,
					    &r->dvma);
	} else {
		r->len = RTE_ALIGN_CEIL(bytes, I40E_SUN4V_RING_ALIGN);
		rc = ring_alloc_own(ad, kind, qid, socket, r);
	}
	if (rc != 0) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: cannot get the %s ring %u: %s",
				   ad->name, kind, qid, strerror(-rc));
		memset(r, 0, sizeof(*r));
	}
	return rc;
}

static void
ring_free(struct i40e_sun4v_adapter *ad, struct i40e_sun4v_ring_mem *r)
{
	if (r->va == NULL)
		return;
	if (r->arena)
		i40e_sun4v_arena_free(ad, r->va, r->len);
	else if (i40e_sun4v_dma_unmap_ctl(ad, &r->map) == 0)
		rte_memzone_free(r->mz);
	/* else: the device may still reach it; leaked on purpose (logged) */
	memset(r, 0, sizeof(*r));
}

/* Free what a queue's setup allocated: its ring, its arrays, itself. */
static void
queue_free(struct i40e_sun4v_adapter *ad, struct i40e_sun4v_ring_mem *r,
	   void *a, void *b, void *c, void *q)
{
	ring_free(ad, r);
	rte_free(a);
	rte_free(b);
	rte_free(c);
	rte_free(q);
}

static int
reg_write(struct i40e_sun4v_adapter *ad, uint32_t off, uint32_t val)
{
	int rc = sim_board_reg_write(ad->fn, off, val);

	if (rc != 0)
		I40E_SUN4V_DRV_LOG(ERR, "%s: register 0x%08x <- 0x%x refused: %s",
				   ad->name, off, val, strerror(-rc));
	return rc;
}

/*
 * Program a ring's base and length into its (SIM-ONLY) queue context
 * (doc/spec/i40e-sim.md §3).  @return 0 or the first refused write.
 */
static int
ring_context(struct i40e_sun4v_adapter *ad, uint32_t lo_reg, uint32_t hi_reg,
	     uint32_t len_reg, uint64_t dvma, uint16_t nb_desc)
{
	int rc = reg_write(ad, lo_reg, (uint32_t)dvma);

	if (rc == 0)
		rc = reg_write(ad, hi_reg, (uint32_t)(dvma >> 32));
	if (rc == 0)
		rc = reg_write(ad, len_reg, nb_desc);
	return rc;
}

/*
 * Request the enable and read QENA_STAT back: the device refuses a bad
 * context (a guest error, §3) by leaving the queue disabled.
 */
static int
queue_enable(struct i40e_sun4v_adapter *ad, const char *kind, uint16_t qid,
	     uint32_t ena_reg)
{
	uint32_t ena = 0;

	if (reg_write(ad, ena_reg, I40E_HW_QENA_REQ) == 0)
		sim_board_reg_read(ad->fn, ena_reg, &ena);
	if (ena & I40E_HW_QENA_STAT)
		return 0;
	I40E_SUN4V_DRV_LOG(ERR, "%s: %s queue %u did not enable (ENA=0x%x)",
			   ad->name, kind, qid, ena);
	return -EIO;
}

void
i40e_sun4v_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct i40e_sun4v_rxq *q = dev->data->rx_queues[qid];

	if (q == NULL)
		return;
	i40e_sun4v_rx_queue_stop(dev, qid);
	i40e_sun4v_stats_retire_rxq(q->ad, q);
	queue_free(q->ad, &q->rmem, q->maps, q->sw_ring, NULL, q);
	dev->data->rx_queues[qid] = NULL;
}

/* Data bytes one RX buffer of @p mp holds, floored to 128 (§3.1 dbuff). */
static uint32_t
rx_buf_len(struct rte_mempool *mp)
{
	uint32_t room = rte_pktmbuf_data_room_size(mp);

	if (room <= RTE_PKTMBUF_HEADROOM)
		return 0;
	room -= RTE_PKTMBUF_HEADROOM;
	room = RTE_MIN(room, I40E_HW_RXBUF_MAX);
	return RTE_ALIGN_FLOOR(room, I40E_HW_RXBUF_UNIT);
}

/* The 8 bytes a received mbuf's rearm_data takes, stored with one write
 * per packet instead of four (data_off, refcnt, nb_segs, port). */
static uint64_t
rx_mbuf_initializer(uint16_t port_id)
{
	struct rte_mbuf mb = {
		.data_off = RTE_PKTMBUF_HEADROOM,
		.nb_segs = 1,
		.port = port_id,
	};

	uintptr_t p = (uintptr_t)&mb.rearm_data;

	rte_mbuf_refcnt_set(&mb, 1);
	return *(uint64_t *)p;
}

int
i40e_sun4v_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			  uint16_t nb_desc, unsigned int socket,
			  const struct rte_eth_rxconf *conf,
			  struct rte_mempool *mp)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	struct i40e_sun4v_rxq *q;
	uint32_t buf;
	int rc;

	if (nb_desc == 0)
		nb_desc = 1024;
	rc = check_nb_desc(ad, "RX", qid, nb_desc);
	if (rc != 0)
		return rc;
	buf = rx_buf_len(mp);
	if (buf < I40E_SUN4V_MIN_RX_BUF) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: RX queue %u: mempool %s data room "
			"%u leaves %u bytes per buffer; need >= %u", ad->name,
			qid, mp->name, rte_pktmbuf_data_room_size(mp), buf,
			I40E_SUN4V_MIN_RX_BUF);
		return -EINVAL;
	}
	i40e_sun4v_rx_queue_release(dev, qid);
	q = rte_zmalloc_socket("i40e_sun4v_rxq", sizeof(*q),
			       RTE_CACHE_LINE_SIZE, (int)socket);
	if (q == NULL)
		return -ENOMEM;
	q->ad = ad;
	q->mp = mp;
	q->nb_desc = nb_desc;
	q->queue_id = qid;
	q->port_id = dev->data->port_id;
	q->desc_size = ad->args.rxdesc;
	q->buf_len = buf;
	q->offloads = conf != NULL ? conf->offloads : 0;
	q->mbuf_initializer = rx_mbuf_initializer(q->port_id);
	q->sw_ring = rte_zmalloc_socket("i40e_sun4v_rx_sw", sizeof(q->sw_ring[0]) *
					nb_desc, RTE_CACHE_LINE_SIZE, (int)socket);
	q->maps = rte_zmalloc_socket("i40e_sun4v_rx_maps", sizeof(q->maps[0]) *
				     nb_desc, RTE_CACHE_LINE_SIZE, (int)socket);
	if (q->sw_ring == NULL || q->maps == NULL) {
		rc = -ENOMEM;
		goto err;
	}
	rc = ring_alloc(ad, "rx", qid, (size_t)nb_desc * q->desc_size, socket,
			&q->rmem);
	if (rc != 0)
		goto err;
	q->ring = q->rmem.va;
	q->ring_dvma = q->rmem.dvma;
	/* Pool mode: map the application's mempool once, here. */
	if (ad->dctx != NULL) {
		rc = iova_pool_dpdk_qcache_init(&q->qc, ad->dctx);
		if (rc == 0 && ad->args.dma == I40E_SUN4V_DMA_POOL)
			rc = iova_pool_dpdk_mempool_register(ad->dctx, mp);
		if (rc != 0) {
			I40E_SUN4V_DRV_LOG(ERR, "%s: RX queue %u: cannot map "
				"mempool %s: %s", ad->name, qid, mp->name,
				strerror(-rc));
			goto err;
		}
	}
	dev->data->rx_queues[qid] = q;
	return 0;
err:
	queue_free(ad, &q->rmem, q->maps, q->sw_ring, NULL, q);
	return rc;
}

void
i40e_sun4v_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
	struct i40e_sun4v_txq *q = dev->data->tx_queues[qid];

	if (q == NULL)
		return;
	i40e_sun4v_tx_queue_stop(dev, qid);
	i40e_sun4v_stats_retire_txq(q->ad, q);
	queue_free(q->ad, &q->rmem, q->maps, q->sw_ring, q->rs_idx,
		   q);
	dev->data->tx_queues[qid] = NULL;
}

int
i40e_sun4v_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			  uint16_t nb_desc, unsigned int socket,
			  const struct rte_eth_txconf *conf)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	uint16_t rs = I40E_SUN4V_TX_RS_THRESH;
	struct i40e_sun4v_txq *q;
	int rc;

	if (nb_desc == 0)
		nb_desc = 512;
	rc = check_nb_desc(ad, "TX", qid, nb_desc);
	if (rc != 0)
		return rc;
	if (conf != NULL && conf->tx_rs_thresh != 0)
		rs = conf->tx_rs_thresh;
	/* RS buckets must tile the ring (i40e-facts §3.3 TX setup rules). */
	if (!rte_is_power_of_2(rs) || rs >= nb_desc - 2 || nb_desc % rs != 0) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: TX queue %u: tx_rs_thresh=%u must "
				   "be a power of 2 dividing nb_desc=%u and < "
				   "nb_desc-2", ad->name, qid, rs, nb_desc);
		return -EINVAL;
	}
	i40e_sun4v_tx_queue_release(dev, qid);
	q = rte_zmalloc_socket("i40e_sun4v_txq", sizeof(*q),
			       RTE_CACHE_LINE_SIZE, (int)socket);
	if (q == NULL)
		return -ENOMEM;
	q->ad = ad;
	q->nb_desc = nb_desc;
	q->rs_thresh = rs;
	q->queue_id = qid;
	q->port_id = dev->data->port_id;
	q->fast_free = ((dev->data->dev_conf.txmode.offloads |
			 (conf != NULL ? conf->offloads : 0)) &
			RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE) != 0;
	q->tx_ol = ((dev->data->dev_conf.txmode.offloads |
		     (conf != NULL ? conf->offloads : 0)) &
		    I40E_SUN4V_TX_OL_ALL) != 0;
	/* At most one RS per packet and one per rs_thresh descriptors. */
	q->rs_cap = nb_desc;
	q->sw_ring = rte_zmalloc_socket("i40e_sun4v_tx_sw", sizeof(q->sw_ring[0]) *
					nb_desc, RTE_CACHE_LINE_SIZE, (int)socket);
	q->maps = rte_zmalloc_socket("i40e_sun4v_tx_maps", sizeof(q->maps[0]) *
				     nb_desc, RTE_CACHE_LINE_SIZE, (int)socket);
	q->rs_idx = rte_zmalloc_socket("i40e_sun4v_tx_rs", sizeof(q->rs_idx[0]) *
				       q->rs_cap, RTE_CACHE_LINE_SIZE, (int)socket);
	if (q->sw_ring == NULL || q->maps == NULL || q->rs_idx == NULL) {
		rc = -ENOMEM;
		goto err;
	}
	rc = ring_alloc(ad, "tx", qid, (size_t)nb_desc * I40E_HW_TX_DESC_SIZE,
			socket, &q->rmem);
	if (rc != 0)
		goto err;
	q->ring = q->rmem.va;
	q->ring_dvma = q->rmem.dvma;
	if (ad->dctx != NULL) {
		rc = iova_pool_dpdk_qcache_init(&q->qc, ad->dctx);
		if (rc != 0)
			goto err;
	}
	dev->data->tx_queues[qid] = q;
	return 0;
err:
	queue_free(ad, &q->rmem, q->maps, q->sw_ring, q->rs_idx, q);
	return rc;
}

/* The queue's RX offloads from the port's and its own configuration
 * (spec §4.9, §4.10: the device always checks checksums; stripping is
 * per queue context). */
static void
rx_offloads(const struct rte_eth_dev *dev, struct i40e_sun4v_rxq *q)
{
	uint64_t ol = dev->data->dev_conf.rxmode.offloads | q->offloads;

	q->rx_cksum = (ol & I40E_SUN4V_RX_CKSUM_ALL) != 0;
	q->vlan_strip = (ol & RTE_ETH_RX_OFFLOAD_VLAN_STRIP) != 0;
}

/* RX queues starting with part of their ring (every port, every queue). */
static struct logrl_site partial_start_site =
	LOGRL_SITE_INIT("pmd.net.i40e_sun4v", "partial RX ring start lines");

int
i40e_sun4v_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct i40e_sun4v_rxq *q = dev->data->rx_queues[qid];
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	uint64_t nomem, supp;
	uint16_t posted;
	int rc;

	if (q == NULL)
		return -EINVAL;
	/* Whatever a burst on the stopped queue posted is released before
	 * the ring is reset (regress-crash-b68684f7). */
	i40e_sun4v_rx_queue_stop(dev, qid);
	q->next = 0;
	q->refill_pos = 0;
	q->nb_hold = 0;
	nomem = q->alloc_failed;
	posted = i40e_sun4v_rx_refill(q);
	nomem = q->alloc_failed - nomem;
	if (posted == 0 && nomem != 0) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: RX queue %u: mempool %s is empty",
				   ad->name, qid, q->mp->name);
		return -ENOMEM;
	}
	/* dma=map with a full window: start anyway, the empty slots are
	 * retried by every burst (issue 5, "never a hang").  128 queues of
	 * 4 ports may all say so at once: the process's limiter decides. */
	if (posted < q->nb_desc - 1u && logrl_admit(&partial_start_site, &supp))
		I40E_SUN4V_DRV_LOG(WARNING, "%s: RX queue %u starts with %u of "
				   "%u buffers posted (%s); %" PRIu64 " similar "
				   "lines suppressed", ad->name, qid, posted,
				   q->nb_desc - 1u, nomem != 0 ?
				   "mempool empty" : "DMA map failed", supp);
	rc = ring_context(ad, I40E_HW_SIM_QRX_BASE_LO(qid),
			  I40E_HW_SIM_QRX_BASE_HI(qid), I40E_HW_SIM_QRX_LEN(qid),
			  q->ring_dvma, q->nb_desc);
	rx_offloads(dev, q);
	if (rc == 0)
		rc = reg_write(ad, I40E_HW_SIM_QRX_CTL(qid),
			i40e_hw_sim_qrx_ctl_build(q->buf_len, q->desc_size == 32,
				dev->data->mtu + RTE_ETHER_HDR_LEN +
				RTE_ETHER_CRC_LEN + 2 * 4) |
			(q->vlan_strip ? I40E_HW_SIM_QRX_CTL_VLAN_STRIP : 0u) |
			(q->rx_cksum ? I40E_HW_SIM_QRX_CTL_CSUM : 0u));
	/* One past the last posted buffer (i40e-facts §3.2). */
	if (rc == 0)
		rc = reg_write(ad, I40E_HW_QRX_TAIL(qid), q->refill_pos);
	if (rc == 0)
		rc = queue_enable(ad, "RX", qid, I40E_HW_QRX_ENA(qid));
	if (rc != 0)
		goto err;
	q->started = true;
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
err:
	q->started = true; /* let stop release what was posted */
	i40e_sun4v_rx_queue_stop(dev, qid);
	return rc;
}

int
i40e_sun4v_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct i40e_sun4v_rxq *q = dev->data->rx_queues[qid];
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (q == NULL)
		return -EINVAL;
	/* Disable first: the device must not write into a buffer we free. */
	if (q->started && ad->fn != NULL)
		sim_board_reg_write(ad->fn, I40E_HW_QRX_ENA(qid), 0);
	/* Also on a stopped queue: an rx_burst called on it (ethdev does not
	 * check the state) may have posted buffers since; and no stale DD
	 * may be read after the release (fuzz_pmd_ops, tests/fuzz/corpus/
	 * pmd_ops/regress-mbufs-after-close-b06e68a1). */
	for (uint16_t i = 0; i < q->nb_desc; i++)
		i40e_sun4v_rx_slot_release(q, i);
	memset((void *)(uintptr_t)q->ring, 0, (size_t)q->nb_desc * q->desc_size);
	if (q->pkt_first != NULL) {
		rte_pktmbuf_free(q->pkt_first);
		q->pkt_first = NULL;
		q->pkt_last = NULL;
	}
	q->pkt_bad = false;
	q->started = false;
	dev->data->rx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

int
i40e_sun4v_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid)
{
	struct i40e_sun4v_txq *q = dev->data->tx_queues[qid];
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	int rc;

	if (q == NULL)
		return -EINVAL;
	/* Packets a tx_burst put on the stopped queue are freed before the
	 * ring is reset, not lost (fuzz_pmd_ops regress-crash-b68684f7). */
	i40e_sun4v_tx_queue_stop(dev, qid);
	memset((void *)(uintptr_t)q->ring, 0,
	       (size_t)q->nb_desc * I40E_HW_TX_DESC_SIZE);
	q->tail = 0;
	q->next_clean = 0;
	q->nb_free = q->nb_desc - 1;
	q->since_rs = 0;
	q->rs_head = 0;
	q->rs_tail = 0;
	rc = ring_context(ad, I40E_HW_SIM_QTX_BASE_LO(qid),
			  I40E_HW_SIM_QTX_BASE_HI(qid), I40E_HW_SIM_QTX_LEN(qid),
			  q->ring_dvma, q->nb_desc);
	if (rc == 0)
		rc = queue_enable(ad, "TX", qid, I40E_HW_QTX_ENA(qid));
	if (rc != 0)
		return rc;
	q->started = true;
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STARTED;
	return 0;
}

int
i40e_sun4v_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid)
{
	struct i40e_sun4v_txq *q = dev->data->tx_queues[qid];
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (q == NULL)
		return -EINVAL;
	if (q->started && ad->fn != NULL)
		sim_board_reg_write(ad->fn, I40E_HW_QTX_ENA(qid), 0);
	/* Also on a stopped queue: ethdev lets tx_burst fill it, and those
	 * mbufs must come back at stop and close (fuzz_pmd_ops, regress-
	 * mbufs-after-close-b06e68a1). */
	i40e_sun4v_tx_release_all(q);
	q->started = false;
	dev->data->tx_queue_state[qid] = RTE_ETH_QUEUE_STATE_STOPPED;
	return 0;
}

/* Whether any RX / TX queue has offloads (NIC guide "Offloads"). */
void
i40e_sun4v_offloads_in_use(const struct rte_eth_dev *dev, bool *rx, bool *tx)
{
	uint64_t rxo = dev->data->dev_conf.rxmode.offloads;

	*tx = false;
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];

		if (q != NULL)
			rxo |= q->offloads;
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct i40e_sun4v_txq *q = dev->data->tx_queues[i];

		*tx |= q != NULL && q->tx_ol;
	}
	*rx = (rxo & (I40E_SUN4V_RX_CKSUM_ALL | RTE_ETH_RX_OFFLOAD_VLAN_STRIP)) != 0;
}
