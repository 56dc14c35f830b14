"""The zip container of a .docx, by hand (struct and zlib only): the parts that are the same in
every document are deflated once and copied into each file as they are; only the two or three
parts written for a speech are deflated per document. zipfile would inflate and deflate all of
them again for every file (styles.xml alone was most of a document's writing time)."""

from __future__ import annotations

import functools
import struct
import time
import zlib
from dataclasses import dataclass
from typing import Any

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DEFLATED = 8
_VERSION = 20  # 2.0: deflate
_MADE_BY = 3 << 8 | _VERSION  # Unix, as zipfile writes it on Linux
_MODE = 0o600 << 16  # zipfile's writestr(), for the file's unix mode


@dataclass(frozen=True)
class Member:
    """A part as a zip stores it: its name, CRC-32 and size uncompressed, and the raw deflate
    stream."""

    name: bytes
    crc: int
    size: int
    data: bytes


# The parts written per document are deflated by ISA-L (isal) at its level 0: a sixth of the
# time of zlib's level 1 (a 3,000-character speech's document.xml, 13 KB: 23 µs for its three
# parts against 42 µs at isal's level 1 and 117 µs with zlib), for 7.8 KB against 6.2 KB (the
# .docx 17.6 KB against 16.0). Without isal, zlib at level 1 (its level 0 stores, unpacked).


@functools.cache
def _deflate() -> tuple[Any, int]:
    """isal's zlib module and its level where it is installed (a dependency: wheels for
    Windows and Linux), else the standard library's: raw deflate streams any reader inflates."""
    try:
        from isal import isal_zlib

        return isal_zlib, 0
    except ImportError:
        return zlib, 1


def deflated(name: str, data: bytes) -> Member:
    """The part as a raw deflate stream, as zipfile's ZIP_DEFLATED writes it."""
    lib, level = _deflate()
    z = lib.compressobj(level, lib.DEFLATED, -15)
    return Member(name.encode("utf-8"), zlib.crc32(data), len(data), z.compress(data) + z.flush())


def inflated(member: Member) -> bytes:
    return zlib.decompress(member.data, -15)


def members(package: bytes) -> list[Member]:
    """A zip's members in their order, deflated ones kept compressed. Only what drafter's own
    bases are (python-docx's and zipfile's output: no zip64, stored or deflated) is read."""
    end = package.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("not a zip file")
    count, _, pos = struct.unpack_from("<HII", package, end + 10)
    out = []
    for _ in range(count):
        (_, _, _, _, method, _, _, crc, csize, size, nlen, xlen, clen, _, _, _,
         offset) = _CENTRAL.unpack_from(package, pos)
        name = package[pos + _CENTRAL.size:pos + _CENTRAL.size + nlen]
        pos += _CENTRAL.size + nlen + xlen + clen
        lnlen, lxlen = struct.unpack_from("<HH", package, offset + 26)
        start = offset + _LOCAL.size + lnlen + lxlen
        data = package[start:start + csize]
        if method == 0:
            out.append(deflated(name.decode("utf-8"), data))
        elif method == _DEFLATED:
            out.append(Member(name, crc, size, data))
        else:
            raise ValueError(f"zip method {method} in {name!r}")
    return out


def zip_bytes(parts: list[Member], stamp: tuple[int, ...] | None = None) -> bytes:
    """The zip file of the members, in their order, stamped (year, month, day, hour, minute,
    second) with the local time unless told, as zipfile does."""
    year, month, day, hour, minute, second = (stamp or time.localtime())[:6]
    clock = hour << 11 | minute << 5 | second // 2
    date = (year - 1980) << 9 | month << 5 | day
    out, central, offset = [], [], 0
    for m in parts:
        csize, nlen = len(m.data), len(m.name)
        local = _LOCAL.pack(0x04034B50, _VERSION, 0, _DEFLATED, clock, date, m.crc, csize, m.size,
                            nlen, 0)
        central.append(_CENTRAL.pack(0x02014B50, _MADE_BY, _VERSION, 0, _DEFLATED, clock, date,
                                     m.crc, csize, m.size, nlen, 0, 0, 0, 0, _MODE, offset))
        central.append(m.name)
        out += (local, m.name, m.data)
        offset += _LOCAL.size + nlen + csize
    directory = b"".join(central)
    n = len(parts)
    out += (directory, _END.pack(0x06054B50, 0, 0, n, n, len(directory), offset, 0))
    return b"".join(out)
