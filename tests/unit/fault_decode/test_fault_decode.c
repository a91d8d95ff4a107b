/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of app/sun4v-fault-decode (doc/spec/fault-decode.md): the
 * decoder reads the very lines sim/sun4v logs when provoked into every
 * fault kind, agrees with the platform's own fault records, explains them
 * (IOMMU, IO page, index, culprits), round-trips its dump format, decodes
 * raw IOTTE / IOTLB words, and rejects garbage with a message naming the
 * bad token, never crashing.
 *
 * Set FDEC_WRITE_FIXTURE=<file> to write the captured log lines to a file
 * (how tests/unit/fault_decode/platform-faults.log was made).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdec.h"
#include "fdec_test_platform.h"
#include "test_assert.h"

static struct ft_env env;
static bool env_ok;

/* The platform's log, captured once and shared by the cases. */
static int
capture(void)
{
	const char *fixture = getenv("FDEC_WRITE_FIXTURE");

	if (env_ok)
		return 0;
	if (ft_env_init(&env) != 0 || ft_provoke(&env) != 0)
		return -1;
	if (fixture != NULL) {
		FILE *f = fopen(fixture, "w");

		if (f == NULL)
			return -1;
		for (unsigned int i = 0; i < env.n_lines; i++)
			fprintf(f, "%s\n", env.lines[i]);
		fclose(f);
	}
	env_ok = true;
	return 0;
}

static int
parse(const char *s, struct fdec_line *l, char *err)
{
	return fdec_parse_line(s, strlen(s), 1, l, err, FDEC_ERR_MAX);
}

/* Parse every captured line; learn them into @p ctx; fill @p recs with the
 * fault records in order.  @return number of fault records or -1. */
static int
parse_all(struct fdec_ctx *ctx, struct fdec_record *recs, unsigned int max,
	  unsigned int kinds[6])
{
	char err[FDEC_ERR_MAX];
	struct fdec_line l;
	int n = 0;

	fdec_ctx_init(ctx);
	for (unsigned int i = 0; i < env.n_lines; i++) {
		if (parse(env.lines[i], &l, err) != 0) {
			fprintf(stderr, "  line '%s': %s\n", env.lines[i], err);
			return -1;
		}
		kinds[l.kind]++;
		fdec_ctx_learn(ctx, &l);
		if (l.kind == FDEC_LINE_FAULT && (unsigned int)n < max)
			recs[n++] = l.rec;
	}
	return n;
}

static int
test_fault_decode_reads_platform_lines(void)
{
	struct sun4v_fault ring[64];
	struct fdec_record recs[32];
	struct fdec_ctx ctx;
	unsigned int kinds[6] = { 0 };
	uint64_t cursor = 0;
	int n, nr;

	TEST_ASSERT(capture() == 0, "platform faults provoked as intended");
	n = parse_all(&ctx, recs, 32, kinds);
	TEST_ASSERT(n > 0, "every captured line parses");
	/* 8 single faults + 3 storm lines logged + the last fault. */
	TEST_ASSERT_EQ(n, 12, "fault log lines");
	TEST_ASSERT_EQ(kinds[FDEC_LINE_SUPPRESSED], 1, "suppressed line");
	TEST_ASSERT_EQ(kinds[FDEC_LINE_QUARANTINE], 1, "quarantine line");
	TEST_ASSERT_EQ(kinds[FDEC_LINE_RESET], 1, "reset line");
	TEST_ASSERT_EQ(kinds[FDEC_LINE_IOTSB_CONF], 1, "IOTSB_CONF line");
	TEST_ASSERT_EQ(ctx.suppressed, 2, "two storm lines suppressed");
	nr = sun4v_fault_poll(env.p, &cursor, ring, 64, NULL);
	TEST_ASSERT(nr > n, "ring holds the suppressed and quarantine records");
	/* Every logged record equals the ring record of the same number. */
	for (int i = 0; i < n; i++) {
		const struct sun4v_fault *f = NULL;

		TEST_ASSERT(recs[i].has_seq && recs[i].has_table, "record %d", i);
		for (int k = 0; k < nr; k++)
			if (ring[k].seq == recs[i].seq)
				f = &ring[k];
		TEST_ASSERT(f != NULL, "seq %" PRIu64 " in the ring", recs[i].seq);
		TEST_ASSERT_EQ(recs[i].rc, f->rc, "rc of #%" PRIu64, f->seq);
		TEST_ASSERT_EQ(recs[i].bdf, f->bdf, "bdf of #%" PRIu64, f->seq);
		TEST_ASSERT_EQ(recs[i].dvma, f->dvma, "dvma of #%" PRIu64, f->seq);
		TEST_ASSERT_EQ(recs[i].dir, f->dir, "dir of #%" PRIu64, f->seq);
		TEST_ASSERT_EQ(recs[i].reason, f->reason, "reason of #%" PRIu64, f->seq);
		TEST_ASSERT_EQ(recs[i].iotsb, f->iotsb_handle, "iotsb of #%" PRIu64, f->seq);
		TEST_ASSERT_EQ(recs[i].page_size, f->page_size, "page of #%" PRIu64, f->seq);
	}
	return TEST_SUCCESS;
}

/* The analysis of the provoked faults 0..3, in ft_provoke() order. */
static int
test_fault_decode_explains_unmapped_protection_wild(void)
{
	struct fdec_record r[32];
	struct fdec_analysis a;
	struct fdec_ctx ctx;
	unsigned int kinds[6] = { 0 };

	TEST_ASSERT(capture() == 0, "platform faults provoked");
	TEST_ASSERT(parse_all(&ctx, r, 32, kinds) == 12, "12 records");
	/* 0: legacy unmapped; 03:00.0 also faulted through the ATU (record
	 * 3), so a legacy address from it points at the wrong IOMMU first. */
	fdec_analyze(&ctx, &r[0], &a);
	TEST_ASSERT_EQ(r[0].reason, SUN4V_FAULT_UNMAPPED, "r0 reason");
	TEST_ASSERT_EQ(a.iommu, FDEC_IOMMU_LEGACY, "r0 legacy");
	TEST_ASSERT_EQ(a.io_page, HV_LEGACY_DVMA_BASE + FT_LEGACY_UNMAPPED_IDX * 8192ULL, "r0 page");
	TEST_ASSERT_EQ(a.page_offset, 0x345, "r0 offset");
	TEST_ASSERT(a.index_known, "r0 index known");
	TEST_ASSERT_EQ(a.index, FT_LEGACY_UNMAPPED_IDX, "r0 index");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_WRONG_IOMMU, "r0 ATU user on legacy");
	/* 1: protection on the read-only page. */
	fdec_analyze(&ctx, &r[1], &a);
	TEST_ASSERT_EQ(r[1].reason, SUN4V_FAULT_PROTECTION, "r1 reason");
	TEST_ASSERT_EQ(r[1].dir, SUN4V_DMA_WRITE, "r1 write");
	TEST_ASSERT_EQ(a.index, FT_LEGACY_RO_IDX, "r1 index");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_DIRECTION, "r1 direction");
	/* 2: 0x1000 is in no window of any IOMMU. */
	fdec_analyze(&ctx, &r[2], &a);
	TEST_ASSERT_EQ(r[2].reason, SUN4V_FAULT_OUT_OF_WINDOW, "r2 reason");
	TEST_ASSERT_EQ(a.iommu, FDEC_IOMMU_NONE, "r2 no IOMMU");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_WILD_ADDRESS, "r2 wild");
	/* 3: ATU unmapped: base learned from the IOTSB_CONF line. */
	fdec_analyze(&ctx, &r[3], &a);
	TEST_ASSERT_EQ(r[3].iotsb, env.iotsb, "r3 handle");
	TEST_ASSERT_EQ(a.iommu, FDEC_IOMMU_ATU, "r3 ATU");
	TEST_ASSERT_EQ(a.atu_range, 3, "r3 range 3");
	TEST_ASSERT(a.index_known, "r3 index known from IOTSB_CONF");
	TEST_ASSERT_EQ(a.index, FT_ATU_UNMAPPED_IDX, "r3 index");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_TORN_DOWN, "r3 torn down");
	return TEST_SUCCESS;
}

/* The analysis of the provoked faults 4..7 and the event counters. */
static int
test_fault_decode_explains_wrong_window_bypass_noram(void)
{
	struct fdec_record r[32];
	struct fdec_analysis a;
	struct fdec_ctx ctx;
	unsigned int kinds[6] = { 0 };

	TEST_ASSERT(capture() == 0, "platform faults provoked");
	TEST_ASSERT(parse_all(&ctx, r, 32, kinds) == 12, "12 records");
	/* 4: 03:00.1 is not bound to the IOTSB: wrong IOMMU. */
	fdec_analyze(&ctx, &r[4], &a);
	TEST_ASSERT_EQ(r[4].reason, SUN4V_FAULT_OUT_OF_WINDOW, "r4 reason");
	TEST_ASSERT_EQ(a.iommu, FDEC_IOMMU_ATU, "r4 ATU range");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_WRONG_IOMMU, "r4 wrong IOMMU");
	/* 5: bypass denied. */
	fdec_analyze(&ctx, &r[5], &a);
	TEST_ASSERT_EQ(r[5].reason, SUN4V_FAULT_BYPASS_DENIED, "r5 reason");
	TEST_ASSERT_EQ(a.iommu, FDEC_IOMMU_BYPASS, "r5 bypass");
	TEST_ASSERT_EQ(a.bypass_ra, ft_ra(env.ram), "r5 RA");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_BYPASS_MODE, "r5 culprit");
	/* 6: rc 1 faults at a legacy address mapped on rc 0 only. */
	fdec_analyze(&ctx, &r[6], &a);
	TEST_ASSERT_EQ(r[6].rc, 1, "r6 on rc 1");
	TEST_ASSERT_EQ(a.iommu, FDEC_IOMMU_LEGACY, "r6 legacy");
	TEST_ASSERT_EQ(a.culprit[2], FDEC_CULPRIT_WRONG_IOMMU, "r6 wrong IOMMU ranked 3rd");
	TEST_ASSERT_OK(fdec_ctx_set_atu_only(&ctx, 1, FT_BDF2), "declare ATU-only");
	fdec_analyze(&ctx, &r[6], &a);
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_WRONG_IOMMU, "r6 ATU-only: first");
	/* 7: mapped memory was unregistered. */
	fdec_analyze(&ctx, &r[7], &a);
	TEST_ASSERT_EQ(r[7].reason, SUN4V_FAULT_NO_RAM, "r7 reason");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_FREED_MEMORY, "r7 culprit");
	TEST_ASSERT_EQ(ctx.quarantines, 1, "one quarantine");
	TEST_ASSERT_EQ(ctx.resets, 1, "one reset");
	return TEST_SUCCESS;
}

/*
 * Issue 7 failure mode 3 on the real platform: the driver maps through
 * root complex 0's legacy IOMMU, the device sits on root complex 1.  Every
 * access it makes faults unmapped at legacy-window addresses; from three
 * distinct pages on, the decoder names the wrong IOMMU first and says why.
 */
static int
test_fault_decode_wrong_root_complex(void)
{
	static struct ft_env e;
	struct fdec_record r[8];
	struct fdec_analysis a;
	struct fdec_ctx ctx;
	struct fdec_line l;
	char err[FDEC_ERR_MAX], *text = NULL;
	size_t len = 0;
	unsigned int n = 0;
	FILE *f;

	TEST_ASSERT(ft_env_init(&e) == 0, "platform");
	for (unsigned int i = 0; i < 4; i++)
		TEST_ASSERT_EQ(ft_fault(&e, e.fn2, HV_LEGACY_DVMA_BASE + i * HV_IO_PAGE_SIZE,
					true), -EFAULT, "rc 1 write %u", i);
	fdec_ctx_init(&ctx);
	for (unsigned int i = 0; i < e.n_lines; i++) {
		TEST_ASSERT_OK(parse(e.lines[i], &l, err), "%s: %s", e.lines[i], err);
		fdec_ctx_learn(&ctx, &l);
		if (l.kind == FDEC_LINE_FAULT && n < 8)
			r[n++] = l.rec;
	}
	ft_env_fini(&e);
	TEST_ASSERT_EQ(n, 4, "four fault lines");
	TEST_ASSERT(r[0].rc == 1 && r[0].bdf == FT_BDF2 &&
		    r[0].reason == SUN4V_FAULT_UNMAPPED, "rc 1 05:00.0 unmapped");
	fdec_analyze(&ctx, &r[0], &a);
	TEST_ASSERT_EQ(a.iommu, FDEC_IOMMU_LEGACY, "legacy-window address");
	TEST_ASSERT_EQ(a.evidence, FDEC_EVIDENCE_SYSTEMATIC, "systematic");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_WRONG_IOMMU, "wrong IOMMU first");
	f = open_memstream(&text, &len);
	TEST_ASSERT(f != NULL, "memstream");
	fdec_print_explained(f, &ctx, &r[0]);
	fclose(f);
	TEST_ASSERT(strstr(text, "nothing it uses is mapped in rc 1's window") != NULL,
		    "%s", text);
	free(text);
	/* Two pages only: not enough to call it systematic. */
	fdec_ctx_init(&ctx);
	for (unsigned int i = 0; i < 4; i++) {
		r[i].dvma = HV_LEGACY_DVMA_BASE + (i & 1) * HV_IO_PAGE_SIZE;
		l.kind = FDEC_LINE_FAULT;
		l.rec = r[i];
		fdec_ctx_learn(&ctx, &l);
	}
	fdec_analyze(&ctx, &r[0], &a);
	TEST_ASSERT_EQ(a.evidence, FDEC_EVIDENCE_NONE, "two pages");
	TEST_ASSERT_EQ(a.culprit[0], FDEC_CULPRIT_TORN_DOWN, "torn down first");
	return TEST_SUCCESS;
}

/* Text output of the explanation: the Solaris-note fields are there. */
static int
test_fault_decode_prints_explanation(void)
{
	struct fdec_record r[32];
	struct fdec_ctx ctx;
	unsigned int kinds[6] = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	TEST_ASSERT(capture() == 0, "platform faults provoked");
	TEST_ASSERT(parse_all(&ctx, r, 32, kinds) == 12, "12 records");
	f = open_memstream(&text, &len);
	TEST_ASSERT(f != NULL, "memstream");
	fdec_print_explained(f, &ctx, &r[0]);
	fdec_print_explained(f, &ctx, &r[3]);
	fdec_print_summary(f, &ctx);
	fclose(f);
	TEST_ASSERT(strstr(text, "requester 03:00.0") != NULL, "%s", text);
	TEST_ASSERT(strstr(text, "DVMA         0x80012345") != NULL, "%s", text);
	TEST_ASSERT(strstr(text, "legacy IOMMU of rc 0") != NULL, "%s", text);
	TEST_ASSERT(strstr(text, "IO page      0x80012000 + 0x345") != NULL, "%s", text);
	TEST_ASSERT(strstr(text, "IOTSB index  9 ") != NULL, "%s", text);
	TEST_ASSERT(strstr(text, "ATU of rc 0: address range 3") != NULL, "%s", text);
	TEST_ASSERT(strstr(text, "IOTSB index  7 ") != NULL, "%s", text);
	TEST_ASSERT(strstr(text, "2 log lines suppressed") != NULL, "%s", text);
	free(text);
	return TEST_SUCCESS;
}

/* Log record -> dump line -> record is the identity; a dump written from
 * a ring record independently of the decoder parses to the same values. */
static int
test_fault_decode_dump_round_trip(void)
{
	struct fdec_record r[32];
	struct fdec_ctx ctx;
	struct fdec_line l;
	struct sun4v_fault ring[64];
	unsigned int kinds[6] = { 0 };
	char err[FDEC_ERR_MAX], line[512], *text = NULL;
	uint64_t cursor = 0;
	size_t len = 0;
	int n, nr;

	TEST_ASSERT(capture() == 0, "platform faults provoked");
	n = parse_all(&ctx, r, 32, kinds);
	for (int i = 0; i < n; i++) {
		FILE *f = open_memstream(&text, &len);

		TEST_ASSERT(f != NULL, "memstream");
		fdec_print_dump(f, &r[i]);
		fclose(f);
		TEST_ASSERT_OK(parse(text, &l, err), "%s: %s", text, err);
		TEST_ASSERT_EQ(l.kind, FDEC_LINE_FAULT, "%s", text);
		TEST_ASSERT(l.rec.seq == r[i].seq && l.rec.dvma == r[i].dvma &&
			    l.rec.rc == r[i].rc && l.rec.bdf == r[i].bdf &&
			    l.rec.dir == r[i].dir && l.rec.reason == r[i].reason &&
			    l.rec.iotsb == r[i].iotsb &&
			    l.rec.page_size == r[i].page_size, "%s", text);
		free(text);
		text = NULL;
	}
	nr = sun4v_fault_poll(env.p, &cursor, ring, 64, NULL);
	for (int k = 0; k < nr; k++) {
		const struct sun4v_fault *f = &ring[k];

		snprintf(line, sizeof(line), "sun4v-fault seq=%" PRIu64 " time_ns=%"
			 PRIu64 " rc=%u bdf=%02x:%02x.%x dir=%s dvma=0x%" PRIx64
			 " reason=%s iotsb=0x%" PRIx64 " page_size=%" PRIu64,
			 f->seq, f->time_ns, f->rc, f->bdf >> 8, (f->bdf >> 3) & 0x1f,
			 f->bdf & 7, f->dir == SUN4V_DMA_READ ? "read" : "write",
			 f->dvma, fdec_reason_token(f->reason), f->iotsb_handle,
			 f->page_size);
		TEST_ASSERT_OK(parse(line, &l, err), "%s: %s", line, err);
		TEST_ASSERT(l.rec.seq == f->seq && l.rec.time_ns == f->time_ns &&
			    l.rec.reason == f->reason && l.rec.dvma == f->dvma,
			    "%s", line);
	}
	TEST_ASSERT(nr > 12, "quarantine and suppressed records in the ring");
	return TEST_SUCCESS;
}

/* The optional table base (doc/spec/fault-decode.md §2) gives the index
 * without any IOTSB_CONF context. */
static int
test_fault_decode_uses_record_base(void)
{
	static const char *s = "x DMA fault #5: rc 2 0a:1f.7 read dvma 0x20000460000: "
			       "unmapped (iotsb 0x10002, page size 65536, base 0x20000400000)";
	struct fdec_analysis a;
	struct fdec_ctx ctx;
	struct fdec_line l, c;
	char err[FDEC_ERR_MAX];

	TEST_ASSERT_OK(parse(s, &l, err), "%s", err);
	TEST_ASSERT_EQ(l.rec.bdf, (0x0a << 8) | (0x1f << 3) | 7, "bdf");
	TEST_ASSERT(l.rec.has_base && l.rec.iova_base == 0x20000400000ULL, "base");
	fdec_ctx_init(&ctx);
	fdec_analyze(&ctx, &l.rec, &a);
	TEST_ASSERT(a.index_known, "index from the record's base");
	TEST_ASSERT_EQ(a.index, 6, "(0x460000 - 0x400000) / 64 KB");
	/* Without base and context the index is honestly unknown. */
	TEST_ASSERT_OK(parse("DMA fault #5: rc 2 0a:1f.7 read dvma 0x20000460000: "
			     "unmapped (iotsb 0x10002, page size 65536)", &l, err), "%s", err);
	fdec_analyze(&ctx, &l.rec, &a);
	TEST_ASSERT(!a.index_known, "no base: index unknown");
	TEST_ASSERT_OK(fdec_ctx_add_iotsb(&ctx, FDEC_ANY_RC, 0x10002, 0x20000400000ULL, 0),
		       "--iotsb-base");
	fdec_analyze(&ctx, &l.rec, &a);
	TEST_ASSERT(a.index_known && a.index == 6, "index from --iotsb-base");
	TEST_ASSERT_EQ(fdec_ctx_add_iotsb(&ctx, 0, 1, 0x1000, 0x2000), -EINVAL,
		       "misaligned base refused");
	/* lib/vfio_sun4v's INFO line is context too, matched by page size. */
	fdec_ctx_init(&ctx);
	TEST_ASSERT_OK(parse("vfio_sun4v: v4_window_configure_locked: IOTSB 0x10002: 8 KB "
			     "pages at 0x20000000000, 4194304 entries", &c, err), "%s", err);
	TEST_ASSERT_EQ(c.kind, FDEC_LINE_IOTSB_CONF, "vfio line is context");
	fdec_ctx_learn(&ctx, &c);
	fdec_analyze(&ctx, &l.rec, &a);
	TEST_ASSERT(!a.index_known, "8 KB IOTSB 0x10002 is not the 64 KB one");
	TEST_ASSERT_OK(parse("vfio_sun4v: x: IOTSB 0x10002: 64 KB pages at 0x20000400000, "
			     "524288 entries", &c, err), "%s", err);
	fdec_ctx_learn(&ctx, &c);
	fdec_analyze(&ctx, &l.rec, &a);
	TEST_ASSERT(a.index_known && a.index == 6, "index from the vfio line");
	TEST_ASSERT_OK(parse("vfio_sun4v: IOTSB 0x10002: demap failed", &c, err), "%s", err);
	TEST_ASSERT_EQ(c.kind, FDEC_LINE_OTHER, "other IOTSB lines are not context");
	return TEST_SUCCESS;
}

static char *
print_to_string(int what, uint64_t w1, uint64_t w2)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (f == NULL)
		return NULL;
	if (what == 0)
		fdec_print_iotte(f, w1);
	else if (what == 1)
		fdec_print_iotlb(f, true, w1, true, w2);
	else
		fdec_print_sim_iotte(f, w1);
	fclose(f);
	return text;
}

#define HAS(t, s) TEST_ASSERT(strstr((t), (s)) != NULL, "'%s' in:\n%s", (s), (t))

static int
test_fault_decode_raw_words(void)
{
	/* IOTTE: valid, 8 KB, streamable, context 5, writable, cacheable,
	 * page frame 0x12345. */
	uint64_t iotte = (1ULL << 63) | (1ULL << 60) | (5ULL << 47) |
			 (0x12345ULL << 13) | (1ULL << 4) | (1ULL << 1);
	/* The Solaris note's example: error "invalid" on an entry with
	 * context 0, not writable, not streamable, 8k, address in page
	 * 0xc6960000; data valid, not cacheable, page frame 0. */
	uint64_t tag = (1ULL << 22) | (1ULL << 23) | (0xc6960000ULL >> 13);
	uint64_t data = 1ULL << 32;
	char *t;

	t = print_to_string(0, iotte, 0);
	TEST_ASSERT(t != NULL, "memstream");
	HAS(t, "Valid, Writable, Streamable, Cacheable");
	HAS(t, "Page Size=8k Context=5");
	HAS(t, "Page Frame=0x12345 (physical address 0x2468a000)");
	free(t);
	t = print_to_string(0, 1ULL << 61, 0);
	HAS(t, "not Valid, not Writable, not Streamable");
	HAS(t, "Page Size=64k");
	HAS(t, "an access through this entry faults");
	free(t);
	t = print_to_string(0, iotte | (1ULL << 62), 0);
	HAS(t, "reserved bits set: 0x4000000000000000");
	free(t);
	t = print_to_string(1, tag, data);
	HAS(t, "Error: Invalid Error (unmapped)");
	HAS(t, "Context=0 not Writable not Streamable");
	HAS(t, "PCI Page Size=8k Address in page 0xc6960000");
	HAS(t, "Memory: Valid not Cacheable Page Frame=0x0");
	free(t);
	t = print_to_string(1, (7ULL << 25) | (1ULL << 21) | (1ULL << 20) | (1ULL << 19), 0);
	HAS(t, "no error logged");
	HAS(t, "Context=7 Writable Streamable");
	HAS(t, "PCI Page Size=64k");
	free(t);
	t = print_to_string(2, (0x0301ULL << 48) | 0x12344000ULL | (1ULL << 6) | 1ULL, 0);
	HAS(t, "Valid, device may read, no device write");
	HAS(t, "page real address 0x12344000");
	HAS(t, "usable only by requester 03:00.1");
	free(t);
	return TEST_SUCCESS;
}

/* Lines with a marker but damaged: each rejected, naming the token. */
static int
test_fault_decode_rejects_garbage(void)
{
	static const struct { const char *line, *token; } bad[] = {
		{ "DMA fault #1: rc 0 03:00.0 write dvma 0xZZ: unmapped (iotsb 0x0, page size 8192)", "'0xZZ:'" },
		{ "DMA fault #1: rc 0 03:40.0 write dvma 0x1: unmapped (iotsb 0x0, page size 8192)", "'03:40.0'" },
		{ "DMA fault #1: rc 999 03:00.0 write dvma 0x1: unmapped (iotsb 0x0, page size 8192)", "'999'" },
		{ "DMA fault #1: rc 0 03:00.0 sideways dvma 0x1: unmapped (iotsb 0x0, page size 8192)", "'sideways'" },
		{ "DMA fault #1: rc 0 03:00.0 read dvma 0x1: melted (iotsb 0x0, page size 8192)", "'melted'" },
		{ "DMA fault #1: rc 0 03:00.0 read dvma 0x1: unmapped (iotsb 0x0, page size 12288)", "'12288)'" },
		{ "DMA fault #1: rc 0 03:00.0 read dvma 0x10000000000000000: unmapped (iotsb 0x0, page size 0)", "'0x10000000000000000:'" },
		{ "DMA fault #1: rc 0 03:00.0 read dvma 0x1: unmapped (iotsb 0x0, page size 8192) trailing", "'trailing'" },
		{ "DMA fault #99999999999999999999: rc 0", "'99999999999999999999:'" },
		{ "sun4v-fault rc=0 bdf=03:00.0 dir=up dvma=1 reason=unmapped", "'dir=up'" },
		{ "sun4v-fault rc=0 bdf=03:00.0 dir=read dvma=1 reason=unmapped color=red", "'color=red'" },
		{ "sun4v-fault rc=0 rc=1 bdf=03:00.0 dir=read dvma=1 reason=unmapped", "'rc=1'" },
		{ "sun4v-fault rc=0 bdf=03:00.0 dir=read reason=unmapped", "'<end of line>'" },
		{ "sun4v-fault rc=0 bdf=03:00.0 dir=read dvma=-1 reason=unmapped", "'dvma=-1'" },
		{ "sun4v-fault rc=0 bdf=03:00.0 dir=read dvma=1 reason=unmapped iotsb=0x1", "'<end of line>'" },
		{ "sim.sun4v: x DMA fault log lines suppressed", "'DMA'" },
		{ "sim.sun4v: rc zero 03:00.0 quarantined: more than 4 DMA faults within 1 ns", "'zero'" },
		{ "sim.sun4v: IOTSB_CONF devhandle 0x200 r_addr oops", "'oops'" },
	};
	char err[FDEC_ERR_MAX], buf[FDEC_LINE_MAX + 2];
	struct fdec_line l;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TEST_ASSERT_EQ(parse(bad[i].line, &l, err), -EINVAL, "%s", bad[i].line);
		TEST_ASSERT(strstr(err, bad[i].token) != NULL, "'%s' names %s: %s",
			    bad[i].line, bad[i].token, err);
	}
	/* Unrelated text is not an error: testpmd logs are full of it. */
	TEST_ASSERT_OK(parse("EAL: Detected CPU lcores: 2", &l, err), "%s", err);
	TEST_ASSERT_EQ(l.kind, FDEC_LINE_OTHER, "other");
	TEST_ASSERT_OK(parse("port 0: DMA fault counters: 3", &l, err), "%s", err);
	TEST_ASSERT_EQ(l.kind, FDEC_LINE_OTHER, "marker needs '#<n>: rc '");
	TEST_ASSERT_OK(parse("sun4v-fault-decode: hello", &l, err), "%s", err);
	TEST_ASSERT_EQ(l.kind, FDEC_LINE_OTHER, "dump word must stand alone");
	TEST_ASSERT_EQ(fdec_parse_line("DMA\0fault", 9, 3, &l, err, sizeof(err)), -EINVAL, "NUL");
	TEST_ASSERT(strstr(err, "line 3") != NULL && strstr(err, "NUL") != NULL, "%s", err);
	memset(buf, 'a', sizeof(buf));
	TEST_ASSERT_EQ(fdec_parse_line(buf, sizeof(buf), 4, &l, err, sizeof(err)), -EINVAL,
		       "too long");
	TEST_ASSERT_EQ(fdec_parse_line(NULL, 0, 5, &l, err, sizeof(err)), 0, "empty");
	TEST_ASSERT_EQ(fdec_parse_line(NULL, 3, 5, &l, err, sizeof(err)), -EINVAL, "NULL");
	return TEST_SUCCESS;
}

static int
test_fault_decode_number_tokens(void)
{
	static const char *const bad[] = { "", "0x", "-1", "+1", "1a", "0x1g",
					   "18446744073709551616",
					   "0x10000000000000000", " 1" };
	uint64_t v;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		TEST_ASSERT_EQ(fdec_parse_u64(bad[i], &v), -EINVAL, "'%s'", bad[i]);
	TEST_ASSERT(fdec_parse_u64("18446744073709551615", &v) == 0 && v == UINT64_MAX, "max");
	TEST_ASSERT(fdec_parse_u64("0XfFfF", &v) == 0 && v == 0xffff, "hex");
	TEST_ASSERT(fdec_parse_u64("0", &v) == 0 && v == 0, "zero");
	return TEST_SUCCESS;
}

/* Deterministic random and mutated lines: the parser returns 0 or -EINVAL
 * with a message, never reads out of bounds (ASan/valgrind runs check). */
static int
test_fault_decode_random_lines_never_crash(void)
{
	static const char *const seeds[] = {
		"DMA fault #1: rc 0 03:00.0 write dvma 0x80012345: unmapped (iotsb 0x0, page size 8192)",
		"sun4v-fault seq=1 rc=0 bdf=03:00.0 dir=read dvma=0x1 reason=no_ram iotsb=0x0 page_size=0",
		"rc 0 03:00.1 quarantined: more than 4 DMA faults within 1000000000 ns; x",
		"2 DMA fault log lines suppressed",
		"IOTSB_CONF devhandle 0x200 r_addr 0x1 size 0x2000 pagesize 0x2000 iova 0x0: status 0 handle 0x1",
	};
	uint64_t x = 0x9e3779b97f4a7c15ULL;
	char buf[160], err[FDEC_ERR_MAX];
	struct fdec_line l;
	unsigned int ok = 0, rejected = 0;

	for (unsigned int i = 0; i < 200000; i++) {
		const char *s = seeds[i % 5];
		size_t n = strlen(s);
		int rc;

		memcpy(buf, s, n);
		x ^= x << 13; x ^= x >> 7; x ^= x << 17;
		for (unsigned int m = 0; m < 1 + (x & 3); m++)
			buf[(x >> (8 + 8 * m)) % n] = (char)(x >> (40 + m));
		if (x & 0x100000)
			n = (x >> 24) % (n + 1);
		err[0] = '\0';
		rc = fdec_parse_line(buf, n, i, &l, err, sizeof(err));
		TEST_ASSERT(rc == 0 || (rc == -EINVAL && err[0] != '\0'), "rc %d", rc);
		if (rc == 0)
			ok++;
		else
			rejected++;
	}
	TEST_ASSERT(ok > 0 && rejected > 0, "ok %u rejected %u", ok, rejected);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_fault_decode_reads_platform_lines),
		TEST_CASE(test_fault_decode_explains_unmapped_protection_wild),
		TEST_CASE(test_fault_decode_explains_wrong_window_bypass_noram),
		TEST_CASE(test_fault_decode_wrong_root_complex),
		TEST_CASE(test_fault_decode_prints_explanation),
		TEST_CASE(test_fault_decode_dump_round_trip),
		TEST_CASE(test_fault_decode_uses_record_base),
		TEST_CASE(test_fault_decode_raw_words),
		TEST_CASE(test_fault_decode_rejects_garbage),
		TEST_CASE(test_fault_decode_number_tokens),
		TEST_CASE(test_fault_decode_random_lines_never_crash),
		{ NULL, NULL },
	};
	int rc = test_run_cases("fault_decode", cases);

	if (env_ok)
		ft_env_fini(&env);
	return rc;
}
