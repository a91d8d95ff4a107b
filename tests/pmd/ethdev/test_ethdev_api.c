/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The driver's public API (rte_pmd_i40e_sun4v.h), called by a program
 * linked against the plugin as an application would be (issue 15).
 *
 *  api_register_tx_pool: a pool port 0 only transmits from, registered with
 *      rte_pmd_i40e_sun4v_mempool_register() before traffic, is mapped at
 *      once (footprint: one more mempool, more chunks and IOTSB entries;
 *      a second registration changes nothing) and 1000 frames sent from it
 *      arrive with no mapping on the data path (late_registrations and
 *      tx_unmapped_mbufs stay 0); the same traffic from an unregistered
 *      pool on port 1 is mapped late and counted.
 *  api_errors: an invalid port is -ENODEV, a NULL pool or footprint
 *      -EINVAL, a port of another driver (net_null) -ENOTSUP; a dma=map
 *      port has nothing to map (0, no mempool in the footprint).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>

#include <rte_pmd_i40e_sun4v.h>

#include "ethdev_test.h"

#define NB_FRAMES 1000u

static int
footprint(uint16_t port, struct rte_pmd_i40e_sun4v_iommu_footprint *fp)
{
	int rc = rte_pmd_i40e_sun4v_iommu_footprint_get(port, fp);

	printf("  port %u: rc %d iommu %u dma %u entries %" PRIu64 " mempools %"
	       PRIu64 " chunks %" PRIu64 " late %" PRIu64 "\n", port, rc,
	       fp->iommu, fp->dma, fp->iotsb_entries, fp->mempools,
	       fp->chunks_mapped, fp->late_registrations);
	return rc;
}

static int
send_from(struct ethtest_pair *p, uint16_t from, uint16_t to,
	  struct rte_mempool *mp)
{
	struct ethtest_traffic t = {
		.tx_port = from, .rx_port = to, .nb_rxq = 1, .mp = mp,
		.count = NB_FRAMES,
	};
	struct ethtest_fwd r;
	int rc = ethtest_forward(&t, &r);

	(void)p;
	ethtest_fwd_print("  traffic", &r);
	TEST_ASSERT_OK(rc, "forward failed: %d", rc);
	TEST_ASSERT_EQ(r.sent, NB_FRAMES, "not every frame was sent");
	TEST_ASSERT_EQ(r.received, r.sent, "frames lost");
	return TEST_SUCCESS;
}

static int
api_register_tx_pool(void)
{
	struct rte_pmd_i40e_sun4v_iommu_footprint f0, f1, f2;
	struct rte_mempool *tx0, *tx1;
	struct ethtest_pair p;

	TEST_ASSERT_OK(ethtest_pair_up("", NULL, 0, &p), "pair up");
	tx0 = ethtest_pool("tx_only0", 2047, ETHTEST_ROOM);
	tx1 = ethtest_pool("tx_only1", 2047, ETHTEST_ROOM);
	TEST_ASSERT(tx0 != NULL && tx1 != NULL, "TX pools");
	TEST_ASSERT_OK(footprint(p.p0, &f0), "footprint");
	TEST_ASSERT_EQ(f0.dma, RTE_PMD_I40E_SUN4V_DMA_POOL, "dma mode");
	TEST_ASSERT_EQ(f0.mempools, 1, "only the RX pool is mapped at setup");
	TEST_ASSERT_OK(rte_pmd_i40e_sun4v_mempool_register(p.p0, tx0),
		       "register");
	TEST_ASSERT_OK(footprint(p.p0, &f1), "footprint");
	TEST_ASSERT_EQ(f1.mempools, 2, "registered pool not mapped");
	TEST_ASSERT(f1.chunks_mapped > f0.chunks_mapped, "no chunk mapped");
	TEST_ASSERT(f1.iotsb_entries > f0.iotsb_entries, "no IOTSB entry used");
	TEST_ASSERT_OK(rte_pmd_i40e_sun4v_mempool_register(p.p0, tx0),
		       "second register");
	TEST_ASSERT_OK(footprint(p.p0, &f2), "footprint");
	TEST_ASSERT_EQ(f2.chunks_mapped, f1.chunks_mapped, "mapped twice");
	TEST_ASSERT_EQ(f2.iotsb_entries, f1.iotsb_entries, "entries changed");
	if (send_from(&p, p.p0, p.p1, tx0) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_OK(footprint(p.p0, &f2), "footprint");
	TEST_ASSERT_EQ(f2.late_registrations, 0, "registered pool mapped late");
	TEST_ASSERT_EQ(ethtest_xstat(p.p0, "tx_unmapped_mbufs"), 0,
		       "registered pool's mbufs counted unmapped");
	/* Control: the same traffic from a pool nobody registered. */
	if (send_from(&p, p.p1, p.p0, tx1) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_OK(footprint(p.p1, &f2), "footprint");
	TEST_ASSERT_EQ(f2.late_registrations, 1,
		       "an unregistered pool is mapped on the data path");
	ethtest_pair_down(&p);
	rte_mempool_free(tx0);
	rte_mempool_free(tx1);
	return TEST_SUCCESS;
}

static int
api_errors(void)
{
	struct rte_pmd_i40e_sun4v_iommu_footprint f;
	struct rte_mempool *mp = ethtest_pool("api_pool", 1023, ETHTEST_ROOM);
	uint16_t map_port, null_port;

	TEST_ASSERT(mp != NULL, "pool");
	TEST_ASSERT_EQ(rte_pmd_i40e_sun4v_mempool_register(RTE_MAX_ETHPORTS, mp),
		       -ENODEV, "invalid port");
	TEST_ASSERT_EQ(rte_pmd_i40e_sun4v_iommu_footprint_get(RTE_MAX_ETHPORTS,
		       &f), -ENODEV, "invalid port");
	TEST_ASSERT_OK(ethtest_port_create(ETHTEST_PORT0, "dma=map,iommu=legacy",
					   &map_port), "dma=map port");
	TEST_ASSERT_EQ(rte_pmd_i40e_sun4v_mempool_register(map_port, NULL),
		       -EINVAL, "NULL pool");
	TEST_ASSERT_EQ(rte_pmd_i40e_sun4v_iommu_footprint_get(map_port, NULL),
		       -EINVAL, "NULL footprint");
	TEST_ASSERT_OK(rte_pmd_i40e_sun4v_mempool_register(map_port, mp),
		       "dma=map: nothing to map");
	TEST_ASSERT_OK(footprint(map_port, &f), "footprint");
	TEST_ASSERT_EQ(f.dma, RTE_PMD_I40E_SUN4V_DMA_MAP, "dma mode");
	TEST_ASSERT_EQ(f.iommu, RTE_PMD_I40E_SUN4V_IOMMU_LEGACY, "iommu mode");
	TEST_ASSERT_EQ(f.mempools, 0, "dma=map maps no mempool");
	TEST_ASSERT_OK(ethtest_port_create("net_null0", "", &null_port),
		       "net_null port (Debian's net_null plugin)");
	TEST_ASSERT_EQ(rte_pmd_i40e_sun4v_mempool_register(null_port, mp),
		       -ENOTSUP, "another driver's port");
	TEST_ASSERT_EQ(rte_pmd_i40e_sun4v_iommu_footprint_get(null_port, &f),
		       -ENOTSUP, "another driver's port");
	rte_eth_dev_close(map_port);
	rte_eth_dev_close(null_port);
	rte_vdev_uninit(ETHTEST_PORT0);
	rte_vdev_uninit("net_null0");
	rte_mempool_free(mp);
	return TEST_SUCCESS;
}

int
main(int argc, char **argv)
{
	static const struct test_case cases[] = {
		TEST_CASE(api_register_tx_pool),
		TEST_CASE(api_errors),
		{ NULL, NULL },
	};
	static const struct ethtest_prog prog = { "api", cases, NULL };

	return ethtest_main(&prog, argc, argv);
}
