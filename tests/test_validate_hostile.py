"""`validate_package` on hostile and broken zips, generated here (no binaries checked in).

Each package gets a clear verdict line, in bounded time and memory, and the validator writes
nothing anywhere (it reads entries in memory).
"""

from __future__ import annotations

import io
import os
import resource
import stat
import struct
import sys
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from lxml import etree

from builder.validate import parse_manifest, validate_package

MANIFEST = b"""\
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-demo" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG-demo">
    <organization identifier="ORG-demo">
      <title>Caf\xc3\xa9 safety</title>
      <item identifier="ITEM-demo" identifierref="RES-demo">
        <title>Children</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-demo" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"""
PAGE = b"<!doctype html><title>Children</title>" + b"<p>Keep children safe.</p>" * 200
MiB = 1 << 20
MAX_SECONDS = 2.0
MAX_PYTHON_HEAP = 16 * MiB
MAX_RSS_GROWTH_KIB = 64 * 1024


def package(path: Path, extra: dict[str, bytes] | None = None, manifest: bytes = MANIFEST) -> Path:
    """A valid SCORM 1.2 package plus `extra` entries (written as given, unsanitised)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", manifest)
        zf.writestr("index.html", PAGE)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def patch(path: Path, edits: Callable[[bytearray], None]) -> Path:
    data = bytearray(path.read_bytes())
    edits(data)
    path.write_bytes(bytes(data))
    return path


def central_record(data: bytearray, name: bytes) -> int:
    """Offset of the central directory record of entry `name`."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name:
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(name)


def local_record(data: bytearray, name: bytes) -> int:
    return struct.unpack_from("<L", data, central_record(data, name) + 42)[0]


# --- the corpus ----------------------------------------------------------------------------


def traversal(tmp: Path) -> Path:
    return package(tmp / "p.zip", {"../evil.html": b"x"})


def nested_traversal(tmp: Path) -> Path:
    return package(tmp / "p.zip", {"assets/../../../evil.html": b"x"})


def absolute_path(tmp: Path) -> Path:
    return package(tmp / "p.zip", {"/etc/cron.d/evil": b"x"})


def drive_letter(tmp: Path) -> Path:
    return package(tmp / "p.zip", {"C:\\Windows\\evil.dll": b"x"})


def backslash_traversal(tmp: Path) -> Path:
    return package(tmp / "p.zip", {"..\\..\\evil.html": b"x"})


def symlink(tmp: Path) -> Path:
    path = package(tmp / "p.zip")
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo("assets/passwd")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return path


def duplicate_names(tmp: Path) -> Path:
    path = package(tmp / "p.zip")
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(path, "a") as zf:
        zf.writestr("index.html", b"<p>second copy</p>")
    return path


def duplicate_manifest(tmp: Path) -> Path:
    path = package(tmp / "p.zip")
    with pytest.warns(UserWarning, match="Duplicate name"), zipfile.ZipFile(path, "a") as zf:
        zf.writestr("imsmanifest.xml", MANIFEST.replace(b"Children", b"Other"))
    return path


def zeros_entry(path: Path, name: bytes, mib: int, declared: int | None = None) -> Path:
    """Add `name`: `mib` MiB of zeros, deflated; headers declare `declared` bytes (default: true).

    The deflate stream is one fully flushed 1 MiB segment repeated, so it costs almost nothing
    to generate; the entry is written stored and then relabelled as deflated.
    """
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    segment = deflater.compress(bytes(MiB)) + deflater.flush(zlib.Z_FULL_FLUSH)
    stream = segment * mib + b"\x03\x00"  # an empty final block ends the stream
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(bytes(MiB), crc)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr(name.decode(), stream)

    def relabel(data: bytearray) -> None:
        for at, method in ((central_record(data, name), 10), (local_record(data, name), 8)):
            struct.pack_into("<H", data, at + method, zipfile.ZIP_DEFLATED)
            size = method + 14  # the CRC, then the compressed and uncompressed sizes
            struct.pack_into("<L", data, at + size - 8, crc)
            struct.pack_into("<L", data, at + size, declared or mib * MiB)

    return patch(path, relabel)


def zip_bomb(tmp: Path) -> Path:
    """200 MiB of zeros compressed about 1000:1."""
    return zeros_entry(package(tmp / "p.zip"), b"zeros.bin", 200)


def lying_sizes(tmp: Path) -> Path:
    """A 64 MiB entry whose headers claim 1,000 bytes: reading must stop at 1,000."""
    return zeros_entry(package(tmp / "p.zip"), b"zeros.bin", 64, declared=1000)


def overlapping_entries(tmp: Path) -> Path:
    """Two central records pointing at the same data (the overlapping-files bomb)."""
    path = package(tmp / "p.zip", {"a.bin": bytes(MiB)})

    def overlap(data: bytearray) -> None:
        record = central_record(data, b"a.bin")
        copy = bytearray(data[record : record + 46 + 5])
        copy[46:51] = b"b.bin"
        end = data.rfind(b"PK\x05\x06")
        count, size = struct.unpack_from("<HL", data, end + 10)[0], len(copy)
        data[end:end] = copy
        struct.pack_into("<HH", data, end + size + 8, count + 1, count + 1)
        cd_size = struct.unpack_from("<L", data, end + size + 12)[0]
        struct.pack_into("<L", data, end + size + 12, cd_size + size)

    return patch(path, overlap)


def many_entries(tmp: Path) -> Path:
    return package(tmp / "p.zip", {f"f/{n}": b"" for n in range(12_000)})


def huge_manifest(tmp: Path) -> Path:
    padding = b"<!--" + os.urandom(5 * MiB // 2).hex().encode() + b"-->\n"
    return package(tmp / "p.zip", manifest=MANIFEST.replace(b"<metadata>", padding + b"<metadata>"))


def huge_compressible_manifest(tmp: Path) -> Path:
    padding = b"<!--" + b"x" * (5 * MiB) + b"-->\n"
    return package(tmp / "p.zip", manifest=MANIFEST.replace(b"<metadata>", padding + b"<metadata>"))


def deep_manifest(tmp: Path) -> Path:
    """Elements nested 100,000 deep, under 1 MiB."""
    depth = 100_000
    body = b"<a>" * depth + b"</a>" * depth
    return package(tmp / "p.zip", manifest=MANIFEST.replace(b"<metadata>", body + b"<metadata>"))


def xxe(tmp: Path) -> Path:
    doctype = b'<!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<manifest'
    manifest = MANIFEST.replace(b"<manifest", doctype, 1).replace(b"Children<", b"&xxe;<")
    return package(tmp / "p.zip", manifest=manifest)


def xxe_parameter_entity(tmp: Path) -> Path:
    doctype = (
        b'<!DOCTYPE manifest [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>\n'
        b"<manifest"
    )
    return package(tmp / "p.zip", manifest=MANIFEST.replace(b"<manifest", doctype, 1))


def billion_laughs(tmp: Path) -> Path:
    entities = [b'<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">'.encode() for n in range(1, 10)
    ]
    doctype = b"<!DOCTYPE manifest [" + b"".join(entities) + b"]>\n<manifest"
    manifest = MANIFEST.replace(b"<manifest", doctype, 1).replace(b"Children<", b"&lol9;<")
    return package(tmp / "p.zip", manifest=manifest)


def utf16_manifest(tmp: Path) -> Path:
    text = MANIFEST.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    return package(tmp / "p.zip", manifest=text.encode("utf-16"))


def utf16_without_bom(tmp: Path) -> Path:
    return package(tmp / "p.zip", manifest=MANIFEST.decode().encode("utf-16-le"))


def latin1_manifest(tmp: Path) -> Path:
    return package(tmp / "p.zip", manifest=MANIFEST.decode().encode("latin-1"))


def latin1_declared(tmp: Path) -> Path:
    text = MANIFEST.decode().replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    return package(tmp / "p.zip", manifest=text.encode("latin-1"))


def truncated(tmp: Path) -> Path:
    whole = package(tmp / "whole.zip").read_bytes()
    path = tmp / "p.zip"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def corrupt_data(tmp: Path) -> Path:
    path = package(tmp / "p.zip", {"notes.txt": os.urandom(4096).hex().encode()})

    def flip(data: bytearray) -> None:
        start = local_record(data, b"notes.txt") + 30 + len(b"notes.txt") + 100
        data[start : start + 64] = bytes(64)

    return patch(path, flip)


def corrupt_central_directory(tmp: Path) -> Path:
    def scramble(data: bytearray) -> None:
        record = central_record(data, b"index.html")
        data[record : record + 46] = os.urandom(46)

    return patch(package(tmp / "p.zip"), scramble)


def zip64_entries(tmp: Path) -> Path:
    path = package(tmp / "p.zip")
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf,
        zf.open("assets/big.js", "w", force_zip64=True) as out,
    ):
        out.write(b"'use strict';\n")
    return path


def zip64_end_record(tmp: Path) -> Path:
    limit = zipfile.ZIP_FILECOUNT_LIMIT
    zipfile.ZIP_FILECOUNT_LIMIT = 1  # more entries than this: zipfile writes a zip64 end record
    try:
        return package(tmp / "p.zip")
    finally:
        zipfile.ZIP_FILECOUNT_LIMIT = limit


def encrypted(tmp: Path) -> Path:
    def set_flag(data: bytearray) -> None:
        struct.pack_into("<H", data, central_record(data, b"index.html") + 8, 1)
        struct.pack_into("<H", data, local_record(data, b"index.html") + 6, 1)

    return patch(package(tmp / "p.zip"), set_flag)


def lzma_entry(tmp: Path) -> Path:
    path = package(tmp / "p.zip")
    with zipfile.ZipFile(path, "a", zipfile.ZIP_LZMA) as zf:
        zf.writestr("assets/data.json", b"{}")
    return path


def manifest_in_subfolder(tmp: Path) -> Path:
    path = tmp / "p.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("course/imsmanifest.xml", MANIFEST)
        zf.writestr("course/index.html", PAGE)
    return path


def no_manifest(tmp: Path) -> Path:
    path = tmp / "p.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("index.html", PAGE)
    return path


def mangled_names(tmp: Path) -> Path:
    return package(tmp / "p.zip", {"assets/Café.png": b"x", "it's.html": b"x", "a|b.txt": b"x"})


def control_character(tmp: Path) -> Path:
    return package(tmp / "p.zip", {"assets/a\x1b[31m.txt": b"x"})


def not_a_zip(tmp: Path) -> Path:
    path = tmp / "p.zip"
    path.write_text("This is a Word document, honestly.\n")
    return path


def empty_file(tmp: Path) -> Path:
    path = tmp / "p.zip"
    path.touch()
    return path


def missing_file(tmp: Path) -> Path:
    return tmp / "nowhere.zip"


def folder(tmp: Path) -> Path:
    path = tmp / "folder.zip"
    path.mkdir()
    return path


CORPUS: list[tuple[Callable[[Path], Path], str]] = [
    (traversal, "../evil.html: path traversal"),
    (nested_traversal, "path traversal ('..')"),
    (absolute_path, "/etc/cron.d/evil: absolute path"),
    (drive_letter, "drive letter in the path"),
    (backslash_traversal, "path traversal ('..')"),
    (symlink, "assets/passwd: symbolic link"),
    (duplicate_names, "index.html: 2 entries have this name"),
    (duplicate_manifest, "imsmanifest.xml: 2 entries have this name"),
    (zip_bomb, "zeros.bin: compression ratio"),
    (lying_sizes, "zeros.bin: corrupt entry"),
    (overlapping_entries, "overlaps the entry b.bin"),
    (many_entries, "12002 entries: more than the 10000"),
    (huge_manifest, "imsmanifest.xml: manifest of 5243"),
    (huge_compressible_manifest, "imsmanifest.xml: manifest of 5243"),
    (deep_manifest, "imsmanifest.xml:5: not well-formed XML: elements nested more than 256 deep"),
    (xxe, "imsmanifest.xml:2: <!DOCTYPE> declaration"),
    (xxe_parameter_entity, "imsmanifest.xml:2: <!DOCTYPE> declaration"),
    (billion_laughs, "imsmanifest.xml:2: <!DOCTYPE> declaration"),
    (utf16_manifest, "imsmanifest.xml:1: the manifest is UTF-16"),
    (utf16_without_bom, "imsmanifest.xml:1: the manifest is UTF-16"),
    (latin1_manifest, "imsmanifest.xml:11: byte 0xe9 is not UTF-8"),
    (latin1_declared, "imsmanifest.xml:1: the manifest declares encoding ISO-8859-1"),
    (truncated, "not a zip file"),
    (corrupt_data, "notes.txt: corrupt entry"),
    (corrupt_central_directory, "not a valid zip"),
    (zip64_entries, "zip64 entries: Moodle cannot read zip64"),
    (zip64_end_record, "zip64 archive: Moodle cannot read zip64"),
    (encrypted, "index.html: encrypted entry"),
    (lzma_entry, "assets/data.json: compression method 14"),
    (manifest_in_subfolder, "not in the root of your zip file"),
    (no_manifest, "missing imsmanifest.xml or AICC structure"),
    (mangled_names, "assets/Café.png: warning: non-ASCII file name"),
    (mangled_names, "it's.html: file name has ', which Moodle strips"),
    (mangled_names, "a|b.txt: file name has |, which Moodle strips"),
    (control_character, "assets/a\\x1b[31m.txt: control character"),
    (not_a_zip, "not a zip file"),
    (empty_file, "empty file, not a zip"),
    (missing_file, "no such file"),
    (folder, "missing imsmanifest.xml"),
]

WRITES = {"os.mkdir", "os.rename", "os.remove", "os.rmdir", "os.symlink", "os.link", "os.truncate"}
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
_watch: list[list[tuple[str, tuple[object, ...]]]] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _watch:
        return
    if event in WRITES or event.startswith(("shutil.", "tempfile.", "socket.")):
        _watch[-1].append((event, args))
    elif event == "open":
        mode, flags = args[1], args[2]
        if (isinstance(mode, str) and set(mode) & set("wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        ):
            _watch[-1].append((event, args))


sys.addaudithook(_audit)


@pytest.fixture
def writes() -> Iterator[list[tuple[str, tuple[object, ...]]]]:
    """File writes, deletions, temp files and sockets recorded while the test runs."""
    seen: list[tuple[str, tuple[object, ...]]] = []
    _watch.append(seen)
    yield seen
    _watch.remove(seen)


@pytest.mark.parametrize(
    ("make", "verdict"), CORPUS, ids=[f"{m.__name__}:{v[:30]}" for m, v in CORPUS]
)
def test_hostile_package_gets_a_clear_verdict_within_bounds(
    tmp_path: Path, make: Callable[[Path], Path], verdict: str
) -> None:
    path = make(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    seen: list[tuple[str, tuple[object, ...]]] = []
    _watch.append(seen)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        lines = [str(problem) for problem in validate_package(path)]
    finally:
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        _watch.remove(seen)
    assert elapsed < MAX_SECONDS, elapsed
    assert peak < MAX_PYTHON_HEAP, peak
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before < MAX_RSS_GROWTH_KIB
    assert seen == []
    assert sorted(tmp_path.rglob("*")) == before
    assert any(line.startswith(f"{path}: ") and verdict in line for line in lines), lines
    assert all("\n" not in line for line in lines)
    assert "zip64" in verdict or not any("zip64" in line for line in lines), lines


def test_valid_corpus_base_passes(tmp_path: Path) -> None:
    """The corpus starts from a valid package, so each verdict comes from the hostile part."""
    assert validate_package(package(tmp_path / "p.zip")) == []


def test_audit_hook_sees_writes(
    tmp_path: Path, writes: list[tuple[str, tuple[object, ...]]]
) -> None:
    """The write detector used above works (so an extracting validator would be caught)."""
    with zipfile.ZipFile(package(tmp_path / "p.zip")) as zf:
        zf.extractall(tmp_path / "out")
    assert any(event == "open" for event, _ in writes)
    assert any(event == "os.mkdir" for event, _ in writes)


def test_generated_bomb_declares_its_true_size(tmp_path: Path) -> None:
    """The bomb's headers are honest: 200 MiB from about 200 KB (the stream is checked below)."""
    with zipfile.ZipFile(zip_bomb(tmp_path)) as zf:
        info = zf.getinfo("zeros.bin")
    assert info.file_size == 200 * MiB
    assert info.compress_size < 300_000


def test_deflate_stream_is_what_the_headers_say(tmp_path: Path) -> None:
    """The lying-sizes entry really holds 64 MiB: the validator stops at the declared 1,000."""
    path = lying_sizes(tmp_path)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("zeros.bin")
        raw = path.read_bytes()
    assert info.file_size == 1000
    start = local_record(bytearray(raw), b"zeros.bin") + 30 + len(b"zeros.bin")
    inflater = zlib.decompressobj(-15)
    data, total = raw[start : start + info.compress_size], 0
    while data:
        total += len(inflater.decompress(data, MiB))
        data = inflater.unconsumed_tail
    assert total == 64 * MiB


def test_in_memory_zip_corpus_helpers_write_unsanitised_names() -> None:
    """zipfile keeps hostile names as given, so the corpus really contains them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("../evil.html", b"x")
        zf.writestr("C:\\evil.dll", b"x")
    with zipfile.ZipFile(buffer) as zf:
        assert zf.namelist() == ["../evil.html", "C:\\evil.dll"]


@pytest.mark.parametrize(
    "doctype",
    [
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
        b'<!DOCTYPE r [<!ENTITY l0 "lol">'
        + b"".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">'.encode() for n in range(1, 10))
        + b"]>",
    ],
    ids=["xxe", "billion-laughs"],
)
def test_parser_alone_expands_no_entity(doctype: bytes) -> None:
    """Behind the DOCTYPE refusal, the parser itself neither reads files nor expands."""
    name = b"x" if b"passwd" in doctype else b"l9"
    root = parse_manifest(b'<?xml version="1.0"?>' + doctype + b"<r>&" + name + b";</r>")
    if not isinstance(root, tuple):
        text = etree.tostring(root)
        assert b"root:" not in text
        assert len(text) < 100, text
