/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK adapters: map a mempool chunk on the ATU by the RAM run around it,
 * in the largest IO pages the run's alignment allows (design §6a).
 *
 * DPDK's own VFIO type1 path maps whole memory segments; the sun4v ATU
 * offers 4 MB, 256 MB and 2 GB IO pages, so what limits the page size is
 * how far real-address-contiguous guest RAM extends around the chunk.  In
 * this simulation real addresses are host virtual addresses
 * (sun4v_platform.h), so a run is the stretch of used, VA-contiguous
 * segments of the chunk's memory segment list; iova_pool_cover_plan()
 * then picks the cover with the fewest IOTSB entries inside that run.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>

#include <rte_eal_memconfig.h>
#include <rte_fbarray.h>
#include <rte_memory.h>
#include <rte_mempool.h>

#include "iova_log.h"
#include "iova_pool_dpdk_ctx.h"
#include "iova_pool_dpdk_private.h"

/* A chunk's cover is rarely more than a dozen pieces (sizes rise, then
 * fall); more means an odd layout, and the caller falls back. */
#define MAX_PIECES 32

/*
 * The RAM run around [addr, addr+len): the used, VA-contiguous segments
 * of its memory segment list.  -ENOENT when the memory is not EAL memory
 * (or external memory, whose guest-RAM status we do not know).
 */
static int
ram_run(uintptr_t addr, size_t len, uintptr_t *lo, uintptr_t *hi,
	uint64_t *seg)
{
	const struct rte_memseg_list *msl;
	int idx, back, fwd, rc = -ENOENT;

	rte_mcfg_mem_read_lock();
	msl = rte_mem_virt2memseg_list((void *)addr);
	if (msl != NULL && !msl->external && msl->page_sz != 0) {
		uintptr_t base = (uintptr_t)msl->base_va;

		idx = (int)((addr - base) / msl->page_sz);
		back = rte_fbarray_find_rev_contig_used(
			(struct rte_fbarray *)&msl->memseg_arr, idx);
		fwd = rte_fbarray_find_contig_used(
			(struct rte_fbarray *)&msl->memseg_arr, idx);
		if (back > 0 && fwd > 0) {
			*lo = base + (uintptr_t)(idx - back + 1) * msl->page_sz;
			*hi = base + (uintptr_t)(idx + fwd) * msl->page_sz;
			*seg = msl->page_sz;
			rc = addr + len <= *hi ? 0 : -ENOENT;
		}
	}
	rte_mcfg_mem_read_unlock();
	return rc;
}

/* A region of @pool that already maps all of [a, e): 0 and *ri, or -ENOENT. */
static int
region_covering(const struct iova_pool *pool, uintptr_t a, uintptr_t e,
		struct iova_pool_region_info *ri)
{
	for (unsigned int i = 0; i < IOVA_POOL_MAX_REGIONS_LIMIT; i++) {
		if (iova_pool_region_info_get(pool, i, ri) != 0)
			continue;
		if ((uintptr_t)ri->va <= a && e <= (uintptr_t)ri->va + ri->len)
			return 0;
	}
	return -ENOENT;
}

int
iova_pool_dpdk_map_by_run(struct iova_pool_dpdk_ctx *ctx, struct ctx_mp *rec,
			  uintptr_t addr, size_t len)
{
	struct iova_pool_piece pieces[MAX_PIECES];
	struct iova_pool_region_info ri;
	struct vfio_sun4v_info info;
	uintptr_t lo, hi;
	uint64_t seg;
	size_t gran;
	int n, rc;

	if (rte_mempool_get_page_size(rec->mp, &gran) != 0 || gran == 0)
		return -ENOTSUP;   /* objects may cross any boundary */
	rc = vfio_sun4v_get_info(ctx->c, &info);
	if (rc == 0)
		rc = ram_run(addr, len, &lo, &hi, &seg);
	if (rc != 0)
		return -ENOTSUP;
	n = iova_pool_cover_plan(addr, addr + len, lo, hi,
				 gran > seg ? gran : seg, info.page_sizes,
				 pieces, MAX_PIECES);
	if (n < 0)
		return -ENOTSUP;
	for (int i = 0; i < n; i++) {
		uintptr_t a = pieces[i].va > addr ? pieces[i].va : addr;
		uintptr_t e = pieces[i].va + pieces[i].len;

		if (e > addr + len)
			e = addr + len;
		/* Another chunk of this mempool may share the page. */
		if (region_covering(rec->pool, a, e, &ri) != 0) {
			rc = iova_pool_region_add(rec->pool,
						  (void *)pieces[i].va,
						  pieces[i].len, &ri);
			if (rc < 0)
				return rc;
		}
		rc = iova_pool_dpdk_xtable_insert(&ctx->xt, a, e,
						  ri.dvma - (uintptr_t)ri.va,
						  rec);
		if (rc < 0)
			return rc;
	}
	iova_log(IOVA_LOG_DEBUG, "ctx %s: %s chunk %#" PRIxPTR " + %#zx: %d"
		 " piece(s) in RAM run [%#" PRIxPTR ", %#" PRIxPTR ")",
		 ctx->name, rec->mp->name, addr, len, n, lo, hi);
	return 0;
}
