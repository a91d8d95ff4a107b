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


def huge_pages_note():
    """Whether the huge-page run (scripts/test-huge.sh) happened, and why not."""
    free = 0
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("HugePages_Free:"):
                    free = int(line.split()[1])
    except OSError:
        pass
    why = (f"this machine has {free} free 2 MB huge pages" if free == 0 else
           f"{free} free 2 MB huge pages are here, but make test runs the "
           "suites on --no-huge")
    return ("huge-page tests: not run by make test: " + why + "; "
            "scripts/test-huge.sh (as root) reserves the pages, runs the pmd "
            "suite on them, with the multi-process tests that skip here, and "
            "gives them back (.ci/run does)")


def main(path, huge_note=False):
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
    if huge_note:
        print(huge_pages_note())
    tail = f", {skipped} skipped" if skipped else ""
    print(f"{passed} passed, {failed} failed{tail}")
    return 1 if failed or (passed + skipped) == 0 else 0


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--huge-note"]
    sys.exit(main(args[0] if args else "build/meson-logs/testlog.json",
                  "--huge-note" in sys.argv[1:]))
