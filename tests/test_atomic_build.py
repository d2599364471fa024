"""All-or-nothing builds: a full disk, a read-only folder, a file that cannot be replaced or a
bad module leaves --out exactly as it was; stale packages are listed and `--clean` removes
only this course's (real builds through the CLI, a real tiny tmpfs)."""

from __future__ import annotations

import os
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from builder_project import COURSE, module, run_cli, write_project


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative name → bytes)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def no_staging_left(parent: Path) -> None:
    assert [p.name for p in parent.iterdir() if p.name.startswith(".")] == []


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KB tmpfs (the machine's own kernel; the tests run as root, like CI)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(disk)], check=True)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def two_modules(root: Path, picture: bytes = b"\x89PNG\r\n\x1a\n") -> Path:
    write_project(
        root,
        {"01-a.md": module(id="a") + "\n![A picture](pic.png)\n", "02-b.md": module(id="b")},
    )
    (root / "modules" / "pic.png").write_bytes(picture)
    return root


def test_a_full_disk_leaves_the_output_folder_as_it_was(tmp_path, tiny_disk):
    root = two_modules(tmp_path / "course", os.urandom(300 << 10))
    out = tiny_disk / "dist"
    out.mkdir()
    (out / "test-course-a-scorm12.zip").write_bytes(b"old a" * 1000)
    (out / "notes.txt").write_bytes(b"mine")
    before = snapshot(out)
    result = run_cli("build", "--scorm", "all", "--out", str(out), cwd=root)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.endswith(": cannot build: No space left on device"), result.stderr
    assert str(out) in line
    assert snapshot(out) == before
    no_staging_left(tiny_disk)


def test_a_read_only_output_folder_is_one_line_and_untouched(tmp_path, tiny_disk):
    root = two_modules(tmp_path / "course")
    out = tiny_disk / "dist"
    out.mkdir()
    (out / "test-course-a-scorm12.zip").write_bytes(b"old a")
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
    result = run_cli("build", "--out", str(out), cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{out}: cannot build: Read-only file system"]
    assert snapshot(out) == {"test-course-a-scorm12.zip": b"old a"}


def test_a_file_that_cannot_be_replaced_rolls_back_the_ones_already_moved(tmp_path):
    root = two_modules(tmp_path)
    out = root / "dist"
    out.mkdir()
    (out / "test-course-a-scorm12.zip").write_bytes(b"old a")
    (out / "test-course-a-scorm12.moodle.txt").write_bytes(b"old notes")
    (out / "test-course-b-scorm12.zip").mkdir()  # a folder where b's package should go
    (out / "test-course-b-scorm12.zip" / "keep").write_bytes(b"kept")
    before = snapshot(out)
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "dist/test-course-b-scorm12.zip: cannot build: Is a directory"
    ]
    assert snapshot(out) == before, "a's new package was moved in, then put back"
    no_staging_left(root)


def test_a_bad_module_writes_nothing(tmp_path):
    root = two_modules(tmp_path)
    (root / "modules" / "02-b.md").write_text(module(id="B!"), encoding="utf-8")
    out = root / "dist"
    out.mkdir()
    (out / "test-course-a-scorm12.zip").write_bytes(b"old a")
    result = run_cli("build", cwd=root)
    assert result.returncode == 1
    assert "modules/02-b.md:2: `id` 'B!' is not a valid id" in result.stderr
    assert snapshot(out) == {"test-course-a-scorm12.zip": b"old a"}
    no_staging_left(root)


def test_a_successful_build_replaces_every_package_and_leaves_no_staging(tmp_path):
    root = two_modules(tmp_path)
    assert run_cli("build", "--quiet", cwd=root).returncode == 0
    first = snapshot(root / "dist")
    (root / "modules" / "02-b.md").write_text(module("Changed.\n", id="b"), encoding="utf-8")
    assert run_cli("build", "--quiet", cwd=root).returncode == 0
    second = snapshot(root / "dist")
    assert set(first) == set(second) and first != second
    no_staging_left(root)


def other_course_zip(path: Path, course_id: str) -> None:
    """A zip whose manifest names another course's organisation."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "imsmanifest.xml", f'<manifest><organizations default="ORG-{course_id}"/></manifest>'
        )


def test_stale_packages_are_listed_and_clean_removes_only_this_courses(tmp_path):
    root = write_project(tmp_path, {"01-a.md": module(id="a")})
    assert run_cli("build", "--scorm", "all", "--quiet", cwd=root).returncode == 0
    dist = root / "dist"
    other_course_zip(dist / "test-course-extra-x-scorm12.zip", "test-course-extra")
    (dist / "test-course-extra-x-scorm12.moodle.txt").write_text("Module id     x (never)\n")
    (dist / "test-course-notes.txt").write_text("the trainer's own file")
    (root / "modules" / "01-a.md").write_text(module(id="renamed"), encoding="utf-8")

    result = run_cli("build", "--scorm", "1.2", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    stale = sorted(p.name for p in dist.iterdir() if p.name.startswith("test-course-a-"))
    assert {
        "test-course-a-scorm12.moodle.txt",
        "test-course-a-scorm12.zip",
        "test-course-a-scorm2004.moodle.txt",
        "test-course-a-scorm2004.zip",
    } <= set(stale)
    assert result.stderr.splitlines() == [
        f"dist/{name}: stale: this build no longer makes it (a renamed module or the other "
        "SCORM version); `build --clean` removes it"
        for name in stale
    ]
    assert all((dist / name).exists() for name in stale)

    result = run_cli("build", "--scorm", "1.2", "--quiet", "--clean", cwd=root)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"dist/{name}: removed: this build no longer makes it" for name in stale
    ]
    left = sorted(p.name for p in dist.iterdir() if not p.name.startswith("test-course-renamed-"))
    assert left == [
        "test-course-extra-x-scorm12.moodle.txt",
        "test-course-extra-x-scorm12.zip",
        "test-course-notes.txt",
    ]
    assert (dist / "test-course-renamed-scorm12.zip").is_file()


def test_the_other_version_is_stale_after_switching(tmp_path):
    root = write_project(tmp_path, {"01-a.md": module(id="a")}, COURSE + 'scorm: "2004"\n')
    assert run_cli("build", "--quiet", cwd=root).returncode == 0
    result = run_cli("build", "--scorm", "1.2", "--quiet", cwd=root)
    assert "dist/test-course-a-scorm2004.zip: stale: " in result.stderr


def test_an_output_folder_on_another_file_system_builds(tmp_path, tiny_disk):
    """`--out` a mount point, or a symbolic link to a folder on another file system: the
    staging folder goes where the renames into it stay on one file system."""
    root = two_modules(tmp_path / "course")
    result = run_cli("build", "--quiet", "--out", str(tiny_disk), cwd=root)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tiny_disk.glob("*.zip")) == [
        "test-course-a-scorm12.zip",
        "test-course-b-scorm12.zip",
    ]
    no_staging_left(tiny_disk)
    (tiny_disk / "elsewhere").mkdir()
    (root / "dist").symlink_to(tiny_disk / "elsewhere", target_is_directory=True)
    result = run_cli("build", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    assert len(list((tiny_disk / "elsewhere").glob("*.zip"))) == 2
    no_staging_left(root)
    no_staging_left(tiny_disk)
