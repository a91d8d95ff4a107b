/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Load: two lcores, RSS over 16 queues (issue 7, load and endurance).
 *
 *  rss16_two_lcores: lcore 1 transmits N frames of 4096 flows from port 0
 *      while the main lcore receives on all 16 RX queues of port 1 for a
 *      bounded time; every frame sent is received or counted as dropped
 *      by reason (imissed / ierrors / oerrors), every queue got traffic,
 *      and the pool ends with no mbuf in use.  Run in pool and map mode.
 *      In legacy dma=map mode the two lcores map and unmap concurrently
 *      in the one legacy table; afterwards the window's in-use count
 *      (vfio_sun4v's per-entry state, as the private dump prints it)
 *      equals what the two ports hold: no entry lost or mapped twice.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "ethdev_test.h"

#define NB_Q 16u
#define NB_FRAMES 200000u

struct tx_job {
	uint16_t port;
	struct rte_mempool *mp;
	uint64_t sent;
	int rc;
};

/* Worker lcore: send NB_FRAMES frames, retrying when the ring is full. */
static int
tx_worker(void *arg)
{
	struct tx_job *j = arg;
	struct rte_mbuf *m[32];

	while (j->sent < NB_FRAMES) {
		uint16_t k, sent;

		for (k = 0; k < 32 && j->sent + k < NB_FRAMES; k++) {
			m[k] = ethtest_frame(j->mp, 64, (uint32_t)(j->sent + k) %
					     4096, (uint32_t)(j->sent + k), 0);
			if (m[k] == NULL)
				break;
		}
		sent = rte_eth_tx_burst(j->port, 0, m, k);
		rte_pktmbuf_free_bulk(m + sent, k - sent);
		j->sent += sent;
	}
	/* Release: the main lcore reads the job after rte_eal_wait_lcore(),
	 * whose own hand-off lives in the uninstrumented EAL (TSan). */
	__atomic_store_n(&j->rc, 0, __ATOMIC_RELEASE);
	return 0;
}

/* "entries USED/TOTAL" of the 8 KB window in @p port's private dump. */
static uint64_t
window_used(uint16_t port)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	uint64_t used = UINT64_MAX;
	const char *s;

	rte_eth_dev_priv_dump(port, f);
	fclose(f);
	s = buf != NULL ? strstr(buf, "page 8192 ") : NULL;
	s = s != NULL ? strstr(s, "entries ") : NULL;
	if (s != NULL)
		used = strtoull(s + strlen("entries "), NULL, 10);
	free(buf);
	return used;
}

static int
rss16(const char *mode, uint16_t nb_rxd, uint16_t nb_txd)
{
	struct rte_eth_conf conf = {
		.rxmode = { .mq_mode = RTE_ETH_MQ_RX_RSS },
		.rx_adv_conf = { .rss_conf = {
			.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_UDP } },
	};
	struct rte_mempool *mp = ethtest_pool("load", 16383, ETHTEST_ROOM);
	struct ethtest_qconf q0 = { .nb_rxq = 1, .nb_txq = 1, .nb_txd = nb_txd,
				    .mp = mp };
	struct ethtest_qconf q1 = { .nb_rxq = NB_Q, .nb_txq = 1, .nb_rxd = nb_rxd,
				    .mp = mp, .conf = &conf };
	struct tx_job job = { .mp = mp, .rc = -1 };
	uint64_t per_q[NB_Q] = { 0 }, rx = 0, end;
	struct rte_eth_stats s0, s1;
	struct rte_mbuf *pk[32];
	char a0[128], a1[128];
	uint16_t p0, p1;
	unsigned int worker = rte_get_next_lcore(-1, 1, 0);

	TEST_ASSERT(mp != NULL, "pool");
	TEST_ASSERT(worker < RTE_MAX_LCORE, "no second lcore");
	snprintf(a0, sizeof(a0), "peer=%s,%s", ETHTEST_PORT1, mode);
	snprintf(a1, sizeof(a1), "peer=%s,%s", ETHTEST_PORT0, mode);
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT0, a0, &p0), "p0");
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT1, a1, &p1), "p1");
	TEST_ASSERT_OK(ethtest_port_setup(p0, &q0), "setup p0");
	TEST_ASSERT_OK(ethtest_port_setup(p1, &q1), "setup p1");
	TEST_ASSERT_OK(rte_eth_dev_start(p0), "start p0");
	TEST_ASSERT_OK(rte_eth_dev_start(p1), "start p1");
	job.port = p0;
	TEST_ASSERT_OK(rte_eal_remote_launch(tx_worker, &job, worker), "launch");
	/* Receive until the sender is done and the wire is drained, or 20 s. */
	end = rte_get_tsc_cycles() + 20 * rte_get_tsc_hz();
	for (uint64_t idle = 0; rte_get_tsc_cycles() < end && idle < 200000;) {
		uint64_t got = 0;

		for (uint16_t q = 0; q < NB_Q; q++) {
			uint16_t n = rte_eth_rx_burst(p1, q, pk, 32);

			per_q[q] += n;
			got += n;
			rte_pktmbuf_free_bulk(pk, n);
		}
		rx += got;
		if (got == 0 && rte_eal_get_lcore_state(worker) == WAIT)
			idle++;
		else
			idle = 0;
	}
	TEST_ASSERT_OK(rte_eal_wait_lcore(worker), "worker");
	TEST_ASSERT_OK(__atomic_load_n(&job.rc, __ATOMIC_ACQUIRE), "worker failed");
	TEST_ASSERT_OK(rte_eth_stats_get(p0, &s0), "stats p0");
	TEST_ASSERT_OK(rte_eth_stats_get(p1, &s1), "stats p1");
	printf("  %s: sent %" PRIu64 " received %" PRIu64 " imissed %" PRIu64
	       " ierrors %" PRIu64 " oerrors %" PRIu64 "\n", mode, job.sent, rx,
	       s1.imissed, s1.ierrors, s0.oerrors);
	TEST_ASSERT_EQ(job.sent, NB_FRAMES, "sender did not finish");
	TEST_ASSERT_EQ(s1.ipackets, rx, "ipackets != frames received");
	TEST_ASSERT_EQ(rx + s1.imissed + s1.ierrors + s0.oerrors, job.sent,
		       "sent = received + dropped by reason");
	for (unsigned int q = 0; q < NB_Q; q++)
		TEST_ASSERT(per_q[q] > 0, "queue %u got nothing", q);
	rte_eth_dev_stop(p0);
	rte_eth_dev_stop(p1);
	TEST_ASSERT_EQ(rte_mempool_in_use_count(mp), 0, "mbufs in use at the end");
	if (strstr(mode, "legacy") != NULL) {
		uint64_t e0 = ethtest_xstat(p0, "iotsb_entries_used");
		uint64_t e1 = ethtest_xstat(p1, "iotsb_entries_used");

		printf("  window in use %" PRIu64 " = port 0 %" PRIu64
		       " + port 1 %" PRIu64 "; map errors %" PRIu64 " + %"
		       PRIu64 "\n", window_used(p1), e0, e1,
		       ethtest_xstat(p0, "dma_map_errors"),
		       ethtest_xstat(p1, "dma_map_errors"));
		TEST_ASSERT_EQ(window_used(p1), e0 + e1,
			       "legacy window in use != what the ports hold");
	}
	rte_eth_dev_close(p0);
	rte_eth_dev_close(p1);
	rte_vdev_uninit(ETHTEST_PORT0);
	rte_vdev_uninit(ETHTEST_PORT1);
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

static int
rss16_two_lcores_pool(void)
{
	return rss16("iommu=atu,dma=pool", 256, 512);
}

static int
rss16_two_lcores_map(void)
{
	return rss16("iommu=legacy,dma=map", 256, 512);
}

int
main(int argc, char **argv)
{
	static const struct test_case cases[] = {
		TEST_CASE(rss16_two_lcores_pool),
		TEST_CASE(rss16_two_lcores_map),
		{ NULL, NULL },
	};
	static const struct ethtest_prog prog = { "load", cases, "0,1" };

	return ethtest_main(&prog, argc, argv);
}
