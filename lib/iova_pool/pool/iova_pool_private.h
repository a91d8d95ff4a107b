/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internal to lib/iova_pool: memory placement (iova_pool_mem.c).
 * Not installed, not API.
 */
#ifndef IOVA_POOL_PRIVATE_H
#define IOVA_POOL_PRIVATE_H

#include <stdbool.h>
#include <stdint.h>

#define IOVA_MEM_HUGE_1G (UINT64_C(1) << 30)
#define IOVA_MEM_HUGE_2M (UINT64_C(1) << 21)

/*
 * Reserve @len bytes of address space aligned to @align (power of two),
 * inaccessible until committed.  *base receives the aligned start.
 * Returns 0 or -ENOMEM.
 */
int iova_mem_reserve(uint64_t len, uint64_t align, void **base);

/* Give back a reservation made by iova_mem_reserve() (same base, len). */
void iova_mem_unreserve(void *base, uint64_t len);

/*
 * Back [addr, addr+len) (inside a reservation) with memory: a huge page
 * size if the system has enough free huge pages of a size that alignment
 * and length allow and @no_huge is false, else ordinary pages.  Binds the
 * range to NUMA @node (-1 = no policy) before any page is touched, then
 * faults it in if @populate.  *backing receives the CPU page size used.
 * Returns 0, -ENOMEM, or the errno of mbind.  On failure the range is left
 * reserved.
 */
int iova_mem_commit(void *addr, uint64_t len, int node, bool no_huge,
		    bool populate, uint64_t *backing);

/* Return a committed range to the reserved (inaccessible) state. */
void iova_mem_decommit(void *addr, uint64_t len);

/*
 * CPU page size iova_mem_commit() would use for an aligned range of @len
 * bytes right now (huge page size or the base page size).
 */
uint64_t iova_mem_backing_guess(uint64_t len, bool no_huge);

/* 0 if @node is IOVA_POOL_NUMA_ANY or an existing node, else -EINVAL
 * (logged, naming the node and the highest node). */
int iova_mem_numa_check(int node);

#endif /* IOVA_POOL_PRIVATE_H */
