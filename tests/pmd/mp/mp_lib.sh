# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the multi-process tests: a dpdk-testpmd primary forwarding on
# two peer-wired net_i40e_sun4v ports, and secondaries attached to it.
#
# A secondary maps the primary's memory through its hugepage files, so the
# primary runs on huge pages without --huge-unlink (EAL cannot share
# --no-huge memory).  Without I40E_SUN4V_TEST_HUGE=1 (scripts/test-huge.sh
# reserves the pages and sets it), or without free pages, the test skips
# and says why.  On exit the primary is stopped and its hugepage files and
# runtime folder are removed: the files would otherwise hold the pages.
# Sourced from a script in this folder ($0): brings ../testpmd/testpmd_lib.sh.

. "$(dirname "$0")/../testpmd/testpmd_lib.sh"

mp_need_huge() {
	if [ -z "${I40E_SUN4V_TEST_HUGE:-}" ]; then
		echo "SKIP: secondary processes need a hugepage-backed primary" \
		     "(EAL cannot share --no-huge memory); make test runs on" \
		     "--no-huge, scripts/test-huge.sh runs this test on 2 MB pages"
		exit 77
	fi
	_free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
	if [ "${_free:-0}" -lt 256 ]; then
		echo "SKIP: secondary processes need a hugepage-backed primary;" \
		     "this machine has ${_free:-0} free huge pages (need 256)"
		exit 77
	fi
}

# Stop the primary (if any), remove its files and the work folder $MP_DIR.
mp_cleanup() {
	if [ -n "${MP_PID:-}" ] && kill -0 "$MP_PID" 2>/dev/null; then
		kill -INT "$MP_PID" 2>/dev/null
		sleep 2
		kill -KILL "$MP_PID" 2>/dev/null
	fi
	for _d in $(awk '$3 == "hugetlbfs" { print $2 }' /proc/mounts); do
		rm -f "$_d/${MP_PREFIX}map_"*
	done
	rm -rf "/var/run/dpdk/$MP_PREFIX" "${MP_DIR:-/nonexistent}"
}

# mp_setup <name>: skip without huge pages (mp_need_huge), else set
# MP_PREFIX, MP_DIR (work folder) and the cleanup on exit.
mp_setup() {
	mp_need_huge
	MP_PREFIX="i40es4v_mp$1_$$"
	MP_DIR=$(mktemp -d)
	MP_PID=
	trap mp_cleanup EXIT
}

# mp_fail <message>: say what failed, show the logs, exit 1.
mp_fail() {
	echo "FAIL: $*"
	for _f in "$MP_DIR"/*.txt; do
		[ -f "$_f" ] || continue
		echo "--- $(basename "$_f"):"
		tail -n 60 "$_f"
	done
	exit 1
}

# mp_primary <testpmd> <pmd> <testpmd args...>: start the primary with
# its output in $MP_DIR/primary.txt, its input from $MP_STDIN (default
# /dev/null); MP_PID is its pid.
mp_primary() {
	_tp=$1
	_pmd=$2
	shift 2
	# Created first: mp_wait may look before the shell behind & opens it.
	: >"$MP_DIR/primary.txt"
	stdbuf -oL "$_tp" -d "$_pmd" -m 512 --no-pci -l 0-1 \
		--file-prefix "$MP_PREFIX" \
		--log-level='pmd.net.i40e_sun4v.*:info' \
		--vdev net_i40e_sun4v0,peer=net_i40e_sun4v1 \
		--vdev net_i40e_sun4v1,peer=net_i40e_sun4v0 -- \
		--total-num-mbufs=8192 "$@" <"${MP_STDIN:-/dev/null}" \
		>"$MP_DIR/primary.txt" 2>&1 &
	MP_PID=$!
}

# mp_wait <count> <pattern> [file]: wait (30 s at most) until the file
# (default the primary's output) holds <count> lines matching <pattern>.
mp_wait() {
	_f=${3:-$MP_DIR/primary.txt}
	_n=0
	while :; do
		_c=$(grep -c -- "$2" "$_f" 2>/dev/null)
		[ "${_c:-0}" -lt "$1" ] || break
		kill -0 "$MP_PID" 2>/dev/null || mp_fail "the primary exited"
		[ $_n -lt 300 ] || mp_fail "no $1 x \"$2\" in $_f after 30 s"
		sleep 0.1
		_n=$((_n + 1))
	done
}

# mp_stop_primary: SIGINT (stop_testpmd); the primary must exit 0 and
# each port must have returned every IOTSB entry at close (the
# secondaries left the port's state alone).
mp_stop_primary() {
	stop_testpmd "$MP_PID"
	MP_PID=
	[ "$rc" -eq 0 ] || mp_fail "the primary exited with status $rc"
	for _p in 0 1; do
		grep -q "net_i40e_sun4v$_p: closed, every IOTSB entry returned" \
			"$MP_DIR/primary.txt" ||
			mp_fail "port $_p: the primary's close did not return" \
				"every IOTSB entry"
	done
}
