#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""`make run`: the main job.

Runs Debian's stock dpdk-testpmd with the net_i40e_sun4v plugin: two
simulated 40 GbE XL710 ports wired to each other, io forwarding started with
--tx-first, for a fixed time; then prints a readable summary per port:
Mpps, Gbps (L1 with preamble+IFG, and L2), % of the link's line rate,
hypercalls per packet, IOTSB entries used, IOMMU faults.

Everything printed is measured on this machine by testpmd and the PMD's
xstats; the only modeled parameter (hv_lat_ns, hypercall latency) is printed
in the header.  Rates come from the counters' difference between the last
two stats periods, after warm-up.

Then the headline: a short sun4v-dmabench run (ATU, pool vs map, 1518 B,
paced, modeled hv_lat_ns=500, 1 s per row) whose line-rate lines say, per
port, Gbps (L1) and % of the 40 GbE line rate of pool and map side by side.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import time

XSTATS = ["hv_map_calls", "hv_demap_calls", "iotsb_entries_used",
          "iommu_faults", "rx_missed_no_desc", "dma_map_errors"]
WIRE_OVERHEAD = 20   # preamble 7 + SFD 1 + IFG 12 (i40e-facts §4.1)
FCS = 4


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default="build", help="meson build folder")
    ap.add_argument("--time", type=int, default=10,
                    help="seconds of forwarding (default 10, min 4); the "
                    "first 2 are warm-up")
    ap.add_argument("--iommu", default="atu", choices=["atu", "legacy", "bypass"])
    ap.add_argument("--dma", default="pool", choices=["pool", "map"])
    ap.add_argument("--size", type=int, default=64,
                    help="frame size in bytes incl. FCS, 64..1518 (default 64)")
    ap.add_argument("--speed", default="40G", choices=["10G", "25G", "40G", "100G"])
    ap.add_argument("--no-pace", action="store_true",
                    help="turn off line-rate pacing (raw capacity)")
    ap.add_argument("--hv-lat-ns", type=int, default=0,
                    help="modeled hypercall latency in ns (default 0)")
    ap.add_argument("--show-log", action="store_true",
                    help="print testpmd's whole output too")
    ap.add_argument("--no-headline", action="store_true",
                    help="skip the pool-vs-map sun4v-dmabench headline run")
    a = ap.parse_args()
    if a.time < 4:
        ap.error(f"--time {a.time}: need at least 4 s (2 s warm-up + 2 periods)")
    if not 64 <= a.size <= 1518:
        ap.error(f"--size {a.size}: must be 64..1518")
    if a.dma == "map" and a.iommu == "bypass":
        ap.error("--dma map needs an IOMMU (--iommu atu or legacy)")
    return a


def hugepages_free():
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("HugePages_Free:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def testpmd_cmd(a, pmd):
    common = (f"iommu={a.iommu},dma={a.dma},speed={a.speed},"
              f"pace={0 if a.no_pace else 1},hv_lat_ns={a.hv_lat_ns}")
    eal = ["dpdk-testpmd", "-l", "0,1", "-d", pmd, "--no-pci",
           "--log-level", "pmd.net.i40e_sun4v.driver:info",
           "--file-prefix", f"i40e_sun4v_run_{os.getpid()}",
           "--vdev", f"net_i40e_sun4v0,peer=net_i40e_sun4v1,{common}",
           "--vdev", f"net_i40e_sun4v1,peer=net_i40e_sun4v0,{common}"]
    free = hugepages_free()
    # Huge pages when the machine has enough for -m 1024, else --no-huge.
    if free >= 512:
        eal += ["-m", "1024"]
        a.memory = (f"2 MB huge pages ({free} free at start; EAL -m 1024)")
    else:
        eal += ["--no-huge", "-m", "1024"]
        a.memory = (f"--no-huge, 4 KiB pages ({free} free 2 MB huge pages, "
                    "512 needed; reserve them to run on huge pages)")
    app = ["--forward-mode=io", "--tx-first", "--stats-period", "1",
           "--total-num-mbufs=16384", f"--txpkts={a.size - FCS}",
           "--display-xstats", ",".join(XSTATS)]
    return eal + ["--"] + app


def run(a, cmd):
    """Run testpmd; stop it (SIGINT) once --time periods of traffic passed."""
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, errors="replace")
    lines, traffic_periods = [], 0
    deadline = time.monotonic() + a.time + 60   # EAL init may be slow
    for line in p.stdout:
        lines.append(line)
        # One "NIC statistics for port 1" block closes each period.
        if "NIC statistics for port 1" in line and any(
                re.search(r"RX-packets:\s+[1-9]", l) for l in lines[-30:]):
            traffic_periods += 1
        if traffic_periods >= a.time or time.monotonic() > deadline:
            p.send_signal(signal.SIGINT)
            break
    try:
        rest, _ = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        rest, _ = p.communicate()
        print("make run: testpmd did not stop on SIGINT; killed", file=sys.stderr)
    out = "".join(lines) + (rest or "")
    return p.returncode, re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", out)


def parse_periods(out):
    """Per period and port: cumulative RX packets/bytes and the xstats."""
    periods, cur, port = [], None, None
    for line in out.splitlines():
        m = re.search(r"NIC statistics for port (\d+)", line)
        if m:
            port = int(m.group(1))
            if port == 0:
                cur = {}
                periods.append(cur)
            cur[port] = {}
            continue
        if cur is None or port is None:
            continue
        m = re.search(r"RX-packets:\s+(\d+).*RX-bytes:\s+(\d+)", line)
        if m:
            cur[port]["rx_pkts"] = int(m.group(1))
            cur[port]["rx_bytes"] = int(m.group(2))
        m = re.search(r"Rx-pps:\s+(\d+)\s+Rx-bps:\s+(\d+)", line)
        if m:
            cur[port]["rx_pps"] = int(m.group(1))
            cur[port]["rx_bps"] = int(m.group(2))
        m = re.match(r"\s*(\w+)\s+(\d+)\s+(\d+)\s*$", line)
        if m and m.group(1) in XSTATS:
            cur[port][m.group(1)] = int(m.group(2))
    return [p for p in periods if len(p) == 2 and all("rx_pkts" in v for v in p.values())]


def summarize(a, periods, out):
    if len(periods) < 3:
        print("make run: testpmd produced fewer than 3 stats periods; "
              "its output follows", file=sys.stderr)
        print(out, file=sys.stderr)
        return 1
    # testpmd's own per-period rates (it divides by the measured interval);
    # the first two periods with traffic are warm-up.
    meas = periods[2:] if len(periods) > 3 else periods[-1:]
    first, last = periods[1], periods[-1]
    speed_gbps = int(a.speed[:-1])
    line_pps = speed_gbps * 1e9 / ((a.size + WIRE_OVERHEAD) * 8)
    print(f"\nnet_i40e_sun4v main job: 2 ports wired back to back, testpmd io "
          f"forwarding, iommu={a.iommu} dma={a.dma}, {a.size} B frames, "
          f"{a.speed} link, pacing {'off' if a.no_pace else 'on'}")
    print(f"modeled: hv_lat_ns={a.hv_lat_ns} (hypercall latency); everything "
          f"else measured: mean of {len(meas)} one-second testpmd stats "
          f"periods after 2 s of warm-up")
    print(f"memory: {a.memory}\n")
    hdr = (f"{'port':>4} {'Mpps':>8} {'Gbps L1':>8} {'Gbps L2':>8} "
           f"{'% line':>7} {'hcalls/pkt':>10} {'IOTSB used':>10} "
           f"{'faults':>6} {'missed':>8}")
    print(hdr)
    print("-" * len(hdr))
    rc = 0
    for port in (0, 1):
        f, l = first[port], last[port]
        pps = sum(p[port].get("rx_pps", 0) for p in meas) / len(meas)
        bps = sum(p[port].get("rx_bps", 0) for p in meas) / len(meas)
        pkts = l["rx_pkts"] - f["rx_pkts"]
        frame = bps / 8 / pps + FCS if pps else a.size
        hcalls = ((l.get("hv_map_calls", 0) + l.get("hv_demap_calls", 0)) -
                  (f.get("hv_map_calls", 0) + f.get("hv_demap_calls", 0)))
        print(f"{port:>4} {pps / 1e6:>8.3f} "
              f"{pps * (frame + WIRE_OVERHEAD) * 8 / 1e9:>8.2f} "
              f"{pps * frame * 8 / 1e9:>8.2f} {100 * pps / line_pps:>6.1f}% "
              f"{(hcalls / pkts) if pkts else 0:>10.3f} "
              f"{l.get('iotsb_entries_used', 0):>10} "
              f"{l.get('iommu_faults', 0):>6} "
              f"{l.get('rx_missed_no_desc', 0):>8}")
        if pkts == 0:
            rc = 1
    print(f"\nline rate at {a.size} B on {a.speed}: {line_pps / 1e6:.2f} Mpps. "
          "The simulated device and the driver share this machine's CPU: see "
          "doc/results.md for what limits the rate.")
    closed = out.count("closed, every IOTSB entry returned")
    print(f"teardown: {closed}/2 ports returned every IOTSB entry at close")
    if closed != 2:
        rc = 1
    return rc


HEADLINE_ARGS = ["--iommu", "atu", "--dma", "pool,map", "--sizes", "1518",
                 "--hv-lat-ns", "500", "--time", "1", "--warmup", "0.3",
                 "--peer", "none"]


def headline(a):
    """Run the short pool-vs-map benchmark; print its line-rate lines."""
    exe = os.path.join(a.build, "app", "sun4v-dmabench")
    if not os.access(exe, os.X_OK):
        print(f"make run: {exe} not found; no headline", file=sys.stderr)
        return 1
    cmd = [exe, "--"] + HEADLINE_ARGS
    print("\nheadline: " + " ".join(cmd), flush=True)
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, errors="replace", timeout=60)
    except subprocess.TimeoutExpired:
        print("make run: sun4v-dmabench did not finish in 60 s", file=sys.stderr)
        return 1
    lines = [l for l in p.stdout.splitlines()
             if re.match(r"\d+ GbE at \d+B \(", l)]
    if p.returncode != 0 or not lines:
        print(f"make run: sun4v-dmabench exited {p.returncode} without a "
              "headline; its output follows", file=sys.stderr)
        print(p.stdout + p.stderr, file=sys.stderr)
        return 1
    print("pool vs map, per port, L1 Gbps and % of the 40 GbE line rate "
          "(measured; hv_lat_ns is modeled):")
    for l in lines:
        print("  " + l)
    return 0


def main():
    a = parse_args()
    pmd = os.path.join(a.build, "drivers", "librte_net_i40e_sun4v.so")
    if not os.path.isfile(pmd):
        print(f"make run: {pmd} not found; run `make build` first", file=sys.stderr)
        return 1
    cmd = testpmd_cmd(a, os.path.abspath(pmd))
    print("running: " + " ".join(cmd), flush=True)
    status, out = run(a, cmd)
    if a.show_log:
        print(out)
    periods = parse_periods(out)
    rc = summarize(a, periods, out)
    if status not in (0, -signal.SIGINT):
        print(f"make run: testpmd exited with status {status}", file=sys.stderr)
        rc = rc or 1
    if not a.no_headline:
        rc = headline(a) or rc
    return rc


if __name__ == "__main__":
    sys.exit(main())
