/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL side of the harnesses that drive live ports (tests/fuzz/fuzz_pmd_*.c,
 * doc/reliability.md §3): the EAL is initialised once per process, on the
 * first input, and every input then works on ports of that one EAL.  The
 * PMD is linked into the harness (whole, so its constructor registers the
 * driver): libFuzzer sees its coverage, and the replay build runs the same
 * code.
 */
#ifndef FUZZ_EAL_H
#define FUZZ_EAL_H

#include <stdbool.h>
#include <stdint.h>

#include <rte_mempool.h>

/** rte_eal_init() on the first call (one lcore, --no-huge, the PMD's log
 *  into a capture stream); aborts if the EAL cannot start. */
void fze_init(const char *name);

/** Empty the log capture (one input's messages at a time). */
void fze_log_reset(void);

/** What was logged since fze_log_reset() (never NULL). */
const char *fze_log_text(void);

/** Probe net_i40e_sun4v<idx> with @p devargs; 0 and its port id, or the
 *  probe's negative errno. */
int fze_port_create(unsigned int idx, const char *devargs, uint16_t *port);

/** Close and remove a port made by fze_port_create(); 0 or -errno. */
int fze_port_destroy(uint16_t port);

/** Mempool of @p n mbufs with 2 KB of data room, no per-lcore cache (so
 *  rte_mempool_in_use_count() is exact); aborts on failure. */
struct rte_mempool *fze_pool(const char *name, unsigned int n);

/** Value of xstat @p name of @p port; aborts if it has none. */
uint64_t fze_xstat(uint16_t port, const char *name);

/** Join the machine the first port created and keep it until exit. */
void fze_board_hold(void);

/** Valid IOTSB entries of root complex @p rc's legacy window, read from
 *  the platform itself (not from the driver's books). */
uint64_t fze_legacy_in_use(unsigned int rc);

/** Bytes allocated on the DPDK heap of socket 0. */
uint64_t fze_heap_bytes(void);

#endif /* FUZZ_EAL_H */
