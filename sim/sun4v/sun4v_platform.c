/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Platform lifecycle, configuration defaults and parsing, logging, clock
 * and run-time tunables (doc/design/platform.md §1, §8).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sun4v_internal.h"

/* --------------------------------------------------------------------- */
/* Logging                                                               */

static pthread_mutex_t default_sink_lock = PTHREAD_MUTEX_INITIALIZER;
static sun4v_log_cb default_sink_cb;
static void *default_sink_arg;

static void
stderr_sink(void *arg, enum sun4v_log_level level, const char *msg)
{
	(void)arg;
	(void)level;
	fprintf(stderr, "sim.sun4v: %s\n", msg);
}

void
sun4v_log_set_default_sink(sun4v_log_cb cb, void *arg)
{
	pthread_mutex_lock(&default_sink_lock);
	default_sink_cb = cb;
	default_sink_arg = arg;
	pthread_mutex_unlock(&default_sink_lock);
}

static void
log_emit(struct sun4v_platform *p, enum sun4v_log_level level, const char *msg)
{
	sun4v_log_cb cb = NULL;
	void *arg = NULL;

	if (p != NULL) {
		pthread_mutex_lock(&p->log_lock);
		cb = p->log_cb;
		arg = p->log_arg;
		pthread_mutex_unlock(&p->log_lock);
	}
	if (cb == NULL) {
		pthread_mutex_lock(&default_sink_lock);
		cb = default_sink_cb;
		arg = default_sink_arg;
		pthread_mutex_unlock(&default_sink_lock);
	}
	if (cb == NULL)
		cb = stderr_sink;
	cb(arg, level, msg);
}

void
sun4v_log(struct sun4v_platform *p, enum sun4v_log_level level,
	  const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int max = p != NULL ? atomic_load(&p->log_level) : SUN4V_LOG_NOTICE;

	if ((int)level > max)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	log_emit(p, level, buf);
}

void
sun4v_platform_set_log_sink(struct sun4v_platform *p, sun4v_log_cb cb,
			    void *arg)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->log_lock);
	p->log_cb = cb;
	p->log_arg = arg;
	pthread_mutex_unlock(&p->log_lock);
}

void
sun4v_platform_set_log_level(struct sun4v_platform *p,
			     enum sun4v_log_level level)
{
	if (p != NULL)
		atomic_store(&p->log_level, (int)level);
}

/* --------------------------------------------------------------------- */
/* Clock and tunables                                                    */

uint64_t
sun4v_now_ns(struct sun4v_platform *p)
{
	struct timespec ts;

	if (p->clock_cb != NULL)
		return p->clock_cb(p->clock_arg);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

void
sun4v_platform_set_clock(struct sun4v_platform *p, sun4v_clock_cb cb,
			 void *arg)
{
	if (p == NULL)
		return;
	/* Read under fault_lock only: the fault path is the clock's user. */
	pthread_mutex_lock(&p->fault_lock);
	p->clock_cb = cb;
	p->clock_arg = arg;
	pthread_mutex_unlock(&p->fault_lock);
}

int
sun4v_platform_set_map_cap(struct sun4v_platform *p, unsigned int cap)
{
	if (p == NULL || cap == 0 || cap > SUN4V_MAX_MAP_CAP)
		return -EINVAL;
	atomic_store(&p->map_cap, cap);
	return 0;
}

void
sun4v_platform_set_hv_latency(struct sun4v_platform *p, uint64_t per_call_ns,
			      uint64_t per_tte_ns)
{
	if (p == NULL)
		return;
	atomic_store(&p->lat_call_ns, per_call_ns);
	atomic_store(&p->lat_tte_ns, per_tte_ns);
}

void
sun4v_platform_set_bypass_support(struct sun4v_platform *p, bool on)
{
	if (p != NULL)
		atomic_store(&p->bypass_ok, on);
}

/* --------------------------------------------------------------------- */
/* Configuration                                                         */

static bool
ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Fill defaults into @p c and check every field; logs the bad one. */
static int
conf_resolve(struct sun4v_platform_conf *c)
{
	if (c->nb_rc == 0)
		c->nb_rc = 2;
	if (c->legacy_base == 0)
		c->legacy_base = HV_LEGACY_DVMA_BASE;
	if (c->legacy_size == 0)
		c->legacy_size = HV_LEGACY_DVMA_SIZE;
	if (c->iotlb_entries == 0)
		c->iotlb_entries = 64;
	if (c->map_cap == 0)
		c->map_cap = HV_PAGE_LIST_MAX_ENTRIES;
	if (c->max_iotsbs == 0)
		c->max_iotsbs = 32;
	if (c->fault_log_burst == 0)
		c->fault_log_burst = 10;
	if (c->fault_log_per_sec == 0)
		c->fault_log_per_sec = 1;
	if (c->quarantine_faults == 0)
		c->quarantine_faults = 1000;
	if (c->quarantine_window_ns == 0)
		c->quarantine_window_ns = 1000000000ULL;

	if (c->nb_rc > SUN4V_MAX_RC) {
		sun4v_log(NULL, SUN4V_LOG_ERR, "nb_rc %u > %u", c->nb_rc,
			  SUN4V_MAX_RC);
		return -EINVAL;
	}
	/* facts §3: both cells 8 KB aligned; the legacy window is 32-bit, 2 GB max. */
	if ((c->legacy_base & HV_IO_PAGE_MASK) != 0 ||
	    (c->legacy_size & HV_IO_PAGE_MASK) != 0 ||
	    c->legacy_size > HV_LEGACY_DVMA_SIZE ||
	    c->legacy_base + c->legacy_size > 0x100000000ULL ||
	    ranges_overlap(c->legacy_base, c->legacy_size, HV_ATU_RANGE0_BASE,
			   HV_ATU_RANGE1_BASE + HV_ATU_RANGE1_SIZE -
			   HV_ATU_RANGE0_BASE)) {
		sun4v_log(NULL, SUN4V_LOG_ERR,
			  "strange legacy window base 0x%" PRIx64 " size 0x%" PRIx64,
			  c->legacy_base, c->legacy_size);
		return -EINVAL;
	}
	if ((c->iotlb_entries & (c->iotlb_entries - 1)) != 0 ||
	    c->iotlb_entries > SUN4V_MAX_IOTLB) {
		sun4v_log(NULL, SUN4V_LOG_ERR,
			  "iotlb_entries %u: need a power of two <= %u",
			  c->iotlb_entries, SUN4V_MAX_IOTLB);
		return -EINVAL;
	}
	if (c->map_cap > SUN4V_MAX_MAP_CAP) {
		sun4v_log(NULL, SUN4V_LOG_ERR, "map_cap %u > %u", c->map_cap,
			  SUN4V_MAX_MAP_CAP);
		return -EINVAL;
	}
	if (c->max_iotsbs > SUN4V_MAX_IOTSBS_LIMIT) {
		sun4v_log(NULL, SUN4V_LOG_ERR, "max_iotsbs %u > %u",
			  c->max_iotsbs, SUN4V_MAX_IOTSBS_LIMIT);
		return -EINVAL;
	}
	return 0;
}

static int
parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno != 0 || end == s || *s == '-')
		return -EINVAL;
	switch (*end) {
	case 'K': case 'k': v <<= 10; end++; break;
	case 'M': case 'm': v <<= 20; end++; break;
	case 'G': case 'g': v <<= 30; end++; break;
	default: break;
	}
	if (*end != '\0')
		return -EINVAL;
	*out = v;
	return 0;
}

#define CONF_U(f) { #f, offsetof(struct sun4v_platform_conf, f), sizeof(((struct sun4v_platform_conf *)0)->f) }

static const struct {
	const char *key;
	size_t off;
	size_t size;
} conf_keys[] = {
	CONF_U(nb_rc), CONF_U(legacy_base), CONF_U(legacy_size),
	CONF_U(iotlb_entries), CONF_U(map_cap), CONF_U(max_iotsbs),
	CONF_U(hv_lat_ns), CONF_U(hv_lat_per_tte_ns), CONF_U(fault_log_burst),
	CONF_U(fault_log_per_sec), CONF_U(quarantine_faults),
	CONF_U(quarantine_window_ns), CONF_U(empty_fabric),
};

static int
conf_set(struct sun4v_platform_conf *conf, const char *key, const char *val)
{
	uint64_t v;

	for (size_t i = 0; i < sizeof(conf_keys) / sizeof(conf_keys[0]); i++) {
		char *f = (char *)conf + conf_keys[i].off;

		if (strcmp(conf_keys[i].key, key) != 0)
			continue;
		if (parse_u64(val, &v) != 0)
			break;
		if (conf_keys[i].size == sizeof(bool)) {
			if (v > 1)
				break;
			*(bool *)f = v != 0;
		} else if (conf_keys[i].size == sizeof(unsigned int)) {
			if (v > UINT32_MAX)
				break;
			*(unsigned int *)f = (unsigned int)v;
		} else {
			*(uint64_t *)f = v;
		}
		return 0;
	}
	sun4v_log(NULL, SUN4V_LOG_ERR, "bad platform parameter '%s=%s'", key,
		  val);
	return -EINVAL;
}

int
sun4v_platform_conf_parse(struct sun4v_platform_conf *conf, const char *kvlist)
{
	char buf[512];
	char *save = NULL;

	if (conf == NULL || kvlist == NULL || strlen(kvlist) >= sizeof(buf))
		return -EINVAL;
	strcpy(buf, kvlist);
	for (char *kv = strtok_r(buf, ",", &save); kv != NULL;
	     kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');

		if (eq == NULL) {
			sun4v_log(NULL, SUN4V_LOG_ERR,
				  "platform parameter '%s' has no value", kv);
			return -EINVAL;
		}
		*eq = '\0';
		if (conf_set(conf, kv, eq + 1) != 0)
			return -EINVAL;
	}
	return 0;
}

/* --------------------------------------------------------------------- */
/* Lifecycle                                                             */

struct sun4v_rc *
sun4v_rc_by_devhandle(struct sun4v_platform *p, uint64_t devhandle)
{
	if (p == NULL)
		return NULL;
	for (unsigned int i = 0; i < p->nrc; i++)
		if (p->rc[i]->devhandle == devhandle)
			return p->rc[i];
	return NULL;
}

static void
platform_locks_init(struct sun4v_platform *p)
{
	pthread_mutex_init(&p->fabric_lock, NULL);
	pthread_mutex_init(&p->mem_lock, NULL);
	pthread_mutex_init(&p->iotsb_lock, NULL);
	pthread_mutex_init(&p->log_lock, NULL);
	pthread_mutex_init(&p->fault_lock, NULL);
	pthread_rwlock_init(&p->cb_lock, NULL);
}

static void
platform_locks_fini(struct sun4v_platform *p)
{
	pthread_rwlock_destroy(&p->cb_lock);
	pthread_mutex_destroy(&p->fault_lock);
	pthread_mutex_destroy(&p->log_lock);
	pthread_mutex_destroy(&p->iotsb_lock);
	pthread_mutex_destroy(&p->mem_lock);
	pthread_mutex_destroy(&p->fabric_lock);
}

int
sun4v_platform_create(const struct sun4v_platform_conf *conf,
		      struct sun4v_platform **out)
{
	struct sun4v_platform_conf c = { 0 };
	struct sun4v_platform *p;
	int rc;

	if (out == NULL)
		return -EINVAL;
	*out = NULL;
	if (conf != NULL)
		c = *conf;
	rc = conf_resolve(&c);
	if (rc != 0)
		return rc;
	p = aligned_alloc(SUN4V_CACHELINE,
			  (sizeof(*p) + SUN4V_CACHELINE - 1) &
			  ~(size_t)(SUN4V_CACHELINE - 1));
	if (p == NULL)
		return -ENOMEM;
	memset(p, 0, sizeof(*p));
	p->conf = c;
	platform_locks_init(p);
	atomic_init(&p->log_level, SUN4V_LOG_NOTICE);
	atomic_init(&p->map_cap, c.map_cap);
	atomic_init(&p->lat_call_ns, c.hv_lat_ns);
	atomic_init(&p->lat_tte_ns, c.hv_lat_per_tte_ns);
	atomic_init(&p->bypass_ok, true);
	sun4v_fault_init(p);
	rc = sun4v_fabric_init(p);
	if (rc != 0)
		goto err_fabric;
	sun4v_log(p, SUN4V_LOG_INFO,
		  "platform: %u root complexes, legacy window 0x%" PRIx64
		  "+0x%" PRIx64 ", IOTLB %u, map cap %u, hv latency %" PRIu64
		  "+%" PRIu64 "/TTE ns",
		  p->nrc, c.legacy_base, c.legacy_size, c.iotlb_entries,
		  c.map_cap, c.hv_lat_ns, c.hv_lat_per_tte_ns);
	*out = p;
	return 0;

err_fabric:
	sun4v_fabric_fini(p);
	sun4v_fault_fini(p);
	platform_locks_fini(p);
	free(p);
	return rc;
}

void
sun4v_platform_destroy(struct sun4v_platform *p)
{
	if (p == NULL)
		return;
	sun4v_fabric_fini(p);
	sun4v_mem_fini(p);
	sun4v_fault_fini(p);
	platform_locks_fini(p);
	free(p);
}

/* --------------------------------------------------------------------- */
/* Queries                                                               */

int
sun4v_platform_default_nic(struct sun4v_platform *p, unsigned int port,
			   struct sun4v_func **out)
{
	if (p == NULL || out == NULL || port >= SUN4V_DEFAULT_NB_NIC_PORTS ||
	    p->nic_rc[port] < 0)
		return -ENODEV;
	return sun4v_fabric_find_function(p, (unsigned int)p->nic_rc[port],
					  p->nic_bdf[port], out);
}

int
sun4v_atu_ranges(const struct sun4v_platform *p, unsigned int rc,
		 struct sun4v_atu_range ranges[SUN4V_ATU_NB_RANGES])
{
	static const struct sun4v_atu_range r[SUN4V_ATU_NB_RANGES] = {
		{ HV_ATU_RANGE0_BASE, HV_ATU_RANGE0_SIZE },
		{ HV_ATU_RANGE1_BASE, HV_ATU_RANGE1_SIZE },
		{ HV_ATU_RANGE2_BASE, HV_ATU_RANGE2_SIZE },
		{ HV_ATU_RANGE3_BASE, HV_ATU_RANGE3_SIZE },
	};

	if (p == NULL || rc >= p->nrc)
		return -ENODEV;
	if (ranges != NULL)
		memcpy(ranges, r, sizeof(r));
	return SUN4V_ATU_NB_RANGES;
}

uint64_t
sun4v_atu_pagesizes(const struct sun4v_platform *p)
{
	(void)p;
	return HV_ATU_PGSZ_MASK;
}

int
sun4v_legacy_window(const struct sun4v_platform *p, unsigned int rc,
		    uint64_t *base, uint64_t *size)
{
	if (p == NULL || rc >= p->nrc)
		return -ENODEV;
	if (base != NULL)
		*base = p->conf.legacy_base;
	if (size != NULL)
		*size = p->conf.legacy_size;
	return 0;
}
