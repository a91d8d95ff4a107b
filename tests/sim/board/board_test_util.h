/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture of the sim/board tests (suite 'sim', no EAL): the process's
 * machine joined with a log sink that keeps the last message, and a short
 * way to ask for a function.  The machine is global, so every case puts
 * every handle it got: the next case must be able to build a machine with
 * other values.
 */
#ifndef BOARD_TEST_UTIL_H
#define BOARD_TEST_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "sim_board.h"
#include "test_assert.h"

/* The machine's log: counted, the last error kept for assertions. */
struct bt_log {
	unsigned int lines;
	unsigned int errors;
	char last_error[512];
};

static struct bt_log bt_log;

static inline void
bt_log_cb(void *arg, int level, const char *msg)
{
	struct bt_log *l = arg;

	l->lines++;
	if (level <= 4) {
		l->errors++;
		snprintf(l->last_error, sizeof(l->last_error), "%s", msg);
	}
}

/* A conf logging into bt_log; machine-wide fields are left to the case. */
static inline struct sim_board_conf
bt_conf(void)
{
	struct sim_board_conf c;

	memset(&c, 0, sizeof(c));
	c.log = bt_log_cb;
	c.log_arg = &bt_log;
	return c;
}

/* Join the machine with default values (no key set). */
static inline int
bt_board(const char *who, struct sim_board **out)
{
	struct sim_board_conf c = bt_conf();
	char err[256];
	int rc = sim_board_get(&c, who, out, err, sizeof(err));

	if (rc != 0)
		fprintf(stderr, "  sim_board_get(%s): %d: %s\n", who, rc, err);
	return rc;
}

/* A request for function @p name on root complex @p rc (next free bdf). */
static inline struct sim_board_fn_req
bt_req(const char *name, unsigned int rc)
{
	struct sim_board_fn_req r;

	memset(&r, 0, sizeof(r));
	r.name = name;
	r.rc = rc;
	r.nb_queues = 4;
	return r;
}

/* Same, at bus:device.function @p bdf. */
static inline struct sim_board_fn_req
bt_req_bdf(const char *name, unsigned int rc, uint16_t bdf)
{
	struct sim_board_fn_req r = bt_req(name, rc);

	r.bdf_set = true;
	r.bdf = bdf;
	return r;
}

/* Fail unless string @p hay contains @p needle. */
#define BT_ASSERT_HAS(hay, needle)                                           \
	TEST_ASSERT(strstr((hay), (needle)) != NULL,                         \
		    "message \"%s\" does not name \"%s\"", (hay), (needle))

#endif /* BOARD_TEST_UTIL_H */
