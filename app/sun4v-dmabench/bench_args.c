/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: the benchmark's own options (everything after "--").
 *
 * Parsing is strict: an unknown option, a bad list element or a value out
 * of range is an error naming the option and the value, never a silent
 * default.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bench.h"

enum {
	OPT_DMA = 256,
	OPT_IOMMU,
	OPT_SIZES,
	OPT_PEER,
	OPT_PEER_ONLY,
	OPT_LCORES,
	OPT_ENGINE,
	OPT_TIME,
	OPT_WARMUP,
	OPT_REPEAT,
	OPT_NO_PACE,
	OPT_HV_LAT,
	OPT_SWEEP,
	OPT_SPEED,
	OPT_IOTLB,
	OPT_DESC,
	OPT_BURST,
	OPT_PRIME,
	OPT_CSV,
	OPT_JSON,
	OPT_PLOT,
	OPT_SCENARIO,
	OPT_MICRO,
	OPT_S72_QUEUES,
	OPT_S72_RXD,
	OPT_S72_TXD,
	OPT_S72_WINDOW,
	OPT_S72_PMD,
	OPT_HELP,
};

static const struct option bench_long_opts[] = {
	{ "dma", required_argument, NULL, OPT_DMA },
	{ "iommu", required_argument, NULL, OPT_IOMMU },
	{ "sizes", required_argument, NULL, OPT_SIZES },
	{ "peer", required_argument, NULL, OPT_PEER },
	{ "peer-only", no_argument, NULL, OPT_PEER_ONLY },
	{ "lcores", required_argument, NULL, OPT_LCORES },
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "time", required_argument, NULL, OPT_TIME },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "repeat", required_argument, NULL, OPT_REPEAT },
	{ "no-pace", no_argument, NULL, OPT_NO_PACE },
	{ "hv-lat-ns", required_argument, NULL, OPT_HV_LAT },
	{ "sweep-hv-lat", no_argument, NULL, OPT_SWEEP },
	{ "speed", required_argument, NULL, OPT_SPEED },
	{ "iotlb", required_argument, NULL, OPT_IOTLB },
	{ "desc", required_argument, NULL, OPT_DESC },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "prime", required_argument, NULL, OPT_PRIME },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "json", required_argument, NULL, OPT_JSON },
	{ "plot", required_argument, NULL, OPT_PLOT },
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "micro", no_argument, NULL, OPT_MICRO },
	{ "s72-queues", required_argument, NULL, OPT_S72_QUEUES },
	{ "s72-rxd", required_argument, NULL, OPT_S72_RXD },
	{ "s72-txd", required_argument, NULL, OPT_S72_TXD },
	{ "s72-legacy-window", required_argument, NULL, OPT_S72_WINDOW },
	{ "s72-pmd", required_argument, NULL, OPT_S72_PMD },
	{ "help", no_argument, NULL, OPT_HELP },
	{ NULL, 0, NULL, 0 },
};

void
bench_args_usage(FILE *f, const char *prog)
{
	fprintf(f,
"Usage: %s [EAL args] -- [bench args]\n"
"       %s [bench args]            (no \"--\": all arguments are bench args)\n"
"\n"
"Throughput of two ports wired to each other, io-forwarding between them\n"
"(rx on A -> tx on B and back) after priming a fixed number of frames.\n"
"\n"
"Matrix (net_i40e_sun4v rows):\n"
"  --dma LIST         pool,map                      [pool,map]\n"
"  --iommu LIST       atu,legacy,bypass             [atu,legacy,bypass]\n"
"  --sizes LIST       frame sizes incl. CRC, 64..1518 [64,128,256,512,1024,1518]\n"
"  --peer LIST        reference pairs: memif,ring or none [memif]\n"
"  --peer-only        only the reference pairs, no net_i40e_sun4v rows\n"
"Run:\n"
"  --lcores N         forwarding lcores (queue pairs per port)  [1]\n"
"  --engine E         who runs the simulated device of the net_i40e_sun4v\n"
"                     rows: inline (the bursts) or service (the DPDK\n"
"                     service i40e_sun4v_engine on its own service lcore,\n"
"                     lcore N+1, sharing the main lcore's CPU) [inline]\n"
"  --time S           measured seconds per run      [2]\n"
"  --warmup S         seconds forwarded before measuring [0.5]\n"
"  --repeat K         runs per row; median and spread reported [1]\n"
"  --desc N           RX and TX descriptors per queue, 64..4096, x32 [1024]\n"
"  --burst N          rx/tx burst size              [32]\n"
"  --prime N          frames sent per port and queue before forwarding [512]\n"
"Modeled parameters (net_i40e_sun4v; printed in every report):\n"
"  --no-pace          no line-rate pacing: measure raw capacity\n"
"  --speed G          link speed in Gbps: 10,25,40,100  [40]\n"
"  --hv-lat-ns N      modeled latency of one hypervisor call [0]\n"
"  --sweep-hv-lat     run the sun4v rows at hv_lat_ns 0,100,500,1000\n"
"  --iotlb N          modeled IOTLB entries         [64]\n"
"Output:\n"
"  --csv FILE  --json FILE  --plot FILE.png (gnuplot)\n"
"Other modes:\n"
"  --scenario s7-2    four ports x 128 queues x 512 RX descriptors on one\n"
"                     root complex (legacy/atu x map/pool)\n"
"  --s72-queues N     queue pairs per port in the scenario [128]\n"
"  --s72-rxd N        RX descriptors per queue in the scenario [512]\n"
"  --s72-txd N        TX descriptors per queue in the scenario [64]\n"
"  --s72-legacy-window MB  legacy window size (devarg legacy_window=,\n"
"                     power of 2, 8..2048): exhaustion with little memory\n"
"                     [PMD default, 2048]\n"
"  --s72-pmd ring     run the scenario's plumbing on net_ring pairs (no\n"
"                     IOMMU; checks the tool, not the driver) [i40e_sun4v]\n"
"  --micro            cycles per buffer: pre-mapped alloc/free vs map/unmap\n"
"  --help\n"
"\n"
"Without EAL args the EAL gets --no-pci, --no-huge -m <MB> when the machine\n"
"has no free huge pages, a unique --file-prefix and -d <plugin>.\n",
		prog, prog);
}

static const char *
opt_name(int c)
{
	for (const struct option *op = bench_long_opts; op->name; op++)
		if (op->val == c)
			return op->name;
	return "?";
}

/* Parse an unsigned decimal in [lo, hi]; -EINVAL on anything else. */
static int
parse_uint(const char *s, unsigned long lo, unsigned long hi,
	   unsigned long *out)
{
	char *end;
	unsigned long v;

	if (s == NULL || *s == '\0' || *s == '-')
		return -EINVAL;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < lo || v > hi)
		return -EINVAL;
	*out = v;
	return 0;
}

static int
parse_seconds(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno != 0 || *end != '\0' || end == s || !isfinite(v) ||
	    v < lo || v > hi)
		return -EINVAL;
	*out = v;
	return 0;
}

/* Find @p name in @p names[0..n); index or -1. */
static int
name_index(const char *name, const char *const *names, int n)
{
	for (int i = 0; i < n; i++)
		if (strcmp(name, names[i]) == 0)
			return i;
	return -1;
}

/*
 * Parse a comma list of names into @p set (cleared first).  "none" is
 * accepted when @p allow_none, and clears the set.
 */
static int
parse_name_list(const char *opt, const char *arg, const char *const *names,
		int n, bool *set, bool allow_none)
{
	char buf[256], *save = NULL, *tok;

	if (strlen(arg) >= sizeof(buf))
		goto bad;
	strcpy(buf, arg);
	memset(set, 0, sizeof(bool) * (size_t)n);
	if (allow_none && strcmp(arg, "none") == 0)
		return 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		int i = name_index(tok, names, n);

		if (i < 0) {
			fprintf(stderr, "sun4v-dmabench: --%s: unknown value "
				"\"%s\"\n", opt, tok);
			return -EINVAL;
		}
		set[i] = true;
	}
	for (int i = 0; i < n; i++)
		if (set[i])
			return 0;
bad:
	fprintf(stderr, "sun4v-dmabench: --%s: bad list \"%s\"\n", opt, arg);
	return -EINVAL;
}

static int
parse_sizes(const char *arg, struct bench_opts *o)
{
	char buf[256], *save = NULL, *tok;
	unsigned long v;

	if (strlen(arg) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, arg);
	o->nb_sizes = 0;
	for (tok = strtok_r(buf, ",", &save); tok != NULL;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->nb_sizes == BENCH_MAX_SIZES ||
		    parse_uint(tok, BENCH_MIN_FRAME, 1518, &v) != 0) {
			fprintf(stderr, "sun4v-dmabench: --sizes: bad size "
				"\"%s\" (64..1518, at most %d sizes)\n", tok,
				BENCH_MAX_SIZES);
			return -EINVAL;
		}
		o->sizes[o->nb_sizes++] = (unsigned int)v;
	}
	return o->nb_sizes > 0 ? 0 : -EINVAL;
}

static void
opts_defaults(struct bench_opts *o)
{
	static const unsigned int sizes[] = { 64, 128, 256, 512, 1024, 1518 };

	memset(o, 0, sizeof(*o));
	o->dma[BENCH_DMA_POOL] = o->dma[BENCH_DMA_MAP] = true;
	for (int i = 0; i < BENCH_IOMMU_COUNT; i++)
		o->iommu[i] = true;
	o->peer[BENCH_KIND_MEMIF] = true;
	memcpy(o->sizes, sizes, sizeof(sizes));
	o->nb_sizes = RTE_DIM(sizes);
	o->lcores = 1;
	o->time_s = 2.0;
	o->warmup_s = 0.5;
	o->repeat = 1;
	o->pace = true;
	o->speed_gbps = 40;
	o->iotlb = 64;
	o->desc = 1024;
	o->burst = 32;
	o->prime = 512;
	o->s72_queues = 128;
	o->s72_rxd = 512;
	o->s72_txd = 64;
}

/* The S7-2 scenario's integer options. */
static int
parse_s72_opt(int c, const char *arg, struct bench_opts *o)
{
	unsigned long v;
	int rc = -EINVAL;

	switch (c) {
	case OPT_S72_QUEUES:
		rc = parse_uint(arg, 1, 1024, &v);
		o->s72_queues = (unsigned int)v;
		break;
	case OPT_S72_RXD:
		rc = parse_uint(arg, 64, 4096, &v);
		if (rc == 0 && v % 32 != 0)
			rc = -EINVAL;
		o->s72_rxd = (unsigned int)v;
		break;
	case OPT_S72_TXD:
		rc = parse_uint(arg, 64, 4096, &v);
		if (rc == 0 && v % 32 != 0)
			rc = -EINVAL;
		o->s72_txd = (unsigned int)v;
		break;
	case OPT_S72_WINDOW:
		rc = parse_uint(arg, 8, 2048, &v);
		if (rc == 0 && (v & (v - 1)) != 0)
			rc = -EINVAL;
		o->s72_window_mb = (unsigned int)v;
		break;
	}
	return rc;
}

/* Options taking an unsigned integer: where it goes and its range. */
static int
parse_uint_opt(int c, const char *arg, struct bench_opts *o)
{
	unsigned long v;
	int rc = -EINVAL;

	switch (c) {
	case OPT_LCORES:
		rc = parse_uint(arg, 1, BENCH_MAX_LCORES, &v);
		o->lcores = (unsigned int)v;
		break;
	case OPT_REPEAT:
		rc = parse_uint(arg, 1, 1000, &v);
		o->repeat = (unsigned int)v;
		break;
	case OPT_HV_LAT:
		rc = parse_uint(arg, 0, 100000000, &v);
		o->hv_lat_ns = v;
		break;
	case OPT_SPEED:
		rc = parse_uint(arg, 1, 100, &v);
		if (rc == 0 && v != 10 && v != 25 && v != 40 && v != 100)
			rc = -EINVAL;
		o->speed_gbps = (unsigned int)v;
		break;
	case OPT_IOTLB:
		rc = parse_uint(arg, 1, 65536, &v);
		o->iotlb = (unsigned int)v;
		break;
	case OPT_DESC:
		rc = parse_uint(arg, 64, 4096, &v);
		if (rc == 0 && v % 32 != 0)
			rc = -EINVAL;
		o->desc = (unsigned int)v;
		break;
	case OPT_BURST:
		rc = parse_uint(arg, 1, BENCH_MAX_BURST, &v);
		o->burst = (unsigned int)v;
		break;
	case OPT_PRIME:
		rc = parse_uint(arg, 1, 4096, &v);
		o->prime = (unsigned int)v;
		break;
	default:
		rc = parse_s72_opt(c, arg, o);
		break;
	}
	return rc;
}

static int
parse_one(int c, const char *arg, struct bench_opts *o)
{
	static const char *const dmas[] = { "pool", "map" };
	static const char *const iommus[] = { "atu", "legacy", "bypass" };
	static const char *const kinds[] = { "sun4v", "memif", "ring" };

	switch (c) {
	case OPT_DMA:
		return parse_name_list("dma", arg, dmas, BENCH_DMA_COUNT,
				       o->dma, false);
	case OPT_IOMMU:
		return parse_name_list("iommu", arg, iommus, BENCH_IOMMU_COUNT,
				       o->iommu, false);
	case OPT_PEER:
		if (strstr(arg, "sun4v") != NULL)
			return -EINVAL;
		return parse_name_list("peer", arg, kinds, BENCH_KIND_COUNT,
				       o->peer, true);
	case OPT_SIZES:
		return parse_sizes(arg, o);
	case OPT_ENGINE:
		if (strcmp(arg, "service") == 0)
			o->engine = BENCH_ENGINE_SERVICE;
		else if (strcmp(arg, "inline") == 0)
			o->engine = BENCH_ENGINE_INLINE;
		else
			return -EINVAL;
		return 0;
	case OPT_TIME:
		return parse_seconds(arg, 0.01, 3600, &o->time_s);
	case OPT_WARMUP:
		return parse_seconds(arg, 0, 3600, &o->warmup_s);
	case OPT_CSV:
		o->csv_path = arg;
		return 0;
	case OPT_JSON:
		o->json_path = arg;
		return 0;
	case OPT_PLOT:
		o->plot_path = arg;
		return 0;
	case OPT_S72_PMD:
		o->s72_ring = strcmp(arg, "ring") == 0;
		return o->s72_ring || strcmp(arg, "i40e_sun4v") == 0 ?
		       0 : -EINVAL;
	case OPT_SCENARIO:
		o->scenario_s72 = strcmp(arg, "s7-2") == 0;
		return o->scenario_s72 ? 0 : -EINVAL;
	default:
		return parse_uint_opt(c, arg, o);
	}
}

static int
check_consistency(const struct bench_opts *o)
{
	if (o->prime > o->desc) {
		fprintf(stderr, "sun4v-dmabench: --prime %u exceeds --desc %u\n",
			o->prime, o->desc);
		return -EINVAL;
	}
	if (o->scenario_s72 && o->s72_ring &&
	    o->s72_queues > 16) {
		fprintf(stderr, "sun4v-dmabench: --s72-pmd ring supports at "
			"most 16 queues (--s72-queues)\n");
		return -EINVAL;
	}
	if (o->scenario_s72 && o->micro) {
		fprintf(stderr, "sun4v-dmabench: --scenario and --micro are "
			"separate modes\n");
		return -EINVAL;
	}
	if (o->engine == BENCH_ENGINE_SERVICE && (o->scenario_s72 || o->micro)) {
		fprintf(stderr, "sun4v-dmabench: --engine service applies to "
			"the throughput matrix only, not to --%s\n",
			o->micro ? "micro" : "scenario");
		return -EINVAL;
	}
	if (o->peer_only && !o->peer[BENCH_KIND_MEMIF] &&
	    !o->peer[BENCH_KIND_RING]) {
		fprintf(stderr, "sun4v-dmabench: --peer-only with --peer none "
			"leaves nothing to run\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * Parse the bench arguments argv[0..argc) (argv[0] is the program name).
 * @return 0, or -EINVAL after printing what was wrong.
 */
int
bench_args_parse(int argc, char **argv, struct bench_opts *o)
{
	int c;

	opts_defaults(o);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", bench_long_opts, NULL)) != -1) {
		if (c == OPT_PEER_ONLY) {
			o->peer_only = true;
		} else if (c == OPT_NO_PACE) {
			o->pace = false;
		} else if (c == OPT_SWEEP) {
			o->sweep_hv_lat = true;
		} else if (c == OPT_MICRO) {
			o->micro = true;
		} else if (c == OPT_HELP) {
			o->help = true;
		} else if (c == '?' || c == ':') {
			fprintf(stderr, "sun4v-dmabench: unknown option or "
				"missing value: \"%s\" (EAL arguments go "
				"before \"--\")\n", argv[optind - 1]);
			return -EINVAL;
		} else if (parse_one(c, optarg, o) != 0) {
			fprintf(stderr, "sun4v-dmabench: bad value \"%s\" for "
				"--%s (see --help)\n", optarg, opt_name(c));
			return -EINVAL;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "sun4v-dmabench: unexpected argument \"%s\"\n",
			argv[optind]);
		return -EINVAL;
	}
	optind = 1;
	return check_consistency(o);
}
