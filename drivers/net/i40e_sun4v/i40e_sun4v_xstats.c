/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Basic stats and xstats.  The names are a contract: tests, docs
 * (doc/guides/nics/i40e_sun4v.rst "Extended statistics") and
 * sun4v-dmabench read them by name.
 *
 * Counters live where they are cheapest to keep: per queue (single
 * writer, plain adds) for the data path, per port for the control path,
 * in the device model and the platform for what the hardware counts.
 * Reading sums them; a reset records the platform's counters as a base.
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
	unsigned int cnt = xstats_count(dev), k = 0;
	uint64_t v[XS_NB_PORT];

	if (xs == NULL || n < cnt)
		return (int)cnt;
	port_values(dev, v);
	for (unsigned int i = 0; i < XS_NB_PORT; i++) {
		xs[k].id = k;
		xs[k++].value = v[i];
	}
	for (uint16_t q = 0; q < dev->data->nb_rx_queues; q++) {
		const struct i40e_sun4v_rxq *rq = dev->data->rx_queues[q];

		xs[k].id = k;
		xs[k++].value = rq != NULL ? rq->packets : 0;
		xs[k].id = k;
		xs[k++].value = rq != NULL ? rq->bytes : 0;
	}
	for (uint16_t q = 0; q < dev->data->nb_tx_queues; q++) {
		const struct i40e_sun4v_txq *tq = dev->data->tx_queues[q];

		xs[k].id = k;
		xs[k++].value = tq != NULL ? tq->packets : 0;
		xs[k].id = k;
		xs[k++].value = tq != NULL ? tq->bytes : 0;
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

int
i40e_sun4v_stats_reset(struct rte_eth_dev *dev)
{
	struct i40e_sun4v_adapter *ad = dev->data->dev_private;

	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];

		if (q == NULL)
			continue;
		q->packets = q->bytes = q->alloc_failed = q->malformed = 0;
		dma_stats_reset(&q->dma);
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		struct i40e_sun4v_txq *q = dev->data->tx_queues[i];

		if (q == NULL)
			continue;
		q->packets = q->bytes = q->errors = 0;
		dma_stats_reset(&q->dma);
	}
	dma_stats_reset(&ad->ctl);
	memset(&ad->retired, 0, sizeof(ad->retired));
	memset(&ad->ctx_base, 0, sizeof(ad->ctx_base));
	if (ad->dctx != NULL)
		iova_pool_dpdk_ctx_stats_get(ad->dctx, &ad->ctx_base);
	sim_board_fn_stats_reset(ad->fn);
	ad->stats_base_faults = port_faults(ad);
	i40e_sun4v_iotlb_counts(ad, &ad->stats_base_hits,
				&ad->stats_base_misses);
	return 0;
}

int
i40e_sun4v_xstats_reset(struct rte_eth_dev *dev)
{
	return i40e_sun4v_stats_reset(dev);
}

/*
 * A queue that goes away (re-setup, a configure with fewer queues, close)
 * leaves its counters to the port, so the port's totals never go down
 * between resets (issue 14 item 6; fuzz_pmd_ops found ipackets falling
 * back after an RX queue was set up again).  Its IOTSB entries are
 * released with it, so they are not carried over.
 */
void
i40e_sun4v_stats_retire_rxq(struct i40e_sun4v_adapter *ad,
			    const struct i40e_sun4v_rxq *q)
{
	struct i40e_sun4v_dma_stats d = q->dma;

	ad->retired.ipackets += q->packets;
	ad->retired.ibytes += q->bytes;
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

	ad->retired.opackets += q->packets;
	ad->retired.obytes += q->bytes;
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
		struct i40e_sim_queue_stats rqs, tqs;

		memset(&rqs, 0, sizeof(rqs));
		sim_board_fn_queue_stats(ad->fn, i, &rqs, &tqs);
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
	st->ipackets = ad->retired.ipackets;
	st->ibytes = ad->retired.ibytes;
	st->rx_nombuf = ad->retired.rx_nombuf;
	st->ierrors = dev_rx_errors(ad) + ad->retired.rx_malformed;
	st->opackets = ad->retired.opackets;
	st->obytes = ad->retired.obytes;
	st->oerrors = ad->retired.oerrors;
	for (uint16_t i = 0; i < dev->data->nb_rx_queues; i++) {
		const struct i40e_sun4v_rxq *q = dev->data->rx_queues[i];
		struct i40e_sim_queue_stats rqs, tqs;

		if (q == NULL)
			continue;
		/* RX errors are what the device dropped on this queue: frames
		 * lost to a DMA fault (written back with RXE, or not at all
		 * once the function is quarantined) and oversize frames;
		 * and what the burst dropped as malformed write-backs. */
		memset(&rqs, 0, sizeof(rqs));
		sim_board_fn_queue_stats(ad->fn, i, &rqs, &tqs);
		st->ipackets += q->packets;
		st->ibytes += q->bytes;
		st->ierrors += q->malformed;
		st->rx_nombuf += q->alloc_failed;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_ipackets[i] = q->packets;
			st->q_ibytes[i] = q->bytes;
			st->q_errors[i] = rqs.errors + q->malformed;
		}
	}
	for (uint16_t i = 0; i < dev->data->nb_tx_queues; i++) {
		const struct i40e_sun4v_txq *q = dev->data->tx_queues[i];

		if (q == NULL)
			continue;
		st->opackets += q->packets;
		st->obytes += q->bytes;
		st->oerrors += q->errors;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_opackets[i] = q->packets;
			st->q_obytes[i] = q->bytes;
		}
	}
	/* Frames the device dropped for lack of descriptors or FIFO room,
	 * because they were steered to a stopped queue, or because they
	 * arrived while the link was down. */
	st->imissed = ps.rx_missed + ps.rx_no_queue + ps.rx_link_down;
	/* Frames the device dropped: malformed, a DMA fault, or a cable
	 * without a partner (the peer is absent or gone). */
	st->oerrors += ps.tx_malformed + ps.tx_dma_dropped + ps.tx_link_down;
	return 0;
}
