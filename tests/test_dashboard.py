"""The preview's index as a course dashboard (builder/dashboard.py); the inspector on a phone."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from builder_project import EVERY_CONSTRUCT

from builder.preview_server import PreviewServer, serve


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[PreviewServer]:
    server = serve(EVERY_CONSTRUCT)
    yield server
    server.close()


def test_each_module_is_a_card_with_its_facts_and_verdict(preview, page) -> None:
    page.goto(preview.url)
    assert page.locator(".status").inner_text().startswith("✓ Built at ")
    cards = page.locator(".card")
    assert cards.count() == len(preview.build.course.modules)
    blocks = cards.filter(has=page.get_by_role("heading", name="Every content block: a fixture"))
    facts = blocks.locator(".facts").inner_text().split("\n")
    assert facts[:8] == [
        "Pages",
        "6",
        "Questions",
        "1",
        "Minutes",
        "about 10",
        "Validate",
        "✓ Valid: SCORM 1.2 and 2004",
    ]
    links = blocks.get_by_role("link", name="Play in SCORM")
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "/play/1.2/blocks",
        "/play/2004/blocks",
    ]
    assert Axe().run(page).response["violations"] == []


def test_a_failed_validation_is_listed_on_the_card(preview, page) -> None:
    build = preview.build
    build.verdicts[("2004", "blocks")] = ["blocks (SCORM 2004): imsmanifest.xml:3: broken"]
    page.goto(preview.url)
    card = page.locator(".card", has_text="Every content block")
    assert "✗ 1 problem" in card.inner_text()
    assert "imsmanifest.xml:3: broken" in card.locator(".bad code").inner_text()


def test_the_inspector_keeps_words_whole_on_a_phone(preview, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(preview.url + "play/1.2/blocks")
        page.locator("#log").get_by_text("LMSCommit").first.wait_for()
        widths = page.evaluate(
            """() => [...document.querySelectorAll('#cmi dd, #log td')].filter(
                 (el) => el.textContent.trim()).map((el) => {
                   const range = document.createRange();
                   range.selectNodeContents(el);
                   const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
                   const word = !/\\s/.test(el.textContent.trim());
                   return word && lines.size > 1 ? el.textContent : null;
                 }).filter(Boolean)"""
        )
        assert widths == [], "single words broken across lines"
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, "the page scrolls sideways"
    finally:
        context.close()
