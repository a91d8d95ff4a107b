/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Memory for pre-mapped regions: address-space reservation, huge pages
 * (1 GB, then 2 MB, MAP_HUGETLB) when the system has free ones, ordinary
 * pages otherwise, NUMA placement with libnuma.
 *
 * Regions are committed inside a PROT_NONE reservation so a buffer pool's
 * regions sit at fixed offsets of one span (O(1) address -> region).
 */
#include <errno.h>
#include <inttypes.h>
#include <numa.h>
#include <numaif.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "iova_log.h"
#include "iova_pool.h"
#include "iova_pool_private.h"

#ifndef MAP_HUGE_SHIFT
#define MAP_HUGE_SHIFT 26
#endif

static atomic_bool fallback_logged;

static uint64_t
base_page(void)
{
	long sz = sysconf(_SC_PAGESIZE);

	return sz > 0 ? (uint64_t)sz : 4096u;
}

/* Free huge pages of @size bytes according to sysfs (0 if unknown). */
static uint64_t
huge_free(uint64_t size)
{
	char path[128];
	unsigned long long n = 0;
	FILE *f;

	snprintf(path, sizeof(path),
		 "/sys/kernel/mm/hugepages/hugepages-%" PRIu64 "kB/free_hugepages",
		 size >> 10);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	if (fscanf(f, "%llu", &n) != 1)
		n = 0;
	fclose(f);
	return n;
}

int
iova_mem_reserve(uint64_t len, uint64_t align, void **base)
{
	uint64_t raw_len, head, tail;
	uintptr_t raw, aligned;
	void *m;

	if (len == 0 || align == 0 || len > UINT64_MAX - align)
		return -EINVAL;
	raw_len = len + align;
	m = mmap(NULL, raw_len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED) {
		iova_log(IOVA_LOG_ERR, "cannot reserve 0x%" PRIx64
			 " bytes of address space: %s", raw_len,
			 strerror(errno));
		return -ENOMEM;
	}
	raw = (uintptr_t)m;
	aligned = (raw + align - 1) & ~(uintptr_t)(align - 1);
	head = aligned - raw;
	tail = raw_len - head - len;
	/* Give back what alignment did not need. */
	if (head != 0)
		munmap(m, head);
	if (tail != 0)
		munmap((void *)(aligned + len), tail);
	*base = (void *)aligned;
	return 0;
}

void
iova_mem_unreserve(void *base, uint64_t len)
{
	if (base != NULL && len != 0)
		munmap(base, len);
}

uint64_t
iova_mem_backing_guess(uint64_t len, bool no_huge)
{
	if (!no_huge) {
		if (len % IOVA_MEM_HUGE_1G == 0 &&
		    huge_free(IOVA_MEM_HUGE_1G) >= len / IOVA_MEM_HUGE_1G)
			return IOVA_MEM_HUGE_1G;
		if (len % IOVA_MEM_HUGE_2M == 0 &&
		    huge_free(IOVA_MEM_HUGE_2M) >= len / IOVA_MEM_HUGE_2M)
			return IOVA_MEM_HUGE_2M;
	}
	return base_page();
}

/* Try one huge page size; on failure the range is reserved again. */
static int
commit_huge(void *addr, uint64_t len, uint64_t hp)
{
	int shift = __builtin_ctzll(hp);
	void *m;

	if ((uintptr_t)addr % hp != 0 || len % hp != 0 ||
	    huge_free(hp) < len / hp)
		return -ENOMEM;
	m = mmap(addr, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_HUGETLB |
		 (shift << MAP_HUGE_SHIFT), -1, 0);
	if (m != MAP_FAILED)
		return 0;
	/*
	 * A failed MAP_FIXED may have dropped our reservation: take the range
	 * back without clobbering anything someone else mapped meanwhile.
	 */
	m = mmap(addr, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE |
		 MAP_FIXED_NOREPLACE, -1, 0);
	if (m != MAP_FAILED && m != addr)
		munmap(m, len);
	return -ENOMEM;
}

static int
bind_node(void *addr, uint64_t len, int node)
{
	struct bitmask *bm;
	int rc = 0;

	if (node == IOVA_POOL_NUMA_ANY || numa_available() < 0)
		return 0;
	bm = numa_allocate_nodemask();
	if (bm == NULL)
		return -ENOMEM;
	numa_bitmask_setbit(bm, (unsigned int)node);
	if (mbind(addr, len, MPOL_BIND, bm->maskp, bm->size + 1, 0) != 0) {
		rc = -errno;
		iova_log(IOVA_LOG_ERR, "mbind of %p + 0x%" PRIx64
			 " to NUMA node %d failed: %s", addr, len, node,
			 strerror(errno));
	}
	numa_bitmask_free(bm);
	return rc;
}

static void
populate(void *addr, uint64_t len, uint64_t page)
{
	volatile uint8_t *p = addr;
	uint64_t off;

	for (off = 0; off < len; off += page)
		p[off] = 0;
}

int
iova_mem_commit(void *addr, uint64_t len, int node, bool no_huge,
		bool do_populate, uint64_t *backing)
{
	static const uint64_t huge[] = { IOVA_MEM_HUGE_1G, IOVA_MEM_HUGE_2M };
	uint64_t page = 0;
	unsigned int i;
	void *m;
	int rc;

	for (i = 0; !no_huge && i < 2 && page == 0; i++)
		if (commit_huge(addr, len, huge[i]) == 0)
			page = huge[i];
	if (page == 0) {
		if (!no_huge && !atomic_exchange(&fallback_logged, true))
			iova_log(IOVA_LOG_WARNING, "no free huge pages (1 GB: %"
				 PRIu64 ", 2 MB: %" PRIu64 ") for a 0x%" PRIx64
				 "-byte region: regions use ordinary pages"
				 " (said once)", huge_free(IOVA_MEM_HUGE_1G),
				 huge_free(IOVA_MEM_HUGE_2M), len);
		m = mmap(addr, len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (m == MAP_FAILED) {
			iova_log(IOVA_LOG_ERR, "mmap of 0x%" PRIx64
				 " bytes at %p failed: %s", len, addr,
				 strerror(errno));
			return -ENOMEM;
		}
		page = base_page();
	}
	/* Bind before the first touch so every page lands on the node. */
	rc = bind_node(addr, len, node);
	if (rc != 0) {
		iova_mem_decommit(addr, len);
		return rc;
	}
	if (do_populate)
		populate(addr, len, page);
	*backing = page;
	return 0;
}

void
iova_mem_decommit(void *addr, uint64_t len)
{
	/* Replace the pages with a fresh inaccessible reservation. */
	if (mmap(addr, len, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
		 -1, 0) == MAP_FAILED)
		iova_log(IOVA_LOG_ERR, "cannot release %p + 0x%" PRIx64 ": %s",
			 addr, len, strerror(errno));
}

int
iova_mem_numa_check(int node)
{
	int max;

	if (node == IOVA_POOL_NUMA_ANY)
		return 0;
	if (node < 0) {
		iova_log(IOVA_LOG_ERR, "NUMA node %d is not a node"
			 " (use %d for any)", node, IOVA_POOL_NUMA_ANY);
		return -EINVAL;
	}
	if (numa_available() < 0) {
		if (node == 0)
			return 0;       /* a non-NUMA machine has node 0 */
		iova_log(IOVA_LOG_ERR, "NUMA node %d does not exist (NUMA not"
			 " available; only node 0)", node);
		return -EINVAL;
	}
	max = numa_max_node();
	if (node > max ||
	    !numa_bitmask_isbitset(numa_all_nodes_ptr, (unsigned int)node)) {
		iova_log(IOVA_LOG_ERR, "NUMA node %d does not exist (highest"
			 " node %d)", node, max);
		return -EINVAL;
	}
	return 0;
}
