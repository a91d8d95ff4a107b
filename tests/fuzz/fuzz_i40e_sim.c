/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness: the simulated XL710's RX/TX engines (sim/i40e) fed
 * arbitrary register writes and arbitrary descriptor rings, on a fresh
 * platform per input: 2 MB of guest RAM mapped through the legacy IOMMU,
 * one port in loopback with 4 queues, a manual clock.
 *
 * Operations: register writes/reads (interesting registers or raw
 * offsets), raw bytes written into guest RAM (ring contents), doorbells,
 * polls, clock steps, pages demapped or made read-only under the device,
 * generator, fault injection, reset, connect/disconnect, and two helpers
 * that program a whole RX or TX queue from a few bytes so the engines are
 * reached quickly.
 *
 * The device touches memory only through the sun4v DMA API, so any ASan
 * report is a real bug; return codes must be the documented ones
 * (sim/i40e/i40e_sim.h).
 */
#include <errno.h>
#include <string.h>

#include <hw/i40e_hw.h>
#include <hw/sun4v_hv_abi.h>

#include "fuzz_util.h"
#include "i40e_sim.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"

#define RAM_SIZE (2u << 20)
#define NB_PAGES (RAM_SIZE / HV_IO_PAGE_SIZE)
#define NB_Q 4u
#define MAX_OPS 128

struct sim_state {
	struct sun4v_platform *p;
	struct sun4v_func *fn;
	struct i40e_sim_port *port;
	uint64_t dh;
	uint8_t *ram;
	uint64_t now;
	bool connected;
};

static uint64_t
clock_cb(void *arg)
{
	return *(const uint64_t *)arg;
}

static void
quiet(void *arg, enum sun4v_log_level level, const char *msg)
{
	(void)arg;
	(void)level;
	(void)msg;
}

static uint64_t
dvma_of(uint32_t off)
{
	return HV_LEGACY_DVMA_BASE + off % RAM_SIZE;
}

/* (Re)map RAM pages [first, first + n) with @p attrs, or demap (attrs 0).
 * The page list lives in the last 2 pages of RAM, never handed to rings. */
static void
map_pages(struct sim_state *s, uint32_t first, uint32_t n, uint64_t attrs)
{
	uint64_t *list = (uint64_t *)(s->ram + RAM_SIZE - 2 * HV_IO_PAGE_SIZE);
	uint64_t done = 0, st;

	for (uint32_t i = 0; i < n; i++)
		list[i] = (uint64_t)(uintptr_t)(s->ram + (uint64_t)(first + i) * HV_IO_PAGE_SIZE);
	st = sun4v_hv_pci_iommu_demap(s->p, s->dh, sun4v_hv_abi_tsbid(0, first), n, &done);
	FZ_CHECK(st == HV_EOK && done == n, "demap %llu", (unsigned long long)st);
	if (attrs == 0)
		return;
	st = sun4v_hv_pci_iommu_map(s->p, s->dh, sun4v_hv_abi_tsbid(0, first), n, attrs,
				    (uint64_t)(uintptr_t)list, &done);
	FZ_CHECK(st == HV_EOK && done == n, "map %llu", (unsigned long long)st);
}

static uint32_t
pick_reg(struct fz *f)
{
	uint8_t k = fz_u8(f), q = fz_u8(f) % (NB_Q + 1);

	switch (k % 20) {
	case 0: return I40E_HW_SIM_QRX_BASE_LO(q);
	case 1: return I40E_HW_SIM_QRX_BASE_HI(q);
	case 2: return I40E_HW_SIM_QRX_LEN(q);
	case 3: return I40E_HW_SIM_QRX_CTL(q);
	case 4: return I40E_HW_QRX_TAIL(q);
	case 5: return I40E_HW_QRX_ENA(q);
	case 6: return I40E_HW_SIM_QTX_BASE_LO(q);
	case 7: return I40E_HW_SIM_QTX_BASE_HI(q);
	case 8: return I40E_HW_SIM_QTX_LEN(q);
	case 9: return I40E_HW_QTX_ENA(q);
	case 10: return I40E_HW_QTX_TAIL(q);
	case 11: return I40E_HW_QTX_CTL(q);
	case 12: return I40E_HW_QTX_HEAD(q);
	case 13: return I40E_HW_SIM_QRX_HEAD(q);
	case 14: return I40E_HW_PFGEN_CTRL;
	case 15: return I40E_HW_PFQF_HKEY(q % I40E_HW_PFQF_HKEY_NUM);
	case 16: return I40E_HW_PFQF_HLUT(fz_u8(f) % I40E_HW_PFQF_HLUT_NUM);
	case 17: return I40E_HW_PFQF_HENA(q & 1);
	case 18: return I40E_HW_SIM_LINK_STATUS;
	default: return fz_u32(f);
	}
}

static uint32_t
pick_val(struct fz *f)
{
	uint8_t k = fz_u8(f);

	switch (k % 5) {
	case 0: return fz_u32(f);
	case 1: return fz_u8(f);
	case 2: return (uint32_t)dvma_of(fz_u32(f) & ~127u);
	case 3: return I40E_HW_QENA_REQ;
	default: return (uint32_t)fz_u16(f);
	}
}

static void
check_write_rc(int rc)
{
	FZ_CHECK(rc == 0 || rc == -EINVAL || rc == -EPERM || rc == -EBUSY,
		 "register write rc %d", rc);
}

/* Program RX queue q: ring and buffers at RAM offsets from the input. */
static void
setup_rx(struct sim_state *s, struct fz *f)
{
	uint16_t q = fz_u8(f) % NB_Q;
	uint32_t nb = 64u + 32u * (fz_u8(f) % 8);  /* valid: 64..4096, x32 */
	uint32_t bufsz = 128u * (1 + fz_u8(f) % 32);
	bool d32 = fz_u8(f) & 1;
	uint32_t ring = fz_u16(f) * 128u % (RAM_SIZE / 2);
	uint32_t bufs = RAM_SIZE / 2 + fz_u16(f) * 128u % (RAM_SIZE / 4);
	struct i40e_sim_port *p = s->port;

	for (uint32_t i = 0; i < nb && ring + (i + 1) * 32 <= RAM_SIZE; i++) {
		uint64_t *d = (uint64_t *)(s->ram + ring + i * (d32 ? 32 : 16));

		d[0] = i40e_hw_cpu_to_le64(dvma_of(bufs + i * bufsz));
		d[1] = 0;
	}
	i40e_sim_reg_write(p, I40E_HW_SIM_QRX_BASE_LO(q), (uint32_t)dvma_of(ring));
	i40e_sim_reg_write(p, I40E_HW_SIM_QRX_BASE_HI(q), 0);
	i40e_sim_reg_write(p, I40E_HW_SIM_QRX_LEN(q), nb);
	i40e_sim_reg_write(p, I40E_HW_SIM_QRX_CTL(q),
			   i40e_hw_sim_qrx_ctl_build(bufsz, d32, 0));
	i40e_sim_reg_write(p, I40E_HW_QRX_TAIL(q), nb - 1);
	check_write_rc(i40e_sim_reg_write(p, I40E_HW_QRX_ENA(q), I40E_HW_QENA_REQ));
}

/* Program TX queue q with n fuzzed data descriptors, ring the doorbell. */
static void
setup_tx(struct sim_state *s, struct fz *f)
{
	uint16_t q = fz_u8(f) % NB_Q;
	uint32_t nb = 64u + 32u * (fz_u8(f) % 4), n = fz_u8(f) % nb;
	uint32_t ring = fz_u16(f) * 128u % (RAM_SIZE / 2);
	struct i40e_sim_port *p = s->port;

	i40e_sim_reg_write(p, I40E_HW_SIM_QTX_BASE_LO(q), (uint32_t)dvma_of(ring));
	i40e_sim_reg_write(p, I40E_HW_SIM_QTX_BASE_HI(q), 0);
	i40e_sim_reg_write(p, I40E_HW_SIM_QTX_LEN(q), nb);
	check_write_rc(i40e_sim_reg_write(p, I40E_HW_QTX_ENA(q), I40E_HW_QENA_REQ));
	for (uint32_t i = 0; i < n; i++) {
		uint64_t *d = (uint64_t *)(s->ram + ring + i * I40E_HW_TX_DESC_SIZE);
		uint8_t flags = fz_u8(f);
		uint32_t len = fz_u16(f) % 10000;
		uint32_t cmd = I40E_HW_TXD_CMD_ICRC | (flags & 1 ? I40E_HW_TXD_CMD_EOP : 0) |
			       (flags & 2 ? I40E_HW_TXD_CMD_RS : 0);

		if (ring + (i + 1) * I40E_HW_TX_DESC_SIZE > RAM_SIZE)
			break;
		d[0] = i40e_hw_cpu_to_le64(dvma_of(fz_u32(f)));
		d[1] = i40e_hw_cpu_to_le64(i40e_hw_txd_qw1_build(
			flags & 4 ? I40E_HW_TX_DTYPE_DATA : (flags >> 4),
			flags & 8 ? fz_u16(f) : cmd, 0, len, 0));
	}
	check_write_rc(i40e_sim_tx_doorbell(p, q, n));
}

static void
op_misc(struct sim_state *s, struct fz *f, uint8_t op)
{
	struct i40e_sim_gen_conf g;
	struct i40e_sim_inject_conf ic;
	int rc;

	switch (op) {
	case 0:
		memset(&g, 0, sizeof(g));
		g.frame_len = fz_u16(f) % 10000;
		g.nb_flows = fz_u8(f);
		g.count = 1 + fz_u8(f) % 64;
		g.burst = fz_u8(f) % 64;
		g.ipv6 = fz_u8(f) & 1;
		rc = i40e_sim_gen_set(s->port, fz_u8(f) & 1 ? NULL : &g);
		FZ_CHECK(rc == 0 || rc == -EINVAL || rc == -EBUSY, "gen %d", rc);
		break;
	case 1:
		ic.mode = (enum i40e_sim_inject_mode)(fz_u8(f) % 4);
		ic.dvma = dvma_of(fz_u32(f)) + (fz_u8(f) & 1 ? 0x10000000 : 0);
		ic.every = fz_u8(f) % 4;
		rc = i40e_sim_inject_set(s->port, fz_u8(f) & 1 ? NULL : &ic);
		FZ_CHECK(rc == 0 || rc == -EINVAL, "inject %d", rc);
		break;
	case 2:
		FZ_CHECK(i40e_sim_port_reset(s->port) == 0, "reset");
		break;
	case 3:
		rc = s->connected ? i40e_sim_port_disconnect(s->port) :
				    i40e_sim_port_connect(s->port, s->port);
		FZ_CHECK(rc == 0 || rc == -EBUSY, "connect %d", rc);
		if (rc == 0)
			s->connected = !s->connected;
		break;
	default:
		FZ_CHECK(i40e_sim_port_set_link(s->port, fz_u8(f) & 1) == 0, "link");
		break;
	}
}

static void
op(struct sim_state *s, struct fz *f)
{
	uint8_t k = fz_u8(f);
	uint32_t v, off;
	int rc;

	switch (k % 12) {
	case 0:
		off = pick_reg(f);
		check_write_rc(i40e_sim_reg_write(s->port, off, pick_val(f)));
		break;
	case 1:
		rc = i40e_sim_reg_read(s->port, pick_reg(f), &v);
		FZ_CHECK(rc == 0 || (rc == -EINVAL && v == 0xFFFFFFFFu), "read %d", rc);
		break;
	case 2: {
		uint32_t at = fz_u32(f) % (RAM_SIZE - 2 * HV_IO_PAGE_SIZE);
		uint8_t n = fz_u8(f);

		for (uint8_t i = 0; i < n && at + i < RAM_SIZE - 2 * HV_IO_PAGE_SIZE; i++)
			s->ram[at + i] = fz_u8(f);
		break;
	}
	case 3:
		check_write_rc(i40e_sim_tx_doorbell(s->port, fz_u8(f) % (NB_Q + 2),
						    fz_u16(f)));
		break;
	case 4:
		FZ_CHECK(i40e_sim_poll(s->port) >= 0, "poll");
		break;
	case 5:
		s->now += fz_u32(f);
		break;
	case 6:
		map_pages(s, fz_u8(f) % (NB_PAGES - 2), 1,
			  fz_u8(f) & 1 ? sun4v_hv_abi_attrs(HV_PCI_MAP_ATTR_READ, 0) : 0);
		break;
	case 7:
		setup_rx(s, f);
		break;
	case 8:
		setup_tx(s, f);
		break;
	case 9:
		FZ_CHECK(sun4v_func_reset(s->fn) == 0, "func reset");
		break;
	default:
		op_misc(s, f, fz_u8(f) % 5);
		break;
	}
}

static int
setup(struct sim_state *s)
{
	struct sun4v_platform_conf c = {
		.nb_rc = 1, .empty_fabric = true, .legacy_size = 8u << 20,
		.iotlb_entries = 8, .fault_log_burst = 1, .quarantine_faults = 64,
	};
	struct i40e_sim_port_conf pc = {
		.name = "fz", .pace_off = true, .clock = clock_cb,
		.nb_queues = NB_Q, .fifo_bytes = 64u << 10,
	};

	if (sun4v_platform_create(&c, &s->p) != 0)
		return -1;
	sun4v_platform_set_log_sink(s->p, quiet, NULL);
	sun4v_platform_set_clock(s->p, clock_cb, &s->now);
	if (sun4v_fabric_add_function(s->p, 0, -1, 0x0300, &s->fn) != 0 ||
	    sun4v_fabric_rc_devhandle(s->p, 0, &s->dh) != 0)
		return -1;
	memset(s->ram, 0, RAM_SIZE);
	if (sun4v_mem_register(s->p, s->ram, RAM_SIZE) != 0)
		return -1;
	for (uint32_t first = 0; first < NB_PAGES - 2; first += 64)
		map_pages(s, first, 64 < NB_PAGES - 2 - first ? 64 : NB_PAGES - 2 - first,
			  sun4v_hv_abi_attrs(HV_PCI_MAP_ATTR_RW, 0));
	pc.func = s->fn;
	pc.clock_arg = &s->now;
	if (i40e_sim_port_create(&pc, &s->port) != 0 ||
	    i40e_sim_port_connect(s->port, s->port) != 0)
		return -1;
	s->connected = true;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *ram;
	struct sim_state s = { .now = 1000000000ULL };
	struct fz f = { data, size };

	if (ram == NULL && (ram = aligned_alloc(1u << 20, RAM_SIZE)) == NULL)
		abort();
	s.ram = ram;
	FZ_CHECK(setup(&s) == 0, "setup");
	for (unsigned int i = 0; i < MAX_OPS && !fz_empty(&f); i++)
		op(&s, &f);
	if (fz_trace()) {
		struct i40e_sim_port_stats st;

		i40e_sim_port_stats_get(s.port, &st);
		fprintf(stderr, "rx %llu tx %llu descs rx %llu tx %llu gen %llu "
			"faults r %llu w %llu guest errors %llu injected %llu\n",
			(unsigned long long)st.rx_packets, (unsigned long long)st.tx_packets,
			(unsigned long long)st.rx_descs, (unsigned long long)st.tx_descs,
			(unsigned long long)st.gen_frames,
			(unsigned long long)st.dma_read_faults,
			(unsigned long long)st.dma_write_faults,
			(unsigned long long)st.guest_errors,
			(unsigned long long)st.injected);
	}
	i40e_sim_port_destroy(s.port);
	sun4v_platform_destroy(s.p);
	return 0;
}
