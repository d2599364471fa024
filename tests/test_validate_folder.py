"""`validate` on unpacked folders, file extensions, file names and inline metadata."""

from __future__ import annotations

import os
import unicodedata
import zipfile
from pathlib import Path

import pytest
from builder_project import run_cli
from test_validate import FILES, VALID_12, VALID_2004, make_package, swap

from builder.validate import validate_package
from builder.validate.archive import MAX_ENTRIES
from builder.validate.schemas import metadata_schema

LOM = (
    '<lom xmlns="http://ltsc.ieee.org/xsd/LOM"><general><title>'
    '<string language="en">Children</string></title></general></lom>'
)
IMSMD = (
    '<lom xmlns="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"><general><title>'
    '<langstring xml:lang="x-none">Children</langstring></title></general></lom>'
)


def unpacked(folder: Path, manifest: str, files: dict[str, bytes] = FILES) -> Path:
    """A package folder: imsmanifest.xml and `files`."""
    for name, data in {"imsmanifest.xml": manifest.encode(), **files}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def lines(path: Path) -> list[str]:
    return [str(problem) for problem in validate_package(path)]


def with_metadata(manifest: str, block: str) -> str:
    """`block` inline in the manifest's <metadata>, on the line after <schemaversion>."""
    return swap("</schemaversion>\n", f"</schemaversion>\n{block}\n")(manifest)


@pytest.mark.parametrize("manifest", [VALID_12, VALID_2004], ids=["1.2", "2004"])
def test_valid_folder_passes(tmp_path: Path, manifest: str) -> None:
    assert lines(unpacked(tmp_path / "course", manifest)) == []


def test_folder_problems_name_the_folder_and_the_file(tmp_path: Path) -> None:
    folder = unpacked(tmp_path / "course", VALID_12, {"index.html": b"x"})
    assert lines(folder) == [
        f"{folder}: imsmanifest.xml:21: warning: <file href> 'assets/runtime.js' is not in the"
        " package (Moodle does not check; the content may need it)"
    ]
    (folder / "index.html").unlink()
    assert f"{folder}: imsmanifest.xml:19: launch file 'index.html' is not in the package" in (
        lines(folder)
    )


def test_symbolic_link_in_a_folder_is_reported_not_followed(tmp_path: Path) -> None:
    folder = unpacked(tmp_path / "course", VALID_12)
    os.symlink("/etc", folder / "assets" / "etc")
    found = lines(folder)
    assert found == [
        f"{folder}: assets/etc: symbolic link: a package may hold only files and folders"
    ]


def test_special_files_are_reported_never_read(tmp_path: Path) -> None:
    """A FIFO named imsmanifest.xml would block a reader for ever: it is not opened."""
    folder = tmp_path / "course"
    folder.mkdir()
    os.mkfifo(folder / "imsmanifest.xml")
    assert lines(folder) == [
        f"{folder}: imsmanifest.xml: not a file or a folder: a package may hold only those",
        f"{folder}: missing imsmanifest.xml or AICC structure (Moodle's words)",
    ]


def test_folder_without_a_root_manifest(tmp_path: Path) -> None:
    unpacked(tmp_path / "outer" / "course", VALID_12)
    assert lines(tmp_path / "outer") == [
        f"{tmp_path / 'outer'}: An imsmanifest.xml file was found but it was not in the root of"
        " your zip file (Moodle's words): zip the package's contents, not the folder that holds"
        " them"
    ]


def test_folder_with_too_many_files_stops_early(tmp_path: Path) -> None:
    folder = unpacked(tmp_path / "course", VALID_12)
    for n in range(MAX_ENTRIES):
        (folder / f"f{n}").touch()
    assert f"{folder}: more than {MAX_ENTRIES} files and folders" in "\n".join(lines(folder))


@pytest.mark.parametrize("suffix", [".ZIP", ".zip"])
def test_zip_extension_in_any_case_is_accepted(tmp_path: Path, suffix: str) -> None:
    assert lines(make_package(tmp_path / f"course{suffix}", VALID_12)) == []


def test_other_extension_is_an_error_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    path = make_package(tmp_path / "course.scorm", swap(">80<", ">150<")(VALID_12))
    found = lines(path)
    assert found[0] == (
        f"{path}: the file name must end in .zip: Moodle's upload accepts only .zip packages"
    )
    assert any("adlcp:masteryscore 150 is outside 0 to 100" in line for line in found)
    result = run_cli("validate", "course.scorm", cwd=tmp_path)
    assert result.returncode == 1
    assert "course.scorm: not ready for Moodle: 2 errors" in result.stderr


def test_bare_manifest_points_to_the_folder(tmp_path: Path) -> None:
    path = unpacked(tmp_path / "course", VALID_12) / "imsmanifest.xml"
    assert "(to check an unpacked package, give its folder)" in lines(path)[0]


def _zip_names(path: Path, names: dict[str, bool]) -> Path:
    """The valid package plus `names`, each with or without the zip's UTF-8 flag."""
    make_package(path, VALID_12)
    with zipfile.ZipFile(path, "a") as zf:
        for name, flagged in names.items():
            info = zipfile.ZipInfo(name)
            zf.writestr(info, b"x")
            if not flagged:
                info.flag_bits &= ~0x800
    return path


def test_non_ascii_names_by_how_moodle_unpacks_them(tmp_path: Path) -> None:
    nfc, nfd = "images/Café.png", unicodedata.normalize("NFD", "images/Crème.png")
    path = _zip_names(tmp_path / "p.zip", {nfc: True, nfd: True})
    found = validate_package(path)
    assert [(p.warning, p.message.split(":")[0]) for p in found] == [
        (True, "non-ASCII file name"),
        (False, "non-ASCII file name not in Unicode NFC form"),
    ]
    assert lines(path)[0].startswith(f"{path}: {nfc}: warning: non-ASCII file name")


def test_inline_lom_in_a_12_manifest_is_checked_against_the_lom_schema(tmp_path: Path) -> None:
    good = make_package(tmp_path / "good.zip", with_metadata(VALID_12, LOM))
    assert lines(good) == []
    bad = make_package(
        tmp_path / "bad.zip", with_metadata(VALID_12, LOM.replace("title>", "titel>"))
    )
    assert lines(bad) == [
        f"{bad}: imsmanifest.xml:8: warning: inline IEEE LOM metadata is not valid against its"
        " schema (scorm2004-4th/lom.xsd): Element 'titel': This element is not expected."
        " Expected is one of ( identifier, title, language, description, keyword, coverage,"
        " structure, aggregationLevel )."
    ]


def test_inline_ims_metadata_is_skipped_and_said_and_the_rest_checked(tmp_path: Path) -> None:
    text = with_metadata(swap(">80<", ">150<")(VALID_12), IMSMD + "\n" + IMSMD)
    problems = validate_package(make_package(tmp_path / "p.zip", text))
    assert [(p.warning, p.line) for p in problems] == [(True, 8), (False, 16)]
    assert problems[0].message.startswith(
        "inline IMS Meta-data 1.2.1 metadata not checked (nor the 1 other such blocks): its"
        " official schema (scorm12/imsmd_rootv1p2p1.xsd) does not compile in libxml2"
    )
    assert problems[0].message.endswith("; the rest of the manifest was checked")


def test_ims_metadata_schema_still_does_not_compile() -> None:
    """Why IMS Meta-data 1.2.1 is skipped; if a libxml2 compiles it, it is checked instead."""
    reason = metadata_schema("scorm12/imsmd_rootv1p2p1.xsd")
    assert isinstance(reason, str)
    assert "The content model is not determinist" in reason
    assert not isinstance(metadata_schema("scorm2004-4th/lom.xsd"), str)


def test_manifest_without_items_launches_its_resources(tmp_path: Path) -> None:
    """Moodle makes each resource with an href a SCO when there are no items: a warning."""
    start, end = VALID_12.index("<organizations"), VALID_12.index("</organizations>")
    text = VALID_12[:start] + "<organizations/>" + VALID_12[end + len("</organizations>") :]
    path = make_package(tmp_path / "p.zip", text)
    assert lines(path) == [
        f"{path}: imsmanifest.xml:9: warning: no <organization>: add one organization whose"
        " item launches the SCO"
    ]
    no_sco = make_package(
        tmp_path / "asset.zip", swap('scormtype="sco"', 'scormtype="asset"')(text)
    )
    assert "Moodle would track nothing" in lines(no_sco)[-1]
