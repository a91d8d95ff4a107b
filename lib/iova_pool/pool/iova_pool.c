/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pre-mapped buffer pools (iova_pool.h).  Each region is registered as
 * guest RAM and mapped once (iova_pool_domain_map()); buffers are recycled
 * through a free stack with no map call; teardown unmaps every region
 * whatever is outstanding (page_pool's lesson, anchors §B).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iova_log.h"
#include "iova_pool.h"
#include "iova_pool_private.h"

#define SMALL_PAGE 8192u
#define MAX_BUFS_PER_POOL UINT32_MAX  /* buffer ids are uint32_t */

struct pool_region {
	struct iova_pool_mapping map;  /* va, len, dvma, page size, entries */
	uint64_t backing;              /* CPU page size; 0 = caller memory */
	uint64_t *busy;                /* outstanding bit per buffer */
	atomic_bool live;              /* REGION_ONLY slots */
	bool owned;                    /* memory committed by the pool */
	bool registered;               /* we registered it as guest RAM */
};

struct iova_pool {
	struct iova_pool *next;            /* registry */
	char name[IOVA_POOL_NAMESIZE];
	struct iova_pool_domain *dom;
	struct vfio_sun4v_container *c;
	uint32_t flags, prot;
	int node;
	unsigned int max_regions;
	uint64_t stride;                   /* buffer pools */
	uint64_t region_len;               /* buffer pools: bytes per region */
	uint64_t io_page;                  /* target IO page size */
	uint64_t bpr;                      /* buffers per region */
	uint8_t *span;                     /* reserved span of all regions */
	uint64_t span_len;
	atomic_uint nb_regions;            /* published buffer regions */
	struct pool_region *regions;       /* max_regions slots */
	pthread_mutex_t lock;              /* stack, counters, growth */
	uint32_t *stack;                   /* free buffer ids */
	uint64_t top, cap, fresh;          /* fresh = next never-used id */
	uint64_t outstanding;
	uint64_t map_calls, unmap_calls, map_errors, get_empty, double_frees;
	iova_pool_outstanding_cb out_cb;
	void *out_arg;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct iova_pool *registry;

static uint64_t
round_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

/* ---------------------------------------------------------------------- */
/* Geometry                                                                */

/*
 * IO page size for a region of @len bytes: the largest page the container
 * offers whose rounding wastes at most 1/8 of the region (design §4),
 * capped at the backing page size with IOVA_POOL_F_BACKING_CAP.
 */
static int
pick_io_page(struct iova_pool *p, uint64_t len, uint64_t *page)
{
	struct vfio_sun4v_info info;
	uint64_t cap = UINT64_MAX, best = SMALL_PAGE;
	unsigned int i;
	int rc;

	rc = vfio_sun4v_get_info(p->c, &info);
	if (rc != 0)
		return rc;
	if (info.type == VFIO_SUN4V_IOMMU_NONE) {
		iova_log(IOVA_LOG_ERR, "pool %s: container has no IOMMU type"
			 " set", p->name);
		return -ENODEV;
	}
	if (p->flags & IOVA_POOL_F_BACKING_CAP) {
		cap = iova_mem_backing_guess(round_up(len, SMALL_PAGE),
					     p->flags & IOVA_POOL_F_NO_HUGE);
		if (cap < SMALL_PAGE)
			cap = SMALL_PAGE;
	}
	for (i = 0; info.type != VFIO_SUN4V_IOMMU_BYPASS &&
	     i < info.nb_windows; i++) {
		uint64_t ps = info.windows[i].page_size;

		if (ps <= cap && round_up(len, ps) - len <= len / 8 &&
		    round_up(len, ps) / ps <= info.windows[i].entries_total &&
		    ps > best)
			best = ps;
	}
	*page = best;
	return 0;
}

/* Alignment of the span: the IO page, or the huge page if larger. */
static uint64_t
span_align(uint64_t region_len, uint64_t io_page)
{
	if (region_len % IOVA_MEM_HUGE_1G == 0 && io_page < IOVA_MEM_HUGE_1G)
		return IOVA_MEM_HUGE_1G;
	if (region_len % IOVA_MEM_HUGE_2M == 0 && io_page < IOVA_MEM_HUGE_2M)
		return IOVA_MEM_HUGE_2M;
	return io_page;
}

/* ---------------------------------------------------------------------- */
/* Regions                                                                 */

/* Register (if asked), then map once.  Fills r->map. */
static int
region_map(struct iova_pool *p, struct pool_region *r, void *va,
	   uint64_t len, uint64_t max_page, bool do_register)
{
	int rc;

	if (do_register) {
		rc = vfio_sun4v_mem_register(p->c, va, len);
		if (rc != 0) {
			iova_log(IOVA_LOG_ERR, "pool %s: registering %p + 0x%"
				 PRIx64 " as guest RAM failed: %d", p->name,
				 va, len, rc);
			return rc;
		}
		r->registered = true;
	}
	p->map_calls++;
	rc = iova_pool_domain_map(p->dom, va, len, p->prot, max_page, &r->map);
	if (rc != 0) {
		p->map_errors++;
		if (r->registered)
			vfio_sun4v_mem_unregister(p->c, va, len);
		r->registered = false;
		return rc;
	}
	iova_log(IOVA_LOG_INFO, "pool %s: mapped %p + 0x%" PRIx64 " at DVMA 0x%"
		 PRIx64 " with %" PRIu64 " IO page(s) of 0x%" PRIx64 " bytes",
		 p->name, va, len, r->map.dvma, r->map.entries,
		 r->map.page_size);
	return 0;
}

/*
 * Unmap and release one region.  Returns 0, or the unmap error, in which
 * case the memory is deliberately left allocated and registered: a device
 * may still reach it.
 */
static int
region_unmap(struct iova_pool *p, struct pool_region *r)
{
	int rc;

	p->unmap_calls++;
	rc = iova_pool_domain_unmap(p->dom, &r->map);
	if (rc != 0) {
		iova_log(IOVA_LOG_ERR, "pool %s: unmap of DVMA 0x%" PRIx64
			 " failed (%d): memory %p + 0x%" PRIx64 " leaked on"
			 " purpose", p->name, r->map.dvma, rc, r->map.va,
			 r->map.len);
		return rc;
	}
	if (r->registered)
		vfio_sun4v_mem_unregister(p->c, r->map.va, r->map.len);
	r->registered = false;
	free(r->busy);
	r->busy = NULL;
	return 0;
}

/* Add buffer region number nb_regions.  Caller holds p->lock. */
static int
buffer_region_add(struct iova_pool *p)
{
	unsigned int idx = atomic_load(&p->nb_regions);
	struct pool_region *r = &p->regions[idx];
	uint8_t *va = p->span + (uint64_t)idx * p->region_len;
	uint64_t need = (uint64_t)(idx + 1) * p->bpr;
	int rc;

	if (idx >= p->max_regions)
		return -ENOSPC;
	if (need > p->cap) {
		uint32_t *s = realloc(p->stack, need * sizeof(*s));

		if (s == NULL)
			return -ENOMEM;
		p->stack = s;
		p->cap = need;
	}
	r->busy = calloc((p->bpr + 63) / 64, sizeof(uint64_t));
	if (r->busy == NULL)
		return -ENOMEM;
	rc = iova_mem_commit(va, p->region_len, p->node,
			     p->flags & IOVA_POOL_F_NO_HUGE,
			     p->flags & IOVA_POOL_F_POPULATE, &r->backing);
	if (rc == 0) {
		rc = region_map(p, r, va, p->region_len, p->io_page, true);
		if (rc != 0)
			iova_mem_decommit(va, p->region_len);
	}
	if (rc != 0) {
		free(r->busy);
		r->busy = NULL;
		return rc;
	}
	r->owned = true;
	atomic_store(&r->live, true);
	/* Publish: iova_pool_dvma() reads nb_regions without the lock. */
	atomic_store_explicit(&p->nb_regions, idx + 1, memory_order_release);
	return (int)idx;
}

/* REGION_ONLY: map caller memory (va != NULL) or new pool memory. */
static int
free_region_add(struct iova_pool *p, void *va, uint64_t len)
{
	struct pool_region *r = NULL;
	uint64_t page = SMALL_PAGE;
	unsigned int i;
	int rc;

	for (i = 0; i < p->max_regions && r == NULL; i++)
		if (!atomic_load(&p->regions[i].live))
			r = &p->regions[i];
	if (r == NULL)
		return -ENOSPC;
	i--;
	memset(&r->map, 0, sizeof(r->map));
	r->owned = (va == NULL);
	r->backing = 0;
	if (va == NULL) {
		rc = pick_io_page(p, len, &page);
		if (rc != 0)
			return rc;
		len = round_up(len, page);
		rc = iova_mem_reserve(len, span_align(len, page), &va);
		if (rc != 0)
			return rc;
		rc = iova_mem_commit(va, len, p->node,
				     p->flags & IOVA_POOL_F_NO_HUGE,
				     p->flags & IOVA_POOL_F_POPULATE,
				     &r->backing);
		if (rc != 0) {
			iova_mem_unreserve(va, len);
			return rc;
		}
	}
	rc = region_map(p, r, va, len, r->owned ? page : 0, r->owned);
	if (rc != 0) {
		if (r->owned)
			iova_mem_unreserve(va, len);
		return rc;
	}
	atomic_store_explicit(&r->live, true, memory_order_release);
	return (int)i;
}

static void
region_info_fill(const struct pool_region *r,
		 struct iova_pool_region_info *info)
{
	*info = (struct iova_pool_region_info){
		.va = r->map.va, .len = r->map.len, .dvma = r->map.dvma,
		.io_page_size = r->map.page_size, .entries = r->map.entries,
		.backing_page_size = r->backing, .owned = r->owned,
	};
}

int
iova_pool_region_add(struct iova_pool *p, void *va, uint64_t len,
		     struct iova_pool_region_info *info)
{
	int rc;

	if (p == NULL)
		return -EINVAL;
	if (!(p->flags & IOVA_POOL_F_REGION_ONLY) && va != NULL) {
		iova_log(IOVA_LOG_ERR, "pool %s: caller memory %p can only be"
			 " added to a REGION_ONLY pool", p->name, va);
		return -EINVAL;
	}
	if ((p->flags & IOVA_POOL_F_REGION_ONLY) &&
	    (len == 0 || len > IOVA_POOL_REGION_MAX ||
	     (va != NULL && ((uintptr_t)va % SMALL_PAGE || len % SMALL_PAGE)))) {
		iova_log(IOVA_LOG_ERR, "pool %s: bad region %p + 0x%" PRIx64
			 " (8 KB multiples, at most 0x%" PRIx64 ")", p->name,
			 va, len, IOVA_POOL_REGION_MAX);
		return -EINVAL;
	}
	pthread_mutex_lock(&p->lock);
	if (p->flags & IOVA_POOL_F_REGION_ONLY)
		rc = free_region_add(p, va, len);
	else
		rc = buffer_region_add(p);
	if (rc >= 0 && info != NULL)
		region_info_fill(&p->regions[rc], info);
	pthread_mutex_unlock(&p->lock);
	if (rc == -ENOSPC)
		iova_log(IOVA_LOG_INFO, "pool %s: cannot add a region (limit %u"
			 " regions or no DVMA left)", p->name, p->max_regions);
	return rc;
}

int
iova_pool_region_remove(struct iova_pool *p, const void *va)
{
	unsigned int i;
	int rc = -ENOENT;

	if (p == NULL || !(p->flags & IOVA_POOL_F_REGION_ONLY))
		return -EINVAL;
	pthread_mutex_lock(&p->lock);
	for (i = 0; i < p->max_regions; i++) {
		struct pool_region *r = &p->regions[i];

		if (!atomic_load(&r->live) || r->map.va != va)
			continue;
		rc = region_unmap(p, r);
		if (rc == 0) {
			atomic_store(&r->live, false);
			if (r->owned)
				iova_mem_unreserve(r->map.va, r->map.len);
		}
		break;
	}
	pthread_mutex_unlock(&p->lock);
	if (rc == -ENOENT)
		iova_log(IOVA_LOG_ERR, "pool %s: no region starts at %p",
			 p->name, va);
	return rc;
}

int
iova_pool_region_info_get(const struct iova_pool *p, unsigned int idx,
			  struct iova_pool_region_info *info)
{
	if (p == NULL || info == NULL || idx >= p->max_regions)
		return -EINVAL;
	if (!atomic_load_explicit(&p->regions[idx].live, memory_order_acquire))
		return -ENOENT;
	region_info_fill(&p->regions[idx], info);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* Create / destroy                                                        */

static int
conf_check(const struct iova_pool_conf *c)
{
	const char *n = c->name != NULL ? c->name : "(null)";
	bool ronly = c->flags & IOVA_POOL_F_REGION_ONLY;
	uint32_t known = IOVA_POOL_F_NO_HUGE | IOVA_POOL_F_NO_GROW |
		IOVA_POOL_F_BACKING_CAP | IOVA_POOL_F_POPULATE |
		IOVA_POOL_F_REGION_ONLY;

	if (c->name == NULL || c->name[0] == '\0' ||
	    strlen(c->name) >= IOVA_POOL_NAMESIZE) {
		iova_log(IOVA_LOG_ERR, "pool name '%s' empty or longer than %d",
			 n, IOVA_POOL_NAMESIZE - 1);
		return -EINVAL;
	}
	if (c->domain == NULL || (c->flags & ~known) != 0 ||
	    (c->prot & ~(uint32_t)(VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE |
				   VFIO_SUN4V_DMA_RELAXED_ORDER)) != 0) {
		iova_log(IOVA_LOG_ERR, "pool %s: %s (flags 0x%x, prot 0x%x)", n,
			 c->domain == NULL ? "no domain" : "unknown flag/prot",
			 c->flags, c->prot);
		return -EINVAL;
	}
	if (c->max_regions > IOVA_POOL_MAX_REGIONS_LIMIT) {
		iova_log(IOVA_LOG_ERR, "pool %s: max_regions %u above %u", n,
			 c->max_regions, IOVA_POOL_MAX_REGIONS_LIMIT);
		return -EINVAL;
	}
	if (!ronly && (c->buf_size == 0 ||
		       (c->buf_align & (c->buf_align - 1)) != 0)) {
		iova_log(IOVA_LOG_ERR, "pool %s: buf_size %u / buf_align %u"
			 " (size > 0, align a power of two)", n, c->buf_size,
			 c->buf_align);
		return -EINVAL;
	}
	if (!ronly && c->region_size == 0 && c->bufs_per_region == 0) {
		iova_log(IOVA_LOG_ERR, "pool %s: region_size and"
			 " bufs_per_region both 0", n);
		return -EINVAL;
	}
	return iova_mem_numa_check(c->numa_node);
}

/* Buffer geometry, IO page and the reserved span. */
static int
buffer_geometry(struct iova_pool *p, const struct iova_pool_conf *c)
{
	uint64_t align = c->buf_align ? c->buf_align :
		IOVA_POOL_BUF_ALIGN_DEFAULT;
	uint64_t len;
	int rc;

	p->stride = round_up(c->buf_size, align);
	len = c->region_size ? c->region_size :
		(uint64_t)c->bufs_per_region * p->stride;
	if (len > IOVA_POOL_REGION_MAX || len < p->stride) {
		iova_log(IOVA_LOG_ERR, "pool %s: region of 0x%" PRIx64 " bytes"
			 " for buffers of %" PRIu64 " bytes: %s", p->name, len,
			 p->stride, len < p->stride ? "buffer larger than the"
			 " region" : "region too large");
		return -EINVAL;
	}
	rc = pick_io_page(p, len, &p->io_page);
	if (rc != 0)
		return rc;
	p->region_len = round_up(len, p->io_page);
	p->bpr = p->region_len / p->stride;
	if (p->bpr * p->max_regions > MAX_BUFS_PER_POOL) {
		iova_log(IOVA_LOG_ERR, "pool %s: %" PRIu64 " buffers per region"
			 " x %u regions exceeds %" PRIu32, p->name, p->bpr,
			 p->max_regions, MAX_BUFS_PER_POOL);
		return -EINVAL;
	}
	p->span_len = p->region_len * p->max_regions;
	return iova_mem_reserve(p->span_len,
				span_align(p->region_len, p->io_page),
				(void **)&p->span);
}

static void
pool_free(struct iova_pool *p)
{
	if (p->span != NULL)
		iova_mem_unreserve(p->span, p->span_len);
	if (p->dom != NULL)
		iova_pool_domain_put(p->dom);
	pthread_mutex_destroy(&p->lock);
	free(p->regions);
	free(p->stack);
	free(p);
}

static bool
name_taken(const char *name)
{
	struct iova_pool *q;

	for (q = registry; q != NULL; q = q->next)
		if (strcmp(q->name, name) == 0)
			return true;
	return false;
}

static int
pool_init(struct iova_pool *p, const struct iova_pool_conf *c)
{
	int rc;

	snprintf(p->name, sizeof(p->name), "%s", c->name);
	p->flags = c->flags;
	p->prot = c->prot ? c->prot :
		VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE;
	p->node = c->numa_node;
	p->max_regions = c->max_regions ? c->max_regions :
		IOVA_POOL_MAX_REGIONS_DEFAULT;
	p->out_cb = c->outstanding;
	p->out_arg = c->outstanding_arg;
	if (pthread_mutex_init(&p->lock, NULL) != 0)
		return -ENOMEM;
	rc = iova_pool_domain_get(iova_pool_domain_container(c->domain),
				  &p->dom);
	if (rc != 0)
		return rc;
	p->c = iova_pool_domain_container(p->dom);
	p->regions = calloc(p->max_regions, sizeof(*p->regions));
	if (p->regions == NULL)
		return -ENOMEM;
	if (p->flags & IOVA_POOL_F_REGION_ONLY)
		return 0;
	rc = buffer_geometry(p, c);
	if (rc != 0)
		return rc;
	rc = buffer_region_add(p);
	return rc < 0 ? rc : 0;
}

int
iova_pool_create(const struct iova_pool_conf *conf, struct iova_pool **out)
{
	struct iova_pool *p;
	int rc;

	if (conf == NULL || out == NULL)
		return -EINVAL;
	rc = conf_check(conf);
	if (rc != 0)
		return rc;
	p = calloc(1, sizeof(*p));
	if (p == NULL)
		return -ENOMEM;
	pthread_mutex_lock(&registry_lock);
	if (name_taken(conf->name)) {
		pthread_mutex_unlock(&registry_lock);
		free(p);
		iova_log(IOVA_LOG_ERR, "pool %s already exists", conf->name);
		return -EEXIST;
	}
	/* Creation maps memory under the registry lock: it is rare, and it
	 * keeps names unique without a half-created pool being visible. */
	rc = pool_init(p, conf);
	if (rc != 0) {
		pthread_mutex_unlock(&registry_lock);
		iova_log(IOVA_LOG_ERR, "pool %s: create failed: %d", conf->name,
			 rc);
		pool_free(p);
		return rc;
	}
	p->next = registry;
	registry = p;
	pthread_mutex_unlock(&registry_lock);
	*out = p;
	return 0;
}

static bool
registry_remove(struct iova_pool *p)
{
	struct iova_pool **pp;
	bool found;

	pthread_mutex_lock(&registry_lock);
	for (pp = &registry; *pp != NULL && *pp != p; pp = &(*pp)->next)
		;
	found = *pp != NULL;
	if (found)
		*pp = p->next;
	pthread_mutex_unlock(&registry_lock);
	return found;
}

int64_t
iova_pool_destroy(struct iova_pool *p)
{
	uint64_t out;
	unsigned int i;
	bool leaked = false;

	if (p == NULL)
		return -EINVAL;
	if (!registry_remove(p)) {
		iova_log(IOVA_LOG_ERR, "destroy of %p: not a live pool"
			 " (destroyed twice?)", (void *)p);
		return -EALREADY;
	}
	out = p->out_cb != NULL ? p->out_cb(p->out_arg) : p->outstanding;
	if (out != 0)
		iova_log(IOVA_LOG_WARNING, "pool %s: destroyed with %" PRIu64
			 " buffer(s) outstanding; all regions unmapped anyway",
			 p->name, out);
	for (i = 0; i < p->max_regions; i++) {
		struct pool_region *r = &p->regions[i];

		if (!atomic_load(&r->live))
			continue;
		if (region_unmap(p, r) != 0) {
			leaked = true;
			continue;
		}
		if (p->flags & IOVA_POOL_F_REGION_ONLY) {
			if (r->owned)
				iova_mem_unreserve(r->map.va, r->map.len);
		} else {
			iova_mem_decommit(r->map.va, r->map.len);
		}
	}
	if (leaked)
		p->span = NULL;   /* keep the whole span: a device may use it */
	pool_free(p);
	return leaked ? -EIO : (int64_t)out;
}

/* ---------------------------------------------------------------------- */
/* Buffers                                                                 */

static void *
buf_addr(const struct iova_pool *p, uint64_t id)
{
	return p->span + (id / p->bpr) * p->region_len +
		(id % p->bpr) * p->stride;
}

int
iova_pool_get(struct iova_pool *p, void **buf)
{
	uint64_t id, idx;
	int rc = 0;

	if (p == NULL || buf == NULL || (p->flags & IOVA_POOL_F_REGION_ONLY))
		return -EINVAL;
	pthread_mutex_lock(&p->lock);
	if (p->top == 0 &&
	    p->fresh == (uint64_t)atomic_load(&p->nb_regions) * p->bpr) {
		rc = (p->flags & IOVA_POOL_F_NO_GROW) ? -ENOSPC :
			buffer_region_add(p);
		if (rc < 0) {
			p->get_empty++;
			pthread_mutex_unlock(&p->lock);
			return rc == -ENOSPC ? -ENOBUFS : rc;
		}
	}
	id = p->top != 0 ? p->stack[--p->top] : p->fresh++;
	idx = id % p->bpr;
	p->regions[id / p->bpr].busy[idx / 64] |= UINT64_C(1) << (idx % 64);
	p->outstanding++;
	pthread_mutex_unlock(&p->lock);
	*buf = buf_addr(p, id);
	return 0;
}

int
iova_pool_put(struct iova_pool *p, void *buf)
{
	uint64_t off, r, o, i, bit;
	uint64_t *word;

	if (p == NULL || (p->flags & IOVA_POOL_F_REGION_ONLY))
		return -EINVAL;
	off = (uint64_t)((uintptr_t)buf - (uintptr_t)p->span);
	r = off / p->region_len;
	o = off % p->region_len;
	if (off >= (uint64_t)atomic_load(&p->nb_regions) * p->region_len ||
	    o % p->stride != 0 || o / p->stride >= p->bpr) {
		iova_log(IOVA_LOG_ERR, "pool %s: put of %p: not a buffer of"
			 " this pool", p->name, buf);
		return -EINVAL;
	}
	i = o / p->stride;
	word = &p->regions[r].busy[i / 64];
	bit = UINT64_C(1) << (i % 64);
	pthread_mutex_lock(&p->lock);
	if ((*word & bit) == 0) {
		p->double_frees++;
		pthread_mutex_unlock(&p->lock);
		iova_log(IOVA_LOG_ERR, "pool %s: put of buffer %p that is not"
			 " outstanding (double free)", p->name, buf);
		return -EALREADY;
	}
	*word &= ~bit;
	p->stack[p->top++] = (uint32_t)(r * p->bpr + i);
	p->outstanding--;
	pthread_mutex_unlock(&p->lock);
	return 0;
}

uint64_t
iova_pool_dvma(const struct iova_pool *p, const void *addr)
{
	uint64_t off, r;
	unsigned int i, n;

	if (p == NULL)
		return IOVA_POOL_BAD_DVMA;
	if (p->flags & IOVA_POOL_F_REGION_ONLY) {
		for (i = 0; i < p->max_regions; i++) {
			const struct pool_region *q = &p->regions[i];

			if (!atomic_load_explicit(&q->live,
						  memory_order_acquire))
				continue;
			off = (uint64_t)((uintptr_t)addr -
					 (uintptr_t)q->map.va);
			if (off < q->map.len)
				return q->map.dvma + off;
		}
		return IOVA_POOL_BAD_DVMA;
	}
	/* O(1): regions sit at fixed offsets of the span. */
	n = atomic_load_explicit(&p->nb_regions, memory_order_acquire);
	off = (uint64_t)((uintptr_t)addr - (uintptr_t)p->span);
	if (off >= (uint64_t)n * p->region_len)
		return IOVA_POOL_BAD_DVMA;
	r = off / p->region_len;
	return p->regions[r].map.dvma + (off - r * p->region_len);
}

/* ---------------------------------------------------------------------- */
/* Introspection                                                           */

int
iova_pool_stats_get(const struct iova_pool *p, struct iova_pool_stats *st)
{
	struct iova_pool *w = (struct iova_pool *)(uintptr_t)p;
	unsigned int i;

	if (p == NULL || st == NULL)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	pthread_mutex_lock(&w->lock);
	for (i = 0; i < p->max_regions; i++) {
		const struct pool_region *r = &p->regions[i];

		if (!atomic_load(&r->live))
			continue;
		st->nb_regions++;
		st->io_page_sizes |= r->map.page_size;
		st->iotsb_entries += r->map.entries;
		if (r->map.entries != 0)   /* bypass maps have no entries */
			st->entries_by_size[IOVA_POOL_PAGE_IDX(
				r->map.page_size)] += r->map.entries;
		st->bytes_mapped += r->map.len;
		if (r->backing > 8192)
			st->huge_regions++;
	}
	st->max_regions = p->max_regions;
	st->buf_stride = p->stride;
	st->bufs_per_region = p->bpr;
	st->bufs_total = p->bpr * st->nb_regions;
	st->bufs_outstanding = p->out_cb != NULL ? p->out_cb(p->out_arg) :
		p->outstanding;
	st->map_calls = p->map_calls;
	st->unmap_calls = p->unmap_calls;
	st->map_errors = p->map_errors;
	st->get_empty = p->get_empty;
	st->double_frees = p->double_frees;
	st->numa_node = p->node;
	pthread_mutex_unlock(&w->lock);
	return 0;
}

const char *
iova_pool_name(const struct iova_pool *p)
{
	return p == NULL ? NULL : p->name;
}

struct iova_pool *
iova_pool_lookup(const char *name)
{
	struct iova_pool *q;

	if (name == NULL)
		return NULL;
	pthread_mutex_lock(&registry_lock);
	for (q = registry; q != NULL; q = q->next)
		if (strcmp(q->name, name) == 0)
			break;
	pthread_mutex_unlock(&registry_lock);
	return q;
}

unsigned int
iova_pool_walk(int (*cb)(struct iova_pool *p, void *arg), void *arg)
{
	struct iova_pool *q;
	unsigned int n = 0;

	if (cb == NULL)
		return 0;
	pthread_mutex_lock(&registry_lock);
	for (q = registry; q != NULL; q = q->next) {
		n++;
		if (cb(q, arg) != 0)
			break;
	}
	pthread_mutex_unlock(&registry_lock);
	return n;
}
