/* SPDX-License-Identifier: BSD-3-Clause */
/**
 * @file
 * The simulated XL710's Toeplitz hash (doc/spec/i40e-sim.md §4.7), exposed
 * so that tests can hold it against DPDK's rte_softrss().
 *
 * The model computes it from the datasheet definition in plain C, with no
 * DPDK header: the driver's DPDK-based view and the model are then two
 * independent implementations, and a test that finds them equal is
 * evidence that both are right.
 */
#ifndef I40E_SIM_TOEPLITZ_H
#define I40E_SIM_TOEPLITZ_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Toeplitz hash of @p input under @p key.
 *
 * For every set bit of the input, most significant bit of byte 0 first,
 * the 32-bit window of the key that starts at that bit's position is XORed
 * into the result.  Key bits past @p key_len count as zero, so a key needs
 * at least @p len + 4 bytes to cover every window (the XL710's 52-byte key
 * covers the 36-byte IPv6 4-tuple).
 *
 * @param key
 *   The hash key, bytes as the hardware holds them (byte 0 first).
 * @param key_len
 *   Bytes of @p key.
 * @param input
 *   The tuple in network byte order (for IPv4 L4: source address,
 *   destination address, source port, destination port).
 * @param len
 *   Bytes of @p input.
 * @return
 *   The 32-bit hash.
 */
uint32_t i40e_sim_toeplitz(const uint8_t *key, size_t key_len,
			   const uint8_t *input, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* I40E_SIM_TOEPLITZ_H */
