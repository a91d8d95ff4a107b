/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Logging of lib/iova_pool (log topic `lib.iova_pool`).
 *
 * The allocator and the pools must work without DPDK, so they log through
 * this small indirection: by default to stderr at NOTICE and above; the
 * DPDK adapter (iova_pool_dpdk.h) redirects it to rte_log once EAL is up.
 * Tests install a handler to check that a failure names the offending
 * value.  Error lines that can fire per allocation are rate-limited by the
 * caller through the process's one log rate limiter (logrl.h).
 *
 * Threading: iova_log_set_handler() and iova_log_set_level() are meant for
 * start-up; iova_log() is thread-safe.
 */
#ifndef IOVA_LOG_H
#define IOVA_LOG_H

#include <stdarg.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Log levels, numbered like syslog/rte_log (lower = more severe). */
enum iova_log_level {
	IOVA_LOG_ERR = 4,     /**< an operation failed */
	IOVA_LOG_WARNING = 5, /**< degraded but working (e.g. no huge pages) */
	IOVA_LOG_NOTICE = 6,  /**< one-off facts worth a line (default level) */
	IOVA_LOG_INFO = 7,    /**< lifecycle events (pool created, region mapped) */
	IOVA_LOG_DEBUG = 8,   /**< everything else */
};

/**
 * Log sink: @p level is an ::iova_log_level, @p msg one line without the
 * trailing newline, @p arg the pointer given to iova_log_set_handler().
 */
typedef void (*iova_log_cb)(int level, const char *msg, void *arg);

/**
 * Install a log sink; NULL restores the default (stderr).
 *
 * @param cb
 *   Sink called for every line at or below the current level.
 * @param arg
 *   Opaque pointer handed back to @p cb.
 */
void iova_log_set_handler(iova_log_cb cb, void *arg);

/**
 * Set the most verbose level that is emitted (default ::IOVA_LOG_NOTICE).
 *
 * @param level
 *   An ::iova_log_level value; out-of-range values are clamped.
 */
void iova_log_set_level(int level);

/** Current level (see iova_log_set_level()). */
int iova_log_get_level(void);

/**
 * Emit one line (no newline needed) if @p level is enabled.
 *
 * @param level
 *   An ::iova_log_level value.
 * @param fmt
 *   printf format.
 */
void iova_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** As iova_log() with a va_list. */
void iova_vlog(int level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

#ifdef __cplusplus
}
#endif

#endif /* IOVA_LOG_H */
