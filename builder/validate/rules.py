"""The content-packaging rules that XSD cannot express, as Moodle's import applies them.

Errors: Moodle refuses the package, or learners cannot launch or be tracked. Warnings:
deviations from the SCORM Content Aggregation Model that Moodle tolerates.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from lxml import etree

from builder.config import MARKUP
from builder.validate.archive import MANIFEST
from builder.validate.manifest import Version
from builder.validate.report import Report, show

XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
MOODLE_LIMIT = 255  # characters in scorm_scoes.identifier and .title


def text_of(el: etree._Element | None) -> str:
    """The element's own text ('' when there is none)."""
    return "" if el is None else el.text or ""


def check_rules(root: etree._Element, version: Version, names: set[str], report: Report) -> None:
    """Identifiers, titles, organizations, items, resources and the files they name."""

    def q(local: str) -> str:
        return f"{{{version.cp}}}{local}"

    _check_identifiers(root, q, report)
    _check_titles(root, q, report)
    organizations = root.find(q("organizations"))
    orgs = [] if organizations is None else organizations.findall(q("organization"))
    if organizations is not None:
        _check_organizations(organizations, orgs, report)
    resources = {r.get("identifier"): r for r in root.iter(q("resource"))}
    launched = _launched(root, q, resources, report)
    for ident, resource in resources.items():
        _check_resource(resource, ident in launched, version, resources, names, report)
    if not any(scorm_type(resources[r], version) == "sco" for r in launched):
        report.error(
            f'no item launches a resource with adlcp:{version.scormtype}="sco": Moodle would'
            " track nothing",
            MANIFEST,
            (orgs[0] if orgs else root).sourceline,
        )


def scorm_type(resource: etree._Element, version: Version) -> str | None:
    """adlcp:scormtype, matched without regard to case, as Moodle matches it."""
    wanted = f"{{{version.adlcp}}}scormtype"
    return next((v for k, v in resource.attrib.items() if k.lower() == wanted), None)


def _launched(
    root: etree._Element,
    q: Callable[[str], str],
    resources: dict[str | None, etree._Element],
    report: Report,
) -> set[str]:
    """The identifiers of the resources that items launch, as Moodle finds them."""
    launched: set[str] = set()
    items = list(root.iter(q("item")))
    for item in items:
        ref = item.get("identifierref")
        if ref is None:
            continue
        resource = resources.get(ref)
        if resource is None:
            report.error(
                f"item '{show(item.get('identifier') or '')}' identifierref='{show(ref)}'"
                " names no resource (Moodle: resources were referenced but couldn't be found),"
                " so learners cannot open it",
                MANIFEST,
                item.sourceline,
            )
        elif resource.get("href") is None:
            report.error(
                f"item launches resource '{show(ref)}', which has no href",
                MANIFEST,
                item.sourceline,
            )
        else:
            launched.add(ref)
    if not items:  # Moodle then makes every resource with an href a SCO of its own
        launched = {ident for ident, r in resources.items() if ident and r.get("href")}
    return launched


def _check_resource(
    resource: etree._Element,
    launched: bool,
    version: Version,
    resources: dict[str | None, etree._Element],
    names: set[str],
    report: Report,
) -> None:
    """Its adlcp:scormtype, the files it names and its dependencies."""
    ident, line = resource.get("identifier"), resource.sourceline
    if resource.get(f"{{{version.adlcp}}}{version.scormtype}") is None and scorm_type(
        resource, version
    ):
        report.warn(
            f"spell the attribute adlcp:{version.scormtype}: Moodle ignores case, but the"
            " SCORM schemas and other LMSs do not",
            MANIFEST,
            line,
        )
    elif launched and scorm_type(resource, version) is None:
        report.error(
            f"resource '{show(ident or '')}' has no adlcp:{version.scormtype}: Moodle would"
            f' make it an untracked asset; add adlcp:{version.scormtype}="sco"',
            MANIFEST,
            line,
        )
    base = resource.get(XML_BASE) or ""
    href = resource.get("href")
    if href is not None:
        what = "launch file" if launched else "href"
        check_href(base + href, names, what, line, report, launch=launched)
    for file in resource.iter(f"{{{version.cp}}}file"):
        listed = file.get("href")
        if listed is not None and listed != href:  # the resource's own href: checked above
            check_href(base + listed, names, "<file href>", file.sourceline, report, launch=False)
    for dep in resource.iter(f"{{{version.cp}}}dependency"):
        if dep.get("identifierref") not in resources:
            report.warn(
                f"dependency identifierref='{show(dep.get('identifierref') or '')}'"
                " names no resource (Moodle ignores dependencies)",
                MANIFEST,
                dep.sourceline,
            )


def _check_identifiers(root: etree._Element, q: Callable[[str], str], report: Report) -> None:
    """Unique, at most 255 characters (Moodle's column), ASCII (portable)."""
    seen: dict[str, int | None] = {}
    for el in root.iter(q("manifest"), q("organization"), q("item"), q("resource")):
        ident = el.get("identifier")
        if ident is None:
            continue
        if not ident.isascii():
            report.warn(
                f"identifier '{show(ident)}' is not ASCII: other LMSs and tools may not keep it",
                MANIFEST,
                el.sourceline,
            )
        if len(ident) > MOODLE_LIMIT:
            report.error(
                f"identifier of {len(ident)} characters: Moodle stores at most {MOODLE_LIMIT}",
                MANIFEST,
                el.sourceline,
            )
        if ident in seen:
            report.error(
                f"identifier '{show(ident)}' is also used on line {seen[ident]}: make it unique"
                " (Moodle keys its table of contents and learners' records by it)",
                MANIFEST,
                el.sourceline,
            )
        else:
            seen[ident] = el.sourceline


def _check_titles(root: etree._Element, q: Callable[[str], str], report: Report) -> None:
    for title in root.iter(q("title")):
        text = text_of(title)
        if not text.strip():
            report.warn("empty <title>: learners see an untitled entry", MANIFEST, title.sourceline)
        elif len(text) > MOODLE_LIMIT:
            report.error(
                f"title of {len(text)} characters: Moodle stores at most {MOODLE_LIMIT}",
                MANIFEST,
                title.sourceline,
            )
        elif MARKUP.search(text):
            report.warn(
                f"title '{show(text)}' has markup: Moodle shows titles as plain text",
                MANIFEST,
                title.sourceline,
            )


def _check_organizations(
    organizations: etree._Element, orgs: list[etree._Element], report: Report
) -> None:
    line = organizations.sourceline
    if not orgs:
        report.warn(
            "no <organization>: add one organization whose item launches the SCO", MANIFEST, line
        )
        return
    default = organizations.get("default")
    if default is None:
        report.warn(
            f'<organizations> has no default: add default="{orgs[0].get("identifier")}"'
            " (Moodle uses the first)",
            MANIFEST,
            line,
        )
    elif default not in {o.get("identifier") for o in orgs}:
        report.warn(
            f"organizations default='{show(default)}' names no <organization> (Moodle uses the"
            " first)",
            MANIFEST,
            line,
        )


def check_href(
    href: str, names: set[str], what: str, line: int | None, report: Report, launch: bool
) -> None:
    """A package-relative href must name a file of the package.

    A missing launch file is an error (learners get a "not found" page); a missing file
    listed in <file> is a warning (Moodle never reads those lists; the content may not need it).
    """
    add = report.error if launch else report.warn
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") or href.startswith("www."):
        return
    where = f"{what} '{show(href)}'"
    if parts.scheme or parts.netloc:
        add(f"{where} is not a path inside the package", MANIFEST, line)
        return
    path = unquote(parts.path)
    if path.startswith("/"):
        add(
            f"{where} starts with '/': Moodle serves the package from its own URL, so use a"
            " relative path",
            MANIFEST,
            line,
        )
        return
    normal = posixpath.normpath(path) if path else ""
    if normal == ".." or normal.startswith("../"):
        add(f"{where} points outside the package", MANIFEST, line)
    elif normal not in names:
        consequence = "" if launch else " (Moodle does not check; the content may need it)"
        add(f"{where} is not in the package{consequence}", MANIFEST, line)
