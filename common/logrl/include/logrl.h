/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * One rate limiter for every repeated log line of the process
 * (doc/design.md §3, doc/reliability.md §1.7).
 *
 * A line that can repeat in a storm (a DMA fault, a failed map, an
 * exhausted window, in any layer and for any port) asks logrl_admit()
 * first.  The limiter lets at most logrl_limit() such lines (default 10)
 * through in any window of one second, for the whole process together,
 * and at most half of them to one site (one kind of line), so that a storm
 * of one kind cannot hide another; the others are counted as suppressed
 * per site.  A suppressed count is
 * reported either by its owner, in the next line it is admitted to print
 * (logrl_admit() hands it over), or by logrl_flush() as a summary line
 * "<layer>: N <what> suppressed" through the sink of logrl_set_sink().
 * Summary lines count against the same limit.  Whoever drives the process
 * calls logrl_flush() on a timer and when it stops (the PMD: an rte_alarm
 * every 250 ms, and dev_stop/dev_close), so no count waits for the next
 * storm to be told.
 *
 * Plain C11 and pthreads, no DPDK: it sits below every layer (sim/, lib/,
 * drivers/ all use it).  Each copy of the code is one limiter: the PMD
 * plugin links one for all the layers it contains.
 *
 * Threading: every function is thread-safe; the lock is held for a few
 * loads and stores only, never across a sink or a clock call.  Error paths
 * only: nothing here belongs on a fast path.
 */
#ifndef LOGRL_H
#define LOGRL_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Lines admitted per window by default (issue 14: 10 lines/s). */
#define LOGRL_DEFAULT_LINES 10u
/**
 * Default window, in ns: one second, plus 100 ms for the time between a
 * line's admission and its arrival in the log (formatting, a sink's lock,
 * another thread's turn on a busy CPU), so that no second of the log as
 * written holds more than LOGRL_DEFAULT_LINES lines.
 */
#define LOGRL_DEFAULT_WINDOW_NS 1100000000ull
/** Largest limit logrl_set_limit() accepts. */
#define LOGRL_MAX_LINES 64u

/**
 * One kind of repeated line (one per call site): static storage, never
 * freed.  Initialise with LOGRL_SITE_INIT(); the other members belong to
 * the limiter.
 */
struct logrl_site {
	const char *layer;        /**< summary prefix, e.g. "sim.sun4v" */
	const char *what;         /**< plural noun, e.g. "DMA fault log lines" */
	bool summary_line;        /**< the owner prints a handed-over count as
				   *   a line of its own (admission then costs
				   *   two lines) instead of inside its line */
	uint64_t pending;         /**< suppressed, not reported yet */
	uint64_t win_start;       /**< this site's share: window start ... */
	unsigned int win_lines;   /**< ... and lines admitted in it */
	uint64_t admitted;        /**< lines let through, in total */
	uint64_t suppressed;      /**< lines held back, in total */
	struct logrl_site *next;  /**< in the limiter's list */
	bool linked;              /**< in the list (first use) */
};

/** Initialiser of a site whose owner folds the count into its line. */
#define LOGRL_SITE_INIT(l, w) { .layer = (l), .what = (w) }
/** Initialiser of a site whose owner prints the count on its own line. */
#define LOGRL_SITE_INIT_LINE(l, w) \
	{ .layer = (l), .what = (w), .summary_line = true }

/** Sink of summary lines (one line, no newline). */
typedef void (*logrl_sink_cb)(void *arg, const char *line);

/** Monotonic nanosecond clock. */
typedef uint64_t (*logrl_clock_cb)(void *arg);

/**
 * May the caller log one line of @p s now?
 *
 * @param s
 *   The site.
 * @param pending
 *   Out (may be NULL): on admission, the lines of @p s suppressed since
 *   its last report, which the caller now reports (the limiter forgets
 *   them); 0 otherwise.
 * @return
 *   true: log the line; false: do not (it is counted as suppressed).
 */
bool logrl_admit(struct logrl_site *s, uint64_t *pending);

/**
 * Count a line of @p s that its owner's own, stricter policy held back
 * (e.g. the platform's fault-log token bucket), so that it is reported
 * like the limiter's own suppressions.
 */
void logrl_suppress(struct logrl_site *s);

/** How hard logrl_flush() tries. */
enum logrl_flush_mode {
	/** A timer: within the limit and each site's share; what does not
	 *  fit waits for the next tick. */
	LOGRL_FLUSH_TIMER = 0,
	/** A port stops: within the limit, sites' shares ignored (a count
	 *  of the storm just ended is told now if the window has room). */
	LOGRL_FLUSH_STOP,
	/** The last user leaves (no later flush): every count now, at most
	 *  one line per site, even past the limit. */
	LOGRL_FLUSH_ALL,
};

/**
 * Report every site's pending count as a summary line through the sink.
 * Summary lines fill the window like any line.
 *
 * @param mode
 *   See ::logrl_flush_mode.
 * @return summary lines written.
 */
unsigned int logrl_flush(enum logrl_flush_mode mode);

/** Where summary lines go; NULL: stderr. */
void logrl_set_sink(logrl_sink_cb cb, void *arg);

/**
 * Change the limit: at most @p lines (1..LOGRL_MAX_LINES) in any window of
 * @p window_ns (> 0).  Forgets the lines already admitted.
 * @return 0, -EINVAL (the message names nothing: two numbers).
 */
int logrl_set_limit(unsigned int lines, uint64_t window_ns);

/** Lines per window in force. */
unsigned int logrl_limit(void);

/** Replace the clock (tests); NULL: CLOCK_MONOTONIC. */
void logrl_set_clock(logrl_clock_cb cb, void *arg);

/**
 * Back to the defaults: limit, clock, no history, every site's counts
 * zeroed (tests, between cases).  The sink is kept.
 */
void logrl_reset(void);

/** Process totals (logrl_stats_get()). */
struct logrl_stats {
	uint64_t admitted;       /**< lines let through */
	uint64_t suppressed;     /**< lines held back */
	uint64_t reported;       /**< suppressed lines told by a summary line
				  *   or handed over to their owner */
	uint64_t summary_lines;  /**< lines logrl_flush() wrote */
};

/** Totals since the start or logrl_reset(). */
void logrl_stats_get(struct logrl_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* LOGRL_H */
