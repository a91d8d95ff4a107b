/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sim/i40e wire, RSS and platform interplay (doc/spec/i40e-sim.md §4.7,
 * §6-§9): RSS hash against the published Toeplitz verification vectors and
 * spread over 128 queues, line-rate pacing arithmetic, peer/sink wiring,
 * FIFO overflow, quarantine -> link down -> reset, fault injection, DD
 * observed last by a concurrent driver thread, and determinism.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#include "i40e_sim_test_util.h"

/* The 40-byte key of the Microsoft RSS verification suite (zero padded). */
static const uint8_t ms_key[I40E_HW_RSS_KEY_SIZE] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2, 0x41, 0x67,
	0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0, 0xd0, 0xca, 0x2b, 0xcb,
	0xae, 0x7b, 0x30, 0xb4, 0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30,
	0xf2, 0x0c, 0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

#define HENA_BIT(pctype) (1ULL << (pctype))

/* Program key, LUT (entry i -> queue i % nbq) and hash-enable mask. */
static void
rss_program(struct i40e_sim_port *p, unsigned int nbq, uint64_t hena)
{
	for (unsigned int i = 0; i < I40E_HW_PFQF_HKEY_NUM; i++)
		t_wr(p, I40E_HW_PFQF_HKEY(i), (uint32_t)ms_key[4 * i] |
		     (uint32_t)ms_key[4 * i + 1] << 8 | (uint32_t)ms_key[4 * i + 2] << 16 |
		     (uint32_t)ms_key[4 * i + 3] << 24);
	for (unsigned int i = 0; i < I40E_HW_PFQF_HLUT_NUM; i++) {
		uint32_t v = 0;

		for (unsigned int n = 0; n < 4; n++)
			v |= ((4 * i + n) % nbq) << (8 * n);
		t_wr(p, I40E_HW_PFQF_HLUT(i), v);
	}
	t_wr(p, I40E_HW_PFQF_HENA(0), (uint32_t)hena);
	t_wr(p, I40E_HW_PFQF_HENA(1), (uint32_t)(hena >> 32));
}

static void
t_frame_v6(uint8_t *f, uint32_t len, uint8_t nh, const uint8_t src[16],
	   const uint8_t dst[16], uint16_t sport, uint16_t dport)
{
	memset(f, 0, len);
	memcpy(f, "\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01", 12);
	t_put16(f + 12, 0x86DD);
	f[14] = 0x60;
	t_put16(f + 18, (uint16_t)(len - 54));
	f[20] = nh;
	f[21] = 64;
	memcpy(f + 22, src, 16);
	memcpy(f + 38, dst, 16);
	t_put16(f + 54, sport);
	t_put16(f + 56, dport);
}

/* Descriptor 0 of RX queue @q must hold @hash with FLTSTAT 3. */
static int
check_hash_at(struct t_rxq *rq, uint16_t q, uint32_t hash, const char *what)
{
	uint64_t qw0 = i40e_hw_le64_to_cpu(t_rxd(&rq[q], 0)[0]);
	uint64_t qw1 = i40e_hw_le64_to_cpu(t_rxd(&rq[q], 0)[1]);

	TEST_ASSERT(i40e_hw_rxd_qw1_dd(qw1), "%s: frame on queue %u", what, q);
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_fltstat(qw1), I40E_HW_RXD_FLTSTAT_RSS_HASH,
		       "%s: FLTSTAT 3", what);
	TEST_ASSERT_EQ(i40e_hw_rxd_qw0_rss(qw0), hash, "%s: hash", what);
	return TEST_SUCCESS;
}

/* §4.7: Toeplitz hash and LUT steering match the published vectors. */
static int
test_i40e_sim_rss_hash_vectors(void)
{
	static const uint8_t v6src[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x1f, 0xff,
					   0, 0, 0, 0, 0, 0, 0, 7 };
	static const uint8_t v6dst[16] = { 0x3f, 0xfe, 0x25, 0x01, 0x02, 0x00, 0x00, 0x03,
					   0, 0, 0, 0, 0, 0, 0, 1 };
	static struct t_rxq rq[128];
	struct t_sim t;
	struct t_txq x;
	uint8_t f[128];

	TEST_ASSERT_OK(t_sim_init(&t), "init");
	TEST_ASSERT_OK(t_port(&t, 0, false, 128), "port");
	TEST_ASSERT_OK(i40e_sim_port_connect(t.port[0], t.port[0]), "loop");
	for (uint16_t q = 0; q < 128; q++)
		TEST_ASSERT_OK(t_rxq_setup(&t, 0, q, 64, 256, true, 63, &rq[q]), "rxq %u", q);
	TEST_ASSERT_OK(t_txq_setup(&t, 0, 0, 64, &x), "txq");
	rss_program(t.port[0], 128,
		    HENA_BIT(I40E_HW_PCTYPE_NONF_IPV4_UDP) | HENA_BIT(I40E_HW_PCTYPE_NONF_IPV4_OTHER) |
		    HENA_BIT(I40E_HW_PCTYPE_NONF_IPV6_TCP));
	/* 66.9.149.187:2794 -> 161.142.100.80:1766: 0x51ccc178 with ports,
	 * 0x323e8fc2 addresses only.  Queue = LUT[hash & 511] = (hash & 511) % 128. */
	t_frame_v4(f, 100, 17, 0x420995bb, 0xa18e6450, 2794, 1766, 0);
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 100), "v4 udp");
	t_frame_v4(f, 100, 47, 0x420995bb, 0xa18e6450, 2794, 1766, 0);
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 100), "v4 gre (IP only)");
	t_frame_v6(f, 100, 6, v6src, v6dst, 2794, 1766);
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 100), "v6 tcp");
	/* IPv4/TCP is not enabled in HENA: no hash, queue 0. */
	t_frame_v4(f, 100, 6, 0x420995bb, 0xa18e6450, 2794, 1766, 0);
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 100), "v4 tcp");
	TEST_ASSERT_EQ(t_poll(&t, 0), 4, "4 frames");
	if (check_hash_at(rq, (0x51ccc178 & 511) % 128, 0x51ccc178, "v4 udp") != 0 ||
	    check_hash_at(rq, (0x323e8fc2 & 511) % 128, 0x323e8fc2, "v4 other") != 0 ||
	    check_hash_at(rq, (0x40207d3d & 511) % 128, 0x40207d3d, "v6 tcp") != 0)
		return TEST_FAILED;
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_ptype(i40e_hw_le64_to_cpu(t_rxd(&rq[61], 0)[1])),
		       I40E_HW_PTYPE_IPV6_TCP, "v6 ptype");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_fltstat(i40e_hw_le64_to_cpu(t_rxd(&rq[0], 0)[1])), 0,
		       "v4 tcp: no hash");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_SIM_QRX_HEAD(0)), 1, "v4 tcp on queue 0");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §4.7, §6.4: a generator with 4096 flows spreads over all 128 queues. */
static int
test_i40e_sim_rss_spread_128_queues(void)
{
	static struct t_rxq rq[128];
	struct i40e_sim_gen_conf g = { .nb_flows = 4096, .count = 4096, .burst = 4096 };
	struct i40e_sim_port_stats ps;
	struct t_sim t;
	uint64_t sum = 0, min = UINT64_MAX;

	TEST_ASSERT_OK(t_sim_init(&t), "init");
	TEST_ASSERT_OK(t_port(&t, 0, false, 128), "port");
	for (uint16_t q = 0; q < 128; q++)
		TEST_ASSERT_OK(t_rxq_setup(&t, 0, q, 128, 256, false, 127, &rq[q]), "rxq %u", q);
	rss_program(t.port[0], 128, HENA_BIT(I40E_HW_PCTYPE_NONF_IPV4_UDP));
	TEST_ASSERT_OK(i40e_sim_gen_set(t.port[0], &g), "generator");
	TEST_ASSERT_EQ(t_poll(&t, 0), 4096, "all delivered");
	TEST_ASSERT_EQ(t_poll(&t, 0), 0, "count reached");
	for (uint16_t q = 0; q < 128; q++) {
		struct i40e_sim_queue_stats qs;

		i40e_sim_queue_stats_get(t.port[0], q, &qs, NULL);
		sum += qs.packets;
		if (qs.packets < min)
			min = qs.packets;
	}
	TEST_ASSERT_EQ(sum, 4096, "per-queue packets add up");
	TEST_ASSERT(min >= 8, "every queue got traffic (min %" PRIu64 ", mean 32)", min);
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.gen_frames, 4096, "generator count");
	TEST_ASSERT_EQ(ps.rx_missed, 0, "nothing missed");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* Ports 0 and 1 back to back; RX queue 0 on port 1 (1024), TX queue 0 on port 0. */
static int
setup_pair(struct t_sim *t, bool paced, struct t_rxq *r, struct t_txq *x,
	   const struct sun4v_platform_conf *pc)
{
	if (t_sim_init_conf(t, pc) != 0 || t_port(t, 0, paced, 0) != 0 ||
	    t_port(t, 1, paced, 0) != 0)
		return -1;
	if (i40e_sim_port_connect(t->port[0], t->port[1]) != 0)
		return -1;
	if (t_rxq_setup(t, 1, 0, 1024, 2048, true, 1023, r) != 0)
		return -1;
	return t_txq_setup(t, 0, 0, 1024, x);
}

/* Post @p n one-descriptor frames (EOP|RS) of @p len bytes and ring. */
static int
send_frames(struct t_sim *t, struct t_txq *x, const uint8_t *f, uint32_t len,
	    unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		t_tx_desc(t, x, 0, I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, f,
			  len, 0);
	return t_tx_doorbell(t, 0, x);
}

/* §7: 64-byte frames at 40G take 16.8 ns: delivery follows wire time. */
static int
test_i40e_sim_pacing_peer_40g(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[64];

	TEST_ASSERT_OK(setup_pair(&t, true, &r, &x, NULL), "pair");
	t.now_ns = 1000;
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	TEST_ASSERT_OK(send_frames(&t, &x, f, 60, 100), "doorbell");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), 100, "1.68 us booked: all taken");
	TEST_ASSERT_EQ(t_poll(&t, 1), 0, "nothing has arrived at t0");
	t.now_ns = 1000 + 840;   /* 50 x 16.8 ns */
	TEST_ASSERT_EQ(t_poll(&t, 1), 50, "50 frames by 840 ns");
	t.now_ns = 1000 + 1679;
	TEST_ASSERT_EQ(t_poll(&t, 1), 49, "99 by 1679 ns");
	t.now_ns = 1000 + 1680;
	TEST_ASSERT_EQ(t_poll(&t, 1), 1, "100 by 1680 ns");
	TEST_ASSERT_EQ(i40e_hw_line_rate_pps(64, I40E_HW_SPEED_40G_MBPS), 59523809,
		       "59.52 Mpps");
	t_sim_fini(&t);

	/* Unpaced: everything at once, no clock involved. */
	TEST_ASSERT_OK(setup_pair(&t, false, &r, &x, NULL), "pair unpaced");
	TEST_ASSERT_OK(send_frames(&t, &x, f, 60, 100), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 1), 100, "all 100 at t0");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/*
 * §7: the wire does not idle behind a late host.  1518-byte frames take
 * 307.6 ns at 40G.  100 posted at 1 us and 50 more at 2 us: the engine
 * books 10 us ahead and leaves the rest.  The host then stalls until
 * 200 us: the left frames were available before, so they go out back to
 * back (the 150th ends at 1 us + 150 x 307.6 ns = 47.14 us) and have all
 * arrived at 200 us.  A frame posted after the stall starts at its
 * doorbell, not in the past.
 */
static int
test_i40e_sim_pacing_host_stall(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[1514];
	uint32_t h;

	TEST_ASSERT_OK(setup_pair(&t, true, &r, &x, NULL), "pair");
	t_frame_v4(f, 1514, 17, 1, 2, 3, 4, 0);
	t.now_ns = 1000;
	TEST_ASSERT_OK(send_frames(&t, &x, f, 1514, 100), "doorbell");
	h = t_rd(t.port[0], I40E_HW_QTX_HEAD(0));
	TEST_ASSERT(h >= 33 && h <= 35, "about 10 us booked: %u taken", h);
	t.now_ns = 2000;
	TEST_ASSERT_OK(send_frames(&t, &x, f, 1514, 50), "doorbell 2");
	/* 1 us later: about 3 more fit in the 10 us ahead. */
	TEST_ASSERT(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)) <= h + 4,
		    "wire still booked: %u taken", t_rd(t.port[0], I40E_HW_QTX_HEAD(0)));
	t.now_ns = 200000;
	t_poll(&t, 0);
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), 150, "all sent");
	TEST_ASSERT_EQ(t_poll(&t, 1), 150, "all 150 arrived by 200 us");
	TEST_ASSERT_OK(send_frames(&t, &x, f, 1514, 1), "doorbell 3");
	t.now_ns = 200000 + 307;
	TEST_ASSERT_EQ(t_poll(&t, 1), 0, "a fresh frame is on the wire");
	t.now_ns = 200000 + 308;
	TEST_ASSERT_EQ(t_poll(&t, 1), 1, "and arrives 307.6 ns after its doorbell");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/*
 * §7: a paced run books at least tx_ahead / 8 (1.25 us) of wire.  1518 B
 * frames (307.6 ns): after the first doorbell the wire is booked 10 us
 * ahead; 0.5 us later a poll takes nothing (one frame would fit), 1.8 us
 * later it takes the 5 that fit, and they still arrive back to back.
 */
static int
test_i40e_sim_pacing_run_batches(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[1514];
	uint32_t h0, h1;

	TEST_ASSERT_OK(setup_pair(&t, true, &r, &x, NULL), "pair");
	t_frame_v4(f, 1514, 17, 1, 2, 3, 4, 0);
	t.now_ns = 1000;
	TEST_ASSERT_OK(send_frames(&t, &x, f, 1514, 100), "doorbell");
	h0 = t_rd(t.port[0], I40E_HW_QTX_HEAD(0));
	t.now_ns = 1500;
	t_poll(&t, 0);
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), h0,
		       "0.5 us later: less than tx_ahead / 8 free, nothing taken");
	t.now_ns = 2800;
	t_poll(&t, 0);
	h1 = t_rd(t.port[0], I40E_HW_QTX_HEAD(0));
	TEST_ASSERT(h1 >= h0 + 4 && h1 <= h0 + 6, "1.8 us later: %u taken",
		    h1 - h0);
	/* Back to back: frame h1 ends at 1 us + h1 x 307.6 ns. */
	t.now_ns = 1000 + (h1 * 3076 - 5) / 10;
	TEST_ASSERT_EQ(t_poll(&t, 1), (int)h1 - 1, "all but the last arrived");
	t.now_ns = 1000 + (h1 * 3076 + 9) / 10;
	TEST_ASSERT_EQ(t_poll(&t, 1), 1, "and the last");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* Generator frames delivered by time @ns after its start, speed @mbps. */
static int
gen_count_at(uint32_t mbps, uint32_t frame, uint64_t rate, uint64_t ns, uint64_t *got)
{
	struct t_sim t;
	struct t_rxq r;
	struct i40e_sim_port_conf pc = { 0 };
	struct i40e_sim_gen_conf g = { .frame_len = frame, .rate_pps = rate };
	struct i40e_sim_port_stats ps;

	if (t_sim_init(&t) != 0)
		return -1;
	pc.func = t.fn[0];
	pc.speed_mbps = mbps;
	pc.clock = t_clock;
	pc.clock_arg = &t.now_ns;
	if (i40e_sim_port_create(&pc, &t.port[0]) != 0 ||
	    t_rxq_setup(&t, 0, 0, 4096, 2048, false, 4095, &r) != 0 ||
	    i40e_sim_gen_set(t.port[0], &g) != 0)
		return -1;
	t.now_ns = 5000;
	t_poll(&t, 0);
	t.now_ns += ns;
	t_poll(&t, 0);
	i40e_sim_port_stats_get(t.port[0], &ps);
	*got = ps.rx_packets;
	t_sim_fini(&t);
	return ps.rx_missed == 0 ? 0 : -1;
}

/* §6.4, §7: the generator sends at line rate or at its configured rate. */
static int
test_i40e_sim_pacing_generator_rates(void)
{
	uint64_t n;

	/* 40G, 64 B: one frame at start, then 1000 in 16.8 us. */
	TEST_ASSERT_OK(gen_count_at(40000, 64, 0, 16800, &n), "40G");
	TEST_ASSERT_EQ(n, 1001, "16.8 us at 59.52 Mpps");
	/* 10G, 1518 B: 1.2304 us per frame -> 812 more in 1 ms. */
	TEST_ASSERT_OK(gen_count_at(10000, 1518, 0, 1000000, &n), "10G");
	TEST_ASSERT_EQ(n, 813, "0.81 Mpps");
	/* 100G, 64 B: 6.72 ns per frame. */
	TEST_ASSERT_OK(gen_count_at(100000, 64, 0, 6720, &n), "100G");
	TEST_ASSERT_EQ(n, 1001, "148.8 Mpps");
	/* 25G at 64 B: 26.88 ns. */
	TEST_ASSERT_OK(gen_count_at(25000, 64, 0, 26880, &n), "25G");
	TEST_ASSERT_EQ(n, 1001, "37.2 Mpps");
	/* A configured 1 Mpps: 100 more in 100 us. */
	TEST_ASSERT_OK(gen_count_at(40000, 64, 1000000, 100000, &n), "1 Mpps");
	TEST_ASSERT_EQ(n, 101, "rate honoured");
	/* Asking for more than the line: capped to line rate. */
	TEST_ASSERT_OK(gen_count_at(40000, 64, 100000000, 16800, &n), "capped");
	TEST_ASSERT_EQ(n, 1001, "never faster than 59.52 Mpps");
	return TEST_SUCCESS;
}

/* §6.1: peer, sink, connect rules. */
static int
test_i40e_sim_wire_peer_and_sink(void)
{
	struct t_sim t;
	struct t_rxq r, r0;
	struct t_txq x, x1;
	struct i40e_sim_port_stats ps0, ps1;
	struct i40e_sim_port *p100;
	struct i40e_sim_port_conf pc = { 0 };
	struct i40e_sim_gen_conf g = { 0 };
	uint8_t f[64];

	TEST_ASSERT_OK(setup_pair(&t, false, &r, &x, NULL), "pair");
	TEST_ASSERT_OK(t_rxq_setup(&t, 0, 0, 64, 2048, true, 63, &r0), "rx on port 0");
	TEST_ASSERT_OK(t_txq_setup(&t, 1, 0, 64, &x1), "tx on port 1");
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	for (unsigned int i = 0; i < 10; i++)
		TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "0 -> 1");
	for (unsigned int i = 0; i < 3; i++)
		TEST_ASSERT_OK(t_tx_frame(&t, 1, &x1, f, 60), "1 -> 0");
	TEST_ASSERT_EQ(t_poll(&t, 1), 10, "port 1 gets 10");
	TEST_ASSERT_EQ(t_poll(&t, 0), 3, "port 0 gets 3");
	TEST_ASSERT_EQ(i40e_sim_gen_set(t.port[0], &g), -EBUSY, "no generator on a peered port");
	pc.func = t.fn[0];
	pc.speed_mbps = 100000;
	TEST_ASSERT_OK(i40e_sim_port_create(&pc, &p100), "100G port");
	TEST_ASSERT_EQ(i40e_sim_port_connect(t.port[0], p100), -EINVAL, "speed mismatch");
	i40e_sim_port_destroy(p100);
	TEST_ASSERT_OK(i40e_sim_port_disconnect(t.port[0]), "disconnect");
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "0 -> sink");
	TEST_ASSERT_OK(t_tx_frame(&t, 1, &x1, f, 60), "1 -> sink");
	TEST_ASSERT_EQ(t_poll(&t, 1) + t_poll(&t, 0), 0, "nothing arrives");
	i40e_sim_port_stats_get(t.port[0], &ps0);
	i40e_sim_port_stats_get(t.port[1], &ps1);
	TEST_ASSERT_EQ(ps0.tx_sink, 1, "port 0 sink");
	TEST_ASSERT_EQ(ps1.tx_sink, 1, "port 1 sink (peer left on disconnect)");
	TEST_ASSERT_EQ(ps0.tx_packets, 11, "port 0 sent 11");
	TEST_ASSERT_EQ(ps1.rx_packets, 10, "port 1 received 10");
	/* §6.1: a cable without a partner has no carrier: the frame is
	 * dropped and counted, not transmitted; the former peer: a sink. */
	TEST_ASSERT_OK(i40e_sim_port_connect(t.port[0], t.port[1]), "again");
	TEST_ASSERT_OK(i40e_sim_port_unplug(t.port[0]), "unplug");
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "0 -> no partner");
	TEST_ASSERT_OK(t_tx_frame(&t, 1, &x1, f, 60), "1 -> sink");
	TEST_ASSERT_EQ(t_poll(&t, 1) + t_poll(&t, 0), 0, "nothing arrives");
	i40e_sim_port_stats_get(t.port[0], &ps0);
	i40e_sim_port_stats_get(t.port[1], &ps1);
	TEST_ASSERT_EQ(ps0.tx_link_down, 1, "port 0 dropped on no carrier");
	TEST_ASSERT_EQ(ps0.tx_packets, 11, "port 0 sent no more");
	TEST_ASSERT_EQ(ps1.tx_sink, 2, "port 1 on a sink");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §6.3: a receiver that does not poll overflows its FIFO: counted missed. */
static int
test_i40e_sim_wire_fifo_overflow(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_conf pc = { 0 };
	struct i40e_sim_port_stats ps;
	uint8_t f[64];

	TEST_ASSERT_OK(t_sim_init(&t), "init");
	TEST_ASSERT_OK(t_port(&t, 0, false, 0), "port 0");
	pc.func = t.fn[1];
	pc.pace_off = true;
	pc.fifo_bytes = 65536;   /* 1024 cells: 512 frames of 60 bytes */
	TEST_ASSERT_OK(i40e_sim_port_create(&pc, &t.port[1]), "port 1");
	TEST_ASSERT_OK(i40e_sim_port_connect(t.port[0], t.port[1]), "connect");
	/* No RX buffer posted yet: frames cannot go straight into buffers
	 * (§6.2) and queue in the FIFO. */
	TEST_ASSERT_OK(t_rxq_setup(&t, 1, 0, 1024, 2048, false, 0, &r), "rxq");
	TEST_ASSERT_OK(t_txq_setup(&t, 0, 0, 1024, &x), "txq");
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	TEST_ASSERT_OK(send_frames(&t, &x, f, 60, 1000), "doorbell");
	i40e_sim_port_stats_get(t.port[1], &ps);
	TEST_ASSERT_EQ(ps.rx_packets, 0, "nothing posted, nothing written");
	for (uint32_t i = 0; i < 1023; i++)
		t_rx_post(&t, &r, i);
	TEST_ASSERT_OK(t_wr(t.port[1], I40E_HW_QRX_TAIL(0), 1023), "post 1023");
	TEST_ASSERT_EQ(t_poll(&t, 1), 512, "FIFO held 512");
	i40e_sim_port_stats_get(t.port[1], &ps);
	TEST_ASSERT_EQ(ps.rx_fifo_overflow, 488, "488 overflowed");
	TEST_ASSERT_EQ(ps.rx_missed, 488, "counted as missed");
	/* The FIFO works again after wrapping. */
	TEST_ASSERT_OK(send_frames(&t, &x, f, 60, 20), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 1), 20, "20 more");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §8.2: a fault storm quarantines the function: link down until reset. */
static int
test_i40e_sim_quarantine_link_down(void)
{
	struct sun4v_platform_conf pconf = { .quarantine_faults = 3 };
	struct i40e_sim_inject_conf inj = { .mode = I40E_SIM_INJECT_DVMA,
					    .dvma = T_UNMAPPED_DVMA, .every = 1 };
	struct i40e_sim_port_stats ps;
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[64];
	unsigned int i;

	TEST_ASSERT_OK(t_sim_init_conf(&t, &pconf), "init");
	TEST_ASSERT_OK(t_port(&t, 0, false, 0), "port");
	TEST_ASSERT_OK(i40e_sim_port_connect(t.port[0], t.port[0]), "loop");
	TEST_ASSERT_OK(t_rxq_setup(&t, 0, 0, 64, 2048, true, 63, &r), "rxq");
	TEST_ASSERT_OK(t_txq_setup(&t, 0, 0, 64, &x), "txq");
	TEST_ASSERT_OK(i40e_sim_inject_set(t.port[0], &inj), "inject");
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	for (i = 0; i < 10 && i40e_sim_link_up(t.port[0]); i++) {
		TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "tx");
		t_poll(&t, 0);
	}
	TEST_ASSERT(sun4v_func_quarantined(t.fn[0]), "platform quarantined the function");
	TEST_ASSERT(!i40e_sim_link_up(t.port[0]), "link down");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_SIM_LINK_STATUS) & I40E_HW_SIM_LINK_UP, 0,
		       "LINK_STATUS down");
	/* sun4v quarantines on the fault that exceeds quarantine_faults. */
	TEST_ASSERT_EQ(i, 4, "on the 4th fault");
	/* While down, the TX engine does not run. */
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 60), "tx while down");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), 4, "TX stalled");
	/* The OS resets the function and the port: link back, queues off. */
	TEST_ASSERT_OK(sun4v_func_reset(t.fn[0]), "func reset");
	TEST_ASSERT(!i40e_sim_link_up(t.port[0]), "still down until the port resets");
	TEST_ASSERT_OK(t_wr(t.port[0], I40E_HW_PFGEN_CTRL, I40E_HW_PFGEN_CTRL_PFSWR), "PFSWR");
	TEST_ASSERT(i40e_sim_link_up(t.port[0]), "link up after reset");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QRX_ENA(0)), 0, "RX queue off after reset");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_SIM_QRX_LEN(0)), 0, "context cleared");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.dma_write_faults, 4, "4 write faults, kept across reset");
	TEST_ASSERT_EQ(ps.injected, 4, "4 injections");
	TEST_ASSERT_EQ(ps.rx_descs, 3, "no write-back once quarantined");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §8.3: the injection hook: every Nth buffer write goes astray. */
static int
test_i40e_sim_inject_dvma_and_stale(void)
{
	struct i40e_sim_inject_conf inj = { .mode = I40E_SIM_INJECT_DVMA,
					    .dvma = T_UNMAPPED_DVMA, .every = 2 };
	struct i40e_sim_port_stats ps;
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[6][64];

	TEST_ASSERT_OK(t_sim_init(&t), "init");
	TEST_ASSERT_OK(t_port(&t, 0, false, 0), "port");
	TEST_ASSERT_OK(i40e_sim_port_connect(t.port[0], t.port[0]), "loop");
	TEST_ASSERT_OK(t_rxq_setup(&t, 0, 0, 64, 2048, true, 63, &r), "rxq");
	TEST_ASSERT_OK(t_txq_setup(&t, 0, 0, 64, &x), "txq");
	TEST_ASSERT_OK(i40e_sim_inject_set(t.port[0], &inj), "inject dvma");
	for (unsigned int i = 0; i < 6; i++) {
		t_frame_v4(f[i], 60, 17, 1, 2, 3, 4, (uint8_t)(10 * i));
		TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f[i], 60), "tx");
	}
	TEST_ASSERT_EQ(t_poll(&t, 0), 3, "every 2nd faults");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.injected, 3, "3 injections");
	TEST_ASSERT_EQ(ps.dma_write_faults, 3, "3 faults");
	/*
	 * Stale targets the first buffer of the previous ring lap (§8.3), so
	 * within the first lap there is no stale address yet: the injection
	 * is counted but the frame lands where it belongs.  The use-after-
	 * unmap itself is exercised end to end by the PMD's fault tests
	 * (tests/pmd/ethdev/test_ethdev_faults.c, inject_stale_map).
	 */
	inj.mode = I40E_SIM_INJECT_STALE;
	inj.every = 3;
	TEST_ASSERT_OK(i40e_sim_inject_set(t.port[0], &inj), "inject stale");
	memset(r.bufs + 6 * 2048, 0xEE, 3 * 2048);
	for (unsigned int i = 0; i < 3; i++)
		TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f[i], 60), "tx");
	TEST_ASSERT_EQ(t_poll(&t, 0), 3, "all 3 landed");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.injected, 4, "the stale injection was counted");
	TEST_ASSERT(memcmp(r.bufs + 6 * 2048, f[0], 60) == 0, "buffer 6 ok");
	TEST_ASSERT(memcmp(r.bufs + 7 * 2048, f[1], 60) == 0, "buffer 7 ok");
	TEST_ASSERT(memcmp(r.bufs + 8 * 2048, f[2], 60) == 0, "buffer 8 ok");
	TEST_ASSERT_OK(i40e_sim_inject_set(t.port[0], NULL), "off");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* ---- DD last, seen by a concurrent driver thread (§4.5, §9.2) --------- */

struct dd_obs {
	struct t_sim *t;
	struct t_rxq *r;
	uint64_t want;
	uint64_t seen;
	uint64_t violations;
	uint64_t bad_len;
	atomic_bool done;
	atomic_bool stop;             /* the main thread gave up waiting */
};

static void *
dd_observer(void *arg)
{
	struct dd_obs *o = arg;
	uint32_t i = 0;

	while (o->seen < o->want && !atomic_load_explicit(&o->stop, memory_order_relaxed)) {
		uint64_t *d = t_rxd(o->r, i);
		uint64_t posted = t_dvma(o->t, o->r->bufs + (size_t)i * o->r->bufsz);
		uint64_t qw1 = atomic_load_explicit((_Atomic uint64_t *)&d[1],
						    memory_order_acquire);
		uint64_t qw0;

		if (!i40e_hw_rxd_qw1_dd(i40e_hw_le64_to_cpu(qw1)))
			continue;
		/* DD seen: the rest must already be the write-back. */
		qw0 = i40e_hw_le64_to_cpu(d[0]);
		if (qw0 == posted)
			o->violations++;
		if (i40e_hw_rxd_qw1_len_pbuf(i40e_hw_le64_to_cpu(qw1)) != 60)
			o->bad_len++;
		o->seen++;
		d[0] = i40e_hw_cpu_to_le64(posted);
		atomic_store_explicit((_Atomic uint64_t *)&d[1], 0, memory_order_release);
		i40e_sim_reg_write(o->t->port[0], I40E_HW_QRX_TAIL(0), i);
		i = (i + 1) % o->r->nb;
	}
	atomic_store(&o->done, true);
	return NULL;
}

static int
test_i40e_sim_rx_dd_last_observed(void)
{
	struct i40e_sim_gen_conf g = { .burst = 32 };
	struct dd_obs o = { 0 };
	struct i40e_sim_port_stats ps;
	struct timespec t0, t1;
	struct t_sim t;
	struct t_rxq r;
	pthread_t th;

	TEST_ASSERT_OK(t_sim_init(&t), "init");
	TEST_ASSERT_OK(t_port(&t, 0, false, 0), "port");
	TEST_ASSERT_OK(t_rxq_setup(&t, 0, 0, 512, 256, true, 511, &r), "rxq");
	/* RSS on, LUT -> queue 0: qword0 carries a non-zero hash. */
	rss_program(t.port[0], 1, HENA_BIT(I40E_HW_PCTYPE_NONF_IPV4_UDP));
	TEST_ASSERT_OK(i40e_sim_gen_set(t.port[0], &g), "generator");
	o.t = &t;
	o.r = &r;
	o.want = 200000;
	TEST_ASSERT_OK(pthread_create(&th, NULL, dd_observer, &o), "thread");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!atomic_load(&o.done)) {
		t_poll(&t, 0);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (t1.tv_sec - t0.tv_sec > 30)   /* a lost re-post stalls the driver */
			atomic_store(&o.stop, true);
	}
	pthread_join(th, NULL);
	i40e_sim_port_stats_get(t.port[0], &ps);
	/* A descriptor fetched with DD still set means a driver re-post was
	 * overwritten by a late device store (the §4.5 single-store rule). */
	TEST_ASSERT_EQ(ps.guest_errors, 0, "device saw a re-posted descriptor with DD");
	TEST_ASSERT_EQ(o.violations, 0, "a descriptor was seen with DD before qword0");
	TEST_ASSERT_EQ(o.bad_len, 0, "lengths");
	TEST_ASSERT_EQ(o.seen, o.want, "all observed");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §9: the same touches with the same clock give the same results. */
static int
run_scripted(uint64_t out[6])
{
	struct i40e_sim_gen_conf g = { .nb_flows = 64 };
	struct i40e_sim_port_stats ps;
	struct t_rxq r[4];
	struct t_sim t;

	if (t_sim_init(&t) != 0 || t_port(&t, 0, true, 4) != 0)
		return -1;
	for (uint16_t q = 0; q < 4; q++)
		if (t_rxq_setup(&t, 0, q, 64, 256, q % 2 == 0, 63, &r[q]) != 0)
			return -1;
	rss_program(t.port[0], 4, HENA_BIT(I40E_HW_PCTYPE_NONF_IPV4_UDP));
	if (i40e_sim_gen_set(t.port[0], &g) != 0)
		return -1;
	for (unsigned int step = 0; step < 200; step++) {
		t.now_ns += 333;
		t_poll(&t, 0);
		if (step % 7 == 0)   /* the "driver" recycles queue 1 only */
			for (uint32_t i = 0; i < 64; i++)
				t_rx_post(&t, &r[1], i);
	}
	i40e_sim_port_stats_get(t.port[0], &ps);
	out[0] = ps.rx_packets;
	out[1] = ps.rx_missed;
	out[2] = ps.gen_frames;
	out[3] = t_rd(t.port[0], I40E_HW_SIM_QRX_HEAD(1));
	out[4] = i40e_hw_le64_to_cpu(t_rxd(&r[2], 5)[0]);
	out[5] = i40e_hw_le64_to_cpu(t_rxd(&r[3], 7)[1]);
	t_sim_fini(&t);
	return 0;
}

static int
test_i40e_sim_deterministic_runs(void)
{
	uint64_t a[6], b[6];

	TEST_ASSERT_OK(run_scripted(a), "run 1");
	TEST_ASSERT_OK(run_scripted(b), "run 2");
	for (unsigned int i = 0; i < 6; i++)
		TEST_ASSERT_EQ(a[i], b[i], "value %u identical", i);
	/* 66.6 us at 59.52 Mpps: frames at t0 + k x 16.8 ns. */
	TEST_ASSERT_EQ(a[2], (199 * 333 * 1000) / 16800 + 1, "generator timing");
	TEST_ASSERT_EQ(a[0] + a[1], a[2], "every frame received or missed");
	TEST_ASSERT(a[1] > 0 && a[0] > 0, "both outcomes happened");
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_i40e_sim_rss_hash_vectors),
		TEST_CASE(test_i40e_sim_rss_spread_128_queues),
		TEST_CASE(test_i40e_sim_pacing_peer_40g),
		TEST_CASE(test_i40e_sim_pacing_host_stall),
		TEST_CASE(test_i40e_sim_pacing_run_batches),
		TEST_CASE(test_i40e_sim_pacing_generator_rates),
		TEST_CASE(test_i40e_sim_wire_peer_and_sink),
		TEST_CASE(test_i40e_sim_wire_fifo_overflow),
		TEST_CASE(test_i40e_sim_quarantine_link_down),
		TEST_CASE(test_i40e_sim_inject_dvma_and_stale),
		TEST_CASE(test_i40e_sim_rx_dd_last_observed),
		TEST_CASE(test_i40e_sim_deterministic_runs),
		{ NULL, NULL },
	};

	return test_run_cases("i40e_sim_wire", cases);
}
