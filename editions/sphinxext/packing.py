"""Packing a book again: each file the last packing holds unchanged is copied from it as it
was compressed, not compressed again.

An edition's book is some two hundred files, of which a build after one statement changed
rewrites three or four (the statement, the tables of contents, which come out the same);
compressing all of them again was an eighth of that edition's build. The archive written is
the one ``zipfile`` writes, byte for byte (a test compares them): a copied file gets the
local header ``ZipFile.write`` would give it, and the compressed bytes zlib would make again
of the same content at the same level.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

#: A zip local file header's fixed part, up to its name's and extra field's lengths.
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")


def pack(target: Path, members: Iterable[tuple[Path, str, int]]) -> None:
    """Write the zip ``target`` of ``members`` (file, name in the archive, compression), in
    their order, as ``ZipFile.write`` would, reusing what ``target`` held before."""
    try:
        previous: zipfile.ZipFile | None = zipfile.ZipFile(target)
    except (OSError, zipfile.BadZipFile):
        previous = None
    staged = target.with_name(target.name + ".new")
    try:
        with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as archive:
            for path, name, compression in members:
                kept = _kept(previous, path, name, compression)
                if kept is None:
                    archive.write(path, name, compression)
                else:
                    _append_compressed(archive, *kept)
        if previous is not None:
            previous.close()
        os.replace(staged, target)
    except BaseException:
        # (Nothing half-made left beside the book: Sphinx would pack it into the next one.)
        staged.unlink(missing_ok=True)
        raise
    finally:
        if previous is not None:
            previous.close()


def _kept(previous: zipfile.ZipFile | None, path: Path, name: str,
          compression: int) -> tuple[zipfile.ZipInfo, bytes] | None:
    """The new entry for ``path`` and its compressed bytes, where the previous archive holds
    the same content under ``name``, compressed the same way; else None."""
    if previous is None:
        return None
    old = previous.NameToInfo.get(name)
    data = path.read_bytes()
    if (old is None or old.compress_type != compression or old.file_size != len(data)
            or zlib.crc32(data) != old.CRC or old.flag_bits & 0x08):
        return None
    raw = _compressed_bytes(previous, old)
    # The same CRC is not proof of the same text: the bytes kept must give this content
    # (inflating is several times faster than deflating).
    if raw is None or (compression == zipfile.ZIP_DEFLATED and _inflated(raw) != data) or (
            compression == zipfile.ZIP_STORED and raw != data):
        return None
    entry = zipfile.ZipInfo.from_file(path, name)
    entry.compress_type = compression
    entry.file_size, entry.compress_size, entry.CRC = len(data), old.compress_size, old.CRC
    entry.flag_bits = 0  # (as ZipFile._open_to_write sets it, before the name's own flag)
    return entry, raw


def _compressed_bytes(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes | None:
    """An entry's bytes as stored (None where its local header is not where it should be)."""
    handle = archive.fp
    assert handle is not None
    try:
        handle.seek(entry.header_offset)
        header = handle.read(_LOCAL_HEADER.size)
        if len(header) != _LOCAL_HEADER.size or header[:4] != zipfile.stringFileHeader:
            return None
        *_fields, name_length, extra_length = _LOCAL_HEADER.unpack(header)
        handle.seek(entry.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
        raw = handle.read(entry.compress_size)
    except (OSError, ValueError):  # (an offset no archive could hold: a damaged book)
        return None
    return raw if len(raw) == entry.compress_size else None


def _inflated(raw: bytes) -> bytes | None:
    try:
        return zlib.decompress(raw, -zlib.MAX_WBITS)
    except zlib.error:
        return None


def _append_compressed(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, raw: bytes) -> None:
    """Append an entry whose bytes are compressed already, as ``ZipFile.write`` leaves one:
    its local header (with its final sizes and CRC), its bytes, and its place in the
    archive's directory."""
    handle = archive.fp
    assert handle is not None
    handle.seek(archive.start_dir)
    entry.header_offset = handle.tell()
    archive._writecheck(entry)  # (a duplicate name warns, as ZipFile.write's does)
    archive._didModify = True
    handle.write(entry.FileHeader(False))
    handle.write(raw)
    archive.start_dir = handle.tell()
    archive.filelist.append(entry)
    archive.NameToInfo[entry.filename] = entry
