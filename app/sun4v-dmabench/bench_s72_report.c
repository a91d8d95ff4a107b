/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench --scenario s7-2: reading the captured logs, printing the
 * report and writing the JSON.
 *
 * The PMD lines read here (drivers/net/i40e_sun4v):
 *   "<port>: DMA map of N bytes at VA failed: <strerror>; ... (N similar
 *    lines suppressed)"                     (i40e_sun4v_dma.c, rate-limited)
 *   "<port>: RX queue Q starts with K of N buffers posted (<why>)"
 *                                           (i40e_sun4v_rxtx.c, queue start)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>

#include "bench.h"
#include "bench_s72.h"

/* Longest errno value whose strerror() text is searched for. */
#define ERRNO_MAX 200

void
s72_errno_text(int rc, char *out, size_t len)
{
	int e = rc < 0 ? -rc : rc;
	const char *name = strerrorname_np(e);

	snprintf(out, len, "%s (%s)", name != NULL ? name : "E?", strerror(e));
}

/* "No space left on device" -> "ENOSPC (No space left on device)". */
static void
errno_from_text(const char *txt, size_t n, char *out, size_t len)
{
	for (int e = 1; e < ERRNO_MAX; e++) {
		const char *s = strerror(e);

		if (strlen(s) == n && strncmp(s, txt, n) == 0) {
			s72_errno_text(e, out, len);
			return;
		}
	}
	snprintf(out, len, "%.*s", (int)n, txt);
}

/* Next line of [*pos, end): its start and length; false at the end. */
static bool
next_line(const char **pos, const char *end, const char **line, size_t *l)
{
	const char *nl;

	if (*pos >= end)
		return false;
	nl = memchr(*pos, '\n', (size_t)(end - *pos));
	*line = *pos;
	*l = nl != NULL ? (size_t)(nl - *pos) : (size_t)(end - *pos);
	*pos += *l + 1;
	return true;
}

void
s72_log_map_errno(const char *log, size_t len, const char *port, char *out,
		  size_t out_len)
{
	static const char tag[] = ": DMA map of ", fail[] = " failed: ";
	const char *pos = log, *end = log + len, *line;
	size_t l;

	while (next_line(&pos, end, &line, &l)) {
		const char *t = memmem(line, l, tag, sizeof(tag) - 1);
		const char *name, *f, *semi;
		char err[96];

		if (t == NULL)
			continue;
		for (name = t; name > line && name[-1] != ' '; name--)
			;
		if (port != NULL && ((size_t)(t - name) != strlen(port) ||
				     strncmp(name, port, strlen(port)) != 0))
			continue;
		f = memmem(t, (size_t)(line + l - t), fail, sizeof(fail) - 1);
		if (f == NULL)
			continue;
		f += sizeof(fail) - 1;
		semi = memchr(f, ';', (size_t)(line + l - f));
		errno_from_text(f, semi != NULL ? (size_t)(semi - f) :
				(size_t)(line + l - f), err, sizeof(err));
		snprintf(out, out_len, "%s [%.*s]", err, (int)(t - name), name);
		return;
	}
}

unsigned int
s72_log_rx_partial(const char *log, size_t len, const char *port,
		   unsigned int *q, unsigned int *posted, unsigned int *of)
{
	const char *pos = log, *end = log + len, *line;
	char tag[96], buf[256];
	unsigned int n = 0;
	size_t l;

	snprintf(tag, sizeof(tag), "%s: RX queue ", port);
	while (next_line(&pos, end, &line, &l)) {
		const char *t = memmem(line, l, tag, strlen(tag));
		unsigned int a, b, c;

		if (t == NULL)
			continue;
		snprintf(buf, sizeof(buf), "%.*s", (int)(line + l - t), t);
		if (sscanf(buf + strlen(tag), "%u starts with %u of %u", &a,
			   &b, &c) != 3)
			continue;
		if (n++ == 0) {
			*q = a;
			*posted = b;
			*of = c;
		}
	}
	return n;
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

void
s72_logs_count(const char *buf, size_t len, bool from_stderr,
	       struct s72_result *res)
{
	const char *pos = buf, *end = buf + len, *line;
	size_t l;

	while (next_line(&pos, end, &line, &l)) {
		if (l == 0)
			continue;
		if (from_stderr)
			res->err_lines++;
		else
			res->log_lines++;
		/* The rte_log capture is counted first: a PMD line wins. */
		if (res->first_log[0] == '\0')
			snprintf(res->first_log, sizeof(res->first_log),
				 "%.*s", (int)RTE_MIN(l, sizeof(res->first_log)
						     - 1), line);
		res->log_said_suppressed += suppressed_in_line(line, l);
	}
}

void
s72_intro_print(const struct bench_ctx *ctx, const struct s72_setup *su,
		FILE *f)
{
	const struct bench_opts *o = &ctx->opts;
	unsigned int per_page = su->obj_size > 0 ? 8192 / su->obj_size : 0;

	fprintf(f, "S7-2 scenario: %u ports x %u queue pairs x %u RX "
		"descriptors on root complex 0 = %u RX buffers (+ %u TX "
		"descriptors per queue)\n", S72_PORTS, o->s72_queues,
		o->s72_rxd, S72_PORTS * o->s72_queues * o->s72_rxd, o->s72_txd);
	fprintf(f, "legacy window : %u MB = %" PRIu64 " entries of 8 KB%s\n",
		su->window_mb, su->window_entries, o->s72_window_mb != 0 ?
		" (--s72-legacy-window: devarg legacy_window)" :
		" (the ATU cover letter counts 262,143 usable)");
	fprintf(f, "mbuf pools    : one per port (a pool shared by the ports of "
		"one legacy window is mapped once per port), %u objects of %u B (%u per "
		"8 KB IO page, %u B frames max), %.0f MB = %" PRIu64 " IO "
		"pages each: %u x (%u RX + %u TX + %u primed + %u burst) + "
		"lcore caches\n", su->pool_objs, su->obj_size, per_page,
		su->max_frame, (double)su->pool_objs * su->obj_size /
		(1024.0 * 1024.0), su->pool_pages, o->s72_queues, o->s72_rxd,
		o->s72_txd, S72_PRIME, o->burst);
	fprintf(f, "                expected in dma=pool: a port maps its own "
		"pool at RX queue setup and its peer's at its first TX (io "
		"forwarding sends the peer's buffers), %" PRIu64 " entries "
		"each on the legacy window; each pool's memory is a zone "
		"aligned to a 256 MB IO page when EAL can give one (else "
		"DPDK's placement), so an ATU port maps it in a few IO "
		"pages%s\n\n", su->pool_pages,
		o->s72_ring ? "\n(--s72-pmd ring: net_ring pairs, no IOMMU: "
		"checks the tool's plumbing only)" : "");
}

static void
entries_print(const struct s72_setup *su, const struct s72_result *res,
	      const char *when, const uint64_t *v, uint64_t total, FILE *f)
{
	double pct = 100.0 * (double)total / (double)su->window_entries;

	fprintf(f, "  %-16s: %" PRIu64 " / %" PRIu64 " / %" PRIu64 " / %"
		PRIu64 " = %" PRIu64, when, v[0], v[1], v[2], v[3], total);
	if (res->iommu == BENCH_IOMMU_LEGACY)
		fprintf(f, " (%.1f %% of the legacy window)\n", pct);
	else
		fprintf(f, " (ATU: the ports' own IOTSBs; as legacy entries "
			"this would be %.1f %% of the window)\n", pct);
}

static void
logs_print(const struct s72_result *res, FILE *f)
{
	if (res->logxs_ok)
		fprintf(f, "  log lines       : PMD map-failure lines %" PRIu64
			" emitted, %" PRIu64 " suppressed by its rate limit "
			"(xstats map_error_log_lines/_suppressed)",
			res->pmd_lines, res->pmd_suppressed);
	else
		fprintf(f, "  log lines       : at least %" PRIu64 " suppressed "
			"(the \"similar lines suppressed\" counts)",
			res->log_said_suppressed);
	fprintf(f, "; captured %u rte_log + %u stderr lines\n",
		res->log_lines, res->err_lines);
	if (res->log_lines + res->err_lines > 0)
		fprintf(f, "  first log line  : %s\n", res->first_log);
}

static void
traffic_print(const struct s72_result *res, FILE *f)
{
	if (res->ports_up == 0) {
		fprintf(f, "  forwarding      : none (no port came up)\n");
		return;
	}
	fprintf(f, "  forwarding      : %.2f Mpps total; continued: %s (%"
		PRIu64 " then %" PRIu64 " frames per half window)\n",
		res->mpps_total, res->pkts_h2 > 0 ? "yes" : "NO",
		res->pkts_h1, res->pkts_h2);
	fprintf(f, "  accounting      : %" PRIu64 " primed = %" PRIu64
		" drained + %" PRIu64 " app drops + %" PRIu64 " lost; port "
		"drops (imissed + ierrors + oerrors) %" PRIu64 ": %s; mbufs in "
		"use after close %" PRId64 "\n", res->primed, res->drained,
		res->app_drops, res->lost, res->dev_drops,
		res->conserved ? "conserved" : "NOT conserved", res->leak);
}

void
s72_case_print(const struct bench_ctx *ctx, const struct s72_setup *su,
	       const struct s72_result *res, FILE *f)
{
	if (ctx->opts.s72_ring)
		fprintf(f, "net_ring pairs (plumbing check):\n");
	else
		fprintf(f, "%s/%s:\n", bench_iommu_name(res->iommu),
			bench_dma_name(res->dma));
	if (res->status != BENCH_ST_OK) {
		fprintf(f, "  %s: %s\n", bench_status_name(res->status),
			res->reason);
		return;
	}
	fprintf(f, "  ports up        : %u/%u; queues up %u/%u/%u/%u of %u "
		"(%.1f s to bring up)\n", res->ports_up, S72_PORTS,
		res->queues_up[0], res->queues_up[1], res->queues_up[2],
		res->queues_up[3], ctx->opts.s72_queues, res->bringup_s);
	if (res->ports_up == 0) {
		fprintf(f, "  IOTSB entries   : not read (no port came up)\n");
	} else if (res->xs_ok) {
		entries_print(su, res, "IOTSB after up", res->iotsb_up,
			      res->iotsb_up_total, f);
		entries_print(su, res, "IOTSB at the end", res->iotsb,
			      res->iotsb_total, f);
	} else {
		fprintf(f, "  IOTSB entries   : n/a (no sun4v xstats)\n");
	}
	fprintf(f, "  first failure   : %s (%u ethdev calls failed)\n",
		res->first_fail[0] != '\0' ? res->first_fail : "none",
		res->failed_calls);
	if (res->xs_ok)
		fprintf(f, "  map failures    : %" PRIu64 " in the case, %" PRIu64
			" of them TX (packets dropped, oerrors); in the "
			"window %.0f /s: TX %.0f /s, RX refill %.0f /s (slots "
			"left empty, retried every burst)\n", res->map_errors,
			res->tx_fail, res->map_err_per_s, res->tx_fail_per_s,
			res->rx_fail_per_s);
	logs_print(res, f);
	traffic_print(res, f);
}

static void
json_u4(FILE *f, const char *key, const uint64_t *v)
{
	fprintf(f, ", \"%s\": [%" PRIu64 ", %" PRIu64 ", %" PRIu64 ", %"
		PRIu64 "]", key, v[0], v[1], v[2], v[3]);
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
	if (r->xs_ok) {
		json_u4(f, "iotsb_entries_after_up", r->iotsb_up);
		json_u4(f, "iotsb_entries_used", r->iotsb);
		fprintf(f, ", \"iotsb_total_after_up\": %" PRIu64 ", "
			"\"iotsb_total\": %" PRIu64 ", \"map_errors\": %"
			PRIu64 ", \"tx_map_failures\": %" PRIu64 ", "
			"\"map_errors_per_s\": %.1f, "
			"\"tx_map_failures_per_s\": %.1f, "
			"\"rx_map_failures_per_s\": %.1f", r->iotsb_up_total,
			r->iotsb_total, r->map_errors, r->tx_fail,
			r->map_err_per_s,
			r->tx_fail_per_s, r->rx_fail_per_s);
	}
	fprintf(f, ", \"failed_calls\": %u, \"first_failure\": ",
		r->failed_calls);
	bench_json_str(f, r->first_fail);
	if (r->logxs_ok)
		fprintf(f, ", \"pmd_log_lines\": %" PRIu64 ", "
			"\"pmd_log_suppressed\": %" PRIu64, r->pmd_lines,
			r->pmd_suppressed);
	fprintf(f, ", \"log_lines\": %u, \"stderr_lines\": %u, "
		"\"log_suppressed_at_least\": %" PRIu64 ", \"first_log\": ",
		r->log_lines, r->err_lines, r->logxs_ok ? r->pmd_suppressed :
		r->log_said_suppressed);
	bench_json_str(f, r->first_log);
	fprintf(f, ", \"mpps_total\": %.4f, \"primed\": %" PRIu64 ", "
		"\"drained\": %" PRIu64 ", \"lost\": %" PRIu64 ", "
		"\"port_drops\": %" PRIu64 ", \"continued\": %s, \"conserved\": "
		"%s, \"mbuf_leak\": %" PRId64 "}%s\n", r->mpps_total, r->primed,
		r->drained, r->lost, r->dev_drops,
		r->pkts_h2 > 0 ? "true" : "false",
		r->conserved ? "true" : "false", r->leak, last ? "" : ",");
}

int
s72_json_write(const struct bench_ctx *ctx, const struct s72_setup *su,
	       const struct s72_result *res, unsigned int n)
{
	FILE *f = fopen(ctx->opts.json_path, "w");

	if (f == NULL)
		return -errno;
	fprintf(f, "{\n  \"scenario\": \"s7-2\", \"ports\": %u, \"queues\": "
		"%u, \"rxd\": %u, \"txd\": %u, \"legacy_window_entries\": %"
		PRIu64 ", \"pool_objects_per_port\": %u, \"object_size\": %u, "
		"\"pool_io_pages\": %" PRIu64 ", \"pmd\": \"%s\", "
		"\"git_rev\": ", S72_PORTS, ctx->opts.s72_queues,
		ctx->opts.s72_rxd, ctx->opts.s72_txd, su->window_entries,
		su->pool_objs, su->obj_size, su->pool_pages,
		ctx->opts.s72_ring ? "ring" : "i40e_sun4v");
	bench_json_str(f, ctx->env.git_rev);
	fputs(",\n  \"cases\": [\n", f);
	for (unsigned int i = 0; i < n; i++)
		json_case(f, &res[i], i + 1 == n);
	fputs("  ]\n}\n", f);
	return fclose(f) == 0 ? 0 : -errno;
}
