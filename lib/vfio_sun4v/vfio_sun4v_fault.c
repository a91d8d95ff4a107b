/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v: fault notification for the functions of a container.
 * doc/design/vfio_sun4v.md "Faults".
 *
 * Push: one platform fault callback per container (sun4v_fault_cb_register)
 * filters records by requester ID and forwards them from the faulting
 * thread.  Pull: a per-container cursor over the platform's fault ring
 * (sun4v_fault_poll).  The filter is a lock-free bitmap of the attached
 * requester IDs, because the push side runs in device threads that must
 * never wait for a control-path lock.
 */
#include <errno.h>
#include <assert.h>
#include <inttypes.h>

#include "vfio_sun4v_private.h"
/*
 * sun4v_platform.h, not only sun4v_hv.h: fault records, their
 * callback and poll (sun4v_fault_cb_register, sun4v_fault_poll) and
 * requester IDs (sun4v_func_bdf).
 * A real OS learns these from the machine description, PCI enumeration and
 * the IOMMU's error interrupt; the simulation has no such channels, so they
 * are platform calls (doc/design/platform.md "Public headers").
 */
#include "sun4v_platform.h"

/* Records read from the platform per sun4v_fault_poll() call. */
#define V4_FAULT_CHUNK 32u

/* The public enums keep the platform's numbers (vfio_sun4v.h). */
static_assert(VFIO_SUN4V_FAULT_UNMAPPED == (int)SUN4V_FAULT_UNMAPPED, "reason");
static_assert(VFIO_SUN4V_FAULT_PROTECTION == (int)SUN4V_FAULT_PROTECTION, "reason");
static_assert(VFIO_SUN4V_FAULT_OUT_OF_WINDOW == (int)SUN4V_FAULT_OUT_OF_WINDOW,
	      "reason");
static_assert(VFIO_SUN4V_FAULT_BYPASS_DENIED == (int)SUN4V_FAULT_BYPASS_DENIED,
	      "reason");
static_assert(VFIO_SUN4V_FAULT_QUARANTINED == (int)SUN4V_FAULT_QUARANTINED,
	      "reason");
static_assert(VFIO_SUN4V_FAULT_NO_RAM == (int)SUN4V_FAULT_NO_RAM, "reason");
static_assert(SUN4V_FAULT_NB_REASONS == VFIO_SUN4V_FAULT_NO_RAM + 1,
	      "a platform fault reason has no vfio_sun4v counterpart");
static_assert(VFIO_SUN4V_FAULT_DIR_READ == (int)SUN4V_DMA_READ, "dir");
static_assert(VFIO_SUN4V_FAULT_DIR_WRITE == (int)SUN4V_DMA_WRITE, "dir");

/* The OS's copy of a platform record: callers never see sim/sun4v types. */
static void
v4_fault_copy(const struct sun4v_fault *f, struct vfio_sun4v_fault *out)
{
	*out = (struct vfio_sun4v_fault){
		.seq = f->seq,
		.time_ns = f->time_ns,
		.rc = f->rc,
		.bdf = f->bdf,
		.dvma = f->dvma,
		.dir = (enum vfio_sun4v_fault_dir)f->dir,
		.reason = (enum vfio_sun4v_fault_reason)f->reason,
		.iotsb_handle = f->iotsb_handle,
		.page_size = f->page_size,
		.iova_base = f->iova_base,
	};
}

static bool
v4_fault_mine(const struct vfio_sun4v_container *c,
	      const struct sun4v_fault *f)
{
	uint64_t word;

	if (c->rc < 0 || f->rc != (unsigned int)c->rc)
		return false;
	word = atomic_load_explicit(&c->bdf_map[f->bdf / 64],
				    memory_order_relaxed);
	return (word >> (f->bdf % 64)) & 1;
}

void
v4_fault_filter_set(struct vfio_sun4v_container *c, struct sun4v_func **fns,
		    unsigned int nb_fns, bool on)
{
	for (unsigned int i = 0; i < nb_fns; i++) {
		uint16_t bdf = sun4v_func_bdf(fns[i]);
		uint64_t bit = 1ULL << (bdf % 64);

		if (on)
			atomic_fetch_or(&c->bdf_map[bdf / 64], bit);
		else
			atomic_fetch_and(&c->bdf_map[bdf / 64], ~bit);
	}
}

/* Platform callback: runs in the faulting (device) thread. */
static void
v4_fault_push(void *arg, const struct sun4v_fault *f)
{
	struct vfio_sun4v_container *c = arg;
	struct vfio_sun4v_fault rec;

	if (!v4_fault_mine(c, f))
		return;
	v4_inc(&c->cnt.faults, 1);
	v4_fault_copy(f, &rec);
	/* fault_cb is written only while the platform callback is unregistered. */
	c->fault_cb(&rec, c->fault_arg);
}

/* Caller holds fault_lock. */
static void
v4_fault_unregister_locked(struct vfio_sun4v_container *c)
{
	if (c->fault_cb_id < 0)
		return;
	/* Waits for a running v4_fault_push() to return. */
	sun4v_fault_cb_unregister(c->p, c->fault_cb_id);
	c->fault_cb_id = -1;
	c->fault_cb = NULL;
	c->fault_arg = NULL;
}

int
vfio_sun4v_fault_callback_register(struct vfio_sun4v_container *c,
				   vfio_sun4v_fault_cb cb, void *arg)
{
	int id, rc = 0;

	if (c == NULL)
		return -EINVAL;
	pthread_mutex_lock(&c->fault_lock);
	v4_fault_unregister_locked(c);
	if (cb != NULL) {
		c->fault_cb = cb;
		c->fault_arg = arg;
		id = sun4v_fault_cb_register(c->p, v4_fault_push, c);
		if (id < 0) {
			c->fault_cb = NULL;
			c->fault_arg = NULL;
			rc = id;
		} else {
			c->fault_cb_id = id;
		}
	}
	pthread_mutex_unlock(&c->fault_lock);
	return rc;
}

void
v4_fault_fini(struct vfio_sun4v_container *c)
{
	pthread_mutex_lock(&c->fault_lock);
	v4_fault_unregister_locked(c);
	pthread_mutex_unlock(&c->fault_lock);
}

int
vfio_sun4v_fault_poll(struct vfio_sun4v_container *c,
		      struct vfio_sun4v_fault *out, unsigned int max)
{
	struct sun4v_fault buf[V4_FAULT_CHUNK];
	unsigned int copied = 0;

	if (c == NULL || (out == NULL && max != 0))
		return -EINVAL;
	pthread_mutex_lock(&c->fault_lock);
	while (copied < max) {
		uint64_t cursor = c->fault_cursor, lost = 0;
		int n = sun4v_fault_poll(c->p, &cursor, buf, V4_FAULT_CHUNK,
					 &lost);

		if (lost != 0)
			V4_LOG(WARNING, "%" PRIu64 " fault records were "
			       "overwritten before this poll", lost);
		if (n <= 0)
			break;
		for (int i = 0; i < n && copied < max; i++) {
			/* Advance only past what is consumed here. */
			c->fault_cursor = buf[i].seq;
			if (!v4_fault_mine(c, &buf[i]))
				continue;
			v4_fault_copy(&buf[i], &out[copied++]);
			v4_inc(&c->cnt.faults, 1);
		}
	}
	pthread_mutex_unlock(&c->fault_lock);
	return (int)copied;
}
