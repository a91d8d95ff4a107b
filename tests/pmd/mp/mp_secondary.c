/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A secondary process against a running primary that forwards on two
 * net_i40e_sun4v ports (test_mp_secondary_ops.sh starts it).  Plain
 * ethdev API, as any application would use it:
 *
 * - both ports attached, driver net_i40e_sun4v, info readable;
 * - stats come from the primary and move while it forwards;
 * - configure, queue setup, start, stop, MTU, MAC change, queue stop,
 *   link down and reset return -ENOTSUP and leave the port as it was: the primary keeps
 *   forwarding (its counters still move afterwards) and the port's
 *   shared configuration (queue counts, MTU) is unchanged;
 * - promiscuous mode is switched by the primary on the secondary's behalf;
 * - the bursts return 0; closing the port in the secondary succeeds.
 *
 * Usage: mp_secondary <EAL arguments for a secondary, with -d PMD>
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_ethdev.h>

#include "test_assert.h"

#define NB_PORTS 2u

static struct rte_eth_stats stats_before[NB_PORTS];
static struct rte_eth_dev_info info_before[NB_PORTS];

static int
case_attached(void)
{
	TEST_ASSERT_EQ(rte_eth_dev_count_avail(), NB_PORTS,
		       "the primary's two ports are attached");
	for (uint16_t p = 0; p < NB_PORTS; p++) {
		struct rte_eth_dev_info *di = &info_before[p];

		TEST_ASSERT_OK(rte_eth_dev_info_get(p, di), "port %u info", p);
		TEST_ASSERT(strcmp(di->driver_name, "net_i40e_sun4v") == 0,
			    "port %u driver %s", p, di->driver_name);
		TEST_ASSERT(di->nb_rx_queues >= 1 && di->nb_tx_queues >= 1,
			    "port %u: the primary's queues are visible", p);
	}
	return TEST_SUCCESS;
}

/* Stats of every port, read again until each moved past @p base. */
static int
wait_moving(struct rte_eth_stats *now, const struct rte_eth_stats *base)
{
	for (unsigned int tries = 0; tries < 50; tries++) {
		bool all = true;

		for (uint16_t p = 0; p < NB_PORTS; p++) {
			TEST_ASSERT_OK(rte_eth_stats_get(p, &now[p]),
				       "port %u stats", p);
			all = all && now[p].ipackets > base[p].ipackets &&
			      now[p].opackets > base[p].opackets;
		}
		if (all)
			return TEST_SUCCESS;
		usleep(100 * 1000);
	}
	TEST_ASSERT(false, "counters did not move in 5 s: port 0 rx %" PRIu64
		    " -> %" PRIu64, base[0].ipackets, now[0].ipackets);
	return TEST_FAILED;
}

static int
case_stats_from_primary(void)
{
	struct rte_eth_stats zero[NB_PORTS];

	memset(zero, 0, sizeof(zero));
	return wait_moving(stats_before, zero);
}

/* Every operation that needs the device: -ENOTSUP, nothing changed. */
static int
case_device_ops_refused(void)
{
	struct rte_eth_conf conf;
	struct rte_ether_addr mac = {
		.addr_bytes = { 0x02, 0, 0, 0, 0, 0x42 },
	};
	struct rte_mbuf *pkts[4];

	memset(&conf, 0, sizeof(conf));
	for (uint16_t p = 0; p < NB_PORTS; p++) {
		TEST_ASSERT_EQ(rte_eth_dev_configure(p, 1, 1, &conf), -ENOTSUP,
			       "port %u configure", p);
		TEST_ASSERT_EQ(rte_eth_rx_queue_setup(p, 0, 512, 0, NULL, NULL),
			       -ENOTSUP, "port %u rx queue setup", p);
		TEST_ASSERT_EQ(rte_eth_tx_queue_setup(p, 0, 512, 0, NULL),
			       -ENOTSUP, "port %u tx queue setup", p);
		TEST_ASSERT_EQ(rte_eth_dev_start(p), -ENOTSUP,
			       "port %u start", p);
		TEST_ASSERT_EQ(rte_eth_dev_stop(p), -ENOTSUP,
			       "port %u stop", p);
		TEST_ASSERT_EQ(rte_eth_dev_set_mtu(p, 1400), -ENOTSUP,
			       "port %u mtu", p);
		TEST_ASSERT_EQ(rte_eth_dev_default_mac_addr_set(p, &mac),
			       -ENOTSUP, "port %u mac", p);
		TEST_ASSERT_EQ(rte_eth_dev_rx_queue_stop(p, 0), -ENOTSUP,
			       "port %u rx queue stop", p);
		TEST_ASSERT_EQ(rte_eth_dev_set_link_down(p), -ENOTSUP,
			       "port %u link down", p);
		TEST_ASSERT_EQ(rte_eth_dev_reset(p), -ENOTSUP,
			       "port %u reset", p);
		TEST_ASSERT_EQ(rte_eth_rx_burst(p, 0, pkts, 4), 0,
			       "port %u rx burst", p);
		TEST_ASSERT_EQ(rte_eth_tx_burst(p, 0, pkts, 0), 0,
			       "port %u tx burst", p);
	}
	return TEST_SUCCESS;
}

/* Promiscuous mode is the device's: the primary's op sets it, the
 * shared flag follows.  Left on, as testpmd set it (its frames are not
 * addressed to the ports). */
static int
case_promiscuous_through_primary(void)
{
	for (uint16_t p = 0; p < NB_PORTS; p++) {
		TEST_ASSERT_EQ(rte_eth_promiscuous_get(p), 1,
			       "port %u: testpmd turned it on", p);
		TEST_ASSERT_OK(rte_eth_promiscuous_disable(p), "port %u", p);
		TEST_ASSERT_EQ(rte_eth_promiscuous_get(p), 0, "port %u", p);
		TEST_ASSERT_OK(rte_eth_promiscuous_enable(p), "port %u", p);
		TEST_ASSERT_EQ(rte_eth_promiscuous_get(p), 1, "port %u", p);
	}
	return TEST_SUCCESS;
}

/* The refusals left the primary's port alone: same shape, still moving. */
static int
case_primary_undisturbed(void)
{
	struct rte_eth_stats now[NB_PORTS];
	uint16_t mtu;

	for (uint16_t p = 0; p < NB_PORTS; p++) {
		struct rte_eth_dev_info di;

		TEST_ASSERT_OK(rte_eth_dev_info_get(p, &di), "port %u", p);
		TEST_ASSERT_EQ(di.nb_rx_queues, info_before[p].nb_rx_queues,
			       "port %u rx queues", p);
		TEST_ASSERT_EQ(di.nb_tx_queues, info_before[p].nb_tx_queues,
			       "port %u tx queues", p);
		TEST_ASSERT_OK(rte_eth_dev_get_mtu(p, &mtu), "port %u", p);
		TEST_ASSERT_EQ(mtu, 1500, "port %u mtu unchanged", p);
	}
	return wait_moving(now, stats_before);
}

static int
case_close(void)
{
	for (uint16_t p = 0; p < NB_PORTS; p++)
		TEST_ASSERT_OK(rte_eth_dev_close(p), "port %u close", p);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(case_attached),
	TEST_CASE(case_stats_from_primary),
	TEST_CASE(case_device_ops_refused),
	TEST_CASE(case_promiscuous_through_primary),
	TEST_CASE(case_primary_undisturbed),
	TEST_CASE(case_close),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	int rc;

	if (rte_eal_init(argc, argv) < 0) {
		fprintf(stderr, "FAIL: EAL init as a secondary failed\n");
		return 1;
	}
	if (rte_eal_process_type() != RTE_PROC_SECONDARY) {
		fprintf(stderr, "FAIL: not a secondary (--proc-type?)\n");
		rte_eal_cleanup();
		return 1;
	}
	rc = test_run_cases("mp_secondary", cases);
	rte_eal_cleanup();
	return rc;
}
