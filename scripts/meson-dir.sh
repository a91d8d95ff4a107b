# SPDX-License-Identifier: BSD-3-Clause
# Sourced by scripts/sanitize.sh and scripts/tsan.sh: configure the build
# folder $1 with meson options $2 (set up once, reconfigured after), and
# show meson's output only when the setup fails.
meson_dir() {
	if [ ! -f "$1/build.ninja" ]; then
		_log=$(mktemp)
		# shellcheck disable=SC2086
		meson setup "$1" $2 >"$_log" 2>&1 || { cat "$_log" >&2; rm -f "$_log"; exit 1; }
		rm -f "$_log"
	else
		# shellcheck disable=SC2086
		meson configure "$1" $2 >/dev/null
	fi
}
