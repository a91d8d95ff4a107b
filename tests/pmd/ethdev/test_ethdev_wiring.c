/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Bad wiring fails the probe; a peer that may still come is said so and
 * what is sent into the dead link is counted (issue 14, NIC guide "peer").
 * Cases whose name ends in _cmdline give EAL the ports with --vdev and
 * check what the probes during rte_eal_init() did; the others hot-plug
 * ports with rte_vdev_init(), as an application may.
 *
 *  one_way_cmdline: --vdev 0,peer=1 --vdev 1: port 0 fails (1 is declared
 *      with peer=sink); port 1 exists and is not waited for.
 *  one_way_reverse_cmdline: --vdev 1 --vdev 0,peer=1: port 0 fails (1 is
 *      wired to a sink).
 *  absent_cmdline: --vdev 0,peer=net_i40e_sun4v9: no such --vdev: fails.
 *  not_ours_cmdline: --vdev 0,peer=net_null0 --vdev net_null0 and
 *      --vdev 1,peer=SELF: both i40e_sun4v ports fail, net_null0 exists.
 *  one_way_hotplug: 0,peer=1 hot-plugged (waits), then 1 with the default
 *      sink fails naming port 0; 1 with peer=0 works and both link up.
 *  absent_hotplug_counted: 0,peer=net_i40e_sun4v9 hot-plugged: probe
 *      says the link stays down until that port is hot-plugged; frames
 *      sent are all counted in oerrors and tx_dropped_link_down_packets,
 *      none as a device transmit; once port 9 comes, frames flow.
 *  peer_gone_counted: a pair forwards; once port 1 is closed, everything
 *      port 0 sends is counted as dropped, not as transmitted.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "ethdev_test.h"

#define P0 ETHTEST_PORT0
#define P1 ETHTEST_PORT1
#define P9 "net_i40e_sun4v9"
#define FRAMES 100u

static int
port_exists(const char *name)
{
	uint16_t id;

	return rte_eth_dev_get_port_by_name(name, &id) == 0;
}

static int
log_has(const char *s)
{
	TEST_ASSERT(strstr(ethtest_log_text(), s) != NULL,
		    "log does not say \"%s\":\n%s", s, ethtest_log_text());
	return TEST_SUCCESS;
}

static int
one_way_cmdline(void)
{
	TEST_ASSERT(!port_exists(P0), "port 0 probed with a one-way peer");
	TEST_ASSERT(port_exists(P1), "port 1 missing");
	TEST_ASSERT_OK(log_has("bad devarg peer=" P1), "key and value");
	TEST_ASSERT_OK(log_has(P1 " is declared with peer=sink"), "why");
	return TEST_SUCCESS;
}

static int
one_way_reverse_cmdline(void)
{
	TEST_ASSERT(!port_exists(P0), "port 0 probed with a one-way peer");
	TEST_ASSERT(port_exists(P1), "port 1 missing");
	TEST_ASSERT_OK(log_has("bad devarg peer=" P1), "key and value");
	TEST_ASSERT_OK(log_has("is not wired back"), "why");
	return TEST_SUCCESS;
}

static int
absent_cmdline(void)
{
	TEST_ASSERT(!port_exists(P0), "port 0 probed with an absent peer");
	TEST_ASSERT_OK(log_has("bad devarg peer=" P9 ": no such port"), "why");
	return TEST_SUCCESS;
}

static int
not_ours_cmdline(void)
{
	TEST_ASSERT(!port_exists(P0), "peer=net_null0 accepted");
	TEST_ASSERT(!port_exists(P1), "peer=SELF accepted");
	TEST_ASSERT(port_exists("net_null0"), "net_null0 missing");
	TEST_ASSERT_OK(log_has("peer=\"net_null0\""), "net_null0");
	TEST_ASSERT_OK(log_has("peer=\"SELF\""), "SELF");
	return TEST_SUCCESS;
}

/* Configure one RX/TX queue on @p port and start it. */
static int
start(uint16_t port, struct rte_mempool *mp)
{
	struct ethtest_qconf qc = { .nb_rxq = 1, .nb_txq = 1, .mp = mp };

	TEST_ASSERT_OK(ethtest_port_setup(port, &qc), "setup %u", port);
	TEST_ASSERT_OK(rte_eth_dev_start(port), "start %u", port);
	return TEST_SUCCESS;
}

static int
link_status(uint16_t port)
{
	struct rte_eth_link l;

	memset(&l, 0, sizeof(l));
	rte_eth_link_get_nowait(port, &l);
	return l.link_status;
}

static int
close_port(uint16_t port, const char *name)
{
	TEST_ASSERT_OK(rte_eth_dev_stop(port), "stop %s", name);
	TEST_ASSERT_OK(rte_eth_dev_close(port), "close %s", name);
	TEST_ASSERT_OK(rte_vdev_uninit(name), "uninit %s", name);
	return TEST_SUCCESS;
}

static int
one_way_hotplug(void)
{
	struct rte_mempool *mp = ethtest_pool("ow_pool", 4095, ETHTEST_ROOM);
	uint16_t a, b;

	TEST_ASSERT(mp != NULL, "pool");
	ethtest_log_capture();
	TEST_ASSERT_OK(ethtest_port_create(P0, "peer=" P1, &a), "A waits");
	TEST_ASSERT_EQ(ethtest_port_create(P1, "", &b), -EINVAL, "B to sink");
	TEST_ASSERT_OK(log_has(P1 ": bad devarg peer=sink (the default)"),
		       "key and value");
	TEST_ASSERT_OK(log_has(P0 " waits for it"), "names the waiter");
	TEST_ASSERT_EQ(ethtest_port_create(P1, "peer=self", &b), -EINVAL,
		       "B to self");
	TEST_ASSERT_OK(ethtest_port_create(P1, "peer=" P0, &b), "B to A");
	TEST_ASSERT_OK(start(a, mp), "A");
	TEST_ASSERT_OK(start(b, mp), "B");
	TEST_ASSERT_EQ(link_status(a), RTE_ETH_LINK_UP, "A up");
	TEST_ASSERT_OK(close_port(b, P1), "B");
	TEST_ASSERT_OK(close_port(a, P0), "A");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

/* Send FRAMES from @p tx (nothing received): all must be counted as
 * dropped on the dead link, none as a device transmit. */
static int
send_into_dead_link(uint16_t tx, struct rte_mempool *mp)
{
	struct ethtest_traffic t = {
		.tx_port = tx, .rx_port = tx, .nb_rxq = 1, .mp = mp,
		.count = FRAMES,
	};
	uint64_t x0 = ethtest_xstat(tx, "tx_dropped_link_down_packets");
	struct ethtest_fwd r;

	TEST_ASSERT(x0 != UINT64_MAX, "no xstat tx_dropped_link_down_packets");
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "forward");
	ethtest_fwd_print("dead link", &r);
	TEST_ASSERT_EQ(r.sent, FRAMES, "sent");
	TEST_ASSERT_EQ(r.received, 0, "received");
	TEST_ASSERT_EQ(r.oerrors, FRAMES, "oerrors");
	TEST_ASSERT_EQ(ethtest_xstat(tx, "tx_dropped_link_down_packets") - x0,
		       FRAMES, "tx_dropped_link_down_packets");
	TEST_ASSERT_EQ(link_status(tx), RTE_ETH_LINK_DOWN, "link");
	return TEST_SUCCESS;
}

static int
absent_hotplug_counted(void)
{
	struct rte_mempool *mp = ethtest_pool("ab_pool", 4095, ETHTEST_ROOM);
	struct ethtest_traffic t = { .nb_rxq = 1, .count = FRAMES };
	struct ethtest_fwd r;
	uint16_t a, b;

	TEST_ASSERT(mp != NULL, "pool");
	ethtest_log_capture();
	TEST_ASSERT_OK(ethtest_port_create(P0, "peer=" P9, &a), "A");
	TEST_ASSERT_OK(log_has(P0 ": peer=" P9 " does not exist yet"), "probe");
	TEST_ASSERT_OK(log_has("hot-plugged"), "says it may come");
	TEST_ASSERT_OK(start(a, mp), "A");
	TEST_ASSERT_OK(log_has(P0 ": started, but peer=" P9 " is not there"),
		       "start");
	TEST_ASSERT_OK(send_into_dead_link(a, mp), "before the peer");
	/* "Not yet", not "never": the peer comes and frames flow. */
	TEST_ASSERT_OK(ethtest_port_create(P9, "peer=" P0, &b), "peer comes");
	TEST_ASSERT_OK(start(b, mp), "B");
	TEST_ASSERT_EQ(link_status(a), RTE_ETH_LINK_UP, "A up");
	t.tx_port = a;
	t.rx_port = b;
	t.mp = mp;
	TEST_ASSERT_OK(ethtest_forward(&t, &r), "forward");
	TEST_ASSERT_EQ(r.received, FRAMES, "received once the peer came");
	TEST_ASSERT_OK(close_port(b, P9), "B");
	TEST_ASSERT_OK(close_port(a, P0), "A");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

static int
peer_gone_counted(void)
{
	struct ethtest_pair p;

	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, &p), "pair");
	TEST_ASSERT_OK(close_port(p.p1, P1), "port 1 goes");
	TEST_ASSERT_OK(send_into_dead_link(p.p0, p.mp), "after the peer left");
	TEST_ASSERT_OK(close_port(p.p0, P0), "port 0");
	rte_mempool_free(p.mp);
	return TEST_SUCCESS;
}

static const char *const *
vdevs(const char *name)
{
	static const struct {
		const char *name;
		const char *const v[3];
	} t[] = {
		{ "one_way_cmdline", { P0 ",peer=" P1, P1, NULL } },
		{ "one_way_reverse_cmdline", { P1, P0 ",peer=" P1, NULL } },
		{ "absent_cmdline", { P0 ",peer=" P9, NULL, NULL } },
		{ "not_ours_cmdline", { P0 ",peer=net_null0", "net_null0",
					P1 ",peer=SELF" } },
	};
	static const char *four[4];

	for (size_t i = 0; i < RTE_DIM(t); i++) {
		if (strcmp(t[i].name, name) != 0)
			continue;
		memcpy(four, t[i].v, sizeof(t[i].v));
		return four;
	}
	return NULL;
}

static const struct test_case cases[] = {
	TEST_CASE(one_way_cmdline),
	TEST_CASE(one_way_reverse_cmdline),
	TEST_CASE(absent_cmdline),
	TEST_CASE(not_ours_cmdline),
	TEST_CASE(one_way_hotplug),
	TEST_CASE(absent_hotplug_counted),
	TEST_CASE(peer_gone_counted),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = {
		.name = "wiring", .cases = cases, .vdevs = vdevs,
	};

	return ethtest_main(&prog, argc, argv);
}
