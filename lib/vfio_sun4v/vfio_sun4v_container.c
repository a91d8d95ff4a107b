/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * lib/vfio_sun4v: containers, groups and their viability, IOMMU type,
 * information queries.  doc/design/vfio_sun4v.md "Containers and groups".
 *
 * Device ownership is process-wide OS state (in Linux it is the driver core
 * and VFIO's group list), so it lives in one registry here: every container
 * and every host-driver claim, under v4_reg_lock.  Lock order: v4_reg_lock,
 * then a container's cfg_lock, then a window lock.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vfio_sun4v_private.h"
/*
 * sun4v_platform.h, not only sun4v_hv.h: group membership and
 * requester IDs (sun4v_func_group/_rc/_bdf, sun4v_group_functions,
 * sun4v_func_non_acs_bridge), the root complex devhandle, bypass domain
 * entry (sun4v_func_set_bypass), guest-RAM registration of the
 * io_page_list pages (sun4v_mem_register) and the fault counters.
 * A real OS learns these from the machine description, PCI enumeration and
 * the IOMMU's error interrupt; the simulation has no such channels, so they
 * are platform calls (doc/design/platform.md "Public headers").
 */
#include "sun4v_platform.h"

/** A function claimed by a host driver (vfio_sun4v_host_claim()). */
struct v4_claim {
	struct sun4v_func *fn;
	struct v4_claim *next;
};

static pthread_mutex_t v4_reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct vfio_sun4v_container *v4_containers; /* all containers */
static struct v4_claim *v4_claims;                 /* all host claims */

/* Caller holds v4_reg_lock. */
static bool
v4_host_claimed(const struct sun4v_func *fn)
{
	for (const struct v4_claim *cl = v4_claims; cl != NULL; cl = cl->next)
		if (cl->fn == fn)
			return true;
	return false;
}

static struct v4_group *
v4_group_find(struct vfio_sun4v_container *c, int group)
{
	for (unsigned int i = 0; i < c->nb_groups; i++)
		if (c->groups[i].id == group)
			return &c->groups[i];
	return NULL;
}

/* Container (other than @p self) of the same machine holding @p group. */
static struct vfio_sun4v_container *
v4_group_owner(struct sun4v_platform *p, int group,
	       const struct vfio_sun4v_container *self)
{
	for (struct vfio_sun4v_container *o = v4_containers; o != NULL;
	     o = o->next)
		if (o != self && o->p == p && v4_group_find(o, group) != NULL)
			return o;
	return NULL;
}

static void
v4_bdf_str(const struct sun4v_func *fn, char *buf, size_t len)
{
	uint16_t bdf = sun4v_func_bdf(fn);

	snprintf(buf, len, "rc%u %02x:%02x.%u", sun4v_func_rc(fn), bdf >> 8,
		 (bdf >> 3) & 0x1f, bdf & 0x7);
}

/*
 * Viability (VFIO's rule): every function of the group must be free for
 * this container.  Caller holds v4_reg_lock.  @return 0 or -EBUSY, with a
 * log line naming the function, its owner and the bridge without ACS.
 */
static int
v4_group_viable(struct vfio_sun4v_container *c, int group,
		struct sun4v_func **fns, unsigned int nb_fns)
{
	struct vfio_sun4v_container *other = v4_group_owner(c->p, group, c);

	for (unsigned int i = 0; i < nb_fns; i++) {
		const char *bridge = sun4v_func_non_acs_bridge(fns[i]);
		const char *why;
		char name[32];

		if (v4_host_claimed(fns[i]))
			why = "is claimed by a host driver";
		else if (other != NULL)
			why = "is attached to another container";
		else
			continue;
		v4_bdf_str(fns[i], name, sizeof(name));
		V4_LOG(ERR, "group %d not viable: function %s %s; %s%s%s", group,
		       name, why,
		       bridge != NULL ? "it shares the group because bridge '" :
					"its group is isolated (no bridge without ACS)",
		       bridge != NULL ? bridge : "",
		       bridge != NULL ? "' lacks ACS" : "");
		return -EBUSY;
	}
	return 0;
}

/* Functions of @p group in a new array.  @return count or -errno. */
static int
v4_group_fns(struct sun4v_platform *p, int group, struct sun4v_func ***out)
{
	struct sun4v_func **fns;
	int n, m;

	n = sun4v_group_functions(p, group, NULL, 0);
	if (n <= 0)
		return n < 0 ? n : -ENOENT;
	fns = calloc((size_t)n, sizeof(*fns));
	if (fns == NULL)
		return -ENOMEM;
	m = sun4v_group_functions(p, group, fns, (unsigned int)n);
	if (m != n) {
		free(fns);
		return m < 0 ? m : -EAGAIN; /* the fabric changed meanwhile */
	}
	*out = fns;
	return n;
}

/* Put @p fns into (or out of) bypass, all or nothing. */
static int
v4_fns_bypass(struct sun4v_func **fns, unsigned int nb_fns, bool on)
{
	for (unsigned int i = 0; i < nb_fns; i++) {
		int rc = sun4v_func_set_bypass(fns[i], on);

		if (rc != 0 && on) {
			while (i-- > 0)
				sun4v_func_set_bypass(fns[i], false);
			return rc;
		}
	}
	return 0;
}

/* Join @p fns to the current IOMMU type.  Caller holds cfg_lock. */
static int
v4_fns_enter(struct vfio_sun4v_container *c, struct sun4v_func **fns,
	     unsigned int nb_fns)
{
	if (c->type == VFIO_SUN4V_IOMMU_ATU)
		return v4_windows_bind(c, fns, nb_fns, true);
	if (c->type == VFIO_SUN4V_IOMMU_BYPASS)
		return v4_fns_bypass(fns, nb_fns, true);
	/* LEGACY: the RC-wide table already translates every function. */
	return 0;
}

static int
v4_fns_leave(struct vfio_sun4v_container *c, struct sun4v_func **fns,
	     unsigned int nb_fns)
{
	if (c->type == VFIO_SUN4V_IOMMU_ATU)
		return v4_windows_bind(c, fns, nb_fns, false);
	if (c->type == VFIO_SUN4V_IOMMU_BYPASS)
		return v4_fns_bypass(fns, nb_fns, false);
	return 0;
}

/* Checks of attach, before anything changes.  Caller holds both locks. */
static int
v4_attach_check(struct vfio_sun4v_container *c, int group,
		struct sun4v_func **fns, unsigned int nb_fns)
{
	unsigned int rc_idx = sun4v_func_rc(fns[0]);

	if (v4_group_find(c, group) != NULL)
		return -EEXIST;
	for (unsigned int i = 0; i < nb_fns; i++) {
		if (sun4v_func_rc(fns[i]) == rc_idx &&
		    (c->rc < 0 || (unsigned int)c->rc == rc_idx))
			continue;
		V4_LOG(ERR, "group %d is under root complex %u, container uses %d",
		       group, sun4v_func_rc(fns[i]), c->rc);
		return -EXDEV;
	}
	return v4_group_viable(c, group, fns, nb_fns);
}

int
vfio_sun4v_group_attach(struct vfio_sun4v_container *c, int group)
{
	struct sun4v_func **fns = NULL;
	struct v4_group *ng;
	uint64_t devhandle;
	bool first;
	int n, rc;

	if (c == NULL)
		return -EINVAL;
	n = v4_group_fns(c->p, group, &fns);
	if (n < 0)
		return n;
	pthread_mutex_lock(&v4_reg_lock);
	pthread_mutex_lock(&c->cfg_lock);
	first = c->rc < 0;
	devhandle = c->devhandle;
	rc = v4_attach_check(c, group, fns, (unsigned int)n);
	if (rc != 0)
		goto out;
	if (first) {
		rc = sun4v_fabric_rc_devhandle(c->p, sun4v_func_rc(fns[0]),
					       &devhandle);
		if (rc != 0)
			goto out;
	}
	ng = realloc(c->groups, (c->nb_groups + 1) * sizeof(*ng));
	if (ng == NULL) {
		rc = -ENOMEM;
		goto out;
	}
	c->groups = ng;
	if (first) {
		c->rc = (int)sun4v_func_rc(fns[0]);
		c->devhandle = devhandle;
	}
	rc = v4_fns_enter(c, fns, (unsigned int)n);
	if (rc != 0)
		goto out; /* nothing bound; other groups untouched */
	ng[c->nb_groups++] = (struct v4_group){ group, (unsigned int)n, fns };
	v4_fault_filter_set(c, fns, (unsigned int)n, true);
	fns = NULL;
	V4_LOG(INFO, "group %d (%d functions) attached", group, n);
out:
	if (rc != 0 && first)
		c->rc = -1; /* the first group failed: no root complex yet */
	pthread_mutex_unlock(&c->cfg_lock);
	pthread_mutex_unlock(&v4_reg_lock);
	free(fns);
	return rc;
}

int
vfio_sun4v_group_detach(struct vfio_sun4v_container *c, int group)
{
	struct v4_group *g;
	int rc;

	if (c == NULL)
		return -EINVAL;
	pthread_mutex_lock(&v4_reg_lock);
	pthread_mutex_lock(&c->cfg_lock);
	g = v4_group_find(c, group);
	if (g == NULL) {
		rc = -ENOENT;
		goto out;
	}
	rc = v4_fns_leave(c, g->fns, g->nb_fns);
	v4_fault_filter_set(c, g->fns, g->nb_fns, false);
	free(g->fns);
	*g = c->groups[--c->nb_groups];
out:
	pthread_mutex_unlock(&c->cfg_lock);
	pthread_mutex_unlock(&v4_reg_lock);
	return rc;
}

int
vfio_sun4v_host_claim(struct sun4v_platform *p, struct sun4v_func *fn,
		      bool claim)
{
	struct v4_claim **pp, *cl;
	int rc = 0;

	if (p == NULL || fn == NULL)
		return -EINVAL;
	pthread_mutex_lock(&v4_reg_lock);
	for (pp = &v4_claims; *pp != NULL && (*pp)->fn != fn; pp = &(*pp)->next)
		;
	if (!claim) {
		if (*pp == NULL) {
			rc = -ENOENT;
		} else {
			cl = *pp;
			*pp = cl->next;
			free(cl);
		}
	} else if (*pp == NULL) {
		if (v4_group_owner(p, sun4v_func_group(fn), NULL) != NULL) {
			rc = -EBUSY;
		} else if ((cl = malloc(sizeof(*cl))) == NULL) {
			rc = -ENOMEM;
		} else {
			*cl = (struct v4_claim){ fn, v4_claims };
			v4_claims = cl;
		}
	}
	pthread_mutex_unlock(&v4_reg_lock);
	return rc;
}

/* A LEGACY container already on this root complex.  v4_reg_lock held. */
static bool
v4_legacy_taken(const struct vfio_sun4v_container *c)
{
	for (const struct vfio_sun4v_container *o = v4_containers; o != NULL;
	     o = o->next)
		if (o != c && o->p == c->p && o->rc == c->rc &&
		    o->type == VFIO_SUN4V_IOMMU_LEGACY)
			return true;
	return false;
}

/* Enter the chosen type with every attached group, all or nothing. */
static int
v4_type_enter(struct vfio_sun4v_container *c)
{
	for (unsigned int g = 0; g < c->nb_groups; g++) {
		int rc = v4_fns_enter(c, c->groups[g].fns, c->groups[g].nb_fns);

		if (rc != 0) {
			while (g-- > 0)
				v4_fns_leave(c, c->groups[g].fns,
					     c->groups[g].nb_fns);
			return rc;
		}
	}
	return 0;
}

int
vfio_sun4v_set_iommu(struct vfio_sun4v_container *c,
		     enum vfio_sun4v_iommu_type type)
{
	int rc;

	if (c == NULL || type < VFIO_SUN4V_IOMMU_LEGACY ||
	    type > VFIO_SUN4V_IOMMU_BYPASS)
		return -EINVAL;
	pthread_mutex_lock(&v4_reg_lock);
	pthread_mutex_lock(&c->cfg_lock);
	if (c->nb_groups == 0) {
		rc = -ENODEV;
	} else if (c->type != VFIO_SUN4V_IOMMU_NONE) {
		rc = -EBUSY;
	} else if (type == VFIO_SUN4V_IOMMU_LEGACY && v4_legacy_taken(c)) {
		V4_LOG(ERR, "legacy table of root complex %d is owned by "
		       "another container", c->rc);
		rc = -EBUSY;
	} else {
		rc = v4_windows_setup(c, type);
		if (rc == 0) {
			c->type = type;
			rc = v4_type_enter(c);
		}
		if (rc != 0) {
			v4_windows_teardown(c);
			c->type = VFIO_SUN4V_IOMMU_NONE;
		}
	}
	pthread_mutex_unlock(&c->cfg_lock);
	pthread_mutex_unlock(&v4_reg_lock);
	return rc;
}

static int
v4_lists_init(struct vfio_sun4v_container *c)
{
	size_t bytes = V4_NB_LISTS * HV_IO_PAGE_SIZE;
	int rc;

	/* 8 KB aligned: a list never crosses a page (facts §2). */
	c->list_mem = aligned_alloc(HV_IO_PAGE_SIZE, bytes);
	if (c->list_mem == NULL)
		return -ENOMEM;
	memset(c->list_mem, 0, bytes);
	rc = sun4v_mem_register(c->p, c->list_mem, bytes);
	if (rc != 0) {
		free(c->list_mem);
		c->list_mem = NULL;
		return rc;
	}
	for (unsigned int i = 0; i < V4_NB_LISTS; i++) {
		pthread_mutex_init(&c->lists[i].lock, NULL);
		c->lists[i].ents = (uint64_t *)((uint8_t *)c->list_mem +
						i * HV_IO_PAGE_SIZE);
	}
	return 0;
}

int
vfio_sun4v_container_create(struct sun4v_platform *p,
			    struct vfio_sun4v_container **out)
{
	struct vfio_sun4v_container *c;
	struct sun4v_fault_stats fs;
	int rc;

	if (p == NULL || out == NULL)
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return -ENOMEM;
	c->p = p;
	c->rc = -1;
	c->fault_cb_id = -1;
	/* Faults recorded before the container existed are not its own. */
	sun4v_fault_stats_get(p, &fs);
	c->fault_cursor = fs.faults;
	pthread_mutex_init(&c->cfg_lock, NULL);
	pthread_mutex_init(&c->fault_lock, NULL);
	rc = v4_lists_init(c);
	if (rc != 0) {
		V4_LOG(ERR, "io_page_list buffers: %s", strerror(-rc));
		pthread_mutex_destroy(&c->cfg_lock);
		pthread_mutex_destroy(&c->fault_lock);
		free(c);
		return rc;
	}
	pthread_mutex_lock(&v4_reg_lock);
	c->next = v4_containers;
	v4_containers = c;
	pthread_mutex_unlock(&v4_reg_lock);
	*out = c;
	return 0;
}

void
vfio_sun4v_container_destroy(struct vfio_sun4v_container *c)
{
	struct vfio_sun4v_container **pp;

	if (c == NULL)
		return;
	v4_fault_fini(c); /* no lock held: it waits for running callbacks */
	pthread_mutex_lock(&v4_reg_lock);
	for (pp = &v4_containers; *pp != NULL && *pp != c; pp = &(*pp)->next)
		;
	if (*pp != NULL)
		*pp = c->next;
	pthread_mutex_lock(&c->cfg_lock);
	v4_windows_teardown(c); /* demap, unbind, unconfigure */
	if (c->type == VFIO_SUN4V_IOMMU_BYPASS)
		for (unsigned int g = 0; g < c->nb_groups; g++)
			v4_fns_bypass(c->groups[g].fns, c->groups[g].nb_fns,
				      false);
	for (unsigned int g = 0; g < c->nb_groups; g++)
		free(c->groups[g].fns);
	free(c->groups);
	pthread_mutex_unlock(&c->cfg_lock);
	pthread_mutex_unlock(&v4_reg_lock);
	if (sun4v_mem_unregister(c->p, c->list_mem,
				 V4_NB_LISTS * HV_IO_PAGE_SIZE) != 0)
		V4_LOG(WARNING, "io_page_list buffers were not registered");
	for (unsigned int i = 0; i < V4_NB_LISTS; i++)
		pthread_mutex_destroy(&c->lists[i].lock);
	free(c->list_mem);
	pthread_mutex_destroy(&c->cfg_lock);
	pthread_mutex_destroy(&c->fault_lock);
	free(c);
}

int
vfio_sun4v_get_info(struct vfio_sun4v_container *c,
		    struct vfio_sun4v_info *info)
{
	if (c == NULL || info == NULL)
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	pthread_mutex_lock(&c->cfg_lock);
	info->type = c->type;
	info->rc = c->rc;
	info->devhandle = c->devhandle;
	info->nb_groups = c->nb_groups;
	info->nb_windows = c->nb_windows;
	for (unsigned int i = 0; i < c->nb_windows; i++) {
		const struct v4_window *w = &c->win[i];
		struct vfio_sun4v_window *o = &info->windows[i];

		*o = (struct vfio_sun4v_window){
			.page_size = w->page_size,
			.iova_base = w->iova_base,
			.iova_size = w->iova_size,
			.entries_total = w->nb_entries,
			.entries_used = atomic_load(&w->used),
			.configured = atomic_load(&w->configured),
			.iotsb_handle = w->handle,
		};
		info->page_sizes |= w->page_size;
		info->entries_total += o->entries_total;
		info->entries_used += o->entries_used;
	}
	pthread_mutex_unlock(&c->cfg_lock);
	return 0;
}

int
vfio_sun4v_pick_page_size(struct vfio_sun4v_container *c, const void *vaddr,
			  uint64_t len, uint64_t *page_size)
{
	uint64_t va = (uint64_t)(uintptr_t)vaddr;
	bool too_big = false;

	if (c == NULL || page_size == NULL || len == 0 ||
	    ((va | len) & HV_IO_PAGE_MASK) != 0)
		return -EINVAL;
	if (c->type == VFIO_SUN4V_IOMMU_NONE ||
	    c->type == VFIO_SUN4V_IOMMU_BYPASS)
		return -ENODEV;
	/* Windows are in ascending page size: take the last that fits. */
	for (unsigned int i = c->nb_windows; i-- > 0;) {
		const struct v4_window *w = &c->win[i];

		if (((va | len) & (w->page_size - 1)) != 0)
			continue;
		if (len > w->iova_size) {
			too_big = true;
			continue;
		}
		*page_size = w->page_size;
		return 0;
	}
	return too_big ? -E2BIG : -EINVAL;
}

int
vfio_sun4v_mem_register(struct vfio_sun4v_container *c, void *va, size_t len)
{
	if (c == NULL)
		return -EINVAL;
	return sun4v_mem_register(c->p, va, len);
}

int
vfio_sun4v_mem_unregister(struct vfio_sun4v_container *c, void *va,
			  size_t len)
{
	if (c == NULL)
		return -EINVAL;
	return sun4v_mem_unregister(c->p, va, len);
}
