/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Receive classification and RSS (doc/spec/i40e-sim.md §4.4, §4.7): parse
 * the frame into a hardware packet type and classifier type (PCTYPE), and
 * when PFQF_HENA enables that PCTYPE compute the Toeplitz hash and pick the
 * queue from the 512-entry redirection table.
 *
 * The hash is the model's own, written from the datasheet definition: sim/
 * uses no DPDK header, so tests/pmd/toeplitz can hold it against DPDK's
 * rte_softrss() as an independent implementation.
 */
#include <string.h>

#include "i40e_sim_priv.h"
#include "i40e_sim_toeplitz.h"

/* Key bit @p bit (bit 0 = MSB of byte 0); bits past the key are zero. */
static inline uint32_t
key_bit(const uint8_t *key, size_t key_len, size_t bit)
{
	if (bit / 8 >= key_len)
		return 0;
	return (key[bit / 8] >> (7 - bit % 8)) & 1u;
}

uint32_t
i40e_sim_toeplitz(const uint8_t *key, size_t key_len, const uint8_t *input,
		  size_t len)
{
	uint32_t hash = 0, window = 0;

	/* window = key bits [i, i+32) for the input bit i being looked at. */
	for (size_t b = 0; b < 32; b++)
		window = window << 1 | key_bit(key, key_len, b);
	for (size_t i = 0; i < 8 * len; i++) {
		if ((input[i / 8] >> (7 - i % 8)) & 1u)
			hash ^= window;
		window = window << 1 | key_bit(key, key_len, i + 32);
	}
	return hash;
}

static inline uint16_t
rd16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

/* Packet type and PCTYPE of an IPv4 L4 protocol (i40e-facts §1.5). */
static void
class_ipv4_l4(uint8_t proto, uint32_t *ptype, uint32_t *pctype, bool *ports)
{
	*ports = false;
	switch (proto) {
	case 17:
		*ptype = I40E_HW_PTYPE_IPV4_UDP;
		*pctype = I40E_HW_PCTYPE_NONF_IPV4_UDP;
		*ports = true;
		break;
	case 6:
		*ptype = I40E_HW_PTYPE_IPV4_TCP;
		*pctype = I40E_HW_PCTYPE_NONF_IPV4_TCP;
		*ports = true;
		break;
	case 132:
		*ptype = I40E_HW_PTYPE_IPV4_SCTP;
		*pctype = I40E_HW_PCTYPE_NONF_IPV4_SCTP;
		break;
	case 1:
		*ptype = I40E_HW_PTYPE_IPV4_ICMP;
		*pctype = I40E_HW_PCTYPE_NONF_IPV4_OTHER;
		break;
	default:
		*ptype = I40E_HW_PTYPE_IPV4;
		*pctype = I40E_HW_PCTYPE_NONF_IPV4_OTHER;
		break;
	}
}

static void
class_ipv6_l4(uint8_t nh, uint32_t *ptype, uint32_t *pctype, bool *ports)
{
	*ports = false;
	switch (nh) {
	case 17:
		*ptype = I40E_HW_PTYPE_IPV6_UDP;
		*pctype = I40E_HW_PCTYPE_NONF_IPV6_UDP;
		*ports = true;
		break;
	case 6:
		*ptype = I40E_HW_PTYPE_IPV6_TCP;
		*pctype = I40E_HW_PCTYPE_NONF_IPV6_TCP;
		*ports = true;
		break;
	case 132:
		*ptype = I40E_HW_PTYPE_IPV6_SCTP;
		*pctype = I40E_HW_PCTYPE_NONF_IPV6_SCTP;
		break;
	case 58:
		*ptype = I40E_HW_PTYPE_IPV6_ICMP;
		*pctype = I40E_HW_PCTYPE_NONF_IPV6_OTHER;
		break;
	case 44:
		*ptype = I40E_HW_PTYPE_IPV6_FRAG;
		*pctype = I40E_HW_PCTYPE_FRAG_IPV6;
		break;
	default:
		*ptype = I40E_HW_PTYPE_IPV6;
		*pctype = I40E_HW_PCTYPE_NONF_IPV6_OTHER;
		break;
	}
}

/*
 * Hash the tuple (network byte order, as it sits in the frame) when the
 * PCTYPE is enabled in PFQF_HENA; then pick the queue.
 */
static void
class_hash(const struct i40e_sim_port *p, uint32_t pctype,
	   const uint8_t *tuple, size_t len, struct i40e_sim_rx_class *c)
{
	if (((p->rss_hena >> pctype) & 1) == 0)
		return;
	c->hash = i40e_sim_toeplitz(p->rss_key, sizeof(p->rss_key), tuple, len);
	c->hash_valid = true;
	c->queue = p->rss_lut[c->hash & (I40E_HW_RSS_LUT_SIZE - 1)];
}

/*
 * §4.9: the L4 checksum a TCP/UDP datagram of @l4_len bytes at @l4_off
 * still needs (non-fragment, room for the L4 header); none otherwise.
 */
static void
class_l4_check(struct i40e_sim_rx_class *c, uint8_t proto, uint32_t l4_off,
	       uint32_t l4_len, const uint8_t *l4, uint32_t l4_avail)
{
	if ((proto != 6 && proto != 17) || l4_len < (proto == 6 ? 20u : 8u) ||
	    l4_avail < 8)
		return;
	c->l4_check = true;
	c->udp_zero = proto == 17 && rd16(l4 + 6) == 0;
	c->proto = proto;
	c->l4_off = l4_off;
	c->l4_len = l4_len;
}

/*
 * @ip is at frame offset @l3; @avail bytes of the frame from @ip are at
 * hand, @room bytes of the whole frame follow @l3 (Ethernet padding may
 * follow the datagram, so its own total length bounds the L4 check).
 */
static void
class_ipv4(const struct i40e_sim_port *p, const uint8_t *ip, uint32_t l3,
	   uint32_t avail, uint32_t room, struct i40e_sim_rx_class *c)
{
	uint32_t ihl = (ip[0] & 0xFu) * 4u, pctype, tot;
	uint8_t tuple[12];   /* src, dst, sport, dport */
	bool ports;

	c->ptype = I40E_HW_PTYPE_IPV4;
	if ((ip[0] >> 4) != 4 || ihl < 20 || avail < ihl)
		return;  /* malformed IP: no hash, no L3L4P */
	tot = rd16(ip + 2);
	/* §4.9: a datagram whose total length the frame does not hold is
	 * not checked (L3L4P clear); the header checksum covers ihl bytes. */
	if (tot >= ihl && tot <= room) {
		/* The header checksum itself waits for the queue: only one
		 * that checks sums computes it (i40e_sim_ipv4_hdr_check()). */
		c->l3l4p = true;
		c->ihl = (uint8_t)ihl;
	}
	memcpy(tuple, ip + 12, 8);
	if ((rd16(ip + 6) & 0x3FFF) != 0) {   /* MF or fragment offset */
		c->ptype = I40E_HW_PTYPE_IPV4_FRAG;
		class_hash(p, I40E_HW_PCTYPE_FRAG_IPV4, tuple, 8, c);
		return;
	}
	class_ipv4_l4(ip[9], &c->ptype, &pctype, &ports);
	if (c->l3l4p)
		class_l4_check(c, ip[9], l3 + ihl, tot - ihl, ip + ihl, avail - ihl);
	if (ports && avail >= ihl + 4)
		memcpy(tuple + 8, ip + ihl, 4);
	else
		ports = false;
	class_hash(p, pctype, tuple, ports ? 12 : 8, c);
}

static void
class_ipv6(const struct i40e_sim_port *p, const uint8_t *ip, uint32_t l3,
	   uint32_t avail, uint32_t room, struct i40e_sim_rx_class *c)
{
	uint32_t pctype, plen;
	uint8_t tuple[36];   /* src, dst, sport, dport */
	bool ports;

	c->ptype = I40E_HW_PTYPE_IPV6;
	if ((ip[0] >> 4) != 6 || avail < 40)
		return;
	memcpy(tuple, ip + 8, 32);
	class_ipv6_l4(ip[6], &c->ptype, &pctype, &ports);
	/* §4.9: IPv6 has no header checksum; L3L4P means its TCP/UDP
	 * checksum was checked, so it needs a datagram the frame holds. */
	plen = rd16(ip + 4);
	if (plen + 40 <= room) {
		class_l4_check(c, ip[6], l3 + 40, plen, ip + 40, avail - 40);
		c->l3l4p = c->l4_check;
		c->v6 = true;
	}
	if (ports && avail >= 44)
		memcpy(tuple + 32, ip + 40, 4);
	else
		ports = false;
	class_hash(p, pctype, tuple, ports ? 36 : 32, c);
}

void
i40e_sim_ipv4_hdr_check(struct i40e_sim_rx_class *c, const uint8_t *frame)
{
	if (c->ihl != 0 &&
	    i40e_sim_csum_fold(i40e_sim_csum_add(0, frame + c->l3_off,
						 c->ihl)) != 0xFFFF)
		c->err |= (uint32_t)(I40E_HW_RXD_ERROR_IPE >>
				     I40E_HW_RXD_QW1_ERROR_SHIFT);
}

void
i40e_sim_classify(const struct i40e_sim_port *p, const uint8_t *frame,
		  uint32_t avail, uint32_t len, struct i40e_sim_rx_class *c)
{
	uint32_t l3 = 14;
	uint16_t etype;

	memset(c, 0, sizeof(*c));
	c->ptype = I40E_HW_PTYPE_L2;
	if (avail < 14)
		return;
	if (frame[0] & 1) {
		static const uint8_t bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

		c->umbcast = memcmp(frame, bcast, 6) == 0 ? 2 : 1;
	}
	etype = rd16(frame + 12);
	if (etype == 0x8100 && avail >= 18) {   /* one VLAN tag (§4.10) */
		c->vlan = true;
		c->tci = rd16(frame + 14);
		etype = rd16(frame + 16);
		l3 = 18;
	}
	c->l3_off = l3;
	switch (etype) {
	case 0x0800:
		class_ipv4(p, frame + l3, l3, avail - l3, len - l3, c);
		break;
	case 0x86DD:
		class_ipv6(p, frame + l3, l3, avail - l3, len - l3, c);
		break;
	case 0x0806:
		c->ptype = I40E_HW_PTYPE_ARP;
		break;
	default:
		break;
	}
}
