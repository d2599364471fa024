"""Screenshots of a module of the real course for the docs and README, taken in Chromium.

A content page, a question with its feedback (the whole question), and the summary page, at
desktop (1280 x 800) and phone (375 x 740) widths, saved to docs/screenshots/. At 320 px wide
no page may scroll sideways.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page

from builder.build import load_course, write_package_dir

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "docs" / "screenshots"
SIZES = {"desktop": (1280, 800), "phone": (375, 740)}
MAX_BYTES = 400_000

# An LMS that accepts everything, installed where the module looks first (its own window),
# so that the screenshots show the module as a learner in Moodle sees it (no preview banner).
LMS = """
window.API = (() => {
  const data = { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.lesson_mode': 'normal',
    'cmi.core.credit': 'credit', 'cmi.core.entry': 'ab-initio' };
  const ok = () => 'true';
  return {
    LMSInitialize: ok, LMSFinish: ok, LMSCommit: ok,
    LMSGetValue: (k) => (k in data ? data[k] : k.endsWith('._count') ? '0' : ''),
    LMSSetValue: (k, v) => { data[k] = String(v); return 'true'; },
    LMSGetLastError: () => '0', LMSGetErrorString: () => '', LMSGetDiagnostic: () => '',
  };
})();
"""


@pytest.fixture
def module_url(tmp_path: Path, static_server: Callable[[Path], Any]) -> str:
    """The first module of the real course, unpacked and served on 127.0.0.1."""
    course = load_course(ROOT)
    write_package_dir(course, course.modules[0], "1.2", tmp_path)
    return f"{static_server(tmp_path).url}/index.html"


def open_module(browser: Browser, url: str, width: int, height: int) -> tuple[BrowserContext, Page]:
    """A fresh context of the given size (no smooth scrolling) showing the module."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    context.add_init_script(LMS)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#pager:not([hidden])")
    return context, page


def visible_section(page: Page) -> Locator:
    """The page of the module on screen."""
    return page.locator("section[data-page]:not([hidden])")


def next_page(page: Page) -> None:
    """Press Next."""
    page.locator("[data-action='next']").click()
    page.mouse.move(0, 0)  # no hover styles in the screenshots


def to_first_question(page: Page) -> Locator:
    """Go forward to the first page with a question; return that question's form."""
    for _ in range(50):
        forms = visible_section(page).locator("form.question")
        if forms.count():
            return forms.first
        next_page(page)
    raise AssertionError("no question in the module")


def answer(form: Locator, right: bool) -> None:
    """Tick the correct options (or one wrong one) and check the answer."""
    options = form.locator("li.option")
    correct = form.locator("li.option[data-correct] input")
    if right:
        for index in range(correct.count()):
            correct.nth(index).check()
    else:
        form.locator("li.option:not([data-correct]) input").first.check()
    assert options.count() >= 2
    form.locator("button[type='submit']").click()


def to_summary(page: Page) -> None:
    """Answer every question (the first one wrongly) and go on to the closing page."""
    first = True
    for _ in range(50):
        section = visible_section(page)
        for form in section.locator("form.question").all():
            if form.locator("input:not([disabled])").count():
                answer(form, right=not first)
                first = False
        if section.get_attribute("data-summary") is not None:
            return
        next_page(page)
    raise AssertionError("never reached the summary page")


def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the document is wider than the window (0 or less: no sideways scroll)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshots(browser: Browser, module_url: str, size: str) -> None:
    width, height = SIZES[size]
    SHOTS.mkdir(parents=True, exist_ok=True)
    context, page = open_module(browser, module_url, width, height)
    try:
        next_page(page)
        assert visible_section(page).locator("h2").is_visible()
        page.screenshot(path=SHOTS / f"content-{size}.png")

        form = to_first_question(page)
        answer(form, right=False)
        feedback = form.locator(".question-feedback")
        assert feedback.is_visible()
        assert form.locator(".tag-correct").first.is_visible()
        form.screenshot(path=SHOTS / f"question-{size}.png")  # the whole question

        to_summary(page)
        results = page.locator("#results")
        assert results.is_visible()
        assert "%" in page.locator("#results-score").inner_text()
        results.scroll_into_view_if_needed()
        page.screenshot(path=SHOTS / f"summary-{size}.png")
    finally:
        context.close()
    for name in ("content", "question", "summary"):
        shot = SHOTS / f"{name}-{size}.png"
        shot_width, shot_height = png_size(shot)
        if name == "question":
            assert shot_width <= width and shot_height > 200
        else:
            assert (shot_width, shot_height) == (width, height)
        assert shot.stat().st_size < MAX_BYTES, f"{shot.name} is {shot.stat().st_size} bytes"


@pytest.mark.parametrize("width", [320, 375])
def test_no_sideways_scroll_on_narrow_screens(
    browser: Browser, module_url: str, width: int
) -> None:
    context, page = open_module(browser, module_url, width, 640)
    try:
        assert horizontal_overflow(page) <= 0, "opening page scrolls sideways"
        next_page(page)
        assert horizontal_overflow(page) <= 0, "content page scrolls sideways"
        answer(to_first_question(page), right=False)
        assert horizontal_overflow(page) <= 0, "question with feedback scrolls sideways"
        to_summary(page)
        assert horizontal_overflow(page) <= 0, "summary page scrolls sideways"
        for index in range(page.locator("section[data-page]").count()):
            page.evaluate(
                "(i) => document.querySelectorAll('section[data-page]').forEach("
                "(s, n) => { s.hidden = n !== i; })",
                index,
            )
            assert horizontal_overflow(page) <= 0, f"page {index + 1} scrolls sideways"
    finally:
        context.close()
