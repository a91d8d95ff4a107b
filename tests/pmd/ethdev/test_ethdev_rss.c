/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RSS of net_i40e_sun4v through the ethdev API: port 1 receives on 128
 * queues (RTE_ETH_MQ_RX_RSS, IPv4/IPv6 TCP/UDP/other), port 0 sends UDP
 * frames of many distinct flows.
 *
 *  rss_128_queues_spread: 4096 flows reach every one of the 128 queues;
 *      each frame carries RTE_MBUF_F_RX_RSS_HASH with the Toeplitz hash of
 *      its 4-tuple under the port's key (rte_softrss), and lands on the
 *      queue the redirection table names for that hash; rx_qN_packets of
 *      every queue matches what the test received there.
 *  rss_reta_roundtrip: reta_update (full, then a partial mask) reads back
 *      with reta_query, and traffic follows the new table.
 *  rss_hash_roundtrip: rss_hash_update (new key, new hash types) reads back
 *      with rss_hash_conf_get; traffic is hashed with the new key; with
 *      only TCP hashing enabled, UDP frames carry no hash and go to queue 0.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_thash.h>

#include "ethdev_test.h"

#define NB_Q 128u
#define NB_RXD 64u
#define RETA_SIZE 512u
#define KEY_LEN 52u
#define HF_ALL (RTE_ETH_RSS_NONFRAG_IPV4_TCP | RTE_ETH_RSS_NONFRAG_IPV4_UDP | \
		RTE_ETH_RSS_NONFRAG_IPV4_OTHER | RTE_ETH_RSS_NONFRAG_IPV6_TCP | \
		RTE_ETH_RSS_NONFRAG_IPV6_UDP | RTE_ETH_RSS_NONFRAG_IPV6_OTHER)

/* What the RX callback checks every frame against. */
struct rss_state {
	uint8_t key[KEY_LEN];
	uint16_t reta[RETA_SIZE];
	bool hash_expected;            /* false: no RSS_HASH, queue 0 */
	uint64_t per_queue[NB_Q];
	unsigned int bad;              /* frames that broke a rule */
};

static struct rte_mempool *mp;
static uint16_t tx_port, rx_port;

/* Port 0: 1+1 queues; port 1: 128 RSS RX queues + 1 TX queue. */
static int
rss_setup(void)
{
	struct rte_eth_conf conf;
	struct ethtest_qconf q0 = { .nb_rxq = 1, .nb_txq = 1 };
	struct ethtest_qconf q1 = {
		.nb_rxq = NB_Q, .nb_txq = 1, .nb_rxd = NB_RXD, .conf = &conf,
	};

	memset(&conf, 0, sizeof(conf));
	conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
	conf.rx_adv_conf.rss_conf.rss_hf = HF_ALL;
	/* 128 x 64 RX buffers + port 0's 512 + frames in flight. */
	mp = ethtest_pool("rss_pool", 16383, 1024 + RTE_PKTMBUF_HEADROOM);
	TEST_ASSERT(mp != NULL, "pool");
	q0.mp = mp;
	q1.mp = mp;
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT0, "peer=" ETHTEST_PORT1,
					   &tx_port), "probe 0");
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT1, "peer=" ETHTEST_PORT0,
					   &rx_port), "probe 1");
	TEST_ASSERT_OK(ethtest_port_setup(tx_port, &q0), "setup 0");
	TEST_ASSERT_OK(ethtest_port_setup(rx_port, &q1), "setup 1 (128 RSS queues)");
	TEST_ASSERT_OK(rte_eth_dev_start(tx_port), "start 0");
	TEST_ASSERT_OK(rte_eth_dev_start(rx_port), "start 1");
	return TEST_SUCCESS;
}

static void
rss_teardown(void)
{
	rte_eth_dev_stop(tx_port);
	rte_eth_dev_stop(rx_port);
	rte_eth_dev_close(tx_port);
	rte_eth_dev_close(rx_port);
	rte_vdev_uninit(ETHTEST_PORT0);
	rte_vdev_uninit(ETHTEST_PORT1);
	rte_mempool_free(mp);
}

/* The port's current key and table, as the ethdev API reports them. */
static int
rss_query(struct rss_state *st)
{
	struct rte_eth_rss_reta_entry64 reta[RETA_SIZE / RTE_ETH_RETA_GROUP_SIZE];
	struct rte_eth_rss_conf rc = { .rss_key = st->key, .rss_key_len = KEY_LEN };

	TEST_ASSERT_OK(rte_eth_dev_rss_hash_conf_get(rx_port, &rc), "conf_get");
	TEST_ASSERT_EQ(rc.rss_key_len, KEY_LEN, "key length");
	memset(reta, 0, sizeof(reta));
	for (unsigned int g = 0; g < RTE_DIM(reta); g++)
		reta[g].mask = UINT64_MAX;
	TEST_ASSERT_OK(rte_eth_dev_rss_reta_query(rx_port, reta, RETA_SIZE),
		       "reta_query");
	for (unsigned int i = 0; i < RETA_SIZE; i++)
		st->reta[i] = reta[i / RTE_ETH_RETA_GROUP_SIZE]
			      .reta[i % RTE_ETH_RETA_GROUP_SIZE];
	return TEST_SUCCESS;
}

static uint32_t
expected_hash(const struct rss_state *st, uint32_t flow)
{
	struct ethtest_flow f;
	union rte_thash_tuple t;

	ethtest_flow_of(flow, &f);
	memset(&t, 0, sizeof(t));
	t.v4.src_addr = f.src_ip;
	t.v4.dst_addr = f.dst_ip;
	t.v4.sport = f.sport;
	t.v4.dport = f.dport;
	return rte_softrss((uint32_t *)&t, RTE_THASH_V4_L4_LEN, st->key);
}

static int
rss_rx_cb(uint16_t queue, struct rte_mbuf *m, void *arg)
{
	struct rss_state *st = arg;
	uint32_t flow, h;

	if (ethtest_frame_check(m, &flow, NULL) != 0)
		return -1;
	st->per_queue[queue]++;
	if (!st->hash_expected) {
		if ((m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) || queue != 0) {
			if (st->bad++ < 5)
				fprintf(stderr, "  flow %u: hash flag %d on "
					"queue %u; hashing is off for UDP\n",
					flow, !!(m->ol_flags &
						 RTE_MBUF_F_RX_RSS_HASH), queue);
		}
		return 0;
	}
	h = expected_hash(st, flow);
	if (!(m->ol_flags & RTE_MBUF_F_RX_RSS_HASH) || m->hash.rss != h ||
	    queue != st->reta[h % RETA_SIZE]) {
		if (st->bad++ < 5)
			fprintf(stderr, "  flow %u: queue %u hash 0x%08x flag %d;"
				" expected hash 0x%08x -> reta[%u] = queue %u\n",
				flow, queue, m->hash.rss,
				!!(m->ol_flags & RTE_MBUF_F_RX_RSS_HASH), h,
				h % RETA_SIZE, st->reta[h % RETA_SIZE]);
	}
	return 0;
}

/* Send @p count frames over @p flows flows; check each one on arrival. */
static int
rss_traffic(struct rss_state *st, uint64_t count, uint32_t flows)
{
	struct ethtest_traffic t = {
		.tx_port = tx_port, .rx_port = rx_port, .nb_rxq = NB_Q,
		.mp = mp, .count = count, .nb_flows = flows,
		.cb = rss_rx_cb, .cb_arg = st,
	};
	struct ethtest_fwd r;
	uint64_t sum = 0;

	memset(st->per_queue, 0, sizeof(st->per_queue));
	st->bad = 0;
	TEST_ASSERT_OK(rte_eth_stats_reset(rx_port), "reset");
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "forward");
	ethtest_fwd_print("rss", &r);
	TEST_ASSERT_EQ(r.received, count, "every frame must arrive");
	TEST_ASSERT_EQ(st->bad, 0, "frames off their RSS queue or hash");
	for (unsigned int q = 0; q < NB_Q; q++) {
		char name[32];

		snprintf(name, sizeof(name), "rx_q%u_packets", q);
		TEST_ASSERT_EQ(ethtest_xstat(rx_port, name), st->per_queue[q],
			       "xstat %s", name);
		sum += st->per_queue[q];
	}
	TEST_ASSERT_EQ(sum, r.received, "per-queue sum");
	return TEST_SUCCESS;
}

static int
rss_128_queues_spread(void)
{
	struct rte_eth_dev_info info;
	struct rss_state st;
	unsigned int empty = 0, min = UINT32_MAX, max = 0;

	memset(&st, 0, sizeof(st));
	TEST_ASSERT_OK(rss_setup(), "setup");
	TEST_ASSERT_OK(rte_eth_dev_info_get(rx_port, &info), "info");
	TEST_ASSERT(info.max_rx_queues >= NB_Q, "max_rx_queues %u",
		    info.max_rx_queues);
	TEST_ASSERT_EQ(info.reta_size, RETA_SIZE, "reta_size");
	TEST_ASSERT_EQ(info.hash_key_size, KEY_LEN, "hash_key_size");
	TEST_ASSERT_OK(rss_query(&st), "query");
	st.hash_expected = true;
	TEST_ASSERT_OK(rss_traffic(&st, 16384, 4096), "traffic");
	for (unsigned int q = 0; q < NB_Q; q++) {
		empty += st.per_queue[q] == 0;
		min = RTE_MIN(min, (unsigned int)st.per_queue[q]);
		max = RTE_MAX(max, (unsigned int)st.per_queue[q]);
	}
	printf("  frames per queue: min %u max %u, %u empty queues\n", min,
	       max, empty);
	TEST_ASSERT_EQ(empty, 0, "every one of the 128 queues gets traffic");
	rss_teardown();
	return TEST_SUCCESS;
}

static int
reta_write(const uint16_t *tbl, const uint64_t *masks)
{
	struct rte_eth_rss_reta_entry64 reta[RETA_SIZE / RTE_ETH_RETA_GROUP_SIZE];

	memset(reta, 0, sizeof(reta));
	for (unsigned int i = 0; i < RETA_SIZE; i++)
		reta[i / RTE_ETH_RETA_GROUP_SIZE].reta[i % RTE_ETH_RETA_GROUP_SIZE] =
			tbl[i];
	for (unsigned int g = 0; g < RTE_DIM(reta); g++)
		reta[g].mask = masks[g];
	return rte_eth_dev_rss_reta_update(rx_port, reta, RETA_SIZE);
}

static int
rss_reta_roundtrip(void)
{
	uint64_t all[RETA_SIZE / RTE_ETH_RETA_GROUP_SIZE], part[RTE_DIM(all)];
	uint16_t want[RETA_SIZE], upd[RETA_SIZE];
	struct rss_state st;

	memset(&st, 0, sizeof(st));
	TEST_ASSERT_OK(rss_setup(), "setup");
	for (unsigned int i = 0; i < RETA_SIZE; i++)
		want[i] = (uint16_t)((i * 37u + 5u) % NB_Q);
	for (unsigned int g = 0; g < RTE_DIM(all); g++) {
		all[g] = UINT64_MAX;
		part[g] = g == 3 ? 0x00ff00ff00ff00ffull : 0;
	}
	TEST_ASSERT_OK(reta_write(want, all), "reta_update (all)");
	TEST_ASSERT_OK(rss_query(&st), "query");
	for (unsigned int i = 0; i < RETA_SIZE; i++)
		TEST_ASSERT_EQ(st.reta[i], want[i], "reta[%u] after update", i);
	/* A partial update changes the masked entries only. */
	for (unsigned int i = 0; i < RETA_SIZE; i++) {
		unsigned int g = i / RTE_ETH_RETA_GROUP_SIZE;
		unsigned int b = i % RTE_ETH_RETA_GROUP_SIZE;

		upd[i] = (uint16_t)(NB_Q - 1 - i % NB_Q);
		if (part[g] & (1ull << b))
			want[i] = upd[i];
	}
	TEST_ASSERT_OK(reta_write(upd, part), "reta_update (partial)");
	TEST_ASSERT_OK(rss_query(&st), "query");
	for (unsigned int i = 0; i < RETA_SIZE; i++)
		TEST_ASSERT_EQ(st.reta[i], want[i], "reta[%u] after partial", i);
	/* An entry naming a queue the port does not have is refused. */
	upd[0] = NB_Q;
	TEST_ASSERT(reta_write(upd, all) < 0, "reta entry %u accepted", NB_Q);
	TEST_ASSERT_OK(rss_query(&st), "query");
	TEST_ASSERT_EQ(st.reta[0], want[0], "refused update changed reta[0]");
	st.hash_expected = true;
	TEST_ASSERT_OK(rss_traffic(&st, 8192, 2048), "traffic on the new table");
	rss_teardown();
	return TEST_SUCCESS;
}

static int
rss_hash_roundtrip(void)
{
	struct rte_eth_rss_conf c;
	uint8_t key[KEY_LEN], back[KEY_LEN];
	struct rss_state st;

	memset(&st, 0, sizeof(st));
	TEST_ASSERT_OK(rss_setup(), "setup");
	memset(&c, 0, sizeof(c));
	c.rss_key = back;
	c.rss_key_len = KEY_LEN;
	TEST_ASSERT_OK(rte_eth_dev_rss_hash_conf_get(rx_port, &c), "conf_get");
	TEST_ASSERT_EQ(c.rss_hf, HF_ALL, "rss_hf as configured");
	for (unsigned int i = 0; i < KEY_LEN; i++)
		key[i] = (uint8_t)(i * 29u + 11u);
	c.rss_key = key;
	c.rss_key_len = KEY_LEN;
	c.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_UDP | RTE_ETH_RSS_NONFRAG_IPV6_UDP;
	TEST_ASSERT_OK(rte_eth_dev_rss_hash_update(rx_port, &c), "hash_update");
	memset(back, 0, sizeof(back));
	c.rss_key = back;
	c.rss_hf = 0;
	TEST_ASSERT_OK(rte_eth_dev_rss_hash_conf_get(rx_port, &c), "conf_get");
	TEST_ASSERT_EQ(c.rss_hf, RTE_ETH_RSS_NONFRAG_IPV4_UDP |
		       RTE_ETH_RSS_NONFRAG_IPV6_UDP, "rss_hf read back");
	TEST_ASSERT(memcmp(key, back, KEY_LEN) == 0, "key read back differs");
	TEST_ASSERT_OK(rss_query(&st), "query");
	st.hash_expected = true;
	TEST_ASSERT_OK(rss_traffic(&st, 4096, 1024), "traffic, new key");
	/* A short key is refused. */
	c.rss_key = key;
	c.rss_key_len = 40;
	TEST_ASSERT(rte_eth_dev_rss_hash_update(rx_port, &c) < 0,
		    "40-byte key accepted");
	/* TCP only: UDP frames are not hashed and go to queue 0. */
	c.rss_key = NULL;
	c.rss_key_len = 0;
	c.rss_hf = RTE_ETH_RSS_NONFRAG_IPV4_TCP;
	TEST_ASSERT_OK(rte_eth_dev_rss_hash_update(rx_port, &c), "TCP only");
	st.hash_expected = false;
	TEST_ASSERT_OK(rss_traffic(&st, 1024, 256), "traffic, UDP not hashed");
	TEST_ASSERT_EQ(st.per_queue[0], 1024, "all on queue 0");
	rss_teardown();
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(rss_128_queues_spread),
	TEST_CASE(rss_reta_roundtrip),
	TEST_CASE(rss_hash_roundtrip),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "rss", cases };

	return ethtest_main(&prog, argc, argv);
}
