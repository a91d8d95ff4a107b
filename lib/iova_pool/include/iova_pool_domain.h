/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * DVMA domain: one per vfio_sun4v container, shared by everything that maps
 * into that container (pre-mapped pools, the DPDK adapters, and the PMD's
 * per-descriptor mapping).
 *
 * A container exposes one IOVA window per IO page size
 * (vfio_sun4v_get_info(): legacy = one 8 KB window; ATU = 8 KB, 64 KB, 4 MB,
 * 256 MB, 2 GB, 16 GB windows).  Whoever allocates DVMA in a window must use
 * the same allocator, or two users would hand out the same DVMA: the domain
 * owns exactly one ::iova_alloc per window, created on first use.
 *
 * Allocator policy per window (doc/design/iova_pool.md §3):
 *  - the 8 KB window (per-descriptor mapping, many threads): 16 pools and a
 *    large pool (top quarter of the window) for requests above 15 pages, so
 *    pre-mapped regions never fragment the per-descriptor pools; on legacy
 *    this caps one region at 512 MB;
 *  - larger-page windows (a few region mappings, slow path): one pool.
 *
 * iova_pool_domain_map() is the one place that turns (va, len) into a
 * mapping: it picks the largest IO page size that va and len allow, falls
 * back to smaller pages when that window is full, allocates DVMA, and calls
 * vfio_sun4v_map_dma() once.
 *
 * iova_pool_domain_open() is the usual way in: one call from an IOMMU group
 * to a container with that group attached, its IOMMU type set, its domain
 * and its 8 KB allocator; iova_pool_domain_close() undoes it.
 *
 * Threading: get/put/open/close must not race with each other for one
 * container; map/unmap and allocator use are thread-safe.
 */
#ifndef IOVA_POOL_DOMAIN_H
#define IOVA_POOL_DOMAIN_H

#include <stdint.h>

#include "iova_alloc.h"
#include "vfio_sun4v.h"

#ifdef __cplusplus
extern "C" {
#endif

struct iova_pool_domain;

/** One mapping made by iova_pool_domain_map(). */
struct iova_pool_mapping {
	void *va;            /**< first byte mapped (IO-page aligned) */
	uint64_t len;        /**< bytes mapped (multiple of page_size) */
	uint64_t dvma;       /**< device address of @c va */
	uint64_t page_size;  /**< IO page size used */
	uint64_t entries;    /**< IOTSB / TSB entries used (len / page_size;
			      *   0 in bypass) */
};

/**
 * What iova_pool_domain_open() returns.  Read-only for the caller; every
 * pointer stays valid until iova_pool_domain_close().
 */
struct iova_pool_domain_handle {
	struct vfio_sun4v_container *container; /**< owned by the handle */
	struct iova_pool_domain *domain; /**< one reference owned by the
					  *   handle (bypass too: it maps at
					  *   the bypass address) */
	struct iova_alloc *alloc8k;      /**< allocator of the 8 KB window
					  *   (owned by @c domain); NULL in
					  *   bypass */
	enum vfio_sun4v_iommu_type type; /**< IOMMU type set */
	int group;                       /**< the group attached */
};

/**
 * Open a DVMA domain for IOMMU group @p group: create a container on
 * @p plat, attach the group, set the IOMMU type, get the container's
 * domain and (unless bypass) the allocator of its 8 KB window.
 *
 * On failure every step done so far is undone (domain reference dropped,
 * container destroyed, which detaches the group) and *out is untouched; the
 * failing step is logged.
 *
 * @param plat
 *   The machine; must outlive the handle.
 * @param group
 *   IOMMU group (sun4v_func_group()).
 * @param type
 *   VFIO_SUN4V_IOMMU_LEGACY, _ATU or _BYPASS.
 * @param out
 *   Receives the handle.
 * @return
 *   0; -EINVAL (NULL @p plat or @p out, bad @p type); -ENOMEM; or the
 *   errno of the vfio_sun4v step that failed: -ENOENT (no such group),
 *   -EBUSY (group not viable, or the legacy IOMMU of that root complex
 *   already owned by another container), -ENOTSUP, ...
 */
int iova_pool_domain_open(struct sun4v_platform *plat, int group,
			  enum vfio_sun4v_iommu_type type,
			  struct iova_pool_domain_handle **out);

/**
 * Close a handle from iova_pool_domain_open(): drop its domain reference,
 * destroy the container (demaps what is still mapped, detaches the group)
 * and free the handle.
 *
 * @return
 *   0; -EINVAL (NULL); -EBUSY if other references to the domain are still
 *   held (a pool or DPDK context not destroyed yet): nothing is changed
 *   then, the handle stays valid.
 */
int iova_pool_domain_close(struct iova_pool_domain_handle *h);

/**
 * Get the domain of container @p c, creating it on first use (refcounted).
 *
 * @return 0; -EINVAL (NULL); -ENOMEM.
 */
int iova_pool_domain_get(struct vfio_sun4v_container *c,
			 struct iova_pool_domain **out);

/**
 * Drop a reference; the last one destroys the allocators (pages still
 * allocated are logged).  Must come before vfio_sun4v_container_destroy().
 *
 * @return references left (>= 0), or -EINVAL for NULL / a domain that is
 *   not live (double put).
 */
int iova_pool_domain_put(struct iova_pool_domain *d);

/** The container behind @p d. */
struct vfio_sun4v_container *
iova_pool_domain_container(const struct iova_pool_domain *d);

/**
 * The allocator of the window with IO page size @p page_size.
 *
 * @return 0; -EINVAL (NULL); -ENODEV (IOMMU type not set yet, or bypass);
 *   -ENOENT (no window of that page size); -ENOMEM.
 */
int iova_pool_domain_allocator(struct iova_pool_domain *d, uint64_t page_size,
			       struct iova_alloc **out);

/**
 * Allocate DVMA and map [va, va+len) once, with the largest IO page size
 * not above @p max_page_size (0 = no cap) that the alignment of @p va and
 * @p len allows and whose window has room.
 *
 * @param prot
 *   VFIO_SUN4V_DMA_READ and/or VFIO_SUN4V_DMA_WRITE.
 * @return
 *   0 and *m filled; -EINVAL (NULL, len 0, va or len not 8 KB multiples,
 *   no permission bit); -ENODEV (type not set); -ENOSPC (no window has
 *   room); or the errno of vfio_sun4v_map_dma() (e.g. -EFAULT when the
 *   memory is not registered guest RAM).  Nothing stays allocated on error.
 */
int iova_pool_domain_map(struct iova_pool_domain *d, void *va, uint64_t len,
			 uint32_t prot, uint64_t max_page_size,
			 struct iova_pool_mapping *m);

/** One piece of a cover plan (iova_pool_cover_plan()). */
struct iova_pool_piece {
	uintptr_t va;        /**< first byte; a multiple of @c page_size */
	uint64_t len;        /**< bytes: a whole number of @c page_size pages */
	uint64_t page_size;  /**< IO page size of every page of the piece */
};

/**
 * Plan the fewest IO pages that cover [start, end) without leaving the RAM
 * run [run_start, run_end) (memory that is guest RAM and real-address
 * contiguous: doc/design/iova_pool.md §3a).  The cover may be wider than
 * the range: it exposes only run memory.  Consecutive pages of one size are
 * merged into one piece, so each piece is one iova_pool_domain_map() call
 * with DVMA contiguous inside it; every cut between pieces that falls
 * inside [start, end) lies on a multiple of @p granule.
 *
 * @param granule
 *   Page size the memory's objects never cross (a DPDK mempool's
 *   rte_mempool_get_page_size(); the huge page size): cuts inside the
 *   range stay on its multiples.  Raised to 8 KB when smaller.
 * @param page_sizes
 *   IO page sizes offered, VFIO style (bit n = 2^n bytes); 8 KB must be
 *   one of them.
 * @return
 *   Number of pieces written to @p out (> 0); -EINVAL (NULL, empty range,
 *   range outside the run, granule not a power of two, no 8 KB pages);
 *   -ERANGE (no cover inside the run: the run's ends are not 8 KB
 *   aligned); -E2BIG (more than @p max pieces).  Nothing is mapped.
 */
int iova_pool_cover_plan(uintptr_t start, uintptr_t end, uintptr_t run_start,
			 uintptr_t run_end, uint64_t granule,
			 uint64_t page_sizes, struct iova_pool_piece *out,
			 unsigned int max);

/**
 * Undo iova_pool_domain_map(): demap (vfio_sun4v_unmap_dma()) then free the
 * DVMA.  If the demap fails the DVMA stays allocated (the entries may still
 * be live) and the error is returned.
 *
 * @return 0, -EINVAL, or the errno of vfio_sun4v_unmap_dma().
 */
int iova_pool_domain_unmap(struct iova_pool_domain *d,
			   const struct iova_pool_mapping *m);

#ifdef __cplusplus
}
#endif

#endif /* IOVA_POOL_DOMAIN_H */
