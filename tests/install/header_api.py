#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The functions a set of C headers declares (not static inline, not
typedefs): the public API a library's version map must export.

Usage: header_api.py PREFIX_REGEX HEADER...   prints one name per line."""
import re
import sys

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
# A declaration statement: text between ; { } up to the first '(' of the
# statement; the name is the identifier right before it.
STMT = re.compile(r'(?:^|[;{}])\s*([^;{}#]*?)\b([A-Za-z_][A-Za-z0-9_]*)\s*\(',
                  re.S)


def declared(prefix, text):
    text = COMMENT.sub(' ', text)
    text = re.sub(r'^\s*#.*$', ' ', text, flags=re.M)
    names = set()
    for m in STMT.finditer(text):
        head, name = m.group(1), m.group(2)
        if re.search(r'\b(typedef|static|return|if|while|for)\b', head):
            continue
        if re.match(prefix, name):
            names.add(name)
    return names


def main(prefix, headers):
    names = set()
    for h in headers:
        with open(h, encoding='utf-8') as f:
            names |= declared(prefix, f.read())
    for n in sorted(names):
        print(n)
    return 0 if names else 1


if __name__ == '__main__':
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
