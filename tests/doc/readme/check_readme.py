#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""README contract: the Quick start shows exactly `make run` and `make test`,
the Makefile has those targets, .ci/run calls `make test`, and every doc the
README points to exists."""
import os
import re
import sys


def main(root):
    errors = []
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    qs = readme.split("## Quick start", 1)
    if len(qs) != 2:
        errors.append("README has no '## Quick start' section")
    else:
        section = qs[1].split("\n## ", 1)[0]
        blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
        cmds = [l.strip() for b in blocks for l in b.splitlines() if l.strip()]
        if cmds != ["make run", "make test"]:
            errors.append(f"Quick start commands are {cmds}, want make run, make test")
    with open(os.path.join(root, "Makefile"), encoding="utf-8") as f:
        mk = f.read()
    for t in ("run", "test", "build", "clean"):
        if not re.search(rf"^{t}:", mk, re.M):
            errors.append(f"Makefile has no '{t}' target")
    with open(os.path.join(root, ".ci/run"), encoding="utf-8") as f:
        if "make test" not in f.read():
            errors.append(".ci/run does not call make test")
    for ref in re.findall(r"`(doc/[\w./-]+)`", readme):
        if not os.path.exists(os.path.join(root, ref)):
            errors.append(f"README points to missing {ref}")
    for e in errors:
        print("FAIL:", e)
    print(f"README checks: {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
