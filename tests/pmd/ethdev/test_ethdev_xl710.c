/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_i40e_sun4v, issue 13 (items 4-8) through the plain ethdev API: link
 * down/up and LSC events, dev_reset, queue and device info, descriptor
 * status, the device's receive filters, stats from the device's counters
 * (exact with frames still in the rings, two resets), RSS over the
 * generic flow types, rings of 8160 descriptors.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>   /* reset_reprobe reaches the op directly */
#include <rte_cycles.h>
#include <rte_ethdev.h>

#include "ethdev_test.h"

/* Send @n frames of flows 0..@n-1 from @port queue 0 (no receive).
 * @return frames tx_burst took. */
static uint32_t
send_frames(uint16_t port, struct rte_mempool *mp, uint32_t n,
	    const uint8_t *dst)
{
	uint32_t sent = 0;

	while (sent < n) {
		struct rte_mbuf *m = ethtest_frame(mp, ETHTEST_FRAME_LEN, sent, sent, 0);

		if (m == NULL)
			break;
		if (dst != NULL)
			memcpy(rte_pktmbuf_mtod(m, uint8_t *), dst, 6);
		if (rte_eth_tx_burst(port, 0, &m, 1) != 1) {
			rte_pktmbuf_free(m);
			break;
		}
		sent++;
	}
	return sent;
}

/* Receive and free everything @port queue @q holds now. */
static uint32_t
drain_queue(uint16_t port, uint16_t q)
{
	struct rte_mbuf *pk[32];
	uint32_t n = 0;
	uint16_t k;

	while ((k = rte_eth_rx_burst(port, q, pk, 32)) != 0) {
		n += k;
		rte_pktmbuf_free_bulk(pk, k);
	}
	return n;
}

static int
stats(uint16_t port, struct rte_eth_stats *s)
{
	return rte_eth_stats_get(port, s);
}

/* ---- item 4: link ------------------------------------------------------ */

static unsigned int lsc_events[RTE_MAX_ETHPORTS];

static int
lsc_cb(uint16_t port, enum rte_eth_event_type ev, void *arg, void *ret)
{
	RTE_SET_USED(arg);
	RTE_SET_USED(ret);
	if (ev == RTE_ETH_EVENT_INTR_LSC)
		__atomic_fetch_add(&lsc_events[port], 1, __ATOMIC_RELAXED);
	return 0;
}

/* Wait (at most 2 s) until @port has seen @n LSC events. */
static bool
lsc_wait(uint16_t port, unsigned int n)
{
	for (unsigned int ms = 0; ms < 2000; ms++) {
		if (__atomic_load_n(&lsc_events[port], __ATOMIC_RELAXED) >= n)
			return true;
		rte_delay_ms(1);
	}
	return false;
}

static uint8_t
link_of(uint16_t port)
{
	struct rte_eth_link l;

	memset(&l, 0, sizeof(l));
	rte_eth_link_get_nowait(port, &l);
	return l.link_status;
}

/* dev_set_link_down: the port and its peer go down and both applications
 * get an LSC event; frames sent meanwhile are counted; up again: both up,
 * events again, traffic flows. */
static int
link_down_up_lsc(void)
{
	struct rte_eth_conf conf = { .intr_conf = { .lsc = 1 } };
	struct ethtest_pair p;
	struct rte_eth_stats s0, s1;
	struct rte_eth_dev_info di;
	uint32_t sent;

	TEST_ASSERT_OK(ethtest_pair_up("pace=0", &conf, 0, &p), "pair");
	TEST_ASSERT_OK(rte_eth_dev_info_get(p.p0, &di), "info");
	TEST_ASSERT(*di.dev_flags & RTE_ETH_DEV_INTR_LSC, "port advertises LSC interrupts");
	TEST_ASSERT_OK(rte_eth_dev_callback_register(p.p0, RTE_ETH_EVENT_INTR_LSC,
						     lsc_cb, NULL), "cb 0");
	TEST_ASSERT_OK(rte_eth_dev_callback_register(p.p1, RTE_ETH_EVENT_INTR_LSC,
						     lsc_cb, NULL), "cb 1");
	TEST_ASSERT_EQ(link_of(p.p0), RTE_ETH_LINK_UP, "0 up");
	TEST_ASSERT_OK(rte_eth_dev_set_link_down(p.p0), "set link down 0");
	TEST_ASSERT(lsc_wait(p.p0, 1), "port 0 got an LSC event");
	TEST_ASSERT(lsc_wait(p.p1, 1), "peer got an LSC event");
	TEST_ASSERT_EQ(link_of(p.p0), RTE_ETH_LINK_DOWN, "0 down");
	TEST_ASSERT_EQ(link_of(p.p1), RTE_ETH_LINK_DOWN, "peer sees link down");
	/* Port 1 still transmits: every frame is lost at port 0, counted. */
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p0), "reset 0");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p1), "reset 1");
	sent = send_frames(p.p1, p.mp, 100, NULL);
	TEST_ASSERT_EQ(sent, 100, "100 sent into a down link");
	stats(p.p0, &s0);
	stats(p.p1, &s1);
	/* As for a stopped peer (NIC guide, Limitations): the frames go on
	 * the wire and the down port counts each one as missed. */
	TEST_ASSERT_EQ(s1.opackets, 100, "port 1 sent 100");
	TEST_ASSERT_EQ(s0.ipackets, 0, "nothing received by the down port");
	TEST_ASSERT_EQ(s0.imissed, 100, "each counted missed at the down port");
	TEST_ASSERT_OK(rte_eth_dev_set_link_up(p.p0), "set link up 0");
	TEST_ASSERT(lsc_wait(p.p1, 2), "peer got the up event");
	TEST_ASSERT(lsc_wait(p.p0, 2), "port 0 got the up event");
	TEST_ASSERT_EQ(link_of(p.p0), RTE_ETH_LINK_UP, "0 up again");
	TEST_ASSERT_EQ(link_of(p.p1), RTE_ETH_LINK_UP, "1 up again");
	drain_queue(p.p0, 0);
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p0), "reset 0");
	sent = send_frames(p.p1, p.mp, 50, NULL);
	TEST_ASSERT_EQ(drain_queue(p.p0, 0), sent, "traffic flows after up");
	/* Link up needs a started port. */
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0");
	TEST_ASSERT_EQ(rte_eth_dev_set_link_up(p.p0), -EINVAL, "up on a stopped port");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* dev_reset: refused on a started port by the driver (ethdev stops the
 * port first); afterwards the port is as probed: MAC from the devargs,
 * RSS off, and it works again once reconfigured. */
static int
reset_reprobe(void)
{
	struct rte_ether_addr mac, other = { { 0x02, 9, 9, 9, 9, 9 } };
	struct ethtest_qconf qc = { .nb_rxq = 1, .nb_txq = 1 };
	struct rte_eth_dev *dev;
	struct ethtest_pair p;
	uint32_t sent;

	TEST_ASSERT_OK(ethtest_pair_up("pace=0,mac=02:00:00:00:00:01", NULL, 0, &p),
		       "pair");
	qc.mp = p.mp;
	/* rte_eth_dev_reset() stops the port before calling the driver, so
	 * the driver's own refusal is reached through the op. */
	dev = &rte_eth_devices[p.p0];
	TEST_ASSERT_EQ(dev->dev_ops->dev_reset(dev), -EBUSY,
		       "driver refuses a reset of a started port");
	TEST_ASSERT_OK(rte_eth_dev_default_mac_addr_set(p.p0, &other), "mac set");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop");
	TEST_ASSERT_OK(rte_eth_dev_reset(p.p0), "reset");
	TEST_ASSERT_OK(rte_eth_macaddr_get(p.p0, &mac), "mac get");
	TEST_ASSERT_EQ(mac.addr_bytes[5], 1, "MAC from the devargs again");
	TEST_ASSERT_OK(ethtest_port_setup(p.p0, &qc), "reconfigure");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p0), "start");
	TEST_ASSERT_OK(rte_eth_promiscuous_disable(p.p0), "filter on");
	/* Frames to 02:00:00:00:00:01 (the devargs MAC) pass the filter. */
	sent = send_frames(p.p1, p.mp, 64, NULL);
	TEST_ASSERT_EQ(drain_queue(p.p0, 0), sent, "port works after reset");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* ---- item 5: info, descriptor status, filters --------------------------- */

static int
info_and_desc_status(void)
{
	struct ethtest_pair p;
	struct rte_eth_rxq_info ri;
	struct rte_eth_txq_info ti;
	char fw[64];
	int n;

	TEST_ASSERT_OK(ethtest_pair_up("pace=0", NULL, 0, &p), "pair");
	n = rte_eth_dev_fw_version_get(p.p0, fw, sizeof(fw));
	TEST_ASSERT_EQ(n, 0, "fw version");
	TEST_ASSERT(strstr(fw, "simulated") != NULL, "fw version says simulated: %s", fw);
	TEST_ASSERT(rte_eth_dev_fw_version_get(p.p0, fw, 4) > 4, "short buffer: size needed");
	TEST_ASSERT_OK(rte_eth_rx_queue_info_get(p.p1, 0, &ri), "rxq info");
	TEST_ASSERT_EQ(ri.nb_desc, 512, "rx nb_desc");
	TEST_ASSERT(ri.mp == p.mp, "rx mempool");
	TEST_ASSERT_EQ(ri.rx_buf_size, 2048, "rx buffer bytes");
	TEST_ASSERT_OK(rte_eth_tx_queue_info_get(p.p0, 0, &ti), "txq info");
	TEST_ASSERT_EQ(ti.nb_desc, 512, "tx nb_desc");
	TEST_ASSERT_EQ(ti.conf.tx_rs_thresh, 32, "tx_rs_thresh");
	TEST_ASSERT_EQ(ti.conf.tx_free_thresh, 512, "frees at every burst");
	/* 511 posted, nothing received yet. */
	TEST_ASSERT_EQ(rte_eth_rx_queue_count(p.p1, 0), 0, "empty");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(p.p1, 0, 0), RTE_ETH_RX_DESC_AVAIL,
		       "slot 0 posted");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(p.p1, 0, 511), RTE_ETH_RX_DESC_UNAVAIL,
		       "the empty slot");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(p.p1, 0, 512), -EINVAL, "offset 512");
	TEST_ASSERT_EQ(send_frames(p.p0, p.mp, 40, NULL), 40, "40 sent");
	/* Unpaced and inline: written back during the doorbell. */
	TEST_ASSERT_EQ(rte_eth_rx_queue_count(p.p1, 0), 40, "40 done in the ring");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(p.p1, 0, 39), RTE_ETH_RX_DESC_DONE, "39 done");
	TEST_ASSERT_EQ(rte_eth_rx_descriptor_status(p.p1, 0, 40), RTE_ETH_RX_DESC_AVAIL,
		       "40 still posted");
	/* TX: 40 in flight, one RS bucket (32) reported done. */
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(p.p0, 0, 0), RTE_ETH_TX_DESC_DONE,
		       "slot at the tail is free");
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(p.p0, 0, 511 - 40 + 1),
		       RTE_ETH_TX_DESC_DONE, "oldest in flight: its bucket is done");
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(p.p0, 0, 511), RTE_ETH_TX_DESC_FULL,
		       "newest in flight: no RS after it yet");
	TEST_ASSERT_EQ(rte_eth_tx_descriptor_status(p.p0, 0, 600), -EINVAL, "offset 600");
	TEST_ASSERT_EQ(drain_queue(p.p1, 0), 40, "40 read");
	TEST_ASSERT_EQ(rte_eth_rx_queue_count(p.p1, 0), 0, "nothing left");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* Frames port 0 sends to @dst that port 1 receives. */
static uint32_t
got(struct ethtest_pair *p, const uint8_t *dst, uint32_t n)
{
	send_frames(p->p0, p->mp, n, dst);
	return drain_queue(p->p1, 0);
}

/* Promiscuous, all-multicast, unicast and multicast filters change what
 * the device accepts; what it refuses is counted in rx_filtered. */
static int
mac_filters(void)
{
	static const uint8_t to[6] = { 0x02, 0, 0, 0, 0, 0x01 };
	static const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0, 0, 7 };
	static const uint8_t mc2[6] = { 0x01, 0x00, 0x5e, 0, 0, 8 };
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct rte_ether_addr a = { { 0x02, 0, 0, 0, 0, 0x01 } };
	struct rte_ether_addr m = { { 0x01, 0x00, 0x5e, 0, 0, 7 } };
	struct rte_ether_addr bad = { { 0x02, 0, 0, 0, 0, 0x05 } };
	struct rte_ether_addr own;
	struct ethtest_pair p;
	struct rte_eth_stats s;

	TEST_ASSERT_OK(ethtest_pair_up("pace=0", NULL, 0, &p), "pair");
	TEST_ASSERT_EQ(got(&p, to, 10), 10, "promiscuous: all");
	TEST_ASSERT_OK(rte_eth_promiscuous_disable(p.p1), "promisc off");
	TEST_ASSERT_EQ(got(&p, to, 10), 0, "other MAC filtered");
	TEST_ASSERT_EQ(ethtest_xstat(p.p1, "rx_filtered"), 10, "counted in rx_filtered");
	TEST_ASSERT_OK(rte_eth_macaddr_get(p.p1, &own), "own MAC");
	TEST_ASSERT_EQ(got(&p, own.addr_bytes, 10), 10, "own MAC accepted");
	TEST_ASSERT_EQ(got(&p, bc, 10), 10, "broadcast accepted");
	TEST_ASSERT_OK(rte_eth_dev_mac_addr_add(p.p1, &a, 0), "add 02:..:01");
	TEST_ASSERT_EQ(got(&p, to, 10), 10, "added MAC accepted");
	TEST_ASSERT_OK(rte_eth_dev_mac_addr_remove(p.p1, &a), "remove");
	TEST_ASSERT_EQ(got(&p, to, 10), 0, "removed MAC filtered");
	TEST_ASSERT_EQ(got(&p, mc, 10), 0, "multicast filtered");
	TEST_ASSERT_OK(rte_eth_dev_set_mc_addr_list(p.p1, &m, 1), "mc list");
	TEST_ASSERT_EQ(got(&p, mc, 10), 10, "listed multicast accepted");
	TEST_ASSERT_EQ(got(&p, mc2, 10), 0, "unlisted multicast filtered");
	TEST_ASSERT_EQ(rte_eth_dev_set_mc_addr_list(p.p1, &bad, 1), -EINVAL,
		       "unicast in the multicast list refused");
	TEST_ASSERT_OK(rte_eth_allmulticast_enable(p.p1), "allmulti");
	TEST_ASSERT_EQ(got(&p, mc2, 10), 10, "allmulti: any multicast");
	TEST_ASSERT_EQ(got(&p, to, 10), 0, "allmulti: unicast still filtered");
	TEST_ASSERT_OK(rte_eth_allmulticast_disable(p.p1), "allmulti off");
	TEST_ASSERT_EQ(got(&p, mc2, 10), 0, "allmulti off: filtered again");
	TEST_ASSERT_OK(rte_eth_promiscuous_enable(p.p1), "promisc on");
	TEST_ASSERT_EQ(got(&p, to, 10), 10, "promiscuous again: all");
	stats(p.p1, &s);
	TEST_ASSERT_EQ(ethtest_xstat(p.p1, "rx_filtered"), 60, "60 filtered in all");
	TEST_ASSERT_EQ(s.imissed, 0, "filtered frames are not missed");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* ---- item 6: counters --------------------------------------------------- */

/* Stats are exact with frames still in the ring; port stop right after
 * paced traffic: TX of one port == RX + missed of its peer, no drain. */
static int
stats_exact_no_drain(void)
{
	struct ethtest_pair p;
	struct rte_eth_stats s0, s1;
	uint32_t sent;

	TEST_ASSERT_OK(ethtest_pair_up("pace=0", NULL, 0, &p), "pair unpaced");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p1), "reset");
	sent = send_frames(p.p0, p.mp, 100, NULL);
	stats(p.p0, &s0);
	stats(p.p1, &s1);
	TEST_ASSERT_EQ(s1.ipackets, sent, "received counted before rx_burst");
	TEST_ASSERT_EQ(s1.q_ipackets[0], sent, "per queue too");
	TEST_ASSERT_EQ(s1.ibytes, (uint64_t)sent * ETHTEST_FRAME_LEN, "bytes");
	TEST_ASSERT_EQ(drain_queue(p.p1, 0), sent, "then read");
	ethtest_pair_down(&p);

	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, &p), "pair paced");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p0), "reset 0");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p1), "reset 1");
	/* 2000 frames into a 512-ring nobody reads: some land, some are
	 * missed, some are still on the wire when the ports stop. */
	struct rte_mbuf *pk[32];
	uint16_t k;

	sent = send_frames(p.p0, p.mp, 2000, NULL);
	TEST_ASSERT(sent > 500, "sent %u", sent);
	/* One receive burst (it lets the device publish what has arrived),
	 * then stop with the rest in the ring and on the wire. */
	rte_delay_us(5);
	k = rte_eth_rx_burst(p.p1, 0, pk, 32);
	rte_pktmbuf_free_bulk(pk, k);
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop 1");
	stats(p.p0, &s0);
	stats(p.p1, &s1);
	printf("  tx0 %lu rx1 %lu missed1 %lu\n", (unsigned long)s0.opackets,
	       (unsigned long)s1.ipackets, (unsigned long)s1.imissed);
	TEST_ASSERT(s1.ipackets > 0, "some received");
	TEST_ASSERT_EQ(s0.opackets, s1.ipackets + s1.imissed,
		       "TX 0 == RX 1 + missed 1 (no drain)");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* stats_reset zeroes the traffic counters, not hv_*; xstats_reset the
 * DMA counters, not the traffic. */
static int
stats_reset_split(void)
{
	struct ethtest_pair p;
	struct rte_eth_stats s;

	TEST_ASSERT_OK(ethtest_pair_up("pace=0,dma=map", NULL, 0, &p), "pair");
	send_frames(p.p0, p.mp, 64, NULL);
	drain_queue(p.p1, 0);
	TEST_ASSERT(ethtest_xstat(p.p1, "hv_map_calls") > 0, "map calls made");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p1), "stats reset");
	stats(p.p1, &s);
	TEST_ASSERT_EQ(s.ipackets, 0, "stats_reset: traffic zeroed");
	TEST_ASSERT_EQ(ethtest_xstat(p.p1, "rx_q0_packets"), 0, "queue xstat zeroed");
	TEST_ASSERT(ethtest_xstat(p.p1, "hv_map_calls") > 0, "stats_reset keeps hv_*");
	send_frames(p.p0, p.mp, 64, NULL);
	drain_queue(p.p1, 0);
	TEST_ASSERT_OK(rte_eth_xstats_reset(p.p1), "xstats reset");
	stats(p.p1, &s);
	TEST_ASSERT_EQ(s.ipackets, 64, "xstats_reset keeps traffic");
	TEST_ASSERT_EQ(ethtest_xstat(p.p1, "hv_map_calls"), 0, "xstats_reset: hv_* zeroed");
	TEST_ASSERT(ethtest_xstat(p.p1, "iotsb_entries_used") > 0, "state kept");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* ---- item 7: RSS ----------------------------------------------------------- */

/* testpmd's default rss_hf (RTE_ETH_RSS_IP) masked by the port's flow
 * types spreads UDP over all 4 queues. */
static int
rss_default_ip_spreads_udp(void)
{
	struct rte_eth_conf conf = {
		.rxmode = { .mq_mode = RTE_ETH_MQ_RX_RSS },
	};
	struct ethtest_qconf qc = { .nb_rxq = 4, .nb_txq = 1 };
	struct rte_eth_dev_info di;
	struct ethtest_pair p;
	struct rte_eth_stats s;
	uint64_t hf;

	TEST_ASSERT_OK(ethtest_pair_up("pace=0", NULL, 0, &p), "pair");
	TEST_ASSERT_OK(rte_eth_dev_info_get(p.p1, &di), "info");
	hf = RTE_ETH_RSS_IP & di.flow_type_rss_offloads;
	TEST_ASSERT(hf & RTE_ETH_RSS_IPV4, "generic IPv4 advertised");
	TEST_ASSERT((di.flow_type_rss_offloads & RTE_ETH_RSS_UDP) ==
		    (RTE_ETH_RSS_UDP & ~RTE_ETH_RSS_IPV6_UDP_EX), "UDP types");
	TEST_ASSERT((di.flow_type_rss_offloads & RTE_ETH_RSS_TCP) ==
		    (RTE_ETH_RSS_TCP & ~RTE_ETH_RSS_IPV6_TCP_EX), "TCP types");
	conf.rx_adv_conf.rss_conf.rss_hf = hf;
	qc.mp = p.mp;
	qc.conf = &conf;
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	TEST_ASSERT_OK(ethtest_port_setup(p.p1, &qc), "4 queues, rss_hf 0x%lx",
		       (unsigned long)hf);
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p1), "reset");
	TEST_ASSERT_EQ(send_frames(p.p0, p.mp, 400, NULL), 400, "400 flows");
	stats(p.p1, &s);
	for (uint16_t q = 0; q < 4; q++) {
		TEST_ASSERT(s.q_ipackets[q] > 50, "queue %u got %lu of 400", q,
			    (unsigned long)s.q_ipackets[q]);
		drain_queue(p.p1, q);
	}
	TEST_ASSERT_EQ(s.ipackets, 400, "all received");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* ---- item 8: rings ----------------------------------------------------------- */

static int
ring_8160(void)
{
	struct ethtest_qconf qc = { .nb_rxq = 1, .nb_txq = 1, .nb_rxd = 8160,
				    .nb_txd = 8160 };
	struct ethtest_pair p;
	struct rte_eth_dev_info di;
	struct rte_mempool *big;
	uint32_t sent, rcv = 0;

	TEST_ASSERT_OK(ethtest_pair_up("pace=0", NULL, 0, &p), "pair");
	/* Two rings of 8159 posted buffers: more than the pair's pool. */
	big = ethtest_pool("big_pool", 2 * 8160 + 512, ETHTEST_ROOM);
	TEST_ASSERT(big != NULL, "big pool");
	TEST_ASSERT_OK(rte_eth_dev_info_get(p.p0, &di), "info");
	TEST_ASSERT_EQ(di.rx_desc_lim.nb_max, 8160, "rx max 8160");
	TEST_ASSERT_EQ(di.tx_desc_lim.nb_max, 8160, "tx max 8160");
	qc.mp = big;
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop 1");
	TEST_ASSERT_OK(ethtest_port_setup(p.p0, &qc), "8160 on port 0");
	TEST_ASSERT_OK(ethtest_port_setup(p.p1, &qc), "8160 on port 1");
	TEST_ASSERT_EQ(rte_eth_rx_queue_setup(p.p1, 0, 8192, SOCKET_ID_ANY, NULL, big),
		       -EINVAL, "8192 refused");
	TEST_ASSERT_OK(rte_eth_rx_queue_setup(p.p1, 0, 8160, SOCKET_ID_ANY, NULL, big),
		       "8160 again");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p0), "start 0");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start 1");
	TEST_ASSERT(ethtest_xstat(p.p0, "ring_arena_bytes") >= 8160 * 32 + 8160 * 16,
		    "both rings in the arena");
	/* More than a whole ring's worth, read in between. */
	for (unsigned int round = 0; round < 3; round++) {
		sent = send_frames(p.p0, p.mp, 3000, NULL);
		TEST_ASSERT_EQ(sent, 3000, "round %u sent", round);
		rcv += drain_queue(p.p1, 0);
	}
	TEST_ASSERT_EQ(rcv, 9000, "9000 through 8160-descriptor rings");
	ethtest_pair_down(&p);
	rte_mempool_free(big);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(link_down_up_lsc),
	TEST_CASE(reset_reprobe),
	TEST_CASE(info_and_desc_status),
	TEST_CASE(mac_filters),
	TEST_CASE(stats_exact_no_drain),
	TEST_CASE(stats_reset_split),
	TEST_CASE(rss_default_ip_spreads_udp),
	TEST_CASE(ring_8160),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "xl710", cases };

	return ethtest_main(&prog, argc, argv);
}
