#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Fuzz every harness of tests/fuzz for a bounded time (doc/reliability.md
# "Fuzzing").
#
#   scripts/fuzz.sh [seconds per harness, default 60] [harness...]
#
# Harnesses: devargs, hv, i40e_sim, fault_decode, and on live ports under
# EAL pmd_wb (hostile write-backs), pmd_ops (ethdev operation sequences),
# pmd_ports (cross-port devargs).  Each is compiled with
# clang -fsanitize=fuzzer,address,undefined straight from the project
# sources (outside meson: the normal build never needs clang), seeded from
# tests/fuzz/corpus/<harness>/ (tests/fuzz/make_seeds.py fills an empty
# one), run for the given time, and the corpus is then minimized with
# -set_cover_merge=1 (the smallest set keeping all coverage) and written
# back.  A crash, leak or timeout input is kept as
# tests/fuzz/corpus/<harness>/regress-<kind>-<sha1>: the meson 'fuzz' suite
# replays it on every `make test` until the bug is fixed.
#
# Environment: FUZZ_BUILD (default build-fuzz), FUZZ_CC (default clang),
# FUZZ_JOBS unused (one process per harness; the machine has 2 cores).
# Prints one summary line per harness and writes them to
# $FUZZ_BUILD/fuzz-summary.txt.  Exit status: 0 no crash, 1 a crash
# (or build failure).
set -eu

SECS=${1:-60}
[ $# -gt 0 ] && shift
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${FUZZ_BUILD:-$ROOT/build-fuzz}
CC=${FUZZ_CC:-clang}
HARNESSES=${*:-devargs hv i40e_sim fault_decode pmd_wb pmd_ops pmd_ports}
CORPUS=$ROOT/tests/fuzz/corpus

case $SECS in
''|*[!0-9]*) echo "fuzz.sh: seconds must be a number, got '$SECS'" >&2; exit 2 ;;
esac

"$ROOT/scripts/deps.sh" clang libclang-rt-14-dev
command -v "$CC" >/dev/null || { echo "fuzz.sh: $CC not found" >&2; exit 1; }
mkdir -p "$OUT"
cd "$ROOT"

# gnu11 rather than c11 only for the devargs harness, which compiles the
# PMD's devargs parser against DPDK headers; -include rte_config.h and the
# DPDK include path come from pkg-config and are given to that harness only
# (sim/ uses no DPDK header).  sim/sun4v/*.c need their private folder.
DPDK_CFLAGS=$(pkg-config --cflags libdpdk)
CFLAGS="-g -O1 -fno-omit-frame-pointer -std=gnu11 -D_GNU_SOURCE \
 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
 -Iinclude -Itests/fuzz -Isim/sun4v/include -Isim/sun4v -Isim/i40e/include \
 -Isim/i40e -Icommon/logrl/include"

# The live-port harnesses link the whole stack, PMD to platform, from
# source, so libFuzzer sees the driver's coverage (the DPDK libraries
# stay uninstrumented).  ALLOW_* and the SDK's driver headers as meson's
# dpdk_sdk_dep gives them; the PMD's log type as drivers/meson.build.
STACK_SRC="drivers/net/i40e_sun4v/*.c lib/iova_pool/alloc/*.c \
 lib/iova_pool/pool/*.c lib/iova_pool/dpdk/*.c lib/vfio_sun4v/*.c \
 sim/board/*.c sim/i40e/*.c sim/sun4v/*.c common/logrl/logrl.c"
STACK_CFLAGS="-DALLOW_INTERNAL_API -DALLOW_EXPERIMENTAL_API \
 -DRTE_LOG_DEFAULT_LOGTYPE=pmd.net.i40e_sun4v -isystem .cache/dpdk-sdk/current/include \
 -Idrivers/net/i40e_sun4v -Ilib/iova_pool/include -Ilib/iova_pool/pool \
 -Ilib/iova_pool/dpdk -Ilib/iova_pool/alloc -Ilib/vfio_sun4v/include \
 -Ilib/vfio_sun4v -Isim/board/include -Isim/board -Icommon/logrl/include"

# The stack is compiled once per run into one archive the three harnesses
# link (-fsanitize=fuzzer on an object only instruments it; main() comes
# at the link).
build_stack_lib() {
	[ -f "$OUT/stack/libstack.a" ] && [ "${STACK_BUILT:-0}" = 1 ] && return 0
	echo "fuzz.sh: building the PMD stack for the live-port harnesses"
	rm -rf "$OUT/stack"
	mkdir -p "$OUT/stack"
	for src in $STACK_SRC; do
		obj="$OUT/stack/$(echo "$src" | tr / _).o"
		# shellcheck disable=SC2086
		$CC $CFLAGS $DPDK_CFLAGS $STACK_CFLAGS -c "$src" -o "$obj" || return 1
	done
	ar rcs "$OUT/stack/libstack.a" "$OUT"/stack/*.o
	STACK_BUILT=1
}

build_stack() {
	name=$1
	build_stack_lib || return 1
	# The PMD registers itself from a constructor: link it whole.
	# shellcheck disable=SC2086
	build "$name" $DPDK_CFLAGS $STACK_CFLAGS tests/fuzz/fuzz_$name.c \
		tests/fuzz/fuzz_eal.c -Wl,--whole-archive "$OUT/stack/libstack.a" \
		-Wl,--no-whole-archive $(pkg-config --libs libdpdk) \
		-lrte_bus_vdev -lnuma
}

build() {
	name=$1
	shift
	echo "fuzz.sh: building fuzz_$name"
	# shellcheck disable=SC2086
	$CC $CFLAGS "$@" -o "$OUT/fuzz_$name" -lpthread -lm
}

build_one() {
	case $1 in
	devargs)
		# shellcheck disable=SC2086
		build devargs $DPDK_CFLAGS -Idrivers/net/i40e_sun4v \
			tests/fuzz/fuzz_devargs.c drivers/net/i40e_sun4v/i40e_sun4v_devargs.c \
			$(pkg-config --libs-only-L libdpdk) -lrte_kvargs ;;
	hv)
		build hv tests/fuzz/fuzz_hv.c sim/sun4v/*.c common/logrl/logrl.c ;;
	i40e_sim)
		build i40e_sim tests/fuzz/fuzz_i40e_sim.c sim/i40e/*.c sim/sun4v/*.c \
			common/logrl/logrl.c ;;
	fault_decode)
		build fault_decode -Iapp/sun4v-fault-decode tests/fuzz/fuzz_fault_decode.c \
			app/sun4v-fault-decode/fdec_explain.c app/sun4v-fault-decode/fdec_parse.c \
			app/sun4v-fault-decode/fdec_words.c ;;
	pmd_wb|pmd_ops|pmd_ports)
		build_stack "$1" ;;
	*)
		echo "fuzz.sh: unknown harness '$1'" >&2
		return 1 ;;
	esac
}

# Keep crash/leak/timeout/oom inputs as regression files in the corpus.
keep_artifacts() {
	h=$1
	found=0
	for a in "$OUT/artifacts/$h"/*; do
		[ -f "$a" ] || continue
		base=$(basename "$a")
		cp "$a" "$CORPUS/$h/regress-$base"
		echo "fuzz.sh: $h: kept $base as tests/fuzz/corpus/$h/regress-$base" >&2
		found=1
	done
	return $found
}

# Longest input per harness: long enough for a devargs string, several
# log lines or a few dozen operations; short inputs keep the corpus small.
max_len() {
	case $1 in
	devargs|fault_decode) echo 1024 ;;
	*) echo 2048 ;;
	esac
}

# Minimize: the merged set of the old corpus and this run's finds replaces
# the corpus; regression inputs always stay.
merge() {
	h=$1
	rm -rf "$OUT/merged/$h"
	mkdir -p "$OUT/merged/$h"
	if ! "$OUT/fuzz_$h" -set_cover_merge=1 "$OUT/merged/$h" "$OUT/work/$h" \
		>"$OUT/$h.merge.log" 2>&1; then
		echo "fuzz.sh: $h: merge failed (corpus left as it was); see $OUT/$h.merge.log" >&2
		return 0
	fi
	find "$CORPUS/$h" -maxdepth 1 -type f ! -name 'regress-*' -exec rm -f {} +
	cp "$OUT/merged/$h"/* "$CORPUS/$h/" 2>/dev/null || true
}

status=0
: >"$OUT/fuzz-summary.txt"
for h in $HARNESSES; do
	build_one "$h" || { status=1; continue; }
	mkdir -p "$CORPUS/$h"
	if [ -z "$(ls -A "$CORPUS/$h")" ]; then
		python3 tests/fuzz/make_seeds.py "$CORPUS"
	fi
	ls "$CORPUS/$h" | sort >"$OUT/$h.before"
	rm -rf "$OUT/work/$h" "$OUT/artifacts/$h"
	mkdir -p "$OUT/work/$h" "$OUT/artifacts/$h"
	find "$CORPUS/$h" -maxdepth 1 -type f ! -name 'regress-*' -exec cp {} "$OUT/work/$h/" \;
	echo "fuzz.sh: running fuzz_$h for ${SECS}s"
	rc=0
	"$OUT/fuzz_$h" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
		-max_len="$(max_len "$h")" -print_final_stats=1 \
		-artifact_prefix="$OUT/artifacts/$h/" "$OUT/work/$h" \
		>"$OUT/$h.log" 2>&1 || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/$h.log" | tail -1)
	crashes=0
	keep_artifacts "$h" || crashes=1
	if [ "$rc" != 0 ] || [ "$crashes" != 0 ]; then
		echo "fuzz.sh: $h: libFuzzer exit $rc; see $OUT/$h.log" >&2
		grep -E '^==[0-9]+==ERROR|runtime error|fuzz invariant' "$OUT/$h.log" | head -5 >&2 || true
		status=1
	fi
	merge "$h"
	files=$(find "$CORPUS/$h" -maxdepth 1 -type f | wc -l)
	bytes=$(find "$CORPUS/$h" -maxdepth 1 -type f -exec cat {} + | wc -c)
	# Inputs that found new coverage stay in the corpus (the merge
	# keeps them); CI publishes them (.ci/run), a developer commits.
	# "new" = file names not there before (entries are named by the
	# hash of their content, so a renamed seed counts once too).
	new=$(ls "$CORPUS/$h" | sort | comm -13 "$OUT/$h.before" - | wc -l)
	line="fuzz $h: ${SECS}s, ${execs:-0} executions, corpus $files files / $bytes bytes ($new new), libFuzzer exit $rc"
	echo "$line"
	echo "$line" >>"$OUT/fuzz-summary.txt"
done
exit $status
