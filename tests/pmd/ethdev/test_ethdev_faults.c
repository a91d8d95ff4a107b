/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The failure modes the product exists for, end to end through the PMD
 * (issue 7, doc/reliability.md).  One case per process.
 *
 *  window_exhaustion: legacy dma=map ports on one root complex; a second
 *      port's big RX ring fills the (small) legacy window; transmit maps
 *      fail, are dropped and counted, logged at most once a second with a
 *      suppressed count; the port keeps receiving; when the hog stops
 *      ("load drops") transmission recovers by itself; nothing leaks.
 *  inject_storm_quarantine: every RX buffer write of a port goes to an
 *      unmapped DVMA: each fault is counted, nothing is received, the fault
 *      log is rate-limited; past the storm threshold the function is
 *      quarantined and the port reports link down; stop/start recovers.
 *  inject_stale_map: dma=map use-after-unmap writes fault and are dropped,
 *      the queue keeps receiving the other frames.
 *  inject_readonly: device writes to a read-only page are protection faults.
 *  group_not_viable: a port on a function whose IOMMU group holds a
 *      function owned by a host driver (behind a bridge without ACS) fails
 *      probe with -EBUSY and a log naming that function and the bridge, and
 *      a pair already forwarding keeps forwarding.
 *  wrong_iommu: a device miswired under root complex 1 while the driver
 *      programs root complex 0's legacy IOMMU faults at the legacy-window
 *      addresses the driver mapped; the log names the requester, the
 *      address and the IOMMU; frames are dropped and counted.
 *  isolation: an ATU port's device cannot write into another port's
 *      descriptor ring (mapped only in that port's IOTSB): it faults, and
 *      the other pair's traffic stays intact.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_log.h>

#include "ethdev_test.h"

/* Create, configure (1 RX, 1 TX queue) and start one port. */
static int
port_up(const char *name, const char *args, struct rte_mempool *mp,
	uint16_t nb_rxd, uint16_t nb_txd, uint16_t *port)
{
	struct ethtest_qconf qc = {
		.nb_rxq = 1, .nb_txq = 1, .nb_rxd = nb_rxd, .nb_txd = nb_txd,
		.mp = mp,
	};
	int rc = ethtest_port_create(name, args, port);

	if (rc == 0)
		rc = ethtest_port_setup(*port, &qc);
	if (rc == 0)
		rc = rte_eth_dev_start(*port);
	return rc;
}

static void
port_down(const char *name, uint16_t port)
{
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	rte_vdev_uninit(name);
}

static int
link_is_up(uint16_t port)
{
	struct rte_eth_link l;

	if (rte_eth_link_get_nowait(port, &l) != 0)
		return -1;
	return l.link_status == RTE_ETH_LINK_UP;
}

/*
 * Port A (legacy, dma=map) receives from its link partner (gen=) and
 * forwards every frame back out (to a sink): each frame costs an RX refill
 * map and a TX map.  Returns the TX map failures and frames moved.
 */
static int
forward_for(uint16_t a, int hog, uint64_t ms, uint64_t *rx, uint64_t *tx_ok)
{
	uint64_t end = rte_get_tsc_cycles() + ms * rte_get_tsc_hz() / 1000;
	struct rte_mbuf *pk[32];

	*rx = 0;
	*tx_ok = 0;
	while (rte_get_tsc_cycles() < end) {
		uint16_t n = rte_eth_rx_burst(a, 0, pk, 32);
		uint16_t k = rte_eth_tx_burst(a, 0, pk, n);

		/* The PMD consumes a packet it drops; nothing to free. */
		TEST_ASSERT_EQ(k, n, "tx_burst refused packets");
		*rx += n;
		*tx_ok += k;
		/* An application polls all its ports: the hog's bursts keep
		 * retrying its empty slots and grab every entry freed. */
		if (hog >= 0) {
			n = rte_eth_rx_burst((uint16_t)hog, 0, pk, 32);
			rte_pktmbuf_free_bulk(pk, n);
		}
	}
	return 0;
}

static int
window_exhaustion(void)
{
	struct rte_mempool *mp = ethtest_pool("exh", 4095, ETHTEST_ROOM);
	struct rte_mempool *hog_mp = ethtest_pool("hog", 4200, ETHTEST_ROOM);
	struct rte_eth_stats st;
	uint64_t err0, err1, err2, lines, supp, rx, tx, rx2, tx2;
	uint16_t a, hog;

	TEST_ASSERT(mp != NULL && hog_mp != NULL, "pools");
	ethtest_log_capture();
	/* A 16 MB legacy window: 2048 entries for everything on rc 0. */
	TEST_ASSERT_OK(port_up(ETHTEST_PORT0, "iommu=legacy,dma=map,"
			       "legacy_window=16,gen=64:16:5", mp, 512, 512, &a),
		       "port A");
	/* The hog: same root complex, a 4096-slot RX ring, fills the window
	 * before A transmits anything: A's RX ring (posted at its start)
	 * recycles its own entries, its TX has none to recycle. */
	TEST_ASSERT_OK(port_up("net_i40e_sun4v2", "iommu=legacy,dma=map,"
			       "legacy_window=16", hog_mp, 4096, 64, &hog),
		       "hog starts even with a partly posted ring");
	TEST_ASSERT(strstr(ethtest_log_text(), "buffers posted (DMA map failed)"),
		    "the hog's partial ring was not reported:\n%s", ethtest_log_text());
	err0 = ethtest_xstat(a, "dma_map_errors");
	TEST_ASSERT_OK(forward_for(a, hog, 2500, &rx, &tx), "under exhaustion");
	err1 = ethtest_xstat(a, "dma_map_errors");
	lines = ethtest_xstat(a, "map_error_log_lines");
	supp = ethtest_xstat(a, "map_error_log_suppressed");
	TEST_ASSERT_OK(rte_eth_stats_get(a, &st), "stats");
	printf("  exhausted 2.5 s: received %" PRIu64 ", map errors %" PRIu64
	       ", oerrors %" PRIu64 ", log lines %" PRIu64 ", suppressed %"
	       PRIu64 "\n", rx, err1 - err0, st.oerrors, lines, supp);
	TEST_ASSERT(err1 > err0, "no transmit map failed: window not full");
	TEST_ASSERT(st.oerrors > 0, "dropped packets not counted in oerrors");
	TEST_ASSERT(rx > 0, "port A stopped receiving");
	TEST_ASSERT(lines >= 1 && lines <= 4, "%" PRIu64 " log lines in 2.5 s",
		    lines);
	TEST_ASSERT(supp > 0, "nothing suppressed");
	TEST_ASSERT_EQ(ethtest_count(ethtest_log_text(), "net_i40e_sun4v0: DMA map of"),
		       lines, "log lines in the log != map_error_log_lines");
	/* Load drops: the hog stops; A recovers without being touched. */
	TEST_ASSERT_OK(rte_eth_dev_stop(hog), "hog stop");
	TEST_ASSERT_OK(forward_for(a, -1, 300, &rx2, &tx2), "settle");
	err2 = ethtest_xstat(a, "dma_map_errors");
	TEST_ASSERT_OK(forward_for(a, -1, 1000, &rx2, &tx2), "after the hog");
	printf("  recovered 1 s: received %" PRIu64 ", new map errors %" PRIu64
	       "\n", rx2, ethtest_xstat(a, "dma_map_errors") - err2);
	TEST_ASSERT(rx2 > 0, "nothing received after recovery");
	TEST_ASSERT_EQ(ethtest_xstat(a, "dma_map_errors"), err2,
		       "maps still failing after the load dropped");
	port_down("net_i40e_sun4v2", hog);
	TEST_ASSERT_OK(rte_eth_dev_stop(a), "stop A");
	/* Stopped, A holds only its rings: 512 x 32 B RX (2 pages) and
	 * 512 x 16 B TX (1 page). */
	TEST_ASSERT_EQ(ethtest_xstat(a, "iotsb_entries_used"), 3,
		       "A holds more than its rings once stopped");
	port_down(ETHTEST_PORT0, a);
	TEST_ASSERT_EQ(rte_mempool_in_use_count(mp), 0, "mbufs leaked");
	TEST_ASSERT_EQ(rte_mempool_in_use_count(hog_mp), 0, "hog mbufs leaked");
	return TEST_SUCCESS;
}

/* A pair where port 1 carries @p inject; returns ports through @p p. */
static int
inject_pair(const char *mode, const char *inject, struct ethtest_pair *p)
{
	char a0[160], a1[200];

	snprintf(a0, sizeof(a0), "peer=%s,%s", ETHTEST_PORT1, mode);
	snprintf(a1, sizeof(a1), "peer=%s,%s,inject=%s", ETHTEST_PORT0, mode,
		 inject);
	p->mp = ethtest_pool("inj", 8191, ETHTEST_ROOM);
	if (p->mp == NULL)
		return -ENOMEM;
	if (port_up(ETHTEST_PORT0, a0, p->mp, 512, 512, &p->p0) != 0 ||
	    port_up(ETHTEST_PORT1, a1, p->mp, 512, 512, &p->p1) != 0)
		return -EIO;
	return 0;
}

static int
inject_storm_quarantine(void)
{
	struct ethtest_pair p;
	struct ethtest_traffic t;
	struct ethtest_fwd r;
	uint64_t faults;

	ethtest_log_capture();
	TEST_ASSERT_OK(inject_pair("iommu=atu", "unmapped:1", &p), "pair");
	TEST_ASSERT_EQ(link_is_up(p.p1), 1, "link up before the storm");
	t = (struct ethtest_traffic){ .tx_port = p.p0, .rx_port = p.p1,
				      .nb_rxq = 1, .mp = p.mp, .count = 3000 };
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "storm");
	ethtest_fwd_print("storm", &r);
	faults = ethtest_xstat(p.p1, "iommu_faults");
	printf("  iommu_faults %" PRIu64 "\n", faults);
	TEST_ASSERT_EQ(r.received, 0, "a frame written to a bad DVMA arrived");
	TEST_ASSERT_EQ(r.received + r.imissed + r.ierrors + r.oerrors, r.sent,
		       "sent = received + counted drops");
	TEST_ASSERT(faults >= 1000, "storm threshold not reached: %" PRIu64,
		    faults);
	TEST_ASSERT_EQ(link_is_up(p.p1), 0, "quarantined port reports link up");
	TEST_ASSERT(strstr(ethtest_log_text(), "quarantined") != NULL,
		    "no quarantine message:\n%s", ethtest_log_text());
	TEST_ASSERT(ethtest_count(ethtest_log_text(), "DMA fault #") < 100,
		    "%u fault lines logged", ethtest_count(ethtest_log_text(), "DMA fault #"));
	/* Recovery: stop/start resets the function. */
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start");
	TEST_ASSERT_EQ(link_is_up(p.p1), 1, "link not back after stop/start");
	rte_delay_ms(1100); /* the fault log lets one line through per second */
	t.count = 50; /* below the storm threshold */
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "after recovery");
	TEST_ASSERT_EQ(r.received + r.imissed + r.ierrors + r.oerrors, r.sent,
		       "accounting after recovery");
	TEST_ASSERT_EQ(link_is_up(p.p1), 1, "a few faults re-quarantined it");
	TEST_ASSERT(strstr(ethtest_log_text(), "DMA fault log lines suppressed") != NULL,
		    "the storm's withheld fault lines were never reported");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

/* Every @p every-th write faults; the rest arrive; the queue goes on. */
static int
inject_some(const char *mode, const char *inject, const char *reason)
{
	struct ethtest_pair p;
	struct ethtest_traffic t;
	struct ethtest_fwd r;
	uint64_t faults;

	ethtest_log_capture();
	TEST_ASSERT_OK(inject_pair(mode, inject, &p), "pair");
	t = (struct ethtest_traffic){ .tx_port = p.p0, .rx_port = p.p1,
				      .nb_rxq = 1, .mp = p.mp, .count = 3000 };
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "traffic");
	ethtest_fwd_print(inject, &r);
	faults = ethtest_xstat(p.p1, "iommu_faults");
	TEST_ASSERT(faults > 0, "no fault counted");
	TEST_ASSERT(r.received > 0, "the queue stopped receiving");
	TEST_ASSERT(r.ierrors > 0, "faulted frames not counted as errors");
	TEST_ASSERT_EQ(r.received + r.imissed + r.ierrors + r.oerrors, r.sent,
		       "sent = received + counted drops");
	TEST_ASSERT(strstr(ethtest_log_text(), reason) != NULL,
		    "fault reason '%s' not logged:\n%s", reason, ethtest_log_text());
	TEST_ASSERT_EQ(link_is_up(p.p1), 1, "link went down below the storm");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
inject_stale_map(void)
{
	return inject_some("iommu=legacy,dma=map", "stale:5", "unmapped");
}

static int
inject_readonly(void)
{
	return inject_some("iommu=atu", "readonly:5", "protection");
}

static int
group_not_viable(void)
{
	struct ethtest_pair p;
	struct ethtest_traffic t;
	struct ethtest_fwd r;
	uint16_t bad;
	int rc;

	TEST_ASSERT_OK(ethtest_pair_up("iommu=atu", NULL, 0, &p), "pair");
	ethtest_log_capture();
	/* 06:00.1 on rc 1 sits behind the PCIe-to-PCI bridge without ACS,
	 * in one group with 06:00.0, which the host's USB driver owns. */
	rc = ethtest_port_create("net_i40e_sun4v5", "rc=1,bdf=06:00.1", &bad);
	TEST_ASSERT_EQ(rc, -EBUSY, "probe of a non-viable group");
	TEST_ASSERT(strstr(ethtest_log_text(), "06:00.0") != NULL,
		    "log does not name the unavailable function:\n%s",
		    ethtest_log_text());
	TEST_ASSERT(strstr(ethtest_log_text(), "pcie-pci-bridge") != NULL,
		    "log does not name the bridge without ACS:\n%s", ethtest_log_text());
	TEST_ASSERT(strstr(ethtest_log_text(), "Cannot allocate memory") == NULL,
		    "misleading ENOMEM reported");
	t = (struct ethtest_traffic){ .tx_port = p.p0, .rx_port = p.p1,
				      .nb_rxq = 1, .mp = p.mp, .count = 2000 };
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "pair after the failed probe");
	TEST_ASSERT_EQ(r.received, r.sent, "the working pair lost frames");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
wrong_iommu(void)
{
	struct rte_mempool *mp = ethtest_pool("wrong", 4095, ETHTEST_ROOM);
	struct ethtest_traffic t;
	struct ethtest_fwd r;
	const char *log;
	uint16_t p0, p1;

	TEST_ASSERT(mp != NULL, "pool");
	ethtest_log_capture();
	TEST_ASSERT_OK(port_up(ETHTEST_PORT0, "peer=net_i40e_sun4v1", mp, 512,
			       512, &p0), "port 0");
	TEST_ASSERT_OK(port_up(ETHTEST_PORT1, "peer=net_i40e_sun4v0,"
			       "iommu=legacy,rc=0,dev_rc=1", mp, 512, 512, &p1),
		       "miswired port 1");
	t = (struct ethtest_traffic){ .tx_port = p0, .rx_port = p1,
				      .nb_rxq = 1, .mp = mp, .count = 200 };
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "traffic");
	ethtest_fwd_print("wrong iommu", &r);
	log = ethtest_log_text();
	TEST_ASSERT_EQ(r.received, 0, "a frame crossed the wrong IOMMU");
	TEST_ASSERT(ethtest_xstat(p1, "iommu_faults") > 0, "no fault counted");
	TEST_ASSERT(strstr(log, "DMA fault #1: rc 1 03:00.1") != NULL,
		    "fault does not name rc 1 and the requester:\n%s", log);
	TEST_ASSERT(strstr(log, "dvma 0x8") != NULL,
		    "fault is not at a legacy-window address:\n%s", log);
	TEST_ASSERT(strstr(log, "(iotsb 0x0") != NULL,
		    "fault does not name the legacy table:\n%s", log);
	port_down(ETHTEST_PORT1, p1);
	port_down(ETHTEST_PORT0, p0);
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

/* Ring DVMA of RX queue @p q of @p port, read from its private dump. */
static uint64_t
rx_ring_dvma(uint16_t port, unsigned int q)
{
	char key[32];
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	uint64_t dvma = 0;
	const char *s;

	rte_eth_dev_priv_dump(port, f);
	fclose(f);
	snprintf(key, sizeof(key), "rxq %u: ring dvma ", q);
	s = buf != NULL ? strstr(buf, key) : NULL;
	if (s != NULL)
		dvma = strtoull(s + strlen(key), NULL, 16);
	free(buf);
	return dvma;
}

static int
isolation(void)
{
	struct rte_mempool *gmp = ethtest_pool("gen", 2047, ETHTEST_ROOM);
	struct ethtest_qconf qc8 = { .nb_rxq = 8, .nb_txq = 8 };
	struct ethtest_pair p;
	struct ethtest_traffic t;
	struct ethtest_fwd r;
	struct rte_mbuf *pk[32];
	char args[160];
	uint64_t dvma, faults = 0;
	uint16_t a;

	TEST_ASSERT(gmp != NULL, "pool");
	p.mp = ethtest_pool("iso", 8191, ETHTEST_ROOM);
	TEST_ASSERT(p.mp != NULL, "pool");
	qc8.mp = p.mp;
	TEST_ASSERT_OK(port_up(ETHTEST_PORT0, "peer=net_i40e_sun4v1", p.mp, 512,
			       512, &p.p0), "port 0");
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT1, "peer=net_i40e_sun4v0",
					   &p.p1), "port 1");
	TEST_ASSERT_OK(ethtest_port_setup(p.p1, &qc8), "port 1 with 8 queues");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start port 1");
	/* Port 1's 8th RX ring sits in its ring arena (one 4 MB IO page of
	 * its own IOTSB).  Port A maps per descriptor (dma=map): its rings
	 * and buffers live in its 8 KB window, and it never maps that DVMA.
	 * (A pooled port A would have an arena at the same DVMA in its own
	 * 4 MB window: the write would land in A's own memory, which is
	 * isolation too, but not a fault to count.) */
	dvma = rx_ring_dvma(p.p1, 7);
	TEST_ASSERT(dvma != 0, "no ring DVMA in port 1's dump");
	/* Port A gets frames from its link partner (gen=) and its device
	 * writes every one into port 1's RX ring DVMA. */
	snprintf(args, sizeof(args), "iommu=atu,dma=map,gen=64,"
		 "inject=dvma@0x%" PRIx64 ":1", dvma);
	TEST_ASSERT_OK(port_up("net_i40e_sun4v2", args, gmp, 512, 64, &a),
		       "port A");
	for (int i = 0; i < 2000 && faults < 100; i++) {
		uint16_t n = rte_eth_rx_burst(a, 0, pk, 32);

		rte_pktmbuf_free_bulk(pk, n);
		TEST_ASSERT_EQ(n, 0, "port A received a frame it wrote elsewhere");
		faults = ethtest_xstat(a, "iommu_faults");
		rte_delay_us_block(100);
	}
	printf("  port A faults writing into port 1's ring (0x%" PRIx64 "): %"
	       PRIu64 "\n", dvma, faults);
	TEST_ASSERT(faults >= 100, "port A's writes did not fault");
	TEST_ASSERT_EQ(ethtest_xstat(p.p1, "iommu_faults"), 0,
		       "port 1 saw faults");
	t = (struct ethtest_traffic){ .tx_port = p.p0, .rx_port = p.p1,
				      .nb_rxq = 1, .mp = p.mp, .count = 3000 };
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "the other pair, intact");
	TEST_ASSERT_EQ(r.received, r.sent, "port 1's ring was disturbed");
	port_down("net_i40e_sun4v2", a);
	ethtest_pair_down(&p);
	rte_mempool_free(gmp);
	return TEST_SUCCESS;
}

int
main(int argc, char **argv)
{
	static const struct test_case cases[] = {
		TEST_CASE(window_exhaustion),
		TEST_CASE(inject_storm_quarantine),
		TEST_CASE(inject_stale_map),
		TEST_CASE(inject_readonly),
		TEST_CASE(group_not_viable),
		TEST_CASE(wrong_iommu),
		TEST_CASE(isolation),
		{ NULL, NULL },
	};
	static const struct ethtest_prog prog = { "faults", cases };

	return ethtest_main(&prog, argc, argv);
}
