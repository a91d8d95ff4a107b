/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX burst (doc/spec/i40e-sim.md §5; i40e-facts §2).
 *
 * Data descriptors: DTYPE 0, CMD ICRC (+EOP on the last segment), BUF_SZ =
 * segment length; with offloads enabled on the queue, their CMD/OFFSET/
 * L2TAG1 fields and a TSO context descriptor (i40e_sun4v_txol.c).  RS goes on the EOP descriptor of the
 * packet that completes a bucket of rs_thresh descriptors; the device
 * overwrites that descriptor's DTYPE with 0xF once it and everything
 * before it is done, and cleanup frees the bucket then.  One tail write
 * (the doorbell) per burst.
 */
#include <rte_cycles.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_dma.h"
#include "i40e_sun4v_logs.h"
#include "vfio_sun4v.h"

enum tx_mode { TX_POOL, TX_MAP, TX_BYPASS };

static inline uint16_t
ring_next(const struct i40e_sun4v_txq *q, uint16_t i)
{
	return (uint16_t)(i + 1 == q->nb_desc ? 0 : i + 1);
}

/* Free one slot's segment and mapping. */
static inline void
slot_free(struct i40e_sun4v_txq *q, uint16_t i)
{
	if (q->maps[i].npages != 0)
		i40e_sun4v_dma_unmap_buf(q->ad, &q->dma, &q->maps[i]);
	if (q->sw_ring[i] != NULL) {
		rte_pktmbuf_free_seg(q->sw_ring[i]);
		q->sw_ring[i] = NULL;
	}
}

/* Return @p n segments to their pools: all to one pool with one call when
 * the application promised RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE (one pool,
 * refcnt 1, direct), else each through rte_pktmbuf_prefree_seg(), batched
 * per pool. */
static inline void
tx_free_segs(struct i40e_sun4v_txq *q, struct rte_mbuf **segs, uint16_t n)
{
	uint16_t k = 0;

	if (n == 0)
		return;
	if (q->fast_free) {
		rte_mempool_put_bulk(segs[0]->pool, (void **)segs, n);
		return;
	}
	for (uint16_t j = 0; j < n; j++) {
		struct rte_mbuf *m = rte_pktmbuf_prefree_seg(segs[j]);

		if (m == NULL)
			continue;
		if (k > 0 && m->pool != segs[0]->pool) {
			rte_mempool_put_bulk(segs[0]->pool, (void **)segs, k);
			k = 0;
		}
		segs[k++] = m;
	}
	if (k > 0)
		rte_mempool_put_bulk(segs[0]->pool, (void **)segs, k);
}

/* Free one RS bucket, slots next_clean..last. */
static inline void
tx_free_bucket(struct i40e_sun4v_txq *q, uint16_t last)
{
	struct rte_mbuf *segs[I40E_SUN4V_BURST];
	uint16_t n = 0;

	for (uint16_t i = q->next_clean;; i = ring_next(q, i)) {
		struct rte_mbuf *m = q->sw_ring[i];

		if (unlikely(q->maps[i].npages != 0))
			i40e_sun4v_dma_unmap_buf(q->ad, &q->dma, &q->maps[i]);
		if (m != NULL) {
			q->sw_ring[i] = NULL;
			if (n == RTE_DIM(segs)) {
				tx_free_segs(q, segs, n);
				n = 0;
			}
			segs[n++] = m;
		}
		q->nb_free++;
		if (i == last)
			break;
	}
	tx_free_segs(q, segs, n);
	q->next_clean = ring_next(q, last);
}

/* Free every bucket the device reported done (DTYPE 0xF on its RS slot). */
static inline void
tx_clean(struct i40e_sun4v_txq *q)
{
	while (q->rs_head != q->rs_tail) {
		uint16_t last = q->rs_idx[q->rs_head];
		volatile struct i40e_hw_tx_desc *d = &q->ring[last];
		/* DTYPE is in byte 0 of the little-endian qword1, the byte the
		 * device writes back alone with a release store. */
		uint8_t low = __atomic_load_n((volatile uint8_t *)&d->qword1,
					      __ATOMIC_ACQUIRE);

		if (!i40e_hw_txd_qw1_is_done(low))
			break;
		tx_free_bucket(q, last);
		q->rs_head = (uint16_t)(q->rs_head + 1 == q->rs_cap ? 0 :
					q->rs_head + 1);
	}
}

void
i40e_sun4v_tx_release_all(struct i40e_sun4v_txq *q)
{
	for (uint16_t i = q->next_clean; i != q->tail; i = ring_next(q, i))
		slot_free(q, i);
	q->next_clean = q->tail;
	q->rs_head = q->rs_tail;
	q->nb_free = q->nb_desc - 1;
}

/* DVMA of one segment's data; 0 or a negative errno. */
static inline int
seg_dvma(struct i40e_sun4v_txq *q, enum tx_mode mode, uint16_t slot,
	 struct rte_mbuf *m, uint64_t *dvma)
{
	void *va = rte_pktmbuf_mtod(m, void *);

	if (mode == TX_BYPASS) {
		*dvma = i40e_sun4v_bypass_dvma(va);
		return 0;
	}
	if (mode == TX_POOL) {
		*dvma = iova_pool_dpdk_va2dvma(&q->qc, va, m);
		if (likely(*dvma != IOVA_POOL_BAD_DVMA))
			return 0;
		/* Not mappable once (e.g. an external buffer): map per
		 * descriptor rather than refuse it (tx_unmapped_mbufs). */
		q->dma.unmapped_mbufs++;
	}
	return i40e_sun4v_dma_map_buf(q->ad, &q->dma, va, m->data_len,
				      VFIO_SUN4V_DMA_READ, &q->maps[slot],
				      dvma);
}

/* Undo the slots of a packet that could not be fully posted. */
static void
tx_unwind(struct i40e_sun4v_txq *q, uint16_t from, uint16_t to)
{
	for (uint16_t i = from; i != to; i = ring_next(q, i)) {
		if (q->maps[i].npages != 0)
			i40e_sun4v_dma_unmap_buf(q->ad, &q->dma, &q->maps[i]);
		q->sw_ring[i] = NULL;
		q->nb_free++;
	}
}

/* Descriptors of a packet: its segments, and a TSO context descriptor
 * (offload instances only, so the plain ones read nb_segs as before). */
#define TX_DESCS(pkt, o, ol) \
	((ol) ? (uint16_t)((pkt)->nb_segs + ((o).ctx ? 1 : 0)) : (pkt)->nb_segs)

/*
 * Post one packet; 1 posted, 0 no room (stop), -1 dropped (counted).
 * @ol (a constant of the burst instance) adds the offload fields and, for
 * TSO, a context descriptor before the data (i40e-facts §2.1, §2.3).
 */
static __rte_always_inline int
tx_one(struct i40e_sun4v_txq *q, struct rte_mbuf *pkt, enum tx_mode mode,
       bool ol)
{
	uint16_t start = q->tail, i = q->tail, last = q->tail;
	struct i40e_sun4v_tx_ol o = { 0 };
	struct rte_mbuf *m;

	if (ol) {
		if (unlikely(i40e_sun4v_tx_ol_fields(pkt, &o) != 0))
			return -1;
	} else if (unlikely(pkt->nb_segs > I40E_HW_TX_MAX_DATA_PER_PKT ||
			    pkt->pkt_len < I40E_HW_TX_MIN_PKT_LEN)) {
		return -1;
	}
	if (TX_DESCS(pkt, o, ol) > q->nb_free) {
		tx_clean(q);
		if (TX_DESCS(pkt, o, ol) > q->nb_free)
			return 0;
	}
	if (ol && o.ctx) {
		q->ring[i].qword0 = 0;
		q->ring[i].qword1 = i40e_hw_cpu_to_le64(o.ctx_qw1);
		q->sw_ring[i] = NULL;
		q->nb_free--;
		i = ring_next(q, i);
	}
	/* Counted by nb_segs, so a one-segment packet never reads m->next
	 * (the mbuf's second cache line). */
	m = pkt;
	for (uint16_t k = 0; k < pkt->nb_segs; k++) {
		uint32_t cmd = I40E_HW_TXD_CMD_ICRC | o.cmd;
		uint64_t dvma;

		if (k > 0)
			m = m->next;
		if (unlikely(m == NULL || seg_dvma(q, mode, i, m, &dvma) != 0)) {
			tx_unwind(q, start, i);
			q->tail = start;
			return -1;
		}
		if (k + 1 == pkt->nb_segs) {
			cmd |= I40E_HW_TXD_CMD_EOP;
			if (q->since_rs + TX_DESCS(pkt, o, ol) >= q->rs_thresh)
				cmd |= I40E_HW_TXD_CMD_RS;
		}
		q->ring[i].qword0 = i40e_hw_cpu_to_le64(dvma);
		q->ring[i].qword1 = i40e_hw_cpu_to_le64(
			i40e_hw_txd_qw1_build(I40E_HW_TX_DTYPE_DATA, cmd, o.off,
					      m->data_len, o.tag));
		q->sw_ring[i] = m;
		q->nb_free--;
		last = i;
		i = ring_next(q, i);
	}
	q->tail = i;
	q->since_rs = (uint16_t)(q->since_rs + TX_DESCS(pkt, o, ol));
	if (q->since_rs >= q->rs_thresh) {
		q->rs_idx[q->rs_tail] = last;
		q->rs_tail = (uint16_t)(q->rs_tail + 1 == q->rs_cap ? 0 :
					q->rs_tail + 1);
		q->since_rs = 0;
	}
	return 1;
}

static __rte_always_inline uint16_t
tx_burst(struct i40e_sun4v_txq *q, struct rte_mbuf **pkts, uint16_t n,
	 enum tx_mode mode, bool ol)
{
	uint16_t nb_tx = 0, old_tail = q->tail;

	/* Clean each burst, in every mode (one descriptor read when nothing
	 * is done).  dma=map: a completion holds an IOMMU entry until it is
	 * cleaned.  Pooled: an mbuf freed a ring lap late goes back to the
	 * mempool cache cold, and the RX refill that takes it next touches
	 * cold headers; freed at once it is still in cache (measured +20 to
	 * +35 % capacity, doc/results.md §0b; mlx5 also frees completions
	 * every burst, DPDK's i40e only below tx_free_thresh). */
	tx_clean(q);
	for (; nb_tx < n; nb_tx++) {
		struct rte_mbuf *pkt = pkts[nb_tx];
		int rc = tx_one(q, pkt, mode, ol);

		if (rc == 0)
			break;
		if (unlikely(rc < 0)) {
			/* Consumed and counted: the caller must not retry a
			 * packet the device can never send. */
			q->errors++;
			rte_pktmbuf_free(pkt);
			continue;
		}
	}
	/* Packets and bytes sent are the device's counters (stats_get). */
	if (q->tail != old_tail) {
		rte_wmb(); /* descriptors before the doorbell (§5.1) */
		if (q->ad->inline_engine) {
			/* The doorbell runs the TX engine: the device's
			 * time, measured apart from the driver's. */
			uint64_t t0 = rte_rdtsc();

			sim_board_doorbell(q->ad->fn, q->queue_id, q->tail);
			q->dma.dev_cycles += rte_rdtsc() - t0;
		} else {
			sim_board_doorbell(q->ad->fn, q->queue_id, q->tail);
		}
	} else if (q->ad->inline_engine) {
		uint64_t t0 = rte_rdtsc();

		/* Nothing new: still let paced TX work progress. */
		sim_board_poll(q->ad->fn);
		q->dma.dev_cycles += rte_rdtsc() - t0;
	}
	return nb_tx;
}

/* The burst instances (mode, offloads); the _ol ones are chosen at start
 * only when a queue has TX offloads, so a port without them pays nothing
 * per packet. */
#define TX_BURST_FN(name, mode, ol)                                          \
	uint16_t                                                             \
	name(void *txq, struct rte_mbuf **pkts, uint16_t n)                    \
	{                                                                    \
		return tx_burst(txq, pkts, n, mode, ol);                        \
	}
TX_BURST_FN(i40e_sun4v_tx_burst_pool, TX_POOL, false)
TX_BURST_FN(i40e_sun4v_tx_burst_map, TX_MAP, false)
TX_BURST_FN(i40e_sun4v_tx_burst_bypass, TX_BYPASS, false)
TX_BURST_FN(i40e_sun4v_tx_burst_pool_ol, TX_POOL, true)
TX_BURST_FN(i40e_sun4v_tx_burst_map_ol, TX_MAP, true)
TX_BURST_FN(i40e_sun4v_tx_burst_bypass_ol, TX_BYPASS, true)
