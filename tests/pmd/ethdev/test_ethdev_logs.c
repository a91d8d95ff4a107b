/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Log storms stay readable (issue 14, doc/reliability.md §1.7): every
 * repeated line of every layer goes through the process's one rate limiter
 * (common/logrl), and what it held back is told within a second.
 *
 *  logs_storm_bounded: four legacy dma=map ports on rc 0 share an 8 MB
 *      window (legacy_window=8) with 256-descriptor rings, so their starts
 *      and their forwarding exhaust it (iova_pool "no room", PMD map
 *      failures, partial RX rings), while an ATU pair on rc 1 streams DMA
 *      faults (inject=unmapped, below the quarantine threshold).  In no
 *      window of one second does the process log more than 10 lines; lines
 *      of at least two layers appear, and the suppressed counts are told.
 *  logs_suppressed_flushed: a fault storm ends in a quarantine; with no
 *      further fault, "N DMA fault log lines suppressed" appears within
 *      2 s (the flush timer) and every fault is then in the log, as a
 *      line or in a count; after a second, shorter storm, stopping the
 *      port at once tells the rest.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_log.h>

#include "ethdev_test.h"

#define MAX_LINES 4096u
#define NS 1000000000ull

/* The log, line by line, with the time each line was written. */
static char text[1 << 20];
static size_t text_len;
static uint64_t line_ns[MAX_LINES];
static unsigned int nb_lines;

static uint64_t
mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

/* rte_log's stream: stdio serialises writers (the alarm thread too). */
static ssize_t
timed_write(void *cookie, const char *buf, size_t size)
{
	RTE_SET_USED(cookie);
	for (size_t i = 0; i < size && text_len < sizeof(text) - 1; i++) {
		text[text_len++] = buf[i];
		if (buf[i] == '\n' && nb_lines < MAX_LINES)
			line_ns[nb_lines++] = mono_ns();
	}
	text[text_len] = '\0';
	fwrite(buf, 1, size, stderr);
	return (ssize_t)size;
}

static FILE *
timed_log(void)
{
	cookie_io_functions_t io = { .write = timed_write };
	FILE *f = fopencookie(NULL, "w", io);

	if (f != NULL) {
		setvbuf(f, NULL, _IOLBF, 0);
		rte_openlog_stream(f);
	}
	return f;
}

/* Most lines written in any window of one second, lines [first, end). */
static unsigned int
max_per_second(unsigned int first, unsigned int end, unsigned int *at)
{
	unsigned int best = 0;

	for (unsigned int i = first; i < end; i++) {
		unsigned int n = 0;

		for (unsigned int j = i; j < end &&
		     line_ns[j] < line_ns[i] + NS; j++)
			n++;
		if (n > best) {
			best = n;
			*at = i;
		}
	}
	return best;
}

/* Offset of line @p k in text. */
static const char *
line_at(unsigned int k)
{
	const char *p = text;

	for (unsigned int i = 0; i < k && p != NULL; i++) {
		p = strchr(p, '\n');
		p = p != NULL ? p + 1 : NULL;
	}
	return p != NULL ? p : "";
}

static int
port(const char *name, const char *args, struct rte_mempool *mp,
     uint16_t nb_rxd, uint16_t *id)
{
	struct ethtest_qconf qc = {
		.nb_rxq = 1, .nb_txq = 1, .nb_rxd = nb_rxd, .nb_txd = 64,
		.mp = mp,
	};

	TEST_ASSERT_OK(ethtest_port_create(name, args, id), "%s", name);
	TEST_ASSERT_OK(ethtest_port_setup(*id, &qc), "setup %s", name);
	return TEST_SUCCESS;
}

/* Send @p n frames on @p tx (what tx_burst refuses is freed) and drain
 * every port's RX. */
static void
traffic(uint16_t tx, unsigned int n, struct rte_mempool *mp,
	const uint16_t *all, unsigned int nb_all)
{
	struct rte_mbuf *pk[32];
	unsigned int k = 0;

	while (k < n && k < RTE_DIM(pk) &&
	       (pk[k] = ethtest_frame(mp, ETHTEST_FRAME_LEN, k, k, 0)) != NULL)
		k++;
	for (uint16_t s = rte_eth_tx_burst(tx, 0, pk, (uint16_t)k); s < k; s++)
		rte_pktmbuf_free(pk[s]);
	for (unsigned int i = 0; i < nb_all; i++) {
		uint16_t r = rte_eth_rx_burst(all[i], 0, pk, RTE_DIM(pk));

		rte_pktmbuf_free_bulk(pk, r);
	}
}

static int
logs_storm_bounded(void)
{
	static const char *const names[] = {
		"net_i40e_sun4v0", "net_i40e_sun4v1", "net_i40e_sun4v2",
		"net_i40e_sun4v3", "net_i40e_sun4v4", "net_i40e_sun4v5",
	};
	static const char *const args[] = {
		"peer=net_i40e_sun4v1,iommu=legacy,dma=map,legacy_window=8",
		"peer=net_i40e_sun4v0,iommu=legacy,dma=map,legacy_window=8",
		"peer=net_i40e_sun4v3,iommu=legacy,dma=map,legacy_window=8",
		"peer=net_i40e_sun4v2,iommu=legacy,dma=map,legacy_window=8",
		"peer=net_i40e_sun4v5,rc=1",
		"peer=net_i40e_sun4v4,rc=1,inject=unmapped:1",
	};
	struct rte_mempool *mp = ethtest_pool("storm_pool", 8191, ETHTEST_ROOM);
	uint16_t id[RTE_DIM(names)];
	unsigned int first, last, worst, at = 0;
	FILE *f = timed_log();
	uint64_t end;

	TEST_ASSERT(mp != NULL && f != NULL, "pool, log stream");
	for (unsigned int i = 0; i < RTE_DIM(names); i++)
		TEST_ASSERT_OK(port(names[i], args[i], mp, 256, &id[i]), "port");
	first = nb_lines;   /* the storm starts with the starts */
	for (unsigned int i = 0; i < RTE_DIM(names); i++)
		TEST_ASSERT_OK(rte_eth_dev_start(id[i]), "start %s", names[i]);
	/* 3 s: both legacy pairs flat out; 2 frames every 4 ms into the
	 * faulting port (500 faults/s: below the 1000/s quarantine). */
	end = mono_ns() + 3 * NS;
	for (unsigned int round = 0; mono_ns() < end; round++) {
		traffic(id[0], 32, mp, id, RTE_DIM(id));
		traffic(id[2], 32, mp, id, RTE_DIM(id));
		if (round % 8 == 0)
			traffic(id[4], 2, mp, id, RTE_DIM(id));
		rte_delay_us_block(500);
	}
	/* Stops tell what the window has room for; the last close tells all
	 * that is left, past the limit if it must (no timer runs after it):
	 * the storm is measured up to here. */
	last = nb_lines;
	for (unsigned int i = 0; i < RTE_DIM(names); i++) {
		TEST_ASSERT_OK(rte_eth_dev_stop(id[i]), "stop");
		TEST_ASSERT_OK(rte_eth_dev_close(id[i]), "close");
		TEST_ASSERT_OK(rte_vdev_uninit(names[i]), "uninit");
	}
	rte_openlog_stream(NULL);
	fclose(f);
	worst = max_per_second(first, last, &at);
	printf("  storm: %u lines from the starts on, at most %u in one "
	       "second (from: %.120s); %u at stop and close\n", last - first,
	       worst, line_at(at), nb_lines - last);
	TEST_ASSERT(ethtest_count(text, "no room for") >= 1,
		    "no window exhaustion (iova_pool line)");
	TEST_ASSERT(ethtest_count(text, "sim.sun4v: DMA fault #") >= 1,
		    "no DMA fault (platform line)");
	TEST_ASSERT(ethtest_count(text, "DMA map of") >= 1,
		    "no map failure (PMD line)");
	if (worst > 10)
		for (unsigned int i = at; i < last &&
		     line_ns[i] < line_ns[at] + NS; i++)
			printf("  +%3" PRIu64 " ms %.100s\n",
			       (line_ns[i] - line_ns[at]) / 1000000,
			       line_at(i));
	TEST_ASSERT(worst <= 10, "%u lines within one second", worst);
	TEST_ASSERT(strstr(text, "failure lines suppressed") != NULL,
		    "no summary line of the map failures");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

#define FAULT_SUMMARY " DMA fault log lines suppressed"

/* Does a fault-line summary appear after offset @p from? */
static bool
summary_after(size_t from)
{
	return strstr(text + from, FAULT_SUMMARY) != NULL;
}

/* Fault lines logged plus fault lines told as suppressed, in the log. */
static uint64_t
faults_told(void)
{
	uint64_t n = ethtest_count(text, "sim.sun4v: DMA fault #");

	for (const char *p = strstr(text, FAULT_SUMMARY); p != NULL;
	     p = strstr(p + 1, FAULT_SUMMARY)) {
		const char *d = p;

		while (d > text && d[-1] >= '0' && d[-1] <= '9')
			d--;
		n += strtoull(d, NULL, 10);
	}
	return n;
}

/* Every fault of @p port so far is in the log, as a line or a count
 * (a quarantine adds one fault record of its own, not a line). */
static int
all_faults_told(uint16_t port, const char *when)
{
	uint64_t faults = ethtest_xstat(port, "iommu_faults");
	uint64_t q = ethtest_count(text, "quarantined: more than");

	printf("  %s: %" PRIu64 " faults (%" PRIu64 " quarantine), %" PRIu64
	       " told\n", when, faults, q, faults_told());
	TEST_ASSERT_EQ(faults_told(), faults - q, "%s: faults told", when);
	return TEST_SUCCESS;
}

static int
logs_suppressed_flushed(void)
{
	struct ethtest_pair p;
	struct ethtest_traffic t = { .nb_rxq = 1, .count = 3000 };
	struct ethtest_fwd r;
	FILE *f = timed_log();
	uint64_t t0, waited;
	size_t mark;

	TEST_ASSERT(f != NULL, "log stream");
	TEST_ASSERT_OK(ethtest_pair_up("inject=unmapped:1", NULL, 0, &p),
		       "pair");
	t.tx_port = p.p0;
	t.rx_port = p.p1;
	t.mp = p.mp;
	ethtest_forward(&t, &r);   /* every frame faults: a quarantine */
	TEST_ASSERT(strstr(text, "quarantined") != NULL, "no quarantine");
	/* No fault from here on: only the timer can tell the count. */
	mark = text_len;
	t0 = mono_ns();
	while (!summary_after(mark) && mono_ns() - t0 < 3 * NS)
		usleep(20000);
	waited = (mono_ns() - t0) / 1000000;
	printf("  summary %s after %" PRIu64 " ms without a fault\n",
	       summary_after(mark) ? "told" : "NOT told", waited);
	/* The window frees a line one second after the storm's last one;
	 * the timer takes it within a tick. */
	TEST_ASSERT(summary_after(mark) && waited <= 2000,
		    "suppressed count not told within 2 s (%" PRIu64 " ms)",
		    waited);
	TEST_ASSERT_OK(all_faults_told(p.p1, "after the timer"), "timer");
	/* Restart (resets the function), a short storm (most of its fault
	 * lines held back), stop at once: the stop tells the rest. */
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start");
	t.count = 200;
	ethtest_forward(&t, &r);
	TEST_ASSERT_OK(rte_eth_dev_stop(p.p1), "stop");
	TEST_ASSERT_OK(all_faults_told(p.p1, "at stop"), "stop");
	TEST_ASSERT_OK(rte_eth_dev_start(p.p1), "start");
	ethtest_pair_down(&p);
	rte_openlog_stream(NULL);
	fclose(f);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(logs_storm_bounded),
	TEST_CASE(logs_suppressed_flushed),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "logs", cases };

	return ethtest_main(&prog, argc, argv);
}
