#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Doc consistency for net_i40e_sun4v.

1. Every devarg key of the driver is documented in the NIC guide's
   "Runtime configuration" and appears in RTE_PMD_REGISTER_PARAM_STRING.
2. Every xstat name the driver emits is documented in the guide.
3. Every feature claimed (Y or P) in features/i40e_sun4v.ini has the
   eth_dev_ops member(s) DPDK's features.rst ties it to, implemented (a
   non-NULL member of the driver's ops table) or, for features tied to a
   device flag or a fast-path function, that code in the driver; and every
   key is a valid DPDK feature name.
"""
import os
import re
import sys

# Feature -> ops members that must be set (DPDK doc/guides/nics/features.rst).
FEATURE_OPS = {
    "Speed capabilities": ["dev_infos_get"],
    "Link status": ["link_update"],
    "Queue start/stop": ["rx_queue_start", "rx_queue_stop",
                         "tx_queue_start", "tx_queue_stop"],
    "MTU update": ["mtu_set"],
    "Scattered Rx": ["rx_queue_setup"],
    "Promiscuous mode": ["promiscuous_enable", "promiscuous_disable"],
    "Allmulticast mode": ["allmulticast_enable", "allmulticast_disable"],
    "RSS hash": ["dev_configure", "dev_infos_get"],
    "RSS key update": ["rss_hash_update", "rss_hash_conf_get"],
    "RSS reta update": ["reta_update", "reta_query"],
    "Packet type parsing": ["rx_queue_setup"],
    "Basic stats": ["stats_get", "stats_reset"],
    "Extended stats": ["xstats_get", "xstats_get_names", "xstats_reset"],
    "Stats per queue": ["stats_get"],
    "Link status event": ["link_update"],
    "Unicast MAC filter": ["mac_addr_set", "mac_addr_add", "mac_addr_remove"],
    "Multicast MAC filter": ["set_mc_addr_list"],
    "Rx descriptor status": [],
    "Tx descriptor status": [],
    "FW version": ["fw_version_get"],
    "Multiprocess aware": [],
    "TSO": ["dev_infos_get"],
    "VLAN offload": ["vlan_offload_set", "dev_infos_get"],
    "L3 checksum offload": ["dev_infos_get"],
    "L4 checksum offload": ["dev_infos_get"],
}
# Features tied to something other than an ops member: a pattern that
# must appear in the driver's sources (features.rst).
FEATURE_CODE = {
    "Link status event": r"dev_flags\s*\|=\s*RTE_ETH_DEV_INTR_LSC",
    "Rx descriptor status": r"->rx_descriptor_status\s*=",
    "Tx descriptor status": r"->tx_descriptor_status\s*=",
    "Multiprocess aware": r"rte_eth_dev_attach_secondary\(",
    # features.rst: these are mbuf flags the bursts act on.
    "TSO": r"RTE_MBUF_F_TX_TCP_SEG",
    "VLAN offload": r"RTE_MBUF_F_RX_VLAN_STRIPPED",
    "L3 checksum offload": r"RTE_MBUF_F_RX_IP_CKSUM_BAD",
    "L4 checksum offload": r"RTE_MBUF_F_RX_L4_CKSUM_BAD",
}
# Keys that are about the platform, not ops.
PLATFORM_KEYS = {"Linux", "x86-64", "FreeBSD", "Windows", "ARMv7", "ARMv8"}


def read(root, rel):
    with open(os.path.join(root, rel), encoding="utf-8") as f:
        return f.read()


def main(root):
    errors = []
    drv = "drivers/net/i40e_sun4v/"
    devargs_h = read(root, drv + "i40e_sun4v_devargs.h")
    ethdev_c = read(root, drv + "i40e_sun4v_ethdev.c")
    xstats_c = read(root, drv + "i40e_sun4v_xstats.c")
    rst = read(root, "doc/guides/nics/i40e_sun4v.rst")
    ini = read(root, "doc/guides/nics/features/i40e_sun4v.ini")

    keys = re.findall(r'#define I40E_SUN4V_\w+_ARG "(\w+)"', devargs_h)
    if len(keys) < 12:
        errors.append(f"found only {len(keys)} devarg keys in the header")
    runtime = rst.split("Runtime configuration", 1)[-1].split("\nDMA domains", 1)[0]
    param = devargs_h.split("I40E_SUN4V_PARAM_STRING", 1)[-1].split("\n\n", 1)[0]
    for k in keys:
        if f"``{k}``" not in runtime:
            errors.append(f"devarg {k} is not documented in Runtime configuration")
        macro = [m for m in re.findall(r"(I40E_SUN4V_\w+_ARG)", param)]
        names = dict(re.findall(r'#define (I40E_SUN4V_\w+_ARG) "(\w+)"', devargs_h))
        if k not in {names[m] for m in macro if m in names}:
            errors.append(f"devarg {k} missing from I40E_SUN4V_PARAM_STRING")
    if "RTE_PMD_REGISTER_PARAM_STRING(net_i40e_sun4v, I40E_SUN4V_PARAM_STRING)" \
            not in ethdev_c:
        errors.append("RTE_PMD_REGISTER_PARAM_STRING does not use the macro")

    xstats = re.findall(r'\[XS_\w+\] = "(\w+)"', xstats_c)
    if len(xstats) < 10:
        errors.append(f"found only {len(xstats)} xstat names in the driver")
    for x in xstats + ["rx_qN_packets", "tx_qN_packets"]:
        if f"``{x}``" not in rst:
            errors.append(f"xstat {x} is not documented in the NIC guide")

    drv_src = "".join(read(root, drv + f) for f in sorted(os.listdir(
        os.path.join(root, drv))) if f.endswith(".c"))
    ops_tbl = ethdev_c.split("static const struct eth_dev_ops", 1)[-1].split("};", 1)[0]
    members = set(re.findall(r"\.(\w+)\s*=\s*\w+", ops_tbl))
    for line in ini.splitlines():
        m = re.match(r"^([^;\[][^=]*?)\s*=\s*([YP])\s*$", line)
        if not m:
            continue
        feat = m.group(1)
        if feat in PLATFORM_KEYS:
            continue
        if feat not in FEATURE_OPS:
            errors.append(f"feature '{feat}' has no known ops mapping (typo?)")
            continue
        for op in FEATURE_OPS[feat]:
            if op not in members:
                errors.append(f"feature '{feat}' claimed but .{op} not set")
        if feat in FEATURE_CODE and not re.search(FEATURE_CODE[feat], drv_src):
            errors.append(f"feature '{feat}' claimed but the driver lacks "
                          f"/{FEATURE_CODE[feat]}/")
    for e in errors:
        print("FAIL:", e)
    print(f"checked {len(keys)} devargs, {len(xstats)} xstats, "
          f"{len(members)} ops; {len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
