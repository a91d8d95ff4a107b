/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fabric and platform configuration (doc/design/platform.md §1-§3): the
 * default S7-2-like topology, IOMMU groups with and without ACS, fabric
 * errors, configuration validation and parsing, the real-address registry,
 * ATU ranges and page-size property.
 */
#include "sun4v_test_util.h"

static int
test_sun4v_fabric_default_topology(void)
{
	struct sun4v_platform *p;
	struct sun4v_func *nic[SUN4V_DEFAULT_NB_NIC_PORTS], *usb0, *usb1, *sas;
	struct sun4v_func *members[4];
	uint64_t dh;

	TEST_ASSERT_OK(sun4v_platform_create(NULL, &p), "create");
	TEST_ASSERT_EQ(sun4v_fabric_nb_rc(p), 2, "two root complexes");
	TEST_ASSERT_OK(sun4v_fabric_rc_devhandle(p, 0, &dh), "rc0");
	TEST_ASSERT_EQ(dh, 0x200, "pci@200");
	TEST_ASSERT_OK(sun4v_fabric_rc_devhandle(p, 1, &dh), "rc1");
	TEST_ASSERT_EQ(dh, 0x300, "pci@300");
	TEST_ASSERT_EQ(sun4v_fabric_rc_devhandle(p, 2, &dh), -ENODEV, "rc2");
	for (unsigned int i = 0; i < SUN4V_DEFAULT_NB_NIC_PORTS; i++) {
		TEST_ASSERT_OK(sun4v_platform_default_nic(p, i, &nic[i]), "nic %u", i);
		TEST_ASSERT_EQ(sun4v_func_rc(nic[i]), 0, "all four on RC0");
		TEST_ASSERT(sun4v_func_non_acs_bridge(nic[i]) == NULL,
			    "ACS all the way up");
		TEST_ASSERT_EQ(sun4v_group_functions(p, sun4v_func_group(nic[i]),
						     members, 4), 1,
			       "port %u alone in its group", i);
		TEST_ASSERT(sun4v_func_platform(nic[i]) == p, "platform");
	}
	TEST_ASSERT_EQ(sun4v_func_bdf(nic[0]), 0x0300, "03:00.0");
	TEST_ASSERT_EQ(sun4v_func_bdf(nic[3]), 0x0401, "04:00.1");
	TEST_ASSERT_EQ(sun4v_platform_default_nic(p, 4, &nic[0]), -ENODEV,
		       "only 4 ports");
	TEST_ASSERT_OK(sun4v_fabric_find_function(p, 1, 0x0600, &usb0), "usb0");
	TEST_ASSERT_OK(sun4v_fabric_find_function(p, 1, 0x0601, &usb1), "usb1");
	TEST_ASSERT_OK(sun4v_fabric_find_function(p, 1, 0x0300, &sas), "sas");
	TEST_ASSERT_EQ(sun4v_func_group(usb0), sun4v_func_group(usb1),
		       "behind a PCIe-to-PCI bridge without ACS: one group");
	TEST_ASSERT(strcmp(sun4v_func_non_acs_bridge(usb0),
			   "pci@300/pcie-pci-bridge") == 0, "bridge named");
	TEST_ASSERT_NE(sun4v_func_group(sas), sun4v_func_group(usb0), "sas apart");
	TEST_ASSERT_EQ(sun4v_group_functions(p, sun4v_func_group(usb0), members,
					     1), 2, "size even when max is 1");
	TEST_ASSERT_EQ(sun4v_group_functions(p, 999, members, 4), -ENOENT,
		       "no such group");
	TEST_ASSERT_EQ(sun4v_fabric_find_function(p, 0, 0x0900, &sas), -ENODEV,
		       "absent");
	sun4v_platform_destroy(p);
	return TEST_SUCCESS;
}

/*
 * root - A (ACS) - B (no ACS) - C (ACS) - f1
 *                            \- f2
 *      \- f3 (below A)
 * f1 and f2 share B's group although C has ACS: the topmost non-ACS
 * bridge decides.  f3 is alone.
 */
static int
test_sun4v_fabric_groups_acs(void)
{
	struct sun4v_platform_conf c = { .empty_fabric = true, .nb_rc = 1 };
	struct sun4v_platform *p;
	struct sun4v_func *f1, *f2, *f3, *f4;
	int a, b, cc, d;

	TEST_ASSERT_OK(sun4v_platform_create(&c, &p), "create");
	TEST_ASSERT_EQ(sun4v_fabric_nb_rc(p), 1, "one RC");
	a = sun4v_fabric_add_bridge(p, 0, -1, true, "A");
	b = sun4v_fabric_add_bridge(p, 0, a, false, "B");
	cc = sun4v_fabric_add_bridge(p, 0, b, true, "C");
	d = sun4v_fabric_add_bridge(p, 0, -1, false, NULL);
	TEST_ASSERT(a == 0 && b == 1 && cc == 2 && d == 3, "ids");
	TEST_ASSERT_OK(sun4v_fabric_add_function(p, 0, cc, 0x0500, &f1), "f1");
	TEST_ASSERT_OK(sun4v_fabric_add_function(p, 0, b, 0x0400, &f2), "f2");
	TEST_ASSERT_OK(sun4v_fabric_add_function(p, 0, a, 0x0200, &f3), "f3");
	TEST_ASSERT_OK(sun4v_fabric_add_function(p, 0, d, 0x0800, &f4), "f4");
	TEST_ASSERT_EQ(sun4v_func_group(f1), sun4v_func_group(f2), "f1 ~ f2");
	TEST_ASSERT_NE(sun4v_func_group(f1), sun4v_func_group(f3), "f3 apart");
	TEST_ASSERT_NE(sun4v_func_group(f4), sun4v_func_group(f1), "f4 apart");
	TEST_ASSERT(strcmp(sun4v_func_non_acs_bridge(f1), "B") == 0, "B");
	TEST_ASSERT(sun4v_func_non_acs_bridge(f3) == NULL, "isolated");
	TEST_ASSERT(strcmp(sun4v_func_non_acs_bridge(f4), "rc0-bridge3") == 0,
		    "default name: %s", sun4v_func_non_acs_bridge(f4));
	/* Errors. */
	TEST_ASSERT_EQ(sun4v_fabric_add_function(p, 0, a, 0x0500, &f1), -EEXIST,
		       "BDF taken");
	TEST_ASSERT_EQ(sun4v_fabric_add_function(p, 1, -1, 0x0100, &f1), -ENODEV,
		       "no RC 1");
	TEST_ASSERT_EQ(sun4v_fabric_add_function(p, 0, 9, 0x0100, &f1), -EINVAL,
		       "no bridge 9");
	TEST_ASSERT_EQ(sun4v_fabric_add_bridge(p, 0, 7, true, "x"), -EINVAL,
		       "no parent 7");
	TEST_ASSERT_EQ(sun4v_fabric_add_bridge(p, 3, -1, true, "x"), -ENODEV,
		       "no RC 3");
	sun4v_platform_destroy(p);
	return TEST_SUCCESS;
}

static int
test_sun4v_fabric_conf_validation(void)
{
	static const struct sun4v_platform_conf bad[] = {
		{ .nb_rc = 9 },
		{ .legacy_base = 0x80001000 },
		{ .legacy_size = 0x100000000ULL },
		{ .legacy_base = 0xc0000000, .legacy_size = 0x80000000 },
		{ .legacy_base = 0x40000000, .legacy_size = 0x1000000 },
		{ .iotlb_entries = 3 },
		{ .map_cap = 70000 },
		{ .max_iotsbs = 1000 },
	};
	struct sun4v_platform_conf c = { .empty_fabric = true,
					 .legacy_base = 0xc0000000,
					 .legacy_size = 0x40000000 };
	struct sun4v_platform *p = (struct sun4v_platform *)1;
	uint64_t base, size;
	struct sun4v_atu_range r[SUN4V_ATU_NB_RANGES];

	sun4v_log_set_default_sink(NULL, NULL);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TEST_ASSERT_EQ(sun4v_platform_create(&bad[i], &p), -EINVAL,
			       "bad conf %zu", i);
		TEST_ASSERT(p == NULL, "no platform on error");
	}
	TEST_ASSERT_EQ(sun4v_platform_create(&c, NULL), -EINVAL, "NULL out");
	TEST_ASSERT_OK(sun4v_platform_create(&c, &p), "1 GB window at 3 GB");
	TEST_ASSERT_OK(sun4v_legacy_window(p, 1, &base, &size), "window");
	TEST_ASSERT_EQ(base, 0xc0000000, "base");
	TEST_ASSERT_EQ(size, 0x40000000, "size");
	TEST_ASSERT_EQ(sun4v_legacy_window(p, 2, &base, &size), -ENODEV, "rc 2");
	TEST_ASSERT_EQ(sun4v_atu_ranges(p, 0, r), SUN4V_ATU_NB_RANGES, "ranges");
	TEST_ASSERT_EQ(r[3].base, HV_ATU_RANGE3_BASE, "range 3 base");
	TEST_ASSERT_EQ(r[2].size, r[3].size, "equal 64-bit sizes");
	TEST_ASSERT_EQ(sun4v_atu_ranges(p, 5, r), -ENODEV, "rc 5");
	TEST_ASSERT_EQ(sun4v_atu_pagesizes(p), HV_ATU_PGSZ_MASK, "pagesizes");
	TEST_ASSERT_EQ(sun4v_platform_set_map_cap(p, 0), -EINVAL, "cap 0");
	TEST_ASSERT_EQ(sun4v_platform_set_map_cap(p, 65536), -EINVAL, "cap big");
	sun4v_platform_destroy(p);
	sun4v_platform_destroy(NULL);
	return TEST_SUCCESS;
}

static void
quiet(void *arg, enum sun4v_log_level level, const char *msg)
{
	(void)level;
	(void)msg;
	(*(unsigned int *)arg)++;
}

static int
test_sun4v_fabric_conf_parse(void)
{
	struct sun4v_platform_conf c = { 0 };
	unsigned int nlog = 0;

	TEST_ASSERT_OK(sun4v_platform_conf_parse(&c,
		"nb_rc=1,legacy_size=1G,iotlb_entries=0x80,map_cap=512,"
		"hv_lat_ns=1500,empty_fabric=1,quarantine_window_ns=2000000"),
		"parse");
	TEST_ASSERT_EQ(c.nb_rc, 1, "nb_rc");
	TEST_ASSERT_EQ(c.legacy_size, 1ULL << 30, "G suffix");
	TEST_ASSERT_EQ(c.iotlb_entries, 128, "hex");
	TEST_ASSERT_EQ(c.map_cap, 512, "map_cap");
	TEST_ASSERT_EQ(c.hv_lat_ns, 1500, "latency");
	TEST_ASSERT(c.empty_fabric, "bool");
	TEST_ASSERT_EQ(c.quarantine_window_ns, 2000000, "window");
	sun4v_log_set_default_sink(quiet, &nlog);
	TEST_ASSERT_EQ(sun4v_platform_conf_parse(&c, "bogus=1"), -EINVAL, "key");
	TEST_ASSERT_EQ(sun4v_platform_conf_parse(&c, "nb_rc"), -EINVAL, "no =");
	TEST_ASSERT_EQ(sun4v_platform_conf_parse(&c, "nb_rc=x"), -EINVAL, "value");
	TEST_ASSERT_EQ(sun4v_platform_conf_parse(&c, "empty_fabric=2"), -EINVAL,
		       "bool range");
	TEST_ASSERT_EQ(sun4v_platform_conf_parse(&c, "map_cap=-1"), -EINVAL,
		       "negative");
	TEST_ASSERT_EQ(sun4v_platform_conf_parse(&c, "nb_rc=5000000000"),
		       -EINVAL, "32-bit overflow");
	TEST_ASSERT_EQ(nlog, 6, "each error logged through the default sink");
	sun4v_log_set_default_sink(NULL, NULL);
	TEST_ASSERT_EQ(c.nb_rc, 1, "failed parses left nb_rc alone");
	return TEST_SUCCESS;
}

static int
test_sun4v_fabric_mem_registry(void)
{
	struct t_env e;
	uint64_t n, *l;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(sun4v_mem_register(e.p, e.ram + 8192, 8192), -EEXIST,
		       "inside");
	TEST_ASSERT_EQ(sun4v_mem_register(e.p, e.ram - 8192, 16384), -EEXIST,
		       "straddles the start");
	TEST_ASSERT_EQ(sun4v_mem_register(e.p, NULL, 8192), -EINVAL, "NULL");
	TEST_ASSERT_EQ(sun4v_mem_register(e.p, e.ram, 0), -EINVAL, "empty");
	TEST_ASSERT_EQ(sun4v_mem_register(e.p, (void *)(uintptr_t)(1ULL << 48),
					  8192), -EINVAL, "above 2^48");
	TEST_ASSERT_EQ(sun4v_mem_unregister(e.p, e.ram, 8192), -ENOENT,
		       "not a registration");
	l = (uint64_t *)(uintptr_t)t_list(&e, 0, 0, 1);
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, 0, 1, T_RW,
					      (uint64_t)(uintptr_t)l, &n),
		       HV_EOK, "RAM is RAM");
	TEST_ASSERT_OK(sun4v_mem_unregister(e.p, e.ram, T_RAM_SIZE), "remove");
	TEST_ASSERT_EQ(sun4v_hv_pci_iommu_map(e.p, e.dh, 0, 1, T_RW,
					      (uint64_t)(uintptr_t)l, &n),
		       HV_ENORADDR, "no longer RAM");
	TEST_ASSERT_OK(sun4v_mem_register(e.p, e.ram, T_RAM_SIZE), "again");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_sun4v_fabric_default_topology),
	TEST_CASE(test_sun4v_fabric_groups_acs),
	TEST_CASE(test_sun4v_fabric_conf_validation),
	TEST_CASE(test_sun4v_fabric_conf_parse),
	TEST_CASE(test_sun4v_fabric_mem_registry),
	{ NULL, NULL },
};

int
main(void)
{
	return test_run_cases("test_sun4v_fabric", cases);
}
