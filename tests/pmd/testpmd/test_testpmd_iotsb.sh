#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# IOTSB footprint of a port in stock dpdk-testpmd (issue 12): two ATU
# pooled ports wired to each other forward from testpmd's own 64K-mbuf
# pool; the per-port xstats are read with --display-xstats, as a user
# would.  Checks, per port, at the last stats period:
#  - iotsb_entries_used within the bound of the memory mode:
#      --no-huge           <= 64;
#      1 GB huge pages     <= 8;
#      2 MB huge pages     <= 1 (ring arena) + ceil(pool / 4 MB) + 1 + 64:
#        the ATU has no 2 MB IO page, so a run of 2 MB pages maps in 4 MB
#        pages, and a 2 MB end that does not fill a 4 MB page takes 32
#        entries of 64 KB (doc/results.md, issue 12);
#  - the page-size xstats (iotsb_entries_8k .. _2g) sum to it;
#  - the ports forwarded, and close returned every entry.
# Memory mode: --no-huge, or huge pages with I40E_SUN4V_TEST_HUGE=1
# (scripts/test-huge.sh), from the hugetlbfs mount named by
# I40E_SUN4V_TEST_HUGE_DIR when set (its pagesize= option gives the bound).
# Usage: test_testpmd_iotsb.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so>
set -u
. "$(dirname "$0")/testpmd_lib.sh"
TESTPMD=$1
PMD=$2
PREFIX="i40es4v_iotsb_$$"
MBUFS=65536
# testpmd's mbufs: 2176 B data room + 128 B header + 64 B mempool header.
POOL_MB=$(( (MBUFS * 2368 + 1048575) / 1048576 ))
out=$(mktemp)
trap 'rm -f "$out"; rmdir "/var/run/dpdk/$PREFIX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX" 2>/dev/null' EXIT
fail() {
	echo "FAIL: $*"
	echo "--- testpmd output (escape sequences stripped):"
	tr -d '\033' <"$out" | sed 's/\[2J\[1;1H//g'
	exit 1
}

if [ -z "${I40E_SUN4V_TEST_HUGE:-}" ]; then
	MEM="--no-huge -m 1024"
	MODE="no huge pages"
	BOUND=64
else
	MEM="--huge-unlink -m 1024"
	dir=${I40E_SUN4V_TEST_HUGE_DIR:-}
	[ -n "$dir" ] && MEM="$MEM --huge-dir $dir"
	# The page size of that mount, else of the default huge page size.
	if [ -n "$dir" ] && grep -q " $dir hugetlbfs .*pagesize=1024M" /proc/mounts; then
		MODE="1 GB huge pages"
		BOUND=8
	else
		MODE="2 MB huge pages"
		BOUND=$(( 1 + (POOL_MB + 3) / 4 + 1 + 64 ))
	fi
fi
XS=iotsb_entries_used,iotsb_entries_8k,iotsb_entries_64k,iotsb_entries_4m,iotsb_entries_256m,iotsb_entries_2g,ring_arena_bytes
stdbuf -oL "$TESTPMD" -d "$PMD" $MEM --no-pci -l 0-1 \
	--file-prefix "$PREFIX" --no-shconf \
	--log-level='pmd.net.i40e_sun4v.*:info' \
	--vdev net_i40e_sun4v0,iommu=atu,dma=pool,peer=net_i40e_sun4v1 \
	--vdev net_i40e_sun4v1,iommu=atu,dma=pool,peer=net_i40e_sun4v0 -- \
	--tx-first --stats-period 1 --total-num-mbufs=$MBUFS \
	--forward-mode=io --display-xstats $XS >"$out" 2>&1 &
pid=$!
run_periods "$pid" "$out" 3
[ "$rc" -eq 0 ] || [ "$rc" -eq 130 ] ||
	fail "testpmd exited with status $rc (before SIGINT, or did not stop on it)"

for p in 0 1; do
	# Last value of each xstat of port p.
	vals=$(awk -v port="$p" '
		/NIC statistics for port/ { cur = $0; sub(/.*port /, "", cur); sub(/ .*/, "", cur) }
		/Forward statistics|Accumulated/ { cur = "" }
		cur == port && $1 ~ /^(iotsb_entries|ring_arena)/ { v[$1] = $2 }
		END { printf "%d %d %d %d %d %d %d\n", v["iotsb_entries_used"],
			v["iotsb_entries_8k"], v["iotsb_entries_64k"],
			v["iotsb_entries_4m"], v["iotsb_entries_256m"],
			v["iotsb_entries_2g"], v["ring_arena_bytes"] }' "$out")
	set -- $vals
	used=$1
	sum=$(($2 + $3 + $4 + $5 + $6))
	echo "port $p ($MODE, $MBUFS mbufs = $POOL_MB MB): iotsb_entries_used $used" \
	     "(8k $2, 64k $3, 4m $4, 256m $5, 2g $6), ring arena $7 bytes; bound $BOUND"
	[ "$used" -gt 0 ] || fail "port $p: no iotsb_entries_used value"
	[ "$used" -le "$BOUND" ] ||
		fail "port $p: $used IOTSB entries with $MODE, bound $BOUND"
	[ "$sum" -eq "$used" ] ||
		fail "port $p: page-size xstats sum to $sum, not $used"
	[ "$7" -gt 0 ] || fail "port $p: rings not in the ring arena"
	grep -q "Forward statistics for port $p" "$out" ||
		fail "port $p: no forward statistics"
	grep -q "net_i40e_sun4v$p: closed, every IOTSB entry returned" "$out" ||
		fail "port $p: no \"closed, every IOTSB entry returned\" line at close"
done
echo "ok: IOTSB footprint in dpdk-testpmd ($MODE)"
