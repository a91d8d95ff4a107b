/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Legacy PCI IOMMU services 0xb0..0xb3 and PCI_DMA_SYNC 0xb8
 * (doc/spec/sun4v-hv-api.md §2; facts §2, §3).  One table per root
 * complex, the `virtual-dma` window, 8 KB IO pages, shared by every
 * function below the root complex.
 */
#include <inttypes.h>

#include "sun4v_internal.h"

/* Validate devhandle and tsbid; on success *rc and *idx are set. */
static uint64_t
legacy_lookup(struct sun4v_platform *p, uint64_t devhandle, uint64_t tsbid,
	      struct sun4v_rc **rc, uint64_t *idx)
{
	*rc = sun4v_rc_by_devhandle(p, devhandle);
	if (*rc == NULL || sun4v_hv_abi_tsbid_tsbnum(tsbid) != 0)
		return HV_EINVAL;
	*idx = sun4v_hv_abi_tsbid_index(tsbid);
	if (*idx >= (*rc)->legacy.nentries)
		return HV_EINVAL;
	return HV_EOK;
}

/*
 * §2.1 PCI_IOMMU_MAP: map up to #ttes IOTTEs (capped per call), same
 * attributes, from the io_page_list; may map fewer; never flushes the
 * IOTLB, so an entry remapped without a DEMAP can stay stale in it.
 */
uint64_t
sun4v_hv_pci_iommu_map(struct sun4v_platform *p, uint64_t devhandle,
		       uint64_t tsbid, uint64_t nttes, uint64_t io_attrs,
		       uint64_t io_page_list_ra, uint64_t *nmapped)
{
	struct sun4v_rc *rc;
	uint64_t idx = 0, done = 0, st;

	st = legacy_lookup(p, devhandle, tsbid, &rc, &idx);
	if (st == HV_EOK &&
	    (nttes == 0 || nttes > rc->legacy.nentries - idx ||
	     !sun4v_hv_abi_attrs_valid(io_attrs) ||
	     (io_attrs & HV_PCI_MAP_ATTR_RW) == 0))
		st = HV_EINVAL;
	if (st == HV_EOK) {
		pthread_mutex_lock(&rc->lock);
		st = sun4v_table_map_list(&rc->legacy, idx, nttes, io_attrs,
					  io_page_list_ra, false, &done);
		pthread_mutex_unlock(&rc->lock);
	}
	if (nmapped != NULL)
		*nmapped = done;
	if (st != HV_EOK)
		sun4v_log(p, SUN4V_LOG_DEBUG,
			  "IOMMU_MAP devhandle 0x%" PRIx64 " tsbid 0x%" PRIx64
			  " #ttes %" PRIu64 " attrs 0x%" PRIx64 " list 0x%" PRIx64
			  ": status %" PRIu64,
			  devhandle, tsbid, nttes, io_attrs, io_page_list_ra, st);
	return sun4v_hv_account(p, HV_FAST_PCI_IOMMU_MAP, st, done);
}

/* §2.2 PCI_IOMMU_DEMAP: clear and flush up to #ttes (capped per call). */
uint64_t
sun4v_hv_pci_iommu_demap(struct sun4v_platform *p, uint64_t devhandle,
			 uint64_t tsbid, uint64_t nttes, uint64_t *ndemapped)
{
	struct sun4v_rc *rc;
	uint64_t idx = 0, done = 0, st;

	st = legacy_lookup(p, devhandle, tsbid, &rc, &idx);
	if (st == HV_EOK && (nttes == 0 || nttes > rc->legacy.nentries - idx))
		st = HV_EINVAL;
	if (st == HV_EOK) {
		pthread_mutex_lock(&rc->lock);
		done = sun4v_table_demap(&rc->legacy, idx, nttes);
		pthread_mutex_unlock(&rc->lock);
	}
	if (ndemapped != NULL)
		*ndemapped = done;
	return sun4v_hv_account(p, HV_FAST_PCI_IOMMU_DEMAP, st, done);
}

/* §2.3 PCI_IOMMU_GETMAP: attributes in RET1, then the RA in RET2. */
uint64_t
sun4v_hv_pci_iommu_getmap(struct sun4v_platform *p, uint64_t devhandle,
			  uint64_t tsbid, uint64_t *attrs, uint64_t *ra)
{
	struct sun4v_rc *rc;
	uint64_t idx = 0, tte = 0, st;

	st = legacy_lookup(p, devhandle, tsbid, &rc, &idx);
	if (st == HV_EOK) {
		tte = atomic_load(&rc->legacy.tte[idx]);
		if ((tte & SUN4V_TTE_V) == 0)
			st = HV_ENOMAP;
	}
	if (attrs != NULL)
		*attrs = st == HV_EOK ? sun4v_tte_attrs(tte) : 0;
	if (ra != NULL)
		*ra = st == HV_EOK ? (tte & SUN4V_TTE_RA_MASK) : 0;
	return sun4v_hv_account(p, HV_FAST_PCI_IOMMU_GETMAP, st, 0);
}

/*
 * §2.4 PCI_IOMMU_GETBYPASS: the bypass IO address of a real address.
 * [assumption] HV_BYPASS_BASE | RA; the RA must be registered RAM.
 */
uint64_t
sun4v_hv_pci_iommu_getbypass(struct sun4v_platform *p, uint64_t devhandle,
			     uint64_t ra, uint64_t attrs, uint64_t *io_addr)
{
	uint64_t st = HV_EOK;

	if (sun4v_rc_by_devhandle(p, devhandle) == NULL ||
	    !sun4v_hv_abi_attrs_valid(attrs))
		st = HV_EINVAL;
	else if (!atomic_load(&p->bypass_ok))
		st = HV_ENOTSUPPORTED;
	else if ((ra & ~HV_BYPASS_RA_MASK) != 0 || !sun4v_mem_contains(p, ra, 1))
		st = HV_ENORADDR;
	if (io_addr != NULL)
		*io_addr = st == HV_EOK ? sun4v_hv_abi_bypass_addr(ra) : 0;
	return sun4v_hv_account(p, HV_FAST_PCI_IOMMU_GETBYPASS, st, 0);
}

/*
 * §2.5 PCI_DMA_SYNC: DMA is coherent in the simulation, so this only
 * validates and reports progress: the bytes from RA to the end of its
 * RAM range, at most @p size.
 */
uint64_t
sun4v_hv_pci_dma_sync(struct sun4v_platform *p, uint64_t devhandle,
		      uint64_t ra, uint64_t size, uint64_t dir,
		      uint64_t *nsynced)
{
	uint64_t st = HV_EOK, n = 0, avail;

	if (sun4v_rc_by_devhandle(p, devhandle) == NULL || size == 0 ||
	    (dir & ~(uint64_t)(HV_PCI_SYNC_FOR_DEVICE | HV_PCI_SYNC_FOR_CPU)) != 0 ||
	    dir == 0) {
		st = HV_EINVAL;
	} else {
		avail = sun4v_mem_avail(p, ra);
		if (avail == 0)
			st = HV_ENORADDR;
		else
			n = size < avail ? size : avail;
	}
	if (nsynced != NULL)
		*nsynced = n;
	return sun4v_hv_account(p, HV_FAST_PCI_DMA_SYNC, st, 0);
}
