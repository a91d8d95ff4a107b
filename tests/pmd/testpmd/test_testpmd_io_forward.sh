#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# io forwarding through Debian's stock dpdk-testpmd with the plugin: two
# ATU ports wired to each other, --tx-first, stats every second, stopped
# with SIGINT after four stats periods.  Checks:
#  - both ports forwarded packets (the "Forward statistics" blocks);
#  - between the last two stats periods (--display-xstats), which must
#    bracket >= 100k received packets, each port's hv_map_calls stays
#    the same (dma=pool: no hypercall per packet) or grows by at least
#    one per received packet (dma=map: each RX refill maps its buffer);
#  - each port's close logged "closed, every IOTSB entry returned".
# Usage: test_testpmd_io_forward.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so> pool|map
set -u
. "$(dirname "$0")/testpmd_lib.sh"
# I40E_SUN4V_TEST_HUGE=1 (scripts/test-huge.sh): the same run on huge pages.
if [ -n "${I40E_SUN4V_TEST_HUGE:-}" ]; then MEM_MODE=--huge-unlink; else MEM_MODE=--no-huge; fi
TESTPMD=$1
PMD=$2
DMA=${3:-pool}
PREFIX="i40es4v_io_${DMA}_$$"
out=$(mktemp)
# --no-shconf keeps EAL's runtime files (MBs per run) off tmpfs; only an
# empty runtime directory is left, removed on exit.
trap 'rm -f "$out"; rmdir "/var/run/dpdk/$PREFIX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX" 2>/dev/null' EXIT
fail() {
	echo "FAIL ($DMA): $*"
	echo "--- testpmd output (escape sequences stripped):"
	tr -d '\033' <"$out" | sed 's/\[2J\[1;1H//g'
	exit 1
}

A0="net_i40e_sun4v0,iommu=atu,dma=$DMA,peer=net_i40e_sun4v1"
A1="net_i40e_sun4v1,iommu=atu,dma=$DMA,peer=net_i40e_sun4v0"
# SIGINT is testpmd's orderly stop: it prints the forward statistics,
# stops and closes the ports, and exits.  It is sent once four stats
# periods were printed (EAL start-up time varies with the machine's load),
# or after 30 s; the periods, not a fixed time, bound the run (stdbuf:
# line-buffered output, so the periods can be counted while it runs).
stdbuf -oL "$TESTPMD" -d "$PMD" $MEM_MODE -m 512 --no-pci \
	-l 0-1 --file-prefix "$PREFIX" --no-shconf \
	--log-level='pmd.net.i40e_sun4v.*:info' \
	--vdev "$A0" --vdev "$A1" -- \
	--tx-first --stats-period 1 --total-num-mbufs=8192 --forward-mode=io \
	--display-xstats hv_map_calls,iotsb_entries_used >"$out" 2>&1 &
pid=$!
wait_periods "$pid" "$out" 4 'NIC statistics for port 1'
stop_testpmd "$pid"
[ "$rc" -eq 0 ] || [ "$rc" -eq 130 ] ||
	fail "testpmd exited with status $rc (before SIGINT, or did not stop on it)"

for p in 0 1; do
	# "Forward statistics for port N" is followed by its RX and TX lines.
	counts=$(awk -v port="$p" '
		$0 ~ "Forward statistics for port " port " " { f = 1; next }
		f && $1 == "RX-packets:" { rx = $2 }
		f && $1 == "TX-packets:" { tx = $2; f = 0 }
		END { print rx + 0, tx + 0 }' "$out")
	rx=${counts% *}
	tx=${counts#* }
	[ "$rx" -gt 0 ] || fail "port $p received no packets (RX-packets $rx)"
	[ "$tx" -gt 0 ] || fail "port $p sent no packets (TX-packets $tx)"
	echo "port $p: forwarded RX $rx TX $tx"

	# "RX-packets hv_map_calls" of port p, one line per stats period.
	vals=$(awk -v port="$p" '
		/NIC statistics for port/ { cur = $0; sub(/.*port /, "", cur); sub(/ .*/, "", cur) }
		/Forward statistics|Accumulated/ { cur = "" }
		$1 == "RX-packets:" && cur == port { rx = $2 }
		$1 == "hv_map_calls" && cur == port { print rx, $2 }' "$out")
	n=$(echo "$vals" | grep -c .)
	[ "$n" -ge 2 ] || fail "port $p: $n stats periods with hv_map_calls, need 2"
	last=$(echo "$vals" | tail -n 1)
	prev=$(echo "$vals" | tail -n 2 | head -n 1)
	rx_d=$((${last% *} - ${prev% *}))
	hv_d=$((${last#* } - ${prev#* }))
	echo "port $p: last two of $n stats periods: +$rx_d packets received, hv_map_calls ${prev#* } -> ${last#* }"
	# The two periods must bracket real forwarding, not the start-up.
	[ "$rx_d" -ge 100000 ] ||
		fail "port $p: only $rx_d packets between the last two stats periods"
	if [ "$DMA" = pool ]; then
		[ "$hv_d" -eq 0 ] ||
			fail "port $p: $hv_d map hypercalls for $rx_d packets in dma=pool mode"
	else
		# Every received buffer is replaced by a freshly mapped one.
		[ "$hv_d" -ge "$rx_d" ] ||
			fail "port $p: $hv_d map hypercalls for $rx_d packets in dma=map mode"
	fi
	grep -q "net_i40e_sun4v$p: closed, every IOTSB entry returned" "$out" ||
		fail "port $p: no \"closed, every IOTSB entry returned\" line at close"
done
echo "ok: io forwarding through dpdk-testpmd (dma=$DMA)"
