#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Interactive dpdk-testpmd with the plugin: commands piped into `-i`
# (start tx_first / show port xstats all / stop / quit).  Checks that every
# xstat of the PMD is listed by name for both ports, that the per-queue
# counters moved, that forwarding happened, and that testpmd quits cleanly
# with every IOTSB entry returned.
# Usage: test_testpmd_interactive.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so>
set -u
# I40E_SUN4V_TEST_HUGE=1 (scripts/test-huge.sh): the same run on huge pages.
if [ -n "${I40E_SUN4V_TEST_HUGE:-}" ]; then MEM_MODE=--huge-unlink; else MEM_MODE=--no-huge; fi
TESTPMD=$1
PMD=$2
PREFIX="i40es4v_int_$$"
out=$(mktemp)
# --no-shconf keeps EAL's runtime files (MBs per run) off tmpfs; only an
# empty runtime directory is left, removed on exit.
trap 'rm -f "$out"; rmdir "/var/run/dpdk/$PREFIX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX" 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; echo "--- testpmd output:"; cat "$out"; exit 1; }

{
	echo "start tx_first"
	sleep 1
	echo "show port xstats all"
	echo "stop"
	sleep 0.5
	echo "quit"
} | timeout -k 10 30 "$TESTPMD" -d "$PMD" $MEM_MODE -m 512 --no-pci -l 0-1 \
	--file-prefix "$PREFIX" --no-shconf --log-level='pmd.net.i40e_sun4v.*:info' \
	--vdev 'net_i40e_sun4v0,peer=net_i40e_sun4v1' \
	--vdev 'net_i40e_sun4v1,peer=net_i40e_sun4v0' \
	-- -i --total-num-mbufs=8192 >"$out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "testpmd exited with status $rc"

for name in hv_map_calls hv_demap_calls hv_map_ttes dma_map_errors \
	iotsb_entries_used iotlb_hits iotlb_misses iommu_faults \
	rx_missed_no_desc tx_unmapped_mbufs rx_q0_packets rx_q0_bytes \
	tx_q0_packets tx_q0_bytes; do
	n=$(grep -c "^ *$name: [0-9][0-9]*$" "$out")
	[ "$n" -eq 2 ] || fail "xstat $name listed $n times, want once per port"
done
# Forwarding ran: each port's RX queue 0 counted packets.
grep "^ *rx_q0_packets: " "$out" | while read -r _ v; do
	[ "$v" -gt 0 ] || { echo "FAIL: rx_q0_packets is $v"; exit 1; }
done || fail "a port received nothing while forwarding"
grep -q "iommu_faults: 0$" "$out" || fail "iommu_faults missing or non-zero"
grep -q "Accumulated forward statistics for all ports" "$out" ||
	fail "stop printed no forward statistics"
for p in 0 1; do
	grep -q "net_i40e_sun4v$p: closed, every IOTSB entry returned" "$out" ||
		fail "port $p: no \"closed, every IOTSB entry returned\" at quit"
done
echo "ok: interactive testpmd lists every xstat and quits cleanly"
