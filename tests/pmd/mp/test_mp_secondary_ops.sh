#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# A secondary application (mp_secondary.c) attaches to a forwarding testpmd
# primary's two ports: it reads their stats, every operation that needs
# the device returns -ENOTSUP, the bursts return 0, and the port is left
# as it was.  The reason is logged once for the process (not once per
# port or per call), and the primary keeps forwarding and closes both
# ports cleanly afterwards.
# Usage: test_mp_secondary_ops.sh <dpdk-testpmd> <mp_secondary> <PMD .so>
set -u
TESTPMD=$1
SECONDARY=$2
PMD=$3
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/mp_lib.sh"
mp_setup sec

mp_primary "$TESTPMD" "$PMD" --tx-first --stats-period 1
mp_wait 1 'NIC statistics for port 1'
timeout 60 "$SECONDARY" --proc-type=secondary -d "$PMD" --no-pci -l 1 \
	--file-prefix "$MP_PREFIX" >"$MP_DIR/secondary.txt" 2>&1 ||
	mp_fail "the secondary's cases failed"
n=$(grep -c 'attached in a secondary process: .* return -ENOTSUP' \
	"$MP_DIR/secondary.txt")
[ "$n" -eq 1 ] || mp_fail "the reason was logged $n times, want once"
grep -q 'mp_secondary: 6 passed, 0 failed' "$MP_DIR/secondary.txt" ||
	mp_fail "not every case ran"
kill -0 "$MP_PID" || mp_fail "the primary died"
mp_stop_primary
echo "ok: the secondary reads stats, its device operations fail with" \
     "-ENOTSUP (said once), the primary is undisturbed"
