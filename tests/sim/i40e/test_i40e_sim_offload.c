/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sim/i40e offloads with hand-built rings (doc/spec/i40e-sim.md §4.9,
 * §4.10, §5.6, §5.7, §6.4): RX checksum verification (L3L4P only when
 * checked, IPE, L4E), VLAN stripping, TX checksum and tag insertion, TSO
 * segmentation, malformed offload requests, the generator's spoiled
 * checksums.  The checksums are checked with the test's own RFC 1071 sum
 * (t_csum_sum), apart from the device's.
 */
#include "i40e_sim_test_util.h"

#define ERR_IPE ((uint32_t)(I40E_HW_RXD_ERROR_IPE >> I40E_HW_RXD_QW1_ERROR_SHIFT))
#define ERR_L4E ((uint32_t)(I40E_HW_RXD_ERROR_L4E >> I40E_HW_RXD_QW1_ERROR_SHIFT))

/* Loopback port 0, RX queue 0 (2048-byte buffers, @rxctl extra bits)
 * and TX queue 0, unpaced. */
static int
setup(struct t_sim *t, uint32_t rxctl, struct t_rxq *r, struct t_txq *x)
{
	if (t_sim_init(t) != 0 || t_port(t, 0, false, 0) != 0 ||
	    i40e_sim_port_connect(t->port[0], t->port[0]) != 0 ||
	    t_rxq_setup(t, 0, 0, 128, 2048, true, 0, r) != 0)
		return -1;
	t_wr(t->port[0], I40E_HW_QRX_ENA(0), 0);
	t_wr(t->port[0], I40E_HW_SIM_QRX_CTL(0),
	     i40e_hw_sim_qrx_ctl_build(2048, true, 0) | I40E_HW_SIM_QRX_CTL_CSUM |
	     rxctl);
	t_wr(t->port[0], I40E_HW_QRX_TAIL(0), 127);
	if (t_wr(t->port[0], I40E_HW_QRX_ENA(0), I40E_HW_QENA_REQ) != 0)
		return -1;
	return t_txq_setup(t, 0, 0, 256, x);
}

static uint64_t
rx_qw1(const struct t_rxq *r, uint32_t i)
{
	return i40e_hw_le64_to_cpu(t_rxd(r, i)[1]);
}

/* True when the IPv4 header at @ip and its TCP/UDP datagram verify. */
static bool
v4_valid(const uint8_t *ip)
{
	uint32_t ihl = (ip[0] & 0xFu) * 4, tot = (uint32_t)ip[2] << 8 | ip[3];
	uint32_t s = t_csum_sum(0, ip + 12, 8) + ip[9] + (tot - ihl);

	return t_csum_sum(0, ip, ihl) == 0xFFFF &&
	       t_csum_sum(s, ip + ihl, tot - ihl) == 0xFFFF;
}

/* §4.9: good, bad IP, bad L4, UDP "no checksum", long TCP (direct path
 * reads past the parser's bytes), IPv6, non-IP. */
static int
test_i40e_sim_rx_csum_verify(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_stats ps;
	uint8_t f[1200];
	const uint32_t want_err[7] = { 0, ERR_IPE, ERR_L4E, 0, ERR_L4E, 0, 0 };
	const bool want_l3l4p[7] = { true, true, true, true, true, true, false };

	TEST_ASSERT_OK(setup(&t, 0, &r, &x), "setup");
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);            /* (0) good */
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "tx");
	f[24] ^= 0x10;                                   /* (1) IP checksum */
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "tx");
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	f[41] ^= 0x01;                                   /* (2) UDP checksum */
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "tx");
	f[40] = f[41] = 0;                               /* (3) UDP "none" */
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "tx");
	t_frame_v4(f, 1200, 6, 1, 2, 3, 4, 9);
	f[1100] ^= 0x40;                                 /* (4) TCP byte 1066 */
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 1200), "tx");
	/* (5) IPv6/UDP, valid. */
	memset(f, 0, 100);
	memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x86\xdd", 14);
	f[14] = 0x60;
	t_put16(f + 18, 40);                 /* payload length */
	f[20] = 17;
	f[21] = 64;
	f[22] = 0xfd;
	f[38] = 0xfd;
	f[53] = 1;
	t_put16(f + 54, 1000);
	t_put16(f + 56, 2000);
	t_put16(f + 58, 40);
	for (uint32_t k = 62; k < 94; k++)
		f[k] = (uint8_t)k;
	{
		uint32_t s = t_csum_sum(0, f + 22, 32) + 17 + 40;

		s = (uint16_t)~t_csum_sum(s, f + 54, 40);
		t_put16(f + 60, (uint16_t)s);
	}
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 94), "tx");
	memset(f + 12, 0x88, 2);                         /* (6) not IP */
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 94), "tx");
	TEST_ASSERT_EQ(t_poll(&t, 0), 7, "7 frames");
	for (uint32_t i = 0; i < 7; i++) {
		uint64_t qw1 = rx_qw1(&r, i);

		TEST_ASSERT_EQ(!!(qw1 & I40E_HW_RXD_STATUS_L3L4P), want_l3l4p[i],
			       "frame %u L3L4P", i);
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_error(qw1), want_err[i], "frame %u errors", i);
	}
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.rx_ip_csum_errors, 1, "IPE counted");
	TEST_ASSERT_EQ(ps.rx_l4_csum_errors, 2, "L4E counted");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §4.10: a tagged frame loses its tag into L2TAG1; untagged stays. */
static int
test_i40e_sim_rx_vlan_strip(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[300], tagged[304];
	uint64_t qw1;

	TEST_ASSERT_OK(setup(&t, I40E_HW_SIM_QRX_CTL_VLAN_STRIP, &r, &x), "setup");
	t_frame_v4(f, 300, 17, 1, 2, 3, 4, 0);
	memcpy(tagged, f, 12);
	t_put16(tagged + 12, 0x8100);
	t_put16(tagged + 14, 0x6123);                    /* PCP 3, VID 0x123 */
	memcpy(tagged + 16, f + 12, 288);
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, tagged, 304), "tx tagged");
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 300), "tx plain");
	TEST_ASSERT_EQ(t_poll(&t, 0), 2, "2 frames");
	qw1 = rx_qw1(&r, 0);
	TEST_ASSERT(qw1 & I40E_HW_RXD_STATUS_L2TAG1P, "L2TAG1P");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw0_l2tag1(i40e_hw_le64_to_cpu(t_rxd(&r, 0)[0])),
		       0x6123, "TCI in L2TAG1");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(qw1), 300, "4 bytes shorter");
	TEST_ASSERT(memcmp(r.bufs, f, 300) == 0, "frame without its tag");
	TEST_ASSERT(qw1 & I40E_HW_RXD_STATUS_L3L4P, "checked behind the tag");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_error(qw1), 0, "good");
	qw1 = rx_qw1(&r, 1);
	TEST_ASSERT(!(qw1 & I40E_HW_RXD_STATUS_L2TAG1P), "untagged: no L2TAG1P");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(qw1), 300, "untagged length");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* Pseudo-header seed in the L4 checksum field, as the driver writes it
 * (§5.6; with_len false for TSO, §5.7). */
static void
seed_v4(uint8_t *f, uint32_t ck_off, uint8_t proto, uint32_t l4len, bool with_len)
{
	uint32_t s = t_csum_sum(0, f + 26, 8) + proto + (with_len ? l4len : 0);

	s = t_csum_sum(s, NULL, 0);
	t_put16(f + ck_off, (uint16_t)s);
}

/* One data descriptor with offload fields at the tail. */
static uint32_t
desc_ol(struct t_sim *t, struct t_txq *x, uint32_t cmd, const uint8_t *data,
	uint32_t len, uint32_t maclen, uint32_t iplen, uint32_t l4len, uint16_t tag)
{
	uint32_t i = t_tx_desc(t, x, I40E_HW_TX_DTYPE_DATA, cmd, data, len, 0);

	t_txd(x, i)[1] = i40e_hw_cpu_to_le64(i40e_hw_txd_qw1_build(
		I40E_HW_TX_DTYPE_DATA, cmd,
		i40e_hw_txd_offset_build(maclen / 2, iplen / 4, l4len / 4), len, tag));
	return i;
}

/* §5.6: IPv4 header and UDP checksum inserted; a tag inserted. */
static int
test_i40e_sim_tx_csum_vlan_insert(void)
{
	const uint32_t eop = I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS | I40E_HW_TXD_CMD_ICRC;
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[500], g[500];

	TEST_ASSERT_OK(setup(&t, 0, &r, &x), "setup");
	t_frame_v4(g, 500, 17, 7, 8, 9, 10, 3);         /* the expected bytes */
	memcpy(f, g, 500);
	f[24] = f[25] = 0;
	seed_v4(f, 40, 17, 466, true);
	desc_ol(&t, &x, eop | I40E_HW_TXD_CMD_IIPT_IPV4_CSUM | I40E_HW_TXD_CMD_L4T_UDP,
		f, 500, 14, 20, 8, 0);
	desc_ol(&t, &x, eop | I40E_HW_TXD_CMD_IL2TAG1, g, 500, 0, 0, 0, 0x0064);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), 2, "2 frames");
	TEST_ASSERT(memcmp(r.bufs, g, 500) == 0, "checksums as computed apart");
	TEST_ASSERT(v4_valid(r.bufs + 14), "valid by the test's own sum");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_error(rx_qw1(&r, 0)), 0, "device agrees");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(rx_qw1(&r, 1)), 504, "tag added");
	TEST_ASSERT(r.bufs[2048 + 12] == 0x81 && r.bufs[2048 + 13] == 0x00 &&
		    r.bufs[2048 + 15] == 0x64, "802.1Q tag 100 after the MACs");
	TEST_ASSERT(memcmp(r.bufs + 2048 + 16, g + 12, 488) == 0, "rest intact");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* A context descriptor (qword0 0) at the tail. */
static void
desc_ctx(struct t_sim *t, struct t_txq *x, uint32_t cmd, uint32_t tso_len,
	 uint32_t mss)
{
	uint32_t c = t_tx_desc(t, x, I40E_HW_TX_DTYPE_CONTEXT, 0, NULL, 0, 0);

	t_txd(x, c)[0] = 0;
	t_txd(x, c)[1] = i40e_hw_cpu_to_le64(i40e_hw_txc_qw1_build(cmd, tso_len, mss));
}

/* A TCP/IPv4 packet: 54-byte header, @pay payload bytes of pattern,
 * seq 1000, id 77, PSH|FIN|CWR|ACK, TSO seed. */
static uint32_t
tso_packet(uint8_t *f, uint32_t pay)
{
	uint32_t len = 54 + pay;

	for (uint32_t k = 0; k < len; k++)
		f[k] = (uint8_t)(k * 7);
	t_frame_v4(f, 54, 6, 0x0A000001, 0x0A000002, 40000, 80, 0);
	t_put16(f + 16, (uint16_t)(len - 14));
	t_put16(f + 18, 77);
	t_put32(f + 38, 1000);
	t_put32(f + 42, 0);
	f[46] = 0x50;
	f[47] = 0x80 | 0x10 | 0x08 | 0x01;
	t_put16(f + 48, 0xFFFF);
	t_put16(f + 52, 0);
	f[24] = f[25] = 0;
	seed_v4(f, 50, 6, 0, false);
	return len;
}

/* §5.7: 20000 bytes of payload in 3 buffers, MSS 1448 -> 14 segments. */
static int
test_i40e_sim_tso_segments(void)
{
	static uint8_t f[20054];
	const uint32_t mss = 1448, n = 14;
	struct i40e_sim_port_stats ps;
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint32_t len = tso_packet(f, 20000);

	TEST_ASSERT_OK(setup(&t, 0, &r, &x), "setup");
	desc_ctx(&t, &x, I40E_HW_TXC_CMD_TSO, 20000, mss);
	desc_ol(&t, &x, I40E_HW_TXD_CMD_ICRC | I40E_HW_TXD_CMD_IIPT_IPV4_CSUM |
		I40E_HW_TXD_CMD_L4T_TCP, f, 10000, 14, 20, 20, 0);
	desc_ol(&t, &x, I40E_HW_TXD_CMD_ICRC, f + 10000, 10000, 14, 20, 20, 0);
	desc_ol(&t, &x, I40E_HW_TXD_CMD_ICRC | I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS,
		f + 20000, len - 20000, 14, 20, 20, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), (int)n, "14 segments");
	for (uint32_t k = 0; k < n; k++) {
		const uint8_t *s = r.bufs + (size_t)k * 2048;
		uint32_t plen = k + 1 < n ? mss : 20000 - 13 * mss;
		uint32_t seq = (uint32_t)s[38] << 24 | s[39] << 16 | s[40] << 8 | s[41];

		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(rx_qw1(&r, k)), 54 + plen,
			       "segment %u length", k);
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_error(rx_qw1(&r, k)), 0, "segment %u good", k);
		TEST_ASSERT(v4_valid(s + 14), "segment %u checksums (test's sum)", k);
		TEST_ASSERT_EQ(s[16] << 8 | s[17], 40 + plen, "segment %u IP length", k);
		TEST_ASSERT_EQ(s[18] << 8 | s[19], 77 + k, "segment %u IP id", k);
		TEST_ASSERT_EQ(seq, 1000 + k * mss, "segment %u seq", k);
		TEST_ASSERT_EQ(s[47] & 0x89, (k == 0 ? 0x80 : 0) | (k + 1 == n ? 0x09 : 0),
			       "segment %u CWR first, PSH/FIN last", k);
		TEST_ASSERT(memcmp(s + 54, f + 54 + k * mss, plen) == 0, "segment %u payload", k);
	}
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.tx_packets, n, "one TX packet per segment");
	TEST_ASSERT_EQ(ps.tx_tso_packets, 1, "one TSO packet");
	TEST_ASSERT_EQ(ps.tx_tso_segments, n, "its segments");
	TEST_ASSERT_EQ(ps.tx_ctx_descs, 1, "context descriptor consumed");
	TEST_ASSERT(i40e_hw_txd_qw1_is_done(i40e_hw_le64_to_cpu(t_txd(&x, 3)[1])), "RS done");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §5.5/§5.7: requests beyond facts §2.3/§2.4 are dropped and counted. */
static int
test_i40e_sim_tso_malformed(void)
{
	static uint8_t f[3054];
	const uint32_t ol = I40E_HW_TXD_CMD_ICRC | I40E_HW_TXD_CMD_IIPT_IPV4_CSUM |
			    I40E_HW_TXD_CMD_L4T_TCP;
	const uint32_t last = ol | I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS;
	/* cmd, tso_len, mss of five bad context descriptors */
	const uint32_t bad[5][3] = {
		{ I40E_HW_TXC_CMD_TSO, 3000, 100 },     /* MSS below 256 */
		{ I40E_HW_TXC_CMD_TSO, 2999, 1000 },    /* TSO_LEN wrong */
		{ I40E_HW_TXC_CMD_TSYN, 0, 0 },         /* unmodeled function */
		{ I40E_HW_TXC_CMD_TSO, 3000, 9700 },    /* MSS above 9674 */
		{ I40E_HW_TXC_CMD_TSO, 3000, 3000 },    /* segment of 9 buffers */
	};
	struct i40e_sim_port_stats ps;
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint32_t len = tso_packet(f, 3000);

	TEST_ASSERT_OK(setup(&t, 0, &r, &x), "setup");
	for (uint32_t b = 0; b < 5; b++) {
		uint32_t nd = b == 4 ? 9 : 1, step = len / nd;

		desc_ctx(&t, &x, bad[b][0], bad[b][1], bad[b][2]);
		for (uint32_t k = 0; k < nd; k++)
			desc_ol(&t, &x, k + 1 == nd ? last : ol, f + k * step,
				k + 1 == nd ? len - k * step : step, 14, 20, 20, 0);
	}
	/* UDP TSO: L4T must be TCP. */
	desc_ctx(&t, &x, I40E_HW_TXC_CMD_TSO, 3000, 1000);
	desc_ol(&t, &x, I40E_HW_TXD_CMD_ICRC | I40E_HW_TXD_CMD_IIPT_IPV4_CSUM |
		I40E_HW_TXD_CMD_L4T_UDP | I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS,
		f, len, 14, 20, 20, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), 0, "nothing sent");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.tx_malformed, 6, "six malformed, counted");
	TEST_ASSERT_EQ(ps.guest_errors, 6, "six guest errors");
	TEST_ASSERT_EQ(ps.tx_packets, 0, "no TX packet");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), x.tail, "all consumed");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §6.4: the generator's spoiled checksums at a known rate, and L4E/IPE
 * counted for exactly those frames. */
static int
test_i40e_sim_gen_bad_csum(void)
{
	struct i40e_sim_gen_conf g = { .count = 60, .burst = 60, .tcp = true,
				       .frame_len = 128, .bad_ip_every = 3,
				       .bad_l4_every = 5 };
	struct i40e_sim_port_stats ps;
	struct t_sim t;
	struct t_rxq r;

	TEST_ASSERT_OK(t_sim_init(&t), "init");
	TEST_ASSERT_OK(t_port(&t, 0, false, 0), "port");
	TEST_ASSERT_OK(t_rxq_setup(&t, 0, 0, 128, 2048, true, 127, &r), "rxq");
	TEST_ASSERT_OK(i40e_sim_gen_set(t.port[0], &g), "generator");
	TEST_ASSERT_EQ(t_poll(&t, 0), 60, "60 frames");
	for (uint32_t i = 0; i < 60; i++) {
		uint32_t want = ((i + 1) % 3 == 0 ? ERR_IPE : 0) |
				((i + 1) % 5 == 0 ? ERR_L4E : 0);

		TEST_ASSERT(rx_qw1(&r, i) & I40E_HW_RXD_STATUS_L3L4P, "frame %u checked", i);
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_error(rx_qw1(&r, i)), want, "frame %u", i);
	}
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.gen_bad_ip_csum, 20, "20 spoiled IP checksums sent");
	TEST_ASSERT_EQ(ps.gen_bad_l4_csum, 12, "12 spoiled TCP checksums sent");
	TEST_ASSERT_EQ(ps.rx_ip_csum_errors, 20, "all 20 reported");
	TEST_ASSERT_EQ(ps.rx_l4_csum_errors, 12, "all 12 reported");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_i40e_sim_rx_csum_verify),
		TEST_CASE(test_i40e_sim_rx_vlan_strip),
		TEST_CASE(test_i40e_sim_tx_csum_vlan_insert),
		TEST_CASE(test_i40e_sim_tso_segments),
		TEST_CASE(test_i40e_sim_tso_malformed),
		TEST_CASE(test_i40e_sim_gen_bad_csum),
		{ NULL, NULL },
	};

	return test_run_cases("i40e_sim_offload", cases);
}
