/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-soak (soak.c: the scenario; soak_run.c: the traffic lcore, the
 * pause protocol, telemetry, log and memory watch, the report).
 */
#ifndef SOAK_H
#define SOAK_H

#include <stdint.h>

#include <rte_mempool.h>

#define SOAK_PORTS 4u
#define SOAK_LOG_MAX 20u          /* lines in any one second, at most */
#define SOAK_RSS_SLACK_KB 16384u  /* RSS growth after warm-up, at most */
#define SOAK_MALLOC_SLACK_KB 1024u /* malloc'd bytes growth, at most */

/** One port of the soak, across its lives (hot detach/attach). */
struct soak_port {
	unsigned int idx;
	char name[32];
	uint16_t id;
	uint16_t nq, ndesc;
	unsigned int reconf;
	struct rte_mempool *rxp;
	/* lcore 1 only while running; read by lcore 0 once paused */
	uint64_t app_tx, app_rx;
	unsigned int idle;
	int want, ack;                 /* SOAK_RUN / SOAK_PAUSE (atomics) */
	/* lcore 0: stats of the lives so far */
	uint64_t oerrors, ierrors, imissed, ipackets, map_errors;
	uint64_t entries0, entries1;   /* iotsb_entries_used first / last */
};

enum { SOAK_RUN = 0, SOAK_PAUSE = 1 };

extern struct soak_port sp[SOAK_PORTS];
extern struct rte_mempool *soak_txp;
extern uint64_t soak_started;
extern uint64_t soak_heap_base, soak_heap_end, soak_legacy_end;

int soak_eal_init(const char *prog);
void soak_launch_worker(void);
void soak_stop_worker(void);
void soak_pause(unsigned int cable);
void soak_resume(unsigned int port);
void soak_tick(void);
void soak_note(const char *action);
void soak_fail(const char *what);
uint64_t soak_xstat(uint16_t port, const char *name);
uint64_t soak_heap_bytes(void);
uint64_t soak_legacy_in_use(void);
int soak_report(unsigned int secs, uint64_t actions, int failures);

#endif /* SOAK_H */
