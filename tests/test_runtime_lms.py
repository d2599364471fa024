"""The learner runtime in the test LMS (scorm-again + Moodle's rules), for SCORM 1.2 and 2004:
keyboard-only completion, fail and retry, resume, preview, commit failure, review mode,
suspend_data size, and what the package asks of the network."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from learner import CHOICE_KINDS, Learner, decisions_taken, right, wrong
from lms_harness import (
    ROOT,
    VERSIONS,
    Launch,
    Site,
    add_package,
    build_packages,
    interactions,
    launch,
    real_module_ids,
    resume_preload,
    set_values,
    status_rank,
)
from sco_fixtures import write_fixture_project

from builder.course import load_course
from builder.errors import BuildError
from builder.suspend import LIMIT, module_worst_case

REAL = [f"{module}@{version}" for module in real_module_ids() for version in VERSIONS]
FIXTURE = [f"fixture-quiz@{version}" for version in VERSIONS]
QUIZZES = FIXTURE + REAL


@pytest.fixture(scope="session")
def projects(tmp_path_factory) -> dict[str, Path]:
    """The fixture course and (when it has modules) the real course, by key prefix."""
    project = write_fixture_project(tmp_path_factory.mktemp("fixture"))
    return {"fixture-": project, **({"": ROOT} if REAL else {})}


@pytest.fixture(scope="session")
def packages(tmp_path_factory, projects) -> dict[str, Path]:
    """Every package of the fixture course and of the real course, unzipped."""
    dest = tmp_path_factory.mktemp("packages")
    built = {}
    for prefix, project in projects.items():
        built.update(build_packages(project, dest, prefix=prefix))
    return built


@pytest.fixture(scope="session")
def bounds(projects) -> dict[str, int]:
    """Each package's worst-case suspend_data length as the build computes it, by key."""
    return {
        f"{prefix}{module.id}@{version}": module_worst_case(module)
        for prefix, project in projects.items()
        for module in load_course(project).modules
        for version in VERSIONS
    }


def open_package(page, site: Site, packages: dict[str, Path], key: str, **kwargs: Any) -> Launch:
    version = key.rsplit("@", 1)[1]
    return launch(page, site, add_package(site, key, packages[key]), version, **kwargs)


def version_of(key: str) -> str:
    return key.rsplit("@", 1)[1]


TYPES = {"true-false": "true-false", "matching": "matching", "ordering": "sequencing"}


def expected(
    question: dict[str, Any], tokens: list[str], version: str
) -> dict[str, tuple[str, str, str, str]]:
    """The interactions an answer gives (architecture.md's table), by id: type, response,
    correct pattern, description."""
    v12 = version == "1.2"
    comma, dot = ("," if v12 else "[,]"), ("." if v12 else "[.]")
    kind, qid, text = question["type"], question["id"], question["text"]
    if kind == "scenario":
        by_number = {d["number"]: d for d in question["decisions"]}
        return {
            f"{qid}-{n}": ("choice", letter, by_number[n]["best"], by_number[n]["text"])
            for n, letter in zip(decisions_taken(question, tokens), tokens, strict=True)
        }
    if kind == "matching":
        numbers = [item["id"] for item in question["items"]]
        pairs = [zip(numbers, tokens, strict=True), zip(numbers, right(question), strict=True)]
        response, correct = (comma.join(f"{n}{dot}{x}" for n, x in p) for p in pairs)
    elif kind == "true-false":
        true = {o["id"]: o["text"].strip().lower() == "true" for o in question["options"]}
        word = ("t", "f") if v12 else ("true", "false")
        response, correct = (word[0] if true[t[0]] else word[1] for t in (tokens, right(question)))
    else:
        response, correct = comma.join(tokens), comma.join(right(question))
    return {qid: (TYPES.get(kind, "choice"), response, correct, text)}


def expected_all(questions: list[dict[str, Any]], version: str, correct: bool) -> dict:
    """`expected` for every question, answered right or wrong."""
    found: dict[str, tuple[str, str, str, str]] = {}
    for question in questions:
        found |= expected(question, right(question) if correct else wrong(question), version)
    return found


def assert_status_never_backwards(calls: list[dict[str, Any]], version: str) -> None:
    rank = status_rank(version)
    elements = (
        ["cmi.core.lesson_status"]
        if version == "1.2"
        else ["cmi.completion_status", "cmi.success_status"]
    )
    for element in elements:
        values = set_values(calls, element)
        for before, after in itertools.pairwise(values):
            assert rank(element, after) >= rank(element, before), f"{element}: {values}"


def assert_once(calls: list[dict[str, Any]], version: str) -> None:
    methods = [c["method"] for c in calls if c["method"] != "moodle"]
    init, finish = (
        ("LMSInitialize", "LMSFinish") if version == "1.2" else ("Initialize", "Terminate")
    )
    assert methods.count(init) == 1, "Initialize exactly once"
    assert methods.count(finish) == 1, "Finish/Terminate exactly once"
    assert methods[0] == init
    assert methods[-1] == finish, "no call after Finish/Terminate"


def assert_result(stored: dict[str, str], version: str, passed: bool, score: int) -> None:
    if version == "1.2":
        assert stored["cmi.core.lesson_status"] == ("passed" if passed else "failed")
        assert stored["cmi.core.score.raw"] == str(score)
        assert stored["cmi.core.score.min"] == "0"
        assert stored["cmi.core.score.max"] == "100"
        assert stored["cmi.core.exit"] in ("suspend", "")
    else:
        assert stored["cmi.completion_status"] == "completed"
        assert stored["cmi.success_status"] == ("passed" if passed else "failed")
        assert stored["cmi.score.raw"] == str(score)
        assert float(stored["cmi.score.scaled"]) == score / 100
        assert stored["cmi.score.min"] == "0"
        assert stored["cmi.score.max"] == "100"
        assert float(stored["cmi.progress_measure"]) == 1


def assert_interactions(
    stored: dict[str, str],
    questions: list[dict[str, Any]],
    version: str,
    correct: bool,
    once: bool = False,
    earlier: list[dict[str, Any]] = (),
) -> None:
    """The latest interaction of each drawn question (a case: of each decision taken); with
    `once`, exactly one each, in module order. `earlier`: questions of an earlier attempt, whose
    interactions may be there too."""
    found = interactions(stored)
    want = expected_all(questions, version, correct)
    before = set(expected_all(list(earlier), version, False)) if earlier else set()
    assert set(want) <= set(found) <= set(want) | before
    if once:
        ids = [stored[f"cmi.interactions.{n}.id"] for n in range(len(want))]
        assert ids == list(want)
        assert f"cmi.interactions.{len(ids)}.id" not in stored
    for qid, (kind, response, pattern, description) in want.items():
        item = found[qid]
        assert item["type"] == kind, qid
        assert item["correct_responses.0.pattern"] == pattern, qid
        assert item["student_response" if version == "1.2" else "learner_response"] == response
        good = "correct"
        bad = "wrong" if version == "1.2" else "incorrect"
        assert item["result"] == (good if correct else bad), qid
        assert item["weighting"] == "1"
        assert "latency" in item
        if version == "1.2":
            assert re.fullmatch(r"\d\d:\d\d:\d\d", item["time"])
        else:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", item["timestamp"])
            assert item["description"] == description


def assert_drawn(data: dict[str, Any], asked: list[dict[str, Any]]) -> None:
    """The attempt asks what the front matter's `draw` and `draw_per_objective` say."""
    draw, per, questions = data["draw"], data["drawPerObjective"], data["questions"]
    if draw is None and not per:
        assert asked == questions
        return
    total = draw if draw is not None else per * len(data["objectives"])
    assert len(asked) == min(total, len(questions)) < len(questions), "a pool"
    for objective in data["objectives"]:
        own = [q for q in questions if q["objective"] == objective["id"]]
        assert sum(q in own for q in asked) >= min(per, len(own)), objective["id"]


def shown_as(question: dict[str, Any], tokens: list[str]) -> list[str]:
    """What `Learner.shown` reads back after `tokens` were given."""
    if question["type"] in CHOICE_KINDS:
        return sorted(tokens)
    if question["type"] == "matching":
        return tokens + [""] * (len(question["items"]) - len(tokens))
    return tokens


def draft_of(question: dict[str, Any]) -> list[str]:
    """An answer given but not checked: one right option, the first item matched, the steps
    put in order."""
    return right(question) if question["type"] == "ordering" else right(question)[:1]


def assert_local_only(run: Launch, site: Site) -> None:
    others = [url for url in run.requests if not url.startswith(site.url + "/")]
    assert others == [], "requests to another host"


def assert_no_unload_listeners(run: Launch) -> None:
    # the runtime adds its listeners after the first paint: wait for them (or time out)
    run.frame.wait_for_function("window.__listeners.some((l) => l.type === 'pagehide')")
    types = {item["type"] for item in run.listeners()}
    assert not types & {"unload", "beforeunload"}, types
    assert "pagehide" in types
    assert run.frame.evaluate("window.onunload === null && window.onbeforeunload === null")


def close_and_wait(run: Launch) -> None:
    run.close()
    run.page.wait_for_function("harness.finished")


def max_suspend(calls: list[dict[str, Any]]) -> int:
    return max((len(v) for v in set_values(calls, "cmi.suspend_data")), default=0)


@pytest.mark.parametrize("key", QUIZZES)
def test_keyboard_only_right_answers_pass(page, site, packages, bounds, page_errors, key):
    version = version_of(key)
    run = open_package(page, site, packages, key)
    learner = Learner(run)
    assert learner.data["questions"], "a module with questions"
    assert_no_unload_listeners(run)
    learner.complete(right)
    run.frame.wait_for_selector("#results:not([hidden])")
    asked = learner.asked()
    assert_drawn(learner.data, asked)
    assert run.blocked() == [], "nothing the Content-Security-Policy had to block"
    learner.action("finish")
    run.page.wait_for_function("harness.finished")
    close_and_wait(run)
    calls, stored = run.calls(), run.stored()
    assert run.errors() == []
    assert page_errors == []
    assert_once(calls, version)
    assert_result(stored, version, passed=True, score=100)
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.success_status"
    assert run.cmi()[status] == stored[status], "scorm-again agrees with what was stored"
    assert_interactions(stored, asked, version, correct=True, once=True)
    assert_status_never_backwards(calls, version)
    location = "cmi.core.lesson_location" if version == "1.2" else "cmi.location"
    assert stored[location] == learner.data["pages"][-1]["slug"]
    time = stored["cmi.core.session_time" if version == "1.2" else "cmi.session_time"]
    assert time not in ("00:00:00", "PT0S", "PT0H0M0S")
    assert max_suspend(calls) <= bounds[key] <= LIMIT
    assert_local_only(run, site)
    commits = sum(c["method"] in ("LMSCommit", "Commit") for c in calls)
    print(
        f"\n{key}: {len(calls)} LMS calls, {commits} commits, suspend_data ≤ {max_suspend(calls)}"
    )


@pytest.mark.parametrize("key", QUIZZES)
def test_wrong_answers_fail_then_retry_passes(page, site, packages, page_errors, key):
    version = version_of(key)
    run = open_package(page, site, packages, key)
    learner = Learner(run)
    learner.complete(wrong)
    run.frame.wait_for_selector("#results:not([hidden])")
    first_try, layout = learner.asked(), learner.layout()
    stored = run.stored()
    assert_result(stored, version, passed=False, score=0)
    assert_interactions(stored, first_try, version, correct=False)
    learner.action("retry")
    second_try = learner.asked()
    run.frame.wait_for_selector(f"section[data-page='{second_try[0]['page']}']:not([hidden])")
    assert_drawn(learner.data, second_try)
    for question in second_try:  # every answer cleared (steps are always in some order)
        assert not learner.checked(question)
        assert question["type"] == "ordering" or learner.shown(question) == []
    if learner.data["draw"] is not None:
        assert second_try != first_try, "a retry draws again"
    if learner.data["shuffle"]:
        assert learner.layout() != layout, "a retry shuffles again"
    learner.complete(right)
    run.frame.wait_for_selector("#results:not([hidden])")
    close_and_wait(run)
    stored = run.stored()
    assert_result(stored, version, passed=True, score=100)
    assert_interactions(stored, second_try, version, correct=True, earlier=first_try)
    assert_status_never_backwards(run.calls(), version)
    assert run.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("key", QUIZZES)
def test_close_mid_module_and_resume(page, site, packages, page_errors, key):
    version = version_of(key)
    run = open_package(page, site, packages, key)
    learner = Learner(run)
    asked = learner.asked()
    first = asked[0]
    draft = next(q for q in asked[1:] if q["type"] != "scenario")
    # Answer the first drawn question, give (without checking) an answer to another one.
    learner.go_to(first["id"])
    learner.answer(first, wrong(first))
    learner.go_to(draft["id"])
    learner.select(draft, draft_of(draft))
    where, layout = learner.current_page(), learner.layout()
    close_and_wait(run)
    assert_once(run.calls(), version)
    stored = run.stored()
    exit_element = "cmi.core.exit" if version == "1.2" else "cmi.exit"
    assert stored[exit_element] == "suspend"
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status"
    assert stored[status] == "incomplete", "still incomplete after Moodle's finish"

    again = open_package(
        page.context.new_page(), site, packages, key, preload=resume_preload(stored, version)
    )
    relearner = Learner(again)
    assert relearner.current_page() == where
    assert relearner.asked() == asked, "the same draw"
    assert relearner.layout() == layout, "the same order"
    assert relearner.shown(first) == shown_as(first, wrong(first))
    assert relearner.checked(first), "the checked answer's feedback"
    assert relearner.shown(draft) == shown_as(draft, draft_of(draft))
    assert not relearner.checked(draft)
    assert again.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("key", QUIZZES)
def test_preview_mode_without_lms(page, site, packages, page_errors, key):
    run = open_package(page, site, packages, key, no_api=True)
    frame = run.frame
    frame.wait_for_selector("#preview-banner:not([hidden])")
    assert "Preview" in frame.inner_text("#preview-banner")
    learner = Learner(run)
    asked = learner.asked()
    assert_drawn(learner.data, asked)
    first = asked[0]
    learner.go_to(first["id"])
    learner.answer(first, wrong(first))
    where, layout = learner.current_page(), learner.layout()
    # Progress is kept in this browser: a reload comes back to the same page, draw and order.
    frame.goto(frame.url)  # waits for the load, unlike location.reload()
    frame.wait_for_selector("#preview-banner:not([hidden])")
    frame.wait_for_selector("#pager:not([hidden])")
    learner = Learner(run)
    assert learner.current_page() == where
    assert (learner.asked(), learner.layout()) == (asked, layout)
    assert learner.shown(first) == shown_as(first, wrong(first))
    learner.complete(right)  # the rest right: the first question's share is missing
    score = round(100 * (len(asked) - 1) / len(asked))
    assert run.frame.inner_text("#results-score").startswith(f"Your score: {score}%.")
    assert run.calls() == []
    assert page_errors == []


def test_preview_mode_opened_directly(page, site, packages, page_errors):
    """Opened from a plain web server, with no LMS frame around it."""
    name = add_package(site, "fixture-quiz@1.2", packages["fixture-quiz@1.2"])
    page.goto(f"{site.url}/pkg/{name}/index.html")
    page.wait_for_selector("#preview-banner:not([hidden])")
    page.wait_for_selector("#pager:not([hidden])")
    assert page_errors == []


@pytest.mark.parametrize("key", QUIZZES)
def test_commit_false_tells_the_learner(page, site, packages, page_errors, key):
    version = version_of(key)
    run = open_package(page, site, packages, key, faults={"commitFalse": True})
    learner = Learner(run)
    run.frame.wait_for_selector("#save-notice:not([hidden])")
    learner.complete(right)
    run.frame.wait_for_selector("#results:not([hidden])")
    assert run.frame.is_visible("#save-notice")
    assert run.frame.inner_text("#results-score").startswith("Your score: 100%.")
    close_and_wait(run)
    assert page_errors == []
    assert_once(run.calls(), version)


@pytest.mark.parametrize("key", QUIZZES)
@pytest.mark.parametrize(("mode", "credit"), [("review", "no-credit"), ("normal", "no-credit")])
def test_review_or_no_credit_writes_nothing_that_changes_the_result(
    page, site, packages, page_errors, key, mode, credit
):
    version = version_of(key)
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status"
    preload = {status: "incomplete"}
    run = open_package(page, site, packages, key, mode=mode, credit=credit, preload=preload)
    learner = Learner(run)
    if mode == "review":
        run.frame.wait_for_selector("#review-banner:not([hidden])")
    learner.complete(wrong)
    run.frame.wait_for_selector("#results:not([hidden])")
    assert run.frame.inner_text("#results-score").startswith("Your score: 0%.")
    close_and_wait(run)
    result = re.compile(
        r"cmi\.(core\.)?(lesson_status|score\..*|completion_status|success_status"
        r"|progress_measure|interactions\..*|objectives\..*)"
    )
    written = [c["element"] for c in run.calls() if c["method"] in ("LMSSetValue", "SetValue")]
    assert [e for e in written if result.fullmatch(e)] == []
    assert run.stored().get(status) == "incomplete"
    assert page_errors == []


@pytest.mark.parametrize("key", [key for key in QUIZZES if version_of(key) == "1.2"])
def test_largest_suspend_data_fits_the_worst_case(page, site, packages, bounds, key):
    """Every page seen, every option of every multiple-response question selected, other
    choice questions answered with their last option, every item matched, every step moved,
    the longest path through each case: the longest state the learner can leave."""
    run = open_package(page, site, packages, key)
    learner = Learner(run)
    learner.complete(longest)
    close_and_wait(run)
    calls = run.calls()
    bound = bounds[key]
    largest = max_suspend(calls)
    assert 0 < largest <= bound <= LIMIT
    print(f"\n{key}: largest suspend_data {largest} (worst case {bound})")


def longest(question: dict[str, Any]) -> list[str]:
    """The answer with the longest entry in suspend_data (builder/suspend.py)."""
    kind = question["type"]
    if kind == "scenario":
        by_number = {d["number"]: d for d in question["decisions"]}

        def walk(number: int | None) -> list[str]:
            if number is None:
                return []
            paths = ([o["id"], *walk(o["next"])] for o in by_number[number]["options"])
            return max(paths, key=len)

        return walk(1)
    if kind not in CHOICE_KINDS:
        return wrong(question)
    letters = [o["id"] for o in question["options"]]
    return letters if kind == "multiple" else letters[-1:]


def test_build_rejects_a_module_whose_suspend_data_could_not_fit(tmp_path):
    project = write_fixture_project(tmp_path)
    options = "".join(f"- [{'x' if n == 0 else ' '}] Option {n}\n" for n in range(26))
    questions = "".join(
        f"::: question id=big-q{n}\nQuestion {n}?\n\n{options}:::\n\n" for n in range(130)
    )
    big = f"---\nid: big\ntitle: Big\nminutes: 5\n---\n\nStart.\n\n## Questions\n\n{questions}"
    (project / "modules" / "03-big.md").write_text(big, encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        load_course(project)
    lines = [str(p) for p in caught.value.problems]
    assert any("03-big.md" in line and "4096" in line for line in lines), lines


@pytest.mark.parametrize("version", VERSIONS)
def test_module_without_questions_completes_when_every_page_was_seen(
    page, site, packages, page_errors, version
):
    run = open_package(page, site, packages, f"fixture-reading@{version}")
    learner = Learner(run)
    assert learner.data["questions"] == []
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status"
    learner.complete(right)
    learner.action("finish")
    close_and_wait(run)
    stored = run.stored()
    assert stored[status] == "completed"
    assert not any(key.startswith(("cmi.core.score.", "cmi.score.")) for key in stored)
    assert not any(key.startswith("cmi.interactions.") for key in stored)
    assert_status_never_backwards(run.calls(), version)
    assert run.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_relaunch_after_passing_never_lowers_the_result(page, site, packages, page_errors, version):
    """Relaunched in normal mode with a passed result stored, the learner looks around and
    leaves: status and score stay as they were (the runtime reads before it writes)."""
    key = f"fixture-quiz@{version}"
    run = open_package(page, site, packages, key)
    Learner(run).complete(right)
    close_and_wait(run)
    stored = run.stored()
    preload = resume_preload(stored, version)
    again = open_package(page.context.new_page(), site, packages, key, preload=preload)
    learner = Learner(again)
    learner.action("back")
    learner.action("back")
    close_and_wait(again)
    after = again.stored()
    calls = again.calls()
    for element in (
        ("cmi.core.lesson_status", "cmi.core.score.raw")
        if version == "1.2"
        else (
            "cmi.completion_status",
            "cmi.success_status",
            "cmi.score.raw",
        )
    ):
        assert after[element] == stored[element], element
        assert set(set_values(calls, element)) <= {stored[element]}, element
    assert again.errors() == []
    assert page_errors == []
