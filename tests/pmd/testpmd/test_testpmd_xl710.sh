#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Issue 13 through the stock dpdk-testpmd (-i, commands piped in):
#   link        set link-down port 0 / set link-up port 0: both ports see
#               the change (LSC events); the burst in flight is lost with
#               the link (io mode then has nothing to forward), so a new
#               start tx_first shows forwarding works again
#   reset       port stop 0 / port reset 0 / port start 0, then forwarding
#   rss         --rxq=4 --txq=4 and testpmd's default RSS: a 1024-flow UDP
#               generator stream lands on all four queues
#   stop_exact  port stop all right after forwarding: TX of each port ==
#               RX + RX-missed of its peer, with no drain
# Usage: test_testpmd_xl710.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so> <mode>
set -u
if [ -n "${I40E_SUN4V_TEST_HUGE:-}" ]; then MEM_MODE=--huge-unlink; else MEM_MODE=--no-huge; fi
TESTPMD=$1
PMD=$2
MODE=$3
. "$(dirname "$0")/testpmd_lib.sh"
PREFIX="i40es4v_xl710_$$"
out=$(mktemp)
trap 'rm -f "$out"; rmdir "/var/run/dpdk/$PREFIX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX" 2>/dev/null' EXIT
fail() { echo "FAIL ($MODE): $*"; echo "--- testpmd output:"; cat "$out"; exit 1; }

PAIR="--vdev net_i40e_sun4v0,peer=net_i40e_sun4v1 --vdev net_i40e_sun4v1,peer=net_i40e_sun4v0"

# Feed the commands of $MODE (one per line, "sleep N" pauses) to testpmd.
commands() {
	case $MODE in
	link) printf '%s\n' "start tx_first" "sleep 0.5" "set link-down port 0" \
		"sleep 0.5" "show port info 0" "show port info 1" \
		"set link-up port 0" "sleep 0.5" "show port info 0" \
		"show port info 1" "stop" "clear port stats all" \
		"start tx_first" "sleep 0.5" "show port stats all" "stop" \
		"sleep 0.3" "quit" ;;
	reset) printf '%s\n' "port stop 0" "port reset 0" "port start 0" \
		"sleep 0.3" "show port info 0" "start tx_first" "sleep 1" \
		"show port stats all" "stop" "sleep 0.3" "quit" ;;
	rss) printf '%s\n' "start" "sleep 1" "show port xstats 0" "stop" \
		"sleep 0.3" "quit" ;;
	stop_exact) printf '%s\n' "start tx_first" "sleep 1" "stop" \
		"port stop all" "show port stats all" "quit" ;;
	esac | while read -r line; do
		case $line in
		sleep*) $line ;;
		*) echo "$line" ;;
		esac
	done
}

case $MODE in
rss) PORTS="--vdev net_i40e_sun4v0,gen=64:1024 --vdev net_i40e_sun4v1"
     EXTRA="--rxq=4 --txq=4 --forward-mode=rxonly" ;;
*) PORTS=$PAIR; EXTRA="" ;;
esac
# The commands go in only once testpmd shows its prompt: EAL start-up
# takes seconds on a loaded machine, and the sleeps between commands must
# pace testpmd, not its start-up (commands that bunch up would run "show
# port info" right after "set link-down").
fifo=$(mktemp -u)
mkfifo "$fifo"
# shellcheck disable=SC2086
timeout -k 10 60 "$TESTPMD" -d "$PMD" $MEM_MODE -m 512 --no-pci -l 0-1 \
	--file-prefix "$PREFIX" --no-shconf $PORTS \
	-- -i --total-num-mbufs=16384 $EXTRA <"$fifo" >"$out" 2>&1 &
pid=$!
exec 3>"$fifo"
rm -f "$fifo"
wait_periods "$pid" "$out" 1 'testpmd> '
commands >&3
exec 3>&-
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || fail "testpmd exited with status $rc"

# "show port stats all" values: $1 = port, $2 = field (RX-packets,
# RX-missed, TX-packets); the last block printed for the port.
stat() {
	awk -v p="$1" -v f="$2:" '
		/NIC statistics for port/ { cur = $(NF - 1) + 0 }
		{ for (i = 1; i < NF; i++) if ($i == f && cur == p) v = $(i + 1) }
		END { print v + 0 }' "$out"
}

case $MODE in
link)
	[ "$(grep -c 'Link status: down' "$out")" -eq 2 ] ||
		fail "after set link-down, both ports should show link down"
	[ "$(grep -c 'Link status: up' "$out")" -eq 2 ] ||
		fail "after set link-up, both ports should show link up"
	for p in 0 1; do
		[ "$(grep -c "Port $p: link state change event" "$out")" -ge 2 ] ||
			fail "port $p: want >= 2 link state change events (down, up)"
	done
	[ "$(stat 0 RX-packets)" -gt 0 ] && [ "$(stat 1 RX-packets)" -gt 0 ] ||
		fail "no forwarding after link up"
	echo "ok: link-down/up seen by both ports (LSC), forwarding resumed" ;;
reset)
	grep -q "Resetting ports" "$out" || fail "port reset did not run"
	grep -qi "fail" "$out" && fail "a step failed"
	grep -q 'Link status: up' "$out" || fail "port 0 not up after reset/start"
	[ "$(stat 0 RX-packets)" -gt 0 ] && [ "$(stat 1 RX-packets)" -gt 0 ] ||
		fail "no forwarding after reset"
	echo "ok: port stop/reset/start, then forwarding (port 0 RX $(stat 0 RX-packets))" ;;
rss)
	for q in 0 1 2 3; do
		v=$(sed -n "s/^ *rx_q${q}_packets: \([0-9]*\)$/\1/p" "$out" | head -1)
		[ "${v:-0}" -gt 0 ] || fail "RX queue $q got ${v:-no} packets"
		printf 'rx_q%s_packets=%s ' "$q" "$v"
	done
	echo
	echo "ok: default RSS spreads the UDP stream over 4 queues" ;;
stop_exact)
	for p in 0 1; do
		peer=$((1 - p))
		tx=$(stat $p TX-packets)
		rx=$(stat $peer RX-packets)
		ms=$(stat $peer RX-missed)
		echo "port $p TX $tx = port $peer RX $rx + missed $ms"
		[ "$tx" -gt 0 ] || fail "port $p sent nothing"
		[ "$tx" -eq $((rx + ms)) ] || fail "port $p TX $tx != RX $rx + missed $ms"
	done
	echo "ok: port stop all: TX == peer RX + missed, no drain" ;;
*) fail "unknown mode" ;;
esac
