/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture of the sim/i40e tests (suite 'sim', no EAL): a sun4v platform
 * with an empty fabric and two functions on root complex 0, 32 MB of guest
 * RAM mapped through the legacy IOMMU at DVMA = 0x80000000 + offset, and
 * helpers that build rings, post buffers, send frames and read descriptors
 * back exactly as a driver would.
 */
#ifndef I40E_SIM_TEST_UTIL_H
#define I40E_SIM_TEST_UTIL_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hw/i40e_hw.h>
#include <hw/sun4v_hv_abi.h>

#include "i40e_sim.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"
#include "test_assert.h"

#define T_RAM_SIZE (32ULL << 20)
#define T_RAM_ALIGN (4ULL << 20)
#define T_LIST_BYTES ((T_RAM_SIZE / HV_IO_PAGE_SIZE) * 8)  /* page list at offset 0 */
#define T_BDF0 0x0300
#define T_BDF1 0x0301
#define T_UNMAPPED_DVMA (HV_LEGACY_DVMA_BASE + T_RAM_SIZE + (1ULL << 20))

struct t_sim {
	struct sun4v_platform *p;
	struct sun4v_func *fn[2];
	uint64_t dh;
	uint8_t *ram;
	size_t used;                 /* bump allocator in ram */
	uint64_t now_ns;             /* the manual clock */
	struct i40e_sim_port *port[2];
	unsigned int plat_log_lines;
	uint64_t rx_seen[2];         /* rx_packets at the last t_poll() */
};

struct t_rxq {
	uint16_t q;
	uint8_t *ring;
	uint8_t *bufs;
	uint32_t nb, bufsz, dsz;
};

struct t_txq {
	uint16_t q;
	uint8_t *ring;
	uint8_t *bufs;               /* 16 KB per descriptor slot */
	uint32_t nb, tail;
};

#define T_TXBUF 16384u

static inline uint64_t
t_clock(void *arg)
{
	return *(const uint64_t *)arg;
}

static inline void
t_plat_log(void *arg, enum sun4v_log_level level, const char *msg)
{
	(void)level;
	(void)msg;
	((struct t_sim *)arg)->plat_log_lines++;
}

static inline uint64_t
t_dvma(const struct t_sim *t, const void *ptr)
{
	return HV_LEGACY_DVMA_BASE + (uint64_t)((const uint8_t *)ptr - t->ram);
}

static inline void *
t_alloc(struct t_sim *t, size_t len, size_t align)
{
	size_t off = (t->used + align - 1) & ~(align - 1);

	if (off + len > T_RAM_SIZE)
		return NULL;
	t->used = off + len;
	return t->ram + off;
}

/* Map (attrs != 0) or demap (attrs == 0) @n 8 KB pages from RAM page @first. */
static inline int
t_map_pages(struct t_sim *t, uint64_t first, uint64_t n, uint64_t attrs)
{
	uint64_t *list = (uint64_t *)t->ram;

	while (n > 0) {
		uint64_t done = 0, st;

		if (attrs != 0) {
			list[first] = (uint64_t)(uintptr_t)(t->ram + first * HV_IO_PAGE_SIZE);
			for (uint64_t i = 1; i < n && i < 1024; i++)
				list[first + i] = list[first] + i * HV_IO_PAGE_SIZE;
			st = sun4v_hv_pci_iommu_map(t->p, t->dh, sun4v_hv_abi_tsbid(0, (uint32_t)first),
						    n < 1024 ? n : 1024, attrs,
						    (uint64_t)(uintptr_t)&list[first], &done);
		} else {
			st = sun4v_hv_pci_iommu_demap(t->p, t->dh,
						      sun4v_hv_abi_tsbid(0, (uint32_t)first),
						      n < 1024 ? n : 1024, &done);
		}
		if (st != HV_EOK || done == 0)
			return -1;
		first += done;
		n -= done;
	}
	return 0;
}

/* Make the 8 KB page holding @ptr unmapped / read-only for the device. */
static inline int
t_unmap_ptr(struct t_sim *t, const void *ptr)
{
	return t_map_pages(t, (uint64_t)((const uint8_t *)ptr - t->ram) / HV_IO_PAGE_SIZE, 1, 0);
}

static inline int
t_sim_init_conf(struct t_sim *t, const struct sun4v_platform_conf *pconf)
{
	struct sun4v_platform_conf c = { .empty_fabric = true };

	memset(t, 0, sizeof(*t));
	if (pconf != NULL)
		c = *pconf;
	c.empty_fabric = true;
	if (sun4v_platform_create(&c, &t->p) != 0)
		return -1;
	sun4v_platform_set_log_sink(t->p, t_plat_log, t);
	if (sun4v_fabric_add_function(t->p, 0, -1, T_BDF0, &t->fn[0]) != 0 ||
	    sun4v_fabric_add_function(t->p, 0, -1, T_BDF1, &t->fn[1]) != 0 ||
	    sun4v_fabric_rc_devhandle(t->p, 0, &t->dh) != 0)
		return -1;
	t->ram = aligned_alloc(T_RAM_ALIGN, T_RAM_SIZE);
	if (t->ram == NULL)
		return -1;
	memset(t->ram, 0, T_RAM_SIZE);
	if (sun4v_mem_register(t->p, t->ram, T_RAM_SIZE) != 0)
		return -1;
	t->used = T_LIST_BYTES;
	return t_map_pages(t, 0, T_RAM_SIZE / HV_IO_PAGE_SIZE,
			   sun4v_hv_abi_attrs(HV_PCI_MAP_ATTR_RW, 0));
}

static inline int
t_sim_init(struct t_sim *t)
{
	return t_sim_init_conf(t, NULL);
}

/* Port @i on function @i; conf fields not set take test defaults.  The
 * modeled packet-rate limit (spec §7) is off so that timing tests see the
 * Ethernet wire alone; test_i40e_sim_pps_limit covers the limit. */
static inline int
t_port(struct t_sim *t, unsigned int i, bool paced, unsigned int nbq)
{
	struct i40e_sim_port_conf pc = {
		.func = t->fn[i],
		.name = i == 0 ? "t0" : "t1",
		.pace_off = !paced,
		.pps_limit_set = true,
		.pps_limit = 0,
		.clock = t_clock,
		.clock_arg = &t->now_ns,
		.nb_queues = nbq,
	};

	return i40e_sim_port_create(&pc, &t->port[i]);
}

static inline void
t_sim_fini(struct t_sim *t)
{
	for (unsigned int i = 0; i < 2; i++)
		i40e_sim_port_destroy(t->port[i]);
	sun4v_platform_destroy(t->p);
	free(t->ram);
	memset(t, 0, sizeof(*t));
}

/*
 * Poll port @pi and return the frames written into its RX rings since the
 * last t_poll(): the poll's own deliveries plus those a peer's TX engine
 * made directly into posted buffers (doc/spec/i40e-sim.md §6.2), which
 * i40e_sim_poll()'s return value does not include.
 */
static inline int
t_poll(struct t_sim *t, unsigned int pi)
{
	struct i40e_sim_port_stats ps;
	uint64_t n;

	i40e_sim_poll(t->port[pi]);
	i40e_sim_port_stats_get(t->port[pi], &ps);
	if (ps.rx_packets < t->rx_seen[pi])   /* counters were reset */
		t->rx_seen[pi] = 0;
	n = ps.rx_packets - t->rx_seen[pi];
	t->rx_seen[pi] = ps.rx_packets;
	return (int)n;
}

static inline int
t_wr(struct i40e_sim_port *p, uint32_t off, uint32_t v)
{
	return i40e_sim_reg_write(p, off, v);
}

static inline uint32_t
t_rd(struct i40e_sim_port *p, uint32_t off)
{
	uint32_t v = 0;

	i40e_sim_reg_read(p, off, &v);
	return v;
}

static inline uint64_t *
t_rxd(const struct t_rxq *r, uint32_t i)
{
	return (uint64_t *)(r->ring + (size_t)i * r->dsz);
}

/* Post buffer i in descriptor i (read format, qword1 = 0). */
static inline void
t_rx_post(struct t_sim *t, const struct t_rxq *r, uint32_t i)
{
	uint64_t *d = t_rxd(r, i);

	memset(d, 0, r->dsz);
	d[0] = i40e_hw_cpu_to_le64(t_dvma(t, r->bufs + (size_t)i * r->bufsz));
}

/*
 * Program and enable RX queue @q of port @pi: @nb descriptors, buffers of
 * @bufsz, 32- or 16-byte descriptors, tail = @tail.  Returns the QRX_ENA
 * write's result.
 */
static inline int
t_rxq_setup(struct t_sim *t, unsigned int pi, uint16_t q, uint32_t nb,
	    uint32_t bufsz, bool d32, uint32_t tail, struct t_rxq *r)
{
	struct i40e_sim_port *p = t->port[pi];
	uint64_t base;

	r->q = q;
	r->nb = nb;
	r->bufsz = bufsz;
	r->dsz = d32 ? 32 : 16;
	r->ring = t_alloc(t, (size_t)nb * r->dsz, 128);
	r->bufs = t_alloc(t, (size_t)nb * bufsz, 128);
	if (r->ring == NULL || r->bufs == NULL)
		return -ENOMEM;
	for (uint32_t i = 0; i < nb; i++)
		t_rx_post(t, r, i);
	base = t_dvma(t, r->ring);
	t_wr(p, I40E_HW_SIM_QRX_BASE_LO(q), (uint32_t)base);
	t_wr(p, I40E_HW_SIM_QRX_BASE_HI(q), (uint32_t)(base >> 32));
	t_wr(p, I40E_HW_SIM_QRX_LEN(q), nb);
	/* Checksum reports on: the model's verdicts are what tests check. */
	t_wr(p, I40E_HW_SIM_QRX_CTL(q), i40e_hw_sim_qrx_ctl_build(bufsz, d32, 0) |
	     I40E_HW_SIM_QRX_CTL_CSUM);
	t_wr(p, I40E_HW_QRX_TAIL(q), tail);
	return t_wr(p, I40E_HW_QRX_ENA(q), I40E_HW_QENA_REQ);
}

static inline int
t_txq_setup(struct t_sim *t, unsigned int pi, uint16_t q, uint32_t nb,
	    struct t_txq *x)
{
	struct i40e_sim_port *p = t->port[pi];
	uint64_t base;

	x->q = q;
	x->nb = nb;
	x->tail = 0;
	x->ring = t_alloc(t, (size_t)nb * 16, 128);
	x->bufs = t_alloc(t, (size_t)nb * T_TXBUF, 128);
	if (x->ring == NULL || x->bufs == NULL)
		return -ENOMEM;
	base = t_dvma(t, x->ring);
	t_wr(p, I40E_HW_SIM_QTX_BASE_LO(q), (uint32_t)base);
	t_wr(p, I40E_HW_SIM_QTX_BASE_HI(q), (uint32_t)(base >> 32));
	t_wr(p, I40E_HW_SIM_QTX_LEN(q), nb);
	return t_wr(p, I40E_HW_QTX_ENA(q), I40E_HW_QENA_REQ);
}

static inline uint64_t *
t_txd(const struct t_txq *x, uint32_t i)
{
	return (uint64_t *)(x->ring + (size_t)i * 16);
}

/* Write one TX descriptor at the tail (no doorbell); its buffer is the
 * slot's own 16 KB area unless @dvma is non-zero. */
static inline uint32_t
t_tx_desc(struct t_sim *t, struct t_txq *x, uint32_t dtype, uint32_t cmd,
	  const void *data, uint32_t len, uint64_t dvma)
{
	uint32_t i = x->tail;
	uint8_t *buf = x->bufs + (size_t)i * T_TXBUF;
	uint64_t *d = t_txd(x, i);

	if (data != NULL && len <= T_TXBUF)
		memcpy(buf, data, len);
	d[0] = i40e_hw_cpu_to_le64(dvma ? dvma : t_dvma(t, buf));
	d[1] = i40e_hw_cpu_to_le64(i40e_hw_txd_qw1_build(dtype, cmd, 0, len, 0));
	x->tail = (x->tail + 1) % x->nb;
	return i;
}

static inline int
t_tx_doorbell(struct t_sim *t, unsigned int pi, const struct t_txq *x)
{
	return i40e_sim_tx_doorbell(t->port[pi], x->q, x->tail);
}

/* One single-descriptor frame with EOP|RS|ICRC, doorbell rung. */
static inline int
t_tx_frame(struct t_sim *t, unsigned int pi, struct t_txq *x, const void *f,
	   uint32_t len)
{
	t_tx_desc(t, x, I40E_HW_TX_DTYPE_DATA,
		  I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS | I40E_HW_TXD_CMD_ICRC,
		  f, len, 0);
	return t_tx_doorbell(t, pi, x);
}

static inline void
t_put16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static inline void
t_put32(uint8_t *b, uint32_t v)
{
	t_put16(b, (uint16_t)(v >> 16));
	t_put16(b + 2, (uint16_t)v);
}

/* RFC 1071 sum, for frames the device verifies (spec §4.9); the test's
 * own, apart from the device's. */
static inline uint32_t
t_csum_sum(uint32_t s, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i < n; i += 2)
		s += (uint32_t)b[i] << 8 | (i + 1 < n ? b[i + 1] : 0);
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return s;
}

/* Valid IPv4 header and TCP/UDP checksums for a t_frame_v4() frame. */
static inline void
t_frame_v4_csum(uint8_t *f, uint32_t len)
{
	uint32_t l4n = len - 34, s, ck = f[23] == 6 ? 16 : 6;

	f[24] = f[25] = 0;
	s = (uint16_t)~t_csum_sum(0, f + 14, 20);
	f[24] = (uint8_t)(s >> 8);
	f[25] = (uint8_t)s;
	if ((f[23] != 6 && f[23] != 17) || len < 34 + ck + 2)
		return;
	f[34 + ck] = f[35 + ck] = 0;
	s = t_csum_sum(0, f + 26, 8) + f[23] + l4n;
	s = (uint16_t)~t_csum_sum(s, f + 34, l4n);
	if (s == 0)
		s = 0xFFFF;
	f[34 + ck] = (uint8_t)(s >> 8);
	f[35 + ck] = (uint8_t)s;
}

/* Ethernet/IPv4/UDP (proto 17) or TCP (6) frame of @len bytes (no FCS);
 * payload byte k = (k + seed). */
static inline void
t_frame_v4(uint8_t *f, uint32_t len, uint8_t proto, uint32_t src, uint32_t dst,
	   uint16_t sport, uint16_t dport, uint8_t seed)
{
	for (uint32_t k = 0; k < len; k++)
		f[k] = (uint8_t)(k + seed);
	memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	t_put16(f + 12, 0x0800);
	f[14] = 0x45;
	f[15] = 0;
	t_put16(f + 16, (uint16_t)(len - 14));
	t_put32(f + 18, 0);          /* id, flags, fragment offset */
	f[22] = 64;
	f[23] = proto;
	t_put16(f + 24, 0);
	t_put32(f + 26, src);
	t_put32(f + 30, dst);
	t_put16(f + 34, sport);
	t_put16(f + 36, dport);
	t_frame_v4_csum(f, len);
}

#endif /* I40E_SIM_TEST_UTIL_H */
