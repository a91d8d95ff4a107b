/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK adapters, part 1: one-time set-up (log type, telemetry, the mempool
 * event that snapshots in-use counts), lcore binding, and (a) pktmbuf pools
 * on a pre-mapped region (anchors §A3: create_empty + pktmbuf_pool_init +
 * populate_iova + obj_iter(rte_pktmbuf_init)).
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <rte_errno.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_mbuf.h>
#include <rte_mbuf_pool_ops.h>
#include <rte_mempool.h>

#include "iova_alloc.h"
#include "iova_log.h"
#include "iova_pool_dpdk.h"
#include "iova_pool_dpdk_private.h"

int iova_pool_dpdk_logtype = -1;
static pthread_mutex_t init_lock = PTHREAD_MUTEX_INITIALIZER;
static bool init_done;

static void
to_rte_log(int level, const char *msg, void *arg)
{
	(void)arg;
	/* iova_log levels use rte_log's numbering (ERR = 4 ... DEBUG = 8). */
	rte_log((uint32_t)level, (uint32_t)iova_pool_dpdk_logtype,
		"iova_pool: %s\n", msg);
}

/* In-use count of our own pools, taken before rte_mempool_free() drains
 * them (afterwards the count is meaningless). */
static void
snapshot_event(enum rte_mempool_event ev, struct rte_mempool *mp, void *arg)
{
	struct rte_mempool_memhdr *hdr;

	(void)arg;
	if (ev != RTE_MEMPOOL_EVENT_DESTROY)
		return;
	hdr = STAILQ_FIRST(&mp->mem_list);
	if (hdr != NULL && hdr->free_cb == iova_pool_dpdk_mbuf_chunk_free) {
		struct iova_pool_dpdk_mbuf_region *r = hdr->opaque;

		r->in_use_at_destroy = rte_mempool_in_use_count(mp);
		r->snapshot_valid = true;
	}
}

int
iova_pool_dpdk_init(void)
{
	int lt, rc = 0;

	pthread_mutex_lock(&init_lock);
	if (init_done)
		goto out;
	lt = rte_log_register_type_and_pick_level("lib.iova_pool",
						  RTE_LOG_NOTICE);
	if (lt < 0) {
		rc = -ENOMEM;
		goto out;
	}
	iova_pool_dpdk_logtype = lt;
	/* rte_log filters by level from now on. */
	iova_log_set_level(IOVA_LOG_DEBUG);
	iova_log_set_handler(to_rte_log, NULL);
	if (rte_mempool_event_callback_register(snapshot_event, NULL) != 0)
		iova_log(IOVA_LOG_INFO, "mempool events unavailable (%s):"
			 " outstanding mbufs of freed pools not reported",
			 rte_strerror(rte_errno));
	rc = iova_pool_dpdk_telemetry_register();
	if (rc != 0)
		iova_log(IOVA_LOG_WARNING, "telemetry commands not registered:"
			 " %d", rc);
	rc = 0;
	init_done = true;
out:
	pthread_mutex_unlock(&init_lock);
	return rc;
}

void
iova_pool_dpdk_lcore_bind(void)
{
	unsigned int id = rte_lcore_id();

	if (id != LCORE_ID_ANY)
		iova_alloc_thread_index_set(id);
}

static uint64_t
mbuf_in_use(void *arg)
{
	struct iova_pool_dpdk_mbuf_region *r = arg;

	if (r->dying)
		return r->snapshot_valid ? r->in_use_at_destroy : 0;
	return rte_mempool_in_use_count(r->mp);
}

void
iova_pool_dpdk_mbuf_chunk_free(struct rte_mempool_memhdr *memhdr,
			       void *opaque)
{
	struct iova_pool_dpdk_mbuf_region *r = opaque;
	int64_t out;

	(void)memhdr;
	r->dying = true;
	out = iova_pool_destroy(r->pool);
	if (out < 0)
		iova_log(IOVA_LOG_ERR, "mbuf pool %s: region teardown failed:"
			 " %" PRId64, r->mp->name, out);
	else
		iova_log(IOVA_LOG_INFO, "mbuf pool %s: region unmapped, %"
			 PRId64 " mbuf(s) were outstanding%s", r->mp->name,
			 out, r->snapshot_valid ? "" : " (count unknown:"
			 " no mempool events)");
	iova_pool_domain_put(r->dom);
	free(r);
}

/* The region-only iova_pool behind an (a) pool: "mbuf:<name>". */
static int
region_pool_create(struct iova_pool_dpdk_mbuf_region *r, int socket_id,
		   struct iova_pool_domain *d)
{
	struct iova_pool_conf pc = { 0 };
	char pname[IOVA_POOL_NAMESIZE];

	snprintf(pname, sizeof(pname), "mbuf:%s", r->mp->name);
	pc.name = pname;
	pc.domain = d;
	pc.flags = IOVA_POOL_F_REGION_ONLY;
	pc.max_regions = 1;
	pc.numa_node = socket_id == SOCKET_ID_ANY ? IOVA_POOL_NUMA_ANY :
		socket_id;
	pc.outstanding = mbuf_in_use;
	pc.outstanding_arg = r;
	return iova_pool_create(&pc, &r->pool);
}

/*
 * Size the region exactly as the populate helper will fill it: objects
 * never cross a page of rte_mempool_get_page_size() (4 KB under --no-huge,
 * so a 2.3 KB mbuf then takes a page, as DPDK's own pools do there).
 */
static ssize_t
region_size(struct rte_mempool *mp, unsigned int n)
{
	size_t min_chunk, align, pg_sz;
	ssize_t sz;
	int rc;

	rc = rte_mempool_get_page_size(mp, &pg_sz);
	if (rc < 0)
		return rc;
	sz = rte_mempool_op_calc_mem_size_default(mp, n,
		pg_sz == 0 ? 0 : (uint32_t)__builtin_ctzl(pg_sz), &min_chunk,
		&align);
	return sz < 0 ? sz : sz + (ssize_t)align;
}

/* Map one region big enough for @mp's @n objects and populate from it. */
static int
populate_premapped(struct rte_mempool *mp, unsigned int n, int socket_id,
		   struct iova_pool_domain *d)
{
	struct iova_pool_dpdk_mbuf_region *r;
	struct iova_pool_region_info ri;
	ssize_t sz = region_size(mp, n);
	int rc;

	if (sz < 0)
		return (int)sz;
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		return -ENOMEM;
	r->mp = mp;
	rc = iova_pool_domain_get(iova_pool_domain_container(d), &r->dom);
	if (rc != 0)
		goto err_free;
	rc = region_pool_create(r, socket_id, d);
	if (rc != 0)
		goto err_dom;
	rc = iova_pool_region_add(r->pool, NULL, (uint64_t)sz, &ri);
	if (rc < 0)
		goto err_pool;
	rc = rte_mempool_populate_iova(mp, ri.va, ri.dvma, ri.len,
				       iova_pool_dpdk_mbuf_chunk_free, r);
	if (rc < 0)
		goto err_pool;  /* no memhdr: the free callback will not run */
	if ((unsigned int)rc != n) {
		iova_log(IOVA_LOG_ERR, "mbuf pool %s: region of 0x%" PRIx64
			 " bytes holds %d of %u objects", mp->name, ri.len, rc,
			 n);
		return -ENOSPC;  /* rte_mempool_free() will unmap */
	}
	iova_log(IOVA_LOG_INFO, "mbuf pool %s: %u mbufs on DVMA 0x%" PRIx64
		 " + 0x%" PRIx64 " (%" PRIu64 " IO page(s) of 0x%" PRIx64 ")",
		 mp->name, n, ri.dvma, ri.len, ri.entries, ri.io_page_size);
	return 0;
err_pool:
	iova_pool_destroy(r->pool);
err_dom:
	iova_pool_domain_put(r->dom);
err_free:
	free(r);
	return rc;
}

int
iova_pool_dpdk_pktmbuf_pool_create(const char *name, unsigned int n,
				   unsigned int cache_size, uint16_t priv_size,
				   uint16_t data_room_size, int socket_id,
				   struct iova_pool_domain *d,
				   struct rte_mempool **out)
{
	struct rte_pktmbuf_pool_private priv = {
		.mbuf_data_room_size = data_room_size,
		.mbuf_priv_size = priv_size,
	};
	struct rte_mempool *mp;
	unsigned int elt;
	int rc;

	iova_pool_dpdk_init();
	if (name == NULL || d == NULL || out == NULL || n == 0 ||
	    RTE_ALIGN(priv_size, RTE_MBUF_PRIV_ALIGN) != priv_size) {
		iova_log(IOVA_LOG_ERR, "pktmbuf pool %s: bad argument (n %u,"
			 " priv_size %u must be a multiple of %d)",
			 name != NULL ? name : "(null)", n, priv_size,
			 RTE_MBUF_PRIV_ALIGN);
		return -EINVAL;
	}
	elt = sizeof(struct rte_mbuf) + priv_size + data_room_size;
	mp = rte_mempool_create_empty(name, n, elt, cache_size, sizeof(priv),
				      socket_id, 0);
	if (mp == NULL) {
		rc = -rte_errno;
		iova_log(IOVA_LOG_ERR, "pktmbuf pool %s: create_empty: %s",
			 name, rte_strerror(rte_errno));
		return rc;
	}
	rc = rte_mempool_set_ops_byname(mp, rte_mbuf_best_mempool_ops(), NULL);
	if (rc != 0)
		goto err;
	rte_pktmbuf_pool_init(mp, &priv);
	rc = populate_premapped(mp, n, socket_id, d);
	if (rc != 0)
		goto err;
	rte_mempool_obj_iter(mp, rte_pktmbuf_init, NULL);
	*out = mp;
	return 0;
err:
	iova_log(IOVA_LOG_ERR, "pktmbuf pool %s: %d", name, rc);
	rte_mempool_free(mp);
	return rc;
}
