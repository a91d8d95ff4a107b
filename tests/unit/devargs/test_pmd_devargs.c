/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devargs of net_i40e_sun4v: defaults, every key's good values, every key's
 * bad values (the error names the key and the value), repeated keys,
 * unknown keys, conflicting combinations.
 */
#include <errno.h>
#include <string.h>

#include "i40e_sun4v_devargs.h"
#include "test_assert.h"

static struct i40e_sun4v_devargs a;
static char err[256];

static int
parse(const char *s)
{
	return i40e_sun4v_devargs_parse(s, &a, err, sizeof(err));
}

static int
test_devargs_defaults(void)
{
	TEST_ASSERT_OK(parse(NULL), "NULL args");
	TEST_ASSERT_OK(parse(""), "empty args");
	TEST_ASSERT_EQ(a.iommu, I40E_SUN4V_IOMMU_ATU, "default iommu");
	TEST_ASSERT_EQ(a.dma, I40E_SUN4V_DMA_POOL, "default dma");
	TEST_ASSERT_EQ(a.rc, 0, "default rc");
	TEST_ASSERT_EQ(a.bdf_set, false, "bdf assigned at probe");
	TEST_ASSERT_EQ(a.peer, I40E_SUN4V_PEER_SINK, "default peer");
	TEST_ASSERT_EQ(a.speed_mbps, 40000, "default speed");
	TEST_ASSERT_EQ(a.pace, true, "default pace");
	TEST_ASSERT_EQ(a.gen, false, "default gen");
	TEST_ASSERT_EQ(a.iotlb_entries, 64, "default iotlb");
	TEST_ASSERT_EQ(a.hv_lat_ns, 0, "default hv_lat_ns");
	TEST_ASSERT_EQ(a.rxdesc, 32, "default rxdesc");
	TEST_ASSERT_EQ(a.legacy_window_mb, 2048, "default legacy window");
	TEST_ASSERT_EQ(a.pps_limit_set, false, "default pps_limit: the model's");
	TEST_ASSERT_OK(parse("pps_limit=0"), "pps_limit=0: %s", err);
	TEST_ASSERT(a.pps_limit_set && a.pps_limit == 0, "pps_limit off");
	TEST_ASSERT_OK(parse("pps_limit=37000000"), "pps_limit: %s", err);
	TEST_ASSERT_EQ(a.pps_limit, 37000000, "pps_limit 37 Mpps");
	return TEST_SUCCESS;
}

static int
test_devargs_good_values(void)
{
	TEST_ASSERT_OK(parse("iommu=legacy,dma=map,rc=3,bdf=1f:1f.7,"
			     "peer=net_i40e_sun4v1,speed=100G,pace=0,"
			     "iotlb=65536,hv_lat_ns=100000000,"
			     "mac=02:00:00:00:00:01,rxdesc=16"), "%s", err);
	TEST_ASSERT_EQ(a.iommu, I40E_SUN4V_IOMMU_LEGACY, "iommu");
	TEST_ASSERT_EQ(a.dma, I40E_SUN4V_DMA_MAP, "dma");
	TEST_ASSERT_EQ(a.rc, 3, "rc");
	TEST_ASSERT_EQ(a.bdf, 0x1f << 8 | 0x1f << 3 | 7, "bdf");
	TEST_ASSERT_EQ(a.peer, I40E_SUN4V_PEER_PORT, "peer kind");
	TEST_ASSERT(strcmp(a.peer_name, "net_i40e_sun4v1") == 0, "peer name");
	TEST_ASSERT_EQ(a.speed_mbps, 100000, "speed");
	TEST_ASSERT_EQ(a.pace, false, "pace");
	TEST_ASSERT_EQ(a.iotlb_entries, 65536, "iotlb");
	TEST_ASSERT_EQ(a.hv_lat_ns, 100000000, "hv_lat_ns");
	TEST_ASSERT_EQ(a.mac[5], 1, "mac");
	TEST_ASSERT_EQ(a.rxdesc, 16, "rxdesc");
	TEST_ASSERT_OK(parse("iommu=bypass,peer=self,speed=10G"), "%s", err);
	TEST_ASSERT_EQ(a.peer, I40E_SUN4V_PEER_SELF, "self");
	TEST_ASSERT_OK(parse("speed=25G,gen=64"), "%s", err);
	TEST_ASSERT(a.gen && a.gen_size == 64 && a.gen_flows == 1 &&
		    a.gen_rate_pct == 100, "gen defaults");
	TEST_ASSERT_OK(parse("gen=9728:1048576:1"), "%s", err);
	TEST_ASSERT(a.gen_size == 9728 && a.gen_flows == 1048576 &&
		    a.gen_rate_pct == 1, "gen bounds");
	TEST_ASSERT_OK(parse("gen=128,gen_bad_csum=7:0,gen_count=70000"), "%s", err);
	TEST_ASSERT(a.gen_bad_csum && a.gen_bad_ip == 7 && a.gen_bad_l4 == 0 &&
		    a.gen_count == 70000, "generator test facility");
	TEST_ASSERT_EQ(parse("gen_bad_csum=7:11"), -EINVAL, "needs gen=");
	TEST_ASSERT(strstr(err, "gen_bad_csum") != NULL, "names it: %s", err);
	TEST_ASSERT_EQ(parse("gen_count=5"), -EINVAL, "needs gen= too");
	return TEST_SUCCESS;
}

/* Each bad value must fail and the message must name key and value. */
static int
test_devargs_bad_values(void)
{
	static const char *const bad[][2] = {
		{ "iommu=ATU", "ATU" }, { "iommu=", "iommu" },
		{ "dma=pooled", "pooled" }, { "rc=8", "rc" }, { "rc=-1", "-1" },
		{ "rc=1x", "1x" }, { "bdf=100:00.0", "100:00.0" },
		{ "bdf=00:20.0", "00:20.0" }, { "bdf=00:00.8", "00:00.8" },
		{ "bdf=0:0", "0:0" }, { "peer=a b", "a b" },
		{ "peer=0123456789012345678901234567890123456789012345678901234567890123",
		  "peer" },
		{ "speed=40", "40" }, { "speed=400G", "400G" },
		{ "pace=2", "pace" }, { "pace=yes", "yes" },
		{ "gen=63", "63" }, { "gen=9729", "9729" }, { "gen=64:0", "64:0" },
		{ "gen=64:1:101", "64:1:101" }, { "gen=64:1:1:1", "64:1:1:1" },
		{ "gen=64::5", "64::5" }, { "gen=abc", "abc" },
		{ "iotlb=0", "iotlb" }, { "iotlb=65537", "65537" },
		{ "hv_lat_ns=100000001", "100000001" },
		{ "pps_limit=1000000001", "1000000001" }, { "pps_limit=-1", "-1" },
		{ "hv_lat_ns=18446744073709551616", "18446744073709551616" },
		{ "mac=01:00:00:00:00:01", "01:00:00:00:00:01" },
		{ "mac=02:00:00:00:00", "02:00:00:00:00" },
		{ "mac=02:00:00:00:00:0g", "0g" },
		{ "rxdesc=64", "64" },
		{ "inject=unmapped", "unmapped" }, { "inject=stale:0", "stale:0" },
		{ "inject=bogus:5", "bogus:5" }, { "inject=unmappedx:1", "unmappedx" },
		{ "inject=readonly:-1", "readonly:-1" },
		{ "inject=dvma@0x:1", "dvma@0x:1" }, { "inject=dvma@0xzz:1", "0xzz" },
		{ "legacy_window=4", "legacy_window" },
		{ "legacy_window=4096", "4096" }, { "legacy_window=24", "24" },
		{ "gen_bad_csum=7", "gen_bad_csum" }, { "gen_bad_csum=x:1", "x:1" },
		{ "gen_bad_csum=:1", ":1" }, { "gen_count=0", "gen_count" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TEST_ASSERT_EQ(parse(bad[i][0]), -EINVAL, "accepted %s",
			       bad[i][0]);
		TEST_ASSERT(strstr(err, bad[i][1]) != NULL,
			    "error for %s does not name it: %s", bad[i][0],
			    err);
	}
	return TEST_SUCCESS;
}

static int
test_devargs_unknown_repeated_conflicting(void)
{
	TEST_ASSERT_EQ(parse("iommu=atu,colour=blue"), -EINVAL, "unknown key");
	TEST_ASSERT(strstr(err, "colour") != NULL, "names key: %s", err);
	TEST_ASSERT_EQ(parse("dma=pool,dma=map"), -EINVAL, "repeated key");
	TEST_ASSERT(strstr(err, "dma") != NULL, "names key: %s", err);
	TEST_ASSERT_EQ(parse("iommu=bypass,dma=map"), -EINVAL, "conflict");
	TEST_ASSERT(strstr(err, "bypass") && strstr(err, "dma=map"),
		    "names both: %s", err);
	TEST_ASSERT_EQ(parse("peer=self,gen=64"), -EINVAL, "gen needs sink");
	TEST_ASSERT(strstr(err, "gen") && strstr(err, "self"), "%s", err);
	TEST_ASSERT_EQ(parse("peer=net_i40e_sun4v1,gen=64"), -EINVAL,
		       "gen with a peer port");
	TEST_ASSERT_EQ(parse("=x"), -EINVAL, "malformed");
	TEST_ASSERT_EQ(parse("inject=stale:3"), -EINVAL, "stale needs map");
	TEST_ASSERT(strstr(err, "dma=map") != NULL, "%s", err);
	TEST_ASSERT_EQ(parse("iommu=bypass,inject=unmapped:3"), -EINVAL,
		       "inject needs an IOMMU");
	TEST_ASSERT_OK(parse("dma=map,inject=stale:3"), "%s", err);
	TEST_ASSERT(a.inject == I40E_SUN4V_INJECT_STALE && a.inject_every == 3,
		    "stale:3");
	TEST_ASSERT_OK(parse("inject=dvma@0x20000004000:7,legacy_window=8"),
		       "%s", err);
	TEST_ASSERT(a.inject == I40E_SUN4V_INJECT_DVMA &&
		    a.inject_dvma == 0x20000004000ull && a.inject_every == 7 &&
		    a.legacy_window_mb == 8, "dvma@ and legacy_window");
	TEST_ASSERT_OK(parse("inject=readonly:4294967295"), "%s", err);
	TEST_ASSERT(a.inject == I40E_SUN4V_INJECT_READONLY &&
		    a.inject_every == 4294967295u, "readonly bound");
	return TEST_SUCCESS;
}

/*
 * A peer must be self, sink or another port of this driver (issue 14):
 * "SELF" is not loopback (names are case-sensitive), net_null0 is not an
 * i40e_sun4v port; the error names the key and the value.
 */
static int
test_devargs_peer_names(void)
{
	static const char *const bad[][2] = {
		{ "peer=SELF", "SELF" }, { "peer=Sink", "Sink" },
		{ "peer=net_null0", "net_null0" },
		{ "peer=net_i40e_sun4v", "net_i40e_sun4v" },
		{ "peer=xnet_i40e_sun4v1", "xnet_i40e_sun4v1" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TEST_ASSERT_EQ(parse(bad[i][0]), -EINVAL, "accepted %s",
			       bad[i][0]);
		TEST_ASSERT(strstr(err, "peer") != NULL &&
			    strstr(err, bad[i][1]) != NULL,
			    "error for %s does not name key and value: %s",
			    bad[i][0], err);
	}
	TEST_ASSERT(strstr((parse("peer=SELF"), err), "self") != NULL,
		    "SELF: no hint at peer=self: %s", err);
	TEST_ASSERT_OK(parse("peer=net_i40e_sun4v12"), "%s", err);
	TEST_ASSERT_OK(parse("peer=net_i40e_sun4v_a"), "%s", err);
	return TEST_SUCCESS;
}

/* A port's own MAC must be a unicast, non-zero address (issue 14). */
static int
test_devargs_mac_zero_multicast(void)
{
	static const char *const bad[] = {
		"mac=00:00:00:00:00:00", "mac=01:00:5e:00:00:01",
		"mac=ff:ff:ff:ff:ff:ff", "mac=33:33:00:00:00:01",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TEST_ASSERT_EQ(parse(bad[i]), -EINVAL, "accepted %s", bad[i]);
		TEST_ASSERT(strstr(err, bad[i] + 4) != NULL &&
			    strstr(err, "mac") != NULL,
			    "error for %s does not name it: %s", bad[i], err);
	}
	TEST_ASSERT_OK(parse("mac=00:00:00:00:00:01"), "%s", err);
	return TEST_SUCCESS;
}

/*
 * A value holding '=' is a malformed value of its key, not an unknown key
 * (issue 14: iommu=atu=legacy reported 'unknown devarg key "atu"').
 */
static int
test_devargs_value_with_equals(void)
{
	TEST_ASSERT_EQ(parse("iommu=atu=legacy"), -EINVAL, "accepted");
	TEST_ASSERT(strstr(err, "unknown") == NULL, "%s", err);
	TEST_ASSERT(strstr(err, "iommu") != NULL &&
		    strstr(err, "atu=legacy") != NULL,
		    "does not name key and whole value: %s", err);
	TEST_ASSERT_EQ(parse("dma=map,peer=self=x"), -EINVAL, "accepted");
	TEST_ASSERT(strstr(err, "peer") != NULL && strstr(err, "self=x"),
		    "%s", err);
	TEST_ASSERT_EQ(parse("rc=1,=x"), -EINVAL, "empty key");
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_devargs_defaults),
		TEST_CASE(test_devargs_good_values),
		TEST_CASE(test_devargs_bad_values),
		TEST_CASE(test_devargs_unknown_repeated_conflicting),
		TEST_CASE(test_devargs_peer_names),
		TEST_CASE(test_devargs_mac_zero_multicast),
		TEST_CASE(test_devargs_value_with_equals),
		{ NULL, NULL },
	};

	return test_run_cases("pmd_devargs", cases);
}
