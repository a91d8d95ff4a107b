/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The simulated machine (doc/design/board.md): one sun4v platform per
 * process with its guest-RAM registry, which functions the firmware gives
 * to host drivers, and the engine round that runs the NICs of service-mode
 * functions beside the CPU.  Functions, cabling and the BAR0 transport
 * are in sim_board_fn.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_board_priv.h"
#include "sun4v_platform.h"

static pthread_mutex_t board_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sim_board *board;  /* the process's machine */

void
sim_board_log(struct sim_board *b, int level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (level > b->log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (b->log != NULL)
		b->log(b->log_arg, level, msg);
	else
		fprintf(stderr, "sim.board: %s\n", msg);
}

/* The platform's own log goes to the board's sink, one level scale. */
static void
plat_log_sink(void *arg, enum sun4v_log_level level, const char *msg)
{
	struct sim_board *b = arg;

	/* SUN4V_LOG_ERR (1) .. SUN4V_LOG_DEBUG (5) -> rte_log 4 .. 8 */
	sim_board_log(b, (int)level + 3, "sim.sun4v: %s", msg);
}

struct sim_board_fn *
sim_board_fn_by_name(struct sim_board *b, const char *name)
{
	for (unsigned int i = 0; i < SIM_BOARD_MAX_FNS; i++)
		if (b->fns[i] != NULL && strcmp(b->fns[i]->name, name) == 0)
			return b->fns[i];
	return NULL;
}

/* A later user may not silently change what the first one built. */
static int
board_check_conf(const struct sim_board *b, const struct sim_board_conf *c,
		 const char *who, char *err, size_t errlen)
{
	if ((c->set & SIM_BOARD_KEY_IOTLB) &&
	    c->iotlb_entries != b->iotlb_entries) {
		snprintf(err, errlen, "%s: iotlb=%u conflicts with iotlb=%u of "
			 "the simulated machine (built by %s): it is "
			 "machine-wide", who, c->iotlb_entries,
			 b->iotlb_entries, b->owner);
		return -EINVAL;
	}
	if ((c->set & SIM_BOARD_KEY_HV_LAT) && c->hv_lat_ns != b->hv_lat_ns) {
		snprintf(err, errlen, "%s: hv_lat_ns=%" PRIu64 " conflicts "
			 "with hv_lat_ns=%" PRIu64 " of the simulated machine "
			 "(built by %s): it is machine-wide", who, c->hv_lat_ns,
			 b->hv_lat_ns, b->owner);
		return -EINVAL;
	}
	if ((c->set & SIM_BOARD_KEY_LEGACY_WINDOW) &&
	    c->legacy_window_mb != b->legacy_window_mb) {
		snprintf(err, errlen, "%s: legacy_window=%u conflicts with "
			 "legacy_window=%u of the simulated machine (built by "
			 "%s): it is machine-wide", who, c->legacy_window_mb,
			 b->legacy_window_mb, b->owner);
		return -EINVAL;
	}
	return 0;
}

static int
board_create(const struct sim_board_conf *c, const char *who,
	     struct sim_board **out)
{
	struct sun4v_platform_conf pc;
	struct sim_board *b = calloc(1, sizeof(*b));
	int rc;

	if (b == NULL)
		return -ENOMEM;
	pthread_mutex_init(&b->lock, NULL);
	b->iotlb_entries = c->iotlb_entries ? c->iotlb_entries : 64;
	b->hv_lat_ns = c->hv_lat_ns;
	b->legacy_window_mb = c->legacy_window_mb ? c->legacy_window_mb : 2048;
	b->log = c->log;
	b->log_arg = c->log_arg;
	b->log_level = c->log_level ? c->log_level : SIM_BOARD_LOG_NOTICE;
	b->clock = c->clock;
	b->clock_arg = c->clock_arg;
	snprintf(b->owner, sizeof(b->owner), "%s", who ? who : "?");
	memset(&pc, 0, sizeof(pc));
	pc.iotlb_entries = b->iotlb_entries;
	pc.hv_lat_ns = b->hv_lat_ns;
	pc.legacy_size = (uint64_t)b->legacy_window_mb << 20;
	/* Errors of the create itself go to the board's sink too. */
	sun4v_log_set_default_sink(plat_log_sink, b);
	rc = sun4v_platform_create(&pc, &b->plat);
	sun4v_log_set_default_sink(NULL, NULL);  /* back to stderr */
	if (rc != 0) {
		pthread_mutex_destroy(&b->lock);
		free(b);
		return rc;
	}
	sun4v_platform_set_log_sink(b->plat, plat_log_sink, b);
	/* Group ids are handed out in order and never reused: the ones that
	 * exist now are the built-in machine's, functions added later for
	 * drivers get higher ones. */
	while (sun4v_group_functions(b->plat, b->nb_builtin_groups, NULL,
				     0) > 0)
		b->nb_builtin_groups++;
	sun4v_platform_set_log_level(b->plat, b->log_level <= 4 ?
		SUN4V_LOG_ERR : (enum sun4v_log_level)(b->log_level - 3 > 5 ?
						      5 : b->log_level - 3));
	*out = b;
	return 0;
}

int
sim_board_get(const struct sim_board_conf *conf, const char *who,
	      struct sim_board **out, char *err, size_t errlen)
{
	int rc = 0;

	if (conf == NULL || out == NULL)
		return -EINVAL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	pthread_mutex_lock(&board_lock);
	if (board != NULL) {
		rc = board_check_conf(board, conf, who ? who : "?", err, errlen);
	} else {
		rc = board_create(conf, who, &board);
		if (rc == 0)
			sim_board_log(board, SIM_BOARD_LOG_INFO, "simulated sun4v "
				"machine up: %u root complexes, iotlb=%u "
				"entries, legacy window %u MB, hv_lat_ns=%" PRIu64
				" (modeled)", sun4v_fabric_nb_rc(board->plat),
				board->iotlb_entries, board->legacy_window_mb,
				board->hv_lat_ns);
		else
			snprintf(err, errlen, "cannot build the simulated "
				 "machine: %s", strerror(-rc));
	}
	if (rc == 0) {
		board->users++;
		*out = board;
	}
	pthread_mutex_unlock(&board_lock);
	return rc;
}

void
sim_board_put(struct sim_board *b)
{
	if (b == NULL)
		return;
	pthread_mutex_lock(&board_lock);
	if (--b->users == 0) {
		sun4v_platform_destroy(b->plat);
		pthread_mutex_destroy(&b->lock);
		if (board == b)
			board = NULL;
		free(b);
	}
	pthread_mutex_unlock(&board_lock);
}

int
sim_board_info(struct sim_board *b, struct sim_board_info *out)
{
	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&b->lock);
	out->iotlb_entries = b->iotlb_entries;
	out->hv_lat_ns = b->hv_lat_ns;
	out->legacy_window_mb = b->legacy_window_mb;
	out->nb_rc = sun4v_fabric_nb_rc(b->plat);
	for (unsigned int i = 0; i < SIM_BOARD_MAX_FNS; i++)
		out->nb_fns += b->fns[i] != NULL;
	snprintf(out->owner, sizeof(out->owner), "%s", b->owner);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

struct sun4v_platform *
sim_board_platform(struct sim_board *b)
{
	return b->plat;
}

int
sim_board_mem_register(struct sim_board *b, void *va, size_t len)
{
	return sun4v_mem_register(b->plat, va, len);
}

int
sim_board_mem_unregister(struct sim_board *b, void *va, size_t len)
{
	return sun4v_mem_unregister(b->plat, va, len);
}

static bool
is_default_nic(struct sim_board *b, struct sun4v_func *fn)
{
	for (unsigned int n = 0; n < SUN4V_DEFAULT_NB_NIC_PORTS; n++) {
		struct sun4v_func *nf;

		if (sun4v_platform_default_nic(b->plat, n, &nf) == 0 && nf == fn)
			return true;
	}
	return false;
}

int
sim_board_host_functions(struct sim_board *b, struct sun4v_func **fns,
			 unsigned int max)
{
	struct sun4v_func *grp[16];
	unsigned int count = 0;
	int n;

	/* The built-in machine's groups only: a function the board added for
	 * a driver (a requested bdf, a miswire's requester) is no host's. */
	for (int g = 0; g < b->nb_builtin_groups; g++) {
		n = sun4v_group_functions(b->plat, g, grp, 16);
		for (int i = 0; i < (n < 16 ? n : 16); i++) {
			if (is_default_nic(b, grp[i]))
				continue;
			if (count < max)
				fns[count] = grp[i];
			count++;
		}
	}
	return (int)count;
}

/*
 * One round of the NIC silicon for every service-mode function.  The
 * control path holds b->lock while it creates, wires or destroys devices;
 * a round that would race with it is skipped (the next one catches up).
 */
int
sim_board_engine_run(struct sim_board *b)
{
	int n = 0;

	/* Acquire: pairs with the open that counted the function, so a
	 * service lcore started by DPDK (whose hand-off TSan cannot see in
	 * the uninstrumented EAL) sees the board it was given. */
	if (atomic_load_explicit(&b->nb_service,
				 memory_order_acquire) == 0)
		return 0;
	if (pthread_mutex_trylock(&b->lock) != 0)
		return 0;
	for (unsigned int i = 0; i < SIM_BOARD_MAX_FNS; i++) {
		struct sim_board_fn *fn = b->fns[i];

		if (fn != NULL && fn->engine == SIM_BOARD_ENGINE_SERVICE)
			n += i40e_sim_poll(fn->port);
	}
	pthread_mutex_unlock(&b->lock);
	return n;
}

unsigned int
sim_board_engine_users(struct sim_board *b)
{
	unsigned int n;

	pthread_mutex_lock(&b->lock);
	n = b->nb_service;
	pthread_mutex_unlock(&b->lock);
	return n;
}
