/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v: hypervisor status conversion, logging, statistics.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "logrl.h"
#include "vfio_sun4v_private.h"

/*
 * The one place where an HV_* status becomes an errno (style-anchors §5.4;
 * table in doc/design/vfio_sun4v.md "Errno mapping").  Every hypercall
 * result in this library goes through here.
 */
int
vfio_sun4v_hv_errno(uint64_t hv_status)
{
	switch (hv_status) {
	case HV_EOK:
		return 0;
	case HV_EINVAL:
	case HV_EBADALIGN:
	case HV_EBADPGSZ:
	case HV_EBADTSB:
	case HV_ENOCPU:
	case HV_ENOINTR:
	case HV_ECHANNEL:
		return -EINVAL;
	case HV_ENORADDR:
		return -EFAULT;
	case HV_ENOMAP:
		return -ENOENT;
	case HV_ETOOMANY:
		return -ENOSPC;
	case HV_EBUSY:
		return -EBUSY;
	case HV_ENOACCESS:
		return -EACCES;
	case HV_ENOTSUPPORTED:
	case HV_EBADTRAP:
		return -ENOTSUP;
	case HV_EWOULDBLOCK:
	case HV_EUNAVAILABLE:
		return -EAGAIN;
	case HV_EIO:
	case HV_ECPUERROR:
	default:
		return -EIO;
	}
}

/* Log sink; set at start-up only (vfio_sun4v.h). */
static vfio_sun4v_log_cb v4_log_cb;
static void *v4_log_arg;
static int v4_log_level = VFIO_SUN4V_LOG_NOTICE;

void
vfio_sun4v_log_set_handler(vfio_sun4v_log_cb cb, void *arg, int level)
{
	v4_log_cb = cb;
	v4_log_arg = arg;
	if (level < VFIO_SUN4V_LOG_ERR)
		level = VFIO_SUN4V_LOG_ERR;
	if (level > VFIO_SUN4V_LOG_DEBUG)
		level = VFIO_SUN4V_LOG_DEBUG;
	v4_log_level = level;
}

void
v4_log(int level, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (level > v4_log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (v4_log_cb != NULL)
		v4_log_cb(level, line, v4_log_arg);
	else
		fprintf(stderr, "lib.vfio_sun4v: %s\n", line);
}

/* Hypercall failures of every container: one kind of line. */
static struct logrl_site map_fail_site =
	LOGRL_SITE_INIT("lib.vfio_sun4v", "DMA map failure lines");

bool
v4_log_ratelimit(uint64_t *suppressed)
{
	return logrl_admit(&map_fail_site, suppressed);
}

static uint64_t
v4_get(const atomic_uint_fast64_t *c)
{
	return atomic_load_explicit(c, memory_order_relaxed);
}

int
vfio_sun4v_stats_get(const struct vfio_sun4v_container *c,
		     struct vfio_sun4v_stats *st)
{
	if (c == NULL || st == NULL)
		return -EINVAL;
	*st = (struct vfio_sun4v_stats){
		.hv_map_calls = v4_get(&c->cnt.hv_map_calls),
		.hv_demap_calls = v4_get(&c->cnt.hv_demap_calls),
		.hv_map_ttes = v4_get(&c->cnt.hv_map_ttes),
		.hv_demap_ttes = v4_get(&c->cnt.hv_demap_ttes),
		.hv_zero_progress = v4_get(&c->cnt.hv_zero_progress),
		.dma_map_errors = v4_get(&c->cnt.dma_map_errors),
		.dma_unmap_errors = v4_get(&c->cnt.dma_unmap_errors),
		.rollbacks = v4_get(&c->cnt.rollbacks),
		.faults = v4_get(&c->cnt.faults),
	};
	/* nb_windows only changes under cfg_lock before any map (set_iommu). */
	for (unsigned int i = 0; i < c->nb_windows; i++) {
		uint64_t u = v4_get(&c->win[i].used);

		st->window_entries_used[i] = u;
		st->iotsb_entries_used += u;
	}
	return 0;
}

void
vfio_sun4v_stats_reset(struct vfio_sun4v_container *c)
{
	if (c == NULL)
		return;

	atomic_uint_fast64_t *all[] = {
		&c->cnt.hv_map_calls, &c->cnt.hv_demap_calls,
		&c->cnt.hv_map_ttes, &c->cnt.hv_demap_ttes,
		&c->cnt.hv_zero_progress, &c->cnt.dma_map_errors,
		&c->cnt.dma_unmap_errors, &c->cnt.rollbacks, &c->cnt.faults,
	};

	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		atomic_store_explicit(all[i], 0, memory_order_relaxed);
}
