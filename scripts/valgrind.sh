#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# valgrind memcheck over the unit suite (doc/reliability.md "valgrind").
#
#   scripts/valgrind.sh [extra meson test arguments, e.g. a test name]
#
# Uses the normal (uninstrumented) build folder BUILD (default build),
# building it first.  Every unit test runs under
#   valgrind --error-exitcode=1 --leak-check=full
# with definite and indirect leaks counted as errors.  Test scripts are
# followed into the programs we built (--trace-children), not into system
# tools (/bin, /usr/bin).  scripts/valgrind.supp suppresses only the
# leaks of the shell interpreting a test script.  A test fails on any invalid access, use of
# uninitialised memory, bad free, or leak; the summary counts them.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD:-build}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
cd "$ROOT"

"$ROOT/scripts/deps.sh" valgrind
command -v valgrind >/dev/null || { echo "valgrind.sh: valgrind not installed" >&2; exit 1; }
if [ ! -f "$B/build.ninja" ]; then
	make -C "$ROOT" build BUILD="$B"
fi
ninja -C "$B" -j2 >/dev/null

WRAP="valgrind --error-exitcode=1 --leak-check=full \
--suppressions=$ROOT/scripts/valgrind.supp \
--errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect \
--trace-children=yes --trace-children-skip=/bin/*,/usr/bin/*,/usr/sbin/* \
--child-silent-after-fork=yes --num-callers=30 -q"

status=0
rm -f "$B"/meson-logs/valgrindlog*.txt
if [ $# -gt 0 ]; then
	meson test -C "$B" --no-rebuild --print-errorlogs --timeout-multiplier 20 \
		--num-processes 2 --wrapper "$WRAP" --logbase valgrindlog "$@" || status=1
else
	meson test -C "$B" --no-rebuild --print-errorlogs --timeout-multiplier 20 \
		--num-processes 2 --wrapper "$WRAP" --logbase valgrindlog \
		--suite unit || status=1
fi
# meson names the log after the wrapper: valgrindlog-valgrind.txt
pattern='^==[0-9]+== (Invalid|Conditional|Use of uninit|Mismatched|Source and destination|Syscall param|Argument)|definitely lost in|indirectly lost in'
errors=$(cat "$B"/meson-logs/valgrindlog*.txt | grep -cE "$pattern" || true)
echo "valgrind.sh: memcheck error reports in $B/meson-logs/valgrindlog*.txt: $errors"
[ "$errors" = 0 ] || status=1
exit $status
