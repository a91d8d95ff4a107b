/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ATU (IOMMU v2) IOTSB services 0x190..0x19a (doc/spec/sun4v-hv-api.md
 * §3; facts §4, §5).  Each root complex has conf.max_iotsbs IOTSB slots.
 * An IOTSB's IOTTEs live in the guest's table memory (r_addr), which must
 * be registered RAM and zero at CONF and which the guest must not touch
 * until UNCONF.  A function may be bound to several IOTSBs whose IOVA
 * spans do not overlap, e.g. a huge-page IOTSB for pre-mapped pools and an
 * 8 KB one for per-descriptor maps (doc/design/platform.md §4.3).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "sun4v_internal.h"

/* Handle = generation << 16 | (slot + 1): never 0 (0 is the legacy table)
 * and a stale handle of a reconfigured slot does not match. */
#define HANDLE_SLOT_MASK 0xffffULL

struct sun4v_table *
sun4v_atu_lookup(struct sun4v_rc *rc, uint64_t handle)
{
	uint64_t slot = (handle & HANDLE_SLOT_MASK);
	struct sun4v_table *t;

	if (rc == NULL || slot == 0 || slot > rc->p->conf.max_iotsbs)
		return NULL;
	t = &rc->iotsb[slot - 1];
	return t->configured && t->handle == handle ? t : NULL;
}

static bool
spans_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* True when [iova, iova + len) lies inside one ATU address range. */
static bool
in_one_range(uint64_t iova, uint64_t len)
{
	static const uint64_t r[HV_ATU_NB_RANGES][2] = {
		{ HV_ATU_RANGE0_BASE, HV_ATU_RANGE0_SIZE },
		{ HV_ATU_RANGE1_BASE, HV_ATU_RANGE1_SIZE },
		{ HV_ATU_RANGE2_BASE, HV_ATU_RANGE2_SIZE },
		{ HV_ATU_RANGE3_BASE, HV_ATU_RANGE3_SIZE },
	};

	for (unsigned int i = 0; i < HV_ATU_NB_RANGES; i++)
		if (iova >= r[i][0] && len <= r[i][1] &&
		    iova - r[i][0] <= r[i][1] - len)
			return true;
	return false;
}

bool
sun4v_atu_iotsb_in(struct sun4v_platform *p, uint64_t lo, uint64_t len)
{
	bool busy = false;

	pthread_mutex_lock(&p->iotsb_lock);
	for (unsigned int i = 0; i < p->nrc && !busy; i++)
		for (unsigned int k = 0; k < p->conf.max_iotsbs; k++) {
			const struct sun4v_table *t = &p->rc[i]->iotsb[k];

			if (t->configured &&
			    spans_overlap(t->r_addr, t->size, lo, len)) {
				busy = true;
				break;
			}
		}
	pthread_mutex_unlock(&p->iotsb_lock);
	return busy;
}

/* CONF argument checks that need no lock (order = order of the errors). */
static uint64_t
conf_check(struct sun4v_platform *p, struct sun4v_rc *rc, uint64_t r_addr,
	   uint64_t size, uint64_t pagesize, uint64_t iova)
{
	if (rc == NULL)
		return HV_EINVAL;
	if (!sun4v_hv_abi_atu_pgsz_supported(pagesize))
		return HV_EBADPGSZ;
	if (size == 0 || (size & (HV_TTE_SIZE - 1)) != 0 ||
	    size > HV_IOTSB_MAX_TABLE_SIZE)
		return HV_EINVAL;
	if ((r_addr & (HV_IOTSB_TABLE_ALIGN - 1)) != 0)
		return HV_EBADALIGN;
	if (!sun4v_mem_contains(p, r_addr, size))
		return HV_ENORADDR;
	if ((iova & (pagesize - 1)) != 0 ||
	    !in_one_range(iova, (size / HV_TTE_SIZE) * pagesize))
		return HV_EINVAL;
	return HV_EOK;
}

/* Caller holds rc->lock and p->iotsb_lock.  EBUSY for a duplicate
 * (devhandle, r_addr, iova) or table memory shared with another IOTSB. */
static uint64_t
conf_busy(struct sun4v_platform *p, uint64_t r_addr, uint64_t size)
{
	for (unsigned int i = 0; i < p->nrc; i++)
		for (unsigned int k = 0; k < p->conf.max_iotsbs; k++) {
			const struct sun4v_table *t = &p->rc[i]->iotsb[k];

			if (t->configured &&
			    spans_overlap(t->r_addr, t->size, r_addr, size))
				return HV_EBUSY;
		}
	return HV_EOK;
}

/* [assumption] A table that is not zero is refused with HV_EINVAL (the
 * real behaviour is undefined; refusing makes the guest bug visible). */
static bool
table_is_zero(uint64_t r_addr, uint64_t size)
{
	const uint64_t *w = (const uint64_t *)(uintptr_t)r_addr;

	for (uint64_t i = 0; i < size / HV_TTE_SIZE; i++)
		if (w[i] != 0)
			return false;
	return true;
}

static void
slot_configure(struct sun4v_table *t, unsigned int k, uint64_t r_addr,
	       uint64_t size, uint64_t pagesize, uint64_t iova)
{
	t->shift = (unsigned int)__builtin_ctzll(pagesize);
	t->lo = iova;
	t->nentries = size / HV_TTE_SIZE;
	t->span = t->nentries << t->shift;
	t->tte = (_Atomic uint64_t *)(uintptr_t)r_addr;
	t->r_addr = r_addr;
	t->size = size;
	t->gen++;
	t->handle = ((uint64_t)t->gen << 16) | (k + 1);
	t->nbound = 0;
	atomic_store(&t->in_use, 0);
	atomic_store(&t->mapped, 0);
	atomic_store(&t->demapped, 0);
	sun4v_iotlb_reset(&t->tlb);
	t->configured = true;
}

/* §3.1 PCI_IOTSB_CONF */
uint64_t
sun4v_hv_iotsb_conf(struct sun4v_platform *p, uint64_t devhandle,
		    uint64_t r_addr, uint64_t size, uint64_t pagesize,
		    uint64_t iova, uint64_t *handle)
{
	struct sun4v_rc *rc = sun4v_rc_by_devhandle(p, devhandle);
	uint64_t st = conf_check(p, rc, r_addr, size, pagesize, iova), h = 0;
	unsigned int k;

	if (st != HV_EOK)
		goto out;
	pthread_mutex_lock(&rc->lock);
	pthread_mutex_lock(&p->iotsb_lock);
	st = conf_busy(p, r_addr, size);
	for (k = 0; st == HV_EOK && k < p->conf.max_iotsbs; k++)
		if (!rc->iotsb[k].configured)
			break;
	if (st == HV_EOK && k == p->conf.max_iotsbs)
		st = HV_ETOOMANY;
	if (st == HV_EOK && !table_is_zero(r_addr, size))
		st = HV_EINVAL;
	if (st == HV_EOK) {
		slot_configure(&rc->iotsb[k], k, r_addr, size, pagesize, iova);
		h = rc->iotsb[k].handle;
	}
	pthread_mutex_unlock(&p->iotsb_lock);
	pthread_mutex_unlock(&rc->lock);
out:
	if (handle != NULL)
		*handle = h;
	sun4v_log(p, st == HV_EOK ? SUN4V_LOG_INFO : SUN4V_LOG_DEBUG,
		  "IOTSB_CONF devhandle 0x%" PRIx64 " r_addr 0x%" PRIx64
		  " size 0x%" PRIx64 " pagesize 0x%" PRIx64 " iova 0x%" PRIx64
		  ": status %" PRIu64 " handle 0x%" PRIx64,
		  devhandle, r_addr, size, pagesize, iova, st, h);
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_CONF, st, 0);
}

/* §3.2 PCI_IOTSB_INFO; handle 0 is the legacy table (r_addr -1). */
uint64_t
sun4v_hv_iotsb_info(struct sun4v_platform *p, uint64_t devhandle,
		    uint64_t handle, uint64_t *r_addr, uint64_t *size,
		    uint64_t *pagesize, uint64_t *iova, uint64_t *nbound)
{
	struct sun4v_rc *rc = sun4v_rc_by_devhandle(p, devhandle);
	uint64_t v[5] = { 0 }, st = HV_EINVAL;
	struct sun4v_table *t;

	if (rc != NULL) {
		pthread_mutex_lock(&rc->lock);
		t = handle == 0 ? &rc->legacy : sun4v_atu_lookup(rc, handle);
		if (t != NULL) {
			v[0] = t->r_addr;
			v[1] = t->size;
			v[2] = 1ULL << t->shift;
			v[3] = t->lo;
			v[4] = handle == 0 ? rc->nfuncs : t->nbound;
			st = HV_EOK;
		}
		pthread_mutex_unlock(&rc->lock);
	}
	if (r_addr != NULL)
		*r_addr = v[0];
	if (size != NULL)
		*size = v[1];
	if (pagesize != NULL)
		*pagesize = v[2];
	if (iova != NULL)
		*iova = v[3];
	if (nbound != NULL)
		*nbound = v[4];
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_INFO, st, 0);
}

/* §3.3 PCI_IOTSB_UNCONF */
uint64_t
sun4v_hv_iotsb_unconf(struct sun4v_platform *p, uint64_t devhandle,
		      uint64_t handle)
{
	struct sun4v_rc *rc = sun4v_rc_by_devhandle(p, devhandle);
	struct sun4v_table *t;
	uint64_t st = HV_EINVAL;

	if (rc == NULL)
		goto out;
	pthread_mutex_lock(&rc->lock);
	t = sun4v_atu_lookup(rc, handle);
	if (t != NULL && t->nbound != 0) {
		st = HV_EBUSY;
	} else if (t != NULL) {
		sun4v_iotlb_flush_all(&t->tlb);
		pthread_mutex_lock(&p->iotsb_lock);
		t->configured = false;
		pthread_mutex_unlock(&p->iotsb_lock);
		st = HV_EOK;
	}
	pthread_mutex_unlock(&rc->lock);
out:
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_UNCONF, st, 0);
}

/* Table and function named by (devhandle, handle, pci_device); locks
 * rc->lock on success (caller unlocks). */
static uint64_t
bind_args(struct sun4v_platform *p, uint64_t devhandle, uint64_t handle,
	  uint64_t pci_device, struct sun4v_rc **rc, struct sun4v_table **t,
	  struct sun4v_func **fn)
{
	*rc = sun4v_rc_by_devhandle(p, devhandle);
	if (*rc == NULL || !sun4v_hv_abi_pci_device_valid(pci_device))
		return HV_EINVAL;
	pthread_mutex_lock(&(*rc)->lock);
	*t = sun4v_atu_lookup(*rc, handle);
	*fn = sun4v_rc_func(*rc, sun4v_hv_abi_pci_device_bdf(pci_device));
	if (*t == NULL || *fn == NULL) {
		pthread_mutex_unlock(&(*rc)->lock);
		return HV_EINVAL;
	}
	return HV_EOK;
}

/*
 * §3.4 PCI_IOTSB_BIND.  Binding again to the same IOTSB succeeds (the
 * function is "first unbound"); a binding whose IOVA span overlaps an
 * existing binding of the function is HV_EBUSY; more than
 * SUN4V_MAX_BINDINGS bindings is HV_ETOOMANY [assumption].
 */
uint64_t
sun4v_hv_iotsb_bind(struct sun4v_platform *p, uint64_t devhandle,
		    uint64_t handle, uint64_t pci_device)
{
	struct sun4v_rc *rc;
	struct sun4v_table *t = NULL, *b;
	struct sun4v_func *fn;
	int free_slot = -1;
	uint64_t st;

	st = bind_args(p, devhandle, handle, pci_device, &rc, &t, &fn);
	if (st != HV_EOK)
		goto out;
	for (int i = 0; i < SUN4V_MAX_BINDINGS; i++) {
		b = atomic_load(&fn->bind[i]);
		if (b == t)
			goto unlock;
		if (b == NULL && free_slot < 0)
			free_slot = i;
		else if (b != NULL && spans_overlap(b->lo, b->span, t->lo, t->span))
			st = HV_EBUSY;
	}
	if (st == HV_EOK && free_slot < 0)
		st = HV_ETOOMANY;
	if (st == HV_EOK) {
		atomic_store_explicit(&fn->bind[free_slot], t,
				      memory_order_release);
		atomic_fetch_add(&fn->xgen, 1);
		t->nbound++;
	}
unlock:
	pthread_mutex_unlock(&rc->lock);
out:
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_BIND, st, 0);
}

/* §3.5 PCI_IOTSB_UNBIND */
uint64_t
sun4v_hv_iotsb_unbind(struct sun4v_platform *p, uint64_t devhandle,
		      uint64_t handle, uint64_t pci_device)
{
	struct sun4v_rc *rc;
	struct sun4v_table *t = NULL;
	struct sun4v_func *fn;
	uint64_t st;

	st = bind_args(p, devhandle, handle, pci_device, &rc, &t, &fn);
	if (st != HV_EOK)
		goto out;
	st = HV_ENOMAP;
	for (int i = 0; i < SUN4V_MAX_BINDINGS; i++) {
		if (atomic_load(&fn->bind[i]) == t) {
			atomic_store_explicit(&fn->bind[i], NULL,
					      memory_order_release);
			atomic_fetch_add(&fn->xgen, 1);
			t->nbound--;
			st = HV_EOK;
		}
	}
	pthread_mutex_unlock(&rc->lock);
out:
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_UNBIND, st, 0);
}

/*
 * §3.6 PCI_IOTSB_GET_BINDING: the IOTSB bound to pci_device whose span
 * holds @p iova.  [assumption] iova may be any address inside an ATU
 * range (the spec names the range base; the base is a special case).
 */
uint64_t
sun4v_hv_iotsb_get_binding(struct sun4v_platform *p, uint64_t devhandle,
			   uint64_t pci_device, uint64_t iova, uint64_t *handle)
{
	struct sun4v_rc *rc = sun4v_rc_by_devhandle(p, devhandle);
	struct sun4v_func *fn;
	uint64_t st = HV_EINVAL, h = 0;

	if (rc == NULL || !sun4v_hv_abi_pci_device_valid(pci_device) ||
	    !in_one_range(iova, 1))
		goto out;
	pthread_mutex_lock(&rc->lock);
	fn = sun4v_rc_func(rc, sun4v_hv_abi_pci_device_bdf(pci_device));
	if (fn != NULL) {
		st = HV_ENOMAP;
		for (int i = 0; i < SUN4V_MAX_BINDINGS; i++) {
			struct sun4v_table *b = atomic_load(&fn->bind[i]);

			if (b != NULL && iova - b->lo < b->span) {
				h = b->handle;
				st = HV_EOK;
			}
		}
	}
	pthread_mutex_unlock(&rc->lock);
out:
	if (handle != NULL)
		*handle = h;
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_GET_BINDING, st, 0);
}

/* Lock rc and find IOTSB @p handle; on HV_EOK the caller unlocks. */
static uint64_t
iotsb_args(struct sun4v_platform *p, uint64_t devhandle, uint64_t handle,
	   struct sun4v_rc **rc, struct sun4v_table **t)
{
	*rc = sun4v_rc_by_devhandle(p, devhandle);
	if (*rc == NULL)
		return HV_EINVAL;
	pthread_mutex_lock(&(*rc)->lock);
	*t = sun4v_atu_lookup(*rc, handle);
	if (*t == NULL) {
		pthread_mutex_unlock(&(*rc)->lock);
		return HV_EINVAL;
	}
	return HV_EOK;
}

static bool
map_attrs_ok(uint64_t attrs)
{
	/* MAP must not be used to demap: R and/or W is required (facts §4). */
	return sun4v_hv_abi_attrs_valid(attrs) &&
	       (attrs & HV_PCI_MAP_ATTR_RW) != 0;
}

/* §3.7 PCI_IOTSB_MAP: creates and flushes; may map fewer than asked. */
uint64_t
sun4v_hv_iotsb_map(struct sun4v_platform *p, uint64_t devhandle,
		   uint64_t handle, uint64_t index_count, uint64_t attrs,
		   uint64_t io_page_list_ra, uint64_t *nmapped)
{
	uint64_t n = sun4v_hv_abi_index_count_count(index_count);
	uint64_t idx = sun4v_hv_abi_index_count_index(index_count);
	struct sun4v_table *t;
	struct sun4v_rc *rc;
	uint64_t st, done = 0;

	st = iotsb_args(p, devhandle, handle, &rc, &t);
	if (st != HV_EOK)
		goto out;
	if (n == 0 || idx >= t->nentries || n > t->nentries - idx ||
	    !map_attrs_ok(attrs))
		st = HV_EINVAL;
	else
		st = sun4v_table_map_list(t, idx, n, attrs, io_page_list_ra,
					  true, &done);
	pthread_mutex_unlock(&rc->lock);
out:
	if (nmapped != NULL)
		*nmapped = done;
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_MAP, st, done);
}

/* §3.8 PCI_IOTSB_MAP_ONE */
uint64_t
sun4v_hv_iotsb_map_one(struct sun4v_platform *p, uint64_t devhandle,
		       uint64_t handle, uint64_t iotsb_index, uint64_t attrs,
		       uint64_t r_addr)
{
	struct sun4v_table *t;
	struct sun4v_rc *rc;
	uint64_t st;

	st = iotsb_args(p, devhandle, handle, &rc, &t);
	if (st != HV_EOK)
		goto out;
	if (iotsb_index >= t->nentries || !map_attrs_ok(attrs))
		st = HV_EINVAL;
	else
		st = sun4v_table_map_one(t, iotsb_index, attrs, r_addr);
	pthread_mutex_unlock(&rc->lock);
out:
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_MAP_ONE, st,
				st == HV_EOK ? 1 : 0);
}

/* §3.9 PCI_IOTSB_DEMAP: index and count are separate arguments here. */
uint64_t
sun4v_hv_iotsb_demap(struct sun4v_platform *p, uint64_t devhandle,
		     uint64_t handle, uint64_t iotsb_index, uint64_t niottes,
		     uint64_t *ndemapped)
{
	struct sun4v_table *t;
	struct sun4v_rc *rc;
	uint64_t st, done = 0;

	st = iotsb_args(p, devhandle, handle, &rc, &t);
	if (st != HV_EOK)
		goto out;
	if (niottes == 0 || iotsb_index >= t->nentries ||
	    niottes > t->nentries - iotsb_index)
		st = HV_EINVAL;
	else
		done = sun4v_table_demap(t, iotsb_index, niottes);
	pthread_mutex_unlock(&rc->lock);
out:
	if (ndemapped != NULL)
		*ndemapped = done;
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_DEMAP, st, done);
}

/* §3.10 PCI_IOTSB_GETMAP: RA in RET1, attributes in RET2 (reverse of legacy). */
uint64_t
sun4v_hv_iotsb_getmap(struct sun4v_platform *p, uint64_t devhandle,
		      uint64_t handle, uint64_t iotsb_index, uint64_t *r_addr,
		      uint64_t *attrs)
{
	struct sun4v_table *t;
	struct sun4v_rc *rc;
	uint64_t st, tte = 0;

	st = iotsb_args(p, devhandle, handle, &rc, &t);
	if (st != HV_EOK)
		goto out;
	if (iotsb_index >= t->nentries) {
		st = HV_EINVAL;
	} else {
		tte = atomic_load(&t->tte[iotsb_index]);
		if ((tte & SUN4V_TTE_V) == 0)
			st = HV_ENOMAP;
	}
	pthread_mutex_unlock(&rc->lock);
out:
	if (r_addr != NULL)
		*r_addr = st == HV_EOK ? (tte & SUN4V_TTE_RA_MASK) : 0;
	if (attrs != NULL)
		*attrs = st == HV_EOK ? sun4v_tte_attrs(tte) : 0;
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_GETMAP, st, 0);
}

/* §3.11 PCI_IOTSB_SYNC_MAPPINGS: coherent here; validates, reports progress. */
uint64_t
sun4v_hv_iotsb_sync_mappings(struct sun4v_platform *p, uint64_t devhandle,
			     uint64_t handle, uint64_t iotsb_index,
			     uint64_t niottes, uint64_t *nsynced)
{
	struct sun4v_table *t;
	struct sun4v_rc *rc;
	uint64_t st, done = 0, cap;

	st = iotsb_args(p, devhandle, handle, &rc, &t);
	if (st != HV_EOK)
		goto out;
	if (niottes == 0 || iotsb_index >= t->nentries ||
	    niottes > t->nentries - iotsb_index) {
		st = HV_EINVAL;
	} else {
		cap = sun4v_map_cap(p);
		done = niottes < cap ? niottes : cap;
	}
	pthread_mutex_unlock(&rc->lock);
out:
	if (nsynced != NULL)
		*nsynced = done;
	return sun4v_hv_account(p, HV_FAST_PCI_IOTSB_SYNC_MAPPINGS, st, done);
}

int
sun4v_table_stats_get(struct sun4v_platform *p, unsigned int rc,
		      uint64_t handle, struct sun4v_table_stats *out)
{
	struct sun4v_table *t;
	struct sun4v_rc *r;
	int ret = 0;

	if (p == NULL || rc >= p->nrc)
		return -ENODEV;
	r = p->rc[rc];
	pthread_mutex_lock(&r->lock);
	t = handle == 0 ? &r->legacy : sun4v_atu_lookup(r, handle);
	if (t == NULL)
		ret = -ENOENT;
	else if (out != NULL)
		sun4v_table_stats_fill(t, handle == 0 ? r->nfuncs : t->nbound,
				       out);
	pthread_mutex_unlock(&r->lock);
	return ret;
}
