#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Install the Debian packages the build needs, only when something is missing.
# Idempotent and silent when everything is present; `apt-get update` runs
# only when a package must be installed.  Extra package names may be given as
# arguments.  gnuplot-nox is in the list so `make test` runs the plot test
# (sun4v-dmabench --plot) instead of skipping it; python3-pyelftools because
# the build runs DPDK's pmdinfogen.py and the tests dpdk-pmdinfo.py;
# tcpdump because the capture test reads dpdk-dumpcap's pcap with it.
set -eu

PKGS="dpdk libdpdk-dev dpdk-dev libnuma-dev meson ninja-build pkg-config gcc python3 python3-pyelftools xz-utils gnuplot-nox tcpdump $*"

missing=""
for p in $PKGS; do
	st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[ "$st" = "installed" ] || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
	command -v sudo >/dev/null ||
		{ echo "deps: error: need root (or sudo) to install:$missing" >&2; exit 1; }
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
echo "deps: installed:$missing"
