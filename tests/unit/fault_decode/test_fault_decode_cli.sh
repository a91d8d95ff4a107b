#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# test_fault_decode_cli: the sun4v-fault-decode executable end to end
# (doc/spec/fault-decode.md §1): a testpmd-style log holding the exact
# lines sim/sun4v logged when provoked (platform-faults.log, written by
# FDEC_WRITE_FIXTURE=... test_fault_decode), its dump round trip, raw
# words, and every kind of bad input with its exit status.
#
# usage: test_fault_decode_cli.sh <sun4v-fault-decode> <fixture dir>
set -u

EXE=$1
DIR=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fails=0
n=0

fail() {
	echo "  FAIL $n: $*"
	fails=$((fails + 1))
}

# run <expected status> <args...>: output in $TMP/out and $TMP/err
run() {
	want=$1
	shift
	n=$((n + 1))
	"$EXE" "$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ "$got" = "$want" ] || fail "'$*' exited $got, expected $want: $(head -3 "$TMP/err")"
}

has() {
	grep -qF -- "$2" "$TMP/$1" || fail "'$2' not in $1:
$(head -40 "$TMP/$1")"
}

[ -x "$EXE" ] || { echo "no executable $EXE"; exit 1; }

# 1. The platform's own lines inside a testpmd-style log.
run 0 "$DIR/platform-faults.log"
has out "DMA fault #1 (line 6): rc 0, requester 03:00.0"
has out "legacy IOMMU of rc 0: window 0x80000000-0xffffffff"
has out "IO page      0x80012000 + 0x345 (8 KB page)"
has out "IOTSB index  9 (0x9)"
has out "ATU IOTSB handle 0x10001 of rc 0, 8 KB IO pages"
has out "IOTSB index  7 (0x7) = (DVMA - base 0x20000000000) / 8 KB"
has out "reason       not RAM:"
has out "rc 0 03:00.1 quarantined: more than 4 DMA faults within 1000000000 ns"
has out "  (line 19)"
has out "2 DMA fault log lines suppressed"
has out "summary: 12 fault records (#1..#15), 2 log lines suppressed, 1 quarantine, 1 reset"
[ -s "$TMP/err" ] && fail "stderr not empty: $(cat "$TMP/err")"

# 2. --dump, and the dump decoded again gives the same records.
run 0 --dump "$DIR/platform-faults.log"
grep -v '^#' "$TMP/out" | grep -vq '^sun4v-fault ' && fail "a dump line is not a record"
[ "$(grep -c '^sun4v-fault ' "$TMP/out")" = 12 ] || fail "12 dump records expected"
cp "$TMP/out" "$TMP/dump"
run 0 "$TMP/dump"
has out "summary: 12 fault records (#1..#15), 2 log lines suppressed, 1 quarantine, 1 reset"
has out "IOTSB index  9 (0x9)"

# 3. Standard input works the same.
n=$((n + 1))
"$EXE" <"$DIR/platform-faults.log" >"$TMP/out" 2>&1 || fail "stdin decode failed"
has out "summary: 12 fault records"

# 4. A damaged record among good ones: named, exit 2, the rest decoded.
run 2 "$DIR/bad-record.log"
has err "bad-record.log: line 3: expected ' read' or ' write' at 'sideways'"
has err "line 5: expected a valid value at 'reason=lost_in_space'"
has out "DMA fault #1 (line 1)"
has out "DMA fault #3 (line 4)"

# 5. Binary garbage, an overlong line, an empty file.
head -c 4096 "$EXE" >"$TMP/bin"
run 2 "$TMP/bin"
has err "NUL byte"
awk 'BEGIN { s = ""; for (i = 0; i < 5000; i++) s = s "x"; print s }' >"$TMP/long"
run 2 "$TMP/long"
has err "line 1: longer than 4096 bytes"
run 0 /dev/null
has out "summary: 0 fault records"

# 6. Raw words.
run 2 --iotte 0x900280002468a0123
has err "bad value '0x900280002468a0123' for --iotte"
run 0 --iotte 0x900280002468a012
has out "Valid, Writable, Streamable, Cacheable"
has out "Page Size=8k Context=5"
run 0 --iotlb-tag 0xc634b0 --iotlb-data 0x100000000
has out "Error: Invalid Error (unmapped)"
has out "PCI Page Size=8k Address in page 0xc6960000"
has out "Memory: Valid not Cacheable Page Frame=0x0"
run 0 --sim-iotte 0x0301000012344041
has out "usable only by requester 03:00.1"

# 7. Usage errors and unreadable files.
run 2 --iotte 0xZZ
has err "bad value '0xZZ' for --iotte"
run 2 --iotte
has err "needs a value"
run 2 --bogus
has err "unknown option '--bogus'"
run 2 --legacy-window 0x80000001 /dev/null
has err "8 KB aligned"
run 2 --iotsb-base 0x10001 /dev/null
has err "expected [RC:]HANDLE=BASE"
run 2 --atu-only 0:03:99.0 /dev/null
has err "bad value '0:03:99.0' for --atu-only"
run 1 "$TMP/does-not-exist"
has err "No such file or directory"
run 0 --help
has out "usage: sun4v-fault-decode"

# 8. Options that change the analysis.
run 0 --atu-only 1:05:00.0 "$DIR/platform-faults.log"
grep -A8 'DMA fault #7 ' "$TMP/out" | grep -q 'likely       1. wrong IOMMU' ||
	fail "--atu-only 1:05:00.0 should rank wrong IOMMU first for #7"
printf 'DMA fault #1: rc 0 03:00.0 read dvma 0x20000460000: unmapped (iotsb 0x10002, page size 65536)\n' >"$TMP/atu"
run 0 --iotsb-base 0:0x10002=0x20000400000 "$TMP/atu"
has out "IOTSB index  6 (0x6) = (DVMA - base 0x20000400000) / 64 KB"

echo "test_fault_decode_cli: $n checks, $fails failed"
[ "$fails" = 0 ]
