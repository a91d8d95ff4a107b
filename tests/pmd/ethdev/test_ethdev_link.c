/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Link state, jumbo frames and RX metadata of net_i40e_sun4v through the
 * ethdev API.
 *
 *  link_up_down: a started port wired to a started peer reports link up
 *      at 40 Gbps full duplex; stopped, it reports down; started, up again.
 *  link_peer_late: a port whose peer= is not probed yet reports down after
 *      start; probing the peer brings both up; closing the peer brings the
 *      port down again.
 *  link_speed: speed=10G and speed=100G pairs report their speed (and
 *      speed_capa) and forward frames.
 *  jumbo_9000: MTU 9000 with scattered RX on 2 KB buffers: 9014-byte
 *      frames sent as 5-segment chains arrive as 5-segment chains, intact.
 *  oversize_counted: frames longer than the receiver's MTU are dropped by
 *      the device, and the drops show in ierrors or imissed.
 *  link_down_drops_counted: frames sent to a peer whose port is stopped
 *      are all accounted for once it restarts: received, or counted in
 *      the receiver's imissed/ierrors or the sender's oerrors.
 *  rx_flags_good: a valid UDP/IPv4 frame arrives as L2_ETHER/IPV4/UDP and
 *      no checksum flag says BAD.
 *  rx_cksum_bad_not_good: frames with a wrong IPv4 header checksum or a
 *      wrong UDP checksum are not reported as checksum GOOD.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_mbuf_ptype.h>

#include "ethdev_test.h"

static int
link_is(uint16_t port, uint8_t status, uint32_t speed)
{
	struct rte_eth_link l;

	memset(&l, 0, sizeof(l));
	TEST_ASSERT_OK(rte_eth_link_get_nowait(port, &l), "link_get %u", port);
	TEST_ASSERT_EQ(l.link_status, status, "port %u link status", port);
	if (status == RTE_ETH_LINK_UP) {
		TEST_ASSERT_EQ(l.link_speed, speed, "port %u speed", port);
		TEST_ASSERT_EQ(l.link_duplex, RTE_ETH_LINK_FULL_DUPLEX,
			       "port %u duplex", port);
	}
	return TEST_SUCCESS;
}

static int
link_up_down(void)
{
	struct ethtest_pair p;

	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, &p), "pair");
	TEST_ASSERT_OK(link_is(p.p0, RTE_ETH_LINK_UP, RTE_ETH_SPEED_NUM_40G), "0 up");
	TEST_ASSERT_OK(link_is(p.p1, RTE_ETH_LINK_UP, RTE_ETH_SPEED_NUM_40G), "1 up");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0");
	TEST_ASSERT_OK(link_is(p.p0, RTE_ETH_LINK_DOWN, 0), "0 down after stop");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop 1");
	TEST_ASSERT_OK(link_is(p.p1, RTE_ETH_LINK_DOWN, 0), "1 down after stop");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p0), "start 0");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start 1");
	TEST_ASSERT_OK(link_is(p.p0, RTE_ETH_LINK_UP, RTE_ETH_SPEED_NUM_40G), "0 up again");
	TEST_ASSERT_OK(link_is(p.p1, RTE_ETH_LINK_UP, RTE_ETH_SPEED_NUM_40G), "1 up again");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
link_peer_late(void)
{
	struct rte_mempool *mp = ethtest_pool("late_pool", 4095, ETHTEST_ROOM);
	struct ethtest_qconf qc = { .nb_rxq = 1, .nb_txq = 1, .mp = mp };
	uint16_t a, b;

	TEST_ASSERT(mp != NULL, "pool");
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT0, "peer=" ETHTEST_PORT1,
					   &a), "A");
	TEST_ASSERT_OK(ethtest_port_setup(a, &qc), "setup A");
	TEST_ASSERT_OK(rte_eth_dev_start(a), "start A");
	TEST_ASSERT_OK(link_is(a, RTE_ETH_LINK_DOWN, 0), "A, no peer yet");
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT1, "peer=" ETHTEST_PORT0,
					   &b), "B");
	TEST_ASSERT_OK(ethtest_port_setup(b, &qc), "setup B");
	TEST_ASSERT_OK(rte_eth_dev_start(b), "start B");
	TEST_ASSERT_OK(link_is(a, RTE_ETH_LINK_UP, RTE_ETH_SPEED_NUM_40G), "A, peer up");
	TEST_ASSERT_OK(link_is(b, RTE_ETH_LINK_UP, RTE_ETH_SPEED_NUM_40G), "B");
	TEST_ASSERT_OK(rte_eth_dev_stop(b), "stop B");
	TEST_ASSERT_OK(rte_eth_dev_close(b), "close B");
	TEST_ASSERT_OK(rte_vdev_uninit(ETHTEST_PORT1), "uninit B");
	TEST_ASSERT_OK(link_is(a, RTE_ETH_LINK_DOWN, 0), "A, peer gone");
	TEST_ASSERT_OK(rte_eth_dev_stop(a), "stop A");
	TEST_ASSERT_OK(rte_eth_dev_close(a), "close A");
	TEST_ASSERT_OK(rte_vdev_uninit(ETHTEST_PORT0), "uninit A");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

static int
link_speed_one(const char *devargs, uint32_t speed, uint32_t capa)
{
	struct rte_eth_dev_info info;
	struct ethtest_pair p;
	struct ethtest_fwd r;
	struct ethtest_traffic t = { .nb_rxq = 1, .count = 2000 };

	TEST_ASSERT_OK(ethtest_pair_up(devargs, NULL, 0, &p), "pair %s", devargs);
	TEST_ASSERT_OK(link_is(p.p0, RTE_ETH_LINK_UP, speed), "%s", devargs);
	TEST_ASSERT_OK(link_is(p.p1, RTE_ETH_LINK_UP, speed), "%s", devargs);
	TEST_ASSERT_OK(rte_eth_dev_info_get(p.p0, &info), "info");
	TEST_ASSERT(info.speed_capa & capa, "speed_capa 0x%x lacks 0x%x",
		    info.speed_capa, capa);
	t.tx_port = p.p0;
	t.rx_port = p.p1;
	t.mp = p.mp;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "forward");
	TEST_ASSERT_EQ(r.received, r.sent, "%s: frames lost", devargs);
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
link_speed(void)
{
	TEST_ASSERT_OK(link_speed_one("speed=10G", RTE_ETH_SPEED_NUM_10G,
				      RTE_ETH_LINK_SPEED_10G), "10G");
	TEST_ASSERT_OK(link_speed_one("speed=100G", RTE_ETH_SPEED_NUM_100G,
				      RTE_ETH_LINK_SPEED_100G), "100G");
	return TEST_SUCCESS;
}

#define JUMBO_MTU 9000u
#define JUMBO_LEN (JUMBO_MTU + RTE_ETHER_HDR_LEN)
#define JUMBO_SEGS ((JUMBO_LEN + 2047u) / 2048u)

static int
jumbo_cb(uint16_t queue, struct rte_mbuf *m, void *arg)
{
	unsigned int *bad = arg;

	RTE_SET_USED(queue);
	if (m->pkt_len != JUMBO_LEN || m->nb_segs != JUMBO_SEGS) {
		if ((*bad)++ == 0)
			fprintf(stderr, "  jumbo frame: %u bytes in %u segments,"
				" want %u in %u\n", m->pkt_len, m->nb_segs,
				JUMBO_LEN, JUMBO_SEGS);
	}
	return 0;
}

static struct rte_eth_conf
jumbo_conf(void)
{
	struct rte_eth_conf c;

	memset(&c, 0, sizeof(c));
	c.rxmode.mtu = JUMBO_MTU;
	c.rxmode.offloads = RTE_ETH_RX_OFFLOAD_SCATTER;
	c.txmode.offloads = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	return c;
}

static int
jumbo_9000(void)
{
	struct rte_eth_conf conf = jumbo_conf();
	unsigned int bad = 0;
	struct ethtest_pair p;
	struct ethtest_fwd r;
	struct ethtest_traffic t = {
		.nb_rxq = 1, .count = 200, .len = JUMBO_LEN, .seg = 2048,
		.cb = jumbo_cb, .cb_arg = &bad,
	};
	uint16_t mtu = 0;

	TEST_ASSERT_OK(ethtest_pair_up("", &conf, 0, &p), "jumbo pair");
	TEST_ASSERT_OK(rte_eth_dev_get_mtu(p.p1, &mtu), "get_mtu");
	TEST_ASSERT_EQ(mtu, JUMBO_MTU, "mtu");
	t.tx_port = p.p0;
	t.rx_port = p.p1;
	t.mp = p.mp;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "forward (every byte compared)");
	ethtest_fwd_print("jumbo", &r);
	TEST_ASSERT_EQ(r.received, t.count, "every jumbo frame arrives");
	TEST_ASSERT_EQ(bad, 0, "frames with the wrong length or chain");
	TEST_ASSERT_EQ(ethtest_xstat(p.p1, "rx_q0_bytes"), t.count * JUMBO_LEN,
		       "rx bytes");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
oversize_counted(void)
{
	struct rte_eth_conf conf = jumbo_conf();
	struct ethtest_pair p;
	struct ethtest_fwd r;
	struct ethtest_traffic t = { .nb_rxq = 1, .count = 10, .len = 2000 };

	TEST_ASSERT_OK(ethtest_pair_up("", &conf, 0, &p), "pair");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop 1");
	TEST_ASSERT_OK(rte_eth_dev_set_mtu(p.p1, 1500), "mtu 1500");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start 1");
	t.tx_port = p.p0;
	t.rx_port = p.p1;
	t.mp = p.mp;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "forward");
	ethtest_fwd_print("2000-byte frames to MTU 1500", &r);
	TEST_ASSERT_EQ(r.received, 0, "oversize frames delivered");
	TEST_ASSERT_EQ(r.sent, t.count, "sent");
	TEST_ASSERT_EQ(r.ierrors + r.imissed, t.count,
		       "the device dropped %" PRIu64 " oversize frames but "
		       "ierrors + imissed count %" PRIu64, t.count,
		       r.ierrors + r.imissed);
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
link_down_drops_counted(void)
{
	struct rte_eth_stats s0, s1;
	struct ethtest_pair p;
	struct rte_mbuf *m[32];
	uint64_t t0, sent, got = 0;

	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, &p), "pair");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p0), "reset 0");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p1), "reset 1");
	for (uint16_t i = 0; i < 32; i++) {
		m[i] = ethtest_frame(p.mp, 64, i, i, 0);
		TEST_ASSERT(m[i] != NULL, "frame");
	}
	sent = rte_eth_tx_burst(p.p1, 0, m, 32);
	rte_pktmbuf_free_bulk(m + sent, 32 - sent);
	t0 = rte_get_tsc_cycles();
	while (rte_get_tsc_cycles() - t0 < rte_get_tsc_hz() / 20)
		rte_eth_tx_burst(p.p1, 0, NULL, 0);
	/* Bring the receiver back and let it settle what is pending. */
	TEST_ASSERT_OK(rte_eth_dev_start(p.p0), "start 0");
	t0 = rte_get_tsc_cycles();
	while (rte_get_tsc_cycles() - t0 < rte_get_tsc_hz() / 20) {
		uint16_t n = rte_eth_rx_burst(p.p0, 0, m, 32);

		got += n;
		rte_pktmbuf_free_bulk(m, n);
	}
	TEST_ASSERT_OK(rte_eth_stats_get(p.p0, &s0), "stats 0");
	TEST_ASSERT_OK(rte_eth_stats_get(p.p1, &s1), "stats 1");
	printf("  %" PRIu64 " frames sent while the peer was stopped: peer "
	       "received %" PRIu64 " after restart, imissed %" PRIu64 " ierrors %"
	       PRIu64 "; sender oerrors %" PRIu64 "\n", sent, got, s0.imissed,
	       s0.ierrors, s1.oerrors);
	TEST_ASSERT_EQ(s0.ipackets, got, "ipackets");
	TEST_ASSERT_EQ(got + s0.imissed + s0.ierrors + s1.oerrors, sent,
		       "frames sent to a down link are neither received nor "
		       "counted as dropped");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* Send one mbuf from port 0 and wait (1 s at most) for it on port 1. */
static struct rte_mbuf *
one_trip(struct ethtest_pair *p, struct rte_mbuf *m)
{
	uint64_t t0 = rte_get_tsc_cycles();
	struct rte_mbuf *got = NULL;

	if (rte_eth_tx_burst(p->p0, 0, &m, 1) != 1) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	while (rte_get_tsc_cycles() - t0 < rte_get_tsc_hz()) {
		rte_eth_tx_burst(p->p0, 0, NULL, 0);
		if (rte_eth_rx_burst(p->p1, 0, &got, 1) == 1)
			return got;
	}
	return NULL;
}

static int
rx_flags_good(void)
{
	const uint32_t want = RTE_PTYPE_L2_ETHER | RTE_PTYPE_L3_IPV4_EXT_UNKNOWN |
			      RTE_PTYPE_L4_UDP;
	struct ethtest_pair p;
	struct rte_mbuf *m;
	uint64_t f;

	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, &p), "pair");
	m = one_trip(&p, ethtest_frame(p.mp, 128, 1, 1, 0));
	TEST_ASSERT(m != NULL, "frame did not arrive");
	f = m->ol_flags;
	TEST_ASSERT_EQ(m->packet_type, want, "packet_type");
	TEST_ASSERT((f & RTE_MBUF_F_RX_IP_CKSUM_MASK) != RTE_MBUF_F_RX_IP_CKSUM_BAD,
		    "good IP checksum reported BAD");
	TEST_ASSERT((f & RTE_MBUF_F_RX_L4_CKSUM_MASK) != RTE_MBUF_F_RX_L4_CKSUM_BAD,
		    "good UDP checksum reported BAD");
	TEST_ASSERT_OK(ethtest_frame_check(m, NULL, NULL), "bytes");
	rte_pktmbuf_free(m);
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* Offsets in ethtest frames: IPv4 header checksum, UDP checksum. */
#define IP_CSUM_OFF (RTE_ETHER_HDR_LEN + 10)
#define UDP_CSUM_OFF (RTE_ETHER_HDR_LEN + 20 + 6)

static int
rx_cksum_bad_not_good(void)
{
	struct ethtest_pair p;
	struct rte_mbuf *m, *got;
	uint64_t ip_flags, l4_flags;

	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, &p), "pair");
	m = ethtest_frame(p.mp, 128, 2, 2, 0);
	TEST_ASSERT(m != NULL, "frame");
	*rte_pktmbuf_mtod_offset(m, uint8_t *, IP_CSUM_OFF) ^= 0x5a;
	got = one_trip(&p, m);
	TEST_ASSERT(got != NULL, "bad-IP-checksum frame did not arrive");
	ip_flags = got->ol_flags & RTE_MBUF_F_RX_IP_CKSUM_MASK;
	rte_pktmbuf_free(got);
	m = ethtest_frame(p.mp, 128, 3, 3, 0);
	TEST_ASSERT(m != NULL, "frame");
	*rte_pktmbuf_mtod_offset(m, uint8_t *, UDP_CSUM_OFF) ^= 0x5a;
	got = one_trip(&p, m);
	TEST_ASSERT(got != NULL, "bad-UDP-checksum frame did not arrive");
	l4_flags = got->ol_flags & RTE_MBUF_F_RX_L4_CKSUM_MASK;
	rte_pktmbuf_free(got);
	printf("  bad IP checksum -> ip flags 0x%" PRIx64 "; bad UDP checksum "
	       "-> l4 flags 0x%" PRIx64 "\n", ip_flags, l4_flags);
	TEST_ASSERT(ip_flags != RTE_MBUF_F_RX_IP_CKSUM_GOOD,
		    "a wrong IPv4 header checksum is reported GOOD");
	TEST_ASSERT(l4_flags != RTE_MBUF_F_RX_L4_CKSUM_GOOD,
		    "a wrong UDP checksum is reported GOOD");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(link_up_down),
	TEST_CASE(link_peer_late),
	TEST_CASE(link_speed),
	TEST_CASE(jumbo_9000),
	TEST_CASE(oversize_counted),
	TEST_CASE(link_down_drops_counted),
	TEST_CASE(rx_flags_good),
	TEST_CASE(rx_cksum_bad_not_good),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "link", cases };

	return ethtest_main(&prog, argc, argv);
}
