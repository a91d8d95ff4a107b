#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Compare a testpmd primary's own counters with a secondary's view.

    compare_stats.py <testpmd output> <dpdk-proc-info output> <ports>

The testpmd output holds `show port stats all` and `show port xstats all`
taken while forwarding was stopped; the proc-info output holds `--stats
--xstats` taken in the same quiet state.  For every port the last block
of each kind is used:

- xstats: the same names in the same order with the same values;
- basic stats: RX/TX packets, bytes, errors and RX-nombuf equal (testpmd
  and proc-info print them in different layouts).

It fails unless traffic was seen (rx_good_packets > 0 on every port), so
two empty outputs cannot pass.  Exit status 0 when everything matches.
"""
import re
import sys

XHEAD = re.compile(r"NIC extended statistics for port (\d+)")
SHEAD = re.compile(r"NIC statistics for port (\d+)")
XLINE = re.compile(r"^\s*([A-Za-z0-9_\[\]\-.]+): (\d+)\s*$")
SKEYS = ("RX-packets", "RX-errors", "RX-bytes", "RX-nombuf",
         "TX-packets", "TX-errors", "TX-bytes")
SPAIR = re.compile(r"(%s):\s+(\d+)" % "|".join(SKEYS))


def blocks(path):
    """{('x'|'s', port): [...]} of the last block of each kind per port."""
    out = {}
    cur = None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = XHEAD.search(line)
            if m:
                cur = ("x", int(m.group(1)))
                out[cur] = []
                continue
            m = SHEAD.search(line)
            if m:
                cur = ("s", int(m.group(1)))
                out[cur] = []
                continue
            if cur is None or "testpmd>" in line:
                if "testpmd>" in line:
                    cur = None
                continue
            if cur[0] == "x":
                m = XLINE.match(line)
                if m:
                    out[cur].append((m.group(1), int(m.group(2))))
            elif not line.lstrip().startswith("Stats reg"):
                out[cur].extend((k, int(v)) for k, v in SPAIR.findall(line))
    return out


def main(prim_path, sec_path, nb_ports):
    prim, sec = blocks(prim_path), blocks(sec_path)
    bad = []
    for p in range(nb_ports):
        px, sx = prim.get(("x", p)), sec.get(("x", p))
        if not px or not sx:
            bad.append(f"port {p}: xstats missing (primary {len(px or [])},"
                       f" secondary {len(sx or [])} lines)")
            continue
        if [n for n, _ in px] != [n for n, _ in sx]:
            bad.append(f"port {p}: xstat names differ:\n  primary   "
                       f"{[n for n, _ in px]}\n  secondary {[n for n, _ in sx]}")
        for (n, a), (_, b) in zip(px, sx):
            if a != b:
                bad.append(f"port {p}: {n}: primary {a}, secondary {b}")
        if dict(px).get("rx_good_packets", 0) == 0:
            bad.append(f"port {p}: no traffic seen (rx_good_packets 0)")
        ps, ss = dict(prim.get(("s", p), [])), dict(sec.get(("s", p), []))
        for k in SKEYS:
            if k not in ps or k not in ss or ps[k] != ss[k]:
                bad.append(f"port {p}: {k}: primary {ps.get(k)}, "
                           f"secondary {ss.get(k)}")
        print(f"port {p}: {len(px)} xstats and {len(SKEYS)} basic "
              f"counters compared, rx_good_packets {dict(px).get('rx_good_packets')}")
    for b in bad:
        print("MISMATCH " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
