/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Every devarg error of net_i40e_sun4v makes rte_vdev_init() fail with a
 * negative errno, logs a line naming the key (and the value), and leaks
 * nothing: no ethdev port, no heap memory, no memzone, and a good probe of
 * the same name right after works.
 *
 *  devargs_bad_values: unknown key, bad value of every key, repeated key,
 *      key without a value, a value holding '=', a peer that is not a
 *      port of this driver, the zero MAC, and the conflicting
 *      combinations (iommu=bypass,dma=map; gen= with a peer).
 *  devargs_rc_missing: rc=5 parses (0..7) but the machine has 2 root
 *      complexes: -ENODEV.
 *  devargs_bdf_taken: a second port on a bdf already in use: -EBUSY.
 *  devargs_peer_elsewhere: peer=A where A is wired to someone else.
 *  devargs_speed_mismatch: peers with different speeds.
 *  devargs_platform_conflict: iotlb=/hv_lat_ns= differing from what the
 *      process's simulated platform already runs with.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_memzone.h>

#include "ethdev_test.h"

#define NAME "net_i40e_sun4v0"

/* What must not change across a failed probe. */
struct snapshot {
	uint16_t ports;
	size_t heap_bytes;
	unsigned int heap_allocs;
	unsigned int memzones;
};

static void
mz_count(const struct rte_memzone *mz, void *arg)
{
	RTE_SET_USED(mz);
	(*(unsigned int *)arg)++;
}

static void
snap(struct snapshot *s)
{
	struct rte_malloc_socket_stats ms;

	memset(s, 0, sizeof(*s));
	s->ports = rte_eth_dev_count_total();
	if (rte_malloc_get_socket_stats(0, &ms) == 0) {
		s->heap_bytes = ms.heap_allocsz_bytes;
		s->heap_allocs = ms.alloc_count;
	}
	rte_memzone_walk(mz_count, &s->memzones);
}

static int
snap_same(const struct snapshot *a, const struct snapshot *b, const char *what)
{
	TEST_ASSERT_EQ(b->ports, a->ports, "%s: ethdev ports leaked", what);
	TEST_ASSERT_EQ(b->heap_bytes, a->heap_bytes, "%s: heap bytes", what);
	TEST_ASSERT_EQ(b->heap_allocs, a->heap_allocs, "%s: heap blocks", what);
	TEST_ASSERT_EQ(b->memzones, a->memzones, "%s: memzones", what);
	return TEST_SUCCESS;
}

/* rte_vdev_init() with the EAL log captured into @p log. */
static int
probe_logged(const char *name, const char *args, char *log, size_t len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	int rc;

	if (f == NULL)
		return -ENOMEM;
	rte_openlog_stream(f);
	rc = rte_vdev_init(name, args);
	rte_openlog_stream(NULL);
	fclose(f);
	snprintf(log, len, "%s", buf != NULL ? buf : "");
	free(buf);
	fputs(log, stderr);
	return rc;
}

/* A good probe of @p name works after the failure; then it is removed. */
static int
good_probe(const char *name, const char *args)
{
	uint16_t port;

	TEST_ASSERT_OK(ethtest_port_create(name, args, &port),
		       "good probe %s,%s after a failed one", name, args);
	TEST_ASSERT_OK(rte_eth_dev_close(port), "close");
	TEST_ASSERT_OK(rte_vdev_uninit(name), "uninit %s", name);
	return TEST_SUCCESS;
}

/*
 * Probe @p name with @p args: must fail with @p err (0 = any negative),
 * log @p s1 and @p s2 (NULL = no check), and leave no trace.
 */
static int
bad_probe(const char *name, const char *args, int err, const char *s1,
	  const char *s2)
{
	struct snapshot before, after;
	char log[2048];
	int rc;

	snap(&before);
	rc = probe_logged(name, args, log, sizeof(log));
	TEST_ASSERT(rc < 0, "%s,%s: probe returned %d, want a negative errno",
		    name, args, rc);
	if (err != 0)
		TEST_ASSERT_EQ(rc, err, "%s,%s: errno", name, args);
	TEST_ASSERT(s1 == NULL || strstr(log, s1) != NULL,
		    "%s,%s: log does not name \"%s\"", name, args, s1);
	TEST_ASSERT(s2 == NULL || strstr(log, s2) != NULL,
		    "%s,%s: log does not name \"%s\"", name, args, s2);
	snap(&after);
	TEST_ASSERT_OK(snap_same(&before, &after, args), "leak");
	return TEST_SUCCESS;
}

static const struct {
	const char *args;
	const char *key;    /* the log must name it */
	const char *value;  /* ... and this (NULL: no value to name) */
} bad[] = {
	{ "bogus=1", "bogus", NULL },
	{ "iommu=sparc", "iommu", "sparc" },
	{ "iommu=", "iommu", NULL },
	{ "iommu", "iommu", NULL },
	{ "dma=both", "dma", "both" },
	{ "rc=8", "rc", "8" },
	{ "rc=-1", "rc", "-1" },
	{ "rc=0x1", "rc", "0x1" },
	{ "bdf=03:00", "bdf", "03:00" },
	{ "bdf=03:20.0", "bdf", "03:20.0" },
	{ "bdf=03:00.8", "bdf", "03:00.8" },
	{ "bdf=100:00.0", "bdf", "100:00.0" },
	{ "bdf=zz:00.0", "bdf", "zz:00.0" },
	{ "peer=net-i40e", "peer", "net-i40e" },
	{ "peer=a1234567890123456789012345678901234567890123456789012345678901234",
	  "peer", "a12345678901234567890" },
	{ "speed=40", "speed", "40" },
	{ "speed=400G", "speed", "400G" },
	{ "speed=40g", "speed", "40g" },
	{ "pace=yes", "pace", "yes" },
	{ "pace=2", "pace", "2" },
	{ "gen=63", "gen", "63" },
	{ "gen=9729", "gen", "9729" },
	{ "gen=64:0", "gen", "64:0" },
	{ "gen=64:1:0", "gen", "64:1:0" },
	{ "gen=64:1:101", "gen", "64:1:101" },
	{ "gen=64:1:50:1", "gen", "64:1:50:1" },
	{ "gen=64::5", "gen", "64::5" },
	{ "gen=abc", "gen", "abc" },
	{ "iotlb=0", "iotlb", "0" },
	{ "iotlb=65537", "iotlb", "65537" },
	{ "iotlb=1k", "iotlb", "1k" },
	{ "hv_lat_ns=-5", "hv_lat_ns", "-5" },
	{ "hv_lat_ns=100000001", "hv_lat_ns", "100000001" },
	{ "mac=01:00:00:00:00:01", "mac", "01:00:00:00:00:01" },
	{ "mac=02:00:00:00:00", "mac", "02:00:00:00:00" },
	{ "mac=02-00-00-00-00-01", "mac", "02-00-00-00-00-01" },
	{ "mac=0g:00:00:00:00:01", "mac", "0g:00:00:00:00:01" },
	{ "rxdesc=64", "rxdesc", "64" },
	/* issue 14: not our port, not loopback, no own address, and a value
	 * holding '=' is a bad value of its key (not an "unknown key") */
	{ "peer=SELF", "peer", "SELF" },
	{ "peer=net_null0", "peer", "net_null0" },
	{ "mac=00:00:00:00:00:00", "mac", "00:00:00:00:00:00" },
	{ "iommu=atu=legacy", "iommu", "atu=legacy" },
	{ "iommu=atu,iommu=legacy", "iommu", "more than once" },
	{ "dma=pool,dma=pool", "dma", "more than once" },
	{ "iommu=bypass,dma=map", "bypass", "dma=map" },
	{ "gen=64,peer=self", "gen", "peer=self" },
	{ "gen=64,peer=net_i40e_sun4v9", "gen", "net_i40e_sun4v9" },
};

static int
devargs_bad_values(void)
{
	/* The first probe of a process allocates ethdev's shared data. */
	TEST_ASSERT_OK(good_probe(NAME, ""), "warm-up probe");
	for (unsigned int i = 0; i < RTE_DIM(bad); i++) {
		TEST_ASSERT_OK(bad_probe(NAME, bad[i].args, -EINVAL, bad[i].key,
					 bad[i].value), "case %s", bad[i].args);
		TEST_ASSERT_OK(good_probe(NAME, ""), "after %s", bad[i].args);
	}
	printf("  %u bad devarg strings refused\n", (unsigned int)RTE_DIM(bad));
	return TEST_SUCCESS;
}

static int
devargs_rc_missing(void)
{
	TEST_ASSERT_OK(good_probe(NAME, ""), "warm-up probe");
	TEST_ASSERT_OK(bad_probe(NAME, "rc=5", -ENODEV, "rc=5", NULL), "rc=5");
	TEST_ASSERT_OK(good_probe(NAME, "rc=1"), "rc=1 exists");
	return TEST_SUCCESS;
}

static int
devargs_bdf_taken(void)
{
	uint16_t a;

	TEST_ASSERT_OK(good_probe(NAME, ""), "warm-up probe");
	TEST_ASSERT_OK(ethtest_port_create("net_i40e_sun4v1", "bdf=04:00.0", &a),
		       "first port on 04:00.0");
	TEST_ASSERT_OK(bad_probe(NAME, "bdf=04:00.0", -EBUSY, "04:00.0", NULL),
		       "same bdf");
	/* Same bdf on the other root complex is another function. */
	TEST_ASSERT_OK(good_probe(NAME, "bdf=04:00.0,rc=1"), "rc 1");
	TEST_ASSERT_OK(good_probe(NAME, "bdf=04:00.1"), "next function");
	TEST_ASSERT_OK(rte_eth_dev_close(a), "close");
	TEST_ASSERT_OK(rte_vdev_uninit("net_i40e_sun4v1"), "uninit");
	TEST_ASSERT_OK(good_probe(NAME, "bdf=04:00.0"), "bdf free again");
	return TEST_SUCCESS;
}

static int
devargs_peer_elsewhere(void)
{
	uint16_t a;

	TEST_ASSERT_OK(good_probe(NAME, ""), "warm-up probe");
	TEST_ASSERT_OK(ethtest_port_create("net_i40e_sun4v1",
					   "peer=net_i40e_sun4v7", &a),
		       "A wired to an absent port");
	TEST_ASSERT_OK(bad_probe(NAME, "peer=net_i40e_sun4v1", -EINVAL,
				 "net_i40e_sun4v1", "net_i40e_sun4v7"),
		       "B wired to A, A wired elsewhere");
	TEST_ASSERT_OK(good_probe(NAME, "peer=sink"), "B to a sink");
	TEST_ASSERT_OK(rte_eth_dev_close(a), "close");
	TEST_ASSERT_OK(rte_vdev_uninit("net_i40e_sun4v1"), "uninit");
	return TEST_SUCCESS;
}

static int
devargs_speed_mismatch(void)
{
	struct rte_eth_link l;
	uint16_t a;

	TEST_ASSERT_OK(good_probe(NAME, ""), "warm-up probe");
	TEST_ASSERT_OK(ethtest_port_create("net_i40e_sun4v1",
					   "peer=" NAME ",speed=40G", &a), "A");
	TEST_ASSERT_OK(bad_probe(NAME, "peer=net_i40e_sun4v1,speed=10G",
				 -EINVAL, "10000", "40000"), "10G peer of 40G");
	TEST_ASSERT_OK(good_probe(NAME, "peer=net_i40e_sun4v1,speed=40G"),
		       "matching speed");
	/* The good probe wired A; its close unwired it again. */
	TEST_ASSERT_OK(rte_eth_link_get_nowait(a, &l), "link");
	TEST_ASSERT_EQ(l.link_status, RTE_ETH_LINK_DOWN, "A, peer gone");
	TEST_ASSERT_OK(rte_eth_dev_close(a), "close");
	TEST_ASSERT_OK(rte_vdev_uninit("net_i40e_sun4v1"), "uninit");
	return TEST_SUCCESS;
}

static int
devargs_platform_conflict(void)
{
	uint16_t a;

	TEST_ASSERT_OK(good_probe(NAME, ""), "warm-up probe");
	TEST_ASSERT_OK(ethtest_port_create("net_i40e_sun4v1", "iotlb=64", &a),
		       "A sets up the platform");
	TEST_ASSERT_OK(bad_probe(NAME, "iotlb=128", -EINVAL, "iotlb=128", NULL),
		       "iotlb conflict");
	TEST_ASSERT_OK(bad_probe(NAME, "hv_lat_ns=500", -EINVAL, "hv_lat_ns=500",
				 NULL), "hv_lat_ns conflict");
	TEST_ASSERT_OK(good_probe(NAME, "iotlb=64,hv_lat_ns=0"), "same values");
	TEST_ASSERT_OK(rte_eth_dev_close(a), "close");
	TEST_ASSERT_OK(rte_vdev_uninit("net_i40e_sun4v1"), "uninit");
	/* The platform went away with its last port: new values are fine. */
	TEST_ASSERT_OK(good_probe(NAME, "iotlb=128"), "fresh platform");
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(devargs_bad_values),
	TEST_CASE(devargs_rc_missing),
	TEST_CASE(devargs_bdf_taken),
	TEST_CASE(devargs_peer_elsewhere),
	TEST_CASE(devargs_speed_mismatch),
	TEST_CASE(devargs_platform_conflict),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	static const struct ethtest_prog prog = { "devargs", cases };

	return ethtest_main(&prog, argc, argv);
}
