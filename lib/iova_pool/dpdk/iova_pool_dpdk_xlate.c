/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK adapters, part 2: a context's sorted translation table and the
 * per-queue cache's slow path (mlx5 MR-cache idea, anchors §A3).  Nothing
 * here registers a mempool: unknown memory goes to the table's first-sight
 * callback (iova_pool_dpdk_xlate.h), so this file never calls back into
 * iova_pool_dpdk_reg.c.
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
#include "iova_pool_dpdk_xlate.h"

#define LD(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define ST(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)

static void
write_begin(struct iova_pool_dpdk_xtable *t)
{
	ST(&t->seq, t->seq + 1);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static void
write_end(struct iova_pool_dpdk_xtable *t)
{
	__atomic_store_n(&t->seq, t->seq + 1, __ATOMIC_RELEASE);
}

static void
ent_copy(struct iova_pool_dpdk_xent *dst,
	 const struct iova_pool_dpdk_xent *src)
{
	ST(&dst->start, LD(&src->start));
	ST(&dst->end, LD(&src->end));
	ST(&dst->delta, LD(&src->delta));
	dst->owner = src->owner;
}

void
iova_pool_dpdk_xtable_init(struct iova_pool_dpdk_xtable *t, const char *name,
			   iova_pool_dpdk_first_sight_cb cb, void *arg)
{
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->first_sight = cb;
	t->first_sight_arg = arg;
}

/* Writers are serialised by the table's owner (the context lock). */
int
iova_pool_dpdk_xtable_insert(struct iova_pool_dpdk_xtable *t, uintptr_t start,
			     uintptr_t end, uint64_t delta, const void *owner)
{
	unsigned int pos, i;

	if (t->n >= IOVA_POOL_DPDK_TABLE_MAX) {
		iova_log(IOVA_LOG_ERR, "ctx %s: translation table full (%d"
			 " entries)", t->name, IOVA_POOL_DPDK_TABLE_MAX);
		return -ENOSPC;
	}
	for (pos = 0; pos < t->n && t->tab[pos].start <= start; pos++)
		;
	write_begin(t);
	for (i = t->n; i > pos; i--)
		ent_copy(&t->tab[i], &t->tab[i - 1]);
	ST(&t->tab[pos].start, start);
	ST(&t->tab[pos].end, end);
	ST(&t->tab[pos].delta, delta);
	t->tab[pos].owner = owner;
	ST(&t->n, t->n + 1);
	write_end(t);
	return 0;
}

/* Drop every entry of @owner.  Writers are serialised by the owner. */
void
iova_pool_dpdk_xtable_remove_owner(struct iova_pool_dpdk_xtable *t,
				   const void *owner)
{
	unsigned int i, j = 0;

	write_begin(t);
	for (i = 0; i < t->n; i++) {
		if (t->tab[i].owner == owner)
			continue;
		if (i != j)
			ent_copy(&t->tab[j], &t->tab[i]);
		j++;
	}
	ST(&t->n, j);
	write_end(t);
	/* Queue caches may hold the removed ranges: make them flush. */
	__atomic_fetch_add(&t->gen, 1, __ATOMIC_RELEASE);
}

/*
 * Lock-free search: the entry holding @va, copied to @out.  Entries may
 * overlap (the same memory registered twice), so after the binary search a
 * few predecessors are checked too.
 */
bool
iova_pool_dpdk_xtable_search(struct iova_pool_dpdk_xtable *t, uintptr_t va,
			     struct iova_pool_dpdk_xlate *out)
{
	uint32_t s1, s2 = 0;
	bool found;

	do {
		unsigned int lo = 0, hi, k;

		found = false;
		s1 = __atomic_load_n(&t->seq, __ATOMIC_ACQUIRE);
		if (s1 & 1)
			continue;
		hi = LD(&t->n);
		if (hi > IOVA_POOL_DPDK_TABLE_MAX)
			hi = IOVA_POOL_DPDK_TABLE_MAX;
		while (lo < hi) {   /* first entry with start > va */
			unsigned int mid = (lo + hi) / 2;

			if (LD(&t->tab[mid].start) <= va)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (k = 0; k < 4 && lo > k && !found; k++) {
			const struct iova_pool_dpdk_xent *e = &t->tab[lo - 1 - k];

			out->start = LD(&e->start);
			out->end = LD(&e->end);
			out->delta = LD(&e->delta);
			found = va >= out->start && va < out->end;
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s2 = __atomic_load_n(&t->seq, __ATOMIC_RELAXED);
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
	qc->gen = &ctx->xt.gen;
	qc->cur_gen = __atomic_load_n(&ctx->xt.gen, __ATOMIC_ACQUIRE);
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
	struct iova_pool_dpdk_xtable *t = &qc->ctx->xt;
	uint32_t g = __atomic_load_n(&t->gen, __ATOMIC_ACQUIRE);
	struct iova_pool_dpdk_xlate x;
	struct rte_mempool *mp;

	if (g != qc->cur_gen) {
		memset(qc->e, 0, sizeof(qc->e));
		qc->cur_gen = g;
	}
	qc->misses++;
	__atomic_fetch_add(&t->slow_lookups, 1, __ATOMIC_RELAXED);
	if (iova_pool_dpdk_xtable_search(t, va, &x))
		return cache_fill(qc, va, &x);
	/*
	 * Unknown memory: the pool was created after registration and no
	 * mempool event told us (legacy memory mode, or events unavailable).
	 * Have the owner map it now, once; design §6 "late registration".
	 */
	mp = buffer_pool(m);
	if (mp != NULL && t->first_sight != NULL &&
	    t->first_sight(t->first_sight_arg, mp) > 0 &&
	    iova_pool_dpdk_xtable_search(t, va, &x))
		return cache_fill(qc, va, &x);
	qc->failures++;
	__atomic_fetch_add(&t->lookup_failures, 1, __ATOMIC_RELAXED);
	return IOVA_POOL_BAD_DVMA;
}
