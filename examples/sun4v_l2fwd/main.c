/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v_l2fwd: the smallest useful application on net_i40e_sun4v, to start
 * from (doc/guides/prog_guide/embedding.rst walks through it).
 *
 * Two ports, l2fwd style: what port 0 receives goes out of port 1 and the
 * reverse, unchanged, on the main lcore.  Pooled mode (dma=pool, the
 * default): each port has its own RX mempool, and since each port also
 * transmits the other's mbufs, the application maps both pools into both
 * ports' IOMMU domains before traffic (rte_pmd_i40e_sun4v_mempool_register),
 * so nothing is mapped on the data path.  At exit it prints the xstats
 * and checks the accounting: every frame received was sent or dropped,
 * the ports' own counters agree with the application's (frames the
 * device put in a ring after the last rx_burst counted apart), and no
 * pool was mapped late.
 *
 * Usage: sun4v_l2fwd [EAL args] -- [-t SECONDS]   (default 5; SIGINT stops)
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_pmd_i40e_sun4v.h>

#define NB_MBUF 8191
#define NB_DESC 512
#define BURST 32

static volatile sig_atomic_t stop;
static uint64_t rx[2], tx[2], dropped[2]; /* rx per port in, tx/dropped per port out */

static void on_signal(int sig) { (void)sig; stop = 1; }

static int
port_init(uint16_t port, struct rte_mempool *rx_pool, struct rte_mempool *other)
{
	struct rte_eth_conf conf = { 0 };
	int rc = rte_eth_dev_configure(port, 1, 1, &conf);

	if (rc == 0)
		rc = rte_eth_rx_queue_setup(port, 0, NB_DESC, rte_eth_dev_socket_id(port),
					    NULL, rx_pool);
	if (rc == 0)
		rc = rte_eth_tx_queue_setup(port, 0, NB_DESC, rte_eth_dev_socket_id(port), NULL);
	/* The port sends the other port's mbufs too: map that pool now. */
	if (rc == 0)
		rc = rte_pmd_i40e_sun4v_mempool_register(port, other);
	if (rc == 0)
		rc = rte_eth_promiscuous_enable(port);
	return rc == 0 ? rte_eth_dev_start(port) : rc;
}

/* Receive a burst on @p in and send it out of @p out; free what does not fit. */
static void
forward(uint16_t in, uint16_t out)
{
	struct rte_mbuf *m[BURST];
	uint16_t n = rte_eth_rx_burst(in, 0, m, BURST), sent;

	if (n == 0)
		return;
	sent = rte_eth_tx_burst(out, 0, m, n);
	rte_pktmbuf_free_bulk(m + sent, n - sent);
	rx[in] += n;
	tx[out] += sent;
	dropped[out] += n - sent;
}

static void
print_xstats(uint16_t port)
{
	int n = rte_eth_xstats_get(port, NULL, 0);
	struct rte_eth_xstat_name names[n > 0 ? n : 1];
	struct rte_eth_xstat xs[n > 0 ? n : 1];
	struct rte_pmd_i40e_sun4v_iommu_footprint fp;

	if (n <= 0 || rte_eth_xstats_get_names(port, names, n) != n ||
	    rte_eth_xstats_get(port, xs, n) != n)
		return;
	printf("port %u xstats:\n", port);
	for (int i = 0; i < n; i++)
		printf("  %-28s %" PRIu64 "\n", names[xs[i].id].name, xs[i].value);
	if (rte_pmd_i40e_sun4v_iommu_footprint_get(port, &fp) == 0)
		printf("  IOMMU: %" PRIu64 " IOTSB entries, %" PRIu64 " mempools, "
		       "%" PRIu64 " mapped late\n", fp.iotsb_entries, fp.mempools,
		       fp.late_registrations);
}

/* Every frame received was sent or dropped, by our counts and the ports'. */
static int
check_accounting(void)
{
	struct rte_pmd_i40e_sun4v_iommu_footprint fp;
	struct rte_eth_stats st[2];
	int bad = 0;

	for (uint16_t p = 0; p < 2; p++)
		if (rte_eth_stats_get(p, &st[p]) != 0)
			return -1;
	for (uint16_t in = 0; in < 2; in++) {
		uint16_t out = in ^ 1;

		printf("port %u -> %u: received %" PRIu64 ", sent %" PRIu64
		       ", dropped %" PRIu64 "\n", in, out, rx[in], tx[out], dropped[out]);
		bad |= rx[in] != tx[out] + dropped[out];
		/* The device counts a frame when it lands in the ring; the
		 * generator may have landed some after our last rx_burst. */
		bad |= st[in].ipackets != rx[in] + (uint64_t)RTE_MAX(
			rte_eth_rx_queue_count(in, 0), 0) ||
		       st[out].opackets != tx[out];
		bad |= rte_pmd_i40e_sun4v_iommu_footprint_get(in, &fp) != 0 ||
		       fp.late_registrations != 0;
	}
	printf("accounting: %s\n", bad ? "MISMATCH" : "exact");
	return bad ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct rte_mempool *pool[2];
	unsigned int seconds = 5;
	uint64_t end;
	int n = rte_eal_init(argc, argv), opt, rc;

	if (n < 0)
		return EXIT_FAILURE;
	while ((opt = getopt(argc - n, argv + n, "t:")) != -1)
		if (opt == 't')
			seconds = (unsigned int)atoi(optarg);
	if (rte_eth_dev_count_avail() != 2) {
		fprintf(stderr, "need exactly 2 ports (--vdev net_i40e_sun4v0,...)\n");
		return EXIT_FAILURE;
	}
	pool[0] = rte_pktmbuf_pool_create("l2fwd_p0", NB_MBUF, 256, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	pool[1] = rte_pktmbuf_pool_create("l2fwd_p1", NB_MBUF, 256, 0,
					  RTE_MBUF_DEFAULT_BUF_SIZE, rte_socket_id());
	if (pool[0] == NULL || pool[1] == NULL)
		return EXIT_FAILURE;
	for (uint16_t p = 0; p < 2; p++) {
		rc = port_init(p, pool[p], pool[p ^ 1]);
		if (rc != 0) {
			fprintf(stderr, "port %u: %s\n", p, rte_strerror(-rc));
			return EXIT_FAILURE;
		}
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	printf("forwarding for %u s\n", seconds);
	end = rte_get_timer_cycles() + seconds * rte_get_timer_hz();
	while (!stop && rte_get_timer_cycles() < end) {
		forward(0, 1);
		forward(1, 0);
	}
	for (uint16_t p = 0; p < 2; p++)
		print_xstats(p);
	rc = check_accounting();
	for (uint16_t p = 0; p < 2; p++) {
		rte_eth_dev_stop(p);
		rte_eth_dev_close(p);
	}
	rte_eal_cleanup();
	return rc == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
