#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# dpdk-proc-info, a secondary, shows the counters the testpmd primary shows.
# The primary forwards on two ports (start tx_first), then stops forwarding:
# with the inline engine the device moves only inside the bursts, so every
# counter is still.  `dpdk-proc-info -- --stats` and `-- --xstats` (22.11's
# proc-info prints one of them per run: --stats wins) are compared with
# the primary's own `show port stats all` / `show port xstats all`: the
# same xstat names in the same order, the same values, the same basic
# counters (compare_stats.py).  Then `dpdk-proc-info -- --stats-reset` and
# `-- --xstats-reset` reset them in the primary (asked over IPC), and the
# primary shows zero traffic (rx_good_packets) and DMA (iotlb_hits) counts.
# Usage: test_mp_proc_info.sh <dpdk-testpmd> <dpdk-proc-info> <PMD .so>
set -u
TESTPMD=$1
PROCINFO=$2
PMD=$3
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/mp_lib.sh"
mp_setup pi

MP_STDIN=$MP_DIR/cmd
mkfifo "$MP_STDIN"
mp_primary "$TESTPMD" "$PMD" -i
exec 3>"$MP_STDIN"
cmd() { echo "$1" >&3; }

proc_info() {
	timeout 30 "$PROCINFO" -d "$PMD" --no-pci --file-prefix "$MP_PREFIX" \
		-- "$@" >>"$MP_DIR/proc-info.txt" 2>&1 ||
		mp_fail "dpdk-proc-info $* failed"
}

mp_wait 1 'testpmd>'
cmd "start tx_first"
sleep 2
cmd "stop"
mp_wait 1 'Done\.'
proc_info --stats
proc_info --xstats
grep -q "attached in a secondary process" "$MP_DIR/proc-info.txt" ||
	mp_fail "the secondary did not say what it may do"
cmd "show port stats all"
cmd "show port xstats all"
mp_wait 2 'NIC extended statistics for port'
sleep 0.5
python3 "$HERE/compare_stats.py" "$MP_DIR/primary.txt" \
	"$MP_DIR/proc-info.txt" 2 ||
	mp_fail "dpdk-proc-info and the primary disagree"

# Resets asked by the secondary happen in the primary: --stats-reset
# zeroes the traffic counters, --xstats-reset the DMA/IOMMU ones.
proc_info --stats-reset
proc_info --xstats-reset
cmd "show port xstats all"
mp_wait 4 'NIC extended statistics for port'
sleep 0.5
for x in rx_good_packets iotlb_hits; do
	n=$(grep -c "^ *$x: 0\$" "$MP_DIR/primary.txt")
	[ "$n" -eq 2 ] ||
		mp_fail "after the secondary's resets, $n of 2 ports show $x 0"
done
cmd "quit"
exec 3>&-
mp_stop_primary
echo "ok: dpdk-proc-info shows the primary's stats and xstats; its reset" \
     "reached the primary"
