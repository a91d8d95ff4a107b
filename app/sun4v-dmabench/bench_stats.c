/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: counters and the metrics derived from them.
 *
 * Sources, all public API: the forwarding lcores' own counters (packets,
 * busy TSC cycles), rte_eth_stats_get() (imissed, errors) and the PMD's
 * xstats looked up by name (issue 5 names).  A snapshot is taken at the
 * start and the end of the measured window; the accounting check uses
 * snapshots before priming and after the drain.
 *
 * The cost split of the sun4v rows (drv/dev cycles per packet) comes from
 * the xstat dev_model_cycles (engine=inline: the cycles the bursts spent
 * inside the device model) or from the busy cycles of the PMD's service
 * "i40e_sun4v_engine" (engine=service, rte_service_attr_get()).
 */
#include <math.h>
#include <string.h>
#include <time.h>

#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_service.h>

#include "bench.h"
#include "bench_port.h"

const char *const bench_xstat_names[BENCH_XS_COUNT] = {
	[BENCH_XS_HV_MAP_CALLS] = "hv_map_calls",
	[BENCH_XS_HV_DEMAP_CALLS] = "hv_demap_calls",
	[BENCH_XS_HV_MAP_TTES] = "hv_map_ttes",
	[BENCH_XS_DMA_MAP_ERRORS] = "dma_map_errors",
	[BENCH_XS_IOTSB_ENTRIES_USED] = "iotsb_entries_used",
	[BENCH_XS_IOTLB_HITS] = "iotlb_hits",
	[BENCH_XS_IOTLB_MISSES] = "iotlb_misses",
	[BENCH_XS_IOMMU_FAULTS] = "iommu_faults",
	[BENCH_XS_RX_MISSED_NO_DESC] = "rx_missed_no_desc",
	[BENCH_XS_TX_UNMAPPED_MBUFS] = "tx_unmapped_mbufs",
};

/* Look every name up once; a PMD without it leaves the entry invalid. */
void
bench_xs_resolve(uint16_t port, struct bench_xs_ids *ids)
{
	memset(ids, 0, sizeof(*ids));
	for (unsigned int x = 0; x < BENCH_XS_COUNT; x++) {
		if (rte_eth_xstats_get_id_by_name(port, bench_xstat_names[x],
						  &ids->id[x]) == 0) {
			ids->valid[x] = true;
			ids->nb_valid++;
		}
	}
	ids->dev_valid = rte_eth_xstats_get_id_by_name(port,
				"dev_model_cycles", &ids->dev_id) == 0;
}

static void
snap_port(uint16_t port, const struct bench_xs_ids *ids,
	  struct bench_port_snap *ps)
{
	uint64_t id[BENCH_XS_COUNT + 1], val[BENCH_XS_COUNT + 1];
	unsigned int n = 0, k = 0;
	struct rte_eth_stats st;

	memset(ps, 0, sizeof(*ps));
	if (rte_eth_stats_get(port, &st) == 0) {
		ps->ipackets = st.ipackets;
		ps->opackets = st.opackets;
		ps->imissed = st.imissed;
		ps->ierrors = st.ierrors;
		ps->oerrors = st.oerrors;
		ps->rx_nombuf = st.rx_nombuf;
	}
	for (unsigned int x = 0; x < BENCH_XS_COUNT; x++)
		if (ids->valid[x])
			id[n++] = ids->id[x];
	if (ids->dev_valid)
		id[n++] = ids->dev_id;
	if (n == 0 || rte_eth_xstats_get_by_id(port, id, val, n) != (int)n)
		return;
	for (unsigned int x = 0; x < BENCH_XS_COUNT; x++) {
		if (!ids->valid[x])
			continue;
		ps->xs[x] = val[k++];
		ps->xs_valid[x] = true;
	}
	ps->dev_cycles = ids->dev_valid ? val[k] : 0;
	ps->dev_valid = ids->dev_valid;
}

/* engine=service: the engine service's cycles, looked up by name (the
 * service is registered while a service-mode port exists). */
static void
snap_service(struct bench_snap *s)
{
	uint32_t id;

	s->svc_ok = rte_service_get_by_name(BENCH_ENGINE_SERVICE_NAME,
					    &id) == 0 &&
		    rte_service_attr_get(id, RTE_SERVICE_ATTR_CYCLES,
					 &s->svc_cycles) == 0;
}

void
bench_snap_take(struct bench_run *r, struct bench_snap *s)
{
	memset(s, 0, sizeof(*s));
	s->tsc = rte_rdtsc();
	for (unsigned int i = 0; i < r->nb_streams; i++) {
		s->rx += __atomic_load_n(&r->streams[i].rx_pkts,
					 __ATOMIC_RELAXED);
		s->tx += __atomic_load_n(&r->streams[i].tx_pkts,
					 __ATOMIC_RELAXED);
		s->drops += __atomic_load_n(&r->streams[i].drops,
					    __ATOMIC_RELAXED);
	}
	s->cpu_ok = r->nb_lcores > 0;
	for (unsigned int l = 0; l < r->nb_lcores; l++) {
		struct timespec ts;

		s->busy += __atomic_load_n(&r->lc[l].busy_cycles,
					   __ATOMIC_RELAXED);
		s->all += __atomic_load_n(&r->lc[l].all_cycles,
					  __ATOMIC_RELAXED);
		if (__atomic_load_n(&r->lc[l].clock_ok, __ATOMIC_ACQUIRE) &&
		    clock_gettime(r->lc[l].cpu_clock, &ts) == 0)
			s->cpu_ns += (uint64_t)ts.tv_sec * 1000000000ull +
				     (uint64_t)ts.tv_nsec;
		else
			s->cpu_ok = false;
	}
	for (unsigned int p = 0; p < r->pair->nb_ports; p++)
		snap_port(r->pair->port[p], &r->xs[p], &s->port[p]);
	if (r->svc_engine)
		snap_service(s);
}

/* Sum the xstats over the ports: window delta, or end value for gauges. */
static void
xstats_compute(const struct bench_run *r, struct bench_metrics *m)
{
	const struct bench_snap *a = &r->start, *b = &r->end;

	for (unsigned int x = 0; x < BENCH_XS_COUNT; x++) {
		bool ok = r->pair->nb_ports > 0;
		uint64_t v = 0;

		for (unsigned int p = 0; p < r->pair->nb_ports; p++) {
			ok &= a->port[p].xs_valid[x] && b->port[p].xs_valid[x];
			v += x == BENCH_XS_IOTSB_ENTRIES_USED ?
			     b->port[p].xs[x] :
			     b->port[p].xs[x] - a->port[p].xs[x];
		}
		m->xs_ok[x] = ok;
		m->xs[x] = ok ? v : 0;
		if (!ok && r->pair->kind == BENCH_KIND_SUN4V)
			m->xs_missing = true;
	}
}

static double
per_pkt(const struct bench_metrics *m, bool ok, double v)
{
	return ok && m->pkts > 0 ? v / (double)m->pkts : NAN;
}

static void
xstats_derive(struct bench_metrics *m)
{
	const uint64_t *x = m->xs;
	bool hc = m->xs_ok[BENCH_XS_HV_MAP_CALLS] &&
		  m->xs_ok[BENCH_XS_HV_DEMAP_CALLS];
	bool tlb = m->xs_ok[BENCH_XS_IOTLB_HITS] &&
		   m->xs_ok[BENCH_XS_IOTLB_MISSES];
	double lookups = (double)x[BENCH_XS_IOTLB_HITS] +
			 (double)x[BENCH_XS_IOTLB_MISSES];

	m->hc_per_pkt = per_pkt(m, hc, (double)x[BENCH_XS_HV_MAP_CALLS] +
				       (double)x[BENCH_XS_HV_DEMAP_CALLS]);
	m->ttes_per_pkt = per_pkt(m, m->xs_ok[BENCH_XS_HV_MAP_TTES],
				  (double)x[BENCH_XS_HV_MAP_TTES]);
	m->iotlb_miss_per_pkt = per_pkt(m, m->xs_ok[BENCH_XS_IOTLB_MISSES],
					(double)x[BENCH_XS_IOTLB_MISSES]);
	m->iotlb_hit_rate = tlb && lookups > 0 ?
			    (double)x[BENCH_XS_IOTLB_HITS] / lookups : NAN;
}

/*
 * drv/dev split of the forwarding cost (sun4v rows).  inline: dev = the
 * ports' dev_model_cycles delta / packets, drv = cycles_per_pkt - dev;
 * service: dev = the engine service's cycles delta / packets, drv =
 * cycles_per_pkt (the device ran on another lcore).  NAN when a counter
 * is missing.
 */
static void
cost_split(const struct bench_run *r, struct bench_metrics *m)
{
	const struct bench_snap *a = &r->start, *b = &r->end;
	bool ok = r->pair->kind == BENCH_KIND_SUN4V && m->pkts > 0;
	uint64_t dev = 0;

	m->dev_cycles_per_pkt = m->drv_cycles_per_pkt = NAN;
	if (r->svc_engine) {
		ok &= a->svc_ok && b->svc_ok;
		dev = b->svc_cycles - a->svc_cycles;
	} else {
		for (unsigned int p = 0; p < r->pair->nb_ports; p++) {
			ok &= a->port[p].dev_valid && b->port[p].dev_valid;
			dev += b->port[p].dev_cycles - a->port[p].dev_cycles;
		}
	}
	if (!ok)
		return;
	m->dev_cycles_per_pkt = (double)dev / (double)m->pkts;
	m->drv_cycles_per_pkt = r->svc_engine ? m->cycles_per_pkt :
				m->cycles_per_pkt - m->dev_cycles_per_pkt;
}

/* priming-to-drain accounting: every primed frame is drained or counted. */
static void
accounting_compute(const struct bench_run *r, struct bench_metrics *m)
{
	const struct bench_snap *a = &r->begin, *b = &r->final;
	uint64_t out = r->drained + (b->drops - a->drops);

	m->primed = r->primed;
	m->drained = r->drained;
	m->app_drops = b->drops - a->drops;
	m->lost = r->primed > out ? r->primed - out : 0;
	m->dev_drops = 0;
	for (unsigned int p = 0; p < r->pair->nb_ports; p++)
		m->dev_drops += (b->port[p].imissed - a->port[p].imissed) +
				(b->port[p].ierrors - a->port[p].ierrors) +
				(b->port[p].oerrors - a->port[p].oerrors);
	/* More out than in would be a counting bug too. */
	m->conserved = r->primed >= out && m->lost == m->dev_drops;
}

/* Derive every metric of a finished run (snapshots taken). */
void
bench_metrics_compute(const struct bench_run *r, const struct bench_opts *o,
		      unsigned int size, double tsc_hz,
		      struct bench_metrics *m)
{
	const struct bench_snap *a = &r->start, *b = &r->end;
	double dt = (double)(b->tsc - a->tsc) / tsc_hz;
	unsigned int np = r->pair->nb_ports;
	uint64_t busy = b->busy - a->busy, all = b->all - a->all;

	memset(m, 0, sizeof(*m));
	m->measured_s = dt;
	m->pkts = b->rx - a->rx;
	m->fwd_drops = b->drops - a->drops;
	m->total_mpps = dt > 0 ? (double)m->pkts / dt / 1e6 : 0;
	m->mpps = m->total_mpps / np;
	m->gbps_l2 = m->mpps * size * 8 / 1e3;
	m->gbps_l1 = m->mpps * (size + BENCH_WIRE_OVERHEAD) * 8 / 1e3;
	m->pct_line = 100.0 * m->mpps / bench_line_mpps(o->speed_gbps, size);
	m->cycles_per_pkt = m->pkts > 0 ? (double)busy / (double)m->pkts : NAN;
	m->busy_pct = all > 0 ? 100.0 * (double)busy / (double)all : 0;
	if (a->cpu_ok && b->cpu_ok && b->cpu_ns > a->cpu_ns && dt > 0) {
		double cpu_s = (double)(b->cpu_ns - a->cpu_ns) / 1e9;

		m->cpu_pct = 100.0 * cpu_s / (dt * r->nb_lcores);
		m->mpps_cpu = (double)m->pkts / cpu_s / 1e6 / np;
	} else {
		m->cpu_pct = m->mpps_cpu = NAN;
	}
	for (unsigned int p = 0; p < np; p++) {
		m->missed += b->port[p].imissed - a->port[p].imissed;
		m->rx_nombuf += b->port[p].rx_nombuf - a->port[p].rx_nombuf;
	}
	xstats_compute(r, m);
	xstats_derive(m);
	cost_split(r, m);
	/* "Held": the paced wire was kept busy (>= 99 %) with nothing missed. */
	if (r->pair->kind == BENCH_KIND_SUN4V && o->pace)
		m->held = m->missed == 0 && m->pct_line >= 99.0;
	else
		m->held = -1;
	accounting_compute(r, m);
	m->mbuf_leak = 0;
}
