/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: entry point.
 *
 *   sun4v-dmabench [EAL args] -- [bench args]
 *
 * Parse the bench args, complete the EAL args (bench_eal.c), initialise
 * the EAL, run the selected mode, print the report.  The last line of a
 * matrix run on stdout is the headline, "pool/map throughput ratio at 64B
 * (atu): X.XX" or "... : n/a: <reason>"; with pacing on, it follows one
 * line-rate line per (iommu, size) that has pool and map rows, "40 GbE at
 * 1518B (atu): pool 40.0 Gbps held (...), map 9.1 Gbps not held (...)
 * (hv_lat_ns=500, modeled; engine inline)".
 *
 * Exit status: 0 when every row ran or was honestly unsupported, 1 when a
 * row failed or the EAL could not start, 2 on a usage error, 130 when
 * interrupted.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mempool.h>

#include "bench.h"

volatile int bench_quit;

static void
on_signal(int sig)
{
	RTE_SET_USED(sig);
	bench_quit = 1;
}

/* argv = prog [EAL...] -- [bench...]; without "--" all are bench args. */
static void
split_args(int argc, char **argv, int *eal_n, char ***eal, int *bench_n,
	   char ***bench)
{
	int dd = -1;

	for (int i = 1; i < argc && dd < 0; i++)
		if (strcmp(argv[i], "--") == 0)
			dd = i;
	if (dd < 0) {
		*eal_n = 0;
		*eal = argv + 1;
		*bench_n = argc;          /* argv[0] stays the program name */
		*bench = argv;
		return;
	}
	*eal_n = dd - 1;
	*eal = argv + 1;
	/* Reuse the "--" slot as the program name for getopt. */
	argv[dd] = argv[0];
	*bench_n = argc - dd;
	*bench = argv + dd;
}

/* How many CPUs the forwarding lcores really have (for the header). */
static void
cpus_check(struct bench_ctx *ctx)
{
	rte_cpuset_t all, main_set = rte_lcore_cpuset(rte_get_main_lcore());

	CPU_ZERO(&all);
	for (unsigned int l = 0; l < ctx->opts.lcores; l++) {
		rte_cpuset_t s = rte_lcore_cpuset(ctx->fwd_lcores[l]);
		rte_cpuset_t both;

		CPU_AND(&both, &s, &main_set);
		if (CPU_COUNT(&both) != 0)
			ctx->env.fwd_share_main = true;
		CPU_OR(&all, &all, &s);
	}
	ctx->env.fwd_cpus = (unsigned int)CPU_COUNT(&all);
}

/* The forwarding lcores: the first --lcores worker lcores. */
static int
pick_lcores(struct bench_ctx *ctx)
{
	unsigned int n = 0, id;

	RTE_LCORE_FOREACH_WORKER(id) {
		if (n < ctx->opts.lcores)
			ctx->fwd_lcores[n++] = id;
	}
	if (n < ctx->opts.lcores) {
		fprintf(stderr, "sun4v-dmabench: --lcores %u needs %u worker "
			"lcores, the EAL has %u (EAL -l/--lcores)\n",
			ctx->opts.lcores, ctx->opts.lcores, n);
		return -EINVAL;
	}
	cpus_check(ctx);
	return 0;
}

static int
eal_start(struct bench_ctx *ctx, int argc, char **argv)
{
	int eal_n, bench_n, ac = 0;
	char **eal, **bench, **av = NULL;
	int rc;

	split_args(argc, argv, &eal_n, &eal, &bench_n, &bench);
	if (bench_args_parse(bench_n, bench, &ctx->opts) != 0)
		return 2;
	if (ctx->opts.help) {
		bench_args_usage(stdout, "sun4v-dmabench");
		exit(0);
	}
	bench_env_fill(&ctx->env);
	rc = bench_eal_build_args(eal_n, eal, &ctx->opts, &ctx->env, &ac, &av);
	if (rc != 0)
		return 1;
	/*
	 * The EAL keeps pointers into av and rewrites it (argv[optind - 1] =
	 * argv[0], a second pointer to one string), so the strings are freed
	 * through a copy of the array taken now, after rte_eal_cleanup().
	 */
	ctx->eal_argv = calloc((size_t)ac + 1, sizeof(*ctx->eal_argv));
	if (ctx->eal_argv == NULL)
		return 1;
	memcpy(ctx->eal_argv, av, (size_t)ac * sizeof(*av));
	ctx->eal_argc = ac;
	if (rte_eal_init(ac, av) < 0) {
		fprintf(stderr, "sun4v-dmabench: EAL init failed: %s\n"
			"  EAL args: %s\n", rte_strerror(rte_errno),
			ctx->env.eal_args);
		/* The EAL may have made our runtime directory already. */
		snprintf(ctx->env.runtime_dir, sizeof(ctx->env.runtime_dir),
			 "%s", rte_eal_get_runtime_dir());
		bench_eal_remove_runtime_dir(&ctx->env);
		return 1;
	}
	ctx->env.tsc_hz = (double)rte_get_tsc_hz();
	ctx->env.plugin_loaded = ctx->env.plugin[0] != '\0';
	snprintf(ctx->env.runtime_dir, sizeof(ctx->env.runtime_dir), "%s",
		 rte_eal_get_runtime_dir());
	return pick_lcores(ctx) == 0 ? 0 : 2;
}

/* Anything but "ok"/"n/a"/"skipped" rows makes the run a failure. */
static int
rows_exit_code(const struct bench_ctx *ctx)
{
	for (unsigned int i = 0; i < ctx->nb_rows; i++)
		if (ctx->rows[i].status == BENCH_ST_ERROR)
			return 1;
	return 0;
}

static int
outputs_write(const struct bench_ctx *ctx)
{
	const struct bench_opts *o = &ctx->opts;
	int rc = 0, r;

	if (o->csv_path != NULL && (r = bench_output_csv(ctx, o->csv_path))) {
		fprintf(stderr, "sun4v-dmabench: --csv %s: %s\n", o->csv_path,
			strerror(-r));
		rc = 1;
	}
	if (o->json_path != NULL &&
	    (r = bench_output_json(ctx, o->json_path)) != 0) {
		fprintf(stderr, "sun4v-dmabench: --json %s: %s\n",
			o->json_path, strerror(-r));
		rc = 1;
	}
	if (o->plot_path != NULL && bench_plot(ctx, o->plot_path) != 0)
		rc = 1;
	return rc;
}

/* Say which output options a mode does not write, rather than ignore them. */
static void
outputs_check(const struct bench_opts *o)
{
	if (o->micro && (o->csv_path || o->json_path || o->plot_path))
		fprintf(stderr, "sun4v-dmabench: note: --micro prints its "
			"tables only; --csv/--json/--plot are not written\n");
	if (o->scenario_s72 && (o->csv_path || o->plot_path))
		fprintf(stderr, "sun4v-dmabench: note: --scenario writes "
			"--json only; --csv/--plot are not written\n");
}

static int
matrix_mode(struct bench_ctx *ctx)
{
	char head[BENCH_REASON_LEN * 2], rate[BENCH_REASON_LEN * 2];
	int rc, out;

	rc = bench_matrix_run(ctx);
	if (rc != 0)
		return 1;
	bench_report_table(ctx, stdout);
	if (ctx->opts.sweep_hv_lat)
		bench_report_sweep(ctx, stdout);
	out = outputs_write(ctx);
	bench_report_headline(ctx, ctx->opts.sweep_hv_lat ? 0 :
			      ctx->opts.hv_lat_ns, head, sizeof(head));
	fputc('\n', stdout);
	for (unsigned int i = 0; i < bench_report_rate_line(ctx, i, rate,
							    sizeof(rate)); i++)
		printf("%s\n", rate);
	bench_report_cpu_ratio(ctx, ctx->opts.sweep_hv_lat ? 0 :
			       ctx->opts.hv_lat_ns, stdout);
	printf("%s\n", head);
	fflush(stdout);
	if (bench_quit)
		return 130;
	return rows_exit_code(ctx) | out;
}

int
main(int argc, char **argv)
{
	static struct bench_ctx ctx;
	int rc;

	rc = eal_start(&ctx, argc, argv);
	if (rc != 0) {
		bench_eal_free_args(ctx.eal_argc, ctx.eal_argv);
		return rc;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	outputs_check(&ctx.opts);
	bench_report_header(&ctx, stdout);
	if (ctx.opts.micro)
		rc = bench_micro_run(&ctx);
	else if (ctx.opts.scenario_s72)
		rc = bench_scenario_s72(&ctx);
	else
		rc = matrix_mode(&ctx);
	free(ctx.rows);
	rte_mempool_free(ctx.pool);
	rte_eal_cleanup();
	bench_eal_remove_runtime_dir(&ctx.env);
	bench_eal_free_args(ctx.eal_argc, ctx.eal_argv);
	return rc;
}
