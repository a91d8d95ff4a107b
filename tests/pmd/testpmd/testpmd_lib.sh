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

# Wait until testpmd $1 printed $3 stats periods into file $2 (its
# "NIC statistics for port 1" blocks), exited, or 30 s passed, then stop
# it (stop_testpmd); $rc is its exit status.  EAL start-up time varies
# with the machine's load: the periods, not a fixed time, bound a run.
# $4 (optional): a pattern that ends the wait early when it appears.
run_periods() {
	_waited=0
	while [ "$(grep -c 'NIC statistics for port 1' "$2")" -lt "$3" ] &&
	      [ $_waited -lt 300 ]; do
		kill -0 "$1" 2>/dev/null || break
		if [ -n "${4:-}" ] && grep -q "$4" "$2"; then break; fi
		sleep 0.1
		_waited=$((_waited + 1))
	done
	stop_testpmd "$1"
}
