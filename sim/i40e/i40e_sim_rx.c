/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * RX engine (doc/spec/i40e-sim.md §4): takes RX descriptors in ring order,
 * DMA-writes the frame (chaining up to 5 buffers), writes each descriptor
 * back with qword1 (DD) last.  All driver memory is reached through
 * sun4v_dma_read()/sun4v_dma_write().
 */
#include <errno.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <string.h>

#include "i40e_sim_priv.h"
#include "sun4v_dma.h"

static inline uint32_t
rxq_index(const struct i40e_sim_port *p, const struct i40e_sim_rxq *q)
{
	return (uint32_t)(q - p->rxq);
}

/* §3.2: validate the queue context and latch it; the caller holds rx_busy. */
int
i40e_sim_rxq_enable(struct i40e_sim_port *p, struct i40e_sim_rxq *q)
{
	uint64_t base = (uint64_t)q->base_hi << 32 | q->base_lo;
	uint32_t buf = (uint32_t)i40e_hw_field_get(q->ctl, I40E_HW_SIM_QRX_CTL_DBUFF_SHIFT,
						   I40E_HW_SIM_QRX_CTL_DBUFF_WIDTH) *
		       I40E_HW_RXBUF_UNIT;
	uint32_t rxmax = (uint32_t)i40e_hw_field_get(q->ctl, I40E_HW_SIM_QRX_CTL_RXMAX_SHIFT,
						     I40E_HW_SIM_QRX_CTL_RXMAX_WIDTH);
	uint32_t tail = atomic_load(&q->tail);
	uint32_t chain = I40E_HW_RX_MAX_CHAINED_BUFS * buf;

	if (!i40e_hw_ring_len_valid(q->len_reg)) {
		i40e_sim_guest_error(p, "RX queue %u: ring length %u not in 64..8160 "
				     "or not a multiple of 32", rxq_index(p, q), q->len_reg);
		return -EINVAL;
	}
	if (base % I40E_HW_RING_BASE_ALIGN != 0) {
		i40e_sim_guest_error(p, "RX queue %u: ring base 0x%" PRIx64
				     " not 128-byte aligned", rxq_index(p, q), base);
		return -EINVAL;
	}
	if (!i40e_hw_rxbuf_size_valid(buf)) {
		i40e_sim_guest_error(p, "RX queue %u: buffer size %u invalid",
				     rxq_index(p, q), buf);
		return -EINVAL;
	}
	if (tail >= q->len_reg) {
		i40e_sim_guest_error(p, "RX queue %u: tail %u beyond ring of %u; using 0",
				     rxq_index(p, q), tail, q->len_reg);
		atomic_store(&q->tail, 0);
	}
	q->base = base;
	q->nb_desc = q->len_reg;
	q->desc_size = (q->ctl & I40E_HW_SIM_QRX_CTL_DSIZE_32) ?
		       I40E_HW_RX_DESC32_SIZE : I40E_HW_RX_DESC16_SIZE;
	q->buf_size = buf;
	q->vlan_strip = (q->ctl & I40E_HW_SIM_QRX_CTL_VLAN_STRIP) != 0;
	q->csum = (q->ctl & I40E_HW_SIM_QRX_CTL_CSUM) != 0;
	/* §4.3: rxmax 0 means "as much as 5 buffers hold"; never beyond 9728. */
	if (rxmax == 0 || rxmax > chain)
		rxmax = chain;
	q->rxmax = rxmax < I40E_SIM_MAX_PKT ? rxmax : I40E_SIM_MAX_PKT;
	q->head = 0;
	q->pos = 0;
	q->cache_pos = 0;
	q->cache_cnt = 0;
	q->last_addr = 0;
	q->stale_addr = 0;
	q->gen++;
	q->enabled = true;
	return 0;
}

/* Free descriptors from ring index @idx up to (not including) @tail. */
static inline uint32_t
ring_avail(uint32_t idx, uint32_t tail, uint32_t nb)
{
	return tail >= idx ? tail - idx : tail + nb - idx;
}

/*
 * §4.2: fetch up to I40E_SIM_RX_FETCH descriptors starting at ring index
 * @idx (monotonic position @pos) in one DMA read.  Only buffer addresses
 * are kept: the device owns [head, tail) and the driver must not change it.
 */
static int
rxq_fetch(struct i40e_sim_port *p, struct i40e_sim_rxq *q, uint32_t idx,
	  uint64_t pos, uint32_t tail)
{
	uint64_t raw[I40E_SIM_RX_FETCH * 4];
	uint32_t qpd = q->desc_size / 8;   /* qwords per descriptor */
	uint32_t n = ring_avail(idx, tail, q->nb_desc);
	int rc;

	if (n > I40E_SIM_RX_FETCH)
		n = I40E_SIM_RX_FETCH;
	if (n > q->nb_desc - idx)
		n = q->nb_desc - idx;
	rc = sun4v_dma_read_xc(&p->rx_ring_xc, p->func,
			       q->base + (uint64_t)idx * q->desc_size, raw,
			       (size_t)n * q->desc_size);
	if (rc != 0) {
		p->st_rx.dma_read_faults++;
		q->st.errors++;
		q->cache_cnt = 0;
		i40e_sim_note_fault(p);
		return rc;
	}
	for (uint32_t i = 0; i < n; i++) {
		/* qword1 is where DD lands: a posted descriptor has it zeroed. */
		if (i40e_sim_unlikely(raw[i * qpd + 1] != 0))
			i40e_sim_guest_error(p, "RX queue %u: descriptor %u posted with "
					     "qword1 0x%" PRIx64 " (must be 0)",
					     rxq_index(p, q), idx + i,
					     i40e_hw_le64_to_cpu(raw[i * qpd + 1]));
		q->cache_addr[i] = i40e_hw_le64_to_cpu(raw[i * qpd]);
	}
	q->cache_pos = pos;
	q->cache_cnt = n;
	return 0;
}

/* §8.3: the fault-injection hook on the RX data write path. */
static inline uint64_t
rx_inject(struct i40e_sim_port *p, struct i40e_sim_rxq *q, uint64_t addr)
{
	if (--p->inject_countdown != 0)
		return addr;
	p->inject_countdown = p->inject.every;
	p->st_rx.injected++;
	if (p->inject.mode == I40E_SIM_INJECT_DVMA)
		return p->inject.dvma;
	/* A buffer from a whole ring ago: its slot was refilled since, so a
	 * driver that unmaps on completion has unmapped it (use-after-unmap). */
	if (p->inject.mode == I40E_SIM_INJECT_STALE && q->stale_addr != 0)
		return q->stale_addr;
	return addr;
}

/*
 * §4.5: write one descriptor back.  Every byte but the low byte of qword1
 * (the one holding DD) goes first, then a release fence, then that byte
 * alone (sun4v_dma_write_ordered()), so a driver that tests DD and then
 * reads the rest never sees a half-written descriptor.  The last write is
 * one byte on purpose: a C library copies 8 bytes with two overlapping
 * stores, and the second one could undo a driver's re-post of the
 * descriptor made after it saw the first (§9.2).
 */
static int
rxq_writeback(struct i40e_sim_port *p, struct i40e_sim_rxq *q, uint32_t idx,
	      uint64_t qw0, uint64_t qw1)
{
	uint64_t d[4] = {
		i40e_hw_cpu_to_le64(qw0),
		i40e_hw_cpu_to_le64(qw1),
		0,
		0,
	};
	uint64_t addr = q->base + (uint64_t)idx * q->desc_size;
	int rc;

	/* In order with what was gathered before it (§4.5). */
	if (p->wbb.q != NULL)
		i40e_sim_rx_wb_flush(p);
	/* qword1 is little-endian: DD is in byte 8, written last. */
	rc = sun4v_dma_write_ordered(&p->rx_ring_xc, p->func, addr, d,
				     q->desc_size, 8);
	if (rc != 0) {
		p->st_rx.dma_write_faults++;
		q->st.errors++;
		i40e_sim_note_fault(p);
	}
	return rc;
}

/* Gather the buffer addresses of the next @nbufs descriptors (§4.2). */
static int
rxq_gather(struct i40e_sim_port *p, struct i40e_sim_rxq *q, uint32_t tail,
	   uint32_t nbufs, uint64_t addr[])
{
	uint32_t idx = q->head;

	for (uint32_t k = 0; k < nbufs; k++) {
		uint64_t pos = q->pos + k;
		uint64_t off = pos - q->cache_pos;

		if (off >= q->cache_cnt) {
			if (rxq_fetch(p, q, idx, pos, tail) != 0)
				return -EFAULT;
			off = 0;
		}
		addr[k] = q->cache_addr[off];
		idx = idx + 1 == q->nb_desc ? 0 : idx + 1;
	}
	return 0;
}

/* qword1 status of the last descriptor of a frame (§4.5). */
static inline uint32_t
rx_eop_status(const struct i40e_sim_rx_class *c)
{
	uint32_t st = (uint32_t)(I40E_HW_RXD_STATUS_DD | I40E_HW_RXD_STATUS_EOF);

	if (c->l3l4p)
		st |= (uint32_t)I40E_HW_RXD_STATUS_L3L4P;
	if (c->stripped)
		st |= (uint32_t)I40E_HW_RXD_STATUS_L2TAG1P;
	if (c->hash_valid)
		st |= I40E_HW_RXD_FLTSTAT_RSS_HASH << I40E_HW_RXD_STATUS_FLTSTAT_SHIFT;
	st |= c->umbcast << I40E_HW_RXD_STATUS_UMBCAST_SHIFT;
	return st;
}

/* qword0 of the last descriptor: stripped tag (§4.10), RSS hash (§4.7). */
static inline uint64_t
rx_eop_qw0(const struct i40e_sim_rx_class *c)
{
	return i40e_hw_rxd_qw0_build(0, c->stripped ? c->tci : 0,
				     c->hash_valid ? c->hash : 0);
}

/* §4.9, §10: checksum errors reported in write-backs the driver gets. */
static inline void
rx_count_csum(struct i40e_sim_port *p, uint32_t err)
{
	if (i40e_sim_unlikely(err != 0)) {
		if (err & (I40E_HW_RXD_ERROR_IPE >> I40E_HW_RXD_QW1_ERROR_SHIFT))
			p->st_rx.rx_ip_csum_errors++;
		if (err & (I40E_HW_RXD_ERROR_L4E >> I40E_HW_RXD_QW1_ERROR_SHIFT))
			p->st_rx.rx_l4_csum_errors++;
	}
}

/*
 * §4.9: a queue whose context does not ask for checksum reports
 * (SIM_QRX_CTL.CSUM clear) gets none: L3L4P, IPE and L4E stay clear, "not
 * checked", and the model skips the header and payload sums (SIM-ONLY).
 * A queue that asks gets IPE here, from the header @frame points at.
 */
static inline void
rx_csum_gate(const struct i40e_sim_rxq *q, struct i40e_sim_rx_class *c,
	     const uint8_t *frame)
{
	if (q->csum) {
		i40e_sim_ipv4_hdr_check(c, frame);
		return;
	}
	c->l4_check = false;
	c->l3l4p = false;
	c->err &= ~(uint32_t)((I40E_HW_RXD_ERROR_IPE | I40E_HW_RXD_ERROR_L4E) >>
			      I40E_HW_RXD_QW1_ERROR_SHIFT);
}

/*
 * §4.9, §4.10: verify the L4 checksum of a frame wholly at hand, then
 * strip its tag into p->rx_strip when the queue strips.  Returns the
 * frame to write and updates *len.
 */
static const uint8_t *
rx_offloads(struct i40e_sim_port *p, const struct i40e_sim_rxq *q,
	    struct i40e_sim_rx_class *c, const uint8_t *frame, uint32_t *len)
{
	if (c->l4_check)
		i40e_sim_l4_verdict(c, frame + c->l3_off,
				    i40e_sim_csum_add(0, frame + c->l4_off, c->l4_len));
	if (!c->vlan || !q->vlan_strip)
		return frame;
	memcpy(p->rx_strip, frame, 12);
	memcpy(p->rx_strip + 12, frame + 16, *len - 16);
	*len -= 4;
	c->stripped = true;
	return p->rx_strip;
}

/*
 * §4.3, §4.5, §8.2: write the frame into the @nbufs buffers at @addr and
 * write their descriptors back from head on.  Returns the descriptors
 * consumed; *ok tells whether the whole frame landed.
 */
static uint32_t
rxq_fill(struct i40e_sim_port *p, struct i40e_sim_rxq *q,
	 const struct i40e_sim_rx_class *c, const uint8_t *frame, uint32_t len,
	 const uint64_t addr[], uint32_t nbufs, bool *ok)
{
	uint32_t off = 0, idx = q->head;

	*ok = false;
	for (uint32_t k = 0; k < nbufs; k++) {
		uint32_t chunk = len - off < q->buf_size ? len - off : q->buf_size;
		uint64_t dst = p->inject.every != 0 ? rx_inject(p, q, addr[k]) : addr[k];
		uint64_t qw0 = 0, qw1;
		int rc = sun4v_dma_write_xc(&p->rx_buf_xc, p->func, dst, frame + off,
					    chunk);

		if ((q->pos + k) % q->nb_desc == 0) {
			q->stale_addr = q->last_addr;
			q->last_addr = addr[k];
		}
		if (rc != 0) {
			/* §8.2: frame lost; this descriptor completes with RXE
			 * and length 0 so the driver recycles the buffer. */
			p->st_rx.dma_write_faults++;
			q->st.errors++;
			i40e_sim_note_fault(p);
			qw1 = i40e_hw_rxd_qw1_build(rx_eop_status(c) & 0x3u,
						    (uint32_t)(I40E_HW_RXD_ERROR_RXE >>
							       I40E_HW_RXD_QW1_ERROR_SHIFT),
						    c->ptype, 0, 0, 0);
			/* Once quarantined the device stops touching memory
			 * and the descriptor stays posted. */
			if (!i40e_sim_link_up(p))
				return k;
			rxq_writeback(p, q, idx, 0, qw1);
			return k + 1;
		}
		if (k + 1 == nbufs) {
			qw0 = rx_eop_qw0(c);
			qw1 = i40e_hw_rxd_qw1_build(rx_eop_status(c), c->err, c->ptype,
						    chunk, 0, 0);
		} else {
			qw1 = i40e_hw_rxd_qw1_build((uint32_t)I40E_HW_RXD_STATUS_DD, 0,
						    c->ptype, chunk, 0, 0);
		}
		rxq_writeback(p, q, idx, qw0, qw1);
		off += chunk;
		idx = idx + 1 == q->nb_desc ? 0 : idx + 1;
	}
	*ok = true;
	return nbufs;
}

/* True when @mac is a valid entry of the table @lo/@hi (first @n). */
static inline bool
mac_match(const uint32_t *lo, const uint32_t *hi, uint32_t n, const uint8_t *mac)
{
	uint32_t l = (uint32_t)mac[0] | (uint32_t)mac[1] << 8 |
		     (uint32_t)mac[2] << 16 | (uint32_t)mac[3] << 24;
	uint32_t h = (uint32_t)mac[4] | (uint32_t)mac[5] << 8 |
		     I40E_HW_SIM_MAC_HI_VALID;

	for (uint32_t i = 0; i < n; i++)
		if (hi[i] == h && lo[i] == l)
			return true;
	return false;
}

/*
 * §4.8: the receive filter on the destination MAC.  UPE accepts every
 * frame; broadcast is always accepted; other multicast needs MPE or a
 * multicast entry; unicast needs a unicast entry.
 */
static inline bool
rx_accept(const struct i40e_sim_port *p, const uint8_t *frame)
{
	static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

	if (p->rxctl & I40E_HW_SIM_RXCTL_UPE)
		return true;
	if (!(frame[0] & 1))
		return mac_match(p->uc_lo, p->uc_hi, p->uc_used, frame);
	if ((p->rxctl & I40E_HW_SIM_RXCTL_MPE) || memcmp(frame, bcast, 6) == 0)
		return true;
	return mac_match(p->mc_lo, p->mc_hi, p->mc_used, frame);
}

/* §4.3, §4.6, §4.8: the enabled queue a classified frame goes to, or NULL
 * when it is dropped (filtered, no such queue, or longer than the queue
 * takes; counted). */
static struct i40e_sim_rxq *
rx_queue_of(struct i40e_sim_port *p, const struct i40e_sim_rx_class *c,
	    const uint8_t *frame, uint32_t len)
{
	struct i40e_sim_rxq *q;

	if (!rx_accept(p, frame)) {
		p->st_rx.rx_filtered++;
		return NULL;
	}
	if (c->queue >= p->nb_queues || !p->rxq[c->queue].enabled) {
		p->st_rx.rx_no_queue++;
		return NULL;
	}
	q = &p->rxq[c->queue];
	if (len > q->rxmax) {
		p->st_rx.rx_oversize++;
		q->st.errors++;
		return NULL;
	}
	return q;
}

/*
 * §4.2-§4.6: receive one frame.  Caller holds rx_busy.
 * Returns 1 when the frame was written into a ring, 0 when dropped, and
 * -EAGAIN when its queue has no free descriptor and @may_wait allows it to
 * stay in the RX packet buffer (§4.6: it is missed only once the buffer
 * would have overflowed).
 */
int
i40e_sim_rx_frame(struct i40e_sim_port *p, const uint8_t *frame, uint32_t len,
		  bool may_wait)
{
	struct i40e_sim_rx_class c;
	struct i40e_sim_rxq *q;
	uint64_t addr[I40E_HW_RX_MAX_CHAINED_BUFS];
	uint32_t tail, nbufs, used;
	bool ok;

	i40e_sim_classify(p, frame, len, len, &c);
	q = rx_queue_of(p, &c, frame, len);
	if (q == NULL)
		return 0;
	rx_csum_gate(q, &c, frame);
	frame = rx_offloads(p, q, &c, frame, &len);
	nbufs = len <= q->buf_size ? 1 : (len + q->buf_size - 1) / q->buf_size;
	tail = atomic_load_explicit(&q->tail, memory_order_acquire);
	if (ring_avail(q->head, tail, q->nb_desc) < nbufs) {
		if (may_wait)
			return -EAGAIN;
		p->st_rx.rx_missed++;   /* §4.6: no free descriptor */
		q->st.missed++;
		return 0;
	}
	if (rxq_gather(p, q, tail, nbufs, addr) != 0)
		return 0;               /* §8.2: descriptor fetch fault, head kept */
	used = rxq_fill(p, q, &c, frame, len, addr, nbufs, &ok);
	q->head += used;
	if (q->head >= q->nb_desc)
		q->head -= q->nb_desc;
	q->pos += used;
	q->st.descs += used;
	p->st_rx.rx_descs += used;
	if (!ok)
		return 0;
	rx_count_csum(p, c.err);
	q->st.packets++;
	q->st.bytes += len;
	p->st_rx.rx_packets++;
	p->st_rx.rx_bytes += len;
	return 1;
}

static inline void
rx_count_frame(struct i40e_sim_port *p, struct i40e_sim_rxq *q, uint64_t qw1,
	       uint32_t len)
{
	rx_count_csum(p, i40e_hw_rxd_qw1_error(qw1));
	q->st.packets++;
	q->st.bytes += len;
	p->st_rx.rx_packets++;
	p->st_rx.rx_bytes += len;
}

/*
 * Write back what was gathered: one ordered DMA of the run (DD last, in
 * order).  A queue disabled (or re-enabled) since the copies no longer
 * owns the descriptors (§6.2).  A fault at record k publishes 0..k-1,
 * counts k's fault as a single write-back's, and writes the rest one by
 * one (each faults or not on its own, as without gathering).
 */
void
i40e_sim_rx_wb_flush(struct i40e_sim_port *p)
{
	struct i40e_sim_wbb *b = &p->wbb;
	struct i40e_sim_rxq *q = b->q;
	uint32_t qpd, n = b->n;
	unsigned int done = 0;
	int rc;

	if (q == NULL)
		return;
	b->q = NULL;
	if (!q->enabled || q->gen != b->gen) {
		p->st_rx.rx_no_queue += n;
		return;
	}
	qpd = q->desc_size / 8;
	rc = sun4v_dma_write_ordered_n(&p->rx_ring_xc, p->func,
				       q->base + (uint64_t)b->idx * q->desc_size,
				       b->d, q->desc_size, n, 8, &done);
	for (uint32_t i = 0; i < done; i++)
		rx_count_frame(p, q, i40e_hw_le64_to_cpu(b->d[i * qpd + 1]),
			       b->len[i]);
	if (rc == 0)
		return;
	p->st_rx.dma_write_faults++;
	q->st.errors++;
	i40e_sim_note_fault(p);
	for (uint32_t i = done + 1; i < n; i++) {
		uint64_t qw1 = i40e_hw_le64_to_cpu(b->d[i * qpd + 1]);

		if (rxq_writeback(p, q, b->idx + i,
				  i40e_hw_le64_to_cpu(b->d[i * qpd]), qw1) == 0)
			rx_count_frame(p, q, qw1, b->len[i]);
	}
}

/* §6.2: a direct frame's write-back, gathered with the ones before it
 * when it continues their run (i40e_sim_rx_wb_flush() writes it). */
static inline int
rx_publish_now(struct i40e_sim_port *p, struct i40e_sim_rxq *q, uint32_t gen,
	       uint32_t idx, uint64_t qw0, uint64_t qw1, uint32_t len)
{
	struct i40e_sim_wbb *b = &p->wbb;
	uint32_t qpd = q->desc_size / 8, k;

	if (b->q != NULL && (b->q != q || b->gen != gen || b->n == I40E_SIM_WBB_MAX ||
			     idx != b->idx + b->n))
		i40e_sim_rx_wb_flush(p);
	if (b->q == NULL) {
		b->q = q;
		b->gen = gen;
		b->idx = idx;
		b->n = 0;
	}
	k = b->n++;
	b->d[k * qpd] = i40e_hw_cpu_to_le64(qw0);
	b->d[k * qpd + 1] = i40e_hw_cpu_to_le64(qw1);
	if (qpd == 4)
		b->d[k * qpd + 2] = b->d[k * qpd + 3] = 0;
	b->len[k] = len;
	return 1;
}

/* A write-back that waited for its arrival time (paced). */
static int
rx_publish(struct i40e_sim_port *p, const struct i40e_sim_wb *w)
{
	return rx_publish_now(p, &p->rxq[w->queue], w->gen, w->idx, w->qw0,
			      w->qw1, w->len);
}

/* The frame is in the buffer and the descriptor taken: write it back now,
 * or at its arrival time when that is still ahead (paced). */
static int
rx_direct_complete(struct i40e_sim_port *p, struct i40e_sim_rxq *q,
		   uint32_t idx, uint64_t qw0, uint64_t qw1, uint32_t len,
		   uint64_t time_ps, uint64_t now_ps)
{
	struct i40e_sim_wb *w;

	/* Now: straight from the arguments (reading them back from the
	 * queue entry stalled on store forwarding, measured). */
	if (time_ps <= now_ps && p->wb_head == p->wb_tail)
		return rx_publish_now(p, q, q->gen, idx, qw0, qw1, len);
	/* Filled in place: a whole-struct copy through the stack costs a
	 * store-forwarding stall per frame. */
	w = &p->wb[p->wb_tail % I40E_SIM_WB_MAX];
	w->time_ps = time_ps;
	w->qw0 = qw0;
	w->qw1 = qw1;
	w->queue = rxq_index(p, q);
	w->idx = idx;
	w->gen = q->gen;
	w->len = len;
	p->wb_tail++;
	return I40E_SIM_RX_PENDING;
}

/* Take the next descriptor of @q (its buffer address in *addr). */
static void
rxq_consume(struct i40e_sim_rxq *q, uint64_t addr)
{
	if (q->pos % q->nb_desc == 0) {
		q->stale_addr = q->last_addr;
		q->last_addr = addr;
	}
	q->head = q->head + 1 == q->nb_desc ? 0 : q->head + 1;
	q->pos++;
	q->st.descs++;
}

/* §8.2: the RX buffer write of a direct frame faulted: RXE, length 0, so
 * the driver recycles the buffer; once quarantined the device stops
 * touching memory and the descriptor stays posted. */
static void
rx_direct_fault(struct i40e_sim_port *p, struct i40e_sim_rxq *q,
		const struct i40e_sim_rx_class *c, uint64_t addr)
{
	uint32_t idx = q->head;

	p->st_rx.dma_write_faults++;
	q->st.errors++;
	i40e_sim_note_fault(p);
	if (!i40e_sim_link_up(p))
		return;
	rxq_consume(q, addr);
	p->st_rx.rx_descs++;
	rxq_writeback(p, q, idx, 0, i40e_hw_rxd_qw1_build(
		rx_eop_status(c) & 0x3u,
		(uint32_t)(I40E_HW_RXD_ERROR_RXE >> I40E_HW_RXD_QW1_ERROR_SHIFT),
		c->ptype, 0, 0, 0));
}

/*
 * §4.9 for a direct frame longer than the @hlen bytes the classifier saw:
 * the L4 bytes past them are read from the sender's buffer, through its IOMMU, in even-sized
 * pieces (the one's-complement sum needs 16-bit alignment).  Returns 0 or
 * -EIO on a read fault.
 */
static int
rx_direct_l4(struct i40e_sim_rx_class *c, const uint8_t *hdr, uint32_t hlen,
	     struct sun4v_dma_xcache *src_xc, struct sun4v_func *src_fn,
	     uint64_t src_dvma)
{
	uint32_t end = c->l4_off + c->l4_len, off = hlen < end ? hlen : end;
	uint32_t sum = i40e_sim_csum_add(0, hdr + c->l4_off, off - c->l4_off);
	uint8_t chunk[2048];

	while (off < end) {
		uint32_t n = end - off < sizeof(chunk) ? end - off : (uint32_t)sizeof(chunk);

		if (sun4v_dma_read_xc(src_xc, src_fn, src_dvma + off, chunk, n) != 0)
			return -EIO;
		sum = i40e_sim_csum_add(sum, chunk, n);
		off += n;
	}
	i40e_sim_l4_verdict(c, hdr + c->l3_off, sum);
	return 0;
}

/*
 * §6.2 direct delivery: a peer's TX engine hands this port a frame still in
 * its TX buffer (one segment at @src_dvma, read by @src_fn); if the frame's
 * queue has a posted buffer that holds it, the frame moves with one copy
 * that is two DMAs, each through its own function's IOMMU
 * (sun4v_dma_copy()), and its write-back is published at @time_ps.
 * Caller holds rx_busy and has checked that no frame waits in the FIFO.
 * Returns 1 (written back), I40E_SIM_RX_PENDING (written, write-back
 * pending), 0 (dropped here, counted), -EAGAIN (no
 * posted buffer or a chained frame: the caller queues it in the FIFO) or
 * -EIO (the source read faulted: the sender drops the packet).
 */
int
i40e_sim_rx_direct(struct i40e_sim_port *p, struct sun4v_dma_xcache *src_xc,
		   struct sun4v_func *src_fn, uint64_t src_dvma, uint32_t len, uint64_t time_ps,
		   uint64_t now_ps)
{
	uint8_t bounce[I40E_SIM_CLASSIFY_BYTES];
	uint32_t hlen = len < sizeof(bounce) ? len : (uint32_t)sizeof(bounce);
	const uint8_t *hdr;
	struct i40e_sim_rx_class c;
	enum sun4v_dma_dir side;
	struct i40e_sim_rxq *q;
	uint64_t addr, qw0 = 0, qw1;
	uint32_t idx, tail;

	/* The header is read where it lies (one translation, no copy). */
	if (sun4v_dma_read_view(src_xc, src_fn, src_dvma, hlen, bounce,
				&hdr) != 0)
		return -EIO;
	i40e_sim_classify(p, hdr, hlen, len, &c);
	q = rx_queue_of(p, &c, hdr, len);
	if (q == NULL)
		return 0;
	rx_csum_gate(q, &c, hdr);
	tail = atomic_load_explicit(&q->tail, memory_order_acquire);
	/* A tag to strip moves the frame: that takes the FIFO path (§4.10). */
	if (len > q->buf_size || ring_avail(q->head, tail, q->nb_desc) == 0 ||
	    (c.vlan && q->vlan_strip))
		return -EAGAIN;
	if (c.l4_check && c.l4_off + c.l4_len <= hlen)
		i40e_sim_l4_verdict(&c, hdr + c.l3_off,
				    i40e_sim_csum_add(0, hdr + c.l4_off, c.l4_len));
	else if (c.l4_check &&
		 rx_direct_l4(&c, hdr, hlen, src_xc, src_fn, src_dvma) != 0)
		return -EIO;            /* nothing consumed */
	if (rxq_gather(p, q, tail, 1, &addr) != 0)
		return 0;               /* §8.2: descriptor fetch fault */
	/* Read-ahead: the buffer after next, for a frame like this one. */
	if (len >= I40E_SIM_READAHEAD_MIN &&
	    q->pos + 2 - q->cache_pos < q->cache_cnt)
		sun4v_dma_prefetch(&p->rx_buf_xc, p->func,
				   q->cache_addr[q->pos + 2 - q->cache_pos], len,
				   SUN4V_DMA_WRITE);
	if (len <= hlen) {
		/* The header read held the whole frame: write it from there,
		 * one read and one write as the XL710 moves a frame. */
		if (sun4v_dma_write_xc(&p->rx_buf_xc, p->func, addr, hdr,
				       len) != 0) {
			rx_direct_fault(p, q, &c, addr);
			return 0;
		}
	} else if (sun4v_dma_copy(&p->rx_buf_xc, p->func, addr, src_xc, src_fn,
				  src_dvma, len, &side) != 0) {
		if (side == SUN4V_DMA_READ)
			return -EIO;    /* nothing consumed */
		rx_direct_fault(p, q, &c, addr);
		return 0;
	}
	qw0 = rx_eop_qw0(&c);
	qw1 = i40e_hw_rxd_qw1_build(rx_eop_status(&c), c.err, c.ptype, len, 0, 0);
	idx = q->head;
	rxq_consume(q, addr);
	p->st_rx.rx_descs++;
	return rx_direct_complete(p, q, idx, qw0, qw1, len, time_ps, now_ps);
}

/*
 * §6.2: deliver every inbound frame whose last bit has arrived by @now_ps
 * (all of them when unpaced): first the direct frames' write-backs, then,
 * once none is pending (FIFO frames arrived after them), the FIFO.
 * Caller holds rx_busy.
 */
int
i40e_sim_rx_deliver(struct i40e_sim_port *p, uint64_t now_ps)
{
	const struct i40e_sim_fifo_hdr *h;
	uint64_t cells;
	bool up = i40e_sim_link_up(p);
	int n = 0;

	while (p->wb_head != p->wb_tail) {
		const struct i40e_sim_wb *w = &p->wb[p->wb_head % I40E_SIM_WB_MAX];

		if (p->paced && w->time_ps > now_ps) {
			i40e_sim_rx_wb_flush(p);
			return n;
		}
		n += rx_publish(p, w);
		p->wb_head++;
	}
	i40e_sim_rx_wb_flush(p);

	while ((h = i40e_sim_fifo_peek(&p->in, &cells)) != NULL) {
		int r;

		if (p->paced && h->time_ps > now_ps)
			break;
		if (up) {
			/* Paced, a frame waits for a descriptor as long as the
			 * line takes to fill the RX packet buffer behind it;
			 * unpaced there is no time, so it is missed at once. */
			r = i40e_sim_rx_frame(p, (const uint8_t *)(h + 1),
					      h->len, p->paced &&
					      now_ps - h->time_ps < p->rx_pb_ps);
			if (r == -EAGAIN)
				break;
			n += r;
		} else {
			p->st_rx.rx_link_down++;
		}
		i40e_sim_fifo_release(&p->in, cells);
	}
	i40e_sim_fifo_publish(&p->in);
	return n;
}

/*
 * §6.2: the link went down: what is still on its way in is lost.  A direct
 * frame whose write-back waits for its arrival time already holds its
 * descriptor: it completes with RXE and length 0, so the driver recycles
 * the buffer (the ring never has a hole).  FIFO frames are dropped.  Each
 * counts in rx_link_down.  Caller holds rx_busy.
 */
void
i40e_sim_rx_link_drop(struct i40e_sim_port *p)
{
	const struct i40e_sim_fifo_hdr *h;
	uint64_t cells;

	while (p->wb_head != p->wb_tail) {
		const struct i40e_sim_wb *w = &p->wb[p->wb_head % I40E_SIM_WB_MAX];
		struct i40e_sim_rxq *q = &p->rxq[w->queue];

		if (q->enabled && q->gen == w->gen)
			rxq_writeback(p, q, w->idx, 0, i40e_hw_rxd_qw1_build(
				(uint32_t)(I40E_HW_RXD_STATUS_DD | I40E_HW_RXD_STATUS_EOF),
				(uint32_t)(I40E_HW_RXD_ERROR_RXE >> I40E_HW_RXD_QW1_ERROR_SHIFT),
				i40e_hw_rxd_qw1_ptype(w->qw1), 0, 0, 0));
		p->st_rx.rx_link_down++;
		p->wb_head++;
	}
	while ((h = i40e_sim_fifo_peek(&p->in, &cells)) != NULL) {
		p->st_rx.rx_link_down++;
		i40e_sim_fifo_release(&p->in, cells);
	}
	i40e_sim_fifo_publish(&p->in);
}
