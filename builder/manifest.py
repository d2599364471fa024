"""`imsmanifest.xml` for SCORM 1.2 and SCORM 2004 4th edition, written with lxml.

Moodle reads manifests literally (docs: moodle-scorm.md §1.3): IMS CP elements are
unprefixed, the extension prefixes are exactly `adlcp`, `imsss`, `adlnav`, `adlseq`,
`<schemaversion>` stands on one line, and no element carries the text `0`.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from builder.model import Course, Module
from builder.scorm import NAMESPACES, SCHEMA_VERSION, SCORM_TYPE


def identifiers(course: Course, module: Module) -> dict[str, str]:
    """Stable xs:ID identifiers from the course and module ids (Moodle matches them)."""
    base = f"{course.config.id}-{module.id}"
    return {
        "manifest": f"MANIFEST-{base}",
        "organisation": f"ORG-{course.config.id}",
        "item": f"ITEM-{base}",
        "resource": f"RES-{base}",
    }


def build_manifest(
    course: Course, module: Module, scorm: str, launch: str, files: Iterable[str]
) -> bytes:
    """The manifest of a single-SCO package whose resource lists `files`."""
    nsmap = NAMESPACES[scorm]
    cp, adlcp = nsmap[None], nsmap["adlcp"]
    ids = identifiers(course, module)

    def element(
        parent: etree._Element, tag: str, text: str | None = None, ns: str = cp
    ) -> etree._Element:
        child = etree.SubElement(parent, f"{{{ns}}}{tag}")
        child.text = text
        return child

    root = etree.Element(
        f"{{{cp}}}manifest", nsmap=nsmap, identifier=ids["manifest"], version="1.0"
    )
    metadata = element(root, "metadata")
    element(metadata, "schema", "ADL SCORM")
    element(metadata, "schemaversion", SCHEMA_VERSION[scorm])
    organizations = element(root, "organizations")
    organizations.set("default", ids["organisation"])
    organization = element(organizations, "organization")
    organization.set("identifier", ids["organisation"])
    element(organization, "title", course.config.title)
    item = element(organization, "item")
    item.set("identifier", ids["item"])
    item.set("identifierref", ids["resource"])
    element(item, "title", module.title)
    graded = bool(module.questions) and module.pass_mark > 0
    if scorm == "1.2" and graded:
        element(item, "masteryscore", str(module.pass_mark), ns=adlcp)
    if scorm == "2004" and graded:
        imsss = nsmap["imsss"]
        sequencing = element(item, "sequencing", ns=imsss)
        objectives = element(sequencing, "objectives", ns=imsss)
        primary = element(objectives, "primaryObjective", ns=imsss)
        primary.set("satisfiedByMeasure", "true")
        element(primary, "minNormalizedMeasure", f"{module.pass_mark / 100:g}", ns=imsss)
    resources = element(root, "resources")
    resource = element(resources, "resource")
    resource.set("identifier", ids["resource"])
    resource.set("type", "webcontent")
    resource.set(f"{{{adlcp}}}{SCORM_TYPE[scorm]}", "sco")
    resource.set("href", launch)
    for name in sorted(files):
        element(resource, "file").set("href", name)
    body = etree.tostring(root, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body
