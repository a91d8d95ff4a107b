/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Resources of net_i40e_sun4v across the port life cycle: IOTSB entries
 * (xstat iotsb_entries_used, and the container's windows as
 * rte_eth_dev_priv_dump() prints them), mbufs (rte_mempool_in_use_count)
 * and memzones.
 *
 *  start_stop_200_<dma>: 200 start/traffic/stop cycles of a pair leave
 *      every port's iotsb_entries_used and the pool's in-use count where
 *      they were before the first start, after every cycle.
 *  cycles_1000: 1000 start/traffic/stop cycles of a legacy dma=map pair
 *      with a reconfiguration every 50th: entries, mbufs and DPDK heap
 *      bytes end where they started.
 *  reconfigure_20: 20 configure + queue-count changes (1..128 queues)
 *      with traffic in between; a queue count seen before holds the same
 *      entries and memzones as then, every stop returns every RX mbuf,
 *      and the end state equals the start.
 *  close_uninit: after traffic, close logs "closed, every IOTSB entry
 *      returned" for each port, rte_vdev_uninit() works, the pool is full
 *      again, and the same names probe again.
 *  legacy_window_shared: two legacy ports on rc 0 share one window: its
 *      USED count equals the sum of both ports' iotsb_entries_used, a
 *      legacy port on rc 1 and an ATU port on rc 0 do not touch it, and it
 *      drops back when the second port closes.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "ethdev_test.h"

static uint64_t
entries(uint16_t port)
{
	return ethtest_xstat(port, "iotsb_entries_used");
}

/* A short burst of traffic; whatever arrives is freed, some stays in flight. */
static void
some_traffic(struct ethtest_pair *p, unsigned int n)
{
	struct rte_mbuf *m[32];

	for (unsigned int i = 0; i < n; i += 32) {
		uint16_t k = 0, sent;

		for (; k < 32; k++)
			if ((m[k] = ethtest_frame(p->mp, 64, i + k, i + k, 0)) == NULL)
				break;
		sent = rte_eth_tx_burst(p->p0, 0, m, k);
		rte_pktmbuf_free_bulk(m + sent, k - sent);
		k = rte_eth_rx_burst(p->p1, 0, m, 32);
		rte_pktmbuf_free_bulk(m, k);
	}
}

static int
start_stop_200(const char *devargs)
{
	bool map_mode = strstr(devargs, "dma=map") != NULL;
	struct ethtest_pair p;
	uint64_t e0, e1, s0 = 0, s1 = 0;
	unsigned int in_use;

	TEST_ASSERT_OK(ethtest_pair_up(devargs, NULL, 0, &p), "pair");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop 1");
	e0 = entries(p.p0);
	e1 = entries(p.p1);
	in_use = rte_mempool_in_use_count(p.mp);
	TEST_ASSERT_EQ(in_use, 0, "stopped ports hold mbufs");
	for (unsigned int c = 0; c < 200; c++) {
		TEST_ASSERT_OK(rte_eth_dev_start(p.p0), "start 0, cycle %u", c);
		TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start 1, cycle %u", c);
		if (c == 0) {
			s0 = entries(p.p0);
			s1 = entries(p.p1);
		}
		/* Started state is the same every time, too: exactly with
		 * pooled buffers (mapped once).  With dma=map each posted
		 * buffer is mapped on its own, and on huge pages a packed
		 * 2 KB buffer may straddle two 8 KB IO pages, so the count
		 * depends on which mbufs were posted; it must still show the
		 * posted buffers mapped (more than when stopped). */
		if (map_mode)
			TEST_ASSERT(entries(p.p1) > e1, "started port 1 maps its "
				    "RX buffers, cycle %u", c);
		else
			TEST_ASSERT_EQ(entries(p.p1), s1, "started port 1, "
				       "cycle %u", c);
		some_traffic(&p, c % 4 == 0 ? 256 : 32);
		TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0, cycle %u", c);
		TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop 1, cycle %u", c);
		TEST_ASSERT_EQ(entries(p.p0), e0, "port 0 entries, cycle %u", c);
		TEST_ASSERT_EQ(entries(p.p1), e1, "port 1 entries, cycle %u", c);
		TEST_ASSERT_EQ(rte_mempool_in_use_count(p.mp), in_use,
			       "mbufs in use after cycle %u", c);
	}
	printf("  200 cycles: entries stopped %" PRIu64 "/%" PRIu64 ", started "
	       "%" PRIu64 "/%" PRIu64 ", mbufs in use %u\n", e0, e1, s0, s1,
	       in_use);
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int start_stop_200_pool(void) { return start_stop_200("dma=pool"); }
static int start_stop_200_map(void) { return start_stop_200("iommu=legacy,dma=map"); }

static void
mz_count(const struct rte_memzone *mz, void *arg)
{
	RTE_SET_USED(mz);
	(*(unsigned int *)arg)++;
}

static unsigned int
memzones(void)
{
	unsigned int n = 0;

	rte_memzone_walk(mz_count, &n);
	return n;
}

static uint64_t
heap_bytes(void)
{
	struct rte_malloc_socket_stats st;

	if (rte_malloc_get_socket_stats(0, &st) != 0)
		return UINT64_MAX;
	return st.heap_allocsz_bytes;
}

/*
 * 1000 start/traffic/stop cycles of a legacy dma=map pair (the mode that
 * maps and unmaps most), with a reconfiguration to another queue count
 * every 50th cycle: entries, mbufs and DPDK heap bytes end where they
 * started (issue 7, load and endurance).
 */
static int
cycles_1000(void)
{
	struct rte_eth_conf conf = {
		.rxmode = { .mq_mode = RTE_ETH_MQ_RX_RSS },
		.rx_adv_conf = { .rss_conf = {
			.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_UDP |
				  RTE_ETH_RSS_NONFRAG_IPV4_TCP } },
	};
	static const uint16_t nqs[] = { 1, 4, 2, 8 };
	/* Ring sizes as ethtest_pair_up() made them (0 = 512). */
	struct ethtest_qconf qc = { .conf = &conf };
	struct ethtest_pair p;
	uint64_t e0, e1, heap0 = 0;

	TEST_ASSERT_OK(ethtest_pair_up("iommu=legacy,dma=map", NULL, 0, &p),
		       "pair");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0");
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop 1");
	e0 = entries(p.p0);
	e1 = entries(p.p1);
	qc.mp = p.mp;
	for (unsigned int c = 0; c < 1000; c++) {
		if (c % 50 == 49) {
			qc.nb_rxq = qc.nb_txq = nqs[(c / 50) % RTE_DIM(nqs)];
			TEST_ASSERT_OK(ethtest_port_setup(p.p1, &qc),
				       "reconfigure to %u queues, cycle %u",
				       qc.nb_rxq, c);
			/* The first RSS configure allocates a little in
			 * ethdev itself; measure from there. */
			if (c == 49)
				heap0 = heap_bytes();
		}
		TEST_ASSERT_OK(rte_eth_dev_start(p.p0), "start 0, cycle %u", c);
		TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start 1, cycle %u", c);
		some_traffic(&p, 64);
		TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0, cycle %u", c);
		TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop 1, cycle %u", c);
		TEST_ASSERT_EQ(rte_mempool_in_use_count(p.mp), 0,
			       "mbufs held after cycle %u", c);
		TEST_ASSERT_EQ(entries(p.p0), e0, "port 0 entries, cycle %u", c);
	}
	/* Back to the first layout: every queue-dependent resource too. */
	qc.nb_rxq = qc.nb_txq = 1;
	TEST_ASSERT_OK(ethtest_port_setup(p.p1, &qc), "back to 1 queue");
	TEST_ASSERT_EQ(entries(p.p1), e1, "port 1 entries after 1000 cycles");
	TEST_ASSERT_EQ(heap_bytes(), heap0, "DPDK heap bytes after 1000 cycles");
	ethtest_pair_down(&p);
	return TEST_SUCCESS;
}

static int
reconfigure_20(void)
{
	static const uint16_t seq[20] = {
		1, 4, 16, 2, 8, 32, 128, 3, 64, 1,
		4, 16, 2, 8, 32, 128, 3, 64, 2, 1,
	};
	uint64_t seen_e[129] = { 0 };
	unsigned int seen_mz[129] = { 0 };
	struct rte_eth_conf conf;
	struct ethtest_qconf qc = { .nb_rxd = 64, .nb_txd = 64, .conf = &conf };
	struct ethtest_pair p;
	struct rte_mempool *rx_mp;

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, &p), "pair");
	/* 128 queues x 64 descriptors need more than the pair's pool. */
	rx_mp = ethtest_pool("rx_pool", 12287, ETHTEST_ROOM);
	TEST_ASSERT(rx_mp != NULL, "pool");
	qc.mp = rx_mp;
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	for (unsigned int i = 0; i < RTE_DIM(seq); i++) {
		uint16_t nq = seq[i];
		struct ethtest_traffic t = {
			.tx_port = p.p0, .rx_port = p.p1, .nb_rxq = nq,
			.mp = p.mp, .count = 1024, .nb_flows = 512,
		};
		struct ethtest_fwd r;
		uint64_t e;
		unsigned int mz;

		qc.nb_rxq = nq;
		qc.nb_txq = nq;
		TEST_ASSERT_OK(ethtest_port_setup(p.p1, &qc), "%u queues", nq);
		e = entries(p.p1);
		mz = memzones();
		if (seen_e[nq] != 0) {
			TEST_ASSERT_EQ(e, seen_e[nq], "entries with %u queues "
				       "(change %u)", nq, i);
			TEST_ASSERT_EQ(mz, seen_mz[nq], "memzones with %u queues "
				       "(change %u)", nq, i);
		}
		seen_e[nq] = e;
		seen_mz[nq] = mz;
		TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start, %u queues", nq);
		TEST_ASSERT_OK(ethtest_forward(&t, &r), "traffic");
		if (r.received != r.sent)
			ethtest_fwd_print("lost frames", &r);
		TEST_ASSERT_EQ(r.received, r.sent, "%u queues: frames lost", nq);
		TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop, %u queues", nq);
		TEST_ASSERT_EQ(entries(p.p1), e, "%u queues: stop kept entries", nq);
		TEST_ASSERT_EQ(rte_mempool_in_use_count(rx_mp), 0,
			       "%u queues: stop kept RX mbufs", nq);
		printf("  change %2u: %3u queues, %" PRIu64 " entries, %u "
		       "memzones\n", i, nq, e, mz);
	}
	TEST_ASSERT_EQ(rte_mempool_in_use_count(rx_mp), 0, "port 1 mbufs");
	/* Port 0 ran throughout: it held only its posted RX buffers. */
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p0), "stop 0");
	TEST_ASSERT_EQ(rte_mempool_in_use_count(p.mp), 0, "mbufs in use");
	ethtest_pair_down(&p);
	rte_mempool_free(rx_mp);
	return TEST_SUCCESS;
}

/* Close @p port with the EAL log captured; returns the log (free it). */
static char *
logged_close(uint16_t port)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (f == NULL)
		return NULL;
	rte_openlog_stream(f);
	rte_eth_dev_stop(port);
	rte_eth_dev_close(port);
	rte_openlog_stream(NULL);
	fclose(f);
	if (buf != NULL)
		fputs(buf, stderr);
	return buf;
}

static int
close_uninit(void)
{
	struct ethtest_pair p;
	char *log0, *log1;
	uint16_t again;
	int ok0, ok1;

	TEST_ASSERT_OK(rte_log_set_level_pattern("pmd.net.i40e_sun4v.*",
						 RTE_LOG_INFO), "log level");
	TEST_ASSERT_OK(ethtest_pair_up("iommu=legacy,dma=map", NULL, 0, &p),
		       "pair");
	some_traffic(&p, 1024);
	TEST_ASSERT(rte_mempool_in_use_count(p.mp) > 0, "nothing posted?");
	log0 = logged_close(p.p0);
	log1 = logged_close(p.p1);
	ok0 = log0 != NULL && strstr(log0, ETHTEST_PORT0
				     ": closed, every IOTSB entry returned");
	ok1 = log1 != NULL && strstr(log1, ETHTEST_PORT1
				     ": closed, every IOTSB entry returned");
	free(log0);
	free(log1);
	TEST_ASSERT(ok0 && ok1, "close did not report every entry returned "
		    "(port 0: %d, port 1: %d)", ok0, ok1);
	TEST_ASSERT_OK(rte_vdev_uninit(ETHTEST_PORT0), "uninit 0");
	TEST_ASSERT_OK(rte_vdev_uninit(ETHTEST_PORT1), "uninit 1");
	TEST_ASSERT(!rte_eth_dev_is_valid_port(p.p0), "port 0 still valid");
	TEST_ASSERT_EQ(rte_mempool_in_use_count(p.mp), 0, "mbufs not returned");
	TEST_ASSERT(rte_mempool_full(p.mp), "pool not full");
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT0, "iommu=legacy", &again),
		       "probe again");
	TEST_ASSERT_OK(rte_eth_dev_close(again), "close again");
	TEST_ASSERT_OK(rte_vdev_uninit(ETHTEST_PORT0), "uninit again");
	rte_mempool_free(p.mp);
	return TEST_SUCCESS;
}

/* The first window's USED count, as the port's private dump prints it. */
static int
window_used(uint16_t port, uint64_t *used, uint64_t *self)
{
	char *buf = NULL, *l, *save = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	int found = 0;

	if (f == NULL)
		return -1;
	if (rte_eth_dev_priv_dump(port, f) != 0) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	for (l = strtok_r(buf, "\n", &save); l != NULL;
	     l = strtok_r(NULL, "\n", &save)) {
		uint64_t pg, base, u, tot;
		unsigned int w;

		if (sscanf(l, " window %u: page %" SCNu64 " base 0x%" SCNx64
			   " entries %" SCNu64 "/%" SCNu64, &w, &pg, &base, &u,
			   &tot) == 5 && w == 0) {
			*used = u;
			found |= 1;
		}
		if (sscanf(l, " iotsb_entries_used (this port): %" SCNu64, self) == 1)
			found |= 2;
	}
	free(buf);
	return found == 3 ? 0 : -1;
}

static int
legacy_port(const char *name, const char *args, struct rte_mempool *mp,
	    uint16_t *port)
{
	struct ethtest_qconf qc = { .nb_rxq = 2, .nb_txq = 2, .mp = mp };

	TEST_ASSERT_OK(ethtest_port_create(name, args, port), "probe %s", name);
	TEST_ASSERT_OK(ethtest_port_setup(*port, &qc), "setup %s", name);
	TEST_ASSERT_OK(rte_eth_dev_start(*port), "start %s", name);
	return TEST_SUCCESS;
}

static int
legacy_window_shared(void)
{
	struct rte_mempool *mp = ethtest_pool("win_pool", 8191, ETHTEST_ROOM);
	uint64_t used_a, used_ab, used_c, used_back, self, ea, eb, ec;
	uint16_t a, b, c, d;

	TEST_ASSERT(mp != NULL, "pool");
	TEST_ASSERT_OK(legacy_port("net_i40e_sun4v0", "iommu=legacy,rc=0", mp, &a),
		       "A");
	TEST_ASSERT_OK(window_used(a, &used_a, &self), "dump A");
	ea = entries(a);
	printf("  A alone: window used %" PRIu64 ", A holds %" PRIu64 "\n",
	       used_a, ea);
	TEST_ASSERT_EQ(self, ea, "dump and xstat disagree");
	TEST_ASSERT_EQ(used_a, ea, "A alone fills the window");
	TEST_ASSERT_OK(legacy_port("net_i40e_sun4v1", "iommu=legacy,rc=0,dma=map",
				   mp, &b), "B");
	TEST_ASSERT_OK(window_used(a, &used_ab, &self), "dump A");
	eb = entries(b);
	printf("  A+B: window used %" PRIu64 ", A %" PRIu64 " + B %" PRIu64 "\n",
	       used_ab, entries(a), eb);
	TEST_ASSERT_EQ(used_ab, entries(a) + eb, "shared window = A + B");
	TEST_ASSERT(eb > 0 && entries(a) == ea, "B's maps are B's, not A's");
	TEST_ASSERT_OK(window_used(b, &used_c, &self), "dump B");
	TEST_ASSERT_EQ(used_c, used_ab, "B sees the same window");
	/* rc 1 has a window of its own; an ATU port has its own IOTSBs. */
	TEST_ASSERT_OK(legacy_port("net_i40e_sun4v2", "iommu=legacy,rc=1", mp, &c),
		       "C");
	TEST_ASSERT_OK(legacy_port("net_i40e_sun4v3", "iommu=atu,rc=0", mp, &d),
		       "D");
	TEST_ASSERT_OK(window_used(c, &used_c, &self), "dump C");
	ec = entries(c);
	TEST_ASSERT_EQ(used_c, ec, "rc 1 window holds C only");
	TEST_ASSERT_OK(window_used(a, &used_back, &self), "dump A");
	TEST_ASSERT_EQ(used_back, entries(a) + entries(b),
		       "C and D left rc 0's window alone");
	TEST_ASSERT_OK(rte_eth_dev_stop(b), "stop B");
	TEST_ASSERT_OK(rte_eth_dev_close(b), "close B");
	TEST_ASSERT_OK(window_used(a, &used_back, &self), "dump A");
	printf("  B closed: window used %" PRIu64 " (A %" PRIu64 ")\n",
	       used_back, entries(a));
	TEST_ASSERT_EQ(used_back, used_a, "window back to A alone");
	TEST_ASSERT_EQ(used_back, entries(a), "window = A");
	for (uint16_t i = 0; i < 3; i++) {
		uint16_t port = i == 0 ? a : i == 1 ? c : d;

		TEST_ASSERT_OK(rte_eth_dev_stop(port), "stop %u", port);
		TEST_ASSERT_OK(rte_eth_dev_close(port), "close %u", port);
	}
	for (int i = 0; i < 4; i++) {
		char name[32];

		snprintf(name, sizeof(name), "net_i40e_sun4v%d", i);
		TEST_ASSERT_OK(rte_vdev_uninit(name), "uninit %s", name);
	}
	TEST_ASSERT_EQ(rte_mempool_in_use_count(mp), 0, "mbufs");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(start_stop_200_pool),
	TEST_CASE(start_stop_200_map),
	TEST_CASE(reconfigure_20),
	TEST_CASE(cycles_1000),
	TEST_CASE(close_uninit),
	TEST_CASE(legacy_window_shared),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "lifecycle", cases };

	return ethtest_main(&prog, argc, argv);
}
