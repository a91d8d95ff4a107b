/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine=service: the NIC works beside the CPU (doc/guides/nics/
 * i40e_sun4v.rst "Device engine").  The board's engine round, which runs
 * the TX/RX engines, the wire and the generator of every service-mode
 * port, is one DPDK service; the application maps it to a service lcore
 * (EAL -s / -S / --service-lcores, or rte_service_map_lcore_set()).  The
 * bursts then only read and write rings, as on hardware.
 *
 * With engine=inline (the default) nothing is registered: the bursts let
 * the device advance, so runs are deterministic.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>

#include <rte_cycles.h>
#include <rte_lcore.h>
#include <rte_service.h>
#include <rte_service_component.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_logs.h"

#define ENGINE_SERVICE_NAME "i40e_sun4v_engine"
/* How long close waits for a service lcore to leave the engine round. */
#define ENGINE_QUIESCE_US 1000000u

static pthread_mutex_t engine_lock = PTHREAD_MUTEX_INITIALIZER;
static uint32_t engine_id;
static unsigned int engine_users;

static int32_t
engine_run(void *arg)
{
	/* 0 = did work, -EAGAIN = idle (rte_service statistics). */
	return sim_board_engine_run(arg) > 0 ? 0 : -EAGAIN;
}

/* After EAL init a new service is mapped nowhere: put it on the first
 * running service lcore, as rte_service_start_with_defaults() would. */
static void
engine_map_if_late(void)
{
	uint32_t ids[RTE_MAX_LCORE];
	int32_t n = rte_service_lcore_list(ids, RTE_DIM(ids));

	for (int32_t i = 0; i < n; i++)
		if (rte_service_map_lcore_get(engine_id, ids[i]) == 1)
			return;
	for (int32_t i = 0; i < n; i++)
		if (rte_service_lcore_may_be_active(ids[i]) == 1) {
			rte_service_map_lcore_set(engine_id, ids[i], 1);
			return;
		}
}

static int
engine_register(struct i40e_sun4v_adapter *ad)
{
	struct rte_service_spec spec = {
		.name = ENGINE_SERVICE_NAME,
		.callback = engine_run,
		.callback_userdata = ad->board,
		.socket_id = SOCKET_ID_ANY,
	};
	int rc = rte_service_component_register(&spec, &engine_id);

	if (rc != 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: engine=service: cannot register "
				    "the device engine service: %s", ad->name,
				    strerror(-rc));
		return rc;
	}
	rte_service_component_runstate_set(engine_id, 1);
	rte_service_runstate_set(engine_id, 1);
	/* Busy cycles of the service are the device model's cost. */
	rte_service_set_stats_enable(engine_id, 1);
	return 0;
}

int
i40e_sun4v_engine_attach(struct i40e_sun4v_adapter *ad)
{
	int rc = 0;

	if (ad->args.engine != I40E_SUN4V_ENGINE_SERVICE)
		return 0;
	if (rte_service_lcore_count() <= 0) {
		I40E_SUN4V_INIT_LOG(ERR, "%s: engine=service needs a DPDK "
			"service lcore to run the device on, and there is "
			"none: give EAL one (e.g. -s 0x4, or on 2 CPUs "
			"--lcores 0@0,1@1,2@0 -S 2), or use engine=inline",
			ad->name);
		return -ENOTSUP;
	}
	pthread_mutex_lock(&engine_lock);
	if (engine_users == 0)
		rc = engine_register(ad);
	if (rc == 0) {
		engine_users++;
		engine_map_if_late();
	}
	pthread_mutex_unlock(&engine_lock);
	return rc;
}

/* dev_start: the engine must have a service lcore by now. */
int
i40e_sun4v_engine_check(struct i40e_sun4v_adapter *ad)
{
	if (ad->args.engine != I40E_SUN4V_ENGINE_SERVICE)
		return 0;
	if (rte_service_runstate_get(engine_id) != 1) {
		I40E_SUN4V_DRV_LOG(ERR, "%s: engine=service, but service %s "
			"(id %u) runs on no service lcore: map it with "
			"rte_service_map_lcore_set(%u, <service lcore>, 1) and "
			"start that lcore, or pass EAL a service lcore "
			"(-s/-S) so EAL maps it", ad->name,
			ENGINE_SERVICE_NAME, engine_id, engine_id);
		return -ENOTSUP;
	}
	return 0;
}

void
i40e_sun4v_engine_detach(struct i40e_sun4v_adapter *ad)
{
	if (ad->args.engine != I40E_SUN4V_ENGINE_SERVICE || ad->board == NULL)
		return;
	pthread_mutex_lock(&engine_lock);
	if (engine_users > 0 && --engine_users == 0) {
		uint64_t deadline = rte_get_timer_cycles() +
			rte_get_timer_hz() * ENGINE_QUIESCE_US / 1000000u;

		rte_service_runstate_set(engine_id, 0);
		rte_service_component_runstate_set(engine_id, 0);
		/* The round must be over before the machine can go. */
		while (rte_service_may_be_active(engine_id) == 1 &&
		       rte_get_timer_cycles() < deadline)
			rte_pause();
		if (rte_service_may_be_active(engine_id) == 1)
			I40E_SUN4V_DRV_LOG(WARNING, "%s: service %s still "
				"active after 1 s; unregistering anyway",
				ad->name, ENGINE_SERVICE_NAME);
		rte_service_component_unregister(engine_id);
	}
	pthread_mutex_unlock(&engine_lock);
}
