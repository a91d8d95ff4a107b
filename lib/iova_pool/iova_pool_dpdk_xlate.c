/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK adapters, part 2: a context's sorted translation table and the
 * per-queue cache's slow path (mlx5 MR-cache idea, anchors §A3).
 *
 * The table is read lock-free by every queue and written rarely (pool
 * registration) under the context lock, so it is guarded by a sequence
 * counter: a writer makes the counter odd, edits, makes it even; a reader
 * retries if the counter was odd or changed while it read.  Fields are
 * accessed with relaxed atomics so concurrent reads are well defined.
 * Removing entries also bumps the generation, which makes every queue
 * cache flush itself on its next lookup.
 */
#include <errno.h>
#include <string.h>

#include <rte_mbuf.h>

#include "iova_log.h"
#include "iova_pool_dpdk.h"
#include "iova_pool_dpdk_ctx.h"

#define LD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define ST(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

static void
write_begin(struct iova_pool_dpdk_ctx *ctx)
{
	ST(&ctx->seq, ctx->seq + 1);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void
write_end(struct iova_pool_dpdk_ctx *ctx)
{
	__atomic_store_n(&ctx->seq, ctx->seq + 1, __ATOMIC_RELEASE);
}

static void
ent_copy(struct ctx_xent *dst, const struct ctx_xent *src)
{
	ST(&dst->start, LD(&src->start));
	ST(&dst->end, LD(&src->end));
	ST(&dst->delta, LD(&src->delta));
	dst->owner = src->owner;
}

/* Caller holds ctx->lock. */
int
ctx_table_insert(struct iova_pool_dpdk_ctx *ctx, uintptr_t start,
		 uintptr_t end, uint64_t delta, const void *owner)
{
	unsigned int pos, i;

	if (ctx->n >= IOVA_POOL_DPDK_TABLE_MAX) {
		iova_log(IOVA_LOG_ERR, "ctx %s: translation table full (%d"
			 " entries)", ctx->name, IOVA_POOL_DPDK_TABLE_MAX);
		return -ENOSPC;
	}
	for (pos = 0; pos < ctx->n && ctx->tab[pos].start <= start; pos++)
		;
	write_begin(ctx);
	for (i = ctx->n; i > pos; i--)
		ent_copy(&ctx->tab[i], &ctx->tab[i - 1]);
	ST(&ctx->tab[pos].start, start);
	ST(&ctx->tab[pos].end, end);
	ST(&ctx->tab[pos].delta, delta);
	ctx->tab[pos].owner = owner;
	ST(&ctx->n, ctx->n + 1);
	write_end(ctx);
	return 0;
}

/* Drop every entry of @owner.  Caller holds ctx->lock. */
void
ctx_table_remove_owner(struct iova_pool_dpdk_ctx *ctx, const void *owner)
{
	unsigned int i, j = 0;

	write_begin(ctx);
	for (i = 0; i < ctx->n; i++) {
		if (ctx->tab[i].owner == owner)
			continue;
		if (i != j)
			ent_copy(&ctx->tab[j], &ctx->tab[i]);
		j++;
	}
	ST(&ctx->n, j);
	write_end(ctx);
	/* Queue caches may hold the removed ranges: make them flush. */
	__atomic_fetch_add(&ctx->gen, 1, __ATOMIC_RELEASE);
}

/*
 * Lock-free search: the entry holding @va, copied to @out.  Entries may
 * overlap (the same memory registered twice), so after the binary search a
 * few predecessors are checked too.
 */
bool
ctx_table_search(struct iova_pool_dpdk_ctx *ctx, uintptr_t va,
		 struct iova_pool_dpdk_xlate *out)
{
	uint32_t s1, s2 = 0;
	bool found;

	do {
		unsigned int lo = 0, hi, k;

		found = false;
		s1 = __atomic_load_n(&ctx->seq, __ATOMIC_ACQUIRE);
		if (s1 & 1)
			continue;
		hi = LD(&ctx->n);
		if (hi > IOVA_POOL_DPDK_TABLE_MAX)
			hi = IOVA_POOL_DPDK_TABLE_MAX;
		while (lo < hi) {   /* first entry with start > va */
			unsigned int mid = (lo + hi) / 2;

			if (LD(&ctx->tab[mid].start) <= va)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (k = 0; k < 4 && lo > k && !found; k++) {
			const struct ctx_xent *e = &ctx->tab[lo - 1 - k];

			out->start = LD(&e->start);
			out->end = LD(&e->end);
			out->delta = LD(&e->delta);
			found = va >= out->start && va < out->end;
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s2 = __atomic_load_n(&ctx->seq, __ATOMIC_RELAXED);
	} while ((s1 & 1) || s1 != s2);
	return found;
}

int
iova_pool_dpdk_qcache_init(struct iova_pool_dpdk_qcache *qc,
			   struct iova_pool_dpdk_ctx *ctx)
{
	if (qc == NULL || ctx == NULL)
		return -EINVAL;
	memset(qc, 0, sizeof(*qc));
	qc->ctx = ctx;
	qc->gen = &ctx->gen;
	qc->cur_gen = __atomic_load_n(&ctx->gen, __ATOMIC_ACQUIRE);
	return 0;
}

/* The pool whose memory holds @m's data buffer, or NULL. */
static struct rte_mempool *
buffer_pool(const struct rte_mbuf *m)
{
	if (m == NULL || RTE_MBUF_HAS_EXTBUF(m))
		return NULL;    /* external buffer: not mempool memory */
	if (RTE_MBUF_CLONED(m))
		m = rte_mbuf_from_indirect((struct rte_mbuf *)(uintptr_t)m);
	return m->pool;
}

static uint64_t
cache_fill(struct iova_pool_dpdk_qcache *qc, uintptr_t va,
	   const struct iova_pool_dpdk_xlate *x)
{
	unsigned int slot = qc->next;

	qc->e[slot] = *x;
	qc->mru = slot;
	qc->next = (slot + 1) % IOVA_POOL_DPDK_QCACHE_N;
	return va + x->delta;
}

uint64_t
iova_pool_dpdk_lookup_slow(struct iova_pool_dpdk_qcache *qc, uintptr_t va,
			   const struct rte_mbuf *m)
{
	struct iova_pool_dpdk_ctx *ctx = qc->ctx;
	uint32_t g = __atomic_load_n(&ctx->gen, __ATOMIC_ACQUIRE);
	struct iova_pool_dpdk_xlate x;
	struct rte_mempool *mp;

	if (g != qc->cur_gen) {
		memset(qc->e, 0, sizeof(qc->e));
		qc->cur_gen = g;
	}
	qc->misses++;
	__atomic_fetch_add(&ctx->slow_lookups, 1, __ATOMIC_RELAXED);
	if (ctx_table_search(ctx, va, &x))
		return cache_fill(qc, va, &x);
	/*
	 * Unknown memory: the pool was created after registration and no
	 * mempool event told us (legacy memory mode, or events unavailable).
	 * Map it now, once; design §6 "late registration".
	 */
	mp = buffer_pool(m);
	if (mp != NULL && ctx_mempool_register(ctx, mp, true) > 0 &&
	    ctx_table_search(ctx, va, &x))
		return cache_fill(qc, va, &x);
	qc->failures++;
	__atomic_fetch_add(&ctx->lookup_failures, 1, __ATOMIC_RELAXED);
	return IOVA_POOL_BAD_DVMA;
}
