/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sun4v-dmabench --micro when this tree has no lib/iova_pool or
 * lib/vfio_sun4v to measure (app/meson.build picks this file then).
 */
#include "bench.h"

int
bench_micro_run(struct bench_ctx *ctx)
{
	RTE_SET_USED(ctx);
	fprintf(stderr, "sun4v-dmabench: --micro is not available in this "
		"build: it needs lib/iova_pool (iova_pool_dep) and "
		"lib/vfio_sun4v (vfio_sun4v_dep), which were not built\n");
	return 1;
}
