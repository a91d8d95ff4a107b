#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The plugin exports its public API and nothing else.

EAL dlopen()s librte_net_i40e_sun4v.so and the driver's constructor
registers the driver: EAL needs no exported symbol.  Applications call the
functions of rte_pmd_i40e_sun4v.h, so those, and only those, are exported
(drivers/net/i40e_sun4v/version.map).  Every layer linked into the plugin
(sim/, lib/) must stay private, or an application that links its own copy
of a layer (libiova_pool.so) could bind to the plugin's.

Checks, with `nm`:
 (a) the functions the dynamic symbol table defines are exactly the
     functions the public header declares: none missing, nothing else (in
     particular no symbol of a linked-in layer: sun4v_, i40e_sim_, v4_,
     ctx_, iova_, sim_board_, vfio_; no internal i40e_sun4v_ function);
 (b) the registration data is still in the object (.symtab), where
     DPDK's pmdinfogen looks for it: the version script hid symbols, it did
     not drop the driver's name or its parameter string.

Usage: check_plugin_symbols.py NM PLUGIN HEADER
Prints every offending symbol; exit status 1 if there is any."""
import re
import subprocess
import sys

DECL = re.compile(r'^[a-z].*?\b(rte_pmd_i40e_sun4v_[a-z0-9_]+)\(', re.M)
LAYER_PREFIXES = ('sun4v_', 'i40e_sim_', 'v4_', 'ctx_', 'iova_', 'sim_board_',
                  'vfio_')
REGISTRATION = {
    'this_pmd_name': re.compile(r'^this_pmd_name[0-9]+$'),
    'param string': re.compile(r'^__net_i40e_sun4v_param_string_export$'),
}


def symbols(nm, plugin, dynamic):
    """(type, name) of every defined symbol of one table."""
    args = [nm, '--defined-only'] + (['-D'] if dynamic else []) + [plugin]
    out = subprocess.run(args, check=True, capture_output=True,
                         text=True).stdout
    for line in out.splitlines():
        f = line.split()
        if len(f) >= 2:
            yield f[-2], f[-1]


def main(nm, plugin, header):
    bad = []
    with open(header, encoding='utf-8') as f:
        public = set(DECL.findall(f.read()))
    if not public:
        bad.append(f'{header}: declares no rte_pmd_i40e_sun4v_ function')
    dyn = list(symbols(nm, plugin, True))
    exported = set()
    for kind, name in dyn:
        if kind == 'A' and not name.startswith(LAYER_PREFIXES):
            continue        # a version node name, not a symbol
        base = name.split('@')[0]
        if base in public:
            exported.add(base)
            continue
        why = ('a linked-in layer' if base.startswith(LAYER_PREFIXES)
               else 'not declared in ' + header)
        bad.append(f'{plugin}: exports {name} ({kind}): {why}')
    for name in sorted(public - exported):
        bad.append(f'{plugin}: does not export {name} (declared in '
                   f'{header}; missing from version.map?)')
    local = [name for _, name in symbols(nm, plugin, False)]
    for what, pat in REGISTRATION.items():
        if not any(pat.match(n) for n in local):
            bad.append(f'{plugin}: no {what} symbol ({pat.pattern}) in '
                       '.symtab: the driver registration is gone')
    for b in bad:
        print(b)
    print(f'{len(dyn)} defined dynamic symbols ({len(exported)} of '
          f'{len(public)} public functions), {len(bad)} problems')
    return 1 if bad else 0


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3]))
