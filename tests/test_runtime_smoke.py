"""The learner runtime on its own (preview mode, no LMS), in Chromium: pages, keyboard, questions,
summary, resume from localStorage, lenient suspend_data, reflow at 320 px, print, CSP, axe-core."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from learner import Learner, right, wrong
from lms_harness import Alone

from builder.build import write_package_dir
from builder.course import load_course

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "project"
SUSPEND = re.compile(
    r"S2\|[0-9a-z]{6}\|[0-9a-f]+\|[1-9][0-9]?\|([0-9a-z]{4})*\|([0-9a-z]{4}[ds][a-z]+(,|$))*"
)


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> Path:
    """Every module of the fixture course and of the real course, unzipped: <course>/<module>."""
    dest = tmp_path_factory.mktemp("smoke")
    for project in (FIXTURE, ROOT):
        course = load_course(project)
        for module in course.modules:
            write_package_dir(course, module, "2004", dest / course.config.id / module.id)
    return dest


@pytest.fixture
def server(packages, static_server):
    return static_server(packages)


@pytest.fixture
def errors(page) -> list[str]:
    """Uncaught exceptions and console errors (CSP violations are console errors), except the
    browser's own request for /favicon.ico."""
    found: list[str] = []
    page.on("pageerror", lambda error: found.append(str(error)))

    def console(message) -> None:
        if message.type == "error" and "favicon" not in message.location.get("url", ""):
            found.append(message.text)

    page.on("console", console)
    return found


def module_urls(packages: Path, server) -> list[str]:
    return [
        f"{server.url}/{path.parent.parent.name}/{path.parent.name}/index.html"
        for path in sorted(packages.glob("*/*/index.html"))
    ]


def open_module(page, server, module: str = "every-construct", course: str = "fixture-course"):
    page.goto(f"{server.url}/{course}/{module}/index.html")
    page.wait_for_selector("#pager:not([hidden])")
    return data_of(page)


def data_of(page) -> dict[str, Any]:
    return json.loads(page.text_content("#module-data"))


def visible_page(page) -> int:
    return page.evaluate(
        "Number(document.querySelector('section[data-page]:not([hidden])').dataset.page)"
    )


def focused(page) -> str:
    return page.evaluate("document.activeElement.id || document.activeElement.tagName")


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has focus."""
    for _ in range(limit):
        if page.evaluate(f"document.activeElement.matches({json.dumps(selector)})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reachable by Tab")


def answer(page, question: dict[str, Any], letters: list[str]) -> None:
    for letter in letters:
        page.check(f"#qo-{question['id']}-{letter}")
    page.click(f"#q-{question['id']} button[type=submit]")


def goto_page(page, index: int) -> None:
    while visible_page(page) < index:
        page.click("[data-action=next]")


def answer_all(page, data: dict[str, Any], choose) -> None:
    for question in data["questions"]:
        goto_page(page, question["page"])
        answer(page, question, choose(question))
    goto_page(page, len(data["pages"]) - 1)


def stored(page, data: dict[str, Any]) -> dict[str, str]:
    key = f"scorm-builder:{data['course']}:{data['module']}:{data['scorm']}"
    return json.loads(page.evaluate(f"localStorage.getItem({json.dumps(key)})"))


def test_preview_pages_progress_and_history(page, server, errors):
    data = open_module(page, server)
    assert page.is_visible("#preview-banner")
    assert page.inner_text("#progress-text") == f"Page 1 of {len(data['pages'])}"
    assert page.is_hidden("[data-action=back]")
    assert page.eval_on_selector_all(".page-list a[href]", "els => els.length") == 1
    page.click("[data-action=next]")
    assert visible_page(page) == 1
    assert page.inner_text("#progress-text") == f"Page 2 of {len(data['pages'])}"
    assert focused(page) == f"h-{data['pages'][1]['slug']}"
    assert page.evaluate("location.hash") == f"#{data['pages'][1]['slug']}"
    page.click("[data-action=next]")
    page.go_back()
    page.wait_for_function("() => !document.querySelector('section[data-page=\"1\"]').hidden")
    page.go_back()
    page.wait_for_function("() => !document.querySelector('section[data-page=\"0\"]').hidden")
    page.go_forward()
    page.wait_for_function("() => !document.querySelector('section[data-page=\"1\"]').hidden")
    # The page list jumps only to pages already seen.
    page.click("#pages-button")
    assert page.eval_on_selector_all(".page-list a[href]", "els => els.length") == 3
    assert page.get_attribute(".page-list a[data-goto='1']", "aria-current") == "page"
    page.click(".page-list a[data-goto='2']")
    assert visible_page(page) == 2
    page.click("#pages-button")
    page.click(".page-list a[data-goto='3']", force=True)
    assert visible_page(page) == 2, "an unseen page is not a link"
    assert errors == []


def test_keyboard_only_skip_link_next_and_question(page, server, errors):
    data = open_module(page, server)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    assert focused(page) == "module-title"
    tab_to(page, "[data-action=next]")
    page.keyboard.press("Enter")
    assert focused(page) == f"h-{data['pages'][1]['slug']}"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    question = data["questions"][0]
    tab_to(page, f"input[name='{question['id']}']")
    page.keyboard.press("Space")
    for _ in question["options"]:
        if page.evaluate(f"document.activeElement.value === {json.dumps(right(question)[0])}"):
            break
        page.keyboard.press("ArrowDown")
    tab_to(page, f"#q-{question['id']} button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"#qf-{question['id']}:not([hidden])")
    assert page.inner_text(f"#qr-{question['id']}") == "Correct."
    assert page.is_hidden(f"#q-{question['id']} button[type=submit]"), "nothing left to check"
    assert focused(page) == f"qf-{question['id']}", "focus stays with the answered question"
    assert errors == []


def test_wrong_answer_shows_feedback_in_text_and_live_region(page, server, errors):
    data = open_module(page, server)
    question = data["questions"][0]
    goto_page(page, question["page"])
    page.click(f"#q-{question['id']} button[type=submit]")
    page.wait_for_function("() => document.querySelector('#live').textContent.includes('Choose')")
    assert page.is_hidden(f"#qf-{question['id']}"), "nothing selected: nothing checked"
    answer(page, question, wrong(question))
    form = f"#q-{question['id']}"
    chosen = f"{form} li[data-letter='{wrong(question)[0]}']"
    correct = f"{form} li[data-letter='{right(question)[0]}']"
    assert page.inner_text(f"{chosen} .tag-chosen") == "Your answer"
    assert page.is_hidden(f"{chosen} .tag-correct")
    assert page.inner_text(f"{correct} .tag-correct") == "Correct answer"
    assert page.is_visible(f"{form} .option-feedback")
    assert page.is_visible(f"{form} .general-feedback")
    assert page.inner_text(f"#qr-{question['id']}").startswith("Not quite.")
    assert page.eval_on_selector_all(f"{form} input", "els => els.every(e => e.disabled)")
    page.wait_for_function(
        "() => document.querySelector('#live').textContent.startsWith('Not quite.')"
    )
    assert errors == []


def test_summary_fail_retry_pass_and_finish(page, server, errors):
    data = open_module(page, server)
    answer_all(page, data, wrong)
    assert page.is_visible("#results")
    assert "Your score: 0%" in page.inner_text("#results-score")
    assert "not passed" in page.inner_text("#results-verdict")
    links = page.eval_on_selector_all("#results-review-list a", "els => els.length")
    assert links == len(data["questions"])
    assert page.is_visible("#retry")
    assert SUSPEND.fullmatch(stored(page, data)["suspend"])
    assert stored(page, data)["suspend"].split("|")[3] == "1"
    page.click("#retry")
    first = data["questions"][0]
    assert visible_page(page) == first["page"]
    assert page.is_hidden(f"#qf-{first['id']}")
    assert not page.is_checked(f"#qo-{first['id']}-{wrong(first)[0]}")
    answer_all(page, data, right)
    assert "Your score: 100%" in page.inner_text("#results-score")
    assert "passed" in page.inner_text("#results-verdict")
    assert page.is_hidden("#retry"), "no retry after passing"
    assert page.is_hidden("#results-review")
    assert stored(page, data)["suspend"].split("|")[3] == "2"
    page.click("[data-action=finish]")
    assert page.is_visible("#finished")
    assert errors == []


def test_preview_start_again_forgets_progress(page, server, errors):
    data = open_module(page, server)
    question = data["questions"][0]
    goto_page(page, question["page"])
    answer(page, question, right(question))
    with page.expect_navigation():
        page.click("[data-action=reset]")
    page.wait_for_selector("#pager:not([hidden])")
    assert visible_page(page) == 0
    assert page.eval_on_selector_all(".page-list a[href]", "els => els.length") == 1
    assert not page.is_checked(f"#qo-{question['id']}-{right(question)[0]}")
    assert errors == []


def test_module_without_questions_summary(page, server, errors):
    data = open_module(page, server, "no-questions")
    assert data["questions"] == []
    goto_page(page, len(data["pages"]) - 1)
    assert page.inner_text("#results-score") == "You have seen every page of this module."
    assert page.is_hidden("#retry")
    assert errors == []


def test_preview_resume_restores_page_and_answers(page, server, errors):
    data = open_module(page, server)
    first, second = data["questions"][:2]
    goto_page(page, first["page"])
    answer(page, first, wrong(first))
    goto_page(page, second["page"])
    page.check(f"#qo-{second['id']}-{right(second)[0]}")
    goto_page(page, second["page"] + 1)
    page.reload()
    page.wait_for_selector("#pager:not([hidden])")
    assert visible_page(page) == second["page"] + 1
    assert page.is_checked(f"#qo-{first['id']}-{wrong(first)[0]}")
    assert page.eval_on_selector(f"#qf-{first['id']}", "el => !el.hidden")
    assert page.is_checked(f"#qo-{second['id']}-{right(second)[0]}")
    assert page.eval_on_selector(f"#qf-{second['id']}", "el => el.hidden")
    assert errors == []


def open_with_saved(page, server, location: str, suspend: str) -> dict[str, Any]:
    """Open the fixture module with this preview progress already in localStorage."""
    key = "scorm-builder:fixture-course:every-construct:2004"
    value = json.dumps({"location": location, "suspend": suspend})
    page.add_init_script(
        f"if (!sessionStorage.seeded) {{ sessionStorage.seeded = 1;"
        f" localStorage.setItem({json.dumps(key)}, {json.dumps(value)}); }}"
    )
    return open_module(page, server)


@pytest.mark.parametrize(
    "suspend",
    [
        "garbage",
        "S1|",
        "S1|zzzzzz|zz|0|",
        "S1|oldkey|ff|7|zzzzsa,!!!,",
        "S1|oldkey|3|1|KEYsab",
        "S1|oldkey|fffffffffff|150|",
    ],
)
def test_corrupt_or_stale_suspend_data_is_survivable(page, server, errors, suspend):
    data = open_with_saved(page, server, "no-such-page", suspend)
    assert visible_page(page) == 0
    page.click("[data-action=next]")
    assert visible_page(page) == 1
    saved = stored(page, data)["suspend"]
    assert SUSPEND.fullmatch(saved), saved
    assert saved.split("|")[1] == data["structure"]
    assert errors == []


def test_stale_suspend_data_keeps_what_matches(page, server, errors):
    data = open_module(page, server)
    first, second = data["questions"][:2]
    digits = -(-len(data["pages"]) // 4)
    seen = format(0b11, f"0{digits}x")
    answers = f"{first['key']}s{right(first)[0]},zzzzsa,{second['key']}dz"
    suspend = f"S1|oldkey|{seen}|3|{answers}"
    open_with_saved(page.context.new_page(), server, data["pages"][1]["slug"], suspend)
    page = page.context.pages[-1]
    assert visible_page(page) == 1
    assert page.is_checked(f"#qo-{first['id']}-{right(first)[0]}")
    assert page.eval_on_selector(f"#qf-{first['id']}", "el => !el.hidden")
    assert not page.eval_on_selector_all(
        f"#q-{second['id']} input", "els => els.some(e => e.checked)"
    )
    page.click("[data-action=back]")
    parts = stored(page, data)["suspend"].split("|")
    assert parts[1:4] == [data["structure"], seen, "3"]
    assert parts[4:] == ["", f"{first['key']}s{right(first)[0]}"]  # S2: no draw, answers
    assert errors == []


def test_reflow_at_320_px_and_print(page, server, errors):
    page.set_viewport_size({"width": 320, "height": 640})
    data = open_module(page, server)
    for index in range(len(data["pages"])):
        goto_page(page, index)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"page {index} scrolls sideways ({width} px)"
    page.emulate_media(media="print")
    assert page.is_hidden("#pager") and page.is_hidden("#progress")
    assert page.is_visible("#results")
    assert errors == []


def test_no_other_host_and_no_unload(page, server, errors):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.add_init_script(
        "window.__types = []; const add = EventTarget.prototype.addEventListener;"
        "EventTarget.prototype.addEventListener = function (t, ...r) {"
        " window.__types.push(t); return add.call(this, t, ...r); };"
    )
    open_module(page, server)
    assert all(url.startswith(server.url + "/") for url in requests), requests
    types = set(page.evaluate("window.__types"))
    assert "pagehide" in types and not types & {"unload", "beforeunload"}
    assert errors == []


def axe_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}" for v in results.response["violations"]
    ]


def test_axe_every_page_of_every_fixture_module(browser, packages, static_server):
    """Every page of the fixture course's modules, with every question answered (feedback
    showing), and the summary (the real course's pages: test_runtime_a11y.py)."""
    context = browser.new_context(bypass_csp=True)  # lets axe-core's script in
    page = context.new_page()
    server = static_server(packages)
    found: list[str] = []
    answered = expected = 0
    fixture = load_course(FIXTURE).config.id
    for url in [u for u in module_urls(packages, server) if f"/{fixture}/" in u]:
        page.goto(url)
        page.wait_for_selector("#pager:not([hidden])")
        learner = Learner(Alone(page))
        last = len(learner.data["pages"]) - 1
        asked = bool(learner.asked())
        expected += len(learner.asked())
        while True:  # each page, with the questions this attempt drew answered by keyboard
            index = learner.current_page()
            for question in learner.questions_on(index):
                learner.answer(question, wrong(question))
                answered += 1
            found += [f"{url} page {index}: {v}" for v in axe_violations(page)]
            if index == last:
                break
            learner.next_page()
        assert ("Your score: 0%." in page.inner_text("#results-score")) == asked, url
    page.set_viewport_size({"width": 320, "height": 640})
    found += [f"320 px: {v}" for v in axe_violations(page)]
    context.close()
    assert found == []
    assert answered == expected > 10, "every question drawn was answered"
