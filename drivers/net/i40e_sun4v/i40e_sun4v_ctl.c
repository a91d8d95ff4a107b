/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Control ops beyond start/stop (issue 13): link down/up and link-state
 * events, the function-level reset, the receive filters (unicast MACs,
 * multicast list, promiscuous, all-multicast), firmware version, queue
 * info and descriptor status (doc/guides/nics/i40e_sun4v.rst).
 *
 * The receive filters are the device's (doc/spec/i40e-sim.md §4.8): the
 * SIM-ONLY filter registers stand in for the admin-queue MAC/VLAN filter
 * commands of a real XL710.  ethdev's MAC address index i is the device's
 * unicast filter entry i.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_alarm.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"

/* ---- receive filters (§4.8) ------------------------------------------- */

static int
filter_reg_write(struct i40e_sun4v_adapter *ad, uint32_t off, uint32_t v)
{
	int rc = sim_board_reg_write(ad->fn, off, v);

	if (rc != 0)
		I40E_SUN4V_DRV_LOG(ERR, "%s: filter register 0x%08x <- 0x%x "
				   "refused: %s", ad->name, off, v, strerror(-rc));
	return rc;
}

/* One MAC table entry: bytes 0-3 in LO, 4-5 and VALID in HI. */
static int
mac_entry_write(struct i40e_sun4v_adapter *ad, bool mc, uint32_t i,
		const struct rte_ether_addr *mac)
{
	const uint8_t *b = mac->addr_bytes;
	bool valid = !rte_is_zero_ether_addr(mac);
	int rc;

	rc = filter_reg_write(ad, mc ? I40E_HW_SIM_MC_LO(i) : I40E_HW_SIM_UC_LO(i),
			      (uint32_t)b[0] | (uint32_t)b[1] << 8 |
			      (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24);
	if (rc == 0)
		rc = filter_reg_write(ad, mc ? I40E_HW_SIM_MC_HI(i) : I40E_HW_SIM_UC_HI(i),
				      (uint32_t)b[4] | (uint32_t)b[5] << 8 |
				      (valid ? I40E_HW_SIM_MAC_HI_VALID : 0));
	return rc;
}

static int
rxctl_write(struct i40e_sun4v_adapter *ad, bool promisc, bool allmulti)
{
	return filter_reg_write(ad, I40E_HW_SIM_RXCTL,
				(promisc ? I40E_HW_SIM_RXCTL_UPE : 0) |
				(allmulti ? I40E_HW_SIM_RXCTL_MPE : 0));
}

/*
 * Program every filter from ethdev's view (MAC addresses, flags) and the
 * driver's multicast list: at probe and after anything that reset the
 * device (dev_reset, a quarantine reset at start).
 */
int
i40e_sun4v_filters_program(struct i40e_sun4v_adapter *ad)
{
	struct rte_eth_dev_data *d = ad->dev->data;
	static const struct rte_ether_addr none;
	int rc = rxctl_write(ad, d->promiscuous, d->all_multicast);

	for (uint32_t i = 0; rc == 0 && i < I40E_HW_SIM_MAC_FILTERS; i++)
		rc = mac_entry_write(ad, false, i, &ad->macs[i]);
	for (uint32_t i = 0; rc == 0 && i < I40E_HW_SIM_MAC_FILTERS; i++)
		rc = mac_entry_write(ad, true, i, i < ad->nb_mc ? &ad->mc[i] : &none);
	return rc != 0 ? -EIO : 0;
}

int
i40e_sun4v_promisc_enable(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	return rxctl_write(ad, true, dev->data->all_multicast) != 0 ? -EIO : 0;
}

int
i40e_sun4v_promisc_disable(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	return rxctl_write(ad, false, dev->data->all_multicast) != 0 ? -EIO : 0;
}

int
i40e_sun4v_allmulti_enable(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	return rxctl_write(ad, dev->data->promiscuous, true) != 0 ? -EIO : 0;
}

int
i40e_sun4v_allmulti_disable(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	return rxctl_write(ad, dev->data->promiscuous, false) != 0 ? -EIO : 0;
}

int
i40e_sun4v_mac_addr_add(struct rte_eth_dev *dev, struct rte_ether_addr *mac,
			uint32_t index, uint32_t vmdq)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	char buf[RTE_ETHER_ADDR_FMT_SIZE];

	RTE_SET_USED(vmdq);
	rte_ether_format_addr(buf, sizeof(buf), mac);
	if (!rte_is_unicast_ether_addr(mac) || rte_is_zero_ether_addr(mac)) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: MAC %s is not a unicast address "
				   "(use the multicast list)", ad->name, buf);
		return -EINVAL;
	}
	if (index >= I40E_HW_SIM_MAC_FILTERS) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: MAC index %u: the device has %u "
				   "unicast filters", ad->name, index,
				   I40E_HW_SIM_MAC_FILTERS);
		return -ENOSPC;
	}
	return mac_entry_write(ad, false, index, mac) != 0 ? -EIO : 0;
}

void
i40e_sun4v_mac_addr_remove(struct rte_eth_dev *dev, uint32_t index)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	static const struct rte_ether_addr none;

	if (index < I40E_HW_SIM_MAC_FILTERS)
		mac_entry_write(ad, false, index, &none);
}

int
i40e_sun4v_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	char buf[RTE_ETHER_ADDR_FMT_SIZE];

	if (!rte_is_valid_assigned_ether_addr(mac)) {
		rte_ether_format_addr(buf, sizeof(buf), mac);
		I40E_SUN4V_DRV_LOG(ERR, "%s: MAC %s is not a valid unicast "
				   "address", ad->name, buf);
		return -EINVAL;
	}
	return mac_entry_write(ad, false, 0, mac) != 0 ? -EIO : 0;
}

int
i40e_sun4v_set_mc_addr_list(struct rte_eth_dev *dev,
			    struct rte_ether_addr *list, uint32_t nb)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	char buf[RTE_ETHER_ADDR_FMT_SIZE];

	if (nb > I40E_HW_SIM_MAC_FILTERS) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: %u multicast addresses: the "
				   "device has %u multicast filters", ad->name,
				   nb, I40E_HW_SIM_MAC_FILTERS);
		return -ENOSPC;
	}
	for (uint32_t i = 0; i < nb; i++)
		if (!rte_is_multicast_ether_addr(&list[i])) {
			rte_ether_format_addr(buf, sizeof(buf), &list[i]);
			I40E_SUN4V_DRV_LOG(ERR, "%s: multicast list entry %u, %s, "
					   "is not a multicast address",
					   ad->name, i, buf);
			return -EINVAL;
		}
	if (nb != 0)
		memcpy(ad->mc, list, nb * sizeof(list[0]));
	ad->nb_mc = nb;
	return i40e_sun4v_filters_program(ad);
}

/* ---- link ------------------------------------------------------------- */

/* The device has no interrupt line: link-state changes are sampled on
 * EAL's interrupt thread every I40E_SUN4V_LSC_POLL_US (board link-change
 * counter), and a change is raised as RTE_ETH_EVENT_INTR_LSC. */
static void
lsc_alarm(void *arg)
{
	struct rte_eth_dev *dev = arg;
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	uint64_t changes = sim_board_fn_link_changes(ad->fn);

	if (changes != ad->lsc_seen) {
		ad->lsc_seen = changes;
		/* rte_eth_linkstatus_set() returns 0 when the status moved. */
		if (i40e_sun4v_link_update(dev, 0) == 0)
			rte_eth_dev_callback_process(dev, RTE_ETH_EVENT_INTR_LSC,
						     NULL);
	}
	if (rte_eal_alarm_set(I40E_SUN4V_LSC_POLL_US, lsc_alarm, dev) != 0) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: cannot re-arm the link-state "
				   "alarm: link events stop", ad->name);
		ad->lsc_armed = false;
	}
}

int
i40e_sun4v_lsc_arm(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	int rc;

	if (!dev->data->dev_conf.intr_conf.lsc || ad->lsc_armed)
		return 0;
	ad->lsc_seen = sim_board_fn_link_changes(ad->fn);
	rc = rte_eal_alarm_set(I40E_SUN4V_LSC_POLL_US, lsc_alarm, dev);
	if (rc != 0) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: cannot arm the link-state alarm: %s",
				   ad->name, strerror(-rc));
		return rc;
	}
	ad->lsc_armed = true;
	return 0;
}

void
i40e_sun4v_lsc_disarm(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	/* Waits for a callback that is running (rte_eal_alarm_cancel()). */
	rte_eal_alarm_cancel(lsc_alarm, dev);
	ad->lsc_armed = false;
}

/* With LSC events on, the link-state alarm reports the change (status
 * and event together, as the XL710's link interrupt would); else the
 * status is read now. */
static void
link_changed_by_op(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (!ad->lsc_armed)
		i40e_sun4v_link_update(dev, 0);
}

/* The device drops its link (the peer sees it down too); the queues stay
 * configured and started, frames on the way in are lost (§6.2). */
int
i40e_sun4v_set_link_down(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	sim_board_fn_set_admin(ad->fn, false);
	link_changed_by_op(dev);
	return 0;
}

int
i40e_sun4v_set_link_up(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (!dev->data->dev_started) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: port is stopped: start it to bring "
				   "the link up", ad->name);
		return -EINVAL;
	}
	sim_board_fn_set_admin(ad->fn, true);
	link_changed_by_op(dev);
	return 0;
}

/*
 * Function-level reset through the board's PCI function, then the port is
 * initialised again from the devargs it was probed with: queues released,
 * device registers at their reset values, MAC, filters and RSS as after
 * probe.  The DMA domain, the cable and the ethdev port stay; the
 * application reconfigures (rte_eth_dev_reset()).
 */
int
i40e_sun4v_dev_reset(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	int rc;

	if (dev->data->dev_started) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: port %u is started: stop it before "
				   "a reset", ad->name, dev->data->port_id);
		return -EBUSY;
	}
	i40e_sun4v_lsc_disarm(dev);
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++)
		i40e_sun4v_rx_queue_release(dev, i);
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++)
		i40e_sun4v_tx_queue_release(dev, i);
	rc = sim_board_fn_reset(ad->fn);
	if (rc == 0)
		rc = i40e_sun4v_dev_init(ad);
	I40E_SUN4V_DRV_LOG(NOTICE, "%s: function %02x:%02x.%x reset%s", ad->name,
			   ad->fi.bdf >> 8, (ad->fi.bdf >> 3) & 0x1f,
			   ad->fi.bdf & 7, rc == 0 ? "; reconfigure the port" :
			   " failed");
	return rc;
}

/* ---- information -------------------------------------------------------- */

int
i40e_sun4v_fw_version_get(struct rte_eth_dev *dev, char *fw, size_t size)
{
	static const char ver[] = "none (simulated XL710, sim/i40e)";

	RTE_SET_USED(dev);
	if (fw == NULL || size < sizeof(ver))
		return (int)sizeof(ver);
	memcpy(fw, ver, sizeof(ver));
	return 0;
}

void
i40e_sun4v_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
			struct rte_eth_rxq_info *qi)
{
	const struct i40e_sun4v_rxq *q = dev->data->rx_queues[qid];

	qi->mp = q->mp;
	qi->nb_desc = q->nb_desc;
	qi->rx_buf_size = (uint16_t)q->buf_len;
	qi->scattered_rx = dev->data->scattered_rx;
	qi->queue_state = dev->data->rx_queue_state[qid];
	qi->conf.rx_free_thresh = I40E_SUN4V_RX_FREE_THRESH;
	qi->conf.offloads = dev->data->dev_conf.rxmode.offloads;
}

void
i40e_sun4v_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
			struct rte_eth_txq_info *qi)
{
	const struct i40e_sun4v_txq *q = dev->data->tx_queues[qid];

	qi->nb_desc = q->nb_desc;
	qi->queue_state = dev->data->tx_queue_state[qid];
	qi->conf.tx_rs_thresh = q->rs_thresh;
	/* Every burst frees what is done (tx_burst): as if the threshold
	 * were the whole ring. */
	qi->conf.tx_free_thresh = q->nb_desc;
	qi->conf.offloads = dev->data->dev_conf.txmode.offloads |
			    (q->fast_free ? RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE : 0);
}

/* ---- descriptor status (fast-path helpers, no lock, no log) -------------- */

static inline bool
rx_slot_done(const struct i40e_sun4v_rxq *q, uint16_t i)
{
	const volatile uint64_t *d = (const volatile uint64_t *)(q->ring +
						(size_t)i * q->desc_size);

	return (i40e_hw_le64_to_cpu(d[1]) & I40E_HW_RXD_STATUS_DD) != 0;
}

/* Descriptors the device has written back and the driver not yet read. */
static uint32_t
i40e_sun4v_rx_queue_count(void *rxq)
{
	const struct i40e_sun4v_rxq *q = rxq;
	uint16_t i = q->next;
	uint32_t n = 0;

	while (i != q->refill_pos && rx_slot_done(q, i)) {
		n++;
		i = (uint16_t)(i + 1 == q->nb_desc ? 0 : i + 1);
	}
	return n;
}

/* @offset from the next descriptor the driver reads: DONE (written back),
 * AVAIL (posted, the device may fill it) or UNAVAIL (no buffer posted). */
static int
i40e_sun4v_rx_descriptor_status(void *rxq, uint16_t offset)
{
	const struct i40e_sun4v_rxq *q = rxq;
	uint16_t posted, i;

	if (offset >= q->nb_desc)
		return -EINVAL;
	posted = (uint16_t)((q->refill_pos + q->nb_desc - q->next) % q->nb_desc);
	if (offset >= posted)
		return RTE_ETH_RX_DESC_UNAVAIL;
	i = (uint16_t)((q->next + offset) % q->nb_desc);
	return rx_slot_done(q, i) ? RTE_ETH_RX_DESC_DONE : RTE_ETH_RX_DESC_AVAIL;
}

/* @offset from the tail: DONE when the slot is free or its RS bucket is
 * reported done (DTYPE 0xF, facts §2.2), else FULL (the device has it). */
static int
i40e_sun4v_tx_descriptor_status(void *txq, uint16_t offset)
{
	const struct i40e_sun4v_txq *q = txq;
	uint16_t slot, dist, r;

	if (offset >= q->nb_desc)
		return -EINVAL;
	if (offset <= q->nb_free)
		return RTE_ETH_TX_DESC_DONE;   /* free, or the sentinel slot */
	slot = (uint16_t)((q->tail + offset) % q->nb_desc);
	dist = (uint16_t)((slot + q->nb_desc - q->next_clean) % q->nb_desc);
	/* The first RS slot at or after @slot covers it. */
	for (r = q->rs_head; r != q->rs_tail; r = (uint16_t)(r + 1 == q->rs_cap ? 0 : r + 1)) {
		uint16_t last = q->rs_idx[r];

		if ((uint16_t)((last + q->nb_desc - q->next_clean) % q->nb_desc) < dist)
			continue;
		return i40e_hw_txd_qw1_is_done(i40e_hw_le64_to_cpu(q->ring[last].qword1)) ?
		       RTE_ETH_TX_DESC_DONE : RTE_ETH_TX_DESC_FULL;
	}
	return RTE_ETH_TX_DESC_FULL;
}

/* ---- registration ---------------------------------------------------------- */

/** The descriptor-status helpers ethdev calls on the fast path. */
void
i40e_sun4v_ctl_fns_set(struct rte_eth_dev *dev)
{
	dev->rx_queue_count = i40e_sun4v_rx_queue_count;
	dev->rx_descriptor_status = i40e_sun4v_rx_descriptor_status;
	dev->tx_descriptor_status = i40e_sun4v_tx_descriptor_status;
}

/*
 * VLAN stripping is part of the RX queue context (spec §4.10), which the
 * device takes only while the queue is disabled: it changes with the
 * port stopped, and applies from the next start.
 */
int
i40e_sun4v_vlan_offload_set(struct rte_eth_dev *dev, int mask)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	if (!(mask & RTE_ETH_VLAN_STRIP_MASK))
		return (mask & (RTE_ETH_VLAN_FILTER_MASK | RTE_ETH_VLAN_EXTEND_MASK)) ?
		       -ENOTSUP : 0;
	if (dev->data->dev_started) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: VLAN strip changes with the port "
				   "stopped (it is RX queue context)", ad->name);
		return -EBUSY;
	}
	return 0;
}
