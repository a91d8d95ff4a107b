/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Unit tests of iova_pool_domain_open() / iova_pool_domain_close()
 * (lib/iova_pool/include/iova_pool_domain.h): one call from an IOMMU group
 * to a usable domain for legacy, ATU and bypass, and a failure at each
 * step (no such group, group not viable, legacy IOMMU already owned) that
 * leaves nothing behind: the group can be claimed by a host driver again
 * (so no container holds it) and a later open of the same group succeeds.
 */
#include <errno.h>
#include <string.h>

#include "iova_log_capture.h"
#include "iova_pool_domain.h"
#include "sun4v_platform.h"
#include "test_assert.h"
#include "vfio_sun4v.h"

/*
 * Nothing holds @fn's group: a host driver can claim it (a function
 * attached to a container cannot be claimed, vfio_sun4v_host_claim()).
 */
static int
group_free(struct sun4v_platform *p, struct sun4v_func *fn)
{
	TEST_ASSERT_OK(vfio_sun4v_host_claim(p, fn, true),
		       "group still attached to a container");
	TEST_ASSERT_OK(vfio_sun4v_host_claim(p, fn, false), "release");
	return TEST_SUCCESS;
}

/* Close @h, check its group is free again, destroy the machine. */
static int
close_last(struct sun4v_platform *p, struct iova_pool_domain_handle *h,
	   struct sun4v_func *fn)
{
	TEST_ASSERT_OK(iova_pool_domain_close(h), "close");
	if (group_free(p, fn) != TEST_SUCCESS)
		return TEST_FAILED;
	sun4v_platform_destroy(p);
	return TEST_SUCCESS;
}

static int
open_one(enum vfio_sun4v_iommu_type type)
{
	struct iova_pool_domain_handle *h = NULL;
	struct vfio_sun4v_info info;
	struct sun4v_platform *p;
	struct sun4v_func *fn;

	TEST_ASSERT_OK(sun4v_platform_create(NULL, &p), "platform");
	TEST_ASSERT_OK(sun4v_platform_default_nic(p, 0, &fn), "nic 0");
	TEST_ASSERT_OK(iova_pool_domain_open(p, sun4v_func_group(fn), type,
					     &h), "open type %d", type);
	TEST_ASSERT(h->container != NULL && h->domain != NULL, "handle");
	TEST_ASSERT(iova_pool_domain_container(h->domain) == h->container,
		    "domain of another container");
	TEST_ASSERT_EQ(h->group, sun4v_func_group(fn), "group");
	TEST_ASSERT_EQ(h->type, type, "type");
	TEST_ASSERT_EQ(h->alloc8k == NULL, type == VFIO_SUN4V_IOMMU_BYPASS,
		       "8 KB allocator exactly when translating");
	if (h->alloc8k != NULL)
		TEST_ASSERT_EQ(iova_alloc_page_size(h->alloc8k), 8192,
			       "8 KB window");
	TEST_ASSERT_OK(vfio_sun4v_get_info(h->container, &info), "info");
	TEST_ASSERT_EQ(info.type, type, "IOMMU type set");
	TEST_ASSERT_EQ(info.nb_groups, 1, "one group attached");
	return close_last(p, h, fn);
}

static int
test_iova_domain_open_legacy(void)
{
	return open_one(VFIO_SUN4V_IOMMU_LEGACY);
}

static int
test_iova_domain_open_atu(void)
{
	return open_one(VFIO_SUN4V_IOMMU_ATU);
}

static int
test_iova_domain_open_bypass(void)
{
	return open_one(VFIO_SUN4V_IOMMU_BYPASS);
}

/* Failures at group attach: bad arguments, no such group, not viable. */
static int
test_iova_domain_open_fails_attach(void)
{
	struct iova_pool_domain_handle *h = NULL;
	struct sun4v_platform *p;
	struct sun4v_func *fn;
	int g;

	TEST_ASSERT_OK(sun4v_platform_create(NULL, &p), "platform");
	TEST_ASSERT_OK(sun4v_platform_default_nic(p, 0, &fn), "nic 0");
	g = sun4v_func_group(fn);
	capture_start();
	TEST_ASSERT_EQ(iova_pool_domain_open(NULL, g, VFIO_SUN4V_IOMMU_ATU,
					     &h), -EINVAL, "NULL platform");
	TEST_ASSERT_EQ(iova_pool_domain_open(p, g, VFIO_SUN4V_IOMMU_ATU,
					     NULL), -EINVAL, "NULL out");
	TEST_ASSERT_EQ(iova_pool_domain_close(NULL), -EINVAL, "close NULL");
	TEST_ASSERT_EQ(iova_pool_domain_open(p, 9999, VFIO_SUN4V_IOMMU_ATU,
					     &h), -ENOENT, "nonexistent group");
	TEST_ASSERT(h == NULL, "*out untouched on failure");
	TEST_ASSERT(strstr(logbuf, "group 9999") != NULL &&
		    strstr(logbuf, "vfio_sun4v_group_attach") != NULL,
		    "the log names group and step: %s", logbuf);
	capture_stop();
	/* Not viable: a host driver holds the function. */
	TEST_ASSERT_OK(vfio_sun4v_host_claim(p, fn, true), "claim");
	TEST_ASSERT_EQ(iova_pool_domain_open(p, g, VFIO_SUN4V_IOMMU_ATU, &h),
		       -EBUSY, "non-viable group");
	TEST_ASSERT_OK(vfio_sun4v_host_claim(p, fn, false), "release");
	/* Nothing left behind: the next open of the group works. */
	TEST_ASSERT_OK(iova_pool_domain_open(p, g, VFIO_SUN4V_IOMMU_ATU, &h),
		       "open after the failures");
	return close_last(p, h, fn);
}

/*
 * Failures after the group was attached (set_iommu), which must detach it
 * again, and close refusing while the domain is used elsewhere.
 */
static int
test_iova_domain_open_fails_set_iommu(void)
{
	struct iova_pool_domain_handle *h = NULL, *h1 = NULL;
	struct iova_pool_domain *extra;
	struct sun4v_func *fn0, *fn1;
	struct sun4v_platform *p;
	int g0, g1;

	TEST_ASSERT_OK(sun4v_platform_create(NULL, &p), "platform");
	TEST_ASSERT_OK(sun4v_platform_default_nic(p, 0, &fn0), "nic 0");
	TEST_ASSERT_OK(sun4v_platform_default_nic(p, 1, &fn1), "nic 1");
	g0 = sun4v_func_group(fn0);
	g1 = sun4v_func_group(fn1);
	TEST_ASSERT_NE(g0, g1, "ports 0 and 1 in separate groups");
	TEST_ASSERT_EQ(iova_pool_domain_open(p, g0, VFIO_SUN4V_IOMMU_NONE,
					     &h), -EINVAL, "type NONE");
	if (group_free(p, fn0) != TEST_SUCCESS)
		return TEST_FAILED;
	/* Legacy already owned on this root complex. */
	TEST_ASSERT_OK(iova_pool_domain_open(p, g0, VFIO_SUN4V_IOMMU_LEGACY,
					     &h), "legacy on port 0");
	TEST_ASSERT_EQ(iova_pool_domain_open(p, g1, VFIO_SUN4V_IOMMU_LEGACY,
					     &h1), -EBUSY, "second legacy owner");
	TEST_ASSERT(h1 == NULL, "*out untouched on failure");
	if (group_free(p, fn1) != TEST_SUCCESS)
		return TEST_FAILED;
	TEST_ASSERT_OK(iova_pool_domain_get(h->container, &extra), "extra ref");
	TEST_ASSERT_EQ(iova_pool_domain_close(h), -EBUSY,
		       "close with a reference held elsewhere");
	TEST_ASSERT_EQ(iova_pool_domain_put(extra), 1, "handle's ref left");
	TEST_ASSERT_OK(iova_pool_domain_close(h), "close");
	/* The failed open left no container owning the legacy table. */
	TEST_ASSERT_OK(iova_pool_domain_open(p, g1, VFIO_SUN4V_IOMMU_LEGACY,
					     &h1), "legacy on port 1 after close");
	if (group_free(p, fn0) != TEST_SUCCESS)
		return TEST_FAILED;
	return close_last(p, h1, fn1);
}

int
main(void)
{
	static const struct test_case cases[] = {
		TEST_CASE(test_iova_domain_open_legacy),
		TEST_CASE(test_iova_domain_open_atu),
		TEST_CASE(test_iova_domain_open_bypass),
		TEST_CASE(test_iova_domain_open_fails_attach),
		TEST_CASE(test_iova_domain_open_fails_set_iommu),
		{ NULL, NULL },
	};

	return test_run_cases("iova_domain", cases);
}
