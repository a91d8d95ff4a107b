#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# ThreadSanitizer run of the concurrent tests (issue 14 item 8;
# doc/reliability.md "ThreadSanitizer").
#
#   scripts/tsan.sh [test name...]      default: the list below
#
# Configures a separate build folder (TSAN_BUILD, default build-tsan) with
# -Db_sanitize=thread -Db_lundef=false, builds it and runs:
#  - the 2-lcore RSS tests (lcore 1 sends while lcore 0 polls 16 queues),
#    pooled and dma=map; the map one has both lcores mapping and unmapping
#    in one legacy window;
#  - concurrent map/unmap on one legacy window below the PMD
#    (test_vfio_sun4v_threads: 2 threads on shared pages, ATU and legacy);
#  - the device engine on a service lcore against a polling driver (the
#    *_service forward, RSS and lifecycle cases, and the board's engine
#    test);
#  - the process-wide log limiter from 4 threads (test_logrl).
# Everything we build is instrumented; Debian's DPDK libraries are not,
# so a race inside them is invisible here, and their lock-free rings and
# mempool caches are seen only through the inline functions our code
# compiles.  Suppressions: scripts/tsan.supp, one justified entry each
# (none blanket).  Exit 0 only when every test passed and the logs hold
# no ThreadSanitizer report.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${TSAN_BUILD:-$ROOT/build-tsan}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
cd "$ROOT"

# shellcheck source=scripts/meson-dir.sh
. "$ROOT/scripts/meson-dir.sh"
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/fetch-dpdk-sdk.sh"

TESTS=${*:-"test_ethdev_load_rss16_two_lcores_pool
test_ethdev_load_rss16_two_lcores_map
test_vfio_sun4v_threads
test_sim_board_engine
test_logrl
test_ethdev_forward_fwd_atu_pool_service
test_ethdev_forward_fwd_legacy_map_service
test_ethdev_forward_fwd_bypass_service
test_ethdev_rss_rss_128_queues_spread_service
test_ethdev_lifecycle_start_stop_200_map_service"}

OPTS="-Db_sanitize=thread -Db_lundef=false -Dwerror=false"
meson_dir "$B" "$OPTS"
ninja -C "$B" -j2 >"$B/tsan-build.log" 2>&1 || {
	grep -E 'error:|^FAILED' "$B/tsan-build.log" >&2
	echo "tsan.sh: build failed; see $B/tsan-build.log" >&2
	exit 1
}

# halt_on_error: the first report fails the test; second_deadlock_stack
# for lock-order reports; the EAL maps its memory itself, which TSan
# handles (no-huge): nothing else is tuned.
export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$ROOT/scripts/tsan.supp:print_suppressions=1"
rm -f "$B"/meson-logs/tsan*.txt
status=0
# shellcheck disable=SC2086
meson test -C "$B" --no-rebuild --print-errorlogs --num-processes 1 \
	--timeout-multiplier 6 --logbase tsan $TESTS || status=1

reports=$(grep -c 'WARNING: ThreadSanitizer' "$B"/meson-logs/tsan*.txt || true)
suppressed=$(grep -c 'ThreadSanitizer: Matched' "$B"/meson-logs/tsan*.txt || true)
echo "tsan.sh: $(echo "$TESTS" | wc -w) tests, ThreadSanitizer reports in the logs: $reports (tests where a suppression matched: $suppressed; scripts/tsan.supp)"
if [ "$reports" != 0 ]; then
	grep -A6 'WARNING: ThreadSanitizer' "$B"/meson-logs/tsan*.txt | head -60
	status=1
fi
exit $status
