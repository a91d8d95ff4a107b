/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PMD's DMA mapping: rings (mapped once at queue setup), per-descriptor
 * buffers (dma=map: allocator + one hypercall per map, one per unmap) and
 * the per-port lib/iova_pool DPDK context that maps mempools once
 * (dma=pool).
 *
 * Hypercalls are counted exactly per port: vfio_sun4v keeps per-thread
 * call counters, read before and after each map and unmap made here
 * (i40e_sun4v_hv_count_*()), so a neighbour port on a shared legacy window
 * (another lcore) cannot leak into this port's hv_map_calls.  Mempool
 * mappings are counted by the port's iova_pool context, under its lock.
 */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_malloc.h>


#include "i40e_sun4v.h"
#include "i40e_sun4v_dma.h"
#include "i40e_sun4v_logs.h"
#include "logrl.h"
#include "vfio_sun4v.h"

RTE_DEFINE_PER_LCORE(bool, i40e_sun4v_lcore_bound);

#define IO_PAGE_SHIFT 13
#define IO_PAGE_SIZE (1ull << IO_PAGE_SHIFT)

int
i40e_sun4v_dma_map_ctl(struct i40e_sun4v_adapter *ad, void *va, uint64_t len,
		       uint32_t prot, struct iova_pool_mapping *m)
{
	struct vfio_sun4v_thread_stats t0;
	int rc;

	memset(m, 0, sizeof(*m));
	if (ad->dom->mode == I40E_SUN4V_IOMMU_BYPASS) {
		m->va = va;
		m->len = len;
		m->dvma = i40e_sun4v_bypass_dvma(va);
		return 0;
	}
	i40e_sun4v_hv_count_begin(&t0);
	rc = iova_pool_domain_map(ad->dom->h->domain, va, len, prot, 0, m);
	i40e_sun4v_hv_count_end(&t0, &ad->ctl);
	if (rc != 0) {
		ad->ctl.dma_map_errors++;
		return rc;
	}
	ad->ctl.entries += m->entries;
	return 0;
}

int
i40e_sun4v_dma_unmap_ctl(struct i40e_sun4v_adapter *ad,
			 struct iova_pool_mapping *m)
{
	struct vfio_sun4v_thread_stats t0;
	int rc = 0;

	if (m->len == 0)
		return 0;
	if (ad->dom->mode != I40E_SUN4V_IOMMU_BYPASS) {
		i40e_sun4v_hv_count_begin(&t0);
		rc = iova_pool_domain_unmap(ad->dom->h->domain, m);
		i40e_sun4v_hv_count_end(&t0, &ad->ctl);
		if (rc != 0)
			I40E_SUN4V_DRV_LOG(ERR, "%s: unmap of %" PRIu64 " bytes "
				"at DVMA 0x%" PRIx64 " failed: %s", ad->name,
				m->len, m->dvma, strerror(-rc));
		else
			ad->ctl.entries -= m->entries;
	}
	memset(m, 0, sizeof(*m));
	return rc;
}

/* Map failures of every port: one kind of line for the process's limiter. */
static struct logrl_site map_fail_site =
	LOGRL_SITE_INIT("pmd.net.i40e_sun4v", "DMA map failure lines");

/*
 * Rate-limited error log for the data path (style-anchors §5.5): at most
 * one line per second per port (so one port cannot take the others'
 * share), and then the process's one limiter (common/logrl: at most 10
 * repeated lines a second, all layers and ports together).  A line
 * carries the count of map-failure lines suppressed since the previous
 * one (any port).  The port's own lines and suppressions are xstats;
 * lcores of one port may race here, so they are atomics (error path only).
 */
static void
map_error_log(struct i40e_sun4v_adapter *ad, const void *va, uint32_t len,
	      int rc)
{
	uint64_t now = rte_get_tsc_cycles();
	uint64_t last = __atomic_load_n(&ad->log_last_tsc, __ATOMIC_RELAXED);
	uint64_t supp;

	if ((last != 0 && now - last < rte_get_tsc_hz()) ||
	    !__atomic_compare_exchange_n(&ad->log_last_tsc, &last, now, false,
					 __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
		logrl_suppress(&map_fail_site);
		__atomic_fetch_add(&ad->log_suppressed, 1, __ATOMIC_RELAXED);
		return;
	}
	if (!logrl_admit(&map_fail_site, &supp)) {
		__atomic_fetch_add(&ad->log_suppressed, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_fetch_add(&ad->log_emitted, 1, __ATOMIC_RELAXED);
	I40E_SUN4V_DRV_LOG(WARNING, "%s: DMA map of %u bytes at %p failed: %s; "
			   "packet dropped or slot left empty (%" PRIu64
			   " similar lines suppressed)", ad->name, len, va,
			   strerror(-rc), supp);
}

int
i40e_sun4v_dma_map_buf(struct i40e_sun4v_adapter *ad,
		       struct i40e_sun4v_dma_stats *st, const void *va,
		       uint32_t len, uint32_t prot, struct i40e_sun4v_map *m,
		       uint64_t *dvma)
{
	uintptr_t first = (uintptr_t)va & ~(uintptr_t)(IO_PAGE_SIZE - 1);
	uintptr_t end = RTE_ALIGN_CEIL((uintptr_t)va + len, IO_PAGE_SIZE);
	uint32_t npages = (uint32_t)((end - first) >> IO_PAGE_SHIFT);
	struct vfio_sun4v_container *c = ad->dom->h->container;
	struct vfio_sun4v_thread_stats t0;
	uint64_t base;
	int rc;

	i40e_sun4v_lcore_bind_once();
	rc = iova_alloc_range(ad->dom->h->alloc8k, npages, 0, &base);
	if (unlikely(rc != 0))
		goto err;
	/* Two TLS reads next to a hypercall: exact per-port counts. */
	i40e_sun4v_hv_count_begin(&t0);
	if (npages == 1)
		rc = vfio_sun4v_map_page(c, (void *)first, base, prot);
	else
		rc = vfio_sun4v_map_dma(c, (void *)first, base,
					(uint64_t)npages << IO_PAGE_SHIFT, prot);
	i40e_sun4v_hv_count_end(&t0, st);
	if (unlikely(rc != 0)) {
		iova_alloc_free(ad->dom->h->alloc8k, base, npages);
		goto err;
	}
	m->dvma = base;
	m->npages = npages;
	st->entries += npages;
	*dvma = base + ((uintptr_t)va - first);
	return 0;
err:
	st->dma_map_errors++;
	map_error_log(ad, va, len, rc);
	return rc;
}

void
i40e_sun4v_dma_unmap_buf(struct i40e_sun4v_adapter *ad,
			 struct i40e_sun4v_dma_stats *st,
			 struct i40e_sun4v_map *m)
{
	struct vfio_sun4v_container *c = ad->dom->h->container;
	struct vfio_sun4v_thread_stats t0;
	int rc;

	i40e_sun4v_hv_count_begin(&t0);
	if (m->npages == 1)
		rc = vfio_sun4v_unmap_page(c, m->dvma);
	else
		rc = vfio_sun4v_unmap_dma(c, m->dvma,
					  (uint64_t)m->npages << IO_PAGE_SHIFT);
	i40e_sun4v_hv_count_end(&t0, st);
	if (likely(rc == 0)) {
		iova_alloc_free(ad->dom->h->alloc8k, m->dvma, m->npages);
		st->entries -= m->npages;
	} else {
		/* The entry may still be live: keep its DVMA allocated
		 * (leaked, counted) rather than hand it out twice. */
		st->dma_map_errors++;
	}
	m->dvma = 0;
	m->npages = 0;
}

int
i40e_sun4v_dma_ctx_create(struct i40e_sun4v_adapter *ad)
{
	struct iova_pool_dpdk_ctx_conf conf;
	char name[32];

	/* Only dma=pool maps mempools: map mode maps per descriptor and
	 * bypass translates nothing. */
	if (ad->dom->mode == I40E_SUN4V_IOMMU_BYPASS ||
	    ad->args.dma != I40E_SUN4V_DMA_POOL)
		return 0;
	/* The context's pool names derive from this; keep it short. */
	snprintf(name, sizeof(name), "i40es4v%u", ad->dev->data->port_id);
	memset(&conf, 0, sizeof(conf));
	conf.name = name;
	conf.domain = ad->dom->h->domain;
	/* Only the pools this port uses are mapped: its RX pools at queue
	 * setup, any other pool on first sight on TX (counted).  Not
	 * IOVA_POOL_DPDK_F_AUTO_REGISTER: that maps every pool of the
	 * process into every port's domain, which a shared legacy window
	 * cannot afford. */
	conf.flags = 0;
	conf.prot = VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE;
	return iova_pool_dpdk_ctx_create(&conf, &ad->dctx);
}

void
i40e_sun4v_dma_ctx_destroy(struct i40e_sun4v_adapter *ad)
{
	int rc;

	if (ad->dctx == NULL)
		return;
	rc = iova_pool_dpdk_ctx_destroy(ad->dctx);
	if (rc != 0)
		I40E_SUN4V_DRV_LOG(ERR, "%s: unmapping the port's mempools "
				   "failed: %s", ad->name, strerror(-rc));
	ad->dctx = NULL;
}

/*
 * inject= (NIC guide "Fault injection"): make the device model DMA where it
 * must not, so the platform's fault handling can be watched end to end.
 * unmapped: a page of DVMA is reserved in the 8 KB window and never mapped;
 * readonly: one page is mapped device-read-only and RX writes go there;
 * stale: RX writes go to the previous descriptor's buffer, which dma=map
 * has just unmapped (use-after-unmap).
 */
int
i40e_sun4v_inject_setup(struct i40e_sun4v_adapter *ad)
{
	struct i40e_sim_inject_conf ic = { .every = ad->args.inject_every };
	int rc;

	switch (ad->args.inject) {
	case I40E_SUN4V_INJECT_NONE:
		return 0;
	case I40E_SUN4V_INJECT_UNMAPPED:
		rc = iova_alloc_range(ad->dom->h->alloc8k, 1, 0, &ad->inject_hole);
		if (rc != 0)
			return rc;
		ic.mode = I40E_SIM_INJECT_DVMA;
		ic.dvma = ad->inject_hole;
		break;
	case I40E_SUN4V_INJECT_READONLY:
		ad->inject_page = rte_zmalloc("i40e_sun4v_inject", IO_PAGE_SIZE,
					      IO_PAGE_SIZE);
		if (ad->inject_page == NULL)
			return -ENOMEM;
		rc = i40e_sun4v_dma_map_ctl(ad, ad->inject_page, IO_PAGE_SIZE,
					    VFIO_SUN4V_DMA_READ, &ad->inject_map);
		if (rc != 0)
			return rc;
		ic.mode = I40E_SIM_INJECT_DVMA;
		ic.dvma = ad->inject_map.dvma;
		break;
	case I40E_SUN4V_INJECT_STALE:
		ic.mode = I40E_SIM_INJECT_STALE;
		break;
	case I40E_SUN4V_INJECT_DVMA:
		ic.mode = I40E_SIM_INJECT_DVMA;
		ic.dvma = ad->args.inject_dvma;
		break;
	}
	I40E_SUN4V_INIT_LOG(WARNING, "%s: fault injection on: every %u-th RX "
			    "buffer write goes to %s", ad->name, ic.every,
			    ad->args.inject == I40E_SUN4V_INJECT_STALE ?
			    "the previous, unmapped buffer" : "a bad DVMA");
	return sim_board_fn_inject_set(ad->fn, &ic);
}

void
i40e_sun4v_inject_teardown(struct i40e_sun4v_adapter *ad)
{
	if (ad->fn != NULL)
		sim_board_fn_inject_set(ad->fn, NULL);
	if (ad->inject_hole != 0) {
		iova_alloc_free(ad->dom->h->alloc8k, ad->inject_hole, 1);
		ad->inject_hole = 0;
	}
	i40e_sun4v_dma_unmap_ctl(ad, &ad->inject_map);
	rte_free(ad->inject_page);
	ad->inject_page = NULL;
}
