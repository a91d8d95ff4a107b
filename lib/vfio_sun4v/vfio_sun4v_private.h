/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * @internal
 * Private structures of lib/vfio_sun4v shared by its .c files.
 *
 * Bookkeeping of mappings (doc/design/vfio_sun4v.md, "Mapping records"):
 * every window keeps one state byte per IOTSB entry.  A mapping is a run of
 * entries whose first byte has V4_ST_START and whose others have only
 * V4_ST_USED; it ends at the next entry that is free or starts another
 * mapping.  V4_ST_BUSY marks a range whose hypercalls are in flight (map or
 * unmap), so nobody else may unmap it while the table lock is dropped.
 * This gives O(1) reservation for the single-page fast path, exact-match
 * unmap checks in O(pages), and no allocation per call.
 */
#ifndef VFIO_SUN4V_PRIVATE_H
#define VFIO_SUN4V_PRIVATE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <hw/sun4v_hv_abi.h>

#include "sun4v_hv.h"
#include "vfio_sun4v.h"

/** State byte bits of one window entry (see file comment). */
#define V4_ST_USED 0x1u  /**< entry reserved or mapped */
#define V4_ST_START 0x2u /**< first entry of a mapping */
#define V4_ST_BUSY 0x4u  /**< hypercalls in flight on this mapping */

/** io_page_list buffers per container (each one 8 KB page of 1024 RAs). */
#define V4_NB_LISTS 16u

/** One IOVA window translated by one table (legacy TSB or ATU IOTSB). */
struct v4_window {
	pthread_mutex_t lock;   /**< guards @c state and @c used */
	uint64_t page_size;     /**< IO page size in bytes */
	unsigned int page_shift;/**< log2(page_size) */
	uint64_t iova_base;     /**< first DVMA */
	uint64_t iova_size;     /**< DVMA bytes covered */
	uint64_t nb_entries;    /**< iova_size >> page_shift */
	uint8_t *state;         /**< nb_entries state bytes; NULL until configured */
	atomic_uint_fast64_t used; /**< entries with V4_ST_USED (relaxed reads) */
	atomic_bool configured; /**< table usable (acquire/release) */
	bool legacy;            /**< legacy TSB (PCI_IOMMU_*) vs ATU IOTSB */
	uint64_t handle;        /**< ATU IOTSB handle (0 for legacy) */
	void *tsb_mem;          /**< ATU table memory, registered guest RAM */
	uint64_t tsb_bytes;     /**< its size */
};

/** One io_page_list buffer slot. */
struct v4_list {
	pthread_mutex_t lock;   /**< held while the list is in use */
	uint64_t *ents;         /**< 1024 RAs in one 8 KB-aligned page */
};

/** One attached group with its functions. */
struct v4_group {
	int id;                 /**< sun4v_func_group() id */
	unsigned int nb_fns;    /**< entries of @c fns */
	struct sun4v_func **fns;/**< functions (owned array) */
};

/** Counters, all relaxed atomics (cheap to read from another thread). */
struct v4_counters {
	atomic_uint_fast64_t hv_map_calls;
	atomic_uint_fast64_t hv_demap_calls;
	atomic_uint_fast64_t hv_map_ttes;
	atomic_uint_fast64_t hv_demap_ttes;
	atomic_uint_fast64_t hv_zero_progress;
	atomic_uint_fast64_t dma_map_errors;
	atomic_uint_fast64_t dma_unmap_errors;
	atomic_uint_fast64_t rollbacks;
	atomic_uint_fast64_t faults;
};

struct vfio_sun4v_container {
	struct sun4v_platform *p;       /**< the machine */
	struct vfio_sun4v_container *next; /**< registry list (vfio_sun4v_container.c) */
	pthread_mutex_t cfg_lock;       /**< groups, type, lazy IOTSB configuration */
	int rc;                         /**< root complex, -1 before the first group */
	uint64_t devhandle;             /**< its devhandle */
	enum vfio_sun4v_iommu_type type;/**< current type */
	unsigned int nb_groups;         /**< entries of @c groups */
	struct v4_group *groups;        /**< attached groups */
	unsigned int nb_windows;        /**< valid entries of @c win */
	struct v4_window win[VFIO_SUN4V_MAX_WINDOWS]; /**< ascending page size */
	void *list_mem;                 /**< V4_NB_LISTS pages, registered RAM */
	struct v4_list lists[V4_NB_LISTS]; /**< io_page_list slots */
	struct v4_counters cnt;         /**< statistics */
	pthread_mutex_t fault_lock;     /**< callback registration, poll cursor */
	vfio_sun4v_fault_cb fault_cb;   /**< callback or NULL */
	void *fault_arg;                /**< its argument */
	int fault_cb_id;                /**< platform callback id, -1 = none */
	uint64_t fault_cursor;          /**< sun4v_fault_poll() cursor */
	/** Requester IDs of attached functions, read lock-free by the fault path. */
	atomic_uint_fast64_t bdf_map[65536 / 64];
};

/* --- logging (vfio_sun4v_log.c) ----------------------------------------- */

void v4_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define V4_LOG(lvl, fmt, ...) \
	v4_log(VFIO_SUN4V_LOG_##lvl, "%s: " fmt, __func__, ##__VA_ARGS__)

/**
 * May an error line that can fire once per mapping be logged now?  Asks the
 * process's one log rate limiter (common/logrl, style-anchors §5.5); on
 * true, *@p suppressed is the number of such lines held back since the
 * last one, which the line reports.
 */
bool v4_log_ratelimit(uint64_t *suppressed);

static inline void
v4_inc(atomic_uint_fast64_t *c, uint64_t n)
{
	atomic_fetch_add_explicit(c, n, memory_order_relaxed);
}

/* --- windows (vfio_sun4v_window.c) ---------------------------------------- */

/** Find the window of the container holding [iova, iova+len), or NULL. */
struct v4_window *v4_window_find(struct vfio_sun4v_container *c,
				 uint64_t iova, uint64_t len);
/** Lay out the windows of @p type (not configured yet).  @return 0/-errno. */
int v4_windows_setup(struct vfio_sun4v_container *c,
		     enum vfio_sun4v_iommu_type type);
/** Make @p w usable (ATU: CONF + BIND lazily).  Caller holds no lock. */
int v4_window_configure(struct vfio_sun4v_container *c, struct v4_window *w);
/** Demap everything, unbind, unconfigure, free.  Caller holds cfg_lock. */
void v4_windows_teardown(struct vfio_sun4v_container *c);
/** Bind (or unbind) @p fns to every configured ATU window.  cfg_lock held. */
int v4_windows_bind(struct vfio_sun4v_container *c, struct sun4v_func **fns,
		    unsigned int nb_fns, bool bind);

/** Reserve [idx, idx+n) as a new busy mapping.  @return 0, -EEXIST, -ENOSPC. */
int v4_range_reserve(struct v4_window *w, uint64_t idx, uint64_t n);
/** Mapping finished: clear BUSY (ok) or free the range (!ok). */
void v4_range_finish_map(struct v4_window *w, uint64_t idx, uint64_t n,
			 bool ok);
/** Claim the mapping that is exactly [idx, idx+n) for unmap.  @return 0/-errno. */
int v4_range_claim(struct v4_window *w, uint64_t idx, uint64_t n);
/** Unmap finished: free the range (ok) or clear BUSY again (!ok). */
void v4_range_finish_unmap(struct v4_window *w, uint64_t idx, uint64_t n,
			   bool ok);

/* --- hypercall batching (vfio_sun4v_dma.c) -------------------------------- */

/** Demap @p n entries at @p idx, looping on partial progress. */
int v4_hv_demap_range(struct vfio_sun4v_container *c, struct v4_window *w,
		      uint64_t idx, uint64_t n);

/* --- faults (vfio_sun4v_fault.c) ------------------------------------------- */

/** Add or remove @p fns from the container's requester-ID filter. */
void v4_fault_filter_set(struct vfio_sun4v_container *c,
			 struct sun4v_func **fns, unsigned int nb_fns, bool on);
/** Unregister the platform callback, if any (container destroy). */
void v4_fault_fini(struct vfio_sun4v_container *c);

#endif /* VFIO_SUN4V_PRIVATE_H */
