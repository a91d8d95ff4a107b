/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness: the PMD reading a hostile or buggy device (issue 14
 * item 5, the DMA-attack direction; doc/reliability.md §3).
 *
 * The real rx/tx burst code of a live, started port reads write-backs the
 * fuzzer wrote straight into the port's descriptor rings: the same memory
 * the device DMAs into, so the burst code is reached unchanged, with no
 * hook in the driver or the model.  Lengths of 0 or above the buffer,
 * chains past 5 buffers or without EOP, DD on slots never posted or beyond
 * the frame, TX completions on slots never used, garbage RSS/ptype/error
 * fields, in any order with real bursts in between.
 *
 * The ports are wired to a sink with pacing off: the device model never
 * writes an RX write-back of its own and finishes every TX descriptor at
 * the doorbell, so nothing it reads is ever a fuzzed value (a device told
 * garbage DVMAs would fault or, in bypass, write anywhere: the point here
 * is the driver's side).
 *
 * Invariants: every mbuf handed up is well formed (rte_mbuf_check, 1..5
 * segments of 1..buf_len bytes each, lengths add up, no stray flag); the
 * burst hands up exactly the frames an independent reading of the ring
 * predicts and counts every frame it drops as malformed; TX accounts for
 * every packet (sent or counted); after the stop no mbuf is in use and
 * the IOTSB entries (the port's books and the legacy window itself) are
 * back to their value before the start.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "fuzz_eal.h"
#include "fuzz_util.h"
#include "i40e_sun4v.h"
#include "rte_pmd_i40e_sun4v.h"

#define WB_PORTS 3u
#define WB_RING 64u
#define WB_RX_MBUFS 256u
#define WB_TX_MBUFS 256u
#define WB_MAX_OPS 96u

static const char *const wb_devargs[WB_PORTS] = {
	"iommu=atu,dma=pool,pace=0,rxdesc=32",
	"iommu=legacy,rc=1,dma=map,pace=0,rxdesc=16",
	"iommu=bypass,pace=0,rxdesc=32",
};

struct wb_port {
	uint16_t id;
	struct rte_mempool *rxp, *txp;
	uint64_t entries;       /* iotsb_entries_used before the start */
};

static struct wb_port ports[WB_PORTS];
static uint64_t legacy_base;  /* valid entries of rc 1's window, stopped */

/* The driver's half-assembled frame, as the ring says it must be. */
struct wb_model {
	uint16_t segs;
	bool bad;
};

static void
wb_port_setup(unsigned int k)
{
	struct wb_port *p = &ports[k];
	struct rte_eth_conf conf;
	char name[32];

	memset(&conf, 0, sizeof(conf));
	FZ_CHECK(fze_port_create(k, wb_devargs[k], &p->id) == 0, "probe %u: %s",
		 k, fze_log_text());
	snprintf(name, sizeof(name), "wb_rx%u", k);
	p->rxp = fze_pool(name, WB_RX_MBUFS);
	snprintf(name, sizeof(name), "wb_tx%u", k);
	p->txp = fze_pool(name, WB_TX_MBUFS);
	FZ_CHECK(rte_eth_dev_configure(p->id, 1, 1, &conf) == 0, "configure");
	FZ_CHECK(rte_eth_rx_queue_setup(p->id, 0, WB_RING, 0, NULL,
					p->rxp) == 0, "rxq");
	FZ_CHECK(rte_eth_tx_queue_setup(p->id, 0, WB_RING, 0, NULL) == 0,
		 "txq");
	/* Port 0 sends from a pre-mapped pool, the others map on demand. */
	if (k == 0)
		FZ_CHECK(rte_pmd_i40e_sun4v_mempool_register(p->id,
							     p->txp) == 0, "reg");
	p->entries = fze_xstat(p->id, "iotsb_entries_used");
}

static void
wb_setup_once(void)
{
	static bool done;

	if (done)
		return;
	fze_init("pmd_wb");
	for (unsigned int k = 0; k < WB_PORTS; k++)
		wb_port_setup(k);
	fze_board_hold();
	legacy_base = fze_legacy_in_use(1);
	done = true;
}

static volatile uint64_t *
rx_desc(const struct i40e_sun4v_rxq *q, uint16_t slot)
{
	return (volatile uint64_t *)(q->ring + (size_t)slot * q->desc_size);
}

/* A buffer length drawn near the edges that matter. */
static uint32_t
wb_len(struct fz *f, uint32_t buf_len)
{
	switch (fz_u8(f) % 6) {
	case 0: return 0;
	case 1: return buf_len;
	case 2: return buf_len + 1;
	case 3: return (1u << I40E_HW_RXD_QW1_LEN_PBUF_WIDTH) - 1;
	default: return 1 + fz_u16(f) % buf_len;
	}
}

/* One write-back into any slot (posted or not), fields fuzzed. */
static void
op_rx_write(struct fz *f, struct i40e_sun4v_rxq *q)
{
	uint16_t slot = (uint16_t)((q->next + fz_u8(f) % 8u +
				    (fz_u8(f) & 0x80u ? fz_u8(f) : 0)) %
				   q->nb_desc);
	volatile uint64_t *d = rx_desc(q, slot);
	uint8_t how = fz_u8(f);
	uint64_t qw1;

	if (how & 1u) {
		qw1 = fz_u64(f); /* raw: every field garbage */
	} else {
		uint32_t st = (uint32_t)I40E_HW_RXD_STATUS_DD;

		if (how & 2u)
			st |= (uint32_t)I40E_HW_RXD_STATUS_EOF;
		st |= (uint32_t)(fz_u8(f) & 3u) << I40E_HW_RXD_STATUS_FLTSTAT_SHIFT;
		qw1 = i40e_hw_rxd_qw1_build(st, how & 4u ? fz_u8(f) : 0,
					    fz_u8(f), wb_len(f, q->buf_len),
					    0, 0);
	}
	d[0] = i40e_hw_cpu_to_le64(fz_u64(f));
	d[1] = i40e_hw_cpu_to_le64(qw1);
	if (q->desc_size == 32) {
		d[2] = fz_u64(f);
		d[3] = fz_u64(f);
	}
}

/* A whole frame of 1..8 buffers from the first slot without DD, with or
 * without EOP at its end (a chain that never ends, split in pieces). */
static void
op_rx_frame(struct fz *f, struct i40e_sun4v_rxq *q)
{
	uint16_t slot = q->next, nseg = 1 + fz_u8(f) % 8u;
	bool eop = (fz_u8(f) & 7u) != 0;

	for (uint16_t n = 0; n < q->nb_desc &&
	     (i40e_hw_le64_to_cpu(rx_desc(q, slot)[1]) & I40E_HW_RXD_STATUS_DD);
	     n++)
		slot = (uint16_t)((slot + 1) % q->nb_desc);
	for (uint16_t s = 0; s < nseg; s++) {
		uint32_t st = (uint32_t)I40E_HW_RXD_STATUS_DD;
		uint32_t len = (fz_u8(f) & 3u) == 0 ? wb_len(f, q->buf_len) :
			       q->buf_len - fz_u8(f);

		if (s + 1 == nseg && eop)
			st |= (uint32_t)I40E_HW_RXD_STATUS_EOF;
		rx_desc(q, slot)[0] = i40e_hw_cpu_to_le64(fz_u64(f));
		rx_desc(q, slot)[1] = i40e_hw_cpu_to_le64(
			i40e_hw_rxd_qw1_build(st, 0, fz_u8(f), len, 0, 0));
		slot = (uint16_t)((slot + 1) % q->nb_desc);
	}
}

/* What rx_burst(n) must hand up and drop, read from the ring first. */
static void
wb_predict(const struct i40e_sun4v_rxq *q, uint16_t n, struct wb_model *m,
	   uint16_t *nb_rx, uint64_t *malformed)
{
	uint16_t i = q->next;

	*nb_rx = 0;
	*malformed = 0;
	while (*nb_rx < n && i != q->refill_pos) {
		uint64_t qw1 = i40e_hw_le64_to_cpu(rx_desc(q, i)[1]);
		uint32_t len = i40e_hw_rxd_qw1_len_pbuf(qw1);

		if (!(qw1 & I40E_HW_RXD_STATUS_DD))
			break;
		if (len == 0 || len > q->buf_len)
			m->bad = true;
		if (m->segs < I40E_HW_RX_MAX_CHAINED_BUFS)
			m->segs++;
		else
			m->bad = true;
		i = (uint16_t)((i + 1) % q->nb_desc);
		if (!(qw1 & I40E_HW_RXD_STATUS_EOF))
			continue;
		if (qw1 & I40E_HW_RXD_ERROR_RXE)
			;	/* the device's own drop (ierrors) */
		else if (m->bad)
			(*malformed)++;
		else
			(*nb_rx)++;
		m->segs = 0;
		m->bad = false;
	}
}

static void
wb_check_mbuf(const struct wb_port *p, const struct i40e_sun4v_rxq *q,
	      const struct rte_mbuf *m)
{
	const char *why = NULL;
	uint32_t sum = 0;
	uint16_t segs = 0;

	FZ_CHECK(rte_mbuf_check(m, 1, &why) == 0, "%s", why);
	FZ_CHECK(m->nb_segs >= 1 &&
		 m->nb_segs <= I40E_HW_RX_MAX_CHAINED_BUFS, "nb_segs %u",
		 m->nb_segs);
	FZ_CHECK((m->ol_flags & ~RTE_MBUF_F_RX_RSS_HASH) == 0,
		 "ol_flags %#" PRIx64, m->ol_flags);
	FZ_CHECK(m->port == p->id, "port %u", m->port);
	for (const struct rte_mbuf *s = m; s != NULL; s = s->next) {
		FZ_CHECK(s->data_len >= 1 && s->data_len <= q->buf_len,
			 "segment of %u bytes, buffer %u", s->data_len,
			 q->buf_len);
		FZ_CHECK(s->data_off == RTE_PKTMBUF_HEADROOM &&
			 s->pool == p->rxp &&
			 rte_mbuf_refcnt_read(s) == 1, "segment header");
		FZ_CHECK(s->data_off + s->data_len <= s->buf_len, "overrun");
		sum += s->data_len;
		segs++;
	}
	FZ_CHECK(segs == m->nb_segs && sum == m->pkt_len,
		 "%u segments / %u bytes, header says %u / %u", segs, sum,
		 m->nb_segs, m->pkt_len);
}

static void
op_rx_burst(struct fz *f, const struct wb_port *p, struct i40e_sun4v_rxq *q,
	    struct wb_model *m)
{
	struct rte_mbuf *pkts[I40E_SUN4V_BURST];
	uint16_t n = 1 + fz_u8(f) % I40E_SUN4V_BURST, want, got;
	uint64_t mal0 = q->malformed, want_mal;

	wb_predict(q, n, m, &want, &want_mal);
	got = rte_eth_rx_burst(p->id, 0, pkts, n);
	FZ_CHECK(got == want, "handed up %u frames, the ring holds %u", got,
		 want);
	FZ_CHECK(q->malformed - mal0 == want_mal,
		 "counted %" PRIu64 " malformed, the ring holds %" PRIu64,
		 q->malformed - mal0, want_mal);
	FZ_CHECK((q->pkt_first == NULL ? 0 : q->pkt_first->nb_segs) == m->segs,
		 "frame in assembly: %u segments, the ring says %u",
		 q->pkt_first == NULL ? 0 : q->pkt_first->nb_segs, m->segs);
	for (uint16_t k = 0; k < got; k++) {
		wb_check_mbuf(p, q, pkts[k]);
		rte_pktmbuf_free(pkts[k]);
	}
}

static struct rte_mbuf *
wb_tx_pkt(struct fz *f, struct rte_mempool *mp)
{
	uint16_t nseg = 1 + fz_u8(f) % 10u;
	struct rte_mbuf *head = NULL, *last = NULL;

	for (uint16_t s = 0; s < nseg; s++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc(mp);

		if (m == NULL)
			break;
		m->data_len = (uint16_t)(fz_u16(f) % 2049u);
		memset(rte_pktmbuf_mtod(m, void *), 0xa5, m->data_len);
		if (head == NULL) {
			head = m;
			head->pkt_len = m->data_len;
		} else {
			last->next = m;
			head->nb_segs++;
			head->pkt_len += m->data_len;
		}
		last = m;
	}
	return head;
}

static void
op_tx_burst(struct fz *f, const struct wb_port *p,
	    const struct i40e_sun4v_txq *q)
{
	struct rte_mbuf *pkts[4];
	uint16_t n = 0, want = 1 + fz_u8(f) % 4u, sent;
	uint64_t err0 = q->errors;

	while (n < want) {
		pkts[n] = wb_tx_pkt(f, p->txp);
		if (pkts[n] == NULL)
			break;
		n++;
	}
	sent = rte_eth_tx_burst(p->id, 0, pkts, n);
	/* Packets sent are the device's count now (stats_get); what the
	 * burst dropped it counts itself, never more than it consumed. */
	FZ_CHECK(q->errors - err0 <= sent,
		 "%u consumed, %" PRIu64 " counted as dropped", sent,
		 q->errors - err0);
	for (uint16_t k = sent; k < n; k++)
		rte_pktmbuf_free(pkts[k]);
}

/* A completion (DTYPE 0xF) or garbage on any TX slot: used or not, done
 * or not, an RS slot or not. */
static void
op_tx_write(struct fz *f, struct i40e_sun4v_txq *q)
{
	volatile struct i40e_hw_tx_desc *d = &q->ring[fz_u8(f) % q->nb_desc];
	uint8_t how = fz_u8(f);

	if (how & 1u)
		d->qword1 = i40e_hw_cpu_to_le64(i40e_hw_txd_qw1_done(
			i40e_hw_le64_to_cpu(d->qword1)));
	else
		d->qword1 = fz_u64(f);
	if (how & 2u)
		d->qword0 = fz_u64(f);
}

static void
wb_stats_check(const struct wb_port *p, const struct i40e_sun4v_rxq *q)
{
	struct rte_eth_stats st;

	FZ_CHECK(rte_eth_stats_get(p->id, &st) == 0, "stats");
	FZ_CHECK(st.ierrors >= q->malformed, "ierrors %" PRIu64 " < malformed "
		 "%" PRIu64, st.ierrors, q->malformed);
	FZ_CHECK(fze_xstat(p->id, "rx_malformed_frames") == q->malformed,
		 "xstat rx_malformed_frames");
}

static void
wb_ops(struct fz *f, const struct wb_port *p)
{
	struct rte_eth_dev *dev = &rte_eth_devices[p->id];
	struct i40e_sun4v_rxq *q = dev->data->rx_queues[0];
	struct i40e_sun4v_txq *tq = dev->data->tx_queues[0];
	struct wb_model m = { 0, false };

	for (unsigned int n = 0; n < WB_MAX_OPS && !fz_empty(f); n++) {
		switch (fz_u8(f) % 7u) {
		case 0: op_rx_write(f, q); break;
		case 1: op_rx_frame(f, q); break;
		case 2: op_rx_burst(f, p, q, &m); break;
		case 3: op_tx_burst(f, p, tq); break;
		case 4: op_tx_write(f, tq); break;
		case 5: wb_stats_check(p, q); break;
		default: op_rx_burst(f, p, q, &m); break;
		}
	}
	/* Whatever the ring still holds is read once more, then stopped. */
	op_rx_burst(f, p, q, &m);
	wb_stats_check(p, q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct wb_port *p;

	wb_setup_once();
	p = &ports[fz_u8(&f) % WB_PORTS];
	FZ_CHECK(rte_eth_dev_start(p->id) == 0, "start port %u", p->id);
	wb_ops(&f, p);
	FZ_CHECK(rte_eth_dev_stop(p->id) == 0, "stop");
	FZ_CHECK(rte_mempool_in_use_count(p->rxp) == 0 &&
		 rte_mempool_in_use_count(p->txp) == 0,
		 "mbufs in use after stop: rx %u tx %u",
		 rte_mempool_in_use_count(p->rxp),
		 rte_mempool_in_use_count(p->txp));
	FZ_CHECK(fze_xstat(p->id, "iotsb_entries_used") == p->entries,
		 "port holds %" PRIu64 " entries, %" PRIu64 " before start",
		 fze_xstat(p->id, "iotsb_entries_used"), p->entries);
	FZ_CHECK(fze_legacy_in_use(1) == legacy_base,
		 "legacy window of rc 1: %" PRIu64 " entries, %" PRIu64
		 " before", fze_legacy_in_use(1), legacy_base);
	fze_log_reset();
	return 0;
}
