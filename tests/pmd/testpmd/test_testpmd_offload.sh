#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Issue 13 item 1 through the stock dpdk-testpmd: csum forwarding with
# --enable-rx-cksum and "csum set ip/udp/tcp hw" on both ports.
#   Port 0's link partner is the generator (gen=1024:16:1, gen_count=70000)
#   spoiling every 7th IPv4 header checksum and every 11th UDP checksum
#   (gen_bad_csum=7:11, a test facility: NIC guide).  Port 1 is looped to
#   itself (peer=self): what csum forwards out of port 1 with the checksums
#   left to the device comes back into port 1 and is checked again.
# Pass when:
#   - port 0's Bad-ipcsum / Bad-l4csum are exactly the spoiled frames among
#     those testpmd forwarded: the last R of the 70000 (it drains the RX
#     queues at "start", and a frame missed before then, when the ring was
#     full, is never seen), so 70000/7 - (70000-R)/7 and the same with 11;
#     the generator's counters say 10000 and 6363, and the device reported
#     IPE/L4E for each spoiled frame it delivered (all, when none missed);
#   - port 1 receives every frame with no bad checksum: the device's TX
#     checksum insertion repaired the spoiled ones.
# Usage: test_testpmd_offload.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so>
set -u
if [ -n "${I40E_SUN4V_TEST_HUGE:-}" ]; then MEM_MODE=--huge-unlink; else MEM_MODE=--no-huge; fi
TESTPMD=$1
PMD=$2
PREFIX="i40es4v_offload_$$"
COUNT=70000
out=$(mktemp)
trap 'rm -f "$out"; rmdir "/var/run/dpdk/$PREFIX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX" 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; echo "--- testpmd output:"; cat "$out"; exit 1; }

PORTS="--vdev net_i40e_sun4v0,gen=1024:16:1,gen_bad_csum=7:11,gen_count=$COUNT"
PORTS="$PORTS --vdev net_i40e_sun4v1,peer=self"

# 70000 frames at 1 % of line rate (47.9 kpps) take 1.46 s; 3 s leaves room
# for a loaded machine; 4096 RX descriptors hold 85 ms of them.
printf '%s\n' "port stop all" \
	"csum set ip hw 0" "csum set udp hw 0" "csum set tcp hw 0" \
	"csum set ip hw 1" "csum set udp hw 1" "csum set tcp hw 1" \
	"port start all" "start" "sleep 3" "stop" \
	"show port xstats 0" "show port xstats 1" "quit" |
while read -r line; do
	case $line in
	sleep*) $line ;;
	*) echo "$line" ;;
	esac
done | timeout -k 10 40 "$TESTPMD" -d "$PMD" $MEM_MODE -m 512 --no-pci -l 0-1 \
	--file-prefix "$PREFIX" --no-shconf $PORTS \
	-- -i --total-num-mbufs=32768 --rxd=4096 --enable-rx-cksum --forward-mode=csum >"$out" 2>&1
rc=$?
[ "$rc" -eq 0 ] || fail "testpmd exited with status $rc"

# Field $2 of port $1's "Forward statistics" block.
fwd() {
	awk -v p="$1" -v f="$2:" '
		/Forward statistics for port/ { cur = $(NF - 1) + 0; inb = 1 }
		/Accumulated forward statistics/ { inb = 0 }
		{ if (inb) for (i = 1; i < NF; i++) if ($i == f && cur == p) v = $(i + 1) }
		END { print v + 0 }' "$out"
}
# xstat $2 of port $1.
xstat() {
	awk -v p="$1" -v f="$2:" '
		/NIC extended statistics for port/ { cur = $NF + 0 }
		{ if ($1 == f && cur == p) v = $2 }
		END { print v + 0 }' "$out"
}

rx0=$(fwd 0 RX-packets); bi0=$(fwd 0 Bad-ipcsum); bl0=$(fwd 0 Bad-l4csum)
rx1=$(fwd 1 RX-packets); bi1=$(fwd 1 Bad-ipcsum); bl1=$(fwd 1 Bad-l4csum)
tx0=$(fwd 1 TX-packets)
echo "port 0: RX $rx0 Bad-ipcsum $bi0 Bad-l4csum $bl0 (generator: $COUNT frames," \
	"$(xstat 0 gen_bad_ip_csum) bad IP, $(xstat 0 gen_bad_l4_csum) bad UDP;" \
	"device saw $(xstat 0 rx_ip_csum_errors) IPE, $(xstat 0 rx_l4_csum_errors) L4E," \
	"missed $(xstat 0 rx_missed_errors))"
echo "port 1: RX $rx1 Bad-ipcsum $bi1 Bad-l4csum $bl1 (looped back after TX offload)"

grep -q "Set csum packet forwarding mode" "$out" || fail "csum mode not set"
grep -qi "offload.*not supported\|Invalid\|fail" "$out" && fail "a step failed"
[ "$(grep -c 'checksum offload is hw' "$out")" -ge 6 ] || fail "csum set ... hw not taken"
[ "$(xstat 0 gen_bad_ip_csum)" -eq $((COUNT / 7)) ] || fail "generator IP spoils"
[ "$(xstat 0 gen_bad_l4_csum)" -eq $((COUNT / 11)) ] || fail "generator L4 spoils"
missed=$(xstat 0 rx_missed_errors)
ipe=$(xstat 0 rx_ip_csum_errors); l4e=$(xstat 0 rx_l4_csum_errors)
if [ "$missed" -eq 0 ]; then
	[ "$ipe" -eq $((COUNT / 7)) ] && [ "$l4e" -eq $((COUNT / 11)) ] ||
		fail "device IPE $ipe / L4E $l4e with nothing missed"
else
	[ "$ipe" -ge "$bi0" ] && [ "$ipe" -le $((COUNT / 7)) ] &&
	[ "$l4e" -ge "$bl0" ] && [ "$l4e" -le $((COUNT / 11)) ] ||
		fail "device IPE $ipe / L4E $l4e out of range"
fi
[ "$rx0" -gt $((COUNT / 2)) ] || fail "port 0 forwarded only $rx0"
flushed=$((COUNT - rx0))
[ "$bi0" -eq $((COUNT / 7 - flushed / 7)) ] ||
	fail "Bad-ipcsum $bi0, want $((COUNT / 7 - flushed / 7)) ($flushed drained at start)"
[ "$bl0" -eq $((COUNT / 11 - flushed / 11)) ] ||
	fail "Bad-l4csum $bl0, want $((COUNT / 11 - flushed / 11))"
[ "$rx1" -eq "$rx0" ] || fail "port 1 got $rx1 of the $rx0 forwarded"
[ "$bi1" -eq 0 ] && [ "$bl1" -eq 0 ] || fail "TX checksum offload left bad checksums"
[ "$(xstat 1 rx_ip_csum_errors)" -eq 0 ] && [ "$(xstat 1 rx_l4_csum_errors)" -eq 0 ] ||
	fail "port 1's device saw bad checksums"
echo "ok: csum hw: bad checksums counted exactly ($bi0 IP, $bl0 L4 of $rx0 forwarded;" \
	"$flushed drained at start), all repaired by TX offload"
