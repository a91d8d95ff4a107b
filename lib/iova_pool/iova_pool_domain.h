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
 * Threading: get/put must not race with each other for one container;
 * map/unmap and allocator use are thread-safe.
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
