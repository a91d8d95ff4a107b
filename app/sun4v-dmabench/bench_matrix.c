/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench: the throughput matrix.
 *
 * Rows: every selected (dma, iommu, size) of net_i40e_sun4v — once per
 * modeled hypercall latency with --sweep-hv-lat — then every selected
 * reference pair (memif, ring) per size.  Each row creates its ports,
 * runs --repeat times and releases everything; the mbuf pool is shared by
 * all rows and must be whole again after each row (a leak is reported).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_memzone.h>

#include "bench.h"
#include "bench_port.h"

#define POOL_CACHE 256

static const uint64_t sweep_lat_ns[BENCH_SWEEP_POINTS] = { 0, 100, 500, 1000 };

/* mbufs for a matrix row: per port and queue the RX ring, the TX ring,
 * the primed frames and a few bursts in hand. */
static uint64_t
matrix_mbufs(const struct bench_opts *o)
{
	return 2ull * o->lcores * (2ull * o->desc + o->prime + 4ull * o->burst);
}

/*
 * A pktmbuf pool whose objects are exactly 2 KB (mempool header + mbuf +
 * 1856 B of buffer): RTE_MEMPOOL_F_NO_SPREAD stops the mempool from padding
 * objects for memory-channel spreading, so with 4 KB pages (--no-huge) two
 * objects share a page and four share an 8 KB IO page, as densely as with
 * huge pages.  The S7-2 scenario needs ~80K buffers per port; the default
 * layout would give each 2.4 KB object its own 4 KB page.
 */
#define PACKED_BUF_SIZE 1856

static void
zone_free(struct rte_mempool_memhdr *memhdr, void *opaque)
{
	RTE_SET_USED(memhdr);
	rte_memzone_free(opaque);
}

/*
 * Populate @p mp from one memzone aligned to the ATU IO page that suits its
 * size (256 MB from 64 MB up, else 4 MB) and rounded up to it: an ATU port
 * then maps the pool in one or a few IO pages wherever EAL's memory sits
 * (doc/design/iova_pool.md §3a; the NIC guide's advice to applications).
 * @return 0, or -ENOMEM when EAL cannot give such a zone (the caller then
 * takes DPDK's default placement).
 */
static int
populate_io_aligned(struct rte_mempool *mp)
{
	char zname[RTE_MEMZONE_NAMESIZE];
	const struct rte_memzone *mz;
	struct rte_mempool_objsz sz;
	uint64_t per_page, len, align;
	int rc;

	/* Objects never cross a page: 4 KB pages are the worst packing. */
	rte_mempool_calc_obj_size(mp->elt_size, mp->flags, &sz);
	per_page = 4096 / sz.total_size;
	if (per_page == 0)
		return -ENOMEM;
	len = (mp->size + per_page - 1) / per_page * 4096;
	align = len >= (UINT64_C(64) << 20) ? UINT64_C(256) << 20 :
					      UINT64_C(4) << 20;
	snprintf(zname, sizeof(zname), "bz_%s", mp->name);
	mz = rte_memzone_reserve_aligned(zname, RTE_ALIGN_CEIL(len, align),
					 mp->socket_id, 0, align);
	if (mz == NULL)
		return -ENOMEM;
	/* The chunk is what the objects need, not the whole zone: the legacy
	 * IOMMU maps each chunk's 8 KB cover, and must not pay for the slack
	 * (the ATU's cover may still use it: it is RAM). */
	rc = rte_mempool_populate_virt(mp, mz->addr, len, mz->hugepage_sz,
				       zone_free, (void *)(uintptr_t)mz);
	if (rc < 0 || mp->populated_size != mp->size) {
		/* On error populate_virt may or may not have run zone_free
		 * (it does once a chunk was added): free what is left. */
		if (rc < 0 && rte_memzone_lookup(zname) == mz)
			rte_memzone_free(mz);
		return -ENOMEM;
	}
	return 0;
}

struct rte_mempool *
bench_pool_create_packed(const char *name, unsigned int n, unsigned int cache)
{
	struct rte_pktmbuf_pool_private priv = {
		.mbuf_data_room_size = PACKED_BUF_SIZE,
	};
	struct rte_mempool *mp;

	mp = rte_mempool_create_empty(name, n, sizeof(struct rte_mbuf) +
				      PACKED_BUF_SIZE, cache,
				      sizeof(priv), (int)rte_socket_id(),
				      RTE_MEMPOOL_F_NO_SPREAD);
	if (mp == NULL)
		return NULL;
	if (rte_mempool_set_ops_byname(mp, rte_mbuf_best_mempool_ops(),
				       NULL) != 0)
		goto err;
	rte_pktmbuf_pool_init(mp, &priv);
	if (populate_io_aligned(mp) != 0 && mp->populated_size == 0 &&
	    rte_mempool_populate_default(mp) < 0)
		goto err;
	if (mp->populated_size != mp->size)
		goto err;
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	return mp;
err:
	rte_mempool_free(mp);
	return NULL;
}

/*
 * One pool for every row (rows reuse it; it must be whole again after
 * each), created or grown to hold @p need mbufs plus the lcore caches.
 */
int
bench_pool_ensure(struct bench_ctx *ctx, uint64_t need)
{
	char name[RTE_MEMPOOL_NAMESIZE];

	need += (uint64_t)(rte_lcore_count() + 1) * POOL_CACHE * 2 + 1024;
	if (ctx->pool != NULL && ctx->pool->size >= need)
		return 0;
	rte_mempool_free(ctx->pool);
	snprintf(name, sizeof(name), "dmabench_%" PRIu64, need);
	ctx->pool = rte_pktmbuf_pool_create(name, (unsigned int)need,
					    POOL_CACHE, 0,
					    RTE_MBUF_DEFAULT_BUF_SIZE,
					    (int)rte_socket_id());
	if (ctx->pool == NULL) {
		fprintf(stderr, "sun4v-dmabench: cannot create a pool of %"
			PRIu64 " mbufs: %s (give the EAL more memory, -m)\n",
			need, rte_strerror(rte_errno));
		return -rte_errno;
	}
	return 0;
}

static int
pair_create(struct bench_ctx *ctx, const struct bench_row_key *k,
	    struct bench_pair *p, char *why, size_t len)
{
	const struct bench_opts *o = &ctx->opts;
	struct bench_sun4v_conf c = {
		.dma = k->dma, .iommu = k->iommu, .hv_lat_ns = k->hv_lat_ns,
		.pace = o->pace, .speed_gbps = o->speed_gbps,
		.iotlb = o->iotlb, .engine = o->engine,
	};

	switch (k->kind) {
	case BENCH_KIND_SUN4V:
		return bench_pair_create_sun4v(p, 2, &c, why, len);
	case BENCH_KIND_MEMIF:
		return bench_pair_create_memif(p,
			RTE_MIN(14u, rte_log2_u32(rte_align32pow2(o->desc))),
			why, len);
	default:
		return bench_pair_create_ring(p, 2, o->lcores, 2 * o->desc,
					      why, len);
	}
}

/* Priming, forwarding, drain and metrics over a started pair. */
static int
run_traffic(struct bench_ctx *ctx, struct bench_run *r, unsigned int size,
	    struct bench_metrics *m, char *why, size_t len)
{
	const struct bench_opts *o = &ctx->opts;
	int rc;

	for (unsigned int i = 0; i < r->pair->nb_ports; i++) {
		bench_xs_resolve(r->pair->port[i], &r->xs[i]);
		r->pool[i] = ctx->pool;
	}
	bench_run_streams(r, ctx->fwd_lcores, o->lcores, o->burst);
	r->svc_engine = r->pair->kind == BENCH_KIND_SUN4V &&
			o->engine == BENCH_ENGINE_SERVICE;
	bench_snap_take(r, &r->begin);
	rc = bench_prime(r, size, o->prime, o->burst, why, len);
	if (rc == 0) {
		rc = bench_forward(r, o->warmup_s, o->time_s);
		if (rc == -EINTR)
			snprintf(why, len, "interrupted");
		else if (rc != 0)
			snprintf(why, len, "cannot launch forwarding lcores");
	}
	bench_drain(r);
	bench_snap_take(r, &r->final);
	if (rc == 0)
		bench_metrics_compute(r, o, size, ctx->env.tsc_hz, m);
	return rc;
}

/* One run of one row: create, start, forward, release. */
static int
run_once(struct bench_ctx *ctx, const struct bench_row_key *k,
	 struct bench_metrics *m, char *why, size_t len)
{
	struct bench_run *r = calloc(1, sizeof(*r));
	struct bench_pair pair;
	int rc;

	if (r == NULL)
		return -ENOMEM;
	r->pair = &pair;
	rc = pair_create(ctx, k, &pair, why, len);
	if (rc == 0)
		rc = bench_pair_start(&pair, ctx->opts.lcores, ctx->opts.desc,
				      ctx->pool, why, len);
	if (rc == 0)
		rc = run_traffic(ctx, r, k->size, m, why, len);
	bench_pair_destroy(&pair);
	free(r);
	m->mbuf_leak = (int64_t)rte_mempool_in_use_count(ctx->pool);
	return rc;
}

static int
cmp_mpps(const void *a, const void *b)
{
	const struct bench_metrics *x = a, *y = b;

	return (x->mpps > y->mpps) - (x->mpps < y->mpps);
}

/* Run a row --repeat times; keep the median run and the spread. */
static void
row_run(struct bench_ctx *ctx, struct bench_row *row)
{
	unsigned int k = ctx->opts.repeat;
	struct bench_metrics *runs = calloc(k, sizeof(*runs));
	int rc = 0;

	if (runs == NULL) {
		row->status = BENCH_ST_ERROR;
		snprintf(row->reason, sizeof(row->reason), "out of memory");
		return;
	}
	for (row->runs = 0; row->runs < k && rc == 0; ) {
		rc = run_once(ctx, &row->key, &runs[row->runs], row->reason,
			      sizeof(row->reason));
		if (rc == 0)
			row->runs++;
	}
	if (rc == 0) {
		qsort(runs, k, sizeof(*runs), cmp_mpps);
		row->m = runs[(k - 1) / 2];
		row->mpps_min = runs[0].mpps;
		row->mpps_max = runs[k - 1].mpps;
		row->status = BENCH_ST_OK;
	} else {
		row->status = rc == -ENOTSUP ? BENCH_ST_UNSUPPORTED :
			      rc == -EINTR ? BENCH_ST_SKIPPED : BENCH_ST_ERROR;
	}
	free(runs);
}

static void
rows_add_sun4v(struct bench_ctx *ctx, uint64_t lat, unsigned int *n)
{
	const struct bench_opts *o = &ctx->opts;

	for (int d = 0; d < BENCH_DMA_COUNT; d++) {
		for (int i = 0; i < BENCH_IOMMU_COUNT; i++) {
			if (!o->dma[d] || !o->iommu[i])
				continue;
			for (unsigned int s = 0; s < o->nb_sizes; s++) {
				struct bench_row_key *k = &ctx->rows[*n].key;

				k->kind = BENCH_KIND_SUN4V;
				k->dma = (enum bench_dma)d;
				k->iommu = (enum bench_iommu)i;
				k->size = o->sizes[s];
				k->hv_lat_ns = lat;
				(*n)++;
			}
		}
	}
}

static int
rows_build(struct bench_ctx *ctx)
{
	const struct bench_opts *o = &ctx->opts;
	unsigned int max = (BENCH_SWEEP_POINTS * BENCH_DMA_COUNT *
			    BENCH_IOMMU_COUNT + BENCH_KIND_COUNT) * o->nb_sizes;
	unsigned int n = 0;

	ctx->rows = calloc(max, sizeof(*ctx->rows));
	if (ctx->rows == NULL)
		return -ENOMEM;
	if (!o->peer_only) {
		if (o->sweep_hv_lat)
			for (unsigned int l = 0; l < BENCH_SWEEP_POINTS; l++)
				rows_add_sun4v(ctx, sweep_lat_ns[l], &n);
		else
			rows_add_sun4v(ctx, o->hv_lat_ns, &n);
	}
	for (int kd = BENCH_KIND_MEMIF; kd < BENCH_KIND_COUNT; kd++)
		for (unsigned int s = 0; s < o->nb_sizes && o->peer[kd]; s++) {
			ctx->rows[n].key.kind = (enum bench_kind)kd;
			ctx->rows[n++].key.size = o->sizes[s];
		}
	ctx->nb_rows = n;
	return 0;
}

/* The live line: rewritten in place on a terminal, one line per row else. */
static void
progress(const struct bench_ctx *ctx, unsigned int i, bool done)
{
	const struct bench_row *r = &ctx->rows[i];
	bool tty = isatty(STDERR_FILENO);
	char label[96];

	bench_row_label(&r->key, label, sizeof(label));
	if (!done) {
		if (tty)
			fprintf(stderr, "\r\033[K[%u/%u] %s ...", i + 1,
				ctx->nb_rows, label);
		return;
	}
	if (tty)
		fprintf(stderr, "\r\033[K");
	if (r->status == BENCH_ST_OK)
		fprintf(stderr, "[%u/%u] %s: %.2f Mpps per port", i + 1,
			ctx->nb_rows, label, r->m.mpps);
	else
		fprintf(stderr, "[%u/%u] %s: %s (%s)", i + 1, ctx->nb_rows,
			label, bench_status_name(r->status), r->reason);
	fputs(tty ? "" : "\n", stderr);
	fflush(stderr);
}

/* A plugin that is not there makes every sun4v row unsupported. */
static bool
sun4v_available(const struct bench_ctx *ctx, char *why, size_t len)
{
	if (ctx->env.plugin_loaded)
		return true;
	snprintf(why, len, "net_i40e_sun4v plugin not loaded (%.100s)",
		 ctx->env.plugin[0] != '\0' ? ctx->env.plugin :
		 "not found at <exe dir>/../drivers/librte_net_i40e_sun4v.so");
	return false;
}

int
bench_matrix_run(struct bench_ctx *ctx)
{
	char why[BENCH_REASON_LEN];
	bool have_sun4v;
	int rc;

	rc = rows_build(ctx);
	if (rc == 0)
		rc = bench_pool_ensure(ctx, matrix_mbufs(&ctx->opts));
	if (rc != 0)
		return rc;
	have_sun4v = sun4v_available(ctx, why, sizeof(why));
	for (unsigned int i = 0; i < ctx->nb_rows; i++) {
		struct bench_row *r = &ctx->rows[i];

		if (bench_quit) {
			r->status = BENCH_ST_SKIPPED;
			snprintf(r->reason, sizeof(r->reason), "interrupted");
			continue;
		}
		progress(ctx, i, false);
		if (r->key.kind == BENCH_KIND_SUN4V && !have_sun4v) {
			r->status = BENCH_ST_UNSUPPORTED;
			snprintf(r->reason, sizeof(r->reason), "%s", why);
		} else if (r->key.kind == BENCH_KIND_SUN4V &&
			   r->key.dma == BENCH_DMA_MAP &&
			   r->key.iommu == BENCH_IOMMU_BYPASS) {
			/* Not a mode: the PMD refuses the pair at probe. */
			r->status = BENCH_ST_UNSUPPORTED;
			snprintf(r->reason, sizeof(r->reason), "dma=map needs "
				 "an IOMMU; iommu=bypass translates nothing "
				 "(not a mode)");
		} else {
			row_run(ctx, r);
		}
		progress(ctx, i, true);
	}
	if (isatty(STDERR_FILENO))
		fputc('\n', stderr);
	return 0;
}
