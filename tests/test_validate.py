"""`validate_package`: valid packages pass; each Moodle import rule, broken, is rejected."""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from builder_project import EVERY_CONSTRUCT, ROOT, run_cli
from lxml import etree

from builder.validate import SCHEMAS, XML_XSD_URL, schema, validate_package

VALID_12 = """\
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
      <title>Safeguarding children</title>
      <item identifier="ITEM-demo" identifierref="RES-demo">
        <title>Children &amp; families</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-demo" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <file href="assets/runtime.js"/>
    </resource>
  </resources>
</manifest>
"""

VALID_2004 = """\
<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-demo" version="1.0"
          xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
          xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
  </metadata>
  <organizations default="ORG-demo">
    <organization identifier="ORG-demo">
      <title>Safeguarding children</title>
      <item identifier="ITEM-demo" identifierref="RES-demo">
        <title>Children &amp; families</title>
        <adlcp:completionThreshold minProgressMeasure="1.0"/>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="PRIMARY" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES-demo" type="webcontent" adlcp:scormType="sco" href="index.html">
      <file href="index.html"/>
      <file href="assets/runtime.js"/>
    </resource>
  </resources>
</manifest>
"""

VALID = {"1.2": VALID_12, "2004": VALID_2004}
FILES = {
    "index.html": b"<!doctype html><html lang='en-GB'><title>Children</title></html>",
    "assets/runtime.js": b"'use strict';\n",
}


def make_package(path: Path, manifest: str | bytes, files: dict[str, bytes] = FILES) -> Path:
    """A zip holding imsmanifest.xml at the root and `files`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", manifest)
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def swap(old: str, new: str) -> Callable[[str], str]:
    """An edit replacing `old` (which must be there) with `new`."""

    def edit(text: str) -> str:
        assert old in text, old
        return text.replace(old, new)

    return edit


def prefix_cp(text: str) -> str:
    """Every IMS CP element written with the prefix imscp: (Moodle then finds nothing)."""
    text = text.replace('xmlns="http', 'xmlns:imscp="http')
    return re.sub(r"<(/?)(?![a-z]+:|\?)([a-z]+)", r"<\1imscp:\2", text)


def drop_metadata(text: str) -> str:
    return re.sub(r"\s*<metadata>.*?</metadata>", "", text, flags=re.S)


RULES = [
    ("1.2", swap("<schemaversion>1.2<", "<schemaversion>1.2.0<"), "needs exactly '1.2'"),
    (
        "1.2",
        swap("<schemaversion>1.2<", "<schemaversion>\n      1.2\n    <"),
        "has spaces or line breaks around the value",
    ),
    ("1.2", drop_metadata, "no <metadata><schemaversion>"),
    (
        "2004",
        swap("<schemaversion>2004", "<schemaversion> 2004"),
        "Moodle would run the package as SCORM 1.2",
    ),
    (
        "2004",
        swap("<schemaversion>2004 4th Edition<", "<schemaversion>\n  2004 4th Edition\n<"),
        "Moodle would run the package as SCORM 1.2",
    ),
    (
        "2004",
        swap("2004 4th Edition", "2004 2nd Edition"),
        "Moodle would run the package as SCORM 1.2",
    ),
    ("2004", swap("2004 4th Edition", "2004 3rd Edition"), "3rd Edition: Moodle runs"),
    ("2004", swap("2004 4th Edition", "CAM 1.3"), "is SCORM 2004 2nd Edition: Moodle runs it"),
    ("2004", drop_metadata, "Moodle would treat the package as SCORM 1.2"),
    ("1.2", prefix_cp, "<imscp:manifest>: IMS CP elements must be unprefixed"),
    (
        "1.2",
        swap(
            ' adlcp:scormtype="sco"',
            ' xmlns:adl="http://www.adlnet.org/xsd/adlcp_rootv1p2" adl:scormtype="sco"',
        ),
        "prefix 'adl' is bound to http://www.adlnet.org/xsd/adlcp_rootv1p2",
    ),
    (
        "2004",
        lambda text: swap("xmlns:imsss=", "xmlns:ss=")(text).replace("imsss:", "ss:"),
        "prefix 'ss' is bound to http://www.imsglobal.org/xsd/imsss",
    ),
    (
        "2004",
        swap(
            'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"',
            'xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"',
        ),
        "a SCORM 2004 manifest needs http://www.adlnet.org/xsd/adlcp_v1p3",
    ),
    ("1.2", swap(' adlcp:scormtype="sco"', ""), "has no adlcp:scormtype: Moodle would make it"),
    ("2004", swap(' adlcp:scormType="sco"', ""), "has no adlcp:scormType: Moodle would make it"),
    ("1.2", swap('scormtype="sco"', 'scormtype="asset"'), "Moodle would track nothing"),
    (
        "1.2",
        swap(' default="ORG-demo"', ""),
        '<organizations> has no default: add default="ORG-demo"',
    ),
    ("2004", swap('default="ORG-demo"', 'default="ORG-other"'), "default='ORG-other' names no"),
    ("1.2", swap('identifierref="RES-demo"', 'identifierref="RES-other"'), "names no resource"),
    ("1.2", swap('identifier="ITEM-demo"', 'identifier="ORG-demo"'), "also used on line 10"),
    ("2004", swap('identifier="ITEM-demo"', 'identifier="ITEM-démo"'), "'ITEM-démo' is not ASCII"),
    (
        "1.2",
        swap('identifier="ITEM-demo"', f'identifier="ITEM-{"x" * 300}"'),
        "identifier of 305 characters: Moodle stores at most 255",
    ),
    (
        "1.2",
        swap("<title>Children &amp; families", f"<title>{'Children ' * 30}"),
        "title of 270 characters: Moodle stores at most 255",
    ),
    (
        "2004",
        swap("Children &amp; families", "&lt;em&gt;Children&lt;/em&gt;"),
        "title '<em>Children</em>' has markup",
    ),
    ("1.2", swap("<title>Safeguarding children", "<title> "), "empty <title>"),
    (
        "1.2",
        swap("Children &amp;", "Childr&#233;n &amp;"),
        "numeric character reference &#233;: Moodle shows it literally",
    ),
    ("2004", swap("Children &amp;", "Children&nbsp;&amp;"), "Entity 'nbsp' not defined"),
    (
        "2004",
        swap(
            "</imsss:minNormalizedMeasure>",
            '</imsss:minNormalizedMeasure><imsss:mapInfo targetObjectiveID="g"/>',
        ),
        "imsss:mapInfo makes Moodle's upload fail",
    ),
    ("1.2", swap(">80<", ">0<"), "adlcp:masteryscore of 0: Moodle drops it"),
    ("1.2", swap(">80<", ">150<"), "adlcp:masteryscore 150 is outside 0 to 100"),
    (
        "2004",
        swap(
            '<adlcp:completionThreshold minProgressMeasure="1.0"/>',
            "<adlcp:completionThreshold>0.8</adlcp:completionThreshold>",
        ),
        "read by Moodle as 1.0",
    ),
    ("1.2", swap('sco" href="index.html"', 'sco" href="start.html"'), "launch file 'start.html'"),
    ("2004", swap('file href="assets/runtime.js"', 'file href="assets/app.js"'), "'assets/app.js'"),
    ("1.2", swap('sco" href="index.html"', 'sco" href="/index.html"'), "starts with '/'"),
    ("1.2", swap('file href="index.html"', 'file href="../index.html"'), "points outside"),
    ("2004", swap("<resources>", '<resources xml:base="sco/">'), "xml:base on <resources>"),
    (
        "1.2",
        swap('demo" version="1.0"', 'demo" version="1.0" xml:base="sco/"'),
        "xml:base on <manifest>",
    ),
    (
        "1.2",
        swap("</resource>", '<dependency identifierref="RES-none"/></resource>'),
        "dependency identifierref='RES-none' names no resource",
    ),
    (
        "1.2",
        swap('scormtype="sco"', 'scormtype="lesson"'),
        "not valid against the SCORM 1.2 schemas: Element 'resource', attribute",
    ),
    (
        "2004",
        swap(">0.8<", ">1.5<"),
        "not valid against the SCORM 2004 schemas: Element 'imsss:minNormalizedMeasure'",
    ),
    ("1.2", swap('encoding="UTF-8"', 'encoding="ISO-8859-1"'), "declares encoding ISO-8859-1"),
    (
        "1.2",
        swap("imscp_rootv1p1p2", "imscp_rootv1p1p3"),
        "is not an IMS content packaging <manifest>",
    ),
]


# Deviations from the specification that Moodle tolerates: warnings (exit status 0).
WARNINGS = {
    "needs exactly '1.2'",
    "has spaces or line breaks around the value",
    "no <metadata><schemaversion>",
    "3rd Edition: Moodle runs",
    "is SCORM 2004 2nd Edition: Moodle runs it",
    "prefix 'ss' is bound to http://www.imsglobal.org/xsd/imsss",
    "a SCORM 2004 manifest needs http://www.adlnet.org/xsd/adlcp_v1p3",
    '<organizations> has no default: add default="ORG-demo"',
    "default='ORG-other' names no",
    "'ITEM-démo' is not ASCII",
    "title '<em>Children</em>' has markup",
    "empty <title>",
    "numeric character reference &#233;: Moodle shows it literally",
    "adlcp:masteryscore of 0: Moodle drops it",
    "read by Moodle as 1.0",
    "'assets/app.js'",
    "points outside",
    "dependency identifierref='RES-none' names no resource",
    "not valid against the SCORM 1.2 schemas: Element 'resource', attribute",
    "not valid against the SCORM 2004 schemas: Element 'imsss:minNormalizedMeasure'",
}


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_valid_hand_written_package_passes(tmp_path: Path, version: str) -> None:
    assert validate_package(make_package(tmp_path / "ok.zip", VALID[version])) == []


@pytest.mark.parametrize(
    ("version", "edit", "expected"), RULES, ids=[f"{v}:{e}" for v, _, e in RULES]
)
def test_broken_rule_is_rejected(
    tmp_path: Path, version: str, edit: Callable[[str], str], expected: str
) -> None:
    package = make_package(tmp_path / "broken.zip", edit(VALID[version]))
    problems = validate_package(package)
    lines = [str(problem) for problem in problems]
    matched = [problem for problem in problems if expected in problem.message]
    assert matched, lines
    assert matched[0].warning == (expected in WARNINGS), lines
    assert all(line.startswith(f"{package}: ") and "\n" not in line for line in lines)


def test_line_format_names_package_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    make_package(tmp_path / "children.zip", swap(">80<", ">0<")(VALID_12))
    assert [str(problem) for problem in validate_package(Path("children.zip"))] == [
        "children.zip: imsmanifest.xml:14: warning: adlcp:masteryscore of 0: Moodle drops it;"
        " remove the element or set a pass mark above 0"
    ]


def test_every_problem_is_reported(tmp_path: Path) -> None:
    text = swap(">80<", ">0<")(swap('default="ORG-demo"', 'default="ORG-x"')(VALID_12))
    lines = validate_package(make_package(tmp_path / "two.zip", text, {"index.html": b"x"}))
    assert len(lines) == 3, lines  # masteryscore, default, missing assets/runtime.js


def test_unlisted_files_and_url_encoded_hrefs(tmp_path: Path) -> None:
    text = swap('file href="assets/runtime.js"', 'file href="assets/run%20time.js"')(VALID_12)
    files = {"index.html": b"x", "assets/run time.js": b"", "extra.txt": b"not listed"}
    assert validate_package(make_package(tmp_path / "ok.zip", text, files)) == []


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_scormtype_in_the_wrong_case(tmp_path: Path, version: str) -> None:
    """Moodle matches adlcp:scormtype without regard to case, so it is no asset there."""
    right, wrong = ("scormtype", "scormType") if version == "1.2" else ("scormType", "scormtype")
    text = swap(f'adlcp:{right}="sco"', f'adlcp:{wrong}="sco"')(VALID[version])
    lines = [str(p) for p in validate_package(make_package(tmp_path / "case.zip", text))]
    assert any(f"spell the attribute adlcp:{right}" in line for line in lines), lines
    assert not any("untracked" in line or "track nothing" in line for line in lines), lines


def test_output_is_capped(tmp_path: Path) -> None:
    files = "".join(f'<file href="missing/{n}.png"/>' for n in range(150))
    text = swap('<file href="index.html"/>', files)(VALID_12)
    lines = [str(p) for p in validate_package(make_package(tmp_path / "many.zip", text))]
    assert len(lines) == 101
    assert lines[-1] == f"{tmp_path / 'many.zip'}: warning: … and 50 more problems (50 warnings)"
    result = run_cli("validate", "many.zip", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "many.zip: valid for Moodle, with 150 warnings\n"


def test_schemas_are_compiled_once() -> None:
    assert schema("scorm12") is schema("scorm12")
    assert schema("scorm2004-4th") is schema("scorm2004-4th")


def test_schema_copies_match_their_checksums() -> None:
    sums = (SCHEMAS / "SHA256SUMS").read_text().splitlines()
    listed = {}
    for line in sums:
        digest, name = line.split(maxsplit=1)
        listed[name] = digest
    present = {
        p.relative_to(SCHEMAS).as_posix()
        for p in SCHEMAS.rglob("*")
        if p.is_file() and p.name not in ("README.md", "SHA256SUMS")
    }
    assert present == set(listed)
    for name, digest in listed.items():
        assert hashlib.sha256((SCHEMAS / name).read_bytes()).hexdigest() == digest, name


def test_schema_imports_resolve_inside_the_package() -> None:
    """Every import and include names a local copy, except xml.xsd, which the resolver maps."""
    for xsd in SCHEMAS.rglob("*.xsd"):
        tree = etree.parse(str(xsd), etree.XMLParser(no_network=True, load_dtd=False, recover=True))
        for ref in tree.iter(
            "{http://www.w3.org/2001/XMLSchema}import", "{http://www.w3.org/2001/XMLSchema}include"
        ):
            location = ref.get("schemaLocation")
            if location is None or location == XML_XSD_URL:
                continue
            assert (xsd.parent / location).resolve().is_relative_to(SCHEMAS), (xsd, location)
            assert (xsd.parent / location).is_file(), (xsd, location)
    for source in (ROOT / "builder" / "validate").glob("*.py"):
        assert "/work/shared" not in source.read_text(), source


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_built_packages_validate(tmp_path: Path, version: str) -> None:
    from builder.build import build_course  # here, so the other tests run without the builder

    built = build_course(EVERY_CONSTRUCT, tmp_path / "dist", [version])
    assert built
    for package in built:
        assert validate_package(package.path) == [], package.path


def test_cli_validate_exit_status_and_lines(tmp_path: Path) -> None:
    make_package(tmp_path / "good.zip", VALID_2004)
    make_package(tmp_path / "bad.zip", swap(">80<", ">150<")(VALID_12))
    good = run_cli("validate", "good.zip", cwd=tmp_path)
    assert good.returncode == 0, good.stderr
    bad = run_cli("validate", "good.zip", "bad.zip", cwd=tmp_path)
    assert bad.returncode == 1
    assert "bad.zip: imsmanifest.xml:14: adlcp:masteryscore 150 is outside" in bad.stderr
    assert "Traceback" not in bad.stderr
    (tmp_path / "notes.zip").write_text("not a zip")
    hostile = run_cli("validate", "notes.zip", "missing.zip", cwd=tmp_path)
    assert hostile.returncode == 1
    assert "notes.zip: not a zip file" in hostile.stderr
    assert "missing.zip: no such file" in hostile.stderr
    assert "Traceback" not in hostile.stderr
