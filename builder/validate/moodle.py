"""Moodle 4.5's own readings of a manifest: version detection and the ADL/IMSSS elements."""

from __future__ import annotations

import re

from lxml import etree

from builder.scorm import ADLCP12, ADLCP2004, IMSSS
from builder.validate.archive import MANIFEST
from builder.validate.manifest import Version
from builder.validate.report import Report, show
from builder.validate.rules import XML_BASE, text_of

EARLIER_EDITIONS = {"CAM 1.3": "2nd", "1.3": "2nd", "2004 3rd Edition": "3rd"}


def moodle_version(text: str) -> str:
    """The version Moodle runs a package as, from its <schemaversion> text (scormlib.php)."""
    return "2004" if re.fullmatch(r"(?:CAM )?1\.3|2004 (?:3rd|4th) Edition", text) else "1.2"


def check_moodle(root: etree._Element, version: Version, report: Report) -> None:
    """Version detection, xml:base, imsss:mapInfo, mastery score and completion threshold."""
    _check_schemaversion(root, version, report)
    resources = root.find(f"{{{version.cp}}}resources")
    for el in (root, resources):
        if el is not None and el.get(XML_BASE) is not None:
            report.error(
                f"xml:base on <{etree.QName(el).localname}> is ignored by Moodle, so launch"
                " URLs would break: put xml:base on each <resource>, or write full hrefs",
                MANIFEST,
                el.sourceline,
            )
    for el in root.iter(f"{{{IMSSS}}}mapInfo"):
        report.error(
            "imsss:mapInfo makes Moodle's upload fail with a PHP error: remove it",
            MANIFEST,
            el.sourceline,
        )
    for el in root.iter(f"{{{ADLCP12}}}masteryscore"):
        _check_masteryscore(el, report)
    for el in root.iter(f"{{{ADLCP2004}}}completionThreshold"):
        if text_of(el).strip() and el.get("minProgressMeasure") is None:
            report.warn(
                "adlcp:completionThreshold as element text (3rd Edition) is read by Moodle as"
                " 1.0: use the minProgressMeasure attribute",
                MANIFEST,
                el.sourceline,
            )


def _check_schemaversion(root: etree._Element, version: Version, report: Report) -> None:
    """Exactly '1.2' or '2004 4th Edition'; what matters to Moodle is the version it detects."""
    metadata = root.find(f"{{{version.cp}}}metadata")
    element = None if metadata is None else metadata.find(f"{{{version.cp}}}schemaversion")
    want = version.schemaversion
    if element is None:
        line = (metadata if metadata is not None else root).sourceline
        fix = f"add <metadata><schema>ADL SCORM</schema><schemaversion>{want}</schemaversion>"
        if version.name == "2004":
            report.error(
                f"no <metadata><schemaversion>: Moodle would treat the package as SCORM 1.2,"
                f" so the content would not find the SCORM 2004 API; {fix}",
                MANIFEST,
                line,
            )
        else:
            report.warn(
                "no <metadata><schemaversion>: Moodle assumes SCORM 1.2 without it, as it should,"
                f" but the SCORM 1.2 specification requires it; {fix}",
                MANIFEST,
                line,
            )
        return
    text = text_of(element)
    if text == want:
        return
    where = f"<schemaversion>{show(text)}</schemaversion>"
    fix = f"write <schemaversion>{want}</schemaversion> on one line"
    detected = moodle_version(text)
    if detected != version.name:
        spaces = " (Moodle keeps the spaces around the value)" if text.strip() != text else ""
        report.error(
            f"{where}: Moodle would run the package as SCORM {detected}{spaces}, so the content"
            f" would not find its SCORM {version.name} API; {fix}",
            MANIFEST,
            element.sourceline,
        )
    elif text in EARLIER_EDITIONS:
        report.warn(
            f"{where} is SCORM 2004 {EARLIER_EDITIONS[text]} Edition: Moodle runs it as SCORM"
            " 2004; this check uses the 4th Edition schemas, so some schema warnings may be"
            " differences between editions",
            MANIFEST,
            element.sourceline,
        )
    elif text.strip() == want:
        report.warn(
            f"{where} has spaces or line breaks around the value, which Moodle keeps (it still"
            f" assumes SCORM 1.2); {fix}",
            MANIFEST,
            element.sourceline,
        )
    else:
        report.warn(
            f"{where}: a SCORM {version.name} manifest needs exactly '{want}' (Moodle assumes"
            f" SCORM 1.2 for any value it does not know); {fix}",
            MANIFEST,
            element.sourceline,
        )


def _check_masteryscore(el: etree._Element, report: Report) -> None:
    text = text_of(el).strip()
    try:
        value = float(text)
    except ValueError:
        report.error(
            f"adlcp:masteryscore '{show(text)}' is not a number: Moodle's pass/fail override"
            " would compare scores with it",
            MANIFEST,
            el.sourceline,
        )
        return
    if value == 0:
        report.warn(
            "adlcp:masteryscore of 0: Moodle drops it; remove the element or set a pass mark"
            " above 0",
            MANIFEST,
            el.sourceline,
        )
    elif not 0 <= value <= 100:
        report.error(
            f"adlcp:masteryscore {show(text)} is outside 0 to 100: Moodle's default"
            " 'mastery score overrides status' would then pass or fail learners wrongly",
            MANIFEST,
            el.sourceline,
        )
