/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The PMD's side of the process's one log rate limiter (common/logrl,
 * doc/design.md §3, issue 14): its summary lines go to rte_log, and while
 * any port exists an rte_alarm flushes the suppressed counts every 250 ms
 * (within the limit), so "N ... suppressed" is told as soon as the
 * window has room rather than at the next storm; dev_stop and dev_close
 * tell the counts at once if the window has room (the timer otherwise),
 * and the last port's detach tells everything left, since no timer runs
 * after it (at most one line per kind of line).
 *
 * Control path only: the alarm runs in EAL's interrupt thread.
 */
#include <rte_alarm.h>
#include <rte_errno.h>

#include "i40e_sun4v_logs.h"
#include "logrl.h"

/* A quarter of the limiter's window: a held-back count is told as soon
 * as the window has room for it (within 1.25 s of the storm's end). */
#define LOGRL_FLUSH_US 250000u

static void
logrl_sink(void *arg, const char *line)
{
	RTE_SET_USED(arg);
	rte_log(RTE_LOG_WARNING, i40e_sun4v_logtype_driver, "%s\n", line);
}

static void
logrl_tick(void *arg)
{
	logrl_flush(LOGRL_FLUSH_TIMER);
	/* Re-armed from the callback: rte_eal_alarm_cancel() in
	 * i40e_sun4v_log_timer_stop() also cancels this next one. */
	if (rte_eal_alarm_set(LOGRL_FLUSH_US, logrl_tick, arg) != 0)
		I40E_SUN4V_DRV_LOG(WARNING, "cannot re-arm the log flush timer: "
				   "suppressed counts wait for dev_stop");
}

int
i40e_sun4v_log_timer_start(void)
{
	int rc;

	logrl_set_sink(logrl_sink, NULL);
	rc = rte_eal_alarm_set(LOGRL_FLUSH_US, logrl_tick, NULL);
	if (rc != 0)
		I40E_SUN4V_INIT_LOG(WARNING, "no log flush timer (%s): "
				    "suppressed counts are told at dev_stop",
				    rte_strerror(-rc));
	return 0;
}

void
i40e_sun4v_log_timer_stop(void)
{
	rte_eal_alarm_cancel(logrl_tick, NULL);
	logrl_flush(LOGRL_FLUSH_ALL);
	logrl_set_sink(NULL, NULL);
}

void
i40e_sun4v_log_flush(void)
{
	logrl_flush(LOGRL_FLUSH_STOP);
}
