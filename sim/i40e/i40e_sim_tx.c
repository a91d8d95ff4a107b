/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TX engine (doc/spec/i40e-sim.md §5): reads data descriptors (at most 8
 * per packet), DMA-reads the buffers straight into the wire FIFO slot,
 * paces the wire (§7) and writes DTYPE 0xF back into RS descriptors once
 * they and every earlier descriptor are done.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

#include "i40e_sim_priv.h"
#include "sun4v_dma.h"

/* RS descriptors remembered per packet before their write-back (§5.3):
 * I40E_SIM_TX_RS_MAX in i40e_sim_priv.h. */
#define tx_seg i40e_sim_tx_seg
#define tx_rs i40e_sim_tx_rs
#define tx_pkt i40e_sim_tx_pkt

static inline uint32_t
txq_index(const struct i40e_sim_port *p, const struct i40e_sim_txq *q)
{
	return (uint32_t)(q - p->txq);
}

/* §3.3: validate and latch the TX queue context; caller holds tx_lock. */
int
i40e_sim_txq_enable(struct i40e_sim_port *p, struct i40e_sim_txq *q)
{
	uint64_t base = (uint64_t)q->base_hi << 32 | q->base_lo;
	uint32_t tail = atomic_load(&q->tail);

	if (!i40e_hw_ring_len_valid(q->len_reg)) {
		i40e_sim_guest_error(p, "TX queue %u: ring length %u not in 64..8160 "
				     "or not a multiple of 32", txq_index(p, q), q->len_reg);
		return -EINVAL;
	}
	if (base % I40E_HW_RING_BASE_ALIGN != 0) {
		i40e_sim_guest_error(p, "TX queue %u: ring base 0x%" PRIx64
				     " not 128-byte aligned", txq_index(p, q), base);
		return -EINVAL;
	}
	if (tail >= q->len_reg) {
		i40e_sim_guest_error(p, "TX queue %u: tail %u beyond ring of %u; using 0",
				     txq_index(p, q), tail, q->len_reg);
		atomic_store(&q->tail, 0);
	}
	q->base = base;
	q->nb_desc = q->len_reg;
	atomic_store(&q->head, 0);
	q->pos = 0;
	q->cache_pos = 0;
	q->cache_cnt = 0;
	q->seen = false;
	q->enabled = true;
	return 0;
}

static inline uint32_t
ring_avail(uint32_t idx, uint32_t tail, uint32_t nb)
{
	return tail >= idx ? tail - idx : tail + nb - idx;
}

/*
 * §5.2: the descriptor at ring index @idx / monotonic position @pos, from
 * the prefetch cache or fetched with up to I40E_SIM_TX_FETCH others in one
 * DMA read.  NULL on a DMA fault (counted).
 */
static const struct i40e_hw_tx_desc *
txq_desc(struct i40e_sim_port *p, struct i40e_sim_txq *q, uint32_t idx,
	 uint64_t pos, uint32_t tail)
{
	uint64_t off = pos - q->cache_pos;
	uint32_t n;
	int rc;

	if (off < q->cache_cnt)
		return &q->cache[off];
	n = ring_avail(idx, tail, q->nb_desc);
	if (n > I40E_SIM_TX_FETCH)
		n = I40E_SIM_TX_FETCH;
	if (n > q->nb_desc - idx)
		n = q->nb_desc - idx;
	rc = sun4v_dma_read_xc(&p->tx_ring_xc, p->func,
			       q->base + (uint64_t)idx * I40E_HW_TX_DESC_SIZE,
			       q->cache, (size_t)n * I40E_HW_TX_DESC_SIZE);
	if (rc != 0) {
		q->cache_cnt = 0;
		p->st_tx.dma_read_faults++;
		q->st.errors++;
		i40e_sim_note_fault(p);
		return NULL;
	}
	for (uint32_t i = 0; i < n; i++) {
		q->cache[i].qword0 = i40e_hw_le64_to_cpu(q->cache[i].qword0);
		q->cache[i].qword1 = i40e_hw_le64_to_cpu(q->cache[i].qword1);
	}
	q->cache_pos = pos;
	q->cache_cnt = n;
	return &q->cache[0];
}

/*
 * §5.3: DESC_DONE write-back of RS descriptors, in ring order.  Only the
 * byte holding DTYPE (qword1 bits 7:0) is written, with one store, so the
 * write can never land on a descriptor the driver has already reused.
 */
static void
tx_rs_flush(struct i40e_sim_port *p, struct i40e_sim_txq *q,
	    const struct tx_rs *rs, uint32_t nrs)
{
	for (uint32_t i = 0; i < nrs; i++) {
		uint8_t low = (uint8_t)i40e_hw_txd_qw1_done(rs[i].qw1);
		uint64_t addr = q->base + (uint64_t)rs[i].idx * I40E_HW_TX_DESC_SIZE + 8;

		/* Published as DD is: one release store of the byte. */
		if (sun4v_dma_write_ordered(&p->tx_ring_xc, p->func, addr, &low,
					    sizeof(low), 0) != 0) {
			p->st_tx.dma_write_faults++;
			q->st.errors++;
			i40e_sim_note_fault(p);
		}
	}
}

static inline void
tx_count(struct i40e_sim_port *p, struct i40e_sim_txq *q, uint32_t total)
{
	q->st.packets++;
	q->st.bytes += total;
	p->st_tx.tx_packets++;
	p->st_tx.tx_bytes += total;
}

void
i40e_sim_tx_read_fault(struct i40e_sim_port *p, struct i40e_sim_txq *q)
{
	/* §8.2: the packet is dropped, the queue goes on. */
	p->st_tx.dma_read_faults++;
	p->st_tx.tx_dma_dropped++;
	q->st.errors++;
	i40e_sim_note_fault(p);
}

/*
 * §6.2 direct: a one-segment packet moves straight from the TX buffer into
 * the peer's posted RX buffer when nothing waits in the peer's FIFO (order)
 * and this TX run holds the peer's RX side (tx_queue_run()).
 * Returns 0 when the packet is done (sent, or dropped on a source fault),
 * -EAGAIN when it must take the FIFO path.
 */
static int
tx_direct(struct i40e_sim_port *p, struct i40e_sim_txq *q,
	  const struct tx_seg *seg, uint32_t total, uint64_t now_ps)
{
	struct i40e_sim_port *r = p->peer;
	uint64_t busy = p->wire_busy_ps, t = 0;
	int rc;

	if (!p->peer_rx_held || !i40e_sim_link_up(r))
		return -EAGAIN;     /* keep link-down drops exact */
	/* We are the single producer of r->in and hold its consumer flag. */
	if (r->in.cons_next != r->in.prod_next ||
	    r->wb_tail - r->wb_head >= I40E_SIM_WB_MAX)
		return -EAGAIN;
	if (p->paced) {
		uint64_t start = busy > now_ps ? busy : now_ps;

		p->wire_busy_ps = start + i40e_sim_frame_ps(p, total);
		t = p->wire_busy_ps;
	}
	rc = i40e_sim_rx_direct(r, &p->tx_buf_xc, p->func, seg->addr, total, t,
				now_ps);
	if (rc == -EAGAIN || rc == -EIO)
		p->wire_busy_ps = busy;
	if (rc == -EAGAIN)
		return -EAGAIN;
	if (rc == -EIO) {
		i40e_sim_tx_read_fault(p, q);
	} else {
		tx_count(p, q, total);
		p->st_tx.tx_direct++;
	}
	if (rc == 1)
		p->tx_direct_wb++;
	return 0;
}

/*
 * §5.4, §6.2, §6.3: where a @len-byte frame is built: the peer's FIFO
 * slot (DMA reads go straight there), or scratch for a sink, a full FIFO
 * or a peer whose link is down.
 */
uint8_t *
i40e_sim_tx_out_begin(struct i40e_sim_port *p, uint32_t len,
		      struct i40e_sim_tx_out *o)
{
	o->out = NULL;
	o->dst = NULL;
	o->cells = 0;
	/* §6.2: a peer whose link is down gets nothing: the frame still
	 * goes on the wire (read into scratch) and is counted lost there. */
	o->peer_down = p->link == I40E_SIM_LINK_PEER &&
		       !atomic_load_explicit(&p->peer->admin_up, memory_order_acquire);
	if (p->link == I40E_SIM_LINK_PEER && !o->peer_down) {
		o->out = &p->peer->in;
		o->dst = i40e_sim_fifo_reserve(o->out, len, &o->cells);
	}
	return o->dst != NULL ? o->dst : p->scratch;
}

/* §6, §7: give the frame built at @o its wire time, publish and count it. */
void
i40e_sim_tx_out_end(struct i40e_sim_port *p, struct i40e_sim_txq *q,
		    const struct i40e_sim_tx_out *o, uint32_t len,
		    uint64_t now_ps)
{
	uint64_t t = 0;

	if (p->paced) {
		uint64_t start = p->wire_busy_ps > now_ps ? p->wire_busy_ps : now_ps;

		p->wire_busy_ps = start + i40e_sim_frame_ps(p, len);
		t = p->wire_busy_ps;
	}
	if (o->dst != NULL)
		i40e_sim_fifo_commit(o->out, o->dst, len, t, o->cells);
	else if (o->out != NULL)   /* §6.3: receiver's FIFO full: it misses the frame */
		atomic_fetch_add_explicit(&o->out->overflow, 1, memory_order_relaxed);
	else if (o->peer_down)
		__atomic_fetch_add(&p->peer->st_ctl.rx_link_down, 1, __ATOMIC_RELAXED);
	else
		p->st_tx.tx_sink++;
	tx_count(p, q, len);
}

/*
 * §5.4, §6, §7: DMA-read the packet straight into the peer's FIFO slot (or
 * scratch for a sink / full FIFO) and put it on the wire.
 */
static void
tx_transmit(struct i40e_sim_port *p, struct i40e_sim_txq *q,
	    const struct tx_seg *seg, uint32_t nseg, uint32_t total,
	    uint64_t now_ps)
{
	struct i40e_sim_tx_out o;
	uint8_t *dst;
	uint32_t off = 0;

	/* §6.1: no partner, no carrier: the MAC drops the frame unread and
	 * counts it (GLPRT_TDOLD); it never reaches a wire. */
	if (p->link == I40E_SIM_LINK_OPEN) {
		p->st_tx.tx_link_down++;
		return;
	}
	if (p->link == I40E_SIM_LINK_PEER && nseg == 1 &&
	    tx_direct(p, q, seg, total, now_ps) == 0)
		return;
	dst = i40e_sim_tx_out_begin(p, total, &o);
	for (uint32_t i = 0; i < nseg; i++) {
		int rc = sun4v_dma_read_xc(&p->tx_buf_xc, p->func, seg[i].addr,
					   dst + off, seg[i].len);

		if (rc != 0) {
			i40e_sim_tx_read_fault(p, q);
			return;
		}
		off += seg[i].len;
	}
	i40e_sim_tx_out_end(p, q, &o, total, now_ps);
}

/* §5.5: why a packet is malformed, or NULL; checks its total length. */
static const char *
tx_len_check(uint32_t total)
{
	if (total < I40E_HW_TX_MIN_PKT_LEN)
		return "packet shorter than 17 bytes";
	if (total > I40E_SIM_MAX_PKT)
		return "packet longer than 9724 bytes";
	return NULL;
}

/* Record an RS descriptor; flushes early only for a malformed packet,
 * whose buffers are never read. */
static void
tx_pkt_rs(struct i40e_sim_port *p, struct i40e_sim_txq *q, struct tx_pkt *pk,
	  uint32_t idx, uint64_t qw1)
{
	if (pk->nrs == I40E_SIM_TX_RS_MAX) {
		tx_rs_flush(p, q, pk->rs, pk->nrs);
		pk->nrs = 0;
	}
	pk->rs[pk->nrs].idx = idx;
	pk->rs[pk->nrs++].qw1 = qw1;
}

/*
 * §5.2, §5.7: a context descriptor.  With CMD 0 it is a NOP, skipped
 * anywhere; TSO is the one function modeled, and it must come before the
 * packet's data descriptors, once, without tunnel parameters.  Returns
 * why the packet is malformed (§5.5), or NULL.
 */
static const char *
tx_ctx(struct tx_pkt *pk, const struct i40e_hw_tx_desc *d)
{
	uint32_t cmd = i40e_hw_txc_qw1_cmd(d->qword1);

	if (cmd == 0)
		return NULL;
	if (cmd != I40E_HW_TXC_CMD_TSO || i40e_hw_txc_qw0_tunnel(d->qword0) != 0)
		return "context descriptor asks for an unmodeled function "
		       "(tunnel, L2TAG2, timesync or switch)";
	if (pk->nseg != 0 || pk->tso)
		return "TSO context descriptor after a data descriptor or twice";
	pk->tso = true;
	pk->tso_len = i40e_hw_txc_qw1_tso_len(d->qword1);
	pk->mss = i40e_hw_txc_qw1_mss(d->qword1);
	return NULL;
}

/* §5.2, §5.5: one data descriptor of a packet; why it is malformed, or
 * NULL. */
static const char *
tx_data(struct tx_pkt *pk, const struct i40e_hw_tx_desc *d, uint32_t cmd)
{
	uint32_t sz = i40e_hw_txd_qw1_buf_sz(d->qword1);

	if (pk->nseg == 0) {
		/* §5.6: the offload fields of the first data descriptor hold
		 * for the packet. */
		pk->cmd = cmd;
		pk->off = i40e_hw_txd_qw1_offset(d->qword1);
		pk->l2tag1 = i40e_hw_txd_qw1_l2tag1(d->qword1);
	}
	if (sz == 0)
		return "zero-length data descriptor";
	if (!pk->tso && pk->nseg == I40E_HW_TX_MAX_DATA_PER_PKT)
		return "more than 8 data descriptors in one packet";
	if (pk->nseg == I40E_HW_TX_MAX_DATA_PER_TSO)
		return "more than 255 data descriptors in one TSO packet";
	pk->seg[pk->nseg].addr = d->qword0;
	pk->seg[pk->nseg++].len = sz;
	pk->total += sz;
	return NULL;
}

/*
 * §5.2, §5.5: scan the descriptors of the packet at head, up to its EOP
 * (or the tail).  Returns 0, or -EFAULT when a descriptor could not be
 * fetched (nothing consumed).
 */
static int
tx_scan(struct i40e_sim_port *p, struct i40e_sim_txq *q, uint32_t tail,
	struct tx_pkt *pk)
{
	uint32_t idx = atomic_load_explicit(&q->head, memory_order_relaxed);
	bool eop = false;

	pk->nseg = pk->nrs = pk->ndesc = pk->nctx = pk->total = 0;
	pk->why = NULL;
	pk->tso = false;
	pk->cmd = pk->off = pk->l2tag1 = 0;
	while (!eop) {
		const struct i40e_hw_tx_desc *d;
		uint32_t cur = idx, cmd;

		if (idx == tail) {
			pk->why = "no EOP before the tail";
			break;
		}
		d = txq_desc(p, q, idx, q->pos + pk->ndesc, tail);
		if (d == NULL)
			return -EFAULT;
		pk->ndesc++;
		idx = idx + 1 == q->nb_desc ? 0 : idx + 1;
		switch (i40e_hw_txd_qw1_dtype(d->qword1)) {
		case I40E_HW_TX_DTYPE_DATA:
			break;
		case I40E_HW_TX_DTYPE_CONTEXT:
			pk->nctx++;
			if (pk->why == NULL)
				pk->why = tx_ctx(pk, d);
			continue;
		default:
			pk->why = "unsupported descriptor type (0xF = not rewritten)";
			eop = true;
			continue;
		}
		cmd = i40e_hw_txd_qw1_cmd(d->qword1);
		eop = (cmd & I40E_HW_TXD_CMD_EOP) != 0;
		if (cmd & I40E_HW_TXD_CMD_RS)
			tx_pkt_rs(p, q, pk, cur, d->qword1);
		if (pk->why == NULL)     /* else skip to the EOP, reading nothing */
			pk->why = tx_data(pk, d, cmd);
	}
	pk->end = idx;
	return 0;
}

/*
 * §5.2-§5.5: consume the descriptors of one packet starting at head.
 * Returns 0, or -EFAULT when a descriptor could not be fetched (nothing
 * consumed; retried on the next doorbell or poll).
 */
static int
tx_packet(struct i40e_sim_port *p, struct i40e_sim_txq *q, uint32_t tail,
	  uint64_t now_ps)
{
	struct tx_pkt pk;
	bool ol;

	if (tx_scan(p, q, tail, &pk) != 0)
		return -EFAULT;
	/* A packet without offload fields never calls into §5.6/§5.7. */
	ol = pk.tso || (pk.cmd & I40E_SIM_TX_OL_CMDS);
	if (pk.why == NULL)
		pk.why = ol ? i40e_sim_tx_ol_check(&pk) : tx_len_check(pk.total);
	if (pk.why != NULL) {
		i40e_sim_guest_error(p, "TX queue %u: packet at descriptor %u dropped: %s",
				     txq_index(p, q), atomic_load(&q->head), pk.why);
		p->st_tx.tx_malformed++;
		q->st.errors++;
	} else if (i40e_sim_unlikely(ol) && i40e_sim_tx_ol_wanted(&pk)) {
		i40e_sim_tx_ol_transmit(p, q, &pk, now_ps);
	} else {
		tx_transmit(p, q, pk.seg, pk.nseg, pk.total, now_ps);
	}
	tx_rs_flush(p, q, pk.rs, pk.nrs);
	q->pos += pk.ndesc;
	q->st.descs += pk.ndesc;
	p->st_tx.tx_descs += pk.ndesc;
	p->st_tx.tx_ctx_descs += pk.nctx;
	atomic_store_explicit(&q->head, pk.end, memory_order_release);
	return 0;
}

static void
tx_pending_mark(struct i40e_sim_port *p, uint32_t qi, bool pending)
{
	uint64_t bit = 1ULL << (qi % 64);
	bool any = false;

	if (pending)
		p->tx_pending_map[qi / 64] |= bit;
	else
		p->tx_pending_map[qi / 64] &= ~bit;
	for (unsigned int w = 0; w < I40E_SIM_MAX_QUEUES / 64; w++)
		any |= p->tx_pending_map[w] != 0;
	atomic_store_explicit(&p->tx_pending, any, memory_order_relaxed);
}

/* Read-ahead of the buffer two descriptors ahead, when fetched already
 * (the TX engine's DMA reads pipeline ahead of the wire, §5.2). */
static inline void
tx_readahead(struct i40e_sim_port *p, struct i40e_sim_txq *q)
{
	uint64_t off = q->pos + 2 - q->cache_pos;
	const struct i40e_hw_tx_desc *d;

	if (off >= q->cache_cnt)
		return;
	d = &q->cache[off];
	if (i40e_hw_txd_qw1_dtype(d->qword1) == I40E_HW_TX_DTYPE_DATA &&
	    i40e_hw_txd_qw1_buf_sz(d->qword1) >= I40E_SIM_READAHEAD_MIN)
		sun4v_dma_prefetch(&p->tx_buf_xc, p->func, d->qword0,
				   i40e_hw_txd_qw1_buf_sz(d->qword1),
				   SUN4V_DMA_READ);
}

/*
 * §7: descriptors a run saw and left because the wire was booked far
 * enough ahead were available then: the XL710's engine does not wait for
 * the host, so they go out back to back behind the wire's last frame even
 * if a later run comes late (a host stall must not idle the modeled
 * wire).  Two marks per queue: the oldest such run and the latest.
 */
static inline void
tx_seen_mark(struct i40e_sim_txq *q, uint32_t tail, uint64_t now_ps)
{
	if (!q->seen) {
		q->seen = true;
		q->seen_tail = tail;
		q->seen_ps = now_ps;
	}
	q->last_tail = tail;
	q->last_ps = now_ps;
}

/* When descriptors at the head became available: the mark they fall
 * under, or now for fresh ones. */
static inline uint64_t
tx_seen_avail(struct i40e_sim_txq *q, uint64_t now_ps)
{
	if (q->seen && atomic_load_explicit(&q->head, memory_order_relaxed) ==
		       q->seen_tail) {
		/* Past the oldest mark: the next ones were seen by the latest
		 * run that left work (or are fresh). */
		q->seen = q->last_tail != q->seen_tail;
		q->seen_tail = q->last_tail;
		q->seen_ps = q->last_ps;
	}
	return q->seen ? q->seen_ps : now_ps;
}

/* §6.2: the peer's RX side (its rx_busy flag) is tried once per run, not
 * per packet; if another thread delivers there now, this run takes the
 * FIFO path.  Fault injection needs the FIFO path (§8.3). */
static inline void
tx_peer_hold(struct i40e_sim_port *p)
{
	p->peer_rx_held = p->link == I40E_SIM_LINK_PEER &&
			  p->peer->inject.every == 0 &&
			  !atomic_flag_test_and_set_explicit(&p->peer->rx_busy,
							     memory_order_acquire);
}

static inline void
tx_peer_release(struct i40e_sim_port *p)
{
	if (!p->peer_rx_held)
		return;
	/* The run's gathered write-backs, before rx_busy is let go. */
	i40e_sim_rx_wb_flush(p->peer);
	atomic_flag_clear_explicit(&p->peer->rx_busy, memory_order_release);
	p->peer_rx_held = false;
}

/* §5.1, §7: run queue @qi until its tail, or until the wire is booked
 * tx_ahead ahead.  Caller holds tx_lock. */
static void
tx_queue_run(struct i40e_sim_port *p, uint32_t qi, uint64_t now_ps)
{
	struct i40e_sim_txq *q = &p->txq[qi];
	uint32_t tail = atomic_load_explicit(&q->tail, memory_order_acquire);
	bool pending = false;

	if (!q->enabled || !i40e_sim_link_up(p)) {
		q->seen = false;
		tx_pending_mark(p, qi, false);
		return;
	}
	/* §7: a run books at least tx_run_ps (tx_ahead / 8) of wire: with the
	 * wire booked nearly tx_ahead ahead, a run now would take a frame
	 * or two and pay its fixed costs (the peer's RX flag, the flush)
	 * for them.  The work stays pending and the next poll takes it;
	 * the wire never idles for it (frames start behind wire_busy). */
	if (p->paced && p->wire_busy_ps + p->tx_run_ps > now_ps + p->tx_ahead_ps &&
	    atomic_load_explicit(&q->head, memory_order_relaxed) != tail) {
		tx_seen_mark(q, tail, now_ps);
		tx_pending_mark(p, qi, true);
		return;
	}
	tx_peer_hold(p);
	while (atomic_load_explicit(&q->head, memory_order_relaxed) != tail) {
		uint64_t avail_ps = tx_seen_avail(q, now_ps);

		if (p->paced && p->wire_busy_ps > now_ps + p->tx_ahead_ps) {
			pending = true;
			break;
		}
		tx_readahead(p, q);
		if (tx_packet(p, q, tail, avail_ps) != 0) {
			pending = true;
			break;
		}
	}
	if (pending && p->paced)
		tx_seen_mark(q, tail, now_ps);
	else if (!pending)
		q->seen = false;
	tx_peer_release(p);
	if (pending || (p->tx_pending_map[qi / 64] >> (qi % 64)) & 1)
		tx_pending_mark(p, qi, pending);
}

static inline void
tx_lock(struct i40e_sim_port *p)
{
	while (atomic_flag_test_and_set_explicit(&p->tx_lock, memory_order_acquire)) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	}
}

static inline void
tx_unlock(struct i40e_sim_port *p)
{
	atomic_flag_clear_explicit(&p->tx_lock, memory_order_release);
}

/* §5.1: the doorbell; runs the TX engine in the calling thread. */
int
i40e_sim_tx_kick(struct i40e_sim_port *p, uint16_t queue, uint32_t tail)
{
	struct i40e_sim_txq *q;

	if (queue >= p->nb_queues) {
		i40e_sim_guest_error(p, "QTX_TAIL(%u): queue not implemented", queue);
		return -EINVAL;
	}
	q = &p->txq[queue];
	if (tail > I40E_HW_QTAIL_MASK || (q->enabled && tail >= q->nb_desc)) {
		i40e_sim_guest_error(p, "TX queue %u: tail %u beyond the ring", queue, tail);
		return -EINVAL;
	}
	__atomic_fetch_add(&p->st_ctl.doorbells, 1, __ATOMIC_RELAXED);
	/* Release: descriptors the driver wrote are visible to the engine. */
	atomic_store_explicit(&q->tail, tail, memory_order_release);
	if (p->tx_deferred) {
		/* §9.3: the device runs on its own thread; ring its bell and
		 * return, as a posted MMIO write does. */
		atomic_fetch_or_explicit(&p->tx_bell_map[queue / 64],
					 1ULL << (queue % 64),
					 memory_order_release);
		atomic_store_explicit(&p->tx_bell, true, memory_order_release);
		return 0;
	}
	if (!q->enabled)
		return 0;
	tx_lock(p);
	tx_queue_run(p, queue, p->paced ? i40e_sim_now_ps(p) : 0);
	tx_unlock(p);
	return 0;
}

/* §6.2: continue TX work left by pacing or rung on a deferred doorbell;
 * skipped if another thread transmits for this port right now (it will
 * see the same work).  Returns the frames written straight into a peer's
 * RX ring (§6.2) on the way. */
int
i40e_sim_tx_pending_run(struct i40e_sim_port *p)
{
	uint64_t now_ps, direct;

	if (atomic_flag_test_and_set_explicit(&p->tx_lock, memory_order_acquire))
		return 0;
	direct = p->tx_direct_wb;
	if (atomic_exchange_explicit(&p->tx_bell, false, memory_order_acquire))
		for (unsigned int w = 0; w < I40E_SIM_MAX_QUEUES / 64; w++)
			p->tx_pending_map[w] |= atomic_exchange_explicit(
				&p->tx_bell_map[w], 0, memory_order_acquire);
	now_ps = p->paced ? i40e_sim_now_ps(p) : 0;
	for (unsigned int w = 0; w < I40E_SIM_MAX_QUEUES / 64; w++) {
		uint64_t bits = p->tx_pending_map[w];

		while (bits != 0) {
			uint32_t qi = w * 64 + (uint32_t)__builtin_ctzll(bits);

			bits &= bits - 1;
			tx_queue_run(p, qi, now_ps);
		}
	}
	direct = p->tx_direct_wb - direct;
	tx_unlock(p);
	return (int)direct;
}

/* Control path: take the TX lock (reset, queue enable). */
void
i40e_sim_tx_lock(struct i40e_sim_port *p)
{
	tx_lock(p);
}

void
i40e_sim_tx_unlock(struct i40e_sim_port *p)
{
	tx_unlock(p);
}
