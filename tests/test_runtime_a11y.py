"""Accessibility of every page of every module inside the test LMS: axe-core finds nothing,
before and after feedback shows, and pages reflow at 320 px without sideways scrolling."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from learner import Learner, wrong
from lms_harness import (
    ROOT,
    VERSIONS,
    Launch,
    Site,
    add_package,
    build_packages,
    launch,
    real_module_ids,
)
from sco_fixtures import write_fixture_project

MODULES = ["fixture-quiz", "fixture-reading", "project-blocks", *real_module_ids()]
BLOCKS = ROOT / "tests" / "fixtures" / "project"
AXE = Axe()


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, Path]:
    dest = tmp_path_factory.mktemp("packages")
    project = write_fixture_project(tmp_path_factory.mktemp("fixture"))
    built = build_packages(project, dest, prefix="fixture-")
    built.update(build_packages(BLOCKS, dest, prefix="project-"))
    if len(MODULES) > 2:
        built.update(build_packages(ROOT, dest))
    return built


def open_package(page, site: Site, packages: dict[str, Path], key: str, **kwargs: Any) -> Launch:
    version = key.rsplit("@", 1)[1]
    return launch(page, site, add_package(site, key, packages[key]), version, **kwargs)


def violations(run: Launch, where: str) -> list[str]:
    """axe-core's violations in the SCO's document, one line each."""
    results = AXE.run(run.frame)
    return [
        f"{where}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"])
        for v in results.response["violations"]
    ]


def walk(run: Launch, check) -> list[str]:
    """Every page from the first to the summary: check it, answer its questions (wrongly, so
    that option feedback shows too), check it again; then the summary with its results."""
    learner = Learner(run)
    found: list[str] = []
    last = len(learner.data["pages"]) - 1
    while True:
        page = learner.current_page()
        slug = learner.data["pages"][page]["slug"]
        found += check(run, slug)
        questions = learner.questions_on(page)
        for question in questions:
            learner.answer(question, wrong(question))
        if questions:
            found += check(run, f"{slug} after feedback")
        if page == last:
            return found
        learner.next_page()


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("module", MODULES)
def test_axe_finds_no_violations_on_any_page(page, site, packages, module, version):
    run = open_package(page, site, packages, f"{module}@{version}")
    assert walk(run, violations) == []


@pytest.mark.parametrize(
    ("state", "kwargs", "selector"),
    [
        ("preview", {"no_api": True}, "#preview-banner"),
        ("save failed", {"faults": {"commitFalse": True}}, "#save-notice"),
        ("review", {"mode": "review", "credit": "no-credit"}, "#review-banner"),
    ],
)
def test_axe_finds_no_violations_in_notices(page, site, packages, state, kwargs, selector):
    run = open_package(page, site, packages, "fixture-quiz@1.2", **kwargs)
    run.frame.wait_for_selector(f"{selector}:not([hidden])")
    assert violations(run, state) == []


def sideways(run: Launch, where: str) -> list[str]:
    width = run.frame.evaluate("document.documentElement.scrollWidth")
    client = run.frame.evaluate("document.documentElement.clientWidth")
    return [f"{where}: {width} px wide in a {client} px frame"] if width > client else []


@pytest.mark.parametrize("module", MODULES)
def test_reflows_at_320_px(browser, site, packages, module):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        run = open_package(context.new_page(), site, packages, f"{module}@1.2")
        assert walk(run, sideways) == []
    finally:
        context.close()


# Every state of the page chrome and of the content blocks: the cover, the page list open, each
# expandable section open, each tab chosen, the transcript shown.
OPEN_EVERYTHING = """() => {
  document.querySelectorAll('details').forEach((d) => (d.open = true));
}"""


@pytest.mark.parametrize("version", VERSIONS)
def test_axe_finds_no_violations_in_any_block_state(page, site, packages, version):
    run = open_package(page, site, packages, f"project-blocks@{version}")
    frame = run.frame
    frame.wait_for_selector("html[data-view='cover']")
    found = violations(run, "cover")
    frame.click("[data-action=next]")
    frame.click("#pages-button")
    found += violations(run, "page list open")
    frame.click("#pages-button")
    learner = Learner(run)
    for index in range(1, len(learner.data["pages"])):
        frame.evaluate(OPEN_EVERYTHING)
        labels = frame.locator("section[data-page]:not([hidden]) .tabbed-labels label")
        for tab in range(labels.count()):
            labels.nth(tab).click()
            found += violations(run, f"page {index}, tab {tab + 1}")
        if not labels.count():
            found += violations(run, f"page {index}, everything open")
        if index < len(learner.data["pages"]) - 1:
            learner.next_page()
    assert found == []
