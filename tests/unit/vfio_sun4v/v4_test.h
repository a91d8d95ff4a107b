/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared fixture of the lib/vfio_sun4v unit tests: a small machine with a
 * hand-built fabric and a registered, lazily backed buffer.
 *
 * Fabric (empty_fabric, 2 root complexes):
 *   rc0  root port -- bridge "sw-acs"   (ACS)    -- A 01:00.0
 *        root port -- bridge "sw-noacs" (no ACS) -- B 02:00.0, C 02:00.1
 *        root port -- D 03:00.0
 *   rc1  root port -- E 01:00.0
 * so A, D and E are alone in their groups and B, C share one.
 */
#ifndef V4_TEST_H
#define V4_TEST_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include <hw/sun4v_hv_abi.h>

#include "sun4v_dma.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"
#include "test_assert.h"
#include "vfio_sun4v.h"

#define V4T_KB (1ULL << 10)
#define V4T_MB (1ULL << 20)
#define V4T_GB (1ULL << 30)

struct v4t {
	struct sun4v_platform *p;
	struct sun4v_func *a, *b, *c, *d, *e;
	uint8_t *raw;      /* mmap'ed reservation */
	size_t raw_len;
	uint8_t *buf;      /* aligned start inside it, registered as RAM */
	size_t buf_len;
};

/* Build the fabric of the file comment.  @return 0 or a negative errno. */
static inline int
v4t_fabric(struct v4t *t)
{
	int acs, noacs, rc;

	acs = sun4v_fabric_add_bridge(t->p, 0, -1, true, "sw-acs");
	noacs = sun4v_fabric_add_bridge(t->p, 0, -1, false, "sw-noacs");
	if (acs < 0 || noacs < 0)
		return acs < 0 ? acs : noacs;
	rc = sun4v_fabric_add_function(t->p, 0, acs, 0x0100, &t->a);
	if (rc == 0)
		rc = sun4v_fabric_add_function(t->p, 0, noacs, 0x0200, &t->b);
	if (rc == 0)
		rc = sun4v_fabric_add_function(t->p, 0, noacs, 0x0201, &t->c);
	if (rc == 0)
		rc = sun4v_fabric_add_function(t->p, 0, -1, 0x0300, &t->d);
	if (rc == 0)
		rc = sun4v_fabric_add_function(t->p, 1, -1, 0x0100, &t->e);
	return rc;
}

/*
 * Create the machine and a buffer of @p len bytes aligned to @p align,
 * registered as guest RAM.  The memory is reserved with MAP_NORESERVE and
 * only the pages a test touches are ever backed.
 */
static inline int
v4t_setup(struct v4t *t, const struct sun4v_platform_conf *conf, size_t len,
	  size_t align)
{
	struct sun4v_platform_conf def = { .nb_rc = 2, .empty_fabric = true };
	uintptr_t a;
	int rc;

	memset(t, 0, sizeof(*t));
	rc = sun4v_platform_create(conf != NULL ? conf : &def, &t->p);
	if (rc != 0)
		return rc;
	rc = v4t_fabric(t);
	if (rc != 0)
		return rc;
	t->raw_len = len + align;
	t->raw = mmap(NULL, t->raw_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (t->raw == MAP_FAILED) {
		t->raw = NULL;
		return -12; /* -ENOMEM */
	}
	a = ((uintptr_t)t->raw + align - 1) & ~(uintptr_t)(align - 1);
	t->buf = (uint8_t *)a;
	t->buf_len = len;
	return sun4v_mem_register(t->p, t->buf, len);
}

static inline void
v4t_teardown(struct v4t *t)
{
	if (t->p != NULL)
		sun4v_platform_destroy(t->p);
	if (t->raw != NULL)
		munmap(t->raw, t->raw_len);
	memset(t, 0, sizeof(*t));
}

/* Container with the group of @p fn attached and @p type set. */
static inline int
v4t_container(struct v4t *t, struct sun4v_func *fn,
	      enum vfio_sun4v_iommu_type type, struct vfio_sun4v_container **c)
{
	int rc = vfio_sun4v_container_create(t->p, c);

	if (rc == 0)
		rc = vfio_sun4v_group_attach(*c, sun4v_func_group(fn));
	if (rc == 0)
		rc = vfio_sun4v_set_iommu(*c, type);
	return rc;
}

/* Window of @p c with IO page size @p page_size (or NULL). */
static inline int
v4t_window(struct vfio_sun4v_container *c, uint64_t page_size,
	   struct vfio_sun4v_window *w)
{
	struct vfio_sun4v_info info;
	int rc = vfio_sun4v_get_info(c, &info);

	if (rc != 0)
		return rc;
	for (unsigned int i = 0; i < info.nb_windows; i++) {
		if (info.windows[i].page_size == page_size) {
			*w = info.windows[i];
			return 0;
		}
	}
	return -2; /* -ENOENT */
}

/* Devhandle of the container's root complex. */
static inline uint64_t
v4t_devhandle(struct vfio_sun4v_container *c)
{
	struct vfio_sun4v_info info;

	return vfio_sun4v_get_info(c, &info) == 0 ? info.devhandle : 0;
}

/* Calls made so far to hypervisor service @p fn_number. */
static inline uint64_t
v4t_hv_calls(struct sun4v_platform *p, uint64_t fn_number)
{
	struct sun4v_hv_call_stats st;

	if (sun4v_hv_call_stats_get(p, fn_number, &st) != 0)
		return UINT64_MAX;
	return st.calls;
}

/* Legacy GETMAP of the page at @p iova: RA or 0 when not mapped. */
static inline uint64_t
v4t_legacy_ra(struct sun4v_platform *p, uint64_t devhandle, uint64_t base,
	      uint64_t iova)
{
	uint64_t attrs = 0, ra = 0;
	uint64_t idx = (iova - base) >> HV_IO_PAGE_SHIFT;

	if (sun4v_hv_pci_iommu_getmap(p, devhandle,
				      sun4v_hv_abi_tsbid(0, (uint32_t)idx),
				      &attrs, &ra) != HV_EOK)
		return 0;
	return ra;
}

/* ATU GETMAP of the page at @p iova of window @p w: RA or 0. */
static inline uint64_t
v4t_atu_ra(struct sun4v_platform *p, uint64_t devhandle,
	   const struct vfio_sun4v_window *w, uint64_t iova)
{
	uint64_t attrs = 0, ra = 0;
	uint64_t idx = (iova - w->iova_base) / w->page_size;

	if (sun4v_hv_iotsb_getmap(p, devhandle, w->iotsb_handle, idx, &ra,
				  &attrs) != HV_EOK)
		return 0;
	return ra;
}

#endif /* V4_TEST_H */
