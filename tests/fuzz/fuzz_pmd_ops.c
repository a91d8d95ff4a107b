/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness: ethdev operation sequences on a live port (issue 14
 * item 6; doc/reliability.md §3).
 *
 * Each input probes a port (devargs drawn from the modes), then runs a
 * random sequence of configure, queue setup, start, stop, per-queue
 * start/stop, MTU, RSS key and RETA updates, xstats by id (valid and
 * invalid ids), stats resets, loopback traffic, and close + re-probe; at
 * the end the port is closed and removed.
 *
 * Invariants: every call returns 0 or a negative errno (and the ones
 * ethdev defines as refused in a state are refused); basic stats never go
 * down between resets; when the port is stopped no mbuf is in use; when
 * it is closed the legacy window holds what it held with no port, and the
 * DPDK heap is back to its size with no port (rings, maps, queues freed).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "fuzz_eal.h"
#include "fuzz_util.h"

#define OPS_MAX 64u
#define OPS_QMAX 4u

static const char *const ops_devargs[] = {
	"iommu=atu,dma=pool,peer=self,pace=0",
	"iommu=legacy,rc=1,dma=map,peer=self,pace=0",
	"iommu=atu,dma=map,peer=self,pace=0,rxdesc=16",
	"iommu=bypass,peer=self,pace=0",
	"iommu=legacy,rc=1,dma=pool,peer=self,pace=0,rxdesc=16",
};

static const uint16_t ops_ndesc[] = { 64, 128, 512, 63, 8192 };

static struct rte_mempool *rxp, *txp;
static uint64_t heap_base, legacy_base;
static bool have_base;

struct ops_state {
	uint16_t port;
	bool probed, started;
	uint16_t nrxq, ntxq;
	struct rte_eth_stats last;
};

static void
ops_setup_once(void)
{
	static bool done;

	if (done)
		return;
	fze_init("pmd_ops");
	rxp = fze_pool("ops_rx", 4096);
	txp = fze_pool("ops_tx", 512);
	done = true;
}

static void
ops_rc(int rc, const char *what)
{
	if (fz_trace())
		fprintf(stderr, "  %s: %d (in use %u + %u)\n", what, rc,
			rte_mempool_in_use_count(rxp),
			rte_mempool_in_use_count(txp));
	FZ_CHECK(rc == 0 || (rc < 0 && rc > -4096), "%s returned %d", what, rc);
}

/* Basic stats never go down between resets. */
static void
ops_stats(struct ops_state *s)
{
	struct rte_eth_stats st;

	if (!s->probed)
		return;
	FZ_CHECK(rte_eth_stats_get(s->port, &st) == 0, "stats_get");
#define MONO(f) FZ_CHECK(st.f >= s->last.f, #f " went from %" PRIu64     \
			 " to %" PRIu64, s->last.f, st.f)
	MONO(ipackets);
	MONO(opackets);
	MONO(ibytes);
	MONO(obytes);
	MONO(imissed);
	MONO(ierrors);
	MONO(oerrors);
	MONO(rx_nombuf);
#undef MONO
	s->last = st;
}

static void
ops_probe(struct fz *f, struct ops_state *s)
{
	const char *args = ops_devargs[fz_u8(f) % RTE_DIM(ops_devargs)];

	int rc = fze_port_create(0, args, &s->port);
	if (fz_trace())
		fprintf(stderr, "probe %s: %d\n", args, rc);
	FZ_CHECK(rc == 0, "probe: %d %s", rc, fze_log_text());
	fze_board_hold();
	s->probed = true;
	s->started = false;
	s->nrxq = s->ntxq = 0;
	memset(&s->last, 0, sizeof(s->last));
}

/* Close and remove; then nothing the port held may remain. */
static void
ops_close(struct ops_state *s)
{
	int rc;

	if (!s->probed)
		return;
	if (s->started) {
		/* ethdev refuses to close a started port (22.11). */
		FZ_CHECK(rte_eth_dev_close(s->port) == -EINVAL,
			 "close of a started port");
		ops_rc(rte_eth_dev_stop(s->port), "stop");
		s->started = false;
	}
	rc = fze_port_destroy(s->port);
	FZ_CHECK(rc == 0, "close: %d %s", rc, fze_log_text());
	s->probed = false;
	FZ_CHECK(rte_mempool_in_use_count(rxp) == 0 &&
		 rte_mempool_in_use_count(txp) == 0, "mbufs in use after close");
	if (!have_base) {
		/* The first close: what a process with no port holds. */
		heap_base = fze_heap_bytes();
		legacy_base = fze_legacy_in_use(1);
		have_base = true;
		return;
	}
	FZ_CHECK(fze_heap_bytes() == heap_base, "heap %" PRIu64 " bytes, %"
		 PRIu64 " with no port before", fze_heap_bytes(), heap_base);
	FZ_CHECK(fze_legacy_in_use(1) == legacy_base, "legacy window holds %"
		 PRIu64 " entries, %" PRIu64 " with no port before",
		 fze_legacy_in_use(1), legacy_base);
}

static void
op_configure(struct fz *f, struct ops_state *s)
{
	struct rte_eth_dev_info info;
	struct rte_eth_conf conf;
	uint16_t nr = 1 + fz_u8(f) % OPS_QMAX, nt = 1 + fz_u8(f) % OPS_QMAX;
	int rc;

	memset(&conf, 0, sizeof(conf));
	FZ_CHECK(rte_eth_dev_info_get(s->port, &info) == 0, "dev_info");
	if (fz_u8(f) & 1u) {
		/* What the port offers, sometimes with a bit it does not. */
		conf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
		conf.rx_adv_conf.rss_conf.rss_hf = info.flow_type_rss_offloads |
			((fz_u8(f) & 7u) == 0 ? RTE_ETH_RSS_L2_PAYLOAD : 0);
	}
	rc = rte_eth_dev_configure(s->port, nr, nt, &conf);
	ops_rc(rc, "configure");
	if (s->started)
		FZ_CHECK(rc == -EBUSY, "configure while started: %d", rc);
	if (rc == 0) {
		s->nrxq = nr;
		s->ntxq = nt;
	}
}

static void
op_queue_setup(struct fz *f, struct ops_state *s, bool rx)
{
	uint16_t q = fz_u8(f) % (OPS_QMAX + 1);
	uint16_t nd = ops_ndesc[fz_u8(f) % RTE_DIM(ops_ndesc)];
	int rc;

	if (rx)
		rc = rte_eth_rx_queue_setup(s->port, q, nd, 0, NULL, rxp);
	else
		rc = rte_eth_tx_queue_setup(s->port, q, nd, 0, NULL);
	ops_rc(rc, rx ? "rx_queue_setup" : "tx_queue_setup");
	if (q >= (rx ? s->nrxq : s->ntxq))
		FZ_CHECK(rc != 0, "queue %u of %u set up", q,
			 rx ? s->nrxq : s->ntxq);
}

static void
op_start_stop(struct fz *f, struct ops_state *s)
{
	uint8_t how = fz_u8(f) % 4u;
	uint16_t q = fz_u8(f) % OPS_QMAX;
	int rc;

	switch (how) {
	case 0:
		rc = rte_eth_dev_start(s->port);
		ops_rc(rc, "start");
		if (rc == 0)
			s->started = true;
		break;
	case 1:
		ops_rc(rte_eth_dev_stop(s->port), "stop");
		s->started = false;
		FZ_CHECK(rte_mempool_in_use_count(rxp) == 0 &&
			 rte_mempool_in_use_count(txp) == 0,
			 "mbufs in use after stop: %u + %u",
			 rte_mempool_in_use_count(rxp),
			 rte_mempool_in_use_count(txp));
		break;
	case 2:
		ops_rc(rte_eth_dev_rx_queue_stop(s->port, q), "rxq stop");
		ops_rc(rte_eth_dev_tx_queue_stop(s->port, q), "txq stop");
		break;
	default:
		ops_rc(rte_eth_dev_rx_queue_start(s->port, q), "rxq start");
		ops_rc(rte_eth_dev_tx_queue_start(s->port, q), "txq start");
		break;
	}
}

static void
op_rss(struct fz *f, struct ops_state *s)
{
	uint8_t key[52];
	struct rte_eth_rss_conf rc_conf = {
		.rss_key = key,
		.rss_key_len = (fz_u8(f) & 7u) == 0 ? fz_u8(f) % 53u : 52,
		.rss_hf = RTE_ETH_RSS_IP | (fz_u8(f) & 1u ? RTE_ETH_RSS_TCP : 0),
	};
	struct rte_eth_rss_reta_entry64 reta[512 / RTE_ETH_RETA_GROUP_SIZE];
	uint16_t size = (fz_u8(f) & 1u) ? 512 : 64 * (1 + fz_u8(f) % 8u);

	for (unsigned int i = 0; i < sizeof(key); i++)
		key[i] = fz_u8(f);
	ops_rc(rte_eth_dev_rss_hash_update(s->port, &rc_conf), "rss key");
	memset(reta, 0, sizeof(reta));
	for (unsigned int g = 0; g < size / RTE_ETH_RETA_GROUP_SIZE; g++) {
		reta[g].mask = fz_u64(f);
		for (unsigned int i = 0; i < RTE_ETH_RETA_GROUP_SIZE; i++)
			reta[g].reta[i] = fz_u8(f) % (OPS_QMAX + 2);
	}
	ops_rc(rte_eth_dev_rss_reta_update(s->port, reta, size), "reta");
	ops_rc(rte_eth_dev_rss_reta_query(s->port, reta, size), "reta query");
}

static void
op_xstats(struct fz *f, struct ops_state *s)
{
	int n = rte_eth_xstats_get_names(s->port, NULL, 0);
	uint64_t ids[8], vals[8];
	unsigned int k = 1 + fz_u8(f) % 8u;
	int rc;

	FZ_CHECK(n > 0, "xstats count %d", n);
	for (unsigned int i = 0; i < k; i++)
		ids[i] = (fz_u8(f) & 15u) == 0 ? (uint64_t)n + fz_u8(f) :
			 fz_u16(f) % (unsigned int)n;
	rc = rte_eth_xstats_get_by_id(s->port, ids, vals, k);
	/* DPDK 22.11's ethdev answers an id past the end with -1 itself
	 * (rte_eth_xstats_get_by_id), before the PMD is asked. */
	FZ_CHECK(rc == (int)k || rc == -1 || rc == -EINVAL,
		 "xstats by id: %d of %u", rc, k);
	if (fz_u8(f) % 4u == 0) {
		ops_rc(rte_eth_stats_reset(s->port), "stats reset");
		memset(&s->last, 0, sizeof(s->last));
	}
}

static void
op_traffic(struct fz *f, struct ops_state *s)
{
	struct rte_mbuf *pkts[32];
	uint16_t n = fz_u8(f) % 32u, sent = 0;

	if (!s->started)
		return;
	for (uint16_t i = 0; i < n; i++) {
		pkts[i] = rte_pktmbuf_alloc(txp);
		if (pkts[i] == NULL) {
			n = i;
			break;
		}
		FZ_CHECK(rte_pktmbuf_append(pkts[i], 60 + fz_u8(f)) != NULL,
			 "append");
		memset(rte_pktmbuf_mtod(pkts[i], void *), 0xff, 12);
	}
	if (s->ntxq > 0)
		sent = rte_eth_tx_burst(s->port, fz_u8(f) % s->ntxq, pkts, n);
	for (uint16_t i = sent; i < n; i++)
		rte_pktmbuf_free(pkts[i]);
	if (fz_trace())
		fprintf(stderr, "  traffic: %u of %u sent\n", sent, n);
	for (uint16_t q = 0; q < s->nrxq; q++) {
		uint16_t got = rte_eth_rx_burst(s->port, q, pkts, 32);

		for (uint16_t i = 0; i < got; i++)
			rte_pktmbuf_free(pkts[i]);
	}
}

static void
ops_run(struct fz *f, struct ops_state *s)
{
	for (unsigned int n = 0; n < OPS_MAX && !fz_empty(f); n++) {
		uint8_t op = fz_u8(f) % 10u;

		if (fz_trace())
			fprintf(stderr, "op %u\n", op);

		if (!s->probed) {
			ops_probe(f, s);
			continue;
		}
		switch (op) {
		case 0: op_configure(f, s); break;
		case 1: op_queue_setup(f, s, true); break;
		case 2: op_queue_setup(f, s, false); break;
		case 3: op_start_stop(f, s); break;
		case 4: {
			int rc = rte_eth_dev_set_mtu(s->port, fz_u16(f));

			ops_rc(rc, "mtu");
			break;
		}
		case 5: op_rss(f, s); break;
		case 6: op_xstats(f, s); break;
		case 7: op_traffic(f, s); break;
		case 8: op_traffic(f, s); break;
		default: ops_close(s); break;
		}
		ops_stats(s);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz f = { data, size };
	struct ops_state s;

	ops_setup_once();
	memset(&s, 0, sizeof(s));
	ops_probe(&f, &s);
	ops_run(&f, &s);
	ops_close(&s);
	fze_log_reset();
	return 0;
}
