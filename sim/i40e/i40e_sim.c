/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Simulated XL710 port: lifecycle, the register file (doc/spec/i40e-sim.md
 * §3), the poll hook (§2.3), reset, link state and counters.  The engines
 * live in i40e_sim_rx.c / i40e_sim_tx.c, the wire in i40e_sim_wire.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i40e_sim_priv.h"
#include "sun4v_dma.h"

/* ---- helpers ----------------------------------------------------------- */

/* §8.1: count a guest error and log it, quiet after a short burst. */
void
i40e_sim_guest_error(struct i40e_sim_port *p, const char *fmt, ...)
{
	va_list ap;

	__atomic_fetch_add(&p->st_ctl.guest_errors, 1, __ATOMIC_RELAXED);
	if (atomic_fetch_add(&p->guest_logged, 1) >= I40E_SIM_GUEST_LOG_BURST)
		return;
	fprintf(stderr, "sim.i40e.guest: %s: ", p->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static uint64_t
default_clock(void *arg)
{
	struct timespec ts;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

uint64_t
i40e_sim_now_ps(struct i40e_sim_port *p)
{
	return p->clock(p->clock_arg) * 1000u;
}

/* §8.2: after any DMA fault, see whether the platform quarantined us. */
void
i40e_sim_note_fault(struct i40e_sim_port *p)
{
	if (sun4v_func_quarantined(p->func))
		atomic_store(&p->quarantined, true);
}

bool
i40e_sim_link_up(const struct i40e_sim_port *p)
{
	return p->admin_up && !atomic_load_explicit(&p->quarantined, memory_order_relaxed);
}

unsigned int
i40e_sim_nb_queues(const struct i40e_sim_port *p)
{
	return p->nb_queues;
}

static void
rx_lock(struct i40e_sim_port *p)
{
	while (atomic_flag_test_and_set_explicit(&p->rx_busy, memory_order_acquire)) {
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	}
}

static void
rx_unlock(struct i40e_sim_port *p)
{
	atomic_flag_clear_explicit(&p->rx_busy, memory_order_release);
}

/* ---- registers (§3) ------------------------------------------------------ */

static int
rd_qtx_ena(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	*v = (p->txq[i].ena_req ? I40E_HW_QENA_REQ : 0) |
	     (p->txq[i].enabled ? I40E_HW_QENA_STAT : 0);
	return 0;
}

/* §3.3: enabling validates the context; a bad one leaves STAT clear. */
static int
wr_qtx_ena(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	struct i40e_sim_txq *q = &p->txq[i];
	int rc = 0;

	i40e_sim_tx_lock(p);
	q->ena_req = (v & I40E_HW_QENA_REQ) && !(v & I40E_HW_QENA_FAST_QDIS);
	if (q->ena_req && !q->enabled)
		rc = i40e_sim_txq_enable(p, q);
	else if (!q->ena_req)
		q->enabled = false;
	i40e_sim_tx_unlock(p);
	return rc;
}

static int
rd_qtx_ctl(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	*v = p->txq[i].ctl;
	return 0;
}

static int
wr_qtx_ctl(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	p->txq[i].ctl = v;
	return 0;
}

static int
rd_qtx_tail(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	*v = atomic_load(&p->txq[i].tail);
	return 0;
}

static int
wr_qtx_tail(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	return i40e_sim_tx_kick(p, (uint16_t)i, v);
}

static int
rd_qtx_head(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	*v = atomic_load(&p->txq[i].head);
	return 0;
}

static int
rd_qrx_ena(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	*v = (p->rxq[i].ena_req ? I40E_HW_QENA_REQ : 0) |
	     (p->rxq[i].enabled ? I40E_HW_QENA_STAT : 0);
	return 0;
}

static int
wr_qrx_ena(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	struct i40e_sim_rxq *q = &p->rxq[i];
	int rc = 0;

	rx_lock(p);
	q->ena_req = (v & I40E_HW_QENA_REQ) && !(v & I40E_HW_QENA_FAST_QDIS);
	if (q->ena_req && !q->enabled)
		rc = i40e_sim_rxq_enable(p, q);
	else if (!q->ena_req)
		q->enabled = false;
	rx_unlock(p);
	return rc;
}

static int
rd_qrx_tail(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	*v = atomic_load(&p->rxq[i].tail);
	return 0;
}

/* §4.1: the RX tail hands descriptors [head, tail) to the device. */
static int
wr_qrx_tail(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	struct i40e_sim_rxq *q = &p->rxq[i];

	if (v > I40E_HW_QTAIL_MASK || (q->enabled && v >= q->nb_desc)) {
		i40e_sim_guest_error(p, "RX queue %u: tail %u beyond the ring", i, v);
		return -EINVAL;
	}
	__atomic_fetch_add(&p->st_ctl.rx_tail_writes, 1, __ATOMIC_RELAXED);
	atomic_store_explicit(&q->tail, v, memory_order_release);
	return 0;
}

static int
rd_hkey(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	const uint8_t *k = &p->rss_key[4 * i];

	*v = (uint32_t)k[0] | (uint32_t)k[1] << 8 | (uint32_t)k[2] << 16 | (uint32_t)k[3] << 24;
	return 0;
}

/* §4.7: key byte 4i+n sits in bits 8n..8n+7 of HKEY(i). */
static int
wr_hkey(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	for (unsigned int n = 0; n < 4; n++)
		p->rss_key[4 * i + n] = (uint8_t)(v >> (8 * n));
	return 0;
}

static int
rd_hlut(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	const uint8_t *e = &p->rss_lut[4 * i];

	*v = (uint32_t)e[0] | (uint32_t)e[1] << 8 | (uint32_t)e[2] << 16 | (uint32_t)e[3] << 24;
	return 0;
}

static int
wr_hlut(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	for (unsigned int n = 0; n < 4; n++)
		p->rss_lut[4 * i + n] = (uint8_t)(v >> (8 * n));
	return 0;
}

static int
rd_hena(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	*v = (uint32_t)(p->rss_hena >> (32 * i));
	return 0;
}

static int
wr_hena(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	uint64_t mask = 0xFFFFFFFFULL << (32 * i);

	p->rss_hena = (p->rss_hena & ~mask) | ((uint64_t)v << (32 * i));
	return 0;
}

static int
rd_zero(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	(void)p;
	(void)i;
	*v = 0;
	return 0;
}

static int
rd_rxctl(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	(void)i;
	*v = p->rxctl;
	return 0;
}

/* §4.8: UPE and MPE; the other bits are reserved (write 0). */
static int
wr_rxctl(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	(void)i;
	if (v & ~(I40E_HW_SIM_RXCTL_UPE | I40E_HW_SIM_RXCTL_MPE)) {
		i40e_sim_guest_error(p, "SIM_RXCTL: reserved bits in 0x%x", v);
		return -EINVAL;
	}
	p->rxctl = v;
	return 0;
}

/* 1 + the highest valid entry of a MAC table (bounds the lookup). */
static uint32_t
mac_used(const uint32_t *hi)
{
	uint32_t n = I40E_HW_SIM_MAC_FILTERS;

	while (n > 0 && !(hi[n - 1] & I40E_HW_SIM_MAC_HI_VALID))
		n--;
	return n;
}

/* §4.8: MAC filter tables; HI holds bytes 4-5 and VALID.  A write
 * recomputes both lookup bounds (control path). */
#define MAC_REG(arr)                                                         \
	static int rd_##arr(struct i40e_sim_port *p, uint32_t i, uint32_t *v) \
	{                                                                    \
		*v = p->arr[i];                                              \
		return 0;                                                    \
	}                                                                    \
	static int wr_##arr(struct i40e_sim_port *p, uint32_t i, uint32_t v)  \
	{                                                                    \
		p->arr[i] = v;                                               \
		p->uc_used = mac_used(p->uc_hi);                             \
		p->mc_used = mac_used(p->mc_hi);                             \
		return 0;                                                    \
	}
MAC_REG(uc_lo)
MAC_REG(uc_hi)
MAC_REG(mc_lo)
MAC_REG(mc_hi)

static int
wr_pfgen_ctrl(struct i40e_sim_port *p, uint32_t i, uint32_t v)
{
	(void)i;
	if (v & I40E_HW_PFGEN_CTRL_PFSWR)
		return i40e_sim_port_reset(p);
	return 0;
}

/* SIM-ONLY context registers: only writable while the queue is disabled. */
#define CTX_REG(fn, arr, field, en)                                          \
	static int rd_##fn(struct i40e_sim_port *p, uint32_t i, uint32_t *v) \
	{                                                                    \
		*v = p->arr[i].field;                                        \
		return 0;                                                    \
	}                                                                    \
	static int wr_##fn(struct i40e_sim_port *p, uint32_t i, uint32_t v)  \
	{                                                                    \
		if (p->arr[i].en) {                                          \
			i40e_sim_guest_error(p, #fn "(%u) written while the " \
					     "queue is enabled", i);         \
			return -EBUSY;                                       \
		}                                                            \
		p->arr[i].field = v;                                         \
		return 0;                                                    \
	}
CTX_REG(qrx_base_lo, rxq, base_lo, enabled)
CTX_REG(qrx_base_hi, rxq, base_hi, enabled)
CTX_REG(qrx_len, rxq, len_reg, enabled)
CTX_REG(qrx_ctl, rxq, ctl, enabled)
CTX_REG(qtx_base_lo, txq, base_lo, enabled)
CTX_REG(qtx_base_hi, txq, base_hi, enabled)
CTX_REG(qtx_len, txq, len_reg, enabled)

static int
rd_qrx_head(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	*v = p->rxq[i].head;
	return 0;
}

static int
rd_link(struct i40e_sim_port *p, uint32_t i, uint32_t *v)
{
	(void)i;
	*v = (i40e_sim_link_up(p) ? I40E_HW_SIM_LINK_UP : 0) |
	     (p->speed_mbps / 1000u) << I40E_HW_SIM_LINK_SPEED_SHIFT;
	return 0;
}

/* One register array: @count registers @stride bytes apart from @base. */
struct reg_range {
	const char *name;
	uint32_t base;
	uint32_t stride;
	uint32_t count;
	bool per_queue;  /* index must be below nb_queues to be implemented */
	int (*rd)(struct i40e_sim_port *p, uint32_t i, uint32_t *v);
	int (*wr)(struct i40e_sim_port *p, uint32_t i, uint32_t v); /* NULL: RO */
};

#define NQ I40E_HW_NUM_QUEUE_PAIRS
/* Tails first: they are the hot registers. */
static const struct reg_range reg_map[] = {
	{ "QTX_TAIL", I40E_HW_QTX_TAIL(0), 4, NQ, true, rd_qtx_tail, wr_qtx_tail },
	{ "QRX_TAIL", I40E_HW_QRX_TAIL(0), 4, NQ, true, rd_qrx_tail, wr_qrx_tail },
	{ "QTX_HEAD", I40E_HW_QTX_HEAD(0), 4, NQ, true, rd_qtx_head, NULL },
	{ "QTX_ENA", I40E_HW_QTX_ENA(0), 4, NQ, true, rd_qtx_ena, wr_qtx_ena },
	{ "QTX_CTL", I40E_HW_QTX_CTL(0), 4, NQ, true, rd_qtx_ctl, wr_qtx_ctl },
	{ "QRX_ENA", I40E_HW_QRX_ENA(0), 4, NQ, true, rd_qrx_ena, wr_qrx_ena },
	{ "PFQF_HKEY", I40E_HW_PFQF_HKEY(0), 128, I40E_HW_PFQF_HKEY_NUM, false, rd_hkey, wr_hkey },
	{ "PFQF_HLUT", I40E_HW_PFQF_HLUT(0), 128, I40E_HW_PFQF_HLUT_NUM, false, rd_hlut, wr_hlut },
	{ "PFQF_HENA", I40E_HW_PFQF_HENA(0), 128, 2, false, rd_hena, wr_hena },
	{ "PFGEN_CTRL", I40E_HW_PFGEN_CTRL, 4, 1, false, rd_zero, wr_pfgen_ctrl },
	{ "SIM_QRX_BASE_LO", I40E_HW_SIM_QRX_BASE_LO(0), 4, NQ, true, rd_qrx_base_lo, wr_qrx_base_lo },
	{ "SIM_QRX_BASE_HI", I40E_HW_SIM_QRX_BASE_HI(0), 4, NQ, true, rd_qrx_base_hi, wr_qrx_base_hi },
	{ "SIM_QRX_LEN", I40E_HW_SIM_QRX_LEN(0), 4, NQ, true, rd_qrx_len, wr_qrx_len },
	{ "SIM_QRX_CTL", I40E_HW_SIM_QRX_CTL(0), 4, NQ, true, rd_qrx_ctl, wr_qrx_ctl },
	{ "SIM_QRX_HEAD", I40E_HW_SIM_QRX_HEAD(0), 4, NQ, true, rd_qrx_head, NULL },
	{ "SIM_QTX_BASE_LO", I40E_HW_SIM_QTX_BASE_LO(0), 4, NQ, true, rd_qtx_base_lo, wr_qtx_base_lo },
	{ "SIM_QTX_BASE_HI", I40E_HW_SIM_QTX_BASE_HI(0), 4, NQ, true, rd_qtx_base_hi, wr_qtx_base_hi },
	{ "SIM_QTX_LEN", I40E_HW_SIM_QTX_LEN(0), 4, NQ, true, rd_qtx_len, wr_qtx_len },
	{ "SIM_LINK_STATUS", I40E_HW_SIM_LINK_STATUS, 4, 1, false, rd_link, NULL },
	{ "SIM_RXCTL", I40E_HW_SIM_RXCTL, 4, 1, false, rd_rxctl, wr_rxctl },
	{ "SIM_UC_LO", I40E_HW_SIM_UC_LO(0), 4, I40E_HW_SIM_MAC_FILTERS, false, rd_uc_lo, wr_uc_lo },
	{ "SIM_UC_HI", I40E_HW_SIM_UC_HI(0), 4, I40E_HW_SIM_MAC_FILTERS, false, rd_uc_hi, wr_uc_hi },
	{ "SIM_MC_LO", I40E_HW_SIM_MC_LO(0), 4, I40E_HW_SIM_MAC_FILTERS, false, rd_mc_lo, wr_mc_lo },
	{ "SIM_MC_HI", I40E_HW_SIM_MC_HI(0), 4, I40E_HW_SIM_MAC_FILTERS, false, rd_mc_hi, wr_mc_hi },
};

static const struct reg_range *
reg_lookup(uint32_t offset, uint32_t *index)
{
	for (size_t r = 0; r < sizeof(reg_map) / sizeof(reg_map[0]); r++) {
		const struct reg_range *rr = &reg_map[r];
		uint32_t delta = offset - rr->base;

		if (offset >= rr->base && delta % rr->stride == 0 &&
		    delta / rr->stride < rr->count) {
			*index = delta / rr->stride;
			return rr;
		}
	}
	return NULL;
}

int
i40e_sim_reg_read(struct i40e_sim_port *port, uint32_t offset, uint32_t *value)
{
	const struct reg_range *rr;
	uint32_t i;

	rr = reg_lookup(offset, &i);
	if (rr == NULL) {
		i40e_sim_guest_error(port, "read of unknown register 0x%08x", offset);
		*value = 0xFFFFFFFFu;
		return -EINVAL;
	}
	if (rr->per_queue && i >= port->nb_queues) {
		*value = 0;   /* a queue this port does not implement reads as 0 */
		return 0;
	}
	return rr->rd(port, i, value);
}

int
i40e_sim_reg_write(struct i40e_sim_port *port, uint32_t offset, uint32_t value)
{
	const struct reg_range *rr;
	uint32_t i;

	rr = reg_lookup(offset, &i);
	if (rr == NULL) {
		i40e_sim_guest_error(port, "write 0x%08x to unknown register 0x%08x",
				     value, offset);
		return -EINVAL;
	}
	if (rr->wr == NULL) {
		i40e_sim_guest_error(port, "write 0x%08x to read-only %s(%u)",
				     value, rr->name, i);
		return -EPERM;
	}
	if (rr->per_queue && i >= port->nb_queues) {
		i40e_sim_guest_error(port, "write to %s(%u): queue not implemented "
				     "(port has %u)", rr->name, i, port->nb_queues);
		return -EINVAL;
	}
	return rr->wr(port, i, value);
}

int
i40e_sim_tx_doorbell(struct i40e_sim_port *port, uint16_t queue, uint32_t tail)
{
	return i40e_sim_tx_kick(port, queue, tail);
}

/* ---- poll hook (§2.3) ---------------------------------------------------- */

int
i40e_sim_poll(struct i40e_sim_port *port)
{
	uint64_t now_ps;
	int n = 0;

	if (!atomic_load_explicit(&port->quarantined, memory_order_relaxed) &&
	    sun4v_func_quarantined(port->func))
		atomic_store(&port->quarantined, true);
	if (atomic_load_explicit(&port->tx_pending, memory_order_relaxed) ||
	    atomic_load_explicit(&port->tx_bell, memory_order_relaxed))
		n = i40e_sim_tx_pending_run(port);
	/* Another thread is delivering for this port: it covers this poll. */
	if (atomic_flag_test_and_set_explicit(&port->rx_busy, memory_order_acquire))
		return n;
	port->st_rx.polls++;
	now_ps = port->paced ? i40e_sim_now_ps(port) : 0;
	n += i40e_sim_rx_deliver(port, now_ps);
	if (port->gen.active)
		n += i40e_sim_gen_run(port, now_ps);
	rx_unlock(port);
	return n;
}

/* ---- lifecycle ------------------------------------------------------------ */

static void
port_state_reset(struct i40e_sim_port *p)
{
	for (unsigned int i = 0; i < p->nb_queues; i++) {
		struct i40e_sim_queue_stats rst = p->rxq[i].st, tst = p->txq[i].st;

		memset(&p->rxq[i], 0, sizeof(p->rxq[i]));
		memset(&p->txq[i], 0, sizeof(p->txq[i]));
		p->rxq[i].st = rst;   /* counters survive a reset */
		p->txq[i].st = tst;
	}
	memset(p->rss_key, 0, sizeof(p->rss_key));
	memset(p->rss_lut, 0, sizeof(p->rss_lut));
	p->rss_hena = 0;
	/* §4.8: the model's reset state accepts every frame (a driver that
	 * never programs the filters sees what it always saw). */
	p->rxctl = I40E_HW_SIM_RXCTL_UPE | I40E_HW_SIM_RXCTL_MPE;
	memset(p->uc_lo, 0, sizeof(p->uc_lo));
	memset(p->uc_hi, 0, sizeof(p->uc_hi));
	memset(p->mc_lo, 0, sizeof(p->mc_lo));
	memset(p->mc_hi, 0, sizeof(p->mc_hi));
	p->uc_used = 0;
	p->mc_used = 0;
	memset(p->tx_pending_map, 0, sizeof(p->tx_pending_map));
	atomic_store(&p->tx_pending, 0);
	atomic_store(&p->tx_bell, false);
	p->wb_head = 0;
	p->wb_tail = 0;
	for (unsigned int w = 0; w < I40E_SIM_MAX_QUEUES / 64; w++)
		atomic_store(&p->tx_bell_map[w], 0);
	i40e_sim_fifo_clear(&p->in);
	p->wire_busy_ps = 0;
	p->gen.next_ps = 0;
	atomic_store(&p->quarantined, sun4v_func_quarantined(p->func));
}

int
i40e_sim_port_reset(struct i40e_sim_port *port)
{
	i40e_sim_tx_lock(port);
	rx_lock(port);
	port_state_reset(port);
	rx_unlock(port);
	i40e_sim_tx_unlock(port);
	return 0;
}

static int
conf_check(const struct i40e_sim_port_conf *c, uint32_t *speed,
	   unsigned int *nbq, uint32_t *fifo)
{
	*speed = c->speed_mbps ? c->speed_mbps : I40E_HW_SPEED_40G_MBPS;
	*nbq = c->nb_queues ? c->nb_queues : I40E_SIM_DEFAULT_QUEUES;
	*fifo = c->fifo_bytes ? c->fifo_bytes : I40E_SIM_DEFAULT_FIFO_BYTES;
	if (c->func == NULL) {
		fprintf(stderr, "sim.i40e: port conf: func is NULL\n");
		return -EINVAL;
	}
	if (*speed != I40E_HW_SPEED_10G_MBPS && *speed != I40E_HW_SPEED_25G_MBPS &&
	    *speed != I40E_HW_SPEED_40G_MBPS && *speed != I40E_HW_SPEED_100G_MBPS) {
		fprintf(stderr, "sim.i40e: port conf: speed_mbps %u not 10/25/40/100G\n",
			*speed);
		return -EINVAL;
	}
	if (*nbq > I40E_SIM_MAX_QUEUES) {
		fprintf(stderr, "sim.i40e: port conf: nb_queues %u > %u\n", *nbq,
			I40E_SIM_MAX_QUEUES);
		return -EINVAL;
	}
	if (*fifo < 65536u || (*fifo & (*fifo - 1)) != 0 || *fifo > (1u << 30)) {
		fprintf(stderr, "sim.i40e: port conf: fifo_bytes %u not a power of 2 "
			"in 64 KiB..1 GiB\n", *fifo);
		return -EINVAL;
	}
	return 0;
}

int
i40e_sim_port_create(const struct i40e_sim_port_conf *conf,
		     struct i40e_sim_port **out)
{
	size_t sz = (sizeof(struct i40e_sim_port) + I40E_SIM_CACHE_LINE - 1) &
		    ~(size_t)(I40E_SIM_CACHE_LINE - 1);
	struct i40e_sim_port *p;
	unsigned int nbq;
	uint32_t speed, fifo;
	int rc;

	if (conf == NULL || out == NULL)
		return -EINVAL;
	rc = conf_check(conf, &speed, &nbq, &fifo);
	if (rc != 0)
		return rc;
	p = aligned_alloc(I40E_SIM_CACHE_LINE, sz);
	if (p == NULL)
		return -ENOMEM;
	memset(p, 0, sz);
	snprintf(p->name, sizeof(p->name), "%s", conf->name ? conf->name : "i40e_sim");
	p->func = conf->func;
	p->speed_mbps = speed;
	p->ps_per_byte = 8000000u / speed;   /* exact for 10/25/40/100G */
	p->paced = !conf->pace_off;
	p->clock = conf->clock ? conf->clock : default_clock;
	p->clock_arg = conf->clock_arg;
	p->nb_queues = nbq;
	p->tx_ahead_ps = (uint64_t)(conf->tx_ahead_ns ? conf->tx_ahead_ns :
				    I40E_SIM_DEFAULT_TX_AHEAD_NS) * 1000u;
	p->tx_run_ps = p->tx_ahead_ps / 8;
	p->rx_pb_ps = (uint64_t)(conf->rx_pb_bytes ? conf->rx_pb_bytes :
				 I40E_SIM_DEFAULT_RX_PB_BYTES) * p->ps_per_byte;
	/* §7: a modeled cost, named and documented; 0 turns it off. */
	if (!conf->pps_limit_set || conf->pps_limit != 0)
		p->pkt_gap_ps = UINT64_C(1000000000000) /
				(conf->pps_limit_set ? conf->pps_limit :
				 I40E_SIM_DEFAULT_PPS_LIMIT);
	p->admin_up = true;
	p->tx_deferred = conf->tx_deferred;
	atomic_flag_clear(&p->tx_lock);
	atomic_flag_clear(&p->rx_busy);
	p->rxq = calloc(nbq, sizeof(*p->rxq));
	p->txq = calloc(nbq, sizeof(*p->txq));
	p->wb = calloc(I40E_SIM_WB_MAX, sizeof(*p->wb));
	if (p->rxq == NULL || p->txq == NULL || p->wb == NULL ||
	    i40e_sim_fifo_init(&p->in, fifo) != 0) {
		free(p->rxq);
		free(p->txq);
		free(p->wb);
		free(p);
		return -ENOMEM;
	}
	port_state_reset(p);
	*out = p;
	return 0;
}

void
i40e_sim_port_destroy(struct i40e_sim_port *port)
{
	if (port == NULL)
		return;
	i40e_sim_port_disconnect(port);
	i40e_sim_fifo_fini(&port->in);
	free(port->wb);
	free(port->rxq);
	free(port->txq);
	free(port);
}

/* §6.2: a link going down ends every frame still on its way in. */
int
i40e_sim_port_set_link(struct i40e_sim_port *port, bool up)
{
	if (up || !atomic_load(&port->admin_up)) {
		atomic_store(&port->admin_up, up);
		return 0;
	}
	rx_lock(port);
	/* What has fully arrived is received (all of it when unpaced) ... */
	i40e_sim_rx_deliver(port, port->paced ? i40e_sim_now_ps(port) : 0);
	atomic_store(&port->admin_up, false);
	/* ... the rest is lost with the link. */
	i40e_sim_rx_link_drop(port);
	rx_unlock(port);
	return 0;
}

int
i40e_sim_inject_set(struct i40e_sim_port *port, const struct i40e_sim_inject_conf *conf)
{
	if (port == NULL)
		return -EINVAL;
	if (conf == NULL || conf->mode == I40E_SIM_INJECT_OFF || conf->every == 0) {
		memset(&port->inject, 0, sizeof(port->inject));
		return 0;
	}
	if (conf->mode != I40E_SIM_INJECT_DVMA && conf->mode != I40E_SIM_INJECT_STALE)
		return -EINVAL;
	port->inject = *conf;
	port->inject_countdown = conf->every;
	return 0;
}

/* ---- counters (§10) ---------------------------------------------------- */

int
i40e_sim_port_stats_get(const struct i40e_sim_port *port,
			struct i40e_sim_port_stats *out)
{
	const uint64_t *a = (const uint64_t *)&port->st_tx;
	const uint64_t *b = (const uint64_t *)&port->st_rx;
	const uint64_t *c = (const uint64_t *)&port->st_ctl;
	uint64_t *o = (uint64_t *)out;
	uint64_t ovf = atomic_load_explicit(&((struct i40e_sim_port *)port)->in.overflow,
					    memory_order_relaxed);

	for (size_t i = 0; i < sizeof(*out) / sizeof(uint64_t); i++)
		o[i] = a[i] + b[i] + c[i];
	out->rx_fifo_overflow += ovf;
	out->rx_missed += ovf;
	return 0;
}

int
i40e_sim_queue_stats_get(const struct i40e_sim_port *port, uint16_t queue,
			 struct i40e_sim_queue_stats *rx,
			 struct i40e_sim_queue_stats *tx)
{
	if (port == NULL || queue >= port->nb_queues)
		return -EINVAL;
	if (rx != NULL)
		memcpy(rx, &port->rxq[queue].st, sizeof(*rx));
	if (tx != NULL)
		memcpy(tx, &port->txq[queue].st, sizeof(*tx));
	return 0;
}

int
i40e_sim_port_stats_reset(struct i40e_sim_port *port)
{
	memset(&port->st_tx, 0, sizeof(port->st_tx));
	memset(&port->st_rx, 0, sizeof(port->st_rx));
	memset(&port->st_ctl, 0, sizeof(port->st_ctl));
	atomic_store(&port->in.overflow, 0);
	for (unsigned int i = 0; i < port->nb_queues; i++) {
		memset(&port->rxq[i].st, 0, sizeof(port->rxq[i].st));
		memset(&port->txq[i].st, 0, sizeof(port->txq[i].st));
	}
	return 0;
}
