"""Shuffled options, question pools and key-message objectives, played keyboard-only in the test
LMS (scorm-again + Moodle's rules) for SCORM 1.2 and 2004: the fixture module
`tests/fixtures/project/modules/03-pools.md` (5 questions, 3 drawn, at least 1 per objective,
one pinned option) and `every-construct` (every question asked, shuffled)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from builder_project import EVERY_CONSTRUCT
from learner import Learner, right, wrong
from lms_harness import (
    VERSIONS,
    Launch,
    Site,
    add_package,
    build_packages,
    interactions,
    launch,
    resume_preload,
    set_values,
    stored_by_id,
)

from builder.preview_pages import EMULATOR

OBJECTIVES = {"pools-sky", "pools-fruit"}
LEARNER = {"1.2": "cmi.core.student_id", "2004": "cmi.learner_id"}


@pytest.fixture(scope="module")
def packages(tmp_path_factory) -> dict[str, Path]:
    return build_packages(EVERY_CONSTRUCT, tmp_path_factory.mktemp("pools"))


def open_module(
    page, site: Site, packages: dict[str, Path], module: str, version: str, **kwargs: Any
) -> Launch:
    key = f"{module}@{version}"
    return launch(page, site, add_package(site, key, packages[key]), version, **kwargs)


def as_learner(version: str, learner: str, preload: dict[str, str] | None = None) -> dict:
    return {"preload": {LEARNER[version]: learner, **(preload or {})}}


def shown(run: Launch) -> dict[str, list[str]]:
    """Each question the attempt asks → its option letters in the order shown."""
    return run.frame.evaluate(
        """() => Object.fromEntries(
          Array.from(document.querySelectorAll('form.question:not([hidden])')).map((form) => [
            form.dataset.question,
            Array.from(form.querySelectorAll('.option')).map((li) => li.dataset.letter),
          ]))"""
    )


def suspend(run: Launch) -> str:
    values = set_values(run.calls(), "cmi.suspend_data")
    assert values, "suspend_data written"
    return values[-1]


def close(run: Launch) -> None:
    run.close()
    run.page.wait_for_function("harness.finished")


def by_id(learner: Learner) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in learner.data["questions"]}


def visible_page(run: Launch) -> int:
    return run.frame.evaluate(
        "() => Number(document.querySelector('section[data-page]:not([hidden])').dataset.page)"
    )


def play(run: Launch, choose) -> list[int]:
    """From the current page to the last: answer each asked question with `choose(question)`
    using the keyboard (Next with Enter); returns the pages visited."""
    learner = Learner(run)
    questions = by_id(learner)
    last = len(learner.data["pages"]) - 1
    visited = []
    while True:
        page = visible_page(run)
        visited.append(page)
        for qid in shown_on(run, page):
            if run.frame.eval_on_selector(f"#qf-{qid}", "el => el.hidden"):
                learner.answer(questions[qid], choose(questions[qid]))
        if page == last:
            return visited
        learner.action("next")
        run.frame.wait_for_function(
            f"() => document.querySelector('section[data-page=\"{page}\"]').hidden"
        )


def go_to(run: Launch, page: int) -> None:
    """Next (Enter) until `page` shows."""
    learner = Learner(run)
    while (current := visible_page(run)) < page:
        learner.action("next")
        run.frame.wait_for_function(
            f"() => document.querySelector('section[data-page=\"{current}\"]').hidden"
        )
    assert visible_page(run) == page


def shown_on(run: Launch, page: int) -> list[str]:
    return run.frame.evaluate(
        f"""() => Array.from(document.querySelectorAll(
          'section[data-page="{page}"] form.question:not([hidden])'))
          .map((form) => form.dataset.question)"""
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_shuffle_is_per_learner_and_attempt_and_pinned_stays(page, site, packages, version):
    orders = {}
    for learner in ("anna", "ben", "chloe", "dev", "ella"):
        run = open_module(
            page, site, packages, "every-construct", version, **as_learner(version, learner)
        )
        orders[learner] = shown(run)
        assert run.errors() == []
        close(run)
    again = open_module(
        page, site, packages, "every-construct", version, **as_learner(version, "anna")
    )
    assert shown(again) == orders["anna"], "the same learner and attempt: the same order"
    assert len({json.dumps(order, sort_keys=True) for order in orders.values()}) > 1
    for order in orders.values():
        assert order["every-construct-q4"] == ["a", "b"], "true/false is never shuffled"
    # Letters stay the author's: the option whose text is "Blue" keeps its letter wherever shown.
    data = Learner(again).data
    for question in data["questions"]:
        assert sorted(orders["anna"][question["id"]]) == [o["id"] for o in question["options"]]
    # The pools module pins "None of these" (f) last whatever the order.
    seen_colour = False
    for learner in ("anna", "ben", "chloe", "dev", "ella", "finn", "gita"):
        run = open_module(page, site, packages, "pools", version, **as_learner(version, learner))
        order = shown(run).get("pools-sky-colour")
        if order:
            seen_colour = True
            assert order[-1] == "f", order
        close(run)
    assert seen_colour, "pools-sky-colour was drawn for at least one learner"


@pytest.mark.parametrize("version", VERSIONS)
def test_draw_covers_every_objective_and_resume_restores_it(page, site, packages, version):
    run = open_module(page, site, packages, "pools", version, **as_learner(version, "anna"))
    learner = Learner(run)
    questions = by_id(learner)
    asked = shown(run)
    assert len(asked) == 3
    assert {questions[qid]["objective"] for qid in asked} == OBJECTIVES
    legends = run.frame.evaluate(
        "() => Array.from(document.querySelectorAll('form.question:not([hidden]) legend'))"
        ".map((l) => l.textContent)"
    )
    assert legends == ["Question 1 of 3", "Question 2 of 3", "Question 3 of 3"]
    # Answer the first asked question only, then leave.
    first = next(iter(asked))
    go_to(run, questions[first]["page"])
    learner.answer(questions[first], wrong(questions[first]))
    close(run)
    stored = run.stored()
    data = suspend(run)
    assert re.fullmatch(
        r"S2\|[0-9a-z]{6}\|[0-9a-f]+\|1\|([0-9a-z]{4}){3}\|[0-9a-z]{4}s[a-z]+", data
    )
    drawn = re.findall(".{4}", data.split("|")[4])
    assert sorted(drawn) == sorted(questions[qid]["key"] for qid in asked)
    # Resume: the same draw, the same order, the answer kept.
    resumed = open_module(
        page, site, packages, "pools", version, preload=resume_preload(stored, version)
    )
    assert shown(resumed) == asked
    checked = resumed.frame.evaluate(
        f"() => Array.from(document.querySelectorAll('#q-{first} input:checked')).map(i => i.value)"
    )
    assert checked == wrong(questions[first])
    assert not resumed.frame.eval_on_selector(f"#qf-{first}", "el => el.hidden"), "still answered"
    assert resumed.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_pages_of_undrawn_questions_are_skipped_and_seen(page, site, packages, version):
    run = open_module(page, site, packages, "pools", version, **as_learner(version, "anna"))
    data = Learner(run).data
    asked = shown(run)
    only_questions = {2, 3, 4}  # Fruit, Vegetables, True or false: nothing but a question
    empty = {q["page"] for q in data["questions"] if q["page"] in only_questions} - {
        q["page"] for q in data["questions"] if q["id"] in asked
    }
    visited = play(run, right)
    assert set(visited).isdisjoint(empty)
    assert set(visited) | empty == set(range(len(data["pages"])))
    total = len(data["pages"]) - len(empty)
    assert run.frame.inner_text("#progress-text").endswith(f"of {total}")
    assert run.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_objectives_reach_the_lms_with_moodle_valid_values(page, site, packages, version):
    run = open_module(page, site, packages, "pools", version, **as_learner(version, "ben"))
    questions = by_id(Learner(run))
    asked = shown(run)
    play(run, right)
    run.frame.wait_for_selector("#results:not([hidden])")
    close(run)
    stored = run.stored()
    assert run.errors() == [], "every value passes scorm-again and Moodle's rules"
    objectives = stored_by_id(stored, "objectives")
    assert set(objectives) == OBJECTIVES
    for fields in objectives.values():
        assert fields["score.raw"] == "100"
        assert fields["score.min"] == "0" and fields["score.max"] == "100"
        if version == "1.2":
            assert fields["status"] == "passed"
        else:
            assert fields["success_status"] == "passed"
            assert fields["completion_status"] == "completed"
            assert float(fields["score.scaled"]) == 1
            assert 0 < len(fields["description"]) <= 250
    recorded = interactions(stored)
    assert set(recorded) == set(asked), "one interaction per drawn question, none for the rest"
    for qid, fields in recorded.items():
        assert fields["objectives.0.id"] == questions[qid]["objective"]
    score = "cmi.core.score.raw" if version == "1.2" else "cmi.score.raw"
    assert stored[score] == "100"


@pytest.mark.parametrize("version", VERSIONS)
def test_fail_then_retry_draws_again(page, site, packages, version):
    run = open_module(page, site, packages, "pools", version, **as_learner(version, "chloe"))
    learner = Learner(run)
    draws = [shown(run)]
    for _ in range(3):
        play(run, wrong)
        run.frame.wait_for_selector("#retry:not([hidden])")
        learner.action("retry")
        run.frame.wait_for_function("() => document.querySelector('#results').hidden")
        draws.append(shown(run))
    for draw in draws:
        assert len(draw) == 3
        assert {by_id(learner)[qid]["objective"] for qid in draw} == OBJECTIVES
    assert len({json.dumps(d, sort_keys=True) for d in draws}) > 1, "a retry draws again"
    assert suspend(run).split("|")[3] == "4"
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.success_status"
    assert run.stored()[status] == "failed"
    objectives = stored_by_id(run.stored(), "objectives")
    assert {
        fields.get("status", fields.get("success_status")) for fields in objectives.values()
    } == {"failed"}
    assert run.errors() == []


@pytest.mark.parametrize("how", [{"mode": "review"}, {"credit": "no-credit"}])
@pytest.mark.parametrize("version", VERSIONS)
def test_review_and_no_credit_write_no_objectives(page, site, packages, version, how):
    run = open_module(page, site, packages, "pools", version, **as_learner(version, "dev"))
    asked = shown(run)
    play(run, right)
    close(run)
    stored = run.stored()
    review = open_module(
        page,
        site,
        packages,
        "pools",
        version,
        preload=resume_preload(stored, version),
        **how,
    )
    assert shown(review) == asked, "review shows the attempt's draw and order"
    play(review, right)
    close(review)
    written = [c["element"] for c in review.calls() if c["method"] in ("LMSSetValue", "SetValue")]
    assert [e for e in written if e.startswith(("cmi.objectives", "cmi.interactions"))] == []
    assert review.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_a_pool_question_page_has_no_accessibility_violations(page, site, packages, version):
    run = open_module(page, site, packages, "pools", version, **as_learner(version, "ella"))
    go_to(run, 1)  # The sky: reading and questions
    learner = Learner(run)
    for qid in shown_on(run, visible_page(run)):
        learner.answer(by_id(learner)[qid], wrong(by_id(learner)[qid]))
    results = Axe().run(run.frame)
    assert results.response["violations"] == []


REPLAY = """
([version, calls]) => {
  const api = version === "1.2"
    ? new PreviewLMS.Scorm12({ store: () => true })
    : new PreviewLMS.Scorm2004({ store: () => true });
  const lastError = version === "1.2" ? "LMSGetLastError" : "GetLastError";
  return calls.map(([fn, ...args]) => [fn, ...args, String(api[fn](...args)), api[lastError]()]);
}
"""
API = {
    "1.2": ("LMSInitialize", "LMSGetValue", "LMSSetValue", "LMSCommit", "LMSFinish"),
    "2004": ("Initialize", "GetValue", "SetValue", "Commit", "Terminate"),
}


@pytest.mark.parametrize("version", VERSIONS)
def test_the_preview_emulator_accepts_every_write_of_a_pool_run(
    page, site, packages, static_server, version
):
    run = open_module(page, site, packages, "pools", version, **as_learner(version, "finn"))
    play(run, wrong)
    run.frame.wait_for_selector("#retry:not([hidden])")
    Learner(run).action("retry")
    run.frame.wait_for_function("() => document.querySelector('#results').hidden")
    play(run, right)
    close(run)
    calls = [
        [c["method"], *([c["element"]] if c["element"] is not None else [""])]
        + ([c["value"]] if c["method"] in ("LMSSetValue", "SetValue") else [])
        for c in run.calls()
        if c["method"] in API[version]
    ]
    server = static_server(Path(__file__).resolve().parent.parent)
    page.goto(server.url + "/tests/")
    for name in EMULATOR:
        page.add_script_tag(url=f"{server.url}/builder/preview/{name}")
    replayed = page.evaluate(REPLAY, [version, calls])
    writes = [r for r in replayed if r[0] not in (API[version][1],)]
    assert [r for r in writes if r[-2:] != ["true", "0"]] == []
    assert any(r[1].startswith("cmi.objectives.") for r in writes), "objectives were written"
