/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Simulated sun4v platform: the public API of sim/sun4v.
 *
 * One `struct sun4v_platform` is one simulated machine: its hypervisor,
 * root complexes (each with a legacy IOMMU and an ATU), the PCIe fabric
 * (bridges with or without ACS, endpoint functions with requester IDs,
 * IOMMU groups derived as Linux does), the "real address" registry and the
 * fault log.  Three kinds of callers use it:
 *
 *  - the OS side (lib/vfio_sun4v) issues hypervisor calls through the
 *    sun4v_hv_*() wrappers below.  They return hypervisor status codes
 *    (HV_EOK, HV_EINVAL, ... from <hw/sun4v_hv_abi.h>) exactly as the real
 *    fast trap does, including partial progress; nothing here speaks errno;
 *  - device models (sim/i40e) touch driver memory only through
 *    sun4v_dma_read()/sun4v_dma_write() with their function handle;
 *  - tests and tools configure the machine (sun4v_platform_create(), fabric
 *    building, bypass, fault log).
 *
 * "Real addresses" are host virtual addresses in this simulation; a range
 * counts as guest RAM only after sun4v_mem_register().
 *
 * Threading: every call is thread-safe.  Hypervisor calls on one root
 * complex are serialised by that root complex's lock; the DMA path takes no
 * lock on an IOTLB hit (see doc/design/platform.md §5-§6).
 *
 * Configuration and fabric calls return 0 or a negative errno; the
 * hypervisor wrappers return HV status codes; the DMA API returns 0 or a
 * negative errno and records a fault.
 */
#ifndef SUN4V_SIM_H
#define SUN4V_SIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/** True while the function is quarantined (DMA blocked). */
bool sun4v_func_quarantined(const struct sun4v_func *fn);

/* ------------------------------------------------------------------------ */
/* Hypervisor calls (doc/spec/sun4v-hv-api.md).  Return an HV_* status.      */

/**
 * Generic fast trap: function number @p fn, arguments in args[0..4],
 * return values 1..4 in rets[0..3].  Unknown numbers give HV_EBADTRAP.
 */
uint64_t sun4v_hv_fast_trap(struct sun4v_platform *p, uint64_t fn,
			    const uint64_t args[5], uint64_t rets[4]);

uint64_t sun4v_hv_pci_iommu_map(struct sun4v_platform *p, uint64_t devhandle,
				uint64_t tsbid, uint64_t nttes,
				uint64_t io_attrs, uint64_t io_page_list_ra,
				uint64_t *nmapped);
uint64_t sun4v_hv_pci_iommu_demap(struct sun4v_platform *p,
				  uint64_t devhandle, uint64_t tsbid,
				  uint64_t nttes, uint64_t *ndemapped);
/** Legacy GETMAP: attributes in @p attrs (RET1), real address in @p ra (RET2). */
uint64_t sun4v_hv_pci_iommu_getmap(struct sun4v_platform *p,
				   uint64_t devhandle, uint64_t tsbid,
				   uint64_t *attrs, uint64_t *ra);
uint64_t sun4v_hv_pci_iommu_getbypass(struct sun4v_platform *p,
				      uint64_t devhandle, uint64_t ra,
				      uint64_t attrs, uint64_t *io_addr);
uint64_t sun4v_hv_pci_dma_sync(struct sun4v_platform *p, uint64_t devhandle,
			       uint64_t ra, uint64_t size, uint64_t dir,
			       uint64_t *nsynced);

uint64_t sun4v_hv_iotsb_conf(struct sun4v_platform *p, uint64_t devhandle,
			     uint64_t r_addr, uint64_t size,
			     uint64_t pagesize, uint64_t iova,
			     uint64_t *handle);
uint64_t sun4v_hv_iotsb_info(struct sun4v_platform *p, uint64_t devhandle,
			     uint64_t handle, uint64_t *r_addr,
			     uint64_t *size, uint64_t *pagesize,
			     uint64_t *iova, uint64_t *nbound);
uint64_t sun4v_hv_iotsb_unconf(struct sun4v_platform *p, uint64_t devhandle,
			       uint64_t handle);
uint64_t sun4v_hv_iotsb_bind(struct sun4v_platform *p, uint64_t devhandle,
			     uint64_t handle, uint64_t pci_device);
uint64_t sun4v_hv_iotsb_unbind(struct sun4v_platform *p, uint64_t devhandle,
			       uint64_t handle, uint64_t pci_device);
uint64_t sun4v_hv_iotsb_get_binding(struct sun4v_platform *p,
				    uint64_t devhandle, uint64_t pci_device,
				    uint64_t iova, uint64_t *handle);
uint64_t sun4v_hv_iotsb_map(struct sun4v_platform *p, uint64_t devhandle,
			    uint64_t handle, uint64_t index_count,
			    uint64_t attrs, uint64_t io_page_list_ra,
			    uint64_t *nmapped);
uint64_t sun4v_hv_iotsb_map_one(struct sun4v_platform *p, uint64_t devhandle,
				uint64_t handle, uint64_t iotsb_index,
				uint64_t attrs, uint64_t r_addr);
uint64_t sun4v_hv_iotsb_demap(struct sun4v_platform *p, uint64_t devhandle,
			      uint64_t handle, uint64_t iotsb_index,
			      uint64_t niottes, uint64_t *ndemapped);
/** ATU GETMAP: real address in @p r_addr (RET1), attributes in @p attrs (RET2). */
uint64_t sun4v_hv_iotsb_getmap(struct sun4v_platform *p, uint64_t devhandle,
			       uint64_t handle, uint64_t iotsb_index,
			       uint64_t *r_addr, uint64_t *attrs);
uint64_t sun4v_hv_iotsb_sync_mappings(struct sun4v_platform *p,
				      uint64_t devhandle, uint64_t handle,
				      uint64_t iotsb_index, uint64_t niottes,
				      uint64_t *nsynced);

/* ------------------------------------------------------------------------ */
/* Device-side DMA (used by device models only)                             */

/** Why a DMA access failed. */
enum sun4v_fault_reason {
	SUN4V_FAULT_NONE = 0,
	SUN4V_FAULT_UNMAPPED,        /**< no valid IOTTE for the DVMA */
	SUN4V_FAULT_PROTECTION,      /**< IOTTE lacks R (device read) or W (device write) */
	SUN4V_FAULT_OUT_OF_WINDOW,   /**< DVMA outside every window bound to the function */
	SUN4V_FAULT_BYPASS_DENIED,   /**< bypass address used by a function not in bypass */
	SUN4V_FAULT_QUARANTINED,     /**< function quarantined after a fault storm */
	SUN4V_FAULT_NO_RAM,          /**< translation hit a real address that is not RAM */
};

/** Direction of a device access, as seen from the device. */
enum sun4v_dma_dir {
	SUN4V_DMA_READ = 1,  /**< device reads memory (needs R) */
	SUN4V_DMA_WRITE = 2, /**< device writes memory (needs W) */
};

/** One recorded fault. */
struct sun4v_fault {
	uint64_t seq;                  /**< 1, 2, ... per platform */
	uint64_t time_ns;              /**< CLOCK_MONOTONIC */
	unsigned int rc;               /**< root complex index */
	uint16_t bdf;                  /**< requester ID */
	uint64_t dvma;                 /**< faulting address */
	enum sun4v_dma_dir dir;
	enum sun4v_fault_reason reason;
	uint64_t iotsb_handle;         /**< 0 = legacy table, else ATU IOTSB */
	uint64_t page_size;            /**< IO page size of that table (0 if none) */
	uint64_t iova_base;            /**< first IOVA of that table (0 if none):
					*   with the page size it gives the IOTSB index */
};

/**
 * Device reads @p len bytes at @p dvma into @p dst.  Walks IOTLB then IOTSB,
 * checks R permission, splits at IO page boundaries.  On any failure no byte
 * is copied, a fault is recorded and -EFAULT (unmapped / window / no RAM),
 * -EACCES (protection) or -EPERM (quarantined / bypass denied) is returned.
 */
int sun4v_dma_read(struct sun4v_func *fn, uint64_t dvma, void *dst,
		   size_t len);
/** Device writes; as sun4v_dma_read() with W permission. */
int sun4v_dma_write(struct sun4v_func *fn, uint64_t dvma, const void *src,
		    size_t len);

/* ------------------------------------------------------------------------ */
/* Additions: tuning, observation and notification (doc/design/platform.md)  */

/** Number of enum sun4v_fault_reason values (array bound for counters). */
#define SUN4V_FAULT_NB_REASONS (SUN4V_FAULT_NO_RAM + 1)
/** Fault records kept per platform (older ones are overwritten, counted as lost). */
#define SUN4V_FAULT_LOG_SIZE 1024
/** ATU address ranges per root complex (the `iommu-address-ranges` property). */
#define SUN4V_ATU_NB_RANGES 4
/** ATU IOTSBs one function may be bound to at once (different IOVA spans). */
#define SUN4V_MAX_BINDINGS 4
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

/** Counters of one hypervisor service. */
struct sun4v_hv_call_stats {
	uint64_t calls;  /**< calls made */
	uint64_t ttes;   /**< TTEs (or entries) processed, for MAP/DEMAP/SYNC */
	uint64_t errors; /**< calls that returned a status other than HV_EOK */
};

/**
 * Counters of service number @p fn_number (e.g. HV_FAST_PCI_IOTSB_MAP).
 * @return 0, -ENOENT (not a simulated service).
 */
int sun4v_hv_call_stats_get(struct sun4v_platform *p, uint64_t fn_number,
			    struct sun4v_hv_call_stats *out);
/** Zero every service counter. */
void sun4v_hv_call_stats_reset(struct sun4v_platform *p);

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

#endif /* SUN4V_SIM_H */
