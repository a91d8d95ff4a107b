/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ring arena (NIC guide "DMA", doc/design.md §5): in ATU pooled mode
 * every descriptor ring of a port is carved from a few 4 MB chunks, each a
 * memzone aligned to 4 MB and mapped once as one 4 MB IO page.  Queue
 * setup, release and reconfiguration carve and return ring space; no map
 * call per queue.  The chunks are unmapped and freed at close.
 *
 * Why 4 MB: it is the smallest ATU IO page above 64 KB (HV_ATU_PGSZ_MASK),
 * and 128 queue pairs of 512 RX (32 B) and 64 TX descriptors take 2.1 MB.
 * The largest ring (8160 x 32 B = 255 KB, the XL710's maximum) always
 * fits one chunk.
 *
 * Legacy and dma=map ports keep one mapping per ring (i40e_sun4v_rxtx.c):
 * the S7-2 comparison stays the one Linux's driver would make, and the
 * legacy window has 8 KB pages only.
 */
#include <errno.h>
#include <string.h>

#include <rte_malloc.h>
#include <rte_memzone.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"
#include "vfio_sun4v.h"

#define ARENA_GRAIN_SHIFT 12
#define ARENA_GRAIN (1u << ARENA_GRAIN_SHIFT)
#define GRAINS (I40E_SUN4V_ARENA_CHUNK / ARENA_GRAIN)

bool
i40e_sun4v_arena_enabled(const struct i40e_sun4v_adapter *ad)
{
	return ad->dom->mode == I40E_SUN4V_IOMMU_ATU &&
	       ad->args.dma == I40E_SUN4V_DMA_POOL;
}

/* First run of @n free grains in @c, or -1 (4 KB grains, first fit). */
static int
chunk_find(const struct i40e_sun4v_arena_chunk *c, unsigned int n)
{
	unsigned int run = 0;

	for (unsigned int i = 0; i < GRAINS; i++) {
		bool used = (c->used[i / 64] >> (i % 64)) & 1;

		run = used ? 0 : run + 1;
		if (run == n)
			return (int)(i + 1 - n);
	}
	return -1;
}

static void
chunk_mark(struct i40e_sun4v_arena_chunk *c, unsigned int first,
	   unsigned int n, bool used)
{
	for (unsigned int i = first; i < first + n; i++) {
		if (used)
			c->used[i / 64] |= UINT64_C(1) << (i % 64);
		else
			c->used[i / 64] &= ~(UINT64_C(1) << (i % 64));
	}
}

/* Reserve and map one more chunk on @socket. */
static int
chunk_add(struct i40e_sun4v_adapter *ad, int socket,
	  struct i40e_sun4v_arena_chunk **out)
{
	struct i40e_sun4v_arena *a = &ad->arena;
	struct i40e_sun4v_arena_chunk *c;
	char name[RTE_MEMZONE_NAMESIZE];
	int rc;

	if (a->nb_chunks == I40E_SUN4V_ARENA_MAX_CHUNKS) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: ring arena full (%u chunks of "
				   "%u MB)", ad->name, a->nb_chunks,
				   I40E_SUN4V_ARENA_CHUNK >> 20);
		return -ENOSPC;
	}
	c = &a->chunk[a->nb_chunks];
	memset(c, 0, sizeof(*c));
	snprintf(name, sizeof(name), "i40e_sun4v_%u_arena%u",
		 ad->dev->data->port_id, a->nb_chunks);
	c->mz = rte_memzone_reserve_aligned(name, I40E_SUN4V_ARENA_CHUNK,
					    socket, 0, I40E_SUN4V_ARENA_CHUNK);
	if (c->mz == NULL && rte_errno == ENOMEM)
		/* DPDK 22.11's heap grows by the zone size plus one page, so
		 * with 2 MB pages a 4 MB-aligned zone fits the new pages only
		 * half of the time: take twice the size, which always holds
		 * an aligned chunk (the other half stays unused). */
		c->mz = rte_memzone_reserve(name, 2 * I40E_SUN4V_ARENA_CHUNK,
					    socket, 0);
	if (c->mz == NULL) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: no memory for a %u MB ring arena "
				   "chunk on socket %d: %s", ad->name,
				   I40E_SUN4V_ARENA_CHUNK >> 20, socket,
				   rte_strerror(rte_errno));
		return -ENOMEM;
	}
	c->base = RTE_PTR_ALIGN_CEIL(c->mz->addr, I40E_SUN4V_ARENA_CHUNK);
	/* 0xff poison: a descriptor the device reads before the driver
	 * wrote it points at an unmapped DVMA and faults loudly. */
	memset(c->base, 0xff, I40E_SUN4V_ARENA_CHUNK);
	rc = i40e_sun4v_dma_map_ctl(ad, c->base, I40E_SUN4V_ARENA_CHUNK,
				    VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE,
				    &c->map);
	if (rc != 0) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: cannot map the ring arena: %s",
				   ad->name, strerror(-rc));
		rte_memzone_free(c->mz);
		c->mz = NULL;
		return rc;
	}
	I40E_SUN4V_DRV_LOG(INFO, "%s: ring arena chunk %u: %u MB at DVMA 0x%"
			   PRIx64 " in %" PRIu64 " IO page(s) of %" PRIu64
			   " KB", ad->name, a->nb_chunks,
			   I40E_SUN4V_ARENA_CHUNK >> 20, c->map.dvma,
			   c->map.entries, c->map.page_size >> 10);
	a->nb_chunks++;
	*out = c;
	return 0;
}

int
i40e_sun4v_arena_alloc(struct i40e_sun4v_adapter *ad, size_t bytes,
		       int socket, void **va, uint64_t *dvma)
{
	struct i40e_sun4v_arena *a = &ad->arena;
	unsigned int n = (unsigned int)((bytes + ARENA_GRAIN - 1) >>
					ARENA_GRAIN_SHIFT);
	struct i40e_sun4v_arena_chunk *c = NULL;
	int first = -1, rc;

	if (bytes == 0 || bytes > I40E_SUN4V_ARENA_CHUNK)
		return -EINVAL;
	for (unsigned int i = 0; i < a->nb_chunks && first < 0; i++) {
		if (socket != SOCKET_ID_ANY && a->chunk[i].mz->socket_id !=
		    socket)
			continue;
		c = &a->chunk[i];
		first = chunk_find(c, n);
	}
	if (first < 0) {
		rc = chunk_add(ad, socket, &c);
		if (rc != 0)
			return rc;
		first = 0;
	}
	chunk_mark(c, (unsigned int)first, n, true);
	a->bytes_in_use += (uint64_t)n << ARENA_GRAIN_SHIFT;
	*va = (uint8_t *)c->base + ((size_t)first << ARENA_GRAIN_SHIFT);
	*dvma = c->map.dvma + ((uint64_t)first << ARENA_GRAIN_SHIFT);
	memset(*va, 0xff, (size_t)n << ARENA_GRAIN_SHIFT);
	return 0;
}

void
i40e_sun4v_arena_free(struct i40e_sun4v_adapter *ad, void *va, size_t bytes)
{
	struct i40e_sun4v_arena *a = &ad->arena;
	unsigned int n = (unsigned int)((bytes + ARENA_GRAIN - 1) >>
					ARENA_GRAIN_SHIFT);

	for (unsigned int i = 0; i < a->nb_chunks; i++) {
		struct i40e_sun4v_arena_chunk *c = &a->chunk[i];
		uint8_t *base = c->base;

		if ((uint8_t *)va < base ||
		    (uint8_t *)va >= base + I40E_SUN4V_ARENA_CHUNK)
			continue;
		/* Poison again: a stale descriptor must not look valid. */
		memset(va, 0xff, (size_t)n << ARENA_GRAIN_SHIFT);
		chunk_mark(c, (unsigned int)(((uint8_t *)va - base) >>
					     ARENA_GRAIN_SHIFT), n, false);
		a->bytes_in_use -= (uint64_t)n << ARENA_GRAIN_SHIFT;
		return;
	}
	I40E_SUN4V_DRV_LOG(ERR, "%s: ring %p is not in the ring arena",
			   ad->name, va);
}

void
i40e_sun4v_arena_destroy(struct i40e_sun4v_adapter *ad)
{
	struct i40e_sun4v_arena *a = &ad->arena;

	if (a->bytes_in_use != 0)
		I40E_SUN4V_DRV_LOG(ERR, "%s: ring arena destroyed with %" PRIu64
				   " bytes still carved", ad->name,
				   a->bytes_in_use);
	for (unsigned int i = 0; i < a->nb_chunks; i++) {
		/* A chunk whose unmap failed may still be reached by the
		 * device: leaked on purpose (the unmap error is logged). */
		if (i40e_sun4v_dma_unmap_ctl(ad, &a->chunk[i].map) == 0)
			rte_memzone_free(a->chunk[i].mz);
	}
	memset(a, 0, sizeof(*a));
}
