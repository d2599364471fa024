"""Check any SCORM 1.2 / 2004 zip the way Moodle 4.5 will import it.

The package is untrusted: nothing is extracted to disk, every size is bounded (from the zip
headers and while decompressing), the manifest is parsed with no network, no DTD and no
entities, and the schemas are the local copies in ``builder/schemas/``.
"""

from __future__ import annotations

import posixpath
import re
import stat
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from lxml import etree

from builder.config import MARKUP
from builder.errors import display_path
from builder.scorm import (
    ADLCP12,
    ADLCP2004,
    CP12,
    CP2004,
    IMSSS,
    NAMESPACES,
    PREFIXES,
    SCHEMA_VERSION,
    SCORM_TYPE,
)

SCHEMAS = Path(__file__).parent / "schemas"

MAX_ENTRIES = 10_000
MAX_CENTRAL_DIRECTORY = 8 << 20
MAX_ENTRY_BYTES = 512 << 20
MAX_TOTAL_BYTES = 1 << 30
MAX_RATIO = 100
RATIO_FLOOR = 16 << 20  # smaller entries (large repetitive HTML) may compress as well as they like
MAX_MANIFEST_BYTES = 1 << 20
MAX_LINES = 100
CHUNK = 64 << 10

MANIFEST = "imsmanifest.xml"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_BASE = f"{{{XML_NS}}}base"
XML_XSD_URL = "http://www.w3.org/2001/xml.xsd"
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MOODLE_STRIPS = set("&<>\"`|':\\")


@dataclass(frozen=True)
class Version:
    """What a manifest of one SCORM version must look like."""

    name: str
    cp: str
    adlcp: str
    schemaversion: str
    schema_dir: str
    scormtype: str

    def extensions(self) -> dict[str, str]:
        """Extension prefix → the namespace it must name in this version."""
        return {prefix: uri for prefix, uri in NAMESPACES[self.name].items() if prefix}


BY_NAMESPACE = {
    version.cp: version
    for version in (
        Version("1.2", CP12, ADLCP12, SCHEMA_VERSION["1.2"], "scorm12", SCORM_TYPE["1.2"]),
        Version(
            "2004", CP2004, ADLCP2004, SCHEMA_VERSION["2004"], "scorm2004-4th", SCORM_TYPE["2004"]
        ),
    )
}


class _Offline(etree.Resolver):
    """Serve the one remote schema import (the W3C xml.xsd) from the local copy."""

    def resolve(self, system_url: str, public_id: str | None, context: object) -> object:
        if system_url == XML_XSD_URL:
            return self.resolve_filename(str(SCHEMAS / "scorm2004-4th" / "xml.xsd"), context)
        return None


@cache
def schema(schema_dir: str) -> etree.XMLSchema:
    """The compiled schema set in ``builder/schemas/<schema_dir>/`` (compiled once)."""
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_Offline())
    wrapper = SCHEMAS / schema_dir / "manifest-wrapper.xsd"
    return etree.XMLSchema(etree.parse(str(wrapper), parser))


class _Report:
    """Problem lines for one package, capped at MAX_LINES."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.lines: list[str] = []
        self.dropped = 0

    def add(self, message: str, where: str | None = None, line: int | None = None) -> None:
        if len(self.lines) >= MAX_LINES:
            self.dropped += 1
            return
        loc = f"{where}:{line}: " if where and line else f"{where}: " if where else ""
        self.lines.append(f"{self.label}: {loc}{message}")

    def result(self) -> list[str]:
        extra = [f"{self.label}: … and {self.dropped} more problems"] if self.dropped else []
        return self.lines + extra


def show(text: str, limit: int = 80) -> str:
    """Text from the package, made safe for one output line."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate_package(path: Path) -> list[str]:
    """One human-readable line per problem with the package at ``path``; [] when valid."""
    report = _Report(display_path(path))
    try:
        archive = _read_archive(path, report)
    except OSError as exc:
        report.add(f"cannot read the file: {exc.strerror or exc}")
        return report.result()
    if archive is not None:
        names, manifest = archive
        if manifest is not None:
            _check_manifest(manifest, names, report)
    return report.result()


# --- the zip -------------------------------------------------------------------------------


@dataclass
class _Entry:
    info: zipfile.ZipInfo
    readable: bool = True


def _read_archive(path: Path, report: _Report) -> tuple[set[str], bytes | None] | None:
    """Check the zip layout and read every entry in memory, within bounds.

    Returns the entry names and the root manifest's bytes, or None when the file is not a
    usable zip.
    """
    if not path.is_file():
        report.add("no such file" if not path.exists() else "not a file")
        return None
    size = path.stat().st_size
    if size == 0:
        report.add('empty file, not a zip (Moodle: "You must provide a valid zip file")')
        return None
    with path.open("rb") as fp:
        if not _check_end_record(fp, size, report):
            return None
        fp.seek(0)
        try:
            zf = zipfile.ZipFile(fp)
        except (zipfile.BadZipFile, ValueError, EOFError, NotImplementedError) as exc:
            report.add(f'not a valid zip ({exc}) (Moodle: "You must provide a valid zip file")')
            return None
        with zf:
            entries = _check_entries(zf, fp, size, report)
            names = {e.info.filename for e in entries}
            _check_manifest_place(names, report)
            manifest = _read_entries(zf, entries, report)
    return names, manifest


def _check_end_record(fp: BinaryIO, size: int, report: _Report) -> bool:
    """Bound the central directory before zipfile reads it; flag zip64 and spanning."""
    tail_len = min(size, 22 + 0xFFFF)
    fp.seek(size - tail_len)
    tail = fp.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < 22:
        report.add('not a zip file (Moodle: "You must provide a valid zip file")')
        return False
    _, disk, cd_disk, _, count, cd_size, cd_offset, _ = struct.unpack(
        "<4s4H2LH", tail[at : at + 22]
    )
    locator = tail[at - 20 : at - 16] if at >= 20 else b""
    if locator == b"PK\x06\x07" or 0xFFFF in (count, disk) or 0xFFFFFFFF in (cd_size, cd_offset):
        report.add("zip64 archive: Moodle cannot read zip64; write a plain zip (under 4 GB)")
        return False
    if disk or cd_disk:
        report.add("split (multi-disk) zip: Moodle needs a single-file zip")
        return False
    if count > MAX_ENTRIES:
        report.add(f"{count} entries: more than the {MAX_ENTRIES} this validator accepts")
        return False
    if cd_size > MAX_CENTRAL_DIRECTORY:
        report.add(f"central directory of {cd_size} bytes: larger than the validator accepts")
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


def _name_problems(name: str) -> list[str]:
    """What is unsafe or Moodle-hostile about one entry name."""
    if not name:
        return ["an entry has an empty name"]
    found = []
    parts = re.split(r"[/\\]", name.lstrip("/").rstrip("/"))
    if name.startswith("/"):
        found.append("absolute path: entries must be relative to the package root")
    if re.match(r"[A-Za-z]:", name):
        found.append("drive letter in the path: entries must be relative to the package root")
    if "\\" in name:
        found.append("backslash in the path: use '/' (Moodle strips '\\' from file names)")
    if ".." in parts:
        found.append("path traversal ('..'): the entry would land outside the package")
    elif any(p in ("", ".") for p in parts):
        found.append("empty or '.' path segment: write a plain relative path")
    if CONTROL.search(name):
        found.append("control character in the file name")
    stripped = sorted(MOODLE_STRIPS.intersection(name) - {"\\"})
    if stripped:
        found.append(
            f"file name has {' '.join(stripped)}, which Moodle strips when it unpacks the zip,"
            " so links to it would break: use letters, digits, '.', '-', '_' and '/'"
        )
    if not name.isascii():
        found.append(
            "non-ASCII file name: Moodle may rename it when it unpacks the zip, so links to it"
            " would break: use letters, digits, '.', '-', '_' and '/'"
        )
    return found


def _check_entries(zf: zipfile.ZipFile, fp: BinaryIO, size: int, report: _Report) -> list[_Entry]:
    """Check every entry's name, type, flags and declared sizes (nothing decompressed yet)."""
    entries = [_Entry(info) for info in zf.infolist()]
    counts = Counter(e.info.filename for e in entries)
    for name, n in sorted(counts.items()):
        if n > 1:
            report.add(f"{n} entries have this name: each name must appear once", show(name))
    zip64 = False
    total = 0
    spans: list[tuple[int, int, str]] = []
    for entry in entries:
        info = entry.info
        where = show(info.filename)
        for problem in _name_problems(info.filename):
            report.add(problem, where)
        if stat.S_ISLNK(info.external_attr >> 16):
            report.add("symbolic link: a package may hold only files and folders", where)
            entry.readable = False
        if info.flag_bits & 0x1:
            report.add("encrypted entry: Moodle cannot unpack it", where)
            entry.readable = False
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            report.add(f"compression method {info.compress_type}: use Deflate (or Stored)", where)
            entry.readable = False
        local = _local_header(fp, info, size)
        if local is None:
            report.add("local file header missing or damaged (corrupt zip)", where)
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
        ratio = info.file_size / max(info.compress_size, 1)
        if info.filename == MANIFEST and info.file_size > MAX_MANIFEST_BYTES:
            report.add(
                f"manifest of {info.file_size} bytes: more than {MAX_MANIFEST_BYTES >> 10} KiB",
                where,
            )
            entry.readable = False
        elif info.file_size > MAX_ENTRY_BYTES:
            report.add(
                f"expands to {info.file_size} bytes, more than {MAX_ENTRY_BYTES >> 20} MiB",
                where,
            )
            entry.readable = False
        elif info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            report.add(
                f"compression ratio {ratio:.0f}:1 (over {MAX_RATIO}:1): looks like a zip bomb",
                where,
            )
            entry.readable = False
    if zip64:
        report.add("zip64 entries: Moodle cannot read zip64; write a plain zip (under 4 GB)")
    if total > MAX_TOTAL_BYTES:
        report.add(
            f"the entries expand to {total} bytes in all, more than {MAX_TOTAL_BYTES >> 20} MiB"
        )
        for entry in entries:
            entry.readable = False
    spans.sort()
    for (_, end, name), (start, _, other) in pairwise(spans):
        if start < end:
            report.add(f"overlaps the entry {show(other)} (a zip-bomb construction)", show(name))
            for entry in entries:
                entry.readable = False
            break
    return entries


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


def _check_manifest_place(names: set[str], report: _Report) -> None:
    """imsmanifest.xml must sit at the root; the failure worded as Moodle words it."""
    if MANIFEST in names:
        return
    if any(n.rsplit("/", 1)[-1] == MANIFEST for n in names):
        report.add(
            "An imsmanifest.xml file was found but it was not in the root of your zip file"
            " (Moodle's words): zip the package's contents, not the folder that holds them"
        )
    elif any(n.lower() == MANIFEST for n in names):
        report.add("the manifest must be named imsmanifest.xml, in lower case")
    elif any(n.lower().endswith(".cst") for n in names):
        report.add("no imsmanifest.xml at the root: Moodle would treat this as an AICC package")
    else:
        report.add("missing imsmanifest.xml or AICC structure (Moodle's words)")


def _read_entries(zf: zipfile.ZipFile, entries: list[_Entry], report: _Report) -> bytes | None:
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
            report.add(
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
            report.add(f"corrupt entry ({exc})", show(info.filename))
            continue
        if is_manifest:
            manifest = b"".join(kept)
    return manifest


class _TooBig(Exception):
    """An entry decompressed to more bytes than allowed."""


# --- the manifest --------------------------------------------------------------------------


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _decode_problem(data: bytes) -> tuple[int, str] | None:
    """(line, message) when the manifest is not UTF-8 or carries a DTD."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        return 1, "the manifest is UTF-16 (or binary): Moodle reads UTF-8 only; save it as UTF-8"
    declared = re.match(
        rb"(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']", data
    )
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        enc = declared.group(1).decode()
        return 1, f"the manifest declares encoding {enc}: Moodle reads UTF-8 only; save it as UTF-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"byte 0x{data[exc.start]:02x} is not UTF-8: save the manifest as UTF-8"
        return _line_of(data, exc.start), message
    dtd = re.search(rb"<!(DOCTYPE|ENTITY)", data)
    if dtd:
        return (
            _line_of(data, dtd.start()),
            f"<!{dtd.group(1).decode()}> declaration: DTDs and entities are not allowed in a"
            " manifest (they can read local files or expand without limit)",
        )
    return None


def parse_manifest(data: bytes) -> etree._Element | tuple[int, str]:
    """The manifest's root element, or (line, message) when it is not well-formed."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        message = re.sub(r", line \d+, column \d+$", "", exc.msg)
        if message.startswith("Excessive depth"):
            message = "elements nested more than 256 deep"
        return exc.lineno or 1, f'not well-formed XML: {message} (Moodle stops with "XML error")'


def _check_manifest(data: bytes, names: set[str], report: _Report) -> None:
    """The manifest's encoding, well-formedness, schema and the Moodle import rules."""
    bad = _decode_problem(data)
    if bad:
        report.add(bad[1], MANIFEST, bad[0])
        return
    for ref in re.finditer(rb"&#(?:[0-9]+|x[0-9A-Fa-f]+);", data):
        report.add(
            f"numeric character reference {ref.group().decode()}: Moodle stores it literally;"
            " write the character itself (UTF-8)",
            MANIFEST,
            _line_of(data, ref.start()),
        )
    root = parse_manifest(data)
    if isinstance(root, tuple):
        report.add(root[1], MANIFEST, root[0])
        return
    qname = etree.QName(root)
    version = BY_NAMESPACE.get(qname.namespace or "")
    if qname.localname != "manifest" or version is None:
        report.add(
            f"root element {{{qname.namespace or ''}}}{qname.localname} is not an IMS content"
            f" packaging <manifest> (namespace {CP12} for SCORM 1.2, {CP2004} for SCORM 2004)",
            MANIFEST,
            root.sourceline,
        )
        return
    _check_prefixes(root, version, report)
    _check_schema(root, version, report)
    _check_rules(root, version, names, report)


def _check_prefixes(root: etree._Element, version: Version, report: _Report) -> None:
    """Unprefixed IMS CP elements; extension namespaces bound to exactly adlcp/imsss/…."""
    flagged: set[tuple[str | None, str]] = set()
    expected = version.extensions()
    for el in root.iter(etree.Element):
        cp_prefix = etree.QName(el).namespace == version.cp and el.prefix is not None
        if cp_prefix and (el.prefix, version.cp) not in flagged:
            flagged.add((el.prefix, version.cp))
            report.add(
                f"<{el.prefix}:{etree.QName(el).localname}>: IMS CP elements must be"
                " unprefixed (Moodle's parser matches literal names and would find nothing)",
                MANIFEST,
                el.sourceline,
            )
        parent = el.getparent()
        inherited = parent.nsmap if parent is not None else {}
        for prefix, uri in el.nsmap.items():
            if inherited.get(prefix) == uri or (prefix, uri) in flagged:
                continue
            want = PREFIXES.get(uri)
            if want is not None and prefix != want:
                flagged.add((prefix, uri))
                shown = f"prefix '{prefix}'" if prefix else "the default namespace"
                report.add(
                    f"{shown} is bound to {uri}: Moodle only recognises the prefix '{want}:'"
                    f' for it, so write xmlns:{want}="{uri}"',
                    MANIFEST,
                    el.sourceline,
                )
            elif prefix in expected and uri != expected[prefix]:
                flagged.add((prefix, uri))
                report.add(
                    f"prefix '{prefix}' is bound to {uri}; a SCORM {version.name} manifest"
                    f" needs {expected[prefix]}",
                    MANIFEST,
                    el.sourceline,
                )


def _short(message: str, version: Version) -> str:
    """A schema message with namespace URIs replaced by the manifest's usual prefixes."""
    message = message.replace(f"{{{version.cp}}}", "")
    for uri, prefix in PREFIXES.items():
        message = message.replace(f"{{{uri}}}", f"{prefix}:")
    return message


def _check_schema(root: etree._Element, version: Version, report: _Report) -> None:
    compiled = schema(version.schema_dir)
    if compiled.validate(root.getroottree()):
        return
    for error in compiled.error_log:
        report.add(
            f"not valid against the SCORM {version.name} schemas: {_short(error.message, version)}",
            MANIFEST,
            error.line,
        )


def _text(el: etree._Element | None) -> str:
    return "" if el is None else el.text or ""


def _check_rules(root: etree._Element, version: Version, names: set[str], report: _Report) -> None:
    """The CAM and Moodle rules that XSD cannot express."""

    def q(local: str) -> str:
        return f"{{{version.cp}}}{local}"

    def add(message: str, el: etree._Element) -> None:
        report.add(message, MANIFEST, el.sourceline)

    _check_schemaversion(root, version, report)

    for el in (root, root.find(q("resources"))):
        if el is not None and el.get(XML_BASE) is not None:
            add(
                f"xml:base on <{etree.QName(el).localname}> is ignored by Moodle, so launch"
                " URLs would break: put xml:base on each <resource>, or write full hrefs",
                el,
            )

    seen: dict[str, int | None] = {}
    for el in root.iter(q("manifest"), q("organization"), q("item"), q("resource")):
        ident = el.get("identifier")
        if ident is None:
            continue
        if not ident.isascii():
            add(f"identifier '{show(ident)}' is not ASCII", el)
        if len(ident) > 255:
            add(f"identifier of {len(ident)} characters: Moodle stores at most 255", el)
        if ident in seen:
            add(
                f"identifier '{show(ident)}' is also used on line {seen[ident]}: make it unique", el
            )
        else:
            seen[ident] = el.sourceline

    for title in root.iter(q("title")):
        text = _text(title)
        if not text.strip():
            add("empty <title>", title)
        elif len(text) > 255:
            add(f"title of {len(text)} characters: Moodle stores at most 255", title)
        elif MARKUP.search(text):
            add(f"title '{show(text)}' has markup: Moodle shows titles as plain text", title)

    resources = {r.get("identifier"): r for r in root.iter(q("resource"))}
    organizations = root.find(q("organizations"))
    orgs = [] if organizations is None else organizations.findall(q("organization"))
    if organizations is not None and not orgs:
        add("no <organization>: add one organization whose item launches the SCO", organizations)
    elif organizations is not None:
        default = organizations.get("default")
        if default is None:
            add(
                f'<organizations> has no default: add default="{orgs[0].get("identifier")}"',
                organizations,
            )
        elif default not in {o.get("identifier") for o in orgs}:
            add(f"organizations default='{show(default)}' names no <organization>", organizations)

    launched: set[str] = set()
    for item in root.iter(q("item")):
        ref = item.get("identifierref")
        if ref is None:
            continue
        resource = resources.get(ref)
        if resource is None:
            add(
                f"item '{show(item.get('identifier') or '')}' identifierref='{show(ref)}'"
                " names no resource (Moodle: resources were referenced but couldn't be found)",
                item,
            )
        elif resource.get("href") is None:
            add(f"item launches resource '{show(ref)}', which has no href", item)
        else:
            launched.add(ref)

    def kind(resource: etree._Element) -> str | None:
        """adlcp:scormtype, matched without regard to case, as Moodle matches it."""
        wanted = f"{{{version.adlcp}}}scormtype"
        return next((v for k, v in resource.attrib.items() if k.lower() == wanted), None)

    exact = f"{{{version.adlcp}}}{version.scormtype}"
    for ident, resource in resources.items():
        if resource.get(exact) is None and kind(resource) is not None:
            add(
                f"spell the attribute adlcp:{version.scormtype}: Moodle ignores case, but the"
                " SCORM schemas and other LMSs do not",
                resource,
            )
        elif ident in launched and kind(resource) is None:
            add(
                f"resource '{show(ident or '')}' has no adlcp:{version.scormtype}: Moodle would"
                f' make it an untracked asset; add adlcp:{version.scormtype}="sco"',
                resource,
            )
        base = resource.get(XML_BASE) or ""
        href = resource.get("href")
        if href is not None:
            _check_href(
                base + href, names, "launch file" if ident in launched else "href", resource, report
            )
        for file in resource.iter(q("file")):
            if file.get("href") is not None:
                _check_href(base + file.get("href", ""), names, "<file href>", file, report)
        for dep in resource.iter(q("dependency")):
            if dep.get("identifierref") not in resources:
                add(
                    f"dependency identifierref='{show(dep.get('identifierref') or '')}'"
                    " names no resource",
                    dep,
                )
    if orgs and not any(kind(resources[r]) == "sco" for r in launched):
        add(
            f'no item launches a resource with adlcp:{version.scormtype}="sco": Moodle would'
            " track nothing",
            orgs[0],
        )

    for el in root.iter(f"{{{IMSSS}}}mapInfo"):
        add("imsss:mapInfo makes Moodle's upload fail with a PHP error: remove it", el)
    for el in root.iter(f"{{{ADLCP12}}}masteryscore"):
        _check_masteryscore(el, report)
    for el in root.iter(f"{{{ADLCP2004}}}completionThreshold"):
        if _text(el).strip() and el.get("minProgressMeasure") is None:
            add(
                "adlcp:completionThreshold as element text is read by Moodle as 1.0: use the"
                " minProgressMeasure attribute",
                el,
            )


def _check_schemaversion(root: etree._Element, version: Version, report: _Report) -> None:
    """Exactly '1.2' or '2004 4th Edition', as Moodle's version detection needs."""
    metadata = root.find(f"{{{version.cp}}}metadata")
    element = None if metadata is None else metadata.find(f"{{{version.cp}}}schemaversion")
    want = version.schemaversion
    if element is None:
        consequence = (
            "Moodle would treat the package as SCORM 1.2"
            if version.name == "2004"
            else "Moodle assumes SCORM 1.2 without it"
        )
        report.add(
            f"no <metadata><schemaversion>: {consequence};"
            f" add <schemaversion>{want}</schemaversion>",
            MANIFEST,
            (metadata if metadata is not None else root).sourceline,
        )
        return
    text = _text(element)
    if text == want:
        return
    moodle = "1.2"
    if re.fullmatch(r"(?:CAM )?1\.3|2004 (?:3rd|4th) Edition", text):
        moodle = "2004"
    where = f"<schemaversion>{show(text)}</schemaversion>"
    if text.strip() == want:
        message = f"{where} has spaces or line breaks around the value, which Moodle keeps"
    else:
        message = f"{where}: a SCORM {version.name} manifest needs exactly '{want}'"
    if moodle != version.name:
        message += f"; Moodle would run the package as SCORM {moodle}"
    report.add(
        f"{message}; write <schemaversion>{want}</schemaversion> on one line",
        MANIFEST,
        element.sourceline,
    )


def _check_masteryscore(el: etree._Element, report: _Report) -> None:
    text = _text(el).strip()
    try:
        value = float(text)
    except ValueError:
        report.add(f"adlcp:masteryscore '{show(text)}' is not a number", MANIFEST, el.sourceline)
        return
    if value == 0:
        report.add(
            "adlcp:masteryscore of 0: Moodle drops it; remove the element or set a pass mark"
            " above 0",
            MANIFEST,
            el.sourceline,
        )
    elif not 0 <= value <= 100:
        report.add(f"adlcp:masteryscore {show(text)} is outside 0 to 100", MANIFEST, el.sourceline)


def _check_href(href: str, names: set[str], what: str, el: etree._Element, report: _Report) -> None:
    """A package-relative href must name an entry of the zip."""
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") or href.startswith("www."):
        return
    where = f"{what} '{show(href)}'"
    if parts.scheme or parts.netloc:
        report.add(f"{where} is not a path inside the package", MANIFEST, el.sourceline)
        return
    path = unquote(parts.path)
    if path.startswith("/"):
        report.add(
            f"{where} starts with '/': Moodle serves the package from its own URL, so use a"
            " relative path",
            MANIFEST,
            el.sourceline,
        )
        return
    normal = posixpath.normpath(path) if path else ""
    if normal == ".." or normal.startswith("../"):
        report.add(f"{where} points outside the package", MANIFEST, el.sourceline)
    elif normal not in names:
        report.add(f"{where} is not in the zip", MANIFEST, el.sourceline)
