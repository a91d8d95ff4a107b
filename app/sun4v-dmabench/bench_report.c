/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: the human report — header, table, sweep, headline.
 *
 * The header says everything a reader needs to judge the numbers: CPU,
 * lcores, DPDK version, huge pages or not, pacing, every modeled
 * parameter (labelled "modeled"), the git revision and the EAL arguments.
 */
#include <math.h>
#include <string.h>

#include <rte_common.h>

#include "bench.h"

const char *
bench_dma_name(enum bench_dma d)
{
	return d == BENCH_DMA_MAP ? "map" : "pool";
}

const char *
bench_iommu_name(enum bench_iommu i)
{
	static const char *const n[] = { "atu", "legacy", "bypass" };

	return (unsigned int)i < RTE_DIM(n) ? n[i] : "?";
}

const char *
bench_kind_name(enum bench_kind k)
{
	static const char *const n[] = { "i40e_sun4v", "memif", "ring" };

	return (unsigned int)k < RTE_DIM(n) ? n[k] : "?";
}

const char *
bench_status_name(enum bench_status s)
{
	static const char *const n[] = { "ok", "n/a", "error", "skipped" };

	return (unsigned int)s < RTE_DIM(n) ? n[s] : "?";
}

const char *
bench_engine_name(enum bench_engine e)
{
	return e == BENCH_ENGINE_SERVICE ? "service" : "inline";
}

/* Frames per second of one direction of a link: rate / ((size + 20) x 8). */
double
bench_line_mpps(unsigned int speed_gbps, unsigned int frame)
{
	return (double)speed_gbps * 1e3 /
	       ((double)(frame + BENCH_WIRE_OVERHEAD) * 8.0);
}

/* "pool atu 64B" / "memif 64B" (+ " hv_lat=100ns" when not 0). */
void
bench_row_label(const struct bench_row_key *k, char *buf, size_t len)
{
	if (k->kind != BENCH_KIND_SUN4V) {
		snprintf(buf, len, "%s %uB", bench_kind_name(k->kind), k->size);
		return;
	}
	snprintf(buf, len, "%s %s %uB", bench_dma_name(k->dma),
		 bench_iommu_name(k->iommu), k->size);
	if (k->hv_lat_ns != 0)
		snprintf(buf + strlen(buf), len - strlen(buf),
			 " hv_lat=%" PRIu64 "ns", k->hv_lat_ns);
}

static void
list_names(char *buf, size_t len, const bool *set, int n,
	   const char *(*name)(int))
{
	size_t off = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && off < len; i++)
		if (set[i])
			off += (size_t)snprintf(buf + off, len - off, "%s%s",
						off ? "," : "", name(i));
	if (off == 0)
		snprintf(buf, len, "none");
}

static const char *dma_n(int i) { return bench_dma_name((enum bench_dma)i); }
static const char *iommu_n(int i) { return bench_iommu_name((enum bench_iommu)i); }
static const char *kind_n(int i) { return bench_kind_name((enum bench_kind)i); }

static void
header_matrix(const struct bench_opts *o, FILE *f)
{
	char dma[64], iommu[64], peer[64], sizes[128];
	size_t off = 0;

	list_names(dma, sizeof(dma), o->dma, BENCH_DMA_COUNT, dma_n);
	list_names(iommu, sizeof(iommu), o->iommu, BENCH_IOMMU_COUNT, iommu_n);
	/* o->peer[BENCH_KIND_SUN4V] is never set: only memif/ring list. */
	list_names(peer, sizeof(peer), o->peer, BENCH_KIND_COUNT, kind_n);
	for (unsigned int s = 0; s < o->nb_sizes; s++)
		off += (size_t)snprintf(sizes + off, sizeof(sizes) - off,
					"%s%u", s ? "," : "", o->sizes[s]);
	fprintf(f, "matrix    : dma=%s iommu=%s sizes=%s peer=%s%s\n",
		o->peer_only ? "-" : dma, o->peer_only ? "-" : iommu, sizes,
		peer, o->peer_only ? " (peer only)" : "");
	fprintf(f, "run       : %.2f s measured after %.2f s warm-up, repeat "
		"%u; %u desc/queue, burst %u, %u frames primed per port and "
		"queue\n", o->time_s, o->warmup_s, o->repeat, o->desc,
		o->burst, o->prime);
}

static void
header_modeled(const struct bench_opts *o, FILE *f)
{
	if (o->peer_only && !o->scenario_s72 && !o->micro) {
		fprintf(f, "modeled   : none in force (only software reference "
			"pairs ran; they have no simulated wire or IOMMU)\n");
		return;
	}
	fprintf(f, "link      : net_i40e_sun4v %u Gbps per port, pacing %s\n",
		o->speed_gbps, o->pace ?
		"on (the simulated wire keeps Ethernet timing, frame + 20 B)" :
		"off (--no-pace: raw capacity, no line-rate limit)");
	if (o->sweep_hv_lat)
		fprintf(f, "modeled   : hv_lat_ns=0,100,500,1000 (swept) ");
	else
		fprintf(f, "modeled   : hv_lat_ns=%" PRIu64 " ", o->hv_lat_ns);
	fprintf(f, "(hypercall latency), iotlb=%u entries, speed=%uG, "
		"pace=%d, rc=0 (both ports on one root complex)\n",
		o->iotlb, o->speed_gbps, o->pace ? 1 : 0);
	/* The PMD's default pps_limit devarg (NIC guide): paced runs only. */
	if (o->pace)
		fprintf(f, "            pps_limit=37000000 frames/s per port (the "
			"XL710's small-packet limit, TX)\n");
	fprintf(f, "            modeled values are simulation parameters, "
		"not measurements\n");
}

void
bench_report_header(const struct bench_ctx *ctx, FILE *f)
{
	const struct bench_env *e = &ctx->env;
	const struct bench_opts *o = &ctx->opts;

	fprintf(f, "sun4v-dmabench (git %s)\n", e->git_rev);
	fprintf(f, "cpu       : %s, %u CPUs usable, TSC %.3f GHz; load "
		"average at start %s\n", e->cpu_model, e->nb_cpus,
		e->tsc_hz / 1e9, e->loadavg);
	fprintf(f, "lcores    : %u forwarding (lcore", o->lcores);
	for (unsigned int l = 0; l < o->lcores; l++)
		fprintf(f, " %u", ctx->fwd_lcores[l]);
	fprintf(f, ") on %u CPU(s), main lcore controls only%s\n",
		e->fwd_cpus, e->fwd_cpus < o->lcores || e->fwd_share_main ?
		"; OVERSUBSCRIBED: lcores share CPUs, rates are not per core" :
		"");
	if (o->engine == BENCH_ENGINE_SERVICE)
		fprintf(f, "engine    : service: the net_i40e_sun4v device "
			"model runs as DPDK service %s on the EAL's service "
			"lcore (see eal args), not in the bursts\n",
			BENCH_ENGINE_SERVICE_NAME);
	else
		fprintf(f, "engine    : inline: the net_i40e_sun4v bursts run "
			"the device model (poll, doorbell) on the forwarding "
			"lcores\n");
	fprintf(f, "dpdk      : %s; memory: %s\n", e->dpdk_version,
		e->hugepages ? "huge pages" : "no huge pages (--no-huge, 4 KiB)");
	fprintf(f, "eal args  : %s\n", e->eal_args);
	fprintf(f, "plugin    : %s\n", e->plugin_loaded ? e->plugin :
		"net_i40e_sun4v plugin not loaded");
	if (o->scenario_s72)
		fprintf(f, "mode      : scenario s7-2, %.2f s measured after "
			"%.2f s warm-up per case\n", o->time_s, o->warmup_s);
	else if (o->micro)
		fprintf(f, "mode      : micro-benchmarks\n");
	else
		header_matrix(o, f);
	header_modeled(o, f);
	fprintf(f, "rates     : per port (mean of the two ports' RX = one "
		"direction of a link); %%line against %u Gbps / ((size + 20 B) "
		"x 8); cyc/pkt = busy TSC cycles of the forwarding lcores per "
		"packet\n\n", o->speed_gbps);
	fflush(f);
}

/* A double or "n/a" in a fixed-width field. */
static void
cell(FILE *f, int width, int prec, double v)
{
	if (isnan(v))
		fprintf(f, " %*s", width, "n/a");
	else
		fprintf(f, " %*.*f", width, prec, v);
}

static void
cell_u(FILE *f, int width, bool ok, uint64_t v)
{
	if (!ok)
		fprintf(f, " %*s", width, "n/a");
	else
		fprintf(f, " %*" PRIu64, width, v);
}

static void
row_mode(const struct bench_row *r, char *buf, size_t len)
{
	if (r->key.kind == BENCH_KIND_SUN4V)
		snprintf(buf, len, "%s/%s", bench_dma_name(r->key.dma),
			 bench_iommu_name(r->key.iommu));
	else
		snprintf(buf, len, "%s", bench_kind_name(r->key.kind));
}

static void
table_row(const struct bench_ctx *ctx, const struct bench_row *r, FILE *f)
{
	const struct bench_metrics *m = &r->m;
	char mode[32];

	row_mode(r, mode, sizeof(mode));
	fprintf(f, "%-11s %5u", mode, r->key.size);
	if (ctx->opts.sweep_hv_lat)
		fprintf(f, " %6" PRIu64, r->key.hv_lat_ns);
	if (r->status != BENCH_ST_OK) {
		fprintf(f, "  %s: %s\n", bench_status_name(r->status),
			r->reason);
		return;
	}
	cell(f, 8, 2, m->mpps);
	cell(f, 6, 1, m->mpps > 0 && r->runs > 1 ?
		 50.0 * (r->mpps_max - r->mpps_min) / m->mpps : NAN);
	cell(f, 5, 0, m->cpu_pct);
	cell(f, 8, 2, m->mpps_cpu);
	cell(f, 7, 2, m->gbps_l1);
	cell(f, 7, 2, m->gbps_l2);
	cell(f, 7, 1, m->pct_line);
	cell(f, 8, 1, m->cycles_per_pkt);
	cell(f, 8, 1, m->drv_cycles_per_pkt);
	cell(f, 8, 1, m->dev_cycles_per_pkt);
	cell(f, 7, 2, m->hc_per_pkt);
	cell(f, 8, 3, m->iotlb_miss_per_pkt);
	cell_u(f, 7, m->xs_ok[BENCH_XS_IOTSB_ENTRIES_USED],
	       m->xs[BENCH_XS_IOTSB_ENTRIES_USED]);
	cell_u(f, 8, true, m->missed);
	fprintf(f, " %5s\n", m->held < 0 ? "n/a" : m->held ? "yes" : "NO");
}

void
bench_report_table(const struct bench_ctx *ctx, FILE *f)
{
	bool sweep = ctx->opts.sweep_hv_lat;

	fprintf(f, "%-11s %5s%s %8s %6s %5s %8s %7s %7s %7s %8s %8s %8s %7s "
		"%8s %7s %8s %5s\n", "mode", "size", sweep ? " hv_lat" : "",
		"Mpps", "+-%", "cpu%", "Mpps/cpu", "Gb/s-L1", "Gb/s-L2",
		"%line", "cyc/pkt", "drv/pkt", "dev/pkt", "hc/pkt", "tlbm/pkt",
		"iotsb", "missed", "held");
	for (unsigned int i = 0; i < ctx->nb_rows; i++)
		table_row(ctx, &ctx->rows[i], f);
	fprintf(f, "\n+-%%: half the min..max spread over --repeat runs, in %% "
		"of the median; cpu%%: CPU time the forwarding thread got / "
		"wall time (below 100: other processes ran on its CPU); "
		"Mpps/cpu: Mpps per second of that CPU time; %s; "
		"hc/pkt: (hv_map_calls + hv_demap_calls) per "
		"packet; tlbm/pkt: IOTLB misses per packet; iotsb: IOTSB entries "
		"held by both ports; held: line rate held with zero missed "
		"(pacing on)\n", ctx->opts.engine == BENCH_ENGINE_SERVICE ?
		"dev/pkt: TSC cycles of the engine service "
		BENCH_ENGINE_SERVICE_NAME " (RTE_SERVICE_ATTR_CYCLES) in the "
		"window per packet, drv/pkt: cyc/pkt (the forwarding lcores "
		"ran only the driver); n/a: no device model (memif, ring)" :
		"dev/pkt: the ports' dev_model_cycles xstat (cycles the bursts "
		"spent inside the device model) in the window per packet, "
		"drv/pkt: cyc/pkt - dev/pkt (both leave out polls that "
		"received nothing: the PMD counts their device time apart, "
		"dev_model_idle_cycles); n/a: no device model (memif, ring)");
	fflush(f);
}

static const struct bench_row *
row_find(const struct bench_ctx *ctx, enum bench_dma d, enum bench_iommu i,
	 unsigned int size, uint64_t lat)
{
	for (unsigned int n = 0; n < ctx->nb_rows; n++) {
		const struct bench_row_key *k = &ctx->rows[n].key;

		if (k->kind == BENCH_KIND_SUN4V && k->dma == d &&
		    k->iommu == i && k->size == size && k->hv_lat_ns == lat)
			return &ctx->rows[n];
	}
	return NULL;
}

/*
 * pool/map Mpps ratio for (iommu, size, lat), of the wall-clock rates or,
 * with @p cpu, of the rates per second of forwarding-thread CPU time;
 * fills @p why and returns NAN when it cannot be computed.
 */
static double
ratio_get(const struct bench_ctx *ctx, enum bench_iommu i, unsigned int size,
	  uint64_t lat, bool cpu, char *why, size_t len)
{
	const struct bench_row *p = row_find(ctx, BENCH_DMA_POOL, i, size, lat);
	const struct bench_row *m = row_find(ctx, BENCH_DMA_MAP, i, size, lat);
	const struct bench_row *bad;

	if (p == NULL || m == NULL) {
		snprintf(why, len, "the matrix has no %s row for %s %uB "
			 "(--dma/--iommu/--sizes/--peer-only)",
			 p == NULL ? "pool" : "map", bench_iommu_name(i), size);
		return NAN;
	}
	bad = p->status != BENCH_ST_OK ? p : m->status != BENCH_ST_OK ? m : NULL;
	if (bad != NULL) {
		snprintf(why, len, "%s %s %uB row %s: %s",
			 bench_dma_name(bad->key.dma), bench_iommu_name(i), size,
			 bench_status_name(bad->status), bad->reason);
		return NAN;
	}
	if (m->m.mpps <= 0) {
		snprintf(why, len, "map row forwarded nothing");
		return NAN;
	}
	if (cpu)
		return p->m.mpps_cpu / m->m.mpps_cpu;   /* NAN if unknown */
	return p->m.mpps / m->m.mpps;
}

/* The headline, without a newline; returns 0 when a ratio was computed. */
int
bench_report_headline(const struct bench_ctx *ctx, uint64_t lat, char *buf,
		      size_t len)
{
	char why[BENCH_REASON_LEN + 64];
	double r;

	if (ctx->opts.peer_only)
		snprintf(why, sizeof(why), "no net_i40e_sun4v rows "
			 "(--peer-only)");
	r = ctx->opts.peer_only ? NAN :
	    ratio_get(ctx, BENCH_IOMMU_ATU, 64, lat, false, why, sizeof(why));

	if (isnan(r)) {
		snprintf(buf, len, "pool/map throughput ratio at 64B (atu): "
			 "n/a: %s", why);
		return -1;
	}
	snprintf(buf, len, "pool/map throughput ratio at 64B (atu): %.2f", r);
	return 0;
}

/*
 * The same ratio from the rates per second of forwarding-thread CPU time:
 * what other processes on a shared machine took is taken out.  Printed
 * on the line before the headline; nothing when it cannot be computed.
 */
void
bench_report_cpu_ratio(const struct bench_ctx *ctx, uint64_t lat, FILE *f)
{
	char why[BENCH_REASON_LEN + 64];
	double r = ctx->opts.peer_only ? NAN :
		   ratio_get(ctx, BENCH_IOMMU_ATU, 64, lat, true, why,
			     sizeof(why));

	if (!isnan(r))
		fprintf(f, "pool/map ratio at 64B (atu) per second of "
			"forwarding CPU time: %.2f\n", r);
}

static void
sweep_table(const struct bench_ctx *ctx, unsigned int size, bool cpu,
	    FILE *f)
{
	static const uint64_t lat[BENCH_SWEEP_POINTS] = { 0, 100, 500, 1000 };
	char why[BENCH_REASON_LEN + 64];

	fprintf(f, "\npool/map Mpps ratio at %uB vs modeled hypercall latency"
		"%s\n%-10s", size, cpu ? ", per second of forwarding CPU "
		"time" : "", "hv_lat_ns");
	for (int i = 0; i < BENCH_IOMMU_COUNT; i++)
		if (ctx->opts.iommu[i])
			fprintf(f, " %8s", bench_iommu_name((enum bench_iommu)i));
	fputc('\n', f);
	for (unsigned int l = 0; l < BENCH_SWEEP_POINTS; l++) {
		fprintf(f, "%-10" PRIu64, lat[l]);
		for (int i = 0; i < BENCH_IOMMU_COUNT; i++)
			if (ctx->opts.iommu[i])
				cell(f, 8, 2, ratio_get(ctx,
					(enum bench_iommu)i, size, lat[l], cpu,
					why, sizeof(why)));
		fputc('\n', f);
	}
}

/* --sweep-hv-lat: how the pool/map ratio moves with the modeled latency. */
void
bench_report_sweep(const struct bench_ctx *ctx, FILE *f)
{
	unsigned int size = ctx->opts.sizes[0];

	for (unsigned int s = 1; s < ctx->opts.nb_sizes; s++)
		size = RTE_MIN(size, ctx->opts.sizes[s]);
	sweep_table(ctx, size, false, f);
	sweep_table(ctx, size, true, f);
}

/* "held (99.9 % of line)" / "not held (22.8 % of line)" */
static void
held_text(const struct bench_row *r, char *buf, size_t len)
{
	snprintf(buf, len, "%s (%.1f %% of line)",
		 r->m.held == 1 ? "held" : "not held", r->m.pct_line);
}

/*
 * The @p i-th (pool, map) pair of measured sun4v rows with the same
 * iommu, size and modeled latency, in row order of the pool rows; NULL
 * when there are fewer.  Only with pacing on: "held" means nothing else.
 */
static const struct bench_row *
rate_pair(const struct bench_ctx *ctx, unsigned int i,
	  const struct bench_row **map)
{
	if (!ctx->opts.pace)
		return NULL;
	for (unsigned int n = 0; n < ctx->nb_rows; n++) {
		const struct bench_row *p = &ctx->rows[n];
		const struct bench_row *m;

		if (p->key.kind != BENCH_KIND_SUN4V ||
		    p->key.dma != BENCH_DMA_POOL || p->status != BENCH_ST_OK)
			continue;
		m = row_find(ctx, BENCH_DMA_MAP, p->key.iommu, p->key.size,
			     p->key.hv_lat_ns);
		if (m == NULL || m->status != BENCH_ST_OK || i-- != 0)
			continue;
		*map = m;
		return p;
	}
	return NULL;
}

/*
 * Line-rate headline @p i: "40 GbE at 1518B (atu): pool 40.0 Gbps held
 * (99.9 % of line), map 9.1 Gbps not held (22.8 % of line) (hv_lat_ns=500,
 * modeled; engine inline)".  Gbps: L1 per port, as the Gb/s-L1 column.
 * @return how many such lines the run has.
 */
unsigned int
bench_report_rate_line(const struct bench_ctx *ctx, unsigned int i,
		       char *buf, size_t len)
{
	const struct bench_row *p, *m = NULL;
	char ph[48], mh[48];
	unsigned int n = 0;

	while (rate_pair(ctx, n, &m) != NULL)
		n++;
	p = rate_pair(ctx, i, &m);
	if (p == NULL) {
		buf[0] = '\0';
		return n;
	}
	held_text(p, ph, sizeof(ph));
	held_text(m, mh, sizeof(mh));
	snprintf(buf, len, "%u GbE at %uB (%s): pool %.1f Gbps %s, map %.1f "
		 "Gbps %s (hv_lat_ns=%" PRIu64 ", modeled; engine %s)",
		 ctx->opts.speed_gbps, p->key.size,
		 bench_iommu_name(p->key.iommu), p->m.gbps_l1, ph,
		 m->m.gbps_l1, mh, p->key.hv_lat_ns,
		 bench_engine_name(ctx->opts.engine));
	return n;
}
