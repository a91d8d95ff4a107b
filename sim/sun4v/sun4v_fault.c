/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DMA fault records, rate-limited fault logging, quarantine and fault
 * notification (doc/design/platform.md §7).  This is the slow path: it
 * takes fault_lock and may format log lines.
 *
 * Seeds it answers: a device streaming DMA faults made a box unresponsive
 * (so a function that faults more than conf.quarantine_faults times within
 * conf.quarantine_window_ns is quarantined: its DMA is refused with one
 * relaxed load, without recording or logging, until sun4v_func_reset());
 * a driver flooding the log made it sluggish (so fault lines go through a
 * token bucket of conf.fault_log_burst lines refilled at
 * conf.fault_log_per_sec, the platform's own policy, and then through the
 * process's one log rate limiter (common/logrl, issue 14), which caps
 * every layer's repeated lines together; the next line that passes both
 * is preceded by "N DMA fault log lines suppressed", and the process's
 * flush timer reports a count no later line comes to tell).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "logrl.h"
#include "sun4v_internal.h"

#define RL_UNIT 1000000000ULL  /* credit of one log line */

/* Fault lines of every platform of the process: one kind of line. */
static struct logrl_site fault_site =
	LOGRL_SITE_INIT_LINE("sim.sun4v", "DMA fault log lines");

static const char *const reason_name[SUN4V_FAULT_NB_REASONS] = {
	[SUN4V_FAULT_NONE] = "none",
	[SUN4V_FAULT_UNMAPPED] = "unmapped",
	[SUN4V_FAULT_PROTECTION] = "protection",
	[SUN4V_FAULT_OUT_OF_WINDOW] = "out of window",
	[SUN4V_FAULT_BYPASS_DENIED] = "bypass denied",
	[SUN4V_FAULT_QUARANTINED] = "quarantined",
	[SUN4V_FAULT_NO_RAM] = "not RAM",
};

void
sun4v_fault_init(struct sun4v_platform *p)
{
	p->rl_credit = (uint64_t)p->conf.fault_log_burst * RL_UNIT;
	p->rl_last_ns = 0;
	atomic_init(&p->blocked, 0);
}

void
sun4v_fault_fini(struct sun4v_platform *p)
{
	(void)p;
}

/* Token bucket.  Caller holds fault_lock. */
static bool
rl_allow(struct sun4v_platform *p, uint64_t now)
{
	uint64_t cap = (uint64_t)p->conf.fault_log_burst * RL_UNIT;
	uint64_t rate = p->conf.fault_log_per_sec;

	if (now > p->rl_last_ns) {
		uint64_t elapsed = now - p->rl_last_ns;

		if (elapsed >= (cap - p->rl_credit) / rate + 1)
			p->rl_credit = cap;
		else
			p->rl_credit += elapsed * rate;
	}
	p->rl_last_ns = now;
	if (p->rl_credit < RL_UNIT)
		return false;
	p->rl_credit -= RL_UNIT;
	return true;
}

/* Store a record in the ring.  Caller holds fault_lock. */
static void
ring_put(struct sun4v_platform *p, struct sun4v_fault *f)
{
	f->seq = ++p->fault_seq;
	p->ring[f->seq % SUN4V_FAULT_LOG_SIZE] = *f;
	p->fstats.faults++;
	p->fstats.by_reason[f->reason]++;
	if (p->fault_seq > SUN4V_FAULT_LOG_SIZE)
		p->fstats.lost = p->fault_seq - SUN4V_FAULT_LOG_SIZE;
}

/* Count one fault in the function's window; true if it must be
 * quarantined now.  Caller holds fault_lock. */
static bool
quarantine_check(struct sun4v_platform *p, struct sun4v_func *fn, uint64_t now)
{
	if (atomic_load(&fn->quarantined))
		return false;
	if (fn->win_count == 0 || now - fn->win_start > p->conf.quarantine_window_ns) {
		fn->win_start = now;
		fn->win_count = 0;
	}
	if (++fn->win_count <= p->conf.quarantine_faults)
		return false;
	atomic_store(&fn->quarantined, true);
	fn->quarantines++;
	p->fstats.quarantines++;
	return true;
}

static int
reason_errno(enum sun4v_fault_reason reason)
{
	switch (reason) {
	case SUN4V_FAULT_PROTECTION:
		return -EACCES;
	case SUN4V_FAULT_BYPASS_DENIED:
	case SUN4V_FAULT_QUARANTINED:
		return -EPERM;
	default:
		return -EFAULT;
	}
}

static void
notify(struct sun4v_platform *p, const struct sun4v_fault *f, unsigned int n)
{
	pthread_rwlock_rdlock(&p->cb_lock);
	for (unsigned int i = 0; i < SUN4V_MAX_FAULT_CBS; i++)
		for (unsigned int k = 0; k < n && p->cbs[i].cb != NULL; k++)
			p->cbs[i].cb(p->cbs[i].arg, &f[k]);
	pthread_rwlock_unlock(&p->cb_lock);
}

static void
log_fault(struct sun4v_platform *p, const struct sun4v_fault *f)
{
	sun4v_log(p, SUN4V_LOG_WARNING,
		  "DMA fault #%" PRIu64 ": rc %u %02x:%02x.%x %s dvma 0x%" PRIx64
		  ": %s (iotsb 0x%" PRIx64 ", page size %" PRIu64 ", base 0x%"
		  PRIx64 ")",
		  f->seq, f->rc, f->bdf >> 8, (f->bdf >> 3) & 0x1f, f->bdf & 7,
		  f->dir == SUN4V_DMA_READ ? "read" : "write", f->dvma,
		  reason_name[f->reason], f->iotsb_handle, f->page_size,
		  f->iova_base);
}

int
sun4v_fault_raise(struct sun4v_func *fn, uint64_t dvma, enum sun4v_dma_dir dir,
		  enum sun4v_fault_reason reason, const struct sun4v_table *t)
{
	struct sun4v_platform *p = fn->rc->p;
	struct sun4v_fault f[2];
	uint64_t suppressed = 0;
	bool logged = false, quarantined;

	atomic_fetch_add_explicit(&fn->faults[reason], 1, memory_order_relaxed);
	memset(f, 0, sizeof(f));
	f[0].rc = fn->rc->idx;
	f[0].bdf = fn->bdf;
	f[0].dvma = dvma;
	f[0].dir = dir;
	f[0].reason = reason;
	f[0].iotsb_handle = t != NULL ? t->handle : 0;
	f[0].page_size = t != NULL ? 1ULL << t->shift : 0;
	f[0].iova_base = t != NULL ? t->lo : 0;

	pthread_mutex_lock(&p->fault_lock);
	f[0].time_ns = sun4v_now_ns(p);
	ring_put(p, &f[0]);
	if (!rl_allow(p, f[0].time_ns)) {
		logrl_suppress(&fault_site);
		p->fstats.suppressed++;
	} else if (logrl_admit(&fault_site, &suppressed)) {
		p->fstats.logged++;
		logged = true;
	} else {
		p->fstats.suppressed++;
	}
	quarantined = quarantine_check(p, fn, f[0].time_ns);
	if (quarantined) {
		f[1] = f[0];
		f[1].reason = SUN4V_FAULT_QUARANTINED;
		ring_put(p, &f[1]);
		atomic_fetch_add_explicit(&fn->faults[SUN4V_FAULT_QUARANTINED],
					  1, memory_order_relaxed);
	}
	pthread_mutex_unlock(&p->fault_lock);

	if (suppressed != 0)
		sun4v_log(p, SUN4V_LOG_WARNING,
			  "%" PRIu64 " DMA fault log lines suppressed", suppressed);
	if (logged)
		log_fault(p, &f[0]);
	if (quarantined)
		sun4v_log(p, SUN4V_LOG_ERR,
			  "rc %u %02x:%02x.%x quarantined: more than %u DMA faults"
			  " within %" PRIu64 " ns; its DMA is blocked until reset",
			  fn->rc->idx, fn->bdf >> 8, (fn->bdf >> 3) & 0x1f,
			  fn->bdf & 7, p->conf.quarantine_faults,
			  p->conf.quarantine_window_ns);
	notify(p, f, quarantined ? 2 : 1);
	return reason_errno(reason);
}

int
sun4v_fault_blocked(struct sun4v_func *fn)
{
	atomic_fetch_add_explicit(&fn->blocked, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&fn->rc->p->blocked, 1, memory_order_relaxed);
	return -EPERM;
}

int
sun4v_func_reset(struct sun4v_func *fn)
{
	struct sun4v_platform *p = fn->rc->p;
	bool was;

	pthread_mutex_lock(&p->fault_lock);
	was = atomic_exchange(&fn->quarantined, false);
	fn->win_count = 0;
	pthread_mutex_unlock(&p->fault_lock);
	if (was)
		sun4v_log(p, SUN4V_LOG_NOTICE,
			  "rc %u %02x:%02x.%x reset: quarantine lifted",
			  fn->rc->idx, fn->bdf >> 8, (fn->bdf >> 3) & 0x1f,
			  fn->bdf & 7);
	return 0;
}

void
sun4v_fault_stats_get(struct sun4v_platform *p, struct sun4v_fault_stats *out)
{
	if (p == NULL || out == NULL)
		return;
	pthread_mutex_lock(&p->fault_lock);
	*out = p->fstats;
	pthread_mutex_unlock(&p->fault_lock);
	out->blocked = atomic_load(&p->blocked);
}

int
sun4v_fault_poll(struct sun4v_platform *p, uint64_t *cursor,
		 struct sun4v_fault *out, unsigned int max, uint64_t *nlost)
{
	uint64_t first, last, oldest, lost = 0;
	unsigned int n = 0;

	if (p == NULL || cursor == NULL || (out == NULL && max != 0))
		return -EINVAL;
	pthread_mutex_lock(&p->fault_lock);
	first = *cursor + 1;
	last = p->fault_seq;
	oldest = last > SUN4V_FAULT_LOG_SIZE ? last - SUN4V_FAULT_LOG_SIZE + 1 : 1;
	if (first < oldest) {
		lost = oldest - first;
		first = oldest;
	}
	for (uint64_t s = first; s <= last && n < max; s++)
		out[n++] = p->ring[s % SUN4V_FAULT_LOG_SIZE];
	*cursor = first - 1 + n;
	pthread_mutex_unlock(&p->fault_lock);
	if (nlost != NULL)
		*nlost = lost;
	return (int)n;
}

int
sun4v_fault_cb_register(struct sun4v_platform *p, sun4v_fault_cb cb, void *arg)
{
	int id = -ENOSPC;

	if (p == NULL || cb == NULL)
		return -EINVAL;
	pthread_rwlock_wrlock(&p->cb_lock);
	for (int i = 0; i < SUN4V_MAX_FAULT_CBS; i++) {
		if (p->cbs[i].cb == NULL) {
			p->cbs[i].cb = cb;
			p->cbs[i].arg = arg;
			id = i;
			break;
		}
	}
	pthread_rwlock_unlock(&p->cb_lock);
	return id;
}

int
sun4v_fault_cb_unregister(struct sun4v_platform *p, int id)
{
	int ret = -ENOENT;

	if (p == NULL || id < 0 || id >= SUN4V_MAX_FAULT_CBS)
		return -ENOENT;
	pthread_rwlock_wrlock(&p->cb_lock);
	if (p->cbs[id].cb != NULL) {
		p->cbs[id].cb = NULL;
		p->cbs[id].arg = NULL;
		ret = 0;
	}
	pthread_rwlock_unlock(&p->cb_lock);
	return ret;
}
