/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer harness: cross-port devargs (issue 14 item 7;
 * doc/reliability.md §3).
 *
 * Each input probes a set of 2-4 ports in order, each with devargs drawn
 * from the values that interact across ports: peer (another port, present
 * or absent, self, sink), rc and bdf, iommu/dma, iotlb and legacy_window
 * (machine-wide), speed and engine.  Then every port that probed is
 * configured and started, its link read, and all are closed.
 *
 * Invariants ("probes consistently or fails with a message"):
 * - a probe returns 0 or a negative errno, and a failed one logged why;
 * - cables have two ends: a port that probed with peer=<another port
 *   that probed> is named back by it, with the same speed;
 * - machine-wide keys agree: the ports that probed with an explicit iotlb
 *   (legacy_window) all asked for one value;
 * - no two ports that probed hold one (rc, bdf);
 * - started, the two ends of a cable both report link up;
 * - once closed, no port is left, and the machine goes with them (the
 *   next input starts a fresh one; nothing here holds it).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <rte_ethdev.h>

#include "fuzz_eal.h"
#include "fuzz_util.h"

#define PP_MAX 4u
#define PP_ABSENT 6u   /* peer=net_i40e_sun4v6: never probed */

struct pp_port {
	char args[256];
	int peer;            /* -1 sink (default), -2 self, else a port index */
	int rc, bdf;         /* -1 when not given */
	unsigned int iotlb, window, speed;  /* 0 when not given */
	bool ok;
	uint16_t id;
};

static const char *const pp_bdfs[] = { "03:00.0", "03:00.1", "10:00.0",
				       "06:00.1", "11:00.0" };
static const unsigned int pp_speeds[] = { 10, 25, 40, 100 };
static const char *const pp_iommu[] = {
	"", "iommu=atu,", "iommu=legacy,dma=map,", "iommu=legacy,",
	"iommu=bypass,", "iommu=atu,dma=map,",
};

/* Append to the devargs being built; returns the new length. */
static size_t __attribute__((format(printf, 4, 5)))
pp_add(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len - at ? len - 1 : at + (size_t)n;
}

/* Devargs of port @p i from the input; its parsed intent in @p p. */
static void
pp_draw(struct fz *f, unsigned int i, unsigned int n, struct pp_port *p)
{
	size_t at = 0, len = sizeof(p->args);
	uint8_t pick = fz_u8(f);

	memset(p, 0, sizeof(*p));
	at = pp_add(p->args, len, at, "%s",
		    pp_iommu[fz_u8(f) % RTE_DIM(pp_iommu)]);
	p->peer = -1;
	switch (pick % 8u) {
	case 0: break;
	case 1: p->peer = -2; at = pp_add(p->args, len, at, "peer=self,"); break;
	case 2: at = pp_add(p->args, len, at, "peer=sink,"); break;
	case 3: p->peer = PP_ABSENT;
		at = pp_add(p->args, len, at, "peer=net_i40e_sun4v%u,", PP_ABSENT);
		break;
	default:
		p->peer = (int)(fz_u8(f) % n);
		if (p->peer == (int)i)
			p->peer = (int)((i + 1) % n);
		at = pp_add(p->args, len, at, "peer=net_i40e_sun4v%u,",
			    (unsigned int)p->peer);
		break;
	}
	p->rc = p->bdf = -1;
	if (pick & 0x10u) {
		p->rc = fz_u8(f) % 3u;
		at = pp_add(p->args, len, at, "rc=%u,", (unsigned int)p->rc);
	}
	if (pick & 0x20u) {
		p->bdf = fz_u8(f) % (int)RTE_DIM(pp_bdfs);
		at = pp_add(p->args, len, at, "bdf=%s,", pp_bdfs[p->bdf]);
	}
	if (pick & 0x40u) {
		static const unsigned int v[] = { 16, 64, 256, 0 };

		p->iotlb = v[fz_u8(f) % 4u];
		at = pp_add(p->args, len, at, "iotlb=%u,", p->iotlb);
		if (p->iotlb == 0)
			p->iotlb = 1u << 31; /* invalid: may not probe */
	}
	if (pick & 0x80u) {
		static const unsigned int v[] = { 8, 16, 2048 };

		p->window = v[fz_u8(f) % 3u];
		at = pp_add(p->args, len, at, "legacy_window=%u,", p->window);
	}
	if (fz_u8(f) & 1u) {
		p->speed = pp_speeds[fz_u8(f) % RTE_DIM(pp_speeds)];
		at = pp_add(p->args, len, at, "speed=%uG,", p->speed);
	}
	switch (fz_u8(f) % 3u) {
	case 1: at = pp_add(p->args, len, at, "engine=inline,"); break;
	case 2: at = pp_add(p->args, len, at, "engine=service,"); break;
	default: break;
	}
	if (at > 0 && p->args[at - 1] == ',')
		p->args[at - 1] = '\0';
}

static void
pp_probe(unsigned int i, struct pp_port *p)
{
	int rc;

	fze_log_reset();
	rc = fze_port_create(i, p->args, &p->id);
	FZ_CHECK(rc == 0 || (rc < 0 && rc > -4096), "probe returned %d", rc);
	p->ok = rc == 0;
	if (fz_trace())
		fprintf(stderr, "port %u %s: %d\n", i, p->args, rc);
	if (!p->ok)
		FZ_CHECK(strlen(fze_log_text()) > 0,
			 "port %u (%s) failed with %d and no message", i,
			 p->args, rc);
}

static unsigned int
pp_speed(const struct pp_port *p)
{
	return p->speed != 0 ? p->speed : 40;
}

/* The cross-port rules over the ports that probed. */
static void
pp_check(const struct pp_port *pp, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		const struct pp_port *a = &pp[i];

		if (!a->ok)
			continue;
		if (a->peer >= 0 && a->peer < (int)n && pp[a->peer].ok) {
			const struct pp_port *b = &pp[a->peer];

			FZ_CHECK(b->peer == (int)i, "port %u (%s) probed with "
				 "peer %d, which names %d (%s)", i, a->args,
				 a->peer, b->peer, b->args);
			FZ_CHECK(pp_speed(a) == pp_speed(b), "cable %u-%d at "
				 "%uG and %uG", i, a->peer, pp_speed(a),
				 pp_speed(b));
		}
		for (unsigned int j = i + 1; j < n; j++) {
			const struct pp_port *b = &pp[j];

			if (!b->ok)
				continue;
			FZ_CHECK(!a->iotlb || !b->iotlb || a->iotlb == b->iotlb,
				 "iotlb %u and %u both probed", a->iotlb,
				 b->iotlb);
			FZ_CHECK(!a->window || !b->window ||
				 a->window == b->window,
				 "legacy_window %u and %u both probed",
				 a->window, b->window);
			FZ_CHECK(a->rc < 0 || a->bdf < 0 || a->rc != b->rc ||
				 a->bdf != b->bdf, "ports %u and %u both at rc "
				 "%d bdf %s", i, j, a->rc, pp_bdfs[a->bdf]);
		}
	}
}

/* Configure, set up and start a port; 0 or a negative errno with a
 * message (a small legacy_window may not hold the pool, for one). */
static int
pp_up(unsigned int i, struct pp_port *p, struct rte_mempool *mp)
{
	struct rte_eth_conf conf;
	int rc;

	memset(&conf, 0, sizeof(conf));
	fze_log_reset();
	rc = rte_eth_dev_configure(p->id, 1, 1, &conf);
	if (rc == 0)
		rc = rte_eth_rx_queue_setup(p->id, 0, 64, 0, NULL, mp);
	if (rc == 0)
		rc = rte_eth_tx_queue_setup(p->id, 0, 64, 0, NULL);
	if (rc == 0)
		rc = rte_eth_dev_start(p->id);
	FZ_CHECK(rc == 0 || (rc < 0 && rc > -4096 &&
			     strlen(fze_log_text()) > 0),
		 "port %u (%s): start: %d and no message", i, p->args, rc);
	return rc;
}

/* Start what probed; the two ends of a cable both see the link. */
static void
pp_start(struct pp_port *pp, unsigned int n, struct rte_mempool *mp)
{
	bool up[PP_MAX];

	for (unsigned int i = 0; i < n; i++)
		up[i] = pp[i].ok && pp_up(i, &pp[i], mp) == 0;
	for (unsigned int i = 0; i < n; i++) {
		struct rte_eth_link l;
		int j = pp[i].peer;

		if (!up[i] || j < 0 || j >= (int)n || !up[j])
			continue;
		FZ_CHECK(rte_eth_link_get_nowait(pp[i].id, &l) == 0, "link");
		FZ_CHECK(l.link_status == RTE_ETH_LINK_UP, "port %u (%s) "
			 "wired to %d (%s): link down", i, pp[i].args, j,
			 pp[j].args);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rte_mempool *mp;
	struct pp_port pp[PP_MAX];
	struct fz f = { data, size };
	unsigned int n;

	fze_init("pmd_ports");
	if (mp == NULL)
		mp = fze_pool("pp_rx", 1024);
	n = 2 + fz_u8(&f) % (PP_MAX - 1);
	for (unsigned int i = 0; i < n; i++)
		pp_draw(&f, i, n, &pp[i]);
	for (unsigned int i = 0; i < n; i++)
		pp_probe(i, &pp[i]);
	pp_check(pp, n);
	pp_start(pp, n, mp);
	for (unsigned int i = 0; i < n; i++) {
		if (!pp[i].ok)
			continue;
		FZ_CHECK(rte_eth_dev_stop(pp[i].id) == 0, "stop");
		FZ_CHECK(fze_port_destroy(pp[i].id) == 0, "close %u", i);
	}
	FZ_CHECK(rte_eth_dev_count_total() == 0, "%u ports left",
		 rte_eth_dev_count_total());
	FZ_CHECK(rte_mempool_in_use_count(mp) == 0, "mbufs in use");
	fze_log_reset();
	return 0;
}
