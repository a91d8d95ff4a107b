#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
#
# `make run`: the main job.  Runs the stock dpdk-testpmd with two simulated
# 40 GbE i40e ports wired to each other (pooled ATU mode, io forwarding,
# --tx-first) for a fixed time and prints a readable summary.
set -eu
BUILD=build
while [ $# -gt 0 ]; do
	case "$1" in
	--build) BUILD=$2; shift 2 ;;
	*) break ;;
	esac
done
PMD=$BUILD/drivers/librte_net_i40e_sun4v.so
if [ ! -f "$PMD" ] || [ ! -f "$BUILD/app/run_summary_ready" ]; then
	echo "make run: not available yet: the net_i40e_sun4v data path" \
	     "(issue 5: simulated XL710 + PMD rx/tx) has not landed, so there" \
	     "is nothing to forward. 'make test' runs what exists." >&2
	exit 2
fi
