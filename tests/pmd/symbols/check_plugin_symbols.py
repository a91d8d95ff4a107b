#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The plugin exports only what DPDK needs from a driver plugin.

EAL dlopen()s librte_net_i40e_sun4v.so and the RTE_PMD_REGISTER_VDEV
constructor registers the driver: no symbol has to be exported
(drivers/net/i40e_sun4v/version.map).  Every layer linked into the plugin
(sim/, lib/) must stay private, or an application that links its own copy
of a layer could bind to the plugin's.

Checks, with `nm`:
 (a) the dynamic symbol table defines nothing but registration data
     (this_pmd_name<N>, __<drv>_param_string_export), in particular no
     symbol of a linked-in layer (sun4v_, i40e_sim_, v4_, ctx_, iova_,
     sim_board_, vfio_) and nothing of the PMD itself;
 (b) the registration data is still in the object (.symtab), where
     DPDK's pmdinfogen looks for it: the version script hid symbols, it did
     not drop the driver's name or its parameter string.

Usage: check_plugin_symbols.py NM PLUGIN
Prints every offending symbol; exit status 1 if there is any."""
import re
import subprocess
import sys

ALLOWED = re.compile(r'^(this_pmd_name[0-9]+|__[A-Za-z0-9_]+_param_string_export)$')
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


def main(nm, plugin):
    bad = []
    dyn = list(symbols(nm, plugin, True))
    for kind, name in dyn:
        if kind == 'A' and not name.startswith(LAYER_PREFIXES):
            continue        # a version node name, not a symbol
        if ALLOWED.match(name):
            continue
        why = ('a linked-in layer' if name.startswith(LAYER_PREFIXES)
               else 'not a registration symbol')
        bad.append(f'{plugin}: exports {name} ({kind}): {why}')
    local = [name for _, name in symbols(nm, plugin, False)]
    for what, pat in REGISTRATION.items():
        if not any(pat.match(n) for n in local):
            bad.append(f'{plugin}: no {what} symbol ({pat.pattern}) in '
                       '.symtab: the driver registration is gone')
    for b in bad:
        print(b)
    print(f'{len(dyn)} defined dynamic symbols, {len(bad)} problems')
    return 1 if bad else 0


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
