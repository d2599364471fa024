"""Matching, ordering and branching scenarios in the test LMS (scorm-again + Moodle's rules),
SCORM 1.2 and 2004, by keyboard only: right and wrong answers, what reaches the LMS, axe-core,
resume, retry, review mode, and the preview's emulator taking the same values.

The fixture is tests/fixtures/project/modules/04-kinds.md: a matching question, an ordering
question and a three-decision case, one per page, pass mark 60.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from kinds_module import CASE, MATCH, ORDER, VERDICT_FIRST, kinds_packages, open_kinds, text
from learner import Learner, decisions_taken
from lms_harness import (
    ROOT,
    VERSIONS,
    Launch,
    interactions,
    resume_preload,
)

from builder.preview_pages import EMULATOR

AXE = Axe()
RIGHT_MATCH, RIGHT_ORDER = ["a", "b", "c"], ["a", "b", "c", "d"]
BEST, WORST = ["a", "b"], ["b", "b"]  # decision 1 → 2 → end; decision 1 → 3 → end


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, Path]:
    """The fixture module `kinds` in both versions, unzipped."""
    return kinds_packages(tmp_path_factory.mktemp("kinds"))


def violations(run: Launch, where: str) -> list[str]:
    results = AXE.run(run.frame)
    return [
        f"{where}: {v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(node["target"]) for node in v["nodes"])
        for v in results.response["violations"]
    ]


def play(learner: Learner, match: list[str], order: list[str], case: list[str]) -> list[str]:
    """Every question answered by keyboard, axe-core run before and after each answer; the
    summary reached. Returns axe's violations."""
    found = violations(learner.run, "opening page")
    learner.go_to(MATCH)
    found += violations(learner.run, "matching")
    learner.match(MATCH, match)
    found += violations(learner.run, "matching checked")
    learner.go_to(ORDER)
    found += violations(learner.run, "ordering")
    assert learner.order(ORDER) != RIGHT_ORDER, "the steps are first shown out of order"
    learner.arrange(ORDER, order)
    found += violations(learner.run, "ordering checked")
    learner.go_to(CASE)
    found += violations(learner.run, "scenario")
    learner.decide(CASE, 1, case[0])
    found += violations(learner.run, "scenario after one decision")
    path = decisions_taken(learner.question(CASE), case)
    for number, letter in zip(path[1:], case[1:], strict=True):
        learner.decide(CASE, number, letter)
    learner.run.frame.wait_for_selector(f"#qf-{CASE}:not([hidden])")
    found += violations(learner.run, "scenario ended")
    learner.to_summary()
    return found + violations(learner.run, "summary")


# The order the learner sees: matching items and one list's responses, case options.
SHOWN_ORDER = f"""() => [
  [...document.querySelectorAll('#q-{MATCH} .match-item')].map((el) => el.dataset.item),
  [...document.querySelectorAll('#qm-{MATCH}-1 option')].map((el) => el.value),
  [...document.querySelectorAll('#q-{CASE} .option')].map((el) => el.dataset.letter),
]"""


def close_and_wait(run: Launch) -> None:
    run.close()
    run.page.wait_for_function("harness.finished")


ONE_LINE = re.compile(r"[^\r\n]{1,250}")


def check_fields(found: dict[str, str], version: str) -> None:
    """Time, latency, weighting and (2004) description as Moodle takes them."""
    if version == "1.2":
        assert re.fullmatch(r"\d\d:\d\d:\d\d", found["time"])
        assert re.fullmatch(r"\d{2,4}:\d\d:\d\d", found["latency"])
    else:
        assert re.fullmatch(r"20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d", found["timestamp"])
        assert re.fullmatch(r"PT\d+H\d+M\d+S", found["latency"])
        assert ONE_LINE.fullmatch(found["description"])
    assert found["weighting"] == "1"


@pytest.mark.parametrize("version", VERSIONS)
def test_right_answers_by_keyboard(page, site, packages, page_errors, version):
    run = open_kinds(page, site, packages, version)
    learner = Learner(run)
    assert play(learner, RIGHT_MATCH, RIGHT_ORDER, BEST) == []
    for qid in (MATCH, ORDER, CASE):
        assert text(run, f"#qr-{qid}") == "Correct."
    assert text(run, "#results-score") == "Your score: 100%. The pass mark is 60%."
    close_and_wait(run)
    stored = run.stored()
    found = interactions(stored)
    v12 = version == "1.2"
    response = "student_response" if v12 else "learner_response"
    pattern = "correct_responses.0.pattern"
    assert sorted(found) == [f"{CASE}-1", f"{CASE}-2", MATCH, ORDER]
    assert found[MATCH]["type"] == "matching"
    assert (
        found[MATCH][response]
        == found[MATCH][pattern]
        == ("1.a,2.b,3.c" if v12 else "1[.]a[,]2[.]b[,]3[.]c")
    )
    assert found[ORDER]["type"] == "sequencing"
    assert (
        found[ORDER][response] == found[ORDER][pattern] == ("a,b,c,d" if v12 else "a[,]b[,]c[,]d")
    )
    for number, letter in ((1, "a"), (2, "b")):
        entry = found[f"{CASE}-{number}"]
        assert (entry["type"], entry[response], entry[pattern]) == ("choice", letter, letter)
    for entry in found.values():
        assert entry["result"] == "correct"
        check_fields(entry, version)
    if not v12:
        assert found[MATCH]["description"] == (
            "Match each situation with the first thing you should do."
        )
        assert found[f"{CASE}-2"]["description"] == "What do you do with what Ben told you?"
    score = "cmi.core.score.raw" if v12 else "cmi.score.raw"
    assert stored[score] == "100"
    assert run.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_wrong_answers_by_keyboard(page, site, packages, page_errors, version):
    run = open_kinds(page, site, packages, version)
    learner = Learner(run)
    assert play(learner, ["a", "d", "d"], ["b", "a", "c", "d"], WORST) == []
    assert text(run, f"#qr-{MATCH}") == (
        "Partly right. 1 of 3 matched right; each item shows its right response."
    )
    marks = run.frame.eval_on_selector_all(
        f"#q-{MATCH} .match-item", "els => els.map((el) => [el.dataset.item, el.innerText])"
    )
    marks = {number: " ".join(shown.split()) for number, shown in marks}
    assert "Right: “Refer to children's social care today”." in marks["1"]
    described = run.frame.eval_on_selector(
        f"#qm-{MATCH}-2",
        "el => document.getElementById(el.getAttribute('aria-describedby')).textContent",
    )
    assert described.startswith("Your answer"), "a screen reader hears the mark with the list"
    assert (
        "Your answer: “Wait and see at the next visit” · Right answer: “Record it and talk to "
        "your safeguarding lead”." in marks["2"]
    )
    # The verdict first (partly right in its own style, not a wrong answer's), then the items.
    for qid, style in ((MATCH, "is-partly"), (ORDER, "is-partly"), (CASE, "is-wrong")):
        assert run.frame.evaluate(VERDICT_FIRST, qid) == style
    assert text(run, f"#qr-{ORDER}") == (
        "Partly right. 2 of 4 steps in the right place; each step shows its number."
    )
    assert "This is step 2." in text(run, f"#q-{ORDER} .order-step:nth-child(1)")
    assert text(run, f"#qr-{CASE}") == (
        "Not quite. Best choices: 0 of 2; each decision shows its best choice."
    )
    assert text(run, "#results-score") == "Your score: 0%. The pass mark is 60%."
    close_and_wait(run)
    found = interactions(run.stored())
    v12 = version == "1.2"
    response = "student_response" if v12 else "learner_response"
    assert sorted(found) == [f"{CASE}-1", f"{CASE}-3", MATCH, ORDER]
    assert found[MATCH][response] == ("1.a,2.d,3.d" if v12 else "1[.]a[,]2[.]d[,]3[.]d")
    assert found[ORDER][response] == ("b,a,c,d" if v12 else "b[,]a[,]c[,]d")
    assert [found[f"{CASE}-{n}"][response] for n in (1, 3)] == ["b", "b"]
    assert [found[f"{CASE}-{n}"]["correct_responses.0.pattern"] for n in (1, 3)] == ["a", "a"]
    for entry in found.values():
        assert entry["result"] == ("wrong" if v12 else "incorrect")
        check_fields(entry, version)
    assert run.errors() == []
    assert page_errors == []


def test_a_case_scores_its_share_of_best_choices(page, site, packages):
    """Best choice at decision 1, then the worse one at decision 2: half the case's credit."""
    run = open_kinds(page, site, packages, "1.2")
    learner = Learner(run)
    learner.go_to(CASE)
    learner.case(CASE, ["a", "a", "a"])  # 1 → 2 → 3 → end: best, not best, best
    assert text(run, f"#qr-{CASE}") == (
        "Partly right. Best choices: 2 of 3; each decision shows its best choice."
    )
    assert run.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_resume_restores_each_kind(page, site, packages, page_errors, version):
    run = open_kinds(page, site, packages, version)
    learner = Learner(run)
    learner.go_to(MATCH)
    learner.match(MATCH, ["c", "b", "a"])
    learner.go_to(ORDER)
    learner.arrange(ORDER, ["d", "c", "b", "a"], check=False)
    learner.go_to(CASE)
    learner.decide(CASE, 1, "b")  # the case goes on at decision 3
    frame = run.frame
    frame.wait_for_selector(f"#q-{CASE} [data-decision='3']:not([hidden])")
    shown = frame.evaluate(SHOWN_ORDER)
    close_and_wait(run)
    stored = run.stored()
    assert not any(
        key.startswith("cmi.interactions.") and "kinds-case" in value
        for key, value in stored.items()
    ), "a case is recorded once it ends"

    again = open_kinds(
        page.context.new_page(), site, packages, version, preload=resume_preload(stored, version)
    )
    frame = again.frame
    assert frame.evaluate(SHOWN_ORDER) == shown, "the same order as before the break"
    values = [
        frame.eval_on_selector(f"#qm-{MATCH}-{n}", "el => [el.value, el.disabled]")
        for n in (1, 2, 3)
    ]
    assert values == [["c", True], ["b", True], ["a", True]]
    assert frame.eval_on_selector(f"#qf-{MATCH}", "el => !el.hidden"), "checked: feedback"
    assert Learner(again).order(ORDER) == ["d", "c", "b", "a"]
    assert not frame.eval_on_selector(f"#qf-{ORDER}", "el => !el.hidden")
    case = f"#q-{CASE}"
    assert frame.eval_on_selector_all(
        f"{case} [data-decision]",
        "els => els.filter((el) => !el.hidden).map((el) => el.dataset.decision)",
    ) == ["1", "3"]
    assert frame.is_checked(f"#qo-{CASE}-1-b") and frame.is_disabled(f"#qo-{CASE}-1-b")
    assert not frame.is_disabled(f"#qo-{CASE}-3-a")
    # The learner carries on where they were: decision 3 ends the case.
    learner = Learner(again)
    learner.go_to(CASE)
    learner.decide(CASE, 3, "a")
    frame.wait_for_selector(f"#qf-{CASE}:not([hidden])")
    assert text(again, f"#qr-{CASE}").startswith("Partly right. Best choices: 1 of 2")
    assert again.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_retry_resets_each_kind(page, site, packages, page_errors, version):
    run = open_kinds(page, site, packages, version)
    learner = Learner(run)
    play(learner, ["a", "d", "d"], ["b", "a", "c", "d"], WORST)
    learner.action("retry")
    frame = run.frame
    frame.wait_for_selector(f"#q-{MATCH}:visible")
    for n in (1, 2, 3):
        assert frame.eval_on_selector(f"#qm-{MATCH}-{n}", "el => [el.value, el.disabled]") == [
            "",
            False,
        ]
    assert not frame.is_visible(f"#qf-{MATCH}")
    assert not frame.eval_on_selector_all(
        f"#q-{MATCH} .match-mark", "els => els.some((el) => !el.hidden)"
    )
    assert frame.eval_on_selector_all(
        f"#q-{ORDER} .order-moves", "els => els.every((el) => !el.hidden)"
    )
    assert Learner(run).order(ORDER) != RIGHT_ORDER, "a new attempt starts from a shuffle"
    assert frame.eval_on_selector_all(
        f"#q-{CASE} [data-decision]",
        "els => els.filter((el) => !el.hidden).map((el) => el.dataset.decision)",
    ) == ["1"]
    assert not frame.eval_on_selector_all(
        f"#q-{CASE} input", "els => els.some((el) => el.checked || el.disabled)"
    )
    # The second attempt passes.
    learner = Learner(run)
    learner.match(MATCH, RIGHT_MATCH)
    learner.go_to(ORDER)
    learner.arrange(ORDER, RIGHT_ORDER)
    learner.go_to(CASE)
    learner.case(CASE, BEST)
    learner.to_summary()
    assert text(run, "#results-score") == "Your score: 100%. The pass mark is 60%."
    close_and_wait(run)
    stored = run.stored()
    indices = {k.split(".")[2] for k in stored if k.startswith("cmi.interactions.")}
    assert len(indices) == 4 + 4, "each attempt adds its own interactions"
    found = interactions(stored)  # the latest of each id
    assert [found[i]["result"] for i in (MATCH, ORDER, f"{CASE}-1", f"{CASE}-2")] == ["correct"] * 4
    assert run.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_review_mode_writes_nothing(page, site, packages, page_errors, version):
    run = open_kinds(page, site, packages, version)
    learner = Learner(run)
    learner.go_to(MATCH)
    learner.match(MATCH, RIGHT_MATCH)
    close_and_wait(run)
    preload = resume_preload(run.stored(), version)
    again = open_kinds(
        page.context.new_page(),
        site,
        packages,
        version,
        mode="review",
        credit="no-credit",
        preload=preload,
    )
    again.frame.wait_for_selector("#review-banner:not([hidden])")
    learner = Learner(again)
    learner.go_to(ORDER)
    learner.arrange(ORDER, RIGHT_ORDER)
    learner.go_to(CASE)
    learner.case(CASE, BEST)
    close_and_wait(again)
    written = [c for c in again.calls() if c["method"] in ("LMSSetValue", "SetValue")]
    assert written == []
    assert again.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_preview_emulator_takes_the_same_values(page, site, packages, browser, version):
    """Every SetValue the runtime made in the harness, replayed against the preview's
    Moodle-strict emulator (builder/preview/lms-*.js): each one accepted."""
    run = open_kinds(page, site, packages, version)
    play(Learner(run), ["a", "d", "d"], ["b", "a", "c", "d"], WORST)
    close_and_wait(run)
    sets = [
        [c["element"], c["value"]]
        for c in run.calls()
        if c["method"] in ("LMSSetValue", "SetValue")
        and c["element"].startswith("cmi.interactions.")
    ]
    assert len(sets) > 20
    emulator = browser.new_page()
    try:
        for name in EMULATOR:
            emulator.add_script_tag(path=str(ROOT / "builder" / "preview" / name))
        refused = emulator.evaluate(
            """([v12, sets]) => {
              const api = v12 ? new PreviewLMS.Scorm12({ store: () => true })
                              : new PreviewLMS.Scorm2004({ store: () => true });
              const [init, set, error] = v12 ? ['LMSInitialize', 'LMSSetValue', 'LMSGetLastError']
                                             : ['Initialize', 'SetValue', 'GetLastError'];
              api[init]('');
              return sets.filter(([e, v]) => api[set](e, v) !== 'true')
                .map(([e, v]) => `${e}=${v}: ${api[error]()}`);
            }""",
            [version == "1.2", sets],
        )
    finally:
        emulator.close()
    assert refused == []
