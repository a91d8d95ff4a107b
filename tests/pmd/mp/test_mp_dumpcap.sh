#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# dpdk-dumpcap, a secondary, captures port 0 of a forwarding testpmd into a
# pcap file that tcpdump reads: at least the 100 frames asked for, every one
# testpmd's tx_first frame (64 bytes, IPv4 UDP 198.18.0.1.9 > 198.18.0.2.9)
# and none dropped.  The capture itself is the primary's: testpmd calls
# rte_pdump_init(), and pdump's callbacks around its bursts copy the frames
# into dumpcap's ring; the driver's part is a secondary that attaches.
#
# dumpcap takes no EAL options, so the plugin is preloaded.  The mempool
# drivers testpmd links are preloaded before it: EAL names a mempool's
# driver by its index in a per-process table filled in load order, and
# testpmd's table starts with the ones it links (librte_mempool_dpaa on
# Debian); in another order the primary would copy into dumpcap's pool
# with the wrong driver and drop everything (NIC guide, "Multi-process").
# Usage: test_mp_dumpcap.sh <dpdk-testpmd> <dpdk-dumpcap> <tcpdump> <PMD .so>
set -u
TESTPMD=$1
DUMPCAP=$2
TCPDUMP=$3
PMD=$4
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/mp_lib.sh"
mp_setup cap
WANT=100

mp_primary "$TESTPMD" "$PMD" --tx-first --stats-period 1
mp_wait 1 'NIC statistics for port 1'
preload=$(ldd "$TESTPMD" | awk '/librte_mempool_/ { printf "%s ", $3 }')
LD_PRELOAD="$preload$PMD" timeout 60 "$DUMPCAP" --file-prefix "$MP_PREFIX" \
	-i 0 -c $WANT -P -w "$MP_DIR/cap.pcap" >"$MP_DIR/dumpcap.txt" 2>&1 ||
	mp_fail "dpdk-dumpcap failed"
grep -q "Packets received/dropped on interface 'net_i40e_sun4v0': [0-9]*/0 " \
	"$MP_DIR/dumpcap.txt" || mp_fail "dumpcap dropped frames"
"$TCPDUMP" -n -e -r "$MP_DIR/cap.pcap" >"$MP_DIR/tcpdump.txt" 2>&1 ||
	mp_fail "tcpdump cannot read the capture"
total=$(grep -c ' > ' "$MP_DIR/tcpdump.txt")
good=$(grep -c 'ethertype IPv4 (0x0800), length 64: 198\.18\.0\.1\.9 > 198\.18\.0\.2\.9: UDP, length 22$' \
	"$MP_DIR/tcpdump.txt")
[ "$total" -ge $WANT ] || mp_fail "tcpdump read $total frames, want >= $WANT"
[ "$good" -eq "$total" ] ||
	mp_fail "$((total - good)) of $total frames are not testpmd's UDP frames"
mp_stop_primary
echo "ok: dpdk-dumpcap -i 0 wrote $total frames; tcpdump reads them all as" \
     "testpmd's 64-byte UDP frames"
