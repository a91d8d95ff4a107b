/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-fault-decode: command line (doc/spec/fault-decode.md §1).
 *
 *   sun4v-fault-decode [options] [FILE...]     FILE "-" = standard input
 *
 * Two passes: the first parses every line and learns context (IOTSB bases
 * from IOTSB_CONF lines, which functions use the ATU), the second explains
 * the records, so evidence from later lines informs earlier records too.
 * Exit status: 0 decoded (possibly nothing), 1 a file could not be read,
 * 2 bad usage or bad input (every bad line is reported with the token that
 * broke it; good lines are still decoded).
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "fdec.h"

#define EXIT_INPUT 2
#define MAX_KEPT 100000u      /* lines kept for the second pass */
#define MAX_ERRORS_SHOWN 10u
#define MAX_WORDS 64u

enum word_kind { W_IOTTE, W_SIM_IOTTE, W_TAG, W_DATA };

struct opts {
	bool dump;
	bool summary;
	unsigned int n_words;
	struct { enum word_kind kind; uint64_t v; } words[MAX_WORDS];
};

struct run {
	struct fdec_ctx ctx;
	struct fdec_line *kept;
	unsigned int n_kept;
	unsigned int cap_kept;
	uint64_t not_kept;
	unsigned int errors;
	bool io_error;
};

static void
usage(FILE *out)
{
	fprintf(out,
		"usage: sun4v-fault-decode [options] [FILE...]\n"
		"Explains sim/sun4v DMA fault records read from FILEs (default: standard\n"
		"input): the platform's log lines as found in a PMD or dpdk-testpmd log,\n"
		"or 'sun4v-fault key=value ...' dump records (doc/spec/fault-decode.md).\n"
		"  --dump                      print records in the dump format instead\n"
		"  --no-summary                no summary at the end\n"
		"  --legacy-window BASE[:SIZE] legacy DVMA window (default 0x80000000:0x80000000)\n"
		"  --iotsb-base [RC:]HANDLE=BASE  where an ATU IOTSB starts (for its index)\n"
		"  --atu-only RC:BB:DD.F       the function uses only the ATU\n"
		"  --iotte WORD                decode a raw legacy IOTTE\n"
		"  --sim-iotte WORD            decode an IOTTE of the simulator's format\n"
		"  --iotlb-tag WORD            decode a raw IOTLB tag word\n"
		"  --iotlb-data WORD           decode a raw IOTLB data word\n"
		"  -h, --help                  this text\n"
		"Exit status: 0 ok, 1 unreadable file, 2 bad usage or bad input.\n");
}

static int
bad_arg(const char *opt, const char *val, const char *why)
{
	fprintf(stderr, "sun4v-fault-decode: bad value '%s' for %s: %s\n", val,
		opt, why);
	return -EINVAL;
}

/* "BASE[:SIZE]" */
static int
opt_legacy(struct fdec_ctx *ctx, const char *arg)
{
	char buf[64], *colon;
	uint64_t base, size = ctx->legacy_size;

	if (strlen(arg) >= sizeof(buf))
		return bad_arg("--legacy-window", arg, "too long");
	strcpy(buf, arg);
	colon = strchr(buf, ':');
	if (colon != NULL)
		*colon++ = '\0';
	if (fdec_parse_u64(buf, &base) != 0 ||
	    (colon != NULL && fdec_parse_u64(colon, &size) != 0))
		return bad_arg("--legacy-window", arg, "expected BASE[:SIZE]");
	if (size == 0 || (base & HV_IO_PAGE_MASK) != 0 ||
	    (size & HV_IO_PAGE_MASK) != 0 || base + size - 1 < base)
		return bad_arg("--legacy-window", arg,
			       "base and size must be 8 KB aligned, size > 0");
	ctx->legacy_base = base;
	ctx->legacy_size = size;
	return 0;
}

/* "[RC:]HANDLE=BASE" */
static int
opt_iotsb(struct fdec_ctx *ctx, const char *arg)
{
	char buf[96], *eq, *colon, *h;
	uint64_t rc = 0, handle, base;
	bool has_rc;

	if (strlen(arg) >= sizeof(buf))
		return bad_arg("--iotsb-base", arg, "too long");
	strcpy(buf, arg);
	eq = strchr(buf, '=');
	if (eq == NULL)
		return bad_arg("--iotsb-base", arg, "expected [RC:]HANDLE=BASE");
	*eq++ = '\0';
	colon = strchr(buf, ':');
	has_rc = colon != NULL;
	h = has_rc ? colon + 1 : buf;
	if (has_rc)
		*colon = '\0';
	if ((has_rc && (fdec_parse_u64(buf, &rc) != 0 || rc > 255)) ||
	    fdec_parse_u64(h, &handle) != 0 || handle == 0 ||
	    fdec_parse_u64(eq, &base) != 0)
		return bad_arg("--iotsb-base", arg,
			       "expected [RC:]HANDLE=BASE, HANDLE != 0");
	if (fdec_ctx_add_iotsb(ctx, has_rc ? (int)rc : FDEC_ANY_RC, handle,
			       base, 0) != 0)
		return bad_arg("--iotsb-base", arg, "too many IOTSBs");
	return 0;
}

/* "RC:BB:DD.F", parsed with the dump parser's rules. */
static int
opt_atu_only(struct fdec_ctx *ctx, const char *arg)
{
	char line[128], err[FDEC_ERR_MAX];
	const char *colon = strchr(arg, ':');
	struct fdec_line l;

	if (colon == NULL || strlen(arg) > 32)
		return bad_arg("--atu-only", arg, "expected RC:BB:DD.F");
	snprintf(line, sizeof(line), "sun4v-fault rc=%.*s bdf=%s dir=read dvma=0 "
		 "reason=unmapped", (int)(colon - arg), arg, colon + 1);
	if (fdec_parse_line(line, strlen(line), 0, &l, err, sizeof(err)) != 0 ||
	    l.kind != FDEC_LINE_FAULT)
		return bad_arg("--atu-only", arg, "expected RC:BB:DD.F");
	if (fdec_ctx_set_atu_only(ctx, l.rec.rc, l.rec.bdf) != 0)
		return bad_arg("--atu-only", arg, "too many functions");
	return 0;
}

static int
opt_word(struct opts *o, enum word_kind k, const char *name, const char *arg)
{
	uint64_t v;

	if (fdec_parse_u64(arg, &v) != 0)
		return bad_arg(name, arg, "expected a 64-bit number (decimal or 0x hex)");
	if (o->n_words == MAX_WORDS)
		return bad_arg(name, arg, "too many words");
	o->words[o->n_words].kind = k;
	o->words[o->n_words++].v = v;
	return 0;
}

/* @return 0, 1 (--help printed), -EINVAL. */
static int
parse_opts(int argc, char **argv, struct opts *o, struct fdec_ctx *ctx)
{
	static const struct option longopts[] = {
		{ "dump", no_argument, NULL, 'd' },
		{ "no-summary", no_argument, NULL, 'n' },
		{ "legacy-window", required_argument, NULL, 'l' },
		{ "iotsb-base", required_argument, NULL, 'b' },
		{ "atu-only", required_argument, NULL, 'a' },
		{ "iotte", required_argument, NULL, 'i' },
		{ "sim-iotte", required_argument, NULL, 's' },
		{ "iotlb-tag", required_argument, NULL, 't' },
		{ "iotlb-data", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, rc = 0;

	opterr = 0;
	while (rc == 0 && (c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->dump = true; break;
		case 'n': o->summary = false; break;
		case 'l': rc = opt_legacy(ctx, optarg); break;
		case 'b': rc = opt_iotsb(ctx, optarg); break;
		case 'a': rc = opt_atu_only(ctx, optarg); break;
		case 'i': rc = opt_word(o, W_IOTTE, "--iotte", optarg); break;
		case 's': rc = opt_word(o, W_SIM_IOTTE, "--sim-iotte", optarg); break;
		case 't': rc = opt_word(o, W_TAG, "--iotlb-tag", optarg); break;
		case 'D': rc = opt_word(o, W_DATA, "--iotlb-data", optarg); break;
		case 'h': usage(stdout); return 1;
		case ':':
			fprintf(stderr, "sun4v-fault-decode: option '%s' needs a value\n",
				argv[optind - 1]);
			return -EINVAL;
		default:
			fprintf(stderr, "sun4v-fault-decode: unknown option '%s' "
				"(see --help)\n", argv[optind - 1]);
			return -EINVAL;
		}
	}
	return rc;
}

/* Words in command-line order; a tag directly followed by data is one pair. */
static void
print_words(const struct opts *o)
{
	for (unsigned int i = 0; i < o->n_words; i++) {
		uint64_t v = o->words[i].v;

		switch (o->words[i].kind) {
		case W_IOTTE:
			fdec_print_iotte(stdout, v);
			break;
		case W_SIM_IOTTE:
			fdec_print_sim_iotte(stdout, v);
			break;
		case W_TAG:
			if (i + 1 < o->n_words && o->words[i + 1].kind == W_DATA) {
				fdec_print_iotlb(stdout, true, v, true, o->words[i + 1].v);
				i++;
			} else {
				fdec_print_iotlb(stdout, true, v, false, 0);
			}
			break;
		case W_DATA:
			fdec_print_iotlb(stdout, false, 0, true, v);
			break;
		}
	}
}

static void
keep(struct run *r, const struct fdec_line *l)
{
	struct fdec_line *n;

	if (r->n_kept == r->cap_kept) {
		unsigned int cap = r->cap_kept == 0 ? 256 : r->cap_kept * 2;

		if (cap > MAX_KEPT)
			cap = MAX_KEPT;
		if (cap == r->cap_kept ||
		    (n = realloc(r->kept, cap * sizeof(*n))) == NULL) {
			r->not_kept++;
			return;
		}
		r->kept = n;
		r->cap_kept = cap;
	}
	r->kept[r->n_kept++] = *l;
}

static void
one_line(struct run *r, const char *name, const char *buf, size_t len,
	 unsigned long lineno, bool too_long)
{
	char err[FDEC_ERR_MAX];
	struct fdec_line l;
	int rc;

	if (too_long) {
		snprintf(err, sizeof(err), "line %lu: longer than %u bytes",
			 lineno, FDEC_LINE_MAX);
		rc = -EINVAL;
	} else {
		rc = fdec_parse_line(buf, len, lineno, &l, err, sizeof(err));
	}
	if (rc != 0) {
		if (r->errors++ < MAX_ERRORS_SHOWN)
			fprintf(stderr, "sun4v-fault-decode: %s: %s\n", name, err);
		return;
	}
	fdec_ctx_learn(&r->ctx, &l);
	if (l.kind != FDEC_LINE_OTHER && l.kind != FDEC_LINE_IOTSB_CONF)
		keep(r, &l);
}

/* Read @p f line by line with a bounded buffer (a huge or binary line
 * never grows memory). */
static void
read_stream(struct run *r, FILE *f, const char *name)
{
	static char buf[FDEC_LINE_MAX + 1];
	unsigned long lineno = 0;
	size_t len = 0;
	bool too_long = false;
	int ch;

	while ((ch = getc(f)) != EOF) {
		if (ch != '\n') {
			if (len < sizeof(buf))
				buf[len++] = (char)ch;
			else
				too_long = true;
			continue;
		}
		one_line(r, name, buf, len, ++lineno, too_long);
		len = 0;
		too_long = false;
	}
	if (len > 0 || too_long)
		one_line(r, name, buf, len, ++lineno, too_long);
	if (ferror(f)) {
		fprintf(stderr, "sun4v-fault-decode: %s: read error: %s\n", name,
			strerror(errno));
		r->io_error = true;
	}
}

static void
read_file(struct run *r, const char *path)
{
	FILE *f;

	if (strcmp(path, "-") == 0) {
		read_stream(r, stdin, "<stdin>");
		return;
	}
	f = fopen(path, "r");
	if (f == NULL) {
		fprintf(stderr, "sun4v-fault-decode: %s: %s\n", path, strerror(errno));
		r->io_error = true;
		return;
	}
	read_stream(r, f, path);
	fclose(f);
}

/* In dump mode the events keep the platform's own wording behind "# ", so
 * a dump decoded again keeps its suppressed / quarantine / reset lines. */
static void
print_event(const struct run *r, const struct fdec_line *l, bool dump)
{
	const struct fdec_record *q = &l->rec;
	const char *pfx = dump ? "# " : "";

	switch (l->kind) {
	case FDEC_LINE_FAULT:
		if (dump)
			fdec_print_dump(stdout, q);
		else
			fdec_print_explained(stdout, &r->ctx, q);
		return;
	case FDEC_LINE_SUPPRESSED:
		printf("%s%" PRIu64 " DMA fault log lines suppressed\n", pfx,
		       l->suppressed);
		if (!dump)
			printf("  (line %lu) faults happened here that the log does "
			       "not show\n", q->line);
		return;
	case FDEC_LINE_QUARANTINE:
		printf("%src %u %02x:%02x.%x quarantined: more than %u DMA faults "
		       "within %" PRIu64 " ns\n", pfx, q->rc, q->bdf >> 8,
		       (q->bdf >> 3) & 0x1f, q->bdf & 7, q->q_faults, q->q_window_ns);
		if (!dump)
			printf("  (line %lu)\n  likely       1. %s\n", q->line,
			       fdec_culprit_text(FDEC_CULPRIT_FAULT_STORM));
		return;
	case FDEC_LINE_RESET:
		printf("%src %u %02x:%02x.%x reset: quarantine lifted\n", pfx, q->rc,
		       q->bdf >> 8, (q->bdf >> 3) & 0x1f, q->bdf & 7);
		if (!dump)
			printf("  (line %lu)\n", q->line);
		return;
	default:
		return;
	}
}

int
main(int argc, char **argv)
{
	struct opts o = { .summary = true };
	struct run *r = calloc(1, sizeof(*r));
	int status;

	if (r == NULL)
		return 1;
	fdec_ctx_init(&r->ctx);
	status = parse_opts(argc, argv, &o, &r->ctx);
	if (status != 0) {
		free(r);
		return status > 0 ? EXIT_SUCCESS : EXIT_INPUT;
	}
	print_words(&o);
	if (optind == argc && o.n_words == 0)
		read_file(r, "-");
	for (int i = optind; i < argc; i++)
		read_file(r, argv[i]);
	for (unsigned int i = 0; i < r->n_kept; i++)
		print_event(r, &r->kept[i], o.dump);
	if (r->not_kept != 0)
		printf("%" PRIu64 " further records counted but not shown (limit %u)\n",
		       r->not_kept, MAX_KEPT);
	if (o.summary && !o.dump && (optind < argc || o.n_words == 0))
		fdec_print_summary(stdout, &r->ctx);
	if (r->errors > MAX_ERRORS_SHOWN)
		fprintf(stderr, "sun4v-fault-decode: %u more bad lines not shown\n",
			r->errors - MAX_ERRORS_SHOWN);
	status = r->errors != 0 ? EXIT_INPUT : r->io_error ? 1 : 0;
	free(r->kept);
	free(r);
	return status;
}
