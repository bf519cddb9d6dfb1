"""Renames one version requirement (verneed entry) of an ELF shared library, updating its ELF hash.

Usage: patch_verneed.py LIBRARY OLD NEW   (OLD and NEW of equal length, e.g. GLIBCXX_3.4.32 GLIBCXX_3.4.30)
Used by patch-libtorchsharp.sh; see there for why.
"""
import struct, sys
path = sys.argv[1]; old = sys.argv[2].encode(); new = sys.argv[3].encode()
assert len(old) == len(new)
data = bytearray(open(path, 'rb').read())
def elf_hash(name):
    h = 0
    for c in name:
        h = (h << 4) + c
        g = h & 0xf0000000
        if g: h ^= g >> 24
        h &= ~g
    return h & 0xffffffff
# section headers
e_shoff, = struct.unpack_from('<Q', data, 0x28)
e_shentsize, e_shnum, e_shstrndx = struct.unpack_from('<HHH', data, 0x3A)
secs = []
for i in range(e_shnum):
    off = e_shoff + i * e_shentsize
    name, typ, flags, addr, offset, size, link, info, align, entsize = struct.unpack_from('<IIQQQQIIQQ', data, off)
    secs.append((name, typ, offset, size, link, info))
# SHT_GNU_verneed = 0x6ffffffe
vr = [s for s in secs if s[1] == 0x6ffffffe][0]
dynstr_off = secs[vr[4]][2]
off = vr[2]; count = vr[5]; patched = 0
for _ in range(count):
    vn_version, vn_cnt, vn_file, vn_aux, vn_next = struct.unpack_from('<HHIII', data, off)
    aux = off + vn_aux
    for _ in range(vn_cnt):
        vna_hash, vna_flags, vna_other, vna_name, vna_next = struct.unpack_from('<IHHII', data, aux)
        s = dynstr_off + vna_name
        end = data.index(0, s)
        if bytes(data[s:end]) == old:
            data[s:end] = new
            struct.pack_into('<I', data, aux, elf_hash(new))
            patched += 1
        if vna_next == 0: break
        aux += vna_next
    if vn_next == 0: break
    off += vn_next
open(path, 'wb').write(data)
print('patched', patched)
