/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The real-address registry (doc/design/platform.md §2): host ranges that
 * count as guest RAM.  Readers (hypercall validation, IOTLB misses, the
 * bypass path) search an immutable sorted snapshot without a lock; writers
 * build a new snapshot under mem_lock and publish it atomically.  Old
 * snapshots are kept until the platform is destroyed, because a reader may
 * still hold one; registrations are rare so the cost is a few bytes.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sun4v_internal.h"

static struct sun4v_mem_snap *
snap_get(struct sun4v_platform *p)
{
	return atomic_load_explicit(&p->mem, memory_order_acquire);
}

/* Index of the last range with lo <= ra, or -1. */
static int
snap_find(const struct sun4v_mem_snap *s, uint64_t ra)
{
	int lo = 0, hi = s != NULL ? (int)s->n - 1 : -1, found = -1;

	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;

		if (s->r[mid].lo <= ra) {
			found = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	return found;
}

/*
 * End of the RAM that runs on from range @i: ranges registered back to back
 * are one stretch of real-address-contiguous RAM (a guest's memory does not
 * come in registration units; DPDK registers hot-plugged huge pages one
 * event at a time), so an IO page may span them (design §2).
 */
static uint64_t
snap_run_end(const struct sun4v_mem_snap *s, int i)
{
	uint64_t hi = s->r[i].hi;

	while ((unsigned int)i + 1 < s->n && s->r[i + 1].lo == hi)
		hi = s->r[++i].hi;
	return hi;
}

bool
sun4v_mem_contains(struct sun4v_platform *p, uint64_t ra, uint64_t len)
{
	const struct sun4v_mem_snap *s = snap_get(p);
	int i = snap_find(s, ra);

	if (i < 0 || len == 0 || ra + len < ra || ra >= s->r[i].hi)
		return false;
	return ra + len <= s->r[i].hi || ra + len <= snap_run_end(s, i);
}

uint64_t
sun4v_mem_avail(struct sun4v_platform *p, uint64_t ra)
{
	const struct sun4v_mem_snap *s = snap_get(p);
	int i = snap_find(s, ra);

	if (i < 0 || ra >= s->r[i].hi)
		return 0;
	return snap_run_end(s, i) - ra;
}

/* Publish a copy of the current snapshot with [lo, hi) added or removed.
 * Caller holds mem_lock. */
static int
snap_replace(struct sun4v_platform *p, uint64_t lo, uint64_t hi, bool add)
{
	struct sun4v_mem_snap *old = snap_get(p), *s;
	unsigned int n = old != NULL ? old->n : 0, j = 0;

	s = malloc(sizeof(*s) + (n + 1) * sizeof(s->r[0]));
	if (s == NULL)
		return -ENOMEM;
	for (unsigned int i = 0; i < n; i++) {
		if (add && old->r[i].lo > lo && j == i) {
			s->r[j].lo = lo;
			s->r[j++].hi = hi;
		}
		if (!add && old->r[i].lo == lo && old->r[i].hi == hi)
			continue;
		s->r[j++] = old->r[i];
	}
	if (add && j == n) {
		s->r[j].lo = lo;
		s->r[j++].hi = hi;
	}
	s->n = j;
	s->retired = old;
	atomic_store_explicit(&p->mem, s, memory_order_release);
	atomic_fetch_add_explicit(&p->mem_gen, 1, memory_order_release);
	return 0;
}

int
sun4v_mem_register(struct sun4v_platform *p, void *va, size_t len)
{
	uint64_t lo = (uint64_t)(uintptr_t)va, hi = lo + len;
	const struct sun4v_mem_snap *s;
	int rc = 0;

	if (p == NULL || va == NULL || len == 0 || hi < lo ||
	    hi > SUN4V_RA_LIMIT) {
		sun4v_log(p, SUN4V_LOG_ERR,
			  "mem_register: bad range %p+0x%zx", va, len);
		return -EINVAL;
	}
	pthread_mutex_lock(&p->mem_lock);
	s = snap_get(p);
	for (unsigned int i = 0; s != NULL && i < s->n; i++) {
		if (lo < s->r[i].hi && s->r[i].lo < hi) {
			rc = -EEXIST;
			goto out;
		}
	}
	rc = snap_replace(p, lo, hi, true);
out:
	pthread_mutex_unlock(&p->mem_lock);
	return rc;
}

/* Flush every IOTLB of the platform: cached translations were validated
 * against RAM that may be gone now. */
static void
flush_all_tables(struct sun4v_platform *p)
{
	for (unsigned int i = 0; i < p->nrc; i++) {
		struct sun4v_rc *rc = p->rc[i];

		sun4v_iotlb_flush_all(&rc->legacy.tlb);
		for (unsigned int k = 0; k < p->conf.max_iotsbs; k++)
			if (rc->iotsb[k].tlb.e != NULL)
				sun4v_iotlb_flush_all(&rc->iotsb[k].tlb);
	}
}

int
sun4v_mem_unregister(struct sun4v_platform *p, void *va, size_t len)
{
	uint64_t lo = (uint64_t)(uintptr_t)va, hi = lo + len;
	const struct sun4v_mem_snap *s;
	int rc = -ENOENT;

	if (p == NULL)
		return -ENOENT;
	pthread_mutex_lock(&p->mem_lock);
	s = snap_get(p);
	for (unsigned int i = 0; s != NULL && i < s->n; i++)
		if (s->r[i].lo == lo && s->r[i].hi == hi)
			rc = 0;
	if (rc != 0)
		goto out;
	/* The IOTSB table memory belongs to the hypervisor until UNCONF. */
	if (sun4v_atu_iotsb_in(p, lo, len)) {
		sun4v_log(p, SUN4V_LOG_ERR,
			  "mem_unregister %p+0x%zx: an IOTSB table lives there",
			  va, len);
		rc = -EBUSY;
		goto out;
	}
	rc = snap_replace(p, lo, hi, false);
	if (rc == 0)
		flush_all_tables(p);
out:
	pthread_mutex_unlock(&p->mem_lock);
	return rc;
}

void
sun4v_mem_fini(struct sun4v_platform *p)
{
	struct sun4v_mem_snap *s = snap_get(p);

	while (s != NULL) {
		struct sun4v_mem_snap *next = s->retired;

		free(s);
		s = next;
	}
	atomic_store(&p->mem, NULL);
}
