"""The manifest as XML: encoding, well-formedness, its SCORM version and namespace prefixes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from builder.scorm import (
    ADLCP12,
    ADLCP2004,
    ADLNAV,
    ADLSEQ,
    CP12,
    CP2004,
    IMSSS,
    NAMESPACES,
    PREFIXES,
    SCHEMA_VERSION,
    SCORM_TYPE,
)
from builder.validate.archive import MANIFEST
from builder.validate.report import Report

LOM = "http://ltsc.ieee.org/xsd/LOM"


@dataclass(frozen=True)
class Version:
    """What a manifest of one SCORM version must look like."""

    name: str
    cp: str
    adlcp: str
    schemaversion: str
    schema_dir: str
    scormtype: str
    imported: frozenset[str]  # the namespaces its manifest-wrapper.xsd imports

    def extensions(self) -> dict[str, str]:
        """Extension prefix → the namespace it must name in this version."""
        return {prefix: uri for prefix, uri in NAMESPACES[self.name].items() if prefix}


BY_NAMESPACE = {
    version.cp: version
    for version in (
        Version(
            "1.2",
            CP12,
            ADLCP12,
            SCHEMA_VERSION["1.2"],
            "scorm12",
            SCORM_TYPE["1.2"],
            frozenset({CP12, ADLCP12}),
        ),
        Version(
            "2004",
            CP2004,
            ADLCP2004,
            SCHEMA_VERSION["2004"],
            "scorm2004-4th",
            SCORM_TYPE["2004"],
            frozenset({CP2004, ADLCP2004, ADLSEQ, ADLNAV, IMSSS, LOM}),
        ),
    )
}


def line_of(data: bytes, offset: int) -> int:
    """The 1-based line of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def decode_problem(data: bytes) -> tuple[int, str] | None:
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
        return line_of(data, exc.start), message
    dtd = re.search(rb"<!(DOCTYPE|ENTITY)", data)
    if dtd:
        return (
            line_of(data, dtd.start()),
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


def read_manifest(data: bytes, report: Report) -> tuple[etree._Element, Version] | None:
    """The parsed manifest and its SCORM version, or None (reported) when unusable."""
    bad = decode_problem(data)
    if bad:
        report.error(bad[1], MANIFEST, bad[0])
        return None
    for ref in re.finditer(rb"&#(?:[0-9]+|x[0-9A-Fa-f]+);", data):
        report.warn(
            f"numeric character reference {ref.group().decode()}: Moodle shows it literally"
            " (in titles, for example); write the character itself (UTF-8)",
            MANIFEST,
            line_of(data, ref.start()),
        )
    root = parse_manifest(data)
    if isinstance(root, tuple):
        report.error(root[1], MANIFEST, root[0])
        return None
    qname = etree.QName(root)
    version = BY_NAMESPACE.get(qname.namespace or "")
    if qname.localname != "manifest" or version is None:
        report.error(
            f"root element {{{qname.namespace or ''}}}{qname.localname} is not an IMS content"
            f" packaging <manifest> (namespace {CP12} for SCORM 1.2, {CP2004} for SCORM 2004)",
            MANIFEST,
            root.sourceline,
        )
        return None
    check_prefixes(root, version, report)
    return root, version


def check_prefixes(root: etree._Element, version: Version, report: Report) -> None:
    """Unprefixed IMS CP elements; extension namespaces bound to exactly adlcp/imsss/…."""
    flagged: set[tuple[str | None, str]] = set()
    expected = version.extensions()
    for el in root.iter(etree.Element):
        cp_prefix = etree.QName(el).namespace == version.cp and el.prefix is not None
        if cp_prefix and (el.prefix, version.cp) not in flagged:
            flagged.add((el.prefix, version.cp))
            report.error(
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
                message = (
                    f"{shown} is bound to {uri}: Moodle only recognises the prefix '{want}:'"
                    f' for it, so write xmlns:{want}="{uri}"'
                )
                if want == "adlcp":  # Moodle would lose adlcp:scormtype: nothing tracked
                    report.error(message, MANIFEST, el.sourceline)
                else:  # Moodle ignores that sequencing or navigation data
                    report.warn(
                        f"{message} (Moodle ignores what it cannot find)", MANIFEST, el.sourceline
                    )
            elif prefix in expected and uri != expected[prefix]:
                flagged.add((prefix, uri))
                report.warn(
                    f"prefix '{prefix}' is bound to {uri}; a SCORM {version.name} manifest"
                    f" needs {expected[prefix]} (Moodle reads the prefix only)",
                    MANIFEST,
                    el.sourceline,
                )
