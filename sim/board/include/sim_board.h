/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The simulated machine, as a PCI driver sees it (doc/design/board.md).
 *
 * sim/board owns everything a driver does not: the sun4v platform (root
 * complexes, fabric, guest-RAM registry), the placement of XL710 functions
 * on it, which functions belong to host drivers, the cables between ports
 * and the thread the NIC silicon runs on.  A driver gets what a real one
 * gets from its bus and OS:
 *  - a function handle (struct sim_board_fn) with a BAR0 register
 *    transport: sim_board_reg_read(), sim_board_reg_write(),
 *    sim_board_doorbell(), and, for an inline engine, sim_board_poll();
 *  - the function's IOMMU group number and the platform handle that
 *    lib/vfio_sun4v's containers need (the OS's side of the IOMMU);
 *  - link state and a link-change counter.
 *
 * One board per process (a machine is global, as hardware is).  It is
 * created by the first sim_board_get() and destroyed by the last
 * sim_board_put().  Control functions are serialised by the board's lock;
 * the transport and sim_board_engine_run() take no lock per packet.
 *
 * Plain C, no DPDK: the PMD registers sim_board_engine_run() as a DPDK
 * service; anything else may call it from its own thread.
 *
 * Return convention: 0 or a count, or a negative errno; an error message
 * (when an @p err buffer is given) names the offending value.
 */
#ifndef SIM_BOARD_H
#define SIM_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "i40e_sim.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sim_board;
struct sim_board_fn;
struct sun4v_platform;
struct sun4v_func;

/** Log sink; @p level uses syslog numbering plus one, as rte_log does
 *  (4 = error, 5 = warning, 6 = notice, 7 = info, 8 = debug). */
typedef void (*sim_board_log_cb)(void *arg, int level, const char *msg);

/** Nanosecond clock (monotonic) for line-rate pacing. */
typedef uint64_t (*sim_board_clock_cb)(void *arg);

/** Bits of sim_board_conf::set: which machine-wide fields the caller
 *  chose explicitly (the others take the machine's value). */
enum sim_board_key {
	SIM_BOARD_KEY_IOTLB = 1u << 0,
	SIM_BOARD_KEY_HV_LAT = 1u << 1,
	SIM_BOARD_KEY_LEGACY_WINDOW = 1u << 2,
};

/** Machine-wide parameters.  Zero fields take the documented defaults. */
struct sim_board_conf {
	uint32_t iotlb_entries;    /**< IOTLB entries per table; 0 = 64 */
	uint64_t hv_lat_ns;        /**< modeled hypervisor-call latency (ns) */
	uint32_t legacy_window_mb; /**< legacy DVMA window per RC; 0 = 2048 */
	uint32_t set;              /**< enum sim_board_key bits */
	sim_board_log_cb log;      /**< NULL = stderr */
	void *log_arg;
	int log_level;             /**< most verbose level emitted; 0 = 6 */
	sim_board_clock_cb clock;  /**< NULL = CLOCK_MONOTONIC */
	void *clock_arg;
};

/** Effective machine parameters (sim_board_info()). */
struct sim_board_info {
	uint32_t iotlb_entries;
	uint64_t hv_lat_ns;
	uint32_t legacy_window_mb;
	unsigned int nb_rc;        /**< root complexes */
	unsigned int nb_fns;       /**< functions handed to drivers now */
	char owner[64];            /**< who created the machine */
};

/**
 * Join the process's machine, creating it on first use.  A later caller
 * whose explicitly set fields (conf->set) differ from the machine's fails
 * with -EINVAL and a message naming the key, both values and @p who's
 * predecessor that created the machine.
 * @return 0, -EINVAL, -ENOMEM.
 */
int sim_board_get(const struct sim_board_conf *conf, const char *who,
		  struct sim_board **out, char *err, size_t errlen);

/** Leave the machine; the last user destroys it (releasing host claims
 *  is the OS's business, done before). */
void sim_board_put(struct sim_board *b);

/** Effective parameters of the machine.  @return 0. */
int sim_board_info(struct sim_board *b, struct sim_board_info *out);

/** The platform handle an OS needs to create vfio_sun4v containers. */
struct sun4v_platform *sim_board_platform(struct sim_board *b);

/**
 * Tell the machine that [va, va+len) is RAM (the OS's memory map).  DMA
 * to anything else faults.
 * @return 0, -EEXIST (already RAM), -EINVAL, -ENOMEM.
 */
int sim_board_mem_register(struct sim_board *b, void *va, size_t len);

/** Undo sim_board_mem_register() for exactly that range. */
int sim_board_mem_unregister(struct sim_board *b, void *va, size_t len);

/**
 * Functions the firmware hands to host drivers (the built-in machine's
 * SAS HBA and USB controllers): an OS claims them so that groups holding
 * one are not viable for user-space drivers.
 * @return the number of such functions (may exceed @p max).
 */
int sim_board_host_functions(struct sim_board *b, struct sun4v_func **fns,
			     unsigned int max);

/* ------------------------------------------------------------------------ */
/* Functions                                                                */

/** Who runs the device's engines. */
enum sim_board_engine {
	SIM_BOARD_ENGINE_INLINE = 0, /**< the driver's poll/doorbell calls */
	SIM_BOARD_ENGINE_SERVICE,    /**< sim_board_engine_run(), on its own lcore */
};

/** What a driver asks for. */
struct sim_board_fn_req {
	const char *name;          /**< the port's name (peers find it by it) */
	unsigned int rc;           /**< root complex */
	bool bdf_set;              /**< else: next free XL710 of the machine */
	uint16_t bdf;              /**< bus 15:8, device 7:3, function 2:0 */
	bool dev_rc_set;           /**< miswire: the device DMAs through ... */
	unsigned int dev_rc;       /**< ... this root complex's IOMMU */
	uint32_t speed_mbps;       /**< 10000/25000/40000/100000; 0 = 40000 */
	bool pace;                 /**< line-rate pacing */
	bool pps_limit_set;        /**< pps_limit given (else the model's
				    *   default, I40E_SIM_DEFAULT_PPS_LIMIT) */
	uint32_t pps_limit;        /**< modeled TX packet-rate limit, frames/s;
				    *   0 = none (doc/spec/i40e-sim.md §7) */
	unsigned int nb_queues;    /**< queue pairs; 0 = 128 */
	enum sim_board_engine engine;
};

/** Where a function sits (sim_board_fn_info()). */
struct sim_board_fn_info {
	unsigned int rc;           /**< root complex of the driver's IOMMU */
	uint16_t bdf;              /**< requester ID */
	int group;                 /**< IOMMU group (vfio_sun4v_group_attach()) */
	bool miswired;             /**< dev_rc differs from rc */
	unsigned int dev_rc;       /**< root complex the device really uses */
	enum sim_board_engine engine;
};

/**
 * Hand the driver a function: the requested bdf (added under the root
 * port when the topology lacks it), else the next free XL710 of the
 * built-in machine on rc 0, else a new function 0x10+n:00.0.  The device
 * starts with its link administratively down and wired to a sink.
 * @return 0, -ENODEV (no such rc), -EBUSY (bdf taken), -EEXIST (name
 *   taken), -EINVAL, -ENOMEM, -ENOSPC.
 */
int sim_board_fn_open(struct sim_board *b, const struct sim_board_fn_req *req,
		      struct sim_board_fn **out, char *err, size_t errlen);

/** Unwire, destroy the device and give the function back. */
void sim_board_fn_close(struct sim_board_fn *fn);

/** Where the function sits.  @return 0. */
int sim_board_fn_info(const struct sim_board_fn *fn,
		      struct sim_board_fn_info *out);

/* ---- BAR0 transport (doc/spec/i40e-sim.md §2) ---------------------------- */

/** 32-bit register read at BAR0 @p offset.  @return as i40e_sim_reg_read(). */
int sim_board_reg_read(struct sim_board_fn *fn, uint32_t offset,
		       uint32_t *value);

/** 32-bit register write.  @return as i40e_sim_reg_write(). */
int sim_board_reg_write(struct sim_board_fn *fn, uint32_t offset,
			uint32_t value);

/** QTX_TAIL write (the doorbell).  Inline, it runs the TX engine in the
 *  caller; with a service engine it only posts the tail. */
int sim_board_doorbell(struct sim_board_fn *fn, uint16_t queue, uint32_t tail);

/** Inline engine: let the device advance (once per burst).  With a
 *  service engine this is a no-op returning 0. */
int sim_board_poll(struct sim_board_fn *fn);

/* ---- wiring and link ------------------------------------------------------ */

/** What the function's cable is plugged into. */
enum sim_board_wire {
	SIM_BOARD_WIRE_SINK = 0,   /**< frames are counted and dropped */
	SIM_BOARD_WIRE_SELF,       /**< loopback plug */
	SIM_BOARD_WIRE_PEER,       /**< another function, by name */
};

/**
 * Plug the cable.  For a peer: if the named function exists and has
 * plugged its own cable, it must name this one back (else -EINVAL) and
 * both are connected; if it does not exist or has not plugged yet, the
 * cable waits without a partner (its frames are dropped and counted) and
 * the return value is 1 (the peer's own sim_board_fn_wire() connects
 * both).  A cable has two ends: if another function waits for this one,
 * this one must name it back, whatever @p kind (else -EINVAL, naming both).
 * @return 0 connected, 1 waiting for the peer, -EINVAL (peer wired
 *   elsewhere, a waiter not named back, speed mismatch, self by name),
 *   -EBUSY.
 */
int sim_board_fn_wire(struct sim_board_fn *fn, enum sim_board_wire kind,
		      const char *peer, char *err, size_t errlen);

/**
 * True when the function's cable names a peer that is not connected: not
 * opened yet, not plugged yet, or gone.  Until it plugs back, frames the
 * function sends are dropped and counted (i40e_sim_port_stats::
 * tx_link_down).
 */
bool sim_board_fn_peer_waiting(struct sim_board_fn *fn);

/** Administrative link state (the driver's start/stop). */
void sim_board_fn_set_admin(struct sim_board_fn *fn, bool up);

/**
 * Link state: admin up, not quarantined, plugged in, and for a peer the
 * peer connected and admin up.
 */
bool sim_board_fn_link_up(struct sim_board_fn *fn);

/** Link-change counter: moves whenever the link state may have changed
 *  (either end's admin state, cabling, quarantine). */
uint64_t sim_board_fn_link_changes(struct sim_board_fn *fn);

/* ---- device control ----------------------------------------------------- */

/** Link-partner generator (i40e_sim_gen_set()); NULL stops it. */
int sim_board_fn_gen_set(struct sim_board_fn *fn,
			 const struct i40e_sim_gen_conf *conf);

/** Device misbehaviour for fault tests (i40e_sim_inject_set()). */
int sim_board_fn_inject_set(struct sim_board_fn *fn,
			    const struct i40e_sim_inject_conf *conf);

/** True when the platform quarantined the device's requester. */
bool sim_board_fn_quarantined(struct sim_board_fn *fn);

/** Function-level reset: lifts a quarantine and resets the device
 *  (queues off, registers to defaults; counters kept).  @return 0. */
int sim_board_fn_reset(struct sim_board_fn *fn);

/* ---- counters ------------------------------------------------------------- */

/** The device's port counters.  @return 0. */
int sim_board_fn_stats(struct sim_board_fn *fn, struct i40e_sim_port_stats *out);

/** One queue's counters.  @return 0, -EINVAL. */
int sim_board_fn_queue_stats(struct sim_board_fn *fn, uint16_t queue,
			     struct i40e_sim_queue_stats *rx,
			     struct i40e_sim_queue_stats *tx);

/** Zero the device's counters.  @return 0. */
int sim_board_fn_stats_reset(struct sim_board_fn *fn);

/** What the IOMMU saw of the device's requester (its error registers). */
struct sim_board_iommu_stats {
	uint64_t faults;           /**< DMA faults, all reasons */
	uint64_t blocked;          /**< accesses refused while quarantined */
	uint64_t quarantines;      /**< times quarantined */
};

/** IOMMU counters of the device's requester.  @return 0. */
int sim_board_fn_iommu_stats(struct sim_board_fn *fn,
			     struct sim_board_iommu_stats *out);

/**
 * IOTLB counters of one translation table of the function's root complex
 * (the IOMMU's performance registers): @p iotsb_handle is an ATU IOTSB
 * handle, or 0 for the legacy table.
 * @return 0, -ENODEV, -ENOENT.
 */
int sim_board_fn_iotlb_stats(struct sim_board_fn *fn, uint64_t iotsb_handle,
			     uint64_t *hits, uint64_t *misses);

/* ---- the engine thread ---------------------------------------------------- */

/**
 * One round of device work for every function whose engine is
 * SIM_BOARD_ENGINE_SERVICE: pending doorbells, paced TX, RX delivery, the
 * generator.  Meant to be called in a loop by one thread (a DPDK service
 * lcore).  A round that finds the board's control lock taken is skipped.
 * @return frames written into RX rings this round.
 */
int sim_board_engine_run(struct sim_board *b);

/** Functions that sim_board_engine_run() serves now. */
unsigned int sim_board_engine_users(struct sim_board *b);

#ifdef __cplusplus
}
#endif

#endif /* SIM_BOARD_H */
