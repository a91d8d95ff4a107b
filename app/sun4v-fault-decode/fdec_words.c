/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Raw IOMMU words given on the command line (doc/spec/fault-decode.md §5).
 *
 * sun4v hides the legacy IOMMU's TTE format behind the hypervisor (the OS
 * only passes io_attributes and real addresses), so no sun4v document
 * gives a bit layout for a raw legacy IOTTE or an IOTLB diagnostic word.
 * [assumption] We decode them with the layout of the sun4u-generation PCI
 * host bridges (Psycho/Schizo), whose fault reports the Solaris note "What
 * is a PCI IOMMU error telling me?" explains ("Context=0 not Writable not
 * Streamable PCI Page Size=8k Address in page ... Memory: Valid not
 * Cacheable Page Frame=..."), as summarised from Linux's sparc64 headers:
 *
 *  IOTTE:      63 valid, 61 64 KB page (else 8 KB), 60 streamable,
 *              59 intra (SBus slot-to-slot, unused on PCI),
 *              58:47 context, 46:13 physical page, 4 cacheable,
 *              1 writable; other bits reserved.
 *  IOTLB tag:  36:25 context, 24:23 error status (0 protection,
 *              1 invalid, 2 timeout, 3 ECC), 22 error, 21 writable,
 *              20 streamable, 19 64 KB page, 18:0 virtual page (DVMA >> 13).
 *  IOTLB data: 32 valid, 30 cacheable, 29:0 physical page (PA >> 13).
 *
 * The simulator's own IOTTE (doc/design/platform.md §4: 5:0 attributes,
 * 6 valid, 47:13 page RA, 63:48 requester filter) is decoded by
 * --sim-iotte, for words read from an ATU IOTSB's table memory.
 */
#include <errno.h>
#include <inttypes.h>

#include "fdec.h"

#define IOTTE_VALID (UINT64_C(1) << 63)
#define IOTTE_64K (UINT64_C(1) << 61)
#define IOTTE_STREAM (UINT64_C(1) << 60)
#define IOTTE_INTRA (UINT64_C(1) << 59)
#define IOTTE_CTX_SHIFT 47
#define IOTTE_CTX_MASK UINT64_C(0xfff)
#define IOTTE_PAGE_MASK UINT64_C(0x00007fffffffe000)
#define IOTTE_CACHE (UINT64_C(1) << 4)
#define IOTTE_WRITE (UINT64_C(1) << 1)
#define IOTTE_DEFINED                                                      \
	(IOTTE_VALID | IOTTE_64K | IOTTE_STREAM | IOTTE_INTRA |             \
	 (IOTTE_CTX_MASK << IOTTE_CTX_SHIFT) | IOTTE_PAGE_MASK |            \
	 IOTTE_CACHE | IOTTE_WRITE)

#define TAG_CTX_SHIFT 25
#define TAG_CTX_MASK UINT64_C(0xfff)
#define TAG_ERRSTS_SHIFT 23
#define TAG_ERRSTS_MASK UINT64_C(0x3)
#define TAG_ERR (UINT64_C(1) << 22)
#define TAG_WRITE (UINT64_C(1) << 21)
#define TAG_STREAM (UINT64_C(1) << 20)
#define TAG_64K (UINT64_C(1) << 19)
#define TAG_VPAGE_MASK UINT64_C(0x7ffff)
#define TAG_DEFINED UINT64_C(0x0000001fffffffff)

#define DATA_VALID (UINT64_C(1) << 32)
#define DATA_CACHE (UINT64_C(1) << 30)
#define DATA_PPAGE_MASK UINT64_C(0x3fffffff)
#define DATA_DEFINED (DATA_VALID | DATA_CACHE | DATA_PPAGE_MASK)

/* Simulator IOTTE (platform.md §4). */
#define SIM_TTE_VALID (UINT64_C(1) << 6)
#define SIM_TTE_RA_MASK UINT64_C(0x0000ffffffffe000)
#define SIM_TTE_BDF_SHIFT 48
#define SIM_TTE_DEFINED                                                   \
	(UINT64_C(0x3f) | SIM_TTE_VALID | SIM_TTE_RA_MASK | (UINT64_C(0xffff) << SIM_TTE_BDF_SHIFT))

static int
digit(char ch, unsigned int base)
{
	int d = -1;

	if (ch >= '0' && ch <= '9')
		d = ch - '0';
	else if (ch >= 'a' && ch <= 'f')
		d = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'F')
		d = ch - 'A' + 10;
	return d >= 0 && (unsigned int)d < base ? d : -1;
}

int
fdec_parse_u64(const char *s, uint64_t *v)
{
	unsigned int base = 10;
	uint64_t x = 0;
	int d;

	if (s == NULL || v == NULL)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (*s == '\0')
		return -EINVAL;
	for (; *s != '\0'; s++) {
		d = digit(*s, base);
		if (d < 0 || x > (UINT64_MAX - (uint64_t)d) / base)
			return -EINVAL;
		x = x * base + (uint64_t)d;
	}
	*v = x;
	return 0;
}

static const char *
yn(bool b, const char *yes, const char *no)
{
	return b ? yes : no;
}

void
fdec_print_iotte(FILE *out, uint64_t w)
{
	uint64_t pa = w & IOTTE_PAGE_MASK;

	fprintf(out, "IOTTE 0x%016" PRIx64 " (legacy layout, doc/spec/fault-decode.md §5)\n",
		w);
	fprintf(out, "  %s, %s, %s, %s\n", yn(w & IOTTE_VALID, "Valid", "not Valid"),
		yn(w & IOTTE_WRITE, "Writable", "not Writable"),
		yn(w & IOTTE_STREAM, "Streamable", "not Streamable"),
		yn(w & IOTTE_CACHE, "Cacheable", "not Cacheable"));
	fprintf(out, "  Page Size=%s Context=%" PRIu64 "%s\n",
		yn(w & IOTTE_64K, "64k", "8k"),
		(w >> IOTTE_CTX_SHIFT) & IOTTE_CTX_MASK,
		yn(w & IOTTE_INTRA, " Intra (SBus slot-to-slot)", ""));
	fprintf(out, "  Page Frame=0x%" PRIx64 " (physical address 0x%" PRIx64 ")\n",
		pa >> HV_IO_PAGE_SHIFT, (w & IOTTE_64K) ? pa & ~UINT64_C(0xffff) : pa);
	if ((w & IOTTE_64K) && (pa & 0xe000) != 0)
		fprintf(out, "  note: a 64k page ignores physical address bits 15:13\n");
	if ((w & ~IOTTE_DEFINED) != 0)
		fprintf(out, "  reserved bits set: 0x%016" PRIx64 "\n", w & ~IOTTE_DEFINED);
	if (!(w & IOTTE_VALID))
		fprintf(out, "  => an access through this entry faults (invalid)\n");
	else if (!(w & IOTTE_WRITE))
		fprintf(out, "  => device reads only; a device write faults (protection)\n");
}

void
fdec_print_sim_iotte(FILE *out, uint64_t w)
{
	uint16_t bdf = (uint16_t)(w >> SIM_TTE_BDF_SHIFT);

	fprintf(out, "IOTTE 0x%016" PRIx64 " (simulator layout, "
		"doc/design/platform.md §4)\n", w);
	fprintf(out, "  %s, %s, %s%s\n", yn(w & SIM_TTE_VALID, "Valid", "not Valid"),
		yn(w & HV_PCI_MAP_ATTR_READ, "device may read", "no device read"),
		yn(w & HV_PCI_MAP_ATTR_WRITE, "device may write", "no device write"),
		yn(w & HV_PCI_MAP_ATTR_RELAXED_ORDER, ", relaxed ordering", ""));
	fprintf(out, "  page real address 0x%" PRIx64 ", phantom %" PRIu64 "\n",
		w & SIM_TTE_RA_MASK,
		(uint64_t)((w & HV_PCI_MAP_ATTR_PHANTOM_MASK) >>
			   HV_PCI_MAP_ATTR_PHANTOM_SHIFT));
	if (bdf != 0)
		fprintf(out, "  usable only by requester %02x:%02x.%x\n", bdf >> 8,
			(bdf >> 3) & 0x1f, bdf & 7);
	else
		fprintf(out, "  usable by any requester\n");
	if ((w & ~SIM_TTE_DEFINED) != 0)
		fprintf(out, "  reserved bits set: 0x%016" PRIx64 "\n",
			w & ~SIM_TTE_DEFINED);
}

static const char *const errsts_name[4] = {
	"Protection Error", "Invalid Error (unmapped)", "TimeOut Error", "ECC Error",
};

void
fdec_print_iotlb(FILE *out, bool has_tag, uint64_t tag, bool has_data,
		 uint64_t data)
{
	if (has_tag) {
		fprintf(out, "IOTLB tag 0x%016" PRIx64 " (legacy layout, "
			"doc/spec/fault-decode.md §5)\n", tag);
		if (tag & TAG_ERR)
			fprintf(out, "  Error: %s\n",
				errsts_name[(tag >> TAG_ERRSTS_SHIFT) & TAG_ERRSTS_MASK]);
		else
			fprintf(out, "  no error logged on this entry\n");
		fprintf(out, "  Context=%" PRIu64 " %s %s\n",
			(tag >> TAG_CTX_SHIFT) & TAG_CTX_MASK,
			yn(tag & TAG_WRITE, "Writable", "not Writable"),
			yn(tag & TAG_STREAM, "Streamable", "not Streamable"));
		fprintf(out, "  PCI Page Size=%s Address in page 0x%" PRIx64 "\n",
			yn(tag & TAG_64K, "64k", "8k"),
			(tag & TAG_VPAGE_MASK) << HV_IO_PAGE_SHIFT);
		if ((tag & ~TAG_DEFINED) != 0)
			fprintf(out, "  reserved bits set: 0x%016" PRIx64 "\n",
				tag & ~TAG_DEFINED);
	}
	if (has_data) {
		fprintf(out, "IOTLB data 0x%016" PRIx64 " (legacy layout)\n", data);
		fprintf(out, "  Memory: %s %s Page Frame=0x%" PRIx64
			" (physical address 0x%" PRIx64 ")\n",
			yn(data & DATA_VALID, "Valid", "not Valid"),
			yn(data & DATA_CACHE, "Cacheable", "not Cacheable"),
			data & DATA_PPAGE_MASK,
			(data & DATA_PPAGE_MASK) << HV_IO_PAGE_SHIFT);
		if ((data & ~DATA_DEFINED) != 0)
			fprintf(out, "  reserved bits set: 0x%016" PRIx64 "\n",
				data & ~DATA_DEFINED);
	}
}
