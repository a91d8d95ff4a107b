#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# A non-system install (--prefix <dir>) used as an external DPDK user would:
#  - everything lands under the prefix, the PMD in <prefix>/<libdir>/dpdk/
#    pmds-<ABI> (not in EAL's folder: loaded with -d, doc/build.md);
#  - with PKG_CONFIG_PATH=<prefix>/<libdir>/pkgconfig, `pkg-config --cflags
#    --libs libiova_pool` works and a program built with it alone runs the
#    DVMA allocator from libiova_pool.so;
#  - dpdk-testpmd -d <prefix plugin> probes a port;
#  - examples/sun4v_l2fwd, built out of tree with its own Makefile against
#    the installed .pc files, forwards both ways for 3 s between two ports
#    fed by link-partner generators, and exits 0 only with exact accounting
#    (received = sent + dropped per direction, equal to the ports' own
#    counters, no mempool mapped on the data path).
# Usage: test_install_prefix.sh <source root> <work dir>
. "$1/tests/install/install_lib.sh"
P=$W/prefix
MA=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

build "$P"
meson install -C "$W/build" --no-rebuild >"$LOG" 2>&1 || fail "meson install (--prefix $P) failed"
PMD=$(ls "$P/lib/$MA/dpdk"/pmds-*/librte_net_i40e_sun4v.so 2>/dev/null)
[ -f "$PMD" ] || fail "PMD not under $P/lib/$MA/dpdk/pmds-*"
[ -x "$P/bin/sun4v-dmabench" ] && [ -x "$P/bin/sun4v-fault-decode" ] || fail "tools not in $P/bin"
outside=$(grep -v "^#" "$W/build/meson-logs/install-log.txt" | grep -v -e "^$P/" -e "^$P\$")
[ -z "$outside" ] || fail "installed outside the prefix: $outside"
ok "--prefix install: everything under the prefix, PMD at ${PMD#$P/}"

export PKG_CONFIG_PATH=$P/lib/$MA/pkgconfig
flags=$(pkg-config --cflags --libs libiova_pool) || fail "pkg-config libiova_pool failed"
echo "$flags" | grep -q -- "-I$P/include/iova_pool" || fail "libiova_pool.pc: no -I of the prefix: $flags"
# shellcheck disable=SC2086
cc -std=c11 -Wall -Wextra -Werror -o "$W/iova_alloc_user" "$SRC/tests/install/iova_alloc_user.c" \
	$flags -Wl,-rpath,"$P/lib/$MA" >"$LOG" 2>&1 || fail "cannot build against libiova_pool.pc"
ldd "$W/iova_alloc_user" | grep -q "$P/lib/$MA/libiova_pool.so.1" || fail "not linked to the installed libiova_pool.so.1"
# (its stderr holds the library's log line about the refused double free)
"$W/iova_alloc_user" >"$W/alloc.txt" 2>"$LOG" || fail "the libiova_pool program failed (status $?)"
ok "pkg-config --cflags --libs libiova_pool: a program built with it runs ($(cat "$W/alloc.txt"))"

timeout 30 dpdk-testpmd -d "$PMD" $MEM_MODE -m 128 --no-pci --no-shconf \
	--file-prefix "$PFX" --log-level='pmd.net.i40e_sun4v.*:info' \
	--vdev 'net_i40e_sun4v0,peer=self' -- --help >"$LOG" 2>&1
grep -q 'net_i40e_sun4v0: port 0 on rc 0' "$LOG" || fail "testpmd -d <prefix plugin> gave no port"
ok "dpdk-testpmd -d $PMD probes net_i40e_sun4v0"

# Out of tree: a copy of the example, its own Makefile, only installed files.
cp -r "$SRC/examples/sun4v_l2fwd" "$W/example"
make -C "$W/example" O="$W/example/out" >"$LOG" 2>&1 || fail "example did not build against the installed .pc files"
grep -qi 'warning' "$LOG" && fail "example built with warnings"
ldd "$W/example/out/sun4v_l2fwd" | grep -q "$PMD" || fail "example not linked to the installed plugin"
ok "examples/sun4v_l2fwd built out of tree against the installed .pc files"
timeout 60 "$W/example/out/sun4v_l2fwd" $MEM_MODE -m 256 --no-pci --no-shconf \
	--file-prefix "$PFX" \
	--vdev 'net_i40e_sun4v0,gen=64:256:5' --vdev 'net_i40e_sun4v1,gen=128:16:5' \
	-- -t 3 >"$LOG" 2>&1 || fail "sun4v_l2fwd failed (status $?)"
grep -q '^accounting: exact$' "$LOG" || fail "sun4v_l2fwd: accounting not exact"
for d in '0 -> 1' '1 -> 0'; do
	n=$(sed -n "s/^port $d: received \([0-9]*\),.*/\1/p" "$LOG")
	[ "${n:-0}" -gt 1000 ] || fail "sun4v_l2fwd: port $d forwarded ${n:-nothing}"
done
[ "$(grep -c ' 2 mempools, 0 mapped late$' "$LOG")" = 2 ] ||
	fail "sun4v_l2fwd: both pools not mapped in both ports before traffic"
grep -q 'rx_good_packets' "$LOG" || fail "sun4v_l2fwd printed no xstats"
ok "sun4v_l2fwd forwarded both ways, accounting exact: $(grep '^port . -> .:' "$LOG" | tr '\n' ';')"
