#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The pmd suite a second time, on 2 MB huge pages (doc/build.md "Huge
# pages"): every EAL the tests start drops --no-huge for --huge-unlink
# (I40E_SUN4V_TEST_HUGE=1), and the multi-process tests (tests/pmd/mp), which
# need a hugepage-backed primary, run instead of skipping.  Then the IOTSB
# footprint tests a third time on 1 GB huge pages (I40E_SUN4V_TEST_HUGE_DIR
# names their hugetlbfs mount): the page size where a port's pools fit a
# few 256 MB IO pages (issue 12).
#
#   scripts/test-huge.sh [meson test arguments]
#
# When fewer than NEED free 2 MB pages exist, root reserves the missing ones
# (/proc/sys/vm/nr_hugepages) and mounts hugetlbfs if nothing is mounted;
# both are given back at the end, whatever the result.  Without root, or
# when the kernel cannot find the pages, it says so and exits 77 (skipped).
# 1 GB pages (NEED_1G, default 2) are reserved and mounted the same way;
# when the kernel cannot find them the script says so in its last lines
# and the 1 GB pass does not run (the 2 MB pass still counts).
# Last lines: "huge pages: N passed, N failed[, N skipped]" and
# "huge pages (1 GB): ..." or why that pass did not run.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD:-build}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
# Two tests at a time, -m 512 (-m 1024 for the service testpmd test) each.
NEED=${HUGE_PAGES_NEED:-1024}
SYS=/proc/sys/vm/nr_hugepages
MNT=/dev/hugepages
NEED_1G=${HUGE_PAGES_NEED_1G:-2}
SYS_1G=/sys/kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages
MNT_1G=/dev/hugepages-1G

free_pages() { awk '/^HugePages_Free:/ {print $2}' /proc/meminfo; }
mounted() { grep -q ' hugetlbfs ' /proc/mounts; }

orig_total=$(cat "$SYS")
orig_1g=$(cat "$SYS_1G" 2>/dev/null || echo none)
we_mounted=0
we_mounted_1g=0
release() {
	if [ "$we_mounted_1g" = 1 ]; then umount "$MNT_1G" 2>/dev/null || true; fi
	if [ "$orig_1g" != none ] && [ "$(cat "$SYS_1G")" != "$orig_1g" ]; then
		echo "$orig_1g" > "$SYS_1G" || true
		echo "test-huge: gave back the reserved 1 GB pages"
	fi
	if [ "$we_mounted" = 1 ]; then umount "$MNT" 2>/dev/null || true; fi
	if [ "$(cat "$SYS")" != "$orig_total" ]; then
		echo "$orig_total" > "$SYS" || true
		echo "test-huge: gave back the reserved huge pages" \
		     "(nr_hugepages $orig_total again)"
	fi
}
trap release EXIT

have=$(free_pages)
if [ "$have" -lt "$NEED" ]; then
	if [ "$(id -u)" != 0 ]; then
		echo "test-huge: $have free 2 MB huge pages, $NEED needed, and" \
		     "not root to reserve them: huge-page tests not run"
		exit 77
	fi
	echo $((orig_total + NEED - have)) > "$SYS"
	have=$(free_pages)
	echo "test-huge: reserved 2 MB huge pages: $have free now"
	if [ "$have" -lt "$NEED" ]; then
		echo "test-huge: the kernel found only $have of $NEED pages:" \
		     "huge-page tests not run"
		exit 77
	fi
fi
if ! mounted; then
	mkdir -p "$MNT"
	mount -t hugetlbfs nodev "$MNT"
	we_mounted=1
fi

status=0
I40E_SUN4V_TEST_HUGE=1 meson test -C "$B" --no-rebuild --suite pmd \
	--num-processes 2 --print-errorlogs --timeout-multiplier 3 \
	--logbase testlog-huge "$@" > "$B/test-output-huge.txt" 2>&1 || status=1
grep -E '^ *[0-9]+/[0-9]+ ' "$B/test-output-huge.txt" || true
printf 'huge pages: '
"$ROOT/scripts/test-summary.py" "$B/meson-logs/testlog-huge.json" || status=1

# 1 GB pages: the footprint tests only (testpmd, ring arena, S7-2).
free_1g() { cat /sys/kernel/mm/hugepages/hugepages-1048576kB/free_hugepages; }
if [ "$orig_1g" = none ]; then
	echo "huge pages (1 GB): not run: this kernel offers no 1 GB pages"
	exit $status
fi
have=$(free_1g)
if [ "$have" -lt "$NEED_1G" ] && [ "$(id -u)" = 0 ]; then
	echo $((orig_1g + NEED_1G - have)) > "$SYS_1G" || true
	have=$(free_1g)
fi
if [ "$have" -lt "$NEED_1G" ]; then
	echo "huge pages (1 GB): not run: $have free 1 GB pages, $NEED_1G" \
	     "needed (the kernel could not find more contiguous memory, or" \
	     "not root)"
	exit $status
fi
if ! grep -q " $MNT_1G hugetlbfs " /proc/mounts; then
	mkdir -p "$MNT_1G"
	mount -t hugetlbfs -o pagesize=1G nodev "$MNT_1G"
	we_mounted_1g=1
fi
I40E_SUN4V_TEST_HUGE=1 I40E_SUN4V_TEST_HUGE_DIR=$MNT_1G \
	meson test -C "$B" --no-rebuild --suite pmd --num-processes 1 \
	--print-errorlogs --timeout-multiplier 3 --logbase testlog-huge1g \
	test_testpmd_iotsb test_ethdev_arena_arena_128_queues \
	test_ethdev_arena_arena_reconfigure_1000 \
	test_dmabench_s72_footprint > "$B/test-output-huge1g.txt" 2>&1 ||
	status=1
grep -E '^ *[0-9]+/[0-9]+ ' "$B/test-output-huge1g.txt" || true
printf 'huge pages (1 GB): '
"$ROOT/scripts/test-summary.py" "$B/meson-logs/testlog-huge1g.json" || status=1
exit $status
