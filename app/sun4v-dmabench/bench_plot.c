/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: --plot FILE.png with gnuplot.
 *
 * Throughput (Mpps per port) against frame size, one line per DMA/IOMMU
 * mode and per reference pair, with the link's line-rate curve.  The data
 * (FILE.png.dat) and the script (FILE.png.gp) are always written next to
 * the PNG, so the plot can be redrawn without rerunning.  gnuplot comes
 * from Debian: when it is missing the benchmark runs scripts/deps.sh
 * gnuplot-nox (only now that a plot was asked for), and if that is not
 * possible it says so and keeps the data and script.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

#ifndef BENCH_SOURCE_ROOT
#define BENCH_SOURCE_ROOT "."
#endif

#define MAX_SERIES (BENCH_DMA_COUNT * BENCH_IOMMU_COUNT + BENCH_KIND_COUNT)

struct series {
	struct bench_row_key key;   /**< size ignored */
	char title[32];
};

static bool
same_series(const struct bench_row_key *a, const struct bench_row_key *b)
{
	if (a->kind != b->kind)
		return false;
	return a->kind != BENCH_KIND_SUN4V ||
	       (a->dma == b->dma && a->iommu == b->iommu);
}

/*
 * Series of the rows at the headline latency, in row order.  A series
 * with no measured row (map/bypass is not a mode) gets no line.
 */
static unsigned int
series_collect(const struct bench_ctx *ctx, uint64_t lat, struct series *s)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < ctx->nb_rows; i++) {
		const struct bench_row_key *k = &ctx->rows[i].key;
		unsigned int j;

		if ((k->kind == BENCH_KIND_SUN4V && k->hv_lat_ns != lat) ||
		    ctx->rows[i].status != BENCH_ST_OK)
			continue;
		for (j = 0; j < n && !same_series(&s[j].key, k); j++)
			;
		if (j < n || n == MAX_SERIES)
			continue;
		s[n].key = *k;
		if (k->kind == BENCH_KIND_SUN4V)
			snprintf(s[n].title, sizeof(s[n].title), "%s/%s",
				 bench_dma_name(k->dma),
				 bench_iommu_name(k->iommu));
		else
			snprintf(s[n].title, sizeof(s[n].title), "%s (peer)",
				 bench_kind_name(k->kind));
		n++;
	}
	return n;
}

static int
write_data(const struct bench_ctx *ctx, const char *path,
	   const struct series *s, unsigned int n, uint64_t lat)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -errno;
	for (unsigned int j = 0; j < n; j++) {
		fprintf(f, "# %s: size mpps_per_port gbps_l1\n", s[j].title);
		for (unsigned int i = 0; i < ctx->nb_rows; i++) {
			const struct bench_row *r = &ctx->rows[i];

			if (!same_series(&s[j].key, &r->key) ||
			    r->status != BENCH_ST_OK ||
			    (r->key.kind == BENCH_KIND_SUN4V &&
			     r->key.hv_lat_ns != lat))
				continue;
			fprintf(f, "%u %.6f %.6f\n", r->key.size, r->m.mpps,
				r->m.gbps_l1);
		}
		fputs("\n\n", f);   /* gnuplot "index" separator */
	}
	return fclose(f) == 0 ? 0 : -errno;
}

static int
write_script(const struct bench_ctx *ctx, const char *gp, const char *dat,
	     const char *png, const struct series *s, unsigned int n,
	     uint64_t lat)
{
	const struct bench_opts *o = &ctx->opts;
	FILE *f = fopen(gp, "w");

	if (f == NULL)
		return -errno;
	fprintf(f, "set terminal png size 1100,700\nset output '%s'\n", png);
	fprintf(f, "set title \"sun4v-dmabench (git %s): throughput vs frame "
		"size, pacing %s, engine %s, modeled hv_lat_ns=%" PRIu64 "\" "
		"noenhanced\n", ctx->env.git_rev, o->pace ? "on" : "off",
		bench_engine_name(o->engine), lat);
	fputs("set xlabel 'frame size (bytes, incl. CRC)'\n"
	      "set ylabel 'Mpps per port (log scale)'\nset logscale y\n"
	      "set grid\nset key outside right noenhanced\n"
	      "set xrange [48:1600]\n", f);
	fprintf(f, "line(x) = %u * 1000.0 / ((x + 20) * 8)\n", o->speed_gbps);
	fprintf(f, "plot line(x) title '%u GbE line rate' with lines dt 2 "
		"lw 2 lc rgb 'gray50'", o->speed_gbps);
	for (unsigned int j = 0; j < n; j++)
		fprintf(f, ", \\\n  '%s' index %u using 1:2 with linespoints "
			"lw 2 title '%s'", dat, j, s[j].title);
	fputc('\n', f);
	return fclose(f) == 0 ? 0 : -errno;
}

static bool
gnuplot_present(void)
{
	return system("command -v gnuplot >/dev/null 2>&1") == 0;
}

/* Install gnuplot through the project's deps script (needs root/sudo). */
static bool
gnuplot_ensure(void)
{
	char cmd[BENCH_PATH_LEN + 64];

	if (gnuplot_present())
		return true;
	fprintf(stderr, "sun4v-dmabench: --plot: gnuplot missing, running "
		"%s/scripts/deps.sh gnuplot-nox\n", BENCH_SOURCE_ROOT);
	snprintf(cmd, sizeof(cmd), "'%s/scripts/deps.sh' gnuplot-nox >&2",
		 BENCH_SOURCE_ROOT);
	if (system(cmd) != 0)
		return false;
	return gnuplot_present();
}

int
bench_plot(const struct bench_ctx *ctx, const char *png)
{
	uint64_t lat = ctx->opts.sweep_hv_lat ? 0 : ctx->opts.hv_lat_ns;
	char dat[BENCH_PATH_LEN], gp[BENCH_PATH_LEN + 32];
	char cmd[BENCH_PATH_LEN + 64];
	struct series s[MAX_SERIES];
	unsigned int n = series_collect(ctx, lat, s);
	int rc;

	snprintf(dat, sizeof(dat), "%s.dat", png);
	snprintf(gp, sizeof(gp), "%s.gp", png);
	rc = write_data(ctx, dat, s, n, lat);
	if (rc == 0)
		rc = write_script(ctx, gp, dat, png, s, n, lat);
	if (rc != 0) {
		fprintf(stderr, "sun4v-dmabench: --plot: cannot write %s: %s\n",
			rc == 0 ? gp : dat, strerror(-rc));
		return rc;
	}
	if (!gnuplot_ensure()) {
		fprintf(stderr, "sun4v-dmabench: --plot: gnuplot is not "
			"available and could not be installed; data in %s, "
			"script in %s (run `gnuplot %s` once installed)\n",
			dat, gp, gp);
		return -ENOENT;
	}
	snprintf(cmd, sizeof(cmd), "gnuplot '%s'", gp);
	if (system(cmd) != 0) {
		fprintf(stderr, "sun4v-dmabench: --plot: gnuplot %s failed\n",
			gp);
		return -EIO;
	}
	fprintf(stderr, "sun4v-dmabench: plot written to %s\n", png);
	return 0;
}
