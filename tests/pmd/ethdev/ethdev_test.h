/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Shared helpers of the net_i40e_sun4v ethdev tests (suite `pmd`).
 *
 * Every test program runs one named case per process: argv[1] is the case,
 * argv[2] the PMD plugin (build/drivers/librte_net_i40e_sun4v.so), loaded
 * by EAL with `-d`, and the optional argv[3] the device engine,
 * `engine=inline` (the default) or `engine=service`.  EAL runs with
 * --no-huge -m 512 --no-pci --no-shconf and a --file-prefix of its own, so
 * cases never share runtime files.  Ports are created with rte_vdev_init()
 * and driven through the plain ethdev API only: these tests see the driver
 * exactly as an application does.
 *
 * With engine=service every port ethtest_port_create() makes (and so every
 * port of ethtest_pair_up()) gets `engine=service` unless its devargs name
 * an engine, and EAL gets one service lcore more than the program's lcores:
 * `--lcores 0@0,1@1 -S 1` for a one-lcore program (the device on the other
 * CPU), `--lcores 0@0,1@1,2@0 -S 2` for a program on lcores "0,1" (the
 * machine has 2 CPUs).  The ports are created after rte_eal_init(), when the
 * service lcore already runs; the driver maps its engine service to it at
 * probe (doc/guides/nics/i40e_sun4v.rst, "engine").
 */
#ifndef ETHDEV_TEST_H
#define ETHDEV_TEST_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_bus_vdev.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "test_assert.h"

/** Default frame length (bytes in the mbuf, FCS excluded). */
#define ETHTEST_FRAME_LEN 64u
/** Mbuf data room of the default pools: 2 KB of data + headroom. */
#define ETHTEST_ROOM (2048u + RTE_PKTMBUF_HEADROOM)
/** How long a drain waits for frames still on the wire, in ms. */
#define ETHTEST_DRAIN_MS 3000u
/**
 * engine=service: frames ethtest_forward() keeps in flight at most (sent,
 * not yet received nor counted as dropped).  The smallest RX ring of the
 * tests (64 descriptors) always has 64 - rx_free_thresh (32) buffers
 * posted, so a receiver that keeps up loses nothing.
 */
#define ETHTEST_SERVICE_WINDOW 32u

/** One test program: its name, its cases, and main(). */
struct ethtest_prog {
	const char *name;               /**< used in --file-prefix */
	const struct test_case *cases;  /**< {NULL, NULL} terminated */
	const char *lcores;             /**< EAL -l list: NULL = "0", or "0,1" */
	/** Optional: the --vdev arguments EAL gets for case @p name
	 *  (NULL-terminated; NULL = none).  When set, the log is captured
	 *  (ethtest_log_text()) from before rte_eal_init(), so a case can
	 *  check what the probes during EAL init said. */
	const char *const *(*vdevs)(const char *name);
};

/** Capture everything rte_log prints from now on (ethtest_log_text());
 *  a capture already running is dropped. */
void ethtest_log_capture(void);

/** What was captured since ethtest_log_capture() ("" before). */
const char *ethtest_log_text(void);

/** Occurrences of @p needle in @p text. */
unsigned int ethtest_count(const char *text, const char *needle);

/**
 * main() of a test program: parse argv (case, plugin, optional engine),
 * start EAL with the plugin, run the case, clean EAL up.
 * @return process exit status.
 */
int ethtest_main(const struct ethtest_prog *prog, int argc, char **argv);

/** True when main() was given engine=service (see the file comment). */
bool ethtest_engine_service(void);

/** The plugin path main() was given (for messages). */
const char *ethtest_plugin(void);

/**
 * Create port @p name with @p devargs (may be "") through rte_vdev_init();
 * with engine=service, `engine=service` is added unless @p devargs name an
 * engine.  The port is made promiscuous (as testpmd does): the test frames
 * are not addressed to its MAC.  @return 0 and *port, or the negative
 * errno of the probe.
 */
int ethtest_port_create(const char *name, const char *devargs, uint16_t *port);

/** Pktmbuf pool with @p n mbufs of @p room data room (cache 0: exact counts). */
struct rte_mempool *ethtest_pool(const char *name, unsigned int n,
				 uint16_t room);

/** Queue layout of ethtest_port_setup(). */
struct ethtest_qconf {
	uint16_t nb_rxq;
	uint16_t nb_txq;
	uint16_t nb_rxd;                /**< 0 = 512 */
	uint16_t nb_txd;                /**< 0 = 512 */
	struct rte_mempool *mp;         /**< RX buffers */
	const struct rte_eth_conf *conf;/**< NULL = zeroed conf */
};

/** rte_eth_dev_configure() plus every queue's setup.  @return 0 or -errno. */
int ethtest_port_setup(uint16_t port, const struct ethtest_qconf *qc);

/** Two ports wired to each other (ethtest_pair_up()). */
struct ethtest_pair {
	uint16_t p0, p1;            /**< net_i40e_sun4v0 and net_i40e_sun4v1 */
	struct rte_mempool *mp;     /**< RX buffers of both, and TX frames */
};

/** Names of the two ports of a pair. */
#define ETHTEST_PORT0 "net_i40e_sun4v0"
#define ETHTEST_PORT1 "net_i40e_sun4v1"

/**
 * Create ETHTEST_PORT0 and ETHTEST_PORT1 with peer= pointing at each other
 * plus @p extra devargs (may be ""), one RX and one TX queue of 512
 * descriptors each on a pool of 8191 mbufs of @p room bytes (0 =
 * ETHTEST_ROOM), configured with @p conf (may be NULL), and start both.
 * @return 0 or a negative errno (printed).
 */
int ethtest_pair_up(const char *extra, const struct rte_eth_conf *conf,
		    uint16_t room, struct ethtest_pair *p);

/** Stop and close both ports, uninit the vdevs, free the pool. */
void ethtest_pair_down(struct ethtest_pair *p);

/** Value of xstat @p name of @p port, or UINT64_MAX if unreadable. */
uint64_t ethtest_xstat(uint16_t port, const char *name);

/** Five-tuple of flow number @p flow (deterministic, all distinct). */
struct ethtest_flow {
	uint32_t src_ip, dst_ip;        /**< host order */
	uint16_t sport, dport;          /**< host order */
};
void ethtest_flow_of(uint32_t flow, struct ethtest_flow *f);

/**
 * Write a valid Ethernet/IPv4/UDP frame of @p len bytes (>= 60) for
 * @p flow into @p buf; the payload carries @p seq and @p flow and a
 * pattern derived from @p seq, so a receiver can check every byte.
 */
void ethtest_frame_bytes(uint8_t *buf, uint32_t len, uint32_t flow,
			 uint32_t seq);

/**
 * An mbuf (chain of segments of at most @p seg bytes each) holding the
 * frame of ethtest_frame_bytes().  @return NULL when @p mp is empty.
 */
struct rte_mbuf *ethtest_frame(struct rte_mempool *mp, uint32_t len,
			       uint32_t flow, uint32_t seq, uint32_t seg);

/** @p len bytes of @p buf in a chain of segments of at most @p seg bytes
 *  (0 = one segment).  @return NULL when @p mp runs out. */
struct rte_mbuf *ethtest_mbuf_of(struct rte_mempool *mp, const uint8_t *buf,
				 uint32_t len, uint32_t seg);

/**
 * Check that @p m is exactly a frame of ethtest_frame_bytes(); on success
 * *flow and *seq (either may be NULL) receive the values it carries.
 * @return 0, or -1 with the reason printed.
 */
int ethtest_frame_check(const struct rte_mbuf *m, uint32_t *flow,
			uint32_t *seq);

/** Per-queue hook for every received frame; returns 0 or -1 (fail). */
typedef int (*ethtest_rx_cb)(uint16_t queue, struct rte_mbuf *m, void *arg);

/** What a ethtest_forward() run did. */
struct ethtest_fwd {
	uint64_t sent;       /**< frames tx_burst consumed */
	uint64_t received;   /**< frames rx_burst returned (all queues) */
	uint64_t imissed;    /**< receiving port imissed, delta over the run */
	uint64_t ierrors;    /**< receiving port ierrors, delta over the run */
	uint64_t oerrors;    /**< sending port oerrors, delta over the run */
	uint64_t missed_no_desc; /**< receiving port rx_missed_no_desc delta */
};

/** Traffic of ethtest_forward(). */
struct ethtest_traffic {
	uint16_t tx_port, rx_port;
	uint16_t nb_rxq;         /**< RX queues to poll on rx_port */
	struct rte_mempool *mp;  /**< TX frames come from here */
	uint64_t count;          /**< frames to send */
	uint32_t len;            /**< frame length; 0 = ETHTEST_FRAME_LEN */
	uint32_t nb_flows;       /**< flow = seq % nb_flows; 0 = 1 */
	uint32_t seg;            /**< TX segment size; 0 = one segment */
	bool no_rx_during_tx;    /**< true: receive only after the last TX */
	ethtest_rx_cb cb;        /**< NULL = frame check only */
	void *cb_arg;
};

/**
 * Send t->count frames from tx_port queue 0 while polling every RX queue
 * of rx_port (with engine=service, at most ETHTEST_SERVICE_WINDOW frames
 * in flight unless t->no_rx_during_tx); then poll until every sent frame
 * is accounted for
 * (received + imissed + ierrors + oerrors) or ETHTEST_DRAIN_MS pass.  Every
 * received frame is checked byte for byte and freed.
 * @return 0, or -1 (a frame was wrong or the callback failed).
 */
int ethtest_forward(const struct ethtest_traffic *t, struct ethtest_fwd *r);

/** Print a run's counters on one line (for the test log). */
void ethtest_fwd_print(const char *what, const struct ethtest_fwd *r);

#endif /* ETHDEV_TEST_H */
