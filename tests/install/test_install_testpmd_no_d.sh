#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Stock dpdk-testpmd finds the installed driver with no -d and forwards
# through it (--tx-first, io forwarding on a self-looped port).
#
# The machine is shared, so the test never installs system-wide: the driver
# is installed with --destdir under the build tree, and testpmd runs in a
# private mount namespace (unshare -m) in which a read-only overlay shows
# EAL's plugin folder with the staged plugin added to Debian's.  Only that
# process sees it; it ends with the process, and the test checks that the
# machine's own plugin folder and mount table are as they were.  Where a
# copy is already installed system-wide (make install), that copy is
# tested as it is, with no namespace.  Without the privilege to make a
# namespace (not root, a restricted container) the test exits 77 saying so.
# Usage: test_install_testpmd_no_d.sh <source root> <work dir>
. "$1/tests/install/install_lib.sh"
. "$SRC/tests/pmd/testpmd/testpmd_lib.sh"

eal_dir=$(eal_plugin_dir)
[ -d "$eal_dir" ] || fail "cannot tell EAL's default plugin folder from its log: '$eal_dir'"
OUT=$W/testpmd.txt
TESTPMD="dpdk-testpmd $MEM_MODE -m 256 --no-pci -l 0-1 --file-prefix $PFX --no-shconf
 --log-level=pmd.net.i40e_sun4v.*:info --vdev net_i40e_sun4v0,peer=self
 -- --tx-first --stats-period 1 --total-num-mbufs=4096 --forward-mode=io"

if [ -e "$eal_dir/librte_net_i40e_sun4v.so" ]; then
	echo "a copy is installed system-wide in $eal_dir: testing it, no namespace"
	how="the system-wide install"
	# shellcheck disable=SC2086
	stdbuf -oL $TESTPMD >"$OUT" 2>&1 &
else
	unshare --mount --propagation private true 2>/dev/null ||
		{ echo "SKIP: cannot create a private mount namespace (needs root / CAP_SYS_ADMIN); test_install_layout still checks the install folder is EAL's"; exit 77; }
	build /usr/local
	meson install -C "$W/build" --no-rebuild --destdir "$W/stage" >"$LOG" 2>&1 ||
		fail "meson install --destdir failed"
	ours=$W/stage$eal_dir
	[ -f "$ours/librte_net_i40e_sun4v.so" ] || fail "the staged install has no plugin in $eal_dir"
	before=$(ls "$eal_dir" | md5sum)
	how="a --destdir install overlaid on $eal_dir in a private mount namespace"
	# shellcheck disable=SC2086
	unshare --mount --propagation private sh -c \
		'mount -t overlay i40es4v -o "ro,lowerdir=$1:$2" "$2" || exit 99; shift 2; exec "$@"' \
		sh "$ours" "$eal_dir" stdbuf -oL $TESTPMD >"$OUT" 2>&1 &
fi
pid=$!
wait_periods "$pid" "$OUT" 3 'NIC statistics for port 0'
stop_testpmd "$pid"
LOG=$OUT
[ "$rc" -ne 99 ] || fail "could not mount the overlay in the namespace"
grep -q 'net_i40e_sun4v0: port 0 on rc 0' "$OUT" || fail "testpmd without -d did not probe net_i40e_sun4v0"
rx=$(awk '/Forward statistics for port 0 /{f=1} f && /RX-packets:/{print $2; exit}' "$OUT")
[ "${rx:-0}" -gt 0 ] || fail "no packet forwarded (RX-packets ${rx:-?})"
ok "stock dpdk-testpmd with no -d found net_i40e_sun4v ($how) and forwarded $rx packets"
if [ -n "${before:-}" ]; then
	[ "$(ls "$eal_dir" | md5sum)" = "$before" ] && [ ! -e "$eal_dir/librte_net_i40e_sun4v.so" ] ||
		fail "the machine's $eal_dir changed"
	grep -q " $eal_dir " /proc/self/mountinfo && fail "a mount on $eal_dir is visible outside the namespace"
	ok "the machine's $eal_dir and mount table are unchanged"
fi
