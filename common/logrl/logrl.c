/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The process's log rate limiter (logrl.h).  A sliding window: the expiry
 * times of the last `limit` admitted lines are kept in a ring, oldest
 * first; a line may pass when the oldest has expired (for n lines at once,
 * the n-th oldest).  So no window of window_ns ever holds more than
 * `limit` lines, bursts included, which a token bucket refilled at the
 * same rate does not promise (its first window may hold twice as many).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "logrl.h"

#define RL_DIM(a) (sizeof(a) / sizeof((a)[0]))

static pthread_mutex_t rl_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned int rl_limit = LOGRL_DEFAULT_LINES;
static uint64_t rl_window = LOGRL_DEFAULT_WINDOW_NS;
static uint64_t rl_expiry[LOGRL_MAX_LINES];   /* ring, oldest at rl_head */
static unsigned int rl_head;
static uint64_t rl_last_now;                 /* keeps the ring in order */
static struct logrl_site *rl_sites;          /* every site ever used */
static struct logrl_stats rl_stats;
static logrl_clock_cb rl_clock;
static void *rl_clock_arg;
static logrl_sink_cb rl_sink;
static void *rl_sink_arg;

static uint64_t
now_ns(void)
{
	logrl_clock_cb cb;
	void *arg;
	struct timespec ts;

	pthread_mutex_lock(&rl_lock);
	cb = rl_clock;
	arg = rl_clock_arg;
	pthread_mutex_unlock(&rl_lock);
	if (cb != NULL)
		return cb(arg);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Take @p n line slots at @p now (@p force: even without room, the lines
 * still fill the window).  Caller holds rl_lock.  Clocks are read outside
 * the lock, so two threads may bring times out of order: the later of the
 * two is used, which keeps the ring sorted. */
static bool
take_lines(uint64_t now, unsigned int n, bool force)
{
	if (now < rl_last_now)
		now = rl_last_now;
	rl_last_now = now;
	if (!force && (n > rl_limit ||
		       rl_expiry[(rl_head + n - 1) % rl_limit] > now))
		return false;
	for (unsigned int i = 0; i < n; i++) {
		rl_expiry[rl_head] = now + rl_window;
		rl_head = (rl_head + 1) % rl_limit;
	}
	return true;
}

/*
 * A site's share: at most half the limit (at least one line) per window,
 * counted in fixed windows (the global ring bounds the total anyway).
 * Caller holds rl_lock.
 */
static bool
share_ok(struct logrl_site *s, uint64_t now, unsigned int n)
{
	unsigned int share = rl_limit / 2 > 0 ? rl_limit / 2 : 1;

	if (now >= s->win_start + rl_window || now < s->win_start) {
		s->win_start = now;
		s->win_lines = 0;
	}
	return s->win_lines + n <= share;
}

/* First use of a site puts it in the list.  Caller holds rl_lock. */
static void
site_link(struct logrl_site *s)
{
	if (s->linked)
		return;
	s->next = rl_sites;
	rl_sites = s;
	s->linked = true;
}

bool
logrl_admit(struct logrl_site *s, uint64_t *pending)
{
	uint64_t now = now_ns();
	unsigned int n;
	bool ok;

	pthread_mutex_lock(&rl_lock);
	site_link(s);
	n = 1 + (s->summary_line && s->pending > 0);
	ok = share_ok(s, now, n) && take_lines(now, n, false);
	if (ok) {
		s->win_lines += n;
		if (pending != NULL)
			*pending = s->pending;
		rl_stats.reported += s->pending;
		s->pending = 0;
		s->admitted++;
		rl_stats.admitted++;
	} else {
		if (pending != NULL)
			*pending = 0;
		s->pending++;
		s->suppressed++;
		rl_stats.suppressed++;
	}
	pthread_mutex_unlock(&rl_lock);
	return ok;
}

void
logrl_suppress(struct logrl_site *s)
{
	pthread_mutex_lock(&rl_lock);
	site_link(s);
	s->pending++;
	s->suppressed++;
	rl_stats.suppressed++;
	pthread_mutex_unlock(&rl_lock);
}

static void
emit(const char *line)
{
	logrl_sink_cb cb;
	void *arg;

	pthread_mutex_lock(&rl_lock);
	cb = rl_sink;
	arg = rl_sink_arg;
	pthread_mutex_unlock(&rl_lock);
	if (cb != NULL)
		cb(arg, line);
	else
		fprintf(stderr, "%s\n", line);
}

unsigned int
logrl_flush(enum logrl_flush_mode mode)
{
	struct { struct logrl_site *s; uint64_t n; } out[LOGRL_MAX_LINES];
	uint64_t now = now_ns();
	unsigned int k = 0;
	char line[256];

	/* Counts are taken under the lock, lines written outside it: a sink
	 * may log, and logging may ask the limiter. */
	pthread_mutex_lock(&rl_lock);
	for (struct logrl_site *s = rl_sites; s != NULL && k < RL_DIM(out);
	     s = s->next) {
		if (s->pending == 0 ||
		    (mode == LOGRL_FLUSH_TIMER && !share_ok(s, now, 1)))
			continue;
		if (!take_lines(now, 1, mode == LOGRL_FLUSH_ALL))
			break;
		s->win_lines++;
		out[k].s = s;
		out[k++].n = s->pending;
		rl_stats.reported += s->pending;
		rl_stats.summary_lines++;
		s->pending = 0;
	}
	pthread_mutex_unlock(&rl_lock);
	for (unsigned int i = 0; i < k; i++) {
		/* Nothing after "suppressed": the platform's own summary
		 * has this shape, and sun4v-fault-decode reads both. */
		snprintf(line, sizeof(line), "%s: %" PRIu64 " %s suppressed",
			 out[i].s->layer, out[i].n, out[i].s->what);
		emit(line);
	}
	return k;
}

void
logrl_set_sink(logrl_sink_cb cb, void *arg)
{
	pthread_mutex_lock(&rl_lock);
	rl_sink = cb;
	rl_sink_arg = arg;
	pthread_mutex_unlock(&rl_lock);
}

/* Caller holds rl_lock. */
static void
history_clear(void)
{
	for (unsigned int i = 0; i < LOGRL_MAX_LINES; i++)
		rl_expiry[i] = 0;
	rl_head = 0;
	rl_last_now = 0;
}

int
logrl_set_limit(unsigned int lines, uint64_t window_ns)
{
	if (lines == 0 || lines > LOGRL_MAX_LINES || window_ns == 0)
		return -EINVAL;
	pthread_mutex_lock(&rl_lock);
	rl_limit = lines;
	rl_window = window_ns;
	history_clear();
	pthread_mutex_unlock(&rl_lock);
	return 0;
}

unsigned int
logrl_limit(void)
{
	unsigned int n;

	pthread_mutex_lock(&rl_lock);
	n = rl_limit;
	pthread_mutex_unlock(&rl_lock);
	return n;
}

void
logrl_set_clock(logrl_clock_cb cb, void *arg)
{
	pthread_mutex_lock(&rl_lock);
	rl_clock = cb;
	rl_clock_arg = arg;
	history_clear();   /* the old clock's times mean nothing now */
	pthread_mutex_unlock(&rl_lock);
}

void
logrl_reset(void)
{
	pthread_mutex_lock(&rl_lock);
	rl_limit = LOGRL_DEFAULT_LINES;
	rl_window = LOGRL_DEFAULT_WINDOW_NS;
	rl_clock = NULL;
	rl_clock_arg = NULL;
	history_clear();
	for (struct logrl_site *s = rl_sites; s != NULL; s = s->next) {
		s->win_start = 0;
		s->win_lines = 0;
		s->pending = 0;
		s->admitted = 0;
		s->suppressed = 0;
	}
	rl_stats = (struct logrl_stats){ 0 };
	pthread_mutex_unlock(&rl_lock);
}

void
logrl_stats_get(struct logrl_stats *out)
{
	pthread_mutex_lock(&rl_lock);
	*out = rl_stats;
	pthread_mutex_unlock(&rl_lock);
}
