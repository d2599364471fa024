"""`validate` on real packages exported by the market's tools, with an admin's verdict on each.

`../shared/third-party-packages/` holds each package's manifest as published and its file list
(FILES.tsv: size, tab, path). Each test rebuilds the package here, in a temporary folder, as a
zip (and as an unpacked folder) holding the real manifest and an empty file for every other
listed path. Nothing from there is copied into the repository.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builder_project import ROOT, run_cli

from builder.validate import validate_package

PACKAGES = ROOT.parent / "shared" / "third-party-packages"

# Package → the exact problems a careful admin would report, each "[warning: ]entry:line: …"
# (prefix of the message). Errors are the real defects listed in that folder's README.
VERDICTS: dict[str, list[str]] = {
    "adapt-infosec-compliance": [
        "imsmanifest.xml:6: warning: inline IMS Meta-data 1.2.1 metadata not checked: its"
        " official schema (scorm12/imsmd_rootv1p2p1.xsd) does not compile in libxml2",
    ],
    "captivate-hipaa-compliance": [  # index_scorm.html was renamed index.html by its owner
        "imsmanifest.xml:28: launch file 'index_scorm.html' is not in the package",
    ],
    "elucidat-dayforce-timesheet": [  # launch.html is not in the repository
        "imsmanifest.xml:25: launch file 'launch.html' is not in the package",
    ],
    "exe-ecuaciones-cuadraticas": [],
    "h5p-accordion-do-no-harm": [  # <metadata> after adlcp:masteryscore, and in <resources>
        "imsmanifest.xml:14: warning: not valid against the SCORM 1.2 schemas: Element"
        " 'metadata': This element is not expected.",
        "imsmanifest.xml:28: warning: not valid against the SCORM 1.2 schemas: Element"
        " 'metadata': This element is not expected. Expected is one of ( resource, ##other* ).",
    ],
    "handmade-golf-runtimebasic-scorm12": [],
    "ispring-scorm-lms": [],
    "rise-four-mindsets": [],
    "rise-infosec-basics": [  # two JPGs of 4 MiB or more the archive did not store
        "imsmanifest.xml:92: warning: <file href> 'scormcontent/assets/Egu4XkEOMANkipR3_",
        "imsmanifest.xml:101: warning: <file href> 'scormcontent/assets/CYgiCqkfgN5FfQBJ_",
    ],
    "storyline-workplace-conflict": [  # inline LOM; story.html (not the launch file) missing
        "imsmanifest.xml:6: warning: inline IMS Meta-data 1.2.1 metadata not checked",
        "imsmanifest.xml:108: warning: <file href> 'story.html' is not in the package"
        " (Moodle does not check; the content may need it)",
    ],
}


def listed(name: str) -> list[str]:
    """The package's file paths, as FILES.tsv lists them."""
    lines = (PACKAGES / name / "FILES.tsv").read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[1] for line in lines]


def rebuild_zip(name: str, out: Path) -> Path:
    """The package as a zip: its real manifest, every other listed file empty."""
    path = out / f"{name}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for entry in listed(name):
            data = (PACKAGES / name / entry).read_bytes() if entry == "imsmanifest.xml" else b""
            zf.writestr(entry, data)
    return path


def rebuild_folder(name: str, out: Path) -> Path:
    """The package unpacked, as an admin would unzip it."""
    folder = out / name
    for entry in listed(name):
        target = folder / entry
        target.parent.mkdir(parents=True, exist_ok=True)
        if entry == "imsmanifest.xml":
            target.write_bytes((PACKAGES / name / entry).read_bytes())
        else:
            target.touch()
    return folder


def test_every_published_package_has_a_verdict() -> None:
    assert sorted(p.name for p in PACKAGES.iterdir() if p.is_dir()) == sorted(VERDICTS)
    for name in VERDICTS:
        assert "imsmanifest.xml" in listed(name), name


def _matches(problems: list[str], expected: list[str], label: str) -> None:
    """Each problem is exactly one expected line, in order, and nothing else is reported."""
    assert len(problems) == len(expected), problems
    for problem, want in zip(problems, expected, strict=True):
        assert problem.startswith(f"{label}: {want}"), (problem, want)


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_real_package_zip_gets_the_admins_verdict(tmp_path: Path, name: str) -> None:
    path = rebuild_zip(name, tmp_path)
    problems = validate_package(path)
    _matches([str(p) for p in problems], VERDICTS[name], str(path))
    errors = [p for p in problems if not p.warning]
    assert len(errors) == sum(": warning: " not in line for line in VERDICTS[name])


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_unpacked_folder_gets_the_same_verdict(tmp_path: Path, name: str) -> None:
    folder = rebuild_folder(name, tmp_path)
    _matches([str(p) for p in validate_package(folder)], VERDICTS[name], str(folder))


def test_cli_exit_status_follows_errors_not_warnings(tmp_path: Path) -> None:
    for name in ("storyline-workplace-conflict", "captivate-hipaa-compliance", "ispring-scorm-lms"):
        rebuild_zip(name, tmp_path)
    warned = run_cli("validate", "storyline-workplace-conflict.zip", cwd=tmp_path)
    assert warned.returncode == 0, warned.stderr
    assert "storyline-workplace-conflict.zip: imsmanifest.xml:108: warning: <file href>" in (
        warned.stderr
    )
    assert "storyline-workplace-conflict.zip: valid for Moodle, with 2 warnings" in warned.stdout
    strict = run_cli("validate", "--strict", "storyline-workplace-conflict.zip", cwd=tmp_path)
    assert strict.returncode == 1
    assert "storyline-workplace-conflict.zip: not ready for Moodle: 2 warnings" in strict.stderr
    mixed = run_cli(
        "validate", "ispring-scorm-lms.zip", "captivate-hipaa-compliance.zip", cwd=tmp_path
    )
    assert mixed.returncode == 1
    assert "ispring-scorm-lms.zip: valid\n" in mixed.stdout
    assert "captivate-hipaa-compliance.zip: imsmanifest.xml:28: launch file" in mixed.stderr
    assert "captivate-hipaa-compliance.zip: not ready for Moodle: 1 error" in mixed.stderr
    assert "Traceback" not in warned.stderr + strict.stderr + mixed.stderr
