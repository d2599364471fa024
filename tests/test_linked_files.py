"""Linked files: only passive types, inside the project, within the size limits; a link to one
opens in a new tab and says so (real builds through the CLI, real zips, our own validator)."""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path

import pytest
from builder_project import COURSE, module, run_cli, write_project

from builder.package import write_zip
from builder.validate import validate_package

EARLIER = b"an earlier build"


def fails_with(root: Path, expected: str) -> None:
    """Exit 1, a line starting `expected`, no traceback, dist/ untouched."""
    dist = root / "dist"
    dist.mkdir(exist_ok=True)
    (dist / "earlier.zip").write_bytes(EARLIER)
    result = run_cli("build", cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr
    assert [(p.name, p.read_bytes()) for p in dist.iterdir()] == [("earlier.zip", EARLIER)]


def project(root: Path, body: str, files: dict[str, bytes], course: str = COURSE) -> Path:
    """A one-module project whose module folder also holds `files`."""
    write_project(root, {"01-m.md": module(body)}, course)
    for name, data in files.items():
        path = root / "modules" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def built_page(root: Path) -> tuple[str, dict[str, zipfile.ZipInfo]]:
    result = run_cli("build", "--quiet", cwd=root)
    assert result.returncode == 0, result.stderr
    (package,) = (root / "dist").glob("*.zip")
    with zipfile.ZipFile(package) as archive:
        return archive.read("index.html").decode(), {i.filename: i for i in archive.infolist()}


def test_a_linked_file_opens_in_a_new_tab_and_says_so(tmp_path):
    files = {"files/Hand Out.pdf": b"%PDF-1.4\n" + b"x" * 3000, "files/notes.txt": b"Notes\n"}
    body = "Read the [handout](files/Hand%20Out.pdf) and the [notes](files/notes.txt#top).\n"
    page, entries = built_page(project(tmp_path, body, files))
    assert (
        '<a href="media/hand-out.pdf" rel="noopener" target="_blank">handout'
        '<span class="file-note"> (PDF, 3 KB, opens in a new tab)</span></a>'
    ) in page
    assert 'href="media/notes.txt#top" rel="noopener" target="_blank">notes' in page
    assert "(text file, 1 KB, opens in a new tab)" in page
    assert not re.search(r'<a href="media/[^"]*"(?![^>]*target="_blank")', page), "every one"
    assert entries["media/hand-out.pdf"].compress_type == zipfile.ZIP_STORED, "already packed"
    assert entries["media/notes.txt"].compress_type == zipfile.ZIP_DEFLATED


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "handout.html",
            "handout.html: HTML pages can run script inside the LMS, so they are not packaged: "
            "export it as PDF, or publish it on a website and link to its https:// address",
        ),
        ("page.HTM", "page.HTM: HTML pages can run script inside the LMS"),
        (
            "diagram.svg",
            "diagram.svg: SVG images can run script inside the LMS, so they are not "
            "packaged: export it as PNG",
        ),
        ("data.xml", "data.xml: XML files can run script inside the LMS"),
        ("tool.js", "tool.js: scripts can run script inside the LMS"),
        (
            "macros.docm",
            "macros.docm: documents with macros are not packaged: save it without macros",
        ),
        (
            "setup.exe",
            "setup.exe: .exe files are not packaged; only PDF, office documents, "
            "images, audio, video, plain text, CSV and WebVTT captions are",
        ),
        ("README", "README: a file with no extension is not packaged"),
    ],
)
def test_active_and_unknown_types_are_refused(tmp_path, name, expected):
    project(tmp_path, f"Intro.\n\n[The file]({name})\n", {name: b"<script>parent.API</script>"})
    fails_with(tmp_path, f"modules/01-m.md:8: {expected}")


def test_an_image_must_be_an_image_type(tmp_path):
    project(tmp_path, "Intro.\n\n![A chart](chart.pdf)\n", {"chart.pdf": b"%PDF-1.4\n"})
    fails_with(
        tmp_path,
        "modules/01-m.md:8: chart.pdf: an image must be PNG, JPEG, GIF or WebP, not .pdf; to "
        "offer another file, link it with [text](path) instead of ![text](path)",
    )


def test_files_outside_the_project_are_refused_even_through_a_link(tmp_path):
    outside = tmp_path.parent / f"{tmp_path.name}-secret.pdf"
    outside.write_bytes(b"%PDF-1.4\n")
    root = project(tmp_path / "course", "Intro.\n\n[a](secret.pdf)\n", {})
    (root / "modules" / "secret.pdf").symlink_to(outside)
    fails_with(
        root,
        "modules/01-m.md:8: secret.pdf is outside the project; keep linked files inside it",
    )


def test_a_query_on_a_file_link_is_an_error(tmp_path):
    project(tmp_path, "Intro.\n\n[a](a.pdf?download=1)\n", {"a.pdf": b"%PDF-1.4\n"})
    fails_with(tmp_path, "modules/01-m.md:8: a.pdf?download=1: remove the `?download=1` part")


@pytest.mark.parametrize(
    ("logo", "expected"),
    [
        (
            "../outside.png",
            "course.yml:6: `logo` must be an image file inside the project: "
            "../outside.png is outside the project; keep linked files inside it",
        ),
        (
            "/etc/hostname.png",
            "course.yml:6: `logo` must be an image file inside the project: "
            "/etc/hostname.png is outside the project",
        ),
        (
            "logo.svg",
            "course.yml:6: `logo` must be an image file inside the project: logo.svg: "
            "SVG images can run script inside the LMS",
        ),
        (
            "logo.pdf",
            "course.yml:6: `logo` must be an image file inside the project: logo.pdf: "
            "an image must be PNG, JPEG, GIF or WebP, not .pdf",
        ),
        (
            "missing.png",
            "course.yml:6: `logo` file not found: missing.png (the path is relative to course.yml)",
        ),
    ],
)
def test_the_logo_follows_the_same_rules(tmp_path, logo, expected):
    (tmp_path / "logo.svg").parent.mkdir(parents=True, exist_ok=True)
    for name in ("logo.svg", "logo.pdf"):
        (tmp_path / name).write_bytes(b"<svg onload='parent.API'/>")
    (tmp_path.parent / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    project(tmp_path, "Text.\n", {}, COURSE + f"logo: {logo}\n")
    fails_with(tmp_path, expected)


def test_a_file_over_the_limit_is_refused_from_its_size_unread(tmp_path):
    project(tmp_path, "Intro.\n\n[Film](film.mp4)\n", {})
    with (tmp_path / "modules" / "film.mp4").open("wb") as stream:
        stream.truncate(3 << 30)  # sparse: reading it would take a long time
    fails_with(
        tmp_path,
        "modules/01-m.md:8: film.mp4 is 3072.0 MB, over the limit of 100.0 MB per file "
        "(`max_file_mb` in course.yml): make it smaller, or raise the limit",
    )


def test_the_limits_are_set_in_course_yml(tmp_path):
    files = {"a.pdf": os.urandom(700 << 10), "b.pdf": os.urandom(700 << 10)}
    course = COURSE + "max_file_mb: 1\nmax_package_mb: 1\n"
    project(tmp_path, "Intro.\n\n[A](a.pdf)\n\n[B](b.pdf)\n", files, course)
    fails_with(
        tmp_path,
        "modules/01-m.md:10: b.pdf: with it the package would hold 1.4 MB of files, over the "
        "limit of 1.0 MB per package (`max_package_mb` in course.yml): link fewer or smaller "
        "files, or split the module",
    )


def test_a_file_our_validator_would_call_a_zip_bomb_is_refused_in_its_words(tmp_path):
    bomb = bytes(17 << 20)  # over the validator's 16 MB floor, deflates about 1000:1
    project(tmp_path, "Intro.\n\n[Data](zeros.csv)\n", {"zeros.csv": bomb})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if "zip bomb" in line]
    words = re.search(r"compression ratio \d+:1 \(over 100:1\): looks like a zip bomb", line)
    assert words and line.startswith("modules/01-m.md:8: zeros.csv: ")
    # the same file in a zip written as the build writes it: the validator's words
    files = {"media/zeros.csv": tmp_path / "modules" / "zeros.csv"}
    write_zip(files, tmp_path / "b.zip", 315532800)
    assert any(words.group(0) in str(p) for p in validate_package(tmp_path / "b.zip"))


def test_the_limits_are_the_validators():
    from builder import linked_files
    from builder.validate import archive

    assert (linked_files.RATIO_FLOOR, linked_files.MAX_RATIO) == (
        archive.RATIO_FLOOR,
        archive.MAX_RATIO,
    )
    assert linked_files.FILE_LIMIT_MAX_MB * linked_files.MB == archive.MAX_ENTRY_BYTES
    assert linked_files.PACKAGE_LIMIT_MAX_MB * linked_files.MB == archive.MAX_TOTAL_BYTES


def test_a_large_file_that_compresses_normally_is_packaged(tmp_path):
    data = b"".join(b"%d,case-%d,%d\n" % (n, n % 7, n * 31 % 1000) for n in range(1_200_000))
    assert len(data) > 17 << 20
    root = project(tmp_path, "Intro.\n\n[Data](data.csv)\n", {"data.csv": data})
    page, entries = built_page(root)
    assert entries["media/data.csv"].file_size == len(data)
    assert "(CSV file, " in page
    assert not [
        p for p in validate_package(next((tmp_path / "dist").glob("*.zip"))) if "zip bomb" in str(p)
    ]


def test_in_the_lms_a_linked_file_opens_in_a_new_tab_and_the_module_stays(tmp_path, page, site):
    from learner import Learner
    from lms_harness import launch

    from builder.build import write_package_dir
    from builder.course import load_course

    root = project(
        tmp_path / "course",
        "Read the [handout](handout.pdf).\n",
        {"handout.pdf": b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"},
    )
    course = load_course(root)
    write_package_dir(course, course.modules[0], "1.2", site.package_dir("m"))
    run = launch(page, site, "m", "1.2")
    sco = run.frame.url
    learner = Learner(run)
    learner.tab_until("el.matches('a[href=\"media/handout.pdf\"]')")
    with page.context.expect_page() as opened:
        learner.keyboard.press("Enter")
    assert opened.value.url.endswith("/pkg/m/media/handout.pdf")
    assert run.frame.url == sco, "the SCO frame is still the module"
    methods = [call["method"] for call in run.calls()]
    assert methods.count("LMSInitialize") == 1 and "LMSFinish" not in methods
    assert not run.errors()
