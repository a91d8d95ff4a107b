#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# Fetch DPDK's driver-SDK headers (ethdev_driver.h, ethdev_vdev.h,
# bus_vdev_driver.h, bus_driver.h, dev_driver.h) and the build tools that
# generate a driver's PMD_INFO_STRING (buildtools/pmdinfogen.py with its
# coff.py, and gen-pmdinfo-cfile.py) from Debian's `dpdk` source package of
# exactly the installed libdpdk-dev version, and unpack them into a
# git-ignored cache folder inside the checkout.  The tools are run by the
# build (drivers/meson.build), never copied into the repository.
#
# Why: Debian's libdpdk-dev does not install the driver SDK, but an
# out-of-tree vdev PMD needs it (doc/build.md).  The system's apt
# configuration is never touched: apt runs with a private sources list and a
# private state folder under the cache directory.
#
# Usage: scripts/fetch-dpdk-sdk.sh [CACHE_DIR]     (default: .cache/dpdk-sdk)
# Prints nothing when the cache is already complete for the installed version.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${1:-$ROOT/.cache/dpdk-sdk}
HEADERS="ethdev_driver.h ethdev_vdev.h bus_vdev_driver.h bus_driver.h dev_driver.h"
BUILDTOOLS="pmdinfogen.py coff.py gen-pmdinfo-cfile.py"

die() { echo "fetch-dpdk-sdk: error: $*" >&2; exit 1; }

command -v pkg-config >/dev/null || die "pkg-config is not installed"
pc_ver=$(pkg-config --modversion libdpdk 2>/dev/null) ||
	die "libdpdk is not known to pkg-config (is libdpdk-dev installed?)"
deb_ver=$(dpkg-query -W -f='${Version}' libdpdk-dev 2>/dev/null) ||
	die "libdpdk-dev is not installed (dpkg-query found nothing)"
# Debian version looks like 22.11.11-0+deb12u1: the upstream part must equal
# what pkg-config reports, or the headers would not match the libraries.
upstream=${deb_ver%%-*}
[ "$upstream" = "$pc_ver" ] ||
	die "version mismatch: pkg-config libdpdk=$pc_ver but dpkg libdpdk-dev=$deb_ver"

dest=$CACHE/$deb_ver/include
tools=$CACHE/$deb_ver/buildtools
stamp=$CACHE/$deb_ver/.complete

# Unpack DPDK's buildtools/ files from the kept orig tarball $1 into $tools
# (through a private folder and mv, so a concurrent build never sees half).
extract_buildtools() {
	tmp=$(mktemp -d "$CACHE/$deb_ver/.buildtools.XXXXXX")
	pats=""
	for t in $BUILDTOOLS; do pats="$pats */buildtools/$t"; done
	# shellcheck disable=SC2086
	tar -C "$tmp" -xf "$1" --wildcards $pats ||
		{ rm -rf "$tmp"; die "could not extract buildtools ($BUILDTOOLS) from $1"; }
	mkdir -p "$tools"
	for t in $BUILDTOOLS; do
		f=$(find "$tmp" -path "*/buildtools/$t" | head -n 1)
		[ -n "$f" ] || { rm -rf "$tmp"; die "buildtools/$t not found in $1"; }
		mv -f "$f" "$tools/$t"
	done
	rm -rf "$tmp"
}

tools_ok() {
	for t in $BUILDTOOLS; do [ -f "$tools/$t" ] || return 1; done
	return 0
}

if [ -f "$stamp" ]; then
	ok=1
	for h in $HEADERS; do [ -f "$dest/$h" ] || ok=0; done
	# A cache made before the build ran pmdinfogen has the headers and the
	# tarball but no buildtools/: take them from the tarball, no download.
	kept=$(ls "$CACHE/$deb_ver/work"/dpdk_*.orig.tar.* 2>/dev/null | head -n 1)
	if [ $ok = 1 ] && ! tools_ok && [ -n "$kept" ]; then
		extract_buildtools "$kept"
		echo "fetch-dpdk-sdk: buildtools ready in $tools"
	fi
	if [ $ok = 1 ] && tools_ok; then
		ln -sfn "$deb_ver" "$CACHE/current"
		exit 0
	fi
fi

echo "fetch-dpdk-sdk: fetching Debian source dpdk=$deb_ver for driver-SDK headers"
command -v apt-get >/dev/null || die "apt-get not found: this step needs Debian"

work=$CACHE/$deb_ver/work
apt_dir=$CACHE/apt
rm -rf "$work"
mkdir -p "$work" "$apt_dir/sources" "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$dest"

# Private deb-src entries for the suites a Debian 12 DPDK can come from.
cat > "$apt_dir/sources/dpdk-src.sources" <<EOF
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF

APT_OPTS="-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts=$apt_dir/sources
 -o Dir::State::Lists=$apt_dir/lists -o Dir::Cache::Archives=$apt_dir/archives
 -o Dir::Cache::pkgcache= -o Dir::Cache::srcpkgcache= -o Debug::NoLocking=1"

# shellcheck disable=SC2086
apt-get -q $APT_OPTS update >"$work/apt-update.log" 2>&1 ||
	die "apt-get update with the private source list failed; see $work/apt-update.log"
# shellcheck disable=SC2086
(cd "$work" && apt-get -q $APT_OPTS source --download-only "dpdk=$deb_ver") \
	>"$work/apt-source.log" 2>&1 ||
	die "apt-get source dpdk=$deb_ver failed; see $work/apt-source.log"

dsc=$(ls "$work"/dpdk_*.dsc 2>/dev/null | head -n 1)
[ -n "$dsc" ] || die "no .dsc downloaded for dpdk=$deb_ver"
# Only the headers are needed, so extract just those paths from the orig
# tarball instead of unpacking the whole tree.
orig=$(ls "$work"/dpdk_*.orig.tar.* 2>/dev/null | head -n 1)
[ -n "$orig" ] || die "no orig tarball downloaded for dpdk=$deb_ver"
tar -C "$work" -xf "$orig" --wildcards \
	'*/lib/ethdev/ethdev_driver.h' '*/lib/ethdev/ethdev_vdev.h' \
	'*/drivers/bus/vdev/bus_vdev_driver.h' '*/lib/eal/include/bus_driver.h' \
	'*/lib/eal/include/dev_driver.h' ||
	die "could not extract the SDK headers from $orig"
for h in $HEADERS; do
	f=$(find "$work" -name "$h" -path '*/lib/*' -o -name "$h" -path '*/drivers/*' | head -n 1)
	[ -n "$f" ] || die "header $h not found in $orig"
	cp "$f" "$dest/$h"
done
extract_buildtools "$orig"
echo "$deb_ver" > "$CACHE/$deb_ver/VERSION"
# Keep the downloaded source (~16 MB) out of the way but do not refetch.
rm -rf "$work"/dpdk-*/
touch "$stamp"
# meson's default -Dsdk_include points at current/include (doc/build.md).
ln -sfn "$deb_ver" "$CACHE/current"
echo "fetch-dpdk-sdk: headers ready in $dest, buildtools in $tools"
