/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: priming, the io-forwarding loop and the drain.
 *
 * Like testpmd's io mode with --tx-first: every port transmits a fixed
 * number of frames per queue, then each forwarding lcore receives a burst
 * on one port and transmits it unchanged on the port wired to it.  Frames
 * the TX queue does not accept are freed and counted (testpmd does the
 * same), so the number of frames in flight can only shrink; the drain
 * after the run accounts for every primed frame.
 *
 * Cycles per packet count only "busy" iterations, the ones that received
 * at least one frame (testpmd's --record-core-cycles rule), so idle polls
 * against a paced wire are not charged to the packets.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_udp.h>

#include "bench.h"
#include "bench_port.h"

/*
 * Distinct UDP source ports of the primed traffic: every frame primed on
 * a port gets its own flow (up to this many), so RSS can spread the
 * frames over all queues of the receiving port.
 */
#define PRIME_FLOWS 16384
#define PRIME_TRIES 1000
#define DRAIN_QUIET_US 20000
#define DRAIN_MAX_US 2000000

/*
 * Streams: for queue q of each wired pair (2i, 2i+1) one stream per
 * direction, owned by lcore q % nb_lcores; streams of one lcore are
 * contiguous in r->streams.
 */
void
bench_run_streams(struct bench_run *r, const unsigned int *lcores,
		  unsigned int nb_lcores, unsigned int burst)
{
	const struct bench_pair *p = r->pair;
	unsigned int n = 0;

	r->nb_lcores = nb_lcores;
	for (unsigned int l = 0; l < nb_lcores; l++) {
		struct bench_lcore *lc = &r->lc[l];

		memset(lc, 0, sizeof(*lc));
		lc->lcore_id = lcores[l];
		lc->burst = burst;
		lc->streams = &r->streams[n];
		for (unsigned int q = l; q < p->nb_queues; q += nb_lcores)
			for (unsigned int i = 0; i < p->nb_ports &&
			     n < BENCH_MAX_STREAMS; i++) {
				struct bench_stream *s = &r->streams[n++];

				memset(s, 0, sizeof(*s));
				s->rx_port = p->port[i];
				s->tx_port = p->port[i ^ 1u];
				s->rx_queue = s->tx_queue = (uint16_t)q;
				lc->nb_streams++;
			}
	}
	r->nb_streams = n;
}

/* Ethernet/IPv4/UDP frame of @p len bytes (CRC excluded), flow @p flow. */
static void
frame_build(struct rte_mbuf *m, unsigned int len, unsigned int port,
	    unsigned int flow)
{
	struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	unsigned int l3 = len - (unsigned int)sizeof(*eth);

	memset(eth, 0, len);
	/* Locally administered unicast addresses: 02:00:00:00:00:<port>. */
	eth->dst_addr.addr_bytes[0] = 0x02;
	eth->dst_addr.addr_bytes[5] = (uint8_t)(port ^ 1u);
	eth->src_addr.addr_bytes[0] = 0x02;
	eth->src_addr.addr_bytes[5] = (uint8_t)port;
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)l3);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(RTE_IPV4(198u, 18u, port, 1u));
	ip->dst_addr = rte_cpu_to_be_32(RTE_IPV4(198u, 19u, port ^ 1u, 1u));
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->src_port = rte_cpu_to_be_16((uint16_t)(1024 + flow));
	udp->dst_port = rte_cpu_to_be_16(9);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(l3 - sizeof(*ip)));
	m->data_len = (uint16_t)len;
	m->pkt_len = len;
}

/* Transmit @p n frames on (port, q), retrying a full queue a little. */
static uint64_t
prime_queue(uint16_t port, uint16_t q, struct rte_mbuf **pkts, unsigned int n)
{
	unsigned int sent = 0;

	for (unsigned int t = 0; t < PRIME_TRIES && sent < n; t++) {
		uint16_t k = rte_eth_tx_burst(port, q, pkts + sent,
					      (uint16_t)(n - sent));

		sent += k;
		if (k == 0)
			rte_delay_us(10);
	}
	if (sent < n)
		rte_pktmbuf_free_bulk(pkts + sent, n - sent);
	return sent;
}

static int
prime_port(struct bench_run *r, unsigned int i, unsigned int size,
	   unsigned int per_queue, unsigned int burst, char *why, size_t len)
{
	const struct bench_pair *p = r->pair;
	struct rte_mempool *pool = r->pool[i];
	struct rte_mbuf *pkts[BENCH_MAX_BURST];
	uint64_t port_sent = 0, port_built = 0;

	/*
	 * A port that did not come up (S7-2), or whose peer did not: frames
	 * sent towards a port that was never started wait in its inbound
	 * FIFO until someone polls it, and nobody will (no stream receives
	 * there), so they would be neither drained nor counted.
	 */
	if (p->queues_up[i] == 0 || p->queues_up[i ^ 1u] == 0)
		return 0;
	for (unsigned int q = 0; q < p->queues_up[i]; q++) {
		for (unsigned int done = 0; done < per_queue; ) {
			unsigned int n = RTE_MIN(burst, per_queue - done);

			if (rte_pktmbuf_alloc_bulk(pool, pkts, n) != 0) {
				snprintf(why, len, "mbuf pool exhausted while "
					 "priming port %u", p->port[i]);
				return -ENOMEM;
			}
			for (unsigned int k = 0; k < n; k++)
				frame_build(pkts[k], size - RTE_ETHER_CRC_LEN,
					    i, (q * per_queue + done + k) %
					    PRIME_FLOWS);
			port_sent += prime_queue(p->port[i], (uint16_t)q, pkts,
						 n);
			port_built += n;
			done += n;
		}
	}
	r->primed += port_sent;
	r->prime_drops += port_built - port_sent;
	if (port_sent == 0) {
		snprintf(why, len, "%s accepted no frame in rte_eth_tx_burst "
			 "while priming", p->name[i]);
		return -EIO;
	}
	return 0;
}

/*
 * The --tx-first step: @p per_queue frames of @p size on every queue of
 * every port whose peer is up, from the port's own pool (r->pool[i]).
 */
int
bench_prime(struct bench_run *r, unsigned int size, unsigned int per_queue,
	    unsigned int burst, char *why, size_t len)
{
	struct rte_mbuf *pkts[BENCH_MAX_BURST];

	/*
	 * Poll every RX queue once first: a receiver may have to post buffers
	 * before its peer can transmit (memif's server->client rings start
	 * empty until the client's first rx_burst).  Nothing was sent yet, so
	 * whatever arrives here is not part of the run.
	 */
	for (unsigned int i = 0; i < r->nb_streams; i++) {
		uint16_t n = rte_eth_rx_burst(r->streams[i].rx_port,
					      r->streams[i].rx_queue, pkts,
					      BENCH_MAX_BURST);

		rte_pktmbuf_free_bulk(pkts, n);
	}
	r->primed = r->prime_drops = 0;
	for (unsigned int i = 0; i < r->pair->nb_ports; i++) {
		int rc = prime_port(r, i, size, per_queue, burst, why, len);

		if (rc != 0)
			return rc;
	}
	return 0;
}

static inline void
counter_add(uint64_t *c, uint64_t v)
{
	__atomic_store_n(c, *c + v, __ATOMIC_RELAXED);
}

/*
 * The forwarding loop of one lcore.  Counters are published with relaxed
 * stores every iteration so the main lcore can snapshot them while the
 * loop runs; each stream and each lcore struct sits on its own cache line.
 */
static int
fwd_lcore_main(void *arg)
{
	struct bench_lcore *lc = arg;
	struct rte_mbuf *pkts[BENCH_MAX_BURST];
	const uint16_t burst = (uint16_t)lc->burst;
	uint64_t prev = rte_rdtsc();

	/* The main lcore reads this thread's CPU time at each snapshot. */
	if (pthread_getcpuclockid(pthread_self(), &lc->cpu_clock) == 0)
		__atomic_store_n(&lc->clock_ok, 1, __ATOMIC_RELEASE);

	while (!lc->stop) {
		uint64_t now, work = 0;

		for (unsigned int i = 0; i < lc->nb_streams; i++) {
			struct bench_stream *s = &lc->streams[i];
			uint16_t nb_rx, nb_tx;

			nb_rx = rte_eth_rx_burst(s->rx_port, s->rx_queue, pkts,
						 burst);
			if (nb_rx == 0)
				continue;
			nb_tx = rte_eth_tx_burst(s->tx_port, s->tx_queue, pkts,
						 nb_rx);
			if (unlikely(nb_tx < nb_rx)) {
				rte_pktmbuf_free_bulk(&pkts[nb_tx],
						      nb_rx - nb_tx);
				counter_add(&s->drops, nb_rx - nb_tx);
			}
			counter_add(&s->rx_pkts, nb_rx);
			counter_add(&s->tx_pkts, nb_tx);
			work += nb_rx;
		}
		now = rte_rdtsc();
		if (work != 0)
			counter_add(&lc->busy_cycles, now - prev);
		counter_add(&lc->all_cycles, now - prev);
		prev = now;
	}
	return 0;
}

/* Sleep @p s seconds in small steps; false when interrupted. */
static bool
sleep_s(double s)
{
	uint64_t end = rte_get_timer_cycles() +
		       (uint64_t)(s * (double)rte_get_timer_hz());
	const struct timespec step = { 0, 5 * 1000 * 1000 };

	while (rte_get_timer_cycles() < end) {
		if (bench_quit)
			return false;
		nanosleep(&step, NULL);
	}
	return true;
}

/*
 * Launch the forwarding lcores, warm up, snapshot, measure, snapshot,
 * stop.  @return 0, -EBUSY if an lcore could not be launched, -EINTR when
 * interrupted (the snapshots are then incomplete).
 */
int
bench_forward(struct bench_run *r, double warmup_s, double time_s)
{
	unsigned int launched = 0;
	int rc = 0;

	for (unsigned int l = 0; l < r->nb_lcores; l++) {
		if (rte_eal_remote_launch(fwd_lcore_main, &r->lc[l],
					  r->lc[l].lcore_id) != 0) {
			rc = -EBUSY;
			break;
		}
		launched++;
	}
	if (rc == 0 && !sleep_s(warmup_s))
		rc = -EINTR;
	if (rc == 0)
		bench_snap_take(r, &r->start);
	/* Two halves, so a caller can tell whether forwarding continued. */
	if (rc == 0 && !sleep_s(time_s / 2))
		rc = -EINTR;
	if (rc == 0)
		bench_snap_take(r, &r->mid);
	if (rc == 0 && !sleep_s(time_s / 2))
		rc = -EINTR;
	if (rc == 0)
		bench_snap_take(r, &r->end);
	for (unsigned int l = 0; l < launched; l++)
		r->lc[l].stop = 1;
	for (unsigned int l = 0; l < launched; l++) {
		rte_eal_wait_lcore(r->lc[l].lcore_id);
		/* The clock dies with the loop; later snapshots skip it. */
		__atomic_store_n(&r->lc[l].clock_ok, 0, __ATOMIC_RELEASE);
	}
	return rc;
}

/*
 * Receive and free whatever is still in flight, until every queue has been
 * quiet for DRAIN_QUIET_US (the simulated device advances only when
 * polled, so polling is what lets paced frames arrive).
 */
void
bench_drain(struct bench_run *r)
{
	struct rte_mbuf *pkts[BENCH_MAX_BURST];
	const uint64_t hz = rte_get_timer_hz();
	uint64_t t0 = rte_get_timer_cycles(), last = t0, now = t0;

	r->drained = 0;
	while ((now - last) * 1000000 / hz < DRAIN_QUIET_US &&
	       (now - t0) * 1000000 / hz < DRAIN_MAX_US) {
		for (unsigned int i = 0; i < r->nb_streams; i++) {
			const struct bench_stream *s = &r->streams[i];
			uint16_t n = rte_eth_rx_burst(s->rx_port, s->rx_queue,
						      pkts, BENCH_MAX_BURST);

			if (n == 0)
				continue;
			rte_pktmbuf_free_bulk(pkts, n);
			r->drained += n;
			last = rte_get_timer_cycles();
		}
		now = rte_get_timer_cycles();
	}
}
