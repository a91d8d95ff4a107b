/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sim/i40e internals shared by the model's source files.  Nothing outside
 * sim/i40e includes this (tests use the public i40e_sim.h).
 */
#ifndef I40E_SIM_PRIV_H
#define I40E_SIM_PRIV_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <hw/i40e_hw.h>

#include "i40e_sim.h"
#include "i40e_sim_csum.h"
#include "sun4v_dma.h"

#define I40E_SIM_CACHE_LINE 64

/* Descriptors the engines fetch with one DMA read (§4.2, §5.2). */
#define I40E_SIM_RX_FETCH 32u
#define I40E_SIM_TX_FETCH 64u

/* Largest packet in buffers (FCS excluded): 9728-byte frame minus FCS. */
#define I40E_SIM_MAX_PKT (I40E_HW_MAX_FRAME - I40E_HW_FCS_BYTES)

/* Guest-error log lines per port before going quiet (§8.1). */
#define I40E_SIM_GUEST_LOG_BURST 8u

#define i40e_sim_unlikely(x) __builtin_expect(!!(x), 0)

/* ---- wire FIFO (§6.3): SPSC ring of 64-byte cells ------------------------ */

#define I40E_SIM_FIFO_CELL 64u
#define I40E_SIM_FIFO_WRAP UINT32_MAX   /* header len of a wrap marker */

struct i40e_sim_fifo_hdr {
	uint32_t len;        /* frame bytes, or I40E_SIM_FIFO_WRAP */
	uint32_t rsvd;
	uint64_t time_ps;    /* when the frame's last bit arrives (0 unpaced) */
};

struct i40e_sim_fifo {
	alignas(I40E_SIM_CACHE_LINE) _Atomic uint64_t prod; /* cells produced */
	uint64_t prod_cons_cache;      /* producer's last view of cons */
	uint64_t prod_next;            /* producer-private cursor */
	alignas(I40E_SIM_CACHE_LINE) _Atomic uint64_t cons; /* cells consumed */
	uint64_t cons_prod_cache;      /* consumer's last view of prod */
	uint64_t cons_next;            /* consumer-private cursor */
	alignas(I40E_SIM_CACHE_LINE) _Atomic uint64_t overflow; /* frames lost: full */
	uint8_t *cells;
	uint64_t nb_cells;             /* power of two */
};

int i40e_sim_fifo_init(struct i40e_sim_fifo *f, uint32_t bytes);
void i40e_sim_fifo_fini(struct i40e_sim_fifo *f);
void i40e_sim_fifo_clear(struct i40e_sim_fifo *f);
/* Producer: room for a @len-byte frame; returns its data area or NULL. */
uint8_t *i40e_sim_fifo_reserve(struct i40e_sim_fifo *f, uint32_t len,
			       uint64_t *cells_out);
/* Producer: publish the frame reserved last (one release store). */
void i40e_sim_fifo_commit(struct i40e_sim_fifo *f, uint8_t *data, uint32_t len,
			  uint64_t time_ps, uint64_t cells);
/* Consumer: oldest frame or NULL; *cells_out is what release() needs. */
const struct i40e_sim_fifo_hdr *i40e_sim_fifo_peek(struct i40e_sim_fifo *f,
						   uint64_t *cells_out);
/* Consumer: drop the frame peeked last; publish() makes it visible. */
void i40e_sim_fifo_release(struct i40e_sim_fifo *f, uint64_t cells);
void i40e_sim_fifo_publish(struct i40e_sim_fifo *f);

/* ---- queues --------------------------------------------------------------- */

struct i40e_sim_rxq {
	_Atomic uint32_t tail;        /* written by the driver (any thread) */
	uint32_t head;                /* next descriptor the device fills */
	bool ena_req;                 /* QRX_ENA.QENA_REQ as written */
	uint64_t pos;                 /* descriptors consumed since enable (monotonic) */
	bool enabled;
	uint32_t base_lo, base_hi;    /* SIM_QRX_BASE_* registers */
	uint32_t len_reg;             /* SIM_QRX_LEN */
	uint32_t ctl;                 /* SIM_QRX_CTL */
	/* latched at enable (§3.2) */
	uint64_t base;
	uint32_t nb_desc;
	uint32_t desc_size;           /* 16 or 32 */
	uint32_t buf_size;            /* bytes */
	uint32_t rxmax;               /* largest frame accepted */
	bool vlan_strip;              /* SIM_QRX_CTL.VLAN_STRIP (§4.10) */
	bool csum;                    /* SIM_QRX_CTL.CSUM (§4.9) */
	/* descriptor prefetch: buffer addresses of the descriptors at
	 * monotonic positions [cache_pos, cache_pos + cache_cnt) */
	uint64_t cache_pos;
	uint32_t cache_cnt;
	uint64_t cache_addr[I40E_SIM_RX_FETCH];
	uint64_t last_addr;           /* first buffer of the current ring lap */
	uint32_t gen;                 /* enables so far: stale write-backs of a
				       * disabled queue are dropped (§6.2) */
	uint64_t stale_addr;          /* first buffer of the previous lap: the
				       * driver has certainly taken it back
				       * (stale-DMA injection, §8.3) */
	struct i40e_sim_queue_stats st;
};

struct i40e_sim_txq {
	_Atomic uint32_t tail;
	_Atomic uint32_t head;        /* read by QTX_HEAD from any thread */
	bool ena_req;                 /* QTX_ENA.QENA_REQ as written */
	bool enabled;
	uint32_t base_lo, base_hi, len_reg;
	uint32_t ctl;                 /* QTX_CTL (stored, not interpreted) */
	uint64_t base;
	uint32_t nb_desc;
	uint64_t pos;                 /* descriptors consumed since enable */
	uint64_t cache_pos;           /* monotonic position of cache[0] */
	uint32_t cache_cnt;
	struct i40e_hw_tx_desc cache[I40E_SIM_TX_FETCH]; /* CPU order */
	/* §7: descriptors up to seen_tail were seen at seen_ps, and those up
	 * to last_tail at last_ps, by runs that left them because the wire
	 * was booked tx_ahead ahead (paced) */
	bool seen;
	uint32_t seen_tail, last_tail;
	uint64_t seen_ps, last_ps;
	struct i40e_sim_queue_stats st;
};

/* ---- direct delivery (§6.2): write-backs waiting for their arrival time */

/* Bytes the classifier may read of a frame (§4.4: Ethernet, one VLAN tag,
 * a 60-byte IPv4 header and the L4 ports fit). */
#define I40E_SIM_CLASSIFY_BYTES 128u
/* Frames copied ahead of their wire arrival per port: TX runs at most
 * tx_ahead (10 us) ahead of the wire, 596 64-byte frames at 40 Gb/s. */
#define I40E_SIM_WB_MAX 2048u
/* Frames this long or longer are read ahead (sun4v_dma_prefetch()):
 * below it the copy is a line or few and the hint costs more than the
 * miss it hides (measured: doc/results.md). */
#define I40E_SIM_READAHEAD_MIN 512u

/* RX write-backs gathered into one ordered DMA (§4.5): consecutive
 * descriptors of one queue, at most a burst; flushed before any other
 * write-back of the port and before the engine step that gathered them
 * lets go of rx_busy (i40e_sim_rx_wb_flush()). */
#define I40E_SIM_WBB_MAX 32u

struct i40e_sim_wbb {
	struct i40e_sim_rxq *q;       /* NULL: nothing gathered */
	uint32_t gen, idx, n;
	uint32_t len[I40E_SIM_WBB_MAX];
	uint64_t d[I40E_SIM_WBB_MAX * 4];  /* little-endian descriptors */
};

struct i40e_sim_wb {
	uint64_t time_ps;             /* arrival of the frame's last bit */
	uint64_t qw0, qw1;            /* the write-back, DD set */
	uint32_t queue, idx, gen, len;
};

/* ---- port --------------------------------------------------------------- */

enum i40e_sim_link_kind {
	I40E_SIM_LINK_SINK = 0,
	I40E_SIM_LINK_PEER,           /* includes loopback (peer == self) */
	I40E_SIM_LINK_OPEN,           /* cable without a partner (§6.1) */
};

struct i40e_sim_gen {
	bool active;
	struct i40e_sim_gen_conf conf;
	uint32_t pkt_len;             /* frame_len - FCS */
	uint64_t gap_ps;              /* time between frames */
	uint64_t next_ps;             /* time of the next frame; 0 = not started */
	uint64_t sent;
	uint8_t tmpl[128];            /* header template */
	uint32_t hdr_len;
};

struct i40e_sim_port {
	char name[32];
	struct sun4v_func *func;
	uint32_t speed_mbps;
	uint64_t ps_per_byte;         /* 8e6 / speed_mbps, exact for our speeds */
	bool paced;
	i40e_sim_clock_cb clock;
	void *clock_arg;
	unsigned int nb_queues;
	uint64_t tx_ahead_ps;
	uint64_t tx_run_ps;           /* least wire a paced run books: tx_ahead / 8 */
	uint64_t rx_pb_ps;            /* line time to fill the RX packet buffer */
	uint64_t pkt_gap_ps;          /* modeled packet-rate limit (§7): least
				       * time between two frames; 0 = none */

	/* link */
	enum i40e_sim_link_kind link;
	struct i40e_sim_port *peer;
	_Atomic bool admin_up;        /* read by a peer's TX engine (§6.2) */
	_Atomic bool quarantined;     /* latched until reset (§8.2) */

	/* TX side: serialised by tx_lock; the single producer of peer->in */
	alignas(I40E_SIM_CACHE_LINE) atomic_flag tx_lock;
	uint64_t wire_busy_ps;        /* end of the last frame put on the wire */
	bool peer_rx_held;            /* this TX run holds peer->rx_busy (§6.2) */
	struct sun4v_dma_xcache tx_ring_xc; /* the TX engine's translations: */
	struct sun4v_dma_xcache tx_buf_xc;  /* descriptor ring, buffers */
	uint64_t tx_direct_wb;        /* frames written back straight into a
				       * peer's ring (§6.2), for poll's count */
	_Atomic uint32_t tx_pending;  /* queues with work left by pacing */
	uint64_t tx_pending_map[I40E_SIM_MAX_QUEUES / 64];
	/* Deferred doorbells (§9.3): rung by the driver, taken by the
	 * engine's poll under tx_lock. */
	bool tx_deferred;
	_Atomic bool tx_bell;
	_Atomic uint64_t tx_bell_map[I40E_SIM_MAX_QUEUES / 64];

	/* RX side: delivery serialised by rx_busy; the consumer of in */
	alignas(I40E_SIM_CACHE_LINE) atomic_flag rx_busy;
	struct i40e_sim_fifo in;      /* frames arriving at this port */
	struct i40e_sim_wb *wb;       /* I40E_SIM_WB_MAX pending write-backs */
	struct sun4v_dma_xcache rx_ring_xc; /* the RX engine's translations: */
	struct sun4v_dma_xcache rx_buf_xc;  /* descriptor ring, buffers */
	uint32_t wb_head, wb_tail;    /* under rx_busy */
	struct i40e_sim_wbb wbb;      /* under rx_busy */
	struct i40e_sim_gen gen;

	/* RSS (§4.7) */
	uint8_t rss_key[I40E_HW_RSS_KEY_SIZE];
	uint8_t rss_lut[I40E_HW_RSS_LUT_SIZE];
	uint64_t rss_hena;            /* PCTYPE enable mask */

	/* receive filters (§4.8): SIM_RXCTL and the two MAC tables, as
	 * written; *_used bounds the lookup (1 + highest valid entry) */
	uint32_t rxctl;
	uint32_t uc_lo[I40E_HW_SIM_MAC_FILTERS], uc_hi[I40E_HW_SIM_MAC_FILTERS];
	uint32_t mc_lo[I40E_HW_SIM_MAC_FILTERS], mc_hi[I40E_HW_SIM_MAC_FILTERS];
	uint32_t uc_used, mc_used;

	/* fault injection (§8.3) */
	struct i40e_sim_inject_conf inject;
	uint32_t inject_countdown;

	struct i40e_sim_rxq *rxq;
	struct i40e_sim_txq *txq;
	/* Counters, one copy per writer so no increment is atomic (§10):
	 * st_tx under tx_lock, st_rx under rx_busy, st_ctl with atomic adds. */
	struct i40e_sim_port_stats st_tx;
	struct i40e_sim_port_stats st_rx;
	struct i40e_sim_port_stats st_ctl;
	_Atomic unsigned int guest_logged;
	uint8_t scratch[I40E_HW_MAX_FRAME]; /* TX frames bound for the sink */
	uint8_t gen_frame[I40E_HW_MAX_FRAME];
	uint8_t rx_strip[I40E_HW_MAX_FRAME]; /* a frame without its VLAN tag
					      * (§4.10), under rx_busy */
};

/* Result of classifying one frame (§4.4, §4.7). */
struct i40e_sim_rx_class {
	uint32_t ptype;
	uint32_t umbcast;
	bool l3l4p;                   /* checksums checked (§4.9) */
	bool hash_valid;
	uint32_t hash;
	uint32_t queue;
	uint32_t err;                 /* ERROR field: IPE/L4E (§4.9) */
	bool vlan;                    /* one 802.1Q tag after the MACs */
	bool stripped;                /* that tag was removed (§4.10) */
	uint16_t tci;
	/* §4.9: the L4 checksum still to verify over [l4_off, l4_off +
	 * l4_len); l4_check false when there is none */
	bool l4_check;
	bool v6;
	bool udp_zero;                /* UDP checksum field 0 ("none" on IPv4) */
	uint8_t proto;
	uint8_t ihl;                  /* IPv4 header bytes to check (§4.9), 0: none */
	uint32_t l3_off, l4_off, l4_len;
};

/* One packet as the TX descriptor scan found it (§5.2). */
#define I40E_SIM_TX_RS_MAX 16u

struct i40e_sim_tx_seg {
	uint64_t addr;
	uint32_t len;
};

struct i40e_sim_tx_rs {
	uint32_t idx;
	uint64_t qw1;
};

struct i40e_sim_tx_pkt {
	struct i40e_sim_tx_seg seg[I40E_HW_TX_MAX_DATA_PER_TSO];
	struct i40e_sim_tx_rs rs[I40E_SIM_TX_RS_MAX];
	uint32_t nseg, nrs, ndesc, nctx, total;
	uint32_t end;        /* ring index after the packet */
	const char *why;     /* non-NULL: malformed (§5.5) */
	/* §5.6/§5.7: offload fields of the first data descriptor and the
	 * context descriptor's TSO request */
	uint32_t cmd, off, l2tag1;
	bool tso;
	uint32_t tso_len, mss;
};

/* i40e_sim.c */
void i40e_sim_guest_error(struct i40e_sim_port *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
uint64_t i40e_sim_now_ps(struct i40e_sim_port *p);
void i40e_sim_note_fault(struct i40e_sim_port *p);

/* i40e_sim_rx.c */
int i40e_sim_rxq_enable(struct i40e_sim_port *p, struct i40e_sim_rxq *q);
int i40e_sim_rx_frame(struct i40e_sim_port *p, const uint8_t *frame,
		      uint32_t len, bool may_wait);
int i40e_sim_rx_deliver(struct i40e_sim_port *p, uint64_t now_ps);
void i40e_sim_rx_wb_flush(struct i40e_sim_port *p);
void i40e_sim_rx_link_drop(struct i40e_sim_port *p);
/* i40e_sim_rx_direct(): written, write-back waits for its arrival time */
#define I40E_SIM_RX_PENDING 2
int i40e_sim_rx_direct(struct i40e_sim_port *p, struct sun4v_dma_xcache *src_xc,
		       struct sun4v_func *src_fn, uint64_t src_dvma, uint32_t len, uint64_t time_ps,
		       uint64_t now_ps);

/* i40e_sim_tx.c */
/* §7: time a frame of @len bytes books on the wire: its Ethernet time, at
 * least the packet-rate limit's gap. */
static inline uint64_t
i40e_sim_frame_ps(const struct i40e_sim_port *p, uint32_t len)
{
	uint64_t t = i40e_hw_wire_bytes(len) * p->ps_per_byte;

	return t > p->pkt_gap_ps ? t : p->pkt_gap_ps;
}
int i40e_sim_txq_enable(struct i40e_sim_port *p, struct i40e_sim_txq *q);
int i40e_sim_tx_kick(struct i40e_sim_port *p, uint16_t queue, uint32_t tail);
int i40e_sim_tx_pending_run(struct i40e_sim_port *p);
void i40e_sim_tx_lock(struct i40e_sim_port *p);
void i40e_sim_tx_unlock(struct i40e_sim_port *p);

/* Where one outgoing frame is built (§5.4): the peer's FIFO slot, or
 * the port's scratch for a sink / full FIFO / peer link down. */
struct i40e_sim_tx_out {
	struct i40e_sim_fifo *out;
	uint8_t *dst;
	uint64_t cells;
	bool peer_down;
};
uint8_t *i40e_sim_tx_out_begin(struct i40e_sim_port *p, uint32_t len,
			       struct i40e_sim_tx_out *o);
void i40e_sim_tx_out_end(struct i40e_sim_port *p, struct i40e_sim_txq *q,
			 const struct i40e_sim_tx_out *o, uint32_t len,
			 uint64_t now_ps);
void i40e_sim_tx_read_fault(struct i40e_sim_port *p, struct i40e_sim_txq *q);

/* i40e_sim_txol.c: checksum/VLAN insertion (§5.6) and TSO (§5.7) */
#define I40E_SIM_TX_OL_CMDS (I40E_HW_TXD_CMD_IL2TAG1 | I40E_HW_TXD_CMD_IIPT_MASK | \
			     I40E_HW_TXD_CMD_L4T_MASK)
const char *i40e_sim_tx_ol_check(const struct i40e_sim_tx_pkt *pk);
bool i40e_sim_tx_ol_wanted(const struct i40e_sim_tx_pkt *pk);
void i40e_sim_tx_ol_transmit(struct i40e_sim_port *p, struct i40e_sim_txq *q,
			     const struct i40e_sim_tx_pkt *pk, uint64_t now_ps);

/* i40e_sim_csum.c (RFC 1071; §4.9, §5.6); the sum itself is inline in
 * i40e_sim_csum.h */
uint16_t i40e_sim_ipv4_hdr_csum(const uint8_t *ip, uint32_t ihl);

/* i40e_sim_rss.c */
/* @avail bytes of the frame are at @frame; @len is its whole length. */
/* §4.9: IPE from the IPv4 header checksum, for a queue that checks. */
void i40e_sim_ipv4_hdr_check(struct i40e_sim_rx_class *c, const uint8_t *frame);
void i40e_sim_classify(const struct i40e_sim_port *p, const uint8_t *frame,
		       uint32_t avail, uint32_t len, struct i40e_sim_rx_class *c);
/*
 * §4.9 (inline: every received TCP/UDP frame): @l4_sum is the one's-complement sum of the L4 bytes (checksum
 * field included); with the pseudo-header it must fold to 0xFFFF.  A UDP
 * checksum of 0 over IPv4 means "none" (RFC 768); over IPv6 it is an
 * error (RFC 8200 §8.1).
 */
static inline void
i40e_sim_l4_verdict(struct i40e_sim_rx_class *c, const uint8_t *ip,
		    uint32_t l4_sum)
{
	uint32_t sum = i40e_sim_csum_pseudo(ip, c->v6, c->proto, c->l4_len, true);

	c->l4_check = false;
	if (c->udp_zero && !c->v6)
		return;
	sum = i40e_sim_csum_fold(sum + l4_sum);
	if (sum != 0xFFFF || c->udp_zero)
		c->err |= (uint32_t)(I40E_HW_RXD_ERROR_L4E >>
				     I40E_HW_RXD_QW1_ERROR_SHIFT);
}


/* i40e_sim_wire.c */
int i40e_sim_gen_run(struct i40e_sim_port *p, uint64_t now_ps);
void i40e_sim_gen_build(struct i40e_sim_port *p);

#endif /* I40E_SIM_PRIV_H */
