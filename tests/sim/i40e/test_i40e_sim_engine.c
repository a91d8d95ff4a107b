/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sim/i40e RX/TX engines driven with hand-built rings (doc/spec/i40e-sim.md
 * §3-§5, §8): write-back order and contents, DD written last, 16- and
 * 32-byte descriptors, chaining, missed frames, TX completion, malformed TX,
 * DMA faults on unmapped DVMA, bad ring configuration.
 */
#include "i40e_sim_test_util.h"

/* Loopback port 0, RX queue 0 and TX queue 0, unpaced. */
static int
setup_loop(struct t_sim *t, bool d32, uint32_t nb, uint32_t bufsz, uint32_t tail,
	   struct t_rxq *r, struct t_txq *x)
{
	if (t_sim_init(t) != 0 || t_port(t, 0, false, 0) != 0)
		return -1;
	if (i40e_sim_port_connect(t->port[0], t->port[0]) != 0)
		return -1;
	if (t_rxq_setup(t, 0, 0, nb, bufsz, d32, tail, r) != 0)
		return -1;
	return t_txq_setup(t, 0, 0, 256, x);
}

static int
check_writeback_order(bool d32)
{
	static const uint32_t lens[] = { 60, 100, 200, 1000, 1514 };
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct sun4v_func_stats fs0, fs1;
	struct i40e_sim_port_stats ps;
	uint8_t f[2048];

	TEST_ASSERT_OK(setup_loop(&t, d32, 64, 2048, 63, &r, &x), "setup");
	sun4v_func_stats_get(t.fn[0], &fs0);
	for (unsigned int i = 0; i < 5; i++) {
		t_frame_v4(f, lens[i], 17, 0x0A000001, 0x0A000002, 1000, 2000, (uint8_t)i);
		TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, lens[i]), "tx %u", i);
	}
	TEST_ASSERT_EQ(t_poll(&t, 0), 5, "5 frames delivered");
	sun4v_func_stats_get(t.fn[0], &fs1);
	for (unsigned int i = 0; i < 5; i++) {
		uint64_t qw1 = i40e_hw_le64_to_cpu(t_rxd(&r, i)[1]);

		TEST_ASSERT(i40e_hw_rxd_qw1_dd(qw1), "desc %u DD", i);
		TEST_ASSERT(qw1 & I40E_HW_RXD_STATUS_EOF, "desc %u EOF", i);
		TEST_ASSERT(qw1 & I40E_HW_RXD_STATUS_L3L4P, "desc %u L3L4P", i);
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(qw1), lens[i], "desc %u len", i);
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_ptype(qw1), I40E_HW_PTYPE_IPV4_UDP, "ptype");
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_hbuf(qw1), 0, "HBUF 0");
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_sph(qw1), 0, "SPH 0");
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_error(qw1), 0, "no errors");
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_fltstat(qw1), 0, "RSS off: no hash");
		t_frame_v4(f, lens[i], 17, 0x0A000001, 0x0A000002, 1000, 2000, (uint8_t)i);
		TEST_ASSERT(memcmp(r.bufs + (size_t)i * r.bufsz, f, lens[i]) == 0,
			    "frame %u bytes", i);
		/* TX: every descriptor had RS, so every one reads DESC_DONE. */
		TEST_ASSERT(i40e_hw_txd_qw1_is_done(i40e_hw_le64_to_cpu(t_txd(&x, i)[1])),
			    "tx desc %u done", i);
	}
	TEST_ASSERT_EQ(t_rxd(&r, 5)[1], 0, "descriptor 5 untouched");
	if (d32)
		TEST_ASSERT_EQ(t_rxd(&r, 0)[2] | t_rxd(&r, 0)[3], 0, "qw2/qw3 zero");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_SIM_QRX_HEAD(0)), 5, "RX head");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), 5, "TX head");
	/*
	 * DMA structure (§4.5): per RX frame one data write and one ordered
	 * descriptor write (every byte but DD's, a release fence, DD's byte
	 * last); per TX RS descriptor one write.  Reads: one TX descriptor fetch per
	 * doorbell (5); per frame the parser's header read, and for the three
	 * frames longer than it (128 bytes) the TX buffer read of the
	 * one-copy move into the posted RX buffer (§6.2: 2 x 1 + 3 x 2: a
	 * frame the header read held whole is written from it); one RX
	 * descriptor prefetch; and for those three frames one read of the
	 * rest of their UDP bytes for the checksum check (§4.9).
	 */
	TEST_ASSERT_EQ(fs1.dma_writes - fs0.dma_writes, 5 * 2 + 5, "DMA writes");
	TEST_ASSERT_EQ(fs1.dma_reads - fs0.dma_reads, 5 + 2 * 1 + 3 * 2 + 1 + 3,
		       "DMA reads");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.rx_packets, 5, "rx packets");
	TEST_ASSERT_EQ(ps.tx_packets, 5, "tx packets");
	TEST_ASSERT_EQ(ps.rx_bytes, 60 + 100 + 200 + 1000 + 1514, "rx bytes");
	TEST_ASSERT_EQ(ps.rx_descs, 5, "rx descs");
	TEST_ASSERT_EQ(ps.doorbells, 5, "doorbells");
	TEST_ASSERT_EQ(ps.guest_errors, 0, "no guest errors");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

static int
test_i40e_sim_rx_writeback_order_32b(void)
{
	return check_writeback_order(true);
}

static int
test_i40e_sim_rx_writeback_order_16b(void)
{
	return check_writeback_order(false);
}

/* §4.3: a 9000-byte frame spans 5 x 2048-byte buffers; too big is dropped. */
/*
 * §4.5: the write-backs of the frames one doorbell moves are one ordered
 * DMA per run of consecutive descriptors (DD last in each, in order); a
 * ring wrap starts a new run.  16-descriptor ring, 15 posted: 12 frames
 * in one doorbell, then 12 reposted and 8 more across the wrap (12..15,
 * 0..3): 2 + 2 write-back DMAs.
 */
static int
test_i40e_sim_rx_writeback_gathered(void)
{
	struct sun4v_func_stats fs0, fs1;
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	uint8_t f[128];

	TEST_ASSERT_OK(setup_loop(&t, false, 64, 2048, 63, &r, &x), "setup");
	t_frame_v4(f, 60, 17, 0x0A000001, 0x0A000002, 1000, 2000, 1);
	sun4v_func_stats_get(t.fn[0], &fs0);
	for (unsigned int i = 0; i < 60; i++)
		t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA, I40E_HW_TXD_CMD_EOP |
			  I40E_HW_TXD_CMD_ICRC | (i == 59 ? I40E_HW_TXD_CMD_RS : 0),
			  f, 60, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	sun4v_func_stats_get(t.fn[0], &fs1);
	/* 60 frame writes, 2 write-back runs (32 at most each), 1 TX RS write-back. */
	TEST_ASSERT_EQ(fs1.dma_writes - fs0.dma_writes, 60 + 2 + 1, "writes");
	for (unsigned int i = 0; i < 60; i++) {
		uint64_t qw1 = i40e_hw_le64_to_cpu(t_rxd(&r, i)[1]);

		TEST_ASSERT(i40e_hw_rxd_qw1_dd(qw1), "desc %u DD", i);
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(qw1), 60, "desc %u len", i);
	}
	TEST_ASSERT_EQ(t_rxd(&r, 60)[1], 0, "descriptor 60 untouched");
	for (unsigned int i = 0; i < 60; i++)
		t_rx_post(&t, &r, i);
	TEST_ASSERT_OK(t_wr(t.port[0], I40E_HW_QRX_TAIL(0), 59), "tail 59");
	for (unsigned int i = 0; i < 8; i++)
		t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA, I40E_HW_TXD_CMD_EOP |
			  I40E_HW_TXD_CMD_ICRC | (i == 7 ? I40E_HW_TXD_CMD_RS : 0),
			  f, 60, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell 2");
	sun4v_func_stats_get(t.fn[0], &fs0);
	TEST_ASSERT_EQ(fs0.dma_writes - fs1.dma_writes, 8 + 2 + 1,
		       "a run each side of the wrap");
	for (unsigned int i = 0; i < 8; i++) {
		uint32_t d = (60 + i) % 64;

		TEST_ASSERT(i40e_hw_rxd_qw1_dd(i40e_hw_le64_to_cpu(t_rxd(&r, d)[1])),
			    "desc %u DD", d);
	}
	TEST_ASSERT_EQ(t_rxd(&r, 4)[1], 0, "descriptor 4 untouched");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_SIM_QRX_HEAD(0)), 4, "RX head");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

static int
test_i40e_sim_rx_chaining(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_stats ps;
	static uint8_t f[9724];
	uint32_t off = 0;

	TEST_ASSERT_OK(setup_loop(&t, true, 64, 2048, 63, &r, &x), "setup");
	t_frame_v4(f, 9000, 6, 1, 2, 3, 4, 7);
	/* Sent as two TX data descriptors of 4500 bytes. */
	t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA, I40E_HW_TXD_CMD_ICRC, f, 4500, 0);
	t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA,
		  I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS | I40E_HW_TXD_CMD_ICRC,
		  f + 4500, 4500, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), 1, "one frame");
	for (unsigned int i = 0; i < 5; i++) {
		uint64_t qw1 = i40e_hw_le64_to_cpu(t_rxd(&r, i)[1]);
		uint32_t want = i < 4 ? 2048 : 9000 - 4 * 2048;

		TEST_ASSERT(i40e_hw_rxd_qw1_dd(qw1), "desc %u DD", i);
		TEST_ASSERT_EQ(!!(qw1 & I40E_HW_RXD_STATUS_EOF), i == 4, "EOF only last");
		TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(qw1), want, "desc %u len", i);
		TEST_ASSERT(memcmp(r.bufs + (size_t)i * 2048, f + off, want) == 0, "bytes %u", i);
		off += want;
	}
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_ptype(i40e_hw_le64_to_cpu(t_rxd(&r, 4)[1])),
		       I40E_HW_PTYPE_IPV4_TCP, "ptype on EOP");
	TEST_ASSERT_EQ(t_rxd(&r, 5)[1], 0, "sixth untouched");
	/* 9724 bytes would need 5 buffers: accepted; 1024-byte buffers: no. */
	t_frame_v4(f, 9724, 17, 1, 2, 3, 4, 9);
	t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA,
		  I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS | I40E_HW_TXD_CMD_ICRC, f, 9724, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), 1, "max frame in 5 buffers");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.rx_descs, 10, "5 + 5 descriptors");
	TEST_ASSERT_EQ(ps.rx_oversize, 0, "none oversize");
	t_sim_fini(&t);

	TEST_ASSERT_OK(setup_loop(&t, true, 64, 1024, 63, &r, &x), "setup 1K");
	t_frame_v4(f, 6000, 17, 1, 2, 3, 4, 9);
	t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA,
		  I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS | I40E_HW_TXD_CMD_ICRC, f, 6000, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), 0, "6000 > 5 x 1024: dropped");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.rx_oversize, 1, "oversize counted");
	TEST_ASSERT_EQ(t_rxd(&r, 0)[1], 0, "no descriptor used");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §4.6: no free descriptor -> missed; posting more resumes reception. */
static int
test_i40e_sim_rx_missed(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_stats ps;
	struct i40e_sim_queue_stats qs;
	uint8_t f[64];

	TEST_ASSERT_OK(setup_loop(&t, true, 64, 2048, 10, &r, &x), "setup");
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	for (unsigned int i = 0; i < 15; i++)
		t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA,
			  I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, f, 60, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), 10, "10 descriptors, 10 frames");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.rx_missed, 5, "5 missed");
	TEST_ASSERT_OK(i40e_sim_queue_stats_get(t.port[0], 0, &qs, NULL), "qstats");
	TEST_ASSERT_EQ(qs.missed, 5, "queue missed");
	TEST_ASSERT_EQ(qs.packets, 10, "queue packets");
	TEST_ASSERT_EQ(t_rxd(&r, 10)[1], 0, "descriptor 10 (the tail) never used");
	/* The driver posts 10 more: the next 3 frames land in 10..12. */
	TEST_ASSERT_OK(t_wr(t.port[0], I40E_HW_QRX_TAIL(0), 20), "tail");
	for (unsigned int i = 0; i < 3; i++)
		t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA,
			  I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, f, 60, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), 3, "3 more");
	TEST_ASSERT(i40e_hw_rxd_qw1_dd(i40e_hw_le64_to_cpu(t_rxd(&r, 12)[1])), "desc 12");
	TEST_ASSERT_EQ(t_rxd(&r, 13)[1], 0, "desc 13 free");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §5.3: DESC_DONE only on RS descriptors, only once they and all earlier are done. */
static int
test_i40e_sim_tx_completion(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_conf pc = { 0 };
	uint8_t f[64];

	TEST_ASSERT_OK(t_sim_init(&t), "init");
	pc.func = t.fn[0];
	pc.clock = t_clock;
	pc.clock_arg = &t.now_ns;
	pc.tx_ahead_ns = 100;   /* the engine may book the wire 100 ns ahead */
	pc.pps_limit_set = true; /* the Ethernet wire alone (no 37 Mpps gap) */
	TEST_ASSERT_OK(i40e_sim_port_create(&pc, &t.port[0]), "paced port");
	TEST_ASSERT_OK(i40e_sim_port_connect(t.port[0], t.port[0]), "loop");
	TEST_ASSERT_OK(t_rxq_setup(&t, 0, 0, 64, 2048, true, 63, &r), "rxq");
	TEST_ASSERT_OK(t_txq_setup(&t, 0, 0, 64, &x), "txq");
	t.now_ns = 1000;
	t_frame_v4(f, 60, 17, 1, 2, 3, 4, 0);
	for (unsigned int i = 0; i < 8; i++)
		t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_DATA,
			  I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_ICRC |
			  (i % 4 == 3 ? I40E_HW_TXD_CMD_RS : 0), f, 60, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	/* 64-byte frames take 16.8 ns: frames go while the wire is booked
	 * at most 100 ns ahead -> 6 frames (the 6th ends at 100.8 ns). */
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), 6, "6 consumed");
	for (unsigned int i = 0; i < 8; i++) {
		uint64_t qw1 = i40e_hw_le64_to_cpu(t_txd(&x, i)[1]);

		TEST_ASSERT_EQ(i40e_hw_txd_qw1_is_done(qw1), i == 3, "desc %u done state", i);
	}
	t.now_ns += 1000;
	t_poll(&t, 0);   /* pacing left work pending: poll resumes it */
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), 8, "all consumed");
	TEST_ASSERT(i40e_hw_txd_qw1_is_done(i40e_hw_le64_to_cpu(t_txd(&x, 7)[1])),
		    "desc 7 done");
	TEST_ASSERT_EQ(i40e_hw_txd_qw1_buf_sz(i40e_hw_le64_to_cpu(t_txd(&x, 7)[1])), 60,
		       "only DTYPE rewritten");
	TEST_ASSERT(!i40e_hw_txd_qw1_is_done(i40e_hw_le64_to_cpu(t_txd(&x, 6)[1])),
		    "desc 6 (no RS) untouched");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §5.5: malformed packets are guest errors, dropped; the queue goes on. */
static int
test_i40e_sim_tx_malformed(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_stats ps;
	uint8_t f[1024];
	uint32_t rs9;

	TEST_ASSERT_OK(setup_loop(&t, true, 256, 2048, 255, &r, &x), "setup");
	t_frame_v4(f, 900, 17, 1, 2, 3, 4, 0);
	/* (a) nine data descriptors of 100 bytes: over the 8 limit. */
	for (unsigned int i = 0; i < 8; i++)
		t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_ICRC, f + 100 * i, 100, 0);
	rs9 = t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, f + 800, 100, 0);
	/* (b) a zero-length descriptor. */
	t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, f, 0, 0);
	/* (c) a 16-byte packet (minimum is 17). */
	t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, f, 16, 0);
	/* (d) context descriptor + valid 8-descriptor packet: sent. */
	t_tx_desc(&t, &x, I40E_HW_TX_DTYPE_CONTEXT, 0, NULL, 0, 0); /* NOP */
	for (unsigned int i = 0; i < 7; i++)
		t_tx_desc(&t, &x, 0, 0, f + 100 * i, 100, 0);
	t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, f + 700, 200, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT(i40e_hw_txd_qw1_is_done(i40e_hw_le64_to_cpu(t_txd(&x, rs9)[1])),
		    "RS of the dropped packet still completes");
	/* (e) missing EOP at the tail. */
	t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_RS, f, 100, 0);
	TEST_ASSERT_OK(t_tx_doorbell(&t, 0, &x), "doorbell");
	TEST_ASSERT_EQ(t_poll(&t, 0), 1, "only (d) arrives");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(i40e_hw_le64_to_cpu(t_rxd(&r, 0)[1])), 900,
		       "(d) is 900 bytes");
	TEST_ASSERT(memcmp(r.bufs, f, 900) == 0, "(d) bytes");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.tx_malformed, 4, "a, b, c, e malformed");
	TEST_ASSERT_EQ(ps.guest_errors, 4, "four guest errors");
	TEST_ASSERT_EQ(ps.tx_packets, 1, "one sent");
	TEST_ASSERT_EQ(ps.tx_ctx_descs, 1, "context skipped");
	TEST_ASSERT_EQ(ps.tx_descs, 9 + 1 + 1 + 9 + 1, "every descriptor consumed");
	TEST_ASSERT_EQ(t_rd(t.port[0], I40E_HW_QTX_HEAD(0)), x.tail, "head at tail");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §8.2: unmapped DVMA: frame dropped, fault counted, the queue continues. */
static int
test_i40e_sim_fault_unmapped_dvma(void)
{
	struct t_sim t;
	struct t_rxq r;
	struct t_txq x;
	struct i40e_sim_port_stats ps;
	struct sun4v_fault_stats fst;
	uint8_t f[128];
	uint64_t qw1;

	TEST_ASSERT_OK(setup_loop(&t, true, 64, 8192, 63, &r, &x), "setup");
	/* RX buffer 2 is one whole 8 KB page: unmap it. */
	TEST_ASSERT_OK(t_unmap_ptr(&t, r.bufs + 2 * 8192), "unmap buffer 2");
	for (unsigned int i = 0; i < 5; i++) {
		t_frame_v4(f, 100, 17, 1, 2, 3, 4, (uint8_t)i);
		TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 100), "tx");
	}
	TEST_ASSERT_EQ(t_poll(&t, 0), 4, "4 of 5 delivered");
	qw1 = i40e_hw_le64_to_cpu(t_rxd(&r, 2)[1]);
	TEST_ASSERT(i40e_hw_rxd_qw1_dd(qw1) && (qw1 & I40E_HW_RXD_STATUS_EOF), "desc 2 DD|EOF");
	TEST_ASSERT(qw1 & I40E_HW_RXD_ERROR_RXE, "desc 2 RXE");
	TEST_ASSERT_EQ(i40e_hw_rxd_qw1_len_pbuf(qw1), 0, "desc 2 length 0");
	for (unsigned int i = 3; i < 5; i++) {
		t_frame_v4(f, 100, 17, 1, 2, 3, 4, (uint8_t)i);
		TEST_ASSERT(memcmp(r.bufs + (size_t)i * 8192, f, 100) == 0, "frame %u after", i);
	}
	/* TX buffer at an unmapped DVMA: dropped, completed, next one sent. */
	t_tx_desc(&t, &x, 0, I40E_HW_TXD_CMD_EOP | I40E_HW_TXD_CMD_RS, NULL, 100,
		  T_UNMAPPED_DVMA);
	TEST_ASSERT_OK(t_tx_frame(&t, 0, &x, f, 100), "tx after");
	TEST_ASSERT(i40e_hw_txd_qw1_is_done(i40e_hw_le64_to_cpu(t_txd(&x, 5)[1])),
		    "faulted TX descriptor completes");
	TEST_ASSERT_EQ(t_poll(&t, 0), 1, "next frame arrives");
	i40e_sim_port_stats_get(t.port[0], &ps);
	TEST_ASSERT_EQ(ps.dma_write_faults, 1, "one write fault");
	TEST_ASSERT_EQ(ps.dma_read_faults, 1, "one read fault");
	TEST_ASSERT_EQ(ps.tx_dma_dropped, 1, "TX drop counted");
	TEST_ASSERT_EQ(ps.rx_packets, 5, "4 + 1 received");
	sun4v_fault_stats_get(t.p, &fst);
	TEST_ASSERT_EQ(fst.by_reason[SUN4V_FAULT_UNMAPPED], 2, "platform saw 2 faults");
	TEST_ASSERT(i40e_sim_link_up(t.port[0]), "link still up");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

/* §3.2-§3.3: bad ring configuration is a guest error; the queue stays off. */
static int
test_i40e_sim_bad_ring_config(void)
{
	struct t_sim t;
	struct i40e_sim_port *p;
	struct i40e_sim_port_stats ps;
	struct t_rxq r;
	uint32_t v = 0;
	static const struct { uint32_t len, base, ctl; const char *what; } bad[] = {
		{ 100, 0x1000, 16, "len not a multiple of 32" },
		{ 32, 0x1000, 16, "len below 64" },
		{ 8192, 0x1000, 16, "len above 4096" },
		{ 64, 0x1040, 16, "base not 128-byte aligned" },
		{ 64, 0x1000, 0, "buffer size 0" },
	};

	TEST_ASSERT_OK(t_sim_init(&t), "init");
	TEST_ASSERT_OK(t_port(&t, 0, false, 4), "port with 4 queues");
	p = t.port[0];
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t_wr(p, I40E_HW_SIM_QRX_BASE_LO(1), bad[i].base);
		t_wr(p, I40E_HW_SIM_QRX_LEN(1), bad[i].len);
		t_wr(p, I40E_HW_SIM_QRX_CTL(1), bad[i].ctl);
		TEST_ASSERT_EQ(t_wr(p, I40E_HW_QRX_ENA(1), I40E_HW_QENA_REQ), -EINVAL,
			       "%s", bad[i].what);
		TEST_ASSERT_EQ(t_rd(p, I40E_HW_QRX_ENA(1)), I40E_HW_QENA_REQ,
			       "STAT clear: %s", bad[i].what);
		TEST_ASSERT_EQ(t_wr(p, I40E_HW_QRX_ENA(1), 0), 0, "disable");
	}
	t_wr(p, I40E_HW_SIM_QTX_BASE_LO(0), 0x2000);
	t_wr(p, I40E_HW_SIM_QTX_LEN(0), 48);
	TEST_ASSERT_EQ(t_wr(p, I40E_HW_QTX_ENA(0), I40E_HW_QENA_REQ), -EINVAL, "TX len 48");
	TEST_ASSERT_EQ(t_rd(p, I40E_HW_QTX_ENA(0)) & I40E_HW_QENA_STAT, 0, "TX STAT clear");
	i40e_sim_port_stats_get(p, &ps);
	TEST_ASSERT_EQ(ps.guest_errors, 6, "six guest errors");
	/* A good queue enables; its context is then locked. */
	TEST_ASSERT_OK(t_rxq_setup(&t, 0, 2, 64, 2048, true, 63, &r), "good queue");
	TEST_ASSERT_EQ(t_rd(p, I40E_HW_QRX_ENA(2)), I40E_HW_QENA_REQ | I40E_HW_QENA_STAT, "on");
	TEST_ASSERT_EQ(t_wr(p, I40E_HW_SIM_QRX_LEN(2), 128), -EBUSY, "len locked");
	TEST_ASSERT_EQ(t_wr(p, I40E_HW_QRX_TAIL(2), 64), -EINVAL, "tail beyond ring");
	/* Register decode errors. */
	TEST_ASSERT_EQ(i40e_sim_reg_read(p, 0x00000004, &v), -EINVAL, "unknown read");
	TEST_ASSERT_EQ(v, 0xFFFFFFFFu, "master-abort value");
	TEST_ASSERT_EQ(t_wr(p, I40E_HW_QTX_HEAD(0), 1), -EPERM, "QTX_HEAD read-only");
	TEST_ASSERT_EQ(t_wr(p, I40E_HW_SIM_LINK_STATUS, 0), -EPERM, "link read-only");
	TEST_ASSERT_EQ(t_wr(p, I40E_HW_QRX_TAIL(4), 1), -EINVAL, "queue 4 not implemented");
	TEST_ASSERT_EQ(t_rd(p, I40E_HW_QRX_TAIL(4)), 0, "absent queue reads 0");
	TEST_ASSERT_EQ(t_rd(p, I40E_HW_SIM_LINK_STATUS),
		       I40E_HW_SIM_LINK_UP | (40u << I40E_HW_SIM_LINK_SPEED_SHIFT), "40G up");
	i40e_sim_port_stats_get(p, &ps);
	TEST_ASSERT_EQ(ps.guest_errors, 6 + 6, "decode errors counted too");
	t_sim_fini(&t);
	return TEST_SUCCESS;
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_i40e_sim_rx_writeback_order_32b),
		TEST_CASE(test_i40e_sim_rx_writeback_order_16b),
		TEST_CASE(test_i40e_sim_rx_writeback_gathered),
		TEST_CASE(test_i40e_sim_rx_chaining),
		TEST_CASE(test_i40e_sim_rx_missed),
		TEST_CASE(test_i40e_sim_tx_completion),
		TEST_CASE(test_i40e_sim_tx_malformed),
		TEST_CASE(test_i40e_sim_fault_unmapped_dvma),
		TEST_CASE(test_i40e_sim_bad_ring_config),
		{ NULL, NULL },
	};

	return test_run_cases("i40e_sim_engine", cases);
}
