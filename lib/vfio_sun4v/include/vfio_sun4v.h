/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * lib/vfio_sun4v: the OS side of the sun4v IOMMU, with a VFIO-type1-like API.
 *
 * A **container** is one DMA translation domain on one simulated machine
 * (`struct sun4v_platform`).  IOMMU **groups** (the PCIe fabric's isolation
 * units, see sun4v_func_group()) are attached to it; every function of an
 * attached group then translates DMA through the container's tables.  The
 * container's root complex is fixed by its first group: all groups of one
 * container sit under one root complex (a second root complex gives
 * -EXDEV).
 *
 * The IOMMU type is chosen once with vfio_sun4v_set_iommu():
 *  - ::VFIO_SUN4V_IOMMU_LEGACY: the root complex's shared legacy table
 *    (one window, 8 KB IO pages, 262,144 entries for the default 2 GB).
 *    Only one container per root complex may own it (-EBUSY otherwise);
 *    share that container between the ports of the root complex.
 *  - ::VFIO_SUN4V_IOMMU_ATU: per-container IOTSBs in 64-bit DVMA space.
 *    The ATU has one page size per IOTSB, so the container exposes one
 *    fixed IOVA **window per IO page size** (vfio_sun4v_get_info()); an
 *    IOTSB is configured lazily the first time a window is mapped into.
 *    The 8 KB window (per-descriptor mapping) and the huge-page windows
 *    (pre-mapped pools) therefore coexist in one container.  A function
 *    can be bound to at most SUN4V_MAX_BINDINGS IOTSBs, so at most that
 *    many windows can be in use at once (a further one gives -ENOSPC;
 *    the limit is the hypervisor's, see sun4v_hv.h).
 *  - ::VFIO_SUN4V_IOMMU_BYPASS: functions use bypass IO addresses (real
 *    addresses translated by PCI_IOMMU_GETBYPASS); map/unmap only check.
 *
 * Mapping rules (doc/design/vfio_sun4v.md, "Page-size policy"):
 *  - vfio_sun4v_map_dma() maps [vaddr, vaddr+len) at [iova, iova+len).  The
 *    window holding @c iova decides the IO page size; vaddr, iova and len
 *    must all be multiples of it.  vfio_sun4v_pick_page_size() gives the
 *    largest page size that the alignment of a buffer allows, so a caller
 *    can pick the window before allocating DVMA in it.
 *  - vaddr ranges must be registered guest RAM (vfio_sun4v_mem_register()
 *    or sun4v_mem_register()); nothing is registered automatically.
 *  - Hypervisor calls carry at most 1024 TTEs (one 8 KB io_page_list that
 *    lives in registered RAM owned by the container), loop on partial
 *    progress, treat "HV_EOK with zero progress" as an error after
 *    ::VFIO_SUN4V_ZERO_PROGRESS_RETRIES retries, and roll back on failure.
 *  - vfio_sun4v_unmap_dma() must name exactly one whole mapping: partial or
 *    spanning unmaps are refused (the SPDK #1705 wrong-buffer lesson).
 *
 * Errors: every function returns 0 (or a count) or a negative errno.
 * Hypervisor status codes are converted in exactly one place,
 * vfio_sun4v_hv_errno().
 *
 * Threading: map/unmap (including the single-page fast path) may run
 * concurrently from any number of threads on one container; each table has
 * its own lock that only guards the bookkeeping, hypercalls run outside it
 * on a reserved range.  Group attach/detach, set_iommu and destroy must not
 * race with map/unmap on the same container.  Statistics are relaxed
 * atomics, readable at any time without a lock.
 */
#ifndef VFIO_SUN4V_H
#define VFIO_SUN4V_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hw/sun4v_hv_abi.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The machine and its PCI functions are opaque here: this header does not
 * re-export the simulator, a caller that builds the machine includes
 * sun4v_platform.h itself.
 */
struct sun4v_platform;
struct sun4v_func;
struct vfio_sun4v_container;

/** IOMMU type of a container (vfio_sun4v_set_iommu()). */
enum vfio_sun4v_iommu_type {
	VFIO_SUN4V_IOMMU_NONE = 0,   /**< not chosen yet */
	VFIO_SUN4V_IOMMU_LEGACY = 1, /**< RC-wide legacy table, 8 KB pages, 32-bit DVMA */
	VFIO_SUN4V_IOMMU_ATU = 2,    /**< per-container IOTSBs, 64-bit DVMA, huge pages */
	VFIO_SUN4V_IOMMU_BYPASS = 3, /**< no translation (the `iommu=pt` analogue) */
};

/** @name DMA permission flags for map calls (device's point of view) */
/**@{*/
#define VFIO_SUN4V_DMA_READ  (1u << 0) /**< device may read the memory (TX) */
#define VFIO_SUN4V_DMA_WRITE (1u << 1) /**< device may write the memory (RX) */
#define VFIO_SUN4V_DMA_RELAXED_ORDER (1u << 2) /**< advisory relaxed ordering */
/**@}*/

/** Most TTEs one hypervisor map/demap call carries: one 8 KB list page. */
#define VFIO_SUN4V_BATCH_TTES 1024u
/** "HV_EOK with zero progress" answers tolerated in a row before -EIO. */
#define VFIO_SUN4V_ZERO_PROGRESS_RETRIES 3u
/** Upper bound on vfio_sun4v_info::nb_windows. */
#define VFIO_SUN4V_MAX_WINDOWS 8u

/** One IOVA window: a range translated with one IO page size. */
struct vfio_sun4v_window {
	uint64_t page_size;     /**< IO page size in bytes */
	uint64_t iova_base;     /**< first DVMA of the window */
	uint64_t iova_size;     /**< bytes of DVMA the window covers */
	uint64_t entries_total; /**< iova_size / page_size */
	uint64_t entries_used;  /**< entries mapped or reserved right now */
	bool configured;        /**< table exists (ATU: IOTSB configured lazily) */
	uint64_t iotsb_handle;  /**< ATU IOTSB handle; 0 = legacy table or none */
};

/** Snapshot returned by vfio_sun4v_get_info(). */
struct vfio_sun4v_info {
	enum vfio_sun4v_iommu_type type; /**< current type */
	int rc;                  /**< root complex index, -1 before the first group */
	uint64_t devhandle;      /**< devhandle of that root complex */
	/**
	 * Supported IO page sizes, VFIO style: bit n set means 2^n bytes is
	 * supported (so the value is the OR of the sizes).
	 */
	uint64_t page_sizes;
	unsigned int nb_windows; /**< valid entries of @c windows */
	struct vfio_sun4v_window windows[VFIO_SUN4V_MAX_WINDOWS]; /**< by page size, ascending */
	uint64_t entries_total;  /**< sum over windows */
	uint64_t entries_used;   /**< sum over windows */
	unsigned int nb_groups;  /**< groups attached */
};

/**
 * Counters of one container (become PMD xstats: hv_map_calls,
 * hv_demap_calls, hv_map_ttes, dma_map_errors, iotsb_entries_used).
 */
struct vfio_sun4v_stats {
	uint64_t hv_map_calls;     /**< MAP / IOTSB_MAP / IOTSB_MAP_ONE calls issued */
	uint64_t hv_demap_calls;   /**< DEMAP / IOTSB_DEMAP calls issued */
	uint64_t hv_map_ttes;      /**< TTEs the hypervisor reported mapped */
	uint64_t hv_demap_ttes;    /**< TTEs the hypervisor reported demapped */
	uint64_t hv_zero_progress; /**< HV_EOK answers that made no progress */
	uint64_t dma_map_errors;   /**< map calls that returned an error */
	uint64_t dma_unmap_errors; /**< unmap calls that returned an error */
	uint64_t rollbacks;        /**< failed maps whose mapped part was demapped */
	uint64_t faults;           /**< fault records delivered (callback or poll) */
	uint64_t iotsb_entries_used; /**< entries in use, sum over windows */
	/** entries in use per window, same order as vfio_sun4v_info::windows */
	uint64_t window_entries_used[VFIO_SUN4V_MAX_WINDOWS];
};

/**
 * Convert a hypervisor status to a negative errno: the only place in the
 * project where this happens (mapping table in doc/design/vfio_sun4v.md).
 *
 * @param hv_status
 *   An HV_* status from <hw/sun4v_hv_abi.h>.
 * @return
 *   0 for HV_EOK, else a negative errno (never 0 for a failure; unknown
 *   codes give -EIO).
 */
int vfio_sun4v_hv_errno(uint64_t hv_status);

/**
 * Create an empty container on @p p (no group, type NONE).
 *
 * @param p
 *   The machine; must outlive the container.
 * @param out
 *   Receives the container.
 * @return
 *   0, -EINVAL (NULL argument), -ENOMEM, or the errno of registering the
 *   container's io_page_list buffers as guest RAM.
 */
int vfio_sun4v_container_create(struct sun4v_platform *p,
				struct vfio_sun4v_container **out);

/**
 * Destroy a container: demap every mapping, detach every group (unbind /
 * leave bypass), unconfigure IOTSBs, release the io_page_list buffers.
 * Failures on the way are logged and counted, never fatal.  NULL is a no-op.
 */
void vfio_sun4v_container_destroy(struct vfio_sun4v_container *c);

/**
 * Attach IOMMU group @p group (sun4v_func_group()) to @p c.
 *
 * The group is viable only if every function in it is available: not
 * attached to another container and not claimed by a host driver
 * (vfio_sun4v_host_claim()).  On any failure nothing changes: the group
 * is not attached, functions bound on the way are unbound again, and every
 * other group of every container stays attached and mapped.
 *
 * @return
 *   - 0 on success;
 *   - -EBUSY: not viable; the log line names the unavailable function, its
 *     owner and the bridge without ACS that put it in the group;
 *   - -EEXIST: already attached to @p c;
 *   - -ENOENT: no such group;
 *   - -EXDEV: the group is under another root complex than @p c's groups;
 *   - -ENOMEM; or the errno of binding to the container's IOTSBs / entering
 *     bypass when the type is already set (e.g. -ENOSPC when a function
 *     already has SUN4V_MAX_BINDINGS IOTSB bindings, -ENOTSUP when bypass is
 *     disabled).
 */
int vfio_sun4v_group_attach(struct vfio_sun4v_container *c, int group);

/**
 * Detach @p group: unbind its functions from the container's IOTSBs (ATU)
 * or take them out of bypass.  Mappings stay (they belong to the container).
 *
 * @return 0, -ENOENT (not attached to @p c), or the errno of an unbind.
 */
int vfio_sun4v_group_detach(struct vfio_sun4v_container *c, int group);

/**
 * Mark a function as driven by a host driver (or release it): a group
 * holding a claimed function is not viable.  Models Linux's "device bound to
 * a non-VFIO driver".
 *
 * @return 0, -EINVAL, -EBUSY (claiming a function attached to a container),
 *   -ENOENT (releasing a function that is not claimed), -ENOMEM.
 */
int vfio_sun4v_host_claim(struct sun4v_platform *p, struct sun4v_func *fn,
			  bool claim);

/**
 * Choose the IOMMU type, once per container, after the first group.
 *
 * @return
 *   0; -ENODEV (no group attached yet); -EBUSY (type already set, or
 *   LEGACY already owned by another container on this root complex);
 *   -EINVAL (bad type); -ENOTSUP (the hypervisor lacks the service);
 *   -ENOMEM; or the errno of entering bypass.
 */
int vfio_sun4v_set_iommu(struct vfio_sun4v_container *c,
			 enum vfio_sun4v_iommu_type type);

/**
 * Fill @p info: type, root complex, supported page sizes, windows with
 * their entries total and in use.  Valid at any time.
 *
 * @return 0, -EINVAL (NULL argument).
 */
int vfio_sun4v_get_info(struct vfio_sun4v_container *c,
			struct vfio_sun4v_info *info);

/**
 * The page-size policy: the largest IO page size of the current type such
 * that @p vaddr and @p len are both multiples of it (and the window of that
 * size can hold @p len).  The caller then allocates DVMA, aligned to that
 * size, in the matching window (vfio_sun4v_get_info()).
 *
 * @return 0 and *page_size, -EINVAL (len 0, vaddr or len not 8 KB aligned,
 *   NULL), -ENODEV (type not set, or BYPASS: no pages), -E2BIG (no window
 *   that the alignment allows can hold @p len).
 */
int vfio_sun4v_pick_page_size(struct vfio_sun4v_container *c,
			      const void *vaddr, uint64_t len,
			      uint64_t *page_size);

/**
 * Map [vaddr, vaddr+len) for device DMA at [iova, iova+len).
 *
 * @param prot
 *   VFIO_SUN4V_DMA_READ and/or VFIO_SUN4V_DMA_WRITE (at least one),
 *   optionally VFIO_SUN4V_DMA_RELAXED_ORDER.
 * @return
 *   - 0: every page mapped;
 *   - -EINVAL: len 0, prot without R/W, misaligned vaddr/iova/len for the
 *     window's page size, BYPASS iova that is not vaddr's bypass address;
 *   - -ERANGE: [iova, iova+len) is not inside one window;
 *   - -EEXIST: overlaps an existing mapping (nothing changed);
 *   - -ENOSPC: the window (or the ATU's IOTSB budget) is full;
 *   - -EFAULT: vaddr is not registered guest RAM (HV_ENORADDR);
 *   - -EIO: the hypervisor made no progress after the bounded retry;
 *   - -ENODEV: no IOMMU type set; or another vfio_sun4v_hv_errno() value.
 *   On failure nothing stays mapped (rollback demaps what was mapped).
 */
int vfio_sun4v_map_dma(struct vfio_sun4v_container *c, void *vaddr,
		       uint64_t iova, uint64_t len, uint32_t prot);

/**
 * Unmap the mapping that starts at @p iova and is exactly @p len long.
 * BYPASS: nothing was mapped, returns 0.
 *
 * @return
 *   0; -ENOENT (no mapping starts at @p iova, or another thread is mapping
 *   or unmapping it);
 *   -EINVAL (len 0, or @p len is not exactly that mapping's length: a
 *   partial or spanning unmap is refused and nothing is demapped);
 *   -ENODEV (no type); or a vfio_sun4v_hv_errno() value, in which case the
 *   mapping stays recorded and the unmap may be retried.
 */
int vfio_sun4v_unmap_dma(struct vfio_sun4v_container *c, uint64_t iova,
			 uint64_t len);

/**
 * Fast path: map one 8 KB IO page (LEGACY or the ATU 8 KB window) with one
 * hypercall and no allocation.  Same rules and errors as
 * vfio_sun4v_map_dma() with len = 8 KB.
 */
int vfio_sun4v_map_page(struct vfio_sun4v_container *c, void *vaddr,
			uint64_t iova, uint32_t prot);

/** Fast path: unmap a one-page mapping made at @p iova (8 KB windows). */
int vfio_sun4v_unmap_page(struct vfio_sun4v_container *c, uint64_t iova);

/**
 * BYPASS type: the IO address the device must use for @p vaddr
 * (PCI_IOMMU_GETBYPASS).
 *
 * @return 0, -ENODEV (type is not BYPASS), -EFAULT (not guest RAM), or
 *   another vfio_sun4v_hv_errno() value.
 */
int vfio_sun4v_bypass_iova(struct vfio_sun4v_container *c, const void *vaddr,
			   uint64_t *iova);

/**
 * The bypass IO address of host VA @p vaddr (real address == host VA in
 * this simulation), computed as PCI_IOMMU_GETBYPASS would answer it: for
 * the per-packet path of a bypass container, where a hypercall per buffer
 * is what bypass exists to avoid.  The caller has checked the container
 * is VFIO_SUN4V_IOMMU_BYPASS (vfio_sun4v_bypass_iova() once).
 */
static inline uint64_t
vfio_sun4v_bypass_addr(const void *vaddr)
{
	return sun4v_hv_abi_bypass_addr((uint64_t)(uintptr_t)vaddr);
}

/**
 * Register [va, va+len) as guest RAM on the container's machine (a
 * passthrough to sun4v_mem_register(); the registration is the caller's and
 * outlives the container).
 *
 * @return 0, -EINVAL, -EEXIST, -ENOMEM.
 */
int vfio_sun4v_mem_register(struct vfio_sun4v_container *c, void *va,
			    size_t len);

/**
 * Undo vfio_sun4v_mem_register() (exactly the same va and len).
 * @return 0, -EINVAL, -ENOENT, -EBUSY (an IOTSB table lives in the range).
 */
int vfio_sun4v_mem_unregister(struct vfio_sun4v_container *c, void *va,
			      size_t len);

/**
 * Why a device access faulted.  The values are the platform's fault reasons
 * (checked at build time in vfio_sun4v_fault.c), so a number in a log line
 * means the same on both sides.
 */
enum vfio_sun4v_fault_reason {
	VFIO_SUN4V_FAULT_UNMAPPED = 1,      /**< no valid IOTTE for the DVMA */
	VFIO_SUN4V_FAULT_PROTECTION = 2,    /**< IOTTE lacks R (device read) or W (device write) */
	VFIO_SUN4V_FAULT_OUT_OF_WINDOW = 3, /**< DVMA outside every table bound to the function */
	VFIO_SUN4V_FAULT_BYPASS_DENIED = 4, /**< bypass address from a function not in bypass */
	VFIO_SUN4V_FAULT_QUARANTINED = 5,   /**< function quarantined after a fault storm */
	VFIO_SUN4V_FAULT_NO_RAM = 6,        /**< translation hit a real address that is not RAM */
};

/** Direction of the faulting access, as seen from the device. */
enum vfio_sun4v_fault_dir {
	VFIO_SUN4V_FAULT_DIR_READ = 1,  /**< device read memory (needed R) */
	VFIO_SUN4V_FAULT_DIR_WRITE = 2, /**< device wrote memory (needed W) */
};

/**
 * One DMA fault of a function of the container, copied from the platform's
 * fault record (what an OS reads from the IOMMU's error report).
 */
struct vfio_sun4v_fault {
	uint64_t seq;          /**< platform-wide sequence number, 1, 2, ... */
	uint64_t time_ns;      /**< platform clock (CLOCK_MONOTONIC by default) */
	unsigned int rc;       /**< root complex index */
	uint16_t bdf;          /**< requester ID */
	uint64_t dvma;         /**< faulting address */
	enum vfio_sun4v_fault_dir dir;       /**< access direction */
	enum vfio_sun4v_fault_reason reason; /**< why it faulted */
	uint64_t iotsb_handle; /**< 0 = legacy table, else the ATU IOTSB */
	uint64_t page_size;    /**< IO page size of that table (0 if none) */
	uint64_t iova_base;    /**< first IOVA of that table (0 if none) */
};

/**
 * Fault callback: one record for a function of one of the container's
 * groups.  Called from the thread whose DMA faulted (a device thread), right
 * after the platform recorded the fault: it must be quick, must not block
 * and must not call into this container or the platform.  @p fault is valid
 * only during the call.
 */
typedef void (*vfio_sun4v_fault_cb)(const struct vfio_sun4v_fault *fault,
				    void *arg);

/**
 * Set (or clear with NULL) the container's fault callback (push delivery).
 * Do not call it from inside the callback.
 *
 * @return 0, -EINVAL, -ENOSPC (the platform's callback slots are full).
 */
int vfio_sun4v_fault_callback_register(struct vfio_sun4v_container *c,
				       vfio_sun4v_fault_cb cb, void *arg);

/**
 * Pull delivery, independent of the callback: copy up to @p max fault
 * records newer than the previous poll, for functions of the container's
 * groups, oldest first.  Call again while it returns @p max.  Records the
 * platform overwrote before they were polled are lost (logged).
 *
 * @return the number of records copied (0..max), or -EINVAL.
 */
int vfio_sun4v_fault_poll(struct vfio_sun4v_container *c,
			  struct vfio_sun4v_fault *out, unsigned int max);

/** Read the counters (lock-free, relaxed).  @return 0, -EINVAL. */
int vfio_sun4v_stats_get(const struct vfio_sun4v_container *c,
			 struct vfio_sun4v_stats *st);

/** Zero the call/TTE/error counters (entries-in-use counts are kept). */
void vfio_sun4v_stats_reset(struct vfio_sun4v_container *c);

/**
 * Hypercalls made by the calling thread, over every container, since the
 * thread started.  Never reset: callers take the difference of two reads
 * around an operation to learn exactly what that operation cost, even
 * when other threads map through the same container (a shared legacy
 * window).
 */
struct vfio_sun4v_thread_stats {
	uint64_t map_calls;   /**< MAP / IOTSB_MAP / IOTSB_MAP_ONE calls */
	uint64_t demap_calls; /**< DEMAP / IOTSB_DEMAP calls */
	uint64_t map_ttes;    /**< TTEs mapped */
	uint64_t demap_ttes;  /**< TTEs demapped */
};

/** Read the calling thread's counters (a TLS copy, no lock). */
void vfio_sun4v_thread_stats_get(struct vfio_sun4v_thread_stats *st);

/** Log levels (syslog numbering, lower = more severe). */
enum vfio_sun4v_log_level {
	VFIO_SUN4V_LOG_ERR = 4,    /**< an operation failed */
	VFIO_SUN4V_LOG_WARNING = 5,/**< degraded but working */
	VFIO_SUN4V_LOG_NOTICE = 6, /**< default level */
	VFIO_SUN4V_LOG_INFO = 7,   /**< lifecycle events */
	VFIO_SUN4V_LOG_DEBUG = 8,  /**< everything else */
};

/** Log sink: one line without newline (topic `lib.vfio_sun4v`). */
typedef void (*vfio_sun4v_log_cb)(int level, const char *msg, void *arg);

/**
 * Install a log sink (NULL = stderr) and the most verbose level emitted.
 * Meant for start-up; logging itself is thread-safe.
 */
void vfio_sun4v_log_set_handler(vfio_sun4v_log_cb cb, void *arg, int level);

#ifdef __cplusplus
}
#endif

#endif /* VFIO_SUN4V_H */
