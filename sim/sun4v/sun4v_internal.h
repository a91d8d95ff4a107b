/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * @internal
 * Private structures of sim/sun4v, shared by its translation units only.
 * doc/design/platform.md explains the model; this header is its C form.
 *
 * Locking (outermost first; never taken in the other order):
 *  - p->fabric_lock  bridges/functions/groups;
 *  - rc->lock        every hypervisor call on that root complex;
 *  - p->mem_lock     real-address registry writers;
 *  - p->iotsb_lock   the set of IOTSB table memory ranges (all RCs);
 *  - p->fault_lock   fault ring, rate limiter, quarantine windows;
 *  - p->cb_lock      fault callbacks (read-held while calling them).
 * The DMA path takes no lock unless it faults or misses in the IOTLB and
 * even then only reads the registry snapshot (lock-free).
 */
#ifndef SUN4V_INTERNAL_H
#define SUN4V_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hw/sun4v_hv_abi.h>

/* The implementation serves all three audiences. */
#include "sun4v_dma.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"

#define SUN4V_MAX_RC 8
#define SUN4V_MAX_BRIDGES 64        /**< per root complex */
#define SUN4V_MAX_FUNCS 256         /**< per root complex */
#define SUN4V_MAX_IOTSBS_LIMIT 256  /**< upper bound of conf.max_iotsbs */
#define SUN4V_MAX_FAULT_CBS 8
#define SUN4V_MAX_IOTLB 65536
#define SUN4V_MAX_MAP_CAP 65535
/** Devhandle of root complex i: 0x200 + 0x100 * i ([assumption]). */
#define SUN4V_DEVHANDLE(i) (0x200ULL + 0x100ULL * (i))
/** Host VAs used as real addresses must fit the IOTTE RA field. */
#define SUN4V_RA_LIMIT (1ULL << 48)
#define SUN4V_CACHELINE 64

/*
 * Internal IOTTE format (the guest never sees it; it lives in the legacy
 * array or in the guest's IOTSB table memory, which the guest must not
 * touch after CONF):
 *   bits 5:0   R, W, L, (3 reserved), phantom, as in io_attributes
 *   bit 6      valid
 *   bits 47:13 real address of the page (pages are >= 8 KB aligned)
 *   bits 63:48 requester-ID filter (0 = any)
 */
#define SUN4V_TTE_ATTR_MASK                                                \
	(HV_PCI_MAP_ATTR_RW | HV_PCI_MAP_ATTR_RELAXED_ORDER |              \
	 HV_PCI_MAP_ATTR_PHANTOM_MASK)
#define SUN4V_TTE_V (1ULL << 6)
#define SUN4V_TTE_RA_MASK 0x0000ffffffffe000ULL
#define SUN4V_TTE_BDF_SHIFT 48
/** Returned by sun4v_iotlb_miss() only: the IOTTE's page is no longer RAM
 *  (bit 3 is must-be-zero in attributes, so never stored in a table). */
#define SUN4V_TTE_NORAM (1ULL << 3)

/** Build an IOTTE from a page RA and io_attributes (already validated). */
static inline uint64_t
sun4v_tte_make(uint64_t ra, uint64_t attrs)
{
	return (ra & SUN4V_TTE_RA_MASK) | (attrs & SUN4V_TTE_ATTR_MASK) |
	       SUN4V_TTE_V |
	       ((uint64_t)sun4v_hv_abi_attrs_bdf(attrs) << SUN4V_TTE_BDF_SHIFT);
}

/** io_attributes of an IOTTE as GETMAP returns them. */
static inline uint64_t
sun4v_tte_attrs(uint64_t tte)
{
	return (tte & SUN4V_TTE_ATTR_MASK) |
	       ((tte >> SUN4V_TTE_BDF_SHIFT) << HV_PCI_MAP_ATTR_BDF_SHIFT);
}

/** Relaxed, possibly lossy increment for hot-path counters (no lock prefix). */
static inline void
sun4v_count(_Atomic uint64_t *c, uint64_t n)
{
	atomic_store_explicit(c, atomic_load_explicit(c, memory_order_relaxed) + n,
			      memory_order_relaxed);
}

/** One IOTLB slot, guarded by its own sequence count (odd = being written). */
struct sun4v_tlb_entry {
	_Atomic uint64_t seq;
	_Atomic uint64_t tag;  /**< table index + 1; 0 = invalid */
	_Atomic uint64_t tte;
	uint64_t pad;
};

/** Direct-mapped translation cache of one table, keyed by table index. */
struct sun4v_iotlb {
	struct sun4v_tlb_entry *e;
	uint64_t mask;                 /**< entries - 1 (power of two) */
	_Atomic uint64_t gen;          /**< bumped by every flush, before it */
	_Alignas(SUN4V_CACHELINE) _Atomic uint64_t hits;
	_Atomic uint64_t misses;
	_Alignas(SUN4V_CACHELINE) _Atomic uint64_t flushes;
	_Atomic uint64_t flushed;
};

struct sun4v_rc;

/** A translation table: the legacy window or one ATU IOTSB. */
struct sun4v_table {
	/* Hot, read by the DMA path; constant while the table is reachable. */
	uint64_t lo;                   /**< IOVA base */
	uint64_t span;                 /**< bytes covered */
	unsigned int shift;            /**< log2(page size) */
	_Atomic uint64_t *tte;         /**< nentries IOTTEs */
	uint64_t nentries;
	struct sun4v_iotlb tlb;
	/* Cold, under rc->lock. */
	struct sun4v_rc *rc;
	uint64_t handle;               /**< 0 = legacy */
	uint64_t r_addr;               /**< table memory (UINT64_MAX for legacy) */
	uint64_t size;                 /**< table bytes */
	bool configured;
	uint16_t gen;                  /**< handle generation of this slot */
	unsigned int nbound;
	_Atomic uint64_t in_use;
	_Atomic uint64_t mapped;
	_Atomic uint64_t demapped;
};

struct sun4v_bridge {
	int parent;                    /**< -1 = root port */
	bool acs;
	int group;                     /**< group of functions it anchors, -1 */
	char name[48];
};

struct sun4v_func {
	/* Hot. */
	struct sun4v_rc *rc;
	_Atomic(struct sun4v_table *) bind[SUN4V_MAX_BINDINGS];
	atomic_bool bypass;
	atomic_bool quarantined;
	uint16_t bdf;
	_Atomic uint64_t xgen;         /**< bumped when bindings or bypass change:
					*   engines' translation caches drop */
	_Alignas(SUN4V_CACHELINE) _Atomic uint64_t reads;
	_Atomic uint64_t writes;
	_Atomic uint64_t read_bytes;
	_Atomic uint64_t write_bytes;
	_Atomic uint64_t blocked;
	_Atomic uint64_t faults[SUN4V_FAULT_NB_REASONS];
	/* Cold. */
	int bridge;
	int group;
	int anchor;                    /**< topmost non-ACS bridge, -1 */
	uint64_t quarantines;          /**< under p->fault_lock */
	uint64_t win_start;            /**< quarantine window, p->fault_lock */
	uint64_t win_count;
};

struct sun4v_rc {
	struct sun4v_platform *p;
	unsigned int idx;
	uint64_t devhandle;
	pthread_mutex_t lock;
	struct sun4v_table legacy;
	struct sun4v_table *iotsb;     /**< conf.max_iotsbs slots */
	unsigned int nbridges;
	struct sun4v_bridge bridges[SUN4V_MAX_BRIDGES];
	unsigned int nfuncs;
	struct sun4v_func *funcs[SUN4V_MAX_FUNCS];
};

/** Immutable snapshot of the real-address registry (sorted, disjoint). */
struct sun4v_mem_snap {
	struct sun4v_mem_snap *retired;  /**< older snapshots, freed at destroy */
	unsigned int n;
	struct { uint64_t lo, hi; } r[];
};

/** Service counter slot. */
struct sun4v_hv_counter {
	_Atomic uint64_t calls;
	_Atomic uint64_t ttes;
	_Atomic uint64_t errors;
};

#define SUN4V_NB_SERVICES 20  /**< 0xb0..0xb8 and 0x190..0x19a */

struct sun4v_fault_cb_slot {
	sun4v_fault_cb cb;
	void *arg;
};

struct sun4v_platform {
	struct sun4v_platform_conf conf;  /**< with defaults applied */
	unsigned int nrc;
	struct sun4v_rc *rc[SUN4V_MAX_RC];
	int nic_rc[SUN4V_DEFAULT_NB_NIC_PORTS];   /**< default topology, -1 */
	uint16_t nic_bdf[SUN4V_DEFAULT_NB_NIC_PORTS];

	pthread_mutex_t fabric_lock;
	int next_group;

	pthread_mutex_t mem_lock;
	_Atomic(struct sun4v_mem_snap *) mem;
	_Atomic uint64_t mem_gen;      /**< bumped by every registry change */
	pthread_mutex_t iotsb_lock;

	_Atomic unsigned int map_cap;
	_Atomic uint64_t lat_call_ns;
	_Atomic uint64_t lat_tte_ns;
	atomic_bool bypass_ok;
	struct sun4v_hv_counter hv[SUN4V_NB_SERVICES];

	pthread_mutex_t log_lock;      /**< sink, level */
	sun4v_log_cb log_cb;
	void *log_arg;
	_Atomic int log_level;
	sun4v_clock_cb clock_cb;
	void *clock_arg;

	pthread_mutex_t fault_lock;
	uint64_t fault_seq;
	struct sun4v_fault ring[SUN4V_FAULT_LOG_SIZE];
	uint64_t rl_credit;            /**< rate limiter, in 1e-9 log lines */
	uint64_t rl_last_ns;
	struct sun4v_fault_stats fstats;
	_Atomic uint64_t blocked;
	pthread_rwlock_t cb_lock;
	struct sun4v_fault_cb_slot cbs[SUN4V_MAX_FAULT_CBS];
};

/* sun4v_platform.c */
void sun4v_log(struct sun4v_platform *p, enum sun4v_log_level level,
	       const char *fmt, ...) __attribute__((format(printf, 3, 4)));
uint64_t sun4v_now_ns(struct sun4v_platform *p);
struct sun4v_rc *sun4v_rc_by_devhandle(struct sun4v_platform *p,
				       uint64_t devhandle);

/* sun4v_mem.c */
bool sun4v_mem_contains(struct sun4v_platform *p, uint64_t ra, uint64_t len);
/** Bytes of registered RAM from @p ra to the end of its range (0 = not RAM). */
uint64_t sun4v_mem_avail(struct sun4v_platform *p, uint64_t ra);
void sun4v_mem_fini(struct sun4v_platform *p);

/* sun4v_fabric.c */
int sun4v_fabric_init(struct sun4v_platform *p);
void sun4v_fabric_fini(struct sun4v_platform *p);
struct sun4v_func *sun4v_rc_func(struct sun4v_rc *rc, uint16_t bdf);

/* sun4v_iotlb.c */
int sun4v_iotlb_init(struct sun4v_iotlb *tlb, unsigned int entries);
void sun4v_iotlb_fini(struct sun4v_iotlb *tlb);
void sun4v_iotlb_reset(struct sun4v_iotlb *tlb);
uint64_t sun4v_iotlb_miss(struct sun4v_table *t, uint64_t idx);
void sun4v_iotlb_flush(struct sun4v_iotlb *tlb, uint64_t idx, uint64_t n);
void sun4v_iotlb_flush_all(struct sun4v_iotlb *tlb);

/**
 * IOTLB lookup: a few loads and compares, no lock.  Returns the cached
 * IOTTE of table index @p idx, or 0 on a miss (counted by the caller's
 * miss path).  Seqlock read side: the entry is consistent only when the
 * sequence count is even and unchanged across the reads.  Writers store
 * tag and tte with release after making the count odd, and the reader
 * loads them with acquire, so a reader that sees a new value also sees the
 * odd count in its second read (no fences: plain moves on x86, and
 * ThreadSanitizer can check it).
 */
static inline uint64_t
sun4v_iotlb_lookup(struct sun4v_iotlb *tlb, uint64_t idx)
{
	struct sun4v_tlb_entry *e = &tlb->e[idx & tlb->mask];
	uint64_t s1 = atomic_load_explicit(&e->seq, memory_order_acquire);
	uint64_t tag = atomic_load_explicit(&e->tag, memory_order_acquire);
	uint64_t tte = atomic_load_explicit(&e->tte, memory_order_acquire);

	if ((s1 & 1) != 0 || tag != idx + 1 ||
	    atomic_load_explicit(&e->seq, memory_order_relaxed) != s1)
		return 0;
	sun4v_count(&tlb->hits, 1);
	return tte;
}

/* sun4v_table.c */
int sun4v_table_init_legacy(struct sun4v_rc *rc, uint64_t base, uint64_t size,
			    unsigned int iotlb_entries);
void sun4v_table_fini(struct sun4v_table *t);
unsigned int sun4v_map_cap(struct sun4v_platform *p);
uint64_t sun4v_table_map_list(struct sun4v_table *t, uint64_t idx, uint64_t n,
			      uint64_t attrs, uint64_t list_ra, bool flush,
			      uint64_t *done);
uint64_t sun4v_table_map_one(struct sun4v_table *t, uint64_t idx,
			     uint64_t attrs, uint64_t ra);
uint64_t sun4v_table_demap(struct sun4v_table *t, uint64_t idx, uint64_t n);
void sun4v_table_stats_fill(struct sun4v_table *t, uint64_t nbound,
			    struct sun4v_table_stats *out);

/* sun4v_atu.c */
bool sun4v_atu_iotsb_in(struct sun4v_platform *p, uint64_t lo, uint64_t len);
struct sun4v_table *sun4v_atu_lookup(struct sun4v_rc *rc, uint64_t handle);

/* sun4v_hv.c */
uint64_t sun4v_hv_account(struct sun4v_platform *p, uint64_t fn_number,
			  uint64_t status, uint64_t ttes);

/* sun4v_fault.c */
void sun4v_fault_init(struct sun4v_platform *p);
void sun4v_fault_fini(struct sun4v_platform *p);
int sun4v_fault_raise(struct sun4v_func *fn, uint64_t dvma,
		      enum sun4v_dma_dir dir, enum sun4v_fault_reason reason,
		      const struct sun4v_table *t);
int sun4v_fault_blocked(struct sun4v_func *fn);

#endif /* SUN4V_INTERNAL_H */
