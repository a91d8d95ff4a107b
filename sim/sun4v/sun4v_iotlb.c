/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * IOTLB: one direct-mapped translation cache per table (legacy window of a
 * root complex, or ATU IOTSB), keyed by the table index, i.e. by page
 * number in that table's single page size (doc/design/platform.md §5).
 *
 * Concurrency.  Each slot carries a sequence count: odd while a writer owns
 * it.  Readers (sun4v_iotlb_lookup(), inline in sun4v_internal.h) take no
 * lock.  Writers are miss fills (device threads) and flushes (hypercalls).
 * A fill reads the flush generation before it reads the IOTTE and only
 * publishes its entry if no flush started in between; a flush bumps the
 * generation before it invalidates slots.  So once DEMAP returns, no slot
 * can hold a translation the DEMAP removed (doc/design/platform.md §5.2).
 * Legacy MAP does not flush: an entry cached before a remap stays until a
 * DEMAP or eviction (facts §2, "does not flush the IOTTE cache").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sun4v_internal.h"

int
sun4v_iotlb_init(struct sun4v_iotlb *tlb, unsigned int entries)
{
	size_t bytes = (size_t)entries * sizeof(*tlb->e);

	tlb->e = aligned_alloc(SUN4V_CACHELINE,
			       (bytes + SUN4V_CACHELINE - 1) &
			       ~(size_t)(SUN4V_CACHELINE - 1));
	if (tlb->e == NULL)
		return -ENOMEM;
	tlb->mask = entries - 1;
	sun4v_iotlb_reset(tlb);
	return 0;
}

void
sun4v_iotlb_fini(struct sun4v_iotlb *tlb)
{
	free(tlb->e);
	tlb->e = NULL;
}

/* Empty the cache and zero its counters.  No concurrent user. */
void
sun4v_iotlb_reset(struct sun4v_iotlb *tlb)
{
	for (uint64_t i = 0; i <= tlb->mask; i++) {
		atomic_init(&tlb->e[i].seq, 0);
		atomic_init(&tlb->e[i].tag, 0);
		atomic_init(&tlb->e[i].tte, 0);
	}
	atomic_init(&tlb->gen, 0);
	atomic_init(&tlb->hits, 0);
	atomic_init(&tlb->misses, 0);
	atomic_init(&tlb->flushes, 0);
	atomic_init(&tlb->flushed, 0);
}

/* Try to own slot @p e; false if another writer has it (fills give up). */
static bool
slot_try_lock(struct sun4v_tlb_entry *e, uint64_t *seq)
{
	uint64_t s = atomic_load_explicit(&e->seq, memory_order_relaxed);

	if ((s & 1) != 0 ||
	    !atomic_compare_exchange_strong_explicit(&e->seq, &s, s + 1,
						     memory_order_acquire,
						     memory_order_relaxed))
		return false;
	/* The acquire CAS keeps the data stores that follow after it. */
	*seq = s;
	return true;
}

static void
slot_unlock(struct sun4v_tlb_entry *e, uint64_t seq)
{
	atomic_store_explicit(&e->seq, seq + 2, memory_order_release);
}

uint64_t
sun4v_iotlb_miss(struct sun4v_table *t, uint64_t idx)
{
	struct sun4v_iotlb *tlb = &t->tlb;
	struct sun4v_tlb_entry *e = &tlb->e[idx & tlb->mask];
	uint64_t gen = atomic_load_explicit(&tlb->gen, memory_order_acquire);
	uint64_t tte = atomic_load_explicit(&t->tte[idx], memory_order_acquire);
	uint64_t seq;

	sun4v_count(&tlb->misses, 1);
	if ((tte & SUN4V_TTE_V) == 0)
		return 0;
	/* RA validity is checked at MAP time and again here, because RAM can
	 * be unregistered after the mapping was made (hv spec leaves the
	 * choice to the implementation; facts §4 "MAP details"). */
	if (!sun4v_mem_contains(t->rc->p, tte & SUN4V_TTE_RA_MASK,
				1ULL << t->shift))
		return SUN4V_TTE_NORAM;
	if (!slot_try_lock(e, &seq))
		return tte;
	if (atomic_load_explicit(&tlb->gen, memory_order_relaxed) == gen) {
		atomic_store_explicit(&e->tag, idx + 1, memory_order_release);
		atomic_store_explicit(&e->tte, tte, memory_order_release);
	}
	slot_unlock(e, seq);
	return tte;
}

/* Invalidate slot @p e if it caches an index in [lo, hi).  Spins while a
 * fill owns the slot: fills are a few stores long.  Returns 1 if an entry
 * was invalidated. */
static uint64_t
slot_invalidate(struct sun4v_tlb_entry *e, uint64_t lo, uint64_t hi)
{
	uint64_t seq, tag, hit = 0;

	while (!slot_try_lock(e, &seq))
		;
	tag = atomic_load_explicit(&e->tag, memory_order_relaxed);
	if (tag != 0 && tag - 1 >= lo && tag - 1 < hi) {
		atomic_store_explicit(&e->tag, 0, memory_order_release);
		atomic_store_explicit(&e->tte, 0, memory_order_release);
		hit = 1;
	}
	slot_unlock(e, seq);
	return hit;
}

void
sun4v_iotlb_flush(struct sun4v_iotlb *tlb, uint64_t idx, uint64_t n)
{
	uint64_t flushed = 0;

	atomic_fetch_add_explicit(&tlb->gen, 1, memory_order_acq_rel);
	if (n > tlb->mask) {
		for (uint64_t i = 0; i <= tlb->mask; i++)
			flushed += slot_invalidate(&tlb->e[i], idx, idx + n);
	} else {
		for (uint64_t i = 0; i < n; i++)
			flushed += slot_invalidate(&tlb->e[(idx + i) & tlb->mask],
						   idx, idx + n);
	}
	atomic_fetch_add_explicit(&tlb->flushes, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&tlb->flushed, flushed, memory_order_relaxed);
}

void
sun4v_iotlb_flush_all(struct sun4v_iotlb *tlb)
{
	sun4v_iotlb_flush(tlb, 0, UINT64_MAX);
}
