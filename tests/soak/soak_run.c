/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-soak: the traffic lcore, the pause protocol, telemetry queries,
 * the log and memory watch, and the final report (soak.h).
 */
#include <errno.h>
#include <malloc.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_ip.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>
#include <rte_memory.h>
#include <rte_udp.h>

#include "soak.h"

#define SOAK_MAX_SECS 4096u
#define SOAK_RSS_SAMPLES 1024u

uint64_t soak_started, soak_heap_base, soak_heap_end, soak_legacy_end;
static volatile int worker_stop;
static unsigned int worker_lcore;
static uint32_t log_per_sec[SOAK_MAX_SECS];
static uint64_t log_lines;
static uint64_t tel_queries, tel_bad;
static uint64_t rss_kb[SOAK_RSS_SAMPLES];      /* outside DPDK's memory */
static uint64_t dpdk_rss_kb[SOAK_RSS_SAMPLES]; /* DPDK's memory touched */
static uint64_t malloc_kb[SOAK_RSS_SAMPLES];   /* malloc'd and not freed */
static unsigned int rss_n;
static uint64_t last_tel, last_rss;

/* ---- log: every line timestamped and counted per second ------------- */

static ssize_t
log_write(void *c, const char *buf, size_t len)
{
	double t = soak_started == 0 ? 0 : (double)(rte_get_timer_cycles() -
		   soak_started) / (double)rte_get_timer_hz();
	unsigned int s = (unsigned int)t;

	(void)c;
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\n') {
			log_lines++;
			if (soak_started != 0 && s < SOAK_MAX_SECS)
				log_per_sec[s]++;
		}
	printf("[%8.3f] %.*s", t, (int)len, buf);
	return (ssize_t)len;
}

int
soak_eal_init(const char *prog)
{
	static char prefix[64];
	char *argv[] = {
		(char *)(uintptr_t)prog, "-l", "0,1", "--no-huge", "-m", "1024",
		"--no-pci", "--file-prefix", prefix,
		"--log-level", "pmd.net.i40e_sun4v.*:notice",
		"--log-level", "lib.iova_pool:notice", NULL,
	};
	cookie_io_functions_t io = { .write = log_write };
	FILE *f = fopencookie(NULL, "w", io);

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (f == NULL)
		return -errno;
	setvbuf(f, NULL, _IOLBF, 0);
	rte_openlog_stream(f);
	snprintf(prefix, sizeof(prefix), "soak_%d", (int)getpid());
	if (rte_eal_init((int)RTE_DIM(argv) - 1, argv) < 0)
		return -1;
	worker_lcore = rte_get_next_lcore(-1, 1, 0);
	return worker_lcore < RTE_MAX_LCORE ? 0 : -ENODEV;
}

/* ---- traffic lcore -------------------------------------------------- */

/* A UDP/IPv4 frame of flow @p flow (RSS spreads the flows). */
static struct rte_mbuf *
frame(uint32_t flow, uint16_t len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(soak_txp);
	struct rte_ether_hdr *eh;
	struct rte_ipv4_hdr *ip;
	struct rte_udp_hdr *udp;

	if (m == NULL)
		return NULL;
	eh = (struct rte_ether_hdr *)rte_pktmbuf_append(m, len);
	if (eh == NULL) {
		rte_pktmbuf_free(m);
		return NULL;
	}
	memset(eh, 0, sizeof(*eh) + sizeof(*ip) + sizeof(*udp));
	memset(&eh->dst_addr, 0xff, sizeof(eh->dst_addr));
	eh->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
	ip = (struct rte_ipv4_hdr *)(eh + 1);
	ip->version_ihl = RTE_IPV4_VHL_DEF;
	ip->time_to_live = 64;
	ip->next_proto_id = IPPROTO_UDP;
	ip->total_length = rte_cpu_to_be_16(len - sizeof(*eh));
	ip->src_addr = rte_cpu_to_be_32(0x0a000000u | (flow & 0xffffu));
	ip->dst_addr = rte_cpu_to_be_32(0x0a010001u);
	udp = (struct rte_udp_hdr *)(ip + 1);
	udp->src_port = rte_cpu_to_be_16((uint16_t)(1024 + (flow >> 4)));
	udp->dst_port = rte_cpu_to_be_16(4789);
	udp->dgram_len = rte_cpu_to_be_16(len - sizeof(*eh) - sizeof(*ip));
	return m;
}

static uint16_t
port_rx(struct soak_port *p)
{
	struct rte_mbuf *pk[32];
	uint16_t got = 0;

	for (uint16_t q = 0; q < p->nq; q++) {
		uint16_t n = rte_eth_rx_burst(p->id, q, pk, 32);

		rte_pktmbuf_free_bulk(pk, n);
		got += n;
	}
	__atomic_store_n(&p->app_rx, p->app_rx + got, __ATOMIC_RELAXED);
	return got;
}

static void
port_tx(struct soak_port *p, uint64_t iter)
{
	struct rte_mbuf *pk[32];
	uint16_t n, sent;

	for (n = 0; n < 32; n++) {
		pk[n] = frame((uint32_t)(iter * 32 + n),
			      (uint16_t)(64 + (iter * 7 + n) % 960));
		if (pk[n] == NULL)
			break;
	}
	sent = rte_eth_tx_burst(p->id, (uint16_t)(iter % p->nq), pk, n);
	rte_pktmbuf_free_bulk(pk + sent, n - sent);
	__atomic_store_n(&p->app_tx, p->app_tx + sent, __ATOMIC_RELAXED);
}

/* Paused: no sending; drain until 8 empty polls, then hand it over. */
static void
port_drain(struct soak_port *p)
{
	if (__atomic_load_n(&p->ack, __ATOMIC_RELAXED) == SOAK_PAUSE)
		return;
	p->idle = port_rx(p) == 0 ? p->idle + 1 : 0;
	if (p->idle >= 8)
		__atomic_store_n(&p->ack, SOAK_PAUSE, __ATOMIC_RELEASE);
}

static int
worker(void *arg)
{
	uint64_t iter = 0;

	(void)arg;
	while (!__atomic_load_n(&worker_stop, __ATOMIC_ACQUIRE)) {
		for (unsigned int i = 0; i < SOAK_PORTS; i++) {
			struct soak_port *p = &sp[i];

			if (__atomic_load_n(&p->want, __ATOMIC_ACQUIRE) ==
			    SOAK_PAUSE) {
				port_drain(p);
				continue;
			}
			if (p->ack != SOAK_RUN) {
				p->idle = 0;
				__atomic_store_n(&p->ack, SOAK_RUN,
						 __ATOMIC_RELEASE);
			}
			port_tx(p, iter);
			port_rx(p);
		}
		iter++;
	}
	return 0;
}

void
soak_launch_worker(void)
{
	rte_eal_remote_launch(worker, NULL, worker_lcore);
}

void
soak_stop_worker(void)
{
	__atomic_store_n(&worker_stop, 1, __ATOMIC_RELEASE);
	rte_eal_wait_lcore(worker_lcore);
}

/* Pause both ends of cable @p a together (one end alone would keep
 * receiving what the other sends and never drain), then wait for both. */
void
soak_pause(unsigned int a)
{
	__atomic_store_n(&sp[a].want, SOAK_PAUSE, __ATOMIC_RELEASE);
	__atomic_store_n(&sp[a + 1].want, SOAK_PAUSE, __ATOMIC_RELEASE);
	for (unsigned int i = a; i < a + 2; i++)
		while (__atomic_load_n(&sp[i].ack, __ATOMIC_ACQUIRE) !=
		       SOAK_PAUSE)
			rte_pause();
}

void
soak_resume(unsigned int i)
{
	__atomic_store_n(&sp[i].want, SOAK_RUN, __ATOMIC_RELEASE);
}

/* ---- telemetry, memory, progress ------------------------------------ */

static int
tel_query(int fd, const char *cmd)
{
	char buf[1 << 16];
	ssize_t n;

	if (write(fd, cmd, strlen(cmd)) < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	/* A JSON object named by the command (without its parameter), with
	 * a value (not null). */
	return buf[0] == '{' && strncmp(buf + 2, cmd, strcspn(cmd, ",")) == 0 &&
	       strstr(buf, "\":null") == NULL ? 0 : -EPROTO;
}

static int tel_fd = -1;

/* One connection for the run, as dpdk-telemetry.py keeps its own (DPDK
 * serves each connection from a new thread: reconnecting every second
 * would measure glibc's thread-stack cache, not the driver). */
static int
tel_connect(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char info[4096];
	int fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
		 rte_eal_get_runtime_dir());
	if (fd < 0 || connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0 ||
	    read(fd, info, sizeof(info)) <= 0) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

/* What an operator's dpdk-telemetry.py would ask, through its socket. */
static void
telemetry(void)
{
	char cmd[64];
	int fd;

	if (tel_fd < 0)
		tel_fd = tel_connect();
	fd = tel_fd;
	if (fd < 0) {
		tel_bad++;
		return;
	}
	for (unsigned int i = 0; i < SOAK_PORTS; i++) {
		const char *what[] = { "/ethdev/stats", "/ethdev/xstats" };

		for (unsigned int k = 0; k < 2; k++) {
			snprintf(cmd, sizeof(cmd), "%s,%u", what[k], sp[i].id);
			tel_queries++;
			if (tel_query(fd, cmd) != 0)
				tel_bad++;
		}
	}
	tel_queries += 2;
	tel_bad += (tel_query(fd, "/ethdev/list") != 0) +
		   (tel_query(fd, "/iova_pool/list") != 0);
}

struct va_range {
	uintptr_t lo[RTE_MAX_MEMSEG_LISTS], hi[RTE_MAX_MEMSEG_LISTS];
	unsigned int n;
};

static int
msl_range(const struct rte_memseg_list *msl, void *arg)
{
	struct va_range *r = arg;

	if (r->n < RTE_MAX_MEMSEG_LISTS && msl->base_va != NULL) {
		r->lo[r->n] = (uintptr_t)msl->base_va;
		r->hi[r->n++] = (uintptr_t)msl->base_va + msl->len;
	}
	return 0;
}

/*
 * Resident kB of the process outside DPDK's memory (@p out) and inside it
 * (@p in).  With --no-huge DPDK's memory is anonymous memory reserved at
 * start: a page stays resident once the heap has used it, so its RSS is
 * the heap's high-water mark of touched pages; a leak there shows in the
 * heap's allocated bytes instead (checked exactly at the end).  Outside
 * it, any malloc leak of sim/, lib/ or the PMD grows RSS.
 */
static void
rss_now_kb(uint64_t *out, uint64_t *in)
{
	struct va_range r = { .n = 0 };
	char line[256];
	uintptr_t lo = 0, hi = 0;
	uint64_t kb;
	FILE *f = fopen("/proc/self/smaps", "r");

	*out = *in = 0;
	rte_memseg_list_walk(msl_range, &r);
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		bool dpdk = false;

		if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) == 2)
			continue;
		if (sscanf(line, "Rss: %" SCNu64, &kb) != 1)
			continue;
		for (unsigned int i = 0; i < r.n; i++)
			dpdk |= lo < r.hi[i] && hi > r.lo[i];
		*(dpdk ? in : out) += kb;
	}
	if (f != NULL)
		fclose(f);
}

void
soak_note(const char *action)
{
	printf("[%8.3f] soak: %s\n", (double)(rte_get_timer_cycles() -
	       soak_started) / (double)rte_get_timer_hz(), action);
}

void
soak_tick(void)
{
	uint64_t now = rte_get_timer_cycles(), hz = rte_get_timer_hz();

	/* SOAK_TELEMETRY=0: no queries (to tell their cost apart). */
	if (now - last_tel >= hz && getenv("SOAK_TELEMETRY") == NULL) {
		last_tel = now;
		telemetry();
	}
	if (now - last_rss >= 5 * hz && rss_n < SOAK_RSS_SAMPLES) {
		last_rss = now;
		struct mallinfo2 mi = mallinfo2();

		/* Free memory glibc keeps cached is not the program's: give it
		 * back first, so RSS measures what is in use plus what the
		 * allocator cannot return (fragmentation). */
		malloc_trim(0);
		rss_now_kb(&rss_kb[rss_n], &dpdk_rss_kb[rss_n]);
		malloc_kb[rss_n++] = (mi.uordblks + mi.hblkhd) >> 10;
	}
}

uint64_t
soak_xstat(uint16_t port, const char *name)
{
	uint64_t id, v = UINT64_MAX;

	if (rte_eth_xstats_get_id_by_name(port, name, &id) != 0 ||
	    rte_eth_xstats_get_by_id(port, &id, &v, 1) != 1)
		soak_fail(name);
	return v;
}

uint64_t
soak_heap_bytes(void)
{
	struct rte_malloc_socket_stats s;

	rte_malloc_get_socket_stats(0, &s);
	return s.heap_allocsz_bytes;
}

/* ---- the report ------------------------------------------------------ */

static int
check(bool ok, const char *what)
{
	printf("soak: %s %s\n", ok ? "ok  " : "FAIL", what);
	return ok ? 0 : 1;
}

/* Sent = received + every counted drop, over every port's lives. */
static int
report_accounting(void)
{
	uint64_t tx = 0, rx = 0, oe = 0, ie = 0, im = 0, ip = 0, me = 0;
	char what[256];

	for (unsigned int i = 0; i < SOAK_PORTS; i++) {
		tx += sp[i].app_tx;
		rx += sp[i].app_rx;
		oe += sp[i].oerrors;
		ie += sp[i].ierrors;
		im += sp[i].imissed;
		ip += sp[i].ipackets;
		me += sp[i].map_errors;
		printf("soak: port %u: sent %" PRIu64 " received %" PRIu64
		       " oerrors %" PRIu64 " ierrors %" PRIu64 " imissed %"
		       PRIu64 " dma_map_errors %" PRIu64 "\n", i, sp[i].app_tx,
		       sp[i].app_rx, sp[i].oerrors, sp[i].ierrors,
		       sp[i].imissed, sp[i].map_errors);
	}
	snprintf(what, sizeof(what), "accounting: sent %" PRIu64 " = received %"
		 PRIu64 " + oerrors %" PRIu64 " + ierrors %" PRIu64
		 " + imissed %" PRIu64, tx, rx, oe, ie, im);
	return check(tx == rx + oe + ie + im, what) +
	       check(ip == rx, "ipackets = frames the application received") +
	       check(me > 0 && ie > 0, "the window was exhausted (dma_map_"
		     "errors) and faults were injected (ierrors)");
}

static int
report_leaks(void)
{
	unsigned int inuse = rte_mempool_in_use_count(soak_txp);
	char what[256];
	int bad = 0;

	for (unsigned int i = 0; i < SOAK_PORTS; i++) {
		inuse += rte_mempool_in_use_count(sp[i].rxp);
		snprintf(what, sizeof(what), "port %u: IOTSB entries at the "
			 "first configuration %" PRIu64 " then, %" PRIu64
			 " now", i, sp[i].entries0, sp[i].entries1);
		bad += check(sp[i].entries0 == sp[i].entries1, what);
	}
	snprintf(what, sizeof(what), "mbufs in use after the stop: %u", inuse);
	bad += check(inuse == 0, what);
	snprintf(what, sizeof(what), "legacy window entries after the close: %"
		 PRIu64, soak_legacy_end);
	bad += check(soak_legacy_end == 0, what);
	snprintf(what, sizeof(what), "DPDK heap after the close: %" PRIu64
		 " bytes, %" PRIu64 " before the first probe", soak_heap_end,
		 soak_heap_base);
	bad += check(soak_heap_end == soak_heap_base, what);
	return bad;
}

static int
report_logs_rss(unsigned int secs)
{
	uint32_t worst = 0;
	uint64_t lo = UINT64_MAX, hi = 0, mlo = UINT64_MAX, mhi = 0;
	unsigned int warm = RTE_MAX(rss_n / 4, 6u); /* 25 %, at least 30 s */
	char what[256];

	for (unsigned int s = 0; s < secs + 2 && s < SOAK_MAX_SECS; s++)
		worst = RTE_MAX(worst, log_per_sec[s]);
	snprintf(what, sizeof(what), "log: %" PRIu64 " lines, at most %u in "
		 "any second (limit %u)", log_lines, worst, SOAK_LOG_MAX);
	for (unsigned int k = warm; k < rss_n; k++) {
		lo = RTE_MIN(lo, rss_kb[k]);
		hi = RTE_MAX(hi, rss_kb[k]);
		mlo = RTE_MIN(mlo, malloc_kb[k]);
		mhi = RTE_MAX(mhi, malloc_kb[k]);
	}
	printf("soak: RSS outside DPDK memory (kB, every 5 s):");
	for (unsigned int k = 0; k < rss_n; k++)
		printf(" %" PRIu64, rss_kb[k]);
	printf("\nsoak: malloc in use, all arenas (kB, every 5 s):");
	for (unsigned int k = 0; k < rss_n; k++)
		printf(" %" PRIu64, malloc_kb[k]);
	printf("\nsoak: DPDK memory touched (kB, every 5 s; its allocated "
	       "bytes are checked above):");
	for (unsigned int k = 0; k < rss_n; k++)
		printf(" %" PRIu64, dpdk_rss_kb[k]);
	printf("\n");
	if (warm >= rss_n)
		lo = hi = mlo = mhi = 0;
	{
		int bad = check(worst <= SOAK_LOG_MAX, what);

		snprintf(what, sizeof(what), "RSS outside DPDK memory after "
			 "warm-up %" PRIu64 "..%"
			 PRIu64 " kB, growth %" PRIu64 " kB (limit %u)", lo, hi,
			 hi - lo, SOAK_RSS_SLACK_KB);
		bad += check(hi - lo <= SOAK_RSS_SLACK_KB, what);
		snprintf(what, sizeof(what), "malloc in use after warm-up %" PRIu64
			 "..%" PRIu64 " kB, growth %" PRIu64 " kB (limit %u)", mlo,
			 mhi, mhi - mlo, SOAK_MALLOC_SLACK_KB);
		bad += check(mhi - mlo <= SOAK_MALLOC_SLACK_KB, what);
		snprintf(what, sizeof(what), "telemetry: %" PRIu64 " queries, %"
			 PRIu64 " bad", tel_queries, tel_bad);
		return bad + check(tel_queries > 0 && tel_bad == 0, what);
	}
}

int
soak_report(unsigned int secs, uint64_t actions, int failures)
{
	int bad;

	printf("soak: %u s, %" PRIu64 " scenario actions, %d failed actions\n",
	       secs, actions, failures);
	bad = report_accounting() + report_leaks() + report_logs_rss(secs);
	if (tel_fd >= 0)
		close(tel_fd);
	rte_eal_cleanup();
	printf("soak: %s\n", bad == 0 && failures == 0 ? "PASS" : "FAIL");
	return bad;
}
