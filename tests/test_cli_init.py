"""`scorm-builder init`, `new` outside a course, `--version`: as a new author would run them."""

from __future__ import annotations

import tomllib
import zipfile
from pathlib import Path

from builder_project import ROOT, run_cli

import builder
from builder.linked_files import slugify


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_init_starts_a_course_that_builds_and_validates(tmp_path: Path) -> None:
    result = run_cli("init", "first-aid", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    course = tmp_path / "first-aid"
    assert sorted(files_under(course)) == [".gitignore", "course.yml", "modules/01-welcome.md"]
    assert result.stdout.splitlines() == [
        "Created first-aid/course.yml",
        "Created first-aid/modules/01-welcome.md",
        "Created first-aid/.gitignore",
        "Next: cd first-aid, then edit course.yml and run `scorm-builder preview`",
    ]
    text = (course / "course.yml").read_text(encoding="utf-8")
    assert "id: first-aid\n" in text
    assert 'title: "First aid"\n' in text
    assert text.count("\n#") >= 8  # every setting is explained
    assert "dist/" in (course / ".gitignore").read_text(encoding="utf-8").split()

    built = run_cli("build", "--scorm", "all", cwd=course)
    assert built.returncode == 0, built.stderr
    assert "warning" not in built.stderr
    packages = sorted((course / "dist").glob("*.zip"))
    assert [p.name for p in packages] == [
        "first-aid-welcome-scorm12.zip",
        "first-aid-welcome-scorm2004.zip",
    ]
    checked = run_cli("validate", "--strict", *[str(p) for p in packages], cwd=course)
    assert checked.returncode == 0, checked.stderr
    with zipfile.ZipFile(packages[0]) as zf:
        assert "imsmanifest.xml" in zf.namelist()


def test_init_in_the_current_folder_keeps_an_existing_gitignore(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.log", encoding="utf-8")
    result = run_cli("init", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Added dist/ to .gitignore" in result.stdout
    assert "Next: edit course.yml" in result.stdout
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8").startswith("*.log\n")
    assert "\ndist/\n" in (tmp_path / ".gitignore").read_text(encoding="utf-8")
    course = (tmp_path / "course.yml").read_text(encoding="utf-8")
    assert f"id: {slugify(tmp_path.name)}\n" in course


def test_init_in_a_folder_named_like_a_number(tmp_path: Path) -> None:
    """Ids are text as typed, so `id: 2024` is the id "2024", not a number."""
    assert run_cli("init", "2024", cwd=tmp_path).returncode == 0
    assert "id: 2024\n" in (tmp_path / "2024" / "course.yml").read_text(encoding="utf-8")
    built = run_cli("build", cwd=tmp_path / "2024")
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "2024" / "dist" / "2024-welcome-scorm12.zip").is_file()


def test_init_never_overwrites(tmp_path: Path) -> None:
    assert run_cli("init", "c", cwd=tmp_path).returncode == 0
    (tmp_path / "c" / "course.yml").write_text("id: mine\n", encoding="utf-8")
    before = files_under(tmp_path / "c")
    again = run_cli("init", "c", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        "c/course.yml: exists already: init never overwrites",
        "c/modules/01-welcome.md: exists already: init never overwrites",
        "nothing was written",
    ]
    assert files_under(tmp_path / "c") == before
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    onto_file = run_cli("init", "notes.txt", cwd=tmp_path)
    assert onto_file.returncode == 1
    assert "notes.txt: not a folder" in onto_file.stderr
    assert "Traceback" not in again.stderr + onto_file.stderr


def test_new_outside_a_course_folder_writes_nothing(tmp_path: Path) -> None:
    result = run_cli("new", "Recognising abuse", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "no course.yml here: run `scorm-builder new` in the folder that holds course.yml, or"
        " start a course with `scorm-builder init FOLDER`; nothing was written"
    )
    assert list(tmp_path.iterdir()) == []


def test_new_inside_an_initialised_course(tmp_path: Path) -> None:
    assert run_cli("init", cwd=tmp_path).returncode == 0
    result = run_cli("new", "Recognising abuse", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Created modules/02-recognising-abuse.md"


def test_version_is_the_packages_one() -> None:
    result = run_cli("--version", cwd=ROOT)
    assert result.returncode == 0
    assert result.stdout.strip() == f"scorm-builder {builder.__version__}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["dynamic"] == ["version"]  # read from builder.__version__, written once
    assert isinstance(project["license"], str)  # an SPDX string: no setuptools deprecation
