/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * Hardware truth for the (simulated) Intel XL710: descriptor layouts,
 * ring limits, packet types, line-rate arithmetic and the register offsets
 * the device model exposes.
 *
 * Both sides include this header: the device model (sim/i40e) and the
 * poll-mode driver (drivers/net/i40e_sun4v).  It is the single place where
 * the "datasheet" lives as C; doc/spec/i40e-sim.md is the authority and
 * cites the same facts (shared reference i40e-facts.md §1-§4).
 *
 * Conventions:
 *  - Bit numbers are absolute within a 64-bit little-endian qword.
 *  - For a field FOO of a qword, I40E_HW_<QW>_FOO_SHIFT is its lowest bit,
 *    I40E_HW_<QW>_FOO_WIDTH its width in bits and I40E_HW_<QW>_FOO_MASK the
 *    in-place mask.
 *  - The build helpers take field values in CPU order, truncate each to its
 *    width (a too-large value never spills into a neighbour) and return the
 *    qword in CPU order; convert with i40e_hw_cpu_to_le64() when storing a
 *    descriptor into device-visible memory, i40e_hw_le64_to_cpu() on load.
 *  - Registers marked "SIM-ONLY" do not exist on a real XL710 (there the
 *    same state lives in the HMC queue context programmed through the admin
 *    queue); they are the simulation's stand-in, placed above the real
 *    register map.  Every other offset is the real XL710 one.
 *
 * Only C standard headers are used (style-anchors §5.2).
 */
#ifndef I40E_HW_H
#define I40E_HW_H

#include <assert.h>
#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** In-place mask of a field of @p width bits starting at bit @p shift. */
#define I40E_HW_FIELD_MASK(shift, width) \
	((((uint64_t)1 << (width)) - 1) << (shift))

/** Place @p val (truncated to @p width bits) at bit @p shift. */
static inline uint64_t
i40e_hw_field_put(uint64_t val, unsigned int shift, unsigned int width)
{
	return (val & (((uint64_t)1 << width) - 1)) << shift;
}

/** Extract the @p width-bit field at bit @p shift of @p qw. */
static inline uint64_t
i40e_hw_field_get(uint64_t qw, unsigned int shift, unsigned int width)
{
	return (qw >> shift) & (((uint64_t)1 << width) - 1);
}

/** Convert a CPU-order qword to the little-endian layout the device uses. */
static inline uint64_t
i40e_hw_cpu_to_le64(uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	return __builtin_bswap64(v);
#else
	return v;
#endif
}

/** Convert a little-endian device qword to CPU order. */
static inline uint64_t
i40e_hw_le64_to_cpu(uint64_t v)
{
	return i40e_hw_cpu_to_le64(v);
}

/* ======================================================================== */
/* RX descriptors (i40e-facts §1)                                           */

/**
 * 16-byte RX descriptor.  The driver posts the read format; the device
 * overwrites it with the write-back format.  read.hdr_addr and wb.qword1
 * are the same memory: DD lands in bit 0, so drivers post hdr_addr = 0.
 */
union i40e_hw_rx_desc16 {
	struct {
		uint64_t pkt_addr;   /**< packet buffer IOVA (DVMA) */
		uint64_t hdr_addr;   /**< header buffer IOVA; 0 without split */
	} read;                      /**< posted by the driver */
	struct {
		uint64_t qword0;     /**< mirror/L2TAG1/RSS hash, see QW0 */
		uint64_t qword1;     /**< status_error_len, see QW1 */
	} wb;                        /**< written back by the device */
	uint64_t qw[2];              /**< raw qwords */
};

/**
 * 32-byte RX descriptor (the default size).  qwords 0-1 are as in the
 * 16-byte format; qword2 carries ext_status and the outer VLAN tags,
 * qword3 flex bytes / FD id.
 */
union i40e_hw_rx_desc32 {
	struct {
		uint64_t pkt_addr;   /**< packet buffer IOVA (DVMA) */
		uint64_t hdr_addr;   /**< header buffer IOVA; 0 without split */
		uint64_t rsvd1;      /**< reserved, driver writes 0 */
		uint64_t rsvd2;      /**< reserved, driver writes 0 */
	} read;                      /**< posted by the driver */
	struct {
		uint64_t qword0;     /**< see QW0 */
		uint64_t qword1;     /**< see QW1 */
		uint64_t qword2;     /**< see QW2 */
		uint64_t qword3;     /**< see QW3 */
	} wb;                        /**< written back by the device */
	uint64_t qw[4];              /**< raw qwords */
};

static_assert(sizeof(union i40e_hw_rx_desc16) == 16, "16-byte RX descriptor");
static_assert(sizeof(union i40e_hw_rx_desc32) == 32, "32-byte RX descriptor");

#define I40E_HW_RX_DESC16_SIZE 16u
#define I40E_HW_RX_DESC32_SIZE 32u

/* Write-back qword0 (both sizes). */
#define I40E_HW_RXD_QW0_MIRR_SHIFT    0   /**< mirror / FCoE ctx id */
#define I40E_HW_RXD_QW0_MIRR_WIDTH    16
#define I40E_HW_RXD_QW0_L2TAG1_SHIFT  16  /**< stripped VLAN TCI (L2TAG1P) */
#define I40E_HW_RXD_QW0_L2TAG1_WIDTH  16
#define I40E_HW_RXD_QW0_RSS_SHIFT     32  /**< RSS hash when FLTSTAT == 3 */
#define I40E_HW_RXD_QW0_RSS_WIDTH     32

/* Write-back qword1 status_error_len (both sizes). */
#define I40E_HW_RXD_QW1_STATUS_SHIFT    0
#define I40E_HW_RXD_QW1_STATUS_WIDTH    19
#define I40E_HW_RXD_QW1_ERROR_SHIFT     19
#define I40E_HW_RXD_QW1_ERROR_WIDTH     8
#define I40E_HW_RXD_QW1_PTYPE_SHIFT     30
#define I40E_HW_RXD_QW1_PTYPE_WIDTH     8
#define I40E_HW_RXD_QW1_LEN_PBUF_SHIFT  38
#define I40E_HW_RXD_QW1_LEN_PBUF_WIDTH  14
#define I40E_HW_RXD_QW1_LEN_HBUF_SHIFT  52
#define I40E_HW_RXD_QW1_LEN_HBUF_WIDTH  11
#define I40E_HW_RXD_QW1_SPH_SHIFT       63
#define I40E_HW_RXD_QW1_SPH_WIDTH       1

#define I40E_HW_RXD_QW1_STATUS_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_RXD_QW1_STATUS_SHIFT, I40E_HW_RXD_QW1_STATUS_WIDTH)
#define I40E_HW_RXD_QW1_ERROR_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_RXD_QW1_ERROR_SHIFT, I40E_HW_RXD_QW1_ERROR_WIDTH)
#define I40E_HW_RXD_QW1_PTYPE_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_RXD_QW1_PTYPE_SHIFT, I40E_HW_RXD_QW1_PTYPE_WIDTH)
#define I40E_HW_RXD_QW1_LEN_PBUF_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_RXD_QW1_LEN_PBUF_SHIFT, I40E_HW_RXD_QW1_LEN_PBUF_WIDTH)
#define I40E_HW_RXD_QW1_LEN_HBUF_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_RXD_QW1_LEN_HBUF_SHIFT, I40E_HW_RXD_QW1_LEN_HBUF_WIDTH)
#define I40E_HW_RXD_QW1_SPH_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_RXD_QW1_SPH_SHIFT, I40E_HW_RXD_QW1_SPH_WIDTH)

/* STATUS bits (absolute bit numbers in qword1). */
#define I40E_HW_RXD_STATUS_DD           (1ULL << 0)  /**< descriptor done */
#define I40E_HW_RXD_STATUS_EOF          (1ULL << 1)  /**< last buffer of the frame */
#define I40E_HW_RXD_STATUS_L2TAG1P      (1ULL << 2)  /**< L2TAG1 valid in qword0 */
#define I40E_HW_RXD_STATUS_L3L4P        (1ULL << 3)  /**< L3/L4 parsed, checksums checked */
#define I40E_HW_RXD_STATUS_CRCP         (1ULL << 4)  /**< CRC present */
#define I40E_HW_RXD_STATUS_TSYNINDX_SHIFT 5
#define I40E_HW_RXD_STATUS_TSYNINDX_WIDTH 2
#define I40E_HW_RXD_STATUS_TSYNVALID    (1ULL << 7)
#define I40E_HW_RXD_STATUS_EXT_UDP_0    (1ULL << 8)
#define I40E_HW_RXD_STATUS_UMBCAST_SHIFT 9           /**< 0 uc, 1 mc, 2 bc, 3 mirrored */
#define I40E_HW_RXD_STATUS_UMBCAST_WIDTH 2
#define I40E_HW_RXD_STATUS_FLM          (1ULL << 11) /**< flow-director match */
#define I40E_HW_RXD_STATUS_FLTSTAT_SHIFT 12
#define I40E_HW_RXD_STATUS_FLTSTAT_WIDTH 2
#define I40E_HW_RXD_STATUS_LPBK         (1ULL << 14)
#define I40E_HW_RXD_STATUS_IPV6EXADD    (1ULL << 15)
#define I40E_HW_RXD_STATUS_INT_UDP_0    (1ULL << 18)

/** FLTSTAT values: what qword0[63:32] holds. */
#define I40E_HW_RXD_FLTSTAT_NO_DATA  0u
#define I40E_HW_RXD_FLTSTAT_FD_ID    1u
#define I40E_HW_RXD_FLTSTAT_RSV      2u
#define I40E_HW_RXD_FLTSTAT_RSS_HASH 3u

/* ERROR bits (absolute bit numbers in qword1). */
#define I40E_HW_RXD_ERROR_RXE       (1ULL << 19) /**< MAC / receive error */
#define I40E_HW_RXD_ERROR_RECIPE    (1ULL << 20)
#define I40E_HW_RXD_ERROR_HBO       (1ULL << 21) /**< header buffer overflow */
#define I40E_HW_RXD_ERROR_IPE       (1ULL << 22) /**< IPv4 header checksum */
#define I40E_HW_RXD_ERROR_L4E       (1ULL << 23) /**< L4 checksum */
#define I40E_HW_RXD_ERROR_EIPE      (1ULL << 24) /**< outer IPv4 checksum */
#define I40E_HW_RXD_ERROR_OVERSIZE  (1ULL << 25)
#define I40E_HW_RXD_ERROR_PPRS      (1ULL << 26) /**< parser aborted */

/* 32-byte write-back qword2. */
#define I40E_HW_RXD_QW2_EXT_STATUS_SHIFT 0
#define I40E_HW_RXD_QW2_EXT_STATUS_WIDTH 16
#define I40E_HW_RXD_QW2_L2TAG2_1_SHIFT   32
#define I40E_HW_RXD_QW2_L2TAG2_1_WIDTH   16
#define I40E_HW_RXD_QW2_L2TAG2_2_SHIFT   48
#define I40E_HW_RXD_QW2_L2TAG2_2_WIDTH   16
/* ext_status bits (within qword2). */
#define I40E_HW_RXD_EXT_L2TAG2P   (1ULL << 0)
#define I40E_HW_RXD_EXT_L2TAG3P   (1ULL << 1)
#define I40E_HW_RXD_EXT_FLEXBL_SHIFT 2
#define I40E_HW_RXD_EXT_FLEXBH_SHIFT 4
#define I40E_HW_RXD_EXT_FDLONGB   (1ULL << 9)
#define I40E_HW_RXD_EXT_FCOELONGB (1ULL << 10)
#define I40E_HW_RXD_EXT_PELONGB   (1ULL << 11)

/* 32-byte write-back qword3. */
#define I40E_HW_RXD_QW3_FLEX_LO_SHIFT 0   /**< flex_bytes_lo / pe_status */
#define I40E_HW_RXD_QW3_FLEX_LO_WIDTH 32
#define I40E_HW_RXD_QW3_FLEX_HI_SHIFT 32  /**< flex_bytes_hi / fd_id */
#define I40E_HW_RXD_QW3_FLEX_HI_WIDTH 32

/** Build write-back qword0 from its fields (each truncated to its width). */
static inline uint64_t
i40e_hw_rxd_qw0_build(uint32_t mirr, uint32_t l2tag1, uint64_t rss)
{
	return i40e_hw_field_put(mirr, I40E_HW_RXD_QW0_MIRR_SHIFT, I40E_HW_RXD_QW0_MIRR_WIDTH) |
	       i40e_hw_field_put(l2tag1, I40E_HW_RXD_QW0_L2TAG1_SHIFT, I40E_HW_RXD_QW0_L2TAG1_WIDTH) |
	       i40e_hw_field_put(rss, I40E_HW_RXD_QW0_RSS_SHIFT, I40E_HW_RXD_QW0_RSS_WIDTH);
}

static inline uint16_t i40e_hw_rxd_qw0_mirr(uint64_t qw0)
{ return (uint16_t)i40e_hw_field_get(qw0, I40E_HW_RXD_QW0_MIRR_SHIFT, I40E_HW_RXD_QW0_MIRR_WIDTH); }
static inline uint16_t i40e_hw_rxd_qw0_l2tag1(uint64_t qw0)
{ return (uint16_t)i40e_hw_field_get(qw0, I40E_HW_RXD_QW0_L2TAG1_SHIFT, I40E_HW_RXD_QW0_L2TAG1_WIDTH); }
static inline uint32_t i40e_hw_rxd_qw0_rss(uint64_t qw0)
{ return (uint32_t)i40e_hw_field_get(qw0, I40E_HW_RXD_QW0_RSS_SHIFT, I40E_HW_RXD_QW0_RSS_WIDTH); }

/**
 * Build write-back qword1 (status_error_len).  @p status and @p error are
 * the field values (status bits 0-18; error relative to bit 19, i.e.
 * I40E_HW_RXD_ERROR_x >> 19).
 */
static inline uint64_t
i40e_hw_rxd_qw1_build(uint32_t status, uint32_t error, uint32_t ptype,
		      uint32_t len_pbuf, uint32_t len_hbuf, uint32_t sph)
{
	return i40e_hw_field_put(status, I40E_HW_RXD_QW1_STATUS_SHIFT, I40E_HW_RXD_QW1_STATUS_WIDTH) |
	       i40e_hw_field_put(error, I40E_HW_RXD_QW1_ERROR_SHIFT, I40E_HW_RXD_QW1_ERROR_WIDTH) |
	       i40e_hw_field_put(ptype, I40E_HW_RXD_QW1_PTYPE_SHIFT, I40E_HW_RXD_QW1_PTYPE_WIDTH) |
	       i40e_hw_field_put(len_pbuf, I40E_HW_RXD_QW1_LEN_PBUF_SHIFT, I40E_HW_RXD_QW1_LEN_PBUF_WIDTH) |
	       i40e_hw_field_put(len_hbuf, I40E_HW_RXD_QW1_LEN_HBUF_SHIFT, I40E_HW_RXD_QW1_LEN_HBUF_WIDTH) |
	       i40e_hw_field_put(sph, I40E_HW_RXD_QW1_SPH_SHIFT, I40E_HW_RXD_QW1_SPH_WIDTH);
}

static inline uint32_t i40e_hw_rxd_qw1_status(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_QW1_STATUS_SHIFT, I40E_HW_RXD_QW1_STATUS_WIDTH); }
static inline uint32_t i40e_hw_rxd_qw1_error(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_QW1_ERROR_SHIFT, I40E_HW_RXD_QW1_ERROR_WIDTH); }
static inline uint32_t i40e_hw_rxd_qw1_ptype(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_QW1_PTYPE_SHIFT, I40E_HW_RXD_QW1_PTYPE_WIDTH); }
static inline uint32_t i40e_hw_rxd_qw1_len_pbuf(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_QW1_LEN_PBUF_SHIFT, I40E_HW_RXD_QW1_LEN_PBUF_WIDTH); }
static inline uint32_t i40e_hw_rxd_qw1_len_hbuf(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_QW1_LEN_HBUF_SHIFT, I40E_HW_RXD_QW1_LEN_HBUF_WIDTH); }
static inline uint32_t i40e_hw_rxd_qw1_sph(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_QW1_SPH_SHIFT, I40E_HW_RXD_QW1_SPH_WIDTH); }
/** FLTSTAT sub-field of the status (3 = RSS hash in qword0). */
static inline uint32_t i40e_hw_rxd_qw1_fltstat(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_STATUS_FLTSTAT_SHIFT, I40E_HW_RXD_STATUS_FLTSTAT_WIDTH); }
/** UMBCAST sub-field of the status. */
static inline uint32_t i40e_hw_rxd_qw1_umbcast(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_STATUS_UMBCAST_SHIFT, I40E_HW_RXD_STATUS_UMBCAST_WIDTH); }
/** TSYNINDX sub-field of the status. */
static inline uint32_t i40e_hw_rxd_qw1_tsynindx(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_RXD_STATUS_TSYNINDX_SHIFT, I40E_HW_RXD_STATUS_TSYNINDX_WIDTH); }
/** True when the device has written this descriptor back (DD). */
static inline bool i40e_hw_rxd_qw1_dd(uint64_t qw1)
{ return (qw1 & I40E_HW_RXD_STATUS_DD) != 0; }

/** Build 32-byte write-back qword2. */
static inline uint64_t
i40e_hw_rxd_qw2_build(uint32_t ext_status, uint32_t l2tag2_1, uint32_t l2tag2_2)
{
	return i40e_hw_field_put(ext_status, I40E_HW_RXD_QW2_EXT_STATUS_SHIFT, I40E_HW_RXD_QW2_EXT_STATUS_WIDTH) |
	       i40e_hw_field_put(l2tag2_1, I40E_HW_RXD_QW2_L2TAG2_1_SHIFT, I40E_HW_RXD_QW2_L2TAG2_1_WIDTH) |
	       i40e_hw_field_put(l2tag2_2, I40E_HW_RXD_QW2_L2TAG2_2_SHIFT, I40E_HW_RXD_QW2_L2TAG2_2_WIDTH);
}

static inline uint16_t i40e_hw_rxd_qw2_ext_status(uint64_t qw2)
{ return (uint16_t)i40e_hw_field_get(qw2, I40E_HW_RXD_QW2_EXT_STATUS_SHIFT, I40E_HW_RXD_QW2_EXT_STATUS_WIDTH); }
static inline uint16_t i40e_hw_rxd_qw2_l2tag2_1(uint64_t qw2)
{ return (uint16_t)i40e_hw_field_get(qw2, I40E_HW_RXD_QW2_L2TAG2_1_SHIFT, I40E_HW_RXD_QW2_L2TAG2_1_WIDTH); }
static inline uint16_t i40e_hw_rxd_qw2_l2tag2_2(uint64_t qw2)
{ return (uint16_t)i40e_hw_field_get(qw2, I40E_HW_RXD_QW2_L2TAG2_2_SHIFT, I40E_HW_RXD_QW2_L2TAG2_2_WIDTH); }

/** Build 32-byte write-back qword3. */
static inline uint64_t
i40e_hw_rxd_qw3_build(uint64_t flex_lo, uint64_t flex_hi)
{
	return i40e_hw_field_put(flex_lo, I40E_HW_RXD_QW3_FLEX_LO_SHIFT, I40E_HW_RXD_QW3_FLEX_LO_WIDTH) |
	       i40e_hw_field_put(flex_hi, I40E_HW_RXD_QW3_FLEX_HI_SHIFT, I40E_HW_RXD_QW3_FLEX_HI_WIDTH);
}

static inline uint32_t i40e_hw_rxd_qw3_flex_lo(uint64_t qw3)
{ return (uint32_t)i40e_hw_field_get(qw3, I40E_HW_RXD_QW3_FLEX_LO_SHIFT, I40E_HW_RXD_QW3_FLEX_LO_WIDTH); }
static inline uint32_t i40e_hw_rxd_qw3_flex_hi(uint64_t qw3)
{ return (uint32_t)i40e_hw_field_get(qw3, I40E_HW_RXD_QW3_FLEX_HI_SHIFT, I40E_HW_RXD_QW3_FLEX_HI_WIDTH); }

/**
 * Fill a 16-byte RX descriptor in read format (CPU order; the caller
 * converts).  hdr_addr is always 0: it is where DD lands (i40e-facts §1.1).
 */
static inline void
i40e_hw_rxd16_read_build(union i40e_hw_rx_desc16 *d, uint64_t pkt_addr)
{
	d->read.pkt_addr = pkt_addr;
	d->read.hdr_addr = 0;
}

/** Fill a 32-byte RX descriptor in read format; hdr_addr and rsvd are 0. */
static inline void
i40e_hw_rxd32_read_build(union i40e_hw_rx_desc32 *d, uint64_t pkt_addr)
{
	d->read.pkt_addr = pkt_addr;
	d->read.hdr_addr = 0;
	d->read.rsvd1 = 0;
	d->read.rsvd2 = 0;
}

/* ======================================================================== */
/* TX descriptors (i40e-facts §2)                                           */

/** TX descriptor (data or context; both 16 bytes). */
struct i40e_hw_tx_desc {
	uint64_t qword0;  /**< data: buffer IOVA; context: tunnel params / L2TAG2 */
	uint64_t qword1;  /**< data: cmd_type_offset_bsz; context: type/cmd/TSO */
};

static_assert(sizeof(struct i40e_hw_tx_desc) == 16, "TX descriptor");
#define I40E_HW_TX_DESC_SIZE 16u

/* Data descriptor qword1. */
#define I40E_HW_TXD_QW1_DTYPE_SHIFT   0
#define I40E_HW_TXD_QW1_DTYPE_WIDTH   4
#define I40E_HW_TXD_QW1_CMD_SHIFT     4
#define I40E_HW_TXD_QW1_CMD_WIDTH     10
#define I40E_HW_TXD_QW1_OFFSET_SHIFT  16
#define I40E_HW_TXD_QW1_OFFSET_WIDTH  18
#define I40E_HW_TXD_QW1_BUF_SZ_SHIFT  34
#define I40E_HW_TXD_QW1_BUF_SZ_WIDTH  14
#define I40E_HW_TXD_QW1_L2TAG1_SHIFT  48
#define I40E_HW_TXD_QW1_L2TAG1_WIDTH  16

#define I40E_HW_TXD_QW1_DTYPE_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_TXD_QW1_DTYPE_SHIFT, I40E_HW_TXD_QW1_DTYPE_WIDTH)
#define I40E_HW_TXD_QW1_CMD_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_TXD_QW1_CMD_SHIFT, I40E_HW_TXD_QW1_CMD_WIDTH)
#define I40E_HW_TXD_QW1_OFFSET_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_TXD_QW1_OFFSET_SHIFT, I40E_HW_TXD_QW1_OFFSET_WIDTH)
#define I40E_HW_TXD_QW1_BUF_SZ_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_TXD_QW1_BUF_SZ_SHIFT, I40E_HW_TXD_QW1_BUF_SZ_WIDTH)
#define I40E_HW_TXD_QW1_L2TAG1_MASK \
	I40E_HW_FIELD_MASK(I40E_HW_TXD_QW1_L2TAG1_SHIFT, I40E_HW_TXD_QW1_L2TAG1_WIDTH)

/** DTYPE values (qword1 bits 3:0). */
#define I40E_HW_TX_DTYPE_DATA      0x0u
#define I40E_HW_TX_DTYPE_CONTEXT   0x1u  /**< also NOP */
#define I40E_HW_TX_DTYPE_FCOE_CTX  0x2u
#define I40E_HW_TX_DTYPE_FD_PROG   0x8u
#define I40E_HW_TX_DTYPE_DDP_CTX   0x9u
#define I40E_HW_TX_DTYPE_FLEX_DATA 0xBu
#define I40E_HW_TX_DTYPE_FLEX_CTX1 0xCu
#define I40E_HW_TX_DTYPE_FLEX_CTX2 0xDu
#define I40E_HW_TX_DTYPE_DESC_DONE 0xFu  /**< written back by the device on RS */

/** CMD values, relative to bit 4 (the CMD field value). */
#define I40E_HW_TXD_CMD_EOP         0x001u
#define I40E_HW_TXD_CMD_RS          0x002u
#define I40E_HW_TXD_CMD_ICRC        0x004u
#define I40E_HW_TXD_CMD_IL2TAG1     0x008u
#define I40E_HW_TXD_CMD_DUMMY       0x010u
#define I40E_HW_TXD_CMD_IIPT_IPV6   0x020u
#define I40E_HW_TXD_CMD_IIPT_IPV4   0x040u
#define I40E_HW_TXD_CMD_IIPT_IPV4_CSUM 0x060u
#define I40E_HW_TXD_CMD_IIPT_MASK   0x060u
#define I40E_HW_TXD_CMD_FCOET       0x080u
#define I40E_HW_TXD_CMD_L4T_TCP     0x100u
#define I40E_HW_TXD_CMD_L4T_SCTP    0x200u
#define I40E_HW_TXD_CMD_L4T_UDP     0x300u
#define I40E_HW_TXD_CMD_L4T_MASK    0x300u

/** OFFSET sub-fields, relative to the OFFSET field (bit 16). */
#define I40E_HW_TXD_OFF_MACLEN_SHIFT 0   /**< 2-byte words */
#define I40E_HW_TXD_OFF_MACLEN_WIDTH 7
#define I40E_HW_TXD_OFF_IPLEN_SHIFT  7   /**< 4-byte dwords */
#define I40E_HW_TXD_OFF_IPLEN_WIDTH  7
#define I40E_HW_TXD_OFF_L4LEN_SHIFT  14  /**< 4-byte dwords */
#define I40E_HW_TXD_OFF_L4LEN_WIDTH  4

/**
 * Build the OFFSET field value from header lengths already expressed in
 * hardware units (MACLEN in words, IPLEN and L4LEN in dwords).
 */
static inline uint32_t
i40e_hw_txd_offset_build(uint32_t maclen_words, uint32_t iplen_dwords,
			 uint32_t l4len_dwords)
{
	return (uint32_t)(i40e_hw_field_put(maclen_words, I40E_HW_TXD_OFF_MACLEN_SHIFT, I40E_HW_TXD_OFF_MACLEN_WIDTH) |
			  i40e_hw_field_put(iplen_dwords, I40E_HW_TXD_OFF_IPLEN_SHIFT, I40E_HW_TXD_OFF_IPLEN_WIDTH) |
			  i40e_hw_field_put(l4len_dwords, I40E_HW_TXD_OFF_L4LEN_SHIFT, I40E_HW_TXD_OFF_L4LEN_WIDTH));
}

static inline uint32_t i40e_hw_txd_offset_maclen(uint32_t off)
{ return (uint32_t)i40e_hw_field_get(off, I40E_HW_TXD_OFF_MACLEN_SHIFT, I40E_HW_TXD_OFF_MACLEN_WIDTH); }
static inline uint32_t i40e_hw_txd_offset_iplen(uint32_t off)
{ return (uint32_t)i40e_hw_field_get(off, I40E_HW_TXD_OFF_IPLEN_SHIFT, I40E_HW_TXD_OFF_IPLEN_WIDTH); }
static inline uint32_t i40e_hw_txd_offset_l4len(uint32_t off)
{ return (uint32_t)i40e_hw_field_get(off, I40E_HW_TXD_OFF_L4LEN_SHIFT, I40E_HW_TXD_OFF_L4LEN_WIDTH); }

/** Build a data descriptor's qword1 (cmd is the CMD field value). */
static inline uint64_t
i40e_hw_txd_qw1_build(uint32_t dtype, uint32_t cmd, uint32_t offset,
		      uint32_t buf_sz, uint32_t l2tag1)
{
	return i40e_hw_field_put(dtype, I40E_HW_TXD_QW1_DTYPE_SHIFT, I40E_HW_TXD_QW1_DTYPE_WIDTH) |
	       i40e_hw_field_put(cmd, I40E_HW_TXD_QW1_CMD_SHIFT, I40E_HW_TXD_QW1_CMD_WIDTH) |
	       i40e_hw_field_put(offset, I40E_HW_TXD_QW1_OFFSET_SHIFT, I40E_HW_TXD_QW1_OFFSET_WIDTH) |
	       i40e_hw_field_put(buf_sz, I40E_HW_TXD_QW1_BUF_SZ_SHIFT, I40E_HW_TXD_QW1_BUF_SZ_WIDTH) |
	       i40e_hw_field_put(l2tag1, I40E_HW_TXD_QW1_L2TAG1_SHIFT, I40E_HW_TXD_QW1_L2TAG1_WIDTH);
}

static inline uint32_t i40e_hw_txd_qw1_dtype(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_TXD_QW1_DTYPE_SHIFT, I40E_HW_TXD_QW1_DTYPE_WIDTH); }
static inline uint32_t i40e_hw_txd_qw1_cmd(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_TXD_QW1_CMD_SHIFT, I40E_HW_TXD_QW1_CMD_WIDTH); }
static inline uint32_t i40e_hw_txd_qw1_offset(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_TXD_QW1_OFFSET_SHIFT, I40E_HW_TXD_QW1_OFFSET_WIDTH); }
static inline uint32_t i40e_hw_txd_qw1_buf_sz(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_TXD_QW1_BUF_SZ_SHIFT, I40E_HW_TXD_QW1_BUF_SZ_WIDTH); }
static inline uint32_t i40e_hw_txd_qw1_l2tag1(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_TXD_QW1_L2TAG1_SHIFT, I40E_HW_TXD_QW1_L2TAG1_WIDTH); }

/**
 * Descriptor-done write-back: the device overwrites DTYPE (bits 3:0) of an
 * RS descriptor with 0xF once it and every earlier descriptor are done
 * (i40e-facts §2.2).  Returns the qword1 the device writes.
 */
static inline uint64_t
i40e_hw_txd_qw1_done(uint64_t qw1)
{
	return (qw1 & ~I40E_HW_TXD_QW1_DTYPE_MASK) | I40E_HW_TX_DTYPE_DESC_DONE;
}

/** True when a TX descriptor's qword1 carries the DESC_DONE write-back. */
static inline bool
i40e_hw_txd_qw1_is_done(uint64_t qw1)
{
	return (qw1 & I40E_HW_TXD_QW1_DTYPE_MASK) == I40E_HW_TX_DTYPE_DESC_DONE;
}

/* Context descriptor (DTYPE 0x1), qword0. */
#define I40E_HW_TXC_QW0_TUNNEL_SHIFT    0
#define I40E_HW_TXC_QW0_TUNNEL_WIDTH    32
#define I40E_HW_TXC_QW0_L2TAG2_SHIFT    32
#define I40E_HW_TXC_QW0_L2TAG2_WIDTH    16
/* Tunnel-parameter sub-fields (absolute bits in qword0). */
#define I40E_HW_TXC_TUN_EIPT_SHIFT      0
#define I40E_HW_TXC_TUN_EIPT_WIDTH      2
#define I40E_HW_TXC_TUN_EIPLEN_SHIFT    2   /**< dwords */
#define I40E_HW_TXC_TUN_EIPLEN_WIDTH    6
#define I40E_HW_TXC_TUN_L4TUNT_SHIFT    9   /**< 1 UDP, 2 GRE */
#define I40E_HW_TXC_TUN_L4TUNT_WIDTH    2
#define I40E_HW_TXC_TUN_EIP_NOINC       (1ULL << 11)
#define I40E_HW_TXC_TUN_L4TUNLEN_SHIFT  12  /**< words */
#define I40E_HW_TXC_TUN_L4TUNLEN_WIDTH  7
#define I40E_HW_TXC_TUN_DECTTL_SHIFT    19
#define I40E_HW_TXC_TUN_DECTTL_WIDTH    4
#define I40E_HW_TXC_TUN_L4T_CS          (1ULL << 23)

/* Context descriptor qword1. */
#define I40E_HW_TXC_QW1_DTYPE_SHIFT     0
#define I40E_HW_TXC_QW1_DTYPE_WIDTH     4
#define I40E_HW_TXC_QW1_CMD_SHIFT       4
#define I40E_HW_TXC_QW1_CMD_WIDTH       16
#define I40E_HW_TXC_QW1_TSO_LEN_SHIFT   30
#define I40E_HW_TXC_QW1_TSO_LEN_WIDTH   18
#define I40E_HW_TXC_QW1_MSS_SHIFT       50
#define I40E_HW_TXC_QW1_MSS_WIDTH       14

/** Context CMD values (relative to bit 4). */
#define I40E_HW_TXC_CMD_TSO          0x01u
#define I40E_HW_TXC_CMD_TSYN         0x02u
#define I40E_HW_TXC_CMD_IL2TAG2      0x04u
#define I40E_HW_TXC_CMD_IL2TAG2_IL2H 0x08u
#define I40E_HW_TXC_CMD_SWTCH_MASK   0x30u
#define I40E_HW_TXC_CMD_SWPE         0x40u

/** Build a context descriptor's qword0. */
static inline uint64_t
i40e_hw_txc_qw0_build(uint32_t tunnel, uint32_t l2tag2)
{
	return i40e_hw_field_put(tunnel, I40E_HW_TXC_QW0_TUNNEL_SHIFT, I40E_HW_TXC_QW0_TUNNEL_WIDTH) |
	       i40e_hw_field_put(l2tag2, I40E_HW_TXC_QW0_L2TAG2_SHIFT, I40E_HW_TXC_QW0_L2TAG2_WIDTH);
}

static inline uint32_t i40e_hw_txc_qw0_tunnel(uint64_t qw0)
{ return (uint32_t)i40e_hw_field_get(qw0, I40E_HW_TXC_QW0_TUNNEL_SHIFT, I40E_HW_TXC_QW0_TUNNEL_WIDTH); }
static inline uint32_t i40e_hw_txc_qw0_l2tag2(uint64_t qw0)
{ return (uint32_t)i40e_hw_field_get(qw0, I40E_HW_TXC_QW0_L2TAG2_SHIFT, I40E_HW_TXC_QW0_L2TAG2_WIDTH); }

/** Build a context descriptor's qword1 (DTYPE is always CONTEXT). */
static inline uint64_t
i40e_hw_txc_qw1_build(uint32_t cmd, uint32_t tso_len, uint32_t mss)
{
	return i40e_hw_field_put(I40E_HW_TX_DTYPE_CONTEXT, I40E_HW_TXC_QW1_DTYPE_SHIFT, I40E_HW_TXC_QW1_DTYPE_WIDTH) |
	       i40e_hw_field_put(cmd, I40E_HW_TXC_QW1_CMD_SHIFT, I40E_HW_TXC_QW1_CMD_WIDTH) |
	       i40e_hw_field_put(tso_len, I40E_HW_TXC_QW1_TSO_LEN_SHIFT, I40E_HW_TXC_QW1_TSO_LEN_WIDTH) |
	       i40e_hw_field_put(mss, I40E_HW_TXC_QW1_MSS_SHIFT, I40E_HW_TXC_QW1_MSS_WIDTH);
}

static inline uint32_t i40e_hw_txc_qw1_cmd(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_TXC_QW1_CMD_SHIFT, I40E_HW_TXC_QW1_CMD_WIDTH); }
static inline uint32_t i40e_hw_txc_qw1_tso_len(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_TXC_QW1_TSO_LEN_SHIFT, I40E_HW_TXC_QW1_TSO_LEN_WIDTH); }
static inline uint32_t i40e_hw_txc_qw1_mss(uint64_t qw1)
{ return (uint32_t)i40e_hw_field_get(qw1, I40E_HW_TXC_QW1_MSS_SHIFT, I40E_HW_TXC_QW1_MSS_WIDTH); }

/* ======================================================================== */
/* Ring and buffer limits (i40e-facts §2.4, §3.1)                           */

#define I40E_HW_RING_MIN_DESC        64u    /**< smallest ring */
#define I40E_HW_RING_MAX_DESC        8160u  /**< hardware max (8K-32, facts §3.1) */
#define I40E_HW_RING_DESC_MULTIPLE   32u    /**< qlen must be a multiple of this */
#define I40E_HW_RING_BASE_ALIGN      128u   /**< ring base unit (HMC base field) */
#define I40E_HW_RXBUF_UNIT           128u   /**< RX data buffer size unit (dbuff) */
#define I40E_HW_RXBUF_MAX            16256u /**< 127 x 128 = 16K-128 */
#define I40E_HW_RX_MAX_CHAINED_BUFS  5u     /**< buffers one frame may span */
#define I40E_HW_MAX_FRAME            9728u  /**< largest frame (no TSO) */
#define I40E_HW_TX_MAX_DATA_PER_PKT  8u     /**< data descriptors per non-TSO packet */
#define I40E_HW_TX_MAX_DATA_PER_TSO  255u   /**< data descriptors per TSO packet (facts §2.4) */
#define I40E_HW_TX_MAX_DATA_PER_SEG  8u     /**< buffers one TSO segment (header
					     *   included) may be built from */
#define I40E_HW_TSO_MSS_MIN          256u   /**< facts §2.4 */
#define I40E_HW_TSO_MSS_MAX          9674u
#define I40E_HW_TSO_MAX_PKT          262144u /**< 256 KiB: largest TSO packet */
#define I40E_HW_TX_MAX_BUF_SZ        16383u /**< bytes per TX data descriptor */
#define I40E_HW_TX_MIN_PKT_LEN       17u    /**< smallest frame the device sends */
#define I40E_HW_NUM_QUEUE_PAIRS      1536u  /**< LAN queue pairs in the device */
#define I40E_HW_RSS_KEY_SIZE         52u    /**< Toeplitz key bytes (13 registers) */
#define I40E_HW_RSS_LUT_SIZE         512u   /**< redirection table entries */

/** True if @p nb_desc is a ring length the device accepts. */
static inline bool
i40e_hw_ring_len_valid(uint32_t nb_desc)
{
	return nb_desc >= I40E_HW_RING_MIN_DESC && nb_desc <= I40E_HW_RING_MAX_DESC &&
	       nb_desc % I40E_HW_RING_DESC_MULTIPLE == 0;
}

/** True if @p bytes is a valid RX data buffer size (multiple of 128, 128..16256). */
static inline bool
i40e_hw_rxbuf_size_valid(uint32_t bytes)
{
	return bytes >= I40E_HW_RXBUF_UNIT && bytes <= I40E_HW_RXBUF_MAX &&
	       bytes % I40E_HW_RXBUF_UNIT == 0;
}

/* ======================================================================== */
/* Packet types (i40e-facts §1.5; index into the 256-entry ptype table)    */

#define I40E_HW_PTYPE_L2            1u
#define I40E_HW_PTYPE_ARP           11u
#define I40E_HW_PTYPE_IPV4_FRAG     22u
#define I40E_HW_PTYPE_IPV4          23u   /**< IPv4, not fragmented, other L4 */
#define I40E_HW_PTYPE_IPV4_UDP      24u
#define I40E_HW_PTYPE_IPV4_TCP      26u
#define I40E_HW_PTYPE_IPV4_SCTP     27u
#define I40E_HW_PTYPE_IPV4_ICMP     28u
#define I40E_HW_PTYPE_IPV6_FRAG     88u
#define I40E_HW_PTYPE_IPV6          89u
#define I40E_HW_PTYPE_IPV6_UDP      90u
#define I40E_HW_PTYPE_IPV6_TCP      92u
#define I40E_HW_PTYPE_IPV6_SCTP     93u
#define I40E_HW_PTYPE_IPV6_ICMP     94u
#define I40E_HW_PTYPE_PARSER_ABORT  255u

/* Packet classifier types: bit numbers in the 64-bit PFQF_HENA enable mask. */
#define I40E_HW_PCTYPE_NONF_IPV4_UDP   31u
#define I40E_HW_PCTYPE_NONF_IPV4_TCP   33u
#define I40E_HW_PCTYPE_NONF_IPV4_SCTP  34u
#define I40E_HW_PCTYPE_NONF_IPV4_OTHER 35u
#define I40E_HW_PCTYPE_FRAG_IPV4       36u
#define I40E_HW_PCTYPE_NONF_IPV6_UDP   41u
#define I40E_HW_PCTYPE_NONF_IPV6_TCP   43u
#define I40E_HW_PCTYPE_NONF_IPV6_SCTP  44u
#define I40E_HW_PCTYPE_NONF_IPV6_OTHER 45u
#define I40E_HW_PCTYPE_FRAG_IPV6       46u
#define I40E_HW_PCTYPE_L2_PAYLOAD      63u

/* ======================================================================== */
/* Line-rate arithmetic (i40e-facts §4.1)                                   */

#define I40E_HW_WIRE_OVERHEAD_BYTES 20u  /**< preamble 7 + SFD 1 + IFG 12 */
#define I40E_HW_FCS_BYTES           4u   /**< frame check sequence */
#define I40E_HW_MIN_WIRE_FRAME      64u  /**< minimum Ethernet frame incl. FCS */

#define I40E_HW_SPEED_10G_MBPS   10000u
#define I40E_HW_SPEED_25G_MBPS   25000u
#define I40E_HW_SPEED_40G_MBPS   40000u
#define I40E_HW_SPEED_100G_MBPS  100000u

/**
 * Bytes a packet of @p pkt_len (buffer bytes, FCS excluded, as in the TX
 * descriptor and the RX length with CRC strip) occupies on the wire: FCS
 * added, padded to 64, plus preamble, SFD and inter-frame gap.
 */
static inline uint32_t
i40e_hw_wire_bytes(uint32_t pkt_len)
{
	uint32_t frame = pkt_len + I40E_HW_FCS_BYTES;

	if (frame < I40E_HW_MIN_WIRE_FRAME)
		frame = I40E_HW_MIN_WIRE_FRAME;
	return frame + I40E_HW_WIRE_OVERHEAD_BYTES;
}

/**
 * Wire time in picoseconds of a frame of @p frame_len bytes *including*
 * FCS (the convention of line-rate tables) at @p speed_mbps.
 * 64 B at 40G = 16800 ps.  Returns 0 when @p speed_mbps is 0.
 */
static inline uint64_t
i40e_hw_frame_time_ps(uint32_t frame_len, uint32_t speed_mbps)
{
	if (speed_mbps == 0)
		return 0;
	return (uint64_t)(frame_len + I40E_HW_WIRE_OVERHEAD_BYTES) * 8u *
	       1000000u / speed_mbps;
}

/**
 * Line rate in frames per second for frames of @p frame_len bytes
 * (including FCS) at @p speed_mbps, rounded down.  64 B at 40G = 59523809.
 */
static inline uint64_t
i40e_hw_line_rate_pps(uint32_t frame_len, uint32_t speed_mbps)
{
	return (uint64_t)speed_mbps * 1000000u /
	       ((uint64_t)(frame_len + I40E_HW_WIRE_OVERHEAD_BYTES) * 8u);
}

/* ======================================================================== */
/* Registers (PF BAR0, 32-bit).  Real XL710 offsets unless SIM-ONLY.       */

#define I40E_HW_QTX_ENA(q)   (0x00100000u + 4u * (q)) /**< TX queue enable */
#define I40E_HW_QTX_CTL(q)   (0x00104000u + 4u * (q)) /**< TX queue control (accepted, ignored) */
#define I40E_HW_QTX_TAIL(q)  (0x00108000u + 4u * (q)) /**< TX tail: the doorbell */
#define I40E_HW_QTX_HEAD(q)  (0x000E4000u + 4u * (q)) /**< TX head, read-only */
#define I40E_HW_QRX_ENA(q)   (0x00120000u + 4u * (q)) /**< RX queue enable */
#define I40E_HW_QRX_TAIL(q)  (0x00128000u + 4u * (q)) /**< RX tail */

/* QRX_ENA / QTX_ENA bits. */
#define I40E_HW_QENA_REQ       (1u << 0) /**< driver requests enable */
#define I40E_HW_QENA_FAST_QDIS (1u << 1) /**< fast disable (treated as disable) */
#define I40E_HW_QENA_STAT      (1u << 2) /**< device reports enabled (read-only) */

#define I40E_HW_QTAIL_MASK     0x1FFFu   /**< tail/head registers are 13 bits */

/** PF control; writing PFSWR (self-clearing) resets the PF's queues and state. */
#define I40E_HW_PFGEN_CTRL       0x00092400u
#define I40E_HW_PFGEN_CTRL_PFSWR (1u << 0)

/* RSS: hash key, redirection table and hash enable (PCTYPE mask). */
#define I40E_HW_PFQF_HKEY(i)   (0x00244800u + 128u * (i)) /**< i = 0..12, key bytes 4i..4i+3 */
#define I40E_HW_PFQF_HKEY_NUM  13u
#define I40E_HW_PFQF_HLUT(i)   (0x00240000u + 128u * (i)) /**< i = 0..127, entries 4i..4i+3 */
#define I40E_HW_PFQF_HLUT_NUM  128u
#define I40E_HW_PFQF_HENA(i)   (0x00245900u + 128u * (i)) /**< i = 0..1: PCTYPE bits 0-31, 32-63 */
/**
 * Each HLUT register holds four 8-bit entries (entry 4i+k in bits 8k..8k+7).
 * A real XL710 honours 6 bits (64 queues); the simulation honours all 8
 * (up to 256 queues) so that 128-queue RSS can be exercised.
 */
#define I40E_HW_PFQF_HLUT_ENTRY_WIDTH 8u

/* --- SIM-ONLY: per-queue context (real hardware: HMC queue context) ----- */
#define I40E_HW_SIM_REG_BASE        0x00800000u /**< start of the SIM-ONLY space */
#define I40E_HW_SIM_QRX_BASE_LO(q)  (0x00800000u + 4u * (q)) /**< ring base bits 31:0 */
#define I40E_HW_SIM_QRX_BASE_HI(q)  (0x00802000u + 4u * (q)) /**< ring base bits 63:32 */
#define I40E_HW_SIM_QRX_LEN(q)      (0x00804000u + 4u * (q)) /**< descriptors in ring */
#define I40E_HW_SIM_QRX_CTL(q)      (0x00806000u + 4u * (q)) /**< see QRX_CTL fields */
#define I40E_HW_SIM_QRX_HEAD(q)     (0x00808000u + 4u * (q)) /**< RX head, read-only */
#define I40E_HW_SIM_QTX_BASE_LO(q)  (0x00810000u + 4u * (q))
#define I40E_HW_SIM_QTX_BASE_HI(q)  (0x00812000u + 4u * (q))
#define I40E_HW_SIM_QTX_LEN(q)      (0x00814000u + 4u * (q))
/** Link status, read-only: bit 0 link up, bits 8-15 speed in Gb/s. */
#define I40E_HW_SIM_LINK_STATUS     0x00820000u
/*
 * SIM-ONLY: receive filters (real hardware: MAC/VLAN filters programmed
 * through the admin queue, and the VSI's promiscuous flags).  A MAC sits
 * in two registers: LO holds bytes 0-3 (byte 0 in bits 7:0), HI bytes 4-5
 * in bits 15:0 and the VALID bit (doc/spec/i40e-sim.md §4.8).
 */
#define I40E_HW_SIM_RXCTL           0x00830000u /**< bit 0 UPE, bit 1 MPE */
#define I40E_HW_SIM_UC_LO(i)        (0x00830100u + 4u * (i)) /**< unicast filter i */
#define I40E_HW_SIM_UC_HI(i)        (0x00830200u + 4u * (i))
#define I40E_HW_SIM_MC_LO(i)        (0x00830300u + 4u * (i)) /**< multicast filter i */
#define I40E_HW_SIM_MC_HI(i)        (0x00830400u + 4u * (i))
#define I40E_HW_SIM_MAC_FILTERS     64u  /**< entries of each filter table */
#define I40E_HW_SIM_REG_END         0x00830500u /**< end of the SIM-ONLY space */

#define I40E_HW_SIM_RXCTL_UPE       (1u << 0) /**< unicast promiscuous */
#define I40E_HW_SIM_RXCTL_MPE       (1u << 1) /**< multicast promiscuous (allmulti) */
#define I40E_HW_SIM_MAC_HI_VALID    (1u << 31) /**< filter entry in use */

/* SIM_QRX_CTL fields (modelled on the HMC RX context, i40e-facts §3.1). */
#define I40E_HW_SIM_QRX_CTL_DBUFF_SHIFT 0   /**< data buffer size, 128-byte units */
#define I40E_HW_SIM_QRX_CTL_DBUFF_WIDTH 7
#define I40E_HW_SIM_QRX_CTL_DSIZE_32    (1u << 7) /**< 1 = 32-byte descriptors, 0 = 16 */
/**
 * Strip one 802.1Q tag into L2TAG1 (real hardware: the VSI's VLAN mode,
 * set through the admin queue; doc/spec/i40e-sim.md §4.10).
 */
#define I40E_HW_SIM_QRX_CTL_VLAN_STRIP  (1u << 8)
/**
 * SIM-ONLY: report checksum verification (L3L4P, IPE, L4E) on this queue.
 * Real silicon checks every frame at no cost; the model's check costs CPU
 * (a 1518-byte frame's L4 sum more than doubled its per-frame cost), so a
 * queue whose driver did not ask for checksum offload gets write-backs
 * that say "not checked" (doc/spec/i40e-sim.md §4.9).
 */
#define I40E_HW_SIM_QRX_CTL_CSUM        (1u << 9)
#define I40E_HW_SIM_QRX_CTL_RXMAX_SHIFT 16  /**< max frame bytes; 0 = 5 x buffer */
#define I40E_HW_SIM_QRX_CTL_RXMAX_WIDTH 14

#define I40E_HW_SIM_LINK_UP           (1u << 0)
#define I40E_HW_SIM_LINK_SPEED_SHIFT  8
#define I40E_HW_SIM_LINK_SPEED_WIDTH  8

/** Build a SIM_QRX_CTL value. */
static inline uint32_t
i40e_hw_sim_qrx_ctl_build(uint32_t buf_bytes, bool desc32, uint32_t rxmax)
{
	return (uint32_t)(i40e_hw_field_put(buf_bytes / I40E_HW_RXBUF_UNIT,
					    I40E_HW_SIM_QRX_CTL_DBUFF_SHIFT,
					    I40E_HW_SIM_QRX_CTL_DBUFF_WIDTH) |
			  (desc32 ? I40E_HW_SIM_QRX_CTL_DSIZE_32 : 0u) |
			  i40e_hw_field_put(rxmax, I40E_HW_SIM_QRX_CTL_RXMAX_SHIFT,
					    I40E_HW_SIM_QRX_CTL_RXMAX_WIDTH));
}

#ifdef __cplusplus
}
#endif

#endif /* I40E_HW_H */
