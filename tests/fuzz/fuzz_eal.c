/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL once per process for the live-port harnesses (fuzz_eal.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_bus_vdev.h>
#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "fuzz_eal.h"
#include "fuzz_util.h"
#include "sim_board.h"
#include "sun4v_platform.h"

static bool eal_up;
static FILE *log_stream;
static char *log_buf;
static size_t log_len;
static struct sim_board *board;

/* Join the machine a port created (so it keeps the driver's log sink
 * and parameters) and hold it for the whole run: ports come and go, and
 * the platform's tables outlive them, so their leaks stay visible. */
void
fze_board_hold(void)
{
	struct sim_board_conf c;
	char err[256];

	if (board != NULL)
		return;
	memset(&c, 0, sizeof(c));
	FZ_CHECK(sim_board_get(&c, "fuzz harness", &board, err,
			       sizeof(err)) == 0, "%s", err);
}

static void
fze_fini(void)
{
	uint16_t pid;

	RTE_ETH_FOREACH_DEV(pid)
		fze_port_destroy(pid);
	if (board != NULL)
		sim_board_put(board);
	rte_eal_cleanup();
	rte_openlog_stream(NULL);
	if (log_stream != NULL)
		fclose(log_stream);
	free(log_buf);
	log_stream = NULL;
	log_buf = NULL;
}

void
fze_log_reset(void)
{
	/* The old stream writes its final buffer into log_buf when closed:
	 * close it (and free that) before a new one takes the variable. */
	if (log_stream != NULL) {
		rte_openlog_stream(NULL);
		fclose(log_stream);
		free(log_buf);
	}
	log_buf = NULL;
	log_len = 0;
	log_stream = open_memstream(&log_buf, &log_len);
	FZ_CHECK(log_stream != NULL, "open_memstream");
	rte_openlog_stream(log_stream);
}

const char *
fze_log_text(void)
{
	fflush(log_stream);
	return log_buf != NULL ? log_buf : "";
}

void
fze_init(const char *name)
{
	char prefix[64];
	char *argv[] = {
		(char *)(uintptr_t)name, "-l", "0", "--no-huge", "-m", "512",
		"--no-pci", "--no-telemetry", "--no-shconf", "--file-prefix",
		prefix, "--log-level", "pmd.net.i40e_sun4v.*:notice",
		"--log-level", "lib.iova_pool:notice", NULL,
	};

	if (eal_up)
		return;
	snprintf(prefix, sizeof(prefix), "fz_%s_%d", name, (int)getpid());
	FZ_CHECK(rte_eal_init((int)RTE_DIM(argv) - 1, argv) >= 0,
		 "rte_eal_init: %s", rte_strerror(rte_errno));
	eal_up = true;
	fze_log_reset();
	atexit(fze_fini);
}

int
fze_port_create(unsigned int idx, const char *devargs, uint16_t *port)
{
	char name[32];
	int rc;

	snprintf(name, sizeof(name), "net_i40e_sun4v%u", idx);
	rc = rte_vdev_init(name, devargs);
	if (rc != 0)
		return rc;
	rc = rte_eth_dev_get_port_by_name(name, port);
	FZ_CHECK(rc == 0, "probed %s has no port", name);
	return 0;
}

int
fze_port_destroy(uint16_t port)
{
	char name[RTE_ETH_NAME_MAX_LEN];
	int rc;

	if (rte_eth_dev_get_name_by_port(port, name) != 0)
		return -ENODEV;
	rc = rte_eth_dev_close(port);
	if (rc != 0)
		return rc;
	return rte_vdev_uninit(name);
}

struct rte_mempool *
fze_pool(const char *name, unsigned int n)
{
	struct rte_mempool *mp = rte_pktmbuf_pool_create(name, n, 0, 0,
		2048 + RTE_PKTMBUF_HEADROOM, 0);

	FZ_CHECK(mp != NULL, "pool %s: %s", name, rte_strerror(rte_errno));
	return mp;
}

uint64_t
fze_xstat(uint16_t port, const char *name)
{
	uint64_t id, v;

	FZ_CHECK(rte_eth_xstats_get_id_by_name(port, name, &id) == 0,
		 "port %u has no xstat %s", port, name);
	FZ_CHECK(rte_eth_xstats_get_by_id(port, &id, &v, 1) == 1,
		 "xstat %s of port %u", name, port);
	return v;
}

uint64_t
fze_legacy_in_use(unsigned int rc)
{
	struct sun4v_table_stats st;

	FZ_CHECK(board != NULL, "fze_board_hold() first");
	FZ_CHECK(sun4v_table_stats_get(sim_board_platform(board), rc, 0,
				       &st) == 0, "legacy table of rc %u", rc);
	return st.entries_in_use;
}

uint64_t
fze_heap_bytes(void)
{
	struct rte_malloc_socket_stats s;

	FZ_CHECK(rte_malloc_get_socket_stats(0, &s) == 0, "heap stats");
	return s.heap_allocsz_bytes;
}
