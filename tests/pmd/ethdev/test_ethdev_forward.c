/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Two net_i40e_sun4v ports wired to each other forward real UDP frames
 * through the plain ethdev API, and every frame is accounted for.
 *
 *  fwd_<iommu>_<dma>[_nopace]: N frames from port 0 arrive on port 1 byte
 *      for byte and in order; sent == received + imissed + ierrors +
 *      oerrors, and
 *      the basic stats and per-queue xstats agree with what the test saw.
 *      Modes: atu/pool, atu/map, legacy/pool, legacy/map, bypass; each
 *      again with pace=0 (no line-rate pacing).
 *  fwd_overflow_counted: port 1 is not polled while 4000 frames arrive on
 *      a 64-descriptor ring: most are dropped, and every drop is counted
 *      (received + imissed == sent, imissed == rx_missed_no_desc > 0).
 *  pool_no_hypercalls_<iommu>: dma=pool makes no hypercall per packet:
 *      hv_map_calls/hv_demap_calls/hv_map_ttes of both ports stay
 *      constant over 200k frames after a warm-up.
 *  map_hypercalls_per_packet: dma=map makes a map and an unmap hypercall
 *      per buffer: >= 2 per received frame on the RX port and per sent
 *      frame on the TX port (minus completions still pending).
 *  map_start_counted: the buffers a dma=map RX queue maps when the port
 *      starts (and unmaps when it stops) show in hv_map_calls and
 *      hv_demap_calls, like every other hypercall the port makes.
 *  rx_lands_without_rx_burst: with engine=service the device fills port
 *      1's RX ring while nobody calls rx_burst (it runs beside the CPU);
 *      with engine=inline nothing lands until port 1's first rx_burst.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>

#include "ethdev_test.h"

#define NB_FRAMES 20000u

static int
fwd_check(struct ethtest_pair *p, const struct ethtest_fwd *r, uint64_t n)
{
	struct rte_eth_stats s0, s1;

	TEST_ASSERT_EQ(r->sent, n, "every frame was taken by tx_burst");
	TEST_ASSERT_EQ(r->received + r->imissed + r->ierrors + r->oerrors,
		       r->sent, "sent = received + counted drops");
	TEST_ASSERT(r->received > 0, "nothing arrived");
	TEST_ASSERT_OK(rte_eth_stats_get(p->p0, &s0), "stats port 0");
	TEST_ASSERT_OK(rte_eth_stats_get(p->p1, &s1), "stats port 1");
	TEST_ASSERT_EQ(s1.ipackets, r->received, "port 1 ipackets");
	TEST_ASSERT_EQ(s1.ibytes, r->received * ETHTEST_FRAME_LEN,
		       "port 1 ibytes");
	TEST_ASSERT(s0.opackets <= r->sent && s0.opackets + s0.oerrors >= r->sent,
		    "port 0 opackets %" PRIu64 " oerrors %" PRIu64 " sent %"
		    PRIu64, s0.opackets, s0.oerrors, r->sent);
	TEST_ASSERT_EQ(ethtest_xstat(p->p1, "rx_q0_packets"), r->received,
		       "rx_q0_packets");
	TEST_ASSERT_EQ(ethtest_xstat(p->p1, "rx_q0_bytes"),
		       r->received * ETHTEST_FRAME_LEN, "rx_q0_bytes");
	TEST_ASSERT_EQ(ethtest_xstat(p->p0, "tx_q0_packets"), s0.opackets,
		       "tx_q0_packets");
	TEST_ASSERT_EQ(ethtest_xstat(p->p0, "iommu_faults"), 0, "port 0 faults");
	TEST_ASSERT_EQ(ethtest_xstat(p->p1, "iommu_faults"), 0, "port 1 faults");
	TEST_ASSERT_EQ(ethtest_xstat(p->p0, "dma_map_errors"), 0,
		       "port 0 map errors");
	TEST_ASSERT_EQ(ethtest_xstat(p->p1, "dma_map_errors"), 0,
		       "port 1 map errors");
	return TEST_SUCCESS;
}

static int
fwd_mode(const char *devargs)
{
	struct ethtest_pair p;
	struct ethtest_fwd r;
	struct ethtest_traffic t = { .nb_rxq = 1, .count = NB_FRAMES };
	int rc;

	TEST_ASSERT_OK(ethtest_pair_up(devargs, NULL, 0, &p), "pair %s",
		       devargs);
	t.tx_port = p.p0;
	t.rx_port = p.p1;
	t.mp = p.mp;
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p0), "reset 0");
	TEST_ASSERT_OK(rte_eth_stats_reset(p.p1), "reset 1");
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "forward (%s)", devargs);
	ethtest_fwd_print(devargs, &r);
	rc = fwd_check(&p, &r, NB_FRAMES);
	ethtest_pair_down(&p);
	return rc;
}

static int fwd_atu_pool(void) { return fwd_mode("iommu=atu,dma=pool"); }
static int fwd_atu_map(void) { return fwd_mode("iommu=atu,dma=map"); }
static int fwd_legacy_pool(void) { return fwd_mode("iommu=legacy,dma=pool"); }
static int fwd_legacy_map(void) { return fwd_mode("iommu=legacy,dma=map"); }
static int fwd_bypass(void) { return fwd_mode("iommu=bypass"); }
static int fwd_atu_pool_nopace(void) { return fwd_mode("iommu=atu,dma=pool,pace=0"); }
static int fwd_atu_map_nopace(void) { return fwd_mode("iommu=atu,dma=map,pace=0"); }
static int fwd_legacy_pool_nopace(void) { return fwd_mode("iommu=legacy,dma=pool,pace=0"); }
static int fwd_legacy_map_nopace(void) { return fwd_mode("iommu=legacy,dma=map,pace=0"); }
static int fwd_bypass_nopace(void) { return fwd_mode("iommu=bypass,pace=0"); }

/* A 64-descriptor RX ring that nobody polls while frames arrive. */
/* A wired pair whose port 1 receives on @p qc's (small) ring, counters
 * zeroed. */
static int
small_ring_pair(struct ethtest_pair *p, struct ethtest_qconf *qc)
{
	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, p), "pair");
	qc->mp = p->mp;
	TEST_ASSERT_OK(rte_eth_dev_stop(p->p1), "stop 1");
	TEST_ASSERT_OK(ethtest_port_setup(p->p1, qc), "%u-desc ring",
		       qc->nb_rxd);
	TEST_ASSERT_OK(rte_eth_dev_start(p->p1), "start 1");
	TEST_ASSERT_OK(rte_eth_stats_reset(p->p1), "reset 1");
	return TEST_SUCCESS;
}

static int
fwd_overflow_counted(void)
{
	struct ethtest_qconf qc = { .nb_rxq = 1, .nb_txq = 1, .nb_rxd = 64 };
	struct ethtest_pair p;
	struct ethtest_fwd r;
	struct ethtest_traffic t = {
		.nb_rxq = 1, .count = 4000, .no_rx_during_tx = true,
	};
	struct rte_eth_stats s1;
	int rc = TEST_SUCCESS;

	TEST_ASSERT_OK(small_ring_pair(&p, &qc), "pair, port 1 on a small ring");
	t.tx_port = p.p0;
	t.rx_port = p.p1;
	t.mp = p.mp;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "forward");
	ethtest_fwd_print("overflow", &r);
	TEST_ASSERT_OK(rte_eth_stats_get(p.p1, &s1), "stats");
	if (r.sent != t.count || r.imissed == 0 ||
	    r.received + r.imissed + r.oerrors != r.sent ||
	    r.missed_no_desc != r.imissed || s1.ipackets != r.received) {
		fprintf(stderr, "  FAIL: sent %" PRIu64 " != received + imissed"
			" + oerrors, or no drop, or rx_missed_no_desc %" PRIu64
			" != imissed %" PRIu64 ", or ipackets %" PRIu64 "\n",
			r.sent, r.missed_no_desc, r.imissed, s1.ipackets);
		rc = TEST_FAILED;
	}
	ethtest_pair_down(&p);
	return rc;
}

struct hv_counts {
	uint64_t map, demap, ttes;
};

static int
hv_read(uint16_t port, struct hv_counts *c)
{
	c->map = ethtest_xstat(port, "hv_map_calls");
	c->demap = ethtest_xstat(port, "hv_demap_calls");
	c->ttes = ethtest_xstat(port, "hv_map_ttes");
	TEST_ASSERT(c->map != UINT64_MAX && c->demap != UINT64_MAX &&
		    c->ttes != UINT64_MAX, "hypercall xstats unreadable");
	return TEST_SUCCESS;
}

static int
pool_no_hypercalls(const char *devargs)
{
	struct hv_counts a0, a1, b0, b1;
	struct ethtest_pair p;
	struct ethtest_fwd r;
	struct ethtest_traffic t = { .nb_rxq = 1, .count = 10000, .nb_flows = 64 };
	int rc = TEST_SUCCESS;

	TEST_ASSERT_OK(ethtest_pair_up(devargs, NULL, 0, &p), "pair");
	t.tx_port = p.p0;
	t.rx_port = p.p1;
	t.mp = p.mp;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "warm-up");
	TEST_ASSERT_EQ(r.received, r.sent, "warm-up lost frames");
	TEST_ASSERT_OK(hv_read(p.p0, &a0), "port 0");
	TEST_ASSERT_OK(hv_read(p.p1, &a1), "port 1");
	TEST_ASSERT(a0.map > 0 && a1.map > 0, "setup made no map call at all "
		    "(%" PRIu64 ", %" PRIu64 "): counters dead?", a0.map, a1.map);
	t.count = 200000;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "run");
	ethtest_fwd_print(devargs, &r);
	TEST_ASSERT_EQ(r.received, r.sent, "run lost frames");
	TEST_ASSERT(r.sent >= 100000, "only %" PRIu64 " frames", r.sent);
	TEST_ASSERT_OK(hv_read(p.p0, &b0), "port 0");
	TEST_ASSERT_OK(hv_read(p.p1, &b1), "port 1");
	printf("  hv_map_calls %" PRIu64 "->%" PRIu64 " / %" PRIu64 "->%" PRIu64
	       " over %" PRIu64 " frames\n", a0.map, b0.map, a1.map, b1.map,
	       r.sent);
	if (memcmp(&a0, &b0, sizeof(a0)) != 0 || memcmp(&a1, &b1, sizeof(a1)) != 0) {
		fprintf(stderr, "  FAIL: hypercalls during the run: port 0 map "
			"+%" PRIu64 " demap +%" PRIu64 ", port 1 map +%" PRIu64
			" demap +%" PRIu64 "\n", b0.map - a0.map,
			b0.demap - a0.demap, b1.map - a1.map,
			b1.demap - a1.demap);
		rc = TEST_FAILED;
	}
	ethtest_pair_down(&p);
	return rc;
}

static int pool_no_hypercalls_atu(void) { return pool_no_hypercalls("iommu=atu,dma=pool"); }
static int pool_no_hypercalls_legacy(void) { return pool_no_hypercalls("iommu=legacy,dma=pool"); }

static int
map_hypercalls_per_packet(void)
{
	struct hv_counts a0, a1, b0, b1;
	struct ethtest_pair p;
	struct ethtest_fwd r;
	struct ethtest_traffic t = { .nb_rxq = 1, .count = 1000 };
	uint64_t tx_calls, rx_calls;

	TEST_ASSERT_OK(ethtest_pair_up("iommu=atu,dma=map", NULL, 0, &p), "pair");
	t.tx_port = p.p0;
	t.rx_port = p.p1;
	t.mp = p.mp;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "warm-up");
	TEST_ASSERT_OK(hv_read(p.p0, &a0), "port 0");
	TEST_ASSERT_OK(hv_read(p.p1, &a1), "port 1");
	t.count = NB_FRAMES;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "run");
	TEST_ASSERT_EQ(r.received, r.sent, "run lost frames");
	TEST_ASSERT_OK(hv_read(p.p0, &b0), "port 0");
	TEST_ASSERT_OK(hv_read(p.p1, &b1), "port 1");
	tx_calls = (b0.map - a0.map) + (b0.demap - a0.demap);
	rx_calls = (b1.map - a1.map) + (b1.demap - a1.demap);
	printf("  %" PRIu64 " frames: TX port %" PRIu64 " map + %" PRIu64
	       " demap calls (%.2f/frame), RX port %" PRIu64 " + %" PRIu64
	       " (%.2f/frame)\n", r.sent, b0.map - a0.map, b0.demap - a0.demap,
	       (double)tx_calls / (double)r.sent, b1.map - a1.map,
	       b1.demap - a1.demap, (double)rx_calls / (double)r.received);
	/* RX: every completed buffer is unmapped and its slot refilled with
	 * a freshly mapped one, in the same burst. */
	TEST_ASSERT(b1.map - a1.map >= r.received, "RX maps < frames");
	TEST_ASSERT(b1.demap - a1.demap >= r.received, "RX unmaps < frames");
	TEST_ASSERT(rx_calls >= 2 * r.received, "RX < 2 hypercalls per frame");
	/* TX: mapped when posted; unmapped when cleaned, which lags by at
	 * most one ring (512 descriptors) of completions. */
	TEST_ASSERT(b0.map - a0.map >= r.sent, "TX maps < frames");
	TEST_ASSERT(b0.demap - a0.demap + 512 >= r.sent, "TX unmaps lag > ring");
	TEST_ASSERT(tx_calls + 512 >= 2 * r.sent, "TX < 2 hypercalls per frame");
	TEST_ASSERT(b0.ttes - a0.ttes >= b0.map - a0.map, "TTEs < map calls");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* Port 1's hypercalls and entries around a stop/start of its RX queue. */
static int
map_start_counted(void)
{
	struct hv_counts a, b, c;
	struct ethtest_pair p;
	uint64_t e_stopped, e_started, e_again;

	TEST_ASSERT_OK(ethtest_pair_up("iommu=atu,dma=map", NULL, 0, &p), "pair");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	TEST_ASSERT_OK(hv_read(p.p1, &a), "stopped");
	e_stopped = ethtest_xstat(p.p1, "iotsb_entries_used");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start");
	TEST_ASSERT_OK(hv_read(p.p1, &b), "started");
	e_started = ethtest_xstat(p.p1, "iotsb_entries_used");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	TEST_ASSERT_OK(hv_read(p.p1, &c), "stopped again");
	e_again = ethtest_xstat(p.p1, "iotsb_entries_used");
	printf("  start: entries %" PRIu64 " -> %" PRIu64 ", hv_map_calls +%"
	       PRIu64 "; stop: entries -> %" PRIu64 ", hv_demap_calls +%" PRIu64
	       "\n", e_stopped, e_started, b.map - a.map, e_again,
	       c.demap - b.demap);
	/* A 512-slot ring posts 511 buffers (one slot stays empty so that
	 * full != empty, i40e-facts §3.2), one page or two each. */
	TEST_ASSERT(e_started >= e_stopped + 511, "start did not map the ring");
	TEST_ASSERT_EQ(e_again, e_stopped, "stop did not unmap everything");
	TEST_ASSERT(b.map - a.map >= 511,
		    "start mapped 511 RX buffers but hv_map_calls rose by %"
		    PRIu64, b.map - a.map);
	TEST_ASSERT(c.demap - b.demap >= 511,
		    "stop unmapped 511 RX buffers but hv_demap_calls rose by %"
		    PRIu64, c.demap - b.demap);
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
hv_ttes_cover_entries(const char *devargs)
{
	struct rte_mempool *other = ethtest_pool("other", 1023, ETHTEST_ROOM);
	struct ethtest_traffic t;
	struct ethtest_fwd r;
	struct ethtest_pair p;
	uint16_t ports[2];
	int rc = TEST_SUCCESS;

	TEST_ASSERT(other != NULL, "pool");
	TEST_ASSERT_OK(ethtest_pair_up(devargs, NULL, 0, &p), "pair");
	/* Port 0 transmits mbufs of a pool it never registered: mapped on
	 * first sight from the data path, and those hypercalls count once. */
	t = (struct ethtest_traffic){ .tx_port = p.p0, .rx_port = p.p1,
				      .nb_rxq = 1, .mp = other, .count = 512 };
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "traffic from another pool");
	TEST_ASSERT(ethtest_xstat(p.p0, "tx_unmapped_mbufs") > 0,
		    "the other pool was not mapped on first sight");
	ports[0] = p.p0;
	ports[1] = p.p1;
	for (int i = 0; i < 2; i++) {
		uint64_t e = ethtest_xstat(ports[i], "iotsb_entries_used");
		uint64_t ttes = ethtest_xstat(ports[i], "hv_map_ttes");
		uint64_t calls = ethtest_xstat(ports[i], "hv_map_calls");

		printf("  port %u: iotsb_entries_used %" PRIu64 ", hv_map_ttes %"
		       PRIu64 ", hv_map_calls %" PRIu64 "\n", ports[i], e, ttes,
		       calls);
		/* Pool mode unmaps nothing while running: every entry held
		 * was mapped by exactly one counted TTE. */
		if (e == UINT64_MAX || ttes != e) {
			fprintf(stderr, "  FAIL: port %u holds %" PRIu64 " IOTSB "
				"entries but counted %" PRIu64 " mapped TTEs (%"
				PRIu64 " map calls)\n", ports[i], e, ttes, calls);
			rc = TEST_FAILED;
		}
	}
	ethtest_pair_down(&p);
	rte_mempool_free(other);
	return rc;
}

static int hv_ttes_cover_entries_atu(void) { return hv_ttes_cover_entries("iommu=atu,dma=pool"); }
static int hv_ttes_cover_entries_legacy(void) { return hv_ttes_cover_entries("iommu=legacy,dma=pool"); }

/* Ring pages of one 512-descriptor RX ring (32 B) and TX ring (16 B). */
#define RING_PAGES ((512u * 32u + 8191u) / 8192u + (512u * 16u + 8191u) / 8192u)

static int
map_no_premapped_pools(void)
{
	struct rte_mempool *late;
	struct ethtest_pair p;
	uint64_t e0, e1;
	int rc = TEST_SUCCESS;

	TEST_ASSERT_OK(ethtest_pair_up("iommu=legacy,dma=map", NULL, 0, &p),
		       "pair");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop");
	e0 = ethtest_xstat(p.p0, "iotsb_entries_used");
	late = ethtest_pool("late_pool", 4095, ETHTEST_ROOM);
	TEST_ASSERT(late != NULL, "late pool");
	e1 = ethtest_xstat(p.p0, "iotsb_entries_used");
	printf("  stopped dma=map port: %" PRIu64 " entries (rings need %u), "
	       "%" PRIu64 " after another mempool was created\n", e0,
	       RING_PAGES, e1);
	if (e0 != RING_PAGES || e1 != RING_PAGES) {
		fprintf(stderr, "  FAIL: a stopped dma=map port should hold its "
			"%u ring pages only, holds %" PRIu64 " (then %" PRIu64
			" after rte_pktmbuf_pool_create): mempools are "
			"pre-mapped in map mode\n", RING_PAGES, e0, e1);
		rc = TEST_FAILED;
	}
	ethtest_pair_down(&p);
	rte_mempool_free(late);
	return rc;
}

/* Frames sent onto a 64-descriptor RX ring of which 63 hold buffers. */
#define LAND_RXD 64u
#define LAND_FRAMES 128u
/* How long the inline case watches port 1 stay untouched. */
#define LAND_QUIET_MS 200u

/* Port 1's device drop counters as they are now. */
static int
land_drops(uint16_t port, uint64_t *no_desc, uint64_t *imissed)
{
	struct rte_eth_stats s;

	TEST_ASSERT_OK(rte_eth_stats_get(port, &s), "stats");
	*imissed = s.imissed;
	*no_desc = ethtest_xstat(port, "rx_missed_no_desc");
	TEST_ASSERT(*no_desc != UINT64_MAX, "rx_missed_no_desc unreadable");
	return TEST_SUCCESS;
}

/*
 * Does the device work beside the CPU?  The PMD implements neither
 * rx_queue_count nor rx_descriptor_status, and no stat shows the device's
 * own count of frames written into RX rings (ipackets and rx_qN_packets
 * count what rx_burst handed up).  The device counter the ethdev API does
 * show is the xstat rx_missed_no_desc: frames the device dropped for want
 * of a free RX descriptor.  It drops only once the ring is full, so with
 * more frames than posted buffers, rx_missed_no_desc == sent - 63 says the
 * device wrote a whole ring of 63 frames, and 0 says it wrote none (frames
 * wait in the port's 4 MB inbound FIFO).  Port 1 is not touched by any
 * burst until the check: an inline port's device runs only in its bursts.
 */
static int
rx_lands_without_rx_burst(void)
{
	struct ethtest_qconf qc = {
		.nb_rxq = 1, .nb_txq = 1, .nb_rxd = LAND_RXD,
	};
	struct rte_mbuf *m[LAND_FRAMES];
	struct ethtest_pair p;
	uint64_t hz = rte_get_tsc_hz(), t0, no_desc = 0, imissed = 0;
	uint64_t received = 0, posted = LAND_RXD - 1;
	uint16_t sent = 0;
	bool service = ethtest_engine_service();

	TEST_ASSERT_OK(small_ring_pair(&p, &qc), "pair, port 1 on a small ring");
	for (uint32_t i = 0; i < LAND_FRAMES; i++) {
		m[i] = ethtest_frame(p.mp, ETHTEST_FRAME_LEN, i, i, 0);
		TEST_ASSERT(m[i] != NULL, "frame %u", i);
	}
	t0 = rte_get_tsc_cycles();
	while (sent < LAND_FRAMES &&
	       rte_get_tsc_cycles() - t0 < hz * ETHTEST_DRAIN_MS / 1000)
		sent += rte_eth_tx_burst(p.p0, 0, m + sent,
					 (uint16_t)(LAND_FRAMES - sent));
	rte_pktmbuf_free_bulk(m + sent, LAND_FRAMES - sent);
	TEST_ASSERT_EQ(sent, LAND_FRAMES, "tx_burst took every frame");
	/* Wait, bounded, without any burst on port 1.  Port 0's empty
	 * tx_burst lets an inline port 0 put its paced frames on the wire. */
	t0 = rte_get_tsc_cycles();
	for (;;) {
		uint64_t waited = (rte_get_tsc_cycles() - t0) * 1000 / hz;

		rte_eth_tx_burst(p.p0, 0, NULL, 0);
		TEST_ASSERT_OK(land_drops(p.p1, &no_desc, &imissed), "drops");
		if (service && no_desc >= sent - posted)
			break;
		if (waited >= (service ? ETHTEST_DRAIN_MS : LAND_QUIET_MS))
			break;
	}
	printf("  engine=%s: %u frames sent, %" PRIu64 " ms later without "
	       "rx_burst: rx_missed_no_desc %" PRIu64 " imissed %" PRIu64 "\n",
	       service ? "service" : "inline", sent,
	       (rte_get_tsc_cycles() - t0) * 1000 / hz, no_desc, imissed);
	if (service) {
		TEST_ASSERT_EQ(no_desc, sent - posted, "the device filled the "
			       "%" PRIu64 " posted buffers and dropped the rest, "
			       "with no rx_burst", posted);
	} else {
		TEST_ASSERT_EQ(no_desc, 0, "an inline device ran without a "
			       "burst on its port");
		TEST_ASSERT_EQ(imissed, 0, "inline: a frame was dropped before "
			       "any rx_burst");
	}
	/* Now receive: exact accounting in both modes. */
	t0 = rte_get_tsc_cycles();
	while (received + imissed < sent &&
	       rte_get_tsc_cycles() - t0 < hz * ETHTEST_DRAIN_MS / 1000) {
		uint16_t n = rte_eth_rx_burst(p.p1, 0, m, 32);

		for (uint16_t i = 0; i < n; i++)
			TEST_ASSERT_OK(ethtest_frame_check(m[i], NULL, NULL),
				       "frame");
		rte_pktmbuf_free_bulk(m, n);
		received += n;
		TEST_ASSERT_OK(land_drops(p.p1, &no_desc, &imissed), "drops");
	}
	printf("  then rx_burst: received %" PRIu64 " imissed %" PRIu64
	       " rx_missed_no_desc %" PRIu64 "\n", received, imissed, no_desc);
	TEST_ASSERT_EQ(received + imissed, (uint64_t)sent,
		       "sent = received + imissed");
	TEST_ASSERT_EQ(no_desc, imissed, "every drop was for want of a "
		       "descriptor");
	if (service)
		TEST_ASSERT_EQ(received, posted, "rx_burst returned the frames "
			       "that had landed");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(fwd_atu_pool),
	TEST_CASE(fwd_atu_map),
	TEST_CASE(fwd_legacy_pool),
	TEST_CASE(fwd_legacy_map),
	TEST_CASE(fwd_bypass),
	TEST_CASE(fwd_atu_pool_nopace),
	TEST_CASE(fwd_atu_map_nopace),
	TEST_CASE(fwd_legacy_pool_nopace),
	TEST_CASE(fwd_legacy_map_nopace),
	TEST_CASE(fwd_bypass_nopace),
	TEST_CASE(fwd_overflow_counted),
	TEST_CASE(pool_no_hypercalls_atu),
	TEST_CASE(pool_no_hypercalls_legacy),
	TEST_CASE(map_hypercalls_per_packet),
	TEST_CASE(map_start_counted),
	TEST_CASE(hv_ttes_cover_entries_atu),
	TEST_CASE(hv_ttes_cover_entries_legacy),
	TEST_CASE(map_no_premapped_pools),
	TEST_CASE(rx_lands_without_rx_burst),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "forward", cases };

	return ethtest_main(&prog, argc, argv);
}
