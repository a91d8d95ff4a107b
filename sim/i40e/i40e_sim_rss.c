/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Receive classification and RSS (doc/spec/i40e-sim.md §4.4, §4.7): parse
 * the frame into a hardware packet type and classifier type (PCTYPE), and
 * when PFQF_HENA enables that PCTYPE compute the Toeplitz hash with DPDK's
 * rte_softrss_be() (header-inline, rte_thash.h) and pick the queue from the
 * 512-entry redirection table.
 *
 * This is the only file of the model compiled against DPDK headers; it
 * links nothing from DPDK.
 */
#include <string.h>

#include <rte_thash.h>

#include "i40e_sim_priv.h"

/* rte_softrss_be() wants the key as host-order 32-bit words (§4.7). */
void
i40e_sim_rss_key_update(struct i40e_sim_port *p)
{
	for (unsigned int i = 0; i < I40E_HW_RSS_KEY_SIZE / 4; i++) {
		const uint8_t *k = &p->rss_key[4 * i];

		p->rss_key_be[i] = (uint32_t)k[0] << 24 | (uint32_t)k[1] << 16 |
				   (uint32_t)k[2] << 8 | k[3];
	}
}

static inline uint16_t
rd16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static inline uint32_t
rd32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
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

/* Hash when the PCTYPE is enabled in PFQF_HENA; then pick the queue. */
static void
class_hash(const struct i40e_sim_port *p, uint32_t pctype, uint32_t *tuple,
	   uint32_t words, struct i40e_sim_rx_class *c)
{
	if (((p->rss_hena >> pctype) & 1) == 0)
		return;
	c->hash = rte_softrss_be(tuple, words, (const uint8_t *)p->rss_key_be);
	c->hash_valid = true;
	c->queue = p->rss_lut[c->hash & (I40E_HW_RSS_LUT_SIZE - 1)];
}

static void
class_ipv4(const struct i40e_sim_port *p, const uint8_t *ip, uint32_t room,
	   struct i40e_sim_rx_class *c)
{
	uint32_t ihl = (ip[0] & 0xFu) * 4u, pctype, tuple[3];
	bool ports;

	c->ptype = I40E_HW_PTYPE_IPV4;
	if ((ip[0] >> 4) != 4 || ihl < 20 || room < ihl)
		return;  /* malformed IP: no hash, no L3L4P */
	c->l3l4p = true;
	tuple[0] = rd32(ip + 12);
	tuple[1] = rd32(ip + 16);
	if ((rd16(ip + 6) & 0x3FFF) != 0) {   /* MF or fragment offset */
		c->ptype = I40E_HW_PTYPE_IPV4_FRAG;
		class_hash(p, I40E_HW_PCTYPE_FRAG_IPV4, tuple, 2, c);
		return;
	}
	class_ipv4_l4(ip[9], &c->ptype, &pctype, &ports);
	if (ports && room >= ihl + 4)
		tuple[2] = rd32(ip + ihl);
	else
		ports = false;
	class_hash(p, pctype, tuple, ports ? 3 : 2, c);
}

static void
class_ipv6(const struct i40e_sim_port *p, const uint8_t *ip, uint32_t room,
	   struct i40e_sim_rx_class *c)
{
	uint32_t pctype, tuple[9];
	bool ports;

	c->ptype = I40E_HW_PTYPE_IPV6;
	if ((ip[0] >> 4) != 6 || room < 40)
		return;
	c->l3l4p = true;
	for (unsigned int i = 0; i < 8; i++)
		tuple[i] = rd32(ip + 8 + 4 * i);
	class_ipv6_l4(ip[6], &c->ptype, &pctype, &ports);
	if (ports && room >= 44)
		tuple[8] = rd32(ip + 40);
	else
		ports = false;
	class_hash(p, pctype, tuple, ports ? 9 : 8, c);
}

void
i40e_sim_classify(const struct i40e_sim_port *p, const uint8_t *frame,
		  uint32_t len, struct i40e_sim_rx_class *c)
{
	uint32_t l3 = 14;
	uint16_t etype;

	c->ptype = I40E_HW_PTYPE_L2;
	c->l3l4p = false;
	c->hash_valid = false;
	c->hash = 0;
	c->queue = 0;
	c->umbcast = 0;
	if (len < 14)
		return;
	if (frame[0] & 1) {
		static const uint8_t bcast[6] = { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF };

		c->umbcast = memcmp(frame, bcast, 6) == 0 ? 2 : 1;
	}
	etype = rd16(frame + 12);
	if (etype == 0x8100 && len >= 18) {   /* one VLAN tag, left in place */
		etype = rd16(frame + 16);
		l3 = 18;
	}
	switch (etype) {
	case 0x0800:
		class_ipv4(p, frame + l3, len - l3, c);
		break;
	case 0x86DD:
		class_ipv6(p, frame + l3, len - l3, c);
		break;
	case 0x0806:
		c->ptype = I40E_HW_PTYPE_ARP;
		break;
	default:
		break;
	}
}
