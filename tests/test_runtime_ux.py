"""The learner's experience in Chromium: the cover, the slim bar and its progress, the page list,
every content block by keyboard alone, reflow at 320 px and 400 % zoom, forced colours, and
where content starts on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from builder.build import write_package_dir
from builder.course import load_course

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "project"
PHONE = {"width": 390, "height": 844}
LCP = """() => new Promise((resolve) => {
  setTimeout(() => resolve('no entry'), 3000);
  new PerformanceObserver((list) => {
    const last = list.getEntries().at(-1);
    const element = last && last.element;
    const inCover = element && element.closest('.masthead');
    resolve(inCover ? 'masthead' : String(element && element.outerHTML).slice(0, 80));
  }).observe({ type: 'largest-contentful-paint', buffered: true });
})"""


LMS_12 = """window.API = { LMSInitialize: () => 'true', LMSFinish: () => 'true',
  LMSCommit: () => 'true', LMSGetValue: (k) => (k.endsWith('._count') ? '0' : ''),
  LMSSetValue: () => 'true', LMSGetLastError: () => '0', LMSGetErrorString: () => '',
  LMSGetDiagnostic: () => '' };"""


@pytest.fixture(scope="module")
def blocks_url(tmp_path_factory, request) -> str:
    """The fixture module using every block, unzipped (SCORM 1.2) and served."""
    from conftest import StaticServer

    dest = tmp_path_factory.mktemp("ux")
    course = load_course(FIXTURE)
    module = next(m for m in course.modules if m.id == "blocks")
    write_package_dir(course, module, "1.2", dest)
    server = StaticServer(dest)
    request.addfinalizer(server.close)
    return f"{server.url}/index.html"


def opened(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("html[data-view]")


def to_first_page(page) -> None:
    """From the cover past the opening page's text to the first `## ` page."""
    page.click("[data-action=next]")


def visible_page(page) -> int:
    return page.evaluate(
        "Number(document.querySelector('section[data-page]:not([hidden])').dataset.page)"
    )


def press_until(page, predicate: str, key: str = "Tab", limit: int = 80) -> None:
    """Press `key` until the focused element satisfies `predicate` (JS, `el`)."""
    for _ in range(limit):
        if page.evaluate(
            f"(() => {{ const el = document.activeElement; return !!({predicate}); }})()"
        ):
            return
        page.keyboard.press(key)
    raise AssertionError(f"never focused {predicate}")


def test_the_cover_paints_without_script(browser, blocks_url) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(blocks_url)
        cover = page.locator(".masthead")
        assert (
            cover.get_by_role("heading", level=1).inner_text() == "Every content block: a fixture"
        )
        facts = cover.locator(".cover-facts").inner_text().split("\n")
        assert facts == ["About 10 minutes", "1 question", "Pass mark 80%"]
        assert cover.get_by_role("button", name="Start").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 800}])
def test_the_cover_is_the_largest_paint(browser, blocks_url, size) -> None:
    context = browser.new_context(viewport=size)
    try:
        page = context.new_page()
        page.goto(blocks_url)
        assert page.evaluate(LCP) == "masthead", "the largest paint is in the cover"
    finally:
        context.close()


def test_start_then_resume_from_the_cover(page, blocks_url) -> None:
    opened(page, blocks_url)
    assert page.evaluate("document.documentElement.dataset.view") == "cover"
    press_until(page, "el.id === 'start'")
    page.keyboard.press("Enter")
    assert visible_page(page) == 0, "the opening page's text comes first"
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.querySelector('#main').getBoundingClientRect().top") < 200
    press_until(page, "el.dataset.action === 'next'")
    page.keyboard.press("Enter")
    assert visible_page(page) == 1
    assert page.evaluate("document.documentElement.dataset.view") == "page"
    page.click("[data-action=next]")
    page.click("[data-action=back]")
    page.click("[data-action=back]")
    assert visible_page(page) == 0
    start = page.locator("#start")
    assert start.inner_text() == "Resume"
    assert (
        page.inner_text("#resume-note") == "You left off at “Callouts and sections”, page 2 of 6."
    )
    start.click()
    assert visible_page(page) == 1


def test_progress_bar_counts_pages_seen_and_is_announced(page, blocks_url) -> None:
    opened(page, blocks_url)
    to_first_page(page)
    page.click("[data-action=next]")
    bar = page.locator("#progress-bar")
    assert (bar.get_attribute("value"), bar.get_attribute("max")) == ("3", "6")
    assert bar.get_attribute("aria-valuetext") == "3 of 6 pages seen"
    assert page.inner_text("#progress-text") == "Page 3 of 6"
    assert page.get_attribute("#progress-text", "role") == "status"


def test_page_list_opens_from_a_button_with_ticks(page, blocks_url) -> None:
    opened(page, blocks_url)
    to_first_page(page)
    button = page.locator("#pages-button")
    press_until(page, "el.id === 'pages-button'")
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.is_visible("#page-list")
    seen = page.locator("#page-list li.is-seen")
    assert seen.count() == 2
    assert seen.nth(1).text_content() == "Callouts and sections (seen)"
    assert page.locator("#page-list a[aria-current=page]").inner_text().startswith("Callouts")
    page.keyboard.press("Escape")
    assert page.is_hidden("#page-list") and button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "pages-button"
    button.click()
    page.click("#page-list a[data-goto='0']")
    assert visible_page(page) == 0 and page.is_hidden("#page-list")


def test_every_block_by_keyboard_alone(page, blocks_url) -> None:
    opened(page, blocks_url)
    to_first_page(page)
    press_until(page, "el.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details').open")
    press_until(page, "el.type === 'radio' && el.name.startsWith('tabs-')")
    blocks = page.locator(".tabbed-block")
    assert [blocks.nth(i).is_visible() for i in range(3)] == [True, False, False]
    outline = page.evaluate(
        "getComputedStyle(document.querySelector('.tabbed-labels label')).outlineStyle"
    )
    assert outline != "none", "the focused tab shows focus"
    page.keyboard.press("ArrowRight")
    assert [blocks.nth(i).is_visible() for i in range(3)] == [False, True, False]
    page.click("[data-action=next]")
    page.click("[data-action=next]")
    player = page.locator("audio")
    assert player.get_attribute("controls") is not None
    press_until(page, "el.tagName === 'AUDIO'")
    press_until(page, "el.tagName === 'SUMMARY' && el.closest('.transcript')")
    page.keyboard.press("Space")
    assert "Safeguarding is everybody's business." in page.inner_text(".transcript")
    assert page.evaluate("document.querySelector('audio').textTracks[0].kind") == "captions"


def test_tabs_work_without_script(browser, blocks_url) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(blocks_url)
        page.evaluate("document.querySelectorAll('section[data-page]')[1].hidden = false")
        page.click(".tabbed-labels label:nth-child(3)")
        assert page.locator(".tabbed-block").nth(2).is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    ("viewport", "scale"), [({"width": 320, "height": 640}, 1), ({"width": 1280, "height": 800}, 4)]
)
def test_reflow_without_sideways_scrolling(browser, blocks_url, viewport, scale) -> None:
    """320 CSS px wide, and 400 % zoom of a 1280 px window (also 320 CSS px)."""
    width = viewport["width"] // scale
    context = browser.new_context(
        viewport={"width": width, "height": viewport["height"] // scale},
        device_scale_factor=scale,
    )
    try:
        page = context.new_page()
        opened(page, blocks_url)
        count = page.locator("section[data-page]").count()
        for index in range(count):
            if index:
                page.click("[data-action=next]")
            page.evaluate("document.querySelectorAll('details').forEach((d) => (d.open = true))")
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"page {index} scrolls sideways by {overflow} px"
    finally:
        context.close()


def test_content_starts_in_the_first_fifth_of_a_phone_screen(browser, blocks_url) -> None:
    """As in Moodle: an LMS is there, so no preview banner."""
    context = browser.new_context(viewport=PHONE)
    context.add_init_script(LMS_12)
    try:
        page = context.new_page()
        opened(page, blocks_url)
        to_first_page(page)
        top = page.evaluate(
            "document.querySelector('section[data-page]:not([hidden]) h2')"
            ".getBoundingClientRect().top"
        )
        assert top <= 0.2 * PHONE["height"], f"content starts at {top} px"
    finally:
        context.close()


def test_forced_colours_keep_the_chosen_tab_and_progress_visible(browser, blocks_url) -> None:
    context = browser.new_context(forced_colors="active")
    try:
        page = context.new_page()
        opened(page, blocks_url)
        to_first_page(page)
        labels = page.locator(".tabbed-labels label")
        style = "(el) => getComputedStyle(el).borderBottomColor"
        assert labels.nth(0).evaluate(style) != labels.nth(1).evaluate(style)
        assert page.is_visible("#progress-bar")
        assert Axe().run(page).response["violations"] == []
    finally:
        context.close()


def test_print_keeps_the_result_and_key_points_only(page, blocks_url) -> None:
    opened(page, blocks_url)
    to_first_page(page)
    for _ in range(4):
        page.click("[data-action=next]")
    page.emulate_media(media="print")
    assert page.is_visible("#results") and page.is_visible("#module-title")
    for hidden in ("#pager", "#progress", "#pages-button", "#results .actions"):
        assert page.is_hidden(hidden), hidden


def test_a_module_package_without_media_is_at_most_50_kb(tmp_path) -> None:
    from builder.build import build_course

    for built in build_course(ROOT, tmp_path, ["1.2", "2004"]):
        assert not built.module.media, "the real course has no media"
        assert built.size <= 50 * 1024, f"{built.path.name} is {built.size} bytes"
