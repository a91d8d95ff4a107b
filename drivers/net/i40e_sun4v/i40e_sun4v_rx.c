/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX burst (doc/spec/i40e-sim.md §4; i40e-facts §1 and §3.2).
 *
 * One template, three instances chosen once at start: pool (DVMA from the
 * per-queue cache, no hypercall), map (map each refill, unmap each
 * completed buffer: the Linux way) and bypass (no translation); each also
 * with checksum/VLAN flags (_ol) for ports with RX offloads.
 */
#include <rte_cycles.h>
#include <rte_mbuf_ptype.h>
#include <rte_prefetch.h>

#include "i40e_sun4v.h"
#include "i40e_sun4v_dma.h"
#include "i40e_sun4v_logs.h"
#include "vfio_sun4v.h"

enum rx_mode { RX_POOL, RX_MAP, RX_BYPASS };

/* Hardware PTYPE -> mbuf packet type for the types the model produces. */
static const uint32_t ptype_tbl[256] = {
	[I40E_HW_PTYPE_L2] = RTE_PTYPE_L2_ETHER,
	[I40E_HW_PTYPE_ARP] = RTE_PTYPE_L2_ETHER_ARP,
	[I40E_HW_PTYPE_IPV4_FRAG] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN | RTE_PTYPE_L4_FRAG,
	[I40E_HW_PTYPE_IPV4] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN | RTE_PTYPE_L4_NONFRAG,
	[I40E_HW_PTYPE_IPV4_UDP] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN | RTE_PTYPE_L4_UDP,
	[I40E_HW_PTYPE_IPV4_TCP] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN | RTE_PTYPE_L4_TCP,
	[I40E_HW_PTYPE_IPV4_SCTP] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN | RTE_PTYPE_L4_SCTP,
	[I40E_HW_PTYPE_IPV4_ICMP] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV4_EXT_UNKNOWN | RTE_PTYPE_L4_ICMP,
	[I40E_HW_PTYPE_IPV6_FRAG] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN | RTE_PTYPE_L4_FRAG,
	[I40E_HW_PTYPE_IPV6] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN | RTE_PTYPE_L4_NONFRAG,
	[I40E_HW_PTYPE_IPV6_UDP] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN | RTE_PTYPE_L4_UDP,
	[I40E_HW_PTYPE_IPV6_TCP] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN | RTE_PTYPE_L4_TCP,
	[I40E_HW_PTYPE_IPV6_SCTP] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN | RTE_PTYPE_L4_SCTP,
	[I40E_HW_PTYPE_IPV6_ICMP] = RTE_PTYPE_L2_ETHER |
		RTE_PTYPE_L3_IPV6_EXT_UNKNOWN | RTE_PTYPE_L4_ICMP,
};

/* data_off, refcnt, nb_segs and port of @p m in one 8-byte store, as
 * DPDK's i40e vector path does (the rearm_data marker is that word). */
static __rte_always_inline void
rx_rearm(struct rte_mbuf *m, uint64_t init)
{
	uintptr_t p = (uintptr_t)&m->rearm_data;

	*(uint64_t *)p = init;
}

static inline void
post_desc(struct i40e_sun4v_rxq *q, uint16_t i, uint64_t dvma)
{
	volatile uint64_t *d = (volatile uint64_t *)(q->ring +
						     (size_t)i * q->desc_size);

	/* hdr_addr = 0: DD lands in its bit 0 (i40e-facts §1.1). */
	d[0] = i40e_hw_cpu_to_le64(dvma);
	d[1] = 0;
	if (q->desc_size == 32) {
		d[2] = 0;
		d[3] = 0;
	}
}

/* DVMA for a fresh RX buffer; 0 or a negative errno. */
static inline int
buf_dvma(struct i40e_sun4v_rxq *q, enum rx_mode mode, uint16_t i,
	 struct rte_mbuf *m, uint64_t *dvma)
{
	char *va = (char *)m->buf_addr + RTE_PKTMBUF_HEADROOM;

	if (mode == RX_BYPASS) {
		*dvma = i40e_sun4v_bypass_dvma(va);
		return 0;
	}
	if (mode == RX_POOL) {
		*dvma = iova_pool_dpdk_va2dvma(&q->qc, va, m);
		if (likely(*dvma != IOVA_POOL_BAD_DVMA))
			return 0;
	}
	/* Map mode, or a buffer of a pool that cannot be mapped once. */
	return i40e_sun4v_dma_map_buf(q->ad, &q->dma, va, q->buf_len,
				      VFIO_SUN4V_DMA_WRITE, &q->maps[i], dvma);
}

static inline enum rx_mode
rxq_mode(const struct i40e_sun4v_rxq *q)
{
	if (q->ad->args.iommu == I40E_SUN4V_IOMMU_BYPASS)
		return RX_BYPASS;
	return q->ad->args.dma == I40E_SUN4V_DMA_MAP ? RX_MAP : RX_POOL;
}

/* Post @p m into slot @p i; false when its buffer has no DVMA. */
static __rte_always_inline bool
rx_post(struct i40e_sun4v_rxq *q, enum rx_mode mode, uint16_t i,
	struct rte_mbuf *m)
{
	uint64_t dvma;

	if (unlikely(buf_dvma(q, mode, i, m, &dvma) != 0))
		return false;
	q->sw_ring[i] = m;
	post_desc(q, i, dvma);
	return true;
}

/*
 * Post fresh buffers into the empty slots [refill_pos, next - 1): the
 * slot before `next` stays empty so that a full ring differs from an
 * empty one (i40e-facts §3.2).  Buffers come from the mempool in bulk and
 * their headers are prefetched together, so the misses overlap instead of
 * costing one each.  Stops at an allocation or map failure; the slots
 * stay empty and are retried on the next burst (a map failure in dma=map
 * is counted and logged rate-limited by the DMA layer).  Returns the
 * number of buffers posted.
 */
static __rte_always_inline uint16_t
rx_refill(struct i40e_sun4v_rxq *q, enum rx_mode mode)
{
	struct rte_mbuf *ms[I40E_SUN4V_BURST];
	uint16_t i = q->refill_pos, stop, n = 0;

	stop = q->next == 0 ? q->nb_desc - 1 : q->next - 1;
	while (i != stop) {
		uint16_t want = stop > i ? stop - i : q->nb_desc - i + stop, k;

		want = RTE_MIN(want, (uint16_t)I40E_SUN4V_BURST);
		if (unlikely(rte_mempool_get_bulk(q->mp, (void **)ms, want) != 0)) {
			/* Fewer than a bulk left: take them one by one. */
			want = 0;
			ms[0] = rte_mbuf_raw_alloc(q->mp);
			if (ms[0] == NULL) {
				q->alloc_failed++;
				break;
			}
			want = 1;
		}
		for (k = 0; k < want; k++)
			rte_prefetch0(ms[k]);
		for (k = 0; k < want; k++) {
			if (unlikely(!rx_post(q, mode, i, ms[k]))) {
				rte_mempool_put_bulk(q->mp, (void **)&ms[k],
						     want - k);
				q->refill_pos = i;
				return n;
			}
			i = (uint16_t)(i + 1 == q->nb_desc ? 0 : i + 1);
			n++;
		}
	}
	q->refill_pos = i;
	return n;
}

uint16_t
i40e_sun4v_rx_refill(struct i40e_sun4v_rxq *q)
{
	return rx_refill(q, rxq_mode(q));
}

void
i40e_sun4v_rx_slot_release(struct i40e_sun4v_rxq *q, uint16_t i)
{
	if (q->maps[i].npages != 0)
		i40e_sun4v_dma_unmap_buf(q->ad, &q->dma, &q->maps[i]);
	if (q->sw_ring[i] != NULL) {
		rte_pktmbuf_free_seg(q->sw_ring[i]);
		q->sw_ring[i] = NULL;
	}
}

/*
 * Checksum and VLAN flags (i40e-facts §1.5; spec §4.9, §4.10).  Checksum
 * flags only where the device checked (L3L4P): IP for IPv4 (IPE), L4 for
 * TCP/UDP (L4E); else they stay UNKNOWN and the application checks.
 */
static inline void
rx_finish_ol(const struct i40e_sun4v_rxq *q, struct rte_mbuf *m, uint64_t qw0,
	     uint64_t qw1)
{
	uint32_t l4 = m->packet_type & RTE_PTYPE_L4_MASK;

	if (q->vlan_strip && (qw1 & I40E_HW_RXD_STATUS_L2TAG1P)) {
		m->vlan_tci = i40e_hw_rxd_qw0_l2tag1(qw0);
		m->ol_flags |= RTE_MBUF_F_RX_VLAN | RTE_MBUF_F_RX_VLAN_STRIPPED;
	}
	if (!q->rx_cksum || !(qw1 & I40E_HW_RXD_STATUS_L3L4P))
		return;
	if (RTE_ETH_IS_IPV4_HDR(m->packet_type))
		m->ol_flags |= (qw1 & I40E_HW_RXD_ERROR_IPE) ?
			       RTE_MBUF_F_RX_IP_CKSUM_BAD : RTE_MBUF_F_RX_IP_CKSUM_GOOD;
	if (l4 == RTE_PTYPE_L4_TCP || l4 == RTE_PTYPE_L4_UDP)
		m->ol_flags |= (qw1 & I40E_HW_RXD_ERROR_L4E) ?
			       RTE_MBUF_F_RX_L4_CKSUM_BAD : RTE_MBUF_F_RX_L4_CKSUM_GOOD;
}

/* Offload flags and packet type of a completed frame (i40e-facts §1.5);
 * @ol is a constant of the burst instance (no cost when off). */
static __rte_always_inline void
rx_finish(const struct i40e_sun4v_rxq *q, struct rte_mbuf *m, uint64_t qw0,
	  uint64_t qw1, bool ol)
{
	uint32_t st = i40e_hw_rxd_qw1_status(qw1);

	m->packet_type = ptype_tbl[i40e_hw_rxd_qw1_ptype(qw1)];
	m->ol_flags = 0;
	if (((st >> I40E_HW_RXD_STATUS_FLTSTAT_SHIFT) & 3u) ==
	    I40E_HW_RXD_FLTSTAT_RSS_HASH) {
		m->hash.rss = (uint32_t)(qw0 >> I40E_HW_RXD_QW0_RSS_SHIFT);
		m->ol_flags |= RTE_MBUF_F_RX_RSS_HASH;
	}
	if (ol)
		rx_finish_ol(q, m, qw0, qw1);
}

/* Move the tail once enough slots are refilled (i40e-facts §3.2). */
static inline void
rx_tail_update(struct i40e_sun4v_rxq *q)
{
	uint16_t tail;

	if (q->nb_hold < I40E_SUN4V_RX_FREE_THRESH)
		return;
	/* One past the last posted buffer: the device may fill up to it. */
	tail = q->refill_pos;
	rte_wmb(); /* descriptors visible before the device may use them */
	sim_board_reg_write(q->ad->fn, I40E_HW_QRX_TAIL(q->queue_id), tail);
	q->nb_hold = 0;
}

/*
 * Harvest completed descriptors in ring order (DD first, then the rest),
 * hand up whole frames, then refill the emptied slots.  A slot whose
 * refill fails stays empty and is retried on the next burst.
 *
 * The write-back is the device's word, and a buggy or hostile device may
 * lie (DMA-attack direction, doc/reliability.md §3): a buffer length of 0
 * or above the buffer, or a chain past I40E_HW_RX_MAX_CHAINED_BUFS, makes
 * the frame malformed.  It is dropped whole at its EOP and counted
 * (rx_malformed_frames, in ierrors); segments past the limit are freed as
 * they come, so a chain that never ends holds at most that many mbufs.
 * Only slots this driver posted (next .. refill_pos) are ever read, so a
 * DD on a slot without a buffer is never seen.  One compare per
 * descriptor, no log: the fast path stays cheap.
 */
static __rte_always_inline uint16_t
rx_burst(struct i40e_sun4v_rxq *q, struct rte_mbuf **pkts, uint16_t n,
	 enum rx_mode mode, bool ol)
{
	struct rte_mbuf *first = q->pkt_first, *last = q->pkt_last;
	uint16_t i = q->next, nb_rx = 0;
	uint64_t dev_t0, dev_dt = 0;
	bool bad = q->pkt_bad;

	if (q->ad->inline_engine) {
		/* The device's time, measured apart from the driver's. */
		dev_t0 = rte_rdtsc();
		sim_board_poll(q->ad->fn);
		dev_dt = rte_rdtsc() - dev_t0;
	}
	while (nb_rx < n && i != q->refill_pos) {
		volatile uint64_t *d = (volatile uint64_t *)(q->ring +
					(size_t)i * q->desc_size);
		uint64_t qw1, qw0;
		struct rte_mbuf *m;
		uint32_t len;

		/* DD first, then the rest (§1.5): an acquire load of the byte
		 * holding DD (byte 0 of the little-endian qword1), the byte
		 * the device publishes with a release store. */
		if (!(__atomic_load_n((volatile uint8_t *)&d[1], __ATOMIC_ACQUIRE) &
		      I40E_HW_RXD_STATUS_DD))
			break;
		qw1 = i40e_hw_le64_to_cpu(d[1]);
		qw0 = i40e_hw_le64_to_cpu(d[0]);
		/* Map mode, or a pool-mode buffer mapped on demand. */
		if (mode != RX_BYPASS && q->maps[i].npages != 0)
			i40e_sun4v_dma_unmap_buf(q->ad, &q->dma, &q->maps[i]);
		m = q->sw_ring[i];
		q->sw_ring[i] = NULL;
		i = (uint16_t)(i + 1 == q->nb_desc ? 0 : i + 1);
		/* The next mbufs' headers, before this loop writes them. */
		rte_prefetch0(q->sw_ring[i + I40E_SUN4V_PREFETCH_AHEAD <
					 q->nb_desc ? i + I40E_SUN4V_PREFETCH_AHEAD :
					 i + I40E_SUN4V_PREFETCH_AHEAD - q->nb_desc]);
		/* data_off, refcnt 1, nb_segs 1, port: one store.  A raw mbuf
		 * from the pool already has next == NULL (rte_mbuf_raw_alloc). */
		rx_rearm(m, q->mbuf_initializer);
		len = i40e_hw_rxd_qw1_len_pbuf(qw1);
		/* 0 or more than the buffer holds: one unsigned compare. */
		if (unlikely(len - 1u >= q->buf_len)) {
			bad = true;
			len = 0;
		}
		m->data_len = (uint16_t)len;
		if (first == NULL) {
			first = m;
			m->pkt_len = len;
			last = m;
		} else if (likely(first->nb_segs < I40E_HW_RX_MAX_CHAINED_BUFS)) {
			last->next = m;
			first->nb_segs++;
			first->pkt_len += len;
			last = m;
		} else {
			bad = true;
			rte_pktmbuf_free_seg(m);
		}
		if (!(qw1 & I40E_HW_RXD_STATUS_EOF))
			continue;
		if (unlikely(qw1 & I40E_HW_RXD_ERROR_RXE)) {
			/* Lost to a DMA fault; the device counts it (ierrors). */
			rte_pktmbuf_free(first);
		} else if (unlikely(bad)) {
			q->malformed++;
			rte_pktmbuf_free(first);
		} else {
			rx_finish(q, first, qw0, qw1, ol);
			pkts[nb_rx++] = first;
		}
		first = NULL;
		bad = false;
	}
	q->next = i;
	q->pkt_first = first;
	q->pkt_last = last;
	q->pkt_bad = bad;
	/* Frames and bytes received are the device's counters (stats_get). */
	/* Polls that found nothing apart, as testpmd's busy-cycle rule
	 * leaves idle iterations out of cycles per packet. */
	if (nb_rx != 0)
		q->dma.dev_cycles += dev_dt;
	else
		q->dma.dev_idle_cycles += dev_dt;
	q->nb_hold = (uint16_t)(q->nb_hold + rx_refill(q, mode));
	rx_tail_update(q);
	return nb_rx;
}

/* The burst instances (mode, offloads); the _ol ones are chosen at start
 * only when a queue has RX offloads, so a port without them pays nothing
 * per packet. */
#define RX_BURST_FN(name, mode, ol)                                          \
	uint16_t                                                             \
	name(void *rxq, struct rte_mbuf **pkts, uint16_t n)                    \
	{                                                                    \
		return rx_burst(rxq, pkts, n, mode, ol);                        \
	}
RX_BURST_FN(i40e_sun4v_rx_burst_pool, RX_POOL, false)
RX_BURST_FN(i40e_sun4v_rx_burst_map, RX_MAP, false)
RX_BURST_FN(i40e_sun4v_rx_burst_bypass, RX_BYPASS, false)
RX_BURST_FN(i40e_sun4v_rx_burst_pool_ol, RX_POOL, true)
RX_BURST_FN(i40e_sun4v_rx_burst_map_ol, RX_MAP, true)
RX_BURST_FN(i40e_sun4v_rx_burst_bypass_ol, RX_BYPASS, true)
