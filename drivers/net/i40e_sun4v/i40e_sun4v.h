/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private structures of the net_i40e_sun4v PMD.
 *
 * One port = one PCI function of the simulated machine (sim/board), reached
 * through its BAR0 transport, attached to a DMA domain: a vfio_sun4v
 * container plus the iova_pool domain that allocates DVMA in it.  ATU and bypass ports get a
 * domain each (per-group isolation); legacy ports on one root complex share
 * that root complex's domain, because they share its one 2 GB window
 * (doc/guides/nics/i40e_sun4v.rst, "DMA domains").
 *
 * Only the primary process drives ports: the device model and the domain
 * live in process-local memory.  A secondary attaches read-only and asks
 * the primary for counters (i40e_sun4v_mp.c): in a secondary, every
 * pointer below except the queues' is the primary's and is never followed.
 */
#ifndef I40E_SUN4V_H
#define I40E_SUN4V_H

#include <stdbool.h>
#include <stdint.h>

#include <ethdev_driver.h>
#include <rte_ether.h>
#include <rte_mbuf.h>

#include <hw/i40e_hw.h>

#include "i40e_sun4v_devargs.h"
#include "iova_pool_domain.h"
#include "iova_pool_dpdk.h"
#include "sim_board.h"

struct vfio_sun4v_container;
struct iova_pool_domain;
struct iova_alloc;

/* Limits advertised in dev_infos_get (honest: what the model implements). */
#define I40E_SUN4V_MAX_QUEUES 128u
#define I40E_SUN4V_MIN_DESC 64u
#define I40E_SUN4V_MAX_DESC I40E_HW_RING_MAX_DESC /* 8160, facts §3.1 */
#define I40E_SUN4V_DESC_ALIGN 32u
#define I40E_SUN4V_RX_FREE_THRESH 32u
#define I40E_SUN4V_TX_RS_THRESH 32u
#define I40E_SUN4V_MAX_MTU 9710u      /* 9728 max frame - 14 - 4 */
#define I40E_SUN4V_MIN_RX_BUF 1024u
#define I40E_SUN4V_RING_ALIGN 8192u   /* one IO page: rings map with no neighbour */
#define I40E_SUN4V_BURST 32u
#define I40E_SUN4V_PREFETCH_AHEAD 4u /* mbufs prefetched ahead in the bursts */
/* Link-state sampling period: the device has no interrupt line, so LSC
 * events come from an rte_alarm that reads the board's link-change
 * counter (NIC guide, "Link state events"). */
#define I40E_SUN4V_LSC_POLL_US 10000u

/** DMA domain shared by the ports that translate through one container. */
struct i40e_sun4v_domain {
	unsigned int refcnt;                 /**< ports using it */
	enum i40e_sun4v_iommu_mode mode;
	unsigned int rc;                     /**< root complex */
	struct iova_pool_domain_handle *h;   /**< container, pool domain and
					      *   8 KB window allocator (map
					      *   mode, rings; NULL in bypass) */
	struct i40e_sun4v_domain *next;      /**< in the global list */
};

/** A per-descriptor mapping (dma=map, and on-demand maps in pool mode). */
struct i40e_sun4v_map {
	uint64_t dvma;   /**< DVMA of the first IO page (0 = none) */
	uint32_t npages; /**< 8 KB pages mapped */
};

/** Per-queue counters of the DMA layer, summed into xstats. */
struct i40e_sun4v_dma_stats {
	uint64_t hv_map_calls;
	uint64_t hv_demap_calls;
	uint64_t hv_map_ttes;
	uint64_t dma_map_errors;
	uint64_t unmapped_mbufs;   /**< pool mode: mbufs of unregistered pools */
	uint64_t entries;          /**< IOTSB entries this queue holds now */
	uint64_t dev_cycles;       /**< TSC cycles the bursts that moved packets
				    *   spent inside the device model (inline) */
	uint64_t dev_idle_cycles;  /**< same, RX bursts that found nothing */
};

/** Where a descriptor ring lives: its own memzone and mapping, or a
 *  piece of the port's ring arena (i40e_sun4v_arena.c). */
struct i40e_sun4v_ring_mem {
	const struct rte_memzone *mz;      /**< own memzone (NULL in the arena) */
	struct iova_pool_mapping map;      /**< its own mapping (not in the arena) */
	void *va;                          /**< first descriptor (NULL = none) */
	uint64_t dvma;                     /**< as the device sees it */
	size_t len;                        /**< bytes reserved */
	bool arena;                        /**< carved from the ring arena */
};

/** Ring arena chunk size: one 4 MB ATU IO page. */
#define I40E_SUN4V_ARENA_CHUNK (4u << 20)
/** Chunks per port: every ring of I40E_SUN4V_MAX_QUEUES pairs at the
 *  largest size (128 x (255 KB + 127.5 KB) = 47.8 MB, 12 chunks) fits,
 *  with room for fragmentation. */
#define I40E_SUN4V_ARENA_MAX_CHUNKS 16u

/** One arena chunk: a 4 MB memzone mapped once, carved in 4 KB grains. */
struct i40e_sun4v_arena_chunk {
	const struct rte_memzone *mz;
	void *base;                        /**< the 4 MB-aligned chunk in @c mz */
	struct iova_pool_mapping map;
	uint64_t used[I40E_SUN4V_ARENA_CHUNK / 4096 / 64]; /**< grain bitmap */
};

/** All rings of a port (ATU, dma=pool): a few chunks mapped once. */
struct i40e_sun4v_arena {
	struct i40e_sun4v_arena_chunk chunk[I40E_SUN4V_ARENA_MAX_CHUNKS];
	unsigned int nb_chunks;
	uint64_t bytes_in_use;             /**< carved now (4 KB grains) */
};

/** Offloads the port offers (NIC guide "Offloads"). */
#define I40E_SUN4V_RX_CKSUM_ALL (RTE_ETH_RX_OFFLOAD_IPV4_CKSUM |         \
				 RTE_ETH_RX_OFFLOAD_UDP_CKSUM |          \
				 RTE_ETH_RX_OFFLOAD_TCP_CKSUM)
#define I40E_SUN4V_TX_OL_ALL (RTE_ETH_TX_OFFLOAD_IPV4_CKSUM |            \
			      RTE_ETH_TX_OFFLOAD_UDP_CKSUM |             \
			      RTE_ETH_TX_OFFLOAD_TCP_CKSUM |             \
			      RTE_ETH_TX_OFFLOAD_TCP_TSO |               \
			      RTE_ETH_TX_OFFLOAD_VLAN_INSERT)

/** RX queue. */
struct i40e_sun4v_rxq {
	struct i40e_sun4v_adapter *ad;
	struct rte_mempool *mp;
	volatile uint8_t *ring;            /**< descriptors (host VA) */
	uint64_t ring_dvma;                /**< descriptors as the device sees them */
	struct i40e_sun4v_ring_mem rmem;   /**< where the ring lives */
	struct rte_mbuf **sw_ring;         /**< mbuf posted in each slot */
	struct i40e_sun4v_map *maps;       /**< map mode: mapping of each slot */
	struct iova_pool_dpdk_qcache qc;   /**< pool mode: VA -> DVMA cache */
	struct rte_mbuf *pkt_first;        /**< scattered frame being assembled */
	struct rte_mbuf *pkt_last;
	bool pkt_bad;                      /**< that frame is malformed: drop at EOP */
	uint16_t nb_desc;
	uint16_t next;                     /**< next slot to check for DD */
	uint16_t refill_pos;               /**< next empty slot to post */
	uint16_t nb_hold;                  /**< slots posted, tail not yet moved */
	uint16_t queue_id;
	uint16_t port_id;
	uint8_t desc_size;                 /**< 16 or 32 */
	uint32_t buf_len;                  /**< data bytes per buffer (128 multiple) */
	uint64_t mbuf_initializer;         /**< rearm_data of a received mbuf:
					    *   data_off, refcnt 1, nb_segs 1, port */
	bool started;
	/* Offloads, decided at queue start (NIC guide "Offloads"); a port
	 * with none gets burst functions without them. */
	bool rx_cksum;                     /**< RTE_ETH_RX_OFFLOAD_*_CKSUM */
	bool vlan_strip;                   /**< RTE_ETH_RX_OFFLOAD_VLAN_STRIP */
	uint64_t offloads;                 /**< the queue's own (rx_conf) */
	uint64_t alloc_failed;             /**< rx_nombuf (a driver event) */
	uint64_t malformed;                /**< frames dropped for a bad write-back */
	struct i40e_sun4v_dma_stats dma;
};

/** TX queue. */
struct i40e_sun4v_txq {
	struct i40e_sun4v_adapter *ad;
	volatile struct i40e_hw_tx_desc *ring;
	uint64_t ring_dvma;
	struct i40e_sun4v_ring_mem rmem;   /**< where the ring lives */
	struct rte_mbuf **sw_ring;         /**< segment posted in each slot */
	struct i40e_sun4v_map *maps;       /**< per-slot mapping (map mode / on demand) */
	struct iova_pool_dpdk_qcache qc;
	uint16_t nb_desc;
	uint16_t tail;                     /**< next slot to fill */
	uint16_t next_clean;               /**< oldest slot not yet freed */
	uint16_t nb_free;                  /**< free slots */
	uint16_t rs_thresh;                /**< descriptors between RS bits */
	uint16_t since_rs;                 /**< descriptors since the last RS */
	uint16_t *rs_idx;                  /**< FIFO of slots carrying RS */
	uint16_t rs_head, rs_tail, rs_cap; /**< FIFO indices and size */
	uint16_t queue_id;
	uint16_t port_id;
	bool started;
	bool fast_free;                    /**< RTE_ETH_TX_OFFLOAD_MBUF_FAST_FREE */
	bool tx_ol;                        /**< checksum, VLAN insert or TSO
					    *   enabled: the _ol burst functions */
	uint64_t errors;                   /**< packets the driver dropped */
	struct i40e_sun4v_dma_stats dma;
};

/** Driver counters of queues released since the last stats reset
 *  (re-setup, fewer queues): kept so that the port's totals never go
 *  down.  Frames and bytes are the device's port counters already. */
struct i40e_sun4v_retired {
	uint64_t rx_nombuf, rx_malformed, oerrors;
};

/** Port private data (dev->data->dev_private). */
struct i40e_sun4v_adapter {
	struct i40e_sun4v_devargs args;
	char name[I40E_SUN4V_NAME_MAX];
	struct rte_ether_addr macs[I40E_HW_SIM_MAC_FILTERS]; /**< ethdev's
					      *   mac_addrs: entry i is the
					      *   device's unicast filter i */
	struct rte_ether_addr mc[I40E_HW_SIM_MAC_FILTERS]; /**< multicast list */
	uint32_t nb_mc;
	bool lsc_armed;                      /**< link-state alarm running */
	uint64_t lsc_seen;                   /**< board link changes seen */
	struct rte_eth_dev *dev;
	struct sim_board *board;             /**< the machine */
	struct sim_board_fn *fn;             /**< the port's PCI function */
	struct sim_board_fn_info fi;         /**< where it sits (rc, bdf, group) */
	bool inline_engine;                  /**< bursts let the device advance */
	bool eal_declared;                   /**< given with --vdev (not hot-plugged) */
	struct i40e_sun4v_domain *dom;
	struct iova_pool_dpdk_ctx *dctx;     /**< mempools mapped for this port */
	bool quarantine_logged;              /**< quarantine already reported */
	uint8_t rss_key[I40E_HW_RSS_KEY_SIZE];
	uint16_t reta[I40E_HW_RSS_LUT_SIZE];
	uint64_t rss_hf;
	struct i40e_sun4v_dma_stats ctl;     /**< control path: rings, pool maps */
	struct i40e_sun4v_retired retired;   /**< released queues' counters */
	struct i40e_sun4v_arena arena;       /**< rings (ATU, dma=pool) */
	void *inject_page;                   /**< inject=readonly: the target page */
	struct iova_pool_mapping inject_map; /**< its read-only mapping */
	uint64_t inject_hole;                /**< inject=unmapped: reserved DVMA */
	uint64_t log_last_tsc;               /**< last map-error line (per-port 1/s) */
	uint64_t log_emitted;                /**< map-error lines logged */
	uint64_t log_suppressed;             /**< map-error lines rate-limited away */
	struct iova_pool_dpdk_ctx_stats ctx_base; /**< context counters at reset */
	uint64_t stats_base_faults;          /**< iommu_faults at the last reset */
	uint64_t stats_base_hits, stats_base_misses;
	bool mp_served;                      /**< the primary answers secondaries
					      *   (i40e_sun4v_mp.c) */
};

/* i40e_sun4v_ethdev.c */
int i40e_sun4v_link_update(struct rte_eth_dev *dev, int wait);
int i40e_sun4v_dev_init(struct i40e_sun4v_adapter *ad);

/* i40e_sun4v_ctl.c */
int i40e_sun4v_filters_program(struct i40e_sun4v_adapter *ad);
int i40e_sun4v_lsc_arm(struct rte_eth_dev *dev);
void i40e_sun4v_lsc_disarm(struct rte_eth_dev *dev);
void i40e_sun4v_ctl_fns_set(struct rte_eth_dev *dev);
int i40e_sun4v_promisc_enable(struct rte_eth_dev *dev);
int i40e_sun4v_promisc_disable(struct rte_eth_dev *dev);
int i40e_sun4v_allmulti_enable(struct rte_eth_dev *dev);
int i40e_sun4v_allmulti_disable(struct rte_eth_dev *dev);
int i40e_sun4v_mac_addr_add(struct rte_eth_dev *dev, struct rte_ether_addr *mac,
			    uint32_t index, uint32_t vmdq);
void i40e_sun4v_mac_addr_remove(struct rte_eth_dev *dev, uint32_t index);
int i40e_sun4v_mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *mac);
int i40e_sun4v_set_mc_addr_list(struct rte_eth_dev *dev,
				struct rte_ether_addr *list, uint32_t nb);
int i40e_sun4v_set_link_down(struct rte_eth_dev *dev);
int i40e_sun4v_set_link_up(struct rte_eth_dev *dev);
int i40e_sun4v_dev_reset(struct rte_eth_dev *dev);
int i40e_sun4v_fw_version_get(struct rte_eth_dev *dev, char *fw, size_t size);
void i40e_sun4v_rxq_info_get(struct rte_eth_dev *dev, uint16_t qid,
			     struct rte_eth_rxq_info *qi);
void i40e_sun4v_txq_info_get(struct rte_eth_dev *dev, uint16_t qid,
			     struct rte_eth_txq_info *qi);

/* i40e_sun4v_os.c */
int i40e_sun4v_os_attach(struct i40e_sun4v_adapter *ad);
void i40e_sun4v_os_detach(struct i40e_sun4v_adapter *ad);
void i40e_sun4v_iotlb_counts(struct i40e_sun4v_adapter *ad, uint64_t *hits,
			     uint64_t *misses);

/* i40e_sun4v_link.c */
int i40e_sun4v_link_peer(struct i40e_sun4v_adapter *ad);
void i40e_sun4v_link_start_check(struct i40e_sun4v_adapter *ad);

/* i40e_sun4v_engine.c */
int i40e_sun4v_engine_attach(struct i40e_sun4v_adapter *ad);
int i40e_sun4v_engine_check(struct i40e_sun4v_adapter *ad);
void i40e_sun4v_engine_detach(struct i40e_sun4v_adapter *ad);

/* i40e_sun4v_dma.c */
int i40e_sun4v_dma_map_ctl(struct i40e_sun4v_adapter *ad, void *va,
			   uint64_t len, uint32_t prot,
			   struct iova_pool_mapping *m);
int i40e_sun4v_dma_unmap_ctl(struct i40e_sun4v_adapter *ad,
			      struct iova_pool_mapping *m);
int i40e_sun4v_dma_map_buf(struct i40e_sun4v_adapter *ad,
			   struct i40e_sun4v_dma_stats *st, const void *va,
			   uint32_t len, uint32_t prot,
			   struct i40e_sun4v_map *m, uint64_t *dvma);
void i40e_sun4v_dma_unmap_buf(struct i40e_sun4v_adapter *ad,
			      struct i40e_sun4v_dma_stats *st,
			      struct i40e_sun4v_map *m);
int i40e_sun4v_dma_ctx_create(struct i40e_sun4v_adapter *ad);
void i40e_sun4v_dma_ctx_destroy(struct i40e_sun4v_adapter *ad);
int i40e_sun4v_inject_setup(struct i40e_sun4v_adapter *ad);
void i40e_sun4v_inject_teardown(struct i40e_sun4v_adapter *ad);

/* i40e_sun4v_arena.c */
bool i40e_sun4v_arena_enabled(const struct i40e_sun4v_adapter *ad);
int i40e_sun4v_arena_alloc(struct i40e_sun4v_adapter *ad, size_t bytes,
			   int socket, void **va, uint64_t *dvma);
void i40e_sun4v_arena_free(struct i40e_sun4v_adapter *ad, void *va,
			   size_t bytes);
void i40e_sun4v_arena_destroy(struct i40e_sun4v_adapter *ad);

/* i40e_sun4v_rxtx.c */
int i40e_sun4v_rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			      uint16_t nb_desc, unsigned int socket,
			      const struct rte_eth_rxconf *conf,
			      struct rte_mempool *mp);
int i40e_sun4v_tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			      uint16_t nb_desc, unsigned int socket,
			      const struct rte_eth_txconf *conf);
void i40e_sun4v_rx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
void i40e_sun4v_tx_queue_release(struct rte_eth_dev *dev, uint16_t qid);
int i40e_sun4v_rx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int i40e_sun4v_rx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
int i40e_sun4v_tx_queue_start(struct rte_eth_dev *dev, uint16_t qid);
int i40e_sun4v_tx_queue_stop(struct rte_eth_dev *dev, uint16_t qid);
void i40e_sun4v_set_burst_fns(struct rte_eth_dev *dev);

/* i40e_sun4v_rx.c / i40e_sun4v_tx.c */
uint16_t i40e_sun4v_rx_refill(struct i40e_sun4v_rxq *q);
void i40e_sun4v_rx_slot_release(struct i40e_sun4v_rxq *q, uint16_t i);
void i40e_sun4v_tx_release_all(struct i40e_sun4v_txq *q);
/** Offload fields of one TX packet (i40e_sun4v_txol.c). */
struct i40e_sun4v_tx_ol {
	uint32_t cmd, off, tag;            /**< data descriptor CMD/OFFSET/L2TAG1 */
	bool ctx;                          /**< a TSO context descriptor first */
	uint64_t ctx_qw1;
};
int i40e_sun4v_tx_ol_fields(const struct rte_mbuf *pkt,
			    struct i40e_sun4v_tx_ol *o);
uint16_t i40e_sun4v_tx_prepare(void *txq, struct rte_mbuf **pkts, uint16_t n);
void i40e_sun4v_offloads_in_use(const struct rte_eth_dev *dev, bool *rx,
				bool *tx);
int i40e_sun4v_vlan_offload_set(struct rte_eth_dev *dev, int mask);
uint16_t i40e_sun4v_rx_burst_pool(void *rxq, struct rte_mbuf **pkts,
				  uint16_t n);
uint16_t i40e_sun4v_rx_burst_map(void *rxq, struct rte_mbuf **pkts,
				 uint16_t n);
uint16_t i40e_sun4v_rx_burst_bypass(void *rxq, struct rte_mbuf **pkts,
				    uint16_t n);
uint16_t i40e_sun4v_tx_burst_pool(void *txq, struct rte_mbuf **pkts,
				  uint16_t n);
uint16_t i40e_sun4v_tx_burst_map(void *txq, struct rte_mbuf **pkts,
				 uint16_t n);
uint16_t i40e_sun4v_tx_burst_bypass(void *txq, struct rte_mbuf **pkts,
				    uint16_t n);
uint16_t i40e_sun4v_rx_burst_pool_ol(void *rxq, struct rte_mbuf **pkts,
				     uint16_t n);
uint16_t i40e_sun4v_rx_burst_map_ol(void *rxq, struct rte_mbuf **pkts,
				    uint16_t n);
uint16_t i40e_sun4v_rx_burst_bypass_ol(void *rxq, struct rte_mbuf **pkts,
				       uint16_t n);
uint16_t i40e_sun4v_tx_burst_pool_ol(void *txq, struct rte_mbuf **pkts,
				     uint16_t n);
uint16_t i40e_sun4v_tx_burst_map_ol(void *txq, struct rte_mbuf **pkts,
				    uint16_t n);
uint16_t i40e_sun4v_tx_burst_bypass_ol(void *txq, struct rte_mbuf **pkts,
				       uint16_t n);

/* i40e_sun4v_xstats.c */
int i40e_sun4v_xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
			  unsigned int n);
int i40e_sun4v_xstats_get_names(struct rte_eth_dev *dev,
				struct rte_eth_xstat_name *names,
				unsigned int size);
int i40e_sun4v_xstats_reset(struct rte_eth_dev *dev);
int i40e_sun4v_stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st);
int i40e_sun4v_stats_reset(struct rte_eth_dev *dev);
void i40e_sun4v_stats_retire_rxq(struct i40e_sun4v_adapter *ad,
				 const struct i40e_sun4v_rxq *q);
void i40e_sun4v_stats_retire_txq(struct i40e_sun4v_adapter *ad,
				 const struct i40e_sun4v_txq *q);
uint64_t i40e_sun4v_entries_used(const struct rte_eth_dev *dev);

/* i40e_sun4v_mp.c */
struct rte_vdev_device;
void i40e_sun4v_mp_server_start(void);
void i40e_sun4v_mp_server_stop(void);
bool i40e_sun4v_mp_served(void);
int i40e_sun4v_mp_attach(struct rte_vdev_device *vdev,
			 const struct eth_dev_ops *prim_ops);

/** True if @p dev is a port of this copy of the driver (its eth_dev_ops). */
bool i40e_sun4v_dev_is_ours(const struct rte_eth_dev *dev);

#endif /* I40E_SUN4V_H */
