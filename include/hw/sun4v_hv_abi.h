/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * sun4v hypervisor ABI as simulated by sim/sun4v: fast-trap function
 * numbers, status codes, API groups, IO attribute bits, argument encodings
 * (tsbid, index_count, pci_device), IO page sizes and the window / address
 * range constants of the legacy IOMMU and the ATU.
 *
 * This is the "hardware truth" both the simulator and the OS side build
 * from.  Values come from the sun4v hypervisor API as summarised in
 * ../shared/reference/sun4v-iommu-facts.md (§1, §2, §4, §10); each call's
 * full contract (arguments, returns, errors, semantics) is in
 * doc/spec/sun4v-hv-api.md.  Everything marked [assumption] is a choice
 * this project made where the real platform's behaviour is not documented;
 * doc/spec/sun4v-hv-api.md §4 lists them in one place.
 *
 * Plain C11, no dependencies beyond the standard headers.
 */
#ifndef SUN4V_HV_ABI_H
#define SUN4V_HV_ABI_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Calling convention (facts §1)                                            */

/** Software trap of every "fast trap" service: function number in %o5. */
#define HV_FAST_TRAP 0x80
/** Core trap for API group negotiation (SET_VER / GET_VER). */
#define HV_CORE_TRAP 0xff

/* ------------------------------------------------------------------------ */
/* Status codes (facts §1 "Error codes"), returned in %o0                    */

#define HV_EOK 0            /**< success */
#define HV_ENOCPU 1         /**< invalid CPU id */
#define HV_ENORADDR 2       /**< invalid real address */
#define HV_ENOINTR 3        /**< invalid interrupt id */
#define HV_EBADPGSZ 4       /**< invalid page-size encoding */
#define HV_EBADTSB 5        /**< invalid TSB description */
#define HV_EINVAL 6         /**< invalid argument */
#define HV_EBADTRAP 7       /**< invalid function number */
#define HV_EBADALIGN 8      /**< bad alignment */
#define HV_EWOULDBLOCK 9    /**< cannot complete without blocking */
#define HV_ENOACCESS 10     /**< no access */
#define HV_EIO 11           /**< I/O error */
#define HV_ECPUERROR 12     /**< CPU in error state */
#define HV_ENOTSUPPORTED 13 /**< function not supported */
#define HV_ENOMAP 14        /**< no mapping found */
#define HV_ETOOMANY 15      /**< too many items */
#define HV_ECHANNEL 16      /**< invalid LDC channel */
#define HV_EBUSY 17         /**< resource busy */
#define HV_EUNAVAILABLE 23  /**< not available now; may become available later */

/* ------------------------------------------------------------------------ */
/* API groups (facts §1)                                                    */

#define HV_GRP_PCI 0x0100        /**< VPCI: legacy IOMMU and PCI services */
#define HV_GRP_ATU 0x0111        /**< ATU (IOMMU v2, IOTSB services) */
#define HV_GRP_PCI_MAJOR 2       /**< preferred VPCI version 2.0 ... */
#define HV_GRP_PCI_MINOR 0
#define HV_GRP_PCI_OLD_MAJOR 1   /**< ... else 1.1 */
#define HV_GRP_PCI_OLD_MINOR 1
#define HV_GRP_ATU_MAJOR 1       /**< ATU version 1.1 */
#define HV_GRP_ATU_MINOR 1

/* ------------------------------------------------------------------------ */
/* Fast-trap function numbers (facts §2, §4; contracts in doc/spec)          */

/** Legacy MAP: devhandle, tsbid, #ttes, io_attributes, io_page_list RA ->
 *  #mapped (may be fewer; does NOT flush the IOTLB). */
#define HV_FAST_PCI_IOMMU_MAP 0xb0
/** Legacy DEMAP: devhandle, tsbid, #ttes -> #demapped (flushes). */
#define HV_FAST_PCI_IOMMU_DEMAP 0xb1
/** Legacy GETMAP: devhandle, tsbid -> attributes (RET1), RA (RET2). */
#define HV_FAST_PCI_IOMMU_GETMAP 0xb2
/** GETBYPASS: devhandle, RA, io_attributes -> bypass io_addr. */
#define HV_FAST_PCI_IOMMU_GETBYPASS 0xb3
#define HV_FAST_PCI_CONFIG_GET 0xb4 /**< config space read (not simulated) */
#define HV_FAST_PCI_CONFIG_PUT 0xb5 /**< config space write (not simulated) */
#define HV_FAST_PCI_PEEK 0xb6       /**< guarded PIO read (not simulated) */
#define HV_FAST_PCI_POKE 0xb7       /**< guarded PIO write (not simulated) */
/** DMA_SYNC: devhandle, RA, size, direction -> #synced. */
#define HV_FAST_PCI_DMA_SYNC 0xb8

/** IOTSB_CONF: devhandle, r_addr, size, pagesize, iova -> handle. */
#define HV_FAST_PCI_IOTSB_CONF 0x190
/** IOTSB_INFO: devhandle, handle -> r_addr, size, pagesize, iova, #bound. */
#define HV_FAST_PCI_IOTSB_INFO 0x191
/** IOTSB_UNCONF: devhandle, handle (HV_EBUSY while bound). */
#define HV_FAST_PCI_IOTSB_UNCONF 0x192
/** IOTSB_BIND: devhandle, handle, pci_device. */
#define HV_FAST_PCI_IOTSB_BIND 0x193
/** IOTSB_UNBIND: devhandle, handle, pci_device. */
#define HV_FAST_PCI_IOTSB_UNBIND 0x194
/** IOTSB_GET_BINDING: devhandle, pci_device, iova -> handle. */
#define HV_FAST_PCI_IOTSB_GET_BINDING 0x195
/** IOTSB_MAP: devhandle, handle, index_count, attrs, io_page_list RA ->
 *  #mapped (may be fewer; creates AND flushes). */
#define HV_FAST_PCI_IOTSB_MAP 0x196
/** IOTSB_MAP_ONE: devhandle, handle, iotsb_index, attrs, r_addr. */
#define HV_FAST_PCI_IOTSB_MAP_ONE 0x197
/** IOTSB_DEMAP: devhandle, handle, iotsb_index, #iottes -> #demapped. */
#define HV_FAST_PCI_IOTSB_DEMAP 0x198
/** IOTSB_GETMAP: devhandle, handle, iotsb_index -> r_addr (RET1),
 *  attrs (RET2): the reverse of the legacy GETMAP order. */
#define HV_FAST_PCI_IOTSB_GETMAP 0x199
/** IOTSB_SYNC_MAPPINGS: devhandle, handle, iotsb_index, #iottes -> #synced. */
#define HV_FAST_PCI_IOTSB_SYNC_MAPPINGS 0x19a

/** Lowest / highest IOTSB service number (dispatch range). */
#define HV_FAST_PCI_IOTSB_FIRST HV_FAST_PCI_IOTSB_CONF
#define HV_FAST_PCI_IOTSB_LAST HV_FAST_PCI_IOTSB_SYNC_MAPPINGS

/* ------------------------------------------------------------------------ */
/* io_attributes / iotte_attributes (facts §2 "io_attributes bits")          */

#define HV_PCI_MAP_ATTR_READ 0x1ULL          /**< bit 0: device may read memory */
#define HV_PCI_MAP_ATTR_WRITE 0x2ULL         /**< bit 1: device may write memory */
#define HV_PCI_MAP_ATTR_RELAXED_ORDER 0x4ULL /**< bit 2: advisory relaxed ordering */
#define HV_PCI_MAP_ATTR_PHANTOM_SHIFT 4      /**< bits 5:4: phantom-function setting */
#define HV_PCI_MAP_ATTR_PHANTOM_MASK 0x30ULL
#define HV_PCI_MAP_ATTR_BDF_SHIFT 16         /**< bits 31:16: requester ID filter */
#define HV_PCI_MAP_ATTR_BDF_MASK 0xffff0000ULL
/** Bits that must be zero: bit 3, bits 15:6, bits 63:32. */
#define HV_PCI_MAP_ATTR_MBZ_MASK 0xffffffff0000ffc8ULL
/** R and W: every mapping needs at least one of them. */
#define HV_PCI_MAP_ATTR_RW (HV_PCI_MAP_ATTR_READ | HV_PCI_MAP_ATTR_WRITE)

/** DMA_SYNC directions. */
#define HV_PCI_SYNC_FOR_DEVICE 0x1
#define HV_PCI_SYNC_FOR_CPU 0x2

/* ------------------------------------------------------------------------ */
/* IO pages and the legacy window (facts §3, §10)                            */

#define HV_IO_PAGE_SHIFT 13                        /**< IO page is 8 KB */
#define HV_IO_PAGE_SIZE (1ULL << HV_IO_PAGE_SHIFT) /**< 8192 */
#define HV_IO_PAGE_MASK (HV_IO_PAGE_SIZE - 1)

/** Default `virtual-dma` window: 2 GB at 2 GB, when the property is absent. */
#define HV_LEGACY_DVMA_BASE 0x80000000ULL
#define HV_LEGACY_DVMA_SIZE 0x80000000ULL
/** TTEs of the default legacy window: 2 GB / 8 KB. */
#define HV_LEGACY_NTTES (HV_LEGACY_DVMA_SIZE >> HV_IO_PAGE_SHIFT)
/** Size of one TTE / IOTTE / io_page_list entry in bytes. */
#define HV_TTE_SIZE 8ULL
/** io_page_list entries in one 8 KB page: the most Linux/Solaris pass per call. */
#define HV_PAGE_LIST_MAX_ENTRIES (HV_IO_PAGE_SIZE / HV_TTE_SIZE)

/* ------------------------------------------------------------------------ */
/* Page-size codes (facts §4 "Page sizes")                                   */

/*
 * The CPU-MMU page-size indices and bitmap of the sun4v API.  [assumption]
 * The ATU `iommu-pagesizes` property reuses this bitmap (bit i set = page
 * index i supported); no source documents the real encoding.  The
 * IOTSB_CONF `pagesize` argument is the page size in BYTES, as Linux
 * passes 8192 for an 8 KB IOTSB.
 */
#define HV_PGSZ_IDX_8K 0
#define HV_PGSZ_IDX_64K 1
#define HV_PGSZ_IDX_512K 2
#define HV_PGSZ_IDX_4MB 3
#define HV_PGSZ_IDX_32MB 4
#define HV_PGSZ_IDX_256MB 5
#define HV_PGSZ_IDX_2GB 6
#define HV_PGSZ_IDX_16GB 7
#define HV_PGSZ_NB_IDX 8

#define HV_PGSZ_MASK_8K (1U << HV_PGSZ_IDX_8K)
#define HV_PGSZ_MASK_64K (1U << HV_PGSZ_IDX_64K)
#define HV_PGSZ_MASK_512K (1U << HV_PGSZ_IDX_512K)
#define HV_PGSZ_MASK_4MB (1U << HV_PGSZ_IDX_4MB)
#define HV_PGSZ_MASK_32MB (1U << HV_PGSZ_IDX_32MB)
#define HV_PGSZ_MASK_256MB (1U << HV_PGSZ_IDX_256MB)
#define HV_PGSZ_MASK_2GB (1U << HV_PGSZ_IDX_2GB)
#define HV_PGSZ_MASK_16GB (1U << HV_PGSZ_IDX_16GB)

/**
 * [assumption] IOTSB page sizes the simulated ATU supports (its
 * `iommu-pagesizes` property): 8K, 64K, 4M, 256M, 2G, 16G.  512K and 32M
 * exist in the CPU MMU bitmap but not here; CONF with them is HV_EBADPGSZ.
 */
#define HV_ATU_PGSZ_MASK                                                  \
	(HV_PGSZ_MASK_8K | HV_PGSZ_MASK_64K | HV_PGSZ_MASK_4MB |          \
	 HV_PGSZ_MASK_256MB | HV_PGSZ_MASK_2GB | HV_PGSZ_MASK_16GB)

/* ------------------------------------------------------------------------ */
/* ATU address ranges and IOTSB limits (facts §5)                            */

/*
 * [assumption] The `iommu-address-ranges` property of every simulated root
 * complex: four {base, size} pairs, ranges 0 and 1 32-bit, ranges 2 and 3
 * 64-bit above 4 GB with equal sizes.  Real firmware values are unknown.
 * The 32-bit ranges sit below the default legacy window so they never
 * overlap it.  Linux's choice (ranges[3].base, 32 GB) fits in range 3.
 */
#define HV_ATU_NB_RANGES 4
#define HV_ATU_RANGE0_BASE 0x20000000ULL      /**< 512 MB at 512 MB */
#define HV_ATU_RANGE0_SIZE 0x20000000ULL
#define HV_ATU_RANGE1_BASE 0x40000000ULL      /**< 1 GB at 1 GB */
#define HV_ATU_RANGE1_SIZE 0x40000000ULL
#define HV_ATU_RANGE2_BASE 0x10000000000ULL   /**< 1 TB at 1 TB */
#define HV_ATU_RANGE2_SIZE 0x10000000000ULL
#define HV_ATU_RANGE3_BASE 0x20000000000ULL   /**< 1 TB at 2 TB */
#define HV_ATU_RANGE3_SIZE 0x10000000000ULL
/** IOVA span Linux configures in ranges[3] (ATU_64_SPACE_SIZE). */
#define HV_ATU_64_SPACE_SIZE 0x800000000ULL   /**< 32 GB */

/**
 * [assumption] Largest IOTSB table accepted by CONF: 64 MB, i.e. 8 Mi
 * IOTTEs, 64 GB of IOVA at 8 KB pages (Linux's 32 GB table is 32 MB).
 */
#define HV_IOTSB_MAX_TABLE_SIZE (64ULL << 20)
/** [assumption] IOTSB table memory (r_addr) must be 8 KB aligned. */
#define HV_IOTSB_TABLE_ALIGN HV_IO_PAGE_SIZE

/* ------------------------------------------------------------------------ */
/* Bypass IO addresses (facts §2 GETBYPASS)                                  */

/**
 * [assumption] A bypass IO address is HV_BYPASS_BASE | RA, valid for RAs
 * below 2^50 (the Fire-era bypass encoding).  Any DMA address at or above
 * HV_BYPASS_BASE is treated as a bypass address.
 */
#define HV_BYPASS_BASE 0xfffc000000000000ULL
#define HV_BYPASS_RA_MASK 0x0003ffffffffffffULL

/* ------------------------------------------------------------------------ */
/* Argument encodings                                                       */

/* tsbid (legacy): tsbnum 63:32 (must be 0), tsbindex 31:0. */
#define HV_TSBID_TSBNUM_SHIFT 32
#define HV_TSBID_INDEX_MASK 0xffffffffULL

/* index_count (IOTSB_MAP): count 63:48 (at most 65,535), index 47:0. */
#define HV_INDEX_COUNT_COUNT_SHIFT 48
#define HV_INDEX_COUNT_MAX_COUNT 0xffffULL
#define HV_INDEX_COUNT_INDEX_MASK 0x0000ffffffffffffULL

/* pci_device: bus 23:16, device 15:11, function 10:8. */
#define HV_PCI_DEVICE_BUS_SHIFT 16
#define HV_PCI_DEVICE_DEV_SHIFT 11
#define HV_PCI_DEVICE_FN_SHIFT 8
/** Bits a pci_device may have set; [assumption] others set is HV_EINVAL. */
#define HV_PCI_DEVICE_MASK 0x00ffff00ULL

/** Build a legacy tsbid from (tsbnum, tsbindex). */
static inline uint64_t
sun4v_hv_abi_tsbid(uint32_t tsbnum, uint32_t tsbindex)
{
	return ((uint64_t)tsbnum << HV_TSBID_TSBNUM_SHIFT) | tsbindex;
}

/** tsbnum field of a tsbid (must be 0 in this API version). */
static inline uint32_t
sun4v_hv_abi_tsbid_tsbnum(uint64_t tsbid)
{
	return (uint32_t)(tsbid >> HV_TSBID_TSBNUM_SHIFT);
}

/** tsbindex field of a tsbid. */
static inline uint32_t
sun4v_hv_abi_tsbid_index(uint64_t tsbid)
{
	return (uint32_t)(tsbid & HV_TSBID_INDEX_MASK);
}

/**
 * Build an index_count.  @p count is truncated to 16 bits and @p index to
 * 48 bits: callers must check HV_INDEX_COUNT_MAX_COUNT themselves.
 */
static inline uint64_t
sun4v_hv_abi_index_count(uint64_t count, uint64_t index)
{
	return ((count & HV_INDEX_COUNT_MAX_COUNT) << HV_INDEX_COUNT_COUNT_SHIFT) |
	       (index & HV_INDEX_COUNT_INDEX_MASK);
}

/** Count field (63:48) of an index_count. */
static inline uint64_t
sun4v_hv_abi_index_count_count(uint64_t index_count)
{
	return index_count >> HV_INDEX_COUNT_COUNT_SHIFT;
}

/** Index field (47:0) of an index_count. */
static inline uint64_t
sun4v_hv_abi_index_count_index(uint64_t index_count)
{
	return index_count & HV_INDEX_COUNT_INDEX_MASK;
}

/** pci_device word from bus, device (0..31) and function (0..7). */
static inline uint64_t
sun4v_hv_abi_pci_device(unsigned int bus, unsigned int dev, unsigned int fn)
{
	return ((uint64_t)(bus & 0xff) << HV_PCI_DEVICE_BUS_SHIFT) |
	       ((uint64_t)(dev & 0x1f) << HV_PCI_DEVICE_DEV_SHIFT) |
	       ((uint64_t)(fn & 0x7) << HV_PCI_DEVICE_FN_SHIFT);
}

/** pci_device word from a 16-bit requester ID (bus 15:8, dev 7:3, fn 2:0). */
static inline uint64_t
sun4v_hv_abi_pci_device_from_bdf(uint16_t bdf)
{
	return (uint64_t)bdf << HV_PCI_DEVICE_FN_SHIFT;
}

/** Requester ID of a pci_device word (bits outside 23:8 are ignored). */
static inline uint16_t
sun4v_hv_abi_pci_device_bdf(uint64_t pci_device)
{
	return (uint16_t)((pci_device & HV_PCI_DEVICE_MASK) >>
			  HV_PCI_DEVICE_FN_SHIFT);
}

/** True when a pci_device word has no bits outside 23:8. */
static inline bool
sun4v_hv_abi_pci_device_valid(uint64_t pci_device)
{
	return (pci_device & ~HV_PCI_DEVICE_MASK) == 0;
}

/** io_attributes with R/W/relaxed bits @p rw and requester filter @p bdf. */
static inline uint64_t
sun4v_hv_abi_attrs(uint64_t rw, uint16_t bdf)
{
	return (rw & (HV_PCI_MAP_ATTR_RW | HV_PCI_MAP_ATTR_RELAXED_ORDER)) |
	       ((uint64_t)bdf << HV_PCI_MAP_ATTR_BDF_SHIFT);
}

/** Requester-ID filter of io_attributes (0 = any requester). */
static inline uint16_t
sun4v_hv_abi_attrs_bdf(uint64_t attrs)
{
	return (uint16_t)((attrs & HV_PCI_MAP_ATTR_BDF_MASK) >>
			  HV_PCI_MAP_ATTR_BDF_SHIFT);
}

/** True when io_attributes has no must-be-zero bit set. */
static inline bool
sun4v_hv_abi_attrs_valid(uint64_t attrs)
{
	return (attrs & HV_PCI_MAP_ATTR_MBZ_MASK) == 0;
}

/** Page size in bytes of page index @p idx (0..7), or 0 if out of range. */
static inline uint64_t
sun4v_hv_abi_pgsz_bytes(unsigned int idx)
{
	/* 8K, 64K, 512K, 4M, 32M, 256M, 2G, 16G: each step is x8. */
	return idx < HV_PGSZ_NB_IDX ? HV_IO_PAGE_SIZE << (3 * idx) : 0;
}

/** Page index of a page size in bytes, or -1 if it is not one of the eight. */
static inline int
sun4v_hv_abi_pgsz_idx(uint64_t bytes)
{
	for (unsigned int i = 0; i < HV_PGSZ_NB_IDX; i++)
		if (sun4v_hv_abi_pgsz_bytes(i) == bytes)
			return (int)i;
	return -1;
}

/** True when @p bytes is a page size the simulated ATU supports. */
static inline bool
sun4v_hv_abi_atu_pgsz_supported(uint64_t bytes)
{
	int idx = sun4v_hv_abi_pgsz_idx(bytes);

	return idx >= 0 && (HV_ATU_PGSZ_MASK & (1U << idx)) != 0;
}

/** Bypass IO address of real address @p ra (caller checks HV_BYPASS_RA_MASK). */
static inline uint64_t
sun4v_hv_abi_bypass_addr(uint64_t ra)
{
	return HV_BYPASS_BASE | (ra & HV_BYPASS_RA_MASK);
}

/** True when @p io_addr is a bypass IO address. */
static inline bool
sun4v_hv_abi_is_bypass(uint64_t io_addr)
{
	return io_addr >= HV_BYPASS_BASE;
}

/* ------------------------------------------------------------------------ */
/* Compile-time checks of the derived values (facts §10)                    */

static_assert(HV_IO_PAGE_SIZE == 8192, "IO page is 8 KB");
static_assert(HV_LEGACY_NTTES == 262144, "2 GB legacy window has 256K TTEs");
static_assert(HV_PAGE_LIST_MAX_ENTRIES == 1024, "one 8 KB page list holds 1024 RAs");
static_assert(HV_LEGACY_DVMA_BASE + HV_LEGACY_DVMA_SIZE == 0x100000000ULL,
	      "default legacy window ends at 4 GB");
static_assert((HV_PCI_MAP_ATTR_MBZ_MASK &
	       (HV_PCI_MAP_ATTR_RW | HV_PCI_MAP_ATTR_RELAXED_ORDER |
		HV_PCI_MAP_ATTR_PHANTOM_MASK | HV_PCI_MAP_ATTR_BDF_MASK)) == 0,
	      "must-be-zero bits do not overlap defined fields");
static_assert((HV_PCI_MAP_ATTR_MBZ_MASK | HV_PCI_MAP_ATTR_RW |
	       HV_PCI_MAP_ATTR_RELAXED_ORDER | HV_PCI_MAP_ATTR_PHANTOM_MASK |
	       HV_PCI_MAP_ATTR_BDF_MASK) == 0xffffffffffffffffULL,
	      "every attribute bit is defined or must-be-zero");
static_assert(HV_ATU_PGSZ_MASK == 0xebU, "ATU page sizes 8K,64K,4M,256M,2G,16G");
static_assert(HV_ATU_RANGE2_SIZE == HV_ATU_RANGE3_SIZE, "64-bit ranges have equal sizes");
static_assert(HV_ATU_RANGE2_BASE >= 0x100000000ULL, "64-bit ranges sit above 4 GB");
static_assert(HV_ATU_64_SPACE_SIZE <= HV_ATU_RANGE3_SIZE, "32 GB fits in range 3");
static_assert(HV_ATU_RANGE1_BASE + HV_ATU_RANGE1_SIZE <= HV_LEGACY_DVMA_BASE,
	      "32-bit ATU ranges do not overlap the default legacy window");
static_assert((HV_IOTSB_MAX_TABLE_SIZE / HV_TTE_SIZE) * HV_IO_PAGE_SIZE >=
	      HV_ATU_64_SPACE_SIZE, "an 8 KB IOTSB can cover 32 GB");
static_assert(HV_FAST_PCI_IOTSB_LAST - HV_FAST_PCI_IOTSB_FIRST == 10,
	      "eleven IOTSB services 0x190..0x19a");

#ifdef __cplusplus
}
#endif

#endif /* SUN4V_HV_ABI_H */
