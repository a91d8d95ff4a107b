/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Logging indirection for lib/iova_pool (see iova_log.h).  The handler and
 * level are atomics so that a late iova_log_set_handler() from the DPDK
 * adapter does not race with a pool logging on another thread.
 */
#include <stdatomic.h>
#include <stdio.h>

#include "iova_log.h"

struct iova_log_sink {
	iova_log_cb cb;
	void *arg;
};

static _Atomic(int) log_level = IOVA_LOG_NOTICE;
/* A sink is swapped as one pointer; sinks are static and never freed. */
static struct iova_log_sink log_sinks[2];
static _Atomic(struct iova_log_sink *) log_sink;
static atomic_uint log_sink_next;

static const char *
level_name(int level)
{
	switch (level) {
	case IOVA_LOG_ERR: return "ERR";
	case IOVA_LOG_WARNING: return "WARNING";
	case IOVA_LOG_NOTICE: return "NOTICE";
	case IOVA_LOG_INFO: return "INFO";
	default: return "DEBUG";
	}
}

void
iova_log_set_handler(iova_log_cb cb, void *arg)
{
	struct iova_log_sink *s;

	if (cb == NULL) {
		atomic_store(&log_sink, NULL);
		return;
	}
	/* Alternate between two slots so a reader never sees a torn sink. */
	s = &log_sinks[atomic_fetch_add(&log_sink_next, 1) & 1];
	s->cb = cb;
	s->arg = arg;
	atomic_store(&log_sink, s);
}

void
iova_log_set_level(int level)
{
	if (level < IOVA_LOG_ERR)
		level = IOVA_LOG_ERR;
	if (level > IOVA_LOG_DEBUG)
		level = IOVA_LOG_DEBUG;
	atomic_store(&log_level, level);
}

int
iova_log_get_level(void)
{
	return atomic_load(&log_level);
}

void
iova_vlog(int level, const char *fmt, va_list ap)
{
	struct iova_log_sink *s;
	char line[512];

	if (level > atomic_load(&log_level))
		return;
	vsnprintf(line, sizeof(line), fmt, ap);
	s = atomic_load(&log_sink);
	if (s != NULL) {
		s->cb(level, line, s->arg);
		return;
	}
	fprintf(stderr, "iova_pool: %s: %s\n", level_name(level), line);
}

void
iova_log(int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	iova_vlog(level, fmt, ap);
	va_end(ap);
}
