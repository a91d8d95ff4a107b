#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# A secondary process is refused cleanly: its probe of net_i40e_sun4v logs
# "secondary processes are not supported" (the device model and its IOMMU
# live in the primary's private memory) and the primary keeps forwarding.
# DPDK secondaries need a hugepage-backed primary (EAL cannot share
# --no-huge memory), so without free huge pages this test skips and says so.
# Usage: test_testpmd_secondary.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so>
set -u
TESTPMD=$1
PMD=$2
free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
if [ "${free:-0}" -lt 256 ]; then
	echo "SKIP: secondary processes need a hugepage-backed primary; this machine has ${free:-0} free huge pages (need 256)"
	exit 77
fi
PREFIX="i40es4v_sec_$$"
prim=$(mktemp)
sec=$(mktemp)
trap 'kill -INT $pid 2>/dev/null; rm -f "$prim" "$sec"' EXIT
stdbuf -oL "$TESTPMD" -d "$PMD" -m 512 --no-pci -l 0-1 --file-prefix "$PREFIX" \
	--vdev net_i40e_sun4v0,peer=net_i40e_sun4v1 \
	--vdev net_i40e_sun4v1,peer=net_i40e_sun4v0 -- \
	--tx-first --stats-period 1 --total-num-mbufs=8192 >"$prim" 2>&1 &
pid=$!
n=0
while ! grep -q 'NIC statistics for port 1' "$prim" && [ $n -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
timeout 20 "$TESTPMD" -d "$PMD" --no-pci -l 1 --proc-type=secondary \
	--file-prefix "$PREFIX" -- --stats-period 1 >"$sec" 2>&1
grep -q 'secondary processes are not supported' "$sec" ||
	{ echo "FAIL: no refusal message"; cat "$sec"; exit 1; }
kill -0 "$pid" || { echo "FAIL: the primary died"; cat "$prim"; exit 1; }
echo "ok: secondary refused with a message, primary still running"
