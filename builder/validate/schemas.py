"""The manifest against the official schemas of its version (local copies, no network).

Inline metadata in an IMS metadata namespace that the version's schema set does not import
(IEEE LOM or IMS Meta-data in a SCORM 1.2 manifest, for example) is checked on its own,
against its official schema when that compiles; otherwise it is skipped, and the report says so.
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

from lxml import etree

from builder.scorm import PREFIXES
from builder.validate.archive import MANIFEST
from builder.validate.manifest import LOM, Version
from builder.validate.report import Report

SCHEMAS = Path(__file__).parent.parent / "schemas"
XML_XSD_URL = "http://www.w3.org/2001/xml.xsd"
IMSMD121 = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
# Inline metadata namespace → (its name, its official schema under SCHEMAS, or None: no copy)
METADATA: dict[str, tuple[str, str | None]] = {
    LOM: ("IEEE LOM", "scorm2004-4th/lom.xsd"),
    IMSMD121: ("IMS Meta-data 1.2.1", "scorm12/imsmd_rootv1p2p1.xsd"),
    "http://www.imsproject.org/xsd/imsmd_rootv1p2p1": ("IMS Meta-data 1.2.1 (old namespace)", None),
    "http://www.imsglobal.org/xsd/imsmd_v1p2": ("IMS Meta-data 1.2.2", None),
}


class _Offline(etree.Resolver):
    """Serve the one remote schema import (the W3C xml.xsd) from the local copy."""

    def resolve(self, system_url: str, public_id: str | None, context: object) -> object:
        if system_url == XML_XSD_URL:
            return self.resolve_filename(str(SCHEMAS / "scorm2004-4th" / "xml.xsd"), context)
        return None


def _compile(relative: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False)
    parser.resolvers.add(_Offline())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / relative), parser))


@cache
def schema(schema_dir: str) -> etree.XMLSchema:
    """The compiled schema set in ``builder/schemas/<schema_dir>/`` (compiled once)."""
    return _compile(f"{schema_dir}/manifest-wrapper.xsd")


@cache
def metadata_schema(relative: str) -> etree.XMLSchema | str:
    """A metadata schema, compiled once, or why libxml2 cannot compile it."""
    try:
        return _compile(relative)
    except etree.XMLSchemaParseError as exc:
        last = exc.error_log[-1].message if exc.error_log else str(exc)
        last = last.rstrip(".")
        return f"its official schema ({relative}) does not compile in libxml2: {last}"


def _short(message: str, version: Version) -> str:
    """A schema message with namespace URIs replaced by the manifest's usual prefixes."""
    message = message.replace(f"{{{version.cp}}}", "")
    for uri, prefix in [*PREFIXES.items(), (LOM, "lom")]:
        message = message.replace(f"{{{uri}}}", f"{prefix}:")
    return message


def check_schema(root: etree._Element, version: Version, report: Report) -> None:
    """Schema deviations, as warnings: Moodle does not validate manifests."""
    tree = copy.deepcopy(root)
    inline: dict[str, list[etree._Element]] = {}
    for metadata in tree.iter(f"{{{version.cp}}}metadata"):
        for child in metadata.iterchildren(etree.Element):
            namespace = etree.QName(child).namespace or ""
            if namespace in METADATA and namespace not in version.imported:
                inline.setdefault(namespace, []).append(child)
    for blocks in inline.values():
        for block in blocks:
            block.getparent().remove(block)
    compiled = schema(version.schema_dir)
    if not compiled.validate(tree.getroottree()):
        for error in compiled.error_log:
            report.warn(
                f"not valid against the SCORM {version.name} schemas:"
                f" {_short(error.message, version)}",
                MANIFEST,
                error.line,
            )
    for namespace, blocks in inline.items():
        _check_metadata(namespace, blocks, report)


def _check_metadata(namespace: str, blocks: list[etree._Element], report: Report) -> None:
    """Inline metadata blocks of one namespace, against its own schema when it compiles."""
    name, relative = METADATA[namespace]
    compiled = metadata_schema(relative) if relative else "this validator has no copy of its schema"
    if isinstance(compiled, str):
        more = f" (nor the {len(blocks) - 1} other such blocks)" if len(blocks) > 1 else ""
        report.warn(
            f"inline {name} metadata not checked{more}: {compiled};"
            " the rest of the manifest was checked",
            MANIFEST,
            blocks[0].sourceline,
        )
        return
    for block in blocks:
        if not compiled.validate(block):
            for error in compiled.error_log:
                report.warn(
                    f"inline {name} metadata is not valid against its schema ({relative}):"
                    f" {error.message.replace(f'{{{namespace}}}', '')}",
                    MANIFEST,
                    error.line,
                )
