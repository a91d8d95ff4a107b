/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench --micro: what one buffer costs, without a NIC in the way.
 *
 *  1. Cycles per buffer, per IOMMU type, on 1 and 2 lcores:
 *     - pre-mapped: iova_pool_get() + iova_pool_dvma() + iova_pool_put()
 *       (the pooled driver's refill: no hypercall);
 *     - per-descriptor: DVMA allocator + vfio_sun4v_map_page() +
 *       vfio_sun4v_unmap_page() + free (the Linux way: two hypercalls);
 *       in bypass, map/unmap of the bypass address (checks only).
 *     Buffers move in bursts of 32, like a driver's refill.  Hypercalls are
 *     counted per thread (vfio_sun4v_thread_stats_get()).
 *  2. IOTLB hit rate against IO page size: 65,536 buffers of 2 KB mapped
 *     once with 8 KB, 64 KB, 4 MB and 256 MB IO pages (ATU; legacy has
 *     8 KB only), then the device (sun4v_dma_write() with the function's
 *     requester ID) writes 64 B into buffers in random and in sequential
 *     order; hits and misses come from the table's counters.
 *
 * Each IOMMU type gets its own simulated machine (default topology, NIC
 * port 0's group in one container), with the modeled hypercall latency
 * and IOTLB size of the options.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_lcore.h>

#include "bench.h"
#include "iova_pool.h"
#include "sun4v_dma.h"
#include "sun4v_platform.h"
#include "vfio_sun4v.h"

#define MICRO_BURST 32
#define MICRO_PAGE 8192u
#define MICRO_BUF 2048u
#define TLB_BUFS 65536u
#define TLB_ACCESSES (2u * TLB_BUFS)
#define TLB_DMA_LEN 64u

struct micro_env {
	struct sun4v_platform *plat;
	struct sun4v_func *fn;
	struct iova_pool_domain_handle *h; /**< container + domain, owned */
	struct vfio_sun4v_container *c;    /**< h's, borrowed */
	struct iova_pool_domain *dom;      /**< h's, borrowed */
	enum bench_iommu iommu;
};

/* One thread's share of a cycles-per-buffer run. */
struct micro_job {
	struct micro_env *e;
	struct iova_pool *pool;     /**< pre-mapped run */
	struct iova_alloc *alloc;   /**< per-descriptor run (NULL in bypass) */
	uint8_t *mem;               /**< MICRO_BURST pages, registered */
	bool premapped;
	uint64_t deadline;
	uint64_t cycles, bufs, hcalls, errors;
	int first_err;              /**< first failing call's errno */
} __rte_cache_aligned;

struct micro_cost {
	enum bench_iommu iommu;
	unsigned int lcores;
	double pool_cyc, map_cyc;   /**< cycles per buffer (mean per lcore) */
	double pool_hc, map_hc;     /**< hypercalls per buffer */
	uint64_t errors;
	int first_err;
};

struct micro_tlb {
	enum bench_iommu iommu;
	uint64_t page_size, entries;
	double hit_random, hit_seq, cyc_per_access;
	char error[BENCH_REASON_LEN];
};

static enum vfio_sun4v_iommu_type
vfio_type(enum bench_iommu i)
{
	return i == BENCH_IOMMU_LEGACY ? VFIO_SUN4V_IOMMU_LEGACY :
	       i == BENCH_IOMMU_BYPASS ? VFIO_SUN4V_IOMMU_BYPASS :
					 VFIO_SUN4V_IOMMU_ATU;
}

static void
env_destroy(struct micro_env *e)
{
	if (e->h != NULL)
		iova_pool_domain_close(e->h);
	if (e->plat != NULL)
		sun4v_platform_destroy(e->plat);
	memset(e, 0, sizeof(*e));
}

static int
env_create(struct micro_env *e, enum bench_iommu iommu,
	   const struct bench_opts *o, char *why, size_t len)
{
	struct sun4v_platform_conf conf = {
		.hv_lat_ns = o->hv_lat_ns, .iotlb_entries = o->iotlb,
	};
	const char *step = "sun4v_platform_create";
	int rc;

	memset(e, 0, sizeof(*e));
	e->iommu = iommu;
	rc = sun4v_platform_create(&conf, &e->plat);
	if (rc == 0 && (step = "sun4v_platform_default_nic") != NULL)
		rc = sun4v_platform_default_nic(e->plat, 0, &e->fn);
	if (rc == 0 && (step = "iova_pool_domain_open") != NULL)
		rc = iova_pool_domain_open(e->plat, sun4v_func_group(e->fn),
					   vfio_type(iommu), &e->h);
	if (rc == 0) {
		e->c = e->h->container;
		e->dom = e->h->domain;
	} else {
		snprintf(why, len, "%s: %d (%s)", step, rc, strerror(-rc));
		env_destroy(e);
	}
	return rc;
}

static uint64_t
thread_hcalls(void)
{
	struct vfio_sun4v_thread_stats st;

	vfio_sun4v_thread_stats_get(&st);
	return st.map_calls + st.demap_calls;
}

/* Pre-mapped refill: take a burst, look up each DVMA, give it back. */
static int
job_premapped(struct micro_job *j)
{
	void *b[MICRO_BURST];
	volatile uint64_t sink = 0;

	while (rte_rdtsc() < j->deadline) {
		for (unsigned int k = 0; k < MICRO_BURST; k++) {
			int rc = iova_pool_get(j->pool, &b[k]);

			if (rc != 0) {
				if (j->errors++ == 0)
					j->first_err = rc;
				b[k] = NULL;
				continue;
			}
			sink += iova_pool_dvma(j->pool, b[k]);
		}
		for (unsigned int k = 0; k < MICRO_BURST; k++)
			if (b[k] != NULL)
				iova_pool_put(j->pool, b[k]);
		j->bufs += MICRO_BURST;
	}
	RTE_SET_USED(sink);
	return 0;
}

/* One buffer the Linux way; bypass has no DVMA to allocate. */
static int
map_one(struct micro_job *j, uint8_t *va, uint64_t *dvma)
{
	int rc;

	if (j->alloc == NULL) {
		rc = vfio_sun4v_bypass_iova(j->e->c, va, dvma);
		return rc != 0 ? rc : vfio_sun4v_map_dma(j->e->c, va, *dvma,
				MICRO_PAGE, VFIO_SUN4V_DMA_READ |
				VFIO_SUN4V_DMA_WRITE);
	}
	rc = iova_alloc_range(j->alloc, 1, 0, dvma);
	if (rc != 0)
		return rc;
	rc = vfio_sun4v_map_page(j->e->c, va, *dvma,
				 VFIO_SUN4V_DMA_READ | VFIO_SUN4V_DMA_WRITE);
	if (rc != 0)
		iova_alloc_free(j->alloc, *dvma, 1);
	return rc;
}

static void
unmap_one(struct micro_job *j, uint64_t dvma)
{
	if (j->alloc == NULL) {
		if (vfio_sun4v_unmap_dma(j->e->c, dvma, MICRO_PAGE) != 0)
			j->errors++;
		return;
	}
	if (vfio_sun4v_unmap_page(j->e->c, dvma) != 0)
		j->errors++;
	iova_alloc_free(j->alloc, dvma, 1);
}

static int
job_mapunmap(struct micro_job *j)
{
	uint64_t dvma[MICRO_BURST];
	bool ok[MICRO_BURST];

	while (rte_rdtsc() < j->deadline) {
		for (unsigned int k = 0; k < MICRO_BURST; k++) {
			int rc = map_one(j, j->mem + (size_t)k * MICRO_PAGE,
					 &dvma[k]);

			ok[k] = rc == 0;
			if (rc != 0 && j->errors++ == 0)
				j->first_err = rc;
		}
		for (unsigned int k = 0; k < MICRO_BURST; k++)
			if (ok[k])
				unmap_one(j, dvma[k]);
		j->bufs += MICRO_BURST;
	}
	return 0;
}

static int
job_main(void *arg)
{
	struct micro_job *j = arg;
	uint64_t hc0 = thread_hcalls(), t0 = rte_rdtsc();

	iova_alloc_thread_index_set(rte_lcore_id());
	if (j->premapped)
		job_premapped(j);
	else
		job_mapunmap(j);
	j->cycles = rte_rdtsc() - t0;
	j->hcalls = thread_hcalls() - hc0;
	return 0;
}

/* Run jobs[0] on the first forwarding lcore and jobs[1] on the main one. */
static void
jobs_run(const struct bench_ctx *ctx, struct micro_job *jobs, unsigned int n)
{
	uint64_t dl = rte_rdtsc() + (uint64_t)(ctx->opts.time_s *
					       ctx->env.tsc_hz);

	for (unsigned int i = 0; i < n; i++)
		jobs[i].deadline = dl;
	if (rte_eal_remote_launch(job_main, &jobs[0],
				  ctx->fwd_lcores[0]) != 0) {
		jobs[0].errors++;
		return;
	}
	if (n > 1)
		job_main(&jobs[1]);
	rte_eal_wait_lcore(ctx->fwd_lcores[0]);
}

static void
jobs_sum(const struct micro_job *jobs, unsigned int n, double *cyc,
	 double *hc, struct micro_cost *out)
{
	double c = 0, h = 0;

	for (unsigned int i = 0; i < n; i++) {
		c += jobs[i].bufs ? (double)jobs[i].cycles / jobs[i].bufs : 0;
		h += jobs[i].bufs ? (double)jobs[i].hcalls / jobs[i].bufs : 0;
		if (jobs[i].errors != 0 && out->errors == 0)
			out->first_err = jobs[i].first_err;
		out->errors += jobs[i].errors;
	}
	*cyc = c / n;
	*hc = h / n;
}

static int
pool_make(struct micro_env *e, struct iova_pool **out)
{
	char name[IOVA_POOL_NAMESIZE];
	struct iova_pool_conf pc = {
		.name = name, .domain = e->dom, .buf_size = MICRO_BUF,
		.bufs_per_region = 4096, .numa_node = IOVA_POOL_NUMA_ANY,
	};

	snprintf(name, sizeof(name), "dmabench_micro_%s",
		 bench_iommu_name(e->iommu));
	return iova_pool_create(&pc, out);
}

/*
 * Per-thread memory of the per-descriptor run: one burst of 8 KB pages
 * each, 8 KB aligned (mmap only promises 4 KB), registered as guest RAM.
 * raw and raw_len describe the whole mapping, for munmap().
 */
static int
jobs_mem(struct micro_env *e, struct micro_job *jobs, unsigned int n,
	 uint8_t **raw, size_t *raw_len, uint8_t **mem, size_t *len)
{
	*len = (size_t)n * MICRO_BURST * MICRO_PAGE;
	*raw_len = *len + MICRO_PAGE;
	*raw = mmap(NULL, *raw_len, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (*raw == MAP_FAILED) {
		*raw = NULL;
		return -ENOMEM;
	}
	*mem = (uint8_t *)RTE_ALIGN_CEIL((uintptr_t)*raw, MICRO_PAGE);
	for (unsigned int i = 0; i < n; i++)
		jobs[i].mem = *mem + (size_t)i * MICRO_BURST * MICRO_PAGE;
	return vfio_sun4v_mem_register(e->c, *mem, *len);
}

static int
cost_run(const struct bench_ctx *ctx, struct micro_env *e, unsigned int n,
	 struct micro_cost *out)
{
	struct micro_job jobs[2];
	struct iova_alloc *alloc = e->h->alloc8k; /* NULL in bypass */
	struct iova_pool *pool = NULL;
	uint8_t *raw = NULL, *mem = NULL;
	size_t raw_len = 0, len = 0;
	int rc;

	memset(jobs, 0, sizeof(jobs));
	rc = pool_make(e, &pool);
	if (rc == 0)
		rc = jobs_mem(e, jobs, n, &raw, &raw_len, &mem, &len);
	for (unsigned int i = 0; i < n && rc == 0; i++) {
		jobs[i].e = e;
		jobs[i].pool = pool;
		jobs[i].alloc = alloc;
		jobs[i].premapped = true;
	}
	if (rc == 0) {
		jobs_run(ctx, jobs, n);
		jobs_sum(jobs, n, &out->pool_cyc, &out->pool_hc, out);
		for (unsigned int i = 0; i < n; i++) {
			jobs[i].premapped = false;
			jobs[i].bufs = jobs[i].cycles = jobs[i].hcalls = 0;
		}
		jobs_run(ctx, jobs, n);
		jobs_sum(jobs, n, &out->map_cyc, &out->map_hc, out);
		vfio_sun4v_mem_unregister(e->c, mem, len);
	}
	if (raw != NULL)
		munmap(raw, raw_len);
	if (pool != NULL)
		iova_pool_destroy(pool);
	return rc;
}

/* xorshift: a cheap, reproducible random buffer order. */
static inline uint32_t
xorshift32(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static int
table_handle(struct micro_env *e, uint64_t page_size, uint64_t *handle)
{
	struct vfio_sun4v_info info;

	if (vfio_sun4v_get_info(e->c, &info) != 0)
		return -EINVAL;
	for (unsigned int w = 0; w < info.nb_windows; w++)
		if (info.windows[w].page_size == page_size) {
			*handle = info.windows[w].iotsb_handle;
			return 0;
		}
	return -ENOENT;
}

/* DMA-write 64 B into TLB_ACCESSES buffers; IOTLB hit rate of the run. */
static int
tlb_walk(struct micro_env *e, uint64_t dvma, uint64_t handle, bool random,
	 double *hit, uint64_t *cycles)
{
	struct sun4v_table_stats a, b;
	uint8_t data[TLB_DMA_LEN] = { 0 };
	unsigned int rc_idx = sun4v_func_rc(e->fn);
	uint32_t seed = 0x9e3779b9u;
	uint64_t t0;
	int rc;

	rc = sun4v_table_stats_get(e->plat, rc_idx, handle, &a);
	t0 = rte_rdtsc();
	for (unsigned int i = 0; i < TLB_ACCESSES && rc == 0; i++) {
		uint32_t idx = random ? xorshift32(&seed) % TLB_BUFS :
					i % TLB_BUFS;

		rc = sun4v_dma_write(e->fn, dvma + (uint64_t)idx * MICRO_BUF,
				     data, sizeof(data));
	}
	*cycles += rte_rdtsc() - t0;
	if (rc == 0)
		rc = sun4v_table_stats_get(e->plat, rc_idx, handle, &b);
	if (rc == 0) {
		uint64_t h = b.iotlb_hits - a.iotlb_hits;
		uint64_t m = b.iotlb_misses - a.iotlb_misses;

		*hit = h + m > 0 ? (double)h / (double)(h + m) : 0;
	}
	return rc;
}

/* Map 64K buffers once with IO pages of at most @p ps; walk twice. */
static void
tlb_row(struct micro_env *e, uint64_t ps, struct micro_tlb *t)
{
	uint64_t span = RTE_MAX((uint64_t)TLB_BUFS * MICRO_BUF, ps);
	uint64_t handle = 0, cycles = 0;
	struct iova_pool_mapping m;
	uint8_t *raw, *va;
	int rc;

	t->iommu = e->iommu;
	t->page_size = ps;
	/* Virtual span aligned to the IO page; only buffers get touched. */
	raw = mmap(NULL, span + ps, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (raw == MAP_FAILED) {
		snprintf(t->error, sizeof(t->error), "mmap %" PRIu64 " B", span);
		return;
	}
	va = (uint8_t *)RTE_ALIGN_CEIL((uintptr_t)raw, ps);
	rc = vfio_sun4v_mem_register(e->c, va, span);
	if (rc == 0) {
		rc = iova_pool_domain_map(e->dom, va, span, VFIO_SUN4V_DMA_READ |
					  VFIO_SUN4V_DMA_WRITE, ps, &m);
		if (rc == 0) {
			t->page_size = m.page_size;
			t->entries = m.entries;
			rc = table_handle(e, m.page_size, &handle);
			if (rc == 0)
				rc = tlb_walk(e, m.dvma, handle, true,
					      &t->hit_random, &cycles);
			if (rc == 0)
				rc = tlb_walk(e, m.dvma, handle, false,
					      &t->hit_seq, &cycles);
			iova_pool_domain_unmap(e->dom, &m);
		}
		vfio_sun4v_mem_unregister(e->c, va, span);
	}
	if (rc != 0)
		snprintf(t->error, sizeof(t->error), "%d (%s)", rc,
			 strerror(-rc));
	t->cyc_per_access = (double)cycles / (2.0 * TLB_ACCESSES);
	munmap(raw, span + ps);
}

static void
print_costs(FILE *f, const struct micro_cost *c, unsigned int n, uint64_t lat)
{
	fprintf(f, "cycles per buffer, bursts of %u (modeled hv_lat_ns=%"
		PRIu64 ")\n%-7s %6s %12s %8s %14s %8s %7s %6s\n", MICRO_BURST,
		lat, "iommu", "lcores", "premapped", "hc/buf", "alloc+map+unmap",
		"hc/buf", "ratio", "errors");
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, "%-7s %6u %12.1f %8.2f %14.1f %8.2f %7.1f %6" PRIu64
			"\n", bench_iommu_name(c[i].iommu), c[i].lcores,
			c[i].pool_cyc, c[i].pool_hc, c[i].map_cyc, c[i].map_hc,
			c[i].pool_cyc > 0 ? c[i].map_cyc / c[i].pool_cyc : 0,
			c[i].errors);
	for (unsigned int i = 0; i < n; i++)
		if (c[i].errors != 0)
			fprintf(f, "%s, %u lcore(s): %" PRIu64 " failed calls, "
				"first %d (%s)\n", bench_iommu_name(c[i].iommu),
				c[i].lcores, c[i].errors, c[i].first_err,
				strerror(-c[i].first_err));
	fprintf(f, "premapped: iova_pool_get + iova_pool_dvma + iova_pool_put; "
		"alloc+map+unmap: DVMA allocator + map_page + unmap_page + "
		"free (bypass: map/unmap of the bypass address); per lcore\n\n");
}

static void
print_tlb(FILE *f, const struct micro_tlb *t, unsigned int n,
	  unsigned int iotlb)
{
	fprintf(f, "IOTLB hit rate: %u buffers of %u B mapped once, %u device "
		"writes of %u B per order, %u-entry IOTLB (modeled)\n"
		"%-7s %8s %8s %8s %10s %11s\n", TLB_BUFS, MICRO_BUF,
		TLB_ACCESSES, TLB_DMA_LEN, iotlb, "iommu", "io_page",
		"entries", "random", "sequential", "cyc/access");
	for (unsigned int i = 0; i < n; i++) {
		fprintf(f, "%-7s %7" PRIu64 "K", bench_iommu_name(t[i].iommu),
			t[i].page_size >> 10);
		if (t[i].error[0] != '\0')
			fprintf(f, "  error: %s\n", t[i].error);
		else
			fprintf(f, " %8" PRIu64 " %7.1f%% %9.1f%% %11.1f\n",
				t[i].entries, 100 * t[i].hit_random,
				100 * t[i].hit_seq, t[i].cyc_per_access);
	}
}

static const uint64_t tlb_sizes[] = {
	8192, 65536, 4ull << 20, 256ull << 20,
};

/* Everything for one IOMMU type; appends to the result arrays. */
static int
micro_iommu(const struct bench_ctx *ctx, enum bench_iommu i,
	    struct micro_cost *cost, unsigned int *nc, struct micro_tlb *tlb,
	    unsigned int *nt)
{
	char why[BENCH_REASON_LEN];
	struct micro_env e;
	int rc = env_create(&e, i, &ctx->opts, why, sizeof(why));

	if (rc != 0) {
		fprintf(stderr, "sun4v-dmabench: --micro %s: %s\n",
			bench_iommu_name(i), why);
		return rc;
	}
	for (unsigned int n = 1; n <= 2 && rc == 0 && !bench_quit; n++) {
		fprintf(stderr, "[micro] %s %u lcore(s) ...\n",
			bench_iommu_name(i), n);
		cost[*nc].iommu = i;
		cost[*nc].lcores = n;
		rc = cost_run(ctx, &e, n, &cost[*nc]);
		if (rc == 0)
			(*nc)++;
		else
			fprintf(stderr, "sun4v-dmabench: --micro %s: %d (%s)\n",
				bench_iommu_name(i), rc, strerror(-rc));
	}
	for (unsigned int s = 0; s < RTE_DIM(tlb_sizes) && i != BENCH_IOMMU_BYPASS
	     && !bench_quit; s++) {
		if (i == BENCH_IOMMU_LEGACY && tlb_sizes[s] != MICRO_PAGE)
			continue;
		memset(&tlb[*nt], 0, sizeof(tlb[*nt]));
		tlb_row(&e, tlb_sizes[s], &tlb[(*nt)++]);
	}
	env_destroy(&e);
	return rc;
}

int
bench_micro_run(struct bench_ctx *ctx)
{
	struct micro_cost cost[BENCH_IOMMU_COUNT * 2];
	struct micro_tlb tlb[BENCH_IOMMU_COUNT * RTE_DIM(tlb_sizes)];
	unsigned int nc = 0, nt = 0;
	int rc = 0;

	memset(cost, 0, sizeof(cost));
	for (int i = 0; i < BENCH_IOMMU_COUNT && !bench_quit; i++)
		if (ctx->opts.iommu[i])
			rc |= micro_iommu(ctx, (enum bench_iommu)i, cost, &nc,
					  tlb, &nt) != 0;
	print_costs(stdout, cost, nc, ctx->opts.hv_lat_ns);
	print_tlb(stdout, tlb, nt, ctx->opts.iotlb);
	fflush(stdout);
	return bench_quit ? 130 : rc;
}
