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

# Wait until file $2 holds $3 lines matching $4 (testpmd's stats periods),
# testpmd $1 exited, 30 s passed, or the optional pattern $5 appeared.  EAL
# start-up time varies with the machine's load: the periods, not a fixed
# time, bound a run.
wait_periods() {
	_waited=0
	while [ "$(grep -c "$4" "$2")" -lt "$3" ] && [ $_waited -lt 300 ]; do
		kill -0 "$1" 2>/dev/null || break
		if [ -n "${5:-}" ] && grep -q "$5" "$2"; then break; fi
		sleep 0.1
		_waited=$((_waited + 1))
	done
}

# wait_periods for $3 "NIC statistics for port 1" blocks of testpmd $1 in
# file $2 (or the optional pattern $4), then stop it (stop_testpmd); $rc
# is its exit status.
run_periods() {
	wait_periods "$1" "$2" "$3" 'NIC statistics for port 1' "${4:-}"
	stop_testpmd "$1"
}
