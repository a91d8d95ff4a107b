/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Simulated Intel XL710 port: the public API of sim/i40e.
 *
 * One `struct i40e_sim_port` is one 40 GbE port of the simulated NIC.  The
 * driver reaches it only through the transport below (doc/spec/i40e-sim.md
 * §2): 32-bit register reads and writes at BAR0 offsets from
 * <hw/i40e_hw.h>, a TX doorbell (the QTX_TAIL write) and a poll hook the
 * driver calls once per burst.  The model touches driver memory only with
 * sun4v_dma_read()/sun4v_dma_write() and the port's `struct sun4v_func`.
 *
 * The device advances only when it is touched (doorbell, poll, register
 * write), so a single-threaded run with a caller-provided clock is fully
 * deterministic (§9).
 *
 * Threading (§9.2): any thread may call any transport function.  A port's
 * TX engine runs under the port's TX lock, taken once per doorbell (not per
 * packet); RX delivery runs under the port's RX flag, tried once per poll
 * (a poll that finds another thread delivering returns at once).  Each
 * direction of a link is a single-producer/single-consumer FIFO.  Control
 * functions (create, destroy, connect, generator, inject) must not race
 * with traffic on the ports involved.
 *
 * Return convention: 0 / count, or a negative errno; nothing here aborts on
 * bad input.  Mistakes of the driver (bad ring config, malformed TX
 * descriptors, unknown register) are *guest errors*: counted, logged
 * rate-limited, and handled as §8 documents.
 */
#ifndef I40E_SIM_H
#define I40E_SIM_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sun4v_func;
struct i40e_sim_port;

/** Queues a port implements by default (RX and TX each). */
#define I40E_SIM_DEFAULT_QUEUES 128u
/** Most queues a port can implement (8-bit redirection-table entries). */
#define I40E_SIM_MAX_QUEUES     256u
/** Default bytes of the per-port inbound wire FIFO (§6.3). */
#define I40E_SIM_DEFAULT_FIFO_BYTES (4u << 20)
/** Default RX packet buffer (modeled, §4.6): a frame whose queue has no
 *  free descriptor waits while the line fills this many bytes behind it. */
#define I40E_SIM_DEFAULT_RX_PB_BYTES (512u << 10)
/** Default TX look-ahead: how far the TX engine may run ahead of the wire (§7). */
#define I40E_SIM_DEFAULT_TX_AHEAD_NS 10000u
/** Default packet-rate limit of a port's TX engine (modeled, §7): the
 *  XL710's ~37 Mpps small-packet processing limit (facts §4.2). */
#define I40E_SIM_DEFAULT_PPS_LIMIT 37000000u

/**
 * Time source: returns the current time in nanoseconds (monotonic).  The
 * driver may pass a TSC-based clock; tests pass a manual one.
 */
typedef uint64_t (*i40e_sim_clock_cb)(void *arg);

/** Port configuration; zero fields take the documented defaults. */
struct i40e_sim_port_conf {
	struct sun4v_func *func;     /**< requester for every DMA (required) */
	const char *name;            /**< for log lines; copied; NULL = "i40e_sim" */
	uint32_t speed_mbps;         /**< 10000/25000/40000/100000; 0 = 40000 */
	bool pace_off;               /**< true: no line-rate pacing (raw capacity) */
	i40e_sim_clock_cb clock;     /**< NULL = clock_gettime(CLOCK_MONOTONIC) */
	void *clock_arg;             /**< passed to @p clock */
	unsigned int nb_queues;      /**< RX and TX queues; 0 = 128, max 256 */
	uint32_t fifo_bytes;         /**< inbound wire FIFO, power of 2 >= 64 KiB; 0 = 4 MiB */
	uint32_t tx_ahead_ns;        /**< TX look-ahead when paced; 0 = 10000 */
	uint32_t rx_pb_bytes;        /**< RX packet buffer (§4.6); 0 = 512 KiB */
	/** true: @c pps_limit is the modeled packet-rate limit (§7), 0 = no
	 *  limit; false: I40E_SIM_DEFAULT_PPS_LIMIT */
	bool pps_limit_set;
	uint32_t pps_limit;          /**< frames per second the TX engine sends at most */
	/** true: a doorbell only records the tail; the TX engine runs in
	 *  i40e_sim_poll(), called by the thread that runs the device (§9.3) */
	bool tx_deferred;
};

/**
 * Create a port: all queues disabled, RSS off, link to a sink (up).
 * @return 0, -EINVAL (bad field; the log names it), -ENOMEM.
 */
int i40e_sim_port_create(const struct i40e_sim_port_conf *conf,
			 struct i40e_sim_port **out);

/** Destroy a port; its peer (if any) is left connected to a sink. */
void i40e_sim_port_destroy(struct i40e_sim_port *port);

/* ------------------------------------------------------------------------ */
/* Transport: what the driver uses (doc/spec/i40e-sim.md §2)                */

/**
 * Read the 32-bit register at BAR0 offset @p offset.
 * @return 0; -EINVAL for an offset the model does not implement (a guest
 *   error; *value is then 0xFFFFFFFF as on a master abort).
 */
int i40e_sim_reg_read(struct i40e_sim_port *port, uint32_t offset,
		      uint32_t *value);

/**
 * Write the 32-bit register at BAR0 offset @p offset.  A QTX_TAIL write is
 * the doorbell and runs the TX engine in the calling thread (§5).
 * @return 0; -EINVAL (unknown offset, queue not implemented or value out
 *   of range), -EPERM (read-only register), -EBUSY (context register of an
 *   enabled queue).  All three are guest errors, the write is ignored.
 */
int i40e_sim_reg_write(struct i40e_sim_port *port, uint32_t offset,
		       uint32_t value);

/**
 * Fast doorbell: identical to i40e_sim_reg_write(port, QTX_TAIL(queue),
 * tail) without the register decode.
 * @return as i40e_sim_reg_write().
 */
int i40e_sim_tx_doorbell(struct i40e_sim_port *port, uint16_t queue,
			 uint32_t tail);

/**
 * Poll hook, called by the driver once per RX (and TX) burst: continues TX
 * work left pending by pacing, delivers the frames whose wire time has come
 * into the RX rings, runs the link-partner generator, and notices platform
 * quarantine (§4.1, §6, §8).
 * @return frames written into RX rings by this call (>= 0): delivered to
 *   this port, plus those its TX work moved straight into a peer's posted
 *   buffers and wrote back at once (§6.2).  Frames a peer's doorbell moved
 *   into this port's buffers are not counted here (the port counters
 *   have them).
 */
int i40e_sim_poll(struct i40e_sim_port *port);

/* ------------------------------------------------------------------------ */
/* Wire (§6)                                                                */

/**
 * Connect two ports back to back; @p a == @p b is loopback.  Ports must
 * have the same speed.  Any previous connection is replaced and the FIFOs
 * are emptied.
 * @return 0, -EINVAL (speed mismatch), -EBUSY (a generator is active).
 */
int i40e_sim_port_connect(struct i40e_sim_port *a, struct i40e_sim_port *b);

/** Connect the port (and its former peer) to sinks.  @return 0. */
int i40e_sim_port_disconnect(struct i40e_sim_port *port);

/**
 * Leave the port's cable without a partner (its peer is absent or gone,
 * §6.1): no carrier, so every frame it transmits is dropped and counted in
 * tx_link_down (the XL710's GLPRT_TDOLD); its former peer goes to a sink.
 * @return 0, -EINVAL, -EBUSY (a generator is the link partner).
 */
int i40e_sim_port_unplug(struct i40e_sim_port *port);

/**
 * Administrative link state (a cable pull).  Going down, the port first
 * receives what has arrived by now, then drops what is still on its way
 * in (counted in rx_link_down, §6.2): nothing stays in flight.
 * @return 0.
 */
int i40e_sim_port_set_link(struct i40e_sim_port *port, bool up);

/** Link-partner generator settings (§6.4). */
struct i40e_sim_gen_conf {
	uint32_t frame_len;  /**< bytes on the wire incl. FCS, 64..9728; 0 = 64 */
	uint32_t nb_flows;   /**< distinct 5-tuples, round robin; 0 = 1 */
	uint64_t rate_pps;   /**< frames per second when paced; 0 = line rate */
	uint64_t count;      /**< frames in total; 0 = unlimited */
	uint32_t burst;      /**< frames per poll when pacing is off; 0 = 32 */
	bool ipv6;           /**< IPv6 instead of IPv4 */
	bool tcp;            /**< TCP instead of UDP */
	/** Test facility (§6.4): frame n (from 1) carries a wrong IPv4 header
	 *  checksum when n % bad_ip_every == 0, a wrong TCP/UDP checksum when
	 *  n % bad_l4_every == 0; 0 = never. */
	uint32_t bad_ip_every;
	uint32_t bad_l4_every;
};

/**
 * Start (conf != NULL) or stop (NULL) the generator feeding this port's
 * RX.  The port must not have a peer (its TX goes to the sink).
 * @return 0, -EINVAL (bad field), -EBUSY (port has a peer).
 */
int i40e_sim_gen_set(struct i40e_sim_port *port,
		     const struct i40e_sim_gen_conf *conf);

/* ------------------------------------------------------------------------ */
/* Fault injection (§8.3; issue 7 `inject=`)                                */

/** What the device does wrong. */
enum i40e_sim_inject_mode {
	I40E_SIM_INJECT_OFF = 0,
	I40E_SIM_INJECT_DVMA,   /**< write the RX frame to conf.dvma instead */
	I40E_SIM_INJECT_STALE,  /**< write it to a buffer from a whole ring lap ago */
};

/** Fault-injection settings. */
struct i40e_sim_inject_conf {
	enum i40e_sim_inject_mode mode;
	uint64_t dvma;    /**< target for I40E_SIM_INJECT_DVMA */
	uint32_t every;   /**< inject on every Nth RX buffer write; 0 = off */
};

/** Set (or clear, conf == NULL) fault injection.  @return 0, -EINVAL. */
int i40e_sim_inject_set(struct i40e_sim_port *port,
			const struct i40e_sim_inject_conf *conf);

/* ------------------------------------------------------------------------ */
/* Reset, state and counters                                                */

/**
 * Port reset (the PFGEN_CTRL.PFSWR write does the same): disables every
 * queue, restores register defaults, empties the inbound FIFO and, if the
 * platform no longer quarantines the function, brings the link back up.
 * Counters are kept.  @return 0.
 */
int i40e_sim_port_reset(struct i40e_sim_port *port);

/** True when the link is up (admin up and function not quarantined). */
bool i40e_sim_link_up(const struct i40e_sim_port *port);

/** Queues implemented (RX and TX each). */
unsigned int i40e_sim_nb_queues(const struct i40e_sim_port *port);

/** Port counters (§10).  Snapshots: exact once traffic has stopped. */
struct i40e_sim_port_stats {
	uint64_t rx_packets;         /**< frames written into RX rings */
	uint64_t rx_bytes;           /**< their bytes (no FCS) */
	uint64_t rx_missed;          /**< imissed: no free descriptor, or FIFO overflow */
	uint64_t rx_fifo_overflow;   /**< part of rx_missed: inbound FIFO was full */
	uint64_t rx_oversize;        /**< frame over rxmax / 5 buffers: dropped */
	uint64_t rx_no_queue;        /**< steered to a disabled/absent queue: dropped */
	uint64_t rx_link_down;       /**< arrived while the link was down, or
				      *   still on the way in when it went
				      *   down: dropped */
	uint64_t rx_filtered;        /**< dropped by the receive filter: a
				      *   MAC the port does not accept (§4.8) */
	uint64_t rx_descs;           /**< RX descriptors written back */
	uint64_t rx_tail_writes;     /**< QRX_TAIL writes */
	uint64_t tx_packets;         /**< frames put on the wire (or sink) */
	uint64_t tx_bytes;           /**< their bytes (no FCS) */
	uint64_t tx_descs;           /**< TX descriptors consumed (data + context) */
	uint64_t tx_ctx_descs;       /**< of which context descriptors (§5.2) */
	uint64_t tx_malformed;       /**< packets dropped as malformed (guest error) */
	uint64_t tx_dma_dropped;     /**< packets dropped on a DMA read fault */
	uint64_t tx_sink;            /**< frames swallowed by the sink */
	uint64_t tx_link_down;       /**< frames dropped: cable without a
				      *   partner (§6.1, GLPRT_TDOLD) */
	uint64_t tx_direct;          /**< frames moved straight into a peer's
				      *   posted RX buffer (one copy, §6.2) */
	uint64_t doorbells;          /**< QTX_TAIL writes */
	uint64_t polls;              /**< i40e_sim_poll() calls */
	uint64_t dma_read_faults;    /**< failed device reads (descriptors, TX data) */
	uint64_t dma_write_faults;   /**< failed device writes (RX data, write-backs) */
	uint64_t guest_errors;       /**< driver mistakes (§8.1) */
	uint64_t gen_frames;         /**< frames sent by the generator */
	uint64_t injected;           /**< fault injections performed */
	uint64_t rx_ip_csum_errors;  /**< frames received with IPE (§4.9) */
	uint64_t rx_l4_csum_errors;  /**< frames received with L4E (§4.9) */
	uint64_t gen_bad_ip_csum;    /**< generator frames sent with a wrong
				      *   IPv4 header checksum (§6.4) */
	uint64_t gen_bad_l4_csum;    /**< ... with a wrong TCP/UDP checksum */
	uint64_t tx_tso_packets;     /**< TSO packets segmented (§5.7) */
	uint64_t tx_tso_segments;    /**< frames they became (in tx_packets) */
};

/** Per-queue counters. */
struct i40e_sim_queue_stats {
	uint64_t packets;   /**< frames */
	uint64_t bytes;     /**< bytes (no FCS) */
	uint64_t descs;     /**< descriptors processed */
	uint64_t missed;    /**< RX only: no free descriptor */
	uint64_t errors;    /**< DMA faults and malformed packets on this queue */
};

/** Copy the port counters.  @return 0. */
int i40e_sim_port_stats_get(const struct i40e_sim_port *port,
			    struct i40e_sim_port_stats *out);

/** Copy one queue's counters.  @return 0, -EINVAL (no such queue). */
int i40e_sim_queue_stats_get(const struct i40e_sim_port *port, uint16_t queue,
			     struct i40e_sim_queue_stats *rx,
			     struct i40e_sim_queue_stats *tx);

/** Zero every counter of the port and its queues.  @return 0. */
int i40e_sim_port_stats_reset(struct i40e_sim_port *port);

#ifdef __cplusplus
}
#endif

#endif /* I40E_SIM_H */
