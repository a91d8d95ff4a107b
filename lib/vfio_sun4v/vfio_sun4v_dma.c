/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v: map_dma / unmap_dma, turned into batched hypervisor calls.
 * doc/design/vfio_sun4v.md "Batching" and "Page-size policy".
 *
 * Batching follows Linux's iommu_batch_* (sun4v-iommu-facts §6): the page
 * addresses go into one 8 KB io_page_list (1024 RAs, never crossing a page,
 * as Solaris requires, facts §2), one MAP per list, re-issued with advanced
 * index / count / list pointer on partial progress.  Unlike Linux, an
 * "HV_EOK, 0 mapped" answer is retried only VFIO_SUN4V_ZERO_PROGRESS_RETRIES
 * times (facts §6 [derived]: Linux would spin forever).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <string.h>

#include "vfio_sun4v_private.h"

/* Per-thread preferred io_page_list slot (spreads threads over slots). */
static _Thread_local unsigned int v4_tls_slot = UINT_MAX;
/* Calls this thread made, all containers (vfio_sun4v_thread_stats_get()). */
static _Thread_local struct vfio_sun4v_thread_stats v4_tls_calls;
static atomic_uint v4_slot_seq;

static struct v4_list *
v4_list_get(struct vfio_sun4v_container *c)
{
	unsigned int hint = v4_tls_slot;

	if (hint == UINT_MAX) {
		hint = atomic_fetch_add(&v4_slot_seq, 1) % V4_NB_LISTS;
		v4_tls_slot = hint;
	}
	for (unsigned int i = 0; i < V4_NB_LISTS; i++) {
		struct v4_list *l = &c->lists[(hint + i) % V4_NB_LISTS];

		if (pthread_mutex_trylock(&l->lock) == 0)
			return l;
	}
	pthread_mutex_lock(&c->lists[hint].lock);
	return &c->lists[hint];
}

static void
v4_list_put(struct v4_list *l)
{
	pthread_mutex_unlock(&l->lock);
}

static uint64_t
v4_attrs(uint32_t prot)
{
	uint64_t a = 0;

	if (prot & VFIO_SUN4V_DMA_READ)
		a |= HV_PCI_MAP_ATTR_READ;
	if (prot & VFIO_SUN4V_DMA_WRITE)
		a |= HV_PCI_MAP_ATTR_WRITE;
	if (prot & VFIO_SUN4V_DMA_RELAXED_ORDER)
		a |= HV_PCI_MAP_ATTR_RELAXED_ORDER;
	/* BDF filter 0 (any requester), as Linux (facts §2). */
	return sun4v_hv_abi_attrs(a, 0);
}

/* One MAP call of @p n (<= 1024) entries from @p list at index @p idx. */
static uint64_t
v4_hv_map_call(struct vfio_sun4v_container *c, struct v4_window *w,
	       uint64_t idx, uint64_t n, uint64_t attrs, const uint64_t *list,
	       uint64_t *nmapped)
{
	uint64_t ra = (uint64_t)(uintptr_t)list;

	v4_inc(&c->cnt.hv_map_calls, 1);
	v4_tls_calls.map_calls++;
	if (w->legacy)
		return sun4v_hv_pci_iommu_map(c->p, c->devhandle,
					      sun4v_hv_abi_tsbid(0, (uint32_t)idx),
					      n, attrs, ra, nmapped);
	return sun4v_hv_iotsb_map(c->p, c->devhandle, w->handle,
				  sun4v_hv_abi_index_count(n, idx), attrs, ra,
				  nmapped);
}

/*
 * Map the @p n entries of @p list at @p idx, looping on partial progress.
 * *done counts what the hypervisor reported mapped, also on failure.
 */
static int
v4_hv_map_list(struct vfio_sun4v_container *c, struct v4_window *w,
	       uint64_t idx, uint64_t n, uint64_t attrs, const uint64_t *list,
	       uint64_t *done)
{
	unsigned int zero = 0;
	uint64_t off = 0, supp;

	while (off < n) {
		uint64_t nm = 0;
		uint64_t st = v4_hv_map_call(c, w, idx + off, n - off, attrs,
					     list + off, &nm);

		if (st != HV_EOK) {
			*done = off;
			if (v4_log_ratelimit(&supp))
				V4_LOG(ERR, "%s devhandle 0x%" PRIx64 " handle 0x%"
				       PRIx64 " index 0x%" PRIx64 " n %" PRIu64
				       ": status %" PRIu64 " (%" PRIu64 " similar "
				       "lines suppressed)",
				       w->legacy ? "PCI_IOMMU_MAP" : "IOTSB_MAP",
				       c->devhandle, w->handle, idx + off,
				       n - off, st, supp);
			return vfio_sun4v_hv_errno(st);
		}
		if (nm == 0 || nm > n - off) {
			/* No progress (or nonsense): bounded retry, then fail. */
			v4_inc(&c->cnt.hv_zero_progress, 1);
			if (nm == 0 && ++zero <= VFIO_SUN4V_ZERO_PROGRESS_RETRIES)
				continue;
			*done = off;
			V4_LOG(ERR, "map at index 0x%" PRIx64 ": hypervisor said "
			       "OK with %" PRIu64 " of %" PRIu64 " mapped",
			       idx + off, nm, n - off);
			return -EIO;
		}
		zero = 0;
		off += nm;
		v4_inc(&c->cnt.hv_map_ttes, nm);
		v4_tls_calls.map_ttes += nm;
	}
	*done = n;
	return 0;
}

int
v4_hv_demap_range(struct vfio_sun4v_container *c, struct v4_window *w,
		  uint64_t idx, uint64_t n)
{
	unsigned int zero = 0;
	uint64_t off = 0;

	while (off < n) {
		uint64_t nd = 0, st;

		v4_inc(&c->cnt.hv_demap_calls, 1);
		v4_tls_calls.demap_calls++;
		if (w->legacy)
			st = sun4v_hv_pci_iommu_demap(c->p, c->devhandle,
				sun4v_hv_abi_tsbid(0, (uint32_t)(idx + off)),
				n - off, &nd);
		else
			st = sun4v_hv_iotsb_demap(c->p, c->devhandle, w->handle,
						  idx + off, n - off, &nd);
		if (st != HV_EOK) {
			V4_LOG(ERR, "%s devhandle 0x%" PRIx64 " handle 0x%" PRIx64
			       " index 0x%" PRIx64 " n %" PRIu64 ": status %" PRIu64,
			       w->legacy ? "PCI_IOMMU_DEMAP" : "IOTSB_DEMAP",
			       c->devhandle, w->handle, idx + off, n - off, st);
			return vfio_sun4v_hv_errno(st);
		}
		if (nd == 0 || nd > n - off) {
			v4_inc(&c->cnt.hv_zero_progress, 1);
			if (nd == 0 && ++zero <= VFIO_SUN4V_ZERO_PROGRESS_RETRIES)
				continue;
			V4_LOG(ERR, "demap at index 0x%" PRIx64 ": hypervisor "
			       "said OK with %" PRIu64 " of %" PRIu64,
			       idx + off, nd, n - off);
			return -EIO;
		}
		zero = 0;
		off += nd;
		v4_inc(&c->cnt.hv_demap_ttes, nd);
		v4_tls_calls.demap_ttes += nd;
	}
	return 0;
}

/* ATU single page: IOTSB_MAP_ONE needs no io_page_list (facts §4). */
static int
v4_hv_map_one(struct vfio_sun4v_container *c, struct v4_window *w,
	      uint64_t idx, uint64_t ra, uint64_t attrs)
{
	uint64_t st, supp;

	v4_inc(&c->cnt.hv_map_calls, 1);
	v4_tls_calls.map_calls++;
	st = sun4v_hv_iotsb_map_one(c->p, c->devhandle, w->handle, idx, attrs,
				    ra);
	if (st != HV_EOK) {
		if (v4_log_ratelimit(&supp))
			V4_LOG(ERR, "IOTSB_MAP_ONE devhandle 0x%" PRIx64
			       " handle 0x%" PRIx64 " index 0x%" PRIx64 " ra 0x%"
			       PRIx64 ": status %" PRIu64 " (%" PRIu64 " similar "
			       "lines suppressed)", c->devhandle, w->handle, idx,
			       ra, st, supp);
		return vfio_sun4v_hv_errno(st);
	}
	v4_inc(&c->cnt.hv_map_ttes, 1);
	v4_tls_calls.map_ttes++;
	return 0;
}

void
vfio_sun4v_thread_stats_get(struct vfio_sun4v_thread_stats *st)
{
	*st = v4_tls_calls;
}

/*
 * Map @p n pages of window @p w from index @p idx, real addresses
 * @p ra, ra + page, ...  On failure everything this call may have touched
 * is demapped again: the hypervisor's count is not trusted after a failure,
 * and demapping an entry that is not mapped is legal (facts §2, DEMAP).  If
 * that demap fails too, *stuck is set (entries may still be mapped).
 */
static int
v4_map_pages(struct vfio_sun4v_container *c, struct v4_window *w,
	     uint64_t idx, uint64_t n, uint64_t ra, uint64_t attrs, bool *stuck)
{
	struct v4_list *l;
	uint64_t mapped = 0, tried = 0;
	int rc = 0;

	*stuck = false;
	if (n == 1 && !w->legacy)
		return v4_hv_map_one(c, w, idx, ra, attrs);
	l = v4_list_get(c);
	while (mapped < n) {
		uint64_t chunk = n - mapped, done = 0;

		if (chunk > VFIO_SUN4V_BATCH_TTES)
			chunk = VFIO_SUN4V_BATCH_TTES;
		for (uint64_t i = 0; i < chunk; i++)
			l->ents[i] = ra + ((mapped + i) << w->page_shift);
		rc = v4_hv_map_list(c, w, idx + mapped, chunk, attrs, l->ents,
				    &done);
		if (rc != 0) {
			tried = mapped + chunk;
			break;
		}
		mapped += done;
	}
	v4_list_put(l);
	if (rc == 0)
		return 0;
	v4_inc(&c->cnt.rollbacks, 1);
	if (v4_hv_demap_range(c, w, idx, tried) != 0)
		*stuck = true;
	return rc;
}

static int
v4_bypass_check(struct vfio_sun4v_container *c, void *vaddr, uint64_t iova,
		uint64_t len, uint64_t attrs)
{
	uint64_t ra = (uint64_t)(uintptr_t)vaddr, io_first, io_last, st;

	/* First and last byte must be RAM and the addresses must be linear. */
	st = sun4v_hv_pci_iommu_getbypass(c->p, c->devhandle, ra, attrs,
					  &io_first);
	if (st == HV_EOK)
		st = sun4v_hv_pci_iommu_getbypass(c->p, c->devhandle,
						  ra + len - 1, attrs, &io_last);
	if (st != HV_EOK)
		return vfio_sun4v_hv_errno(st);
	if (io_first != iova || io_last != iova + len - 1) {
		V4_LOG(ERR, "bypass: iova 0x%" PRIx64 " is not the bypass "
		       "address 0x%" PRIx64 " of va %p", iova, io_first, vaddr);
		return -EINVAL;
	}
	return 0;
}

/* Checks shared by map_dma and map_page; returns the window or NULL. */
static int
v4_map_prepare(struct vfio_sun4v_container *c, void *vaddr, uint64_t iova,
	       uint64_t len, uint32_t prot, struct v4_window **wp)
{
	uint64_t va = (uint64_t)(uintptr_t)vaddr;
	struct v4_window *w;

	if (len == 0 || (prot & (VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE)) == 0 ||
	    (prot & ~(VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE |
		      VFIO_SUN4V_DMA_RELAXED_ORDER)) != 0 ||
	    va + len < va)
		return -EINVAL;
	if (c->type == VFIO_SUN4V_IOMMU_NONE)
		return -ENODEV;
	if (c->type == VFIO_SUN4V_IOMMU_BYPASS) {
		*wp = NULL;
		return v4_bypass_check(c, vaddr, iova, len, v4_attrs(prot));
	}
	w = v4_window_find(c, iova, len);
	if (w == NULL)
		return -ERANGE;
	if (((va | iova | len) & (w->page_size - 1)) != 0)
		return -EINVAL;
	*wp = w;
	if (!atomic_load_explicit(&w->configured, memory_order_acquire))
		return v4_window_configure(c, w);
	return 0;
}

static int
v4_map(struct vfio_sun4v_container *c, void *vaddr, uint64_t iova,
       uint64_t len, uint32_t prot, bool one_page)
{
	struct v4_window *w = NULL;
	uint64_t idx, n;
	bool stuck;
	int rc;

	rc = v4_map_prepare(c, vaddr, iova, len, prot, &w);
	if (rc != 0 || w == NULL)
		goto out;
	if (one_page && w->page_size != HV_IO_PAGE_SIZE) {
		rc = -EINVAL;
		goto out;
	}
	idx = (iova - w->iova_base) >> w->page_shift;
	n = len >> w->page_shift;
	/* Reserve first, so the hypercalls can run without the table lock. */
	rc = v4_range_reserve(w, idx, n);
	if (rc != 0)
		goto out;
	rc = v4_map_pages(c, w, idx, n, (uint64_t)(uintptr_t)vaddr,
			  v4_attrs(prot), &stuck);
	/* A rollback that failed leaves a recorded mapping to unmap later. */
	v4_range_finish_map(w, idx, n, rc == 0 || stuck);
out:
	return rc;
}

int
vfio_sun4v_map_dma(struct vfio_sun4v_container *c, void *vaddr, uint64_t iova,
		   uint64_t len, uint32_t prot)
{
	int rc;

	if (c == NULL)
		return -EINVAL;
	rc = v4_map(c, vaddr, iova, len, prot, false);
	if (rc != 0)
		v4_inc(&c->cnt.dma_map_errors, 1);
	return rc;
}

int
vfio_sun4v_map_page(struct vfio_sun4v_container *c, void *vaddr,
		    uint64_t iova, uint32_t prot)
{
	int rc;

	if (c == NULL)
		return -EINVAL;
	rc = v4_map(c, vaddr, iova, HV_IO_PAGE_SIZE, prot, true);
	if (rc != 0)
		v4_inc(&c->cnt.dma_map_errors, 1);
	return rc;
}

static int
v4_unmap(struct vfio_sun4v_container *c, uint64_t iova, uint64_t len)
{
	struct v4_window *w;
	uint64_t idx, n;
	int rc;

	if (len == 0 || iova + len < iova)
		return -EINVAL;
	if (c->type == VFIO_SUN4V_IOMMU_NONE)
		return -ENODEV;
	if (c->type == VFIO_SUN4V_IOMMU_BYPASS)
		return 0; /* nothing was mapped (vfio_sun4v.h) */
	w = v4_window_find(c, iova, 1);
	if (w == NULL ||
	    !atomic_load_explicit(&w->configured, memory_order_acquire) ||
	    (iova & (w->page_size - 1)) != 0)
		return -ENOENT;
	if ((len & (w->page_size - 1)) != 0 ||
	    len > w->iova_base + w->iova_size - iova)
		return -EINVAL;
	idx = (iova - w->iova_base) >> w->page_shift;
	n = len >> w->page_shift;
	rc = v4_range_claim(w, idx, n);
	if (rc != 0)
		return rc;
	rc = v4_hv_demap_range(c, w, idx, n);
	v4_range_finish_unmap(w, idx, n, rc == 0);
	return rc;
}

int
vfio_sun4v_unmap_dma(struct vfio_sun4v_container *c, uint64_t iova,
		     uint64_t len)
{
	int rc;

	if (c == NULL)
		return -EINVAL;
	rc = v4_unmap(c, iova, len);
	if (rc != 0)
		v4_inc(&c->cnt.dma_unmap_errors, 1);
	return rc;
}

int
vfio_sun4v_unmap_page(struct vfio_sun4v_container *c, uint64_t iova)
{
	return vfio_sun4v_unmap_dma(c, iova, HV_IO_PAGE_SIZE);
}

int
vfio_sun4v_bypass_iova(struct vfio_sun4v_container *c, const void *vaddr,
		       uint64_t *iova)
{
	uint64_t st;

	if (c == NULL || iova == NULL)
		return -EINVAL;
	if (c->type != VFIO_SUN4V_IOMMU_BYPASS)
		return -ENODEV;
	st = sun4v_hv_pci_iommu_getbypass(c->p, c->devhandle,
					  (uint64_t)(uintptr_t)vaddr,
					  HV_PCI_MAP_ATTR_RW, iova);
	return vfio_sun4v_hv_errno(st);
}
