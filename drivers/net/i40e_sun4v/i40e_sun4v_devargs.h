/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Devargs of net_i40e_sun4v, parsed once at probe with rte_kvargs.
 *
 * Every key is documented in doc/guides/nics/i40e_sun4v.rst ("Runtime
 * configuration") and listed in RTE_PMD_REGISTER_PARAM_STRING; a doc test
 * checks the three agree.  Parsing is pure (no EAL, no device), so the same
 * function is unit-tested and fuzzed.
 */
#ifndef I40E_SUN4V_DEVARGS_H
#define I40E_SUN4V_DEVARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define I40E_SUN4V_IOMMU_ARG "iommu"
#define I40E_SUN4V_DMA_ARG "dma"
#define I40E_SUN4V_RC_ARG "rc"
#define I40E_SUN4V_BDF_ARG "bdf"
#define I40E_SUN4V_PEER_ARG "peer"
#define I40E_SUN4V_SPEED_ARG "speed"
#define I40E_SUN4V_PACE_ARG "pace"
#define I40E_SUN4V_GEN_ARG "gen"
#define I40E_SUN4V_IOTLB_ARG "iotlb"
#define I40E_SUN4V_HV_LAT_ARG "hv_lat_ns"
#define I40E_SUN4V_MAC_ARG "mac"
#define I40E_SUN4V_RXDESC_ARG "rxdesc"
#define I40E_SUN4V_INJECT_ARG "inject"
#define I40E_SUN4V_LEGACY_WINDOW_ARG "legacy_window"
#define I40E_SUN4V_DEV_RC_ARG "dev_rc"
#define I40E_SUN4V_ENGINE_ARG "engine"
#define I40E_SUN4V_PPS_LIMIT_ARG "pps_limit"
#define I40E_SUN4V_GEN_BAD_CSUM_ARG "gen_bad_csum"
#define I40E_SUN4V_GEN_COUNT_ARG "gen_count"

/** The help string registered with RTE_PMD_REGISTER_PARAM_STRING. */
#define I40E_SUN4V_PARAM_STRING                                              \
	I40E_SUN4V_IOMMU_ARG "=atu|legacy|bypass "                           \
	I40E_SUN4V_DMA_ARG "=pool|map "                                      \
	I40E_SUN4V_RC_ARG "=<0..7> "                                         \
	I40E_SUN4V_BDF_ARG "=<bus:dev.fn> "                                  \
	I40E_SUN4V_PEER_ARG "=<vdev name>|self|sink "                        \
	I40E_SUN4V_SPEED_ARG "=10G|25G|40G|100G "                            \
	I40E_SUN4V_PACE_ARG "=0|1 "                                          \
	I40E_SUN4V_GEN_ARG "=<size>[:<flows>[:<rate %>]] "                   \
	I40E_SUN4V_IOTLB_ARG "=<entries> "                                   \
	I40E_SUN4V_HV_LAT_ARG "=<ns> "                                       \
	I40E_SUN4V_MAC_ARG "=<xx:xx:xx:xx:xx:xx> "                           \
	I40E_SUN4V_RXDESC_ARG "=16|32 "                                      \
	I40E_SUN4V_INJECT_ARG "=unmapped|readonly|stale|dvma@<hex>:<every N> " \
	I40E_SUN4V_LEGACY_WINDOW_ARG "=<MB, power of 2, 8..2048> "          \
	I40E_SUN4V_DEV_RC_ARG "=<0..7> "                                     \
	I40E_SUN4V_ENGINE_ARG "=inline|service "                             \
	I40E_SUN4V_PPS_LIMIT_ARG "=<frames/s, 0 = off> "                    \
	I40E_SUN4V_GEN_BAD_CSUM_ARG "=<ip every N>:<l4 every N> "           \
	I40E_SUN4V_GEN_COUNT_ARG "=<frames>"

/** Which IOMMU translates the port's DMA. */
enum i40e_sun4v_iommu_mode {
	I40E_SUN4V_IOMMU_ATU = 0,  /**< per-group IOTSBs, 64-bit DVMA, huge IO pages */
	I40E_SUN4V_IOMMU_LEGACY,   /**< the root complex's shared 2 GB window */
	I40E_SUN4V_IOMMU_BYPASS,   /**< no translation (the iommu=pt analogue) */
};

/** How buffers get their DVMA. */
enum i40e_sun4v_dma_mode {
	I40E_SUN4V_DMA_POOL = 0,   /**< pools mapped once, recycled */
	I40E_SUN4V_DMA_MAP,        /**< map per descriptor, unmap on completion */
};

/** Where the port's link goes. */
enum i40e_sun4v_peer_kind {
	I40E_SUN4V_PEER_SINK = 0,  /**< transmitted frames are counted and dropped */
	I40E_SUN4V_PEER_SELF,      /**< loopback */
	I40E_SUN4V_PEER_PORT,      /**< another net_i40e_sun4v port, by vdev name */
};

/** What the device does wrong under inject= (fault injection). */
enum i40e_sun4v_inject_kind {
	I40E_SUN4V_INJECT_NONE = 0,
	I40E_SUN4V_INJECT_UNMAPPED, /**< RX write to a DVMA never mapped */
	I40E_SUN4V_INJECT_READONLY, /**< RX write to a page mapped read-only */
	I40E_SUN4V_INJECT_STALE,    /**< RX write to a buffer after its unmap */
	I40E_SUN4V_INJECT_DVMA,     /**< RX write to a given DVMA */
};

enum i40e_sun4v_engine {
	I40E_SUN4V_ENGINE_INLINE = 0, /**< the device advances in the bursts */
	I40E_SUN4V_ENGINE_SERVICE,    /**< the device runs on a service lcore */
};

/** Bits of i40e_sun4v_devargs::machine_set: machine-wide keys given. */
enum i40e_sun4v_machine_key {
	I40E_SUN4V_MACHINE_IOTLB = 1u << 0,
	I40E_SUN4V_MACHINE_HV_LAT = 1u << 1,
	I40E_SUN4V_MACHINE_LEGACY_WINDOW = 1u << 2,
};

/** Maximum length of a peer vdev name, including the NUL. */
#define I40E_SUN4V_NAME_MAX 64

/** The driver's vdev name: EAL binds every vdev whose name starts with it
 *  to this driver, so a peer port's name starts with it too. */
#define I40E_SUN4V_DRIVER_NAME "net_i40e_sun4v"

/** Parsed devargs with defaults applied. */
struct i40e_sun4v_devargs {
	enum i40e_sun4v_iommu_mode iommu;   /**< default atu */
	enum i40e_sun4v_dma_mode dma;       /**< default pool */
	unsigned int rc;                    /**< root complex, default 0 */
	bool bdf_set;                       /**< bdf given (else assigned at probe) */
	uint16_t bdf;                       /**< requester ID bus 15:8 dev 7:3 fn 2:0 */
	enum i40e_sun4v_peer_kind peer;     /**< default sink */
	char peer_name[I40E_SUN4V_NAME_MAX];/**< for I40E_SUN4V_PEER_PORT */
	uint32_t speed_mbps;                /**< default 40000 */
	bool pace;                          /**< default true */
	bool gen;                           /**< generator on */
	uint32_t gen_size;                  /**< frame size incl. CRC, 64..9728 */
	uint32_t gen_flows;                 /**< distinct 5-tuples, default 1 */
	uint32_t gen_rate_pct;              /**< % of line rate, 1..100, default 100 */
	uint32_t gen_bad_ip;                /**< test facility: every Nth generator
					     *   frame has a wrong IPv4 checksum; 0 never */
	uint32_t gen_bad_l4;                /**< ... a wrong TCP/UDP checksum */
	bool gen_bad_csum;                  /**< gen_bad_csum given */
	uint64_t gen_count;                 /**< generator frames in all; 0 = no end */
	uint32_t iotlb_entries;             /**< default 64 */
	uint64_t hv_lat_ns;                 /**< modeled latency per hypercall, default 0 */
	bool mac_set;                       /**< mac given (else derived from bdf) */
	uint8_t mac[6];
	uint8_t rxdesc;                     /**< 16 or 32, default 32 */
	enum i40e_sun4v_inject_kind inject; /**< default none */
	uint32_t inject_every;              /**< every Nth RX buffer write */
	uint64_t inject_dvma;               /**< target of inject=dvma@... */
	uint32_t legacy_window_mb;          /**< legacy window size, default 2048 */
	bool dev_rc_set;                    /**< dev_rc given: a miswired device */
	unsigned int dev_rc;                /**< rc the device's DMA really goes to */
	enum i40e_sun4v_engine engine;      /**< default inline */
	bool pps_limit_set;                 /**< pps_limit given (else the model's
					     *   37 Mpps, modeled) */
	uint32_t pps_limit;                 /**< modeled TX packet-rate limit, 0 = off */
	uint32_t machine_set;               /**< machine-wide keys given explicitly */
};

/** Root complexes a devarg may name (the default topology has fewer). */
#define I40E_SUN4V_MAX_RC 8

/**
 * Parse @p args (the vdev argument string after the name, may be NULL or
 * empty) into @p out.  On failure @p err receives a message naming the key
 * and the bad value.
 * @return 0, or -EINVAL (unknown key, bad value, repeated key, conflicting
 *         keys).
 */
int i40e_sun4v_devargs_parse(const char *args, struct i40e_sun4v_devargs *out,
			     char *err, size_t errlen);

/** Human-readable names, for logs and dumps. */
const char *i40e_sun4v_iommu_name(enum i40e_sun4v_iommu_mode m);
const char *i40e_sun4v_dma_name(enum i40e_sun4v_dma_mode m);

#endif /* I40E_SUN4V_DEVARGS_H */
