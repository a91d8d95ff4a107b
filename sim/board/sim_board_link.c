/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Cables, link state, device control and counters of the board's
 * functions (doc/design/board.md §3).  Control path: every function here
 * takes the board's lock, so none races with the engine round.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim_board_priv.h"
#include "sun4v_platform.h"

static void
link_changed(struct sim_board_fn *fn)
{
	atomic_fetch_add(&fn->link_changes, 1);
	if (fn->peer != NULL && fn->peer != fn)
		atomic_fetch_add(&fn->peer->link_changes, 1);
}

/* Connect two functions' devices.  Caller holds the board lock. */
static int
wire_connect(struct sim_board_fn *a, struct sim_board_fn *b, char *err,
	     size_t errlen)
{
	int rc = i40e_sim_port_connect(a->port, b->port);

	if (rc != 0) {
		snprintf(err, errlen, "%s: cannot wire to %s: %s (speeds %u "
			 "and %u Mb/s)", a->name, b->name, strerror(-rc),
			 a->speed_mbps, b->speed_mbps);
		return rc;
	}
	a->peer = b;
	b->peer = a;
	link_changed(a);
	return 0;
}

static const char *
wire_name(enum sim_board_wire kind, const char *peer)
{
	return kind == SIM_BOARD_WIRE_PEER ? peer :
	       kind == SIM_BOARD_WIRE_SELF ? "self" : "sink";
}

/*
 * A cable has two ends: a function that waits for @p fn (names it, not yet
 * connected) must be named back.  Without this check the waiter's link
 * would stay down forever (issue 14).  Caller holds the board lock.
 */
static int
wire_check_waiter(struct sim_board_fn *fn, enum sim_board_wire kind,
		  const char *peer, char *err, size_t errlen)
{
	for (unsigned int i = 0; i < SIM_BOARD_MAX_FNS; i++) {
		struct sim_board_fn *w = fn->board->fns[i];

		if (w == NULL || w == fn || !w->wired ||
		    w->wire != SIM_BOARD_WIRE_PEER || w->peer != NULL ||
		    strcmp(w->peer_name, fn->name) != 0)
			continue;
		if (kind == SIM_BOARD_WIRE_PEER && peer != NULL &&
		    strcmp(peer, w->name) == 0)
			return 0;
		snprintf(err, errlen, "%s: wired to %s, but %s waits for it "
			 "(its peer is %s): a cable has two ends, wire %s to "
			 "%s", fn->name, wire_name(kind, peer), w->name,
			 fn->name, fn->name, w->name);
		return -EINVAL;
	}
	return 0;
}

/* Another function that waits for @p name (names it, not connected), or
 * NULL.  Caller holds the board lock. */
static struct sim_board_fn *
waiter_for(struct sim_board_fn *fn, const char *name)
{
	for (unsigned int i = 0; i < SIM_BOARD_MAX_FNS; i++) {
		struct sim_board_fn *w = fn->board->fns[i];

		if (w != NULL && w != fn && w->wired &&
		    w->wire == SIM_BOARD_WIRE_PEER && w->peer == NULL &&
		    strcmp(w->peer_name, name) == 0)
			return w;
	}
	return NULL;
}

/* Caller holds the board lock. */
static int
wire_peer(struct sim_board_fn *fn, const char *name, char *err, size_t errlen)
{
	struct sim_board_fn *rival;

	struct sim_board_fn *peer;

	if (strlen(name) >= sizeof(fn->peer_name)) {
		snprintf(err, errlen, "%s: peer name too long", fn->name);
		return -EINVAL;
	}
	snprintf(fn->peer_name, sizeof(fn->peer_name), "%s", name);
	peer = sim_board_fn_by_name(fn->board, name);
	/* Not opened, or opened but not plugged yet: its own wire call
	 * connects both; until then the cable has no partner. */
	if (peer == NULL || (peer != fn && !peer->wired)) {
		/* A cable has two ends: two functions cannot both wait for
		 * one peer (found by fuzz_pmd_ports: the second would wait
		 * forever once the peer names the first). */
		rival = waiter_for(fn, name);
		if (rival != NULL) {
			snprintf(err, errlen, "%s: peer=%s, but %s already "
				 "waits for %s: a cable has two ends", fn->name,
				 name, rival->name, name);
			return -EINVAL;
		}
		i40e_sim_port_unplug(fn->port);
		return 1;
	}
	if (peer == fn) {
		snprintf(err, errlen, "%s: peer=%s names itself (use self)",
			 fn->name, name);
		return -EINVAL;
	}
	if (peer->wire != SIM_BOARD_WIRE_PEER ||
	    strcmp(peer->peer_name, fn->name) != 0) {
		snprintf(err, errlen, "%s: peer=%s, but %s is not wired back "
			 "(its peer is %s)", fn->name, name, name,
			 peer->wire == SIM_BOARD_WIRE_PEER ? peer->peer_name :
			 peer->wire == SIM_BOARD_WIRE_SELF ? "self" : "sink");
		return -EINVAL;
	}
	return wire_connect(fn, peer, err, errlen);
}

int
sim_board_fn_wire(struct sim_board_fn *fn, enum sim_board_wire kind,
		  const char *peer, char *err, size_t errlen)
{
	char dummy[8];
	int rc = 0;

	if (err == NULL || errlen == 0) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = '\0';
	pthread_mutex_lock(&fn->board->lock);
	rc = wire_check_waiter(fn, kind, peer, err, errlen);
	if (rc != 0) {
		pthread_mutex_unlock(&fn->board->lock);
		return rc;
	}
	if (fn->peer != NULL)
		sim_board_fn_cut(fn);
	fn->wire = kind;
	fn->peer_name[0] = '\0';
	switch (kind) {
	case SIM_BOARD_WIRE_SINK:
		i40e_sim_port_disconnect(fn->port); /* also from "no partner" */
		link_changed(fn);
		break;
	case SIM_BOARD_WIRE_SELF:
		rc = wire_connect(fn, fn, err, errlen);
		break;
	case SIM_BOARD_WIRE_PEER:
		rc = peer == NULL ? -EINVAL : wire_peer(fn, peer, err, errlen);
		break;
	default:
		snprintf(err, errlen, "%s: unknown wire kind %d", fn->name,
			 (int)kind);
		rc = -EINVAL;
	}
	if (rc < 0) {
		fn->wire = SIM_BOARD_WIRE_SINK;
		fn->peer_name[0] = '\0';
		i40e_sim_port_disconnect(fn->port);
	}
	fn->wired = true;
	pthread_mutex_unlock(&fn->board->lock);
	return rc;
}

void
sim_board_fn_set_admin(struct sim_board_fn *fn, bool up)
{
	pthread_mutex_lock(&fn->board->lock);
	i40e_sim_port_set_link(fn->port, up);
	atomic_store(&fn->admin_up, up);
	link_changed(fn);
	pthread_mutex_unlock(&fn->board->lock);
}

bool
sim_board_fn_peer_waiting(struct sim_board_fn *fn)
{
	bool waiting;

	pthread_mutex_lock(&fn->board->lock);
	waiting = fn->wired && fn->wire == SIM_BOARD_WIRE_PEER &&
		  fn->peer == NULL;
	pthread_mutex_unlock(&fn->board->lock);
	return waiting;
}

bool
sim_board_fn_link_up(struct sim_board_fn *fn)
{
	bool up;

	pthread_mutex_lock(&fn->board->lock);
	up = atomic_load(&fn->admin_up) && i40e_sim_link_up(fn->port);
	if (up && fn->wire != SIM_BOARD_WIRE_SINK)
		up = fn->peer != NULL && atomic_load(&fn->peer->admin_up);
	pthread_mutex_unlock(&fn->board->lock);
	return up;
}

uint64_t
sim_board_fn_link_changes(struct sim_board_fn *fn)
{
	return atomic_load(&fn->link_changes);
}

int
sim_board_fn_gen_set(struct sim_board_fn *fn,
		     const struct i40e_sim_gen_conf *conf)
{
	int rc;

	pthread_mutex_lock(&fn->board->lock);
	rc = i40e_sim_gen_set(fn->port, conf);
	pthread_mutex_unlock(&fn->board->lock);
	return rc;
}

int
sim_board_fn_inject_set(struct sim_board_fn *fn,
			const struct i40e_sim_inject_conf *conf)
{
	int rc;

	pthread_mutex_lock(&fn->board->lock);
	rc = i40e_sim_inject_set(fn->port, conf);
	pthread_mutex_unlock(&fn->board->lock);
	return rc;
}

bool
sim_board_fn_quarantined(struct sim_board_fn *fn)
{
	return sun4v_func_quarantined(fn->dev_func);
}

int
sim_board_fn_reset(struct sim_board_fn *fn)
{
	pthread_mutex_lock(&fn->board->lock);
	sun4v_func_reset(fn->dev_func);
	i40e_sim_port_reset(fn->port);
	i40e_sim_port_set_link(fn->port, atomic_load(&fn->admin_up));
	link_changed(fn);
	pthread_mutex_unlock(&fn->board->lock);
	return 0;
}

/* Under the board lock, which a service-lcore engine round holds while
 * it counts (sim_board_engine_run()): a reader on another lcore gets
 * whole counters, not ones the round is writing. */
int
sim_board_fn_stats(struct sim_board_fn *fn, struct i40e_sim_port_stats *out)
{
	int rc;

	pthread_mutex_lock(&fn->board->lock);
	rc = i40e_sim_port_stats_get(fn->port, out);
	pthread_mutex_unlock(&fn->board->lock);
	return rc;
}

int
sim_board_fn_queue_stats(struct sim_board_fn *fn, uint16_t queue,
			 struct i40e_sim_queue_stats *rx,
			 struct i40e_sim_queue_stats *tx)
{
	int rc;

	pthread_mutex_lock(&fn->board->lock);
	rc = i40e_sim_queue_stats_get(fn->port, queue, rx, tx);
	pthread_mutex_unlock(&fn->board->lock);
	return rc;
}

int
sim_board_fn_stats_reset(struct sim_board_fn *fn)
{
	int rc;

	pthread_mutex_lock(&fn->board->lock);
	rc = i40e_sim_port_stats_reset(fn->port);
	pthread_mutex_unlock(&fn->board->lock);
	return rc;
}

int
sim_board_fn_iommu_stats(struct sim_board_fn *fn,
			 struct sim_board_iommu_stats *out)
{
	struct sun4v_func_stats fs;

	memset(out, 0, sizeof(*out));
	sun4v_func_stats_get(fn->dev_func, &fs);
	for (unsigned int i = 0; i < SUN4V_FAULT_NB_REASONS; i++)
		out->faults += fs.faults[i];
	out->blocked = fs.blocked;
	out->quarantines = fs.quarantines;
	return 0;
}

int
sim_board_fn_iotlb_stats(struct sim_board_fn *fn, uint64_t iotsb_handle,
			 uint64_t *hits, uint64_t *misses)
{
	struct sun4v_table_stats ts;
	int rc = sun4v_table_stats_get(fn->board->plat, fn->rc, iotsb_handle,
				       &ts);

	if (rc != 0)
		return rc;
	*hits = ts.iotlb_hits;
	*misses = ts.iotlb_misses;
	return 0;
}
