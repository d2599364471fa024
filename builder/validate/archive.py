"""Zip safety: read a package zip in memory, within bounds, and check its layout.

Nothing is extracted to disk; every size is bounded from the zip headers and again while
decompressing.
"""

from __future__ import annotations

import stat
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

from builder.validate.names import check_name
from builder.validate.report import Report, show

MAX_ENTRIES = 10_000
MAX_CENTRAL_DIRECTORY = 8 << 20
MAX_ENTRY_BYTES = 512 << 20
MAX_TOTAL_BYTES = 1 << 30
MAX_RATIO = 100
RATIO_FLOOR = 16 << 20  # smaller entries (large repetitive HTML) may compress as well as they like
MAX_MANIFEST_BYTES = 1 << 20
CHUNK = 64 << 10
UTF8_FLAG = 0x800
MANIFEST = "imsmanifest.xml"
INVALID_ZIP = '(Moodle: "You must provide a valid zip file")'


@dataclass
class _Entry:
    info: zipfile.ZipInfo
    readable: bool = True


class _TooBig(Exception):
    """An entry decompressed to more bytes than allowed."""


def read_archive(path: Path, report: Report) -> tuple[set[str], bytes | None] | None:
    """Check the zip layout and read every entry in memory, within bounds.

    Returns the entry names and the root manifest's bytes, or None when the file is not a
    usable zip.
    """
    size = path.stat().st_size
    if size == 0:
        report.error(f"empty file, not a zip {INVALID_ZIP}")
        return None
    with path.open("rb") as fp:
        if not _check_end_record(fp, size, report):
            return None
        fp.seek(0)
        try:
            zf = zipfile.ZipFile(fp)
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
            report.error(f"not a valid zip ({exc}) {INVALID_ZIP}")
            return None
        with zf:
            entries = _check_entries(zf, fp, size, report)
            names = {e.info.filename for e in entries}
            check_manifest_place(names, report)
            manifest = _read_entries(zf, entries, report)
    return names, manifest


def _check_end_record(fp: BinaryIO, size: int, report: Report) -> bool:
    """Bound the central directory before zipfile reads it; flag zip64 and spanning."""
    tail_len = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        report.error(f"not a zip file {INVALID_ZIP}")
        return False
    _, disk, cd_disk, _, count, cd_size, cd_offset, _ = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    locator = tail[at - 20 : at - 16] if at >= 20 else b""
    if locator == b"PK\x06\x07" or 0xFFFF in (count, disk) or 0xFFFFFFFF in (cd_size, cd_offset):
        report.error("zip64 archive: Moodle cannot read zip64; write a plain zip (under 4 GB)")
        return False
    if disk or cd_disk:
        report.error("split (multi-disk) zip: Moodle needs a single-file zip")
        return False
    if count > MAX_ENTRIES:
        report.error(f"{count} entries: more than the {MAX_ENTRIES} this validator accepts")
        return False
    if cd_size > MAX_CENTRAL_DIRECTORY:
        report.error(f"central directory of {cd_size} bytes: larger than the validator accepts")
        return False
    return True


def _zip64_extra(extra: bytes) -> bool:
    """Whether a zip extra field holds a zip64 record (header id 1)."""
    while len(extra) >= 4:
        kind, length = struct.unpack("<HH", extra[:4])
        if kind == 1:
            return True
        extra = extra[4 + length :]
    return False


def _check_entries(zf: zipfile.ZipFile, fp: BinaryIO, size: int, report: Report) -> list[_Entry]:
    """Check every entry's name, type, flags and declared sizes (nothing decompressed yet)."""
    entries = [_Entry(info) for info in zf.infolist()]
    counts = Counter(e.info.filename for e in entries)
    for name, n in sorted(counts.items()):
        if n > 1:
            report.error(f"{n} entries have this name: each name must appear once", show(name))
    zip64 = False
    total = 0
    spans: list[tuple[int, int, str]] = []
    for entry in entries:
        info = entry.info
        where = show(info.filename)
        check_name(info.filename, report, utf8_flag=bool(info.flag_bits & UTF8_FLAG))
        if stat.S_ISLNK(info.external_attr >> 16):
            report.error("symbolic link: a package may hold only files and folders", where)
            entry.readable = False
        if info.flag_bits & 0x1:
            report.error("encrypted entry: Moodle cannot unpack it", where)
            entry.readable = False
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            report.error(f"compression method {info.compress_type}: use Deflate (or Stored)", where)
            entry.readable = False
        local = _local_header(fp, info, size)
        if local is None:
            report.error("local file header missing or damaged (corrupt zip)", where)
            entry.readable = False
        else:
            start, local_extra = local
            zip64 = zip64 or _zip64_extra(local_extra)
            spans.append((info.header_offset, start + info.compress_size, info.filename))
        zip64 = zip64 or _zip64_extra(info.extra)
        if not info.filename or info.filename.endswith("/"):
            entry.readable = False
            continue
        total += info.file_size
        if not _size_ok(info, report):
            entry.readable = False
    if zip64:
        report.error("zip64 entries: Moodle cannot read zip64; write a plain zip (under 4 GB)")
    if total > MAX_TOTAL_BYTES:
        report.error(
            f"the entries expand to {total} bytes in all, more than {MAX_TOTAL_BYTES >> 20} MiB"
        )
        for entry in entries:
            entry.readable = False
    spans.sort()
    for (_, end, name), (start, _, other) in pairwise(spans):
        if start < end:
            report.error(f"overlaps the entry {show(other)} (a zip-bomb construction)", show(name))
            for entry in entries:
                entry.readable = False
            break
    return entries


def _size_ok(info: zipfile.ZipInfo, report: Report) -> bool:
    """Whether the entry's declared size and compression ratio are within bounds."""
    where = show(info.filename)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.filename == MANIFEST and info.file_size > MAX_MANIFEST_BYTES:
        report.error(
            f"manifest of {info.file_size} bytes: more than {MAX_MANIFEST_BYTES >> 10} KiB", where
        )
    elif info.file_size > MAX_ENTRY_BYTES:
        report.error(
            f"expands to {info.file_size} bytes, more than {MAX_ENTRY_BYTES >> 20} MiB", where
        )
    elif info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        report.error(
            f"compression ratio {ratio:.0f}:1 (over {MAX_RATIO}:1): looks like a zip bomb", where
        )
    else:
        return True
    return False


def _local_header(fp: BinaryIO, info: zipfile.ZipInfo, size: int) -> tuple[int, bytes] | None:
    """(offset of the entry's data, the local extra field), or None when damaged."""
    if info.header_offset + 30 > size:
        return None
    fp.seek(info.header_offset)
    head = fp.read(30)
    if head[:4] != b"PK\x03\x04":
        return None
    name_len, extra_len = struct.unpack("<HH", head[26:30])
    fp.seek(name_len, 1)
    extra = fp.read(extra_len)
    start = info.header_offset + 30 + name_len + extra_len
    if start + info.compress_size > size:
        return None
    return start, extra


def check_manifest_place(names: set[str], report: Report) -> None:
    """imsmanifest.xml must sit at the root; the failure worded as Moodle words it."""
    if MANIFEST in names:
        return
    if any(n.rsplit("/", 1)[-1] == MANIFEST for n in names):
        report.error(
            "An imsmanifest.xml file was found but it was not in the root of your zip file"
            " (Moodle's words): zip the package's contents, not the folder that holds them"
        )
    elif any(n.lower() == MANIFEST for n in names):
        report.error("the manifest must be named imsmanifest.xml, in lower case")
    elif any(n.lower().endswith(".cst") for n in names):
        report.error("no imsmanifest.xml at the root: Moodle would treat this as an AICC package")
    else:
        report.error("missing imsmanifest.xml or AICC structure (Moodle's words)")


def _read_entries(zf: zipfile.ZipFile, entries: list[_Entry], report: Report) -> bytes | None:
    """Decompress every readable entry in memory (checking CRCs); return the root manifest."""
    total = 0
    manifest: bytes | None = None
    for entry in entries:
        if not entry.readable:
            continue
        info = entry.info
        is_manifest = info.filename == MANIFEST
        limit = MAX_MANIFEST_BYTES if is_manifest else MAX_ENTRY_BYTES
        kept: list[bytes] = []
        size = 0
        try:
            with zf.open(info) as stream:
                while chunk := stream.read(CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > limit or total > MAX_TOTAL_BYTES:
                        raise _TooBig
                    if is_manifest:
                        kept.append(chunk)
        except _TooBig:
            report.error(
                "expands beyond the size its header declares (zip bomb?)", show(info.filename)
            )
            return None
        except (
            zipfile.BadZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            RuntimeError,
            NotImplementedError,
        ) as exc:
            report.error(f"corrupt entry ({exc})", show(info.filename))
            continue
        if is_manifest:
            manifest = b"".join(kept)
    return manifest
