/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Internet checksums as the device computes them (doc/spec/i40e-sim.md
 * §4.9 verification, §5.6 insertion, §5.7 TSO): RFC 1071 one's-complement
 * sums over big-endian 16-bit words, written here from the RFC.  sim/ uses
 * no DPDK header, so tests hold this against DPDK's rte_ipv4_cksum() and
 * rte_ipv4_udptcp_cksum() as an independent implementation.
 */
#include "i40e_sim_priv.h"

/* IPv4 header checksum of the @ihl-byte header at @ip, field taken as 0. */
uint16_t
i40e_sim_ipv4_hdr_csum(const uint8_t *ip, uint32_t ihl)
{
	uint32_t sum = i40e_sim_csum_add(0, ip, 10);

	sum = i40e_sim_csum_add(sum, ip + 12, ihl - 12);
	return (uint16_t)~i40e_sim_csum_fold(sum);
}
