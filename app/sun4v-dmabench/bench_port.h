/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sun4v-dmabench: the ports of one row (bench_port.c) and one measured run
 * over them (bench_fwd.c, bench_stats.c).
 *
 * All functions return 0 or a negative errno and, on failure, write a
 * one-line reason into @c why.  -ENOTSUP means a real capability check
 * said the feature is not available (the row is "unsupported"); any other
 * error is a failure.
 */
#ifndef SUN4V_DMABENCH_PORT_H
#define SUN4V_DMABENCH_PORT_H

#include <stdint.h>
#include <time.h>

#include <rte_dev.h>
#include <rte_mempool.h>
#include <rte_ring.h>

#include "bench.h"

/** Queues per port of a net_ring pair (RTE_PMD_RING_MAX_RX_RINGS). */
#define BENCH_MAX_RING_QUEUES 16

/** Settings of the net_i40e_sun4v ports of a row (become devargs). */
struct bench_sun4v_conf {
	enum bench_dma dma;
	enum bench_iommu iommu;
	uint64_t hv_lat_ns;
	bool pace;
	unsigned int speed_gbps;
	unsigned int iotlb;
	enum bench_engine engine;        /**< devarg engine= */
	unsigned int legacy_window_mb;   /**< devarg legacy_window=; 0: not given */
};

/** The ports of one row; port 2i is wired to port 2i+1. */
struct bench_pair {
	enum bench_kind kind;
	unsigned int nb_ports;
	unsigned int nb_queues;                              /**< configured per port */
	unsigned int queues_up[BENCH_MAX_PORTS];             /**< set up and started */
	uint16_t port[BENCH_MAX_PORTS];
	char name[BENCH_MAX_PORTS][RTE_DEV_NAME_MAX_LEN];   /**< vdev names */
	char devargs[BENCH_MAX_PORTS][320];                  /**< as created */
	bool created[BENCH_MAX_PORTS];
	bool started[BENCH_MAX_PORTS];
	/** net_ring only: the rings port i transmits into, per queue. */
	struct rte_ring *rings[BENCH_MAX_PORTS][BENCH_MAX_RING_QUEUES];
};

int bench_pair_create_sun4v(struct bench_pair *p, unsigned int nb_ports,
			    const struct bench_sun4v_conf *c, char *why,
			    size_t len);
int bench_pair_create_memif(struct bench_pair *p, unsigned int ring_log2,
			    char *why, size_t len);
int bench_pair_create_ring(struct bench_pair *p, unsigned int nb_ports,
			   unsigned int nq, unsigned int ring_size, char *why,
			   size_t len);
/** Configure @p nq queue pairs of @p desc descriptors per port, start. */
int bench_pair_start(struct bench_pair *p, unsigned int nq, unsigned int desc,
		     struct rte_mempool *pool, char *why, size_t len);
/**
 * dev_info capability check (-ENOTSUP), then configure @p nq queues.
 * @p one_pool: every mbuf the port sends comes from one pool, so
 * RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE is asked for where the port offers it.
 */
int bench_port_configure(uint16_t port, unsigned int nq, bool one_pool,
			 char *why, size_t len);
/** Set up RX queue @p q (@p rxd descriptors) and TX queue @p q (@p txd). */
int bench_port_queue_setup(uint16_t port, unsigned int q, unsigned int rxd,
			   unsigned int txd, struct rte_mempool *pool,
			   char *why, size_t len);
/** Wait (bounded) until every port of @p p with queues up has link up. */
int bench_links_wait(const struct bench_pair *p, char *why, size_t len);
/** Stop, close and uninit every port created; free the rings. */
void bench_pair_destroy(struct bench_pair *p);

/** xstat ids resolved once per port. */
struct bench_xs_ids {
	uint64_t id[BENCH_XS_COUNT];
	bool valid[BENCH_XS_COUNT];
	unsigned int nb_valid;
	uint64_t dev_id;        /**< dev_model_cycles (read with the others) */
	bool dev_valid;
};

/** One io-forwarding stream: rx (port, queue) -> tx (port, queue). */
struct bench_stream {
	uint16_t rx_port, rx_queue, tx_port, tx_queue;
	uint64_t rx_pkts;       /**< written by the forwarding lcore only */
	uint64_t tx_pkts;
	uint64_t drops;         /**< TX ring full: freed, as testpmd io does */
} __rte_cache_aligned;

/** A forwarding lcore and its streams (one cache line per writer). */
struct bench_lcore {
	unsigned int lcore_id;
	unsigned int nb_streams;
	unsigned int burst;
	struct bench_stream *streams;
	uint64_t busy_cycles;   /**< TSC in iterations that received frames */
	uint64_t all_cycles;
	clockid_t cpu_clock;    /**< the thread's CPU-time clock */
	volatile int clock_ok;  /**< cpu_clock is set */
	volatile int stop;
} __rte_cache_aligned;

/** Counters of every port and lcore at one instant. */
struct bench_snap {
	uint64_t tsc;
	struct bench_port_snap port[BENCH_MAX_PORTS];
	uint64_t rx, tx, drops, busy, all;
	uint64_t cpu_ns;        /**< CPU time of the forwarding threads */
	bool cpu_ok;            /**< every forwarding thread's clock read */
	uint64_t svc_cycles;    /**< engine=service: the engine service's cycles */
	bool svc_ok;            /**< svc_cycles read */
};

/** A measured run over a started pair. */
struct bench_run {
	struct bench_pair *pair;
	/** Pool port i primes from (the matrix: one for all; S7-2: per port). */
	struct rte_mempool *pool[BENCH_MAX_PORTS];
	struct bench_xs_ids xs[BENCH_MAX_PORTS];
	struct bench_lcore lc[BENCH_MAX_LCORES];
	unsigned int nb_lcores;
	bool svc_engine;        /**< sun4v ports run engine=service */
	struct bench_stream streams[BENCH_MAX_STREAMS];
	unsigned int nb_streams;
	/* begin: before priming; start/mid/end: the measured window and
	 * its middle; final: after the drain. */
	struct bench_snap begin, start, mid, end, final;
	uint64_t primed;        /**< frames the ports accepted while priming */
	uint64_t prime_drops;   /**< frames built but not accepted (freed) */
	uint64_t drained;       /**< frames received after forwarding stopped */
};

/* bench_stats.c */
void bench_xs_resolve(uint16_t port, struct bench_xs_ids *ids);
void bench_snap_take(struct bench_run *r, struct bench_snap *s);
void bench_metrics_compute(const struct bench_run *r,
			   const struct bench_opts *o, unsigned int size,
			   double tsc_hz, struct bench_metrics *m);

/* bench_fwd.c */
void bench_run_streams(struct bench_run *r, const unsigned int *lcores,
		       unsigned int nb_lcores, unsigned int burst);
int bench_prime(struct bench_run *r, unsigned int size,
		unsigned int per_queue, unsigned int burst, char *why,
		size_t len);
int bench_forward(struct bench_run *r, double warmup_s, double time_s);
void bench_drain(struct bench_run *r);

#endif /* SUN4V_DMABENCH_PORT_H */
