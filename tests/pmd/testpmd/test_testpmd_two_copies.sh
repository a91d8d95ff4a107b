#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Two copies of the driver in one process: what happens when the driver is
# installed in EAL's default plugin directory and the build tree's plugin is
# given with -d (make test, make run, the benchmark).  EAL loads -d plugins
# first, then its default directory; the second copy must find the name
# taken and stay unregistered, so exactly one driver is registered and the
# -d copy is the one that probes the port.  Here the "installed" copy is a
# second file given with a second -d, which EAL loads after the first the
# same way; then the order is swapped.
# Usage: test_testpmd_two_copies.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so>
set -u
if [ -n "${I40E_SUN4V_TEST_HUGE:-}" ]; then MEM_MODE=--huge-unlink; else MEM_MODE=--no-huge; fi
TESTPMD=$1
PMD=$(realpath "$2")
# The second copy sits next to the first, in the build tree: EAL refuses a
# plugin under a world-writable folder such as /tmp.
DIR=$(dirname "$PMD")/two_copies.$$
PREFIX="i40es4v_copies_$$"
out=$(mktemp)
trap 'rm -f "$out"; rm -rf "$DIR"; rmdir "/var/run/dpdk/$PREFIX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX" 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; cat "$out"; exit 1; }
rm -rf "$DIR" && mkdir -p "$DIR" && cp "$PMD" "$DIR/" || fail "cannot copy the plugin to $DIR"
OTHER=$(realpath "$DIR/$(basename "$PMD")")

run() {
	timeout 30 "$TESTPMD" -d "$1" -d "$2" $MEM_MODE -m 128 --no-pci \
		--file-prefix "$PREFIX" --no-shconf \
		--log-level='pmd.net.i40e_sun4v.*:info' \
		--vdev 'net_i40e_sun4v0,peer=self' -- --help >"$out" 2>&1
}

for order in build-first other-first; do
	if [ $order = build-first ]; then first=$PMD; second=$OTHER; else first=$OTHER; second=$PMD; fi
	run "$first" "$second"
	n=$(grep -c 'net_i40e_sun4v: already registered by' "$out")
	[ "$n" = 1 ] || fail "$order: expected one copy to stay unregistered, saw $n"
	grep -q "already registered by $first; the copy in $second stays unregistered" "$out" ||
		fail "$order: the first copy loaded ($first) is not the one registered"
	grep -q 'net_i40e_sun4v0: port 0 on rc 0' "$out" || fail "$order: port not probed"
	echo "ok ($order): $first registered, $second stayed unregistered, port probed"
done

# One copy loaded twice (the same file by name and through its folder, as
# EAL's default directory holds the .so and .so.<ABI> names of one file):
# dlopen() returns the same object, nothing to refuse.
run "$PMD" "$(dirname "$PMD")"
grep -q 'already registered' "$out" && fail "the same file was counted as two copies"
grep -q 'net_i40e_sun4v0: port 0 on rc 0' "$out" || fail "same file twice: port not probed"
echo "ok: the same file loaded twice is one copy"
