/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sim/board internals shared by sim_board.c (the machine) and
 * sim_board_fn.c (functions, wiring, transport).  Nothing outside
 * sim/board includes this.
 */
#ifndef SIM_BOARD_PRIV_H
#define SIM_BOARD_PRIV_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "sim_board.h"

#define SIM_BOARD_NAME_MAX 64
/* Functions handed to drivers at once: four S7-2 ports x four root
 * complexes leaves room; the vdev bus allows RTE_MAX_ETHPORTS. */
#define SIM_BOARD_MAX_FNS 64

struct sim_board_fn {
	struct sim_board *board;
	char name[SIM_BOARD_NAME_MAX];
	struct sun4v_func *func;       /* the function the driver attached */
	struct sun4v_func *dev_func;   /* the requester the device uses */
	struct i40e_sim_port *port;    /* the XL710 model */
	unsigned int rc, dev_rc;
	uint32_t speed_mbps;
	enum sim_board_engine engine;
	/* cabling (under the board lock) */
	enum sim_board_wire wire;
	bool wired;                    /* its driver plugged the cable */
	char peer_name[SIM_BOARD_NAME_MAX];
	struct sim_board_fn *peer;     /* connected peer (may be self) */
	_Atomic bool admin_up;
	_Atomic uint64_t link_changes;
};

struct sim_board {
	pthread_mutex_t lock;          /* control path; the engine try-locks */
	unsigned int users;
	struct sun4v_platform *plat;
	int nb_builtin_groups;         /* groups 0.. of the built-in machine */
	uint32_t iotlb_entries;
	uint64_t hv_lat_ns;
	uint32_t legacy_window_mb;
	char owner[SIM_BOARD_NAME_MAX];
	sim_board_log_cb log;
	void *log_arg;
	int log_level;
	sim_board_clock_cb clock;
	void *clock_arg;
	struct sim_board_fn *fns[SIM_BOARD_MAX_FNS];
	_Atomic unsigned int nb_service; /* functions with a service engine */
};

/* sim_board.c */
void sim_board_log(struct sim_board *b, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
struct sim_board_fn *sim_board_fn_by_name(struct sim_board *b,
					  const char *name);

/* sim_board_fn.c: cut fn's connection; its peer keeps no partner. */
void sim_board_fn_cut(struct sim_board_fn *fn);

/* Levels of sim_board_log_cb (rte_log numbering). */
#define SIM_BOARD_LOG_ERR 4
#define SIM_BOARD_LOG_WARNING 5
#define SIM_BOARD_LOG_NOTICE 6
#define SIM_BOARD_LOG_INFO 7
#define SIM_BOARD_LOG_DEBUG 8

#endif /* SIM_BOARD_PRIV_H */
