#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The pmd suite a second time, on 2 MB huge pages (doc/build.md "Huge
# pages"): every EAL the tests start drops --no-huge for --huge-unlink
# (I40E_SUN4V_TEST_HUGE=1), and the secondary-process test, which needs a
# hugepage-backed primary, runs instead of skipping.
#
#   scripts/test-huge.sh [meson test arguments]
#
# When fewer than NEED free 2 MB pages exist, root reserves the missing ones
# (/proc/sys/vm/nr_hugepages) and mounts hugetlbfs if nothing is mounted;
# both are given back at the end, whatever the result.  Without root, or
# when the kernel cannot find the pages, it says so and exits 77 (skipped).
# Last line: "huge pages: N passed, N failed[, N skipped]".
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD:-build}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
# Two tests at a time, -m 512 (-m 1024 for the service testpmd test) each.
NEED=${HUGE_PAGES_NEED:-1024}
SYS=/proc/sys/vm/nr_hugepages
MNT=/dev/hugepages

free_pages() { awk '/^HugePages_Free:/ {print $2}' /proc/meminfo; }
mounted() { grep -q ' hugetlbfs ' /proc/mounts; }

orig_total=$(cat "$SYS")
we_mounted=0
release() {
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
exit $status
