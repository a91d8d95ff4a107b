/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sim/i40e, issue 13 fidelity (doc/spec/i40e-sim.md): rings up to 8160
 * descriptors (§3.2), the modeled packet-rate limit (§7), the receive
 * filter (§4.8) and the exact accounting of a link that goes down with
 * frames on the way (§6.2).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i40e_sim_test_util.h"

/* Ports 0 and 1 back to back, no packet-rate limit (t_port()). */
static int
pair_init(struct t_sim *t, bool paced)
{
	if (t_sim_init(t) != 0 || t_port(t, 0, paced, 0) != 0 ||
	    t_port(t, 1, paced, 0) != 0)
		return -1;
	return i40e_sim_port_connect(t->port[0], t->port[1]);
}

/* Port @i with the model's default packet-rate limit (t_port() has none). */
static int
port_default_pps(struct t_sim *t, unsigned int i, uint32_t pps, bool set)
{
	struct i40e_sim_port_conf pc = {
		.func = t->fn[i],
		.name = i == 0 ? "t0" : "t1",
		.clock = t_clock,
		.clock_arg = &t->now_ns,
		.pps_limit_set = set,
		.pps_limit = pps,
	};

	return i40e_sim_port_create(&pc, &t->port[i]);
}

/* Port 0 sends 100 64-byte frames to port 1 at now = 1000 ns; returns the
 * frames port 1 received by 1000 ns + @at_ns. */
static int
frames_by(uint32_t pps, bool set, uint32_t len, const uint64_t *at_ns,
	  unsigned int n_at, int *got)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[1514];

	if (t_sim_init(&t) != 0 || port_default_pps(&t, 0, pps, set) != 0 ||
	    port_default_pps(&t, 1, pps, set) != 0 ||
	    i40e_sim_port_connect(t.port[0], t.port[1]) != 0 ||
	    t_rxq_setup(&t, 1, 0, 1024, 2048, true, 1023, &r) != 0 ||
	    t_txq_setup(&t, 0, 0, 1024, &x) != 0)
		return -1;
	t.now_ns = 1000;
	t_frame_v4(f, len, 17, 1, 2, 3, 4, 0);
	for (unsigned int i = 0; i < 100; i++)
		t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, f, len, 0);
	if (t_tx_doorbell(&t, 0, &x) != 0)
		return -1;
	for (unsigned int k = 0, sum = 0; k < n_at; k++) {
		t.now_ns = 1000 + at_ns[k];
		sum += (unsigned int)t_poll(&t, 1);
		got[k] = (int)sum;
	}
	t_sim_fini(&t);
	return 0;
}

/* §7: the default 37 Mpps limit spaces 64-byte frames 27.027 ns apart
 * (not 16.8 ns); 0 turns it off; large frames keep their wire time. */
static int
test_i40e_sim_pps_limit(void)
{
	static const uint64_t at[] = { 1351, 1352, 2702, 2703 };
	static const uint64_t at_off[] = { 840, 1680 };
	static const uint64_t at_10m[] = { 999, 1000, 10000 };
	static const uint64_t at_big[] = { 3075, 3076 };
	int got[4];

	TEST_ASSERT_OK(frames_by(0, false, 60, at, 4, got), "default limit");
	TEST_ASSERT_EQ(got[0], 49, "49 frames by 1351 ns (50 x 27.027 = 1351.35)");
	TEST_ASSERT_EQ(got[1], 50, "50 by 1352 ns");
	TEST_ASSERT_EQ(got[2], 99, "99 by 2702 ns");
	TEST_ASSERT_EQ(got[3], 100, "100 by 2703 ns: 37 Mpps, not 59.52");
	TEST_ASSERT_OK(frames_by(0, true, 60, at_off, 2, got), "limit off");
	TEST_ASSERT_EQ(got[0], 50, "off: 50 by 840 ns (16.8 ns each)");
	TEST_ASSERT_EQ(got[1], 100, "off: 100 by 1680 ns");
	TEST_ASSERT_OK(frames_by(10000000, true, 60, at_10m, 3, got), "10 Mpps");
	TEST_ASSERT_EQ(got[0], 9, "10 Mpps: 9 by 999 ns");
	TEST_ASSERT_EQ(got[1], 10, "10 Mpps: 10 by 1000 ns");
	TEST_ASSERT_EQ(got[2], 100, "10 Mpps: 100 by 10 us");
	/* 1514 bytes: 1538 wire bytes x 200 ps = 307.6 ns >> 27 ns. */
	TEST_ASSERT_OK(frames_by(0, false, 1514, at_big, 2, got), "1514 B");
	TEST_ASSERT_EQ(got[0], 9, "1514 B: 9 by 3075 ns (wire-bound)");
	TEST_ASSERT_EQ(got[1], 10, "1514 B: 10 by 3076 ns");
	return TEST_SUCCESS;
}

/* A TX queue of @nb descriptors whose descriptors all point at one
 * frame buffer (t_txq_setup() gives each slot 16 KB: too much here). */
static int
txq_shared_buf(struct t_sim *t, unsigned int pi, uint32_t nb, struct t_txq *x)
{
	struct i40e_sim_port *p = t->port[pi];
	uint64_t base;

	memset(x, 0, sizeof(*x));
	x->nb = nb;
	x->ring = t_alloc(t, (size_t)nb * 16, 128);
	x->bufs = t_alloc(t, 128, 128);
	if (x->ring == NULL || x->bufs == NULL)
		return -ENOMEM;
	t_frame_v4(x->bufs, 60, 17, 1, 2, 3, 4, 0);
	base = t_dvma(t, x->ring);
	t_wr(p, I40E_HW_SIM_QTX_BASE_LO(0), (uint32_t)base);
	t_wr(p, I40E_HW_SIM_QTX_BASE_HI(0), (uint32_t)(base >> 32));
	t_wr(p, I40E_HW_SIM_QTX_LEN(0), nb);
	return t_wr(p, I40E_HW_QTX_ENA(0), I40E_HW_QENA_REQ);
}

/* Queue 1 of port 1 with ring length @len: the enable's result. */
static int
rx_len_enable(struct t_sim *t, uint32_t len, uint64_t base)
{
	t_wr(t->port[1], I40E_HW_QRX_ENA(1), 0);
	t_wr(t->port[1], I40E_HW_SIM_QRX_BASE_LO(1), (uint32_t)base);
	t_wr(t->port[1], I40E_HW_SIM_QRX_LEN(1), len);
	t_wr(t->port[1], I40E_HW_SIM_QRX_CTL(1), i40e_hw_sim_qrx_ctl_build(2048, false, 0));
	return t_wr(t->port[1], I40E_HW_QRX_ENA(1), I40E_HW_QENA_REQ);
}

/* §3.2: the XL710's largest ring, 8160 descriptors, works on RX and TX
 * for two whole laps; 8192 and 8176 (not a multiple of 32) are refused. */
static int
test_i40e_sim_ring_8160(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_stats ps;

	TEST_ASSERT_OK(pair_init(&t, false), "pair");
	TEST_ASSERT_OK(t_rxq_setup(&t, 1, 0, 8160, 1024, false, 8159, &r), "rx 8160");
	TEST_ASSERT_OK(txq_shared_buf(&t, 0, 8160, &x), "tx 8160");
	for (unsigned int lap = 0; lap < 2; lap++) {
		for (unsigned int i = 0; i < 8159; i++)
			t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP |
				  (i % 32 == 31 ? I40E_HW_TXD_CMD_RS : 0), NULL, 60,
				  t_dvma(&t, x.bufs));
		TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell lap %u", lap);
		TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), x.tail,
			       "lap %u: head reaches the tail", lap);
		TEST_ASSERT_EQ(t_poll(&t, 1), 8159, "lap %u: 8159 received", lap);
		TEST_ASSERT_EQ(t_rd(t.port[1], I40E_HW_SIM_QRX_HEAD(0)),
			       lap == 0 ? 8159 : 8158, "lap %u: RX head", lap);
		/* Re-post the ring: the device may fill all but one slot. */
		for (unsigned int i = 0; i < 8160; i++)
			t_rx_post(&t, &r, i);
		TEST_ASSERT_OK(t_wr(t.port[1], I40E_HW_QRX_TAIL(0), lap == 0 ? 8158 : 8157),
			       "tail lap %u", lap);
	}
	i40e_sim_port_stats_get(t.port[1], &ps);
	TEST_ASSERT_EQ(ps.rx_packets, 2 * 8159, "two laps received");
	TEST_ASSERT_EQ(ps.rx_missed, 0, "none missed");
	TEST_ASSERT_EQ(rx_len_enable(&t, 8192, t_dvma(&t, r.ring)), -EINVAL, "8192 refused");
	TEST_ASSERT_EQ(rx_len_enable(&t, 8176, t_dvma(&t, r.ring)), -EINVAL, "8176 refused");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

static void
mac_write(struct i40e_sim_port *p, bool mc, unsigned int i, const uint8_t m[6],
	  bool valid)
{
	t_wr(p, mc ? I40E_HW_SIM_MC_LO(i) : I40E_HW_SIM_UC_LO(i),
	     (uint32_t)m[0] | (uint32_t)m[1] << 8 | (uint32_t)m[2] << 16 |
	     (uint32_t)m[3] << 24);
	t_wr(p, mc ? I40E_HW_SIM_MC_HI(i) : I40E_HW_SIM_UC_HI(i),
	     (uint32_t)m[4] | (uint32_t)m[5] << 8 |
	     (valid ? I40E_HW_SIM_MAC_HI_VALID : 0));
}

/* Send one frame to @dst from port 0; true when port 1 received it. */
static bool
sent_to(struct t_sim *t, struct t_txq *x, const uint8_t dst[6])
{
	uint8_t f[64];

	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	memcpy(f, dst, 6);
	t_tx_frame(t, 0, x, f, 60);
	return t_poll(t, 1) == 1;
}

/* §4.8: unicast entries, multicast list, broadcast, UPE and MPE decide
 * what the port accepts; the rest is counted in rx_filtered. */
static int
test_i40e_sim_mac_filter(void)
{
	static const uint8_t me[6] = { 0x02, 0x54, 0x40, 0, 3, 0 };
	static const uint8_t alias[6] = { 0x02, 0x54, 0x40, 0, 3, 9 };
	static const uint8_t other[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	static const uint8_t mc1[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };
	static const uint8_t mc2[6] = { 0x33, 0x33, 0, 0, 0, 2 };
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_stats ps;

	TEST_ASSERT_OK(pair_init(&t, false), "pair");
	TEST_ASSERT_OK(t_rxq_setup(&t, 1, 0, 1024, 2048, true, 1023, &r), "rx");
	TEST_ASSERT_OK(t_txq_setup(&t, 0, 0, 1024, &x), "tx");
	/* Reset state: UPE | MPE, every frame accepted. */
	TEST_ASSERT_EQ(t_rd(t.port[1], I40E_HW_SIM_RXCTL),
		       I40E_HW_SIM_RXCTL_UPE | I40E_HW_SIM_RXCTL_MPE, "reset state");
	TEST_ASSERT(sent_to(&t, &x, other), "promiscuous: other MAC accepted");
	TEST_ASSERT_OK(t_wr(t.port[1], I40E_HW_SIM_RXCTL, 0), "filter on");
	TEST_ASSERT_EQ(t_wr(t.port[1], I40E_HW_SIM_RXCTL, 4), -EINVAL, "reserved bit");
	TEST_ASSERT(!sent_to(&t, &x, me), "no entry yet: own MAC dropped");
	mac_write(t.port[1], false, 0, me, true);
	mac_write(t.port[1], false, 5, alias, true);
	TEST_ASSERT(sent_to(&t, &x, me), "entry 0 accepted");
	TEST_ASSERT(sent_to(&t, &x, alias), "entry 5 accepted");
	TEST_ASSERT(!sent_to(&t, &x, other), "other unicast dropped");
	TEST_ASSERT(sent_to(&t, &x, bc), "broadcast accepted");
	TEST_ASSERT(!sent_to(&t, &x, mc1), "multicast not in the list dropped");
	mac_write(t.port[1], true, 0, mc1, true);
	TEST_ASSERT(sent_to(&t, &x, mc1), "listed multicast accepted");
	TEST_ASSERT(!sent_to(&t, &x, mc2), "unlisted multicast dropped");
	TEST_ASSERT_OK(t_wr(t.port[1], I40E_HW_SIM_RXCTL, I40E_HW_SIM_RXCTL_MPE), "allmulti");
	TEST_ASSERT(sent_to(&t, &x, mc2), "allmulti: any multicast");
	TEST_ASSERT(!sent_to(&t, &x, other), "allmulti: other unicast still dropped");
	TEST_ASSERT_OK(t_wr(t.port[1], I40E_HW_SIM_RXCTL, I40E_HW_SIM_RXCTL_UPE), "promisc");
	TEST_ASSERT(sent_to(&t, &x, other), "promiscuous: other unicast");
	TEST_ASSERT(sent_to(&t, &x, mc2), "promiscuous: any multicast");
	TEST_ASSERT_OK(t_wr(t.port[1], I40E_HW_SIM_RXCTL, 0), "filter on");
	mac_write(t.port[1], false, 5, alias, false);
	TEST_ASSERT(!sent_to(&t, &x, alias), "entry 5 cleared: dropped");
	i40e_sim_port_stats_get(t.port[1], &ps);
	TEST_ASSERT_EQ(ps.rx_filtered, 6, "6 frames filtered");
	TEST_ASSERT_EQ(ps.rx_packets, 8, "8 accepted");
	/* A port reset restores the promiscuous reset state. */
	TEST_ASSERT_OK(i40e_sim_port_reset(t.port[1]), "reset");
	TEST_ASSERT_EQ(t_rd(t.port[1], I40E_HW_SIM_UC_HI(0)), 0, "table cleared");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §6.2: a paced pair stopped mid-flight: every frame port 0 sent is, the
 * moment port 1's link goes down, received or counted lost by port 1 -
 * with nothing drained and no further poll. */
static int
test_i40e_sim_link_drop_exact(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_stats s0, s1;
	uint8_t f[64];

	TEST_ASSERT_OK(pair_init(&t, true), "pair");
	TEST_ASSERT_OK(t_rxq_setup(&t, 1, 0, 64, 2048, true, 63, &r), "rx: 63 posted");
	TEST_ASSERT_OK(t_txq_setup(&t, 0, 0, 1024, &x), "tx");
	t.now_ns = 1000;
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	for (unsigned int i = 0; i < 200; i++)
		t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP |
			  (i % 32 == 31 ? I40E_HW_TXD_CMD_RS : 0), f, 60, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "200 frames booked");
	t.now_ns = 1000 + 1000;          /* 59 frames have arrived */
	/* No poll: port 1 goes down with 59 arrived and 141 on the way. */
	TEST_ASSERT_OK(i40e_sim_port_set_link(t.port[1], false), "port 1 down");
	i40e_sim_port_stats_get(t.port[0], &s0);
	i40e_sim_port_stats_get(t.port[1], &s1);
	TEST_ASSERT_EQ(s0.tx_packets, 200, "port 0 sent 200");
	TEST_ASSERT_EQ(s1.rx_packets, 59, "arrived frames received at link down");
	TEST_ASSERT_EQ(s1.rx_packets + s1.rx_missed + s1.rx_link_down, s0.tx_packets,
		       "TX 200 == RX %lu + missed %lu + link down %lu",
		       (unsigned long)s1.rx_packets, (unsigned long)s1.rx_missed,
		       (unsigned long)s1.rx_link_down);
	/* Frames sent to the port while it is down are counted at once. */
	for (unsigned int i = 0; i < 10; i++)
		t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP, f, 60, 0);
	t.now_ns += 100000;
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "10 more");
	i40e_sim_port_stats_get(t.port[0], &s0);
	i40e_sim_port_stats_get(t.port[1], &s1);
	TEST_ASSERT_EQ(s0.tx_packets, 210, "port 0 sent 210");
	TEST_ASSERT_EQ(s1.rx_packets + s1.rx_missed + s1.rx_link_down, 210,
		       "still exact with the peer down");
	/* Back up: nothing stale is delivered. */
	TEST_ASSERT_OK(i40e_sim_port_set_link(t.port[1], true), "port 1 up");
	TEST_ASSERT_EQ(i40e_sim_poll(t.port[1]), 0, "nothing left in flight");
	i40e_sim_port_stats_get(t.port[1], &s1);
	TEST_ASSERT_EQ(s1.rx_packets, 59, "no frame delivered after the link came back");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_i40e_sim_pps_limit),
		TEST_CASE(test_i40e_sim_ring_8160),
		TEST_CASE(test_i40e_sim_mac_filter),
		TEST_CASE(test_i40e_sim_link_drop_exact),
		{ NULL, NULL },
	};

	return test_run_cases("i40e_sim_xl710", cases);
}
