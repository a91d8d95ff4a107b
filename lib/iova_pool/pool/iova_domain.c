/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DVMA domains (iova_pool_domain.h): one allocator per IOVA window of a
 * vfio_sun4v container, shared by every user of that container, and the
 * single "map (va, len) once with the largest IO page" routine.
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "iova_log.h"
#include "iova_pool_domain.h"

#define SMALL_PAGE 8192u

struct iova_pool_domain {
	struct iova_pool_domain *next;      /* registry list */
	struct vfio_sun4v_container *c;
	unsigned int refs;                  /* under registry_lock */
	pthread_mutex_t lock;               /* allocator creation */
	atomic_bool win_ready;              /* nb_win/win_page published */
	unsigned int nb_win;
	uint64_t win_page[VFIO_SUN4V_MAX_WINDOWS];
	_Atomic(struct iova_alloc *) win_alloc[VFIO_SUN4V_MAX_WINDOWS];
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct iova_pool_domain *registry;

int
iova_pool_domain_get(struct vfio_sun4v_container *c,
		     struct iova_pool_domain **out)
{
	struct iova_pool_domain *d;

	if (c == NULL || out == NULL)
		return -EINVAL;
	pthread_mutex_lock(&registry_lock);
	for (d = registry; d != NULL; d = d->next)
		if (d->c == c)
			break;
	if (d == NULL) {
		d = calloc(1, sizeof(*d));
		if (d == NULL || pthread_mutex_init(&d->lock, NULL) != 0) {
			pthread_mutex_unlock(&registry_lock);
			free(d);
			return -ENOMEM;
		}
		d->c = c;
		d->next = registry;
		registry = d;
	}
	d->refs++;
	pthread_mutex_unlock(&registry_lock);
	*out = d;
	return 0;
}

static void
domain_free(struct iova_pool_domain *d)
{
	unsigned int i;

	for (i = 0; i < VFIO_SUN4V_MAX_WINDOWS; i++) {
		struct iova_alloc *a = atomic_load(&d->win_alloc[i]);
		int64_t left;

		if (a == NULL)
			continue;
		left = iova_alloc_destroy(a);
		if (left > 0)
			iova_log(IOVA_LOG_WARNING, "domain put: %" PRId64
				 " page(s) of the %" PRIu64 "-byte window still"
				 " allocated (mappings not undone)", left,
				 d->win_page[i]);
	}
	pthread_mutex_destroy(&d->lock);
	free(d);
}

int
iova_pool_domain_put(struct iova_pool_domain *d)
{
	struct iova_pool_domain **pp;
	int left;

	if (d == NULL)
		return -EINVAL;
	pthread_mutex_lock(&registry_lock);
	for (pp = &registry; *pp != NULL && *pp != d; pp = &(*pp)->next)
		;
	if (*pp == NULL) {
		pthread_mutex_unlock(&registry_lock);
		iova_log(IOVA_LOG_ERR, "domain put: %p is not a live domain"
			 " (put twice?)", (void *)d);
		return -EINVAL;
	}
	left = (int)--d->refs;
	if (left == 0)
		*pp = d->next;
	pthread_mutex_unlock(&registry_lock);
	if (left == 0)
		domain_free(d);
	return left;
}

struct vfio_sun4v_container *
iova_pool_domain_container(const struct iova_pool_domain *d)
{
	return d == NULL ? NULL : d->c;
}

/* Allocator policy per window: see iova_pool_domain.h and design §3. */
static int
make_allocator(const struct vfio_sun4v_info *info,
	       const struct vfio_sun4v_window *w, struct iova_alloc **out)
{
	struct iova_alloc_conf ac = {
		.base = w->iova_base,
		.nb_pages = w->entries_total,
		.page_shift = (unsigned int)__builtin_ctzll(w->page_size),
		.nb_pools = w->page_size == SMALL_PAGE ? 16 : 1,
		/* Linux's sun4v tables have no large pool (facts §7): the
		 * legacy window stays whole for per-descriptor mapping, and
		 * big regions are split by their users instead. */
		.large_pool = w->page_size == SMALL_PAGE &&
			      info->type != VFIO_SUN4V_IOMMU_LEGACY,
		.seg_boundary = w->page_size == SMALL_PAGE ? 0 :
			IOVA_ALLOC_SEG_BOUNDARY_NONE,
	};
	char name[32];

	snprintf(name, sizeof(name), "rc%d/%s/%" PRIu64 "K", info->rc,
		 info->type == VFIO_SUN4V_IOMMU_LEGACY ? "legacy" : "atu",
		 w->page_size >> 10);
	ac.name = name;
	return iova_alloc_create(&ac, out);
}

/*
 * Windows are fixed once the IOMMU type is set (vfio_sun4v.h), so their
 * page sizes are recorded once and published with 'win_ready'; afterwards
 * the lookup is lock-free.  Caller holds d->lock.
 */
static int
windows_init(struct iova_pool_domain *d, struct vfio_sun4v_info *info)
{
	unsigned int i;
	int rc;

	rc = vfio_sun4v_get_info(d->c, info);
	if (rc != 0)
		return rc;
	if (info->type == VFIO_SUN4V_IOMMU_NONE ||
	    info->type == VFIO_SUN4V_IOMMU_BYPASS)
		return -ENODEV;
	if (atomic_load(&d->win_ready))
		return 0;
	d->nb_win = info->nb_windows;
	for (i = 0; i < info->nb_windows; i++)
		d->win_page[i] = info->windows[i].page_size;
	atomic_store(&d->win_ready, true);
	return 0;
}

int
iova_pool_domain_allocator(struct iova_pool_domain *d, uint64_t page_size,
			   struct iova_alloc **out)
{
	struct vfio_sun4v_info info;
	struct iova_alloc *a;
	unsigned int i;
	int rc;

	if (d == NULL || out == NULL)
		return -EINVAL;
	if (atomic_load(&d->win_ready)) {
		for (i = 0; i < d->nb_win; i++) {
			a = atomic_load(&d->win_alloc[i]);
			if (d->win_page[i] == page_size && a != NULL) {
				*out = a;
				return 0;
			}
		}
	}
	pthread_mutex_lock(&d->lock);
	rc = windows_init(d, &info);
	for (i = 0; rc == 0 && i < d->nb_win; i++)
		if (d->win_page[i] == page_size)
			break;
	if (rc == 0 && i == d->nb_win)
		rc = -ENOENT;
	if (rc == 0) {
		a = atomic_load(&d->win_alloc[i]);
		if (a == NULL) {
			rc = make_allocator(&info, &info.windows[i], &a);
			if (rc == 0)
				atomic_store(&d->win_alloc[i], a);
		}
		*out = a;
	}
	pthread_mutex_unlock(&d->lock);
	return rc;
}

static int
map_bypass(struct iova_pool_domain *d, void *va, uint64_t len, uint32_t prot,
	   struct iova_pool_mapping *m)
{
	uint64_t iova;
	int rc;

	rc = vfio_sun4v_bypass_iova(d->c, va, &iova);
	if (rc == 0)
		rc = vfio_sun4v_map_dma(d->c, va, iova, len, prot);
	if (rc != 0)
		return rc;
	*m = (struct iova_pool_mapping){
		.va = va, .len = len, .dvma = iova, .page_size = SMALL_PAGE,
	};
	return 0;
}

/* Try one window; returns -ENOSPC to mean "try a smaller page". */
static int
map_in_window(struct iova_pool_domain *d, const struct vfio_sun4v_window *w,
	      void *va, uint64_t len, uint32_t prot,
	      struct iova_pool_mapping *m)
{
	uint64_t npages = len / w->page_size, dvma;
	struct iova_alloc *a;
	int rc;

	rc = iova_pool_domain_allocator(d, w->page_size, &a);
	if (rc != 0)
		return rc;
	rc = iova_alloc_range(a, npages, 0, &dvma);
	if (rc != 0)
		return -ENOSPC;
	rc = vfio_sun4v_map_dma(d->c, va, dvma, len, prot);
	if (rc != 0) {
		iova_alloc_free(a, dvma, npages);
		return rc;
	}
	*m = (struct iova_pool_mapping){
		.va = va, .len = len, .dvma = dvma,
		.page_size = w->page_size, .entries = npages,
	};
	return 0;
}

int
iova_pool_domain_map(struct iova_pool_domain *d, void *va, uint64_t len,
		     uint32_t prot, uint64_t max_page_size,
		     struct iova_pool_mapping *m)
{
	uintptr_t addr = (uintptr_t)va;
	struct vfio_sun4v_info info;
	int i, rc, last = -ENOSPC;

	if (d == NULL || m == NULL || len == 0 || addr % SMALL_PAGE != 0 ||
	    len % SMALL_PAGE != 0 ||
	    (prot & (VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE)) == 0) {
		iova_log(IOVA_LOG_ERR, "domain map: bad request va %p len 0x%"
			 PRIx64 " prot 0x%x (8 KB multiples, R and/or W)",
			 va, len, prot);
		return -EINVAL;
	}
	rc = vfio_sun4v_get_info(d->c, &info);
	if (rc != 0)
		return rc;
	if (info.type == VFIO_SUN4V_IOMMU_NONE)
		return -ENODEV;
	if (info.type == VFIO_SUN4V_IOMMU_BYPASS)
		return map_bypass(d, va, len, prot, m);
	/* Windows are sorted by page size, ascending: largest first. */
	for (i = (int)info.nb_windows - 1; i >= 0; i--) {
		const struct vfio_sun4v_window *w = &info.windows[i];

		if ((max_page_size != 0 && w->page_size > max_page_size) ||
		    addr % w->page_size != 0 || len % w->page_size != 0 ||
		    len / w->page_size > w->entries_total)
			continue;
		rc = map_in_window(d, w, va, len, prot, m);
		if (rc == 0)
			return 0;
		if (rc != -ENOSPC) {
			iova_log(IOVA_LOG_ERR, "domain map: va %p len 0x%" PRIx64
				 " in the %" PRIu64 "-byte window failed: %d",
				 va, len, w->page_size, rc);
			return rc;
		}
		last = rc;
	}
	iova_log(IOVA_LOG_INFO, "domain map: no window has room for va %p len 0x%"
		 PRIx64 " (max page 0x%" PRIx64 ")", va, len, max_page_size);
	return last;
}

int
iova_pool_domain_unmap(struct iova_pool_domain *d,
		       const struct iova_pool_mapping *m)
{
	struct iova_alloc *a;
	int rc;

	if (d == NULL || m == NULL || m->len == 0)
		return -EINVAL;
	rc = vfio_sun4v_unmap_dma(d->c, m->dvma, m->len);
	if (rc != 0) {
		iova_log(IOVA_LOG_ERR, "domain unmap: DVMA 0x%" PRIx64 " len 0x%"
			 PRIx64 " failed: %d; DVMA kept allocated", m->dvma,
			 m->len, rc);
		return rc;
	}
	if (m->entries == 0)    /* bypass: no DVMA was allocated */
		return 0;
	rc = iova_pool_domain_allocator(d, m->page_size, &a);
	if (rc == 0)
		rc = iova_alloc_free(a, m->dvma, m->entries);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* One call from a group to a usable domain (design §3)                     */

/* Undo whatever open did so far; NULL fields were never set up. */
static void
handle_free(struct iova_pool_domain_handle *h)
{
	if (h->domain != NULL)
		iova_pool_domain_put(h->domain);
	/* Destroying the container also detaches the group. */
	vfio_sun4v_container_destroy(h->container);
	free(h);
}

int
iova_pool_domain_open(struct sun4v_platform *plat, int group,
		      enum vfio_sun4v_iommu_type type,
		      struct iova_pool_domain_handle **out)
{
	struct iova_pool_domain_handle *h;
	const char *step = "allocation";
	int rc = -ENOMEM;

	if (plat == NULL || out == NULL)
		return -EINVAL;
	h = calloc(1, sizeof(*h));
	if (h == NULL)
		goto failed;
	h->group = group;
	h->type = type;
	step = "vfio_sun4v_container_create";
	rc = vfio_sun4v_container_create(plat, &h->container);
	if (rc == 0 && (step = "vfio_sun4v_group_attach") != NULL)
		rc = vfio_sun4v_group_attach(h->container, group);
	if (rc == 0 && (step = "vfio_sun4v_set_iommu") != NULL)
		rc = vfio_sun4v_set_iommu(h->container, type);
	if (rc == 0 && (step = "iova_pool_domain_get") != NULL)
		rc = iova_pool_domain_get(h->container, &h->domain);
	/* Bypass translates nothing, so it has no DVMA window. */
	if (rc == 0 && type != VFIO_SUN4V_IOMMU_BYPASS &&
	    (step = "iova_pool_domain_allocator") != NULL)
		rc = iova_pool_domain_allocator(h->domain, SMALL_PAGE,
						&h->alloc8k);
	if (rc == 0) {
		*out = h;
		return 0;
	}
	handle_free(h);
failed:
	iova_log(IOVA_LOG_ERR, "domain open: group %d, IOMMU type %d: %s"
		 " failed: %d", group, (int)type, step, rc);
	return rc;
}

int
iova_pool_domain_close(struct iova_pool_domain_handle *h)
{
	unsigned int refs;

	if (h == NULL)
		return -EINVAL;
	pthread_mutex_lock(&registry_lock);
	refs = h->domain->refs;
	pthread_mutex_unlock(&registry_lock);
	/*
	 * Someone else (a pool, a DPDK context) still maps through this
	 * container: tearing it down now would pull mappings from under a
	 * device.  Refuse and change nothing, so the caller can retry.
	 */
	if (refs > 1) {
		iova_log(IOVA_LOG_ERR, "domain close: group %d: %u other"
			 " reference(s) to the domain still held", h->group,
			 refs - 1);
		return -EBUSY;
	}
	handle_free(h);
	return 0;
}
