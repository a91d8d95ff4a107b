/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX offloads (NIC guide "Offloads"; doc/spec/i40e-sim.md §5.6, §5.7;
 * i40e-facts §2.1, §2.3, §2.4): the descriptor fields of a packet's
 * checksum, VLAN and TSO requests, the limits they must respect, and
 * tx_pkt_prepare.  Only queues with a TX offload enabled call in here.
 */
#include <rte_errno.h>
#include <rte_net.h>

#include "i40e_sun4v.h"

#define TX_OL_L3 (RTE_MBUF_F_TX_IP_CKSUM | RTE_MBUF_F_TX_L4_MASK | \
		  RTE_MBUF_F_TX_TCP_SEG)

/* facts §2.4 (Linux __i40e_chk_linearize): every TSO segment, header
 * included, must come from at most 8 buffers, as the device checks. */
static bool
tso_window_ok(const struct rte_mbuf *pkt, uint32_t hdr, uint32_t mss)
{
	uint16_t len[I40E_HW_TX_MAX_DATA_PER_TSO];
	uint32_t n = 0, hlast = 0, hst = 0, i = 0, st = 0;

	for (const struct rte_mbuf *m = pkt; m != NULL; m = m->next)
		len[n++] = m->data_len;
	while (hst + len[hlast] < hdr)
		hst += len[hlast++];
	for (uint32_t a = hdr; a < pkt->pkt_len; a += mss) {
		uint32_t b = RTE_MIN(a + mss, pkt->pkt_len), j, sj;

		while (st + len[i] <= a)
			st += len[i++];
		for (j = i, sj = st; sj + len[j] < b; j++)
			sj += len[j];
		if ((j - i + 1) + (hlast + 1) - (i == hlast ? 1u : 0u) >
		    I40E_HW_TX_MAX_DATA_PER_SEG)
			return false;
	}
	return true;
}

/* §2.3/§2.4: a TSO request the device would refuse is refused here. */
static int
tso_check(const struct rte_mbuf *pkt)
{
	uint32_t hdr = pkt->l2_len + pkt->l3_len + pkt->l4_len;
	uint32_t vt = (pkt->ol_flags & RTE_MBUF_F_TX_VLAN) ? 4 : 0;

	if (!(pkt->ol_flags & (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6)) ||
	    pkt->l4_len < 20 || pkt->l2_len < RTE_ETHER_HDR_LEN ||
	    pkt->l3_len < 20 || hdr >= pkt->pkt_len)
		return -EINVAL;
	if (pkt->nb_segs > I40E_HW_TX_MAX_DATA_PER_TSO ||
	    pkt->pkt_len > I40E_HW_TSO_MAX_PKT ||
	    pkt->tso_segsz < I40E_HW_TSO_MSS_MIN ||
	    pkt->tso_segsz > I40E_HW_TSO_MSS_MAX ||
	    hdr + pkt->tso_segsz + vt > I40E_HW_MAX_FRAME - RTE_ETHER_CRC_LEN)
		return -EINVAL;
	return tso_window_ok(pkt, hdr, pkt->tso_segsz) ? 0 : -EINVAL;
}

/* The limits of a packet on an offload queue: 0, -EINVAL or -ENOTSUP. */
static int
tx_check(const struct rte_mbuf *pkt)
{
	uint64_t f = pkt->ol_flags;

	for (const struct rte_mbuf *m = pkt; m != NULL; m = m->next)
		if (m->data_len > I40E_HW_TX_MAX_BUF_SZ)
			return -EINVAL;
	if ((f & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_SCTP_CKSUM ||
	    (f & (RTE_MBUF_F_TX_OUTER_IP_CKSUM | RTE_MBUF_F_TX_TUNNEL_MASK |
		  RTE_MBUF_F_TX_QINQ | RTE_MBUF_F_TX_UDP_SEG)))
		return -ENOTSUP;
	if (f & RTE_MBUF_F_TX_TCP_SEG)
		return tso_check(pkt);
	if (pkt->nb_segs > I40E_HW_TX_MAX_DATA_PER_PKT ||
	    pkt->pkt_len < I40E_HW_TX_MIN_PKT_LEN ||
	    pkt->pkt_len + ((f & RTE_MBUF_F_TX_VLAN) ? 4u : 0u) >
	    I40E_HW_MAX_FRAME - RTE_ETHER_CRC_LEN)
		return -EINVAL;
	if ((f & TX_OL_L3) && (!(f & (RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IPV6)) ||
			       pkt->l2_len < RTE_ETHER_HDR_LEN || pkt->l3_len < 20))
		return -EINVAL;
	return 0;
}

/*
 * The data descriptors' CMD/OFFSET/L2TAG1 and the context descriptor of
 * @pkt (i40e-facts §2.1, §2.3), after tx_check().  0, or negative errno
 * for a packet that must be dropped (counted in oerrors).
 */
int
i40e_sun4v_tx_ol_fields(const struct rte_mbuf *pkt, struct i40e_sun4v_tx_ol *o)
{
	uint64_t f = pkt->ol_flags;
	uint32_t l4len = 0;
	int rc = tx_check(pkt);

	if (rc != 0)
		return rc;
	if (f & RTE_MBUF_F_TX_VLAN) {
		o->cmd |= I40E_HW_TXD_CMD_IL2TAG1;
		o->tag = pkt->vlan_tci;
	}
	if (!(f & TX_OL_L3))
		return 0;
	if (f & RTE_MBUF_F_TX_IPV4)
		o->cmd |= (f & RTE_MBUF_F_TX_IP_CKSUM) ? I40E_HW_TXD_CMD_IIPT_IPV4_CSUM :
							 I40E_HW_TXD_CMD_IIPT_IPV4;
	else
		o->cmd |= I40E_HW_TXD_CMD_IIPT_IPV6;
	if (f & RTE_MBUF_F_TX_TCP_SEG) {
		o->cmd |= I40E_HW_TXD_CMD_L4T_TCP;
		l4len = pkt->l4_len;
		o->ctx = true;
		o->ctx_qw1 = i40e_hw_txc_qw1_build(I40E_HW_TXC_CMD_TSO,
			pkt->pkt_len - pkt->l2_len - pkt->l3_len - l4len,
			pkt->tso_segsz);
	} else if ((f & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_TCP_CKSUM) {
		o->cmd |= I40E_HW_TXD_CMD_L4T_TCP;
		l4len = sizeof(struct rte_tcp_hdr);
	} else if ((f & RTE_MBUF_F_TX_L4_MASK) == RTE_MBUF_F_TX_UDP_CKSUM) {
		o->cmd |= I40E_HW_TXD_CMD_L4T_UDP;
		l4len = sizeof(struct rte_udp_hdr);
	}
	o->off = i40e_hw_txd_offset_build(pkt->l2_len / 2, pkt->l3_len / 4,
					  l4len / 4);
	return 0;
}

/*
 * tx_pkt_prepare: the limits above, then the pseudo-header sum the device
 * expects in the L4 checksum field (spec §5.6; without the length for
 * TSO, §5.7), as rte_net_intel_cksum_prepare() writes it.
 */
uint16_t
i40e_sun4v_tx_prepare(void *txq, struct rte_mbuf **pkts, uint16_t n)
{
	RTE_SET_USED(txq);
	for (uint16_t i = 0; i < n; i++) {
		int rc = tx_check(pkts[i]);

#ifdef RTE_LIBRTE_ETHDEV_DEBUG
		if (rc == 0)
			rc = rte_validate_tx_offload(pkts[i]);
#endif
		if (rc == 0)
			rc = rte_net_intel_cksum_prepare(pkts[i]);
		if (rc != 0) {
			rte_errno = -rc;
			return i;
		}
	}
	return n;
}
