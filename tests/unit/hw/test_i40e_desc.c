/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests for include/hw/i40e_hw.h: every descriptor field packed and
 * unpacked at 0, its maximum and maximum + 1 (which must truncate to 0 and
 * never spill into a neighbour), descriptor sizes, ring limits, line-rate
 * arithmetic and the register map (i40e-facts §1-§4).
 */
#include <stddef.h>
#include <stdint.h>

#include <hw/i40e_hw.h>

#include "test_assert.h"

/*
 * One field of a qword: build() places v in a qword whose other fields
 * are 0; get() extracts it.  Every field is checked at 0, max, max+1.
 */
struct field_case {
	const char *name;
	unsigned int shift;
	unsigned int width;
	uint64_t (*build)(uint64_t v);
	uint64_t (*get)(uint64_t qw);
};

/* Builders that set exactly one field through the public helpers. */
static uint64_t b_qw0_mirr(uint64_t v) { return i40e_hw_rxd_qw0_build((uint32_t)v, 0, 0); }
static uint64_t b_qw0_l2tag1(uint64_t v) { return i40e_hw_rxd_qw0_build(0, (uint32_t)v, 0); }
static uint64_t b_qw0_rss(uint64_t v) { return i40e_hw_rxd_qw0_build(0, 0, v); }
static uint64_t g_qw0_mirr(uint64_t q) { return i40e_hw_rxd_qw0_mirr(q); }
static uint64_t g_qw0_l2tag1(uint64_t q) { return i40e_hw_rxd_qw0_l2tag1(q); }
static uint64_t g_qw0_rss(uint64_t q) { return i40e_hw_rxd_qw0_rss(q); }

static uint64_t b_qw1_status(uint64_t v) { return i40e_hw_rxd_qw1_build((uint32_t)v, 0, 0, 0, 0, 0); }
static uint64_t b_qw1_error(uint64_t v) { return i40e_hw_rxd_qw1_build(0, (uint32_t)v, 0, 0, 0, 0); }
static uint64_t b_qw1_ptype(uint64_t v) { return i40e_hw_rxd_qw1_build(0, 0, (uint32_t)v, 0, 0, 0); }
static uint64_t b_qw1_pbuf(uint64_t v) { return i40e_hw_rxd_qw1_build(0, 0, 0, (uint32_t)v, 0, 0); }
static uint64_t b_qw1_hbuf(uint64_t v) { return i40e_hw_rxd_qw1_build(0, 0, 0, 0, (uint32_t)v, 0); }
static uint64_t b_qw1_sph(uint64_t v) { return i40e_hw_rxd_qw1_build(0, 0, 0, 0, 0, (uint32_t)v); }
static uint64_t g_qw1_status(uint64_t q) { return i40e_hw_rxd_qw1_status(q); }
static uint64_t g_qw1_error(uint64_t q) { return i40e_hw_rxd_qw1_error(q); }
static uint64_t g_qw1_ptype(uint64_t q) { return i40e_hw_rxd_qw1_ptype(q); }
static uint64_t g_qw1_pbuf(uint64_t q) { return i40e_hw_rxd_qw1_len_pbuf(q); }
static uint64_t g_qw1_hbuf(uint64_t q) { return i40e_hw_rxd_qw1_len_hbuf(q); }
static uint64_t g_qw1_sph(uint64_t q) { return i40e_hw_rxd_qw1_sph(q); }

static uint64_t b_qw2_ext(uint64_t v) { return i40e_hw_rxd_qw2_build((uint32_t)v, 0, 0); }
static uint64_t b_qw2_t21(uint64_t v) { return i40e_hw_rxd_qw2_build(0, (uint32_t)v, 0); }
static uint64_t b_qw2_t22(uint64_t v) { return i40e_hw_rxd_qw2_build(0, 0, (uint32_t)v); }
static uint64_t g_qw2_ext(uint64_t q) { return i40e_hw_rxd_qw2_ext_status(q); }
static uint64_t g_qw2_t21(uint64_t q) { return i40e_hw_rxd_qw2_l2tag2_1(q); }
static uint64_t g_qw2_t22(uint64_t q) { return i40e_hw_rxd_qw2_l2tag2_2(q); }

static uint64_t b_qw3_lo(uint64_t v) { return i40e_hw_rxd_qw3_build(v, 0); }
static uint64_t b_qw3_hi(uint64_t v) { return i40e_hw_rxd_qw3_build(0, v); }
static uint64_t g_qw3_lo(uint64_t q) { return i40e_hw_rxd_qw3_flex_lo(q); }
static uint64_t g_qw3_hi(uint64_t q) { return i40e_hw_rxd_qw3_flex_hi(q); }

static uint64_t b_txd_dtype(uint64_t v) { return i40e_hw_txd_qw1_build((uint32_t)v, 0, 0, 0, 0); }
static uint64_t b_txd_cmd(uint64_t v) { return i40e_hw_txd_qw1_build(0, (uint32_t)v, 0, 0, 0); }
static uint64_t b_txd_off(uint64_t v) { return i40e_hw_txd_qw1_build(0, 0, (uint32_t)v, 0, 0); }
static uint64_t b_txd_bsz(uint64_t v) { return i40e_hw_txd_qw1_build(0, 0, 0, (uint32_t)v, 0); }
static uint64_t b_txd_tag(uint64_t v) { return i40e_hw_txd_qw1_build(0, 0, 0, 0, (uint32_t)v); }
static uint64_t g_txd_dtype(uint64_t q) { return i40e_hw_txd_qw1_dtype(q); }
static uint64_t g_txd_cmd(uint64_t q) { return i40e_hw_txd_qw1_cmd(q); }
static uint64_t g_txd_off(uint64_t q) { return i40e_hw_txd_qw1_offset(q); }
static uint64_t g_txd_bsz(uint64_t q) { return i40e_hw_txd_qw1_buf_sz(q); }
static uint64_t g_txd_tag(uint64_t q) { return i40e_hw_txd_qw1_l2tag1(q); }

/* OFFSET sub-fields, placed at their absolute bits via the qword1 builder. */
static uint64_t b_off_mac(uint64_t v)
{ return i40e_hw_txd_qw1_build(0, 0, i40e_hw_txd_offset_build((uint32_t)v, 0, 0), 0, 0); }
static uint64_t b_off_ip(uint64_t v)
{ return i40e_hw_txd_qw1_build(0, 0, i40e_hw_txd_offset_build(0, (uint32_t)v, 0), 0, 0); }
static uint64_t b_off_l4(uint64_t v)
{ return i40e_hw_txd_qw1_build(0, 0, i40e_hw_txd_offset_build(0, 0, (uint32_t)v), 0, 0); }
static uint64_t g_off_mac(uint64_t q) { return i40e_hw_txd_offset_maclen(i40e_hw_txd_qw1_offset(q)); }
static uint64_t g_off_ip(uint64_t q) { return i40e_hw_txd_offset_iplen(i40e_hw_txd_qw1_offset(q)); }
static uint64_t g_off_l4(uint64_t q) { return i40e_hw_txd_offset_l4len(i40e_hw_txd_qw1_offset(q)); }

static uint64_t b_txc_tun(uint64_t v) { return i40e_hw_txc_qw0_build((uint32_t)v, 0); }
static uint64_t b_txc_tag2(uint64_t v) { return i40e_hw_txc_qw0_build(0, (uint32_t)v); }
static uint64_t g_txc_tun(uint64_t q) { return i40e_hw_txc_qw0_tunnel(q); }
static uint64_t g_txc_tag2(uint64_t q) { return i40e_hw_txc_qw0_l2tag2(q); }
/* Context qword1 always carries DTYPE 1: strip it so only the field remains. */
static uint64_t b_txc_cmd(uint64_t v) { return i40e_hw_txc_qw1_build((uint32_t)v, 0, 0) & ~0xFULL; }
static uint64_t b_txc_tso(uint64_t v) { return i40e_hw_txc_qw1_build(0, (uint32_t)v, 0) & ~0xFULL; }
static uint64_t b_txc_mss(uint64_t v) { return i40e_hw_txc_qw1_build(0, 0, (uint32_t)v) & ~0xFULL; }
static uint64_t g_txc_cmd(uint64_t q) { return i40e_hw_txc_qw1_cmd(q); }
static uint64_t g_txc_tso(uint64_t q) { return i40e_hw_txc_qw1_tso_len(q); }
static uint64_t g_txc_mss(uint64_t q) { return i40e_hw_txc_qw1_mss(q); }

static const struct field_case fields[] = {
	{ "rx qw0 mirr", 0, 16, b_qw0_mirr, g_qw0_mirr },
	{ "rx qw0 l2tag1", 16, 16, b_qw0_l2tag1, g_qw0_l2tag1 },
	{ "rx qw0 rss", 32, 32, b_qw0_rss, g_qw0_rss },
	{ "rx qw1 status", 0, 19, b_qw1_status, g_qw1_status },
	{ "rx qw1 error", 19, 8, b_qw1_error, g_qw1_error },
	{ "rx qw1 ptype", 30, 8, b_qw1_ptype, g_qw1_ptype },
	{ "rx qw1 len_pbuf", 38, 14, b_qw1_pbuf, g_qw1_pbuf },
	{ "rx qw1 len_hbuf", 52, 11, b_qw1_hbuf, g_qw1_hbuf },
	{ "rx qw1 sph", 63, 1, b_qw1_sph, g_qw1_sph },
	{ "rx qw2 ext_status", 0, 16, b_qw2_ext, g_qw2_ext },
	{ "rx qw2 l2tag2_1", 32, 16, b_qw2_t21, g_qw2_t21 },
	{ "rx qw2 l2tag2_2", 48, 16, b_qw2_t22, g_qw2_t22 },
	{ "rx qw3 flex_lo", 0, 32, b_qw3_lo, g_qw3_lo },
	{ "rx qw3 flex_hi", 32, 32, b_qw3_hi, g_qw3_hi },
	{ "tx qw1 dtype", 0, 4, b_txd_dtype, g_txd_dtype },
	{ "tx qw1 cmd", 4, 10, b_txd_cmd, g_txd_cmd },
	{ "tx qw1 offset", 16, 18, b_txd_off, g_txd_off },
	{ "tx qw1 maclen", 16, 7, b_off_mac, g_off_mac },
	{ "tx qw1 iplen", 23, 7, b_off_ip, g_off_ip },
	{ "tx qw1 l4len", 30, 4, b_off_l4, g_off_l4 },
	{ "tx qw1 buf_sz", 34, 14, b_txd_bsz, g_txd_bsz },
	{ "tx qw1 l2tag1", 48, 16, b_txd_tag, g_txd_tag },
	{ "ctx qw0 tunnel", 0, 32, b_txc_tun, g_txc_tun },
	{ "ctx qw0 l2tag2", 32, 16, b_txc_tag2, g_txc_tag2 },
	{ "ctx qw1 cmd", 4, 16, b_txc_cmd, g_txc_cmd },
	{ "ctx qw1 tso_len", 30, 18, b_txc_tso, g_txc_tso },
	{ "ctx qw1 mss", 50, 14, b_txc_mss, g_txc_mss },
	{ NULL, 0, 0, NULL, NULL },
};

static int
test_i40e_desc_field_boundaries(void)
{
	for (const struct field_case *f = fields; f->name != NULL; f++) {
		uint64_t max = (f->width == 64) ? UINT64_MAX
						: (((uint64_t)1 << f->width) - 1);
		uint64_t qw;

		/* 0 packs to an all-zero qword. */
		TEST_ASSERT_EQ(f->build(0), 0, "%s: 0", f->name);
		/* max lands exactly at [shift, shift+width) and reads back. */
		qw = f->build(max);
		TEST_ASSERT_EQ(qw, max << f->shift, "%s: max placement", f->name);
		TEST_ASSERT_EQ(f->get(qw), max, "%s: max round trip", f->name);
		/* max + 1 truncates to 0 and spills nowhere (skip for 32-bit
		 * builder arguments where max+1 does not fit the argument). */
		if (f->width < 32) {
			TEST_ASSERT_EQ(f->build(max + 1), 0, "%s: max+1", f->name);
			TEST_ASSERT_EQ(f->build(max + 2), 1ULL << f->shift,
				       "%s: max+2 wraps to 1", f->name);
		}
		/* getters ignore neighbouring bits. */
		TEST_ASSERT_EQ(f->get(~(max << f->shift)), 0,
			       "%s: neighbours ignored", f->name);
		TEST_ASSERT_EQ(f->get(UINT64_MAX), max, "%s: all ones", f->name);
	}
	return TEST_SUCCESS;
}

/* 32-bit-wide fields: max+1 must truncate too (64-bit builder argument). */
static int
test_i40e_desc_wide_field_truncation(void)
{
	TEST_ASSERT_EQ(i40e_hw_rxd_qw0_build(0, 0, 0x1FFFFFFFFULL),
		       0xFFFFFFFFULL << 32, "rss max+... keeps low 32 bits");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw0_build(0, 0, 0x100000000ULL), 0,
		       "rss max+1 truncates");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw3_build(0x100000000ULL, 0), 0,
		       "flex_lo max+1 truncates, no spill into flex_hi");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw3_build(0, 0x100000000ULL), 0,
		       "flex_hi max+1 truncates");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw0_build(0x10000, 0x10000, 0), 0,
		       "16-bit qword0 fields truncate");
	return TEST_SUCCESS;
}

static int
test_i40e_desc_sizes(void)
{
	union i40e_hw_rx_desc16 d16;
	union i40e_hw_rx_desc32 d32;

	TEST_ASSERT_EQ(sizeof(union i40e_hw_rx_desc16), 16, "rx16");
	TEST_ASSERT_EQ(sizeof(union i40e_hw_rx_desc32), 32, "rx32");
	TEST_ASSERT_EQ(sizeof(struct i40e_hw_tx_desc), 16, "tx");
	/* read.hdr_addr aliases wb.qword1: that is where DD lands. */
	TEST_ASSERT_EQ(offsetof(union i40e_hw_rx_desc16, read.hdr_addr),
		       offsetof(union i40e_hw_rx_desc16, wb.qword1), "16 alias");
	TEST_ASSERT_EQ(offsetof(union i40e_hw_rx_desc32, wb.qword1), 8, "32 qw1");
	TEST_ASSERT_EQ(offsetof(union i40e_hw_rx_desc32, wb.qword3), 24, "32 qw3");

	memset(&d16, 0xAA, sizeof(d16));
	i40e_hw_rxd16_read_build(&d16, 0x123456789ABCDEF0ULL);
	TEST_ASSERT_EQ(d16.read.pkt_addr, 0x123456789ABCDEF0ULL, "pkt_addr");
	TEST_ASSERT_EQ(d16.wb.qword1, 0, "hdr_addr zeroed (DD clear)");
	memset(&d32, 0xAA, sizeof(d32));
	i40e_hw_rxd32_read_build(&d32, UINT64_MAX);
	TEST_ASSERT_EQ(d32.qw[0], UINT64_MAX, "pkt_addr max");
	TEST_ASSERT_EQ(d32.qw[1] | d32.qw[2] | d32.qw[3], 0, "rest zeroed");
	return TEST_SUCCESS;
}

static int
test_i40e_desc_status_bits(void)
{
	uint64_t qw1;

	TEST_ASSERT_EQ(I40E_HW_RXD_STATUS_DD, 1, "DD bit 0");
	TEST_ASSERT_EQ(I40E_HW_RXD_STATUS_EOF, 2, "EOF bit 1");
	TEST_ASSERT_EQ(I40E_HW_RXD_STATUS_L3L4P, 8, "L3L4P bit 3");
	TEST_ASSERT_EQ(I40E_HW_RXD_ERROR_RXE, 1ULL << 19, "RXE bit 19");
	TEST_ASSERT_EQ(I40E_HW_RXD_ERROR_PPRS, 1ULL << 26, "PPRS bit 26");
	/* A typical write-back: DD|EOF|L3L4P|FLTSTAT=3, IPv4/UDP, 60 bytes. */
	qw1 = i40e_hw_rxd_qw1_build(I40E_HW_RXD_STATUS_DD | I40E_HW_RXD_STATUS_EOF |
				    I40E_HW_RXD_STATUS_L3L4P |
				    (I40E_HW_RXD_FLTSTAT_RSS_HASH << I40E_HW_RXD_STATUS_FLTSTAT_SHIFT),
				    0, I40E_HW_PTYPE_IPV4_UDP, 60, 0, 0);
	TEST_ASSERT(i40e_hw_rxd_qw1_dd(qw1), "DD set");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_fltstat(qw1), 3, "fltstat");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_ptype(qw1), 24, "ptype");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(qw1), 60, "len");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_hbuf(qw1), 0, "hbuf 0");
	/* Vector-path length extraction: (qw1 >> 32) << 10, 16 bits (facts §1.5). */
	TEST_ASSERT_EQ((uint16_t)((uint32_t)(qw1 >> 32) << 10 >> 16), 60,
		       "vector length trick sees the length with HBUF 0");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_umbcast(3ULL << 9), 3, "umbcast");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_tsynindx(3ULL << 5), 3, "tsynindx");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_umbcast(~(3ULL << 9)), 0, "umbcast isolated");
	return TEST_SUCCESS;
}

static int
test_i40e_desc_tx_done(void)
{
	uint64_t qw1 = i40e_hw_txd_qw1_build(I40E_HW_TX_DTYPE_DATA,
					     I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS |
					     I40E_HW_TXD_CMD_ICRC, 0, 1514, 0);

	TEST_ASSERT_EQ(I40E_HW_TXD_QW1_CMD_MASK, 0x3FF0, "cmd mask");
	TEST_ASSERT_EQ(qw1 & (1ULL << 4), 1ULL << 4, "EOP at bit 4");
	TEST_ASSERT_EQ(qw1 & (1ULL << 5), 1ULL << 5, "RS at bit 5");
	TEST_ASSERT_EQ(qw1 & (1ULL << 6), 1ULL << 6, "ICRC at bit 6");
	TEST_ASSERT(!i40e_hw_txd_qw1_is_done(qw1), "not done before write-back");
	qw1 = i40e_hw_txd_qw1_done(qw1);
	TEST_ASSERT(i40e_hw_txd_qw1_is_done(qw1), "done after write-back");
	TEST_ASSERT_EQ(i40e_hw_txd_qw1_buf_sz(qw1), 1514, "rest kept");
	TEST_ASSERT_EQ(i40e_hw_txd_qw1_cmd(qw1), 0x7, "cmd kept");
	TEST_ASSERT_EQ(i40e_hw_txd_qw1_dtype(i40e_hw_txc_qw1_build(0, 0, 0)),
		       I40E_HW_TX_DTYPE_CONTEXT, "context dtype");
	TEST_ASSERT_EQ(i40e_hw_txd_qw1_buf_sz(i40e_hw_txd_qw1_build(0, 0, 0, I40E_HW_TX_MAX_BUF_SZ, 0)),
		       16383, "max buf size fits 14 bits");
	return TEST_SUCCESS;
}

static int
test_i40e_desc_ring_limits(void)
{
	TEST_ASSERT(!i40e_hw_ring_len_valid(0), "0");
	TEST_ASSERT(!i40e_hw_ring_len_valid(32), "32 below min");
	TEST_ASSERT(i40e_hw_ring_len_valid(64), "64");
	TEST_ASSERT(!i40e_hw_ring_len_valid(65), "65 not multiple of 32");
	TEST_ASSERT(!i40e_hw_ring_len_valid(80), "80 not multiple of 32");
	TEST_ASSERT(i40e_hw_ring_len_valid(96), "96 (not a power of 2)");
	TEST_ASSERT(i40e_hw_ring_len_valid(4096), "4096");
	TEST_ASSERT(i40e_hw_ring_len_valid(4128), "4128 (above Linux's default cap)");
	TEST_ASSERT(i40e_hw_ring_len_valid(8160), "8160, the XL710 maximum");
	TEST_ASSERT(!i40e_hw_ring_len_valid(8192), "8192 above the hardware max");
	TEST_ASSERT(!i40e_hw_ring_len_valid(8176), "8176 not a multiple of 32");
	TEST_ASSERT(!i40e_hw_rxbuf_size_valid(0), "buf 0");
	TEST_ASSERT(!i40e_hw_rxbuf_size_valid(2000), "buf 2000");
	TEST_ASSERT(i40e_hw_rxbuf_size_valid(128), "buf 128");
	TEST_ASSERT(i40e_hw_rxbuf_size_valid(2048), "buf 2048");
	TEST_ASSERT(i40e_hw_rxbuf_size_valid(16256), "buf 16K-128");
	TEST_ASSERT(!i40e_hw_rxbuf_size_valid(16384), "buf 16K");
	TEST_ASSERT_EQ(I40E_HW_RXBUF_MAX / I40E_HW_RXBUF_UNIT, 127, "dbuff 7 bits");
	TEST_ASSERT_EQ(I40E_HW_RX_MAX_CHAINED_BUFS, 5, "chain");
	TEST_ASSERT_EQ(I40E_HW_TX_MAX_DATA_PER_PKT, 8, "8 data descs");
	TEST_ASSERT_EQ(I40E_HW_TX_MIN_PKT_LEN, 17, "min frame");
	TEST_ASSERT_EQ(I40E_HW_RING_MAX_DESC - 1, I40E_HW_QTAIL_MASK & (I40E_HW_RING_MAX_DESC - 1),
		       "tail register holds every index");
	/* SIM_QRX_CTL round trip. */
	uint32_t ctl = i40e_hw_sim_qrx_ctl_build(16256, true, 9728);
	TEST_ASSERT_EQ(i40e_hw_field_get(ctl, I40E_HW_SIM_QRX_CTL_DBUFF_SHIFT,
					 I40E_HW_SIM_QRX_CTL_DBUFF_WIDTH), 127, "dbuff");
	TEST_ASSERT(ctl & I40E_HW_SIM_QRX_CTL_DSIZE_32, "dsize");
	TEST_ASSERT_EQ(i40e_hw_field_get(ctl, I40E_HW_SIM_QRX_CTL_RXMAX_SHIFT,
					 I40E_HW_SIM_QRX_CTL_RXMAX_WIDTH), 9728, "rxmax");
	return TEST_SUCCESS;
}

static int
test_i40e_desc_line_rate(void)
{
	/* i40e-facts §4.1 table. */
	TEST_ASSERT_EQ(i40e_hw_frame_time_ps(64, I40E_HW_SPEED_40G_MBPS), 16800, "64B@40G");
	TEST_ASSERT_EQ(i40e_hw_line_rate_pps(64, I40E_HW_SPEED_40G_MBPS) / 10000, 5952,
		       "59.52 Mpps");
	TEST_ASSERT_EQ(i40e_hw_line_rate_pps(64, I40E_HW_SPEED_10G_MBPS) / 10000, 1488, "14.88");
	TEST_ASSERT_EQ(i40e_hw_line_rate_pps(64, I40E_HW_SPEED_25G_MBPS) / 10000, 3720, "37.20");
	TEST_ASSERT_EQ(i40e_hw_line_rate_pps(64, I40E_HW_SPEED_100G_MBPS) / 10000, 14880, "148.8");
	TEST_ASSERT_EQ(i40e_hw_line_rate_pps(1518, I40E_HW_SPEED_40G_MBPS) / 10000, 325, "3.25");
	TEST_ASSERT_EQ(i40e_hw_line_rate_pps(128, I40E_HW_SPEED_40G_MBPS) / 10000, 3378, "33.78");
	TEST_ASSERT_EQ(i40e_hw_frame_time_ps(64, 0), 0, "speed 0");
	/* Buffer length excludes FCS: 60 B -> 64 B frame; short frames pad. */
	TEST_ASSERT_EQ(i40e_hw_wire_bytes(60), 84, "60+4+20");
	TEST_ASSERT_EQ(i40e_hw_wire_bytes(17), 84, "padded to 64");
	TEST_ASSERT_EQ(i40e_hw_wire_bytes(1514), 1538, "1514+4+20");
	return TEST_SUCCESS;
}

static int
test_i40e_desc_registers(void)
{
	/* Real XL710 offsets (i40e-facts §3.2). */
	TEST_ASSERT_EQ(I40E_HW_QRX_TAIL(0), 0x00128000, "QRX_TAIL");
	TEST_ASSERT_EQ(I40E_HW_QRX_TAIL(5), 0x00128014, "QRX_TAIL(5)");
	TEST_ASSERT_EQ(I40E_HW_QTX_TAIL(1), 0x00108004, "QTX_TAIL(1)");
	TEST_ASSERT_EQ(I40E_HW_QRX_ENA(0), 0x00120000, "QRX_ENA");
	TEST_ASSERT_EQ(I40E_HW_QTX_ENA(0), 0x00100000, "QTX_ENA");
	TEST_ASSERT_EQ(I40E_HW_QTX_HEAD(2), 0x000E4008, "QTX_HEAD(2)");
	TEST_ASSERT_EQ(I40E_HW_PFQF_HKEY(12), 0x00244800 + 12 * 128, "HKEY(12)");
	TEST_ASSERT_EQ(I40E_HW_PFQF_HKEY_NUM * 4, I40E_HW_RSS_KEY_SIZE, "52-byte key");
	TEST_ASSERT_EQ(I40E_HW_PFQF_HLUT_NUM * 4, I40E_HW_RSS_LUT_SIZE, "512 entries");
	/* Per-queue arrays do not overlap for the device's 1536 queues. */
	TEST_ASSERT(I40E_HW_QTX_ENA(I40E_HW_NUM_QUEUE_PAIRS) <= I40E_HW_QTX_CTL(0), "ENA/CTL");
	TEST_ASSERT(I40E_HW_SIM_QRX_BASE_LO(I40E_HW_NUM_QUEUE_PAIRS) <= I40E_HW_SIM_QRX_BASE_HI(0),
		    "sim arrays");
	TEST_ASSERT(I40E_HW_SIM_QTX_LEN(I40E_HW_NUM_QUEUE_PAIRS) <= I40E_HW_SIM_LINK_STATUS,
		    "sim arrays end before link status");
	TEST_ASSERT(I40E_HW_SIM_REG_BASE > I40E_HW_PFQF_HENA(1), "sim space above real map");
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_i40e_desc_field_boundaries),
		TEST_CASE(test_i40e_desc_wide_field_truncation),
		TEST_CASE(test_i40e_desc_sizes),
		TEST_CASE(test_i40e_desc_status_bits),
		TEST_CASE(test_i40e_desc_tx_done),
		TEST_CASE(test_i40e_desc_ring_limits),
		TEST_CASE(test_i40e_desc_line_rate),
		TEST_CASE(test_i40e_desc_registers),
		{ NULL, NULL },
	};

	return test_run_cases("i40e_desc", cases);
}
