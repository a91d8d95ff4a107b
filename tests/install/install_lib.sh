# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the install tests.  Each test configures and builds its own
# copy of the project (no tests: ~10 s) in $W, inside the build tree: EAL
# refuses plugins under a world-writable folder such as /tmp, and nothing is
# ever installed outside $W.  Sourced with the test's arguments: <source
# root> <work dir>; $W is emptied first and removed on exit.
set -u
SRC=$1
W=$2
rm -rf "$W" && mkdir -p "$W"
# Every EAL run of a test uses this --file-prefix (and --no-shconf): only an
# empty runtime folder is left, removed on exit.
PFX="i40es4v_inst_$$"
trap 'rm -rf "$W"; rmdir "/var/run/dpdk/$PFX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PFX" 2>/dev/null' EXIT
if [ -n "${I40E_SUN4V_TEST_HUGE:-}" ]; then MEM_MODE=--huge-unlink; else MEM_MODE=--no-huge; fi
LOG=$W/log.txt

fail() { echo "FAIL: $*"; [ -s "$LOG" ] && tail -n 60 "$LOG"; exit 1; }
ok() { echo "ok: $*"; }

# build PREFIX: configure $W/build with --prefix PREFIX and build it.
build() {
	if [ -f "$W/build/build.ninja" ]; then
		meson configure "$W/build" --prefix="$1" >"$LOG" 2>&1
	else
		meson setup "$W/build" "$SRC" -Denable_tests=false --prefix="$1" >"$LOG" 2>&1
	fi || fail "meson setup/configure --prefix=$1 failed"
	ninja -C "$W/build" -j2 >"$LOG" 2>&1 || fail "build with --prefix=$1 failed"
}

# The directory the installed EAL loads plugins from without -d, as the EAL
# itself reports it (its debug log names every plugin it opens).
eal_plugin_dir() {
	timeout 30 dpdk-testpmd $MEM_MODE -m 64 --no-pci --no-shconf \
		--file-prefix "$PFX" --log-level=lib.eal:debug -- --help 2>&1 |
		sed -n 's|^EAL: open shared lib \(.*\)/[^/]*$|\1|p' | sort -u
}

# The functions of HEADER... matching PREFIX_RE that LIB exports, compared
# with those the headers declare: both lists must be equal and non-empty.
exports_match() {
	lib=$1 re=$2; shift 2
	python3 "$SRC/tests/install/header_api.py" "$re" "$@" >"$W/declared.txt" ||
		fail "no function matching $re declared in $*"
	nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' |
		sort >"$W/exported.txt"
	diff "$W/declared.txt" "$W/exported.txt" >"$LOG" 2>&1 ||
		fail "$lib: exported (>) and declared (<) functions differ"
	ok "$(basename "$lib") exports exactly the $(wc -l <"$W/declared.txt") functions its headers declare"
}

# The driver and its devargs string in dpdk-pmdinfo.py's output for PLUGIN.
pmdinfo_lists_devargs() {
	dpdk-pmdinfo.py "$1" >"$LOG" 2>&1 || fail "dpdk-pmdinfo.py $1 failed"
	python3 - "$LOG" <<'PY' || fail "dpdk-pmdinfo.py does not list net_i40e_sun4v with its devargs"
import json, sys
info = json.load(open(sys.argv[1]))
d = [x for x in info if x.get("name") == "net_i40e_sun4v"]
assert len(d) == 1, info
for key in ("iommu=atu|legacy|bypass", "dma=pool|map", "peer=", "engine="):
    assert key in d[0].get("params", ""), (key, d[0])
print("  pmdinfo:", d[0]["params"][:60], "...")
PY
	ok "dpdk-pmdinfo.py lists net_i40e_sun4v and its devargs"
}
