/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sim/sun4v device-side DMA API: what a device model (sim/i40e) uses.
 *
 * A device touches driver memory only through sun4v_dma_read() and
 * sun4v_dma_write() with its own function handle (its requester ID).  Each
 * access is translated through the IOTLB and the IOMMU table bound to that
 * function and checked for permission; a failed access copies nothing,
 * returns a negative errno and is recorded as a `struct sun4v_fault`.
 *
 * The fault types live here because this is the lowest of the three
 * public headers: a fault is the outcome of a DMA access, and the platform
 * API (sun4v_platform.h) reports the same records to whoever inspects the
 * machine.
 *
 * Threading: thread-safe; an IOTLB hit takes no lock
 * (doc/design/platform.md §5-§6).
 */
#ifndef SUN4V_DMA_H
#define SUN4V_DMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sun4v_func;

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

/** Number of enum sun4v_fault_reason values (array bound for counters). */
#define SUN4V_FAULT_NB_REASONS (SUN4V_FAULT_NO_RAM + 1)

/** Ways of a struct sun4v_dma_xcache (a power of 2). */
#define SUN4V_DMA_XC_WAYS 8
/** A DVMA's way: one per 4 MB (1 << 22) granule, direct-mapped. */
#define SUN4V_DMA_XC_GRAIN_SHIFT 22

/**
 * A device engine's translation cache: the last IO pages (or bypass RAM
 * ranges) its accesses hit, as the device's own small TLB in front of the
 * IOMMU's IOTLB.  An engine owns one per kind of access and thread of
 * execution (e.g. its TX engine's descriptor ring and its TX buffers,
 * under its TX lock) and passes it to the *_xc calls; zero-initialise it
 * before first use.  An entry is
 * used only while nothing it depends on changed: the table's IOTLB flush
 * generation (every DEMAP), the function's bindings and bypass state, the
 * RAM registry.  A hit is counted as an IOTLB hit of its table, so the
 * IOTLB counters stay truthful.  The members are private to sim/sun4v.
 */
struct sun4v_dma_xcache {
	struct {
		const struct sun4v_func *fn;
		const void *t;            /* table, NULL for bypass */
		const _Atomic uint64_t *gen_src;
		uint64_t gen, fgen;
		uint64_t lo, len;         /* DVMA range */
		uint8_t *hva;             /* host address of lo */
		uint64_t attr;            /* R/W permission bits */
	} e[SUN4V_DMA_XC_WAYS];
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

/** sun4v_dma_read() through engine translation cache @p xc (may be NULL). */
int sun4v_dma_read_xc(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
		      uint64_t dvma, void *dst, size_t len);

/**
 * A device read of @p len (> 0) bytes at @p dvma that leaves the bytes
 * where they are: the same checks, faults and counters as
 * sun4v_dma_read_xc(), but on success *@p view points at the bytes in
 * guest memory when they lie in one IO page (no copy: how the RX engine
 * parses the header of a frame in the sender's TX buffer, i40e-sim.md
 * §6.2), else at @p bounce
 * (@p len bytes) filled as sun4v_dma_read_xc() would.  The view is only
 * valid until the engine's next step; the guest may change the bytes
 * (its own error, as for any DMA read racing a CPU store).
 */
int sun4v_dma_read_view(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
			uint64_t dvma, size_t len, void *bounce,
			const uint8_t **view);

/** sun4v_dma_write() through engine translation cache @p xc (may be NULL). */
int sun4v_dma_write_xc(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
		       uint64_t dvma, const void *src, size_t len);

/**
 * Device writes @p len bytes at @p dvma, the byte at offset @p last after
 * all the others and a release fence: how a device publishes a descriptor
 * whose DD bit lives in that byte, so a reader that sees it (acquire)
 * sees the rest.  One translation (through @p xc, which may be NULL) and
 * one counted write.
 * @return as sun4v_dma_write(); -EINVAL when @p last >= @p len.
 */
int sun4v_dma_write_ordered(struct sun4v_dma_xcache *xc, struct sun4v_func *fn,
			    uint64_t dvma, const void *src, size_t len,
			    size_t last);

/**
 * Device writes @p n records of @p size bytes (≤ 64) back to back at
 * @p dvma, as one DMA: every byte but each record's byte @p last first,
 * then those bytes one by one in record order, each a release store.  A
 * reader that sees record k's byte @p last (acquire) sees records 0..k
 * whole: how a device writes back a run of descriptors with DD last and
 * in order (i40e-sim.md §4.5).  One translation and one counted write when
 * the run lies in one IO page; else record by record as
 * sun4v_dma_write_ordered(), stopping at the first fault.
 * @param[out] done records written (all of them on success).
 * @return as sun4v_dma_write(); -EINVAL for a bad argument (nothing
 *         written).
 */
int sun4v_dma_write_ordered_n(struct sun4v_dma_xcache *xc,
			      struct sun4v_func *fn, uint64_t dvma,
			      const void *src, size_t size, unsigned int n,
			      size_t last, unsigned int *done);

/**
 * A device's read-ahead: bring [@p dvma, @p dvma + @p len) toward the CPU
 * caches (write intent for SUN4V_DMA_WRITE) when engine cache @p xc
 * already translates that IO page with that permission.  Moves no data,
 * records no fault, counts nothing; a miss does nothing.
 */
void sun4v_dma_prefetch(struct sun4v_dma_xcache *xc,
			const struct sun4v_func *fn, uint64_t dvma, size_t len,
			enum sun4v_dma_dir dir);

/** Largest access sun4v_dma_copy() takes when either side crosses an IO
 *  page (it then stages through a bounce buffer of this size). */
#define SUN4V_DMA_COPY_MAX 16384u

/**
 * Two DMAs in one copy: @p src_fn reads @p len bytes at @p src_dvma and
 * @p dst_fn writes them at @p dst_dvma, each translated, permission-checked
 * and counted through its own function's IOMMU with its own requester ID
 * (a frame moving from one port's TX buffer into another port's posted RX
 * buffer).  Fails closed: on any failure no destination byte is written.
 * Each side translates through its engine's cache (@p dst_xc, @p src_xc;
 * either may be NULL).
 *
 * @param[out] side
 *   On failure, which access failed: SUN4V_DMA_READ (the source: recorded
 *   as @p src_fn's fault) or SUN4V_DMA_WRITE (the destination: @p dst_fn's).
 * @return 0, or as sun4v_dma_read(); -EINVAL for a bad argument or @p len
 *   above SUN4V_DMA_COPY_MAX when a side crosses an IO page.
 */
int sun4v_dma_copy(struct sun4v_dma_xcache *dst_xc, struct sun4v_func *dst_fn,
		   uint64_t dst_dvma, struct sun4v_dma_xcache *src_xc,
		   struct sun4v_func *src_fn, uint64_t src_dvma, size_t len,
		   enum sun4v_dma_dir *side);

/**
 * True while the function is quarantined (DMA blocked after a fault
 * storm).  A device model polls it to stop its engines the way silicon
 * sees its own requests refused (no other platform state is visible).
 */
bool sun4v_func_quarantined(const struct sun4v_func *fn);

#ifdef __cplusplus
}
#endif

#endif /* SUN4V_DMA_H */
