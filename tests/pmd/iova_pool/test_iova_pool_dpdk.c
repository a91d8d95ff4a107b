/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK adapters of lib/iova_pool under EAL (--no-huge -m 512 --no-pci, one
 * --file-prefix per run).  One case per process: argv[1] names it, meson
 * runs each as its own test.
 *
 *  mbuf_buf_iova_atu / _legacy: every mbuf of a pre-mapped pktmbuf pool
 *      has buf_iova == the DVMA the IOMMU translates back to its buffer
 *      (GETMAP and a device DMA write);
 *  register_existing: an ordinary mempool is mapped with a bounded number
 *      of IOTSB entries and every mbuf translates correctly;
 *  no_map_after_register: 1M alloc+translate+free cycles make no
 *      hypercall at all (sim counters);
 *  late_registration: a pool nobody announced is mapped once from the
 *      data path's slow path (counted), then served from the cache;
 *  events: with AUTO_REGISTER, pools created later are mapped by the
 *      mempool READY event and unmapped by DESTROY;
 *  dma_map: the .dma_map path maps external memory (iova 0 ignored);
 *  telemetry: /iova_pool/list and /iova_pool/stats,<name> over the socket.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include <hw/sun4v_hv_abi.h>

#include "iova_pool_dpdk.h"
#include "sun4v_dma.h"
#include "sun4v_hv.h"
#include "sun4v_platform.h"
#include "test_assert.h"
#include "vfio_sun4v.h"

#define NB_MBUF 4095u
#define ROOM 2176u

static struct sun4v_platform *plat;
static struct sun4v_func *nic;
static struct iova_pool_domain_handle *handle;
static struct vfio_sun4v_container *cont;   /* handle's */
static struct iova_pool_domain *dom;        /* handle's */
static enum vfio_sun4v_iommu_type iommu;
static char prefix[64];

static int
env_up(enum vfio_sun4v_iommu_type type)
{
	iommu = type;
	TEST_ASSERT_OK(sun4v_platform_create(NULL, &plat), "platform");
	TEST_ASSERT_OK(sun4v_platform_default_nic(plat, 0, &nic), "nic");
	TEST_ASSERT_OK(iova_pool_domain_open(plat, sun4v_func_group(nic), type,
					     &handle), "domain open");
	cont = handle->container;
	dom = handle->domain;
	return TEST_SUCCESS;
}

static void
env_down(void)
{
	iova_pool_domain_close(handle);
	sun4v_platform_destroy(plat);
}

/* Map/demap hypercalls so far, all services together. */
static uint64_t
hcalls(void)
{
	static const uint64_t fns[] = {
		HV_FAST_PCI_IOMMU_MAP, HV_FAST_PCI_IOMMU_DEMAP,
		HV_FAST_PCI_IOTSB_MAP, HV_FAST_PCI_IOTSB_MAP_ONE,
		HV_FAST_PCI_IOTSB_DEMAP,
	};
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < RTE_DIM(fns); i++) {
		struct sun4v_hv_call_stats s = { 0 };

		sun4v_hv_call_stats_get(plat, fns[i], &s);
		n += s.calls;
	}
	return n;
}

static uint64_t
entries_used(void)
{
	struct vfio_sun4v_stats st;

	return vfio_sun4v_stats_get(cont, &st) == 0 ? st.iotsb_entries_used :
		UINT64_MAX;
}

/* GETMAP: the real address behind @dvma. */
static int
hv_translate(uint64_t dvma, uint64_t *ra)
{
	struct vfio_sun4v_info info;
	uint64_t attrs, base, st;
	unsigned int i;

	if (vfio_sun4v_get_info(cont, &info) != 0)
		return -1;
	for (i = 0; i < info.nb_windows; i++) {
		const struct vfio_sun4v_window *w = &info.windows[i];
		uint64_t idx = (dvma - w->iova_base) / w->page_size;

		if (dvma < w->iova_base || dvma - w->iova_base >= w->iova_size)
			continue;
		if (iommu == VFIO_SUN4V_IOMMU_LEGACY)
			st = sun4v_hv_pci_iommu_getmap(plat, info.devhandle,
						       idx, &attrs, &base);
		else
			st = sun4v_hv_iotsb_getmap(plat, info.devhandle,
						   w->iotsb_handle, idx, &base,
						   &attrs);
		if (st != HV_EOK)
			return -1;
		*ra = base + (dvma - w->iova_base) % w->page_size;
		return 0;
	}
	return -1;
}

/* The device writes a tag at @dvma; the CPU must see it at @va. */
static int
device_reaches(uint64_t dvma, void *va, uint32_t tag)
{
	uint64_t ra = 0;
	uint32_t got;

	TEST_ASSERT_OK(hv_translate(dvma, &ra), "GETMAP of 0x%lx",
		       (unsigned long)dvma);
	TEST_ASSERT_EQ(ra, (uintptr_t)va, "DVMA 0x%lx", (unsigned long)dvma);
	TEST_ASSERT_OK(sun4v_dma_write(nic, dvma, &tag, sizeof(tag)),
		       "device write at 0x%lx", (unsigned long)dvma);
	memcpy(&got, va, sizeof(got));
	TEST_ASSERT_EQ(got, tag, "device data visible at %p", va);
	return TEST_SUCCESS;
}

/* ---- (a) ---------------------------------------------------------------- */

static int
check_mbuf_pool(enum vfio_sun4v_iommu_type type)
{
	struct rte_mbuf *m[NB_MBUF];
	struct iova_pool_stats st;
	struct rte_mempool *mp;
	unsigned int i;
	uint64_t dvma0;

	TEST_ASSERT_OK(env_up(type), "env");
	TEST_ASSERT_OK(iova_pool_dpdk_pktmbuf_pool_create("pm", NB_MBUF, 0,
		       0, ROOM, SOCKET_ID_ANY, dom, &mp), "create");
	TEST_ASSERT(iova_pool_lookup("mbuf:pm") != NULL, "pool registered");
	TEST_ASSERT_OK(iova_pool_stats_get(iova_pool_lookup("mbuf:pm"), &st),
		       "stats");
	printf("    %s: %lu bytes in %lu IO page(s) of 0x%lx\n",
	       type == VFIO_SUN4V_IOMMU_ATU ? "atu" : "legacy",
	       (unsigned long)st.bytes_mapped, (unsigned long)st.iotsb_entries,
	       (unsigned long)st.io_page_sizes);
	TEST_ASSERT_OK(rte_pktmbuf_alloc_bulk(mp, m, NB_MBUF), "alloc all");
	for (i = 0; i < NB_MBUF; i++) {
		uint64_t dvma = rte_mbuf_data_iova_default(m[i]);

		TEST_ASSERT_EQ(m[i]->buf_iova + RTE_PKTMBUF_HEADROOM, dvma,
			       "data iova");
		TEST_ASSERT_OK(device_reaches(dvma, rte_pktmbuf_mtod(m[i],
			       void *), 0xfeed0000u | i), "mbuf %u", i);
		TEST_ASSERT_OK(device_reaches(m[i]->buf_iova + ROOM - 4,
			       (uint8_t *)m[i]->buf_addr + ROOM - 4, i),
			       "end of mbuf %u", i);
	}
	dvma0 = rte_mbuf_data_iova_default(m[NB_MBUF - 1]);
	rte_pktmbuf_free_bulk(m, 100);
	/* Freeing the pool unmaps the region even with mbufs outstanding
	 * (their memory is gone too: m[] must not be touched any more). */
	rte_mempool_free(mp);
	TEST_ASSERT(iova_pool_lookup("mbuf:pm") == NULL, "region pool gone");
	TEST_ASSERT_EQ(entries_used(), 0, "entries back to zero");
	TEST_ASSERT_EQ(sun4v_dma_write(nic, dvma0, &i, 4), -EFAULT,
		       "no longer mapped");
	env_down();
	return TEST_SUCCESS;
}

static int
test_mbuf_buf_iova_atu(void)
{
	return check_mbuf_pool(VFIO_SUN4V_IOMMU_ATU);
}

static int
test_mbuf_buf_iova_legacy(void)
{
	return check_mbuf_pool(VFIO_SUN4V_IOMMU_LEGACY);
}

/* ---- (b) ---------------------------------------------------------------- */

struct bound {
	uint64_t entries;
	unsigned int chunks;
};

static void
chunk_bound(struct rte_mempool *mp, void *arg, struct rte_mempool_memhdr *h,
	    unsigned int idx)
{
	struct bound *b = arg;

	(void)mp;
	(void)idx;
	/* 8 KB pages covering the chunk, plus one for a misaligned start. */
	b->entries += (h->len + 8191) / 8192 + 1;
	b->chunks++;
}

static int
make_ctx(uint32_t flags, struct iova_pool_dpdk_ctx **ctx)
{
	struct iova_pool_dpdk_ctx_conf cc = {
		.name = "t0", .domain = dom,
		.flags = flags | IOVA_POOL_DPDK_F_REGISTER_EAL_MEM,
	};

	return iova_pool_dpdk_ctx_create(&cc, ctx);
}

static int
test_register_existing(void)
{
	struct iova_pool_dpdk_ctx_stats cs;
	struct iova_pool_dpdk_qcache qc;
	struct iova_pool_dpdk_ctx *ctx;
	struct rte_mbuf *m[512];
	struct rte_mempool *mp;
	struct bound b = { 0, 0 };
	uint64_t h0, mix;
	unsigned int i;

	TEST_ASSERT_OK(env_up(VFIO_SUN4V_IOMMU_ATU), "env");
	mp = rte_pktmbuf_pool_create("std", 4096, 32, 0, ROOM, SOCKET_ID_ANY);
	TEST_ASSERT(mp != NULL, "pool: %s", rte_strerror(rte_errno));
	rte_mempool_mem_iter(mp, chunk_bound, &b);
	TEST_ASSERT_OK(make_ctx(0, &ctx), "ctx");
	h0 = hcalls();
	TEST_ASSERT_OK(iova_pool_dpdk_mempool_register(ctx, mp), "register");
	TEST_ASSERT_OK(iova_pool_dpdk_mempool_register(ctx, mp), "again: no-op");
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_stats_get(ctx, &cs), "stats");
	printf("    %u chunk(s), %lu IOTSB entries (bound %lu), %lu map"
	       " hypercalls\n", b.chunks, (unsigned long)cs.iotsb_entries,
	       (unsigned long)b.entries, (unsigned long)(hcalls() - h0));
	TEST_ASSERT_EQ(cs.mempools, 1, "one pool");
	TEST_ASSERT_EQ(cs.chunks_mapped, b.chunks, "each chunk mapped once");
	TEST_ASSERT(cs.iotsb_entries > 0 && cs.iotsb_entries <= b.entries,
		    "entries %lu within bound %lu",
		    (unsigned long)cs.iotsb_entries, (unsigned long)b.entries);
	TEST_ASSERT_EQ(entries_used(), cs.iotsb_entries, "container agrees");
	for (i = 0, mix = 0; i < IOVA_POOL_NB_PAGE_SHIFTS; i++)
		mix += cs.entries_by_size[i];
	TEST_ASSERT_EQ(mix, cs.iotsb_entries, "page-size mix sums up");
	TEST_ASSERT_OK(iova_pool_dpdk_qcache_init(&qc, ctx), "qcache");
	TEST_ASSERT_OK(rte_pktmbuf_alloc_bulk(mp, m, 512), "alloc");
	for (i = 0; i < 512; i++) {
		uint64_t d = iova_pool_dpdk_mbuf_dvma(&qc, m[i]);

		TEST_ASSERT_NE(d, IOVA_POOL_BAD_DVMA, "mbuf %u", i);
		TEST_ASSERT_OK(device_reaches(d + m[i]->data_off,
			       rte_pktmbuf_mtod(m[i], void *), i), "mbuf %u",
			       i);
	}
	rte_pktmbuf_free_bulk(m, 512);
	TEST_ASSERT_OK(iova_pool_dpdk_mempool_unregister(ctx, mp), "unreg");
	TEST_ASSERT_EQ(entries_used(), 0, "entries back to zero");
	/* Without the mbuf (no late registration) the address is unknown:
	 * the queue cache must have dropped its stale entry. */
	TEST_ASSERT_EQ(iova_pool_dpdk_va2dvma(&qc, m[0]->buf_addr, NULL),
		       IOVA_POOL_BAD_DVMA, "stale cache flushed");
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_destroy(ctx), "destroy");
	rte_mempool_free(mp);
	env_down();
	return TEST_SUCCESS;
}

static int
test_no_map_after_register(void)
{
	struct iova_pool_dpdk_qcache qc;
	struct iova_pool_dpdk_ctx *ctx;
	struct vfio_sun4v_stats v0, v1;
	struct rte_mempool *mp, *pm;
	uint64_t h0, sum = 0;
	unsigned int i;

	TEST_ASSERT_OK(env_up(VFIO_SUN4V_IOMMU_ATU), "env");
	mp = rte_pktmbuf_pool_create("std2", 2048, 32, 0, ROOM, SOCKET_ID_ANY);
	TEST_ASSERT(mp != NULL, "pool");
	TEST_ASSERT_OK(iova_pool_dpdk_pktmbuf_pool_create("pm2", 2047, 32, 0,
		       ROOM, SOCKET_ID_ANY, dom, &pm), "premapped pool");
	TEST_ASSERT_OK(make_ctx(0, &ctx), "ctx");
	TEST_ASSERT_OK(iova_pool_dpdk_mempool_register(ctx, mp), "register");
	TEST_ASSERT_OK(iova_pool_dpdk_mempool_register(ctx, pm), "register");
	TEST_ASSERT_OK(iova_pool_dpdk_qcache_init(&qc, ctx), "qcache");
	h0 = hcalls();
	TEST_ASSERT_OK(vfio_sun4v_stats_get(cont, &v0), "vfio stats");
	for (i = 0; i < 1000000; i++) {
		struct rte_mbuf *m = rte_pktmbuf_alloc((i & 1) ? mp : pm);
		uint64_t d;

		TEST_ASSERT(m != NULL, "alloc %u", i);
		d = iova_pool_dpdk_mbuf_dvma(&qc, m);
		TEST_ASSERT(d != IOVA_POOL_BAD_DVMA, "translate %u", i);
		if (!(i & 1))
			TEST_ASSERT_EQ(d, m->buf_iova, "premapped: buf_iova");
		sum += d;
		rte_pktmbuf_free(m);
	}
	TEST_ASSERT_OK(vfio_sun4v_stats_get(cont, &v1), "vfio stats");
	TEST_ASSERT_EQ(hcalls() - h0, 0, "no hypercall in 1M cycles");
	TEST_ASSERT_EQ(v1.hv_map_calls - v0.hv_map_calls, 0, "no map call");
	printf("    1M cycles: %lu cache hits, %lu misses (checksum %lx)\n",
	       (unsigned long)qc.hits, (unsigned long)qc.misses,
	       (unsigned long)sum);
	TEST_ASSERT(qc.misses <= 2 * IOVA_POOL_DPDK_QCACHE_N, "misses %lu",
		    (unsigned long)qc.misses);
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_destroy(ctx), "destroy");
	rte_mempool_free(pm);
	rte_mempool_free(mp);
	TEST_ASSERT_EQ(entries_used(), 0, "entries back to zero");
	env_down();
	return TEST_SUCCESS;
}

static int
test_late_registration(void)
{
	struct iova_pool_dpdk_ctx_stats cs;
	struct iova_pool_dpdk_qcache qc;
	struct iova_pool_dpdk_ctx *ctx;
	struct rte_mempool *mp;
	struct rte_mbuf *m;
	uint64_t h0, d;

	TEST_ASSERT_OK(env_up(VFIO_SUN4V_IOMMU_LEGACY), "env");
	TEST_ASSERT_OK(make_ctx(0, &ctx), "ctx without events");
	mp = rte_pktmbuf_pool_create("late", 1024, 0, 0, ROOM, SOCKET_ID_ANY);
	TEST_ASSERT(mp != NULL, "pool");
	TEST_ASSERT_OK(iova_pool_dpdk_qcache_init(&qc, ctx), "qcache");
	m = rte_pktmbuf_alloc(mp);
	TEST_ASSERT(m != NULL, "alloc");
	h0 = hcalls();
	d = iova_pool_dpdk_mbuf_dvma(&qc, m);
	TEST_ASSERT_NE(d, IOVA_POOL_BAD_DVMA, "mapped on first sight");
	TEST_ASSERT(hcalls() > h0, "the slow path mapped the pool");
	TEST_ASSERT_OK(device_reaches(d + m->data_off,
				      rte_pktmbuf_mtod(m, void *), 7), "dma");
	h0 = hcalls();
	TEST_ASSERT_EQ(iova_pool_dpdk_mbuf_dvma(&qc, m), d, "cached");
	TEST_ASSERT_EQ(hcalls(), h0, "no more hypercalls");
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_stats_get(ctx, &cs), "stats");
	TEST_ASSERT_EQ(cs.late_registrations, 1, "counted once");
	TEST_ASSERT_EQ(cs.events, 0, "no events asked for");
	rte_pktmbuf_free(m);
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_destroy(ctx), "destroy");
	rte_mempool_free(mp);
	TEST_ASSERT_EQ(entries_used(), 0, "entries back to zero");
	env_down();
	return TEST_SUCCESS;
}

static int
test_events(void)
{
	struct iova_pool_dpdk_ctx_stats cs;
	struct iova_pool_dpdk_ctx *ctx;
	struct rte_mempool *before, *after;

	TEST_ASSERT_OK(env_up(VFIO_SUN4V_IOMMU_ATU), "env");
	before = rte_pktmbuf_pool_create("ev0", 512, 0, 0, ROOM, SOCKET_ID_ANY);
	TEST_ASSERT(before != NULL, "pool before");
	TEST_ASSERT_OK(make_ctx(IOVA_POOL_DPDK_F_AUTO_REGISTER, &ctx), "ctx");
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_stats_get(ctx, &cs), "stats");
	TEST_ASSERT(cs.mempools >= 1, "existing pools registered by walk");
	if (!cs.events) {
		iova_pool_dpdk_ctx_destroy(ctx);
		rte_mempool_free(before);
		env_down();
		TEST_SKIP("EAL refused the mempool event callback: the"
			  " data-path fallback is covered by late_registration");
	}
	after = rte_pktmbuf_pool_create("ev1", 512, 0, 0, ROOM, SOCKET_ID_ANY);
	TEST_ASSERT(after != NULL, "pool after");
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_stats_get(ctx, &cs), "stats");
	TEST_ASSERT(iova_pool_lookup("t0/ev1") != NULL, "READY mapped it");
	TEST_ASSERT_EQ(cs.late_registrations, 0, "not late");
	rte_mempool_free(after);
	TEST_ASSERT(iova_pool_lookup("t0/ev1") == NULL, "DESTROY unmapped it");
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_destroy(ctx), "destroy");
	rte_mempool_free(before);
	TEST_ASSERT_EQ(entries_used(), 0, "entries back to zero");
	env_down();
	return TEST_SUCCESS;
}

/* ---- (c) ---------------------------------------------------------------- */

static int
test_dma_map(void)
{
	const size_t len = 1u << 20;
	struct iova_pool_dpdk_ctx_stats cs;
	struct iova_pool_dpdk_qcache qc;
	struct iova_pool_dpdk_ctx *ctx;
	uint8_t *mem;
	uint64_t d;

	TEST_ASSERT_OK(env_up(VFIO_SUN4V_IOMMU_ATU), "env");
	TEST_ASSERT_OK(make_ctx(0, &ctx), "ctx");
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	TEST_ASSERT(mem != MAP_FAILED, "mmap");
	/* What testpmd --mp-alloc=anon does before rte_dev_dma_map(). */
	TEST_ASSERT_OK(rte_extmem_register(mem, len, NULL, 0, 4096), "extmem");
	TEST_ASSERT_OK(iova_pool_dpdk_dma_map(ctx, mem + 4096, 0, len - 4096),
		       "dma_map with iova 0");
	TEST_ASSERT_OK(iova_pool_dpdk_qcache_init(&qc, ctx), "qcache");
	d = iova_pool_dpdk_va2dvma(&qc, mem + 5000, NULL);
	TEST_ASSERT_NE(d, IOVA_POOL_BAD_DVMA, "translated");
	TEST_ASSERT_OK(device_reaches(d, mem + 5000, 0xabcd), "dma");
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_stats_get(ctx, &cs), "stats");
	TEST_ASSERT_EQ(cs.dma_maps, 1, "one range");
	TEST_ASSERT_EQ(iova_pool_dpdk_dma_unmap(ctx, mem, 0, len), -ENOENT,
		       "unmap must name the mapped range");
	TEST_ASSERT_OK(iova_pool_dpdk_dma_unmap(ctx, mem + 4096, 0,
						len - 4096), "unmap");
	TEST_ASSERT_EQ(iova_pool_dpdk_va2dvma(&qc, mem + 5000, NULL),
		       IOVA_POOL_BAD_DVMA, "gone");
	TEST_ASSERT_EQ(entries_used(), 0, "entries back to zero");
	TEST_ASSERT_OK(iova_pool_dpdk_ctx_destroy(ctx), "destroy");
	rte_extmem_unregister(mem, len);
	munmap(mem, len);
	env_down();
	return TEST_SUCCESS;
}

/* ---- telemetry ---------------------------------------------------------- */

static int
tel_query(int fd, const char *cmd, char *out, size_t n)
{
	ssize_t r;

	if (send(fd, cmd, strlen(cmd), 0) < 0)
		return -1;
	r = recv(fd, out, n - 1, 0);
	if (r <= 0)
		return -1;
	out[r] = '\0';
	return 0;
}

static int
test_telemetry(void)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	struct rte_mempool *mp;
	static char buf[16384];
	int fd;

	TEST_ASSERT_OK(env_up(VFIO_SUN4V_IOMMU_ATU), "env");
	TEST_ASSERT_OK(iova_pool_dpdk_pktmbuf_pool_create("tel", 511, 0, 0,
		       ROOM, SOCKET_ID_ANY, dom, &mp), "create");
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpdk_telemetry.v2",
		 rte_eal_get_runtime_dir());
	fd = socket(AF_UNIX, SOCK_SEQPACKET, 0);
	TEST_ASSERT(fd >= 0, "socket");
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		close(fd);
		rte_mempool_free(mp);
		env_down();
		TEST_SKIP("telemetry socket %s unavailable: %s", sun.sun_path,
			  strerror(errno));
	}
	TEST_ASSERT(recv(fd, buf, sizeof(buf) - 1, 0) > 0, "greeting");
	TEST_ASSERT_OK(tel_query(fd, "/iova_pool/list", buf, sizeof(buf)),
		       "list");
	TEST_ASSERT(strstr(buf, "\"mbuf:tel\"") != NULL, "list: %s", buf);
	TEST_ASSERT_OK(tel_query(fd, "/iova_pool/stats,mbuf:tel", buf,
				 sizeof(buf)), "stats");
	TEST_ASSERT(strstr(buf, "\"iotsb_entries\"") != NULL &&
		    strstr(buf, "\"io_page_mix\":{") != NULL &&
		    strstr(buf, "\"bytes_mapped\"") != NULL &&
		    strstr(buf, "\"bufs_outstanding\":0") != NULL, "stats: %s",
		    buf);
	TEST_ASSERT_OK(tel_query(fd, "/iova_pool/stats,nope", buf,
				 sizeof(buf)), "unknown");
	TEST_ASSERT(strstr(buf, "\"mbuf:tel\"") == NULL, "no data: %s", buf);
	close(fd);
	rte_mempool_free(mp);
	env_down();
	return TEST_SUCCESS;
}

/* Our --file-prefix directory would otherwise stay in /var/run (tmpfs). */
static void
remove_runtime_dir(const char *dir)
{
	char path[PATH_MAX + 256];
	struct dirent *de;
	DIR *d;

	if (strstr(dir, "iovap_") == NULL)
		return;
	d = opendir(dir);
	if (d == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

static const struct test_case all_cases[] = {
	TEST_CASE(test_mbuf_buf_iova_atu),
	TEST_CASE(test_mbuf_buf_iova_legacy),
	TEST_CASE(test_register_existing),
	TEST_CASE(test_no_map_after_register),
	TEST_CASE(test_late_registration),
	TEST_CASE(test_events),
	TEST_CASE(test_dma_map),
	TEST_CASE(test_telemetry),
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	struct test_case one[2] = { { NULL, NULL }, { NULL, NULL } };
	/* I40E_SUN4V_TEST_HUGE=1 (scripts/test-huge.sh): on huge pages. */
	char *eal[] = { argv[0],
			getenv("I40E_SUN4V_TEST_HUGE") ? "--huge-unlink" :
							 "--no-huge",
			"-m", "512", "--no-pci", "-l",
			"0", "--file-prefix", prefix, "--log-level", "lib.*:info",
			NULL };
	const struct test_case *c;
	char rundir[PATH_MAX];
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: %s <case>\n", argv[0]);
		return 1;
	}
	for (c = all_cases; c->name != NULL; c++)
		if (strcmp(c->name + strlen("test_"), argv[1]) == 0)
			one[0] = *c;
	if (one[0].name == NULL) {
		fprintf(stderr, "unknown case %s\n", argv[1]);
		return 1;
	}
	if (geteuid() != 0) {
		printf("SKIP: EAL needs root here (--no-huge still locks"
		       " memory and creates /var/run/dpdk)\n");
		return TEST_SKIPPED;
	}
	snprintf(prefix, sizeof(prefix), "iovap_%s_%d", argv[1], getpid());
	if (rte_eal_init((int)RTE_DIM(eal) - 1, eal) < 0) {
		fprintf(stderr, "rte_eal_init failed: %s\n",
			rte_strerror(rte_errno));
		return 1;
	}
	rc = test_run_cases("iova_pool_dpdk", one);
	snprintf(rundir, sizeof(rundir), "%s", rte_eal_get_runtime_dir());
	rte_eal_cleanup();
	remove_runtime_dir(rundir);
	return rc;
}
