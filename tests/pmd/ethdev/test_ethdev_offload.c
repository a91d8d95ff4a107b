/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_i40e_sun4v offloads, issue 13 items 1-3, through the plain ethdev
 * API (NIC guide "Offloads"; doc/spec/i40e-sim.md §4.9, §4.10, §5.6,
 * §5.7).  The device's checksums are held against DPDK's own view
 * (rte_ipv4_cksum, rte_ipv4_udptcp_cksum_verify, rte_ipv6_...):
 *  offload_capa: the capabilities offered; VLAN strip changes only with
 *      the port stopped.
 *  rx_cksum_flags: GOOD/BAD/UNKNOWN per frame as the device checked it,
 *      equal to DPDK's verdict on the same bytes.
 *  tx_cksum_insert: frames with wrong checksums and checksum offload
 *      requests (tx_prepare) arrive valid.
 *  vlan_strip_insert: a tag inserted on TX, stripped on RX into vlan_tci.
 *  tso_64k_ipv4, tso_64k_ipv6: 64 KB TCP payloads in chained mbufs arrive
 *      as MSS-sized segments with valid checksums, ids, sequence numbers
 *      and the payload in order; one TX packet counted per segment.
 *  tso_limits: requests beyond i40e-facts §2.3/§2.4 are refused by
 *      tx_prepare and dropped (counted) by tx_burst.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_ip.h>
#include <rte_mbuf_ptype.h>
#include <rte_tcp.h>
#include <rte_udp.h>

#include "ethdev_test.h"

#define RX_CKSUM (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM | RTE_ETH_RX_OFFLOAD_UDP_CKSUM | \
		  RTE_ETH_RX_OFFLOAD_TCP_CKSUM)
#define TX_ALL (RTE_ETH_TX_OFFLOAD_IPV4_CKSUM | RTE_ETH_TX_OFFLOAD_UDP_CKSUM | \
		RTE_ETH_TX_OFFLOAD_TCP_CKSUM | RTE_ETH_TX_OFFLOAD_TCP_TSO |     \
		RTE_ETH_TX_OFFLOAD_VLAN_INSERT | RTE_ETH_TX_OFFLOAD_MULTI_SEGS)
#define L2 ((uint32_t)sizeof(struct rte_ether_hdr))
#define V4 ((uint32_t)sizeof(struct rte_ipv4_hdr))
#define V6 ((uint32_t)sizeof(struct rte_ipv6_hdr))
#define TCPH ((uint32_t)sizeof(struct rte_tcp_hdr))
#define UDPH ((uint32_t)sizeof(struct rte_udp_hdr))

static const struct rte_eth_conf conf_all = {
	.rxmode = { .offloads = RX_CKSUM | RTE_ETH_RX_OFFLOAD_VLAN_STRIP },
	.txmode = { .offloads = TX_ALL },
};

/* Frame of @len bytes: Ethernet, IPv4 or IPv6, UDP (17) or TCP (6), a
 * byte pattern as payload, valid checksums computed by DPDK. */
static void
frame_fill(uint8_t *b, uint32_t len, bool v6, uint8_t proto)
{
	struct rte_ether_hdr *eh = (struct rte_ether_hdr *)b;
	uint8_t *l4 = b + L2 + (v6 ? V6 : V4);
	uint32_t l4len = len - L2 - (v6 ? V6 : V4);

	for (uint32_t k = 0; k < len; k++)
		b[k] = (uint8_t)(k * 13 + 1);
	memset(&eh->dst_addr, 0x02, 6);
	memset(&eh->src_addr, 0x04, 6);
	eh->ether_type = rte_cpu_to_be_16(v6 ? RTE_ETHER_TYPE_IPV6 : RTE_ETHER_TYPE_IPV4);
	if (proto == IPPROTO_TCP) {
		struct rte_tcp_hdr *t = (struct rte_tcp_hdr *)l4;

		t->data_off = 5 << 4;
		t->tcp_flags = RTE_TCP_ACK_FLAG | RTE_TCP_PSH_FLAG;
		t->cksum = 0;
	} else {
		struct rte_udp_hdr *u = (struct rte_udp_hdr *)l4;

		u->dgram_len = rte_cpu_to_be_16((uint16_t)l4len);
		u->dgram_cksum = 0;
	}
	if (v6) {
		struct rte_ipv6_hdr *ip = (struct rte_ipv6_hdr *)(b + L2);

		ip->vtc_flow = rte_cpu_to_be_32(6u << 28);
		ip->payload_len = rte_cpu_to_be_16((uint16_t)l4len);
		ip->proto = proto;
		ip->hop_limits = 64;
		if (proto == IPPROTO_TCP)
			((struct rte_tcp_hdr *)l4)->cksum = rte_ipv6_udptcp_cksum(ip, l4);
		else
			((struct rte_udp_hdr *)l4)->dgram_cksum = rte_ipv6_udptcp_cksum(ip, l4);
	} else {
		struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(b + L2);

		ip->version_ihl = 0x45;
		ip->type_of_service = 0;
		ip->total_length = rte_cpu_to_be_16((uint16_t)(len - L2));
		ip->packet_id = rte_cpu_to_be_16(7);
		ip->fragment_offset = 0;
		ip->time_to_live = 64;
		ip->next_proto_id = proto;
		ip->hdr_checksum = 0;
		ip->hdr_checksum = rte_ipv4_cksum(ip);
		if (proto == IPPROTO_TCP)
			((struct rte_tcp_hdr *)l4)->cksum = rte_ipv4_udptcp_cksum(ip, l4);
		else
			((struct rte_udp_hdr *)l4)->dgram_cksum = rte_ipv4_udptcp_cksum(ip, l4);
	}
}

/* Receive up to @max frames from @port within @ms. */
static uint32_t
recv_n(uint16_t port, struct rte_mbuf **out, uint32_t max, unsigned int ms)
{
	uint32_t n = 0;

	for (unsigned int t = 0; t < ms * 10 && n < max; t++) {
		n += rte_eth_rx_burst(port, 0, out + n, (uint16_t)RTE_MIN(32u, max - n));
		if (n < max)
			rte_delay_us(100);
	}
	return n;
}

/* Send one packet (after tx_prepare when @prep) and return it received. */
static struct rte_mbuf *
trip(struct ethtest_pair *p, struct rte_mbuf *m, bool prep)
{
	struct rte_mbuf *got = NULL;

	if (prep && rte_eth_tx_prepare(p->p0, 0, &m, 1) != 1) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	if (rte_eth_tx_burst(p->p0, 0, &m, 1) != 1) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	return recv_n(p->p1, &got, 1, 500) == 1 ? got : NULL;
}

static int
offload_capa(void)
{
	struct ethtest_pair p;
	struct rte_eth_dev_info di;

	TEST_ASSERT_OK(ethtest_pair_up("", &conf_all, 0, &p), "pair with every offload");
	TEST_ASSERT_OK(rte_eth_dev_info_get(p.p0, &di), "info");
	TEST_ASSERT_EQ(di.rx_offload_capa & (RX_CKSUM | RTE_ETH_RX_OFFLOAD_VLAN_STRIP),
		       RX_CKSUM | RTE_ETH_RX_OFFLOAD_VLAN_STRIP, "RX capa");
	TEST_ASSERT_EQ(di.tx_offload_capa & TX_ALL, TX_ALL, "TX capa");
	TEST_ASSERT_EQ(di.tx_desc_lim.nb_seg_max, 255, "TSO: 255 segments");
	TEST_ASSERT_EQ(di.tx_desc_lim.nb_mtu_seg_max, 8, "non-TSO: 8 segments");
	TEST_ASSERT_EQ(rte_eth_dev_set_vlan_offload(p.p1, 0), -EBUSY,
		       "strip changes only with the port stopped");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	TEST_ASSERT_OK(rte_eth_dev_set_vlan_offload(p.p1, 0), "strip off, stopped");
	TEST_ASSERT_EQ(rte_eth_dev_get_vlan_offload(p.p1) & RTE_ETH_VLAN_STRIP_OFFLOAD, 0,
		       "strip is off");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* DPDK's verdict on frame @b: IPv4 header, then L4. */
static void
dpdk_verdict(const uint8_t *b, bool v6, bool *ip_ok, bool *l4_ok)
{
	const void *l4 = b + L2 + (v6 ? V6 : V4);

	if (v6) {
		*ip_ok = true;
		*l4_ok = rte_ipv6_udptcp_cksum_verify((const void *)(b + L2), l4) == 0;
		return;
	}
	/* Over a valid header (checksum field included) the sum is 0xFFFF. */
	*ip_ok = rte_raw_cksum(b + L2, V4) == 0xFFFF;
	*l4_ok = rte_ipv4_udptcp_cksum_verify((const void *)(b + L2), l4) == 0;
}

static int
rx_cksum_flags(void)
{
	/* v6, proto, byte to spoil (0 = none) */
	static const struct { bool v6; uint8_t proto; uint32_t spoil; } c[] = {
		{ false, IPPROTO_UDP, 0 }, { false, IPPROTO_UDP, L2 + 10 },
		{ false, IPPROTO_UDP, L2 + V4 + 6 }, { false, IPPROTO_TCP, 0 },
		{ false, IPPROTO_TCP, 300 }, { true, IPPROTO_UDP, 0 },
		{ true, IPPROTO_TCP, L2 + V6 + 16 }, { true, IPPROTO_UDP, 200 },
	};
	struct ethtest_pair p;
	uint8_t b[400];

	TEST_ASSERT_OK(ethtest_pair_up("", &conf_all, 0, &p), "pair");
	for (unsigned int i = 0; i < RTE_DIM(c); i++) {
		struct rte_mbuf *got;
		bool ip_ok, l4_ok;
		uint64_t f;

		frame_fill(b, sizeof(b), c[i].v6, c[i].proto);
		if (c[i].spoil != 0)
			b[c[i].spoil] ^= 0x24;
		got = trip(&p, ethtest_mbuf_of(p.mp, b, sizeof(b), 2048), false);
		TEST_ASSERT(got != NULL, "frame %u arrived", i);
		TEST_ASSERT(memcmp(rte_pktmbuf_mtod(got, void *), b, sizeof(b)) == 0,
			    "frame %u bytes", i);
		dpdk_verdict(b, c[i].v6, &ip_ok, &l4_ok);
		f = got->ol_flags;
		TEST_ASSERT_EQ(f & RTE_MBUF_F_RX_IP_CKSUM_MASK,
			       c[i].v6 ? RTE_MBUF_F_RX_IP_CKSUM_UNKNOWN :
			       ip_ok ? RTE_MBUF_F_RX_IP_CKSUM_GOOD : RTE_MBUF_F_RX_IP_CKSUM_BAD,
			       "frame %u IP flags as DPDK sees the header", i);
		TEST_ASSERT_EQ(f & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			       l4_ok ? RTE_MBUF_F_RX_L4_CKSUM_GOOD : RTE_MBUF_F_RX_L4_CKSUM_BAD,
			       "frame %u L4 flags as DPDK sees the datagram", i);
		TEST_ASSERT_EQ(ip_ok && l4_ok, c[i].spoil == 0, "frame %u spoiled or not", i);
		rte_pktmbuf_free(got);
	}
	/* Not IP: nothing checked, nothing claimed. */
	memset(b + 12, 0x88, 2);
	{
		struct rte_mbuf *got = trip(&p, ethtest_mbuf_of(p.mp, b, 100, 2048), false);

		TEST_ASSERT(got != NULL, "non-IP frame arrived");
		TEST_ASSERT_EQ(got->ol_flags & (RTE_MBUF_F_RX_IP_CKSUM_MASK |
						RTE_MBUF_F_RX_L4_CKSUM_MASK), 0, "UNKNOWN");
		rte_pktmbuf_free(got);
	}
	TEST_ASSERT_EQ(ethtest_xstat(p.p1, "rx_ip_csum_errors"), 1, "IPE counted");
	TEST_ASSERT_EQ(ethtest_xstat(p.p1, "rx_l4_csum_errors"), 4, "L4E counted");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* Checksum offload request of a frame built by frame_fill(). */
static void
request_cksum(struct rte_mbuf *m, bool v6, uint8_t proto)
{
	m->l2_len = L2;
	m->l3_len = v6 ? V6 : V4;
	m->l4_len = proto == IPPROTO_TCP ? TCPH : UDPH;
	m->ol_flags = (v6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM) |
		      (proto == IPPROTO_TCP ? RTE_MBUF_F_TX_TCP_CKSUM : RTE_MBUF_F_TX_UDP_CKSUM);
}

static int
tx_cksum_insert(void)
{
	struct ethtest_pair p;
	uint8_t b[1000];

	TEST_ASSERT_OK(ethtest_pair_up("", &conf_all, 0, &p), "pair");
	for (unsigned int i = 0; i < 4; i++) {
		bool v6 = i >= 2, ip_ok, l4_ok;
		uint8_t proto = i % 2 ? IPPROTO_TCP : IPPROTO_UDP;
		uint32_t ck = L2 + (v6 ? V6 : V4) + (proto == IPPROTO_TCP ? 16 : 6);
		struct rte_mbuf *m, *got;

		frame_fill(b, sizeof(b), v6, proto);
		b[ck] ^= 0x5a;                      /* the device must fix it */
		if (!v6)
			b[L2 + 10] ^= 0x33;
		m = ethtest_mbuf_of(p.mp, b, sizeof(b), 300);   /* 4 segments */
		TEST_ASSERT(m != NULL, "mbuf");
		request_cksum(m, v6, proto);
		got = trip(&p, m, true);
		TEST_ASSERT(got != NULL, "frame %u arrived", i);
		TEST_ASSERT_EQ(got->pkt_len, sizeof(b), "frame %u length", i);
		dpdk_verdict(rte_pktmbuf_mtod(got, uint8_t *), v6, &ip_ok, &l4_ok);
		TEST_ASSERT(ip_ok && l4_ok, "frame %u checksums valid in DPDK's view", i);
		TEST_ASSERT_EQ(got->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			       RTE_MBUF_F_RX_L4_CKSUM_GOOD, "frame %u L4 GOOD on RX", i);
		rte_pktmbuf_free(got);
	}
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
vlan_strip_insert(void)
{
	struct ethtest_pair p;
	struct rte_mbuf *m, *got;
	uint8_t b[200];
	const uint8_t *d;

	TEST_ASSERT_OK(ethtest_pair_up("", &conf_all, 0, &p), "pair");
	frame_fill(b, sizeof(b), false, IPPROTO_UDP);
	m = ethtest_mbuf_of(p.mp, b, sizeof(b), 2048);
	m->ol_flags = RTE_MBUF_F_TX_VLAN;
	m->vlan_tci = 0x2064;                        /* PCP 1, VID 100 */
	got = trip(&p, m, true);
	TEST_ASSERT(got != NULL, "tagged frame arrived");
	TEST_ASSERT_EQ(got->ol_flags & (RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED),
		       RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED, "stripped");
	TEST_ASSERT_EQ(got->vlan_tci, 0x2064, "TCI");
	TEST_ASSERT_EQ(got->pkt_len, sizeof(b), "tag removed");
	TEST_ASSERT(memcmp(rte_pktmbuf_mtod(got, void *), b, sizeof(b)) == 0, "bytes");
	TEST_ASSERT_EQ(got->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
		       RTE_MBUF_F_RX_L4_CKSUM_GOOD, "checked behind the tag");
	rte_pktmbuf_free(got);
	/* Strip off (port stopped): the tag stays in the frame. */
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	TEST_ASSERT_OK(rte_eth_dev_set_vlan_offload(p.p1, 0), "strip off");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start");
	m = ethtest_mbuf_of(p.mp, b, sizeof(b), 2048);
	m->ol_flags = RTE_MBUF_F_TX_VLAN;
	m->vlan_tci = 0x0005;
	got = trip(&p, m, true);
	TEST_ASSERT(got != NULL, "second frame arrived");
	d = rte_pktmbuf_mtod(got, const uint8_t *);
	TEST_ASSERT_EQ(got->pkt_len, sizeof(b) + 4, "tag kept");
	TEST_ASSERT(d[12] == 0x81 && d[13] == 0 && d[14] == 0 && d[15] == 5, "802.1Q 5");
	TEST_ASSERT(!(got->ol_flags & RTE_MBUF_F_RX_VLAN_STRIPPED), "not stripped");
	rte_pktmbuf_free(got);
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* TSO request on a TCP packet built by frame_fill() (tx_prepare seeds
 * the pseudo-header sum). */
static void
request_tso(struct rte_mbuf *m, bool v6, uint16_t mss)
{
	m->l2_len = L2;
	m->l3_len = v6 ? V6 : V4;
	m->l4_len = TCPH;
	m->tso_segsz = mss;
	m->ol_flags = RTE_MBUF_F_TX_TCP_SEG |
		      (v6 ? RTE_MBUF_F_TX_IPV6 : RTE_MBUF_F_TX_IPV4 | RTE_MBUF_F_TX_IP_CKSUM);
}

/* 65536 bytes of TCP payload, MSS 1448: 46 segments (45 x 1448 + 376). */
static int
tso_64k(bool v6)
{
	static uint8_t b[65536 + 14 + 40 + 20];
	static struct rte_mbuf *got[64];
	const uint32_t pay = 65536, mss = 1448, nseg = 46;
	uint32_t hdr = L2 + (v6 ? V6 : V4) + TCPH, len = hdr + pay, n, off = 0;
	struct ethtest_pair p;
	struct rte_mbuf *m;

	TEST_ASSERT_OK(ethtest_pair_up("", &conf_all, 0, &p), "pair");
	frame_fill(b, len, v6, IPPROTO_TCP);
	m = ethtest_mbuf_of(p.mp, b, len, 2048);
	TEST_ASSERT(m != NULL && m->nb_segs == 33, "33-segment mbuf chain");
	request_tso(m, v6, (uint16_t)mss);
	TEST_ASSERT_EQ(rte_eth_tx_prepare(p.p0, 0, &m, 1), 1, "tx_prepare");
	TEST_ASSERT_EQ(rte_eth_tx_burst(p.p0, 0, &m, 1), 1, "tx_burst");
	n = recv_n(p.p1, got, RTE_DIM(got), 1000);
	TEST_ASSERT_EQ(n, nseg, "46 segments arrived");
	for (uint32_t k = 0; k < n; k++) {
		const uint8_t *s = rte_pktmbuf_mtod(got[k], const uint8_t *);
		const struct rte_tcp_hdr *t = (const void *)(s + hdr - TCPH);
		uint32_t plen = k + 1 < nseg ? mss : pay - (nseg - 1) * mss;
		bool ip_ok, l4_ok;

		TEST_ASSERT_EQ(got[k]->nb_segs, 1, "segment %u in one buffer", k);
		TEST_ASSERT_EQ(got[k]->pkt_len, hdr + plen, "segment %u size", k);
		dpdk_verdict(s, v6, &ip_ok, &l4_ok);
		TEST_ASSERT(ip_ok && l4_ok, "segment %u checksums (DPDK's view)", k);
		TEST_ASSERT_EQ(got[k]->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK,
			       RTE_MBUF_F_RX_L4_CKSUM_GOOD, "segment %u L4 GOOD", k);
		if (!v6)
			TEST_ASSERT_EQ(rte_be_to_cpu_16(((const struct rte_ipv4_hdr *)
				(s + L2))->packet_id), 7 + k, "segment %u IP id", k);
		TEST_ASSERT_EQ(rte_be_to_cpu_32(t->sent_seq) -
			       rte_be_to_cpu_32(((const struct rte_tcp_hdr *)
						 (b + hdr - TCPH))->sent_seq), off,
			       "segment %u sequence", k);
		TEST_ASSERT_EQ(!!(t->tcp_flags & RTE_TCP_PSH_FLAG), k + 1 == nseg,
			       "segment %u PSH only last", k);
		TEST_ASSERT(memcmp(s + hdr, b + hdr + off, plen) == 0, "segment %u payload", k);
		off += plen;
		rte_pktmbuf_free(got[k]);
	}
	TEST_ASSERT_EQ(off, pay, "whole payload");
	TEST_ASSERT_EQ(ethtest_xstat(p.p0, "tx_tso_packets"), 1, "one TSO packet");
	TEST_ASSERT_EQ(ethtest_xstat(p.p0, "tx_tso_segments"), nseg, "46 segments");
	{
		struct rte_eth_stats st;

		TEST_ASSERT_OK(rte_eth_stats_get(p.p0, &st), "stats");
		TEST_ASSERT_EQ(st.opackets, nseg, "one TX packet per segment");
	}
	printf("  64 KB TCP/%s payload -> %u segments of <= %u bytes, checksums valid\n",
	       v6 ? "IPv6" : "IPv4", n, mss);
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
tso_64k_ipv4(void)
{
	return tso_64k(false);
}

static int
tso_64k_ipv6(void)
{
	return tso_64k(true);
}

static int
tso_limits(void)
{
	static uint8_t b[20000];
	/* mss, segment size of the chain: MSS below 256; above 9674; a
	 * 4000-byte MSS over 400-byte buffers (11 buffers per segment) */
	static const uint16_t bad[3][2] = { { 100, 2048 }, { 9700, 2048 }, { 4000, 400 } };
	struct rte_eth_stats st;
	struct ethtest_pair p;
	struct rte_mbuf *m, *got[8];
	uint16_t i;

	TEST_ASSERT_OK(ethtest_pair_up("", &conf_all, 0, &p), "pair");
	frame_fill(b, sizeof(b), false, IPPROTO_TCP);
	for (i = 0; i < RTE_DIM(bad); i++) {
		m = ethtest_mbuf_of(p.mp, b, sizeof(b), bad[i][1]);
		TEST_ASSERT(m != NULL, "mbuf");
		request_tso(m, false, bad[i][0]);
		TEST_ASSERT_EQ(rte_eth_tx_prepare(p.p0, 0, &m, 1), 0, "case %u refused", i);
		TEST_ASSERT_EQ(rte_errno, EINVAL, "case %u EINVAL", i);
		TEST_ASSERT_EQ(rte_eth_tx_burst(p.p0, 0, &m, 1), 1,
			       "case %u consumed by tx_burst (dropped, counted)", i);
	}
	TEST_ASSERT_EQ(recv_n(p.p1, got, RTE_DIM(got), 200), 0, "nothing arrived");
	TEST_ASSERT_OK(rte_eth_stats_get(p.p0, &st), "stats");
	TEST_ASSERT_EQ(st.oerrors, 3, "three drops in oerrors");
	TEST_ASSERT_EQ(st.opackets, 0, "nothing sent");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(offload_capa),
	TEST_CASE(rx_cksum_flags),
	TEST_CASE(tx_cksum_insert),
	TEST_CASE(vlan_strip_insert),
	TEST_CASE(tso_64k_ipv4),
	TEST_CASE(tso_64k_ipv6),
	TEST_CASE(tso_limits),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "offload", cases };

	return ethtest_main(&prog, argc, argv);
}
