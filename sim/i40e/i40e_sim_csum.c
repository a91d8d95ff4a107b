/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internet checksums as the device computes them (doc/spec/i40e-sim.md
 * §4.9 verification, §5.6 insertion, §5.7 TSO): RFC 1071 one's-complement
 * sums over big-endian 16-bit words, written here from the RFC.  sim/ uses
 * no DPDK header, so tests hold this against DPDK's rte_ipv4_cksum() and
 * rte_ipv4_udptcp_cksum() as an independent implementation.
 */
#include "i40e_sim_priv.h"

/* Add @len bytes at @b to the running sum; @len is even except for the
 * last piece of a message (its odd byte is padded with zero, RFC 1071). */
uint32_t
i40e_sim_csum_add(uint32_t sum, const uint8_t *b, uint32_t len)
{
	uint64_t s = sum;
	uint32_t i = 0;

	for (; i + 1 < len; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	if (i < len)
		s += (uint32_t)b[i] << 8;
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint32_t)s;
}

uint16_t
i40e_sim_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xFFFF) + (sum >> 16);
	return (uint16_t)sum;
}

/*
 * Pseudo-header sum of TCP/UDP (RFC 793/768 for IPv4, RFC 8200 §8.1 for
 * IPv6): addresses, protocol and L4 length.  @ip is the IP header, @v6
 * its version; @with_len false leaves the length out (the TSO seed,
 * §5.7, to which the device adds each segment's length).
 */
uint32_t
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

/* IPv4 header checksum of the @ihl-byte header at @ip, field taken as 0. */
uint16_t
i40e_sim_ipv4_hdr_csum(const uint8_t *ip, uint32_t ihl)
{
	uint32_t sum = i40e_sim_csum_add(0, ip, 10);

	sum = i40e_sim_csum_add(sum, ip + 12, ihl - 12);
	return (uint16_t)~i40e_sim_csum_fold(sum);
}
