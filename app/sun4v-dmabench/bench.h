/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sun4v-dmabench: shared types of the benchmark application.
 *
 * The benchmark drives two ports wired to each other through the public
 * ethdev API only (rte_vdev_init() with devargs, configure, queue setup,
 * rx/tx burst, basic stats and xstats by name), so the same forwarding loop
 * measures net_i40e_sun4v in every DMA/IOMMU mode and DPDK's own software
 * PMDs (net_ring, net_memif) as references.
 *
 * Modules: bench_args.c (options), bench_eal.c (EAL argument defaults),
 * bench_port.c (port pairs), bench_fwd.c (priming, forwarding loop, drain),
 * bench_stats.c (counters and derived metrics), bench_matrix.c (rows,
 * repeats, sweep, progress), bench_report.c (header, table, headline),
 * bench_output.c (CSV, JSON), bench_plot.c (gnuplot), bench_scenario.c
 * (S7-2 runs) and bench_s72_report.c (its report), bench_micro.c
 * (micro-benchmarks).
 */
#ifndef SUN4V_DMABENCH_H
#define SUN4V_DMABENCH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_mempool.h>

/* Limits of what the options accept. */
#define BENCH_MAX_SIZES 16
#define BENCH_MAX_LCORES 16
#define BENCH_MAX_BURST 512
#define BENCH_MAX_PORTS 8
#define BENCH_MAX_STREAMS 4096
#define BENCH_SWEEP_POINTS 4
#define BENCH_REASON_LEN 160
#define BENCH_PATH_LEN 512

/** Frame sizes are Ethernet frames including the 4-byte CRC. */
#define BENCH_MIN_FRAME 64
#define BENCH_MAX_FRAME 9000
/** Bytes every frame also costs on the wire: preamble 7 + SFD 1 + IFG 12. */
#define BENCH_WIRE_OVERHEAD 20

/** DMA modes of net_i40e_sun4v (devarg dma=). */
enum bench_dma {
	BENCH_DMA_POOL = 0,
	BENCH_DMA_MAP,
	BENCH_DMA_COUNT,
};

/** IOMMU types of net_i40e_sun4v (devarg iommu=). */
enum bench_iommu {
	BENCH_IOMMU_ATU = 0,
	BENCH_IOMMU_LEGACY,
	BENCH_IOMMU_BYPASS,
	BENCH_IOMMU_COUNT,
};

/** Who runs the simulated device of the sun4v rows (devarg engine=). */
enum bench_engine {
	BENCH_ENGINE_INLINE = 0,  /**< the bursts let the device advance */
	BENCH_ENGINE_SERVICE,     /**< DPDK service "i40e_sun4v_engine" */
};

/** Name of the PMD's device-engine service (engine=service). */
#define BENCH_ENGINE_SERVICE_NAME "i40e_sun4v_engine"

/** What the two ports of a row are. */
enum bench_kind {
	BENCH_KIND_SUN4V = 0,   /**< net_i40e_sun4v pair (dma/iommu apply) */
	BENCH_KIND_MEMIF,       /**< net_memif server/client pair (copies) */
	BENCH_KIND_RING,        /**< net_ring pair (pointer passing) */
	BENCH_KIND_COUNT,
};

/** Outcome of a row. */
enum bench_status {
	BENCH_ST_OK = 0,
	BENCH_ST_UNSUPPORTED,   /**< a real capability check said "not available" */
	BENCH_ST_ERROR,         /**< something failed that should have worked */
	BENCH_ST_SKIPPED,       /**< interrupted before it ran */
};

/** Everything the bench options (after "--") select. */
struct bench_opts {
	bool dma[BENCH_DMA_COUNT];
	bool iommu[BENCH_IOMMU_COUNT];
	bool peer[BENCH_KIND_COUNT];     /**< only MEMIF and RING are used */
	bool peer_only;                  /**< no net_i40e_sun4v rows */
	unsigned int sizes[BENCH_MAX_SIZES];
	unsigned int nb_sizes;
	unsigned int lcores;             /**< forwarding lcores */
	enum bench_engine engine;        /**< sun4v rows: inline or service */
	double time_s;
	double warmup_s;
	unsigned int repeat;
	bool pace;
	uint64_t hv_lat_ns;
	bool sweep_hv_lat;
	unsigned int speed_gbps;         /**< link speed of the sun4v ports */
	unsigned int iotlb;              /**< IOTLB entries (modeled), devarg iotlb= */
	unsigned int desc;               /**< RX and TX descriptors per queue */
	unsigned int burst;
	unsigned int prime;              /**< frames primed per port and queue */
	const char *csv_path;
	const char *json_path;
	const char *plot_path;
	bool scenario_s72;
	unsigned int s72_queues;         /**< queue pairs per port [128] */
	unsigned int s72_rxd;            /**< RX descriptors per queue [512] */
	unsigned int s72_txd;            /**< TX descriptors per queue [64] */
	unsigned int s72_window_mb;      /**< legacy window MB (devarg); 0: PMD default */
	bool s72_ring;                   /**< plumbing check on net_ring pairs */
	bool micro;
	bool help;
};

/** Identity of a matrix row. */
struct bench_row_key {
	enum bench_kind kind;
	enum bench_dma dma;              /**< SUN4V only */
	enum bench_iommu iommu;          /**< SUN4V only */
	unsigned int size;
	uint64_t hv_lat_ns;              /**< SUN4V only */
};

/** xstats the benchmark reads (issue 5 names), in this order. */
enum bench_xstat {
	BENCH_XS_HV_MAP_CALLS = 0,
	BENCH_XS_HV_DEMAP_CALLS,
	BENCH_XS_HV_MAP_TTES,
	BENCH_XS_DMA_MAP_ERRORS,
	BENCH_XS_IOTSB_ENTRIES_USED,
	BENCH_XS_IOTLB_HITS,
	BENCH_XS_IOTLB_MISSES,
	BENCH_XS_IOMMU_FAULTS,
	BENCH_XS_RX_MISSED_NO_DESC,
	BENCH_XS_TX_UNMAPPED_MBUFS,
	BENCH_XS_COUNT,
};

extern const char *const bench_xstat_names[BENCH_XS_COUNT];

/** One set of counters read at one instant (per port). */
struct bench_port_snap {
	uint64_t ipackets, opackets, imissed, ierrors, oerrors, rx_nombuf;
	uint64_t xs[BENCH_XS_COUNT];                 /**< xstats by enum bench_xstat */
	bool xs_valid[BENCH_XS_COUNT];
	uint64_t dev_cycles;                         /**< xstat dev_model_cycles */
	bool dev_valid;
};

/**
 * Measured values of one run of one row (bench_stats.c).  Rates are per
 * port: the mean of the ports' RX rates, i.e. one direction of a link.
 * Values that do not exist for a pair (the sun4v xstats of net_ring and
 * net_memif) are NAN / xs_ok false and print as "n/a".
 */
struct bench_metrics {
	double mpps;                     /**< per port */
	double total_mpps;               /**< all ports together */
	double gbps_l1, gbps_l2;         /**< per port; L1 adds 20 B per frame */
	double pct_line;                 /**< mpps against the link's line rate */
	double cycles_per_pkt;           /**< forwarding lcores' busy TSC / packets */
	/** sun4v rows: the device model's TSC cycles per packet (inline:
	 *  dev_model_cycles xstat delta; service: the engine service's
	 *  cycles delta); NAN elsewhere or when not measurable. */
	double dev_cycles_per_pkt;
	/** sun4v rows: the driver's (forwarding lcores') own cycles per
	 *  packet: inline cycles_per_pkt - dev, service cycles_per_pkt. */
	double drv_cycles_per_pkt;
	double busy_pct;                 /**< busy cycles / all cycles of the lcores */
	/** CPU time the forwarding lcores' threads got / wall time: below
	 *  100 % other processes took the CPU (a shared machine). */
	double cpu_pct;
	/** Per port, per second of forwarding-thread CPU time: the rate
	 *  with the preemption by other processes taken out. */
	double mpps_cpu;
	double hc_per_pkt;               /**< (hv_map_calls + hv_demap_calls) / packets */
	double ttes_per_pkt;             /**< hv_map_ttes / packets */
	double iotlb_miss_per_pkt;
	double iotlb_hit_rate;           /**< hits / (hits + misses) */
	uint64_t xs[BENCH_XS_COUNT];     /**< window deltas, summed over the ports;
					  *   IOTSB_ENTRIES_USED: value at the end */
	bool xs_ok[BENCH_XS_COUNT];
	bool xs_missing;                 /**< a sun4v port lacks some of them */
	uint64_t pkts;                   /**< frames received in the window, all ports */
	uint64_t missed;                 /**< imissed delta, all ports */
	uint64_t rx_nombuf;              /**< rx_nombuf delta: mbuf pool ran dry */
	uint64_t fwd_drops;              /**< TX-full drops by the app in the window */
	int held;                        /**< 1/0: line rate held; -1: n/a (no pacing) */
	/* Whole-run accounting, priming to drain. */
	uint64_t primed, drained, app_drops, lost, dev_drops;
	bool conserved;                  /**< lost == imissed+ierrors+oerrors */
	int64_t mbuf_leak;               /**< mbufs still in use after teardown */
	double measured_s;
};

/** A row of the report: key, status, and the median over repeats. */
struct bench_row {
	struct bench_row_key key;
	enum bench_status status;
	char reason[BENCH_REASON_LEN];
	unsigned int runs;               /**< successful runs */
	struct bench_metrics m;          /**< the median run (by mpps) */
	double mpps_min, mpps_max;
};

/** Run-wide environment printed in every report header. */
struct bench_env {
	char cpu_model[128];
	unsigned int nb_cpus;
	char loadavg[64];                /**< /proc/loadavg at start: others' load */
	unsigned int fwd_cpus;           /**< distinct CPUs of the forwarding lcores */
	bool fwd_share_main;             /**< one of them is the main lcore's CPU */
	const char *dpdk_version;
	bool hugepages;
	char git_rev[64];
	char plugin[BENCH_PATH_LEN];     /**< path of the PMD plugin, "" if absent */
	bool plugin_user;                /**< the user's EAL args load it (-d) */
	bool plugin_loaded;
	char eal_args[1024];
	char runtime_dir[BENCH_PATH_LEN];
	bool own_prefix;                 /**< --file-prefix chosen by the bench */
	double tsc_hz;
};

/** State shared by the modules during a run. */
struct bench_ctx {
	struct bench_opts opts;
	struct bench_env env;
	struct rte_mempool *pool;
	unsigned int fwd_lcores[BENCH_MAX_LCORES];
	struct bench_row *rows;
	unsigned int nb_rows;
	char **eal_argv;     /**< copy of the EAL argument array (EAL rewrites its own) */
	int eal_argc;
};

/** Set by SIGINT/SIGTERM: finish the current row, report, exit. */
extern volatile int bench_quit;

/* bench_args.c */
int bench_args_parse(int argc, char **argv, struct bench_opts *o);
void bench_args_usage(FILE *f, const char *prog);

/* bench_eal.c */
int bench_eal_build_args(int argc, char **argv, const struct bench_opts *o,
			 struct bench_env *env, int *eal_argc,
			 char ***eal_argv);
void bench_eal_free_args(int eal_argc, char **eal_argv);
void bench_env_fill(struct bench_env *env);
void bench_eal_remove_runtime_dir(const struct bench_env *env);

/* names */
const char *bench_dma_name(enum bench_dma d);
const char *bench_iommu_name(enum bench_iommu i);
const char *bench_kind_name(enum bench_kind k);
const char *bench_status_name(enum bench_status s);
const char *bench_engine_name(enum bench_engine e);
double bench_line_mpps(unsigned int speed_gbps, unsigned int frame);
void bench_row_label(const struct bench_row_key *k, char *buf, size_t len);

/* bench_matrix.c */
int bench_matrix_run(struct bench_ctx *ctx);
int bench_pool_ensure(struct bench_ctx *ctx, uint64_t need);
/** pktmbuf pool of exactly 2 KB objects (4 per 8 KB IO page), frames <= 1728 B. */
struct rte_mempool *bench_pool_create_packed(const char *name, unsigned int n,
					     unsigned int cache);

/* bench_report.c */
void bench_report_header(const struct bench_ctx *ctx, FILE *f);
void bench_report_table(const struct bench_ctx *ctx, FILE *f);
void bench_report_sweep(const struct bench_ctx *ctx, FILE *f);
void bench_report_cpu_ratio(const struct bench_ctx *ctx, uint64_t hv_lat_ns,
			    FILE *f);
int bench_report_headline(const struct bench_ctx *ctx, uint64_t hv_lat_ns,
			  char *buf, size_t len);
/** Line-rate headline (pool vs map per iommu and size): line @p i into
 *  @p buf; @return the number of such lines (0: none applies). */
unsigned int bench_report_rate_line(const struct bench_ctx *ctx,
				    unsigned int i, char *buf, size_t len);

/* bench_output.c */
void bench_json_str(FILE *f, const char *s);
int bench_output_csv(const struct bench_ctx *ctx, const char *path);
int bench_output_json(const struct bench_ctx *ctx, const char *path);

/* bench_plot.c */
int bench_plot(const struct bench_ctx *ctx, const char *path);

/* bench_scenario.c */
int bench_scenario_s72(struct bench_ctx *ctx);
unsigned int bench_scenario_mem_mb(const struct bench_opts *o);

/* bench_micro.c */
int bench_micro_run(struct bench_ctx *ctx);

#endif /* SUN4V_DMABENCH_H */
