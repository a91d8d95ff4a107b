#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# ASan + UBSan run of the unit, sim and pmd suites (doc/reliability.md
# "Sanitizers").
#
#   scripts/sanitize.sh [test name...]      default: every unit, sim, pmd test
#
# Configures a separate build folder (ASAN_BUILD, default build-asan) with
# -Db_sanitize=address,undefined -Db_lundef=false -Dsanitize_tests=true,
# builds it and runs the tests.  Everything we build (sim, lib, the PMD
# plugin, tests, apps) is instrumented; Debian's DPDK libraries and
# dpdk-testpmd are not.
#
# Runtime settings, and why (doc/reliability.md lists them too):
#  - UBSAN_OPTIONS halt_on_error=1: gcc's UBSan only prints by default; a
#    report must fail the test.
#  - ASAN_OPTIONS detect_leaks=1 for every test, EAL ones included: the
#    EAL tests clean up (rte_eal_cleanup), so no leak suppression is needed.
#    SANITIZE_LSAN_SUPP=<file> can add one if that ever changes.
#  - Tests that run the uninstrumented dpdk-testpmd with our instrumented
#    plugin (-d) need the ASan runtime loaded first: they run under
#    `meson test --wrapper "env LD_PRELOAD=libasan.so:libubsan.so"` with
#    verify_asan_link_order=0.  Only those tests: preloading into meson's
#    own python would report python's leaks.
# The build keeps going past a target that fails to compile (ninja -k 0);
# tests whose programs were not built are listed and make the run fail.
# After the run every test log is searched for sanitizer reports, since a
# test script can hide a child's exit status.  Exit 0 only when every test
# passed and no report was found.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
B=${ASAN_BUILD:-$ROOT/build-asan}
case $B in /*) ;; *) B=$ROOT/$B ;; esac
cd "$ROOT"

# shellcheck source=scripts/meson-dir.sh
. "$ROOT/scripts/meson-dir.sh"
"$ROOT/scripts/deps.sh"
"$ROOT/scripts/fetch-dpdk-sdk.sh"

# werror off: a warning only the sanitizer build shows is counted below,
# but must not hide the run's results.
OPTS="-Db_sanitize=address,undefined -Db_lundef=false -Dsanitize_tests=true -Dwerror=false"
meson_dir "$B" "$OPTS"
status=0
ninja -C "$B" -j2 -k 0 >"$B/sanitize-build.log" 2>&1 || status=1
grep -E 'warning:|error:|^FAILED' "$B/sanitize-build.log" || true
echo "sanitize.sh: build: $(grep -c 'warning:' "$B/sanitize-build.log" || true) warnings, $(grep -c '^FAILED' "$B/sanitize-build.log" || true) failed targets"

# Test names of the unit/sim/pmd suites (or the given ones) whose programs
# exist, split into plain tests and tests that run dpdk-testpmd.
select_tests() {
	python3 - "$B" "$@" <<'EOF'
import json, os, sys
b, mode, wanted = sys.argv[1], sys.argv[2], set(sys.argv[3:])
info = os.path.join(b, 'meson-info')
tests = json.load(open(os.path.join(info, 'intro-tests.json')))
files = {t['id']: t['filename']
         for t in json.load(open(os.path.join(info, 'intro-targets.json')))}
for t in tests:
    suites = {s.split(':')[-1] for s in t['suite']}
    if wanted and t['name'] not in wanted:
        continue
    if not wanted and not suites & {'unit', 'sim', 'pmd'}:
        continue
    if (mode == 'testpmd') != any('dpdk-testpmd' in c for c in t['cmd']):
        continue
    outs = [f for d in t.get('depends', []) for f in files.get(d, [])]
    outs += [c for c in t['cmd'] if c.startswith(b + '/')]
    missing = [f for f in outs if not os.path.exists(f)]
    if missing:
        print('sanitize.sh: not built, not run: %s (%s)'
              % (t['name'], os.path.relpath(missing[0], b)), file=sys.stderr)
        print('!' + t['name'])
        continue
    print(t['name'])
EOF
}

plain=$(select_tests plain "$@")
testpmd=$(select_tests testpmd "$@")
case "$plain $testpmd" in *'!'*) status=1 ;; esac
plain=$(echo "$plain" | grep -v '^!' || true)
testpmd=$(echo "$testpmd" | grep -v '^!' || true)

export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export ASAN_OPTIONS="detect_leaks=1"
if [ -n "${SANITIZE_LSAN_SUPP:-}" ]; then
	export LSAN_OPTIONS="suppressions=$SANITIZE_LSAN_SUPP:print_suppressions=1"
fi
rm -f "$B"/meson-logs/sanitize*.txt
if [ -n "$plain" ]; then
	# shellcheck disable=SC2086
	meson test -C "$B" --no-rebuild --print-errorlogs --num-processes 2 \
		--timeout-multiplier 4 --logbase sanitize $plain || status=1
fi
if [ -n "$testpmd" ]; then
	PRELOAD="$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so)"
	# shellcheck disable=SC2086
	meson test -C "$B" --no-rebuild --print-errorlogs --num-processes 1 \
		--timeout-multiplier 4 --logbase sanitize-testpmd \
		--wrapper "env LD_PRELOAD=$PRELOAD ASAN_OPTIONS=$ASAN_OPTIONS:verify_asan_link_order=0" \
		$testpmd || status=1
fi

pattern='ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:'
reports=$(cat "$B"/meson-logs/sanitize*.txt 2>/dev/null | grep -cE "$pattern" || true)
echo "sanitize.sh: sanitizer reports in the test logs: $reports"
if [ "$reports" != 0 ]; then
	cat "$B"/meson-logs/sanitize*.txt | grep -E "$pattern" | sort | uniq -c | sort -rn | head -20
	status=1
fi
exit $status
