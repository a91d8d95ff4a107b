/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sim/sun4v platform construction and inspection: what the builder of the
 * simulated machine (board, tests, tools) uses.
 *
 * One `struct sun4v_platform` is one simulated machine: its hypervisor,
 * root complexes (each with a legacy IOMMU and an ATU), the PCIe fabric
 * (bridges with or without ACS, endpoint functions with requester IDs,
 * IOMMU groups derived as Linux does), the "real address" registry and the
 * fault log.  The other two audiences have their own headers:
 * sun4v_hv.h (hypervisor calls, for the OS side) and sun4v_dma.h (device
 * DMA, for device models; included here for the fault record types).
 *
 * "Real addresses" are host virtual addresses in this simulation; a range
 * counts as guest RAM only after sun4v_mem_register().
 *
 * Threading: every call is thread-safe (doc/design/platform.md §5-§6).
 * Configuration, fabric and inspection calls return 0 or a negative errno.
 */
#ifndef SUN4V_PLATFORM_H
#define SUN4V_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sun4v_dma.h"

#ifdef __cplusplus
extern "C" {
#endif

struct sun4v_platform;
struct sun4v_func;

/** Platform configuration; zero-initialised fields take the documented defaults. */
struct sun4v_platform_conf {
	unsigned int nb_rc;          /**< root complexes; 0 = default topology's count */
	uint64_t legacy_base;        /**< legacy window base; 0 = 0x80000000 */
	uint64_t legacy_size;        /**< legacy window size; 0 = 2 GB */
	unsigned int iotlb_entries;  /**< IOTLB entries per table; 0 = 64 */
	unsigned int map_cap;        /**< max TTEs one MAP/DEMAP call processes; 0 = 1024 */
	unsigned int max_iotsbs;     /**< IOTSBs per root complex; 0 = 32 */
	uint64_t hv_lat_ns;          /**< modeled latency per hypervisor call (default 0) */
	uint64_t hv_lat_per_tte_ns;  /**< modeled latency per TTE processed (default 0) */
	unsigned int fault_log_burst;    /**< fault log lines before rate limiting; 0 = 10 */
	unsigned int fault_log_per_sec;  /**< steady fault log lines per second; 0 = 1 */
	unsigned int quarantine_faults;  /**< faults within the window that quarantine; 0 = 1000 */
	uint64_t quarantine_window_ns;   /**< 0 = 1 s */
	bool empty_fabric;           /**< true: no default topology, tests build their own */
};

/**
 * Create a simulated machine.  Without empty_fabric it has the built-in
 * S7-2-like topology described in doc/design/platform.md §3.2.
 * @return 0, -EINVAL (bad field, named in the log), -ENOMEM.
 */
int sun4v_platform_create(const struct sun4v_platform_conf *conf,
			  struct sun4v_platform **out);

/** Destroy a machine; every IOTSB, mapping and registration goes with it. */
void sun4v_platform_destroy(struct sun4v_platform *p);

/* ------------------------------------------------------------------------ */
/* Real-address registry                                                    */

/** Declare [va, va+len) guest RAM.  @return 0, -EINVAL, -EEXIST (overlap), -ENOMEM. */
int sun4v_mem_register(struct sun4v_platform *p, void *va, size_t len);
/**
 * Remove a registration made with exactly (va, len).  Every IOTLB is
 * flushed, so later DMA to the range faults with SUN4V_FAULT_NO_RAM.
 * @return 0, -ENOENT, -EBUSY (a configured IOTSB table lives in the range).
 */
int sun4v_mem_unregister(struct sun4v_platform *p, void *va, size_t len);

/* ------------------------------------------------------------------------ */
/* Fabric                                                                   */

/** Number of root complexes. */
unsigned int sun4v_fabric_nb_rc(const struct sun4v_platform *p);
/** Devhandle of root complex @p rc.  @return 0, -ENODEV. */
int sun4v_fabric_rc_devhandle(const struct sun4v_platform *p, unsigned int rc,
			      uint64_t *devhandle);
/**
 * Add a PCIe bridge (switch port) under root complex @p rc, below
 * @p parent_bridge (-1 = directly on the root port).
 * @return bridge id >= 0, or -ENODEV, -EINVAL, -ENOSPC.
 */
int sun4v_fabric_add_bridge(struct sun4v_platform *p, unsigned int rc,
			    int parent_bridge, bool acs, const char *name);
/**
 * Add an endpoint function with requester ID @p bdf (bus 15:8, dev 7:3,
 * fn 2:0) below @p bridge (-1 = root port).
 * @return 0, -EEXIST (BDF taken on that RC), -ENODEV, -EINVAL, -ENOMEM.
 */
int sun4v_fabric_add_function(struct sun4v_platform *p, unsigned int rc,
			      int bridge, uint16_t bdf, struct sun4v_func **out);
/** Find a function by (rc, bdf).  @return 0, -ENODEV. */
int sun4v_fabric_find_function(struct sun4v_platform *p, unsigned int rc,
			       uint16_t bdf, struct sun4v_func **out);
/** Root complex index of a function. */
unsigned int sun4v_func_rc(const struct sun4v_func *fn);
/** Requester ID (BDF) of a function. */
uint16_t sun4v_func_bdf(const struct sun4v_func *fn);
/** IOMMU group id (Linux rules: functions behind a non-ACS bridge share one). */
int sun4v_func_group(const struct sun4v_func *fn);
/**
 * List the functions of group @p group: fills up to @p max handles and
 * returns the group's size (which may exceed @p max), or -ENOENT.
 */
int sun4v_group_functions(struct sun4v_platform *p, int group,
			  struct sun4v_func **fns, unsigned int max);
/**
 * Name of the nearest upstream bridge without ACS that puts @p fn in a
 * shared group, or NULL when its group is isolated.
 */
const char *sun4v_func_non_acs_bridge(const struct sun4v_func *fn);
/**
 * Put a function in (or out of) the bypass domain: its DMA addresses are
 * then bypass IO addresses (see PCI_IOMMU_GETBYPASS) instead of DVMA.
 */
int sun4v_func_set_bypass(struct sun4v_func *fn, bool bypass);
/** Clear a function's quarantine (the OS reset it).  @return 0. */
int sun4v_func_reset(struct sun4v_func *fn);

/** Fault records kept per platform (older ones are overwritten, counted as lost). */
#define SUN4V_FAULT_LOG_SIZE 1024
/** ATU address ranges per root complex (the `iommu-address-ranges` property). */
#define SUN4V_ATU_NB_RANGES 4
/** i40e ports of the default topology (see sun4v_platform_default_nic()). */
#define SUN4V_DEFAULT_NB_NIC_PORTS 4

/** Severity of a platform log message. */
enum sun4v_log_level {
	SUN4V_LOG_ERR = 1,
	SUN4V_LOG_WARNING,
	SUN4V_LOG_NOTICE,
	SUN4V_LOG_INFO,
	SUN4V_LOG_DEBUG,
};

/**
 * Log sink: receives one message (no trailing newline, no prefix).  Called
 * from any thread, possibly a device thread; must not call back into the
 * platform.
 */
typedef void (*sun4v_log_cb)(void *arg, enum sun4v_log_level level,
			     const char *msg);

/**
 * Set the sink used by platforms that have none of their own and by
 * sun4v_platform_create() errors.  NULL restores the default: stderr with
 * the prefix "sim.sun4v: ".
 */
void sun4v_log_set_default_sink(sun4v_log_cb cb, void *arg);
/** Route this platform's log to @p cb (NULL = the default sink). */
void sun4v_platform_set_log_sink(struct sun4v_platform *p, sun4v_log_cb cb,
				 void *arg);
/** Drop messages less severe than @p level (default SUN4V_LOG_NOTICE). */
void sun4v_platform_set_log_level(struct sun4v_platform *p,
				  enum sun4v_log_level level);

/** Time source in nanoseconds (tests use it to step fault-log time). */
typedef uint64_t (*sun4v_clock_cb)(void *arg);
/**
 * Replace the clock used for fault timestamps, log rate limiting and the
 * quarantine window (NULL = CLOCK_MONOTONIC).  The hypercall latency model
 * always spins on the real clock.
 */
void sun4v_platform_set_clock(struct sun4v_platform *p, sun4v_clock_cb cb,
			      void *arg);

/** Change the per-call TTE cap at run time.  @return 0, -EINVAL (0 or > 65535). */
int sun4v_platform_set_map_cap(struct sun4v_platform *p, unsigned int cap);
/** Change the modeled hypercall latency (ns per call, ns per TTE). */
void sun4v_platform_set_hv_latency(struct sun4v_platform *p, uint64_t per_call_ns,
				   uint64_t per_tte_ns);
/**
 * Enable or disable bypass support (default on).  Off: GETBYPASS answers
 * HV_ENOTSUPPORTED and sun4v_func_set_bypass(fn, true) fails with -ENOTSUP.
 */
void sun4v_platform_set_bypass_support(struct sun4v_platform *p, bool on);

/**
 * Parse "key=value[,key=value...]" into @p conf (fields not named keep their
 * value).  Keys are the field names of struct sun4v_platform_conf; numbers
 * accept C prefixes (0x...) and K/M/G suffixes; empty_fabric takes 0/1.
 * @return 0, -EINVAL (the bad key or value is logged).
 */
int sun4v_platform_conf_parse(struct sun4v_platform_conf *conf,
			      const char *kvlist);

/**
 * The function of i40e port @p port (0..3) of the default topology.
 * @return 0, -ENODEV (no such port: empty fabric or fewer root complexes).
 */
int sun4v_platform_default_nic(struct sun4v_platform *p, unsigned int port,
			       struct sun4v_func **out);

/** Platform a function belongs to. */
struct sun4v_platform *sun4v_func_platform(const struct sun4v_func *fn);
/** True while the function is in the bypass domain. */
bool sun4v_func_bypass(const struct sun4v_func *fn);

/** One {base, size} pair of the `iommu-address-ranges` property. */
struct sun4v_atu_range {
	uint64_t base; /**< first IOVA */
	uint64_t size; /**< bytes */
};

/**
 * ATU address ranges of root complex @p rc (same for every RC; see
 * HV_ATU_RANGE* in <hw/sun4v_hv_abi.h>).
 * @return SUN4V_ATU_NB_RANGES, -ENODEV.
 */
int sun4v_atu_ranges(const struct sun4v_platform *p, unsigned int rc,
		     struct sun4v_atu_range ranges[SUN4V_ATU_NB_RANGES]);
/** The `iommu-pagesizes` property: HV_PGSZ_MASK_* bits (HV_ATU_PGSZ_MASK). */
uint64_t sun4v_atu_pagesizes(const struct sun4v_platform *p);
/** Legacy `virtual-dma` window of root complex @p rc.  @return 0, -ENODEV. */
int sun4v_legacy_window(const struct sun4v_platform *p, unsigned int rc,
			uint64_t *base, uint64_t *size);

/** Counters of one translation table (legacy window or ATU IOTSB). */
struct sun4v_table_stats {
	uint64_t handle;          /**< 0 = legacy, else the IOTSB handle */
	uint64_t iova_base;       /**< first IOVA covered */
	uint64_t page_size;       /**< IO page size in bytes */
	uint64_t entries;         /**< IOTTEs in the table */
	uint64_t entries_in_use;  /**< valid IOTTEs now */
	uint64_t nbound;          /**< functions that can use the table */
	uint64_t ttes_mapped;     /**< IOTTEs written by MAP calls */
	uint64_t ttes_demapped;   /**< IOTTEs cleared by DEMAP calls */
	uint64_t iotlb_entries;   /**< IOTLB size */
	uint64_t iotlb_hits;      /**< translations served by the IOTLB */
	uint64_t iotlb_misses;    /**< translations that walked the table */
	uint64_t iotlb_flushes;   /**< flush operations (DEMAP, ATU MAP, ...) */
	uint64_t iotlb_flushed;   /**< IOTLB entries invalidated by them */
};

/**
 * Counters of table @p handle (0 = legacy) of root complex @p rc.  Hit and
 * miss counts are exact with one device thread per table and may lose
 * increments under concurrent DMA (they are relaxed, not locked).
 * @return 0, -ENODEV (rc), -ENOENT (handle).
 */
int sun4v_table_stats_get(struct sun4v_platform *p, unsigned int rc,
			  uint64_t handle, struct sun4v_table_stats *out);

/** Counters of one function. */
struct sun4v_func_stats {
	uint64_t dma_reads;          /**< successful sun4v_dma_read() calls */
	uint64_t dma_writes;         /**< successful sun4v_dma_write() calls */
	uint64_t dma_read_bytes;
	uint64_t dma_write_bytes;
	uint64_t faults[SUN4V_FAULT_NB_REASONS]; /**< faults by reason */
	uint64_t blocked;            /**< accesses refused while quarantined */
	uint64_t quarantines;        /**< times the function was quarantined */
	bool quarantined;            /**< quarantined now */
};

/** Read a function's counters. */
void sun4v_func_stats_get(const struct sun4v_func *fn,
			  struct sun4v_func_stats *out);

/** Platform-wide fault counters. */
struct sun4v_fault_stats {
	uint64_t faults;                             /**< recorded faults */
	uint64_t by_reason[SUN4V_FAULT_NB_REASONS];  /**< recorded, by reason */
	uint64_t logged;       /**< fault log lines written */
	uint64_t suppressed;   /**< fault log lines dropped by the rate limit */
	uint64_t quarantines;  /**< functions quarantined */
	uint64_t blocked;      /**< accesses refused while quarantined (not recorded) */
	uint64_t lost;         /**< records overwritten in the ring (older than the last SUN4V_FAULT_LOG_SIZE) */
};

/** Read the platform's fault counters. */
void sun4v_fault_stats_get(struct sun4v_platform *p,
			   struct sun4v_fault_stats *out);

/**
 * Read fault records newer than *@p cursor (a sequence number; start
 * with 0), oldest first, at most @p max of them; *@p cursor is advanced
 * past the last one returned.  Records overwritten since the last poll are
 * skipped and counted in *@p nlost (may be NULL).
 * @return number of records copied (0 when none is new).
 */
int sun4v_fault_poll(struct sun4v_platform *p, uint64_t *cursor,
		     struct sun4v_fault *out, unsigned int max,
		     uint64_t *nlost);

/**
 * Fault notification (the OS side's "eventfd").  Called in the thread that
 * raised the fault, after the record is stored, for every recorded fault
 * (including the one SUN4V_FAULT_QUARANTINED record made when a function is
 * quarantined).  Must be quick and must not call back into the platform.
 */
typedef void (*sun4v_fault_cb)(void *arg, const struct sun4v_fault *f);

/** Register a fault callback.  @return id >= 0, -EINVAL, -ENOSPC (8 max). */
int sun4v_fault_cb_register(struct sun4v_platform *p, sun4v_fault_cb cb,
			    void *arg);
/**
 * Unregister; waits for running callbacks to return (so never call it from
 * inside a callback).  @return 0, -ENOENT.
 */
int sun4v_fault_cb_unregister(struct sun4v_platform *p, int id);

#ifdef __cplusplus
}
#endif

#endif /* SUN4V_PLATFORM_H */
