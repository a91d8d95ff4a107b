/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to the DPDK adapters: a context's sorted translation table
 * (iova_pool_dpdk_xlate.c).  Not API.
 *
 * The table knows nothing of mempool registration.  On a miss for memory it
 * has never seen, the queue cache's slow path calls the table's first-sight
 * callback, which the context installs (iova_pool_dpdk_reg.c).  That keeps
 * the call graph one-way: registration calls the table, never the reverse.
 */
#ifndef IOVA_POOL_DPDK_XLATE_H
#define IOVA_POOL_DPDK_XLATE_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mempool.h>

#include "iova_pool_dpdk.h"

/* One translation table entry; fields read with relaxed atomics. */
struct iova_pool_dpdk_xent {
	uintptr_t start;
	uintptr_t end;
	uint64_t delta;
	const void *owner;         /* whoever inserted it (removal key) */
};

/*
 * First sight of @mp, a pool whose memory is not in the table: map it and
 * insert its ranges.  Returns 1 if it was added now (the table is searched
 * again), 0 if it already was, or a negative errno.
 */
typedef int (*iova_pool_dpdk_first_sight_cb)(void *arg,
					     struct rte_mempool *mp);

/*
 * Writers serialise among themselves (the owner's lock); readers are
 * lock-free under @seq.
 */
struct iova_pool_dpdk_xtable {
	const char *name;          /* for log lines (the context's name) */
	uint32_t gen;              /* bumped when entries go away */
	uint32_t seq;              /* sequence counter, odd while writing */
	unsigned int n;            /* entries */
	struct iova_pool_dpdk_xent tab[IOVA_POOL_DPDK_TABLE_MAX];
	iova_pool_dpdk_first_sight_cb first_sight; /* NULL: misses fail */
	void *first_sight_arg;
	uint64_t slow_lookups;     /* atomics */
	uint64_t lookup_failures;
};

/* Empty table; @cb may be NULL. */
void iova_pool_dpdk_xtable_init(struct iova_pool_dpdk_xtable *t,
				const char *name,
				iova_pool_dpdk_first_sight_cb cb, void *arg);

/* Add [start, end) -> start + delta.  0 or -ENOSPC.  Writers serialised. */
int iova_pool_dpdk_xtable_insert(struct iova_pool_dpdk_xtable *t,
				 uintptr_t start, uintptr_t end,
				 uint64_t delta, const void *owner);

/* Drop every entry of @owner; queue caches flush.  Writers serialised. */
void iova_pool_dpdk_xtable_remove_owner(struct iova_pool_dpdk_xtable *t,
					const void *owner);

/* Lock-free: the entry holding @va copied to @out; false if none. */
bool iova_pool_dpdk_xtable_search(struct iova_pool_dpdk_xtable *t,
				  uintptr_t va,
				  struct iova_pool_dpdk_xlate *out);

#endif /* IOVA_POOL_DPDK_XLATE_H */
