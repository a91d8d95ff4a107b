/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DPDK adapters, part 4: telemetry (anchors §A5 "telemetry";
 * rte_telemetry_register_cmd is stable in 22.11).
 *
 *   /iova_pool/list             -> array of pool names
 *   /iova_pool/stats,<name>     -> dict of struct iova_pool_stats
 *
 * Both read the pool registry under its lock (iova_pool_walk()), so a pool
 * cannot be destroyed while its stats are read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_telemetry.h>

#include "iova_pool.h"
#include "iova_pool_dpdk_private.h"

static int
list_one(struct iova_pool *p, void *arg)
{
	rte_tel_data_add_array_string(arg, iova_pool_name(p));
	return 0;
}

static int
tel_list(const char *cmd, const char *params, struct rte_tel_data *d)
{
	(void)cmd;
	(void)params;
	rte_tel_data_start_array(d, RTE_TEL_STRING_VAL);
	iova_pool_walk(list_one, d);
	return 0;
}

struct stats_req {
	const char *name;
	struct iova_pool_stats st;
	bool found;
};

static int
stats_one(struct iova_pool *p, void *arg)
{
	struct stats_req *req = arg;

	if (strcmp(iova_pool_name(p), req->name) != 0)
		return 0;
	req->found = iova_pool_stats_get(p, &req->st) == 0;
	return 1;
}

/*
 * The page-size mix: "io_page_mix": {"4M": 2, "256M": 1}, the sizes in
 * use only (design §8).  Left out if telemetry has no memory for it.
 */
static void
page_mix_add(struct rte_tel_data *d, const struct iova_pool_stats *s)
{
	static const char *const unit[] = { "K", "M", "G" };
	struct rte_tel_data *mix = rte_tel_data_alloc();
	char key[16];

	if (mix == NULL)
		return;
	rte_tel_data_start_dict(mix);
	for (unsigned int i = 0; i < IOVA_POOL_NB_PAGE_SHIFTS; i++) {
		unsigned int shift = i + 13, u = shift / 10 - 1;

		if (s->entries_by_size[i] == 0)
			continue;
		snprintf(key, sizeof(key), "%u%s", 1u << (shift - 10 * (u + 1)),
			 unit[u]);
		rte_tel_data_add_dict_u64(mix, key, s->entries_by_size[i]);
	}
	if (rte_tel_data_add_dict_container(d, "io_page_mix", mix, 0) != 0)
		rte_tel_data_free(mix);
}

static int
tel_stats(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct stats_req req = { .name = params };
	const struct iova_pool_stats *s = &req.st;

	(void)cmd;
	if (params == NULL || params[0] == '\0')
		return -EINVAL;
	iova_pool_walk(stats_one, &req);
	if (!req.found)
		return -EINVAL;
	rte_tel_data_start_dict(d);
	rte_tel_data_add_dict_string(d, "name", params);
	rte_tel_data_add_dict_u64(d, "regions", s->nb_regions);
	rte_tel_data_add_dict_u64(d, "max_regions", s->max_regions);
	rte_tel_data_add_dict_u64(d, "huge_regions", s->huge_regions);
	rte_tel_data_add_dict_u64(d, "io_page_sizes", s->io_page_sizes);
	rte_tel_data_add_dict_u64(d, "iotsb_entries", s->iotsb_entries);
	page_mix_add(d, s);
	rte_tel_data_add_dict_u64(d, "bytes_mapped", s->bytes_mapped);
	rte_tel_data_add_dict_u64(d, "buf_stride", s->buf_stride);
	rte_tel_data_add_dict_u64(d, "bufs_total", s->bufs_total);
	rte_tel_data_add_dict_u64(d, "bufs_outstanding", s->bufs_outstanding);
	rte_tel_data_add_dict_u64(d, "map_calls", s->map_calls);
	rte_tel_data_add_dict_u64(d, "unmap_calls", s->unmap_calls);
	rte_tel_data_add_dict_u64(d, "map_errors", s->map_errors);
	rte_tel_data_add_dict_u64(d, "get_empty", s->get_empty);
	rte_tel_data_add_dict_u64(d, "double_frees", s->double_frees);
	rte_tel_data_add_dict_int(d, "numa_node", s->numa_node);
	return 0;
}

int
iova_pool_dpdk_telemetry_register(void)
{
	int rc;

	rc = rte_telemetry_register_cmd("/iova_pool/list", tel_list,
		"Names of the pre-mapped DMA pools. No parameters");
	if (rc == 0)
		rc = rte_telemetry_register_cmd("/iova_pool/stats", tel_stats,
			"Counters of one pre-mapped DMA pool. Parameters: pool"
			" name");
	return rc;
}
