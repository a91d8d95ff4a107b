/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Devargs parsing for net_i40e_sun4v (doc/guides/nics/i40e_sun4v.rst,
 * "Runtime configuration").  Pure: no EAL, no device state, so it is unit
 * tested and fuzzed directly.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_kvargs.h>

#include "i40e_sun4v_devargs.h"

/* Upper bounds that keep a typo from becoming a huge allocation. */
#define IOTLB_MAX_ENTRIES 65536u
#define HV_LAT_MAX_NS 100000000ull /* 100 ms per call is already absurd */
#define PPS_LIMIT_MAX 1000000000ull /* 1 Gpps: far above any line rate here */
#define GEN_SIZE_MIN 64u
#define GEN_SIZE_MAX 9728u         /* i40e-facts §2.4 max non-TSO frame */
#define GEN_FLOWS_MAX 1048576u

/* Parse a whole decimal number into [min, max]; no sign, no suffix. */
static int
parse_u64(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int
parse_iommu(const char *v, struct i40e_sun4v_devargs *a)
{
	if (strcmp(v, "atu") == 0)
		a->iommu = I40E_SUN4V_IOMMU_ATU;
	else if (strcmp(v, "legacy") == 0)
		a->iommu = I40E_SUN4V_IOMMU_LEGACY;
	else if (strcmp(v, "bypass") == 0)
		a->iommu = I40E_SUN4V_IOMMU_BYPASS;
	else
		return -EINVAL;
	return 0;
}

static int
parse_dma(const char *v, struct i40e_sun4v_devargs *a)
{
	if (strcmp(v, "pool") == 0)
		a->dma = I40E_SUN4V_DMA_POOL;
	else if (strcmp(v, "map") == 0)
		a->dma = I40E_SUN4V_DMA_MAP;
	else
		return -EINVAL;
	return 0;
}

static int
parse_rc(const char *v, struct i40e_sun4v_devargs *a)
{
	uint64_t x;

	if (parse_u64(v, 0, I40E_SUN4V_MAX_RC - 1, &x) != 0)
		return -EINVAL;
	a->rc = (unsigned int)x;
	return 0;
}

/* bus:dev.fn in hex, as lspci prints it: bus 0..ff, dev 0..1f, fn 0..7. */
static int
parse_bdf(const char *v, struct i40e_sun4v_devargs *a)
{
	unsigned int bus, dev, fn;
	int n = -1;

	if (sscanf(v, "%2x:%2x.%1x%n", &bus, &dev, &fn, &n) != 3 ||
	    n < 0 || v[n] != '\0' || !isxdigit((unsigned char)v[0]))
		return -EINVAL;
	if (bus > 0xff || dev > 0x1f || fn > 7)
		return -EINVAL;
	a->bdf = (uint16_t)(bus << 8 | dev << 3 | fn);
	a->bdf_set = true;
	return 0;
}

static int
parse_peer(const char *v, struct i40e_sun4v_devargs *a)
{
	size_t len = strlen(v);

	if (strcmp(v, "self") == 0) {
		a->peer = I40E_SUN4V_PEER_SELF;
	} else if (strcmp(v, "sink") == 0) {
		a->peer = I40E_SUN4V_PEER_SINK;
	} else {
		/* EAL binds a vdev to this driver by its name prefix, so any
		 * other name (net_null0, SELF) can never be our port. */
		if (len <= strlen(I40E_SUN4V_DRIVER_NAME) ||
		    len >= sizeof(a->peer_name) ||
		    strncmp(v, I40E_SUN4V_DRIVER_NAME,
			    strlen(I40E_SUN4V_DRIVER_NAME)) != 0)
			return -EINVAL;
		for (size_t i = 0; i < len; i++)
			if (!isalnum((unsigned char)v[i]) && v[i] != '_')
				return -EINVAL;
		a->peer = I40E_SUN4V_PEER_PORT;
		memcpy(a->peer_name, v, len + 1);
	}
	return 0;
}

static int
parse_speed(const char *v, struct i40e_sun4v_devargs *a)
{
	static const struct { const char *name; uint32_t mbps; } speeds[] = {
		{ "10G", 10000 }, { "25G", 25000 },
		{ "40G", 40000 }, { "100G", 100000 },
	};

	for (size_t i = 0; i < sizeof(speeds) / sizeof(speeds[0]); i++) {
		if (strcmp(v, speeds[i].name) == 0) {
			a->speed_mbps = speeds[i].mbps;
			return 0;
		}
	}
	return -EINVAL;
}

static int
parse_pace(const char *v, struct i40e_sun4v_devargs *a)
{
	if (strcmp(v, "0") == 0)
		a->pace = false;
	else if (strcmp(v, "1") == 0)
		a->pace = true;
	else
		return -EINVAL;
	return 0;
}

/* gen=<size>[:<flows>[:<rate %>]]; colons because kvargs owns commas. */
static int
parse_gen(const char *v, struct i40e_sun4v_devargs *a)
{
	char buf[64];
	char *f[3] = { NULL, NULL, NULL };
	char *save = NULL, *tok;
	uint64_t x;
	int n = 0;

	if (strlen(v) >= sizeof(buf) || v[0] == '\0')
		return -EINVAL;
	strcpy(buf, v);
	for (const char *c = v; *c != '\0'; c++)
		if (*c == ':' && (c[1] == ':' || c[1] == '\0'))
			return -EINVAL; /* empty field */
	for (tok = strtok_r(buf, ":", &save); tok != NULL;
	     tok = strtok_r(NULL, ":", &save)) {
		if (n == 3)
			return -EINVAL;
		f[n++] = tok;
	}
	if (parse_u64(f[0], GEN_SIZE_MIN, GEN_SIZE_MAX, &x) != 0)
		return -EINVAL;
	a->gen_size = (uint32_t)x;
	if (f[1] != NULL) {
		if (parse_u64(f[1], 1, GEN_FLOWS_MAX, &x) != 0)
			return -EINVAL;
		a->gen_flows = (uint32_t)x;
	}
	if (f[2] != NULL) {
		if (parse_u64(f[2], 1, 100, &x) != 0)
			return -EINVAL;
		a->gen_rate_pct = (uint32_t)x;
	}
	a->gen = true;
	return 0;
}

/* gen_bad_csum=<ip every N>:<l4 every N>: a test facility (spec §6.4). */
static int
parse_gen_bad_csum(const char *v, struct i40e_sun4v_devargs *a)
{
	const char *colon = strchr(v, ':');
	char ip[16];
	uint64_t x, y;

	if (colon == NULL || (size_t)(colon - v) >= sizeof(ip) || colon == v)
		return -EINVAL;
	memcpy(ip, v, (size_t)(colon - v));
	ip[colon - v] = '\0';
	if (parse_u64(ip, 0, UINT32_MAX, &x) != 0 ||
	    parse_u64(colon + 1, 0, UINT32_MAX, &y) != 0)
		return -EINVAL;
	a->gen_bad_ip = (uint32_t)x;
	a->gen_bad_l4 = (uint32_t)y;
	a->gen_bad_csum = true;
	return 0;
}

/* gen_count=<frames>: the generator stops after that many (spec §6.4). */
static int
parse_gen_count(const char *v, struct i40e_sun4v_devargs *a)
{
	return parse_u64(v, 1, UINT64_MAX, &a->gen_count);
}

static int
parse_iotlb(const char *v, struct i40e_sun4v_devargs *a)
{
	uint64_t x;

	if (parse_u64(v, 1, IOTLB_MAX_ENTRIES, &x) != 0)
		return -EINVAL;
	a->iotlb_entries = (uint32_t)x;
	a->machine_set |= I40E_SUN4V_MACHINE_IOTLB;
	return 0;
}

static int
parse_hv_lat(const char *v, struct i40e_sun4v_devargs *a)
{
	a->machine_set |= I40E_SUN4V_MACHINE_HV_LAT;
	return parse_u64(v, 0, HV_LAT_MAX_NS, &a->hv_lat_ns);
}

/* Modeled TX packet-rate limit (doc/spec/i40e-sim.md §7). */
static int
parse_pps_limit(const char *v, struct i40e_sun4v_devargs *a)
{
	uint64_t x;

	if (parse_u64(v, 0, PPS_LIMIT_MAX, &x) != 0)
		return -EINVAL;
	a->pps_limit = (uint32_t)x;
	a->pps_limit_set = true;
	return 0;
}

static int
parse_mac(const char *v, struct i40e_sun4v_devargs *a)
{
	unsigned int b[6];
	int n = -1;

	if (strlen(v) != 17 ||
	    sscanf(v, "%2x:%2x:%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &n) != 6 || n != 17)
		return -EINVAL;
	for (int i = 0; i < 6; i++) {
		if (!isxdigit((unsigned char)v[i * 3]) ||
		    !isxdigit((unsigned char)v[i * 3 + 1]))
			return -EINVAL;
		a->mac[i] = (uint8_t)b[i];
	}
	/* A multicast or all-zero address cannot be a port's own address
	 * (IEEE 802-2014 §8.2: the I/G bit marks a group address). */
	if ((a->mac[0] & 1) ||
	    (a->mac[0] | a->mac[1] | a->mac[2] | a->mac[3] | a->mac[4] |
	     a->mac[5]) == 0)
		return -EINVAL;
	a->mac_set = true;
	return 0;
}

static int
parse_rxdesc(const char *v, struct i40e_sun4v_devargs *a)
{
	if (strcmp(v, "16") == 0)
		a->rxdesc = 16;
	else if (strcmp(v, "32") == 0)
		a->rxdesc = 32;
	else
		return -EINVAL;
	return 0;
}

/*
 * dev_rc=<n>: the device really sits under root complex n while the driver
 * programs rc='s IOMMU (a miswired slot or a wrong device-tree binding):
 * the wrong-IOMMU failure mode of issue 7.
 */
static int
parse_dev_rc(const char *v, struct i40e_sun4v_devargs *a)
{
	uint64_t x;

	if (parse_u64(v, 0, I40E_SUN4V_MAX_RC - 1, &x) != 0)
		return -EINVAL;
	a->dev_rc = (unsigned int)x;
	a->dev_rc_set = true;
	return 0;
}

/* legacy_window=<MB>: the virtual-dma property (facts §3), machine-wide. */
static int
parse_legacy_window(const char *v, struct i40e_sun4v_devargs *a)
{
	uint64_t mb;

	if (parse_u64(v, 8, 2048, &mb) != 0 || (mb & (mb - 1)) != 0)
		return -EINVAL;
	a->legacy_window_mb = (uint32_t)mb;
	a->machine_set |= I40E_SUN4V_MACHINE_LEGACY_WINDOW;
	return 0;
}

/* inject=<kind>:<every N>: fault injection (issue 7, NIC guide). */
static int
parse_inject(const char *v, struct i40e_sun4v_devargs *a)
{
	static const struct { const char *name; enum i40e_sun4v_inject_kind k; }
	kinds[] = {
		{ "unmapped", I40E_SUN4V_INJECT_UNMAPPED },
		{ "readonly", I40E_SUN4V_INJECT_READONLY },
		{ "stale", I40E_SUN4V_INJECT_STALE },
	};
	const char *colon = strrchr(v, ':');
	uint64_t every;

	if (colon == NULL ||
	    parse_u64(colon + 1, 1, UINT32_MAX, &every) != 0)
		return -EINVAL;
	/* dvma@<hex>: a DVMA of the caller's choice (isolation tests). */
	if (strncmp(v, "dvma@0x", 7) == 0 && colon > v + 7) {
		char *end;

		errno = 0;
		a->inject_dvma = strtoull(v + 7, &end, 16);
		if (errno != 0 || end != colon || !isxdigit((unsigned char)v[7]))
			return -EINVAL;
		a->inject = I40E_SUN4V_INJECT_DVMA;
		a->inject_every = (uint32_t)every;
		return 0;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strlen(kinds[i].name) == (size_t)(colon - v) &&
		    strncmp(v, kinds[i].name, (size_t)(colon - v)) == 0) {
			a->inject = kinds[i].k;
			a->inject_every = (uint32_t)every;
			return 0;
		}
	}
	return -EINVAL;
}

/* engine=: who runs the device (doc/guides/nics/i40e_sun4v.rst). */
static int
parse_engine(const char *v, struct i40e_sun4v_devargs *a)
{
	if (strcmp(v, "inline") == 0)
		a->engine = I40E_SUN4V_ENGINE_INLINE;
	else if (strcmp(v, "service") == 0)
		a->engine = I40E_SUN4V_ENGINE_SERVICE;
	else
		return -EINVAL;
	return 0;
}

static const struct {
	const char *key;
	int (*parse)(const char *v, struct i40e_sun4v_devargs *a);
	const char *expect;
} parsers[] = {
	{ I40E_SUN4V_IOMMU_ARG, parse_iommu, "atu, legacy or bypass" },
	{ I40E_SUN4V_DMA_ARG, parse_dma, "pool or map" },
	{ I40E_SUN4V_RC_ARG, parse_rc, "a root complex 0..7" },
	{ I40E_SUN4V_BDF_ARG, parse_bdf, "bus:dev.fn in hex, e.g. 03:00.0" },
	{ I40E_SUN4V_PEER_ARG, parse_peer,
	  "self, sink or another port's name, " I40E_SUN4V_DRIVER_NAME
	  "<N> (names are case-sensitive)" },
	{ I40E_SUN4V_SPEED_ARG, parse_speed, "10G, 25G, 40G or 100G" },
	{ I40E_SUN4V_PACE_ARG, parse_pace, "0 or 1" },
	{ I40E_SUN4V_GEN_ARG, parse_gen,
	  "<size 64..9728>[:<flows 1..1048576>[:<rate 1..100 %>]]" },
	{ I40E_SUN4V_IOTLB_ARG, parse_iotlb, "1..65536 entries" },
	{ I40E_SUN4V_HV_LAT_ARG, parse_hv_lat, "0..100000000 ns" },
	{ I40E_SUN4V_MAC_ARG, parse_mac,
	  "a unicast, non-zero xx:xx:xx:xx:xx:xx" },
	{ I40E_SUN4V_RXDESC_ARG, parse_rxdesc, "16 or 32" },
	{ I40E_SUN4V_INJECT_ARG, parse_inject,
	  "unmapped|readonly|stale|dvma@0x<hex>:<every N >= 1>" },
	{ I40E_SUN4V_LEGACY_WINDOW_ARG, parse_legacy_window,
	  "a power of 2 from 8 to 2048 (MB)" },
	{ I40E_SUN4V_DEV_RC_ARG, parse_dev_rc, "a root complex 0..7" },
	{ I40E_SUN4V_ENGINE_ARG, parse_engine, "inline or service" },
	{ I40E_SUN4V_PPS_LIMIT_ARG, parse_pps_limit,
	  "0..1000000000 frames/s (0 = no limit)" },
	{ I40E_SUN4V_GEN_BAD_CSUM_ARG, parse_gen_bad_csum,
	  "<ip every N>:<l4 every N> (0 = never; needs gen=)" },
	{ I40E_SUN4V_GEN_COUNT_ARG, parse_gen_count,
	  "frames >= 1 the generator sends in all (needs gen=)" },
};

static void
devargs_defaults(struct i40e_sun4v_devargs *a)
{
	memset(a, 0, sizeof(*a));
	a->iommu = I40E_SUN4V_IOMMU_ATU;
	a->dma = I40E_SUN4V_DMA_POOL;
	a->peer = I40E_SUN4V_PEER_SINK;
	a->speed_mbps = 40000;
	a->pace = true;
	a->gen_flows = 1;
	a->gen_rate_pct = 100;
	a->iotlb_entries = 64;
	a->rxdesc = 32;
	a->legacy_window_mb = 2048;
}

/* Combinations that each parse but cannot work together. */
static int
devargs_check_conflicts(const struct i40e_sun4v_devargs *a, char *err,
			size_t errlen)
{
	if (a->iommu == I40E_SUN4V_IOMMU_BYPASS &&
	    a->dma == I40E_SUN4V_DMA_MAP) {
		snprintf(err, errlen,
			 "conflicting devargs: dma=map needs an IOMMU, "
			 "but iommu=bypass translates nothing");
		return -EINVAL;
	}
	if (a->inject == I40E_SUN4V_INJECT_STALE &&
	    a->dma != I40E_SUN4V_DMA_MAP) {
		snprintf(err, errlen,
			 "conflicting devargs: inject=stale needs dma=map "
			 "(with dma=pool a recycled buffer stays mapped, so a "
			 "stale write is not a use-after-unmap)");
		return -EINVAL;
	}
	if (a->inject != I40E_SUN4V_INJECT_NONE &&
	    a->iommu == I40E_SUN4V_IOMMU_BYPASS) {
		snprintf(err, errlen,
			 "conflicting devargs: inject= needs an IOMMU to fault "
			 "(iommu=bypass translates nothing)");
		return -EINVAL;
	}
	if ((a->gen_bad_csum || a->gen_count != 0) && !a->gen) {
		snprintf(err, errlen, "conflicting devargs: gen_bad_csum= and "
			 "gen_count= shape the generator's frames, so they need gen=");
		return -EINVAL;
	}
	if (a->gen && a->peer != I40E_SUN4V_PEER_SINK) {
		snprintf(err, errlen,
			 "conflicting devargs: gen= makes the generator the "
			 "link partner, so peer must be sink (got peer=%s)",
			 a->peer == I40E_SUN4V_PEER_SELF ? "self" :
			 a->peer_name);
		return -EINVAL;
	}
	return 0;
}

/*
 * rte_kvargs splits "iommu=atu=legacy" into pairs of its own making (and
 * then an "unknown key" would blame the wrong word), so every key=value
 * item is checked first: one '=', a non-empty key.  Lists in brackets are
 * not used by any of our keys.
 */
static int
devargs_check_items(const char *args, char *err, size_t errlen)
{
	const char *item = args;

	while (item != NULL && *item != '\0') {
		const char *end = strchr(item, ',');
		size_t len = end != NULL ? (size_t)(end - item) : strlen(item);
		const char *eq = memchr(item, '=', len);

		if (eq == item) {
			snprintf(err, errlen, "malformed devargs item \"%.*s\": "
				 "no key before '='", (int)len, item);
			return -EINVAL;
		}
		if (eq != NULL && memchr(eq + 1, '=', len - (size_t)(eq + 1 - item))
		    != NULL) {
			snprintf(err, errlen, "malformed value for devarg %.*s="
				 "\"%.*s\": a value cannot hold '=' (one "
				 "key=value per item, items separated by ',')",
				 (int)(eq - item), item,
				 (int)(len - (size_t)(eq + 1 - item)), eq + 1);
			return -EINVAL;
		}
		item = end != NULL ? end + 1 : NULL;
	}
	return 0;
}

int
i40e_sun4v_devargs_parse(const char *args, struct i40e_sun4v_devargs *out,
			 char *err, size_t errlen)
{
	struct rte_kvargs *kv;
	int rc = 0;

	devargs_defaults(out);
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (args == NULL || args[0] == '\0')
		return 0;
	rc = devargs_check_items(args, err, errlen);
	if (rc != 0)
		return rc;
	/* Parse without a key filter first, so an unknown key can be named. */
	kv = rte_kvargs_parse(args, NULL);
	if (kv == NULL) {
		snprintf(err, errlen, "malformed devargs \"%s\"", args);
		return -EINVAL;
	}
	for (unsigned int i = 0; i < kv->count && rc == 0; i++) {
		const struct rte_kvargs_pair *p = &kv->pairs[i];
		size_t k;

		for (k = 0; k < sizeof(parsers) / sizeof(parsers[0]); k++)
			if (strcmp(p->key, parsers[k].key) == 0)
				break;
		if (k == sizeof(parsers) / sizeof(parsers[0])) {
			snprintf(err, errlen, "unknown devarg key \"%s\"",
				 p->key);
			rc = -EINVAL;
		} else if (rte_kvargs_count(kv, p->key) > 1) {
			snprintf(err, errlen, "devarg \"%s\" given more than once",
				 p->key);
			rc = -EINVAL;
		} else if (p->value == NULL ||
			   parsers[k].parse(p->value, out) != 0) {
			snprintf(err, errlen,
				 "bad value for devarg %s=\"%s\": expected %s",
				 p->key, p->value == NULL ? "" : p->value,
				 parsers[k].expect);
			rc = -EINVAL;
		}
	}
	rte_kvargs_free(kv);
	if (rc == 0)
		rc = devargs_check_conflicts(out, err, errlen);
	return rc;
}

const char *
i40e_sun4v_iommu_name(enum i40e_sun4v_iommu_mode m)
{
	switch (m) {
	case I40E_SUN4V_IOMMU_ATU: return "atu";
	case I40E_SUN4V_IOMMU_LEGACY: return "legacy";
	case I40E_SUN4V_IOMMU_BYPASS: return "bypass";
	}
	return "?";
}

const char *
i40e_sun4v_dma_name(enum i40e_sun4v_dma_mode m)
{
	return m == I40E_SUN4V_DMA_MAP ? "map" : "pool";
}
