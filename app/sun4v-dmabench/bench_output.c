/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: machine-readable output (--csv, --json).
 *
 * One list of (name, value) fields per row feeds both formats, so they
 * cannot drift apart.  A value that does not exist (an xstat of a software
 * PMD, the metrics of a row that did not run) is empty in CSV and null in
 * JSON — never 0.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "bench.h"

#define MAX_FIELDS 56
#define VAL_LEN 192

struct field {
	const char *name;
	char val[VAL_LEN];   /**< number/bool text */
	const char *sval;    /**< string value, lives as long as the ctx */
	bool str;            /**< JSON string (else number/bool/null) */
	bool null;       /**< n/a */
};

struct fields {
	struct field f[MAX_FIELDS];
	unsigned int n;
};

static struct field *
add(struct fields *fs, const char *name, bool str)
{
	struct field *f = &fs->f[fs->n < MAX_FIELDS - 1 ? fs->n++ : fs->n];

	f->name = name;
	f->str = str;
	f->null = false;
	f->val[0] = '\0';
	return f;
}

static void
add_s(struct fields *fs, const char *name, const char *v)
{
	add(fs, name, true)->sval = v;
}

static void
add_d(struct fields *fs, const char *name, double v, bool ok)
{
	struct field *f = add(fs, name, false);

	f->null = !ok || isnan(v);
	if (!f->null)
		snprintf(f->val, VAL_LEN, "%.6g", v);
}

static void
add_u(struct fields *fs, const char *name, uint64_t v, bool ok)
{
	struct field *f = add(fs, name, false);

	f->null = !ok;
	if (ok)
		snprintf(f->val, VAL_LEN, "%" PRIu64, v);
}

static void
add_b(struct fields *fs, const char *name, int v)
{
	struct field *f = add(fs, name, false);

	f->null = v < 0;
	if (v >= 0)
		snprintf(f->val, VAL_LEN, "%s", v ? "true" : "false");
}

static void
row_key_fields(const struct bench_row *r, struct fields *fs)
{
	bool sun4v = r->key.kind == BENCH_KIND_SUN4V;

	add_s(fs, "pmd", bench_kind_name(r->key.kind));
	add_s(fs, "dma", sun4v ? bench_dma_name(r->key.dma) : "");
	add_s(fs, "iommu", sun4v ? bench_iommu_name(r->key.iommu) : "");
	add_u(fs, "size", r->key.size, true);
	add_u(fs, "hv_lat_ns", r->key.hv_lat_ns, sun4v);
	add_s(fs, "status", bench_status_name(r->status));
	add_s(fs, "reason", r->status == BENCH_ST_OK ? "" : r->reason);
	add_u(fs, "runs", r->runs, true);
}

static void
row_fields(const struct bench_opts *o, const struct bench_row *r,
	   struct fields *fs)
{
	const struct bench_metrics *m = &r->m;
	bool ok = r->status == BENCH_ST_OK;

	fs->n = 0;
	row_key_fields(r, fs);
	add_d(fs, "mpps", m->mpps, ok);
	add_d(fs, "mpps_min", r->mpps_min, ok);
	add_d(fs, "mpps_max", r->mpps_max, ok);
	add_d(fs, "total_mpps", m->total_mpps, ok);
	add_d(fs, "gbps_l1", m->gbps_l1, ok);
	add_d(fs, "gbps_l2", m->gbps_l2, ok);
	add_d(fs, "line_mpps", bench_line_mpps(o->speed_gbps, r->key.size),
	      true);
	add_d(fs, "pct_line", m->pct_line, ok);
	add_d(fs, "cycles_per_pkt", m->cycles_per_pkt, ok);
	add_d(fs, "drv_cycles_per_pkt", m->drv_cycles_per_pkt, ok);
	add_d(fs, "dev_cycles_per_pkt", m->dev_cycles_per_pkt, ok);
	add_d(fs, "busy_pct", m->busy_pct, ok);
	add_d(fs, "fwd_cpu_pct", m->cpu_pct, ok);
	add_d(fs, "mpps_per_cpu_s", m->mpps_cpu, ok);
	add_d(fs, "hypercalls_per_pkt", m->hc_per_pkt, ok);
	add_d(fs, "ttes_per_pkt", m->ttes_per_pkt, ok);
	add_d(fs, "iotlb_misses_per_pkt", m->iotlb_miss_per_pkt, ok);
	add_d(fs, "iotlb_hit_rate", m->iotlb_hit_rate, ok);
	for (unsigned int x = 0; x < BENCH_XS_COUNT; x++)
		add_u(fs, bench_xstat_names[x], m->xs[x], ok && m->xs_ok[x]);
	add_u(fs, "pkts", m->pkts, ok);
	add_u(fs, "missed", m->missed, ok);
	add_u(fs, "rx_nombuf", m->rx_nombuf, ok);
	add_u(fs, "fwd_drops", m->fwd_drops, ok);
	add_b(fs, "line_rate_held", ok ? m->held : -1);
	add_u(fs, "primed", m->primed, ok);
	add_u(fs, "drained", m->drained, ok);
	add_u(fs, "app_drops", m->app_drops, ok);
	add_u(fs, "lost", m->lost, ok);
	add_u(fs, "dev_drops", m->dev_drops, ok);
	add_b(fs, "conserved", ok ? m->conserved : -1);
	add_d(fs, "mbuf_leak", (double)m->mbuf_leak, ok);
	add_d(fs, "measured_s", m->measured_s, ok);
}

static void
csv_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

int
bench_output_csv(const struct bench_ctx *ctx, const char *path)
{
	FILE *f = fopen(path, "w");
	struct fields fs;

	if (f == NULL)
		return -errno;
	for (unsigned int i = 0; i < ctx->nb_rows; i++) {
		row_fields(&ctx->opts, &ctx->rows[i], &fs);
		for (unsigned int k = 0; i == 0 && k < fs.n; k++)
			fprintf(f, "%s%s", k ? "," : "", fs.f[k].name);
		if (i == 0)
			fputc('\n', f);
		for (unsigned int k = 0; k < fs.n; k++) {
			if (k != 0)
				fputc(',', f);
			if (fs.f[k].str)
				csv_str(f, fs.f[k].sval);
			else if (!fs.f[k].null)
				fputs(fs.f[k].val, f);
		}
		fputc('\n', f);
	}
	return fclose(f) == 0 ? 0 : -errno;
}

void
bench_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}

static void
json_fields(FILE *f, const struct fields *fs, const char *indent)
{
	for (unsigned int k = 0; k < fs->n; k++) {
		fprintf(f, "%s%s\"%s\": ", k ? ",\n" : "", indent,
			fs->f[k].name);
		if (fs->f[k].str)
			bench_json_str(f, fs->f[k].sval);
		else
			fputs(fs->f[k].null ? "null" : fs->f[k].val, f);
	}
}

static void
header_fields(const struct bench_ctx *ctx, struct fields *fs)
{
	const struct bench_env *e = &ctx->env;
	const struct bench_opts *o = &ctx->opts;

	fs->n = 0;
	add_s(fs, "tool", "sun4v-dmabench");
	add_s(fs, "git_rev", e->git_rev);
	add_s(fs, "cpu", e->cpu_model);
	add_u(fs, "cpus", e->nb_cpus, true);
	add_s(fs, "loadavg_at_start", e->loadavg);
	add_u(fs, "forwarding_lcores", o->lcores, true);
	add_s(fs, "engine", bench_engine_name(o->engine));
	add_s(fs, "dpdk", e->dpdk_version);
	add_b(fs, "hugepages", e->hugepages);
	add_s(fs, "eal_args", e->eal_args);
	add_s(fs, "plugin", e->plugin_loaded ? e->plugin : "");
	add_d(fs, "tsc_hz", e->tsc_hz, true);
	add_d(fs, "time_s", o->time_s, true);
	add_d(fs, "warmup_s", o->warmup_s, true);
	add_u(fs, "repeat", o->repeat, true);
	add_u(fs, "desc", o->desc, true);
	add_u(fs, "burst", o->burst, true);
	add_u(fs, "prime", o->prime, true);
	add_b(fs, "pace", o->pace);
	add_u(fs, "speed_gbps", o->speed_gbps, true);
	add_u(fs, "modeled_hv_lat_ns", o->hv_lat_ns, !o->sweep_hv_lat);
	add_b(fs, "modeled_hv_lat_swept", o->sweep_hv_lat);
	add_u(fs, "modeled_iotlb_entries", o->iotlb, true);
	add_s(fs, "rates", "per port: mean of the ports' RX rates");
}

int
bench_output_json(const struct bench_ctx *ctx, const char *path)
{
	FILE *f = fopen(path, "w");
	struct fields fs;
	char head[BENCH_REASON_LEN * 2];

	if (f == NULL)
		return -errno;
	header_fields(ctx, &fs);
	fputs("{\n", f);
	json_fields(f, &fs, "  ");
	fputs(",\n  \"rows\": [", f);
	for (unsigned int i = 0; i < ctx->nb_rows; i++) {
		row_fields(&ctx->opts, &ctx->rows[i], &fs);
		fprintf(f, "%s\n    {\n", i ? "," : "");
		json_fields(f, &fs, "      ");
		fputs("\n    }", f);
	}
	bench_report_headline(ctx, ctx->opts.sweep_hv_lat ? 0 :
			      ctx->opts.hv_lat_ns, head, sizeof(head));
	fputs("\n  ],\n  \"headline\": ", f);
	bench_json_str(f, head);
	fputs(",\n  \"line_rate_headline\": [", f);
	/* head is written out already: reuse it for the lines. */
	for (unsigned int i = 0; i < bench_report_rate_line(ctx, i, head,
							    sizeof(head)); i++) {
		fputs(i ? ",\n    " : "\n    ", f);
		bench_json_str(f, head);
	}
	fputs("\n  ]\n}\n", f);
	return fclose(f) == 0 ? 0 : -errno;
}
