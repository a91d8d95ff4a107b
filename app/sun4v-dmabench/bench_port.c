/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: creating, starting and releasing the ports of a row.
 *
 * Every row creates its ports with rte_vdev_init() (rte_eth_from_rings()
 * for the ring pair, which calls it internally), and releases everything
 * with rte_eth_dev_stop()/rte_eth_dev_close()/rte_vdev_uninit(), so one
 * process can run any number of rows.  Port 2i is wired to port 2i+1.
 *
 *  - net_i40e_sun4v: `iommu=,dma=,peer=<other port>,speed=,pace=,hv_lat_ns=,
 *    rc=0,iotlb=,engine=` (issue 5 devargs, engine from --engine); all ports on root complex 0, like the
 *    ports of one adapter, so a legacy window is shared between them.
 *  - net_memif: a server and a client in this one process.  memif keys
 *    its sockets by the socket string, so the client names the server's
 *    socket file through a different spelling of the same path ("/./");
 *    the file lives in this run's EAL runtime directory.
 *  - net_ring: port 2i transmits into its own rings, which port 2i+1
 *    receives from, and the other way round (one ring per port and
 *    queue).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus_vdev.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_ring.h>

#include "bench.h"
#include "bench_port.h"

#define LINK_WAIT_MS 3000

/* Record why a step failed and return @p rc (a negative errno). */
static int __rte_format_printf(4, 5)
fail(char *why, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return rc;
}

/*
 * The last line the PMD logged for @p name while probing, so a refused
 * probe says why (e.g. "conflicting devargs: ...") in the report.
 */
static void
probe_log_reason(const char *log, size_t n, const char *name, char *out,
		 size_t len)
{
	const char *line = log, *end = log + n, *best = NULL;
	size_t best_len = 0;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t l = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);

		if (memmem(line, l, name, strlen(name)) != NULL) {
			best = line;
			best_len = l;
		}
		line += l + 1;
	}
	if (best != NULL)
		snprintf(out, len, "%.*s", (int)best_len, best);
}

/* Create one vdev (its probe log captured) and look up its port id. */
static int
vdev_create(struct bench_pair *p, unsigned int i, const char *name,
	    const char *args, char *why, size_t len)
{
	char *log = NULL, said[BENCH_REASON_LEN] = "";
	FILE *prev = rte_log_get_stream();
	size_t n = 0;
	FILE *f = open_memstream(&log, &n);
	int rc;

	snprintf(p->name[i], sizeof(p->name[i]), "%s", name);
	if (f != NULL)
		rte_openlog_stream(f);
	rc = rte_vdev_init(name, args);
	if (f != NULL) {
		rte_openlog_stream(prev);
		fclose(f);
		probe_log_reason(log, n, name, said, sizeof(said));
		/* Nothing is hidden: the lines go where they would have gone
		 * (possibly a capture of the caller's, see bench_scenario.c). */
		if (n > 0 && prev != NULL) {
			fputs(log, prev);
			fflush(prev);
		}
	}
	free(log);
	if (rc != 0)
		return fail(why, len, rc < 0 ? rc : -EIO, "rte_vdev_init(%s) "
			    "failed: %d: %s", name, rc, said[0] != '\0' ? said :
			    "probe refused the devargs or no such driver");
	p->created[i] = true;
	rc = rte_eth_dev_get_port_by_name(name, &p->port[i]);
	if (rc != 0)
		return fail(why, len, -ENODEV, "%s probed but has no ethdev "
			    "port (%d)", name, rc);
	return 0;
}

int
bench_pair_create_sun4v(struct bench_pair *p, unsigned int nb_ports,
			const struct bench_sun4v_conf *c, char *why,
			size_t len)
{
	char name[64], args[256];
	int rc = 0;

	memset(p, 0, sizeof(*p));
	p->kind = BENCH_KIND_SUN4V;
	p->nb_ports = nb_ports;
	for (unsigned int i = 0; i < nb_ports && rc == 0; i++) {
		snprintf(name, sizeof(name), "net_i40e_sun4v%u", i);
		snprintf(args, sizeof(args),
			 "iommu=%s,dma=%s,peer=net_i40e_sun4v%u,speed=%uG,"
			 "pace=%d,hv_lat_ns=%" PRIu64 ",rc=0,iotlb=%u,engine=%s",
			 bench_iommu_name(c->iommu), bench_dma_name(c->dma),
			 i ^ 1u, c->speed_gbps, c->pace ? 1 : 0, c->hv_lat_ns,
			 c->iotlb, bench_engine_name(c->engine));
		if (c->legacy_window_mb != 0)
			snprintf(args + strlen(args), sizeof(args) - strlen(args),
				 ",legacy_window=%u", c->legacy_window_mb);
		snprintf(p->devargs[i], sizeof(p->devargs[i]), "%s,%s", name,
			 args);
		rc = vdev_create(p, i, name, args, why, len);
	}
	return rc;
}

/* memif sockets must fit sockaddr_un.sun_path (108 bytes). */
#define MEMIF_SOCK_MAX 100

int
bench_pair_create_memif(struct bench_pair *p, unsigned int ring_log2,
			char *why, size_t len)
{
	const char *rt = rte_eal_get_runtime_dir();
	char args[2][256];
	int rc;

	memset(p, 0, sizeof(*p));
	p->kind = BENCH_KIND_MEMIF;
	p->nb_ports = 2;
	if (strlen(rt) + sizeof("/./memif.sock") > MEMIF_SOCK_MAX)
		return fail(why, len, -ENAMETOOLONG, "runtime dir %s too long "
			    "for a memif socket path (%d bytes max)", rt,
			    MEMIF_SOCK_MAX);
	snprintf(args[0], sizeof(args[0]), "role=server,id=0,rsize=%u,"
		 "socket=%s/memif.sock,socket-abstract=no", ring_log2, rt);
	snprintf(args[1], sizeof(args[1]), "role=client,id=0,rsize=%u,"
		 "socket=%s/./memif.sock,socket-abstract=no", ring_log2, rt);
	for (unsigned int i = 0; i < 2; i++)
		snprintf(p->devargs[i], sizeof(p->devargs[i]), "net_memif%u,%s",
			 i, args[i]);
	rc = vdev_create(p, 0, "net_memif0", args[0], why, len);
	if (rc == 0)
		rc = vdev_create(p, 1, "net_memif1", args[1], why, len);
	return rc;
}

static int
ring_pair_rings(struct bench_pair *p, unsigned int nq, unsigned int size,
		char *why, size_t len)
{
	char name[RTE_RING_NAMESIZE];

	for (unsigned int i = 0; i < p->nb_ports; i++) {
		for (unsigned int q = 0; q < nq; q++) {
			snprintf(name, sizeof(name), "dmab_tx%u_%u", i, q);
			/* Exact size: the ring must hold every primed frame. */
			p->rings[i][q] = rte_ring_create(name, size,
				rte_socket_id(), RING_F_SP_ENQ |
				RING_F_SC_DEQ | RING_F_EXACT_SZ);
			if (p->rings[i][q] == NULL)
				return fail(why, len, -rte_errno,
					    "rte_ring_create(%s) failed: %d",
					    name, rte_errno);
		}
	}
	return 0;
}

int
bench_pair_create_ring(struct bench_pair *p, unsigned int nb_ports,
		       unsigned int nq, unsigned int ring_size, char *why,
		       size_t len)
{
	char base[32];
	int rc, port;

	memset(p, 0, sizeof(*p));
	p->kind = BENCH_KIND_RING;
	p->nb_ports = nb_ports;
	rc = ring_pair_rings(p, nq, ring_size, why, len);
	for (unsigned int i = 0; i < nb_ports && rc == 0; i++) {
		/* Port i transmits into its own rings, receives its peer's. */
		snprintf(base, sizeof(base), "dmabench%u", i);
		port = rte_eth_from_rings(base, p->rings[i ^ 1u], nq,
					  p->rings[i], nq, rte_socket_id());
		if (port < 0)
			return fail(why, len, -rte_errno, "rte_eth_from_rings"
				    "(%s) failed: %d", base, rte_errno);
		snprintf(p->name[i], sizeof(p->name[i]), "net_ring_%s", base);
		snprintf(p->devargs[i], sizeof(p->devargs[i]),
			 "rte_eth_from_rings(%s)", base);
		p->created[i] = true;
		p->port[i] = (uint16_t)port;
	}
	return rc;
}

/* Capability check, then configure (RSS across queues when > 1). */
int
bench_port_configure(uint16_t port, unsigned int nq, bool one_pool, char *why,
		     size_t len)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	int rc;

	memset(&conf, 0, sizeof(conf));
	rc = rte_eth_dev_info_get(port, &info);
	if (rc != 0)
		return fail(why, len, rc, "port %u: rte_eth_dev_info_get: %d",
			    port, rc);
	if (info.max_rx_queues < nq || info.max_tx_queues < nq) {
		return fail(why, len, -ENOTSUP, "%s reports max_rx_queues=%u "
			    "max_tx_queues=%u, %u needed (rx/tx not available)",
			    info.driver_name, info.max_rx_queues,
			    info.max_tx_queues, nq);
	}
	if (nq > 1 && info.flow_type_rss_offloads != 0) {
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads &
			(RTE_ETH_RSS_IP | RTE_ETH_RSS_UDP | RTE_ETH_RSS_TCP);
	}
	/* One pool, direct mbufs with refcnt 1: the promise FAST_FREE asks
	 * for, taken where offered (as testpmd does). */
	if (one_pool && (info.tx_offload_capa &
			 RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE))
		conf.txmode.offloads |= RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE;
	rc = rte_eth_dev_configure(port, (uint16_t)nq, (uint16_t)nq, &conf);
	if (rc != 0)
		return fail(why, len, rc, "port %u: rte_eth_dev_configure(%u "
			    "queues): %d (%s)", port, nq, rc, strerror(-rc));
	return 0;
}

/* RX and TX queue @p q with @p rxd / @p txd descriptors (as adjusted). */
int
bench_port_queue_setup(uint16_t port, unsigned int q, unsigned int rxd,
		       unsigned int txd, struct rte_mempool *pool, char *why,
		       size_t len)
{
	uint16_t nb_rxd = (uint16_t)rxd, nb_txd = (uint16_t)txd;
	int sock = rte_eth_dev_socket_id(port);
	int rc;

	if (sock < 0)
		sock = (int)rte_socket_id();
	rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nb_rxd, &nb_txd);
	if (rc != 0)
		return fail(why, len, rc, "port %u: adjust_nb_rx_tx_desc: %d",
			    port, rc);
	rc = rte_eth_rx_queue_setup(port, (uint16_t)q, nb_rxd,
				    (unsigned int)sock, NULL, pool);
	if (rc != 0)
		return fail(why, len, rc, "rte_eth_rx_queue_setup(port %u, "
			    "q%u, %u desc) failed: %d (%s)", port, q, nb_rxd,
			    rc, strerror(-rc));
	rc = rte_eth_tx_queue_setup(port, (uint16_t)q, nb_txd,
				    (unsigned int)sock, NULL);
	if (rc != 0)
		return fail(why, len, rc, "rte_eth_tx_queue_setup(port %u, "
			    "q%u, %u desc) failed: %d (%s)", port, q, nb_txd,
			    rc, strerror(-rc));
	return 0;
}

/* Wait until every port reports link up (memif connects asynchronously). */
int
bench_links_wait(const struct bench_pair *p, char *why, size_t len)
{
	struct rte_eth_link link;

	for (unsigned int ms = 0; ms <= LINK_WAIT_MS; ms += 10) {
		unsigned int up = 0, started = 0;

		for (unsigned int i = 0; i < p->nb_ports; i++) {
			if (!p->started[i])
				continue;
			started++;
			memset(&link, 0, sizeof(link));
			if (rte_eth_link_get_nowait(p->port[i], &link) == 0 &&
			    link.link_status == RTE_ETH_LINK_UP)
				up++;
		}
		if (up == started)
			return 0;
		rte_delay_ms(10);
	}
	snprintf(why, len, "link not up on every port after %d ms",
		 LINK_WAIT_MS);
	return -ETIMEDOUT;
}

int
bench_pair_start(struct bench_pair *p, unsigned int nq, unsigned int desc,
		 struct rte_mempool *pool, char *why, size_t len)
{
	int rc = 0;

	p->nb_queues = nq;
	for (unsigned int i = 0; i < p->nb_ports && rc == 0; i++) {
		rc = bench_port_configure(p->port[i], nq, true, why, len);
		for (unsigned int q = 0; q < nq && rc == 0; q++)
			rc = bench_port_queue_setup(p->port[i], q, desc, desc,
						    pool, why, len);
	}
	for (unsigned int i = 0; i < p->nb_ports && rc == 0; i++) {
		rc = rte_eth_dev_start(p->port[i]);
		if (rc != 0) {
			snprintf(why, len, "rte_eth_dev_start(%s): %d (%s)",
				 p->name[i], rc, strerror(-rc));
			break;
		}
		p->started[i] = true;
		p->queues_up[i] = nq;
		/* io forwarding keeps any address: accept every frame. */
		rc = rte_eth_promiscuous_enable(p->port[i]);
		if (rc == -ENOTSUP)
			rc = 0;
	}
	if (rc == 0)
		rc = bench_links_wait(p, why, len);
	return rc;
}

void
bench_pair_destroy(struct bench_pair *p)
{
	for (unsigned int i = 0; i < p->nb_ports; i++)
		if (p->started[i])
			rte_eth_dev_stop(p->port[i]);
	for (unsigned int i = 0; i < p->nb_ports; i++) {
		if (!p->created[i])
			continue;
		rte_eth_dev_close(p->port[i]);
		rte_vdev_uninit(p->name[i]);
		p->created[i] = p->started[i] = false;
	}
	for (unsigned int i = 0; i < BENCH_MAX_PORTS; i++)
		for (unsigned int q = 0; q < BENCH_MAX_RING_QUEUES; q++) {
			rte_ring_free(p->rings[i][q]);
			p->rings[i][q] = NULL;
		}
}
