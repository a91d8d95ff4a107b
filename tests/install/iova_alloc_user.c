/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A program built out of tree against the installed libiova_pool.pc
 * (test_install_prefix.sh): the legacy IOMMU's 2 GB window of 8 KB pages
 * handed out and taken back through libiova_pool.so.  Exit 0 only if every
 * step gives what the header promises.
 */
#include <inttypes.h>
#include <errno.h>
#include <stdio.h>

#include <iova_alloc.h>

int
main(void)
{
	struct iova_alloc_conf conf = {
		.name = "legacy", .base = 0x80000000ull, .nb_pages = 262144,
	};
	struct iova_alloc_stats st;
	struct iova_alloc *a;
	uint64_t dvma = 0;

	if (iova_alloc_create(&conf, &a) != 0)
		return 1;
	if (iova_alloc_range(a, 64, 6, &dvma) != 0 || dvma < conf.base ||
	    dvma % (64 * 8192) != 0)
		return 2;
	if (iova_alloc_stats_get(a, &st) != 0 || st.pages_in_use != 64 ||
	    st.nb_pages != 262144)
		return 3;
	if (iova_alloc_free(a, dvma, 64) != 0 ||
	    iova_alloc_free(a, dvma, 64) != -EALREADY)
		return 4;
	printf("iova_alloc: 64 pages at 0x%" PRIx64 " of %" PRIu64 ", freed once\n",
	       dvma, st.nb_pages);
	return iova_alloc_destroy(a) == 0 ? 0 : 5;
}
