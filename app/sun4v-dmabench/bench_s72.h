/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sun4v-dmabench --scenario s7-2: what one case measured
 * (bench_scenario.c runs it, bench_s72_report.c prints it).
 */
#ifndef SUN4V_DMABENCH_S72_H
#define SUN4V_DMABENCH_S72_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bench.h"

#define S72_PORTS 4
/** Frames primed per queue: enough to keep every queue busy. */
#define S72_PRIME 4
/** 8 KB IO pages per MB of legacy window. */
#define S72_PAGES_PER_MB 128u
/** Text of a first failure: where, which call, which errno, what it left. */
#define S72_FAIL_LEN 320

/** Result of one (iommu, dma) case. */
struct s72_result {
	enum bench_iommu iommu;
	enum bench_dma dma;
	enum bench_status status;
	char reason[BENCH_REASON_LEN];
	unsigned int queues_up[S72_PORTS];
	unsigned int ports_up;
	bool xs_ok;                     /**< sun4v xstats present */
	/** iotsb_entries_used after bring-up (rings + own pool, or posted
	 *  RX buffers) and at the end of the measured window. */
	uint64_t iotsb_up[S72_PORTS], iotsb_up_total;
	uint64_t iotsb[S72_PORTS], iotsb_total;
	unsigned int failed_calls;      /**< ethdev calls that failed */
	char first_fail[S72_FAIL_LEN];  /**< "" = nothing failed */
	uint64_t map_errors;            /**< dma_map_errors, whole case */
	uint64_t tx_fail;               /**< oerrors from priming to drain */
	double map_err_per_s;           /**< dma_map_errors in the window */
	double tx_fail_per_s;           /**< oerrors in the window: TX drops */
	double rx_fail_per_s;           /**< the rest: RX slots left empty */
	bool logxs_ok;                  /**< map_error_log_* xstats present */
	uint64_t pmd_lines, pmd_suppressed;
	unsigned int log_lines;         /**< rte_log lines captured */
	unsigned int err_lines;         /**< stderr lines captured */
	uint64_t log_said_suppressed;   /**< sum of "(N similar lines suppressed)" */
	char first_log[BENCH_REASON_LEN];
	double mpps_total;
	uint64_t pkts_h1, pkts_h2;      /**< window halves */
	uint64_t primed, drained, app_drops, lost, dev_drops;
	bool conserved;
	int64_t leak;
	double bringup_s;
};

/** Shape of the run, printed once and written to the JSON. */
struct s72_setup {
	unsigned int pool_objs;         /**< objects per port pool */
	unsigned int obj_size;          /**< bytes per object */
	unsigned int max_frame;
	uint64_t pool_pages;            /**< 8 KB IO pages one pool spans */
	uint64_t window_entries;        /**< legacy window, 8 KB entries */
	unsigned int window_mb;
};

/* bench_s72_report.c */
void s72_intro_print(const struct bench_ctx *ctx, const struct s72_setup *su,
		     FILE *f);
void s72_case_print(const struct bench_ctx *ctx, const struct s72_setup *su,
		    const struct s72_result *res, FILE *f);
int s72_json_write(const struct bench_ctx *ctx, const struct s72_setup *su,
		   const struct s72_result *res, unsigned int n);
void s72_logs_count(const char *buf, size_t len, bool from_stderr,
		    struct s72_result *res);
/**
 * Why the first logged DMA map of @p port (any port if NULL) failed, from
 * the PMD's line: "ENOSPC (No space left on device) [net_i40e_sun4v3]".
 * @p out is left alone when there is no such line.
 */
void s72_log_map_errno(const char *log, size_t len, const char *port,
		       char *out, size_t out_len);
/**
 * The PMD's "RX queue Q starts with K of N buffers posted" lines of
 * @p port: how many, and the first one's numbers.
 */
unsigned int s72_log_rx_partial(const char *log, size_t len, const char *port,
			unsigned int *q, unsigned int *posted,
			unsigned int *of);
/** "ENOSPC (No space left on device)" for a negative errno. */
void s72_errno_text(int rc, char *out, size_t len);

#endif /* SUN4V_DMABENCH_S72_H */
