#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Summarise a meson test run from meson-logs/testlog.json.

Prints one line per failed or skipped test (with the reason a skipped test
printed), then the final line `N passed, N failed[, N skipped]`.  Exit status
is 1 if anything failed or if no test ran at all, else 0.
"""
import json
import sys

FAILED = {"FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS", "INTERRUPT"}


def skip_reason(entry):
    for stream in ("stderr", "stdout"):
        for line in (entry.get(stream) or "").splitlines():
            if "SKIP" in line or "skip" in line:
                return line.strip()
    return "(no reason printed)"


def main(path):
    passed = failed = skipped = 0
    try:
        with open(path, encoding="utf-8") as f:
            lines = [l for l in f if l.strip()]
    except OSError as e:
        print(f"test-summary: cannot read {path}: {e}", file=sys.stderr)
        print("0 passed, 1 failed")
        return 1
    for line in lines:
        e = json.loads(line)
        res = e.get("result", "ERROR")
        name = f"{'+'.join(e.get('suite') or [])}/{e.get('name')}"
        if res in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif res == "SKIP":
            skipped += 1
            print(f"skipped: {name}: {skip_reason(e)}")
        else:
            failed += 1
            print(f"FAILED:  {name} ({res})")
    tail = f", {skipped} skipped" if skipped else ""
    print(f"{passed} passed, {failed} failed{tail}")
    return 1 if failed or (passed + skipped) == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/meson-logs/testlog.json"))
