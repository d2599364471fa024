"""imsmanifest.xml of both versions: official schemas, Moodle's import rules, stable ids."""

from __future__ import annotations

import re
import zipfile

import pytest
from builder_project import (
    COURSE,
    EVERY_CONSTRUCT,
    FIXTURE_MODULES,
    QUESTION,
    module,
    write_project,
)
from lxml import etree

from builder.build import BuiltPackage, build_course
from builder.course import load_course
from builder.manifest import identifiers
from builder.validate import schema, validate_package

CP = {
    "1.2": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "2004": "http://www.imsglobal.org/xsd/imscp_v1p1",
}
ADLCP = {
    "1.2": "http://www.adlnet.org/xsd/adlcp_rootv1p2",
    "2004": "http://www.adlnet.org/xsd/adlcp_v1p3",
}
IMSSS = "http://www.imsglobal.org/xsd/imsss"
SCHEMA_DIR = {"1.2": "scorm12", "2004": "scorm2004-4th"}


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> list[BuiltPackage]:
    out = tmp_path_factory.mktemp("dist")
    return build_course(EVERY_CONSTRUCT, out, ["1.2", "2004"])


def manifest_of(package: BuiltPackage) -> bytes:
    with zipfile.ZipFile(package.path) as archive:
        return archive.read("imsmanifest.xml")


def by(packages: list[BuiltPackage], module_id: str, scorm: str) -> BuiltPackage:
    return next(p for p in packages if p.module.id == module_id and p.scorm == scorm)


def test_every_manifest_is_valid_against_the_official_schemas(packages):
    assert len(packages) == 2 * FIXTURE_MODULES
    for package in packages:
        xsd = schema(SCHEMA_DIR[package.scorm])
        document = etree.fromstring(manifest_of(package))
        assert xsd.validate(document), (package.path.name, list(xsd.error_log))


def test_every_package_passes_validate(packages):
    for package in packages:
        assert validate_package(package.path) == []


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_moodle_literal_rules(packages, scorm):
    data = manifest_of(by(packages, "every-construct", scorm))
    text = data.decode("utf-8")
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<manifest ')
    version = "1.2" if scorm == "1.2" else "2004 4th Edition"
    assert f"<schemaversion>{version}</schemaversion>" in text
    assert "<metadata>\n    <schema>ADL SCORM</schema>\n    <schemaversion>" in text
    root = etree.fromstring(data)
    assert root.tag == f"{{{CP[scorm]}}}manifest" and root.prefix is None
    expected = {None: CP[scorm], "adlcp": ADLCP[scorm]}
    if scorm == "2004":
        expected |= {
            "imsss": IMSSS,
            "adlseq": "http://www.adlnet.org/xsd/adlseq_v1p3",
            "adlnav": "http://www.adlnet.org/xsd/adlnav_v1p3",
        }
    assert root.nsmap == expected
    for element in root.iter(etree.Element):
        if etree.QName(element).namespace == CP[scorm]:
            assert element.prefix is None
    assert not re.search(r"&(?!(?:amp|lt|gt|quot|apos);)", text), "only the five XML entities"
    assert "mapInfo" not in text and "completionThreshold" not in text
    resources = root.findall(f"{{{CP[scorm]}}}resources/{{{CP[scorm]}}}resource")
    assert len(resources) == 1
    attribute = "scormtype" if scorm == "1.2" else "scormType"
    assert resources[0].get(f"{{{ADLCP[scorm]}}}{attribute}") == "sco"
    assert resources[0].get("href") == "index.html"
    assert resources[0].get("{http://www.w3.org/XML/1998/namespace}base") is None
    organizations = root.find(f"{{{CP[scorm]}}}organizations")
    orgs = organizations.findall(f"{{{CP[scorm]}}}organization")
    assert len(orgs) == 1 and organizations.get("default") == orgs[0].get("identifier")


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_every_file_of_the_package_is_listed(packages, scorm):
    package = by(packages, "every-construct", scorm)
    with zipfile.ZipFile(package.path) as archive:
        names = set(archive.namelist()) - {"imsmanifest.xml"}
    root = etree.fromstring(manifest_of(package))
    listed = {f.get("href") for f in root.iter(f"{{{CP[scorm]}}}file")}
    assert listed == names
    assert {
        "index.html",
        "logo.png",
        "assets/runtime.js",
        "media/checklist.pdf",
    } <= names
    assert {"media/child-and-adult.png", "media/referral-flow-v2.png"} <= names


def test_pass_mark_becomes_masteryscore_in_scorm_12(packages):
    root = etree.fromstring(manifest_of(by(packages, "every-construct", "1.2")))
    scores = root.findall(f".//{{{ADLCP['1.2']}}}masteryscore")
    assert [s.text for s in scores] == ["75"]


def test_pass_mark_becomes_the_primary_objective_in_scorm_2004(packages):
    root = etree.fromstring(manifest_of(by(packages, "every-construct", "2004")))
    objectives = root.findall(f".//{{{IMSSS}}}objectives")
    assert len(objectives) == 1
    primary = objectives[0].find(f"{{{IMSSS}}}primaryObjective")
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.get("objectiveID") is None
    assert primary.findtext(f"{{{IMSSS}}}minNormalizedMeasure") == "0.75"
    assert list(objectives[0]) == [primary]


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_no_pass_mark_without_questions(packages, scorm):
    text = manifest_of(by(packages, "no-questions", scorm)).decode()
    assert "masteryscore" not in text and "imsss:sequencing" not in text


def test_identifiers_are_stable_valid_and_unique(packages, tmp_path):
    course = load_course(EVERY_CONSTRUCT)
    ids = identifiers(course, course.modules[0])
    assert ids == {
        "manifest": "MANIFEST-fixture-course-every-construct",
        "organisation": "ORG-fixture-course",
        "item": "ITEM-fixture-course-every-construct",
        "resource": "RES-fixture-course-every-construct",
    }
    for package in packages:
        root = etree.fromstring(manifest_of(package))
        found = [e.get("identifier") for e in root.iter() if e.get("identifier")]
        assert len(found) == len(set(found)) == 4
        for identifier in found:
            assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", identifier) and len(identifier) <= 255
        assert set(found) == set(identifiers(course, package.module).values())
    again = build_course(EVERY_CONSTRUCT, tmp_path, ["1.2", "2004"])
    for first, second in zip(packages, again, strict=True):
        assert manifest_of(first) == manifest_of(second)


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_titles_are_plain_utf8_text(tmp_path, scorm):
    course = COURSE.replace("title: Test course", "title: 'Safety & “care” for all <3'")
    write_project(tmp_path, {"01-m.md": module(QUESTION, title="'Café: a > b & more'")}, course)
    (package,) = build_course(tmp_path, tmp_path / "dist", [scorm])
    data = manifest_of(package)
    assert "<title>Safety &amp; “care” for all &lt;3</title>".encode() in data
    assert "<title>Café: a &gt; b &amp; more</title>".encode() in data
    assert b"&#" not in data
    assert validate_package(package.path) == []


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_pass_mark_zero_is_never_written(tmp_path, scorm):
    write_project(tmp_path, {"01-m.md": module(QUESTION, pass_mark=0)})
    (package,) = build_course(tmp_path, tmp_path / "dist", [scorm])
    text = manifest_of(package).decode()
    assert "masteryscore" not in text and "minNormalizedMeasure" not in text
    assert validate_package(package.path) == []


def test_full_pass_mark_is_one(tmp_path):
    write_project(tmp_path, {"01-m.md": module(QUESTION, pass_mark=100)})
    (package,) = build_course(tmp_path, tmp_path / "dist", ["2004"])
    assert b"<imsss:minNormalizedMeasure>1</imsss:minNormalizedMeasure>" in manifest_of(package)
    assert validate_package(package.path) == []
