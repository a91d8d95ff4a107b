/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared helpers of the net_i40e_sun4v ethdev tests (ethdev_test.h).
 */
#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_bus_vdev.h>
#include <rte_byteorder.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_service.h>
#include <rte_udp.h>

#include "ethdev_test.h"

#define BURST 32u
#define MAX_FRAME 9728u
#define MAX_QUEUES 128u
#define PAYLOAD_OFF (RTE_ETHER_HDR_LEN + sizeof(struct rte_ipv4_hdr) + \
		     sizeof(struct rte_udp_hdr))

static const char *plugin;
static bool engine_service;

const char *
ethtest_plugin(void)
{
	return plugin;
}

bool
ethtest_engine_service(void)
{
	return engine_service;
}

/* EAL refuses a plugin it cannot stat; say so before EAL's terse line. */
static int
plugin_usable(const char *path)
{
	struct stat st;

	if (path[0] != '/') {
		fprintf(stderr, "plugin path %s is not absolute\n", path);
		return -1;
	}
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "plugin %s missing: build it first "
			"(ninja drivers/librte_net_i40e_sun4v.so)\n", path);
		return -1;
	}
	return 0;
}

/* argv[3]: engine=inline (also the default) or engine=service. */
static int
engine_arg(int argc, char **argv)
{
	if (argc < 4 || strcmp(argv[3], "engine=inline") == 0)
		engine_service = false;
	else if (strcmp(argv[3], "engine=service") == 0)
		engine_service = true;
	else {
		fprintf(stderr, "%s: third argument %s is neither "
			"engine=inline nor engine=service\n", argv[0], argv[3]);
		return -1;
	}
	return 0;
}

/*
 * The EAL lcore options of @p prog: its own lcores, and with
 * engine=service one service lcore more.  The machine has 2 CPUs: a
 * one-lcore program gets the service lcore on the other CPU; a program
 * that already uses both CPUs ("0,1") shares CPU 0 with it.
 */
static int
lcore_args(const struct ethtest_prog *prog, char **opt)
{
	const char *lcores = prog->lcores != NULL ? prog->lcores : "0";

	if (!engine_service) {
		opt[0] = "-l";
		opt[1] = (char *)lcores;
		opt[2] = NULL;
		opt[3] = NULL;
		return 2;
	}
	opt[0] = "--lcores";
	opt[2] = "-S";
	if (strcmp(lcores, "0") == 0) {
		opt[1] = "0@0,1@1";
		opt[3] = "1";
	} else if (strcmp(lcores, "0,1") == 0) {
		opt[1] = "0@0,1@1,2@0";
		opt[3] = "2";
	} else {
		fprintf(stderr, "%s: no engine=service lcore layout for "
			"lcores %s\n", prog->name, lcores);
		return -1;
	}
	return 4;
}

static char *logbuf;
static size_t loglen;
static FILE *logf;

/* Give the capture stream back (a new capture starts empty). */
static void
log_capture_end(void)
{
	if (logf == NULL)
		return;
	rte_openlog_stream(NULL);
	fclose(logf);
	free(logbuf);
	logf = NULL;
	logbuf = NULL;
	loglen = 0;
}

void
ethtest_log_capture(void)
{
	log_capture_end();
	logf = open_memstream(&logbuf, &loglen);
	rte_openlog_stream(logf);
}

const char *
ethtest_log_text(void)
{
	if (logf != NULL)
		fflush(logf);
	return logbuf != NULL ? logbuf : "";
}

unsigned int
ethtest_count(const char *text, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = strstr(text, needle); p != NULL;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

int
ethtest_main(const struct ethtest_prog *prog, int argc, char **argv)
{
	char prefix[96], rundir[PATH_MAX];
	const struct test_case *c;
	struct test_case one[2] = { { NULL, NULL }, { NULL, NULL } };
	char *eal[40], *lc[4];
	const char *const *vdevs;
	int rc, n = 0, nlc;

	if (argc != 3 && argc != 4) {
		fprintf(stderr, "usage: %s <case> <librte_net_i40e_sun4v.so> "
			"[engine=inline|engine=service]\n", argv[0]);
		return 1;
	}
	for (c = prog->cases; c->name != NULL; c++)
		if (strcmp(c->name, argv[1]) == 0)
			break;
	if (c->name == NULL) {
		fprintf(stderr, "%s: no case named %s\n", prog->name, argv[1]);
		return 1;
	}
	plugin = argv[2];
	if (plugin_usable(plugin) != 0 || engine_arg(argc, argv) != 0)
		return 1;
	nlc = lcore_args(prog, lc);
	if (nlc < 0)
		return 1;
	snprintf(prefix, sizeof(prefix), "i40es4v_%s_%s%s_%d", prog->name,
		 argv[1], engine_service ? "_svc" : "", (int)getpid());
	eal[n++] = argv[0];
	for (int i = 0; i < nlc; i++)
		eal[n++] = lc[i];
	eal[n++] = "-d";
	eal[n++] = argv[2];
	/* I40E_SUN4V_TEST_HUGE=1 (scripts/test-huge.sh): the same cases on
	 * huge pages; else --no-huge, which every machine can run. */
	if (getenv("I40E_SUN4V_TEST_HUGE") == NULL) {
		eal[n++] = "--no-huge";
	} else {
		eal[n++] = "--huge-unlink";
		/* That mount's page size only (the 1 GB pass). */
		if (getenv("I40E_SUN4V_TEST_HUGE_DIR") != NULL) {
			eal[n++] = "--huge-dir";
			eal[n++] = getenv("I40E_SUN4V_TEST_HUGE_DIR");
		}
	}
	eal[n++] = "-m";
	eal[n++] = "512";
	eal[n++] = "--no-pci";
	eal[n++] = "--no-telemetry";
	eal[n++] = "--no-shconf";
	eal[n++] = "--file-prefix";
	eal[n++] = prefix;
	eal[n++] = "--log-level";
	eal[n++] = "pmd.net.i40e_sun4v.*:notice";
	vdevs = prog->vdevs != NULL ? prog->vdevs(c->name) : NULL;
	for (unsigned int i = 0; vdevs != NULL && vdevs[i] != NULL &&
	     n < (int)RTE_DIM(eal) - 2; i++) {
		eal[n++] = "--vdev";
		eal[n++] = (char *)(uintptr_t)vdevs[i];
	}
	if (prog->vdevs != NULL)
		ethtest_log_capture();
	eal[n] = NULL;
	if (rte_eal_init(n, eal) < 0) {
		fprintf(stderr, "rte_eal_init failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	if (engine_service)
		printf("  engine=service: EAL %s %s %s %s, %d service lcore(s)\n",
		       lc[0], lc[1], lc[2], lc[3], rte_service_lcore_count());
	/* --no-shconf keeps EAL's runtime files (MBs per run) off tmpfs;
	 * only the empty runtime directory is left, removed here. */
	snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
	one[0] = *c;
	rc = test_run_cases(prog->name, one);
	rte_eal_cleanup();
	log_capture_end();
	if (rmdir(rundir) != 0 && errno != ENOENT)
		fprintf(stderr, "note: runtime dir %s left behind: %s\n",
			rundir, strerror(errno));
	return rc;
}

int
ethtest_port_create(const char *name, const char *devargs, uint16_t *port)
{
	char args[512];
	int rc;

	/* "engine=" anywhere in the list: the case chose its engine. */
	if (engine_service && strstr(devargs, "engine=") == NULL)
		snprintf(args, sizeof(args), "%s%sengine=service", devargs,
			 devargs[0] != '\0' ? "," : "");
	else
		snprintf(args, sizeof(args), "%s", devargs);
	rc = rte_vdev_init(name, args);
	if (rc != 0)
		return rc;
	if (rte_eth_dev_get_port_by_name(name, port) != 0) {
		fprintf(stderr, "  %s probed but has no ethdev port\n", name);
		return -ENODEV;
	}
	/* The device filters on MAC addresses (spec §4.8) and the test
	 * frames go to 02:00:00:00:00:01: promiscuous, as testpmd makes
	 * every port. */
	rc = rte_eth_promiscuous_enable(*port);
	if (rc != 0)
		fprintf(stderr, "  %s: promiscuous_enable: %s\n", name,
			strerror(-rc));
	return rc;
}

struct rte_mempool *
ethtest_pool(const char *name, unsigned int n, uint16_t room)
{
	struct rte_mempool *mp;

	mp = rte_pktmbuf_pool_create(name, n, 0, 0, room, SOCKET_ID_ANY);
	if (mp == NULL)
		fprintf(stderr, "  mempool %s (%u x %u): %s\n", name, n, room,
			rte_strerror(rte_errno));
	return mp;
}

int
ethtest_port_setup(uint16_t port, const struct ethtest_qconf *qc)
{
	struct rte_eth_conf zero;
	const struct rte_eth_conf *conf = qc->conf;
	uint16_t nb_rxd = qc->nb_rxd ? qc->nb_rxd : 512;
	uint16_t nb_txd = qc->nb_txd ? qc->nb_txd : 512;
	int rc;

	if (conf == NULL) {
		memset(&zero, 0, sizeof(zero));
		conf = &zero;
	}
	rc = rte_eth_dev_configure(port, qc->nb_rxq, qc->nb_txq, conf);
	if (rc != 0) {
		fprintf(stderr, "  configure port %u (%u rx, %u tx): %d\n",
			port, qc->nb_rxq, qc->nb_txq, rc);
		return rc;
	}
	for (uint16_t q = 0; q < qc->nb_rxq; q++) {
		rc = rte_eth_rx_queue_setup(port, q, nb_rxd, SOCKET_ID_ANY,
					    NULL, qc->mp);
		if (rc != 0) {
			fprintf(stderr, "  rx queue %u of port %u: %d\n", q,
				port, rc);
			return rc;
		}
	}
	for (uint16_t q = 0; q < qc->nb_txq; q++) {
		rc = rte_eth_tx_queue_setup(port, q, nb_txd, SOCKET_ID_ANY,
					    NULL);
		if (rc != 0) {
			fprintf(stderr, "  tx queue %u of port %u: %d\n", q,
				port, rc);
			return rc;
		}
	}
	return 0;
}

int
ethtest_pair_up(const char *extra, const struct rte_eth_conf *conf,
		uint16_t room, struct ethtest_pair *p)
{
	char a0[256], a1[256];
	const char *sep = extra[0] != '\0' ? "," : "";
	struct ethtest_qconf qc = {
		.nb_rxq = 1, .nb_txq = 1, .conf = conf,
	};
	int rc;

	memset(p, 0, sizeof(*p));
	snprintf(a0, sizeof(a0), "peer=%s%s%s", ETHTEST_PORT1, sep, extra);
	snprintf(a1, sizeof(a1), "peer=%s%s%s", ETHTEST_PORT0, sep, extra);
	p->mp = ethtest_pool("pair_pool", 8191, room ? room : ETHTEST_ROOM);
	if (p->mp == NULL)
		return -ENOMEM;
	qc.mp = p->mp;
	rc = ethtest_port_create(ETHTEST_PORT0, a0, &p->p0);
	if (rc != 0) {
		fprintf(stderr, "  probe %s,%s: %d\n", ETHTEST_PORT0, a0, rc);
		return rc;
	}
	rc = ethtest_port_create(ETHTEST_PORT1, a1, &p->p1);
	if (rc != 0) {
		fprintf(stderr, "  probe %s,%s: %d\n", ETHTEST_PORT1, a1, rc);
		return rc;
	}
	rc = ethtest_port_setup(p->p0, &qc);
	if (rc == 0)
		rc = ethtest_port_setup(p->p1, &qc);
	if (rc == 0)
		rc = rte_eth_dev_start(p->p0);
	if (rc == 0)
		rc = rte_eth_dev_start(p->p1);
	if (rc != 0)
		fprintf(stderr, "  pair (%s) setup/start: %d\n", extra, rc);
	return rc;
}

void
ethtest_pair_down(struct ethtest_pair *p)
{
	uint16_t ports[2] = { p->p0, p->p1 };

	for (int i = 0; i < 2; i++) {
		if (!rte_eth_dev_is_valid_port(ports[i]))
			continue;
		rte_eth_dev_stop(ports[i]);
		rte_eth_dev_close(ports[i]);
	}
	rte_vdev_uninit(ETHTEST_PORT0);
	rte_vdev_uninit(ETHTEST_PORT1);
	rte_mempool_free(p->mp);
	p->mp = NULL;
}

uint64_t
ethtest_xstat(uint16_t port, const char *name)
{
	uint64_t id, v;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(port, &id, &v, 1) != 1) {
		fprintf(stderr, "  xstat %s of port %u unreadable\n", name,
			port);
		return UINT64_MAX;
	}
	return v;
}

void
ethtest_flow_of(uint32_t flow, struct ethtest_flow *f)
{
	/* Unsigned octets: RTE_IPV4() shifts its first one left by 24. */
	f->src_ip = RTE_IPV4(10u, 1u + ((flow >> 16) & 0x7f), (flow >> 8) & 0xff,
			     flow & 0xff);
	f->dst_ip = RTE_IPV4(192u, 168u, flow % 7, 1u);
	f->sport = (uint16_t)(1024 + (flow & 0x3fff));
	f->dport = (uint16_t)(2000 + ((flow >> 3) & 0xfff));
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static uint32_t
get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

void
ethtest_frame_bytes(uint8_t *buf, uint32_t len, uint32_t flow, uint32_t seq)
{
	struct rte_ether_hdr *eth = (struct rte_ether_hdr *)buf;
	struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
	struct rte_udp_hdr *udp = (struct rte_udp_hdr *)(ip + 1);
	struct ethtest_flow f;

	ethtest_flow_of(flow, &f);
	memset(buf, 0, PAYLOAD_OFF);
	memcpy(eth->dst_addr.addr_bytes, "\x02\x00\x00\x00\x00\x01", 6);
	memcpy(eth->src_addr.addr_bytes, "\x02\x00\x00\x00\x00\x00", 6);
	eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->total_length = rte_cpu_to_be_16((uint16_t)(len - RTE_ETHER_HDR_LEN));
	ip->packet_id = rte_cpu_to_be_16((uint16_t)seq);
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->src_addr = rte_cpu_to_be_32(f.src_ip);
	ip->dst_addr = rte_cpu_to_be_32(f.dst_ip);
	udp->src_port = rte_cpu_to_be_16(f.sport);
	udp->dst_port = rte_cpu_to_be_16(f.dport);
	udp->dgram_len = rte_cpu_to_be_16((uint16_t)(len - RTE_ETHER_HDR_LEN -
						     sizeof(*ip)));
	put_be32(buf + PAYLOAD_OFF, seq);
	put_be32(buf + PAYLOAD_OFF + 4, flow);
	for (uint32_t i = PAYLOAD_OFF + 8; i < len; i++)
		buf[i] = (uint8_t)(seq * 7u + i * 13u);
	ip->hdr_checksum = rte_ipv4_cksum(ip);
	udp->dgram_cksum = rte_ipv4_udptcp_cksum(ip, udp);
}

struct rte_mbuf *
ethtest_mbuf_of(struct rte_mempool *mp, const uint8_t *buf, uint32_t len,
		uint32_t seg)
{
	struct rte_mbuf *head = NULL, *last = NULL;
	uint32_t off = 0;

	if (seg == 0)
		seg = len;
	while (off < len) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);
		uint32_t n = RTE_MIN(seg, len - off);
		char *p;

		if (m == NULL || (p = rte_pktmbuf_append(m, (uint16_t)n)) == NULL) {
			rte_pktmbuf_free(m);
			rte_pktmbuf_free(head);
			return NULL;
		}
		memcpy(p, buf + off, n);
		off += n;
		if (head == NULL) {
			head = m;
		} else {
			last->next = m;
			head->nb_segs++;
			head->pkt_len += n;
		}
		last = m;
	}
	return head;
}

struct rte_mbuf *
ethtest_frame(struct rte_mempool *mp, uint32_t len, uint32_t flow,
	      uint32_t seq, uint32_t seg)
{
	static uint8_t buf[MAX_FRAME];

	if (len > MAX_FRAME || len < 60)
		return NULL;
	ethtest_frame_bytes(buf, len, flow, seq);
	return ethtest_mbuf_of(mp, buf, len, seg);
}

int
ethtest_frame_check(const struct rte_mbuf *m, uint32_t *flow, uint32_t *seq)
{
	static uint8_t got[MAX_FRAME], want[MAX_FRAME];
	const uint8_t *p;
	uint32_t len = m->pkt_len, f, s;

	if (len < 60 || len > MAX_FRAME) {
		fprintf(stderr, "  received frame of %u bytes\n", len);
		return -1;
	}
	p = rte_pktmbuf_read(m, 0, len, got);
	if (p == NULL) {
		fprintf(stderr, "  frame of %u bytes: segments hold less "
			"(nb_segs %u)\n", len, m->nb_segs);
		return -1;
	}
	s = get_be32(p + PAYLOAD_OFF);
	f = get_be32(p + PAYLOAD_OFF + 4);
	ethtest_frame_bytes(want, len, f, s);
	for (uint32_t i = 0; i < len; i++) {
		if (p[i] != want[i]) {
			fprintf(stderr, "  frame seq %u flow %u len %u: byte %u "
				"is 0x%02x, sent 0x%02x\n", s, f, len, i, p[i],
				want[i]);
			return -1;
		}
	}
	if (flow != NULL)
		*flow = f;
	if (seq != NULL)
		*seq = s;
	return 0;
}

/* Check, count and free one burst of queue @p q; -1 on a bad frame. */
static int
rx_check(const struct ethtest_traffic *t, uint16_t q, struct rte_mbuf **pkts,
	 uint16_t n, int64_t *last_seq)
{
	int rc = 0;

	for (uint16_t i = 0; i < n; i++) {
		uint32_t seq = 0;

		if (rc == 0 && ethtest_frame_check(pkts[i], NULL, &seq) != 0)
			rc = -1;
		/* One flow always lands on one queue, and a queue never
		 * reorders: per queue, sequence numbers rise. */
		if (rc == 0 && (int64_t)seq <= last_seq[q]) {
			fprintf(stderr, "  queue %u: seq %u after %" PRId64 "\n",
				q, seq, last_seq[q]);
			rc = -1;
		}
		if (rc == 0)
			last_seq[q] = seq;
		if (rc == 0 && t->cb != NULL && t->cb(q, pkts[i], t->cb_arg) != 0)
			rc = -1;
		rte_pktmbuf_free(pkts[i]);
	}
	return rc;
}

/*
 * Receive what is there on every queue: each queue until a burst comes
 * back short.  One burst per queue per call would do for an inline device,
 * which advances only in the bursts; a service-mode device fills the ring
 * beside us, and a receiver that takes one burst per burst sent never
 * works off a backlog.  -1 on a bad frame.
 */
static int
rx_poll(const struct ethtest_traffic *t, int64_t *last_seq, uint64_t *nb)
{
	struct rte_mbuf *pkts[BURST];
	int rc = 0;

	for (uint16_t q = 0; q < t->nb_rxq; q++) {
		uint16_t n;

		do {
			n = rte_eth_rx_burst(t->rx_port, q, pkts, BURST);
			if (rx_check(t, q, pkts, n, last_seq) != 0)
				rc = -1;
			*nb += n;
		} while (n == BURST && rc == 0);
	}
	return rc;
}

/* imissed, oerrors and rx_missed_no_desc as they are now. */
static void
drop_counters(const struct ethtest_traffic *t, struct ethtest_fwd *c)
{
	struct rte_eth_stats rx, tx;

	memset(&rx, 0, sizeof(rx));
	memset(&tx, 0, sizeof(tx));
	rte_eth_stats_get(t->rx_port, &rx);
	rte_eth_stats_get(t->tx_port, &tx);
	c->imissed = rx.imissed;
	c->ierrors = rx.ierrors;
	c->oerrors = tx.oerrors;
	c->missed_no_desc = ethtest_xstat(t->rx_port, "rx_missed_no_desc");
}

/*
 * How many more frames the sender may put in flight.  An inline device
 * advances only in the bursts, so a sender that receives after every burst
 * never overruns the receiver: no limit.  A service-mode device works
 * beside us and a link has no flow control, so, as an application on
 * hardware would, the sender keeps at most ETHTEST_SERVICE_WINDOW frames
 * not yet received or counted as dropped.  Counters are read only when
 * the window looks full.
 */
static uint64_t
tx_room(const struct ethtest_traffic *t, const struct ethtest_fwd *base,
	const struct ethtest_fwd *r, uint64_t *dropped)
{
	struct ethtest_fwd now;
	uint64_t done;

	if (!engine_service || t->no_rx_during_tx)
		return UINT64_MAX;
	done = r->received + *dropped;
	if (r->sent - done < ETHTEST_SERVICE_WINDOW)
		return ETHTEST_SERVICE_WINDOW - (r->sent - done);
	drop_counters(t, &now);
	*dropped = (now.imissed - base->imissed) +
		   (now.ierrors - base->ierrors) +
		   (now.oerrors - base->oerrors);
	done = r->received + *dropped;
	return r->sent - done < ETHTEST_SERVICE_WINDOW ?
	       ETHTEST_SERVICE_WINDOW - (r->sent - done) : 0;
}

/* Send every frame; keep receiving meanwhile. */
static int
tx_all(const struct ethtest_traffic *t, const struct ethtest_fwd *base,
       int64_t *last_seq, struct ethtest_fwd *r)
{
	uint32_t len = t->len ? t->len : ETHTEST_FRAME_LEN;
	uint32_t flows = t->nb_flows ? t->nb_flows : 1;
	struct rte_mbuf *pend[BURST];
	uint16_t nb_pend = 0, off = 0;
	uint64_t seq = 0, stall = rte_get_tsc_cycles(), dropped = 0;

	while (seq < t->count || off < nb_pend) {
		if (off == nb_pend) {
			nb_pend = (uint16_t)RTE_MIN((uint64_t)BURST, t->count - seq);
			for (uint16_t i = 0; i < nb_pend; i++, seq++) {
				pend[i] = ethtest_frame(t->mp, len,
					(uint32_t)(seq % flows), (uint32_t)seq,
					t->seg);
				if (pend[i] == NULL) {
					fprintf(stderr, "  no mbuf for frame "
						"%" PRIu64 "\n", seq);
					rte_pktmbuf_free_bulk(pend, i);
					return -1;
				}
			}
			off = 0;
		}
		uint16_t want = (uint16_t)RTE_MIN((uint64_t)(nb_pend - off),
					tx_room(t, base, r, &dropped));
		uint16_t n = want == 0 ? 0 :
			rte_eth_tx_burst(t->tx_port, 0, pend + off, want);
		off = (uint16_t)(off + n);
		r->sent += n;
		if (n != 0)
			stall = rte_get_tsc_cycles();
		else if (rte_get_tsc_cycles() - stall >
			 rte_get_tsc_hz() * ETHTEST_DRAIN_MS / 1000) {
			fprintf(stderr, "  TX stalled after %" PRIu64 " frames "
				"(%" PRIu64 " received, %" PRIu64 " dropped)\n",
				r->sent, r->received, dropped);
			rte_pktmbuf_free_bulk(pend + off, nb_pend - off);
			return -1;
		}
		if (!t->no_rx_during_tx &&
		    rx_poll(t, last_seq, &r->received) != 0) {
			rte_pktmbuf_free_bulk(pend + off, nb_pend - off);
			return -1;
		}
	}
	return 0;
}

int
ethtest_forward(const struct ethtest_traffic *t, struct ethtest_fwd *r)
{
	int64_t last_seq[MAX_QUEUES];
	struct ethtest_fwd base, now;
	uint64_t hz = rte_get_tsc_hz(), t0, settled = 0;

	memset(r, 0, sizeof(*r));
	if (t->nb_rxq == 0 || t->nb_rxq > MAX_QUEUES)
		return -1;
	for (unsigned int q = 0; q < MAX_QUEUES; q++)
		last_seq[q] = -1;
	drop_counters(t, &base);
	if (tx_all(t, &base, last_seq, r) != 0)
		return -1;
	/* Frames may still be on the paced wire: poll both ends until all
	 * are accounted for, then a little longer to catch duplicates. */
	t0 = rte_get_tsc_cycles();
	while (rte_get_tsc_cycles() - t0 < hz * ETHTEST_DRAIN_MS / 1000) {
		rte_eth_tx_burst(t->tx_port, 0, NULL, 0);
		if (rx_poll(t, last_seq, &r->received) != 0)
			return -1;
		drop_counters(t, &now);
		r->imissed = now.imissed - base.imissed;
		r->ierrors = now.ierrors - base.ierrors;
		r->oerrors = now.oerrors - base.oerrors;
		r->missed_no_desc = now.missed_no_desc - base.missed_no_desc;
		if (r->received + r->imissed + r->ierrors + r->oerrors < r->sent)
			continue;
		if (settled == 0)
			settled = rte_get_tsc_cycles();
		else if (rte_get_tsc_cycles() - settled > hz / 50)
			break;
	}
	return 0;
}

void
ethtest_fwd_print(const char *what, const struct ethtest_fwd *r)
{
	printf("  %s: sent %" PRIu64 " received %" PRIu64 " imissed %" PRIu64
	       " ierrors %" PRIu64 " oerrors %" PRIu64 " rx_missed_no_desc %"
	       PRIu64 "\n", what, r->sent, r->received, r->imissed, r->ierrors,
	       r->oerrors, r->missed_no_desc);
}
