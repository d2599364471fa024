"""Screenshots for the README, taken in Chromium at desktop (1280 x 800) and phone (390 x 844).

The cover and a question after checking (the real course's first module), the content blocks
(the fixture module that uses every block), a branching scenario after its first decision
(the first module of the real course that has one) and the summary.

    .venv/bin/python tests/test_screenshots.py      # regenerates docs/screenshots/

Under pytest the screenshots go to a temporary folder, so a test run leaves the tree clean;
`SCREENSHOTS=1` makes pytest write docs/screenshots/ too.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page

from builder.build import write_package_dir
from builder.course import load_course

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "project"
SHOTS = ROOT / "docs" / "screenshots"
SWITCH = "SCREENSHOTS"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
MAX_BYTES = 400_000

# An LMS that accepts everything, installed where the module looks first (its own window),
# so that the screenshots show the module as a learner in Moodle sees it (no preview banner).
LMS = """
window.API = (() => {
  const data = { 'cmi.core.lesson_status': 'not attempted', 'cmi.core.lesson_mode': 'normal',
    'cmi.core.credit': 'credit', 'cmi.core.entry': 'ab-initio',
    'cmi.core.student_id': 'screenshots' };
  const ok = () => 'true';
  return {
    LMSInitialize: ok, LMSFinish: ok, LMSCommit: ok,
    LMSGetValue: (k) => (k in data ? data[k] : k.endsWith('._count') ? '0' : ''),
    LMSSetValue: (k, v) => { data[k] = String(v); return 'true'; },
    LMSGetLastError: () => '0', LMSGetErrorString: () => '', LMSGetDiagnostic: () => '',
  };
})();
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory, request) -> Callable[[Path, str], str]:
    """`served(project, module_id)`: the URL of that module's package (SCORM 1.2)."""
    from conftest import StaticServer

    root = tmp_path_factory.mktemp("shots")
    server = StaticServer(root)
    request.addfinalizer(server.close)

    def serve(project: Path, module_id: str) -> str:
        course = load_course(project)
        module = next(m for m in course.modules if m.id == module_id)
        write_package_dir(course, module, "1.2", root / module_id)
        return f"{server.url}/{module_id}/index.html"

    return serve


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go: docs/screenshots/ when asked for, else a temporary folder."""
    if os.environ.get(SWITCH):
        SHOTS.mkdir(parents=True, exist_ok=True)
        return SHOTS
    return tmp_path


def open_module(browser: Browser, url: str, width: int, height: int) -> tuple[BrowserContext, Page]:
    """A fresh context of the given size (no smooth scrolling) showing the module."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, reduced_motion="reduce"
    )
    context.add_init_script(LMS)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("html[data-view]")
    return context, page


def visible_section(page: Page) -> Locator:
    return page.locator("section[data-page]:not([hidden])")


def next_page(page: Page) -> None:
    page.locator("[data-action='next']").click()
    page.mouse.move(0, 0)  # no hover styles in the screenshots


def to_question(page: Page, kind: str | None = None) -> Locator | None:
    """Forward to the first page with a question (of `kind`); its form, or None at the end."""
    selector = (f"form.question[data-kind='{kind}']" if kind else "form.question") + ":visible"
    for _ in range(60):
        forms = visible_section(page).locator(selector)
        if forms.count():
            return forms.first
        if visible_section(page).get_attribute("data-summary") is not None:
            return None
        next_page(page)
    return None


def answer(form: Locator, right: bool) -> None:
    """A choice question: tick the correct options (or one wrong one), then Check."""
    if right:
        for label in form.locator("li.option[data-correct] label").all():
            label.click()
    else:
        form.locator("li.option:not([data-correct]) label").first.click()
    form.locator("button[type='submit']").click()


def answer_any(form: Locator) -> None:
    """Any kind, as a hurried learner would: choice kinds right (the first one wrongly is
    done by the caller), each list's first response, the order as shown, the first option
    at each decision of a case."""
    for _ in range(6):
        submit = form.locator("button[type='submit']:visible")
        if not submit.count():
            return
        for select in form.locator("select:visible").all():
            select.select_option(index=1)
        if form.locator("li.option[data-correct]:visible").count():
            answer(form, right=True)
            return
        radios = form.locator("input[type='radio']:visible:not([disabled])")
        if radios.count():
            radios.first.check(force=True)
        submit.first.click()


def to_summary(page: Page) -> None:
    """Every question answered, then on to the closing page."""
    for _ in range(60):
        section = visible_section(page)
        for form in section.locator("form.question:visible").all():
            answer_any(form)
        if section.get_attribute("data-summary") is not None:
            return
        next_page(page)
    raise AssertionError("never reached the summary page")


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", data[16:24])


def real_module_with(kind: str) -> str | None:
    for module in load_course(ROOT).modules:
        if any(q.kind == kind for q in module.questions):
            return module.id
    return None


@pytest.mark.parametrize("size", sorted(SIZES))
def test_screenshots(browser: Browser, served: Any, shots: Path, size: str) -> None:
    width, height = SIZES[size]
    first = load_course(ROOT).modules[0].id
    taken: list[str] = []

    def shot(name: str, target: Page | Locator, **options: Any) -> None:
        target.screenshot(path=shots / f"{name}-{size}.png", **options)
        taken.append(name)

    context, page = open_module(browser, served(ROOT, first), width, height)
    try:
        shot("cover", page)
        page.locator("#start").click()
        form = to_question(page, "choice")
        assert form is not None, "the first module has a choice question"
        answer(form, right=False)
        assert form.locator(".question-feedback").is_visible()
        shot("question", form)
        to_summary(page)
        assert page.locator("#results").is_visible()
        page.evaluate("window.scrollTo(0, 0)")
        shot("summary", page)
    finally:
        context.close()

    context, page = open_module(browser, served(FIXTURE, "blocks"), width, height)
    try:
        next_page(page)
        page.locator("details").first.evaluate("(el) => (el.open = true)")
        shot("blocks", page, full_page=True)
        next_page(page)
        shot("blocks-figures", page, full_page=True)
    finally:
        context.close()

    scenario = real_module_with("scenario")
    if scenario:
        context, page = open_module(browser, served(ROOT, scenario), width, height)
        try:
            page.locator("#start").click()
            form = to_question(page, "scenario")
            assert form is not None
            form.locator("input[type='radio']").first.check()
            form.locator("button[type='submit']").first.click()
            shot("scenario", form)
        finally:
            context.close()

    for name in taken:
        path = shots / f"{name}-{size}.png"
        shot_width, shot_height = png_size(path)
        if name in ("cover", "summary"):
            assert (shot_width, shot_height) == (width, height)
        else:
            assert shot_width <= width and shot_height > 200
        assert path.stat().st_size < MAX_BYTES, f"{path.name} is {path.stat().st_size} bytes"


if __name__ == "__main__":
    os.environ[SWITCH] = "1"
    sys.exit(pytest.main([__file__, "-q", "-k", "test_screenshots", "-p", "no:cacheprovider"]))
