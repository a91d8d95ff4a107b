#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Write the hand-made seed inputs of the fuzz harnesses.

The binary harnesses (fuzz_hv, fuzz_i40e_sim) read a little-endian op
stream; a random start rarely reaches the deep paths (a valid CONF, BIND,
MAP then DMA; a programmed RX and TX queue), so these seeds spell such
sequences out.  scripts/fuzz.sh runs this once when a corpus folder is
empty; the fuzzer grows and `-merge=1` minimizes the corpus from there.

usage: make_seeds.py <tests/fuzz/corpus>
"""
import os
import struct
import sys

RAM_SIZE = 1 << 20


def u8(v):
    return struct.pack('<B', v & 0xff)


def u16(v):
    return struct.pack('<H', v & 0xffff)


def u32(v):
    return struct.pack('<I', v & 0xffffffff)


# --- fuzz_hv.c -------------------------------------------------------------
SVC = {'map': 0, 'demap': 1, 'getmap': 2, 'getbypass': 3, 'sync': 8,
       'conf': 9, 'info': 10, 'unconf': 11, 'bind': 12, 'unbind': 13,
       'get_binding': 14, 'iotsb_map': 15, 'map_one': 16, 'iotsb_demap': 17,
       'iotsb_getmap': 18, 'sync_mappings': 19}
# meaningful() selectors
DH0, HANDLE, PDEV0, ATTRS, PGSZ, R3, LEGACY, IDXCNT, TSBID, BYPASS, TSIZE = \
    0, 2, 4, 6, 7, 8, 10, 11, 12, 13, 14


def arg_ctx(k, x=0):
    return (3, u8(k) + u8(x))


def arg_small(v):
    return (1, u8(v))


def arg_ram(off):
    return (2, u32(off))


def hv(svc, *args):
    kinds = 0
    body = b''
    for i, (kind, enc) in enumerate(args):
        kinds |= kind << (2 * i)
        body += enc
    while len(args) < 5:
        args = args + ((1, u8(0)),)
        kinds |= 1 << (2 * (len(args) - 1))
        body += u8(0)
    return u8(SVC[svc]) + u16(kinds) + body


def dma(fn, sel, x, length, write):
    # dvma = meaningful() when the second byte is even
    return u8(0xc0) + u8(fn) + u8(0) + u8(sel) + u8(x) + u16(length) + u8(write)


def misc(k, *extra):
    return u8(0xf0) + u8(k) + b''.join(u8(e) for e in extra)


def hv_seeds():
    fill = misc(4, 0, 16, 8)               # list at page 0: pages 8..23
    legacy = (u8(0) + fill +
              hv('map', arg_ctx(DH0), arg_ctx(TSBID, 0), arg_small(16),
                 arg_ctx(ATTRS), arg_ram(0)) +
              dma(0, LEGACY, 0, 4096, 0) + dma(0, LEGACY, 1, 9000, 1) +
              hv('getmap', arg_ctx(DH0), arg_ctx(TSBID, 3)) +
              hv('sync', arg_ctx(DH0), arg_ram(8 * 8192), arg_small(64),
                 arg_small(1)) +
              hv('demap', arg_ctx(DH0), arg_ctx(TSBID, 0), arg_small(16)) +
              dma(0, LEGACY, 0, 64, 1))
    atu = (u8(0) +
           hv('conf', arg_ctx(DH0), arg_ram(64 * 8192), arg_ctx(TSIZE, 1),
              arg_ctx(PGSZ, 0), arg_ctx(R3, 0)) +
           hv('bind', arg_ctx(DH0), arg_ctx(HANDLE), arg_ctx(PDEV0, 0)) +
           misc(4, 1, 8, 8) +
           hv('iotsb_map', arg_ctx(DH0), arg_ctx(HANDLE),
              arg_ctx(IDXCNT, 7), arg_ctx(ATTRS), arg_ram(8192)) +
           dma(0, R3, 0, 8192, 1) + dma(1, R3, 0, 64, 0) +
           hv('iotsb_getmap', arg_ctx(DH0), arg_ctx(HANDLE), arg_small(2)) +
           hv('info', arg_ctx(DH0), arg_ctx(HANDLE)) +
           hv('get_binding', arg_ctx(DH0), arg_ctx(PDEV0, 0), arg_ctx(R3, 0)) +
           hv('map_one', arg_ctx(DH0), arg_ctx(HANDLE), arg_small(9),
              arg_ctx(ATTRS), arg_ram(30 * 8192)) +
           hv('sync_mappings', arg_ctx(DH0), arg_ctx(HANDLE), arg_small(0),
              arg_small(4)) +
           hv('iotsb_demap', arg_ctx(DH0), arg_ctx(HANDLE), arg_small(0),
              arg_small(8)) +
           hv('unbind', arg_ctx(DH0), arg_ctx(HANDLE), arg_ctx(PDEV0, 0)) +
           hv('unconf', arg_ctx(DH0), arg_ctx(HANDLE)))
    bypass = (u8(0) + misc(2 | 8) +
              hv('getbypass', arg_ctx(DH0), arg_ram(8192), arg_ctx(ATTRS)) +
              dma(0, BYPASS, 1, 512, 1) + misc(2) + dma(0, BYPASS, 1, 512, 0))
    noram = (u8(1) + misc(0) + misc(5, 2, 4, 0) +
             hv('map', arg_ctx(DH0), arg_ctx(TSBID, 0), arg_small(4),
                arg_ctx(ATTRS), arg_ram(2 * 8192)) +
             misc(0) + dma(0, LEGACY, 0, 64, 0) + misc(1) + misc(3) +
             u8(20) + u16(0) + u32(0x12345678) * 10)
    return {'seed-legacy': legacy, 'seed-atu': atu, 'seed-bypass': bypass,
            'seed-noram-raw': noram}


# --- fuzz_i40e_sim.c -------------------------------------------------------
def op(k, *body):
    return u8(k) + b''.join(body)


def i40e_seeds():
    rx = op(7, u8(0), u8(0), u8(15), u8(1), u16(0), u16(0))
    tx_descs = b''
    for i in range(4):
        tx_descs += u8(0x07) + u16(60 + 100 * i) + u32((3 << 19) + i * 2048)
    tx = op(8, u8(0), u8(0), u8(4), u16(1000)) + tx_descs
    poll = op(4)
    loop = rx + tx + poll + poll + op(5, u32(100000)) + poll + op(1, u8(13), u8(0))
    gen = (rx + op(10, u8(3)) +
           op(10, u8(0), u16(128), u8(4), u8(16), u8(8), u8(0), u8(0)) +
           poll * 4 + op(0, u8(17), u8(0), u8(0), u32(0xffffffff)) + poll)
    inject = (rx + op(10, u8(1), u8(1), u32(0x300000), u8(1), u8(1), u8(0)) +
              op(10, u8(3)) +
              op(10, u8(0), u16(64), u8(1), u8(8), u8(8), u8(0), u8(0)) +
              poll * 3 + op(9) + op(10, u8(2)) + poll)
    faults = (rx + op(6, u8(0), u8(0)) + op(6, u8(128), u8(1)) + tx + poll +
              op(0, u8(19), u8(0), u32(0x00128004), u8(0), u32(5)))
    return {'seed-loopback': loop, 'seed-generator': gen,
            'seed-inject': inject, 'seed-faults': faults}


DEVARGS = [
    '', 'iommu=atu,dma=pool', 'iommu=legacy,dma=map,rc=0,bdf=03:00.0',
    'iommu=bypass,peer=self,speed=100G,pace=0',
    'peer=net_i40e_sun4v1,mac=02:00:00:00:00:01,rxdesc=16',
    'gen=64:16:50,iotlb=1024,hv_lat_ns=500', 'gen=9728',
    'dma=map,inject=stale:10', 'inject=unmapped:1', 'inject=readonly:100',
    'iommu=atu,iommu=legacy', 'bogus=1', 'rc=8', 'bdf=03:40.0', 'mac=01:00:00:00:00:00',
    'speed=1G', 'gen=64:0', 'gen=64:1:101', 'iommu', ',,,', 'peer=self,gen=64',
]

DECODE = [
    'sim.sun4v: DMA fault #1: rc 0 03:00.0 write dvma 0x80012345: unmapped (iotsb 0x0, page size 8192)\n'
    'sim.sun4v: DMA fault #2: rc 0 03:00.0 write dvma 0x2000000e000: unmapped (iotsb 0x10001, page size 8192)\n'
    'sim.sun4v: IOTSB_CONF devhandle 0x200 r_addr 0x7f0000000000 size 0x2000 pagesize 0x2000 iova 0x20000000000: status 0 handle 0x10001\n',
    'sim.sun4v: DMA fault #5: rc 0 03:00.1 read dvma 0x20000000000: out of window (iotsb 0x0, page size 0)\n'
    'sim.sun4v: DMA fault #6: rc 0 03:00.0 read dvma 0xfffc7ff7a6c00000: bypass denied (iotsb 0x0, page size 0)\n'
    'sim.sun4v: DMA fault #8: rc 0 03:00.0 read dvma 0x80028000: not RAM (iotsb 0x0, page size 8192)\n',
    'sim.sun4v: rc 0 03:00.1 quarantined: more than 4 DMA faults within 1000000000 ns; its DMA is blocked until reset\n'
    'sim.sun4v: rc 0 03:00.1 reset: quarantine lifted\nsim.sun4v: 2 DMA fault log lines suppressed\n',
    'sun4v-fault seq=3 time_ns=5 rc=0 bdf=03:00.0 dir=read dvma=0x1000 reason=out_of_window iotsb=0x0 page_size=0\n'
    'sun4v-fault rc=1 bdf=05:00.0 dir=write dvma=0x20000460000 reason=protection iotsb=0x10002 page_size=65536 iova_base=0x20000400000\n',
    'DMA fault #5: rc 2 0a:1f.7 read dvma 0x20000460000: unmapped (iotsb 0x10002, page size 65536, base 0x20000400000)\n',
    'EAL: Detected CPU lcores: 2\nDMA fault #1: rc 0 03:40.0 write dvma 0xZZ: melted (iotsb 0x0, page size 3)\n',
]


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), 'wb') as f:
        f.write(data)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = sys.argv[1]
    for name, data in hv_seeds().items():
        write(os.path.join(root, 'hv'), name, data)
    for name, data in i40e_seeds().items():
        write(os.path.join(root, 'i40e_sim'), name, data)
    for i, s in enumerate(DEVARGS):
        write(os.path.join(root, 'devargs'), 'seed-%02d' % i, s.encode())
    for i, s in enumerate(DECODE):
        write(os.path.join(root, 'fault_decode'), 'seed-%02d' % i, s.encode())


if __name__ == '__main__':
    main()
