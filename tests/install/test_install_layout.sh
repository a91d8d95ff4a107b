#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# `meson install` with the default (system) prefix, staged with --destdir
# under the build tree, then `ninja uninstall` (what make install / make
# uninstall run).  Checks:
#  - the PMD lands in the folder the installed EAL loads plugins from
#    without -d, as the EAL itself reports it (its debug log), and stock
#    dpdk-testpmd loading that staged folder (-d <folder>: the code path of
#    EAL's default folder) probes a port;
#  - libiova_pool (.so, soname link, headers, libiova_pool.pc), the PMD's
#    header and .pc, and sun4v-dmabench / sun4v-fault-decode on PATH (bin/)
#    with their --help;
#  - nm -D --defined-only: the plugin and libiova_pool export exactly the
#    functions their installed headers declare;
#  - dpdk-pmdinfo.py on the installed plugin lists the driver and devargs;
#  - uninstall leaves no file behind.
# Usage: test_install_layout.sh <source root> <work dir>
. "$1/tests/install/install_lib.sh"
ST=$W/stage
PREFIX=/usr/local

eal_dir=$(eal_plugin_dir)
[ -n "$eal_dir" ] && [ "$(echo "$eal_dir" | wc -l)" = 1 ] ||
	fail "cannot tell EAL's default plugin folder from its log: '$eal_dir'"
ok "EAL loads plugins without -d from $eal_dir"

build $PREFIX
meson install -C "$W/build" --no-rebuild --destdir "$ST" >"$LOG" 2>&1 || fail "meson install --destdir failed"
PMD=$ST$eal_dir/librte_net_i40e_sun4v.so
LIBDIR=$ST$PREFIX/lib/$(dpkg-architecture -qDEB_HOST_MULTIARCH)
for f in "$PMD" "$LIBDIR/libiova_pool.so" "$LIBDIR/libiova_pool.so.1" \
	"$LIBDIR/pkgconfig/libiova_pool.pc" "$LIBDIR/pkgconfig/librte_net_i40e_sun4v.pc" \
	"$ST$PREFIX/include/iova_pool/iova_pool.h" "$ST$PREFIX/include/iova_pool/iova_pool_dpdk.h" \
	"$ST$PREFIX/include/iova_pool/vfio_sun4v.h" "$ST$PREFIX/include/iova_pool/hw/sun4v_hv_abi.h" \
	"$ST$PREFIX/include/i40e_sun4v/rte_pmd_i40e_sun4v.h" \
	"$ST$PREFIX/bin/sun4v-dmabench" "$ST$PREFIX/bin/sun4v-fault-decode"; do
	[ -e "$f" ] || fail "not installed: ${f#$ST}"
done
ok "installed: PMD in ${eal_dir}, libiova_pool + headers + .pc, PMD header + .pc, tools in $PREFIX/bin"
grep -q "^pmddir=$eal_dir\$" "$LIBDIR/pkgconfig/librte_net_i40e_sun4v.pc" ||
	fail "librte_net_i40e_sun4v.pc does not point at $eal_dir"

exports_match "$PMD" 'rte_pmd_i40e_sun4v_' "$ST$PREFIX/include/i40e_sun4v/rte_pmd_i40e_sun4v.h"
exports_match "$LIBDIR/libiova_pool.so" '(iova_|vfio_sun4v_)' "$ST$PREFIX"/include/iova_pool/*.h
pmdinfo_lists_devargs "$PMD"

timeout 30 dpdk-testpmd -d "$ST$eal_dir" $MEM_MODE -m 128 --no-pci --no-shconf \
	--file-prefix "$PFX" --log-level='pmd.net.i40e_sun4v.*:info' \
	--vdev 'net_i40e_sun4v0,peer=self' -- --help >"$LOG" 2>&1
grep -q 'net_i40e_sun4v0: port 0 on rc 0' "$LOG" || fail "the staged plugin folder did not give a port"
ok "dpdk-testpmd -d <staged plugin folder> probes net_i40e_sun4v0"

for t in sun4v-dmabench sun4v-fault-decode; do
	"$ST$PREFIX/bin/$t" --help >"$LOG" 2>&1 || fail "installed $t --help failed"
	grep -qi 'usage: *'"$t" "$LOG" || fail "installed $t --help prints no usage"
done
ok "installed sun4v-dmabench and sun4v-fault-decode print their --help"

ninja -C "$W/build" uninstall >"$LOG" 2>&1 || fail "ninja uninstall failed"
left=$(find "$ST" -type f -o -type l)
[ -z "$left" ] || { echo "$left"; fail "uninstall left files behind"; }
ok "uninstall removed every installed file"
