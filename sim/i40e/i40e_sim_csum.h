/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The device's RFC 1071 sum, inline: it runs for every frame received
 * (doc/spec/i40e-sim.md §4.9) and every checksum inserted (§5.6).  Written
 * here from the RFC; sim/ uses no DPDK header.
 */
#ifndef I40E_SIM_CSUM_H
#define I40E_SIM_CSUM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

static inline uint16_t
i40e_sim_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * Add @len bytes at @b to the running sum (a big-endian 16-bit value or
 * a fold of them); @len is even except for the last piece of a message
 * (its odd byte is padded with zero).  RFC 1071 §2: the sum may be taken
 * in the host's byte order, 32 bits at a time, and folded and swapped at
 * the end; this runs for every frame the device receives (§4.9), so it
 * does not go byte by byte.
 */
static inline uint32_t
i40e_sim_csum_add(uint32_t sum, const uint8_t *b, uint32_t len)
{
	uint64_t s = 0;
	uint32_t i = 0;

	for (; i + 4 <= len; i += 4) {
		uint32_t w;

		memcpy(&w, b + i, 4);
		s += w;
	}
	for (; i + 2 <= len; i += 2) {
		uint16_t w;

		memcpy(&w, b + i, 2);
		s += w;
	}
	if (i < len) {
		uint8_t last[2] = { b[i], 0 };
		uint16_t w;

		memcpy(&w, last, 2);
		s += w;
	}
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	s = ((s & 0xFF) << 8) | (s >> 8);
#endif
	return i40e_sim_csum_fold(sum + (uint32_t)s);
}


/*
 * Pseudo-header sum of TCP/UDP (RFC 793/768 for IPv4, RFC 8200 §8.1 for
 * IPv6): addresses, protocol and L4 length.  @ip is the IP header, @v6
 * its version; @with_len false leaves the length out (the TSO seed,
 * §5.7, to which the device adds each segment's length).
 */
static inline uint32_t
i40e_sim_csum_pseudo(const uint8_t *ip, bool v6, uint8_t proto,
		     uint32_t l4_len, bool with_len)
{
	uint32_t sum = v6 ? i40e_sim_csum_add(0, ip + 8, 32) :
			    i40e_sim_csum_add(0, ip + 12, 8);

	sum += proto;
	if (with_len)
		sum += (l4_len >> 16) + (l4_len & 0xFFFF);
	return i40e_sim_csum_fold(sum);
}

#endif /* I40E_SIM_CSUM_H */
