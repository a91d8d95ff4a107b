# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the testpmd test scripts.

# Stop testpmd $1 as a user would (SIGINT), SIGKILL it 20 s later if it
# hangs; its exit status is left in $rc.
stop_testpmd() {
	kill -INT "$1" 2>/dev/null
	( sleep 20; kill -KILL "$1" ) >/dev/null 2>&1 </dev/null &
	_killer=$!
	wait "$1"
	rc=$?
	kill "$_killer" 2>/dev/null
}
