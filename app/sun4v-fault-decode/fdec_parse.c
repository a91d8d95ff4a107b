/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Line parser of sun4v-fault-decode (doc/spec/fault-decode.md §2-§3).
 *
 * Every scan is bounded by the length the caller gives: input comes from
 * arbitrary logs and from the fuzzer, so nothing here assumes a NUL, and
 * every number is checked for overflow.  A line is committed to strict
 * parsing only once it carries a distinctive marker ("DMA fault #<digits>:",
 * "sun4v-fault ", " quarantined: more than ", ...): a testpmd log holds
 * plenty of unrelated text that must be skipped, while a damaged record
 * must be reported, naming the token that broke it.
 */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "fdec.h"

/* Reason names exactly as sim/sun4v/sun4v_fault.c logs them, and their
 * tokens in the dump format (no spaces, so key=value stays one word). */
static const struct {
	const char *log;
	const char *token;
} reason_names[SUN4V_FAULT_NB_REASONS] = {
	[SUN4V_FAULT_NONE] = { "none", "none" },
	[SUN4V_FAULT_UNMAPPED] = { "unmapped", "unmapped" },
	[SUN4V_FAULT_PROTECTION] = { "protection", "protection" },
	[SUN4V_FAULT_OUT_OF_WINDOW] = { "out of window", "out_of_window" },
	[SUN4V_FAULT_BYPASS_DENIED] = { "bypass denied", "bypass_denied" },
	[SUN4V_FAULT_QUARANTINED] = { "quarantined", "quarantined" },
	[SUN4V_FAULT_NO_RAM] = { "not RAM", "no_ram" },
};

const char *
fdec_reason_log_name(enum sun4v_fault_reason r)
{
	return (unsigned int)r < SUN4V_FAULT_NB_REASONS ? reason_names[r].log :
							  "?";
}

const char *
fdec_reason_token(enum sun4v_fault_reason r)
{
	return (unsigned int)r < SUN4V_FAULT_NB_REASONS ?
		       reason_names[r].token : "?";
}

/* A cursor over [p, end). */
struct cur {
	const char *p;
	const char *end;
};

/* Where parsing stopped and what was expected there. */
struct perr {
	const char *at;
	const char *what;
};

static bool
fail(struct perr *e, const struct cur *c, const char *what)
{
	e->at = c->p;
	e->what = what;
	return false;
}

/* The token at @p at (up to white space, at most 32 bytes) with
 * non-printable bytes escaped, so an error names exactly what was wrong. */
static void
format_token(char *buf, size_t len, const char *at, const char *end)
{
	size_t o = 0;

	while (at < end && (*at == ' ' || *at == '\t'))
		at++;
	if (at >= end) {
		snprintf(buf, len, "<end of line>");
		return;
	}
	for (unsigned int n = 0; at < end && n < 32 && o + 5 < len; at++, n++) {
		unsigned char ch = (unsigned char)*at;

		if (ch == ' ' || ch == '\t')
			break;
		if (ch >= 0x21 && ch < 0x7f && ch != '\'')
			buf[o++] = (char)ch;
		else
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", ch);
	}
	buf[o] = '\0';
}

static int
report(char *err, size_t errlen, unsigned long lineno, const struct perr *e,
       const char *end)
{
	char tok[160];

	if (err != NULL && errlen > 0) {
		format_token(tok, sizeof(tok), e->at, end);
		snprintf(err, errlen, "line %lu: expected %s at '%s'", lineno,
			 e->what, tok);
	}
	return -EINVAL;
}

static bool
lit(struct cur *c, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(c->end - c->p) < n || memcmp(c->p, s, n) != 0)
		return false;
	c->p += n;
	return true;
}

static int
hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Decimal digits, at least one, no overflow. */
static bool
dec(struct cur *c, uint64_t *v)
{
	const char *s = c->p;
	uint64_t x = 0;

	while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
		unsigned int d = (unsigned int)(*c->p - '0');

		if (x > (UINT64_MAX - d) / 10) {
			c->p = s;
			return false;
		}
		x = x * 10 + d;
		c->p++;
	}
	if (c->p == s)
		return false;
	*v = x;
	return true;
}

/* "0x" and 1..16 hex digits. */
static bool
hex0x(struct cur *c, uint64_t *v)
{
	const char *s = c->p;
	uint64_t x = 0;
	unsigned int n = 0;
	int d;

	if (!lit(c, "0x"))
		return false;
	while (c->p < c->end && (d = hexval(*c->p)) >= 0) {
		if (++n > 16) {
			c->p = s;
			return false;
		}
		x = (x << 4) | (uint64_t)d;
		c->p++;
	}
	if (n == 0) {
		c->p = s;
		return false;
	}
	*v = x;
	return true;
}

/* Exactly @p n hex digits. */
static bool
hexn(struct cur *c, unsigned int n, unsigned int *v)
{
	unsigned int x = 0;
	int d;

	if ((size_t)(c->end - c->p) < n)
		return false;
	for (unsigned int i = 0; i < n; i++) {
		d = hexval(c->p[i]);
		if (d < 0)
			return false;
		x = (x << 4) | (unsigned int)d;
	}
	c->p += n;
	*v = x;
	return true;
}

/* "BB:DD.F" as the platform prints a requester ID (%02x:%02x.%x). */
static bool
bdf(struct cur *c, uint16_t *out)
{
	const char *s = c->p;
	unsigned int b, d, f;

	if (!hexn(c, 2, &b) || !lit(c, ":") || !hexn(c, 2, &d) ||
	    !lit(c, ".") || !hexn(c, 1, &f) || d > 0x1f || f > 7) {
		c->p = s;
		return false;
	}
	*out = (uint16_t)((b << 8) | (d << 3) | f);
	return true;
}

static bool
rc_index(struct cur *c, unsigned int *rc)
{
	const char *s = c->p;
	uint64_t v;

	if (!dec(c, &v) || v > 255) {
		c->p = s;
		return false;
	}
	*rc = (unsigned int)v;
	return true;
}

static bool
only_space_left(const struct cur *c)
{
	for (const char *q = c->p; q < c->end; q++)
		if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\n')
			return false;
	return true;
}

/* A page size is 0 (no table) or a power of two from 8 KB to 16 GB. */
static bool
page_size_ok(uint64_t ps)
{
	return ps == 0 || (ps >= HV_IO_PAGE_SIZE && (ps & (ps - 1)) == 0 &&
			   ps <= (16ULL << 30));
}

/* Reason by its log name, which must be followed by " (". */
static bool
reason_log(struct cur *c, enum sun4v_fault_reason *r)
{
	for (unsigned int i = SUN4V_FAULT_UNMAPPED; i < SUN4V_FAULT_NB_REASONS; i++) {
		struct cur t = *c;

		if (lit(&t, reason_names[i].log) && lit(&t, " (")) {
			*c = t;
			*r = (enum sun4v_fault_reason)i;
			return true;
		}
	}
	return false;
}

static const char *
find(const char *p, const char *end, const char *needle)
{
	if (p == NULL || p >= end)
		return NULL;
	return memmem(p, (size_t)(end - p), needle, strlen(needle));
}

/*
 * "DMA fault #S: rc R BB:DD.F read|write dvma 0xD: <reason> (iotsb 0xH,
 * page size P[, base 0xB])" -- sun4v_fault.c log_fault().  The optional
 * base is the field doc/spec/fault-decode.md §2 asks the platform to add.
 */
static bool
parse_fault_log(struct cur *c, struct fdec_record *r, struct perr *e)
{
	const char *num;
	uint64_t v;

	if (!dec(c, &r->seq))
		return fail(e, c, "a sequence number");
	r->has_seq = true;
	if (!lit(c, ": rc "))
		return fail(e, c, "': rc '");
	if (!rc_index(c, &r->rc))
		return fail(e, c, "a root complex index (0..255)");
	if (!lit(c, " ") || !bdf(c, &r->bdf))
		return fail(e, c, "a requester ID BB:DD.F");
	if (lit(c, " read"))
		r->dir = SUN4V_DMA_READ;
	else if (lit(c, " write"))
		r->dir = SUN4V_DMA_WRITE;
	else
		return fail(e, c, "' read' or ' write'");
	if (!lit(c, " dvma ") || !hex0x(c, &r->dvma))
		return fail(e, c, "' dvma 0x<hex>'");
	r->has_dvma = true;
	if (!lit(c, ": ") || !reason_log(c, &r->reason))
		return fail(e, c, "': <reason> (' with a known reason");
	if (!lit(c, "iotsb ") || !hex0x(c, &r->iotsb))
		return fail(e, c, "'iotsb 0x<hex>'");
	if (!lit(c, ", page size "))
		return fail(e, c, "', page size '");
	num = c->p;
	if (!dec(c, &v) || !page_size_ok(v)) {
		c->p = num;
		return fail(e, c, "a page size (0 or a power of two, 8 KB..16 GB)");
	}
	r->page_size = v;
	r->has_table = true;
	if (lit(c, ", base ")) {
		if (!hex0x(c, &r->iova_base))
			return fail(e, c, "a table base 0x<hex>");
		r->has_base = true;
	}
	if (!lit(c, ")") || !only_space_left(c))
		return fail(e, c, "')' ending the line");
	return true;
}

/* "rc R BB:DD.F" ending exactly at @p stop. */
static bool
parse_rc_bdf_before(const char *line, const char *stop, struct fdec_record *r,
		    struct perr *e)
{
	const char *s = NULL;
	struct cur c;

	/* The last "rc " before the anchor starts the function's name. */
	for (const char *q = line; q != NULL && q < stop;) {
		q = find(q, stop, "rc ");
		if (q != NULL)
			s = q++;
	}
	c.p = s != NULL ? s + 3 : line;
	c.end = stop;
	if (s == NULL)
		return fail(e, &c, "'rc <n> BB:DD.F' before the message");
	if (!rc_index(&c, &r->rc) || !lit(&c, " ") || !bdf(&c, &r->bdf) ||
	    c.p != stop)
		return fail(e, &c, "'rc <n> BB:DD.F' before the message");
	return true;
}

#define Q_ANCHOR " quarantined: more than "
#define R_ANCHOR " reset: quarantine lifted"
#define S_ANCHOR " DMA fault log lines suppressed"
#define C_ANCHOR "IOTSB_CONF devhandle "
#define F_ANCHOR "DMA fault #"
#define D_WORD "sun4v-fault"

static bool
parse_quarantine(const char *line, const char *a, struct cur *c,
		 struct fdec_record *r, struct perr *e)
{
	uint64_t n, w;

	if (!parse_rc_bdf_before(line, a, r, e))
		return false;
	r->reason = SUN4V_FAULT_QUARANTINED;
	if (!dec(c, &n) || n > UINT32_MAX)
		return fail(e, c, "a fault count");
	if (!lit(c, " DMA faults within ") || !dec(c, &w))
		return fail(e, c, "' DMA faults within <ns>'");
	if (!lit(c, " ns"))
		return fail(e, c, "' ns'");
	r->q_faults = (unsigned int)n;
	r->q_window_ns = w;
	return true;
}

static bool
parse_suppressed(const char *line, const char *a, const struct cur *c,
		 uint64_t *n, struct perr *e)
{
	const char *q = a;
	struct cur d;

	while (q > line && q[-1] >= '0' && q[-1] <= '9')
		q--;
	d.p = q;
	d.end = a;
	if (q == a || !dec(&d, n) || d.p != a)
		return fail(e, &d, "a count before 'DMA fault log lines suppressed'");
	if (!only_space_left(c))
		return fail(e, c, "the end of the line");
	return true;
}

static bool
parse_conf(struct cur *c, struct fdec_line *l, struct perr *e)
{
	struct fdec_iotsb_conf *k = &l->conf;
	uint64_t r_addr, st;

	if (!hex0x(c, &k->devhandle) || !lit(c, " r_addr ") || !hex0x(c, &r_addr) ||
	    !lit(c, " size ") || !hex0x(c, &k->table_size) ||
	    !lit(c, " pagesize ") || !hex0x(c, &k->page_size) ||
	    !lit(c, " iova ") || !hex0x(c, &k->iova))
		return fail(e, c, "the IOTSB_CONF arguments");
	if (!lit(c, ": status ") || !dec(c, &st) || !lit(c, " handle ") ||
	    !hex0x(c, &k->handle))
		return fail(e, c, "': status <n> handle 0x<hex>'");
	/* A failed CONF configures nothing: not context. */
	l->kind = st == HV_EOK && k->handle != 0 ? FDEC_LINE_IOTSB_CONF :
						   FDEC_LINE_OTHER;
	return true;
}

/*
 * lib/vfio_sun4v's INFO line "IOTSB 0xH: N KB pages at 0xB, M entries"
 * (vfio_sun4v_window.c) names no root complex: it is context for any.
 * Other "IOTSB 0x" lines exist, so a mismatch is not an error.
 */
static bool
parse_vfio_iotsb(const char *line, const char *end, struct fdec_line *l)
{
	const char *q = line;

	while ((q = find(q, end, "IOTSB 0x")) != NULL) {
		struct cur c = { q + strlen("IOTSB "), end };
		uint64_t kb, entries;

		q++;
		if (!hex0x(&c, &l->conf.handle) || !lit(&c, ": ") || !dec(&c, &kb) ||
		    !lit(&c, " KB pages at ") || !hex0x(&c, &l->conf.iova) ||
		    !lit(&c, ", ") || !dec(&c, &entries) || !lit(&c, " entries") ||
		    kb == 0 || kb > (16ULL << 20) || l->conf.handle == 0)
			continue;
		l->conf.devhandle = 0;
		l->conf.page_size = kb << 10;
		l->conf.table_size = entries * HV_TTE_SIZE;
		l->kind = FDEC_LINE_IOTSB_CONF;
		return true;
	}
	return false;
}

/* Dump keys; each may appear once. */
enum dkey {
	DK_SEQ, DK_TIME, DK_RC, DK_BDF, DK_DIR, DK_DVMA, DK_REASON, DK_IOTSB,
	DK_PGSZ, DK_BASE, DK_NB
};

static const char *const dkey_names[DK_NB] = {
	"seq", "time_ns", "rc", "bdf", "dir", "dvma", "reason", "iotsb",
	"page_size", "iova_base",
};

static bool
dump_value(struct cur *v, enum dkey k, struct fdec_record *r)
{
	uint64_t x = 0;
	bool ok = true;

	switch (k) {
	case DK_RC:
		return rc_index(v, &r->rc) && v->p == v->end;
	case DK_BDF:
		return bdf(v, &r->bdf) && v->p == v->end;
	case DK_DIR:
		if (lit(v, "read"))
			r->dir = SUN4V_DMA_READ;
		else if (lit(v, "write"))
			r->dir = SUN4V_DMA_WRITE;
		return r->dir != 0 && v->p == v->end;
	case DK_REASON:
		for (unsigned int i = 1; i < SUN4V_FAULT_NB_REASONS; i++)
			if ((size_t)(v->end - v->p) == strlen(reason_names[i].token) &&
			    lit(v, reason_names[i].token))
				r->reason = (enum sun4v_fault_reason)i;
		return r->reason != SUN4V_FAULT_NONE;
	default:
		break;
	}
	ok = (hex0x(v, &x) || dec(v, &x)) && v->p == v->end;
	switch (k) {
	case DK_SEQ: r->seq = x; r->has_seq = true; break;
	case DK_TIME: r->time_ns = x; r->has_time = true; break;
	case DK_DVMA: r->dvma = x; r->has_dvma = true; break;
	case DK_IOTSB: r->iotsb = x; r->has_table = true; break;
	case DK_PGSZ: r->page_size = x; ok = ok && page_size_ok(x); break;
	case DK_BASE: r->iova_base = x; r->has_base = true; break;
	default: break;
	}
	return ok;
}

/* "sun4v-fault key=value ..." (doc/spec/fault-decode.md §3). */
static bool
parse_dump(struct cur *c, struct fdec_record *r, struct perr *e)
{
	bool seen[DK_NB] = { false };
	static const enum dkey required[] = { DK_RC, DK_BDF, DK_DIR, DK_DVMA,
					      DK_REASON };

	r->src = FDEC_SRC_DUMP;
	for (;;) {
		struct cur v;
		const char *tok;
		unsigned int k;

		while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' ||
					 *c->p == '\r' || *c->p == '\n'))
			c->p++;
		if (c->p == c->end)
			break;
		tok = c->p;
		for (k = 0; k < DK_NB; k++) {
			c->p = tok;
			if (lit(c, dkey_names[k]) && lit(c, "="))
				break;
		}
		c->p = tok;
		if (k == DK_NB)
			return fail(e, c, "a known key=value");
		if (seen[k])
			return fail(e, c, "each key once");
		seen[k] = true;
		v.p = tok + strlen(dkey_names[k]) + 1;
		v.end = v.p;
		while (v.end < c->end && *v.end != ' ' && *v.end != '\t' &&
		       *v.end != '\r' && *v.end != '\n')
			v.end++;
		if (!dump_value(&v, (enum dkey)k, r))
			return fail(e, c, "a valid value");
		c->p = v.end;
	}
	for (unsigned int i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!seen[required[i]])
			return fail(e, c, "keys rc, bdf, dir, dvma and reason");
	if (seen[DK_IOTSB] != seen[DK_PGSZ])
		return fail(e, c, "iotsb and page_size together");
	r->has_table = seen[DK_IOTSB];
	return true;
}

/* The dump word must stand alone: start of line or after white space. */
static const char *
find_dump_word(const char *line, const char *end)
{
	const char *q = line;
	size_t n = strlen(D_WORD);

	while ((q = find(q, end, D_WORD)) != NULL) {
		bool start = q == line || q[-1] == ' ' || q[-1] == '\t';
		bool stop = q + n == end || q[n] == ' ' || q[n] == '\t';

		if (start && stop)
			return q;
		q++;
	}
	return NULL;
}

/* A fault-log record begins with F_ANCHOR, digits and ": rc ". */
static const char *
find_fault_anchor(const char *line, const char *end)
{
	const char *q = line;

	while ((q = find(q, end, F_ANCHOR)) != NULL) {
		struct cur c = { q + strlen(F_ANCHOR), end };
		const char *digits = c.p;

		/* Any run of digits: an overflowing one is reported later. */
		while (c.p < c.end && *c.p >= '0' && *c.p <= '9')
			c.p++;
		if (c.p > digits && lit(&c, ": rc "))
			return q;
		q++;
	}
	return NULL;
}

static bool
classify(const char *line, const char *end, struct fdec_line *out,
	 struct perr *e)
{
	struct cur c = { line, end };
	const char *a;

	if ((a = find_fault_anchor(line, end)) != NULL) {
		out->kind = FDEC_LINE_FAULT;
		c.p = a + strlen(F_ANCHOR);
		return parse_fault_log(&c, &out->rec, e);
	}
	if ((a = find_dump_word(line, end)) != NULL) {
		out->kind = FDEC_LINE_FAULT;
		c.p = a + strlen(D_WORD);
		return parse_dump(&c, &out->rec, e);
	}
	if ((a = find(line, end, Q_ANCHOR)) != NULL) {
		out->kind = FDEC_LINE_QUARANTINE;
		c.p = a + strlen(Q_ANCHOR);
		return parse_quarantine(line, a, &c, &out->rec, e);
	}
	if ((a = find(line, end, R_ANCHOR)) != NULL) {
		out->kind = FDEC_LINE_RESET;
		return parse_rc_bdf_before(line, a, &out->rec, e);
	}
	if ((a = find(line, end, S_ANCHOR)) != NULL) {
		out->kind = FDEC_LINE_SUPPRESSED;
		c.p = a + strlen(S_ANCHOR);
		return parse_suppressed(line, a, &c, &out->suppressed, e);
	}
	if ((a = find(line, end, C_ANCHOR)) != NULL) {
		c.p = a + strlen(C_ANCHOR);
		return parse_conf(&c, out, e);
	}
	if (!parse_vfio_iotsb(line, end, out))
		out->kind = FDEC_LINE_OTHER;
	return true;
}

int
fdec_parse_line(const char *line, size_t len, unsigned long lineno,
		struct fdec_line *out, char *err, size_t errlen)
{
	struct perr e = { line, "text" };
	struct cur c = { line, line + len };

	if (out == NULL || (line == NULL && len != 0)) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "line %lu: no input", lineno);
		return -EINVAL;
	}
	memset(out, 0, sizeof(*out));
	out->rec.line = lineno;
	if (len == 0)
		return 0;
	if (len > FDEC_LINE_MAX) {
		if (err != NULL && errlen > 0)
			snprintf(err, errlen, "line %lu: longer than %u bytes",
				 lineno, FDEC_LINE_MAX);
		return -EINVAL;
	}
	if (memchr(line, '\0', len) != NULL) {
		e.at = memchr(line, '\0', len);
		e.what = "text (a NUL byte: binary input?)";
		return report(err, errlen, lineno, &e, c.end);
	}
	if (!classify(line, line + len, out, &e)) {
		out->kind = FDEC_LINE_OTHER;
		return report(err, errlen, lineno, &e, c.end);
	}
	return 0;
}
