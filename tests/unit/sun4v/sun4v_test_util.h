/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared fixture of the sim/sun4v unit tests: a platform with an empty
 * fabric (or the default one), one or two functions, and a block of
 * registered "guest RAM" carved into page lists and data pages.  A log
 * sink captures platform messages so tests can assert on them and the
 * test output stays quiet.
 */
#ifndef SUN4V_TEST_UTIL_H
#define SUN4V_TEST_UTIL_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hw/sun4v_hv_abi.h>

#include "logrl.h"
#include "sun4v_dma.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"
#include "test_assert.h"

#define T_RAM_ALIGN (4ULL << 20)
#define T_RAM_SIZE (16ULL << 20)
#define T_LIST_OFF 0ULL              /* page lists: first 1 MB */
#define T_DATA_OFF (1ULL << 20)      /* data pages from 1 MB */
#define T_BDF0 0x0300
#define T_BDF1 0x0301

struct t_log {
	unsigned int lines;
	unsigned int suppressed_lines;
	char last[256];
	char all[4096];
};

static inline void
t_log_sink(void *arg, enum sun4v_log_level level, const char *msg)
{
	struct t_log *l = arg;
	size_t used = strlen(l->all);

	(void)level;
	l->lines++;
	if (strstr(msg, "suppressed") != NULL)
		l->suppressed_lines++;
	snprintf(l->last, sizeof(l->last), "%s", msg != NULL ? msg : "");
	if (used + strlen(msg) + 2 < sizeof(l->all)) {
		strcat(l->all, msg);
		strcat(l->all, "\n");
	}
}

struct t_env {
	struct sun4v_platform *p;
	struct sun4v_func *fn0, *fn1;
	uint64_t dh;
	uint8_t *ram;
	struct t_log log;
};

static inline uint64_t
t_ra(const struct t_env *e, uint64_t off)
{
	return (uint64_t)(uintptr_t)(e->ram + off);
}

/* 8 KB data page @p i. */
static inline uint64_t
t_page(const struct t_env *e, unsigned int i)
{
	return t_ra(e, T_DATA_OFF + (uint64_t)i * HV_IO_PAGE_SIZE);
}

/* Page list at 8 KB slot @p slot of the list area, filled with @p n pages
 * starting at data page @p first (each entry a distinct page). */
static inline uint64_t
t_list(struct t_env *e, unsigned int slot, unsigned int first, unsigned int n)
{
	uint64_t *l = (uint64_t *)(e->ram + T_LIST_OFF + slot * HV_IO_PAGE_SIZE);

	for (unsigned int i = 0; i < n; i++)
		l[i] = t_page(e, first + i);
	return (uint64_t)(uintptr_t)l;
}

/* Platform from @p conf (NULL = empty fabric, defaults), RC0 with
 * functions 03:00.0 and 03:00.1 on the root port, 16 MB of RAM. */
static inline int
t_env_init(struct t_env *e, const struct sun4v_platform_conf *conf)
{
	struct sun4v_platform_conf c = { .empty_fabric = true };

	memset(e, 0, sizeof(*e));
	if (conf != NULL)
		c = *conf;
	if (sun4v_platform_create(&c, &e->p) != 0)
		return -1;
	sun4v_platform_set_log_sink(e->p, t_log_sink, &e->log);
	if (c.empty_fabric &&
	    (sun4v_fabric_add_function(e->p, 0, -1, T_BDF0, &e->fn0) != 0 ||
	     sun4v_fabric_add_function(e->p, 0, -1, T_BDF1, &e->fn1) != 0))
		return -1;
	if (sun4v_fabric_rc_devhandle(e->p, 0, &e->dh) != 0)
		return -1;
	e->ram = aligned_alloc(T_RAM_ALIGN, T_RAM_SIZE);
	if (e->ram == NULL)
		return -1;
	memset(e->ram, 0, T_RAM_SIZE);
	return sun4v_mem_register(e->p, e->ram, T_RAM_SIZE);
}

static inline void
t_env_fini(struct t_env *e)
{
	/* The process's log limiter outlives the platform: a fresh start
	 * for the next case (and no clock pointing into this one). */
	logrl_reset();
	sun4v_platform_destroy(e->p);
	free(e->ram);
	memset(e, 0, sizeof(*e));
}

/* Legacy DVMA of table index @p idx (default window). */
static inline uint64_t
t_dvma(uint64_t idx)
{
	return HV_LEGACY_DVMA_BASE + idx * HV_IO_PAGE_SIZE;
}

static inline uint64_t
t_tsbid(uint64_t idx)
{
	return sun4v_hv_abi_tsbid(0, (uint32_t)idx);
}

/* Fake clock for rate-limit and quarantine tests. */
static inline uint64_t
t_clock(void *arg)
{
	return *(uint64_t *)arg;
}

#define T_RW (HV_PCI_MAP_ATTR_READ | HV_PCI_MAP_ATTR_WRITE)

#endif /* SUN4V_TEST_UTIL_H */
