/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz harness: the PMD's devargs parser, i40e_sun4v_devargs_parse()
 * (pure: rte_kvargs only, no EAL).  Any string either parses into values
 * inside their documented ranges (i40e_sun4v_devargs.h, NIC guide
 * "Runtime configuration") or fails with a NUL-terminated message; the
 * same string parses the same way twice.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "i40e_sun4v_devargs.h"

#define MAX_ARGS 4096

static void
check_ok(const struct i40e_sun4v_devargs *a, const char *s)
{
	FZ_CHECK(a->iommu <= I40E_SUN4V_IOMMU_BYPASS, "iommu %d: %s", a->iommu, s);
	FZ_CHECK(a->dma <= I40E_SUN4V_DMA_MAP, "dma: %s", s);
	FZ_CHECK(a->rc < I40E_SUN4V_MAX_RC, "rc %u: %s", a->rc, s);
	FZ_CHECK(a->speed_mbps == 10000 || a->speed_mbps == 25000 ||
		 a->speed_mbps == 40000 || a->speed_mbps == 100000,
		 "speed %u: %s", a->speed_mbps, s);
	FZ_CHECK(a->rxdesc == 16 || a->rxdesc == 32, "rxdesc %u: %s", a->rxdesc, s);
	FZ_CHECK(a->iotlb_entries >= 1 && a->iotlb_entries <= 65536,
		 "iotlb %u: %s", a->iotlb_entries, s);
	FZ_CHECK(a->hv_lat_ns <= 100000000ULL, "hv_lat: %s", s);
	FZ_CHECK(a->gen_flows >= 1 && a->gen_rate_pct >= 1 &&
		 a->gen_rate_pct <= 100, "gen flows/rate: %s", s);
	FZ_CHECK(!a->gen || (a->gen_size >= 64 && a->gen_size <= 9728),
		 "gen size %u: %s", a->gen_size, s);
	FZ_CHECK(a->peer <= I40E_SUN4V_PEER_PORT, "peer: %s", s);
	FZ_CHECK(a->peer != I40E_SUN4V_PEER_PORT ||
		 (a->peer_name[0] != '\0' &&
		  memchr(a->peer_name, '\0', sizeof(a->peer_name)) != NULL),
		 "peer name: %s", s);
	FZ_CHECK(a->inject == I40E_SUN4V_INJECT_NONE || a->inject_every >= 1,
		 "inject every: %s", s);
	FZ_CHECK(!(a->iommu == I40E_SUN4V_IOMMU_BYPASS &&
		   a->dma == I40E_SUN4V_DMA_MAP), "bypass+map accepted: %s", s);
	FZ_CHECK(!a->mac_set || (a->mac[0] & 1) == 0, "multicast mac: %s", s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char s[MAX_ARGS + 1];
	struct i40e_sun4v_devargs a, b;
	char err[256], err2[256];
	size_t n = size < MAX_ARGS ? size : MAX_ARGS;
	int rc, rc2;

	memcpy(s, data, n);
	s[n] = '\0';
	memset(err, 0x55, sizeof(err));
	rc = i40e_sun4v_devargs_parse(s, &a, err, sizeof(err));
	FZ_CHECK(rc == 0 || rc == -22, "rc %d: %s", rc, s);
	if (rc == 0)
		check_ok(&a, s);
	else
		FZ_CHECK(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL,
			 "error message missing: %s", s);
	rc2 = i40e_sun4v_devargs_parse(s, &b, err2, sizeof(err2));
	FZ_CHECK(rc2 == rc, "second parse %d vs %d: %s", rc2, rc, s);
	FZ_CHECK(rc != 0 || memcmp(&a, &b, sizeof(a)) == 0, "not deterministic: %s", s);
	/* A tiny error buffer must be truncated, never overrun. */
	rc2 = i40e_sun4v_devargs_parse(s, &b, err2, 4);
	FZ_CHECK(rc2 == rc && (rc == 0 || memchr(err2, '\0', 4) != NULL),
		 "short err buffer: %s", s);
	return 0;
}
