"""Feedback after Check in the test LMS (scorm-again + Moodle's rules), by keyboard: the verdict
first, then the explanation, then each option's own feedback; checked boxes keep a tick, also
in forced colours; a retry says what changed; on a 320 px phone a matching item's chosen
response is readable in full, and once checked it shows the learner's answer and the right one.

Fixtures: tests/fixtures/project/modules/01-every-construct.md (choice, multiple response,
true/false) and 04-kinds.md (matching).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builder_project import EVERY_CONSTRUCT
from kinds_module import MATCH, VERDICT_FIRST, kinds_packages, open_kinds, text
from learner import Learner, right, wrong
from lms_harness import add_package, launch

from builder.build import write_package_dir
from builder.course import load_course


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    """The fixture module `kinds` in both versions, unzipped."""
    return kinds_packages(tmp_path_factory.mktemp("kinds"))


TICK = """(id) => getComputedStyle(document.querySelector(`#${id} + label`), '::before').content"""


@pytest.fixture(scope="module")
def constructs(tmp_path_factory) -> Path:
    """The fixture module `every-construct` (SCORM 1.2), unzipped."""
    course = load_course(EVERY_CONSTRUCT)
    folder = tmp_path_factory.mktemp("constructs")
    write_package_dir(course, course.modules[0], "1.2", folder)
    return folder


def test_verdict_first_and_ticks_kept(browser, site, constructs) -> None:
    context = browser.new_context(forced_colors="active")
    run = launch(context.new_page(), site, add_package(site, "constructs", constructs), "1.2")
    learner = Learner(run)
    frame = run.frame
    while not learner.questions_on(learner.current_page()):
        learner.next_page()
    first = learner.questions_on(learner.current_page())[0]
    learner.answer(first, wrong(first))
    assert frame.evaluate(VERDICT_FIRST, first["id"]) == "is-wrong"
    order = frame.eval_on_selector(
        f"#q-{first['id']}",
        "form => [...form.querySelectorAll('.question-result, .general-feedback, "
        ".option-feedback:not([hidden])')].map((el) => el.className)",
    )
    assert order[:2] == ["question-result", "general-feedback"] and "option-feedback" in order
    assert frame.evaluate("() => document.activeElement.id") == f"qf-{first['id']}"
    chosen = f"qo-{first['id']}-{wrong(first)[0]}"
    assert frame.evaluate(TICK, chosen) == '"●" / ""', "a checked radio button keeps its dot"
    learner.next_page()
    multiple = next(
        q for q in learner.questions_on(learner.current_page()) if q["type"] == "multiple"
    )
    learner.answer(multiple, right(multiple))
    assert text(run, f"#qr-{multiple['id']}") == "Correct."
    assert frame.evaluate(VERDICT_FIRST, multiple["id"]) == "is-correct"
    for letter in right(multiple):
        assert frame.evaluate(TICK, f"qo-{multiple['id']}-{letter}") == '"✓" / ""', (
            "ticked, not filled"
        )
    unticked = next(o["id"] for o in multiple["options"] if not o["correct"])
    assert frame.evaluate(TICK, f"qo-{multiple['id']}-{unticked}") == "none"
    assert run.errors() == []
    context.close()


def test_retry_says_the_answers_were_cleared(page, site, packages, page_errors) -> None:
    run = open_kinds(page, site, packages, "1.2")
    learner = Learner(run)
    learner.complete(wrong)
    learner.action("retry")
    frame = run.frame
    frame.wait_for_selector(f"#qn-{MATCH}:visible")
    note = "Attempt 2: your earlier answer has been cleared and the options are in a new order."
    assert text(run, f"#qn-{MATCH}") == note
    frame.wait_for_function(
        "() => document.querySelector('#live').textContent.includes('earlier answers have')"
    )
    assert run.errors() == [] and page_errors == []


def test_matching_on_a_phone_shows_the_whole_choice(page, site, packages, page_errors) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    run = open_kinds(page, site, packages, "1.2")
    learner = Learner(run)
    learner.go_to(MATCH)
    learner.match(MATCH, ["a", "d", "d"], check=False)
    frame = run.frame
    chosen = f"#q-{MATCH} [data-item='1'] .match-chosen"
    assert text(run, chosen) == "Chosen: Refer to children's social care today"
    assert frame.eval_on_selector(chosen, "el => el.scrollWidth <= el.clientWidth")
    assert frame.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
    learner.check(MATCH)
    frame.wait_for_selector(f"#qf-{MATCH}:not([hidden])")
    assert frame.is_hidden(chosen), "once checked the mark says it"
    assert text(run, f"#q-{MATCH} [data-item='3'] .match-mark") == (
        "Your answer: “Wait and see at the next visit” · Right answer: “Explain that you cannot "
        "keep it secret”."
    )
    assert run.errors() == [] and page_errors == []


def test_the_scenario_button_says_choose_without_script(packages) -> None:
    page = (packages["1.2"] / "index.html").read_text("utf-8")
    form = page[page.index('<form class="question" id="q-kinds-case"') :]
    form = form[: form.index("</form>")]
    assert '<button type="submit" class="button">Choose</button>' in form
