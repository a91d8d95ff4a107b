/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Functions of the simulated machine as a driver gets them
 * (doc/design/board.md): placement on the fabric, the XL710 model behind
 * each, cabling and link state, and the BAR0 transport.  The transport
 * takes no lock; everything else runs under the board's lock.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_board_priv.h"
#include "sun4v_platform.h"

static void
bdf_str(uint16_t bdf, char *buf, size_t len)
{
	snprintf(buf, len, "%02x:%02x.%x", bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7);
}

/* True when (rc, bdf) is already handed to a driver. */
static bool
fn_taken(const struct sim_board *b, unsigned int rc, uint16_t bdf)
{
	for (unsigned int i = 0; i < SIM_BOARD_MAX_FNS; i++)
		if (b->fns[i] != NULL && b->fns[i]->rc == rc &&
		    sun4v_func_bdf(b->fns[i]->func) == bdf)
			return true;
	return false;
}

/* The function at (rc, bdf), added under the root port when missing. */
static int
fn_find_or_add(struct sim_board *b, unsigned int rc, uint16_t bdf,
	       struct sun4v_func **out)
{
	if (sun4v_fabric_find_function(b->plat, rc, bdf, out) == 0)
		return 0;
	return sun4v_fabric_add_function(b->plat, rc, -1, bdf, out);
}

/* Placement: the bdf asked for, else the next free XL710 of the built-in
 * machine (rc 0), else the first free function 0x10+n:00.0 under the root
 * port, added when there is none. */
static int
fn_place(struct sim_board *b, const struct sim_board_fn_req *req,
	 struct sun4v_func **out, char *err, size_t errlen)
{
	unsigned int nb_rc = sun4v_fabric_nb_rc(b->plat);
	struct sun4v_func *f;
	char s[16];

	if (req->rc >= nb_rc || (req->dev_rc_set && req->dev_rc >= nb_rc)) {
		snprintf(err, errlen, "%s=%u does not exist (the simulated "
			 "machine has %u root complexes)", req->rc >= nb_rc ?
			 "rc" : "dev_rc", req->rc >= nb_rc ? req->rc :
			 req->dev_rc, nb_rc);
		return -ENODEV;
	}
	if (req->bdf_set) {
		if (fn_taken(b, req->rc, req->bdf)) {
			bdf_str(req->bdf, s, sizeof(s));
			snprintf(err, errlen, "bdf=%s on rc=%u is already used "
				 "by another port", s, req->rc);
			return -EBUSY;
		}
		return fn_find_or_add(b, req->rc, req->bdf, out);
	}
	for (unsigned int n = 0; req->rc == 0 && n < SUN4V_DEFAULT_NB_NIC_PORTS;
	     n++)
		if (sun4v_platform_default_nic(b->plat, n, &f) == 0 &&
		    !fn_taken(b, 0, sun4v_func_bdf(f))) {
			*out = f;
			return 0;
		}
	/* A function a closed port left is free again: hand it out before
	 * adding one, or every close and re-probe would use up a bus number
	 * for good (the fabric never removes a function). */
	for (uint16_t bus = 0x10; bus < 0xff; bus++) {
		uint16_t bdf = (uint16_t)(bus << 8);

		if (sun4v_fabric_find_function(b->plat, req->rc, bdf, &f) != 0)
			return sun4v_fabric_add_function(b->plat, req->rc, -1,
							 bdf, out);
		if (!fn_taken(b, req->rc, bdf)) {
			*out = f;
			return 0;
		}
	}
	snprintf(err, errlen, "no free bus number left on rc=%u", req->rc);
	return -ENOSPC;
}

static int
fn_device_create(struct sim_board *b, struct sim_board_fn *fn,
		 const struct sim_board_fn_req *req)
{
	struct i40e_sim_port_conf pc;
	int rc;

	memset(&pc, 0, sizeof(pc));
	pc.func = fn->dev_func;
	pc.name = fn->name;
	pc.speed_mbps = req->speed_mbps;
	pc.pace_off = !req->pace;
	pc.pps_limit_set = req->pps_limit_set;
	pc.pps_limit = req->pps_limit;
	pc.clock = b->clock;
	pc.clock_arg = b->clock_arg;
	pc.nb_queues = req->nb_queues;
	pc.tx_deferred = req->engine == SIM_BOARD_ENGINE_SERVICE;
	rc = i40e_sim_port_create(&pc, &fn->port);
	if (rc != 0)
		return rc;
	/* Administratively down until the driver starts it: frames from a
	 * peer reach a port that was never started as link-down drops. */
	i40e_sim_port_set_link(fn->port, false);
	fn->speed_mbps = req->speed_mbps ? req->speed_mbps : 40000;
	return 0;
}

static int
fn_slot(struct sim_board *b)
{
	for (unsigned int i = 0; i < SIM_BOARD_MAX_FNS; i++)
		if (b->fns[i] == NULL)
			return (int)i;
	return -1;
}

int
sim_board_fn_open(struct sim_board *b, const struct sim_board_fn_req *req,
		  struct sim_board_fn **out, char *err, size_t errlen)
{
	struct sim_board_fn *fn;
	char dummy[8];
	int slot, rc;

	if (err == NULL || errlen == 0) {
		err = dummy;
		errlen = sizeof(dummy);
	}
	err[0] = '\0';
	if (b == NULL || req == NULL || out == NULL || req->name == NULL ||
	    strlen(req->name) >= SIM_BOARD_NAME_MAX ||
	    (req->engine != SIM_BOARD_ENGINE_INLINE &&
	     req->engine != SIM_BOARD_ENGINE_SERVICE)) {
		snprintf(err, errlen, "bad function request");
		return -EINVAL;
	}
	fn = calloc(1, sizeof(*fn));
	if (fn == NULL)
		return -ENOMEM;
	fn->board = b;
	snprintf(fn->name, sizeof(fn->name), "%s", req->name);
	fn->rc = req->rc;
	fn->engine = req->engine;
	pthread_mutex_lock(&b->lock);
	slot = fn_slot(b);
	if (sim_board_fn_by_name(b, req->name) != NULL) {
		snprintf(err, errlen, "a function named %s exists", req->name);
		rc = -EEXIST;
	} else if (slot < 0) {
		snprintf(err, errlen, "the machine hands out at most %u "
			 "functions", SIM_BOARD_MAX_FNS);
		rc = -ENOSPC;
	} else {
		rc = fn_place(b, req, &fn->func, err, errlen);
	}
	/* dev_rc=: the device's DMA goes through another root complex's
	 * IOMMU, with the same requester ID there. */
	fn->dev_func = fn->func;
	fn->dev_rc = req->rc;
	if (rc == 0 && req->dev_rc_set && req->dev_rc != req->rc) {
		fn->dev_rc = req->dev_rc;
		rc = fn_find_or_add(b, req->dev_rc, sun4v_func_bdf(fn->func),
				    &fn->dev_func);
	}
	if (rc == 0)
		rc = fn_device_create(b, fn, req);
	if (rc != 0) {
		if (err[0] == '\0')
			snprintf(err, errlen, "cannot create the device: %s",
				 strerror(-rc));
		pthread_mutex_unlock(&b->lock);
		free(fn);
		return rc;
	}
	b->fns[slot] = fn;
	if (fn->engine == SIM_BOARD_ENGINE_SERVICE)
		atomic_fetch_add(&b->nb_service, 1);
	pthread_mutex_unlock(&b->lock);
	*out = fn;
	return 0;
}

/*
 * Cut @p fn's connection.  Its peer's cable still names @p fn, so the peer
 * is left without a partner: no carrier, its frames dropped and counted
 * (i40e-sim.md §6.1) until @p fn (or a function of that name) plugs back.
 * Caller holds the board lock.
 */
void
sim_board_fn_cut(struct sim_board_fn *fn)
{
	struct sim_board_fn *peer = fn->peer;

	fn->peer = NULL;
	i40e_sim_port_disconnect(fn->port);
	atomic_fetch_add(&fn->link_changes, 1);
	if (peer != NULL && peer != fn) {
		peer->peer = NULL;
		i40e_sim_port_unplug(peer->port);
		atomic_fetch_add(&peer->link_changes, 1);
	}
}

void
sim_board_fn_close(struct sim_board_fn *fn)
{
	struct sim_board *b;

	if (fn == NULL)
		return;
	b = fn->board;
	pthread_mutex_lock(&b->lock);
	sim_board_fn_cut(fn);
	for (unsigned int i = 0; i < SIM_BOARD_MAX_FNS; i++)
		if (b->fns[i] == fn)
			b->fns[i] = NULL;
	if (fn->engine == SIM_BOARD_ENGINE_SERVICE)
		atomic_fetch_sub(&b->nb_service, 1);
	i40e_sim_port_destroy(fn->port);
	pthread_mutex_unlock(&b->lock);
	free(fn);
}

int
sim_board_fn_info(const struct sim_board_fn *fn, struct sim_board_fn_info *out)
{
	memset(out, 0, sizeof(*out));
	out->rc = fn->rc;
	out->bdf = sun4v_func_bdf(fn->func);
	out->group = sun4v_func_group(fn->func);
	out->miswired = fn->dev_func != fn->func;
	out->dev_rc = fn->dev_rc;
	out->engine = fn->engine;
	return 0;
}

/* ---- transport: no lock, as MMIO has none -------------------------------- */

int
sim_board_reg_read(struct sim_board_fn *fn, uint32_t offset, uint32_t *value)
{
	return i40e_sim_reg_read(fn->port, offset, value);
}

int
sim_board_reg_write(struct sim_board_fn *fn, uint32_t offset, uint32_t value)
{
	return i40e_sim_reg_write(fn->port, offset, value);
}

int
sim_board_doorbell(struct sim_board_fn *fn, uint16_t queue, uint32_t tail)
{
	return i40e_sim_tx_doorbell(fn->port, queue, tail);
}

int
sim_board_poll(struct sim_board_fn *fn)
{
	if (fn->engine != SIM_BOARD_ENGINE_INLINE)
		return 0;
	return i40e_sim_poll(fn->port);
}
