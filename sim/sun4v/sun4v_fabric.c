/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Root complexes, bridges, endpoint functions and IOMMU groups
 * (doc/design/platform.md §3), and the built-in S7-2-like topology.
 *
 * Groups follow Linux's rule: walking up from a function, the topmost
 * bridge without ACS anchors the group and every function below it shares
 * that group; a function whose whole upstream path has ACS is alone.  The
 * root port counts as ACS-capable.  Bridges are created before the
 * functions below them and their ACS flag never changes, so a function's
 * group is final when it is added and group ids are stable.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sun4v_internal.h"

static int
rc_create(struct sun4v_platform *p, unsigned int idx)
{
	struct sun4v_rc *rc = calloc(1, sizeof(*rc));
	int ret;

	if (rc == NULL)
		return -ENOMEM;
	rc->p = p;
	rc->idx = idx;
	rc->devhandle = SUN4V_DEVHANDLE(idx);
	pthread_mutex_init(&rc->lock, NULL);
	p->rc[idx] = rc;
	p->nrc = idx + 1;
	rc->iotsb = calloc(p->conf.max_iotsbs, sizeof(*rc->iotsb));
	if (rc->iotsb == NULL)
		return -ENOMEM;
	ret = sun4v_table_init_legacy(rc, p->conf.legacy_base,
				      p->conf.legacy_size,
				      p->conf.iotlb_entries);
	if (ret != 0)
		return ret;
	for (unsigned int k = 0; k < p->conf.max_iotsbs; k++) {
		rc->iotsb[k].rc = rc;
		ret = sun4v_iotlb_init(&rc->iotsb[k].tlb, p->conf.iotlb_entries);
		if (ret != 0)
			return ret;
	}
	return 0;
}

/*
 * Default topology (doc/design/platform.md §3.2): an S7-2-like box.
 * RC0 pci@200: switch (ACS) with two x8 slots, each a dual-port XL710:
 *   03:00.0 03:00.1 (ports 0, 1) and 04:00.0 04:00.1 (ports 2, 3).
 * RC1 pci@300: switch (ACS) with the onboard SAS HBA at 03:00.0 and a
 *   PCIe-to-PCI bridge without ACS holding the USB functions 06:00.0 and
 *   06:00.1 (they share one group); slot 05 is empty.
 */
static int
default_topology(struct sun4v_platform *p)
{
	static const struct { unsigned int rc; int parent; bool acs;
			      const char *name; } br[] = {
		{ 0, -1, true, "pci@200/switch-up" },
		{ 0, 0, true, "pci@200/switch-dp@1" },
		{ 0, 0, true, "pci@200/switch-dp@2" },
		{ 1, -1, true, "pci@300/switch-up" },
		{ 1, 0, true, "pci@300/switch-dp@1" },
		{ 1, 0, true, "pci@300/switch-dp@2" },
		{ 1, 0, false, "pci@300/pcie-pci-bridge" },
	};
	static const struct { unsigned int rc; int bridge; uint16_t bdf;
			      int nic; } fn[] = {
		{ 0, 1, 0x0300, 0 }, { 0, 1, 0x0301, 1 },
		{ 0, 2, 0x0400, 2 }, { 0, 2, 0x0401, 3 },
		{ 1, 1, 0x0300, -1 },
		{ 1, 3, 0x0600, -1 }, { 1, 3, 0x0601, -1 },
	};
	struct sun4v_func *f;
	int ret;

	for (size_t i = 0; i < sizeof(br) / sizeof(br[0]); i++) {
		if (br[i].rc >= p->nrc)
			continue;
		ret = sun4v_fabric_add_bridge(p, br[i].rc, br[i].parent,
					      br[i].acs, br[i].name);
		if (ret < 0)
			return ret;
	}
	for (size_t i = 0; i < sizeof(fn) / sizeof(fn[0]); i++) {
		if (fn[i].rc >= p->nrc)
			continue;
		ret = sun4v_fabric_add_function(p, fn[i].rc, fn[i].bridge,
						fn[i].bdf, &f);
		if (ret != 0)
			return ret;
		if (fn[i].nic >= 0) {
			p->nic_rc[fn[i].nic] = (int)fn[i].rc;
			p->nic_bdf[fn[i].nic] = fn[i].bdf;
		}
	}
	return 0;
}

int
sun4v_fabric_init(struct sun4v_platform *p)
{
	int ret;

	for (unsigned int i = 0; i < SUN4V_DEFAULT_NB_NIC_PORTS; i++)
		p->nic_rc[i] = -1;
	for (unsigned int i = 0; i < p->conf.nb_rc; i++) {
		ret = rc_create(p, i);
		if (ret != 0)
			return ret;
	}
	return p->conf.empty_fabric ? 0 : default_topology(p);
}

void
sun4v_fabric_fini(struct sun4v_platform *p)
{
	for (unsigned int i = 0; i < p->nrc; i++) {
		struct sun4v_rc *rc = p->rc[i];

		if (rc == NULL)
			continue;
		for (unsigned int k = 0; k < rc->nfuncs; k++)
			free(rc->funcs[k]);
		if (rc->iotsb != NULL)
			for (unsigned int k = 0; k < p->conf.max_iotsbs; k++)
				sun4v_iotlb_fini(&rc->iotsb[k].tlb);
		free(rc->iotsb);
		sun4v_table_fini(&rc->legacy);
		pthread_mutex_destroy(&rc->lock);
		free(rc);
		p->rc[i] = NULL;
	}
	p->nrc = 0;
}

unsigned int
sun4v_fabric_nb_rc(const struct sun4v_platform *p)
{
	return p != NULL ? p->nrc : 0;
}

int
sun4v_fabric_rc_devhandle(const struct sun4v_platform *p, unsigned int rc,
			  uint64_t *devhandle)
{
	if (p == NULL || rc >= p->nrc || devhandle == NULL)
		return -ENODEV;
	*devhandle = p->rc[rc]->devhandle;
	return 0;
}

int
sun4v_fabric_add_bridge(struct sun4v_platform *p, unsigned int rc,
			int parent_bridge, bool acs, const char *name)
{
	struct sun4v_rc *r;
	struct sun4v_bridge *b;
	int id;

	if (p == NULL || rc >= p->nrc)
		return -ENODEV;
	r = p->rc[rc];
	pthread_mutex_lock(&p->fabric_lock);
	if (parent_bridge < -1 || parent_bridge >= (int)r->nbridges) {
		id = -EINVAL;
		goto out;
	}
	if (r->nbridges == SUN4V_MAX_BRIDGES) {
		id = -ENOSPC;
		goto out;
	}
	id = (int)r->nbridges;
	b = &r->bridges[id];
	b->parent = parent_bridge;
	b->acs = acs;
	b->group = -1;
	if (name != NULL)
		snprintf(b->name, sizeof(b->name), "%s", name);
	else
		snprintf(b->name, sizeof(b->name), "rc%u-bridge%d", rc, id);
	r->nbridges++;
out:
	pthread_mutex_unlock(&p->fabric_lock);
	return id;
}

/* Topmost bridge without ACS above @p bridge, or -1.  Caller holds fabric_lock. */
static int
group_anchor(const struct sun4v_rc *r, int bridge)
{
	int anchor = -1;

	for (int b = bridge; b >= 0; b = r->bridges[b].parent)
		if (!r->bridges[b].acs)
			anchor = b;
	return anchor;
}

struct sun4v_func *
sun4v_rc_func(struct sun4v_rc *rc, uint16_t bdf)
{
	/* Functions are never removed, so a racy count read is safe. */
	for (unsigned int i = 0; i < rc->nfuncs; i++)
		if (rc->funcs[i]->bdf == bdf)
			return rc->funcs[i];
	return NULL;
}

int
sun4v_fabric_add_function(struct sun4v_platform *p, unsigned int rc,
			  int bridge, uint16_t bdf, struct sun4v_func **out)
{
	struct sun4v_func *f;
	struct sun4v_rc *r;
	int ret = 0;

	if (p == NULL || rc >= p->nrc)
		return -ENODEV;
	r = p->rc[rc];
	pthread_mutex_lock(&p->fabric_lock);
	if (bridge < -1 || bridge >= (int)r->nbridges) {
		ret = -EINVAL;
		goto out;
	}
	if (sun4v_rc_func(r, bdf) != NULL) {
		ret = -EEXIST;
		goto out;
	}
	f = r->nfuncs < SUN4V_MAX_FUNCS ?
		aligned_alloc(SUN4V_CACHELINE,
			      (sizeof(*f) + SUN4V_CACHELINE - 1) &
			      ~(size_t)(SUN4V_CACHELINE - 1)) : NULL;
	if (f == NULL) {
		ret = -ENOMEM;
		goto out;
	}
	memset(f, 0, sizeof(*f));
	f->rc = r;
	f->bdf = bdf;
	f->bridge = bridge;
	f->anchor = group_anchor(r, bridge);
	if (f->anchor < 0) {
		f->group = p->next_group++;
	} else {
		if (r->bridges[f->anchor].group < 0)
			r->bridges[f->anchor].group = p->next_group++;
		f->group = r->bridges[f->anchor].group;
	}
	/* Publish only when fully built: hypercalls look functions up racily. */
	pthread_mutex_lock(&r->lock);
	r->funcs[r->nfuncs] = f;
	r->nfuncs++;
	pthread_mutex_unlock(&r->lock);
	if (out != NULL)
		*out = f;
out:
	pthread_mutex_unlock(&p->fabric_lock);
	return ret;
}

int
sun4v_fabric_find_function(struct sun4v_platform *p, unsigned int rc,
			   uint16_t bdf, struct sun4v_func **out)
{
	struct sun4v_func *f;

	if (p == NULL || rc >= p->nrc)
		return -ENODEV;
	pthread_mutex_lock(&p->fabric_lock);
	f = sun4v_rc_func(p->rc[rc], bdf);
	pthread_mutex_unlock(&p->fabric_lock);
	if (f == NULL)
		return -ENODEV;
	if (out != NULL)
		*out = f;
	return 0;
}

unsigned int
sun4v_func_rc(const struct sun4v_func *fn)
{
	return fn->rc->idx;
}

uint16_t
sun4v_func_bdf(const struct sun4v_func *fn)
{
	return fn->bdf;
}

int
sun4v_func_group(const struct sun4v_func *fn)
{
	return fn->group;
}

struct sun4v_platform *
sun4v_func_platform(const struct sun4v_func *fn)
{
	return fn->rc->p;
}

int
sun4v_group_functions(struct sun4v_platform *p, int group,
		      struct sun4v_func **fns, unsigned int max)
{
	int n = 0;

	if (p == NULL)
		return -ENOENT;
	pthread_mutex_lock(&p->fabric_lock);
	for (unsigned int i = 0; i < p->nrc; i++) {
		struct sun4v_rc *r = p->rc[i];

		for (unsigned int k = 0; k < r->nfuncs; k++) {
			if (r->funcs[k]->group != group)
				continue;
			if (fns != NULL && (unsigned int)n < max)
				fns[n] = r->funcs[k];
			n++;
		}
	}
	pthread_mutex_unlock(&p->fabric_lock);
	return n > 0 ? n : -ENOENT;
}

const char *
sun4v_func_non_acs_bridge(const struct sun4v_func *fn)
{
	return fn->anchor >= 0 ? fn->rc->bridges[fn->anchor].name : NULL;
}

int
sun4v_func_set_bypass(struct sun4v_func *fn, bool bypass)
{
	struct sun4v_platform *p = fn->rc->p;

	if (bypass && !atomic_load(&p->bypass_ok))
		return -ENOTSUP;
	atomic_store(&fn->bypass, bypass);
	atomic_fetch_add(&fn->xgen, 1);
	sun4v_log(p, SUN4V_LOG_INFO, "rc %u %02x:%02x.%x: bypass %s",
		  fn->rc->idx, fn->bdf >> 8, (fn->bdf >> 3) & 0x1f, fn->bdf & 7,
		  bypass ? "on" : "off");
	return 0;
}

bool
sun4v_func_bypass(const struct sun4v_func *fn)
{
	return atomic_load(&fn->bypass);
}

bool
sun4v_func_quarantined(const struct sun4v_func *fn)
{
	return atomic_load(&fn->quarantined);
}

void
sun4v_func_stats_get(const struct sun4v_func *fn, struct sun4v_func_stats *out)
{
	struct sun4v_func *f = (struct sun4v_func *)(uintptr_t)fn;

	memset(out, 0, sizeof(*out));
	out->dma_reads = atomic_load(&f->reads);
	out->dma_writes = atomic_load(&f->writes);
	out->dma_read_bytes = atomic_load(&f->read_bytes);
	out->dma_write_bytes = atomic_load(&f->write_bytes);
	out->blocked = atomic_load(&f->blocked);
	for (unsigned int i = 0; i < SUN4V_FAULT_NB_REASONS; i++)
		out->faults[i] = atomic_load(&f->faults[i]);
	pthread_mutex_lock(&f->rc->p->fault_lock);
	out->quarantines = f->quarantines;
	pthread_mutex_unlock(&f->rc->p->fault_lock);
	out->quarantined = atomic_load(&f->quarantined);
}
