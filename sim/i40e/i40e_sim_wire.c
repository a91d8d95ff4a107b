/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The wire between ports (doc/spec/i40e-sim.md §6): peer/loopback/sink
 * wiring, the per-port inbound FIFO (one SPSC ring per direction) and the
 * link-partner generator.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i40e_sim_priv.h"

/* ---- §6.3 inbound FIFO ---------------------------------------------------- */

int
i40e_sim_fifo_init(struct i40e_sim_fifo *f, uint32_t bytes)
{
	memset(f, 0, sizeof(*f));
	f->cells = aligned_alloc(I40E_SIM_CACHE_LINE, bytes);
	if (f->cells == NULL)
		return -ENOMEM;
	f->nb_cells = bytes / I40E_SIM_FIFO_CELL;
	return 0;
}

void
i40e_sim_fifo_fini(struct i40e_sim_fifo *f)
{
	free(f->cells);
	f->cells = NULL;
}

/* Control path only: no producer or consumer may be running.  The
 * overflow counter is kept (it is a port counter, §10). */
void
i40e_sim_fifo_clear(struct i40e_sim_fifo *f)
{
	atomic_store(&f->prod, 0);
	atomic_store(&f->cons, 0);
	f->prod_cons_cache = 0;
	f->prod_next = 0;
	f->cons_prod_cache = 0;
	f->cons_next = 0;
}

static inline uint64_t
fifo_cells(uint32_t len)
{
	return (sizeof(struct i40e_sim_fifo_hdr) + len + I40E_SIM_FIFO_CELL - 1) /
	       I40E_SIM_FIFO_CELL;
}

/*
 * A frame occupies contiguous cells: header then data.  When it would run
 * past the end of the ring, a wrap marker fills the tail and the frame
 * starts at cell 0; marker and frame are published together.
 */
uint8_t *
i40e_sim_fifo_reserve(struct i40e_sim_fifo *f, uint32_t len, uint64_t *cells_out)
{
	uint64_t nb = f->nb_cells;
	uint64_t need = fifo_cells(len);
	uint64_t pos = f->prod_next & (nb - 1);
	uint64_t skip = pos + need > nb ? nb - pos : 0;
	uint64_t total = need + skip;
	struct i40e_sim_fifo_hdr *h;

	if (total > nb)
		return NULL;
	if (f->prod_next + total - f->prod_cons_cache > nb) {
		f->prod_cons_cache = atomic_load_explicit(&f->cons, memory_order_acquire);
		if (f->prod_next + total - f->prod_cons_cache > nb)
			return NULL;
	}
	if (skip != 0) {
		h = (struct i40e_sim_fifo_hdr *)(f->cells + pos * I40E_SIM_FIFO_CELL);
		h->len = I40E_SIM_FIFO_WRAP;
		pos = 0;
	}
	*cells_out = total;
	return f->cells + pos * I40E_SIM_FIFO_CELL + sizeof(struct i40e_sim_fifo_hdr);
}

void
i40e_sim_fifo_commit(struct i40e_sim_fifo *f, uint8_t *data, uint32_t len,
		     uint64_t time_ps, uint64_t cells)
{
	struct i40e_sim_fifo_hdr *h = (struct i40e_sim_fifo_hdr *)data - 1;

	h->len = len;
	h->rsvd = 0;
	h->time_ps = time_ps;
	f->prod_next += cells;
	/* Release: the frame bytes and header are visible before prod moves. */
	atomic_store_explicit(&f->prod, f->prod_next, memory_order_release);
}

const struct i40e_sim_fifo_hdr *
i40e_sim_fifo_peek(struct i40e_sim_fifo *f, uint64_t *cells_out)
{
	uint64_t nb = f->nb_cells;

	for (;;) {
		const struct i40e_sim_fifo_hdr *h;
		uint64_t pos;

		if (f->cons_next == f->cons_prod_cache) {
			f->cons_prod_cache = atomic_load_explicit(&f->prod,
								  memory_order_acquire);
			if (f->cons_next == f->cons_prod_cache)
				return NULL;
		}
		pos = f->cons_next & (nb - 1);
		h = (const struct i40e_sim_fifo_hdr *)(f->cells + pos * I40E_SIM_FIFO_CELL);
		if (h->len == I40E_SIM_FIFO_WRAP) {
			f->cons_next += nb - pos;
			continue;
		}
		*cells_out = fifo_cells(h->len);
		return h;
	}
}

void
i40e_sim_fifo_release(struct i40e_sim_fifo *f, uint64_t cells)
{
	f->cons_next += cells;
}

void
i40e_sim_fifo_publish(struct i40e_sim_fifo *f)
{
	atomic_store_explicit(&f->cons, f->cons_next, memory_order_release);
}

/* ---- §6.1 wiring ------------------------------------------------------ */

static void
link_detach(struct i40e_sim_port *p)
{
	if (p->link == I40E_SIM_LINK_PEER && p->peer != p && p->peer != NULL) {
		p->peer->link = I40E_SIM_LINK_SINK;
		p->peer->peer = NULL;
	}
	p->link = I40E_SIM_LINK_SINK;
	p->peer = NULL;
}

int
i40e_sim_port_connect(struct i40e_sim_port *a, struct i40e_sim_port *b)
{
	if (a == NULL || b == NULL)
		return -EINVAL;
	if (a->speed_mbps != b->speed_mbps)
		return -EINVAL;
	if (a->gen.active || b->gen.active)
		return -EBUSY;
	link_detach(a);
	link_detach(b);
	a->link = I40E_SIM_LINK_PEER;
	a->peer = b;
	b->link = I40E_SIM_LINK_PEER;
	b->peer = a;
	i40e_sim_fifo_clear(&a->in);
	i40e_sim_fifo_clear(&b->in);
	a->wire_busy_ps = 0;
	b->wire_busy_ps = 0;
	return 0;
}

int
i40e_sim_port_disconnect(struct i40e_sim_port *port)
{
	if (port == NULL)
		return -EINVAL;
	link_detach(port);
	return 0;
}

int
i40e_sim_port_unplug(struct i40e_sim_port *port)
{
	if (port == NULL)
		return -EINVAL;
	if (port->gen.active)
		return -EBUSY;
	link_detach(port);
	port->link = I40E_SIM_LINK_OPEN;
	return 0;
}

/* ---- §6.4 generator ---------------------------------------------------- */

static void
put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void
put32(uint8_t *b, uint32_t v)
{
	put16(b, (uint16_t)(v >> 16));
	put16(b + 2, (uint16_t)v);
}

static uint16_t
ipv4_csum(const uint8_t *h)
{
	uint32_t sum = 0;

	for (unsigned int i = 0; i < 20; i += 2)
		sum += (uint32_t)h[i] << 8 | h[i + 1];
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Header template: Ethernet, IPv4/IPv6, UDP/TCP; flow fields patched per frame. */
void
i40e_sim_gen_build(struct i40e_sim_port *p)
{
	struct i40e_sim_gen *g = &p->gen;
	uint8_t *t = g->tmpl;
	uint32_t l3 = 14, l4, l4len = g->conf.tcp ? 20 : 8;
	static const uint8_t dst_mac[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	static const uint8_t src_mac[6] = { 0x02, 0, 0, 0, 0, 0x01 };

	memset(t, 0, sizeof(g->tmpl));
	memcpy(t, dst_mac, 6);
	memcpy(t + 6, src_mac, 6);
	if (!g->conf.ipv6) {
		put16(t + 12, 0x0800);
		t[l3] = 0x45;
		put16(t + l3 + 2, (uint16_t)(g->pkt_len - l3));
		t[l3 + 8] = 64;
		t[l3 + 9] = g->conf.tcp ? 6 : 17;
		put32(t + l3 + 12, 0x0A000000);  /* 10.0.0.0 + flow */
		put32(t + l3 + 16, 0x0A010001);  /* 10.1.0.1 */
		l4 = l3 + 20;
	} else {
		put16(t + 12, 0x86DD);
		t[l3] = 0x60;
		put16(t + l3 + 4, (uint16_t)(g->pkt_len - l3 - 40));
		t[l3 + 6] = g->conf.tcp ? 6 : 17;
		t[l3 + 7] = 64;
		t[l3 + 8] = 0xFD;                /* fd00::<flow> -> fd01::1 */
		t[l3 + 24] = 0xFD;
		t[l3 + 25] = 0x01;
		t[l3 + 39] = 1;
		l4 = l3 + 40;
	}
	put16(t + l4 + 2, 5001);
	if (g->conf.tcp) {
		t[l4 + 12] = 0x50;               /* data offset 5 words */
		t[l4 + 13] = 0x10;               /* ACK */
		put16(t + l4 + 14, 0xFFFF);
	} else {
		put16(t + l4 + 4, (uint16_t)(g->pkt_len - l4));
	}
	g->hdr_len = l4 + l4len;
	memset(p->gen_frame, 0, sizeof(p->gen_frame));
}

/* A checksum that is certainly wrong and never 0 (which would mean "no
 * checksum" for UDP over IPv4): the right one with two bits flipped. */
static uint16_t
gen_spoil(uint16_t good)
{
	return good == 0x0101 ? 0x0202 : (uint16_t)(good ^ 0x0101);
}

/*
 * Write frame @n's headers (flow @flow) into p->gen_frame with valid
 * checksums (§6.4; the payload is zeros, so the L4 sum is the header's),
 * then spoil those the test facility asks for.
 */
static void
gen_frame_fill(struct i40e_sim_port *p, uint32_t flow, uint64_t n)
{
	struct i40e_sim_gen *g = &p->gen;
	uint8_t *f = p->gen_frame;
	uint32_t l4, l4_len, ck = g->conf.tcp ? 16 : 6;
	uint16_t sum;

	memcpy(f, g->tmpl, g->hdr_len);
	if (!g->conf.ipv6) {
		put32(f + 14 + 12, 0x0A000000u + flow);
		put16(f + 14 + 10, ipv4_csum(f + 14));
		l4 = 34;
	} else {
		put32(f + 14 + 8 + 12, flow);
		l4 = 54;
	}
	/* Source port varies too, so that ports-only hashing spreads as well. */
	put16(f + l4, (uint16_t)(1024u + flow % 64512u));
	l4_len = g->pkt_len - l4;
	sum = (uint16_t)~i40e_sim_csum_fold(
		i40e_sim_csum_pseudo(f + 14, g->conf.ipv6, g->conf.tcp ? 6 : 17,
				     l4_len, true) +
		i40e_sim_csum_add(0, f + l4, g->hdr_len - l4));
	if (!g->conf.tcp && sum == 0)
		sum = 0xFFFF;   /* RFC 768: a computed 0 is sent as all ones */
	if (g->conf.bad_l4_every != 0 && n % g->conf.bad_l4_every == 0) {
		sum = gen_spoil(sum);
		p->st_rx.gen_bad_l4_csum++;
	}
	put16(f + l4 + ck, sum);
	if (!g->conf.ipv6 && g->conf.bad_ip_every != 0 &&
	    n % g->conf.bad_ip_every == 0) {
		put16(f + 14 + 10, gen_spoil((uint16_t)(f[24] << 8 | f[25])));
		p->st_rx.gen_bad_ip_csum++;
	}
}

int
i40e_sim_gen_set(struct i40e_sim_port *port, const struct i40e_sim_gen_conf *conf)
{
	struct i40e_sim_gen *g, old;
	uint64_t line_gap;

	if (port == NULL)
		return -EINVAL;
	g = &port->gen;
	if (conf == NULL) {
		g->active = false;
		return 0;
	}
	if (port->link == I40E_SIM_LINK_PEER)
		return -EBUSY;
	/* A refused conf leaves a running generator as it was: its frames
	 * are built from conf, template and hdr_len together. */
	old = *g;
	g->conf = *conf;
	if (g->conf.frame_len == 0)
		g->conf.frame_len = I40E_HW_MIN_WIRE_FRAME;
	if (g->conf.nb_flows == 0)
		g->conf.nb_flows = 1;
	if (g->conf.burst == 0)
		g->conf.burst = 32;
	if (g->conf.frame_len < I40E_HW_MIN_WIRE_FRAME ||
	    g->conf.frame_len > I40E_HW_MAX_FRAME) {
		*g = old;
		return -EINVAL;
	}
	g->pkt_len = g->conf.frame_len - I40E_HW_FCS_BYTES;
	i40e_sim_gen_build(port);
	if (g->hdr_len > g->pkt_len) {
		*g = old;         /* e.g. IPv6/TCP needs frames of 78 bytes or more */
		i40e_sim_gen_build(port);
		return -EINVAL;
	}
	/* §7: never faster than the link; rate 0 means line rate. */
	line_gap = i40e_hw_wire_bytes(g->pkt_len) * port->ps_per_byte;
	g->gap_ps = conf->rate_pps == 0 ? line_gap : 1000000000000ULL / conf->rate_pps;
	if (g->gap_ps < line_gap)
		g->gap_ps = line_gap;
	g->next_ps = 0;
	g->sent = 0;
	g->active = true;
	return 0;
}

/* Frames the generator catches up with in one poll; older ones are missed. */
#define I40E_SIM_GEN_MAX_CATCHUP 8192u

/*
 * §6.4: emit the frames due by @now_ps (paced) or one burst (unpaced) into
 * this port's RX.  Caller holds rx_busy.  Returns frames written to rings.
 */
int
i40e_sim_gen_run(struct i40e_sim_port *p, uint64_t now_ps)
{
	struct i40e_sim_gen *g = &p->gen;
	uint64_t due, lost = 0;
	int n = 0;

	if (g->conf.count != 0 && g->sent >= g->conf.count)
		return 0;
	if (!p->paced) {
		due = g->conf.burst;
	} else {
		if (g->next_ps == 0)
			g->next_ps = now_ps;  /* the partner starts sending now */
		if (g->next_ps > now_ps)
			return 0;
		due = (now_ps - g->next_ps) / g->gap_ps + 1;
		if (due > I40E_SIM_GEN_MAX_CATCHUP) {
			/* The oldest frames take the descriptors; the rest
			 * overflowed the RX packet buffer while nobody polled. */
			lost = due - I40E_SIM_GEN_MAX_CATCHUP;
			due = I40E_SIM_GEN_MAX_CATCHUP;
		}
	}
	if (g->conf.count != 0 && g->sent + due > g->conf.count) {
		due = g->conf.count - g->sent;
		lost = 0;
	}
	for (uint64_t i = 0; i < due; i++) {
		gen_frame_fill(p, (uint32_t)(g->sent % g->conf.nb_flows),
			       g->sent + 1);
		g->sent++;
		if (!i40e_sim_link_up(p))
			p->st_rx.rx_link_down++;
		else
			n += i40e_sim_rx_frame(p, p->gen_frame, g->pkt_len,
					       false);
	}
	if (g->conf.count != 0 && g->sent + lost > g->conf.count)
		lost = g->conf.count - g->sent;
	g->sent += lost;
	p->st_rx.rx_missed += lost;
	p->st_rx.gen_frames += due + lost;
	g->next_ps += (due + lost) * g->gap_ps;
	return n;
}
