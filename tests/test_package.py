"""Deterministic, atomic zips: same bytes every build, fixed metadata, no half-written file."""

from __future__ import annotations

import os
import time
import zipfile
from pathlib import Path

import pytest
from builder_project import EVERY_CONSTRUCT, FIXTURE_MODULES, QUESTION, module, write_project

from builder.build import build_course, package_files, write_package_dir
from builder.course import load_course
from builder.linked_files import STORED
from builder.package import Staging


def zips(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.zip"))}


def test_two_builds_are_byte_identical(tmp_path):
    build_course(EVERY_CONSTRUCT, tmp_path / "one", ["1.2", "2004"])
    build_course(EVERY_CONSTRUCT, tmp_path / "two", ["1.2", "2004"])
    first, second = zips(tmp_path / "one"), zips(tmp_path / "two")
    assert len(first) == 2 * FIXTURE_MODULES and first == second


def test_source_date_epoch_fixes_the_timestamps(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_course(EVERY_CONSTRUCT, tmp_path / "one", ["1.2"])
    expected = time.gmtime(1700000000)[:6]
    for path in (tmp_path / "one").glob("*.zip"):
        with zipfile.ZipFile(path) as archive:
            assert {info.date_time for info in archive.infolist()} == {expected}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000002")
    build_course(EVERY_CONSTRUCT, tmp_path / "two", ["1.2"])
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_course(EVERY_CONSTRUCT, tmp_path / "three", ["1.2"])
    assert zips(tmp_path / "one") != zips(tmp_path / "two")
    assert zips(tmp_path / "one") == zips(tmp_path / "three")


def test_timestamp_is_the_newest_source(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    write_project(tmp_path, {"01-m.md": module(QUESTION)})
    for path in (tmp_path / "course.yml", tmp_path / "modules" / "01-m.md"):
        os.utime(path, (1600000000, 1600000000))
    os.utime(tmp_path / "modules" / "01-m.md", (4000000000, 4000000000))
    (package,) = build_course(tmp_path, tmp_path / "dist", ["1.2"])
    with zipfile.ZipFile(package.path) as archive:
        assert archive.infolist()[0].date_time == time.gmtime(4000000000)[:6]


def test_zip_entries_are_sorted_with_fixed_metadata(tmp_path):
    (package, *_) = build_course(EVERY_CONSTRUCT, tmp_path, ["1.2"])
    data = package.path.read_bytes()
    assert b"PK\x06\x06" not in data and b"PK\x06\x07" not in data, "no zip64 records"
    with zipfile.ZipFile(package.path) as archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        assert names == sorted(names)
        assert "imsmanifest.xml" in names
        for info in infos:
            assert info.filename.isascii() and " " not in info.filename
            linked = info.filename.startswith(("media/", "logo."))  # files already compressed
            stored = linked and Path(info.filename).suffix in STORED  # are stored as they are
            assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
            assert info.external_attr >> 16 == 0o100644
            assert info.create_system == 3
            assert not info.extra
        assert archive.testzip() is None
    assert package.size == len(data)
    assert oct(package.path.stat().st_mode & 0o777) == oct(0o644)


def test_package_dir_holds_what_the_zip_holds(tmp_path):
    course = load_course(EVERY_CONSTRUCT)
    mod = course.modules[0]
    write_package_dir(course, mod, "2004", tmp_path / "unzipped")
    (package, *_) = build_course(EVERY_CONSTRUCT, tmp_path / "dist", ["2004"])
    with zipfile.ZipFile(package.path) as archive:
        for name in archive.namelist():
            assert (tmp_path / "unzipped" / name).read_bytes() == archive.read(name)
        on_disk = {
            p.relative_to(tmp_path / "unzipped").as_posix()
            for p in (tmp_path / "unzipped").rglob("*")
            if p.is_file()
        }
        assert on_disk == set(archive.namelist()) == set(package_files(course, mod, "2004"))


def test_a_failed_write_keeps_the_earlier_package(tmp_path):
    out = tmp_path / "dist"
    with Staging(out) as staging:
        staging.writer.zip("good.zip", {"a.txt": b"first"}, 1700000000)
        staging.add(["good.zip"])
        staging.commit()
    before = (out / "good.zip").read_bytes()
    with pytest.raises(TypeError), Staging(out) as staging:
        staging.writer.zip("good.zip", {"a.txt": b"second", "b.txt": None}, 1700000000)  # type: ignore[dict-item]
    assert (out / "good.zip").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["dist"]
    assert [p.name for p in out.iterdir()] == ["good.zip"]


def test_a_failed_build_leaves_dist_untouched(tmp_path):
    write_project(tmp_path, {"01-m.md": module(QUESTION)})
    (package,) = build_course(tmp_path, tmp_path / "dist", ["1.2"])
    before = {p.name: p.read_bytes() for p in (tmp_path / "dist").iterdir()}
    (tmp_path / "modules" / "02-bad.md").write_text(module("Intro <b>x</b>\n", id="bad"))
    (tmp_path / "modules" / "01-m.md").write_text(module(QUESTION + "\nChanged.\n"))
    from builder.errors import BuildError

    with pytest.raises(BuildError):
        build_course(tmp_path, tmp_path / "dist", ["1.2", "2004"])
    assert {p.name: p.read_bytes() for p in (tmp_path / "dist").iterdir()} == before
    assert package.path.exists()


def test_templates_and_assets_ship_in_the_wheel_through_links():
    root = Path(__file__).resolve().parent.parent
    for name in ("templates", "assets"):
        assert (root / "builder" / "data" / name).resolve() == root / name


def test_moodle_settings_are_written_beside_each_zip(tmp_path):
    built = build_course(EVERY_CONSTRUCT, tmp_path, ["1.2", "2004"])
    for package in built:
        notes = package.path.with_name(package.path.name.removesuffix(".zip") + ".moodle.txt")
        text = notes.read_text(encoding="utf-8")
        assert package.path.name in text and package.module.title in text
    count = 2 * FIXTURE_MODULES
    assert sorted(p.suffix for p in tmp_path.iterdir()) == (
        [".html"] * count + [".txt"] * count + [".zip"] * count
    )
