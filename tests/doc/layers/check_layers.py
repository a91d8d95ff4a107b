#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Include rules that keep the layers of doc/design.md §1 honest.

 (a) sim/ is plain C: no file under sim/ includes a DPDK header (rte_*.h,
     the driver-SDK headers, or any header DPDK installs);
 (b) the device model reaches the platform only through its DMA API: no file
     under sim/i40e includes sun4v_hv.h, sun4v_platform.h or
     sun4v_internal.h;
 (c) lib/vfio_sun4v/include/vfio_sun4v.h does not re-export the simulator: it
     includes no header of sim/;
 (d) the PMD never talks to the hypervisor or a device's DMA path: no file
     under drivers/ includes sun4v_hv.h, sun4v_dma.h or sun4v_internal.h,
     nor sun4v_platform.h unless DRIVERS_MAY_USE_PLATFORM;
 (e) the PMD sees the machine only as sim/board's PCI function: of sim/,
     drivers/ includes only sim_board.h, and calls no sun4v_* (other than
     vfio_sun4v_*) or i40e_sim_* function;
 (f) sim/board reaches the NIC through i40e_sim.h and the platform through
     sun4v_platform.h / sun4v_dma.h only (no model-private header);
 (g) examples/ is built against an installed copy: of the project's own
     headers it includes only installed ones (INSTALLED_HEADERS, what the
     install_headers() calls of drivers/ and lib/iova_pool install), and
     there is at least one example.
 (h) common/ (the log rate limiter every layer shares) sits below them all:
     no DPDK header and no header of the project's other components.

Usage: check_layers.py SOURCE_ROOT [DPDK_INCLUDE_DIR]
Every violation is printed as file:line; exit status 1 if there is any."""
import os
import re
import sys

# sim/board builds the machine and hands the PMD a PCI function, so drivers/
# may not name the platform (the flag stays for a reader who wonders why).
DRIVERS_MAY_USE_PLATFORM = False
CALL_RE = re.compile(r'\b((?<!vfio_)sun4v_[a-z0-9_]+|i40e_sim_[a-z0-9_]+)\s*\(')

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')
# DPDK headers that do not start with rte_ (doc/build.md, driver SDK).
DPDK_NON_RTE = {"bus_driver.h", "bus_pci_driver.h", "bus_vdev_driver.h",
                "dev_driver.h", "ethdev_driver.h", "ethdev_pci.h",
                "ethdev_vdev.h"}
SUN4V_PRIVATE = {"sun4v_internal.h"}
SIM_I40E_FORBIDDEN = {"sun4v_hv.h", "sun4v_platform.h"} | SUN4V_PRIVATE
DRIVERS_FORBIDDEN = {"sun4v_hv.h", "sun4v_dma.h"} | SUN4V_PRIVATE
# The project's installed public headers (doc/build.md "Installing").
INSTALLED_HEADERS = {"rte_pmd_i40e_sun4v.h", "iova_alloc.h", "iova_log.h",
                     "iova_pool.h", "iova_pool_domain.h", "iova_pool_dpdk.h",
                     "vfio_sun4v.h", "sun4v_hv_abi.h"}


def sources(root, sub):
    """Every .c/.h file under root/sub (or sub itself), relative to root."""
    if os.path.isfile(os.path.join(root, sub)):
        return [sub]
    out = []
    for d, _, files in os.walk(os.path.join(root, sub)):
        out += [os.path.relpath(os.path.join(d, f), root)
                for f in files if f.endswith((".c", ".h"))]
    return sorted(out)


def includes(root, path):
    """(line number, header basename) of every #include of a file."""
    with open(os.path.join(root, path), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            m = INCLUDE_RE.match(line)
            if m:
                yield n, os.path.basename(m.group(1))


def dpdk_headers(dpdk_inc, own):
    """Header names DPDK installs, minus names the project has itself."""
    names = set()
    # A DPDK installed straight into /usr/include would make every system
    # header "DPDK": then only the rte_ prefix and DPDK_NON_RTE count.
    if dpdk_inc and os.path.isfile(os.path.join(dpdk_inc, "stdio.h")):
        return names
    if dpdk_inc and os.path.isdir(dpdk_inc):
        for _, _, files in os.walk(dpdk_inc):
            names |= {f for f in files if f.endswith(".h")}
    return names - own


def main(root, dpdk_inc):
    own = {os.path.basename(p) for p in sources(root, ".")
           if not p.startswith((".cache", "build"))}
    dpdk = dpdk_headers(dpdk_inc, own) | DPDK_NON_RTE
    sim_headers = {os.path.basename(p) for p in sources(root, "sim")
                   if p.endswith(".h")}
    drivers_forbidden = set(DRIVERS_FORBIDDEN)
    if not DRIVERS_MAY_USE_PLATFORM:
        drivers_forbidden.add("sun4v_platform.h")
    errors = []

    def rule(sub, bad, why):
        for path in sources(root, sub):
            for n, h in includes(root, path):
                if bad(h):
                    errors.append(f"{path}:{n}: includes {h}: {why}")

    rule("sim", lambda h: h.startswith("rte_") or h in dpdk,
         "(a) sim/ uses no DPDK header")
    rule("sim/i40e", lambda h: h in SIM_I40E_FORBIDDEN,
         "(b) sim/i40e uses only sun4v_dma.h of sim/sun4v")
    rule("lib/vfio_sun4v/include/vfio_sun4v.h", lambda h: h in sim_headers,
         "(c) vfio_sun4v.h does not re-export the simulator")
    rule("drivers", lambda h: h in drivers_forbidden,
         "(d) drivers/ does not reach the hypervisor or device DMA directly")
    rule("drivers", lambda h: h in sim_headers and h != "sim_board.h",
         "(e) drivers/ sees sim/ only through sim_board.h")
    rule("sim/board", lambda h: h in {"i40e_sim_priv.h"} | SUN4V_PRIVATE,
         "(f) sim/board uses the models' public headers only")
    rule("examples", lambda h: h in own and h not in INSTALLED_HEADERS,
         "(g) examples/ uses installed headers only")
    if not any(p.endswith(".c") for p in sources(root, "examples")):
        errors.append("examples/: no example source (g)")
    common_own = {os.path.basename(p) for p in sources(root, "common")}
    rule("common", lambda h: h.startswith("rte_") or h in dpdk or
         (h in own and h not in common_own),
         "(h) common/ is the bottom layer: libc only")
    if not sources(root, "common"):
        errors.append("common/: missing (the log rate limiter)")
    for path in sources(root, "drivers"):
        with open(os.path.join(root, path), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                code = line.split("//")[0]
                if code.lstrip().startswith(("*", "/*")):
                    continue
                for m in CALL_RE.finditer(code):
                    errors.append(f"{path}:{n}: calls {m.group(1)}(): (e) "
                                  "drivers/ uses sim/board's function API")
    if not os.path.isfile(os.path.join(root, "lib/vfio_sun4v/include/vfio_sun4v.h")):
        errors.append("lib/vfio_sun4v/include/vfio_sun4v.h: missing")
    for e in errors:
        print(e)
    print(f"layer include checks: {len(errors)} violations"
          + ("" if DRIVERS_MAY_USE_PLATFORM else
             " (drivers/ may not use sun4v_platform.h)"))
    return 1 if errors else 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else ""))
