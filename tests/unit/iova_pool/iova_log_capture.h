/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Log capture for the lib/iova_pool unit tests: failures must name the
 * offending value (design §9), so tests read back what was logged.
 */
#ifndef TEST_IOVA_LOG_CAPTURE_H
#define TEST_IOVA_LOG_CAPTURE_H

#include <stdio.h>
#include <string.h>

#include "iova_log.h"

static char logbuf[8192];

static void
capture(int level, const char *msg, void *arg)
{
	size_t n = strlen(logbuf);

	(void)level;
	(void)arg;
	snprintf(logbuf + n, sizeof(logbuf) - n, "%s\n", msg);
}

/* Empty the buffer and send every line, down to DEBUG, into it. */
static inline void
capture_start(void)
{
	logbuf[0] = '\0';
	iova_log_set_handler(capture, NULL);
	iova_log_set_level(IOVA_LOG_DEBUG);
}

/* Back to the default sink and level. */
static inline void
capture_stop(void)
{
	iova_log_set_handler(NULL, NULL);
	iova_log_set_level(IOVA_LOG_NOTICE);
}

#endif /* TEST_IOVA_LOG_CAPTURE_H */
