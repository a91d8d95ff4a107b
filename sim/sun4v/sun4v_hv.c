/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Hypervisor call plumbing (doc/spec/sun4v-hv-api.md §1): the generic fast
 * trap dispatcher, per-service counters and the hypercall cost model.
 * The services themselves are in sun4v_legacy.c and sun4v_atu.c.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "sun4v_internal.h"

/* Counter slot of a service number, or -1 (not simulated). */
static int
service_slot(uint64_t fn)
{
	if (fn >= HV_FAST_PCI_IOMMU_MAP && fn <= HV_FAST_PCI_DMA_SYNC)
		return (int)(fn - HV_FAST_PCI_IOMMU_MAP);
	if (fn >= HV_FAST_PCI_IOTSB_FIRST && fn <= HV_FAST_PCI_IOTSB_LAST)
		return (int)(fn - HV_FAST_PCI_IOTSB_FIRST) +
		       (HV_FAST_PCI_DMA_SYNC - HV_FAST_PCI_IOMMU_MAP + 1);
	return -1;
}

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/*
 * Modeled trap cost (doc/design/platform.md §8): spin for per-call +
 * per-TTE nanoseconds on the monotonic clock (vDSO, no syscall).  Called
 * after the root complex lock is released, so the cost is charged to the
 * calling CPU as a real trap would be, without serialising other callers.
 */
static void
model_latency(struct sun4v_platform *p, uint64_t ttes)
{
	uint64_t ns = atomic_load_explicit(&p->lat_call_ns, memory_order_relaxed) +
		      ttes * atomic_load_explicit(&p->lat_tte_ns,
						  memory_order_relaxed);
	uint64_t end;

	if (ns == 0)
		return;
	end = mono_ns() + ns;
	while (mono_ns() < end)
		;
}

uint64_t
sun4v_hv_account(struct sun4v_platform *p, uint64_t fn_number,
		 uint64_t status, uint64_t ttes)
{
	int slot = service_slot(fn_number);

	if (p == NULL)
		return status;
	if (slot >= 0) {
		struct sun4v_hv_counter *c = &p->hv[slot];

		atomic_fetch_add_explicit(&c->calls, 1, memory_order_relaxed);
		atomic_fetch_add_explicit(&c->ttes, ttes, memory_order_relaxed);
		if (status != HV_EOK)
			atomic_fetch_add_explicit(&c->errors, 1,
						  memory_order_relaxed);
	}
	model_latency(p, ttes);
	return status;
}

int
sun4v_hv_call_stats_get(struct sun4v_platform *p, uint64_t fn_number,
			struct sun4v_hv_call_stats *out)
{
	int slot = service_slot(fn_number);

	if (p == NULL || slot < 0 || out == NULL)
		return -ENOENT;
	out->calls = atomic_load(&p->hv[slot].calls);
	out->ttes = atomic_load(&p->hv[slot].ttes);
	out->errors = atomic_load(&p->hv[slot].errors);
	return 0;
}

void
sun4v_hv_call_stats_reset(struct sun4v_platform *p)
{
	if (p == NULL)
		return;
	for (unsigned int i = 0; i < SUN4V_NB_SERVICES; i++) {
		atomic_store(&p->hv[i].calls, 0);
		atomic_store(&p->hv[i].ttes, 0);
		atomic_store(&p->hv[i].errors, 0);
	}
}

/* PCI services this simulation does not implement (config space, PIO). */
static uint64_t
not_simulated(struct sun4v_platform *p, uint64_t fn)
{
	return sun4v_hv_account(p, fn, HV_ENOTSUPPORTED, 0);
}

static uint64_t
dispatch_legacy(struct sun4v_platform *p, uint64_t fn, const uint64_t *a,
		uint64_t *r)
{
	switch (fn) {
	case HV_FAST_PCI_IOMMU_MAP:
		return sun4v_hv_pci_iommu_map(p, a[0], a[1], a[2], a[3], a[4],
					      &r[0]);
	case HV_FAST_PCI_IOMMU_DEMAP:
		return sun4v_hv_pci_iommu_demap(p, a[0], a[1], a[2], &r[0]);
	case HV_FAST_PCI_IOMMU_GETMAP:
		return sun4v_hv_pci_iommu_getmap(p, a[0], a[1], &r[0], &r[1]);
	case HV_FAST_PCI_IOMMU_GETBYPASS:
		return sun4v_hv_pci_iommu_getbypass(p, a[0], a[1], a[2], &r[0]);
	case HV_FAST_PCI_DMA_SYNC:
		return sun4v_hv_pci_dma_sync(p, a[0], a[1], a[2], a[3], &r[0]);
	default:
		return not_simulated(p, fn);
	}
}

static uint64_t
dispatch_iotsb(struct sun4v_platform *p, uint64_t fn, const uint64_t *a,
	       uint64_t *r)
{
	switch (fn) {
	case HV_FAST_PCI_IOTSB_CONF:
		return sun4v_hv_iotsb_conf(p, a[0], a[1], a[2], a[3], a[4], &r[0]);
	case HV_FAST_PCI_IOTSB_INFO:
		return sun4v_hv_iotsb_info(p, a[0], a[1], &r[0], &r[1], &r[2],
					   &r[3], &r[4]);
	case HV_FAST_PCI_IOTSB_UNCONF:
		return sun4v_hv_iotsb_unconf(p, a[0], a[1]);
	case HV_FAST_PCI_IOTSB_BIND:
		return sun4v_hv_iotsb_bind(p, a[0], a[1], a[2]);
	case HV_FAST_PCI_IOTSB_UNBIND:
		return sun4v_hv_iotsb_unbind(p, a[0], a[1], a[2]);
	case HV_FAST_PCI_IOTSB_GET_BINDING:
		return sun4v_hv_iotsb_get_binding(p, a[0], a[1], a[2], &r[0]);
	case HV_FAST_PCI_IOTSB_MAP:
		return sun4v_hv_iotsb_map(p, a[0], a[1], a[2], a[3], a[4], &r[0]);
	case HV_FAST_PCI_IOTSB_MAP_ONE:
		return sun4v_hv_iotsb_map_one(p, a[0], a[1], a[2], a[3], a[4]);
	case HV_FAST_PCI_IOTSB_DEMAP:
		return sun4v_hv_iotsb_demap(p, a[0], a[1], a[2], a[3], &r[0]);
	case HV_FAST_PCI_IOTSB_GETMAP:
		return sun4v_hv_iotsb_getmap(p, a[0], a[1], a[2], &r[0], &r[1]);
	default: /* HV_FAST_PCI_IOTSB_SYNC_MAPPINGS */
		return sun4v_hv_iotsb_sync_mappings(p, a[0], a[1], a[2], a[3],
						    &r[0]);
	}
}

uint64_t
sun4v_hv_fast_trap(struct sun4v_platform *p, uint64_t fn,
		   const uint64_t args[5], uint64_t rets[4])
{
	/* INFO returns five values; the fifth (#bound) goes to a scratch slot
	 * because a fast trap has only %o1..%o4 for returns. */
	uint64_t r[5] = { 0 };
	uint64_t a[5] = { 0 };
	uint64_t st;

	if (p == NULL)
		return HV_EINVAL;
	if (args != NULL)
		memcpy(a, args, sizeof(a));
	if (fn >= HV_FAST_PCI_IOMMU_MAP && fn <= HV_FAST_PCI_DMA_SYNC)
		st = dispatch_legacy(p, fn, a, r);
	else if (fn >= HV_FAST_PCI_IOTSB_FIRST && fn <= HV_FAST_PCI_IOTSB_LAST)
		st = dispatch_iotsb(p, fn, a, r);
	else
		return HV_EBADTRAP;
	if (rets != NULL)
		memcpy(rets, r, 4 * sizeof(rets[0]));
	return st;
}
