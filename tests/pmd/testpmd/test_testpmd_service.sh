#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# engine=service through Debian's stock dpdk-testpmd with the plugin: two
# ports wired to each other whose device runs as the DPDK service
# i40e_sun4v_engine on a service lcore (doc/guides/nics/i40e_sun4v.rst,
# "engine").  The machine has 2 CPUs: main lcore 0 and the service lcore 2
# share CPU 0, the forwarding lcore 1 has CPU 1.
#  forward: io forwarding with --tx-first and stats every second, stopped
#      with SIGINT after four stats periods: both ports received more than
#      MIN_RX packets, no RX-errors, and each port's close logged "closed,
#      every IOTSB entry returned".
#  no_service_lcore: the same ports with `-l 0-1` (no service lcore): the
#      probe fails and the log says how to give EAL a service lcore.
# Usage: test_testpmd_service.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so> forward|no_service_lcore
set -u
. "$(dirname "$0")/testpmd_lib.sh"
# I40E_SUN4V_TEST_HUGE=1 (scripts/test-huge.sh): the same run on huge pages.
if [ -n "${I40E_SUN4V_TEST_HUGE:-}" ]; then MEM_MODE=--huge-unlink; else MEM_MODE=--no-huge; fi
TESTPMD=$1
PMD=$2
MODE=${3:-forward}
PREFIX="i40es4v_svc_${MODE}_$$"
MIN_RX=10000
out=$(mktemp)
# --no-shconf keeps EAL's runtime files (MBs per run) off tmpfs; only an
# empty runtime directory is left, removed on exit.
trap 'rm -f "$out"; rmdir "/var/run/dpdk/$PREFIX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX" 2>/dev/null' EXIT
fail() {
	echo "FAIL ($MODE): $*"
	echo "--- testpmd output (escape sequences stripped):"
	tr -d '\033' <"$out" | sed 's/\[2J\[1;1H//g'
	exit 1
}

A0="net_i40e_sun4v0,peer=net_i40e_sun4v1,engine=service"
A1="net_i40e_sun4v1,peer=net_i40e_sun4v0,engine=service"
case "$MODE" in
forward) LCORES="--lcores 0@0,1@1,2@0 -S 2" ;;
no_service_lcore) LCORES="-l 0-1" ;;
*) echo "unknown mode $MODE"; exit 2 ;;
esac

# SIGINT is testpmd's orderly stop: it prints the forward statistics,
# stops and closes the ports, and exits.  It is sent once four stats
# periods were printed (no_service_lcore: once testpmd says it has no
# port), or after 30 s, or at once when testpmd has exited (stdbuf:
# line-buffered output, so the periods can be counted).
# $LCORES is split on purpose: it holds several options.
# shellcheck disable=SC2086
stdbuf -oL "$TESTPMD" -d "$PMD" $MEM_MODE -m 1024 --no-pci $LCORES \
	--file-prefix "$PREFIX" --no-shconf \
	--log-level='pmd.net.i40e_sun4v.*:info' \
	--vdev "$A0" --vdev "$A1" -- \
	--forward-mode=io --tx-first --stats-period 1 \
	--total-num-mbufs=16384 --nb-cores=1 >"$out" 2>&1 &
pid=$!
if [ "$MODE" = no_service_lcore ]; then
	run_periods "$pid" "$out" 4 'Port statistics'
else
	run_periods "$pid" "$out" 4
fi

if [ "$MODE" = no_service_lcore ]; then
	grep -q 'net_i40e_sun4v0: engine=service needs a DPDK service lcore' "$out" ||
		fail "no log line saying engine=service needs a service lcore"
	grep -q -- '-S 2' "$out" ||
		fail "the log does not say how to map a service lcore (-s/-S)"
	grep -q 'failed to initialize net_i40e_sun4v0' "$out" ||
		fail "probe of net_i40e_sun4v0 did not fail"
	grep -q 'failed to initialize net_i40e_sun4v1' "$out" ||
		fail "probe of net_i40e_sun4v1 did not fail"
	grep -q 'No probed ethernet devices' "$out" ||
		fail "testpmd found ports"
	if grep -q 'Forward statistics for port' "$out"; then
		fail "testpmd forwarded on ports that should not exist"
	fi
	echo "ok: without a service lcore the engine=service probe fails" \
		"(testpmd status $rc) and says how to give EAL one"
	exit 0
fi

[ "$rc" -eq 0 ] || [ "$rc" -eq 130 ] ||
	fail "testpmd exited with status $rc (before SIGINT, or did not stop on it)"
for p in 0 1; do
	# "Forward statistics for port N" is followed by its RX and TX lines,
	# and by "RX-error:" only when the port counted some; every stats
	# period's "NIC statistics for port N" block has an "RX-errors:" line.
	counts=$(awk -v port="$p" '
		/NIC statistics for port/ { cur = $0; sub(/.*port /, "", cur); sub(/ .*/, "", cur) }
		/Forward statistics|Accumulated/ { cur = "" }
		$1 == "RX-errors:" && cur == port { nicerr = $2 }
		$0 ~ "Forward statistics for port " port " " { f = 1; next }
		f && $1 == "RX-packets:" { rx = $2 }
		f && $1 == "RX-error:" { fwderr = $2 }
		f && $1 == "TX-packets:" { tx = $2; f = 0 }
		END { print rx + 0, tx + 0, nicerr + 0, fwderr + 0 }' "$out")
	# shellcheck disable=SC2086
	set -- $counts
	rx=$1 tx=$2 nicerr=$3 fwderr=$4
	echo "port $p: RX-packets $rx TX-packets $tx, RX-errors $nicerr (last stats period) $fwderr (at stop)"
	[ "$rx" -gt "$MIN_RX" ] ||
		fail "port $p received $rx packets, want more than $MIN_RX"
	[ "$tx" -gt 0 ] || fail "port $p sent no packets"
	[ "$((nicerr + fwderr))" -eq 0 ] ||
		fail "port $p: RX-errors $nicerr / $fwderr"
	grep -q "net_i40e_sun4v$p: closed, every IOTSB entry returned" "$out" ||
		fail "port $p: no \"closed, every IOTSB entry returned\" line at close"
done
echo "ok: io forwarding through dpdk-testpmd with engine=service"
