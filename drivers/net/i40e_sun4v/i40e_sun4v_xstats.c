/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Basic stats and xstats.  The names are a contract: tests, docs
 * (doc/guides/nics/i40e_sun4v.rst "Extended statistics") and
 * sun4v-dmabench read them by name.
 *
 * Traffic counters are the device's (the XL710's GLPRT/GLV counters:
 * frames and bytes written into RX rings, missed, filtered, sent), so
 * rte_eth_stats is exact at any moment, frames still in the rings
 * included (doc/spec/i40e-sim.md §10).  DMA/IOMMU counters (hv_*,
 * iotlb_*, iommu_faults, ...) live per queue (single writer, plain adds)
 * for the data path, per port for the control path, in the platform for
 * what the IOMMU counts.  Two resets, as the NIC guide says:
 * stats_reset zeroes the device's traffic counters, xstats_reset the
 * DMA/IOMMU ones (a reset records the platform's counters as a base).
 */
#include <assert.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "i40e_sun4v.h"
#include "iova_pool_dpdk.h"

enum port_xstat {
	XS_HV_MAP_CALLS,
	XS_HV_DEMAP_CALLS,
	XS_HV_MAP_TTES,
	XS_DMA_MAP_ERRORS,
	XS_IOTSB_ENTRIES_USED,
	XS_IOTLB_HITS,
	XS_IOTLB_MISSES,
	XS_IOMMU_FAULTS,
	XS_RX_MISSED_NO_DESC,
	XS_TX_UNMAPPED_MBUFS,
	XS_MAP_ERROR_LOG_LINES,
	XS_MAP_ERROR_LOG_SUPPRESSED,
	XS_DEV_MODEL_CYCLES,
	XS_DEV_MODEL_IDLE_CYCLES,
	XS_IOTSB_ENTRIES_8K,       /* the page-size mix, in this order */
	XS_IOTSB_ENTRIES_64K,
	XS_IOTSB_ENTRIES_4M,
	XS_IOTSB_ENTRIES_256M,
	XS_IOTSB_ENTRIES_2G,
	XS_IOTSB_ENTRIES_16G,
	XS_RING_ARENA_BYTES,
	XS_TX_DROPPED_LINK_DOWN,
	XS_RX_FILTERED,
	XS_RX_IP_CSUM_ERRORS,      /* offloads: device counters (spec §10) */
	XS_RX_L4_CSUM_ERRORS,
	XS_TX_TSO_PACKETS,
	XS_TX_TSO_SEGMENTS,
	XS_TX_MALFORMED,
	XS_GEN_BAD_IP_CSUM,
	XS_GEN_BAD_L4_CSUM,
	XS_RX_MALFORMED_FRAMES,
	XS_NB_PORT,
};

static const char *const port_xstat_names[XS_NB_PORT] = {
	[XS_HV_MAP_CALLS] = "hv_map_calls",
	[XS_HV_DEMAP_CALLS] = "hv_demap_calls",
	[XS_HV_MAP_TTES] = "hv_map_ttes",
	[XS_DMA_MAP_ERRORS] = "dma_map_errors",
	[XS_IOTSB_ENTRIES_USED] = "iotsb_entries_used",
	[XS_IOTLB_HITS] = "iotlb_hits",
	[XS_IOTLB_MISSES] = "iotlb_misses",
	[XS_IOMMU_FAULTS] = "iommu_faults",
	[XS_RX_MISSED_NO_DESC] = "rx_missed_no_desc",
	[XS_TX_UNMAPPED_MBUFS] = "tx_unmapped_mbufs",
	[XS_MAP_ERROR_LOG_LINES] = "map_error_log_lines",
	[XS_MAP_ERROR_LOG_SUPPRESSED] = "map_error_log_suppressed",
	[XS_DEV_MODEL_CYCLES] = "dev_model_cycles",
	[XS_DEV_MODEL_IDLE_CYCLES] = "dev_model_idle_cycles",
	[XS_IOTSB_ENTRIES_8K] = "iotsb_entries_8k",
	[XS_IOTSB_ENTRIES_64K] = "iotsb_entries_64k",
	[XS_IOTSB_ENTRIES_4M] = "iotsb_entries_4m",
	[XS_IOTSB_ENTRIES_256M] = "iotsb_entries_256m",
	[XS_IOTSB_ENTRIES_2G] = "iotsb_entries_2g",
	[XS_IOTSB_ENTRIES_16G] = "iotsb_entries_16g",
	[XS_RING_ARENA_BYTES] = "ring_arena_bytes",
	[XS_TX_DROPPED_LINK_DOWN] = "tx_dropped_link_down_packets",
	[XS_RX_FILTERED] = "rx_filtered",
	[XS_RX_IP_CSUM_ERRORS] = "rx_ip_csum_errors",
	[XS_RX_L4_CSUM_ERRORS] = "rx_l4_csum_errors",
	[XS_TX_TSO_PACKETS] = "tx_tso_packets",
	[XS_TX_TSO_SEGMENTS] = "tx_tso_segments",
	[XS_TX_MALFORMED] = "tx_malformed_packets",
	[XS_GEN_BAD_IP_CSUM] = "gen_bad_ip_csum",
	[XS_GEN_BAD_L4_CSUM] = "gen_bad_l4_csum",
	[XS_RX_MALFORMED_FRAMES] = "rx_malformed_frames",
};

/* The sun4v ATU's IO page sizes (HV_ATU_PGSZ_MASK), as the mix xstats. */
static const uint64_t mix_sizes[] = {
	UINT64_C(8) << 10, UINT64_C(64) << 10, UINT64_C(4) << 20,
	UINT64_C(256) << 20, UINT64_C(2) << 30, UINT64_C(16) << 30,
};
static_assert(RTE_DIM(mix_sizes) ==
	      XS_RING_ARENA_BYTES - XS_IOTSB_ENTRIES_8K, "one xstat per size");

/* Per-queue xstats: packets and bytes of every RX and TX queue. */
#define XS_PER_QUEUE 2

static unsigned int
xstats_count(const struct rte_eth_dev *dev)
{
	return XS_NB_PORT + XS_PER_QUEUE * (dev->data->nb_rx_queues +
					    dev->data->nb_tx_queues);
}

static void
dma_sum(struct i40e_sun4v_dma_stats *sum, const struct i40e_sun4v_dma_stats *s)
{
	sum->hv_map_calls += s->hv_map_calls;
	sum->hv_demap_calls += s->hv_demap_calls;
	sum->hv_map_ttes += s->hv_map_ttes;
	sum->dma_map_errors += s->dma_map_errors;
	sum->unmapped_mbufs += s->unmapped_mbufs;
	sum->entries += s->entries;
	sum->dev_cycles += s->dev_cycles;
	sum->dev_idle_cycles += s->dev_idle_cycles;
}

/* Everything the port holds and did, summed over its queues. */
static void
port_dma_stats(const struct rte_eth_dev *dev, struct i40e_sun4v_dma_stats *s)
{
	const struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	*s = ad->ctl;
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];

		if (q != NULL)
			dma_sum(s, &q->dma);
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct i40e_sun4v_txq *q = dev->data->tx_queues[i];

		if (q != NULL)
			dma_sum(s, &q->dma);
	}
}

/**
 * IOTSB entries this port holds: its rings, its per-descriptor maps and
 * the mempools its context mapped.
 */
uint64_t
i40e_sun4v_entries_used(const struct rte_eth_dev *dev)
{
	const struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	struct iova_pool_dpdk_ctx_stats cs;
	struct i40e_sun4v_dma_stats s;

	port_dma_stats(dev, &s);
	if (ad->dctx != NULL &&
	    iova_pool_dpdk_ctx_stats_get(ad->dctx, &cs) == 0)
		s.entries += cs.iotsb_entries;
	return s.entries;
}

static void
mix_add(uint64_t mix[IOVA_POOL_NB_PAGE_SHIFTS], const struct iova_pool_mapping *m)
{
	if (m->entries != 0)
		mix[IOVA_POOL_PAGE_IDX(m->page_size)] += m->entries;
}

/*
 * The port's IOTSB entries by IO page size: its own ring mappings, arena
 * chunks and the inject page (control path), its per-descriptor maps
 * (always 8 KB) and its context's mempool mappings.  Sums to
 * iotsb_entries_used.
 */
static void
port_page_mix(const struct rte_eth_dev *dev,
	      const struct i40e_sun4v_dma_stats *s,
	      const struct iova_pool_dpdk_ctx_stats *cs,
	      uint64_t mix[IOVA_POOL_NB_PAGE_SHIFTS])
{
	const struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	for (unsigned int i = 0; i < IOVA_POOL_NB_PAGE_SHIFTS; i++)
		mix[i] = cs->entries_by_size[i];
	mix[0] += s->entries - ad->ctl.entries;
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];

		if (q != NULL)
			mix_add(mix, &q->rmem.map);
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct i40e_sun4v_txq *q = dev->data->tx_queues[i];

		if (q != NULL)
			mix_add(mix, &q->rmem.map);
	}
	for (unsigned int i = 0; i < ad->arena.nb_chunks; i++)
		mix_add(mix, &ad->arena.chunk[i].map);
	mix_add(mix, &ad->inject_map);
}

static uint64_t
port_faults(struct i40e_sun4v_adapter *ad)
{
	struct sim_board_iommu_stats is;

	/* The requester the device really uses (dev_rc= may differ). */
	if (ad->fn == NULL)
		return 0;
	sim_board_fn_iommu_stats(ad->fn, &is);
	return is.faults;
}

/* Frames the RX bursts dropped for a write-back that cannot be true. */
static uint64_t
port_rx_malformed(const struct rte_eth_dev *dev)
{
	const struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	uint64_t n = ad->retired.rx_malformed;

	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];

		if (q != NULL)
			n += q->malformed;
	}
	return n;
}

static void
port_values(struct rte_eth_dev *dev, uint64_t v[XS_NB_PORT])
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	struct i40e_sun4v_dma_stats s;
	struct iova_pool_dpdk_ctx_stats cs;
	struct i40e_sim_port_stats ps;
	uint64_t mix[IOVA_POOL_NB_PAGE_SHIFTS];
	uint64_t hits, misses;

	port_dma_stats(dev, &s);
	memset(&cs, 0, sizeof(cs));
	if (ad->dctx != NULL)
		iova_pool_dpdk_ctx_stats_get(ad->dctx, &cs);
	sim_board_fn_stats(ad->fn, &ps);
	i40e_sun4v_iotlb_counts(ad, &hits, &misses);
	/* The context's mempool maps happen in whatever thread registered
	 * the pool (queue setup, a mempool event, a late registration). */
	v[XS_HV_MAP_CALLS] = s.hv_map_calls + cs.hv_map_calls - ad->ctx_base.hv_map_calls;
	v[XS_HV_DEMAP_CALLS] = s.hv_demap_calls + cs.hv_demap_calls -
			       ad->ctx_base.hv_demap_calls;
	v[XS_HV_MAP_TTES] = s.hv_map_ttes + cs.hv_map_ttes - ad->ctx_base.hv_map_ttes;
	v[XS_DMA_MAP_ERRORS] = s.dma_map_errors;
	v[XS_IOTSB_ENTRIES_USED] = s.entries + cs.iotsb_entries;
	v[XS_IOTLB_HITS] = hits - ad->stats_base_hits;
	v[XS_IOTLB_MISSES] = misses - ad->stats_base_misses;
	v[XS_IOMMU_FAULTS] = port_faults(ad) - ad->stats_base_faults;
	v[XS_RX_MISSED_NO_DESC] = ps.rx_missed - ps.rx_fifo_overflow;
	v[XS_TX_UNMAPPED_MBUFS] = s.unmapped_mbufs + cs.late_registrations;
	v[XS_MAP_ERROR_LOG_LINES] = __atomic_load_n(&ad->log_emitted,
						    __ATOMIC_RELAXED);
	v[XS_MAP_ERROR_LOG_SUPPRESSED] = __atomic_load_n(&ad->log_suppressed,
							 __ATOMIC_RELAXED);
	v[XS_DEV_MODEL_CYCLES] = s.dev_cycles;
	v[XS_DEV_MODEL_IDLE_CYCLES] = s.dev_idle_cycles;
	port_page_mix(dev, &s, &cs, mix);
	for (unsigned int i = 0; i < RTE_DIM(mix_sizes); i++)
		v[XS_IOTSB_ENTRIES_8K + i] =
			mix[IOVA_POOL_PAGE_IDX(mix_sizes[i])];
	v[XS_RING_ARENA_BYTES] = ad->arena.bytes_in_use;
	v[XS_TX_DROPPED_LINK_DOWN] = ps.tx_link_down;
	v[XS_RX_FILTERED] = ps.rx_filtered;
	v[XS_RX_IP_CSUM_ERRORS] = ps.rx_ip_csum_errors;
	v[XS_RX_L4_CSUM_ERRORS] = ps.rx_l4_csum_errors;
	v[XS_TX_TSO_PACKETS] = ps.tx_tso_packets;
	v[XS_TX_TSO_SEGMENTS] = ps.tx_tso_segments;
	v[XS_TX_MALFORMED] = ps.tx_malformed;
	v[XS_GEN_BAD_IP_CSUM] = ps.gen_bad_ip_csum;
	v[XS_GEN_BAD_L4_CSUM] = ps.gen_bad_l4_csum;
	v[XS_RX_MALFORMED_FRAMES] = port_rx_malformed(dev);
}

int
i40e_sun4v_xstats_get_names(struct rte_eth_dev *dev,
			    struct rte_eth_xstat_name *names, unsigned int size)
{
	unsigned int n = xstats_count(dev), k = 0;

	if (names == NULL || size < n)
		return (int)n;
	for (unsigned int i = 0; i < XS_NB_PORT; i++)
		snprintf(names[k++].name, sizeof(names[0].name), "%s",
			 port_xstat_names[i]);
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		snprintf(names[k++].name, sizeof(names[0].name),
			 "rx_q%u_packets", q);
		snprintf(names[k++].name, sizeof(names[0].name),
			 "rx_q%u_bytes", q);
	}
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++) {
		snprintf(names[k++].name, sizeof(names[0].name),
			 "tx_q%u_packets", q);
		snprintf(names[k++].name, sizeof(names[0].name),
			 "tx_q%u_bytes", q);
	}
	return (int)k;
}

int
i40e_sun4v_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
		      unsigned int n)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	unsigned int cnt = xstats_count(dev), k = 0;
	uint64_t v[XS_NB_PORT];

	if (xs == NULL || n < cnt)
		return (int)cnt;
	port_values(dev, v);
	for (unsigned int i = 0; i < XS_NB_PORT; i++) {
		xs[k].id = k;
		xs[k++].value = v[i];
	}
	/* Per queue: the device's queue counters (GLV-like). */
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		struct i40e_sim_queue_stats rqs = { 0 };

		sim_board_fn_queue_stats(ad->fn, q, &rqs, NULL);
		xs[k].id = k;
		xs[k++].value = rqs.packets;
		xs[k].id = k;
		xs[k++].value = rqs.bytes;
	}
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++) {
		struct i40e_sim_queue_stats tqs = { 0 };

		sim_board_fn_queue_stats(ad->fn, q, NULL, &tqs);
		xs[k].id = k;
		xs[k++].value = tqs.packets;
		xs[k].id = k;
		xs[k++].value = tqs.bytes;
	}
	return (int)k;
}

static void
dma_stats_reset(struct i40e_sun4v_dma_stats *s)
{
	uint64_t entries = s->entries; /* state, not an event counter */

	memset(s, 0, sizeof(*s));
	s->entries = entries;
}

/* Basic stats reset: the device's traffic counters (port and queues) and
 * the driver's own events (rx_nombuf, dropped TX), not the DMA/IOMMU
 * counters (xstats_reset). */
int
i40e_sun4v_stats_reset(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];

		if (q == NULL)
			continue;
		q->alloc_failed = q->malformed = 0;
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		struct i40e_sun4v_txq *q = dev->data->tx_queues[i];

		if (q != NULL)
			q->errors = 0;
	}
	memset(&ad->retired, 0, sizeof(ad->retired));
	return sim_board_fn_stats_reset(ad->fn);
}

/* Extended stats reset: the DMA/IOMMU counters (hv_*, dma_map_errors,
 * iotlb_*, iommu_faults, tx_unmapped_mbufs, dev_model_*); state
 * (iotsb_entries_*, ring_arena_bytes) is never reset, and the traffic
 * counters are stats_reset's. */
int
i40e_sun4v_xstats_reset(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];

		if (q != NULL)
			dma_stats_reset(&q->dma);
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		struct i40e_sun4v_txq *q = dev->data->tx_queues[i];

		if (q != NULL)
			dma_stats_reset(&q->dma);
	}
	dma_stats_reset(&ad->ctl);
	memset(&ad->ctx_base, 0, sizeof(ad->ctx_base));
	if (ad->dctx != NULL)
		iova_pool_dpdk_ctx_stats_get(ad->dctx, &ad->ctx_base);
	ad->stats_base_faults = port_faults(ad);
	i40e_sun4v_iotlb_counts(ad, &ad->stats_base_hits,
				&ad->stats_base_misses);
	return 0;
}

/*
 * Basic stats from the device's counters (doc/spec/i40e-sim.md §10): a
 * frame counts as received when the device wrote it into a ring, as sent
 * when it went on the wire, so nothing in a ring or on the wire is
 * missing from the sums.  Only rx_nombuf and the driver's TX drops are
 * driver events.
 */
/*
 * A queue that goes away (re-setup, a configure with fewer queues, close)
 * leaves its driver counters to the port, so the port's totals never go
 * down between resets (issue 14 item 6; fuzz_pmd_ops found totals falling
 * back after an RX queue was set up again).  Frames and bytes are the
 * device's port counters, which outlive queues.  Its IOTSB entries are
 * released with it, so they are not carried over.
 */
void
i40e_sun4v_stats_retire_rxq(struct i40e_sun4v_adapter *ad,
			    const struct i40e_sun4v_rxq *q)
{
	struct i40e_sun4v_dma_stats d = q->dma;

	ad->retired.rx_nombuf += q->alloc_failed;
	ad->retired.rx_malformed += q->malformed;
	d.entries = 0;
	dma_sum(&ad->ctl, &d);
}

void
i40e_sun4v_stats_retire_txq(struct i40e_sun4v_adapter *ad,
			    const struct i40e_sun4v_txq *q)
{
	struct i40e_sun4v_dma_stats d = q->dma;

	ad->retired.oerrors += q->errors;
	d.entries = 0;
	dma_sum(&ad->ctl, &d);
}

/* The device's RX errors of every queue it has, configured now or not:
 * its counters outlive the driver's queues. */
static uint64_t
dev_rx_errors(struct i40e_sun4v_adapter *ad)
{
	uint64_t n = 0;

	for (uint16_t i = 0; i < I40E_SUN4V_MAX_QUEUES; i++) {
		struct i40e_sim_queue_stats rqs;

		memset(&rqs, 0, sizeof(rqs));
		sim_board_fn_queue_stats(ad->fn, i, &rqs, NULL);
		n += rqs.errors;
	}
	return n;
}

int
i40e_sun4v_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;
	struct i40e_sim_port_stats ps;

	sim_board_fn_stats(ad->fn, &ps);
	st->rx_nombuf = ad->retired.rx_nombuf;
	st->ierrors = dev_rx_errors(ad) + ad->retired.rx_malformed;
	st->oerrors = ad->retired.oerrors;
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];
		struct i40e_sim_queue_stats rqs = { 0 };

		/* RX errors are what the device dropped on this queue: frames
		 * lost to a DMA fault (written back with RXE, or not at all
		 * once the function is quarantined) and oversize frames;
		 * and what the burst dropped as malformed write-backs. */
		sim_board_fn_queue_stats(ad->fn, i, &rqs, NULL);
		if (q != NULL) {
			st->ierrors += q->malformed;
			st->rx_nombuf += q->alloc_failed;
		}
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_ipackets[i] = rqs.packets;
			st->q_ibytes[i] = rqs.bytes;
			st->q_errors[i] = rqs.errors +
					  (q != NULL ? q->malformed : 0);
		}
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct i40e_sun4v_txq *q = dev->data->tx_queues[i];
		struct i40e_sim_queue_stats tqs = { 0 };

		sim_board_fn_queue_stats(ad->fn, i, NULL, &tqs);
		st->oerrors += q != NULL ? q->errors : 0;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_opackets[i] = tqs.packets;
			st->q_obytes[i] = tqs.bytes;
		}
	}
	st->ipackets = ps.rx_packets;
	st->ibytes = ps.rx_bytes;
	st->opackets = ps.tx_packets;
	st->obytes = ps.tx_bytes;
	/* Frames the device dropped for lack of descriptors or FIFO room,
	 * because they were steered to a stopped queue, or because they
	 * arrived (or were still arriving) while the link was down.  MAC
	 * filter drops are not missed frames: xstat rx_filtered. */
	st->imissed = ps.rx_missed + ps.rx_no_queue + ps.rx_link_down;
	/* Frames the device dropped: malformed, a DMA fault, or a cable
	 * without a partner (the peer is absent or gone). */
	st->oerrors += ps.tx_malformed + ps.tx_dma_dropped + ps.tx_link_down;
	return 0;
}
