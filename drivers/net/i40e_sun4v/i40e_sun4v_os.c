/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the OS does for the driver (doc/design.md §4): join the simulated
 * machine (sim/board), tell it which memory is RAM (all DPDK memory),
 * claim the functions that belong to host drivers so their groups are not
 * viable, ask the board for the port's PCI function, and put the
 * function's IOMMU group in a DMA domain (a vfio_sun4v container plus the
 * iova_pool domain that allocates DVMA in it).  Control path only.
 *
 * The machine itself (platform, placement, cabling, the NIC model) is the
 * board's; this file never reaches into sim/sun4v or sim/i40e.
 *
 * doc/guides/nics/i40e_sun4v.rst "DMA domains" explains the sharing rules:
 * legacy ports on one root complex share one domain (one 2 GB window), ATU
 * and bypass ports get their own (per-group IOTSBs, isolation).
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_eal_memconfig.h>
#include <rte_memory.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"
#include "iova_pool_domain.h"
#include "iova_pool_dpdk.h"
#include "sim_board.h"
#include "vfio_sun4v.h"

/* The OS's state, one per process as a kernel's is. */
static pthread_mutex_t os_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_board *os_board;     /* the machine we run on */
static unsigned int os_users;
#define MAX_HOST_CLAIMS 64
static struct sun4v_func *host_claims[MAX_HOST_CLAIMS];
static unsigned int nb_host_claims;
static struct i40e_sun4v_domain *domains;
static struct i40e_sun4v_adapter *ports[RTE_MAX_ETHPORTS];

/* The board's and vfio_sun4v's log lines go to rte_log (driver topic). */
static void
board_log_sink(void *arg, int level, const char *msg)
{
	RTE_SET_USED(arg);
	rte_log((uint32_t)level, i40e_sun4v_logtype_driver, "%s\n", msg);
}

static void
vfio_log_sink(int level, const char *msg, void *arg)
{
	RTE_SET_USED(arg);
	rte_log((uint32_t)level, i40e_sun4v_logtype_driver,
		"vfio_sun4v: %s\n", msg);
}

/* Nanosecond clock for the device's pacing, from the TSC: ns = cycles x
 * (1e9 / hz) as a 32.32 fixed-point multiply (the device reads it at every
 * poll and doorbell; a double conversion cost 2 % of a paced run). */
static uint64_t tsc_ns_mult;   /* 1e9 / hz, << 32 */

static uint64_t
tsc_clock_ns(void *arg)
{
	RTE_SET_USED(arg);
	return (uint64_t)(((unsigned __int128)rte_get_tsc_cycles() *
			   tsc_ns_mult) >> 32);
}

/* Every VA-contiguous run of DPDK memory is RAM of the machine. */
static int
register_run(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	     size_t len, void *arg)
{
	int rc;

	RTE_SET_USED(msl);
	rc = sim_board_mem_register(arg, ms->addr, len);
	if (rc != 0 && rc != -EEXIST) {
		I40E_SUN4V_INIT_LOG(ERR, "cannot register %p+%zu as RAM of the "
				    "simulated machine: %s", ms->addr, len,
				    strerror(-rc));
		return -1;
	}
	return 0;
}

/* Memory hot-plug (dynamic memory mode): keep the RAM map in step. */
static void
mem_event(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	RTE_SET_USED(arg);
	if (os_board == NULL)
		return;
	if (type == RTE_MEM_EVENT_ALLOC)
		sim_board_mem_register(os_board, (void *)(uintptr_t)addr, len);
	else
		sim_board_mem_unregister(os_board, (void *)(uintptr_t)addr, len);
}

static int
os_memory_register(struct sim_board *b)
{
	int rc;

	rte_mcfg_mem_read_lock();
	rc = rte_memseg_contig_walk_thread_unsafe(register_run, b);
	/* ENOTSUP in legacy memory mode (--no-huge): memory is static. */
	if (rc == 0 && rte_mem_event_callback_register("i40e_sun4v", mem_event,
						       NULL) != 0 &&
	    rte_errno != ENOTSUP)
		I40E_SUN4V_INIT_LOG(WARNING, "no memory events: hot-plugged "
				    "memory will not be DMA-able");
	rte_mcfg_mem_read_unlock();
	return rc == 0 ? 0 : -EFAULT;
}

/* The firmware's host-driver functions (SAS HBA, USB) are claimed, as
 * Linux binds them before any user-space driver: their groups are not
 * viable for the PMD (vfio_sun4v_group_attach() says which and why). */
static void
os_host_claims(struct sim_board *b)
{
	struct sun4v_func *fns[MAX_HOST_CLAIMS];
	int n = sim_board_host_functions(b, fns, MAX_HOST_CLAIMS);

	for (int i = 0; i < RTE_MIN(n, MAX_HOST_CLAIMS); i++)
		if (vfio_sun4v_host_claim(sim_board_platform(b), fns[i],
					  true) == 0)
			host_claims[nb_host_claims++] = fns[i];
}

static struct sim_board_conf
os_board_conf(const struct i40e_sun4v_adapter *ad)
{
	struct sim_board_conf c = {
		.iotlb_entries = ad->args.iotlb_entries,
		.hv_lat_ns = ad->args.hv_lat_ns,
		.legacy_window_mb = ad->args.legacy_window_mb,
		.log = board_log_sink,
		.log_level = (int)rte_log_get_level(i40e_sun4v_logtype_driver),
		.clock = tsc_clock_ns,
	};

	if (ad->args.machine_set & I40E_SUN4V_MACHINE_IOTLB)
		c.set |= SIM_BOARD_KEY_IOTLB;
	if (ad->args.machine_set & I40E_SUN4V_MACHINE_HV_LAT)
		c.set |= SIM_BOARD_KEY_HV_LAT;
	if (ad->args.machine_set & I40E_SUN4V_MACHINE_LEGACY_WINDOW)
		c.set |= SIM_BOARD_KEY_LEGACY_WINDOW;
	return c;
}

/* Caller holds os_lock. */
static int
os_get(struct i40e_sun4v_adapter *ad)
{
	struct sim_board_conf c = os_board_conf(ad);
	char err[256];
	int rc;

	if (tsc_ns_mult == 0)
		tsc_ns_mult = (uint64_t)(((unsigned __int128)1000000000u << 32) /
					 rte_get_tsc_hz());
	rc = sim_board_get(&c, ad->name, &ad->board, err, sizeof(err));
	if (rc != 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s", err);
		return rc;
	}
	if (os_users++ > 0)
		return 0;
	os_board = ad->board;
	i40e_sun4v_log_timer_start();
	i40e_sun4v_mp_server_start();
	/* lib/iova_pool's log goes to rte_log (lib.iova_pool) in every
	 * mode; vfio_sun4v's follows the driver topic's level. */
	iova_pool_dpdk_init();
	vfio_sun4v_log_set_handler(vfio_log_sink, NULL,
		(int)rte_log_get_level(i40e_sun4v_logtype_driver));
	rc = os_memory_register(ad->board);
	if (rc != 0) {
		i40e_sun4v_mp_server_stop();
		i40e_sun4v_log_timer_stop();
		os_users = 0;
		os_board = NULL;
		sim_board_put(ad->board);
		ad->board = NULL;
		return rc;
	}
	os_host_claims(ad->board);
	return 0;
}

/* Caller holds os_lock. */
static void
os_put(struct i40e_sun4v_adapter *ad)
{
	if (ad->board == NULL)
		return;
	if (--os_users == 0) {
		rte_mem_event_callback_unregister("i40e_sun4v", NULL);
		while (nb_host_claims > 0)
			vfio_sun4v_host_claim(sim_board_platform(ad->board),
					      host_claims[--nb_host_claims],
					      false);
		os_board = NULL;
		i40e_sun4v_mp_server_stop();
		i40e_sun4v_log_timer_stop();
	}
	sim_board_put(ad->board);
	ad->board = NULL;
}

static enum vfio_sun4v_iommu_type
iommu_type(enum i40e_sun4v_iommu_mode m)
{
	if (m == I40E_SUN4V_IOMMU_LEGACY)
		return VFIO_SUN4V_IOMMU_LEGACY;
	if (m == I40E_SUN4V_IOMMU_BYPASS)
		return VFIO_SUN4V_IOMMU_BYPASS;
	return VFIO_SUN4V_IOMMU_ATU;
}

/* A new domain whose container holds @p group (one library call: container,
 * group, IOMMU type, DVMA allocators).  Caller holds os_lock. */
static int
domain_create(struct i40e_sun4v_adapter *ad, int group,
	      struct i40e_sun4v_domain **out)
{
	struct i40e_sun4v_domain *d = calloc(1, sizeof(*d));
	int rc;

	if (d == NULL)
		return -ENOMEM;
	d->mode = ad->args.iommu;
	d->rc = ad->fi.rc;
	rc = iova_pool_domain_open(sim_board_platform(ad->board), group,
				   iommu_type(d->mode), &d->h);
	if (rc != 0) {
		free(d);
		return rc;
	}
	*out = d;
	return 0;
}

/* The ports' pools and contexts are gone by now (close order), so the
 * handle holds the last reference. */
static void
domain_free(struct i40e_sun4v_domain *d)
{
	int rc = iova_pool_domain_close(d->h);

	if (rc != 0)
		I40E_SUN4V_DRV_LOG(ERR, "DMA domain of rc %u still referenced "
				   "at close (%s): its IOTSB entries stay",
				   d->rc, strerror(-rc));
	else
		free(d);
}

/* Caller holds os_lock. */
static int
domain_get(struct i40e_sun4v_adapter *ad)
{
	int group = ad->fi.group;
	struct i40e_sun4v_domain *d;
	int rc;

	/* A group is the unit of isolation: its ports share one domain. */
	for (unsigned int i = 0; i < RTE_DIM(ports); i++) {
		struct i40e_sun4v_adapter *o = ports[i];

		if (o == NULL || o->dom == NULL || o->fi.group != group)
			continue;
		if (o->dom->mode != ad->args.iommu) {
			I40E_SUN4V_INIT_LOG(ERR, "%s: iommu=%s, but %s in the "
				"same IOMMU group %d uses iommu=%s", ad->name,
				i40e_sun4v_iommu_name(ad->args.iommu), o->name,
				group, i40e_sun4v_iommu_name(o->dom->mode));
			return -EINVAL;
		}
		o->dom->refcnt++;
		ad->dom = o->dom;
		return 0;
	}
	if (ad->args.iommu == I40E_SUN4V_IOMMU_LEGACY) {
		for (d = domains; d != NULL; d = d->next) {
			if (d->mode != I40E_SUN4V_IOMMU_LEGACY ||
			    d->rc != ad->fi.rc)
				continue;
			rc = vfio_sun4v_group_attach(d->h->container, group);
			if (rc != 0 && rc != -EEXIST)
				return rc;
			d->refcnt++;
			ad->dom = d;
			return 0;
		}
	}
	rc = domain_create(ad, group, &d);
	if (rc != 0)
		return rc;
	d->refcnt = 1;
	d->next = domains;
	domains = d;
	ad->dom = d;
	return 0;
}

/* Caller holds os_lock. */
static void
domain_put(struct i40e_sun4v_adapter *ad)
{
	struct i40e_sun4v_domain **pp, *d = ad->dom;
	bool group_shared = false;

	if (d == NULL)
		return;
	ad->dom = NULL;
	/* Another port of the same group keeps the group attached. */
	for (unsigned int i = 0; i < RTE_DIM(ports); i++)
		if (ports[i] != NULL && ports[i] != ad && ports[i]->dom == d &&
		    ports[i]->fi.group == ad->fi.group)
			group_shared = true;
	if (--d->refcnt > 0) {
		if (!group_shared)
			vfio_sun4v_group_detach(d->h->container, ad->fi.group);
		return;
	}
	for (pp = &domains; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	domain_free(d);
}

static int
fn_open(struct i40e_sun4v_adapter *ad)
{
	struct sim_board_fn_req req = {
		.name = ad->name,
		.rc = ad->args.rc,
		.bdf_set = ad->args.bdf_set,
		.bdf = ad->args.bdf,
		.dev_rc_set = ad->args.dev_rc_set,
		.dev_rc = ad->args.dev_rc,
		.speed_mbps = ad->args.speed_mbps,
		.pace = ad->args.pace,
		.pps_limit_set = ad->args.pps_limit_set,
		.pps_limit = ad->args.pps_limit,
		.nb_queues = I40E_SUN4V_MAX_QUEUES,
		.engine = ad->args.engine == I40E_SUN4V_ENGINE_SERVICE ?
			  SIM_BOARD_ENGINE_SERVICE : SIM_BOARD_ENGINE_INLINE,
	};
	char err[256];
	int rc;

	rc = sim_board_fn_open(ad->board, &req, &ad->fn, err, sizeof(err));
	if (rc != 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: %s", ad->name, err);
		return rc;
	}
	sim_board_fn_info(ad->fn, &ad->fi);
	if (ad->fi.miswired)
		I40E_SUN4V_INIT_LOG(WARNING, "%s: miswired on purpose (dev_rc=%u):"
			" the driver programs rc %u's IOMMU, the device's DMA "
			"goes through rc %u's", ad->name, ad->fi.dev_rc,
			ad->fi.rc, ad->fi.dev_rc);
	return 0;
}

/*
 * Probe's way down: the OS (machine, RAM, host claims) -> the board's
 * function -> the DMA domain of its group.  Everything comes back as
 * return values; on failure nothing is left behind.
 */
int
i40e_sun4v_os_attach(struct i40e_sun4v_adapter *ad)
{
	int rc;

	pthread_mutex_lock(&os_lock);
	rc = os_get(ad);
	if (rc != 0)
		goto out;
	rc = fn_open(ad);
	if (rc != 0)
		goto err_os;
	rc = domain_get(ad);
	if (rc != 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: cannot attach %02x:%02x.%x "
			"(group %d) to a %s DMA domain: %s", ad->name,
			ad->fi.bdf >> 8, (ad->fi.bdf >> 3) & 0x1f,
			ad->fi.bdf & 7, ad->fi.group,
			i40e_sun4v_iommu_name(ad->args.iommu), strerror(-rc));
		goto err_fn;
	}
	ports[ad->dev->data->port_id] = ad;
	goto out;
err_fn:
	sim_board_fn_close(ad->fn);
	ad->fn = NULL;
err_os:
	os_put(ad);
out:
	pthread_mutex_unlock(&os_lock);
	return rc;
}

void
i40e_sun4v_os_detach(struct i40e_sun4v_adapter *ad)
{
	pthread_mutex_lock(&os_lock);
	domain_put(ad);
	ports[ad->dev->data->port_id] = NULL;
	if (ad->fn != NULL) {
		sim_board_fn_close(ad->fn);
		ad->fn = NULL;
	}
	os_put(ad);
	pthread_mutex_unlock(&os_lock);
}

/* IOTLB counters of the tables this port translates through. */
void
i40e_sun4v_iotlb_counts(struct i40e_sun4v_adapter *ad, uint64_t *hits,
			uint64_t *misses)
{
	struct vfio_sun4v_info info;

	*hits = 0;
	*misses = 0;
	if (ad->dom == NULL || vfio_sun4v_get_info(ad->dom->h->container, &info) != 0)
		return;
	for (unsigned int i = 0; i < info.nb_windows; i++) {
		uint64_t h, m;

		if (info.windows[i].configured &&
		    sim_board_fn_iotlb_stats(ad->fn,
					     info.windows[i].iotsb_handle,
					     &h, &m) == 0) {
			*hits += h;
			*misses += m;
		}
	}
}
