/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sun4v-fault-decode: explains DMA fault records of the simulated sun4v
 * platform, in the spirit of the Solaris note "What is a PCI IOMMU error
 * telling me?".  doc/spec/fault-decode.md is the user's reference.
 *
 * Input is text, line by line:
 *  - the platform's own log lines (sim/sun4v/sun4v_fault.c), found anywhere
 *    in a line so that a PMD / dpdk-testpmd log with its "sim.sun4v: "
 *    prefix (or a syslog prefix) works unchanged;
 *  - the dump format this tool defines: one record per line,
 *    "sun4v-fault key=value ..." (doc/spec/fault-decode.md §3);
 *  - context lines that tell where an ATU IOTSB starts (IOTSB_CONF, logged
 *    at INFO by the platform).
 *
 * Modules: fdec_parse.c (lines -> records, strict, bounded, never reads
 * past the given length), fdec_explain.c (records -> analysis -> text),
 * fdec_words.c (raw IOTTE / IOTLB tag and data words), fdec_main.c (CLI).
 * The library part (everything but fdec_main.c) is also linked by the unit
 * test and the libFuzzer harness.
 *
 * Plain C11; depends on <hw/sun4v_hv_abi.h> and, for the enum names only,
 * sim/sun4v/include/sun4v_dma.h (no code of the platform is linked).
 */
#ifndef SUN4V_FDEC_H
#define SUN4V_FDEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <hw/sun4v_hv_abi.h>

#include "sun4v_dma.h"

/** Longest input line accepted (longer lines are an input error). */
#define FDEC_LINE_MAX 4096
/** Size of an error message buffer. */
#define FDEC_ERR_MAX 192
/** IOTSB bases remembered (from IOTSB_CONF lines and --iotsb-base). */
#define FDEC_MAX_IOTSBS 64
/** Functions tracked for cross-record evidence. */
#define FDEC_MAX_FUNCS 256
/**
 * A function whose faults are all unmapped legacy-window accesses on at
 * least this many distinct IO pages faults "systematically": nothing it
 * touches is mapped in its root complex's window (wrong IOMMU evidence).
 */
#define FDEC_SYSTEMATIC_PAGES 3
/** "Any root complex" in fdec_ctx_add_iotsb(). */
#define FDEC_ANY_RC (-1)

/** What one input line is. */
enum fdec_kind {
	FDEC_LINE_OTHER = 0,   /**< not a fault-log line: ignored */
	FDEC_LINE_FAULT,       /**< a fault record (log line or dump record) */
	FDEC_LINE_SUPPRESSED,  /**< "N DMA fault log lines suppressed" */
	FDEC_LINE_QUARANTINE,  /**< "rc R BB:DD.F quarantined: ..." */
	FDEC_LINE_RESET,       /**< "rc R BB:DD.F reset: quarantine lifted" */
	FDEC_LINE_IOTSB_CONF,  /**< a successful IOTSB_CONF (base of an IOTSB) */
};

/** Where a record came from. */
enum fdec_source {
	FDEC_SRC_LOG = 0,  /**< the platform's log line */
	FDEC_SRC_DUMP,     /**< a "sun4v-fault" dump record */
};

/** One fault record; the has_* flags say which optional fields were given. */
struct fdec_record {
	enum fdec_source src;
	unsigned long line;            /**< input line number (1-based) */
	bool has_seq;
	uint64_t seq;                  /**< platform sequence number */
	bool has_time;
	uint64_t time_ns;
	unsigned int rc;               /**< root complex index */
	uint16_t bdf;                  /**< requester ID */
	bool has_dvma;                 /**< false only for quarantine lines */
	uint64_t dvma;
	enum sun4v_dma_dir dir;        /**< 0 when unknown (quarantine lines) */
	enum sun4v_fault_reason reason;
	bool has_table;                /**< iotsb and page_size present */
	uint64_t iotsb;                /**< 0 = legacy table (or none) */
	uint64_t page_size;            /**< 0 = no table applied */
	bool has_base;
	uint64_t iova_base;            /**< first IOVA of the table */
	unsigned int q_faults;         /**< quarantine line: the threshold */
	uint64_t q_window_ns;          /**< quarantine line: the window */
};

/** A successful IOTSB_CONF seen in the log. */
struct fdec_iotsb_conf {
	uint64_t devhandle;
	uint64_t handle;
	uint64_t page_size;
	uint64_t iova;
	uint64_t table_size;           /**< bytes of IOTTEs */
};

/** One parsed line. */
struct fdec_line {
	enum fdec_kind kind;
	struct fdec_record rec;        /**< FAULT, QUARANTINE, RESET */
	uint64_t suppressed;           /**< SUPPRESSED */
	struct fdec_iotsb_conf conf;   /**< IOTSB_CONF */
};

/**
 * Parse one line of @p len bytes (no newline needed, no NUL needed; bytes
 * past @p len are never read).  Lines that are not fault-log lines give
 * FDEC_LINE_OTHER.  A line that carries a fault-log marker ("DMA fault #",
 * "sun4v-fault ", ...) but is malformed is an error.
 * @return 0, or -EINVAL with @p err naming the bad token.
 */
int fdec_parse_line(const char *line, size_t len, unsigned long lineno,
		    struct fdec_line *out, char *err, size_t errlen);

/** Name of a reason as the platform logs it ("out of window"). */
const char *fdec_reason_log_name(enum sun4v_fault_reason r);
/** Token of a reason in the dump format ("out_of_window"). */
const char *fdec_reason_token(enum sun4v_fault_reason r);

/* ------------------------------------------------------------------------ */
/* Context and analysis (fdec_explain.c)                                    */

/** What the tool knows about one function, from options and earlier lines. */
struct fdec_func {
	unsigned int rc;
	uint16_t bdf;
	bool atu_only;                 /**< declared with --atu-only */
	bool seen_atu;                 /**< a record of it named an ATU IOTSB */
	uint64_t atu_handle;           /**< that IOTSB */
	uint64_t faults[SUN4V_FAULT_NB_REASONS];
	uint64_t unmapped_legacy;      /**< unmapped faults in the legacy window */
	bool only_legacy_unmapped;     /**< every fault so far: unmapped, legacy window */
	unsigned int n_pages;          /**< distinct legacy IO pages among them (capped) */
	uint64_t pages[FDEC_SYSTEMATIC_PAGES];
	bool quarantined;
	uint64_t quarantines;
};

/** Decoding context: platform layout, learned IOTSBs, counters. */
struct fdec_ctx {
	uint64_t legacy_base;          /**< default HV_LEGACY_DVMA_BASE */
	uint64_t legacy_size;          /**< default HV_LEGACY_DVMA_SIZE */
	unsigned int n_iotsb;
	struct {
		int rc;                /**< FDEC_ANY_RC or a root complex */
		uint64_t handle;
		uint64_t base;
		uint64_t page_size;    /**< 0 = unknown */
	} iotsb[FDEC_MAX_IOTSBS];
	unsigned int n_funcs;
	struct fdec_func funcs[FDEC_MAX_FUNCS];
	/* counters over the whole input */
	uint64_t records;
	uint64_t by_reason[SUN4V_FAULT_NB_REASONS];
	uint64_t suppressed;
	uint64_t quarantines;
	uint64_t resets;
	uint64_t other_lines;
	uint64_t first_seq, last_seq;  /**< range of sequence numbers seen */
};

/** Which IOMMU an address belongs to. */
enum fdec_iommu {
	FDEC_IOMMU_NONE = 0,  /**< no window of any IOMMU */
	FDEC_IOMMU_LEGACY,    /**< the root complex's legacy window */
	FDEC_IOMMU_ATU,       /**< one of the ATU address ranges */
	FDEC_IOMMU_BYPASS,    /**< a bypass IO address */
};

/** Likely culprit, most likely first (see doc/spec/fault-decode.md §4). */
enum fdec_culprit {
	FDEC_CULPRIT_NONE = 0,
	FDEC_CULPRIT_TORN_DOWN,     /**< driver unmapped the buffer too early */
	FDEC_CULPRIT_STALE_DEVICE,  /**< device/firmware DMAs to a stale address */
	FDEC_CULPRIT_WRONG_IOMMU,   /**< address from another IOMMU / root complex */
	FDEC_CULPRIT_DIRECTION,     /**< mapping lacks the needed permission */
	FDEC_CULPRIT_OTHER_RID,     /**< page mapped for another requester */
	FDEC_CULPRIT_WILD_ADDRESS,  /**< address no IOMMU ever handed out */
	FDEC_CULPRIT_HOST_VA,       /**< looks like a CPU virtual address */
	FDEC_CULPRIT_BYPASS_MODE,   /**< bypass address, function translated */
	FDEC_CULPRIT_FREED_MEMORY,  /**< mapped memory was released */
	FDEC_CULPRIT_FAULT_STORM,   /**< quarantine after a fault storm */
	FDEC_CULPRIT_NB
};

/** Why the culprits are ranked as they are (beyond the reason itself). */
enum fdec_evidence {
	FDEC_EVIDENCE_NONE = 0,
	FDEC_EVIDENCE_ATU_USER,     /**< the function also faulted through an ATU IOTSB */
	FDEC_EVIDENCE_ATU_ONLY,     /**< --atu-only declared it */
	FDEC_EVIDENCE_SYSTEMATIC,   /**< all its faults: unmapped legacy, many pages */
};

/** Maximum culprits listed per record. */
#define FDEC_MAX_CULPRITS 3

/** Everything derived from one record. */
struct fdec_analysis {
	enum fdec_iommu iommu;         /**< IOMMU the address belongs to */
	int atu_range;                 /**< 0..3 when iommu == ATU, else -1 */
	uint64_t window_base;          /**< of that legacy window / ATU range */
	uint64_t window_size;
	uint64_t page_size;            /**< IO page size used for io_page */
	bool page_size_known;          /**< from the record (else assumed 8 KB) */
	uint64_t io_page;              /**< dvma rounded down to the page */
	uint64_t page_offset;
	bool index_known;
	uint64_t index;                /**< IOTSB / legacy TSB index */
	uint64_t index_base;           /**< table base the index is relative to */
	bool table_mismatch;           /**< record's table disagrees with the address */
	uint64_t bypass_ra;            /**< iommu == BYPASS: the real address */
	unsigned int n_culprits;
	enum fdec_culprit culprit[FDEC_MAX_CULPRITS];
	enum fdec_evidence evidence;
};

/** Defaults: legacy window 2 GB at 2 GB, nothing learned. */
void fdec_ctx_init(struct fdec_ctx *ctx);
/**
 * Remember that IOTSB @p handle (on root complex @p rc, or FDEC_ANY_RC)
 * starts at @p base with pages of @p page_size (0 = unknown).
 * @return 0, -ENOSPC, -EINVAL (base not aligned to page_size).
 */
int fdec_ctx_add_iotsb(struct fdec_ctx *ctx, int rc, uint64_t handle,
		       uint64_t base, uint64_t page_size);
/** Declare a function ATU-only (--atu-only).  @return 0, -ENOSPC. */
int fdec_ctx_set_atu_only(struct fdec_ctx *ctx, unsigned int rc, uint16_t bdf);
/**
 * First pass: learn from one parsed line (IOTSB bases, which functions use
 * the ATU, counters).  Lines of kind OTHER only count.
 */
void fdec_ctx_learn(struct fdec_ctx *ctx, const struct fdec_line *l);
/** Analyse a record with what the context knows. */
void fdec_analyze(const struct fdec_ctx *ctx, const struct fdec_record *rec,
		  struct fdec_analysis *a);
/** Root complex index of a devhandle under the simulator's numbering, or -1. */
int fdec_devhandle_rc(uint64_t devhandle);

/** Print the explanation of one record (several indented lines). */
void fdec_print_explained(FILE *out, const struct fdec_ctx *ctx,
			  const struct fdec_record *rec);
/** Print one record in the dump format (one line). */
void fdec_print_dump(FILE *out, const struct fdec_record *rec);
/** Print the summary of the whole input. */
void fdec_print_summary(FILE *out, const struct fdec_ctx *ctx);
/** One-line description of a culprit. */
const char *fdec_culprit_text(enum fdec_culprit c);
/** Short name of an IOMMU kind ("legacy", "ATU", ...). */
const char *fdec_iommu_name(enum fdec_iommu i);

/* ------------------------------------------------------------------------ */
/* Raw words (fdec_words.c)                                                 */

/**
 * Parse a 64-bit number token: decimal, or 0x-prefixed hex; the whole of
 * @p s must be the number (no sign, no trailing garbage, no overflow).
 * @return 0, -EINVAL.
 */
int fdec_parse_u64(const char *s, uint64_t *v);

/** Print the decoding of a legacy IOTTE word. */
void fdec_print_iotte(FILE *out, uint64_t w);
/** Print the decoding of the simulator's internal IOTTE format. */
void fdec_print_sim_iotte(FILE *out, uint64_t w);
/**
 * Print the decoding of an IOTLB tag and/or data word (either may be
 * absent: has_tag / has_data).
 */
void fdec_print_iotlb(FILE *out, bool has_tag, uint64_t tag, bool has_data,
		      uint64_t data);

#endif /* SUN4V_FDEC_H */
