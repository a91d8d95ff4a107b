/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ATU IOTSB services (doc/spec/sun4v-hv-api.md §3): CONF/INFO/UNCONF,
 * BIND/UNBIND/GET_BINDING, MAP/MAP_ONE/DEMAP/GETMAP/SYNC_MAPPINGS with
 * every documented error, the zeroed-table rule, the 16-bit count, GETMAP
 * order, MAP flushing, all six page sizes, 32 GB coverage and a function
 * bound to two IOTSBs.
 */
#include <sys/mman.h>

#include "sun4v_test_util.h"

#define TBL_OFF (8ULL << 20)   /* IOTSB tables live at 8 MB.. of test RAM */
#define R3 HV_ATU_RANGE3_BASE
#define R2 HV_ATU_RANGE2_BASE

static uint64_t
conf(struct t_env *e, uint64_t tbl_off, uint64_t size, uint64_t pgsz,
     uint64_t iova, uint64_t *h)
{
	return sun4v_hv_iotsb_conf(e->p, e->dh, t_ra(e, tbl_off), size, pgsz,
				   iova, h);
}

static uint64_t
pdev(uint16_t bdf)
{
	return sun4v_hv_abi_pci_device_from_bdf(bdf);
}

static int
test_sun4v_atu_conf_info(void)
{
	struct t_env e;
	uint64_t h = 0, ra, size, pg, iova, nb;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 64 << 10, 8192, R3, &h), HV_EOK, "conf");
	TEST_ASSERT_NE(h, 0, "handle 0 is the legacy table");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_info(e.p, e.dh, h, &ra, &size, &pg, &iova,
					   &nb), HV_EOK, "info");
	TEST_ASSERT_EQ(ra, t_ra(&e, TBL_OFF), "r_addr");
	TEST_ASSERT_EQ(size, 64 << 10, "size");
	TEST_ASSERT_EQ(pg, 8192, "pagesize in bytes");
	TEST_ASSERT_EQ(iova, R3, "iova");
	TEST_ASSERT_EQ(nb, 0, "nothing bound");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_info(e.p, e.dh, 0, &ra, &size, &pg, &iova,
					   &nb), HV_EOK, "legacy via handle 0");
	TEST_ASSERT_EQ(ra, UINT64_MAX, "legacy r_addr -1: not accessible");
	TEST_ASSERT_EQ(size, HV_LEGACY_NTTES * 8, "2 MB of TTEs");
	TEST_ASSERT_EQ(pg, HV_IO_PAGE_SIZE, "8 KB");
	TEST_ASSERT_EQ(iova, HV_LEGACY_DVMA_BASE, "window base");
	TEST_ASSERT_EQ(nb, 2, "every function of the RC uses it");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_info(e.p, e.dh, h + 1, &ra, &size, &pg,
					   &iova, &nb), HV_EINVAL, "bad handle");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_info(e.p, 1, 0, &ra, &size, &pg, &iova,
					   &nb), HV_EINVAL, "bad devhandle");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_atu_conf_errors(void)
{
	struct sun4v_platform_conf c = { .empty_fabric = true, .max_iotsbs = 2 };
	struct t_env e;
	uint64_t h, h2, *tbl;

	TEST_ASSERT_OK(t_env_init(&e, &c), "env");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_conf(e.p, 0x1, t_ra(&e, TBL_OFF), 8192,
					   8192, R3, &h), HV_EINVAL, "devhandle");
	TEST_ASSERT_EQ(h, 0, "no handle on error");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 4096, R3, &h), HV_EBADPGSZ, "4K");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 512 << 10, R3, &h), HV_EBADPGSZ,
		       "512K is not an ATU size");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 32 << 20, R3, &h), HV_EBADPGSZ,
		       "32M is not an ATU size");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 0, R3, &h), HV_EBADPGSZ, "0");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 0, 8192, R3, &h), HV_EINVAL, "size 0");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 12, 8192, R3, &h), HV_EINVAL, "size 12");
	TEST_ASSERT_EQ(conf(&e, 0, HV_IOTSB_MAX_TABLE_SIZE + 8, 8192, R3, &h),
		       HV_EINVAL, "table too big");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF + 64, 8192, 8192, R3, &h), HV_EBADALIGN,
		       "r_addr not 8 KB aligned");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_conf(e.p, e.dh, 0x100000, 8192, 8192, R3,
					   &h), HV_ENORADDR, "r_addr not RAM");
	TEST_ASSERT_EQ(conf(&e, T_RAM_SIZE - 8192, 16384, 8192, R3, &h),
		       HV_ENORADDR, "table runs past RAM");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 65536, R3 + 8192, &h), HV_EINVAL,
		       "iova not page aligned");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, 0x100000000ULL, &h),
		       HV_EINVAL, "iova outside every range");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 1 << 20, 8192, HV_ATU_RANGE0_BASE, &h),
		       HV_EINVAL, "1 GB span does not fit the 512 MB range 0");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192,
			    R3 + HV_ATU_RANGE3_SIZE - 8192, &h),
		       HV_EINVAL, "span runs past range 3");
	tbl = (uint64_t *)(uintptr_t)t_ra(&e, TBL_OFF);
	tbl[100] = 1;
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h), HV_EINVAL,
		       "table not zeroed");
	tbl[100] = 0;
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h), HV_EOK, "ok");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h2), HV_EBUSY,
		       "duplicate (devhandle, r_addr, iova)");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF - 8192, 16384, 8192, R2, &h2), HV_EBUSY,
		       "table memory shared with another IOTSB");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF + 8192, 8192, 8192, R2, &h2), HV_EOK,
		       "second");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF + 16384, 8192, 8192, R3 + (1ULL << 30),
			    &h2), HV_ETOOMANY, "max_iotsbs = 2");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_atu_unconf(void)
{
	struct t_env e;
	uint64_t h, h2;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h), HV_EOK, "conf");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h, pdev(T_BDF0)), HV_EOK,
		       "bind");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unconf(e.p, e.dh, h), HV_EBUSY,
		       "bound: busy");
	TEST_ASSERT_EQ(sun4v_mem_unregister(e.p, e.ram, T_RAM_SIZE), -EBUSY,
		       "table memory cannot leave RAM while configured");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unbind(e.p, e.dh, h, pdev(T_BDF0)), HV_EOK,
		       "unbind");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unconf(e.p, e.dh, h), HV_EOK, "unconf");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unconf(e.p, e.dh, h), HV_EINVAL,
		       "handle now invalid");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unconf(e.p, e.dh, 0), HV_EINVAL,
		       "legacy cannot be unconfigured");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unconf(e.p, 3, h), HV_EINVAL, "devhandle");
	/* The same slot again: a new handle, the stale one stays invalid. */
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h2), HV_EOK, "reconf");
	TEST_ASSERT_NE(h2, h, "generation changed");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h, pdev(T_BDF0)),
		       HV_EINVAL, "stale handle");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_atu_bind_get_binding(void)
{
	struct t_env e;
	uint64_t h[6], got, nb;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h[0]), HV_EOK, "a");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF + 8192, 8192, 8192, R3 + 8192 * 512,
			    &h[1]), HV_EOK, "b overlaps a");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF + 16384, 8192, 4 << 20, R2, &h[2]),
		       HV_EOK, "c in range 2");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h[0], pdev(T_BDF0)),
		       HV_EOK, "bind a");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h[0], pdev(T_BDF0)),
		       HV_EOK, "bind a again: rebind");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_info(e.p, e.dh, h[0], NULL, NULL, NULL,
					   NULL, &nb), HV_EOK, "info");
	TEST_ASSERT_EQ(nb, 1, "still bound once");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h[1], pdev(T_BDF0)),
		       HV_EBUSY, "b overlaps a binding of the same function");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h[1], pdev(T_BDF1)),
		       HV_EOK, "another function may use b");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h[2], pdev(T_BDF0)),
		       HV_EOK, "second IOTSB, disjoint span");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_get_binding(e.p, e.dh, pdev(T_BDF0), R3,
						  &got), HV_EOK, "at range 3");
	TEST_ASSERT_EQ(got, h[0], "a");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_get_binding(e.p, e.dh, pdev(T_BDF0),
						  R2 + 12345, &got), HV_EOK,
		       "inside c");
	TEST_ASSERT_EQ(got, h[2], "c");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_get_binding(e.p, e.dh, pdev(T_BDF0),
						  HV_ATU_RANGE1_BASE, &got),
		       HV_ENOMAP, "nothing bound at range 1");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_get_binding(e.p, e.dh, pdev(T_BDF0),
						  0x100000000ULL, &got),
		       HV_EINVAL, "iova in no range");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_get_binding(e.p, e.dh, pdev(0x0900), R3,
						  &got), HV_EINVAL, "no function");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h[0], pdev(T_BDF0) | 1),
		       HV_EINVAL, "pci_device bit 0");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h[0], pdev(0x0700)),
		       HV_EINVAL, "unknown function");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, 0, pdev(T_BDF0)),
		       HV_EINVAL, "handle 0");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unbind(e.p, e.dh, h[1], pdev(T_BDF0)),
		       HV_ENOMAP, "not bound to b");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unbind(e.p, e.dh, h[0], pdev(T_BDF0)),
		       HV_EOK, "unbind a");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_unbind(e.p, e.dh, h[0], pdev(T_BDF0)),
		       HV_ENOMAP, "twice");
	/* ETOOMANY past SUN4V_MAX_BINDINGS disjoint bindings. */
	for (unsigned int i = 0; i < SUN4V_MAX_BINDINGS; i++) {
		uint64_t hh;

		TEST_ASSERT_EQ(conf(&e, TBL_OFF + (4 + i) * 8192, 8192, 8192,
				    R3 + (1ULL << 32) * (i + 1), &hh), HV_EOK,
			       "conf %u", i);
		TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, hh, pdev(T_BDF0)),
			       i < SUN4V_MAX_BINDINGS - 1 ? HV_EOK : HV_ETOOMANY,
			       "bind %u (c is already bound)", i);
	}
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_atu_map_getmap(void)
{
	struct t_env e;
	uint64_t h, n, ra, attrs, args[5], rets[4];
	uint64_t a = sun4v_hv_abi_attrs(HV_PCI_MAP_ATTR_READ, T_BDF0);
	const uint64_t *tbl;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h), HV_EOK, "conf");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map(e.p, e.dh, h,
					  sun4v_hv_abi_index_count(3, 20), a,
					  t_list(&e, 0, 0, 3), &n), HV_EOK, "map");
	TEST_ASSERT_EQ(n, 3, "mapped");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_getmap(e.p, e.dh, h, 21, &ra, &attrs),
		       HV_EOK, "getmap");
	TEST_ASSERT_EQ(ra, t_page(&e, 1), "RET1 is the real address");
	TEST_ASSERT_EQ(attrs, a, "RET2 is the attributes");
	args[0] = e.dh;
	args[1] = h;
	args[2] = 22;
	TEST_ASSERT_EQ(sun4v_hv_fast_trap(e.p, HV_FAST_PCI_IOTSB_GETMAP, args,
					  rets), HV_EOK, "trap");
	TEST_ASSERT_EQ(rets[0], t_page(&e, 2), "trap RET1 RA");
	TEST_ASSERT_EQ(rets[1], a, "trap RET2 attrs");
	tbl = (const uint64_t *)(uintptr_t)t_ra(&e, TBL_OFF);
	TEST_ASSERT(tbl[20] != 0 && tbl[19] == 0,
		    "the IOTTEs live in the guest's table memory");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_getmap(e.p, e.dh, h, 23, &ra, &attrs),
		       HV_ENOMAP, "unmapped");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_getmap(e.p, e.dh, h, 1024, &ra, &attrs),
		       HV_EINVAL, "index past the table");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_getmap(e.p, e.dh, 0, 1, &ra, &attrs),
		       HV_EINVAL, "handle 0");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_atu_map_errors_partial(void)
{
	struct t_env e;
	uint64_t h, n, done = 0, calls = 0, list, *l;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h), HV_EOK, "conf");
	list = t_list(&e, 0, 0, 300);
	l = (uint64_t *)(uintptr_t)list;
#define ATU_MAP(ic, at, li) sun4v_hv_iotsb_map(e.p, e.dh, h, ic, at, li, &n)
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(0, 0), T_RW, list),
		       HV_EINVAL, "count 0");
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(1, 1024), T_RW, list),
		       HV_EINVAL, "index past the table");
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(2, 1023), T_RW, list),
		       HV_EINVAL, "run past the table");
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(1, 0), 0, list),
		       HV_EINVAL, "no R/W: MAP cannot demap");
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(1, 0), T_RW | 8, list),
		       HV_EINVAL, "MBZ");
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(1, 0), T_RW, list + 1),
		       HV_EBADALIGN, "list misaligned");
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(1, 0), T_RW, 0x8000),
		       HV_ENORADDR, "list not RAM");
	l[0] += 8;
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(1, 0), T_RW, list),
		       HV_EBADALIGN, "page misaligned");
	l[0] = 0x10000;
	TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(1, 0), T_RW, list),
		       HV_ENORADDR, "page not RAM");
	TEST_ASSERT_EQ(n, 0, "nothing mapped");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map(e.p, e.dh, h + 0x10000,
					  sun4v_hv_abi_index_count(1, 0), T_RW,
					  list, &n), HV_EINVAL, "stale handle");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map(e.p, 9, h,
					  sun4v_hv_abi_index_count(1, 0), T_RW,
					  list, &n), HV_EINVAL, "devhandle");
	l[0] = t_page(&e, 0);
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(e.p, 128), "cap");
	while (done < 300) {
		TEST_ASSERT_EQ(ATU_MAP(sun4v_hv_abi_index_count(300 - done,
								 done),
				       T_RW, list + done * 8), HV_EOK, "map");
		TEST_ASSERT(n > 0 && n <= 128, "progress");
		done += n;
		calls++;
	}
	TEST_ASSERT_EQ(calls, 3, "128 + 128 + 44");
#undef ATU_MAP
	t_env_fini(&e);
	return TEST_SUCCESS;
}

/* The count field is 16 bits: 65,535 IOTTEs in one call when the cap
 * allows it. */
static int
test_sun4v_atu_map_16bit_count(void)
{
	struct t_env e;
	uint64_t h, n, list, *l;
	struct sun4v_table_stats ts;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(e.p, 65535), "cap");
	/* 64K entries = 512 KB table; the list is 512 KB too. */
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 512 << 10, 8192, R3, &h), HV_EOK, "conf");
	list = t_ra(&e, 12ULL << 20);
	l = (uint64_t *)(uintptr_t)list;
	for (unsigned int i = 0; i < 65535; i++)
		l[i] = t_page(&e, i % 64);
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map(e.p, e.dh, h,
					  sun4v_hv_abi_index_count(65535, 1),
					  T_RW, list, &n), HV_EOK, "map");
	TEST_ASSERT_EQ(n, 65535, "one call");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, h, &ts), "stats");
	TEST_ASSERT_EQ(ts.entries_in_use, 65535, "in use");
	TEST_ASSERT_EQ(ts.entries, 65536, "entries");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

/* IOTSB_MAP creates AND flushes: a remap is visible at once. */
static int
test_sun4v_atu_map_flushes(void)
{
	struct t_env e;
	uint64_t h, n, v = 0, *l;
	struct sun4v_table_stats ts;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	*(uint64_t *)(uintptr_t)t_page(&e, 0) = 0x1111;
	*(uint64_t *)(uintptr_t)t_page(&e, 1) = 0x2222;
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 8192, R3, &h), HV_EOK, "conf");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h, pdev(T_BDF0)), HV_EOK,
		       "bind");
	l = (uint64_t *)(uintptr_t)t_list(&e, 0, 0, 1);
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map(e.p, e.dh, h,
					  sun4v_hv_abi_index_count(1, 0), T_RW,
					  (uint64_t)(uintptr_t)l, &n), HV_EOK, "A");
	TEST_ASSERT_OK(sun4v_dma_read(e.fn0, R3, &v, 8), "read");
	TEST_ASSERT_EQ(v, 0x1111, "A");
	l[0] = t_page(&e, 1);
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map(e.p, e.dh, h,
					  sun4v_hv_abi_index_count(1, 0), T_RW,
					  (uint64_t)(uintptr_t)l, &n), HV_EOK, "B");
	TEST_ASSERT_OK(sun4v_dma_read(e.fn0, R3, &v, 8), "read");
	TEST_ASSERT_EQ(v, 0x2222, "no stale entry after an ATU MAP");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 0, T_RW,
					      t_page(&e, 0)), HV_EOK, "map_one");
	TEST_ASSERT_OK(sun4v_dma_read(e.fn0, R3, &v, 8), "read");
	TEST_ASSERT_EQ(v, 0x1111, "MAP_ONE flushes too");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_demap(e.p, e.dh, h, 0, 1, &n), HV_EOK,
		       "demap");
	TEST_ASSERT_EQ(sun4v_dma_read(e.fn0, R3, &v, 8), -EFAULT,
		       "DEMAP flushes");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, h, &ts), "stats");
	TEST_ASSERT_EQ(ts.iotlb_flushes, 4, "map, map, map_one, demap");
	TEST_ASSERT_EQ(ts.iotlb_flushed, 3, "three cached entries dropped");
	TEST_ASSERT_EQ(ts.iotlb_misses, 4, "every read missed");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

static int
test_sun4v_atu_map_one_demap_sync(void)
{
	struct t_env e;
	uint64_t h, n, done = 0, calls = 0;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 65536, R3, &h), HV_EOK, "64K");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 3, T_RW,
					      t_ra(&e, 1 << 20)), HV_EOK, "ok");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 3, T_RW,
					      t_ra(&e, (1 << 20) + 8192)),
		       HV_EBADALIGN, "8 KB aligned but not 64 KB");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 3, T_RW, 0x20000),
		       HV_ENORADDR, "not RAM");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 1024, T_RW,
					      t_ra(&e, 1 << 20)), HV_EINVAL,
		       "index");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 3, 0,
					      t_ra(&e, 1 << 20)), HV_EINVAL,
		       "attrs");
	TEST_ASSERT_OK(sun4v_platform_set_map_cap(e.p, 400), "cap");
	while (done < 1000) {
		TEST_ASSERT_EQ(sun4v_hv_iotsb_demap(e.p, e.dh, h, done,
						    1000 - done, &n), HV_EOK,
			       "demap");
		done += n;
		calls++;
	}
	TEST_ASSERT_EQ(calls, 3, "400 + 400 + 200");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_demap(e.p, e.dh, h, 0, 0, &n), HV_EINVAL,
		       "count 0");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_demap(e.p, e.dh, h, 1000, 25, &n),
		       HV_EINVAL, "run past the table");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_sync_mappings(e.p, e.dh, h, 0, 1000, &n),
		       HV_EOK, "sync");
	TEST_ASSERT_EQ(n, 400, "partial progress");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_sync_mappings(e.p, e.dh, h, 0, 0, &n),
		       HV_EINVAL, "count 0");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_sync_mappings(e.p, e.dh, h, 1024, 1, &n),
		       HV_EINVAL, "index");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_sync_mappings(e.p, e.dh, 0, 0, 1, &n),
		       HV_EINVAL, "handle 0");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

/* Every ATU page size: one IOTTE maps a whole page of RAM reserved (not
 * touched) with mmap; DMA at the last bytes of the page lands there. */
static int
test_sun4v_atu_page_sizes(void)
{
	static const uint64_t sizes[] = {
		8ULL << 10, 64ULL << 10, 4ULL << 20, 256ULL << 20, 2ULL << 30,
		16ULL << 30,
	};
	struct t_env e;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t pg = sizes[i], h, n, v = 0x5a5a, got = 0, base;
		uint8_t *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
				  -1, 0);

		if (m == MAP_FAILED)
			TEST_SKIP("cannot reserve %llu bytes of address space",
				  (unsigned long long)(2 * pg));
		base = ((uint64_t)(uintptr_t)m + pg - 1) & ~(pg - 1);
		TEST_ASSERT_OK(sun4v_mem_register(e.p, (void *)(uintptr_t)base,
						  pg), "register %llu",
			       (unsigned long long)pg);
		memset(e.ram + TBL_OFF, 0, 8192);
		TEST_ASSERT_EQ(conf(&e, TBL_OFF, 64, pg, R2, &h), HV_EOK,
			       "conf pg %llu", (unsigned long long)pg);
		TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h, pdev(T_BDF0)),
			       HV_EOK, "bind");
		TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 1, T_RW,
						      base), HV_EOK, "map");
		TEST_ASSERT_OK(sun4v_dma_write(e.fn0, R2 + 2 * pg - 8, &v, 8),
			       "write at the page's end, pg %llu",
			       (unsigned long long)pg);
		memcpy(&got, (void *)(uintptr_t)(base + pg - 8), 8);
		TEST_ASSERT_EQ(got, v, "landed at RA + offset");
		TEST_ASSERT_EQ(sun4v_dma_write(e.fn0, R2 + 2 * pg - 4, &v, 8),
			       -EFAULT, "crossing into unmapped index 2");
		TEST_ASSERT_EQ(sun4v_hv_iotsb_unbind(e.p, e.dh, h, pdev(T_BDF0)),
			       HV_EOK, "unbind");
		TEST_ASSERT_EQ(sun4v_hv_iotsb_demap(e.p, e.dh, h, 0, 8, &n),
			       HV_EOK, "demap");
		TEST_ASSERT_EQ(sun4v_hv_iotsb_unconf(e.p, e.dh, h), HV_EOK,
			       "unconf");
		TEST_ASSERT_OK(sun4v_mem_unregister(e.p, (void *)(uintptr_t)base,
						    pg), "unregister");
		munmap(m, 2 * pg);
	}
	t_env_fini(&e);
	return TEST_SUCCESS;
}

/* Linux's layout: a 32 MB table of 8 KB IOTTEs covering 32 GB at
 * ranges[3].base; the last page is reachable. */
static int
test_sun4v_atu_32g_coverage(void)
{
	const uint64_t tsize = 32ULL << 20, ntte = tsize / 8;
	struct t_env e;
	uint64_t h, v = 0x77, got = 0, *tbl = calloc(1, tsize + 8192);
	uint64_t tra;

	TEST_ASSERT(tbl != NULL, "table");
	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	tra = ((uint64_t)(uintptr_t)tbl + 8191) & ~8191ULL;
	TEST_ASSERT_OK(sun4v_mem_register(e.p, tbl, tsize + 8192), "register");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_conf(e.p, e.dh, tra, tsize, 8192, R3, &h),
		       HV_EOK, "32 MB table");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, h, pdev(T_BDF0)), HV_EOK,
		       "bind");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, ntte - 1, T_RW,
					      t_page(&e, 0)), HV_EOK, "last");
	TEST_ASSERT_OK(sun4v_dma_write(e.fn0, R3 + HV_ATU_64_SPACE_SIZE - 8, &v,
				       8), "DMA at 32 GB - 8");
	memcpy(&got, (void *)(uintptr_t)(t_page(&e, 0) + 8192 - 8), 8);
	TEST_ASSERT_EQ(got, v, "landed");
	TEST_ASSERT_EQ(sun4v_dma_write(e.fn0, R3 + HV_ATU_64_SPACE_SIZE, &v, 8),
		       -EFAULT, "32 GB is past the IOTSB");
	t_env_fini(&e);
	free(tbl);
	return TEST_SUCCESS;
}

/* One function, two IOTSBs: 4 MB pages for a pre-mapped pool in range 2,
 * 8 KB pages for per-descriptor maps in range 3. */
static int
test_sun4v_atu_two_iotsbs_one_function(void)
{
	struct t_env e;
	uint64_t hbig, hsmall, v1 = 0x1234, v2 = 0x5678, got;
	struct sun4v_table_stats ts;

	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, 4 << 20, R2, &hbig), HV_EOK,
		       "4 MB IOTSB");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF + 8192, 8192, 8192, R3, &hsmall), HV_EOK,
		       "8 KB IOTSB");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, hbig, pdev(T_BDF0)),
		       HV_EOK, "bind big");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_bind(e.p, e.dh, hsmall, pdev(T_BDF0)),
		       HV_EOK, "bind small");
	/* RAM is 4 MB aligned: the 4 MB page at ram + 4 MB. */
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, hbig, 0, T_RW,
					      t_ra(&e, 4 << 20)), HV_EOK, "big");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, hsmall, 5, T_RW,
					      t_page(&e, 9)), HV_EOK, "small");
	TEST_ASSERT_OK(sun4v_dma_write(e.fn0, R2 + 3000000, &v1, 8), "big");
	TEST_ASSERT_OK(sun4v_dma_write(e.fn0, R3 + 5 * 8192 + 16, &v2, 8),
		       "small");
	memcpy(&got, e.ram + (4 << 20) + 3000000, 8);
	TEST_ASSERT_EQ(got, v1, "via the 4 MB IOTSB");
	memcpy(&got, (void *)(uintptr_t)(t_page(&e, 9) + 16), 8);
	TEST_ASSERT_EQ(got, v2, "via the 8 KB IOTSB");
	TEST_ASSERT_OK(sun4v_table_stats_get(e.p, 0, hbig, &ts), "stats");
	TEST_ASSERT_EQ(ts.page_size, 4 << 20, "page size");
	TEST_ASSERT_EQ(ts.entries_in_use, 1, "one 4 MB IOTTE");
	TEST_ASSERT_EQ(ts.nbound, 1, "bound");
	TEST_ASSERT_EQ(sun4v_dma_write(e.fn1, R2, &v1, 8), -EFAULT,
		       "fn1 is not bound: out of window");
	t_env_fini(&e);
	return TEST_SUCCESS;
}

/*
 * RAM registered back to back is one stretch of real-address-contiguous
 * memory (doc/design/platform.md §2): a 4 MB IOTTE over two 2 MB ranges
 * registered separately maps; after one of them is unregistered, or with
 * a hole between them, it does not.
 */
static int
test_sun4v_atu_map_adjacent_ram(void)
{
	const uint64_t mb2 = 2ULL << 20, mb4 = 4ULL << 20;
	uint8_t *m = aligned_alloc(mb4, 2 * mb4);
	struct t_env e;
	uint64_t h, ra;

	TEST_ASSERT(m != NULL, "memory");
	ra = (uint64_t)(uintptr_t)m;
	TEST_ASSERT_OK(t_env_init(&e, NULL), "env");
	TEST_ASSERT_EQ(conf(&e, TBL_OFF, 8192, mb4, R3, &h), HV_EOK, "4 MB");
	TEST_ASSERT_OK(sun4v_mem_register(e.p, m, mb2), "first half");
	TEST_ASSERT_OK(sun4v_mem_register(e.p, m + mb2, mb2), "second half");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 0, T_RW, ra),
		       HV_EOK, "4 MB page over two adjacent ranges");
	TEST_ASSERT_OK(sun4v_mem_unregister(e.p, m + mb2, mb2), "unregister");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 1, T_RW, ra),
		       HV_ENORADDR, "half of the page is not RAM any more");
	/* A hole: [4 MB, 6 MB) and [6.5 MB, 8 MB) do not make a 4 MB page. */
	TEST_ASSERT_OK(sun4v_mem_register(e.p, m + mb4, mb2), "third");
	TEST_ASSERT_OK(sun4v_mem_register(e.p, m + mb4 + mb2 + (512 << 10),
					  mb2 - (512 << 10)), "fourth");
	TEST_ASSERT_EQ(sun4v_hv_iotsb_map_one(e.p, e.dh, h, 2, T_RW, ra + mb4),
		       HV_ENORADDR, "a hole in the page");
	t_env_fini(&e);
	free(m);
	return TEST_SUCCESS;
}

static const struct test_case cases[] = {
	TEST_CASE(test_sun4v_atu_conf_info),
	TEST_CASE(test_sun4v_atu_conf_errors),
	TEST_CASE(test_sun4v_atu_unconf),
	TEST_CASE(test_sun4v_atu_bind_get_binding),
	TEST_CASE(test_sun4v_atu_map_getmap),
	TEST_CASE(test_sun4v_atu_map_errors_partial),
	TEST_CASE(test_sun4v_atu_map_16bit_count),
	TEST_CASE(test_sun4v_atu_map_flushes),
	TEST_CASE(test_sun4v_atu_map_one_demap_sync),
	TEST_CASE(test_sun4v_atu_page_sizes),
	TEST_CASE(test_sun4v_atu_32g_coverage),
	TEST_CASE(test_sun4v_atu_two_iotsbs_one_function),
	TEST_CASE(test_sun4v_atu_map_adjacent_ram),
	{ NULL, NULL },
};

int
main(void)
{
	return test_run_cases("test_sun4v_atu", cases);
}
