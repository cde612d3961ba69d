#!/usr/bin/env python3
"""tests/report/html_png.py - size and one pixel of a Chromium screenshot

usage: html_png.py PNG X Y

Prints "WIDTH HEIGHT LUMA": the image's size and the luma (0-255) of the
pixel at X, Y (within the first rows: only those are decoded).  Standard
library only; 8-bit RGB or RGBA, not interlaced, as Chromium writes them.
html.sh uses it to tell a light page from a dark one.
"""
import struct
import sys
import zlib


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else b if pb <= pc else c


def unfilter(kind, line, prev, bpp):
    for i in range(len(line)):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if kind == 1:
            line[i] = (line[i] + a) & 255
        elif kind == 2:
            line[i] = (line[i] + b) & 255
        elif kind == 3:
            line[i] = (line[i] + ((a + b) >> 1)) & 255
        elif kind == 4:
            line[i] = (line[i] + paeth(a, b, c)) & 255
    return line


def main():
    path, x, y = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('%s: not a PNG' % path)
    pos, idat = 8, bytearray()
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, colour, _, _, lace = struct.unpack('>IIBBBBB', body)
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    if depth != 8 or colour not in (2, 6) or lace:
        sys.exit('%s: not 8-bit RGB(A)' % path)
    bpp = 3 if colour == 2 else 4
    stride = w * bpp
    raw = zlib.decompressobj().decompress(bytes(idat), (y + 1) * (stride + 1))
    prev = bytearray(stride)
    for row in range(y + 1):
        start = row * (stride + 1)
        prev = unfilter(raw[start], bytearray(raw[start + 1:start + 1 +
                                                   stride]), prev, bpp)
    r, g, b = prev[x * bpp:x * bpp + 3]
    print(w, h, round(0.299 * r + 0.587 * g + 0.114 * b))


if __name__ == '__main__':
    main()
