/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-soak: the long run of issue 14 (doc/reliability.md §1.8).
 *
 *   sun4v-soak [seconds, default 600]
 *
 * Two lcores, four ports on root complex 0, two cables:
 *   port 0 legacy dma=map  <->  port 1 legacy dma=pool  (one 64 MB window)
 *   port 2 ATU dma=pool    <->  port 3 ATU dma=map
 * Lcore 1 sends and receives on every port without pause; lcore 0 runs the
 * scenario: every 2 s one action in turn (a fault-injection burst, a
 * stop/start, a queue reconfiguration with RSS, a window exhaustion, a hot
 * detach/attach of a cable), telemetry queries every second, and RSS
 * memory samples.  Before touching a cable the scenario pauses it: lcore 1
 * stops sending on both ends and drains them, so every frame is accounted.
 *
 * At the end (exit status 0 only if all hold):
 *  - exact accounting: frames the application sent = frames it received
 *    + oerrors + ierrors + imissed, summed over every port's lives;
 *  - no mbuf in use, the ports' IOTSB entries back to their first value,
 *    and once all are closed the legacy window empty and the DPDK heap
 *    back to its size before the first probe;
 *  - the log rate bounded (at most SOAK_LOG_MAX lines in any second);
 *  - RSS flat after warm-up (growth at most SOAK_RSS_SLACK_KB).
 * The PMD is linked in (its internal header gives the scenario the
 * device's fault-injection control, as fuzz_pmd_wb reads the rings).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "i40e_sun4v.h"
#include "rte_pmd_i40e_sun4v.h"
#include "sim_board.h"
#include "sun4v_platform.h"
#include "soak.h"

struct soak_port sp[SOAK_PORTS];
static const char *const sp_args[SOAK_PORTS] = {
	"iommu=legacy,dma=map,legacy_window=64,pace=0,peer=net_i40e_sun4v1",
	"iommu=legacy,dma=pool,legacy_window=64,pace=0,peer=net_i40e_sun4v0",
	"iommu=atu,dma=pool,pace=0,peer=net_i40e_sun4v3",
	"iommu=atu,dma=map,pace=0,peer=net_i40e_sun4v2",
};
struct rte_mempool *soak_txp;
static struct sim_board *board;
static int failures;

void
soak_fail(const char *what)
{
	printf("soak: FAIL: %s\n", what);
	failures++;
}

static int
port_conf(struct soak_port *p)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	int rc;

	memset(&conf, 0, sizeof(conf));
	rc = rte_eth_dev_info_get(p->id, &info);
	if (rc == 0 && p->nq > 1) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads;
	}
	if (rc == 0)
		rc = rte_eth_dev_configure(p->id, p->nq, p->nq, &conf);
	for (uint16_t q = 0; rc == 0 && q < p->nq; q++) {
		rc = rte_eth_rx_queue_setup(p->id, q, p->ndesc, 0, NULL,
					    p->rxp);
		if (rc == 0)
			rc = rte_eth_tx_queue_setup(p->id, q, 512, 0, NULL);
	}
	if (rc == 0 && p->idx % 3 != 0) /* the pooled ports: 1, 2 */
		rc = rte_pmd_i40e_sun4v_mempool_register(p->id, soak_txp);
	return rc;
}

static int
port_attach(unsigned int i)
{
	struct soak_port *p = &sp[i];
	int rc = rte_vdev_init(p->name, sp_args[i]);

	if (rc == 0)
		rc = rte_eth_dev_get_port_by_name(p->name, &p->id);
	if (rc == 0)
		rc = port_conf(p);
	if (rc != 0)
		printf("soak: port %u (%s): %s\n", i, sp_args[i], strerror(-rc));
	return rc;
}

/* Fold a life's stats into the port's totals (before a close, at the end). */
static void
port_collect(struct soak_port *p)
{
	struct rte_eth_stats st;

	if (rte_eth_stats_get(p->id, &st) != 0) {
		soak_fail("stats_get");
		return;
	}
	p->oerrors += st.oerrors;
	p->ierrors += st.ierrors;
	p->imissed += st.imissed;
	p->ipackets += st.ipackets;
	p->map_errors += soak_xstat(p->id, "dma_map_errors");
}

static void
port_detach(struct soak_port *p)
{
	port_collect(p);
	if (rte_eth_dev_close(p->id) != 0 || rte_vdev_uninit(p->name) != 0)
		soak_fail("close");
}

/* Stop both ends of a cable (paused), run @p fn, start them again. */
static int
cable_cycle(unsigned int a, int (*fn)(unsigned int a))
{
	int rc = 0;

	soak_pause(a);
	rte_eth_dev_stop(sp[a].id);
	rte_eth_dev_stop(sp[a + 1].id);
	if (fn != NULL)
		rc = fn(a);
	if (rc == 0 && (rte_eth_dev_start(sp[a].id) != 0 ||
			rte_eth_dev_start(sp[a + 1].id) != 0))
		rc = -EIO;
	if (rc != 0) {
		/* Left paused: lcore 1 must not poll a port that is down. */
		printf("soak: cable %u-%u: %s\n", a, a + 1, strerror(-rc));
		soak_fail("cable restart");
		return rc;
	}
	soak_resume(a);
	soak_resume(a + 1);
	return 0;
}

static int
act_reconf(unsigned int a)
{
	static const uint16_t nq[] = { 2, 4, 1 };
	int rc = 0;

	for (unsigned int k = a; rc == 0 && k < a + 2; k++) {
		sp[k].nq = nq[sp[k].reconf++ % RTE_DIM(nq)];
		rc = port_conf(&sp[k]);
	}
	return rc;
}

/* 2 x 4096 RX buffers mapped one by one: more than the window holds. */
static int
act_exhaust(unsigned int a)
{
	(void)a;
	sp[0].nq = 2;
	sp[0].ndesc = 4096;
	return port_conf(&sp[0]);
}

static int
act_unexhaust(unsigned int a)
{
	(void)a;
	sp[0].nq = 1;
	sp[0].ndesc = 512;
	return port_conf(&sp[0]);
}

static int
act_hotplug(unsigned int a)
{
	int rc;

	port_detach(&sp[a]);
	port_detach(&sp[a + 1]);
	sp[a].nq = sp[a + 1].nq = 1;
	rc = port_attach(a);
	return rc != 0 ? rc : port_attach(a + 1);
}

/* The dma=map end of cable @p a: port 0 or port 3. */
static struct sim_board_fn *
map_end_fn(unsigned int a)
{
	struct i40e_sun4v_adapter *ad =
		rte_eth_devices[sp[a == 0 ? 0 : 3].id].data->dev_private;

	return ad->fn;
}

static int
act_inject_on(unsigned int a)
{
	/* One RX write in 512 to the buffer of a ring lap ago, which the
	 * driver has unmapped since (use after unmap: a DMA fault, the
	 * frame dropped with RXE): well below the quarantine rate. */
	struct i40e_sim_inject_conf c = { I40E_SIM_INJECT_STALE, 0, 512 };

	return sim_board_fn_inject_set(map_end_fn(a), &c);
}

static int
act_inject_off(unsigned int a)
{
	return sim_board_fn_inject_set(map_end_fn(a), NULL);
}

/* One scenario action; @p n counts them. */
static void
act(unsigned int n)
{
	unsigned int cable = (n / 5) % 2 == 0 ? 0 : 2;

	switch (n % 5) {
	case 0:
		cable_cycle(cable, act_inject_on);
		rte_delay_ms(300);
		cable_cycle(cable, act_inject_off);
		soak_note("fault burst");
		break;
	case 1: cable_cycle(cable, NULL); soak_note("start/stop"); break;
	case 2: cable_cycle(cable, act_reconf); soak_note("reconfigure"); break;
	case 3:
		cable_cycle(0, act_exhaust);
		rte_delay_ms(1000);
		cable_cycle(0, act_unexhaust);
		soak_note("window exhaustion");
		break;
	default: cable_cycle(cable, act_hotplug); soak_note("hot detach/attach"); break;
	}
}

static int
soak_setup(void)
{
	struct sim_board_conf c;
	char err[256], name[32];

	soak_txp = rte_pktmbuf_pool_create("soak_tx", 8192, 64, 0,
					   RTE_MBUF_DEFAULT_BUF_SIZE, 0);
	for (unsigned int i = 0; i < SOAK_PORTS && soak_txp != NULL; i++) {
		struct soak_port *p = &sp[i];

		p->idx = i;
		p->nq = 1;
		p->ndesc = 512;
		snprintf(p->name, sizeof(p->name), "net_i40e_sun4v%u", i);
		snprintf(name, sizeof(name), "soak_rx%u", i);
		p->rxp = rte_pktmbuf_pool_create(name, i == 0 ? 12288 : 4096,
						 64, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
						 0);
		if (p->rxp == NULL)
			return -ENOMEM;
	}
	if (soak_txp == NULL)
		return -ENOMEM;
	/* A first port's probe allocates what stays for the process (ethdev's
	 * shared port data, ...): probe and close one before the baseline. */
	if (rte_vdev_init("net_i40e_sun4v7", "") != 0 ||
	    rte_vdev_uninit("net_i40e_sun4v7") != 0)
		return -EIO;
	soak_heap_base = soak_heap_bytes();
	for (unsigned int i = 0; i < SOAK_PORTS; i++)
		if (port_attach(i) != 0)
			return -EIO;
	memset(&c, 0, sizeof(c));
	if (sim_board_get(&c, "soak", &board, err, sizeof(err)) != 0) {
		printf("soak: %s\n", err);
		return -EIO;
	}
	for (unsigned int i = 0; i < SOAK_PORTS; i++) {
		sp[i].entries0 = soak_xstat(sp[i].id, "iotsb_entries_used");
		if (rte_eth_dev_start(sp[i].id) != 0)
			return -EIO;
	}
	return 0;
}

uint64_t
soak_legacy_in_use(void)
{
	struct sun4v_table_stats st;

	if (sun4v_table_stats_get(sim_board_platform(board), 0, 0, &st) != 0)
		return UINT64_MAX;
	return st.entries_in_use;
}

/* Everything stopped at the first configuration, then closed. */
static void
soak_teardown(void)
{
	for (unsigned int a = 0; a < SOAK_PORTS; a += 2)
		soak_pause(a);
	for (unsigned int i = 0; i < SOAK_PORTS; i++) {
		rte_eth_dev_stop(sp[i].id);
		sp[i].nq = 1;
		sp[i].ndesc = 512;
		if (port_conf(&sp[i]) != 0)
			soak_fail("back to the first configuration");
		sp[i].entries1 = soak_xstat(sp[i].id, "iotsb_entries_used");
	}
	for (unsigned int i = 0; i < SOAK_PORTS; i++)
		port_detach(&sp[i]);
	soak_legacy_end = soak_legacy_in_use();
	soak_heap_end = soak_heap_bytes();
	sim_board_put(board);
}

int
main(int argc, char **argv)
{
	unsigned int secs = argc > 1 ? (unsigned int)atoi(argv[1]) : 600;
	uint64_t end, next_act, n = 0;

	if (secs == 0 || soak_eal_init(argv[0]) != 0)
		return 2;
	if (soak_setup() != 0) {
		printf("soak: setup failed\n");
		return 1;
	}
	soak_launch_worker();
	soak_started = rte_get_timer_cycles();
	end = soak_started + (uint64_t)secs * rte_get_timer_hz();
	next_act = soak_started + 2 * rte_get_timer_hz();
	while (rte_get_timer_cycles() < end) {
		soak_tick();
		if (rte_get_timer_cycles() >= next_act) {
			act((unsigned int)n++);
			next_act += 2 * rte_get_timer_hz();
		}
		rte_delay_ms(50);
	}
	soak_teardown();
	soak_stop_worker();
	return soak_report(secs, n, failures) == 0 && failures == 0 ? 0 : 1;
}
