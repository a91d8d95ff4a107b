/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * From a fault record to an explanation (doc/spec/fault-decode.md §4):
 * which IOMMU the address belongs to, IO page, table index, what the
 * reason means and the likely culprits, most likely first.
 *
 * The culprits are a ranking, not a verdict: one record cannot prove who
 * was wrong.  Evidence from other records of the same input (a function
 * that also faulted through an ATU IOTSB is an ATU user) and from options
 * (--atu-only) moves "wrong IOMMU" to the front, which is the seed's case:
 * a device bound to another root complex's IOMMU faults at the
 * distinctive legacy-window addresses (issue 7, failure mode 3).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "fdec.h"

/* The ATU address ranges of every simulated root complex
 * (<hw/sun4v_hv_abi.h> HV_ATU_RANGE*, an [assumption] there). */
static const uint64_t atu_ranges[HV_ATU_NB_RANGES][2] = {
	{ HV_ATU_RANGE0_BASE, HV_ATU_RANGE0_SIZE },
	{ HV_ATU_RANGE1_BASE, HV_ATU_RANGE1_SIZE },
	{ HV_ATU_RANGE2_BASE, HV_ATU_RANGE2_SIZE },
	{ HV_ATU_RANGE3_BASE, HV_ATU_RANGE3_SIZE },
};

/*
 * User-space virtual addresses of an x86-64 process (heap, mmap, hugepage
 * mappings) live here; a DVMA in this span that no IOMMU window holds is
 * most likely a CPU address handed to the device instead of a DVMA.
 */
#define HOST_VA_LO 0x0000550000000000ULL
#define HOST_VA_HI 0x0000800000000000ULL

static const char *const culprit_text[FDEC_CULPRIT_NB] = {
	[FDEC_CULPRIT_NONE] = "no explanation",
	[FDEC_CULPRIT_TORN_DOWN] =
		"driver mapping torn down early: the buffer was unmapped (or "
		"its IOTSB unbound) while the device still owned it",
	[FDEC_CULPRIT_STALE_DEVICE] =
		"device or its firmware DMAing to a stale address (a descriptor "
		"or address cached from before a reset / queue stop)",
	[FDEC_CULPRIT_WRONG_IOMMU] =
		"wrong IOMMU: the address was mapped in another IOMMU domain "
		"(another root complex's legacy window, or an IOTSB the function "
		"is not bound to) - device bound to the wrong IOMMU",
	[FDEC_CULPRIT_DIRECTION] =
		"mapping direction: the page is mapped without the permission "
		"this access needs (e.g. a device-read-only TX buffer reused for "
		"RX without remapping)",
	[FDEC_CULPRIT_OTHER_RID] =
		"isolation: the page is mapped for another requester ID (its "
		"IOTTE's RID filter names another function)",
	[FDEC_CULPRIT_WILD_ADDRESS] =
		"wild address: no IOMMU hands out this address - a corrupted "
		"descriptor, or device firmware inventing addresses",
	[FDEC_CULPRIT_HOST_VA] =
		"host virtual address: the value looks like a CPU pointer - the "
		"driver programmed a VA instead of the buffer's DVMA",
	[FDEC_CULPRIT_BYPASS_MODE] =
		"bypass address from a translated function: the driver computed "
		"bypass addresses (iommu=bypass) but the function is not in the "
		"bypass domain (mode changed, or stale addresses after it)",
	[FDEC_CULPRIT_FREED_MEMORY] =
		"freed memory: the IOTTE is valid but its real address is no "
		"longer RAM - memory released before its mapping was removed",
	[FDEC_CULPRIT_FAULT_STORM] =
		"fault storm: the function exceeded the quarantine threshold; "
		"its DMA is blocked until the OS resets it (port stop/start); "
		"the records before this one show the cause",
};

const char *
fdec_culprit_text(enum fdec_culprit c)
{
	return (unsigned int)c < FDEC_CULPRIT_NB ? culprit_text[c] : "?";
}

const char *
fdec_iommu_name(enum fdec_iommu i)
{
	switch (i) {
	case FDEC_IOMMU_LEGACY:
		return "legacy";
	case FDEC_IOMMU_ATU:
		return "ATU";
	case FDEC_IOMMU_BYPASS:
		return "bypass";
	default:
		return "none";
	}
}

void
fdec_ctx_init(struct fdec_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->legacy_base = HV_LEGACY_DVMA_BASE;
	ctx->legacy_size = HV_LEGACY_DVMA_SIZE;
}

int
fdec_ctx_add_iotsb(struct fdec_ctx *ctx, int rc, uint64_t handle,
		   uint64_t base, uint64_t page_size)
{
	unsigned int i;

	if (page_size != 0 && (page_size & (page_size - 1)) != 0)
		return -EINVAL;
	if (page_size != 0 && (base & (page_size - 1)) != 0)
		return -EINVAL;
	for (i = 0; i < ctx->n_iotsb; i++)
		if (ctx->iotsb[i].rc == rc && ctx->iotsb[i].handle == handle)
			break;
	if (i == ctx->n_iotsb) {
		if (i == FDEC_MAX_IOTSBS)
			return -ENOSPC;
		ctx->n_iotsb++;
	}
	/* A later CONF with the same handle (a reconfigured slot) wins. */
	ctx->iotsb[i].rc = rc;
	ctx->iotsb[i].handle = handle;
	ctx->iotsb[i].base = base;
	ctx->iotsb[i].page_size = page_size;
	return 0;
}

/* Base of IOTSB @p handle on @p rc: an exact entry first, then any-RC;
 * an entry whose known page size differs is another IOTSB. */
static bool
iotsb_base(const struct fdec_ctx *ctx, unsigned int rc, uint64_t handle,
	   uint64_t page_size, uint64_t *base)
{
	int hit = -1;

	for (unsigned int i = 0; i < ctx->n_iotsb; i++) {
		if (ctx->iotsb[i].handle != handle ||
		    (ctx->iotsb[i].page_size != 0 &&
		     ctx->iotsb[i].page_size != page_size))
			continue;
		if (ctx->iotsb[i].rc == (int)rc) {
			hit = (int)i;
			break;
		}
		if (ctx->iotsb[i].rc == FDEC_ANY_RC)
			hit = (int)i;
	}
	if (hit < 0)
		return false;
	*base = ctx->iotsb[hit].base;
	return true;
}

static struct fdec_func *
func_get(struct fdec_ctx *ctx, unsigned int rc, uint16_t bdf, bool create)
{
	struct fdec_func *f;

	for (unsigned int i = 0; i < ctx->n_funcs; i++)
		if (ctx->funcs[i].rc == rc && ctx->funcs[i].bdf == bdf)
			return &ctx->funcs[i];
	if (!create || ctx->n_funcs == FDEC_MAX_FUNCS)
		return NULL;
	f = &ctx->funcs[ctx->n_funcs++];
	memset(f, 0, sizeof(*f));
	f->rc = rc;
	f->bdf = bdf;
	f->only_legacy_unmapped = true;
	return f;
}

static const struct fdec_func *
func_find(const struct fdec_ctx *ctx, unsigned int rc, uint16_t bdf)
{
	for (unsigned int i = 0; i < ctx->n_funcs; i++)
		if (ctx->funcs[i].rc == rc && ctx->funcs[i].bdf == bdf)
			return &ctx->funcs[i];
	return NULL;
}

int
fdec_ctx_set_atu_only(struct fdec_ctx *ctx, unsigned int rc, uint16_t bdf)
{
	struct fdec_func *f = func_get(ctx, rc, bdf, true);

	if (f == NULL)
		return -ENOSPC;
	f->atu_only = true;
	return 0;
}

/*
 * The simulator numbers root complexes' devhandles 0x200 + 0x100 * i
 * (doc/design/platform.md §3.1, an [assumption] of the simulation).
 */
int
fdec_devhandle_rc(uint64_t devhandle)
{
	if (devhandle < 0x200 || (devhandle - 0x200) % 0x100 != 0 ||
	    (devhandle - 0x200) / 0x100 > 255)
		return -1;
	return (int)((devhandle - 0x200) / 0x100);
}

static bool
in_legacy(const struct fdec_ctx *ctx, uint64_t dvma)
{
	return dvma - ctx->legacy_base < ctx->legacy_size;
}

static void
learn_fault(struct fdec_ctx *ctx, const struct fdec_record *r)
{
	struct fdec_func *f = func_get(ctx, r->rc, r->bdf, true);

	ctx->records++;
	ctx->by_reason[r->reason]++;
	if (r->has_seq) {
		if (ctx->first_seq == 0 || r->seq < ctx->first_seq)
			ctx->first_seq = r->seq;
		if (r->seq > ctx->last_seq)
			ctx->last_seq = r->seq;
	}
	if (r->reason == SUN4V_FAULT_QUARANTINED)
		ctx->quarantines++;
	if (r->has_table && r->iotsb != 0 && r->has_base)
		(void)fdec_ctx_add_iotsb(ctx, (int)r->rc, r->iotsb,
					 r->iova_base, r->page_size);
	if (f == NULL)
		return;
	f->faults[r->reason]++;
	if (r->has_table && r->iotsb != 0 && !f->seen_atu) {
		f->seen_atu = true;
		f->atu_handle = r->iotsb;
	}
	if (r->reason == SUN4V_FAULT_UNMAPPED && in_legacy(ctx, r->dvma)) {
		uint64_t page = r->dvma >> HV_IO_PAGE_SHIFT;
		unsigned int i;

		f->unmapped_legacy++;
		for (i = 0; i < f->n_pages && f->pages[i] != page; i++)
			;
		if (i == f->n_pages && f->n_pages < FDEC_SYSTEMATIC_PAGES)
			f->pages[f->n_pages++] = page;
	} else if (r->reason != SUN4V_FAULT_QUARANTINED) {
		f->only_legacy_unmapped = false;
	}
	if (r->reason == SUN4V_FAULT_QUARANTINED) {
		f->quarantined = true;
		f->quarantines++;
	}
}

void
fdec_ctx_learn(struct fdec_ctx *ctx, const struct fdec_line *l)
{
	struct fdec_func *f;
	int rc;

	switch (l->kind) {
	case FDEC_LINE_FAULT:
		learn_fault(ctx, &l->rec);
		break;
	case FDEC_LINE_SUPPRESSED:
		ctx->suppressed += l->suppressed;
		break;
	case FDEC_LINE_QUARANTINE:
	case FDEC_LINE_RESET:
		f = func_get(ctx, l->rec.rc, l->rec.bdf, true);
		if (l->kind == FDEC_LINE_RESET)
			ctx->resets++;
		else
			ctx->quarantines++;
		if (f != NULL) {
			f->quarantined = l->kind == FDEC_LINE_QUARANTINE;
			f->quarantines += l->kind == FDEC_LINE_QUARANTINE;
		}
		break;
	case FDEC_LINE_IOTSB_CONF:
		rc = fdec_devhandle_rc(l->conf.devhandle);
		(void)fdec_ctx_add_iotsb(ctx, rc >= 0 ? rc : FDEC_ANY_RC,
					 l->conf.handle, l->conf.iova,
					 l->conf.page_size);
		break;
	default:
		ctx->other_lines++;
		break;
	}
}

static void
classify_address(const struct fdec_ctx *ctx, uint64_t dvma,
		 struct fdec_analysis *a)
{
	a->atu_range = -1;
	if (sun4v_hv_abi_is_bypass(dvma)) {
		a->iommu = FDEC_IOMMU_BYPASS;
		a->bypass_ra = dvma & HV_BYPASS_RA_MASK;
		return;
	}
	if (in_legacy(ctx, dvma)) {
		a->iommu = FDEC_IOMMU_LEGACY;
		a->window_base = ctx->legacy_base;
		a->window_size = ctx->legacy_size;
		return;
	}
	for (int i = 0; i < HV_ATU_NB_RANGES; i++) {
		if (dvma - atu_ranges[i][0] < atu_ranges[i][1]) {
			a->iommu = FDEC_IOMMU_ATU;
			a->atu_range = i;
			a->window_base = atu_ranges[i][0];
			a->window_size = atu_ranges[i][1];
			return;
		}
	}
	a->iommu = FDEC_IOMMU_NONE;
}

/* IO page size and table index. */
static void
locate(const struct fdec_ctx *ctx, const struct fdec_record *r,
       struct fdec_analysis *a)
{
	bool legacy_table = r->has_table ? r->iotsb == 0 && r->page_size != 0 :
					   a->iommu == FDEC_IOMMU_LEGACY;
	uint64_t base = 0;

	a->page_size = HV_IO_PAGE_SIZE;
	/* The legacy IOMMU only has 8 KB pages (facts §3). */
	a->page_size_known = legacy_table || a->iommu == FDEC_IOMMU_LEGACY;
	if (r->has_table && r->page_size != 0) {
		a->page_size = r->page_size;
		a->page_size_known = true;
	}
	a->io_page = r->dvma & ~(a->page_size - 1);
	a->page_offset = r->dvma & (a->page_size - 1);
	if (legacy_table && in_legacy(ctx, r->dvma)) {
		a->index_known = true;
		a->index_base = ctx->legacy_base;
	} else if (r->has_table && r->iotsb != 0 && r->page_size != 0) {
		if (r->has_base) {
			base = r->iova_base;
			a->index_known = r->dvma >= base;
		} else {
			a->index_known = iotsb_base(ctx, r->rc, r->iotsb,
						    r->page_size, &base) &&
					 r->dvma >= base;
		}
		if (a->index_known)
			a->index_base = base;
	}
	if (a->index_known)
		a->index = (r->dvma - a->index_base) / a->page_size;
	/* An ATU handle on a legacy address (or the reverse) means the
	 * record or the --legacy-window option is inconsistent. */
	a->table_mismatch = r->has_table && r->page_size != 0 &&
			    (r->iotsb == 0) != (a->iommu == FDEC_IOMMU_LEGACY);
}

static void
add(struct fdec_analysis *a, enum fdec_culprit c)
{
	if (a->n_culprits < FDEC_MAX_CULPRITS)
		a->culprit[a->n_culprits++] = c;
}

static void
rank_unmapped(const struct fdec_ctx *ctx, const struct fdec_record *r,
	      struct fdec_analysis *a)
{
	const struct fdec_func *f = func_find(ctx, r->rc, r->bdf);

	if (f != NULL && a->iommu == FDEC_IOMMU_LEGACY)
		a->evidence = f->atu_only ? FDEC_EVIDENCE_ATU_ONLY :
			      f->seen_atu ? FDEC_EVIDENCE_ATU_USER :
			      f->only_legacy_unmapped &&
					      f->n_pages >= FDEC_SYSTEMATIC_PAGES ?
				      FDEC_EVIDENCE_SYSTEMATIC : FDEC_EVIDENCE_NONE;
	if (a->evidence != FDEC_EVIDENCE_NONE) {
		add(a, FDEC_CULPRIT_WRONG_IOMMU);
		add(a, FDEC_CULPRIT_TORN_DOWN);
		add(a, FDEC_CULPRIT_STALE_DEVICE);
		return;
	}
	add(a, FDEC_CULPRIT_TORN_DOWN);
	add(a, FDEC_CULPRIT_STALE_DEVICE);
	add(a, FDEC_CULPRIT_WRONG_IOMMU);
}

static void
rank_out_of_window(struct fdec_analysis *a, uint64_t dvma)
{
	switch (a->iommu) {
	case FDEC_IOMMU_ATU:
	case FDEC_IOMMU_LEGACY:
		add(a, FDEC_CULPRIT_WRONG_IOMMU);
		add(a, FDEC_CULPRIT_TORN_DOWN);
		break;
	default:
		if (dvma >= HOST_VA_LO && dvma < HOST_VA_HI)
			add(a, FDEC_CULPRIT_HOST_VA);
		add(a, FDEC_CULPRIT_WILD_ADDRESS);
		add(a, FDEC_CULPRIT_STALE_DEVICE);
		break;
	}
}

void
fdec_analyze(const struct fdec_ctx *ctx, const struct fdec_record *r,
	     struct fdec_analysis *a)
{
	memset(a, 0, sizeof(*a));
	classify_address(ctx, r->dvma, a);
	locate(ctx, r, a);
	switch (r->reason) {
	case SUN4V_FAULT_UNMAPPED:
		rank_unmapped(ctx, r, a);
		break;
	case SUN4V_FAULT_PROTECTION:
		add(a, FDEC_CULPRIT_DIRECTION);
		add(a, FDEC_CULPRIT_OTHER_RID);
		break;
	case SUN4V_FAULT_OUT_OF_WINDOW:
		rank_out_of_window(a, r->dvma);
		break;
	case SUN4V_FAULT_BYPASS_DENIED:
		add(a, FDEC_CULPRIT_BYPASS_MODE);
		add(a, FDEC_CULPRIT_STALE_DEVICE);
		break;
	case SUN4V_FAULT_QUARANTINED:
		add(a, FDEC_CULPRIT_FAULT_STORM);
		break;
	case SUN4V_FAULT_NO_RAM:
		add(a, FDEC_CULPRIT_FREED_MEMORY);
		add(a, FDEC_CULPRIT_TORN_DOWN);
		break;
	default:
		break;
	}
}

/* "8 KB", "4 MB", "2 GB" ... for power-of-two sizes. */
static const char *
size_str(char *buf, size_t len, uint64_t v)
{
	static const char *const unit[] = { "bytes", "KB", "MB", "GB", "TB" };
	unsigned int u = 0;

	while (u + 1 < sizeof(unit) / sizeof(unit[0]) && v >= 1024 &&
	       v % 1024 == 0) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%" PRIu64 " %s", v, unit[u]);
	return buf;
}

static const char *
reason_meaning(enum sun4v_fault_reason r)
{
	switch (r) {
	case SUN4V_FAULT_UNMAPPED:
		return "no valid IOTTE maps this IO page";
	case SUN4V_FAULT_PROTECTION:
		return "the IOTTE is valid but lacks the needed R/W permission, "
		       "or its requester filter names another function";
	case SUN4V_FAULT_OUT_OF_WINDOW:
		return "the address is in no window this function can use "
		       "(no bound IOTSB covers it and it is outside the legacy window)";
	case SUN4V_FAULT_BYPASS_DENIED:
		return "a bypass IO address from a function not in the bypass domain";
	case SUN4V_FAULT_QUARANTINED:
		return "the function was quarantined; its DMA is now refused";
	case SUN4V_FAULT_NO_RAM:
		return "the translation points at a real address that is not RAM";
	default:
		return "unknown";
	}
}

static void
print_iommu(FILE *out, const struct fdec_record *r,
	    const struct fdec_analysis *a)
{
	char s1[32];

	switch (a->iommu) {
	case FDEC_IOMMU_LEGACY:
		fprintf(out, "  IOMMU        legacy IOMMU of rc %u: window 0x%" PRIx64
			"-0x%" PRIx64 ", 8 KB IO pages, shared by the root complex\n",
			r->rc, a->window_base, a->window_base + a->window_size - 1);
		break;
	case FDEC_IOMMU_ATU:
		fprintf(out, "  IOMMU        ATU of rc %u: address range %d (0x%" PRIx64
			" + %s), per-IOTSB page size\n", r->rc, a->atu_range,
			a->window_base, size_str(s1, sizeof(s1), a->window_size));
		break;
	case FDEC_IOMMU_BYPASS:
		fprintf(out, "  IOMMU        none (bypass IO address of real address 0x%"
			PRIx64 ")\n", a->bypass_ra);
		break;
	default:
		fprintf(out, "  IOMMU        none: 0x%" PRIx64 " is in no legacy window, "
			"ATU range or bypass space\n", r->dvma);
		break;
	}
}

static void
print_table(FILE *out, const struct fdec_record *r,
	    const struct fdec_analysis *a)
{
	char s1[32];

	if (!r->has_table)
		fprintf(out, "  table        not in the record\n");
	else if (r->page_size == 0 && a->iommu == FDEC_IOMMU_BYPASS)
		fprintf(out, "  table        none (bypass addresses are not "
			"translated)\n");
	else if (r->page_size == 0)
		fprintf(out, "  table        none (no window of the function covers "
			"the address)\n");
	else if (r->iotsb == 0)
		fprintf(out, "  table        legacy TSB of rc %u (handle 0)\n", r->rc);
	else
		fprintf(out, "  table        ATU IOTSB handle 0x%" PRIx64 " of rc %u, "
			"%s IO pages\n", r->iotsb, r->rc,
			size_str(s1, sizeof(s1), r->page_size));
	if (a->table_mismatch)
		fprintf(out, "  note         the table does not match the address's "
			"IOMMU: check --legacy-window\n");
	if (!r->has_dvma || a->iommu == FDEC_IOMMU_BYPASS)
		return;
	fprintf(out, "  IO page      0x%" PRIx64 " + 0x%" PRIx64 " (%s page%s)\n",
		a->io_page, a->page_offset,
		size_str(s1, sizeof(s1), a->page_size),
		a->page_size_known ? "" : ", size assumed");
	if (a->index_known && r->has_table && r->iotsb == 0)
		fprintf(out, "  IOTSB index  %" PRIu64 " (0x%" PRIx64 ") = (DVMA - 0x%"
			PRIx64 ") / 8 KB; legacy tsbid 0x%016" PRIx64 "\n",
			a->index, a->index, a->index_base,
			sun4v_hv_abi_tsbid(0, (uint32_t)a->index));
	else if (a->index_known)
		fprintf(out, "  IOTSB index  %" PRIu64 " (0x%" PRIx64 ") = (DVMA - base 0x%"
			PRIx64 ") / %s\n", a->index, a->index, a->index_base,
			size_str(s1, sizeof(s1), a->page_size));
	else if (r->has_table && r->iotsb != 0)
		fprintf(out, "  IOTSB index  unknown: the IOTSB's base is not in the "
			"input (log at INFO to capture IOTSB_CONF, or pass "
			"--iotsb-base)\n");
}

static void
print_evidence(FILE *out, const struct fdec_record *r, enum fdec_evidence e)
{
	switch (e) {
	case FDEC_EVIDENCE_ATU_USER:
		fprintf(out, "  evidence     this requester also faulted through an ATU "
			"IOTSB, yet used a legacy-window address\n");
		break;
	case FDEC_EVIDENCE_ATU_ONLY:
		fprintf(out, "  evidence     --atu-only: this requester should never "
			"use a legacy-window address\n");
		break;
	case FDEC_EVIDENCE_SYSTEMATIC:
		fprintf(out, "  evidence     every fault of this requester is an unmapped "
			"legacy-window access, on %u+ distinct IO pages: nothing it uses "
			"is mapped in rc %u's window\n", FDEC_SYSTEMATIC_PAGES, r->rc);
		break;
	default:
		break;
	}
}

void
fdec_print_explained(FILE *out, const struct fdec_ctx *ctx,
		     const struct fdec_record *r)
{
	struct fdec_analysis a;

	fdec_analyze(ctx, r, &a);
	if (r->has_seq)
		fprintf(out, "DMA fault #%" PRIu64, r->seq);
	else
		fprintf(out, "DMA fault");
	fprintf(out, " (line %lu): rc %u, requester %02x:%02x.%x (bus 0x%02x "
		"device %u function %u)\n", r->line, r->rc, r->bdf >> 8,
		(r->bdf >> 3) & 0x1f, r->bdf & 7, r->bdf >> 8,
		(r->bdf >> 3) & 0x1f, r->bdf & 7);
	if (r->dir != 0)
		fprintf(out, "  direction    device %s\n",
			r->dir == SUN4V_DMA_READ ?
				"read (memory to device, needs R)" :
				"write (device to memory, needs W)");
	if (r->has_dvma) {
		fprintf(out, "  DVMA         0x%" PRIx64 "\n", r->dvma);
		print_iommu(out, r, &a);
	}
	print_table(out, r, &a);
	fprintf(out, "  reason       %s: %s\n", fdec_reason_log_name(r->reason),
		reason_meaning(r->reason));
	for (unsigned int i = 0; i < a.n_culprits; i++)
		fprintf(out, "  %s %u. %s\n", i == 0 ? "likely      " : "            ",
			i + 1, fdec_culprit_text(a.culprit[i]));
	print_evidence(out, r, a.evidence);
}

void
fdec_print_dump(FILE *out, const struct fdec_record *r)
{
	fprintf(out, "sun4v-fault");
	if (r->has_seq)
		fprintf(out, " seq=%" PRIu64, r->seq);
	if (r->has_time)
		fprintf(out, " time_ns=%" PRIu64, r->time_ns);
	fprintf(out, " rc=%u bdf=%02x:%02x.%x dir=%s dvma=0x%" PRIx64
		" reason=%s", r->rc, r->bdf >> 8, (r->bdf >> 3) & 0x1f,
		r->bdf & 7, r->dir == SUN4V_DMA_READ ? "read" : "write",
		r->dvma, fdec_reason_token(r->reason));
	if (r->has_table)
		fprintf(out, " iotsb=0x%" PRIx64 " page_size=%" PRIu64, r->iotsb,
			r->page_size);
	if (r->has_base)
		fprintf(out, " iova_base=0x%" PRIx64, r->iova_base);
	fputc('\n', out);
}

static void
print_func(FILE *out, const struct fdec_func *f)
{
	uint64_t n = 0;

	for (unsigned int k = 1; k < SUN4V_FAULT_NB_REASONS; k++)
		n += f->faults[k];
	fprintf(out, "  rc %u %02x:%02x.%x: %" PRIu64 " record%s", f->rc,
		f->bdf >> 8, (f->bdf >> 3) & 0x1f, f->bdf & 7, n,
		n == 1 ? "" : "s");
	for (unsigned int k = 1; k < SUN4V_FAULT_NB_REASONS; k++)
		if (f->faults[k] != 0)
			fprintf(out, ", %s %" PRIu64, fdec_reason_log_name(k),
				f->faults[k]);
	if (f->seen_atu)
		fprintf(out, "; ATU user (IOTSB 0x%" PRIx64 ")", f->atu_handle);
	if (f->quarantines != 0)
		fprintf(out, "; quarantined %" PRIu64 "x%s", f->quarantines,
			f->quarantined ? " (not reset in this input)" : "");
	fputc('\n', out);
}

void
fdec_print_summary(FILE *out, const struct fdec_ctx *ctx)
{
	fprintf(out, "summary: %" PRIu64 " fault record%s", ctx->records,
		ctx->records == 1 ? "" : "s");
	if (ctx->last_seq != 0)
		fprintf(out, " (#%" PRIu64 "..#%" PRIu64 ")", ctx->first_seq,
			ctx->last_seq);
	fprintf(out, ", %" PRIu64 " log lines suppressed, %" PRIu64
		" quarantine%s, %" PRIu64 " reset%s\n", ctx->suppressed,
		ctx->quarantines, ctx->quarantines == 1 ? "" : "s", ctx->resets,
		ctx->resets == 1 ? "" : "s");
	for (unsigned int k = 1; k < SUN4V_FAULT_NB_REASONS; k++)
		if (ctx->by_reason[k] != 0)
			fprintf(out, "  %-14s %" PRIu64 "\n",
				fdec_reason_log_name(k), ctx->by_reason[k]);
	for (unsigned int i = 0; i < ctx->n_funcs; i++)
		print_func(out, &ctx->funcs[i]);
	if (ctx->suppressed != 0 ||
	    (ctx->last_seq != 0 &&
	     ctx->last_seq - ctx->first_seq + 1 > ctx->records))
		fprintf(out, "  note: the log is a rate-limited sample; the "
			"platform's fault counters hold the totals\n");
}
