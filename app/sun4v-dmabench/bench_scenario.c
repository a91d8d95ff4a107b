/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench --scenario s7-2: the legacy DVMA window exhaustion.
 *
 * The ATU cover letter's example (sun4v-iommu-facts.md §3, "Capacity"):
 * four 40 GbE i40e ports on one root complex, 128 queue pairs each, 512 RX
 * descriptors per queue = 262,144 RX buffers, against a legacy window of
 * 2 GB / 8 KB = 262,144 entries (the letter counts 262,143 usable).  For
 * legacy/map, legacy/pool, atu/map and atu/pool the scenario brings the
 * four ports up (ports 0-1 and 2-3 wired to each other), starts traffic
 * on all queues and reports what each mode costs in IOTSB entries, what
 * failed first and whether forwarding went on.
 *
 * Buffers: every port has its own mbuf pool sized for its own rings, as a
 * Linux driver has per-port buffers.  Objects are exactly 2 KB, so four
 * share an 8 KB IO page: that is what lets dma=pool fit in the legacy
 * window.  (A pool shared by several ports of one legacy window would be
 * mapped once per port: each port maps the mempools it uses, NIC guide
 * "DMA domains".)  io forwarding transmits a buffer of the peer's pool,
 * so in dma=pool each port also maps its peer's pool, at the first TX.
 *
 * Bring-up does not stop at the first failure: the failing port keeps the
 * queues it got (reconfigured down to them) and the other ports still try,
 * because "does forwarding continue" is part of the answer.  The first
 * failure is located by port, queue, call and errno: a failed ethdev call;
 * else a port whose rte_eth_dev_start() left RX slots empty (dma_map_errors
 * after start; the queue from the PMD's warning); else the first TX queue
 * whose primed frames were dropped (tx_qN_packets); else the first map
 * failure logged while forwarding.  PMD log lines (rte_log) and lines
 * written straight to stderr (lib/iova_pool without a log handler) are
 * captured per case, counted and passed on unchanged.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>

#include "bench.h"
#include "bench_port.h"
#include "bench_s72.h"

#define S72_POOL_CACHE 64
#define S72_OBJ_SIZE 2048u

/* State of the case being run. */
struct s72_case {
	struct bench_ctx *ctx;
	struct bench_run *r;
	struct s72_result *res;
	struct rte_mempool *const *pools;
	FILE *logf;                     /* rte_log capture (memstream) */
	char *logbuf;
	size_t loglen;
};

/*
 * mbufs of one port's pool: its RX rings full, the peer's TX rings full of
 * its buffers (io forwarding), the primed frames and a burst per queue,
 * plus what the lcores' mempool caches may hold.
 */
static uint64_t
s72_port_mbufs(const struct bench_opts *o, unsigned int nb_lcores)
{
	return (uint64_t)o->s72_queues * (o->s72_rxd + o->s72_txd + S72_PRIME +
					  o->burst) +
	       (uint64_t)nb_lcores * S72_POOL_CACHE * 2;
}

unsigned int
bench_scenario_mem_mb(const struct bench_opts *o)
{
	/* Four pools of 2 KB objects (main + forwarding lcores), each in a
	 * zone rounded up to its 256 MB IO page (bench_pool_create_packed()),
	 * +25 % and 768 MB for the devices' rings, tables and the heap's
	 * overhead. */
	uint64_t pool_mb = s72_port_mbufs(o, o->lcores + 1) * S72_OBJ_SIZE /
			   (1024 * 1024);

	pool_mb = pool_mb >= 64 ? RTE_ALIGN_CEIL(pool_mb, 256) :
				  RTE_ALIGN_CEIL(pool_mb + 1, 4);
	return (unsigned int)(S72_PORTS * pool_mb * 5 / 4 + 768);
}

static void __rte_format_printf(2, 3)
fail_note(struct s72_result *res, const char *fmt, ...)
{
	va_list ap;

	if (res->first_fail[0] != '\0')
		return;
	va_start(ap, fmt);
	vsnprintf(res->first_fail, sizeof(res->first_fail), fmt, ap);
	va_end(ap);
}

/* Flush the capture; the offset where what follows will start. */
static size_t
log_mark(struct s72_case *c)
{
	if (c->logf == NULL)
		return 0;
	fflush(c->logf);
	return c->loglen;
}

static const char *
log_since(const struct s72_case *c, size_t mark, size_t *len)
{
	if (c->logf == NULL || c->logbuf == NULL || mark > c->loglen) {
		*len = 0;
		return "";
	}
	fflush(c->logf);
	*len = c->loglen - mark;
	return c->logbuf + mark;
}

static bool
xs_by_name(uint16_t port, const char *name, uint64_t *v)
{
	uint64_t id;

	return rte_eth_xstats_get_id_by_name(port, name, &id) == 0 &&
	       rte_eth_xstats_get_by_id(port, &id, v, 1) == 1;
}

/* Set up queues until one fails; returns how many pairs are set up. */
static unsigned int
queues_up(struct s72_case *c, unsigned int i)
{
	const struct bench_pair *p = c->r->pair;
	char why[BENCH_REASON_LEN], err[96];
	unsigned int q;
	int rc;

	for (q = 0; q < c->ctx->opts.s72_queues; q++) {
		rc = bench_port_queue_setup(p->port[i], q,
					    c->ctx->opts.s72_rxd,
					    c->ctx->opts.s72_txd, c->pools[i],
					    why, sizeof(why));
		if (rc != 0) {
			c->res->failed_calls++;
			s72_errno_text(rc, err, sizeof(err));
			fail_note(c->res, "port %u (%s) queue %u: %s = %s",
				  i, p->name[i], q, why, err);
			break;
		}
	}
	return q;
}

/* A started port holding dma_map_errors: some RX slots stayed empty. */
static void
start_check(struct s72_case *c, unsigned int i, size_t mark)
{
	const struct bench_pair *p = c->r->pair;
	unsigned int q = 0, posted = 0, of = 0, n;
	char err[96] = "errno not logged";
	const char *log;
	uint64_t errs;
	size_t len;

	if (c->res->first_fail[0] != '\0' ||
	    !xs_by_name(p->port[i], "dma_map_errors", &errs) || errs == 0)
		return;
	log = log_since(c, mark, &len);
	s72_log_map_errno(log, len, p->name[i], err, sizeof(err));
	n = s72_log_rx_partial(log, len, p->name[i], &q, &posted, &of);
	if (n == 0) {
		fail_note(c->res, "port %u (%s): rte_eth_dev_start() returned "
			  "0 with %" PRIu64 " failed RX buffer maps: %s", i,
			  p->name[i], errs, err);
		return;
	}
	fail_note(c->res, "port %u (%s) RX queue %u: rte_eth_dev_start() "
		  "returned 0, but mapping the queue's RX buffers failed: %s; "
		  "it started with %u of %u buffers posted (%u queue(s) of "
		  "this port partly posted; empty slots are retried every "
		  "burst)", i, p->name[i], q, err, posted, of, n);
}

/*
 * Bring port @p i up with as many queues as it gets.  -ENOTSUP when the
 * PMD cannot do the scenario at all (capability check).
 */
static int
port_up(struct s72_case *c, unsigned int i)
{
	struct bench_pair *p = c->r->pair;
	struct s72_result *res = c->res;
	char why[BENCH_REASON_LEN], err[96];
	size_t mark;
	unsigned int n;
	int rc;

	/* Each port has its own pool and forwards the other's mbufs. */
	rc = bench_port_configure(p->port[i], c->ctx->opts.s72_queues, false,
				  why, sizeof(why));
	if (rc == -ENOTSUP)
		snprintf(res->reason, sizeof(res->reason), "%s", why);
	if (rc != 0) {
		res->failed_calls++;
		fail_note(res, "port %u (%s): %s", i, p->name[i], why);
		return rc == -ENOTSUP ? rc : 0;
	}
	n = queues_up(c, i);
	/* Shrinking keeps the queues already set up (ethdev semantics). */
	if (n > 0 && n < c->ctx->opts.s72_queues &&
	    bench_port_configure(p->port[i], n, false, why, sizeof(why)) != 0) {
		res->failed_calls++;
		fail_note(res, "port %u (%s): %s", i, p->name[i], why);
		n = 0;
	}
	if (n == 0)
		return 0;
	mark = log_mark(c);
	rc = rte_eth_dev_start(p->port[i]);
	if (rc != 0) {
		res->failed_calls++;
		s72_errno_text(rc, err, sizeof(err));
		fail_note(res, "port %u (%s): rte_eth_dev_start() with %u "
			  "queues: %s", i, p->name[i], n, err);
		return 0;
	}
	p->started[i] = true;
	p->queues_up[i] = n;
	res->queues_up[i] = n;
	res->ports_up++;
	rte_eth_promiscuous_enable(p->port[i]);
	start_check(c, i, mark);
	return 0;
}

/* Streams: each queue of a started port to the same queue (mod) of its peer. */
static void
streams_build(struct bench_run *r, const unsigned int *lcores,
	      unsigned int nb_lcores, unsigned int burst)
{
	const struct bench_pair *p = r->pair;
	unsigned int n = 0;

	r->nb_lcores = nb_lcores;
	for (unsigned int l = 0; l < nb_lcores; l++) {
		memset(&r->lc[l], 0, sizeof(r->lc[l]));
		r->lc[l].lcore_id = lcores[l];
		r->lc[l].burst = burst;
		r->lc[l].streams = &r->streams[n];
		for (unsigned int i = 0; i < p->nb_ports; i++) {
			unsigned int peer_q = p->queues_up[i ^ 1u];

			for (unsigned int q = l; q < p->queues_up[i] &&
			     peer_q > 0 && n < BENCH_MAX_STREAMS;
			     q += nb_lcores) {
				struct bench_stream *s = &r->streams[n++];

				memset(s, 0, sizeof(*s));
				s->rx_port = p->port[i];
				s->rx_queue = (uint16_t)q;
				s->tx_port = p->port[i ^ 1u];
				s->tx_queue = (uint16_t)(q % peer_q);
				r->lc[l].nb_streams++;
			}
		}
	}
	r->nb_streams = n;
}

/* The first TX queue (priming order) whose primed frames were dropped. */
static void
prime_check(struct s72_case *c, size_t mark)
{
	const struct bench_pair *p = c->r->pair;
	char err[96] = "errno not logged", name[64];
	struct rte_eth_stats st;
	const char *log;
	uint64_t sent;
	size_t len;

	for (unsigned int i = 0; i < p->nb_ports; i++) {
		if (c->res->first_fail[0] != '\0')
			return;
		if (p->queues_up[i] == 0 || p->queues_up[i ^ 1u] == 0 ||
		    rte_eth_stats_get(p->port[i], &st) != 0 || st.oerrors == 0)
			continue;
		log = log_since(c, mark, &len);
		s72_log_map_errno(log, len, p->name[i], err, sizeof(err));
		for (unsigned int q = 0; q < p->queues_up[i]; q++) {
			snprintf(name, sizeof(name), "tx_q%u_packets", q);
			if (!xs_by_name(p->port[i], name, &sent) ||
			    sent >= S72_PRIME)
				continue;
			fail_note(c->res, "port %u (%s) TX queue %u: "
				  "rte_eth_tx_burst() while priming: %" PRIu64
				  " of %u frames dropped, DMA map failed: %s "
				  "(port: %" PRIu64 " of %u frames dropped)", i,
				  p->name[i], q, S72_PRIME - sent, S72_PRIME,
				  err, st.oerrors,
				  p->queues_up[i] * S72_PRIME);
			return;
		}
	}
}

/* Nothing failed in bring-up or priming, but maps failed while forwarding. */
static void
forward_check(struct s72_case *c, size_t mark)
{
	const struct bench_run *r = c->r;
	char err[96] = "errno not logged";
	uint64_t tx = 0, maps = 0;
	const char *log;
	size_t len;

	if (c->res->first_fail[0] != '\0')
		return;
	for (unsigned int i = 0; i < r->pair->nb_ports; i++) {
		tx += r->final.port[i].oerrors - r->begin.port[i].oerrors;
		maps += r->final.port[i].xs[BENCH_XS_DMA_MAP_ERRORS] -
			r->begin.port[i].xs[BENCH_XS_DMA_MAP_ERRORS];
	}
	if (maps == 0)
		return;
	log = log_since(c, mark, &len);
	s72_log_map_errno(log, len, NULL, err, sizeof(err));
	fail_note(c->res, "while forwarding: %" PRIu64 " DMA map failures "
		  "(%" PRIu64 " in rte_eth_tx_burst, the rest in RX refills of "
		  "rte_eth_rx_burst); first logged: %s", maps, tx, err);
}

static void
results_from_run(const struct bench_run *r, double tsc_hz,
		 struct s72_result *res)
{
	const struct bench_snap *a = &r->start, *m = &r->mid, *b = &r->end;
	double dt = (double)(b->tsc - a->tsc) / tsc_hz;
	uint64_t maperr = 0, txerr = 0;

	res->xs_ok = r->pair->kind == BENCH_KIND_SUN4V;
	for (unsigned int i = 0; i < r->pair->nb_ports; i++) {
		const struct bench_port_snap *pa = &a->port[i], *pb = &b->port[i];

		res->xs_ok &= pb->xs_valid[BENCH_XS_IOTSB_ENTRIES_USED] &&
			      pb->xs_valid[BENCH_XS_DMA_MAP_ERRORS];
		res->iotsb_up[i] = r->begin.port[i].xs[BENCH_XS_IOTSB_ENTRIES_USED];
		res->iotsb_up_total += res->iotsb_up[i];
		res->iotsb[i] = pb->xs[BENCH_XS_IOTSB_ENTRIES_USED];
		res->iotsb_total += res->iotsb[i];
		maperr += pb->xs[BENCH_XS_DMA_MAP_ERRORS] -
			  pa->xs[BENCH_XS_DMA_MAP_ERRORS];
		txerr += pb->oerrors - pa->oerrors;
	}
	res->map_err_per_s = dt > 0 ? (double)maperr / dt : 0;
	res->tx_fail_per_s = dt > 0 ? (double)txerr / dt : 0;
	res->rx_fail_per_s = dt > 0 && maperr > txerr ?
			     (double)(maperr - txerr) / dt : 0;
	res->pkts_h1 = m->rx - a->rx;
	res->pkts_h2 = b->rx - m->rx;
	res->mpps_total = dt > 0 ? (double)(b->rx - a->rx) / dt / 1e6 : 0;
}

/* Prime, forward, drain over whatever came up. */
static void
traffic(struct s72_case *c)
{
	struct bench_ctx *ctx = c->ctx;
	struct bench_run *r = c->r;
	struct s72_result *res = c->res;
	struct bench_metrics met;
	char why[BENCH_REASON_LEN];
	size_t mark;
	int rc;

	for (unsigned int i = 0; i < r->pair->nb_ports; i++) {
		bench_xs_resolve(r->pair->port[i], &r->xs[i]);
		r->pool[i] = c->pools[i];
	}
	streams_build(r, ctx->fwd_lcores, ctx->opts.lcores, ctx->opts.burst);
	bench_links_wait(r->pair, why, sizeof(why));
	bench_snap_take(r, &r->begin);
	mark = log_mark(c);
	rc = bench_prime(r, 64, S72_PRIME, ctx->opts.burst, why, sizeof(why));
	if (rc != 0)
		fail_note(res, "priming: %s", why);
	prime_check(c, mark);
	mark = log_mark(c);
	rc = bench_forward(r, ctx->opts.warmup_s, ctx->opts.time_s);
	bench_drain(r);
	bench_snap_take(r, &r->final);
	if (rc != 0) {
		res->status = rc == -EINTR ? BENCH_ST_SKIPPED : BENCH_ST_ERROR;
		snprintf(res->reason, sizeof(res->reason), "%s",
			 rc == -EINTR ? "interrupted" : "lcore launch failed");
		return;
	}
	forward_check(c, mark);
	results_from_run(r, ctx->env.tsc_hz, res);
	bench_metrics_compute(r, &ctx->opts, 64, ctx->env.tsc_hz, &met);
	for (unsigned int i = 0; i < r->pair->nb_ports; i++)
		res->tx_fail += r->final.port[i].oerrors - r->begin.port[i].oerrors;
	res->primed = met.primed;
	res->drained = met.drained;
	res->app_drops = met.app_drops;
	res->lost = met.lost;
	res->dev_drops = met.dev_drops;
	res->conserved = met.conserved;
}

/* Whole-case counters of every created port, read before it is closed. */
static void
case_counters(const struct bench_pair *p, struct s72_result *res)
{
	uint64_t v;

	res->logxs_ok = p->kind == BENCH_KIND_SUN4V && p->nb_ports > 0;
	for (unsigned int i = 0; i < p->nb_ports; i++) {
		if (!p->created[i])
			continue;
		if (xs_by_name(p->port[i], "dma_map_errors", &v))
			res->map_errors += v;
		if (xs_by_name(p->port[i], "map_error_log_lines", &v))
			res->pmd_lines += v;
		else
			res->logxs_ok = false;
		if (xs_by_name(p->port[i], "map_error_log_suppressed", &v))
			res->pmd_suppressed += v;
		else
			res->logxs_ok = false;
	}
}

static int
case_ports(struct s72_case *c, char *why, size_t len)
{
	const struct bench_opts *o = &c->ctx->opts;
	struct bench_sun4v_conf conf = {
		.dma = c->res->dma, .iommu = c->res->iommu,
		.hv_lat_ns = o->hv_lat_ns, .pace = o->pace,
		.speed_gbps = o->speed_gbps, .iotlb = o->iotlb,
		.legacy_window_mb = o->s72_window_mb,
	};

	if (o->s72_ring)
		return bench_pair_create_ring(c->r->pair, S72_PORTS,
					      o->s72_queues, 2 * o->s72_rxd,
					      why, len);
	return bench_pair_create_sun4v(c->r->pair, S72_PORTS, &conf, why, len);
}

/*
 * Send stderr to a temporary file while the case runs (lib/iova_pool
 * writes there when no log handler is set); *saved = -1 if not possible.
 */
static FILE *
stderr_capture(int *saved)
{
	FILE *tmp = tmpfile();

	fflush(stderr);
	*saved = tmp != NULL ? dup(STDERR_FILENO) : -1;
	if (*saved < 0 || dup2(fileno(tmp), STDERR_FILENO) < 0) {
		if (*saved >= 0)
			close(*saved);
		*saved = -1;
		if (tmp != NULL)
			fclose(tmp);
		return NULL;
	}
	return tmp;
}

/* Restore stderr, pass the captured lines on, count them. */
static void
stderr_release(FILE *tmp, int saved, struct s72_result *res)
{
	char buf[4096];
	size_t n;

	if (tmp == NULL)
		return;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	rewind(tmp);
	while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0) {
		fwrite(buf, 1, n, stderr);
		s72_logs_count(buf, n, true, res);
	}
	fclose(tmp);
}

static void
case_run(struct s72_case *c)
{
	struct s72_result *res = c->res;
	FILE *prev = rte_log_get_stream();
	uint64_t t0 = rte_get_timer_cycles();
	int saved, rc;
	FILE *errf = stderr_capture(&saved);

	c->logbuf = NULL;
	c->loglen = 0;
	c->logf = open_memstream(&c->logbuf, &c->loglen);
	if (c->logf != NULL)
		rte_openlog_stream(c->logf);
	rc = case_ports(c, res->reason, sizeof(res->reason));
	for (unsigned int i = 0; i < S72_PORTS && rc == 0; i++)
		rc = port_up(c, i);
	res->bringup_s = (double)(rte_get_timer_cycles() - t0) /
			 (double)rte_get_timer_hz();
	if (rc == 0 && res->ports_up > 0)
		traffic(c);
	if (rc == -ENOTSUP)
		res->status = BENCH_ST_UNSUPPORTED;
	else if (rc != 0)
		res->status = BENCH_ST_ERROR;
	case_counters(c->r->pair, res);
	bench_pair_destroy(c->r->pair);
	for (unsigned int i = 0; i < S72_PORTS; i++)
		res->leak += (int64_t)rte_mempool_in_use_count(c->pools[i]);
	if (c->logf != NULL) {
		rte_openlog_stream(prev);
		fclose(c->logf);
		s72_logs_count(c->logbuf, c->loglen, false, res);
	}
	stderr_release(errf, saved, res);
	/* Nothing is hidden: the lines go where they would have gone. */
	if (c->logf != NULL && c->loglen > 0) {
		fwrite(c->logbuf, 1, c->loglen, prev != NULL ? prev : stderr);
		fflush(prev != NULL ? prev : stderr);
	}
	free(c->logbuf);
	c->logbuf = NULL;
	c->logf = NULL;
}

/* 8 KB IO pages covering one memory chunk of a pool. */
static void
chunk_pages(struct rte_mempool *mp, void *arg, struct rte_mempool_memhdr *h,
	    unsigned int idx)
{
	uintptr_t lo = RTE_ALIGN_FLOOR((uintptr_t)h->addr, 8192);
	uintptr_t hi = RTE_ALIGN_CEIL((uintptr_t)h->addr + h->len, 8192);

	RTE_SET_USED(mp);
	RTE_SET_USED(idx);
	*(uint64_t *)arg += (hi - lo) / 8192;
}

/* One pool per port, reused by every case (whole again after each). */
static int
pools_create(const struct bench_ctx *ctx, struct s72_setup *su,
	     struct rte_mempool **pools)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	uint64_t n = s72_port_mbufs(&ctx->opts, rte_lcore_count());

	for (unsigned int i = 0; i < S72_PORTS; i++) {
		snprintf(name, sizeof(name), "s72_port%u", i);
		pools[i] = bench_pool_create_packed(name, (unsigned int)n,
						    S72_POOL_CACHE);
		if (pools[i] == NULL) {
			fprintf(stderr, "sun4v-dmabench: cannot create pool %s"
				" of %" PRIu64 " mbufs (give the EAL more "
				"memory, -m)\n", name, n);
			return -ENOMEM;
		}
	}
	su->pool_objs = pools[0]->size;
	rte_mempool_mem_iter(pools[0], chunk_pages, &su->pool_pages);
	su->obj_size = pools[0]->header_size + pools[0]->elt_size +
		       pools[0]->trailer_size;
	su->max_frame = rte_pktmbuf_data_room_size(pools[0]) -
			RTE_PKTMBUF_HEADROOM;
	su->window_mb = ctx->opts.s72_window_mb != 0 ?
			ctx->opts.s72_window_mb : 2048;
	su->window_entries = (uint64_t)su->window_mb * S72_PAGES_PER_MB;
	return 0;
}

int
bench_scenario_s72(struct bench_ctx *ctx)
{
	static const struct { enum bench_iommu i; enum bench_dma d; } cases[] = {
		{ BENCH_IOMMU_LEGACY, BENCH_DMA_MAP },
		{ BENCH_IOMMU_LEGACY, BENCH_DMA_POOL },
		{ BENCH_IOMMU_ATU, BENCH_DMA_MAP },
		{ BENCH_IOMMU_ATU, BENCH_DMA_POOL },
	};
	const struct bench_opts *o = &ctx->opts;
	struct rte_mempool *pools[S72_PORTS] = { NULL };
	struct s72_result res[RTE_DIM(cases)];
	struct bench_run *r = calloc(1, sizeof(*r));
	struct s72_setup su;
	struct bench_pair pair;
	/* The ring plumbing check has no IOMMU modes: one case. */
	unsigned int nb_cases = o->s72_ring ? 1 : RTE_DIM(cases);
	int rc = 0;

	memset(&su, 0, sizeof(su));
	if (r == NULL || pools_create(ctx, &su, pools) != 0) {
		rc = 1;
		goto out;
	}
	s72_intro_print(ctx, &su, stdout);
	memset(res, 0, sizeof(res));
	for (unsigned int k = 0; k < nb_cases && !bench_quit; k++) {
		struct s72_case c = {
			.ctx = ctx, .r = r, .res = &res[k], .pools = pools,
		};

		res[k].iommu = cases[k].i;
		res[k].dma = cases[k].d;
		memset(r, 0, sizeof(*r));
		r->pair = &pair;
		fprintf(stderr, "[%u/%u] s7-2 %s/%s ...\n", k + 1, nb_cases,
			bench_iommu_name(cases[k].i),
			bench_dma_name(cases[k].d));
		case_run(&c);
		s72_case_print(ctx, &su, &res[k], stdout);
		fflush(stdout);
		rc |= res[k].status == BENCH_ST_ERROR;
	}
	if (o->json_path != NULL &&
	    s72_json_write(ctx, &su, res, nb_cases) != 0)
		rc = 1;
out:
	free(r);
	for (unsigned int i = 0; i < S72_PORTS; i++)
		rte_mempool_free(pools[i]);
	return bench_quit ? 130 : rc;
}
