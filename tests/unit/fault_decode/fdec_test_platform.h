/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture of the fault-decoder tests: a real sim/sun4v platform provoked
 * into every kind of DMA fault, with a log sink that captures each line as
 * the PMD writes it to rte_log ("sim.sun4v: " + message), so the decoder
 * is tested on exactly what a testpmd log holds.
 *
 * Layout: two root complexes, empty fabric; rc 0 has 03:00.0 (legacy and
 * ATU user) and 03:00.1; rc 1 has 05:00.0.  16 MB of guest RAM; legacy
 * indices 0..3 mapped RW and 4 read-only on rc 0; one 8 KB-page IOTSB at
 * ATU range 3 bound to 03:00.0 with index 0 mapped.
 */
#ifndef FDEC_TEST_PLATFORM_H
#define FDEC_TEST_PLATFORM_H

#include <stdlib.h>
#include <string.h>

#include <hw/sun4v_hv_abi.h>

#include "logrl.h"
#include "sun4v_dma.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"

#define FT_RAM_SIZE (16ULL << 20)
#define FT_RAM_ALIGN (4ULL << 20)
#define FT_EXTRA_SIZE (64ULL << 10)     /* registered, mapped, then removed */
#define FT_MAX_LINES 64
#define FT_LINE_LEN 512
#define FT_BDF0 0x0300
#define FT_BDF1 0x0301
#define FT_BDF2 0x0500
#define FT_ATU_BASE HV_ATU_RANGE3_BASE
#define FT_LEGACY_RO_IDX 4
#define FT_LEGACY_UNMAPPED_IDX 9
#define FT_LEGACY_NORAM_IDX 20
#define FT_ATU_UNMAPPED_IDX 7
#define FT_STORM 6                     /* faults of 03:00.1 in its storm */

struct ft_env {
	struct sun4v_platform *p;
	struct sun4v_func *fn0, *fn1, *fn2;
	uint64_t dh0;
	uint64_t iotsb;
	uint8_t *ram;
	uint8_t *extra;
	uint64_t now;
	unsigned int n_lines;
	char lines[FT_MAX_LINES][FT_LINE_LEN];
};

static inline uint64_t
ft_clock(void *arg)
{
	return *(const uint64_t *)arg;
}

/* The PMD's sink writes "sim.sun4v: %s\n" to rte_log; so do we. */
static inline void
ft_sink(void *arg, enum sun4v_log_level level, const char *msg)
{
	struct ft_env *e = arg;

	(void)level;
	if (e->n_lines < FT_MAX_LINES)
		snprintf(e->lines[e->n_lines++], FT_LINE_LEN, "sim.sun4v: %s", msg);
}

static inline uint64_t
ft_ra(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

/* Legacy MAP of one page (RAM page @p page) at index @p idx. */
static inline int
ft_legacy_map(struct ft_env *e, uint64_t idx, uint64_t page_ra, uint64_t rw)
{
	uint64_t *list = (uint64_t *)e->ram, n = 0;

	list[0] = page_ra;
	if (sun4v_hv_pci_iommu_map(e->p, e->dh0, sun4v_hv_abi_tsbid(0, (uint32_t)idx),
				   1, sun4v_hv_abi_attrs(rw, 0), ft_ra(list),
				   &n) != HV_EOK || n != 1)
		return -1;
	return 0;
}

static inline int
ft_setup_tables(struct ft_env *e)
{
	uint8_t *table = e->ram + (1ULL << 20);   /* 8 KB table, 1024 IOTTEs */
	uint64_t *list = (uint64_t *)e->ram, n = 0;
	uint64_t rw = HV_PCI_MAP_ATTR_READ | HV_PCI_MAP_ATTR_WRITE;

	for (uint64_t i = 0; i < 4; i++)
		if (ft_legacy_map(e, i, ft_ra(e->ram + (2ULL << 20) + i * HV_IO_PAGE_SIZE),
				  rw) != 0)
			return -1;
	if (ft_legacy_map(e, FT_LEGACY_RO_IDX, ft_ra(e->ram + (3ULL << 20)),
			  HV_PCI_MAP_ATTR_READ) != 0 ||
	    ft_legacy_map(e, FT_LEGACY_NORAM_IDX, ft_ra(e->extra), rw) != 0)
		return -1;
	if (sun4v_hv_iotsb_conf(e->p, e->dh0, ft_ra(table), HV_IO_PAGE_SIZE,
				HV_IO_PAGE_SIZE, FT_ATU_BASE, &e->iotsb) != HV_EOK ||
	    sun4v_hv_iotsb_bind(e->p, e->dh0, e->iotsb,
				sun4v_hv_abi_pci_device_from_bdf(FT_BDF0)) != HV_EOK)
		return -1;
	list[0] = ft_ra(e->ram + (4ULL << 20));
	if (sun4v_hv_iotsb_map(e->p, e->dh0, e->iotsb,
			       sun4v_hv_abi_index_count(1, 0),
			       sun4v_hv_abi_attrs(rw, 0), ft_ra(list), &n) != HV_EOK ||
	    n != 1)
		return -1;
	return 0;
}

static inline int
ft_env_init(struct ft_env *e)
{
	struct sun4v_platform_conf c = {
		.nb_rc = 2, .empty_fabric = true, .fault_log_burst = 3,
		.fault_log_per_sec = 1, .quarantine_faults = 4,
	};

	memset(e, 0, sizeof(*e));
	e->now = 1000000000ULL;
	if (sun4v_platform_create(&c, &e->p) != 0)
		return -1;
	sun4v_platform_set_log_sink(e->p, ft_sink, e);
	sun4v_platform_set_log_level(e->p, SUN4V_LOG_INFO);
	sun4v_platform_set_clock(e->p, ft_clock, &e->now);
	/* The process's log limiter reads the same clock, from a clean
	 * start: the expected lines are the platform's policy's. */
	logrl_reset();
	logrl_set_clock(ft_clock, &e->now);
	if (sun4v_fabric_add_function(e->p, 0, -1, FT_BDF0, &e->fn0) != 0 ||
	    sun4v_fabric_add_function(e->p, 0, -1, FT_BDF1, &e->fn1) != 0 ||
	    sun4v_fabric_add_function(e->p, 1, -1, FT_BDF2, &e->fn2) != 0 ||
	    sun4v_fabric_rc_devhandle(e->p, 0, &e->dh0) != 0)
		return -1;
	e->ram = aligned_alloc(FT_RAM_ALIGN, FT_RAM_SIZE);
	e->extra = aligned_alloc(FT_EXTRA_SIZE, FT_EXTRA_SIZE);
	if (e->ram == NULL || e->extra == NULL)
		return -1;
	memset(e->ram, 0, FT_RAM_SIZE);
	if (sun4v_mem_register(e->p, e->ram, FT_RAM_SIZE) != 0 ||
	    sun4v_mem_register(e->p, e->extra, FT_EXTRA_SIZE) != 0)
		return -1;
	return ft_setup_tables(e);
}

static inline void
ft_env_fini(struct ft_env *e)
{
	logrl_reset();   /* its clock points into *e */
	sun4v_platform_destroy(e->p);
	free(e->ram);
	free(e->extra);
	memset(e, 0, sizeof(*e));
}

/* One access expected to fault; the clock moves 10 s first so the rate
 * limit's bucket is full and the quarantine window restarts. */
static inline int
ft_fault(struct ft_env *e, struct sun4v_func *fn, uint64_t dvma, bool write)
{
	uint8_t buf[64] = { 0 };

	e->now += 10000000000ULL;
	return write ? sun4v_dma_write(fn, dvma, buf, sizeof(buf)) :
		       sun4v_dma_read(fn, dvma, buf, sizeof(buf));
}

/*
 * Provoke every fault kind, in this order of log lines:
 * unmapped (legacy), protection, out of window (wild), unmapped (ATU),
 * out of window (ATU range, not bound), bypass denied, unmapped on rc 1
 * (a legacy address mapped on rc 0 only), not RAM, then a storm of
 * 03:00.1 (3 lines, 2 suppressed, quarantine), reset, and one more fault
 * whose line is preceded by the suppressed count.
 * @return 0 when every access faulted as intended.
 */
static inline int
ft_provoke(struct ft_env *e)
{
	uint64_t leg = HV_LEGACY_DVMA_BASE;
	int bad = 0;

	bad |= ft_fault(e, e->fn0, leg + FT_LEGACY_UNMAPPED_IDX * HV_IO_PAGE_SIZE + 0x345,
			true) != -EFAULT;
	bad |= ft_fault(e, e->fn0, leg + FT_LEGACY_RO_IDX * HV_IO_PAGE_SIZE, true) != -EACCES;
	bad |= ft_fault(e, e->fn0, 0x1000, false) != -EFAULT;
	bad |= ft_fault(e, e->fn0, FT_ATU_BASE + FT_ATU_UNMAPPED_IDX * HV_IO_PAGE_SIZE,
			true) != -EFAULT;
	bad |= ft_fault(e, e->fn1, FT_ATU_BASE, false) != -EFAULT;
	bad |= ft_fault(e, e->fn0, sun4v_hv_abi_bypass_addr(ft_ra(e->ram)), false) != -EPERM;
	bad |= ft_fault(e, e->fn2, leg, false) != -EFAULT;
	bad |= sun4v_mem_unregister(e->p, e->extra, FT_EXTRA_SIZE) != 0;
	bad |= ft_fault(e, e->fn0, leg + FT_LEGACY_NORAM_IDX * HV_IO_PAGE_SIZE, false) != -EFAULT;
	e->now += 10000000000ULL;
	for (unsigned int i = 0; i < FT_STORM; i++) {
		uint8_t b[8] = { 0 };
		int rc = sun4v_dma_write(e->fn1, leg + (100 + i) * HV_IO_PAGE_SIZE, b, 8);

		bad |= rc != (i < 5 ? -EFAULT : -EPERM);
	}
	e->now += 10000000000ULL;
	bad |= sun4v_func_reset(e->fn1) != 0;
	bad |= ft_fault(e, e->fn1, leg + 200 * HV_IO_PAGE_SIZE, false) != -EFAULT;
	return bad ? -1 : 0;
}

#endif /* FDEC_TEST_PLATFORM_H */
