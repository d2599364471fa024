"""Ids are text exactly as typed; YAML mistakes are reported with the fix (real builds, CLI)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builder_project import COURSE, module, run_cli, write_project

EARLIER = b"an earlier build"


def _dist(root: Path) -> Path:
    dist = root / "dist"
    dist.mkdir(exist_ok=True)
    (dist / "earlier.zip").write_bytes(EARLIER)
    return dist


def fails_with(root: Path, expected: str) -> None:
    """The build exits 1 with a line starting `expected`, no traceback, and dist/ untouched."""
    dist = _dist(root)
    result = run_cli("build", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr
    assert [(p.name, p.read_bytes()) for p in dist.iterdir()] == [("earlier.zip", EARLIER)]
    assert [p.name for p in root.iterdir() if p.name.startswith(".")] == [], "no staging left"


@pytest.mark.parametrize("typed", ["010", "1e3", "true", "null", "2024-01-01", "0"])
def test_a_module_id_is_kept_exactly_as_typed(tmp_path, typed):
    write_project(tmp_path, {"01-m.md": module(id=typed)})
    result = run_cli("build", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (package,) = (tmp_path / "dist").glob("*.zip")
    assert package.name == f"test-course-{typed}-scorm12.zip"
    with zipfile.ZipFile(package) as archive:
        manifest = archive.read("imsmanifest.xml").decode()
    assert f'identifier="MANIFEST-test-course-{typed}"' in manifest


def test_a_course_id_is_kept_exactly_as_typed(tmp_path):
    write_project(tmp_path, {"01-m.md": module()}, COURSE.replace("test-course", "010"))
    assert run_cli("build", "--quiet", cwd=tmp_path).returncode == 0
    assert [p.name for p in (tmp_path / "dist").glob("*.zip")] == ["010-mod-scorm12.zip"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", "modules/01-m.md:2: `id` is empty: give an id, for example `id: child-protection`"),
        (
            "~",
            "modules/01-m.md:2: `id` '~' is not a valid id: use lowercase letters, digits and "
            "hyphens (for example `child-protection`), at most 64 characters",
        ),
        (
            "0x1F",
            "modules/01-m.md:2: `id` '0x1F' is not a valid id: use lowercase letters, "
            "digits and hyphens (for example `child-protection`), at most 64 characters",
        ),
        (
            "[a, b]",
            "modules/01-m.md:2: `id` must be an id on one line, for example `id: child-protection`",
        ),
    ],
)
def test_a_bad_module_id_is_an_error_at_its_line(tmp_path, typed, expected):
    write_project(tmp_path, {"01-m.md": module(id=typed)})
    fails_with(tmp_path, expected)


def test_an_empty_course_id_is_an_error_not_a_traceback(tmp_path):
    write_project(tmp_path, {"01-m.md": module()}, COURSE.replace("id: test-course", "id:"))
    fails_with(
        tmp_path, "course.yml:1: `id` is empty: give an id, for example `id: child-protection`"
    )


def test_numbers_are_read_as_typed_not_as_yaml_1_1_reads_them(tmp_path):
    front = {"minutes": "010", "title": "1.10", "description": "yes"}
    course = COURSE.replace("language: en-GB", "language: no") + "scorm: 2004\n"
    write_project(tmp_path, {"01-m.md": module(**front)}, course)
    result = run_cli("build", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    notes = next((tmp_path / "dist").glob("*.moodle.txt")).read_text(encoding="utf-8")
    assert "Typical time  10 minutes" in notes, "010 is ten minutes, not YAML 1.1's octal 8"
    assert 'Moodle settings for "1.10"' in notes


@pytest.mark.parametrize(
    ("course", "expected"),
    [
        (COURSE + "scorm: 1.20\n", "course.yml:6: `scorm` must be 1.2 or 2004, not '1.20'"),
        (
            COURSE.replace("pass_mark: 80", "pass_mark: 8e1"),
            "course.yml:5: `pass_mark` must be a whole number from 0 to 100",
        ),
        (
            COURSE + "colour: #1d70b8\n",
            'course.yml:6: `colour` is empty: `#` starts a comment in YAML, so quote it: "#1d70b8"',
        ),
        (
            COURSE + "max_file_mb: 600\n",
            "course.yml:6: `max_file_mb` is 600; it must be from 1 to 512",
        ),
    ],
)
def test_course_values_are_checked_as_typed(tmp_path, course, expected):
    write_project(tmp_path, {"01-m.md": module()}, course)
    fails_with(tmp_path, expected)


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "id: m\ntitle A module\nminutes: 5\n",
            "modules/01-m.md:3: invalid YAML: a line needs `key: value` (a colon and a space after "
            "the key)",
        ),
        (
            "id: m\ntitle: Part 1: the basics\nminutes: 5\n",
            "modules/01-m.md:3: invalid YAML: a value with `: ` in it needs quotes, like "
            'title: "Part 1: the basics"',
        ),
        (
            "id: m\n  title: A\nminutes: 5\n",
            "modules/01-m.md:3: invalid YAML: this line is indented: start each `key: value` line "
            "at the start of the line",
        ),
        (
            "id: m\n\ttitle: A\nminutes: 5\n",
            "modules/01-m.md:3: invalid YAML: a tab: indent with spaces, not tabs",
        ),
        (
            "id: m\ntitle: `code`\nminutes: 5\n",
            "modules/01-m.md:3: invalid YAML: a value cannot start with `: put the value in quotes",
        ),
        (
            "id: m\ntitle: 'it's'\nminutes: 5\n",
            "modules/01-m.md:3: invalid YAML: text after a closing quote: quote the whole value "
            '("it\'s")',
        ),
        (
            'id: m\ntitle: "a\\qb"\nminutes: 5\n',
            "modules/01-m.md:3: invalid YAML: in double quotes a backslash starts an escape: use "
            'single quotes, or write "\\\\"',
        ),
        (
            "id: m\ntitle: A\nminutes: 5\ndescripton: x\n",
            "modules/01-m.md:5: unknown key `descripton`: did you mean `description`? (allowed: ",
        ),
        (
            "id: m\ntitle: &t A\nminutes: 5\ndescription: *t\n",
            "modules/01-m.md:5: invalid YAML: aliases (`*name`) are not supported: write the value "
            "out",
        ),
    ],
)
def test_yaml_mistakes_are_worded_with_the_fix(tmp_path, front, expected):
    write_project(tmp_path, {"01-m.md": f"---\n{front}---\nText.\n"})
    fails_with(tmp_path, expected)
