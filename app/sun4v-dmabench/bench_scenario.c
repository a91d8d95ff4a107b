/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench --scenario s7-2: the legacy DVMA window exhaustion.
 *
 * The ATU cover letter's example (sun4v-iommu-facts.md, "legacy limits"):
 * four 40 GbE i40e ports on one root complex, 128 queue pairs each, 512 RX
 * descriptors per queue = 262,144 RX buffers, against a legacy window of
 * (2 GB / 8 KB) - 1 = 262,143 usable entries.  For legacy/map,
 * legacy/pool, atu/map and atu/pool the scenario brings the four ports up
 * (ports 0-1 and 2-3 wired to each other), starts traffic on all queues
 * and reports what each mode costs in IOTSB entries and what broke first.
 *
 * Bring-up does not stop at the first failure: the failing port keeps the
 * queues it got (reconfigured down to them) and the other ports still try,
 * because "does forwarding continue" is part of the answer.  PMD log lines
 * are captured during each case (rte_openlog_stream) and counted.
 *
 * Memory: 262,144 RX buffers of 2 KB data room are ~650 MB of mbufs; with
 * --no-huge the EAL gets -m from bench_scenario_mem_mb().
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_mbuf.h>

#include "bench.h"
#include "bench_port.h"

#define S72_PORTS 4
/* Frames primed per queue: enough to keep every queue busy. */
#define S72_PRIME 4
/* (2 GB / 8 KB) - 1: the legacy window's usable entries. */
#define S72_LEGACY_USABLE 262143u

struct s72_result {
	enum bench_iommu iommu;
	enum bench_dma dma;
	enum bench_status status;
	char reason[BENCH_REASON_LEN];
	unsigned int queues_up[S72_PORTS];
	unsigned int ports_up;
	bool xs_ok;                     /**< sun4v xstats present */
	uint64_t iotsb[S72_PORTS], iotsb_total;
	unsigned int failed_calls;
	char first_fail[BENCH_REASON_LEN];
	double map_err_per_s;
	unsigned int log_lines;
	char first_log[BENCH_REASON_LEN];
	bool supp_ok;                   /**< the PMD has a suppressed-lines xstat */
	uint64_t log_suppressed;
	uint64_t log_said_suppressed;   /**< sum of "(N similar lines suppressed)" */
	double mpps_total;
	uint64_t pkts_h1, pkts_h2;      /**< window halves */
	bool conserved;
	int64_t leak;
	double bringup_s;
};

/*
 * mbufs: every RX ring full, every TX ring full (a TX queue keeps sent
 * mbufs until it cleans up), the primed frames and a burst per queue.
 */
static uint64_t
s72_mbufs(const struct bench_opts *o)
{
	return (uint64_t)S72_PORTS * o->s72_queues *
	       (o->s72_rxd + o->s72_txd + S72_PRIME + 32);
}

unsigned int
bench_scenario_mem_mb(const struct bench_opts *o)
{
	/* 2 KB objects (packed pool), +25 % and 768 MB for the devices'
	 * rings, tables and the heap's own overhead. */
	return (unsigned int)((s72_mbufs(o) + 16384) * 2048 / (1024 * 1024) *
			      5 / 4 + 768);
}

static void
fail_note(struct s72_result *res, const char *why)
{
	if (res->failed_calls++ == 0)
		snprintf(res->first_fail, sizeof(res->first_fail), "%s", why);
}

/* Set up queues until one fails; returns how many pairs are set up. */
static unsigned int
queues_up(struct bench_ctx *ctx, uint16_t port, struct s72_result *res)
{
	char why[BENCH_REASON_LEN];
	unsigned int q;

	for (q = 0; q < ctx->opts.s72_queues; q++) {
		if (bench_port_queue_setup(port, q, ctx->opts.s72_rxd,
					   ctx->opts.s72_txd, ctx->pool, why,
					   sizeof(why)) != 0) {
			fail_note(res, why);
			break;
		}
	}
	return q;
}

/*
 * Bring port @p i up with as many queues as it gets.  -ENOTSUP when the
 * PMD cannot do the scenario at all (capability check on port 0).
 */
static int
port_up(struct bench_ctx *ctx, struct bench_pair *p, unsigned int i,
	struct s72_result *res)
{
	char why[BENCH_REASON_LEN];
	unsigned int n;
	int rc;

	rc = bench_port_configure(p->port[i], ctx->opts.s72_queues, why,
				  sizeof(why));
	if (rc == -ENOTSUP)
		snprintf(res->reason, sizeof(res->reason), "%s", why);
	if (rc != 0) {
		fail_note(res, why);
		return rc == -ENOTSUP ? rc : 0;
	}
	n = queues_up(ctx, p->port[i], res);
	/* Shrinking keeps the queues already set up (ethdev semantics). */
	if (n > 0 && n < ctx->opts.s72_queues &&
	    bench_port_configure(p->port[i], n, why, sizeof(why)) != 0) {
		fail_note(res, why);
		n = 0;
	}
	if (n == 0)
		return 0;
	rc = rte_eth_dev_start(p->port[i]);
	if (rc != 0) {
		snprintf(why, sizeof(why), "rte_eth_dev_start(%s, %u queues): "
			 "%d (%s)", p->name[i], n, rc, strerror(-rc));
		fail_note(res, why);
		return 0;
	}
	p->started[i] = true;
	p->queues_up[i] = n;
	res->queues_up[i] = n;
	res->ports_up++;
	rte_eth_promiscuous_enable(p->port[i]);
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

/* Sum of the first xstat whose name contains "suppress", over the ports. */
static bool
suppressed_get(const struct bench_pair *p, uint64_t *out)
{
	struct rte_eth_xstat_name names[512];
	bool found = false;

	*out = 0;
	for (unsigned int i = 0; i < p->nb_ports; i++) {
		int n = rte_eth_xstats_get_names(p->port[i], names,
						 RTE_DIM(names));
		uint64_t id, v;

		for (int k = 0; k < n && k < (int)RTE_DIM(names); k++) {
			if (strstr(names[k].name, "suppress") == NULL)
				continue;
			id = (uint64_t)k;
			if (rte_eth_xstats_get_by_id(p->port[i], &id, &v, 1)
			    == 1) {
				*out += v;
				found = true;
			}
			break;
		}
	}
	return found;
}

static void
results_from_run(const struct bench_run *r, double tsc_hz,
		 struct s72_result *res)
{
	const struct bench_snap *a = &r->start, *m = &r->mid, *b = &r->end;
	double dt = (double)(b->tsc - a->tsc) / tsc_hz;
	uint64_t maperr = 0;

	res->xs_ok = r->pair->kind == BENCH_KIND_SUN4V;
	for (unsigned int i = 0; i < r->pair->nb_ports; i++) {
		const struct bench_port_snap *pa = &a->port[i], *pb = &b->port[i];

		res->xs_ok &= pb->xs_valid[BENCH_XS_IOTSB_ENTRIES_USED] &&
			      pb->xs_valid[BENCH_XS_DMA_MAP_ERRORS];
		res->iotsb[i] = pb->xs[BENCH_XS_IOTSB_ENTRIES_USED];
		res->iotsb_total += res->iotsb[i];
		maperr += pb->xs[BENCH_XS_DMA_MAP_ERRORS] -
			  pa->xs[BENCH_XS_DMA_MAP_ERRORS];
	}
	res->map_err_per_s = dt > 0 ? (double)maperr / dt : 0;
	res->pkts_h1 = m->rx - a->rx;
	res->pkts_h2 = b->rx - m->rx;
	res->mpps_total = dt > 0 ? (double)(b->rx - a->rx) / dt / 1e6 : 0;
	res->supp_ok = suppressed_get(r->pair, &res->log_suppressed);
}

/* Prime, forward, drain over whatever came up. */
static void
traffic(struct bench_ctx *ctx, struct bench_run *r, struct s72_result *res)
{
	struct bench_metrics met;
	char why[BENCH_REASON_LEN];
	int rc;

	for (unsigned int i = 0; i < r->pair->nb_ports; i++)
		bench_xs_resolve(r->pair->port[i], &r->xs[i]);
	streams_build(r, ctx->fwd_lcores, ctx->opts.lcores, ctx->opts.burst);
	bench_links_wait(r->pair, why, sizeof(why));
	bench_snap_take(r, &r->begin);
	rc = bench_prime(r, ctx->pool, 64, S72_PRIME, ctx->opts.burst, why,
			 sizeof(why));
	if (rc != 0)
		fail_note(res, why);
	rc = bench_forward(r, ctx->opts.warmup_s, ctx->opts.time_s);
	bench_drain(r);
	bench_snap_take(r, &r->final);
	if (rc != 0) {
		res->status = rc == -EINTR ? BENCH_ST_SKIPPED : BENCH_ST_ERROR;
		snprintf(res->reason, sizeof(res->reason), "%s",
			 rc == -EINTR ? "interrupted" : "lcore launch failed");
		return;
	}
	results_from_run(r, ctx->env.tsc_hz, res);
	bench_metrics_compute(r, &ctx->opts, 64, ctx->env.tsc_hz, &met);
	res->conserved = met.conserved;
}

/*
 * "(N similar lines suppressed)" in a rate-limited PMD line: the lines the
 * limiter dropped before this one (i40e_sun4v_dma.c, map_error_log()).
 */
static uint64_t
suppressed_in_line(const char *line, size_t l)
{
	static const char tag[] = " similar lines suppressed)";
	const char *t = memmem(line, l, tag, sizeof(tag) - 1);
	const char *open;

	if (t == NULL)
		return 0;
	for (open = t; open > line && open[-1] != '('; open--)
		;
	return open > line ? strtoull(open, NULL, 10) : 0;
}

/* Count the captured log lines and what they say was suppressed. */
static void
logs_count(const char *buf, size_t len, struct s72_result *res)
{
	const char *line = buf, *end = buf + len;

	while (line < end) {
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		size_t l = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);

		if (l > 0 && res->log_lines++ == 0)
			snprintf(res->first_log, sizeof(res->first_log), "%.*s",
				 (int)RTE_MIN(l, sizeof(res->first_log) - 1),
				 line);
		res->log_said_suppressed += suppressed_in_line(line, l);
		line += l + 1;
	}
}

static int
case_ports(struct bench_ctx *ctx, struct bench_pair *p,
	   const struct s72_result *res, char *why, size_t len)
{
	struct bench_sun4v_conf c = {
		.dma = res->dma, .iommu = res->iommu,
		.hv_lat_ns = ctx->opts.hv_lat_ns, .pace = ctx->opts.pace,
		.speed_gbps = ctx->opts.speed_gbps, .iotlb = ctx->opts.iotlb,
	};

	if (ctx->opts.s72_ring)
		return bench_pair_create_ring(p, S72_PORTS,
					      ctx->opts.s72_queues,
					      2 * ctx->opts.s72_rxd, why, len);
	return bench_pair_create_sun4v(p, S72_PORTS, &c, why, len);
}

static void
case_run(struct bench_ctx *ctx, struct bench_run *r, struct s72_result *res)
{
	char *logbuf = NULL;
	size_t loglen = 0;
	FILE *prev = rte_log_get_stream();
	FILE *logf = open_memstream(&logbuf, &loglen);
	uint64_t t0 = rte_get_timer_cycles();
	int rc;

	if (logf != NULL)
		rte_openlog_stream(logf);
	rc = case_ports(ctx, r->pair, res, res->reason, sizeof(res->reason));
	for (unsigned int i = 0; i < S72_PORTS && rc == 0; i++)
		rc = port_up(ctx, r->pair, i, res);
	res->bringup_s = (double)(rte_get_timer_cycles() - t0) /
			 (double)rte_get_timer_hz();
	if (rc == 0 && res->ports_up > 0)
		traffic(ctx, r, res);
	if (rc == -ENOTSUP)
		res->status = BENCH_ST_UNSUPPORTED;
	else if (rc != 0)
		res->status = BENCH_ST_ERROR;
	bench_pair_destroy(r->pair);
	res->leak = (int64_t)rte_mempool_in_use_count(ctx->pool);
	if (logf != NULL) {
		rte_openlog_stream(prev);
		fclose(logf);
		logs_count(logbuf, loglen, res);
	}
	free(logbuf);
}

static void
case_print(const struct bench_ctx *ctx, const struct s72_result *res, FILE *f)
{
	unsigned int q = ctx->opts.s72_queues;

	if (ctx->opts.s72_ring)
		fprintf(f, "net_ring pairs (plumbing check):\n");
	else
		fprintf(f, "%s/%s:\n", bench_iommu_name(res->iommu),
			bench_dma_name(res->dma));
	if (res->status == BENCH_ST_UNSUPPORTED ||
	    res->status == BENCH_ST_SKIPPED || res->status == BENCH_ST_ERROR) {
		fprintf(f, "  %s: %s\n", bench_status_name(res->status),
			res->reason);
		return;
	}
	fprintf(f, "  ports up        : %u/%u; queues up %u/%u/%u/%u of %u "
		"(%.1f s to bring up)\n", res->ports_up, S72_PORTS,
		res->queues_up[0], res->queues_up[1], res->queues_up[2],
		res->queues_up[3], q, res->bringup_s);
	if (res->ports_up == 0)
		fprintf(f, "  IOTSB entries   : not read (no port came up)\n");
	else if (res->xs_ok)
		fprintf(f, "  IOTSB entries   : %" PRIu64 " / %" PRIu64 " / %"
			PRIu64 " / %" PRIu64 ", total %" PRIu64 " (%.1f %% of "
			"the legacy window's %u)\n", res->iotsb[0],
			res->iotsb[1], res->iotsb[2], res->iotsb[3],
			res->iotsb_total, 100.0 * (double)res->iotsb_total /
			S72_LEGACY_USABLE, S72_LEGACY_USABLE);
	else
		fprintf(f, "  IOTSB entries   : n/a (no sun4v xstats)\n");
	fprintf(f, "  first failure   : %s (%u failed calls)\n",
		res->failed_calls ? res->first_fail : "none",
		res->failed_calls);
	if (res->xs_ok)
		fprintf(f, "  map failures    : %.0f /s (dma_map_errors)\n",
			res->map_err_per_s);
	fprintf(f, "  log lines       : %u emitted", res->log_lines);
	if (res->supp_ok)
		fprintf(f, ", %" PRIu64 " suppressed (xstat)\n",
			res->log_suppressed);
	else
		fprintf(f, ", at least %" PRIu64 " suppressed (the \"similar "
			"lines suppressed\" counts of the emitted lines)\n",
			res->log_said_suppressed);
	if (res->log_lines > 0)
		fprintf(f, "  first log line  : %s\n", res->first_log);
	if (res->ports_up == 0) {
		fprintf(f, "  forwarding      : none (no port came up)\n");
		return;
	}
	fprintf(f, "  forwarding      : %.2f Mpps total; continued: %s "
		"(%" PRIu64 " then %" PRIu64 " frames per half window); "
		"counts %s; mbufs in use after close %" PRId64 "\n",
		res->mpps_total, res->pkts_h2 > 0 ? "yes" : "NO",
		res->pkts_h1, res->pkts_h2,
		res->conserved ? "conserved" : "NOT conserved", res->leak);
}

static void
json_case(FILE *f, const struct s72_result *r, bool last)
{
	fprintf(f, "    {\"iommu\": \"%s\", \"dma\": \"%s\", \"status\": ",
		bench_iommu_name(r->iommu), bench_dma_name(r->dma));
	bench_json_str(f, bench_status_name(r->status));
	fputs(", \"reason\": ", f);
	bench_json_str(f, r->status == BENCH_ST_OK ? "" : r->reason);
	fprintf(f, ", \"ports_up\": %u, \"queues_up\": [%u, %u, %u, %u]",
		r->ports_up, r->queues_up[0], r->queues_up[1],
		r->queues_up[2], r->queues_up[3]);
	if (r->xs_ok)
		fprintf(f, ", \"iotsb_entries_used\": [%" PRIu64 ", %" PRIu64
			", %" PRIu64 ", %" PRIu64 "], \"iotsb_total\": %" PRIu64
			", \"map_errors_per_s\": %.1f", r->iotsb[0], r->iotsb[1],
			r->iotsb[2], r->iotsb[3], r->iotsb_total,
			r->map_err_per_s);
	fprintf(f, ", \"failed_calls\": %u, \"first_failure\": ",
		r->failed_calls);
	bench_json_str(f, r->failed_calls ? r->first_fail : "");
	fprintf(f, ", \"log_lines\": %u, \"log_suppressed_at_least\": %"
		PRIu64 ", \"first_log\": ", r->log_lines,
		r->supp_ok ? r->log_suppressed : r->log_said_suppressed);
	bench_json_str(f, r->first_log);
	fprintf(f, ", \"mpps_total\": %.4f, \"continued\": %s, \"conserved\": "
		"%s, \"mbuf_leak\": %" PRId64 "}%s\n", r->mpps_total,
		r->pkts_h2 > 0 ? "true" : "false",
		r->conserved ? "true" : "false", r->leak, last ? "" : ",");
}

static int
json_write(const struct bench_ctx *ctx, const struct s72_result *res,
	   unsigned int n)
{
	FILE *f = fopen(ctx->opts.json_path, "w");

	if (f == NULL)
		return -errno;
	fprintf(f, "{\n  \"scenario\": \"s7-2\", \"ports\": %u, \"queues\": "
		"%u, \"rxd\": %u, \"legacy_usable\": %u, \"pmd\": \"%s\", "
		"\"git_rev\": ", S72_PORTS, ctx->opts.s72_queues,
		ctx->opts.s72_rxd, S72_LEGACY_USABLE,
		ctx->opts.s72_ring ? "ring" : "i40e_sun4v");
	bench_json_str(f, ctx->env.git_rev);
	fputs(",\n  \"cases\": [\n", f);
	for (unsigned int i = 0; i < n; i++)
		json_case(f, &res[i], i + 1 == n);
	fputs("  ]\n}\n", f);
	return fclose(f) == 0 ? 0 : -errno;
}

static void
intro_print(const struct bench_ctx *ctx, FILE *f)
{
	const struct bench_opts *o = &ctx->opts;

	fprintf(f, "S7-2 scenario: %u ports x %u queue pairs x %u RX "
		"descriptors on root complex 0 = %u RX buffers (+ %u TX "
		"descriptors per queue); legacy window: %u usable 8 KB "
		"entries; mbuf pool: %u objects of %u B (%u B frames max)%s\n\n",
		S72_PORTS, o->s72_queues, o->s72_rxd,
		S72_PORTS * o->s72_queues * o->s72_rxd, o->s72_txd,
		S72_LEGACY_USABLE, ctx->pool->size, ctx->pool->header_size +
		ctx->pool->elt_size + ctx->pool->trailer_size,
		rte_pktmbuf_data_room_size(ctx->pool) - RTE_PKTMBUF_HEADROOM,
		o->s72_ring ? "\n(--s72-pmd ring: net_ring pairs, no IOMMU: "
		"checks the tool's plumbing only)" : "");
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
	struct s72_result res[RTE_DIM(cases)];
	struct bench_run *r = calloc(1, sizeof(*r));
	struct bench_pair pair;
	/* The ring plumbing check has no IOMMU modes: one case. */
	unsigned int nb_cases = o->s72_ring ? 1 : RTE_DIM(cases);
	int rc = 0;

	if (r == NULL || bench_pool_ensure(ctx, s72_mbufs(o), true) != 0) {
		free(r);
		return 1;
	}
	intro_print(ctx, stdout);
	memset(res, 0, sizeof(res));
	for (unsigned int c = 0; c < nb_cases && !bench_quit; c++) {
		res[c].iommu = cases[c].i;
		res[c].dma = cases[c].d;
		memset(r, 0, sizeof(*r));
		r->pair = &pair;
		fprintf(stderr, "[%u/%u] s7-2 %s/%s ...\n", c + 1,
			nb_cases, bench_iommu_name(cases[c].i),
			bench_dma_name(cases[c].d));
		case_run(ctx, r, &res[c]);
		case_print(ctx, &res[c], stdout);
		rc |= res[c].status == BENCH_ST_ERROR;
	}
	free(r);
	if (o->json_path != NULL && json_write(ctx, res, nb_cases) != 0)
		rc = 1;
	return bench_quit ? 130 : rc;
}
