/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ring arena and the page-size mix (issue 12; NIC guide "DMA" and
 * "Extended statistics").
 *
 *  arena_128_queues: an ATU pooled port set up as one S7-2 port (128
 *      queue pairs, 512 RX and 64 TX descriptors) holds every ring in one
 *      arena chunk (ring_arena_bytes exact, memzone arena0 and no arena1),
 *      maps nothing per queue (hv_map_calls and iotsb_entries_used after
 *      128 queue pairs = after 1), and its page-size xstats sum to
 *      iotsb_entries_used.  (The mempool's own entries depend on where
 *      EAL put its memory: doc/results.md, issue 12.)
 *  arena_reconfigure_1000: 1000 reconfigurations to random queue counts
 *      (1..128) and ring sizes (64..4096): ring_arena_bytes is exactly what
 *      the configuration needs every time, the arena never grows beyond
 *      what the largest configuration needs (+1 chunk of fragmentation),
 *      every 100th configuration starts, forwards and stops with every
 *      mbuf back; at close the memzones and mbufs are back.
 *  arena_not_legacy_or_map: legacy and dma=map ports keep one mapping per
 *      ring (ring_arena_bytes 0, 8 KB entries only, one per ring page): the
 *      S7-2 comparison stays the one Linux's driver would make.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_memzone.h>

#include "ethdev_test.h"
#include "test_assert.h"

#define CHUNK (4u << 20)
#define GRAIN 4096u

static const char *const mix_names[] = {
	"iotsb_entries_8k", "iotsb_entries_64k", "iotsb_entries_4m",
	"iotsb_entries_256m", "iotsb_entries_2g", "iotsb_entries_16g",
};

static uint64_t
x(uint16_t port, const char *name)
{
	return ethtest_xstat(port, name);
}

static uint64_t
mix_sum(uint16_t port)
{
	uint64_t s = 0;

	for (unsigned int i = 0; i < RTE_DIM(mix_names); i++)
		s += x(port, mix_names[i]);
	return s;
}

/* Bytes the arena carves for a configuration (4 KB grains, 32 B RX). */
static uint64_t
ring_bytes(uint16_t nq, uint16_t rxd, uint16_t txd)
{
	return (uint64_t)nq * (RTE_ALIGN_CEIL((uint64_t)rxd * 32, GRAIN) +
			       RTE_ALIGN_CEIL((uint64_t)txd * 16, GRAIN));
}

static void
mz_count_cb(const struct rte_memzone *mz, void *arg)
{
	(void)mz;
	(*(unsigned int *)arg)++;
}

static unsigned int
memzones(void)
{
	unsigned int n = 0;

	rte_memzone_walk(mz_count_cb, &n);
	return n;
}

static int
arena_128_queues(void)
{
	struct rte_mempool *mp = ethtest_pool("a128", 8191, ETHTEST_ROOM);
	struct ethtest_qconf qc = { .nb_rxq = 1, .nb_txq = 1, .nb_rxd = 512,
				    .nb_txd = 64 };
	uint64_t hv1, e1, e;
	char mz[RTE_MEMZONE_NAMESIZE];
	uint16_t port;

	TEST_ASSERT(mp != NULL, "pool");
	qc.mp = mp;
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT0,
					   "peer=self,iommu=atu,dma=pool", &port),
		       "port");
	TEST_ASSERT_OK(ethtest_port_setup(port, &qc), "1 queue pair");
	hv1 = x(port, "hv_map_calls");
	e1 = x(port, "iotsb_entries_used");
	qc.nb_rxq = qc.nb_txq = 128;
	TEST_ASSERT_OK(ethtest_port_setup(port, &qc), "128 queue pairs");
	e = x(port, "iotsb_entries_used");
	printf("  128 x (512 RX + 64 TX): arena %" PRIu64 " bytes, %" PRIu64
	       " entries (8k %" PRIu64 ", 64k %" PRIu64 ", 4m %" PRIu64
	       ", 256m %" PRIu64 "), hv_map_calls %" PRIu64 " then %" PRIu64
	       "\n", x(port, "ring_arena_bytes"), e,
	       x(port, "iotsb_entries_8k"), x(port, "iotsb_entries_64k"),
	       x(port, "iotsb_entries_4m"), x(port, "iotsb_entries_256m"),
	       hv1, x(port, "hv_map_calls"));
	TEST_ASSERT_EQ(x(port, "ring_arena_bytes"), ring_bytes(128, 512, 64),
		       "ring arena bytes");
	TEST_ASSERT_EQ(x(port, "hv_map_calls"), hv1,
		       "127 more queue pairs made map calls");
	TEST_ASSERT_EQ(e, e1, "127 more queue pairs took IOTSB entries");
	TEST_ASSERT(x(port, "iotsb_entries_4m") >= 1, "no 4 MB arena page");
	snprintf(mz, sizeof(mz), "i40e_sun4v_%u_arena0", port);
	TEST_ASSERT(rte_memzone_lookup(mz) != NULL, "no %s", mz);
	snprintf(mz, sizeof(mz), "i40e_sun4v_%u_arena1", port);
	TEST_ASSERT(rte_memzone_lookup(mz) == NULL, "%s: a second chunk", mz);
	TEST_ASSERT_EQ(mix_sum(port), e, "page-size mix does not sum up");
	TEST_ASSERT_OK(rte_eth_dev_close(port), "close");
	TEST_ASSERT_OK(rte_vdev_uninit(ETHTEST_PORT0), "uninit");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

/* One start/forward/stop on the self-wired port; every mbuf comes back. */
static int
run_some(uint16_t port, struct rte_mempool *mp, uint16_t nq)
{
	struct ethtest_traffic t = { .tx_port = port, .rx_port = port,
				     .nb_rxq = nq, .mp = mp, .count = 256,
				     .nb_flows = 64 };
	struct ethtest_fwd r;

	TEST_ASSERT_OK(rte_eth_dev_start(port), "start, %u queues", nq);
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "traffic");
	TEST_ASSERT_EQ(r.received, r.sent, "%u queues: frames lost", nq);
	TEST_ASSERT_OK(rte_eth_dev_stop(port), "stop");
	TEST_ASSERT_EQ(rte_mempool_in_use_count(mp), 0, "mbufs after stop");
	return TEST_SUCCESS;
}

static int
arena_reconfigure_1000(void)
{
	static const uint16_t sizes[] = { 64, 512, 1024, 4096 };
	struct rte_mempool *mp = ethtest_pool("arec", 16383, ETHTEST_ROOM);
	struct rte_eth_conf conf;
	struct ethtest_qconf qc = { .conf = &conf };
	uint64_t max_bytes = 0, e_first = 0, seed = 12345;
	unsigned int mz0;
	uint16_t port;

	TEST_ASSERT(mp != NULL, "pool");
	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_UDP;
	qc.mp = mp;
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT0,
					   "peer=self,iommu=atu,dma=pool", &port),
		       "port");
	mz0 = memzones();   /* ethdev's own shared data included */
	for (unsigned int c = 0; c < 1000; c++) {
		uint64_t want, e;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		qc.nb_rxq = qc.nb_txq = (uint16_t)(1 + (seed >> 33) % 128);
		qc.nb_rxd = sizes[(seed >> 20) % RTE_DIM(sizes)];
		qc.nb_txd = sizes[(seed >> 10) % RTE_DIM(sizes)];
		/* Every 100th: a small config that starts and forwards (the
		 * pool cannot fill 128 rings of 4096). */
		if (c % 100 == 0) {
			qc.nb_rxq = qc.nb_txq = 1 + c / 100 % 8;
			qc.nb_rxd = qc.nb_txd = 512;
		}
		TEST_ASSERT_OK(ethtest_port_setup(port, &qc),
			       "cycle %u: %u queues, %u/%u descriptors", c,
			       qc.nb_rxq, qc.nb_rxd, qc.nb_txd);
		want = ring_bytes(qc.nb_rxq, qc.nb_rxd, qc.nb_txd);
		if (want > max_bytes)
			max_bytes = want;
		e = x(port, "iotsb_entries_used");
		if (c == 0)
			e_first = e;
		TEST_ASSERT_EQ(x(port, "ring_arena_bytes"), want,
			       "cycle %u: arena bytes", c);
		/* The pool stays mapped; only arena chunks may be added. */
		TEST_ASSERT(e >= e_first &&
			    e - e_first <= (max_bytes + CHUNK - 1) / CHUNK,
			    "cycle %u: %" PRIu64 " entries (first %" PRIu64
			    "), arena needs at most %" PRIu64 " chunk(s)", c, e,
			    e_first, (max_bytes + CHUNK - 1) / CHUNK);
		TEST_ASSERT_EQ(mix_sum(port), e, "cycle %u: mix sum", c);
		if (c % 100 == 0 && run_some(port, mp, qc.nb_rxq) != 0)
			return TEST_FAILED;
	}
	printf("  1000 reconfigurations: largest %" PRIu64 " ring bytes, "
	       "entries %" PRIu64 " at first, %" PRIu64 " at the end\n",
	       max_bytes, e_first, x(port, "iotsb_entries_used"));
	TEST_ASSERT_OK(rte_eth_dev_close(port), "close");
	TEST_ASSERT_EQ(memzones(), mz0, "memzones after close");
	TEST_ASSERT_OK(rte_vdev_uninit(ETHTEST_PORT0), "uninit");
	TEST_ASSERT_EQ(rte_mempool_in_use_count(mp), 0, "mbufs after close");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

static int
arena_not_legacy_or_map(void)
{
	static const char *const modes[] = {
		"peer=self,iommu=legacy,dma=pool",
		"peer=self,iommu=legacy,dma=map",
		"peer=self,iommu=atu,dma=map",
	};
	struct rte_mempool *mp = ethtest_pool("anl", 4095, ETHTEST_ROOM);
	struct ethtest_qconf qc = { .nb_rxq = 8, .nb_txq = 8, .nb_rxd = 512,
				    .nb_txd = 64 };

	TEST_ASSERT(mp != NULL, "pool");
	qc.mp = mp;
	for (unsigned int i = 0; i < RTE_DIM(modes); i++) {
		uint16_t port;
		uint64_t e8;

		TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT0, modes[i],
						   &port), "%s", modes[i]);
		TEST_ASSERT_OK(ethtest_port_setup(port, &qc), "%s", modes[i]);
		e8 = x(port, "iotsb_entries_8k");
		printf("  %s: arena %" PRIu64 " bytes, %" PRIu64 " entries, %"
		       PRIu64 " of 8 KB\n", modes[i],
		       x(port, "ring_arena_bytes"),
		       x(port, "iotsb_entries_used"), e8);
		TEST_ASSERT_EQ(x(port, "ring_arena_bytes"), 0, "%s", modes[i]);
		/* 8 RX rings of 16 KB (2 pages) and 8 TX rings of 1 KB. */
		TEST_ASSERT(e8 >= 8 * 2 + 8, "%s: rings not mapped per ring",
			    modes[i]);
		TEST_ASSERT_EQ(x(port, "iotsb_entries_4m"), 0, "%s", modes[i]);
		TEST_ASSERT_EQ(mix_sum(port), x(port, "iotsb_entries_used"),
			       "%s: mix sum", modes[i]);
		TEST_ASSERT_OK(rte_eth_dev_close(port), "close");
		TEST_ASSERT_OK(rte_vdev_uninit(ETHTEST_PORT0), "uninit");
	}
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(arena_128_queues),
	TEST_CASE(arena_reconfigure_1000),
	TEST_CASE(arena_not_legacy_or_map),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "arena", cases };

	return ethtest_main(&prog, argc, argv);
}
