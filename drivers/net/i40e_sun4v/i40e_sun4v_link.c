/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The port's cable (doc/guides/nics/i40e_sun4v.rst, "peer"): plugged at
 * probe as the devargs say, checked again at start.
 *
 * A cable has two ends, so bad wiring fails the probe whenever it can be
 * known then (issue 14):
 *  - a peer that is probed, or declared to EAL but not probed yet, must
 *    name this port back (the board checks the first, the devargs list
 *    the second);
 *  - a port declared with --vdev must name a peer that is declared too:
 *    EAL probes every --vdev before the application runs, so an absent one
 *    is absent for good;
 *  - a port created at run time (rte_vdev_init(), hot-plug) may name a
 *    peer that does not exist yet: an application may create every port
 *    before wiring.  The probe says so in a log line; until the peer comes,
 *    the device drops what the port sends and counts it
 *    (tx_dropped_link_down_packets, part of oerrors), and every start that
 *    finds the peer still absent says so again.
 */
#include <errno.h>
#include <string.h>

#include <rte_devargs.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"

static const char *
peer_text(const struct i40e_sun4v_devargs *a)
{
	return a->peer == I40E_SUN4V_PEER_PORT ? a->peer_name :
	       a->peer == I40E_SUN4V_PEER_SELF ? "self" : "sink (the default)";
}

/* The devargs EAL holds for vdev @p name (--vdev, or a hot-plug in
 * progress), or NULL. */
static const struct rte_devargs *
declared(const char *name)
{
	const struct rte_devargs *da;

	RTE_EAL_DEVARGS_FOREACH("vdev", da)
		if (strcmp(da->name, name) == 0)
			return da;
	return NULL;
}

/*
 * The peer is not on the machine yet.  Declared: its devargs must name us
 * back.  Not declared: only a hot-plugged port may wait for it.
 */
static int
check_absent_peer(const struct i40e_sun4v_adapter *ad)
{
	const char *peer = ad->args.peer_name;
	const struct rte_devargs *da = declared(peer);
	struct i40e_sun4v_devargs pa;
	char err[256];

	if (da != NULL) {
		/* Its own probe reports devargs that do not parse. */
		if (i40e_sun4v_devargs_parse(da->args, &pa, err,
					     sizeof(err)) != 0 ||
		    (pa.peer == I40E_SUN4V_PEER_PORT &&
		     strcmp(pa.peer_name, ad->name) == 0))
			return 0;
		I40E_SUN4V_INIT_LOG(ERR, "%s: bad devarg peer=%s: %s is "
			"declared with peer=%s; a cable has two ends, give "
			"%s peer=%s", ad->name, peer, peer, peer_text(&pa),
			peer, ad->name);
		return -EINVAL;
	}
	if (ad->eal_declared) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: bad devarg peer=%s: no such "
			"port (no --vdev %s was given, and EAL probes every "
			"--vdev before the application runs)", ad->name, peer,
			peer);
		return -ENODEV;
	}
	I40E_SUN4V_INIT_LOG(NOTICE, "%s: peer=%s does not exist yet; the link "
		"stays down until a port of that name is hot-plugged, and "
		"frames sent meanwhile are dropped (oerrors, "
		"tx_dropped_link_down_packets)", ad->name, peer);
	return 0;
}

/* Plug the port's cable as its devargs say (probe). */
int
i40e_sun4v_link_peer(struct i40e_sun4v_adapter *ad)
{
	static const enum sim_board_wire kinds[] = {
		[I40E_SUN4V_PEER_SINK] = SIM_BOARD_WIRE_SINK,
		[I40E_SUN4V_PEER_SELF] = SIM_BOARD_WIRE_SELF,
		[I40E_SUN4V_PEER_PORT] = SIM_BOARD_WIRE_PEER,
	};
	char err[256];
	int rc;

	rc = sim_board_fn_wire(ad->fn, kinds[ad->args.peer],
			       ad->args.peer_name, err, sizeof(err));
	if (rc < 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: bad devarg peer=%s: %s",
				    ad->name, peer_text(&ad->args), err);
		return rc;
	}
	if (rc == 1)
		return check_absent_peer(ad);
	return 0;
}

/* dev_start: a peer still absent is worth a line each time (it is where
 * the frames this port sends will go missing). */
void
i40e_sun4v_link_start_check(struct i40e_sun4v_adapter *ad)
{
	if (sim_board_fn_peer_waiting(ad->fn))
		I40E_SUN4V_DRV_LOG(WARNING, "%s: started, but peer=%s is not "
			"there: the link stays down and frames sent are "
			"dropped (oerrors, tx_dropped_link_down_packets) until "
			"%s is probed with peer=%s", ad->name,
			ad->args.peer_name, ad->args.peer_name, ad->name);
}
