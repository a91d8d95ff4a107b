/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX offloads (doc/spec/i40e-sim.md §5.6, §5.7): VLAN tag insertion
 * (IL2TAG1), IPv4 header and TCP/UDP checksum insertion (IIPT, L4T with
 * the MACLEN/IPLEN/L4LEN offsets of the first data descriptor, facts
 * §2.1) and TSO (context descriptor TSO_LEN and MSS, facts §2.3) within
 * the limits of facts §2.4.  Packets without offloads never come here.
 * All packet bytes are read with sun4v_dma_read_xc() into the frame being
 * built (the peer's FIFO slot or scratch, §5.4).
 */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>

#include "i40e_sim_priv.h"
#include "sun4v_dma.h"

#define TCP_FIN 0x01u
#define TCP_PSH 0x08u
#define TCP_CWR 0x80u

/* Header layout the descriptor's offsets give (§5.6). */
struct ol_hdr {
	uint32_t iipt, l4t;
	uint32_t l3, l4, hdr;   /* IP, L4 and payload offsets in the packet */
	uint32_t iplen, l4len;
	uint32_t vt;            /* 4 when a tag is inserted */
};

static inline void
put16(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline uint32_t
get32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static void
ol_layout(const struct i40e_sim_tx_pkt *pk, struct ol_hdr *h)
{
	h->iipt = pk->cmd & I40E_HW_TXD_CMD_IIPT_MASK;
	h->l4t = pk->cmd & I40E_HW_TXD_CMD_L4T_MASK;
	h->l3 = 2 * i40e_hw_txd_offset_maclen(pk->off);
	h->iplen = 4 * i40e_hw_txd_offset_iplen(pk->off);
	h->l4len = 4 * i40e_hw_txd_offset_l4len(pk->off);
	h->l4 = h->l3 + h->iplen;
	h->hdr = h->l4 + h->l4len;
	h->vt = (pk->cmd & I40E_HW_TXD_CMD_IL2TAG1) ? 4 : 0;
}

bool
i40e_sim_tx_ol_wanted(const struct i40e_sim_tx_pkt *pk)
{
	return pk->tso ||
	       (pk->cmd & (I40E_HW_TXD_CMD_IL2TAG1 | I40E_HW_TXD_CMD_L4T_MASK)) ||
	       (pk->cmd & I40E_HW_TXD_CMD_IIPT_MASK) == I40E_HW_TXD_CMD_IIPT_IPV4_CSUM;
}

/* facts §2.4 / Linux __i40e_chk_linearize: each TSO segment, its header
 * included, is read from at most 8 buffers. */
static bool
tso_bufs_ok(const struct i40e_sim_tx_pkt *pk, const struct ol_hdr *h)
{
	uint32_t hlast = 0, hst = 0, i = 0, st = 0;

	while (hst + pk->seg[hlast].len < h->hdr)
		hst += pk->seg[hlast++].len;
	for (uint32_t a = h->hdr; a < pk->total; a += pk->mss) {
		uint32_t b = a + pk->mss < pk->total ? a + pk->mss : pk->total;
		uint32_t j, sj, n;

		while (st + pk->seg[i].len <= a)
			st += pk->seg[i++].len;
		for (j = i, sj = st; sj + pk->seg[j].len < b; j++)
			sj += pk->seg[j].len;
		n = (j - i + 1) + (hlast + 1) - (i == hlast ? 1 : 0);
		if (n > I40E_HW_TX_MAX_DATA_PER_SEG)
			return false;
	}
	return true;
}

/* §5.7: the TSO request against facts §2.3/§2.4. */
static const char *
tso_check(const struct i40e_sim_tx_pkt *pk, const struct ol_hdr *h)
{
	if (h->l4t != I40E_HW_TXD_CMD_L4T_TCP)
		return "TSO without L4T = TCP";
	if (h->l4len < 20)
		return "TSO with L4LEN below 20 bytes";
	if (h->hdr >= pk->total)
		return "TSO packet without payload";
	if (pk->tso_len != pk->total - h->hdr)
		return "TSO_LEN differs from the data descriptors' payload";
	if (pk->mss < I40E_HW_TSO_MSS_MIN || pk->mss > I40E_HW_TSO_MSS_MAX)
		return "MSS outside 256..9674";
	if (h->hdr + pk->mss + h->vt > I40E_SIM_MAX_PKT)
		return "TSO segment longer than the largest frame";
	if (pk->total > I40E_HW_TSO_MAX_PKT)
		return "TSO packet over 256 KiB";
	if (!tso_bufs_ok(pk, h))
		return "TSO segment built from more than 8 buffers";
	return NULL;
}

/* §5.5-§5.7: why a packet with offload fields is malformed, or NULL. */
const char *
i40e_sim_tx_ol_check(const struct i40e_sim_tx_pkt *pk)
{
	struct ol_hdr h;

	ol_layout(pk, &h);
	if (!pk->tso && pk->total < I40E_HW_TX_MIN_PKT_LEN)
		return "packet shorter than 17 bytes";
	if (!pk->tso && pk->total + h.vt > I40E_SIM_MAX_PKT)
		return "packet longer than 9724 bytes (inserted tag included)";
	if (h.l4t == I40E_HW_TXD_CMD_L4T_SCTP)
		return "SCTP checksum offload is not modeled";
	if (h.l4t == 0 && !pk->tso &&
	    h.iipt != I40E_HW_TXD_CMD_IIPT_IPV4_CSUM)
		return NULL;            /* tag only, or IIPT without a request */
	if (h.iipt == 0)
		return "L4 checksum or TSO without an IP type (IIPT)";
	if (h.l3 < 14 || h.iplen < (h.iipt == I40E_HW_TXD_CMD_IIPT_IPV6 ? 40u : 20u))
		return "MACLEN or IPLEN shorter than the headers";
	if (h.l4 + (h.l4t == I40E_HW_TXD_CMD_L4T_TCP ? 20u : h.l4t ? 8u : 0u) >
	    pk->total)
		return "header offsets (MACLEN, IPLEN) beyond the packet";
	return pk->tso ? tso_check(pk, &h) : NULL;
}

/* DMA-read packet bytes [off, off + len) into @dst; 0 or -EIO. */
static int
ol_gather(struct i40e_sim_port *p, const struct i40e_sim_tx_pkt *pk,
	  uint32_t off, uint32_t len, uint8_t *dst)
{
	uint32_t i = 0, st = 0;

	while (st + pk->seg[i].len <= off)
		st += pk->seg[i++].len;
	while (len != 0) {
		uint32_t in = off - st;
		uint32_t n = pk->seg[i].len - in < len ? pk->seg[i].len - in : len;

		if (sun4v_dma_read_xc(&p->tx_buf_xc, p->func, pk->seg[i].addr + in,
				      dst, n) != 0)
			return -EIO;
		dst += n;
		off += n;
		len -= n;
		st += pk->seg[i++].len;
	}
	return 0;
}

/* Packet bytes [0, n) into @dst with the 802.1Q tag from L2TAG1 after
 * the MAC addresses when IL2TAG1 asks (facts §2.1). */
static int
ol_gather_tagged(struct i40e_sim_port *p, const struct i40e_sim_tx_pkt *pk,
		 const struct ol_hdr *h, uint32_t n, uint8_t *dst)
{
	if (h->vt == 0)
		return ol_gather(p, pk, 0, n, dst);
	if (ol_gather(p, pk, 0, 12, dst) != 0)
		return -EIO;
	put16(dst + 12, 0x8100);
	put16(dst + 14, pk->l2tag1);
	return ol_gather(p, pk, 12, n - 12, dst + 16);
}

/*
 * §5.6: insert the checksums into frame @f of @len bytes.  The IPv4
 * header checksum is computed with its field taken as 0.  The L4 sum runs
 * over the L4 bytes as they are, so the checksum field must hold the
 * pseudo-header sum (with the length; for TSO without it, @add_len then
 * adds the segment's L4 length), as on the real part.
 */
static void
ol_csum(uint8_t *f, uint32_t len, const struct ol_hdr *h, bool ipv4, bool add_len)
{
	uint8_t *ip = f + h->l3 + h->vt, *l4 = f + h->l4 + h->vt;
	uint32_t n = len - h->l4 - h->vt, ck, sum;
	uint16_t v;

	if (ipv4)
		put16(ip + 10, i40e_sim_ipv4_hdr_csum(ip, h->iplen));
	if (h->l4t == 0)
		return;
	ck = h->l4t == I40E_HW_TXD_CMD_L4T_TCP ? 16 : 6;
	sum = i40e_sim_csum_add(0, l4, n);
	if (add_len)
		sum += n;
	v = (uint16_t)~i40e_sim_csum_fold(sum);
	if (ck == 6 && v == 0)
		v = 0xFFFF;     /* RFC 768 */
	put16(l4 + ck, v);
}

/* §5.6: one frame with its tag and checksums inserted. */
static void
ol_one(struct i40e_sim_port *p, struct i40e_sim_txq *q,
       const struct i40e_sim_tx_pkt *pk, const struct ol_hdr *h, uint64_t now_ps)
{
	struct i40e_sim_tx_out o;
	uint32_t len = pk->total + h->vt;
	uint8_t *f = i40e_sim_tx_out_begin(p, len, &o);

	if (ol_gather_tagged(p, pk, h, pk->total, f) != 0) {
		i40e_sim_tx_read_fault(p, q);
		return;
	}
	ol_csum(f, len, h, h->iipt == I40E_HW_TXD_CMD_IIPT_IPV4_CSUM, false);
	i40e_sim_tx_out_end(p, q, &o, len, now_ps);
}

/* §5.7: fix segment @k's IP length and id, TCP sequence and flags. */
static void
tso_fix(uint8_t *f, uint32_t flen, const struct ol_hdr *h, uint32_t k,
	bool last, uint32_t mss)
{
	uint8_t *ip = f + h->l3 + h->vt, *tcp = f + h->l4 + h->vt;
	uint32_t seq = get32(tcp + 4) + k * mss;

	if (h->iipt == I40E_HW_TXD_CMD_IIPT_IPV6) {
		put16(ip + 4, flen - h->l3 - h->vt - 40);
	} else {
		put16(ip + 2, flen - h->l3 - h->vt);
		put16(ip + 4, ((uint32_t)ip[4] << 8 | ip[5]) + k);
	}
	put16(tcp + 4, seq >> 16);
	put16(tcp + 6, seq);
	if (!last)
		tcp[13] &= (uint8_t)~(TCP_FIN | TCP_PSH);
	if (k != 0)
		tcp[13] &= (uint8_t)~TCP_CWR;
}

/*
 * §5.7: cut the payload into MSS-sized segments, each with a copy of the
 * header fixed by tso_fix() and fresh checksums (the IPv4 header checksum
 * always, as length and id changed); one TX packet counted per segment.
 * A read fault drops the rest of the packet.
 */
static void
ol_tso(struct i40e_sim_port *p, struct i40e_sim_txq *q,
       const struct i40e_sim_tx_pkt *pk, const struct ol_hdr *h, uint64_t now_ps)
{
	uint8_t hb[I40E_SIM_MAX_PKT];
	uint32_t nseg = (pk->tso_len + pk->mss - 1) / pk->mss;

	if (ol_gather_tagged(p, pk, h, h->hdr, hb) != 0) {
		i40e_sim_tx_read_fault(p, q);
		return;
	}
	p->st_tx.tx_tso_packets++;
	for (uint32_t k = 0; k < nseg; k++) {
		uint32_t plen = pk->tso_len - k * pk->mss < pk->mss ?
				pk->tso_len - k * pk->mss : pk->mss;
		uint32_t flen = h->hdr + h->vt + plen;
		struct i40e_sim_tx_out o;
		uint8_t *f = i40e_sim_tx_out_begin(p, flen, &o);

		memcpy(f, hb, h->hdr + h->vt);
		if (ol_gather(p, pk, h->hdr + k * pk->mss, plen,
			      f + h->hdr + h->vt) != 0) {
			i40e_sim_tx_read_fault(p, q);
			return;
		}
		tso_fix(f, flen, h, k, k + 1 == nseg, pk->mss);
		ol_csum(f, flen, h, h->iipt != I40E_HW_TXD_CMD_IIPT_IPV6, true);
		i40e_sim_tx_out_end(p, q, &o, flen, now_ps);
		p->st_tx.tx_tso_segments++;
	}
}

void
i40e_sim_tx_ol_transmit(struct i40e_sim_port *p, struct i40e_sim_txq *q,
			const struct i40e_sim_tx_pkt *pk, uint64_t now_ps)
{
	struct ol_hdr h;

	ol_layout(pk, &h);
	/* §6.1: no partner, no carrier: every frame is dropped unread. */
	if (p->link == I40E_SIM_LINK_OPEN) {
		p->st_tx.tx_link_down += pk->tso ?
			(pk->tso_len + pk->mss - 1) / pk->mss : 1;
		return;
	}
	if (pk->tso)
		ol_tso(p, q, pk, &h, now_ps);
	else
		ol_one(p, q, pk, &h, now_ps);
}
