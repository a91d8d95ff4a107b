/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK adapters, part 3: device contexts, (b) registration of existing
 * mempools (map each chunk once, sfc/mlx5 pattern, anchors §A3), mempool
 * events, EAL memory as guest RAM, and (c) the vdev .dma_map path (§A2).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_memory.h>
#include <rte_mempool.h>

#include "iova_log.h"
#include "iova_pool_dpdk.h"
#include "iova_pool_dpdk_ctx.h"
#include "iova_pool_dpdk_private.h"
#include "iova_pool_dpdk_xlate.h"

#define SMALL_PAGE UINT64_C(8192)
#define ALIGN_DOWN(v, a) ((v) & ~((uintptr_t)(a) - 1))
#define ALIGN_UP(v, a) ALIGN_DOWN((v) + (a) - 1, (a))

/* ---------------------------------------------------------------------- */
/* EAL memory as guest RAM (refcounted across contexts)                     */

#define EAL_REG_MAX 128

/*
 * Every map and unmap of a context happens under its lock, so the
 * hypercalls the calling thread made between lock and unlock are this
 * context's (vfio_sun4v counts calls per thread): that is how a PMD port
 * learns what its mempool registrations cost, whichever thread (queue
 * setup, a mempool event, the data path's late registration) did them.
 */
static void
ctx_lock(struct iova_pool_dpdk_ctx *ctx)
{
	pthread_mutex_lock(&ctx->lock);
	vfio_sun4v_thread_stats_get(&ctx->t0);
}

static void
ctx_unlock(struct iova_pool_dpdk_ctx *ctx)
{
	struct vfio_sun4v_thread_stats t1;

	vfio_sun4v_thread_stats_get(&t1);
	ctx->hv_map_calls += t1.map_calls - ctx->t0.map_calls;
	ctx->hv_demap_calls += t1.demap_calls - ctx->t0.demap_calls;
	ctx->hv_map_ttes += t1.map_ttes - ctx->t0.map_ttes;
	pthread_mutex_unlock(&ctx->lock);
}

static struct {
	void *va;
	size_t len;
	unsigned int refs;
	bool ours;                /* we registered it (else someone else did) */
} eal_regs[EAL_REG_MAX];
static pthread_mutex_t eal_lock = PTHREAD_MUTEX_INITIALIZER;

struct eal_walk {
	struct iova_pool_dpdk_ctx *ctx;
	int err;
};

static int
eal_reg_one(const struct rte_memseg_list *msl, void *arg)
{
	struct eal_walk *w = arg;
	struct iova_pool_dpdk_ctx *ctx = w->ctx;
	unsigned int i, free_slot = EAL_REG_MAX;
	int rc;

	if (msl->external || msl->base_va == NULL || msl->len == 0)
		return 0;
	for (i = 0; i < EAL_REG_MAX; i++) {
		if (eal_regs[i].refs != 0 && eal_regs[i].va == msl->base_va &&
		    eal_regs[i].len == msl->len) {
			eal_regs[i].refs++;
			return 0;
		}
		if (eal_regs[i].refs == 0 && free_slot == EAL_REG_MAX)
			free_slot = i;
	}
	if (free_slot == EAL_REG_MAX) {
		w->err = -ENOSPC;
		return -1;
	}
	rc = vfio_sun4v_mem_register(ctx->c, msl->base_va, msl->len);
	if (rc != 0 && rc != -EEXIST) {
		w->err = rc;
		return -1;
	}
	eal_regs[free_slot].va = msl->base_va;
	eal_regs[free_slot].len = msl->len;
	eal_regs[free_slot].refs = 1;
	eal_regs[free_slot].ours = rc == 0;
	return 0;
}

static int
eal_unreg_one(const struct rte_memseg_list *msl, void *arg)
{
	struct iova_pool_dpdk_ctx *ctx = ((struct eal_walk *)arg)->ctx;
	unsigned int i;

	for (i = 0; i < EAL_REG_MAX; i++) {
		if (eal_regs[i].refs == 0 || eal_regs[i].va != msl->base_va ||
		    eal_regs[i].len != msl->len)
			continue;
		if (--eal_regs[i].refs == 0 && eal_regs[i].ours)
			vfio_sun4v_mem_unregister(ctx->c, msl->base_va,
						  msl->len);
	}
	return 0;
}

static int
eal_mem_register(struct iova_pool_dpdk_ctx *ctx, bool on)
{
	struct eal_walk w = { .ctx = ctx, .err = 0 };

	pthread_mutex_lock(&eal_lock);
	rte_memseg_list_walk(on ? eal_reg_one : eal_unreg_one, &w);
	pthread_mutex_unlock(&eal_lock);
	if (w.err != 0)
		iova_log(IOVA_LOG_ERR, "ctx %s: registering EAL memory as guest"
			 " RAM failed: %d", ctx->name, w.err);
	return w.err;
}

/* ---------------------------------------------------------------------- */
/* (b) mempools                                                           */

static struct ctx_mp *
mp_find(struct iova_pool_dpdk_ctx *ctx, const struct rte_mempool *mp)
{
	struct ctx_mp *r;

	for (r = ctx->mps; r != NULL; r = r->next)
		if (r->mp == mp)
			return r;
	return NULL;
}

/*
 * Map [addr, addr+len): the smallest 8 KB-aligned cover, widened to a
 * larger IO page when the wider cover stays inside the chunk's memory
 * segment list (registered RAM) and at most doubles the bytes exposed.
 * Returns -E2BIG when even the 8 KB window cannot take the range in one
 * allocation (one allocator pool holds it all, iommu-common rule).
 */
static int
map_range(struct iova_pool_dpdk_ctx *ctx, struct iova_pool *pool,
	  uintptr_t addr, size_t len, uint64_t *dvma)
{
	const struct rte_memseg_list *msl = rte_mem_virt2memseg_list(
		(void *)addr);
	struct iova_pool_region_info ri;
	struct vfio_sun4v_info info;
	int i, rc;

	rc = vfio_sun4v_get_info(ctx->c, &info);
	if (rc != 0)
		return rc;
	for (i = (int)info.nb_windows - 1; i >= 0; i--) {
		uint64_t ps = info.windows[i].page_size;
		uintptr_t lo = ALIGN_DOWN(addr, ps);
		uintptr_t hi = ALIGN_UP(addr + len, ps);

		if (ps > SMALL_PAGE &&
		    (msl == NULL || lo < (uintptr_t)msl->base_va ||
		     hi > (uintptr_t)msl->base_va + msl->len ||
		     hi - lo > 2 * len))
			continue;
		rc = iova_pool_region_add(pool, (void *)lo, hi - lo, &ri);
		if (rc >= 0) {
			*dvma = ri.dvma + (addr - lo);
			return 0;
		}
		if (ps == SMALL_PAGE && (rc == -EINVAL || rc == -ENOSPC))
			return -E2BIG;
		if (ps == SMALL_PAGE || (rc != -ENOSPC && rc != -EFAULT))
			return rc;
	}
	return -ENOSPC;
}

/* Chunks are split no finer than this before giving up (-ENOSPC). */
#define MIN_PIECE (SMALL_PAGE * 64)

/*
 * Map a chunk and enter it in the translation table.  A chunk too big
 * for one allocation (a 617 MB mempool on the legacy window, whose
 * allocator pools hold 128 MB each) is split in two at an aligned middle,
 * recursively: each piece is mapped once and gets its own table entry.
 */
static int
map_chunk(struct iova_pool_dpdk_ctx *ctx, struct ctx_mp *rec,
	  uintptr_t addr, size_t len, unsigned int depth)
{
	uintptr_t mid;
	uint64_t dvma;
	int rc;

	rc = map_range(ctx, rec->pool, addr, len, &dvma);
	if (rc == 0)
		return iova_pool_dpdk_xtable_insert(&ctx->xt, addr,
						    addr + len, dvma - addr,
						    rec);
	if (rc != -E2BIG)
		return rc;
	if (len < 2 * MIN_PIECE || depth > 16)
		return -ENOSPC;
	/* The largest power-of-two boundary inside the chunk's middle half
	 * keeps big IO pages possible on both sides. */
	mid = ALIGN_DOWN(addr + len / 2, SMALL_PAGE);
	for (uintptr_t al = (uintptr_t)1 << 40; al > SMALL_PAGE; al >>= 1) {
		uintptr_t m = ALIGN_DOWN(addr + len / 2 + len / 4, al);

		if (m > addr + len / 4) {
			mid = m;
			break;
		}
	}
	rc = map_chunk(ctx, rec, addr, mid - addr, depth + 1);
	if (rc == 0)
		rc = map_chunk(ctx, rec, mid, addr + len - mid, depth + 1);
	return rc;
}

struct chunk_list {
	struct rte_mempool_memhdr *h[IOVA_POOL_MAX_REGIONS_LIMIT];
	unsigned int n;
};

static void
chunk_collect(struct rte_mempool *mp, void *arg,
	      struct rte_mempool_memhdr *memhdr, unsigned int idx)
{
	struct chunk_list *cl = arg;

	(void)mp;
	(void)idx;
	if (cl->n < IOVA_POOL_MAX_REGIONS_LIMIT)
		cl->h[cl->n++] = memhdr;
}

/* One chunk: reuse an adapter-(a) mapping on our domain, else map it. */
static int
register_chunk(struct iova_pool_dpdk_ctx *ctx, struct ctx_mp *rec,
	       const struct rte_mempool_memhdr *h)
{
	const struct iova_pool_dpdk_mbuf_region *pre = h->opaque;
	uintptr_t a = (uintptr_t)h->addr;
	struct vfio_sun4v_info info;
	int rc;

	if (h->free_cb == iova_pool_dpdk_mbuf_chunk_free &&
	    pre->dom == ctx->dom) {
		ctx->chunks_premapped++;
		return iova_pool_dpdk_xtable_insert(&ctx->xt, a, a + h->len,
						    h->iova - a, rec);
	}
	if (rec->pool == NULL) {
		struct iova_pool_conf pc = {
			.domain = ctx->dom, .flags = IOVA_POOL_F_REGION_ONLY,
			/* chunks may be split into pieces (map_chunk()) */
			.max_regions = IOVA_POOL_MAX_REGIONS_LIMIT,
			.prot = ctx->prot, .numa_node = IOVA_POOL_NUMA_ANY,
		};
		char name[IOVA_POOL_NAMESIZE];

		snprintf(name, sizeof(name), "%s/%s", ctx->name, rec->mp->name);
		pc.name = name;
		rc = iova_pool_create(&pc, &rec->pool);
		if (rc != 0)
			return rc;
	}
	/* ATU: the chunk's RAM run decides the IO pages (design §6a).  The
	 * legacy table has 8 KB pages only, and its window is shared: keep
	 * the tight per-chunk cover there. */
	rc = -ENOTSUP;
	if (vfio_sun4v_get_info(ctx->c, &info) == 0 &&
	    info.type == VFIO_SUN4V_IOMMU_ATU)
		rc = iova_pool_dpdk_map_by_run(ctx, rec, a, h->len);
	if (rc == -ENOTSUP)
		rc = map_chunk(ctx, rec, a, h->len, 0);
	if (rc != 0)
		return rc;
	ctx->chunks_mapped++;
	return 0;
}

static void
mp_release(struct iova_pool_dpdk_ctx *ctx, struct ctx_mp *rec)
{
	iova_pool_dpdk_xtable_remove_owner(&ctx->xt, rec);
	if (rec->pool != NULL)
		iova_pool_destroy(rec->pool);
	free(rec);
}

/* Caller holds ctx->lock. */
static int
mp_register_locked(struct iova_pool_dpdk_ctx *ctx, struct rte_mempool *mp)
{
	struct chunk_list *cl;
	struct ctx_mp *rec;
	unsigned int i;
	int rc = 0;

	if (mp->flags & RTE_MEMPOOL_F_NON_IO || mp->nb_mem_chunks == 0) {
		iova_log(IOVA_LOG_ERR, "ctx %s: mempool %s %s", ctx->name,
			 mp->name, mp->nb_mem_chunks == 0 ? "has no memory" :
			 "is flagged NON_IO (not for DMA)");
		return -EINVAL;
	}
	cl = calloc(1, sizeof(*cl));
	rec = calloc(1, sizeof(*rec));
	if (cl == NULL || rec == NULL) {
		free(cl);
		free(rec);
		return -ENOMEM;
	}
	rec->mp = mp;
	rte_mempool_mem_iter(mp, chunk_collect, cl);
	for (i = 0; i < cl->n && rc == 0; i++)
		rc = register_chunk(ctx, rec, cl->h[i]);
	rec->chunks = cl->n;
	free(cl);
	if (rc != 0) {
		iova_log(IOVA_LOG_ERR, "ctx %s: mempool %s: mapping chunk %u"
			 " failed: %d", ctx->name, mp->name, i, rc);
		mp_release(ctx, rec);
		return rc;
	}
	rec->next = ctx->mps;
	ctx->mps = rec;
	return 1;
}

/*
 * Register @mp (takes the lock).  Returns 1 if it was registered now, 0 if
 * it already was, or a negative errno.  @late: called from the data path.
 */
static int
mp_register(struct iova_pool_dpdk_ctx *ctx, struct rte_mempool *mp, bool late)
{
	int rc;

	ctx_lock(ctx);
	rc = mp_find(ctx, mp) != NULL ? 0 : mp_register_locked(ctx, mp);
	if (rc > 0 && late)
		ctx->late_registrations++;
	ctx_unlock(ctx);
	if (rc > 0)
		iova_log(late ? IOVA_LOG_NOTICE : IOVA_LOG_INFO,
			 "ctx %s: mempool %s mapped%s", ctx->name, mp->name,
			 late ? " on first sight from the data path (no"
			 " mempool event reported it)" : "");
	return rc;
}

int
iova_pool_dpdk_mempool_register(struct iova_pool_dpdk_ctx *ctx,
				struct rte_mempool *mp)
{
	int rc;

	if (ctx == NULL || mp == NULL)
		return -EINVAL;
	rc = mp_register(ctx, mp, false);
	return rc < 0 ? rc : 0;
}

/* The translation table's first-sight callback (iova_pool_dpdk_xlate.h). */
static int
mp_first_sight(void *arg, struct rte_mempool *mp)
{
	return mp_register(arg, mp, true);
}

int
iova_pool_dpdk_mempool_unregister(struct iova_pool_dpdk_ctx *ctx,
				  struct rte_mempool *mp)
{
	struct ctx_mp **pp, *rec;

	if (ctx == NULL || mp == NULL)
		return -EINVAL;
	ctx_lock(ctx);
	for (pp = &ctx->mps; *pp != NULL && (*pp)->mp != mp;
	     pp = &(*pp)->next)
		;
	rec = *pp;
	if (rec != NULL) {
		*pp = rec->next;
		mp_release(ctx, rec);
	}
	ctx_unlock(ctx);
	return rec != NULL ? 0 : -ENOENT;
}

static void
mempool_event(enum rte_mempool_event ev, struct rte_mempool *mp, void *arg)
{
	struct iova_pool_dpdk_ctx *ctx = arg;

	if (ev == RTE_MEMPOOL_EVENT_READY) {
		if (!(mp->flags & RTE_MEMPOOL_F_NON_IO))
			mp_register(ctx, mp, false);
	} else if (ev == RTE_MEMPOOL_EVENT_DESTROY) {
		iova_pool_dpdk_mempool_unregister(ctx, mp);
	}
}

static void
walk_register(struct rte_mempool *mp, void *arg)
{
	if (!(mp->flags & RTE_MEMPOOL_F_NON_IO))
		mp_register(arg, mp, false);
}

/* ---------------------------------------------------------------------- */
/* (c) rte_dev_dma_map() ranges                                           */

int
iova_pool_dpdk_dma_map(struct iova_pool_dpdk_ctx *ctx, void *addr,
		       uint64_t iova, size_t len)
{
	uintptr_t a = (uintptr_t)addr, lo, hi;
	struct iova_pool_region_info ri;
	struct ctx_dma *r;
	int rc;

	if (ctx == NULL || addr == NULL || len == 0 || a + len < a)
		return -EINVAL;
	/* testpmd passes iova 0 (anchors §A2): the DVMA is ours. */
	if (iova != 0 && iova != (uint64_t)a)
		iova_log(IOVA_LOG_DEBUG, "ctx %s: dma_map IOVA 0x%" PRIx64
			 " ignored, the device uses its DVMA", ctx->name, iova);
	lo = ALIGN_DOWN(a, SMALL_PAGE);
	hi = ALIGN_UP(a + len, SMALL_PAGE);
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -ENOMEM;
	*r = (struct ctx_dma){ .addr = addr, .len = len, .cover = (void *)lo,
			       .cover_len = hi - lo };
	ctx_lock(ctx);
	rc = vfio_sun4v_mem_register(ctx->c, r->cover, r->cover_len);
	r->registered = rc == 0;
	if (rc != 0 && rc != -EEXIST)   /* -EEXIST: already guest RAM */
		goto err;
	rc = iova_pool_region_add(ctx->dma_pool, r->cover, r->cover_len, &ri);
	if (rc < 0)
		goto err;
	rc = iova_pool_dpdk_xtable_insert(&ctx->xt, a, a + len, ri.dvma - lo,
					  r);
	if (rc < 0) {
		iova_pool_region_remove(ctx->dma_pool, r->cover);
		goto err;
	}
	r->next = ctx->dmas;
	ctx->dmas = r;
	ctx->nb_dma++;
	ctx_unlock(ctx);
	return 0;
err:
	if (r->registered)
		vfio_sun4v_mem_unregister(ctx->c, r->cover, r->cover_len);
	ctx_unlock(ctx);
	iova_log(IOVA_LOG_ERR, "ctx %s: dma_map of %p + 0x%zx failed: %d",
		 ctx->name, addr, len, rc);
	free(r);
	return rc;
}

static int
dma_release(struct iova_pool_dpdk_ctx *ctx, struct ctx_dma *r)
{
	int rc;

	iova_pool_dpdk_xtable_remove_owner(&ctx->xt, r);
	rc = iova_pool_region_remove(ctx->dma_pool, r->cover);
	if (rc == 0 && r->registered)
		vfio_sun4v_mem_unregister(ctx->c, r->cover, r->cover_len);
	free(r);
	ctx->nb_dma--;
	return rc;
}

int
iova_pool_dpdk_dma_unmap(struct iova_pool_dpdk_ctx *ctx, void *addr,
			 uint64_t iova, size_t len)
{
	struct ctx_dma **pp, *r;
	int rc = -ENOENT;

	(void)iova;
	if (ctx == NULL || addr == NULL || len == 0)
		return -EINVAL;
	ctx_lock(ctx);
	for (pp = &ctx->dmas; *pp != NULL; pp = &(*pp)->next)
		if ((*pp)->addr == addr && (*pp)->len == len)
			break;
	r = *pp;
	if (r != NULL) {
		*pp = r->next;
		rc = dma_release(ctx, r);
	}
	ctx_unlock(ctx);
	if (r == NULL)
		iova_log(IOVA_LOG_ERR, "ctx %s: dma_unmap of %p + 0x%zx: not"
			 " a mapped range", ctx->name, addr, len);
	return rc;
}

/* ---------------------------------------------------------------------- */
/* Contexts                                                               */

static void
ctx_free(struct iova_pool_dpdk_ctx *ctx)
{
	if (ctx->dma_pool != NULL)
		iova_pool_destroy(ctx->dma_pool);
	if (ctx->eal_mem)
		eal_mem_register(ctx, false);
	if (ctx->dom != NULL)
		iova_pool_domain_put(ctx->dom);
	pthread_mutex_destroy(&ctx->lock);
	free(ctx);
}

static int
ctx_setup(struct iova_pool_dpdk_ctx *ctx,
	  const struct iova_pool_dpdk_ctx_conf *conf)
{
	struct iova_pool_conf pc = {
		.flags = IOVA_POOL_F_REGION_ONLY, .max_regions = 1024,
		.numa_node = IOVA_POOL_NUMA_ANY,
	};
	char name[IOVA_POOL_NAMESIZE];
	int rc;

	rc = iova_pool_domain_get(iova_pool_domain_container(conf->domain),
				  &ctx->dom);
	if (rc != 0)
		return rc;
	ctx->c = iova_pool_domain_container(ctx->dom);
	if (conf->flags & IOVA_POOL_DPDK_F_REGISTER_EAL_MEM) {
		rc = eal_mem_register(ctx, true);
		if (rc != 0)
			return rc;
		ctx->eal_mem = true;
	}
	snprintf(name, sizeof(name), "%s/dma_map", ctx->name);
	pc.name = name;
	pc.domain = ctx->dom;
	pc.prot = ctx->prot;
	return iova_pool_create(&pc, &ctx->dma_pool);
}

int
iova_pool_dpdk_ctx_create(const struct iova_pool_dpdk_ctx_conf *conf,
			  struct iova_pool_dpdk_ctx **out)
{
	struct iova_pool_dpdk_ctx *ctx;
	int rc;

	iova_pool_dpdk_init();
	if (conf == NULL || out == NULL || conf->domain == NULL ||
	    conf->name == NULL || conf->name[0] == '\0' ||
	    strlen(conf->name) >= sizeof(ctx->name))
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (ctx == NULL || pthread_mutex_init(&ctx->lock, NULL) != 0) {
		free(ctx);
		return -ENOMEM;
	}
	snprintf(ctx->name, sizeof(ctx->name), "%s", conf->name);
	iova_pool_dpdk_xtable_init(&ctx->xt, ctx->name, mp_first_sight, ctx);
	ctx->flags = conf->flags;
	ctx->prot = conf->prot ? conf->prot :
		VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE;
	rc = ctx_setup(ctx, conf);
	if (rc != 0) {
		ctx_free(ctx);
		return rc;
	}
	if (conf->flags & IOVA_POOL_DPDK_F_AUTO_REGISTER) {
		/* Events first, so no pool slips between walk and callback. */
		ctx->events = rte_mempool_event_callback_register(
			mempool_event, ctx) == 0;
		if (!ctx->events)
			iova_log(IOVA_LOG_NOTICE, "ctx %s: mempool events"
				 " unavailable (%s): pools created later are"
				 " mapped on first sight from the data path",
				 ctx->name, rte_strerror(rte_errno));
		rte_mempool_walk(walk_register, ctx);
	}
	*out = ctx;
	return 0;
}

int
iova_pool_dpdk_ctx_destroy(struct iova_pool_dpdk_ctx *ctx)
{
	int rc = 0;

	if (ctx == NULL)
		return -EINVAL;
	if (ctx->events)
		rte_mempool_event_callback_unregister(mempool_event, ctx);
	ctx_lock(ctx);
	while (ctx->mps != NULL) {
		struct ctx_mp *rec = ctx->mps;

		ctx->mps = rec->next;
		mp_release(ctx, rec);
	}
	while (ctx->dmas != NULL) {
		struct ctx_dma *r = ctx->dmas;

		ctx->dmas = r->next;
		if (dma_release(ctx, r) != 0)
			rc = -EIO;
	}
	ctx_unlock(ctx);
	ctx_free(ctx);
	return rc;
}

static void
stats_add_pool(struct iova_pool_dpdk_ctx_stats *st,
	       const struct iova_pool_stats *ps)
{
	st->iotsb_entries += ps->iotsb_entries;
	for (unsigned int i = 0; i < IOVA_POOL_NB_PAGE_SHIFTS; i++)
		st->entries_by_size[i] += ps->entries_by_size[i];
}

int
iova_pool_dpdk_ctx_stats_get(struct iova_pool_dpdk_ctx *ctx,
			     struct iova_pool_dpdk_ctx_stats *st)
{
	struct iova_pool_stats ps;
	struct ctx_mp *r;

	if (ctx == NULL || st == NULL)
		return -EINVAL;
	memset(st, 0, sizeof(*st));
	ctx_lock(ctx);
	for (r = ctx->mps; r != NULL; r = r->next) {
		st->mempools++;
		if (r->pool != NULL && iova_pool_stats_get(r->pool, &ps) == 0)
			stats_add_pool(st, &ps);
	}
	if (iova_pool_stats_get(ctx->dma_pool, &ps) == 0)
		stats_add_pool(st, &ps);
	st->table_entries = ctx->xt.n;
	st->chunks_mapped = ctx->chunks_mapped;
	st->hv_map_calls = ctx->hv_map_calls;
	st->hv_demap_calls = ctx->hv_demap_calls;
	st->hv_map_ttes = ctx->hv_map_ttes;
	st->chunks_premapped = ctx->chunks_premapped;
	st->late_registrations = ctx->late_registrations;
	st->dma_maps = ctx->nb_dma;
	st->events = ctx->events;
	ctx_unlock(ctx);
	st->slow_lookups = __atomic_load_n(&ctx->xt.slow_lookups,
					   __ATOMIC_RELAXED);
	st->lookup_failures = __atomic_load_n(&ctx->xt.lookup_failures,
					      __ATOMIC_RELAXED);
	return 0;
}
