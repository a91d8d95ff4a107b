/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sim/board's control path (suite 'sim', no EAL): the machine's lifetime
 * and its machine-wide keys, placement of the functions handed to drivers,
 * the host drivers' functions, cabling and link state.  The transport and
 * the engine round are in test_sim_board_engine.c.
 */
#include <stdbool.h>
#include <stdint.h>

#include "board_test_util.h"
#include "sun4v_platform.h"

/* The built-in machine (doc/design/platform.md §3.2). */
#define BT_NB_RC 2
#define BT_NB_HOST_FNS 3         /* RC1: SAS HBA 03:00.0, USB 06:00.0/.1 */
#define BT_USB_BRIDGE "pci@300/pcie-pci-bridge"

static const uint16_t bt_nic_bdf[SUN4V_DEFAULT_NB_NIC_PORTS] = {
	0x0300, 0x0301, 0x0400, 0x0401,
};

/* The group the fabric gives (rc, bdf), or a negative errno. */
static int
fabric_group(struct sim_board *b, unsigned int rc, uint16_t bdf)
{
	struct sun4v_func *f;
	int rc2 = sun4v_fabric_find_function(sim_board_platform(b), rc, bdf, &f);

	return rc2 != 0 ? rc2 : sun4v_func_group(f);
}

/* ---- sim_board_get / sim_board_put --------------------------------------- */

/* The first caller, "first", sets every machine-wide key in @p c. */
static int
first_get(struct sim_board_conf *c, struct sim_board **b, char *err,
	  size_t errlen)
{
	c->iotlb_entries = 128;
	c->hv_lat_ns = 500;
	c->legacy_window_mb = 1024;
	c->set = SIM_BOARD_KEY_IOTLB | SIM_BOARD_KEY_HV_LAT |
		 SIM_BOARD_KEY_LEGACY_WINDOW;
	return sim_board_get(c, "first", b, err, errlen);
}

static int
test_board_get_builds_machine(void)
{
	struct sim_board_conf c = bt_conf();
	struct sim_board_info info;
	struct sim_board *b;
	char err[256];

	TEST_ASSERT_OK(first_get(&c, &b, err, sizeof(err)), "%s", err);
	sim_board_info(b, &info);
	TEST_ASSERT_EQ(info.iotlb_entries, 128, "first caller's iotlb");
	TEST_ASSERT_EQ(info.hv_lat_ns, 500, "first caller's hv_lat_ns");
	TEST_ASSERT_EQ(info.legacy_window_mb, 1024, "first caller's window");
	TEST_ASSERT_EQ(info.nb_rc, BT_NB_RC, "the S7-2-like machine");
	TEST_ASSERT_EQ(info.nb_fns, 0, "no function handed out yet");
	TEST_ASSERT(strcmp(info.owner, "first") == 0, "owner %s", info.owner);
	sim_board_put(b);
	return TEST_SUCCESS;
}

static int
test_board_defaults(void)
{
	struct sim_board_info info;
	struct sim_board *b;

	TEST_ASSERT_OK(bt_board("defaults", &b), "get");
	sim_board_info(b, &info);
	TEST_ASSERT_EQ(info.iotlb_entries, 64, "documented default");
	TEST_ASSERT_EQ(info.legacy_window_mb, 2048, "documented default");
	TEST_ASSERT_EQ(info.hv_lat_ns, 0, "documented default");
	sim_board_put(b);
	return TEST_SUCCESS;
}

/* A second caller that sets one key to another value than the machine's. */
static int
conflict(enum sim_board_key key, const char *want_new, const char *want_old)
{
	struct sim_board_conf c = bt_conf();
	struct sim_board *b2 = NULL;
	char err[256];
	int rc;

	c.iotlb_entries = 256;
	c.hv_lat_ns = 999;
	c.legacy_window_mb = 512;
	c.set = key;
	rc = sim_board_get(&c, "second", &b2, err, sizeof(err));
	TEST_ASSERT_EQ(rc, -EINVAL, "conflicting key 0x%x: %s", key, err);
	TEST_ASSERT(b2 == NULL, "no handle on failure");
	BT_ASSERT_HAS(err, want_new);
	BT_ASSERT_HAS(err, want_old);
	BT_ASSERT_HAS(err, "built by first");
	BT_ASSERT_HAS(err, "second");
	return TEST_SUCCESS;
}

static int
test_board_get_conflicts(void)
{
	struct sim_board_conf c = bt_conf();
	struct sim_board_info info;
	struct sim_board *b, *b2, *b3;
	char err[256];

	TEST_ASSERT_OK(first_get(&c, &b, err, sizeof(err)), "%s", err);
	if (conflict(SIM_BOARD_KEY_IOTLB, "iotlb=256", "iotlb=128") != 0 ||
	    conflict(SIM_BOARD_KEY_HV_LAT, "hv_lat_ns=999",
		     "hv_lat_ns=500") != 0 ||
	    conflict(SIM_BOARD_KEY_LEGACY_WINDOW, "legacy_window=512",
		     "legacy_window=1024") != 0) {
		sim_board_put(b);
		return TEST_FAILED;
	}
	/* Keys left out take the machine's values, whatever the fields say. */
	c.iotlb_entries = 7;
	c.hv_lat_ns = 7;
	c.legacy_window_mb = 7;
	c.set = 0;
	TEST_ASSERT_OK(sim_board_get(&c, "omits", &b2, err, sizeof(err)),
		       "a caller that sets no key joins: %s", err);
	TEST_ASSERT(b2 == b, "one machine per process");
	sim_board_info(b2, &info);
	TEST_ASSERT_EQ(info.iotlb_entries, 128, "machine's value kept");
	TEST_ASSERT_EQ(info.hv_lat_ns, 500, "machine's value kept");
	TEST_ASSERT_EQ(info.legacy_window_mb, 1024, "machine's value kept");
	/* The same value set explicitly is no conflict. */
	c.iotlb_entries = 128;
	c.set = SIM_BOARD_KEY_IOTLB;
	TEST_ASSERT_OK(sim_board_get(&c, "agrees", &b3, err, sizeof(err)),
		       "same value: %s", err);
	/* Not the last user: the machine stays and still refuses. */
	sim_board_put(b);
	sim_board_put(b3);
	c.iotlb_entries = 32;
	TEST_ASSERT_EQ(sim_board_get(&c, "late", &b3, err, sizeof(err)),
		       -EINVAL, "machine still up (one user left): %s", err);
	BT_ASSERT_HAS(err, "built by first");
	/* The last put destroys it (and failed gets took no reference). */
	sim_board_put(b2);
	c.set = SIM_BOARD_KEY_IOTLB | SIM_BOARD_KEY_LEGACY_WINDOW;
	c.iotlb_entries = 32;
	c.legacy_window_mb = 256;
	TEST_ASSERT_OK(sim_board_get(&c, "rebuilt", &b, err, sizeof(err)),
		       "a new machine with other values: %s", err);
	sim_board_info(b, &info);
	TEST_ASSERT_EQ(info.iotlb_entries, 32, "new machine's iotlb");
	TEST_ASSERT_EQ(info.legacy_window_mb, 256, "new machine's window");
	TEST_ASSERT(strcmp(info.owner, "rebuilt") == 0, "owner %s", info.owner);
	sim_board_put(b);
	return TEST_SUCCESS;
}

/* ---- sim_board_fn_open / close ------------------------------------------- */

/* Open @p req and check where it landed. */
static int
open_at(struct sim_board *b, struct sim_board_fn_req req, unsigned int rc,
	uint16_t bdf, struct sim_board_fn **out)
{
	struct sim_board_fn_info fi;
	char err[256];

	TEST_ASSERT_OK(sim_board_fn_open(b, &req, out, err, sizeof(err)),
		       "open %s: %s", req.name, err);
	sim_board_fn_info(*out, &fi);
	TEST_ASSERT_EQ(fi.rc, rc, "%s: rc", req.name);
	TEST_ASSERT_EQ(fi.bdf, bdf, "%s: bdf", req.name);
	TEST_ASSERT_EQ(fi.group, fabric_group(b, rc, bdf),
		       "%s: group is the fabric's", req.name);
	TEST_ASSERT(fi.group >= 0, "%s: group %d", req.name, fi.group);
	TEST_ASSERT(!fi.miswired, "%s: not miswired", req.name);
	TEST_ASSERT_EQ(fi.dev_rc, rc, "%s: the device uses its own rc",
		       req.name);
	TEST_ASSERT_EQ(fi.engine, req.engine, "%s: engine", req.name);
	return TEST_SUCCESS;
}

static unsigned int
nb_fns(struct sim_board *b)
{
	struct sim_board_info info;

	sim_board_info(b, &info);
	return info.nb_fns;
}

static int
test_fn_open_placement(void)
{
	static const char *const names[] = { "p0", "p1", "p2", "p3" };
	struct sim_board_fn *fn[6] = { NULL }, *f2;
	struct sim_board_fn_info fi[6];
	struct sim_board *b;
	int ret = TEST_FAILED;

	if (bt_board("placement", &b) != 0)
		return TEST_FAILED;
	/* The built-in machine's XL710 ports, in order. */
	for (unsigned int i = 0; i < SUN4V_DEFAULT_NB_NIC_PORTS; i++) {
		struct sun4v_func *nic;

		if (sun4v_platform_default_nic(sim_board_platform(b), i,
					       &nic) != 0 ||
		    sun4v_func_bdf(nic) != bt_nic_bdf[i]) {
			fprintf(stderr, "  NIC port %u is not at %04x\n", i,
				bt_nic_bdf[i]);
			goto out;
		}
		if (open_at(b, bt_req(names[i], 0), 0, bt_nic_bdf[i],
			    &fn[i]) != 0)
			goto out;
		sim_board_fn_info(fn[i], &fi[i]);
		for (unsigned int j = 0; j < i; j++)
			if (fi[j].group == fi[i].group) {
				fprintf(stderr, "  ports %u and %u share group "
					"%d\n", j, i, fi[i].group);
				goto out;
			}
	}
	/* Then new functions 0x10:00.0, 0x11:00.0 under the root port. */
	if (open_at(b, bt_req("p4", 0), 0, 0x1000, &fn[4]) != 0 ||
	    open_at(b, bt_req("p5", 0), 0, 0x1100, &fn[5]) != 0)
		goto out;
	if (nb_fns(b) != 6) {
		fprintf(stderr, "  nb_fns %u, expected 6\n", nb_fns(b));
		goto out;
	}
	/* A closed slot is given out again, to the next caller without bdf. */
	sim_board_fn_close(fn[1]);
	fn[1] = NULL;
	if (nb_fns(b) != 5 || open_at(b, bt_req("p1b", 0), 0, 0x0301,
				      &fn[1]) != 0) {
		fprintf(stderr, "  03:00.1 not handed out again\n");
		goto out;
	}
	/* No XL710 left on rc 1 either: a new function there. */
	if (open_at(b, bt_req("r1", 1), 1, 0x1000, &f2) != 0)
		goto out;
	sim_board_fn_close(f2);
	ret = TEST_SUCCESS;
out:
	for (unsigned int i = 0; i < 6; i++)
		sim_board_fn_close(fn[i]);
	if (nb_fns(b) != 0) {
		fprintf(stderr, "  %u functions left after close\n", nb_fns(b));
		ret = TEST_FAILED;
	}
	sim_board_put(b);
	return ret;
}

/* Close and re-probe, as a driver's port does: the function a closed port
 * left is handed out again, so 300 cycles (more than the 239 bus numbers
 * a root complex has for new functions) never run out (issue 14 item 6:
 * found by fuzz_pmd_ops, the 240th re-probe on rc 1 failed -ENOSPC). */
static int
test_fn_reopen_reuses(void)
{
	struct sim_board_fn *fn;
	struct sim_board *b;
	int ret = TEST_SUCCESS;

	if (bt_board("reopen", &b) != 0)
		return TEST_FAILED;
	for (unsigned int i = 0; i < 300 && ret == TEST_SUCCESS; i++) {
		ret = open_at(b, bt_req("r1", 1), 1, 0x1000, &fn);
		if (ret == TEST_SUCCESS)
			sim_board_fn_close(fn);
		else
			fprintf(stderr, "  cycle %u\n", i);
	}
	sim_board_put(b);
	return ret;
}

/* An open that must fail with @p want and a message naming @p what. */
static int
open_fails(struct sim_board *b, struct sim_board_fn_req req, int want,
	   const char *what)
{
	struct sim_board_fn *fn = NULL;
	unsigned int before = nb_fns(b);
	char err[256];
	int rc = sim_board_fn_open(b, &req, &fn, err, sizeof(err));

	if (rc == 0)
		sim_board_fn_close(fn);
	TEST_ASSERT_EQ(rc, want, "open %s: %s", req.name, err);
	BT_ASSERT_HAS(err, what);
	TEST_ASSERT_EQ(nb_fns(b), before, "a failed open takes no slot");
	return TEST_SUCCESS;
}

static int
test_fn_open_errors(void)
{
	struct sim_board_fn *a = NULL, *q = NULL, *m = NULL, *o = NULL;
	struct sim_board_fn_req req;
	struct sim_board_fn_info fi;
	struct sim_board *b;
	int ret = TEST_FAILED;

	if (bt_board("errors", &b) != 0)
		return TEST_FAILED;
	/* A requested bdf, added under rc 1's root port. */
	if (open_at(b, bt_req("a", 0), 0, 0x0300, &a) != 0 ||
	    open_at(b, bt_req_bdf("q", 1, 0x0a00), 1, 0x0a00, &q) != 0)
		goto out;
	/* Taken bdf: whether placed or requested. */
	if (open_fails(b, bt_req_bdf("q2", 1, 0x0a00), -EBUSY,
		       "bdf=0a:00.0 on rc=1") != 0 ||
	    open_fails(b, bt_req_bdf("a2", 0, 0x0300), -EBUSY,
		       "bdf=03:00.0 on rc=0") != 0)
		goto out;
	/* Taken name, even at a free bdf. */
	if (open_fails(b, bt_req_bdf("q", 0, 0x0b00), -EEXIST, "q") != 0)
		goto out;
	/* No such root complex, for the driver or for the device. */
	if (open_fails(b, bt_req("r7", 7), -ENODEV, "rc=7") != 0 ||
	    open_fails(b, bt_req("r2", BT_NB_RC), -ENODEV,
		       "has 2 root complexes") != 0)
		goto out;
	req = bt_req("d5", 0);
	req.dev_rc_set = true;
	req.dev_rc = 5;
	if (open_fails(b, req, -ENODEV, "dev_rc=5") != 0)
		goto out;
	/* The same bdf on the other root complex is another function. */
	if (open_at(b, bt_req_bdf("o", 0, 0x0a00), 0, 0x0a00, &o) != 0)
		goto out;
	/* Miswire: the driver's IOMMU is rc 0's, the device DMAs via rc 1. */
	req = bt_req_bdf("m", 0, 0x0c00);
	req.dev_rc_set = true;
	req.dev_rc = 1;
	if (sim_board_fn_open(b, &req, &m, NULL, 0) != 0)
		goto out;
	sim_board_fn_info(m, &fi);
	if (!fi.miswired || fi.rc != 0 || fi.dev_rc != 1 ||
	    fi.group != fabric_group(b, 0, 0x0c00) ||
	    fabric_group(b, 1, 0x0c00) < 0) {
		fprintf(stderr, "  miswire: miswired %d rc %u dev_rc %u group "
			"%d\n", fi.miswired, fi.rc, fi.dev_rc, fi.group);
		goto out;
	}
	sim_board_fn_close(m);
	/* dev_rc equal to rc is no miswire. */
	req.dev_rc = 0;
	if (sim_board_fn_open(b, &req, &m, NULL, 0) != 0)
		goto out;
	sim_board_fn_info(m, &fi);
	if (fi.miswired || fi.dev_rc != 0) {
		fprintf(stderr, "  dev_rc=rc reported as miswired\n");
		goto out;
	}
	/* Close frees the bdf (and the name). */
	sim_board_fn_close(q);
	q = NULL;
	if (open_at(b, bt_req_bdf("q", 1, 0x0a00), 1, 0x0a00, &q) != 0)
		goto out;
	ret = TEST_SUCCESS;
out:
	sim_board_fn_close(a);
	sim_board_fn_close(q);
	sim_board_fn_close(m);
	sim_board_fn_close(o);
	sim_board_put(b);
	return ret;
}

/* ---- host functions --------------------------------------------------------- */

static int
check_host_functions(struct sim_board *b)
{
	struct sun4v_func *fns[8] = { NULL }, *one[2] = { NULL, NULL };
	unsigned int seen = 0;
	int n;

	n = sim_board_host_functions(b, fns, 8);
	TEST_ASSERT_EQ(n, BT_NB_HOST_FNS, "SAS HBA + two USB functions");
	for (int i = 0; i < n; i++) {
		uint16_t bdf = sun4v_func_bdf(fns[i]);

		TEST_ASSERT_EQ(sun4v_func_rc(fns[i]), 1, "host function on RC1");
		if (bdf == 0x0300) {
			seen |= 1;
			TEST_ASSERT(sun4v_func_non_acs_bridge(fns[i]) == NULL,
				    "the SAS HBA is alone in its group");
		} else if (bdf == 0x0600 || bdf == 0x0601) {
			const char *br = sun4v_func_non_acs_bridge(fns[i]);

			seen |= bdf == 0x0600 ? 2 : 4;
			TEST_ASSERT(br != NULL && strcmp(br, BT_USB_BRIDGE) == 0,
				    "USB %04x behind %s", bdf, br ? br : "-");
		} else {
			TEST_ASSERT(false, "unexpected host function %04x", bdf);
		}
	}
	TEST_ASSERT_EQ(seen, 7, "each host function once");
	/* A short array: the count stays the total, nothing written past. */
	TEST_ASSERT_EQ(sim_board_host_functions(b, one, 1), BT_NB_HOST_FNS,
		       "count beyond max");
	TEST_ASSERT(one[0] != NULL && one[1] == NULL, "only max entries filled");
	return TEST_SUCCESS;
}

static int
test_host_functions(void)
{
	struct sim_board_fn *fn[3] = { NULL };
	struct sim_board *b;
	int ret = TEST_FAILED;

	if (bt_board("host", &b) != 0)
		return TEST_FAILED;
	if (check_host_functions(b) != 0)
		goto out;
	/* Functions handed to drivers are never host functions, neither a
	 * built-in XL710 nor one the board added to the fabric. */
	if (open_at(b, bt_req("h0", 0), 0, 0x0300, &fn[0]) != 0 ||
	    open_at(b, bt_req_bdf("h1", 1, 0x0a00), 1, 0x0a00, &fn[1]) != 0 ||
	    open_at(b, bt_req("h2", 1), 1, 0x1000, &fn[2]) != 0)
		goto out;
	if (check_host_functions(b) != 0) {
		fprintf(stderr, "  with driver functions opened\n");
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	for (unsigned int i = 0; i < 3; i++)
		sim_board_fn_close(fn[i]);
	sim_board_put(b);
	return ret;
}

/* ---- wiring and link ---------------------------------------------------- */

static int
link_is(struct sim_board_fn *fn, bool want, const char *what)
{
	TEST_ASSERT_EQ(sim_board_fn_link_up(fn), want, "%s", what);
	return TEST_SUCCESS;
}

/* The last step left @p fn's link @p want and moved its counter. */
static int
changed(struct sim_board_fn *fn, uint64_t before, bool want, const char *what)
{
	TEST_ASSERT_EQ(sim_board_fn_link_up(fn), want, "%s", what);
	TEST_ASSERT(sim_board_fn_link_changes(fn) != before,
		    "%s: the link-change counter did not move", what);
	return TEST_SUCCESS;
}

static int
test_wire_sink_self(void)
{
	struct sim_board_fn *a = NULL;
	struct sim_board *b;
	uint64_t lc;
	int ret = TEST_FAILED;

	if (bt_board("sink", &b) != 0)
		return TEST_FAILED;
	if (open_at(b, bt_req("a", 0), 0, 0x0300, &a) != 0)
		goto out;
	/* Opened: admin down, on a sink. */
	if (link_is(a, false, "admin down after open") != 0)
		goto out;
	lc = sim_board_fn_link_changes(a);
	sim_board_fn_set_admin(a, true);
	if (changed(a, lc, true, "sink, admin up") != 0)
		goto out;
	lc = sim_board_fn_link_changes(a);
	if (sim_board_fn_wire(a, SIM_BOARD_WIRE_SELF, NULL, NULL, 0) != 0 ||
	    changed(a, lc, true, "loopback, admin up") != 0)
		goto out;
	lc = sim_board_fn_link_changes(a);
	sim_board_fn_set_admin(a, false);
	if (changed(a, lc, false, "loopback, admin down") != 0)
		goto out;
	sim_board_fn_set_admin(a, true);
	lc = sim_board_fn_link_changes(a);
	if (sim_board_fn_wire(a, SIM_BOARD_WIRE_SINK, NULL, NULL, 0) != 0 ||
	    changed(a, lc, true, "back on a sink") != 0)
		goto out;
	ret = TEST_SUCCESS;
out:
	sim_board_fn_close(a);
	sim_board_put(b);
	return ret;
}

/* The four admin combinations of a connected pair. */
static int
admin_table(struct sim_board_fn *a, struct sim_board_fn *c)
{
	for (unsigned int m = 0; m < 4; m++) {
		bool ua = m & 1, uc = m & 2;
		uint64_t la = sim_board_fn_link_changes(a);

		sim_board_fn_set_admin(a, ua);
		sim_board_fn_set_admin(c, uc);
		TEST_ASSERT(sim_board_fn_link_changes(a) >= la + 2,
			    "either end's admin state moves a's counter");
		TEST_ASSERT_EQ(sim_board_fn_link_up(a), ua && uc,
			       "a: admin a=%d c=%d", ua, uc);
		TEST_ASSERT_EQ(sim_board_fn_link_up(c), ua && uc,
			       "c: admin a=%d c=%d", ua, uc);
	}
	return TEST_SUCCESS;
}

static int
test_wire_peer(void)
{
	struct sim_board_fn *a = NULL, *c = NULL;
	struct sim_board *b;
	char err[256];
	uint64_t lc;
	int rc, ret = TEST_FAILED;

	if (bt_board("peer", &b) != 0)
		return TEST_FAILED;
	if (open_at(b, bt_req("a", 0), 0, 0x0300, &a) != 0)
		goto out;
	sim_board_fn_set_admin(a, true);
	/* The peer does not exist yet: the cable waits. */
	rc = sim_board_fn_wire(a, SIM_BOARD_WIRE_PEER, "c", err, sizeof(err));
	if (rc != 1) {
		fprintf(stderr, "  wire to a missing peer: %d (%s)\n", rc, err);
		goto out;
	}
	if (link_is(a, false, "peer not there") != 0)
		goto out;
	/* Its open alone does not plug it in: its own wire call does. */
	if (open_at(b, bt_req("c", 0), 0, 0x0301, &c) != 0)
		goto out;
	sim_board_fn_set_admin(c, true);
	if (link_is(a, false, "peer opened, not wired yet") != 0)
		goto out;
	lc = sim_board_fn_link_changes(a);
	rc = sim_board_fn_wire(c, SIM_BOARD_WIRE_PEER, "a", err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "  wire back: %d (%s)\n", rc, err);
		goto out;
	}
	if (sim_board_fn_link_changes(a) == lc) {
		fprintf(stderr, "  a's counter did not move on connect\n");
		goto out;
	}
	if (link_is(a, true, "connected, both up") != 0 ||
	    link_is(c, true, "connected, both up") != 0 ||
	    admin_table(a, c) != 0)
		goto out;
	/* The peer goes away: a's link drops and its counter moves. */
	sim_board_fn_set_admin(a, true);
	sim_board_fn_set_admin(c, true);
	lc = sim_board_fn_link_changes(a);
	sim_board_fn_close(c);
	c = NULL;
	if (link_is(a, false, "peer closed") != 0 ||
	    sim_board_fn_link_changes(a) == lc) {
		fprintf(stderr, "  peer close: counter %lu -> %lu\n",
			(unsigned long)lc,
			(unsigned long)sim_board_fn_link_changes(a));
		goto out;
	}
	/* a still names c: a new c that names a back is connected. */
	if (open_at(b, bt_req("c", 0), 0, 0x0301, &c) != 0)
		goto out;
	sim_board_fn_set_admin(c, true);
	if (sim_board_fn_wire(c, SIM_BOARD_WIRE_PEER, "a", err,
			      sizeof(err)) != 0 ||
	    link_is(a, true, "reconnected") != 0)
		goto out;
	ret = TEST_SUCCESS;
out:
	sim_board_fn_close(a);
	sim_board_fn_close(c);
	sim_board_put(b);
	return ret;
}

static int
test_wire_peer_errors(void)
{
	struct sim_board_fn *a = NULL, *c = NULL, *x = NULL, *z = NULL;
	struct sim_board *b;
	char err[256];
	int rc, ret = TEST_FAILED;

	if (bt_board("peer-errors", &b) != 0)
		return TEST_FAILED;
	if (open_at(b, bt_req("a", 0), 0, 0x0300, &a) != 0)
		goto out;
	if (sim_board_fn_wire(a, SIM_BOARD_WIRE_PEER, "c", NULL, 0) != 1 ||
	    open_at(b, bt_req("c", 0), 0, 0x0301, &c) != 0 ||
	    sim_board_fn_wire(c, SIM_BOARD_WIRE_PEER, "a", NULL, 0) != 0 ||
	    open_at(b, bt_req("x", 0), 0, 0x0400, &x) != 0 ||
	    open_at(b, bt_req("z", 0), 0, 0x0401, &z) != 0)
		goto out;
	sim_board_fn_set_admin(a, true);
	sim_board_fn_set_admin(c, true);
	sim_board_fn_set_admin(x, true);
	/* One-way: x names a, but a names c. */
	rc = sim_board_fn_wire(x, SIM_BOARD_WIRE_PEER, "a", err, sizeof(err));
	if (rc != -EINVAL || strstr(err, "x: peer=a") == NULL ||
	    strstr(err, "its peer is c") == NULL) {
		fprintf(stderr, "  one-way peer: %d (%s)\n", rc, err);
		goto out;
	}
	/* ... which leaves a <-> c alone and x on a sink. */
	if (link_is(a, true, "a <-> c untouched") != 0 ||
	    link_is(c, true, "a <-> c untouched") != 0 ||
	    link_is(x, true, "x fell back to a sink") != 0)
		goto out;
	/* An existing port must name this one back: on a sink it does not. */
	rc = sim_board_fn_wire(z, SIM_BOARD_WIRE_PEER, "x", err, sizeof(err));
	if (rc != -EINVAL || strstr(err, "its peer is sink") == NULL) {
		fprintf(stderr, "  peer on a sink: %d (%s)\n", rc, err);
		goto out;
	}
	/* ... nor on a loopback plug. */
	if (sim_board_fn_wire(x, SIM_BOARD_WIRE_SELF, NULL, NULL, 0) != 0)
		goto out;
	rc = sim_board_fn_wire(z, SIM_BOARD_WIRE_PEER, "x", err, sizeof(err));
	if (rc != -EINVAL || strstr(err, "its peer is self") == NULL) {
		fprintf(stderr, "  peer on a loopback plug: %d (%s)\n", rc,
			err);
		goto out;
	}
	/* peer= naming itself, and no name at all. */
	rc = sim_board_fn_wire(x, SIM_BOARD_WIRE_PEER, "x", err, sizeof(err));
	if (rc != -EINVAL || strstr(err, "x: peer=x names itself") == NULL) {
		fprintf(stderr, "  peer=self by name: %d (%s)\n", rc, err);
		goto out;
	}
	if (link_is(x, true, "x back on a sink") != 0)
		goto out;
	rc = sim_board_fn_wire(x, SIM_BOARD_WIRE_PEER, NULL, NULL, 0);
	if (rc != -EINVAL) {
		fprintf(stderr, "  peer without a name: %d\n", rc);
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	sim_board_fn_close(a);
	sim_board_fn_close(c);
	sim_board_fn_close(x);
	sim_board_fn_close(z);
	sim_board_put(b);
	return ret;
}

/* Both opened first, then plugged: the first waits for the second's plug
 * (an application that opens every port before wiring any). */
/*
 * A cable has two ends (issue 14): once a waits for c, c must name a back,
 * whatever else it is wired to; a waits again once c is gone.
 */
static int
test_wire_waiter_named_back(void)
{
	static const struct { enum sim_board_wire kind; const char *peer; }
	wrong[] = {
		{ SIM_BOARD_WIRE_SINK, NULL }, { SIM_BOARD_WIRE_SELF, NULL },
		{ SIM_BOARD_WIRE_PEER, "z" },
	};
	struct sim_board_fn *a = NULL, *c = NULL;
	struct sim_board *b;
	char err[256];
	int rc, ret = TEST_FAILED;

	if (bt_board("waiter", &b) != 0)
		return TEST_FAILED;
	if (open_at(b, bt_req("a", 0), 0, 0x0300, &a) != 0 ||
	    sim_board_fn_wire(a, SIM_BOARD_WIRE_PEER, "c", NULL, 0) != 1 ||
	    !sim_board_fn_peer_waiting(a) ||
	    open_at(b, bt_req("c", 0), 0, 0x0301, &c) != 0)
		goto out;
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		rc = sim_board_fn_wire(c, wrong[i].kind, wrong[i].peer, err,
				       sizeof(err));
		if (rc != -EINVAL || strstr(err, "a waits for it") == NULL) {
			fprintf(stderr, "  c wired %d/%s: %d (%s)\n",
				(int)wrong[i].kind, wrong[i].peer, rc, err);
			goto out;
		}
	}
	if (sim_board_fn_wire(c, SIM_BOARD_WIRE_PEER, "a", err, sizeof(err))
	    != 0 || sim_board_fn_peer_waiting(a) ||
	    sim_board_fn_peer_waiting(c)) {
		fprintf(stderr, "  c named a back: %s\n", err);
		goto out;
	}
	sim_board_fn_close(c);
	c = NULL;
	if (!sim_board_fn_peer_waiting(a)) {
		fprintf(stderr, "  a does not wait after c left\n");
		goto out;
	}
	ret = TEST_SUCCESS;
out:
	sim_board_fn_close(a);
	sim_board_fn_close(c);
	sim_board_put(b);
	return ret;
}

static int
test_wire_after_both_open(void)
{
	struct sim_board_fn *a = NULL, *c = NULL;
	struct sim_board *b;
	int ret = TEST_FAILED;

	if (bt_board("open-then-wire", &b) != 0)
		return TEST_FAILED;
	if (open_at(b, bt_req("a", 0), 0, 0x0300, &a) != 0 ||
	    open_at(b, bt_req("c", 0), 0, 0x0301, &c) != 0)
		goto out;
	sim_board_fn_set_admin(a, true);
	sim_board_fn_set_admin(c, true);
	if (sim_board_fn_wire(a, SIM_BOARD_WIRE_PEER, "c", NULL, 0) != 1) {
		fprintf(stderr, "  a: an opened but unplugged peer must wait\n");
		goto out;
	}
	if (link_is(a, false, "a waits for c") != TEST_SUCCESS)
		goto out;
	if (sim_board_fn_wire(c, SIM_BOARD_WIRE_PEER, "a", NULL, 0) != 0) {
		fprintf(stderr, "  c's plug must connect both\n");
		goto out;
	}
	if (link_is(a, true, "a connected") != TEST_SUCCESS ||
	    link_is(c, true, "c connected") != TEST_SUCCESS)
		goto out;
	ret = TEST_SUCCESS;
out:
	sim_board_fn_close(a);
	sim_board_fn_close(c);
	sim_board_put(b);
	return ret;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_board_get_builds_machine),
		TEST_CASE(test_board_defaults),
		TEST_CASE(test_board_get_conflicts),
		TEST_CASE(test_fn_open_placement),
		TEST_CASE(test_fn_reopen_reuses),
		TEST_CASE(test_fn_open_errors),
		TEST_CASE(test_host_functions),
		TEST_CASE(test_wire_sink_self),
		TEST_CASE(test_wire_peer),
		TEST_CASE(test_wire_peer_errors),
		TEST_CASE(test_wire_waiter_named_back),
		TEST_CASE(test_wire_after_both_open),
		{ NULL, NULL },
	};

	return test_run_cases("test_sim_board", cases);
}
