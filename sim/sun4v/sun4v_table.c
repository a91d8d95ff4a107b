/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Translation tables shared by the legacy IOMMU and the ATU
 * (doc/design/platform.md §4): writing IOTTEs from an io_page_list,
 * clearing them, and their counters.  The legacy table is a flat array of
 * 64-bit IOTTEs owned by the hypervisor (2 MB for 262,144 entries, facts
 * §3 "Sizes"); an ATU table is the guest's own zeroed table memory.
 *
 * Every function here expects the caller to hold the root complex lock and
 * to have validated the table index range and the attributes.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sun4v_internal.h"

/** Entries validated and committed per step (one 8 KB page list). */
#define MAP_BLOCK HV_PAGE_LIST_MAX_ENTRIES

int
sun4v_table_init_legacy(struct sun4v_rc *rc, uint64_t base, uint64_t size,
			unsigned int iotlb_entries)
{
	struct sun4v_table *t = &rc->legacy;

	t->rc = rc;
	t->lo = base;
	t->span = size;
	t->shift = HV_IO_PAGE_SHIFT;
	t->nentries = size >> HV_IO_PAGE_SHIFT;
	t->handle = 0;
	t->r_addr = UINT64_MAX; /* INFO handle 0: not accessible (facts §4) */
	t->size = t->nentries * HV_TTE_SIZE;
	t->configured = true;
	t->tte = calloc(t->nentries, sizeof(*t->tte));
	if (t->tte == NULL)
		return -ENOMEM;
	return sun4v_iotlb_init(&t->tlb, iotlb_entries);
}

void
sun4v_table_fini(struct sun4v_table *t)
{
	free((void *)t->tte);
	t->tte = NULL;
	sun4v_iotlb_fini(&t->tlb);
}

unsigned int
sun4v_map_cap(struct sun4v_platform *p)
{
	return atomic_load_explicit(&p->map_cap, memory_order_relaxed);
}

static void
table_set(struct sun4v_table *t, uint64_t idx, uint64_t tte)
{
	uint64_t old = atomic_exchange_explicit(&t->tte[idx], tte,
						memory_order_acq_rel);
	bool was = (old & SUN4V_TTE_V) != 0, is = (tte & SUN4V_TTE_V) != 0;

	if (was != is)
		atomic_fetch_add_explicit(&t->in_use, is ? 1 : (uint64_t)-1,
					  memory_order_relaxed);
}

/* Check one block of page addresses; HV_EOK or the first error. */
static uint64_t
check_pages(struct sun4v_platform *p, const uint64_t *ra, uint64_t n,
	    uint64_t pgsz)
{
	for (uint64_t i = 0; i < n; i++) {
		if ((ra[i] & (pgsz - 1)) != 0)
			return HV_EBADALIGN;
		if (!sun4v_mem_contains(p, ra[i], pgsz))
			return HV_ENORADDR;
	}
	return HV_EOK;
}

/*
 * Map up to min(n, map cap) IOTTEs at idx.. from the io_page_list at
 * list_ra.  The list is copied and validated one 8 KB block at a time and
 * each block is committed only when all its entries are valid, so a guest
 * rewriting its list during the call cannot smuggle in an unchecked RA.
 * An error in the first block fails the call with nothing mapped; an error
 * in a later block ends the call with HV_EOK and the count committed so
 * far, and the caller's next call (which starts at that entry) reports it.
 */
uint64_t
sun4v_table_map_list(struct sun4v_table *t, uint64_t idx, uint64_t n,
		     uint64_t attrs, uint64_t list_ra, bool flush,
		     uint64_t *done)
{
	struct sun4v_platform *p = t->rc->p;
	uint64_t pgsz = 1ULL << t->shift, buf[MAP_BLOCK], cap, st;

	*done = 0;
	if ((list_ra & (HV_TTE_SIZE - 1)) != 0)
		return HV_EBADALIGN;
	cap = sun4v_map_cap(p);
	if (n > cap)
		n = cap;
	while (*done < n) {
		uint64_t chunk = n - *done < MAP_BLOCK ? n - *done : MAP_BLOCK;
		uint64_t at = list_ra + *done * HV_TTE_SIZE;

		if (!sun4v_mem_contains(p, at, chunk * HV_TTE_SIZE))
			return *done != 0 ? HV_EOK : HV_ENORADDR;
		memcpy(buf, (const void *)(uintptr_t)at, chunk * HV_TTE_SIZE);
		st = check_pages(p, buf, chunk, pgsz);
		if (st != HV_EOK)
			return *done != 0 ? HV_EOK : st;
		for (uint64_t i = 0; i < chunk; i++)
			table_set(t, idx + *done + i, sun4v_tte_make(buf[i], attrs));
		if (flush)
			sun4v_iotlb_flush(&t->tlb, idx + *done, chunk);
		*done += chunk;
		atomic_fetch_add_explicit(&t->mapped, chunk,
					  memory_order_relaxed);
	}
	return HV_EOK;
}

/* Map one IOTTE and flush it (IOTSB_MAP_ONE). */
uint64_t
sun4v_table_map_one(struct sun4v_table *t, uint64_t idx, uint64_t attrs,
		    uint64_t ra)
{
	uint64_t st = check_pages(t->rc->p, &ra, 1, 1ULL << t->shift);

	if (st != HV_EOK)
		return st;
	table_set(t, idx, sun4v_tte_make(ra, attrs));
	sun4v_iotlb_flush(&t->tlb, idx, 1);
	atomic_fetch_add_explicit(&t->mapped, 1, memory_order_relaxed);
	return HV_EOK;
}

/* Clear up to min(n, map cap) IOTTEs and flush them; returns the count.
 * Clearing an invalid entry is legal and still flushes it (facts §2). */
uint64_t
sun4v_table_demap(struct sun4v_table *t, uint64_t idx, uint64_t n)
{
	uint64_t cap = sun4v_map_cap(t->rc->p);

	if (n > cap)
		n = cap;
	for (uint64_t i = 0; i < n; i++)
		table_set(t, idx + i, 0);
	sun4v_iotlb_flush(&t->tlb, idx, n);
	atomic_fetch_add_explicit(&t->demapped, n, memory_order_relaxed);
	return n;
}

void
sun4v_table_stats_fill(struct sun4v_table *t, uint64_t nbound,
		       struct sun4v_table_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->handle = t->handle;
	out->iova_base = t->lo;
	out->page_size = 1ULL << t->shift;
	out->entries = t->nentries;
	out->entries_in_use = atomic_load(&t->in_use);
	out->nbound = nbound;
	out->ttes_mapped = atomic_load(&t->mapped);
	out->ttes_demapped = atomic_load(&t->demapped);
	out->iotlb_entries = t->tlb.mask + 1;
	out->iotlb_hits = atomic_load(&t->tlb.hits);
	out->iotlb_misses = atomic_load(&t->tlb.misses);
	out->iotlb_flushes = atomic_load(&t->tlb.flushes);
	out->iotlb_flushed = atomic_load(&t->tlb.flushed);
}
