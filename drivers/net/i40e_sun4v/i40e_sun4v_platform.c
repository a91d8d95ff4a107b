/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PMD's view of the simulated machine: one sun4v platform per process,
 * its guest RAM (all DPDK memory), the port's function on the fabric, its
 * DMA domain (container + DVMA allocators) and its device model instance,
 * wired to its peer.  Control path only; nothing here runs per packet.
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

#include "i40e_sim.h"
#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"
#include "iova_pool_domain.h"
#include "iova_pool_dpdk.h"
#include "sun4v_platform.h"
#include "vfio_sun4v.h"

static pthread_mutex_t plat_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sun4v_platform *plat;      /* the process's machine */
static unsigned int plat_users;
static char plat_owner[I40E_SUN4V_NAME_MAX]; /* port that set its parameters */
static uint32_t plat_iotlb;
static uint64_t plat_hv_lat;
static uint32_t plat_legacy_mb;
/* Functions claimed for host drivers; released before the machine goes
 * (vfio_sun4v keeps claims by function, across machines). */
#define MAX_HOST_CLAIMS 64
static struct sun4v_func *host_claims[MAX_HOST_CLAIMS];
static unsigned int nb_host_claims;
static struct i40e_sun4v_domain *domains;
static struct i40e_sun4v_adapter *ports[RTE_MAX_ETHPORTS];

/* Route the platform's log into rte_log (topic pmd.net.i40e_sun4v.driver). */
static void
plat_log_sink(void *arg, enum sun4v_log_level level, const char *msg)
{
	static const uint32_t map[] = {
		[SUN4V_LOG_ERR] = RTE_LOG_ERR,
		[SUN4V_LOG_WARNING] = RTE_LOG_WARNING,
		[SUN4V_LOG_NOTICE] = RTE_LOG_NOTICE,
		[SUN4V_LOG_INFO] = RTE_LOG_INFO,
		[SUN4V_LOG_DEBUG] = RTE_LOG_DEBUG,
	};
	uint32_t lvl = (unsigned int)level < RTE_DIM(map) ? map[level] :
		       RTE_LOG_DEBUG;

	RTE_SET_USED(arg);
	rte_log(lvl, i40e_sun4v_logtype_driver, "sim.sun4v: %s\n", msg);
}

/* The platform level matching rte_log's level for the driver topic. */
static enum sun4v_log_level
platform_log_level(void)
{
	int l = rte_log_get_level(i40e_sun4v_logtype_driver);

	if (l >= (int)RTE_LOG_DEBUG)
		return SUN4V_LOG_DEBUG;
	if (l >= (int)RTE_LOG_INFO)
		return SUN4V_LOG_INFO;
	if (l >= (int)RTE_LOG_NOTICE)
		return SUN4V_LOG_NOTICE;
	return l >= (int)RTE_LOG_WARNING ? SUN4V_LOG_WARNING : SUN4V_LOG_ERR;
}

static void
vfio_log_sink(int level, const char *msg, void *arg)
{
	RTE_SET_USED(arg);
	rte_log((uint32_t)level, i40e_sun4v_logtype_driver,
		"vfio_sun4v: %s\n", msg);
}

/* Every VA-contiguous run of DPDK memory is guest RAM of the machine. */
static int
register_run(const struct rte_memseg_list *msl, const struct rte_memseg *ms,
	     size_t len, void *arg)
{
	int rc;

	RTE_SET_USED(msl);
	RTE_SET_USED(arg);
	rc = sun4v_mem_register(plat, ms->addr, len);
	if (rc != 0 && rc != -EEXIST) {
		I40E_SUN4V_INIT_LOG(ERR, "cannot register %p+%zu as guest RAM: %s",
				    ms->addr, len, strerror(-rc));
		return -1;
	}
	return 0;
}

/* Memory hot-plug (dynamic memory mode): keep the RAM registry in step. */
static void
mem_event(enum rte_mem_event type, const void *addr, size_t len, void *arg)
{
	RTE_SET_USED(arg);
	if (plat == NULL)
		return;
	if (type == RTE_MEM_EVENT_ALLOC)
		sun4v_mem_register(plat, (void *)(uintptr_t)addr, len);
	else
		sun4v_mem_unregister(plat, (void *)(uintptr_t)addr, len);
}

/*
 * The OS's own drivers own the non-NIC functions of the default topology
 * (SAS HBA, USB): a group holding one of them is not viable for the PMD,
 * as with Linux VFIO when a group member is bound to a host driver.
 */
static bool
is_default_nic(struct sun4v_func *fn)
{
	for (unsigned int n = 0; n < SUN4V_DEFAULT_NB_NIC_PORTS; n++) {
		struct sun4v_func *nf;

		if (sun4v_platform_default_nic(plat, n, &nf) == 0 && nf == fn)
			return true;
	}
	return false;
}

/* Walk the built-in machine's groups (numbered from 0, none empty). */
static void
host_claim_others(void)
{
	struct sun4v_func *fns[16];
	int n;

	for (int g = 0; (n = sun4v_group_functions(plat, g, fns, RTE_DIM(fns))) > 0;
	     g++)
		for (int i = 0; i < RTE_MIN(n, (int)RTE_DIM(fns)); i++)
			if (!is_default_nic(fns[i]) &&
			    nb_host_claims < MAX_HOST_CLAIMS &&
			    vfio_sun4v_host_claim(plat, fns[i], true) == 0)
				host_claims[nb_host_claims++] = fns[i];
}

/* Caller holds plat_lock. */
static int
platform_get(struct i40e_sun4v_adapter *ad)
{
	struct sun4v_platform_conf conf;
	int rc;

	if (plat != NULL) {
		if (ad->args.iotlb_entries != plat_iotlb ||
		    ad->args.hv_lat_ns != plat_hv_lat ||
		    ad->args.legacy_window_mb != plat_legacy_mb) {
			I40E_SUN4V_INIT_LOG(ERR,
				"%s: iotlb=%u hv_lat_ns=%" PRIu64 " legacy_window=%u "
				"conflict with iotlb=%u hv_lat_ns=%" PRIu64
				" legacy_window=%u already in force on the "
				"simulated platform (set by %s)", ad->name,
				ad->args.iotlb_entries, ad->args.hv_lat_ns,
				ad->args.legacy_window_mb, plat_iotlb,
				plat_hv_lat, plat_legacy_mb, plat_owner);
			return -EINVAL;
		}
		plat_users++;
		return 0;
	}
	memset(&conf, 0, sizeof(conf));
	conf.iotlb_entries = ad->args.iotlb_entries;
	conf.hv_lat_ns = ad->args.hv_lat_ns;
	conf.legacy_size = (uint64_t)ad->args.legacy_window_mb << 20;
	sun4v_log_set_default_sink(plat_log_sink, NULL);
	/* lib/iova_pool's log goes to rte_log (lib.iova_pool) in every
	 * mode, not only once a pool-mode context exists. */
	iova_pool_dpdk_init();
	/* Both libraries use syslog-like levels; let rte_log's level for the
	 * driver topic decide what reaches the log (--log-level). */
	vfio_sun4v_log_set_handler(vfio_log_sink, NULL,
		(int)rte_log_get_level(i40e_sun4v_logtype_driver));
	rc = sun4v_platform_create(&conf, &plat);
	if (rc != 0)
		return rc;
	sun4v_platform_set_log_sink(plat, plat_log_sink, NULL);
	sun4v_platform_set_log_level(plat, platform_log_level());
	rte_mcfg_mem_read_lock();
	rc = rte_memseg_contig_walk_thread_unsafe(register_run, NULL);
	/* ENOTSUP in legacy memory mode (--no-huge): memory is static there. */
	if (rc == 0 && rte_mem_event_callback_register("i40e_sun4v", mem_event,
						       NULL) != 0 &&
	    rte_errno != ENOTSUP)
		I40E_SUN4V_INIT_LOG(WARNING, "no memory events: hot-plugged "
				    "memory will not be DMA-able");
	rte_mcfg_mem_read_unlock();
	if (rc != 0) {
		sun4v_platform_destroy(plat);
		plat = NULL;
		return -EFAULT;
	}
	plat_users = 1;
	plat_iotlb = ad->args.iotlb_entries;
	plat_hv_lat = ad->args.hv_lat_ns;
	plat_legacy_mb = ad->args.legacy_window_mb;
	host_claim_others();
	snprintf(plat_owner, sizeof(plat_owner), "%s", ad->name);
	I40E_SUN4V_INIT_LOG(INFO, "simulated sun4v platform up: %u root "
			    "complexes, iotlb=%u entries, hv_lat_ns=%" PRIu64
			    " (modeled)", sun4v_fabric_nb_rc(plat), plat_iotlb,
			    plat_hv_lat);
	return 0;
}

/* Caller holds plat_lock. */
static void
platform_put(void)
{
	if (plat == NULL || --plat_users > 0)
		return;
	rte_mem_event_callback_unregister("i40e_sun4v", NULL);
	while (nb_host_claims > 0)
		vfio_sun4v_host_claim(plat, host_claims[--nb_host_claims], false);
	sun4v_platform_destroy(plat);
	plat = NULL;
}

/* True when (rc, bdf) is already a port of this process. */
static bool
func_taken(unsigned int rc, uint16_t bdf)
{
	for (unsigned int i = 0; i < RTE_DIM(ports); i++)
		if (ports[i] != NULL && ports[i]->func != NULL &&
		    sun4v_func_rc(ports[i]->func) == rc &&
		    sun4v_func_bdf(ports[i]->func) == bdf)
			return true;
	return false;
}

/*
 * Find the port's function: the given bdf (added under the root port when
 * the topology lacks it), else the next free XL710 of the default topology
 * on rc 0, else a new function 0x10+n:00.0 under the root port.
 */
static int
func_pick(struct i40e_sun4v_adapter *ad)
{
	unsigned int rc = ad->args.rc;
	struct sun4v_func *fn;
	int ret;

	if (rc >= sun4v_fabric_nb_rc(plat)) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: rc=%u does not exist (the "
				    "simulated machine has %u root complexes)",
				    ad->name, rc, sun4v_fabric_nb_rc(plat));
		return -ENODEV;
	}
	if (ad->args.bdf_set) {
		if (func_taken(rc, ad->args.bdf)) {
			I40E_SUN4V_INIT_LOG(ERR, "%s: bdf=%02x:%02x.%x on rc=%u "
				"is already used by another port", ad->name,
				ad->args.bdf >> 8, (ad->args.bdf >> 3) & 0x1f,
				ad->args.bdf & 7, rc);
			return -EBUSY;
		}
		ret = sun4v_fabric_find_function(plat, rc, ad->args.bdf, &fn);
		if (ret != 0)
			ret = sun4v_fabric_add_function(plat, rc, -1,
							ad->args.bdf, &fn);
		if (ret == 0)
			ad->func = fn;
		return ret;
	}
	for (unsigned int n = 0; rc == 0 && n < SUN4V_DEFAULT_NB_NIC_PORTS; n++) {
		if (sun4v_platform_default_nic(plat, n, &fn) == 0 &&
		    !func_taken(rc, sun4v_func_bdf(fn))) {
			ad->func = fn;
			return 0;
		}
	}
	for (uint16_t bus = 0x10; bus < 0xff; bus++) {
		uint16_t bdf = (uint16_t)(bus << 8);

		if (sun4v_fabric_find_function(plat, rc, bdf, &fn) == 0)
			continue;
		ret = sun4v_fabric_add_function(plat, rc, -1, bdf, &fn);
		if (ret == 0)
			ad->func = fn;
		return ret;
	}
	return -ENOSPC;
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

static void
domain_free(struct i40e_sun4v_domain *d)
{
	if (d->pdom != NULL)
		iova_pool_domain_put(d->pdom);
	vfio_sun4v_container_destroy(d->cont);
	free(d);
}

/* A new domain whose container holds @p group.  Caller holds plat_lock. */
static int
domain_create(struct i40e_sun4v_adapter *ad, int group,
	      struct i40e_sun4v_domain **out)
{
	struct i40e_sun4v_domain *d = calloc(1, sizeof(*d));
	int rc;

	if (d == NULL)
		return -ENOMEM;
	d->mode = ad->args.iommu;
	d->rc = ad->args.rc;
	rc = vfio_sun4v_container_create(plat, &d->cont);
	if (rc != 0)
		goto err_free;
	rc = vfio_sun4v_group_attach(d->cont, group);
	if (rc != 0)
		goto err_cont;
	rc = vfio_sun4v_set_iommu(d->cont, iommu_type(d->mode));
	if (rc != 0)
		goto err_cont;
	if (d->mode != I40E_SUN4V_IOMMU_BYPASS) {
		rc = iova_pool_domain_get(d->cont, &d->pdom);
		if (rc == 0)
			rc = iova_pool_domain_allocator(d->pdom, 8192,
							&d->alloc8k);
		if (rc != 0)
			goto err_cont;
	}
	*out = d;
	return 0;
err_cont:
	if (d->pdom != NULL)
		iova_pool_domain_put(d->pdom);
	vfio_sun4v_container_destroy(d->cont);
err_free:
	free(d);
	return rc;
}

/* Caller holds plat_lock. */
static int
domain_get(struct i40e_sun4v_adapter *ad)
{
	int group = sun4v_func_group(ad->func);
	struct i40e_sun4v_domain *d;
	int rc;

	/* A group is the unit of isolation: its ports share one domain. */
	for (unsigned int i = 0; i < RTE_DIM(ports); i++) {
		struct i40e_sun4v_adapter *o = ports[i];

		if (o == NULL || o->dom == NULL ||
		    sun4v_func_group(o->func) != group)
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
			    d->rc != ad->args.rc)
				continue;
			rc = vfio_sun4v_group_attach(d->cont, group);
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

/* Caller holds plat_lock. */
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
		    sun4v_func_group(ports[i]->func) ==
		    sun4v_func_group(ad->func))
			group_shared = true;
	if (--d->refcnt > 0) {
		if (!group_shared)
			vfio_sun4v_group_detach(d->cont,
						sun4v_func_group(ad->func));
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

/* Nanosecond clock for the device model's pacing, from the TSC. */
static uint64_t
tsc_clock_ns(void *arg)
{
	const double *ns_per_cycle = arg;

	return (uint64_t)((double)rte_get_tsc_cycles() * *ns_per_cycle);
}

static double tsc_ns_per_cycle;

/*
 * dev_rc=: the device's DMA goes through another root complex than the one
 * whose IOMMU the driver programs.  Its requester there has the same BDF
 * (found, or added under that root port).
 */
static int
dev_func_pick(struct i40e_sun4v_adapter *ad)
{
	uint16_t bdf = sun4v_func_bdf(ad->func);
	unsigned int rc = ad->args.dev_rc;

	ad->dev_func = ad->func;
	if (!ad->args.dev_rc_set || rc == ad->args.rc)
		return 0;
	if (rc >= sun4v_fabric_nb_rc(plat)) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: dev_rc=%u does not exist", ad->name,
				    rc);
		return -ENODEV;
	}
	if (sun4v_fabric_find_function(plat, rc, bdf, &ad->dev_func) == 0)
		return 0;
	return sun4v_fabric_add_function(plat, rc, -1, bdf, &ad->dev_func);
}

static int
sim_port_create(struct i40e_sun4v_adapter *ad)
{
	struct i40e_sim_port_conf pc;

	if (tsc_ns_per_cycle == 0)
		tsc_ns_per_cycle = 1e9 / (double)rte_get_tsc_hz();
	memset(&pc, 0, sizeof(pc));
	pc.func = ad->dev_func;
	pc.name = ad->name;
	pc.speed_mbps = ad->args.speed_mbps;
	pc.pace_off = !ad->args.pace;
	pc.clock = tsc_clock_ns;
	pc.clock_arg = &tsc_ns_per_cycle;
	pc.nb_queues = I40E_SUN4V_MAX_QUEUES;
	return i40e_sim_port_create(&pc, &ad->sim);
}

int
i40e_sun4v_platform_attach(struct i40e_sun4v_adapter *ad)
{
	int rc;

	pthread_mutex_lock(&plat_lock);
	rc = platform_get(ad);
	if (rc != 0)
		goto out;
	ad->plat = plat;
	rc = func_pick(ad);
	if (rc != 0)
		goto err_plat;
	rc = domain_get(ad);
	if (rc != 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: cannot attach %02x:%02x.%x "
			"(group %d) to a %s DMA domain: %s", ad->name,
			sun4v_func_bdf(ad->func) >> 8,
			(sun4v_func_bdf(ad->func) >> 3) & 0x1f,
			sun4v_func_bdf(ad->func) & 7,
			sun4v_func_group(ad->func),
			i40e_sun4v_iommu_name(ad->args.iommu), strerror(-rc));
		goto err_func;
	}
	rc = dev_func_pick(ad);
	if (rc == 0)
		rc = sim_port_create(ad);
	if (rc != 0)
		goto err_dom;
	/* Administratively down until dev_start: frames from a peer reach a
	 * port that was never started as link-down drops (counted). */
	i40e_sim_port_set_link(ad->sim, false);
	if (ad->dev_func != ad->func)
		I40E_SUN4V_INIT_LOG(WARNING, "%s: miswired on purpose (dev_rc=%u):"
			" the driver programs rc %u's IOMMU, the device's DMA "
			"goes through rc %u's", ad->name, ad->args.dev_rc,
			ad->args.rc, ad->args.dev_rc);
	ports[ad->dev->data->port_id] = ad;
	goto out;
err_dom:
	domain_put(ad);
err_func:
	ad->func = NULL;
err_plat:
	ad->plat = NULL;
	platform_put();
out:
	pthread_mutex_unlock(&plat_lock);
	return rc;
}

void
i40e_sun4v_platform_detach(struct i40e_sun4v_adapter *ad)
{
	pthread_mutex_lock(&plat_lock);
	if (ad->sim != NULL) {
		i40e_sim_port_destroy(ad->sim);
		ad->sim = NULL;
	}
	domain_put(ad);
	ports[ad->dev->data->port_id] = NULL;
	ad->func = NULL;
	ad->dev_func = NULL;
	if (ad->plat != NULL) {
		ad->plat = NULL;
		platform_put();
	}
	pthread_mutex_unlock(&plat_lock);
}

static struct i40e_sun4v_adapter *
port_by_name(const char *name)
{
	for (unsigned int i = 0; i < RTE_DIM(ports); i++)
		if (ports[i] != NULL && strcmp(ports[i]->name, name) == 0)
			return ports[i];
	return NULL;
}

/*
 * Wire the port as its devargs say.  A named peer that is not probed yet is
 * not an error: the link stays down until that peer's probe wires both.
 */
int
i40e_sun4v_link_peer(struct i40e_sun4v_adapter *ad)
{
	struct i40e_sun4v_adapter *peer;
	int rc = 0;

	pthread_mutex_lock(&plat_lock);
	switch (ad->args.peer) {
	case I40E_SUN4V_PEER_SELF:
		rc = i40e_sim_port_connect(ad->sim, ad->sim);
		ad->link_connected = rc == 0;
		break;
	case I40E_SUN4V_PEER_SINK:
		ad->link_connected = true;
		break;
	case I40E_SUN4V_PEER_PORT:
		peer = port_by_name(ad->args.peer_name);
		if (peer == NULL)
			break;
		if (peer->args.peer != I40E_SUN4V_PEER_PORT ||
		    strcmp(peer->args.peer_name, ad->name) != 0) {
			I40E_SUN4V_INIT_LOG(ERR, "%s: peer=%s, but %s is not "
				"wired back (its peer is %s)", ad->name,
				peer->name, peer->name,
				peer->args.peer == I40E_SUN4V_PEER_PORT ?
				peer->args.peer_name :
				peer->args.peer == I40E_SUN4V_PEER_SELF ?
				"self" : "sink");
			rc = -EINVAL;
			break;
		}
		rc = i40e_sim_port_connect(ad->sim, peer->sim);
		if (rc != 0) {
			I40E_SUN4V_INIT_LOG(ERR, "%s: cannot wire to %s: %s "
				"(speeds %u and %u Mb/s)", ad->name, peer->name,
				strerror(-rc), ad->args.speed_mbps,
				peer->args.speed_mbps);
			break;
		}
		ad->link_connected = true;
		peer->link_connected = true;
		break;
	}
	pthread_mutex_unlock(&plat_lock);
	return rc;
}

void
i40e_sun4v_unlink_peer(struct i40e_sun4v_adapter *ad)
{
	struct i40e_sun4v_adapter *peer;

	pthread_mutex_lock(&plat_lock);
	if (ad->args.peer == I40E_SUN4V_PEER_PORT && ad->link_connected) {
		peer = port_by_name(ad->args.peer_name);
		if (peer != NULL)
			peer->link_connected = false;
	}
	if (ad->sim != NULL)
		i40e_sim_port_disconnect(ad->sim);
	ad->link_connected = false;
	pthread_mutex_unlock(&plat_lock);
}

/*
 * Link partner state: a wired peer port counts only while it is started
 * (a stopped port's PHY is down).  Sink, self and generator are always up.
 */
bool
i40e_sun4v_peer_up(struct i40e_sun4v_adapter *ad)
{
	struct i40e_sun4v_adapter *peer;
	bool up;

	if (ad->args.peer != I40E_SUN4V_PEER_PORT)
		return true;
	pthread_mutex_lock(&plat_lock);
	peer = port_by_name(ad->args.peer_name);
	up = peer != NULL && ad->link_connected &&
	     peer->dev->data->dev_started != 0;
	pthread_mutex_unlock(&plat_lock);
	return up;
}

/* IOTLB counters of the tables this port translates through. */
void
i40e_sun4v_iotlb_counts(struct i40e_sun4v_adapter *ad, uint64_t *hits,
			uint64_t *misses)
{
	struct vfio_sun4v_info info;
	struct sun4v_table_stats ts;

	*hits = 0;
	*misses = 0;
	if (ad->dom == NULL || vfio_sun4v_get_info(ad->dom->cont, &info) != 0)
		return;
	for (unsigned int i = 0; i < info.nb_windows; i++) {
		if (!info.windows[i].configured)
			continue;
		if (sun4v_table_stats_get(ad->plat, ad->dom->rc,
					  info.windows[i].iotsb_handle,
					  &ts) == 0) {
			*hits += ts.iotlb_hits;
			*misses += ts.iotlb_misses;
		}
	}
}
