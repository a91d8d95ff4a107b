/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * common/logrl (issue 14): at most 10 repeated lines in any window of one
 * second for the whole process, half of them at most for one kind of
 * line; held-back lines are counted per site and told, by their owner or
 * by a flush, and the summary lines count against the limit too.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "logrl.h"
#include "test_assert.h"

#define MS 1000000ull
#define S 1000000000ull

static uint64_t now;
static char last[256];
static unsigned int sunk;

static uint64_t
fake_clock(void *arg)
{
	(void)arg;
	return now;
}

static void
sink(void *arg, const char *line)
{
	(void)arg;
	snprintf(last, sizeof(last), "%s", line);
	sunk++;
}

static struct logrl_site site_a = LOGRL_SITE_INIT("a", "A lines");
static struct logrl_site site_b = LOGRL_SITE_INIT("b", "B lines");
static struct logrl_site site_c = LOGRL_SITE_INIT_LINE("c", "C lines");

static void
fresh(void)
{
	logrl_reset();
	now = 5 * S;
	logrl_set_clock(fake_clock, NULL);
	logrl_set_sink(sink, NULL);
	sunk = 0;
	last[0] = '\0';
}

/* 10 a second in all, 5 for one kind of line; the window slides. */
static int
test_logrl_window_and_share(void)
{
	uint64_t p;
	unsigned int n = 0;

	fresh();
	for (unsigned int i = 0; i < 8; i++)
		n += logrl_admit(&site_a, &p);
	TEST_ASSERT_EQ(n, 5, "one site's share");
	for (unsigned int i = 0; i < 8; i++)
		n += logrl_admit(&site_b, &p);
	TEST_ASSERT_EQ(n, 10, "the process's limit");
	TEST_ASSERT(!logrl_admit(&site_c, &p), "11th line in the window");
	now += LOGRL_DEFAULT_WINDOW_NS - 1;
	TEST_ASSERT(!logrl_admit(&site_c, &p), "still within the window");
	now += 1;
	TEST_ASSERT(logrl_admit(&site_a, &p), "a window later");
	TEST_ASSERT_EQ(p, 3, "A's three held back are handed over");
	TEST_ASSERT(logrl_admit(&site_b, &p), "B");
	TEST_ASSERT_EQ(p, 3, "B's three");
	return TEST_SUCCESS;
}

/* Summaries: through the sink, within the limit, told once. */
static int
test_logrl_flush(void)
{
	struct logrl_stats st;
	uint64_t p;

	fresh();
	for (unsigned int i = 0; i < 12; i++)
		logrl_admit(&site_a, &p);
	logrl_suppress(&site_b);
	logrl_suppress(&site_b);
	TEST_ASSERT_EQ(logrl_flush(LOGRL_FLUSH_TIMER), 1, "B fits, A's share "
		       "is spent");
	TEST_ASSERT(strcmp(last, "b: 2 B lines suppressed") == 0, "%s", last);
	TEST_ASSERT_EQ(logrl_flush(LOGRL_FLUSH_STOP), 1, "A at stop");
	TEST_ASSERT(strstr(last, "a: 7 A lines suppressed") != NULL, "%s",
		    last);
	TEST_ASSERT_EQ(logrl_flush(LOGRL_FLUSH_ALL), 0, "nothing left");
	logrl_stats_get(&st);
	TEST_ASSERT_EQ(st.admitted, 5, "admitted");
	TEST_ASSERT_EQ(st.suppressed, 9, "suppressed");
	TEST_ASSERT_EQ(st.reported, 9, "reported");
	TEST_ASSERT_EQ(st.summary_lines, 2, "summary lines");
	/* The window is full now (7 lines): a stop flush waits, the last
	 * one does not. */
	for (unsigned int i = 0; i < 5; i++)
		logrl_admit(&site_b, &p);
	logrl_suppress(&site_a);
	TEST_ASSERT_EQ(logrl_flush(LOGRL_FLUSH_STOP), 0, "no room");
	TEST_ASSERT_EQ(logrl_flush(LOGRL_FLUSH_ALL), 2, "a and b, past it");
	return TEST_SUCCESS;
}

/* A site whose owner prints the count on a line of its own pays two. */
static int
test_logrl_summary_line_costs_two(void)
{
	uint64_t p;

	fresh();
	TEST_ASSERT_OK(logrl_set_limit(2, S), "limit 2");
	TEST_ASSERT(logrl_admit(&site_c, &p) && p == 0, "first");
	TEST_ASSERT(!logrl_admit(&site_c, &p), "share of 1");
	now += S;
	TEST_ASSERT(!logrl_admit(&site_c, &p), "count + line > share");
	TEST_ASSERT_OK(logrl_set_limit(4, S), "limit 4");
	TEST_ASSERT(logrl_admit(&site_c, &p), "count and line");
	TEST_ASSERT_EQ(p, 2, "two held back");
	return TEST_SUCCESS;
}

static int
test_logrl_bad_limits(void)
{
	fresh();
	TEST_ASSERT_EQ(logrl_set_limit(0, S), -EINVAL, "0 lines");
	TEST_ASSERT_EQ(logrl_set_limit(LOGRL_MAX_LINES + 1, S), -EINVAL,
		       "too many");
	TEST_ASSERT_EQ(logrl_set_limit(10, 0), -EINVAL, "empty window");
	TEST_ASSERT_EQ(logrl_limit(), LOGRL_DEFAULT_LINES, "unchanged");
	return TEST_SUCCESS;
}

#define THREADS 4
#define TRIES 20000

static struct logrl_site site_t = LOGRL_SITE_INIT("t", "T lines");

static void *
hammer(void *arg)
{
	unsigned int *ok = arg;
	uint64_t p;

	for (unsigned int i = 0; i < TRIES; i++)
		*ok += logrl_admit(&site_t, &p);
	return NULL;
}

/* Threads on the real clock: every try is admitted or counted. */
static int
test_logrl_threads(void)
{
	pthread_t th[THREADS];
	unsigned int ok[THREADS] = { 0 }, total = 0;
	struct logrl_stats st;

	logrl_reset();
	for (unsigned int i = 0; i < THREADS; i++)
		TEST_ASSERT_OK(pthread_create(&th[i], NULL, hammer, &ok[i]),
			       "thread");
	for (unsigned int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		total += ok[i];
	}
	logrl_stats_get(&st);
	TEST_ASSERT_EQ(st.admitted, total, "admitted");
	TEST_ASSERT_EQ(st.admitted + st.suppressed, THREADS * TRIES, "all");
	TEST_ASSERT(total >= 1 && total <= 10 * 5, "%u admitted", total);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_logrl_window_and_share),
		TEST_CASE(test_logrl_flush),
		TEST_CASE(test_logrl_summary_line_costs_two),
		TEST_CASE(test_logrl_bad_limits),
		TEST_CASE(test_logrl_threads),
		{ NULL, NULL },
	};

	return test_run_cases("logrl", cases);
}
