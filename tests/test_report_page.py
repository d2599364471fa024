"""The report page: self-contained (no script, nothing fetched), accessible (axe finds
nothing), readable on a 390 px phone and in print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from report_fixtures import COURSE, downloads

from builder.course import load_course
from builder.report import make_report

SAMPLE = ("children-scorm12", "families-scorm2004")  # one activity per module, both versions


@pytest.fixture(scope="module", params=[False, True], ids=["aggregates", "names"])
def report_file(request, tmp_path_factory) -> Path:
    files = [path for activity in SAMPLE for path in downloads(activity, "csv")]
    report = make_report(load_course(COURSE), files, names=request.param)
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(report.html, encoding="utf-8")
    return path


def test_page_is_self_contained(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    assert "<script" not in page
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", page), "only in-page links"
    assert "default-src 'none'" in page


def test_every_chart_is_named_and_has_a_table(report_file: Path) -> None:
    page = report_file.read_text(encoding="utf-8")
    charts = re.findall(r'<svg role="img" aria-labelledby="([^"]+)"', page)
    assert len(charts) == 6 + 7 + 2  # one per question, one per module
    for ident in charts:
        after = page[page.index(f'<title id="{ident}">') :]
        following = after.find("<svg")
        end = following if following != -1 else len(after)
        assert after.index("</svg>") < after.index("<table") < end


def test_axe_finds_nothing(report_file: Path, page) -> None:
    page.goto(report_file.as_uri())
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


def test_reads_on_a_390_px_phone(report_file: Path, page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(report_file.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    smallest = page.evaluate(
        "Math.min(...[...document.querySelectorAll('p, li, td, th, dd')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
    )
    assert smallest >= 14


def test_prints_without_cutting_tables(report_file: Path, page, tmp_path: Path) -> None:
    page.goto(report_file.as_uri())
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less 2 cm margins, at 96 dpi
    assert page.evaluate("getComputedStyle(document.querySelector('.scroll')).overflowX") == (
        "visible"
    )
    wide = page.evaluate(
        "[...document.querySelectorAll('table')].filter(t => t.scrollWidth > 718).length"
    )
    assert wide == 0
    pdf = page.pdf(format="A4", margin={"top": "1cm", "bottom": "1cm"})
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
