#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# The PMD loads into Debian's stock dpdk-testpmd with -d, probes a vdev with
# good devargs, and refuses a vdev with a bad devarg with a log line naming
# the key and the value.
# Usage: test_testpmd_plugin_load.sh <dpdk-testpmd> <librte_net_i40e_sun4v.so>
set -u
# I40E_SUN4V_TEST_HUGE=1 (scripts/test-huge.sh): the same run on huge pages.
if [ -n "${I40E_SUN4V_TEST_HUGE:-}" ]; then MEM_MODE=--huge-unlink; else MEM_MODE=--no-huge; fi
TESTPMD=$1
PMD=$2
PREFIX="i40es4v_load_$$"
out=$(mktemp)
# --no-shconf keeps EAL's runtime files (MBs per run) off tmpfs; only an
# empty runtime directory is left, removed on exit.
trap 'rm -f "$out"; rmdir "/var/run/dpdk/$PREFIX" "${XDG_RUNTIME_DIR:-/tmp}/dpdk/$PREFIX" 2>/dev/null' EXIT
fail() { echo "FAIL: $*"; cat "$out"; exit 1; }

# `-- --help` makes testpmd exit right after EAL init (which probes vdevs).
timeout 30 "$TESTPMD" -d "$PMD" $MEM_MODE -m 128 --no-pci \
	--file-prefix "$PREFIX" --no-shconf --log-level='pmd.net.i40e_sun4v.*:info' \
	--vdev 'net_i40e_sun4v0,iommu=legacy,dma=map' \
	--vdev 'net_i40e_sun4v1,speed=400G' \
	-- --help >"$out" 2>&1
grep -q 'net_i40e_sun4v0: port [0-9]* on rc 0 bdf 03:00.0, iommu=legacy dma=map' "$out" ||
	fail "good vdev was not probed by the plugin"
grep -q 'bad value for devarg speed="400G"' "$out" ||
	fail "bad devarg not reported with key and value"
grep -q 'failed to initialize net_i40e_sun4v1' "$out" ||
	fail "probe of the bad vdev did not fail"
echo "ok: plugin loaded, good vdev probed, bad devarg named and refused"
