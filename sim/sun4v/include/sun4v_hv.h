/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sim/sun4v hypervisor call API: what an OS (lib/vfio_sun4v) uses.
 *
 * One wrapper per simulated fast-trap service (doc/spec/sun4v-hv-api.md).
 * Each returns a hypervisor status code (HV_EOK, HV_EINVAL, ... from
 * <hw/sun4v_hv_abi.h>) exactly as the real fast trap does, including
 * partial progress; nothing here speaks errno.  Return values 1..n of the
 * trap come back through the pointer arguments.
 *
 * Threading: every call is thread-safe; calls on one root complex are
 * serialised by that root complex's lock.
 */
#ifndef SUN4V_HV_H
#define SUN4V_HV_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sun4v_platform;

/** ATU IOTSBs one function may be bound to at once (different IOVA spans). */
#define SUN4V_MAX_BINDINGS 4

/**
 * Generic fast trap: function number @p fn, arguments in args[0..4],
 * return values 1..4 in rets[0..3].  Unknown numbers give HV_EBADTRAP.
 */
uint64_t sun4v_hv_fast_trap(struct sun4v_platform *p, uint64_t fn,
			    const uint64_t args[5], uint64_t rets[4]);

uint64_t sun4v_hv_pci_iommu_map(struct sun4v_platform *p, uint64_t devhandle,
				uint64_t tsbid, uint64_t nttes,
				uint64_t io_attrs, uint64_t io_page_list_ra,
				uint64_t *nmapped);
uint64_t sun4v_hv_pci_iommu_demap(struct sun4v_platform *p,
				  uint64_t devhandle, uint64_t tsbid,
				  uint64_t nttes, uint64_t *ndemapped);
/** Legacy GETMAP: attributes in @p attrs (RET1), real address in @p ra (RET2). */
uint64_t sun4v_hv_pci_iommu_getmap(struct sun4v_platform *p,
				   uint64_t devhandle, uint64_t tsbid,
				   uint64_t *attrs, uint64_t *ra);
uint64_t sun4v_hv_pci_iommu_getbypass(struct sun4v_platform *p,
				      uint64_t devhandle, uint64_t ra,
				      uint64_t attrs, uint64_t *io_addr);
uint64_t sun4v_hv_pci_dma_sync(struct sun4v_platform *p, uint64_t devhandle,
			       uint64_t ra, uint64_t size, uint64_t dir,
			       uint64_t *nsynced);

uint64_t sun4v_hv_iotsb_conf(struct sun4v_platform *p, uint64_t devhandle,
			     uint64_t r_addr, uint64_t size,
			     uint64_t pagesize, uint64_t iova,
			     uint64_t *handle);
uint64_t sun4v_hv_iotsb_info(struct sun4v_platform *p, uint64_t devhandle,
			     uint64_t handle, uint64_t *r_addr,
			     uint64_t *size, uint64_t *pagesize,
			     uint64_t *iova, uint64_t *nbound);
uint64_t sun4v_hv_iotsb_unconf(struct sun4v_platform *p, uint64_t devhandle,
			       uint64_t handle);
uint64_t sun4v_hv_iotsb_bind(struct sun4v_platform *p, uint64_t devhandle,
			     uint64_t handle, uint64_t pci_device);
uint64_t sun4v_hv_iotsb_unbind(struct sun4v_platform *p, uint64_t devhandle,
			       uint64_t handle, uint64_t pci_device);
uint64_t sun4v_hv_iotsb_get_binding(struct sun4v_platform *p,
				    uint64_t devhandle, uint64_t pci_device,
				    uint64_t iova, uint64_t *handle);
uint64_t sun4v_hv_iotsb_map(struct sun4v_platform *p, uint64_t devhandle,
			    uint64_t handle, uint64_t index_count,
			    uint64_t attrs, uint64_t io_page_list_ra,
			    uint64_t *nmapped);
uint64_t sun4v_hv_iotsb_map_one(struct sun4v_platform *p, uint64_t devhandle,
				uint64_t handle, uint64_t iotsb_index,
				uint64_t attrs, uint64_t r_addr);
uint64_t sun4v_hv_iotsb_demap(struct sun4v_platform *p, uint64_t devhandle,
			      uint64_t handle, uint64_t iotsb_index,
			      uint64_t niottes, uint64_t *ndemapped);
/** ATU GETMAP: real address in @p r_addr (RET1), attributes in @p attrs (RET2). */
uint64_t sun4v_hv_iotsb_getmap(struct sun4v_platform *p, uint64_t devhandle,
			       uint64_t handle, uint64_t iotsb_index,
			       uint64_t *r_addr, uint64_t *attrs);
uint64_t sun4v_hv_iotsb_sync_mappings(struct sun4v_platform *p,
				      uint64_t devhandle, uint64_t handle,
				      uint64_t iotsb_index, uint64_t niottes,
				      uint64_t *nsynced);

/** Counters of one hypervisor service. */
struct sun4v_hv_call_stats {
	uint64_t calls;  /**< calls made */
	uint64_t ttes;   /**< TTEs (or entries) processed, for MAP/DEMAP/SYNC */
	uint64_t errors; /**< calls that returned a status other than HV_EOK */
};

/**
 * Counters of service number @p fn_number (e.g. HV_FAST_PCI_IOTSB_MAP).
 * @return 0, -ENOENT (not a simulated service).
 */
int sun4v_hv_call_stats_get(struct sun4v_platform *p, uint64_t fn_number,
			    struct sun4v_hv_call_stats *out);
/** Zero every service counter. */
void sun4v_hv_call_stats_reset(struct sun4v_platform *p);

#ifdef __cplusplus
}
#endif

#endif /* SUN4V_HV_H */
