/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v: IOVA windows (one per table / IO page size), their lazy
 * IOTSB configuration and the per-entry bookkeeping of mappings.
 * doc/design/vfio_sun4v.md "Windows" and "Mapping records".
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "vfio_sun4v_private.h"
/*
 * sun4v_platform.h, not only sun4v_hv.h: the ATU ranges and page
 * sizes, the legacy window (sun4v_atu_ranges, sun4v_atu_pagesizes,
 * sun4v_legacy_window), requester IDs for binding and guest-RAM
 * registration of IOTSB memory (sun4v_mem_register).
 * A real OS learns these from the machine description, PCI enumeration and
 * the IOMMU's error interrupt; the simulation has no such channels, so they
 * are platform calls (doc/design/platform.md "Public headers").
 */
#include "sun4v_platform.h"

#define V4_GB (1ULL << 30)

/*
 * ATU window layout, offsets inside address range 3 (the 64-bit range
 * Linux uses, sun4v-iommu-facts §5).  One window per IOTSB page size the
 * simulated ATU offers (HV_ATU_PGSZ_MASK), each aligned to its own size.
 * The 8 KB window is Linux's ATU_64_SPACE_SIZE (32 GB: 4 Mi entries, a
 * 32 MB table) and starts at the range base like Linux's; the huge-page
 * windows are sized so that every table stays small (<= 4 MB) and the whole
 * layout (768 GB) fits the 1 TB range.
 */
static const struct {
	uint64_t page_size;
	uint64_t offset;
	uint64_t size;
} v4_atu_layout[] = {
	{ 8ULL << 10, 0, HV_ATU_64_SPACE_SIZE },
	{ 64ULL << 10, 32 * V4_GB, 32 * V4_GB },
	{ 4ULL << 20, 64 * V4_GB, 64 * V4_GB },
	{ 256ULL << 20, 128 * V4_GB, 64 * V4_GB },
	{ 2 * V4_GB, 256 * V4_GB, 128 * V4_GB },
	{ 16 * V4_GB, 512 * V4_GB, 256 * V4_GB },
};
#define V4_ATU_LAYOUT_END (768 * V4_GB)
#define V4_ATU_RANGE 3

static int v4_window_configure_locked(struct vfio_sun4v_container *c,
				      struct v4_window *w);

static unsigned int
v4_log2(uint64_t v)
{
	return (unsigned int)(63 - __builtin_clzll(v));
}

static void
v4_window_init(struct v4_window *w, uint64_t page_size, uint64_t base,
	       uint64_t size, bool legacy)
{
	memset(w, 0, sizeof(*w));
	pthread_mutex_init(&w->lock, NULL);
	w->page_size = page_size;
	w->page_shift = v4_log2(page_size);
	w->iova_base = base;
	w->iova_size = size;
	w->nb_entries = size >> w->page_shift;
	w->legacy = legacy;
}

static int
v4_windows_setup_legacy(struct vfio_sun4v_container *c)
{
	uint64_t base, size;
	int rc;

	/* The virtual-dma property of the root complex (facts §3). */
	rc = sun4v_legacy_window(c->p, (unsigned int)c->rc, &base, &size);
	if (rc != 0)
		return rc;
	if (size == 0 || ((base | size) & HV_IO_PAGE_MASK) != 0) {
		V4_LOG(ERR, "strange legacy window base 0x%" PRIx64
		       " size 0x%" PRIx64, base, size);
		return -EINVAL;
	}
	v4_window_init(&c->win[0], HV_IO_PAGE_SIZE, base, size, true);
	c->nb_windows = 1;
	return 0;
}

static int
v4_windows_setup_atu(struct vfio_sun4v_container *c)
{
	struct sun4v_atu_range ranges[SUN4V_ATU_NB_RANGES];
	uint64_t pgsz_mask = sun4v_atu_pagesizes(c->p);
	unsigned int n = 0;
	int rc;

	rc = sun4v_atu_ranges(c->p, (unsigned int)c->rc, ranges);
	if (rc < 0)
		return rc;
	if (ranges[V4_ATU_RANGE].size < V4_ATU_LAYOUT_END) {
		V4_LOG(ERR, "ATU range %d is 0x%" PRIx64 " bytes, layout needs 0x%"
		       PRIx64, V4_ATU_RANGE, ranges[V4_ATU_RANGE].size,
		       (uint64_t)V4_ATU_LAYOUT_END);
		return -ENOTSUP;
	}
	for (size_t i = 0; i < sizeof(v4_atu_layout) / sizeof(v4_atu_layout[0]);
	     i++) {
		int idx = sun4v_hv_abi_pgsz_idx(v4_atu_layout[i].page_size);

		/* Only sizes the `iommu-pagesizes` property offers. */
		if (idx < 0 || (pgsz_mask & (1ULL << idx)) == 0)
			continue;
		v4_window_init(&c->win[n++], v4_atu_layout[i].page_size,
			       ranges[V4_ATU_RANGE].base + v4_atu_layout[i].offset,
			       v4_atu_layout[i].size, false);
	}
	if (n == 0)
		return -ENOTSUP;
	c->nb_windows = n;
	return 0;
}

/* Caller holds cfg_lock. */
int
v4_windows_setup(struct vfio_sun4v_container *c,
		 enum vfio_sun4v_iommu_type type)
{
	int rc;

	c->nb_windows = 0;
	if (type == VFIO_SUN4V_IOMMU_LEGACY) {
		rc = v4_windows_setup_legacy(c);
		if (rc == 0)
			rc = v4_window_configure_locked(c, &c->win[0]);
		return rc;
	}
	if (type == VFIO_SUN4V_IOMMU_ATU)
		return v4_windows_setup_atu(c);
	return 0; /* BYPASS: no window */
}

struct v4_window *
v4_window_find(struct vfio_sun4v_container *c, uint64_t iova, uint64_t len)
{
	for (unsigned int i = 0; i < c->nb_windows; i++) {
		struct v4_window *w = &c->win[i];

		if (iova >= w->iova_base && len <= w->iova_size &&
		    iova - w->iova_base <= w->iova_size - len)
			return w;
	}
	return NULL;
}

/* Bind or unbind every function of @p fns to the IOTSB of @p w. */
static int
v4_window_bind_fns(struct vfio_sun4v_container *c, struct v4_window *w,
		   struct sun4v_func **fns, unsigned int nb_fns, bool bind)
{
	for (unsigned int i = 0; i < nb_fns; i++) {
		uint64_t dev = sun4v_hv_abi_pci_device_from_bdf(
			sun4v_func_bdf(fns[i]));
		uint64_t st = bind ?
			sun4v_hv_iotsb_bind(c->p, c->devhandle, w->handle, dev) :
			sun4v_hv_iotsb_unbind(c->p, c->devhandle, w->handle, dev);
		int rc = vfio_sun4v_hv_errno(st);

		if (rc == 0)
			continue;
		V4_LOG(ERR, "IOTSB_%s devhandle 0x%" PRIx64 " handle 0x%" PRIx64
		       " pci_device 0x%" PRIx64 " (%" PRIu64 " KB pages): status %"
		       PRIu64 " (%s)", bind ? "BIND" : "UNBIND", c->devhandle,
		       w->handle, dev, w->page_size >> 10, st, strerror(-rc));
		if (!bind)
			return rc;
		/* Undo this call's binds so a failed attach changes nothing. */
		v4_window_bind_fns(c, w, fns, i, false);
		return rc;
	}
	return 0;
}

int
v4_windows_bind(struct vfio_sun4v_container *c, struct sun4v_func **fns,
		unsigned int nb_fns, bool bind)
{
	int ret = 0;

	for (unsigned int i = 0; i < c->nb_windows; i++) {
		struct v4_window *w = &c->win[i];
		int rc;

		if (w->legacy || !atomic_load(&w->configured))
			continue;
		rc = v4_window_bind_fns(c, w, fns, nb_fns, bind);
		if (rc == 0)
			continue;
		if (!bind) {
			ret = ret != 0 ? ret : rc; /* unbind: keep going */
			continue;
		}
		while (i-- > 0)
			if (!c->win[i].legacy &&
			    atomic_load(&c->win[i].configured))
				v4_window_bind_fns(c, &c->win[i], fns, nb_fns,
						   false);
		return rc;
	}
	return ret;
}

static void
v4_tsb_free(struct vfio_sun4v_container *c, struct v4_window *w)
{
	if (w->tsb_mem == NULL)
		return;
	if (sun4v_mem_unregister(c->p, w->tsb_mem, w->tsb_bytes) != 0)
		V4_LOG(WARNING, "IOTSB table %p not unregistered", w->tsb_mem);
	munmap(w->tsb_mem, w->tsb_bytes);
	w->tsb_mem = NULL;
}

/*
 * Zeroed, 8 KB aligned, registered table memory (the zeroed-table rule of
 * IOTSB_CONF, facts §4).  Anonymous mmap is zero and lazily backed, so a
 * 32 MB table costs nothing until the hypervisor writes IOTTEs into it.
 */
static int
v4_tsb_alloc(struct vfio_sun4v_container *c, struct v4_window *w)
{
	uint64_t bytes = w->nb_entries * HV_TTE_SIZE;
	uint64_t alloc = (bytes + HV_IOTSB_TABLE_ALIGN - 1) &
			 ~(HV_IOTSB_TABLE_ALIGN - 1);
	size_t raw_len = alloc + HV_IOTSB_TABLE_ALIGN;
	uint8_t *raw, *mem;
	int rc;

	raw = mmap(NULL, raw_len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return -ENOMEM;
	mem = (uint8_t *)(((uintptr_t)raw + HV_IOTSB_TABLE_ALIGN - 1) &
			  ~(uintptr_t)(HV_IOTSB_TABLE_ALIGN - 1));
	/* Trim to the aligned part so tsb_mem/tsb_bytes describe the mapping. */
	if (mem > raw)
		munmap(raw, (size_t)(mem - raw));
	if (raw + raw_len > mem + alloc)
		munmap(mem + alloc, (size_t)(raw + raw_len - (mem + alloc)));
	rc = sun4v_mem_register(c->p, mem, alloc);
	if (rc != 0) {
		munmap(mem, alloc);
		return rc;
	}
	w->tsb_mem = mem;
	w->tsb_bytes = alloc;
	return 0;
}

/* IOTSB_CONF + BIND of every attached function.  Caller holds cfg_lock. */
static int
v4_window_conf_atu(struct vfio_sun4v_container *c, struct v4_window *w)
{
	uint64_t bytes = w->nb_entries * HV_TTE_SIZE;
	uint64_t st;
	int rc;

	rc = v4_tsb_alloc(c, w);
	if (rc != 0)
		return rc;
	st = sun4v_hv_iotsb_conf(c->p, c->devhandle, (uint64_t)(uintptr_t)w->tsb_mem,
				 bytes, w->page_size, w->iova_base, &w->handle);
	rc = vfio_sun4v_hv_errno(st);
	if (rc != 0) {
		V4_LOG(ERR, "IOTSB_CONF devhandle 0x%" PRIx64 " size 0x%" PRIx64
		       " pagesize 0x%" PRIx64 " iova 0x%" PRIx64 ": status %"
		       PRIu64 " (%s)", c->devhandle, bytes, w->page_size,
		       w->iova_base, st, strerror(-rc));
		goto err_free;
	}
	for (unsigned int g = 0; g < c->nb_groups; g++) {
		rc = v4_window_bind_fns(c, w, c->groups[g].fns,
					c->groups[g].nb_fns, true);
		if (rc != 0) {
			while (g-- > 0)
				v4_window_bind_fns(c, w, c->groups[g].fns,
						   c->groups[g].nb_fns, false);
			goto err_unconf;
		}
	}
	return 0;

err_unconf:
	sun4v_hv_iotsb_unconf(c->p, c->devhandle, w->handle);
	w->handle = 0;
err_free:
	v4_tsb_free(c, w);
	return rc;
}

/* Caller holds cfg_lock. */
static int
v4_window_configure_locked(struct vfio_sun4v_container *c, struct v4_window *w)
{
	int rc;

	if (atomic_load_explicit(&w->configured, memory_order_acquire))
		return 0;
	w->state = calloc(w->nb_entries, 1);
	if (w->state == NULL)
		return -ENOMEM;
	if (!w->legacy) {
		rc = v4_window_conf_atu(c, w);
		if (rc != 0) {
			free(w->state);
			w->state = NULL;
			return rc;
		}
		V4_LOG(INFO, "IOTSB 0x%" PRIx64 ": %" PRIu64 " KB pages at 0x%"
		       PRIx64 ", %" PRIu64 " entries", w->handle,
		       w->page_size >> 10, w->iova_base, w->nb_entries);
	}
	/* Release: map paths that see configured also see state and handle. */
	atomic_store_explicit(&w->configured, true, memory_order_release);
	return 0;
}

int
v4_window_configure(struct vfio_sun4v_container *c, struct v4_window *w)
{
	int rc;

	pthread_mutex_lock(&c->cfg_lock);
	rc = v4_window_configure_locked(c, w);
	pthread_mutex_unlock(&c->cfg_lock);
	return rc;
}

/* Demap every used run of entries (container teardown). */
static void
v4_window_demap_all(struct vfio_sun4v_container *c, struct v4_window *w)
{
	uint64_t i = 0;

	while (i < w->nb_entries) {
		uint64_t s;

		if (w->state[i] == 0) {
			i++;
			continue;
		}
		for (s = i; i < w->nb_entries && w->state[i] != 0; i++)
			;
		if (v4_hv_demap_range(c, w, s, i - s) != 0)
			V4_LOG(ERR, "teardown: %" PRIu64 " entries at 0x%" PRIx64
			       " left mapped", i - s,
			       w->iova_base + (s << w->page_shift));
	}
	memset(w->state, 0, w->nb_entries);
	atomic_store(&w->used, 0);
}

void
v4_windows_teardown(struct vfio_sun4v_container *c)
{
	for (unsigned int i = 0; i < c->nb_windows; i++) {
		struct v4_window *w = &c->win[i];

		if (atomic_load(&w->configured)) {
			v4_window_demap_all(c, w);
			if (!w->legacy) {
				uint64_t st;

				for (unsigned int g = 0; g < c->nb_groups; g++)
					v4_window_bind_fns(c, w, c->groups[g].fns,
							   c->groups[g].nb_fns,
							   false);
				st = sun4v_hv_iotsb_unconf(c->p, c->devhandle,
							   w->handle);
				if (st != HV_EOK)
					V4_LOG(ERR, "IOTSB_UNCONF 0x%" PRIx64
					       ": status %" PRIu64, w->handle, st);
				v4_tsb_free(c, w);
			}
		}
		free(w->state);
		w->state = NULL;
		atomic_store(&w->configured, false);
		pthread_mutex_destroy(&w->lock);
	}
	c->nb_windows = 0;
}

/* ------------------------------------------------------------------------ */
/* Mapping records: state bytes (file comment of vfio_sun4v_private.h)      */

int
v4_range_reserve(struct v4_window *w, uint64_t idx, uint64_t n)
{
	uint64_t used;
	int rc = 0;

	pthread_mutex_lock(&w->lock);
	used = atomic_load_explicit(&w->used, memory_order_relaxed);
	/* Full (or too full for n): -ENOSPC before any overlap question. */
	if (n > w->nb_entries - used) {
		rc = -ENOSPC;
		goto out;
	}
	for (uint64_t i = 0; i < n; i++) {
		if (w->state[idx + i] != 0) {
			rc = -EEXIST;
			goto out;
		}
	}
	w->state[idx] = V4_ST_USED | V4_ST_START | V4_ST_BUSY;
	if (n > 1)
		memset(&w->state[idx + 1], V4_ST_USED | V4_ST_BUSY, n - 1);
	atomic_store_explicit(&w->used, used + n, memory_order_relaxed);
out:
	pthread_mutex_unlock(&w->lock);
	return rc;
}

static void
v4_range_free_locked(struct v4_window *w, uint64_t idx, uint64_t n)
{
	memset(&w->state[idx], 0, n);
	atomic_store_explicit(&w->used,
			      atomic_load_explicit(&w->used, memory_order_relaxed) - n,
			      memory_order_relaxed);
}

static void
v4_range_unbusy_locked(struct v4_window *w, uint64_t idx, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		w->state[idx + i] &= (uint8_t)~V4_ST_BUSY;
}

void
v4_range_finish_map(struct v4_window *w, uint64_t idx, uint64_t n, bool ok)
{
	pthread_mutex_lock(&w->lock);
	if (ok)
		v4_range_unbusy_locked(w, idx, n);
	else
		v4_range_free_locked(w, idx, n);
	pthread_mutex_unlock(&w->lock);
}

int
v4_range_claim(struct v4_window *w, uint64_t idx, uint64_t n)
{
	uint64_t end;
	int rc = 0;

	pthread_mutex_lock(&w->lock);
	if ((w->state[idx] & (V4_ST_START | V4_ST_BUSY)) != V4_ST_START) {
		rc = -ENOENT;
		goto out;
	}
	/* The mapping ends at the next free entry or the next START. */
	for (end = idx + 1; end < w->nb_entries &&
	     (w->state[end] & (V4_ST_USED | V4_ST_START)) == V4_ST_USED; end++)
		if (end - idx > n)
			break; /* already longer than asked: mismatch */
	if (end - idx != n) {
		rc = -EINVAL;
		goto out;
	}
	for (uint64_t i = idx; i < end; i++)
		w->state[i] |= V4_ST_BUSY;
out:
	pthread_mutex_unlock(&w->lock);
	return rc;
}

void
v4_range_finish_unmap(struct v4_window *w, uint64_t idx, uint64_t n, bool ok)
{
	pthread_mutex_lock(&w->lock);
	if (ok)
		v4_range_free_locked(w, idx, n);
	else
		v4_range_unbusy_locked(w, idx, n);
	pthread_mutex_unlock(&w->lock);
}
