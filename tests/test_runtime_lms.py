"""The learner runtime in the test LMS (scorm-again + Moodle's rules), for SCORM 1.2 and 2004:
keyboard-only completion, fail and retry, resume, preview, commit failure, review mode,
suspend_data size, and what the package asks of the network."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from lms_harness import (
    ROOT,
    VERSIONS,
    Launch,
    Learner,
    Site,
    add_package,
    build_packages,
    interactions,
    launch,
    real_module_ids,
    resume_preload,
    right,
    set_values,
    status_rank,
    write_fixture_project,
    wrong,
)

from builder.build import load_course
from builder.errors import BuildError
from builder.suspend import LIMIT, worst_case

REAL = [f"{module}@{version}" for module in real_module_ids() for version in VERSIONS]
FIXTURE = [f"fixture-quiz@{version}" for version in VERSIONS]
QUIZZES = FIXTURE + REAL


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, Path]:
    """Every package of the fixture course and of the real course, unzipped."""
    dest = tmp_path_factory.mktemp("packages")
    project = write_fixture_project(tmp_path_factory.mktemp("fixture"))
    built = build_packages(project, dest, prefix="fixture-")
    if REAL:
        built.update(build_packages(ROOT, dest))
    return built


def open_package(page, site: Site, packages: dict[str, Path], key: str, **kwargs: Any) -> Launch:
    version = key.rsplit("@", 1)[1]
    return launch(page, site, add_package(site, key, packages[key]), version, **kwargs)


def version_of(key: str) -> str:
    return key.rsplit("@", 1)[1]


def pattern(question: dict[str, Any], letters: list[str], version: str) -> str:
    """The response format of architecture.md's table."""
    if question["type"] == "true-false":
        chosen = next(o for o in question["options"] if o["id"] == letters[0])
        true = chosen["text"].strip().lower() == "true"
        if version == "1.2":
            return "t" if true else "f"
        return "true" if true else "false"
    return ("," if version == "1.2" else "[,]").join(letters)


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
    stored: dict[str, str], data: dict[str, Any], version: str, correct: bool, once: bool = False
) -> None:
    """The latest interaction of each question; with `once`, exactly one per question."""
    found = interactions(stored)
    assert sorted(found) == sorted(q["id"] for q in data["questions"])
    if once:  # one interaction per question, in module order
        ids = [stored[f"cmi.interactions.{n}.id"] for n in range(len(data["questions"]))]
        assert ids == [q["id"] for q in data["questions"]]
        assert f"cmi.interactions.{len(ids)}.id" not in stored
    for question in data["questions"]:
        item = found[question["id"]]
        letters = right(question) if correct else wrong(question)
        expected_type = "true-false" if question["type"] == "true-false" else "choice"
        assert item["type"] == expected_type
        assert item["correct_responses.0.pattern"] == pattern(question, right(question), version)
        response = item["student_response" if version == "1.2" else "learner_response"]
        assert response == pattern(question, letters, version)
        good = "correct"
        bad = "wrong" if version == "1.2" else "incorrect"
        assert item["result"] == (good if correct else bad)
        assert item["weighting"] == "1"
        assert "latency" in item
        if version == "1.2":
            assert re.fullmatch(r"\d\d:\d\d:\d\d", item["time"])
        else:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", item["timestamp"])
            assert item["description"] == question["text"]


def assert_local_only(run: Launch, site: Site) -> None:
    others = [url for url in run.requests if not url.startswith(site.url + "/")]
    assert others == [], "requests to another host"


def assert_no_unload_listeners(run: Launch) -> None:
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
def test_keyboard_only_right_answers_pass(page, site, packages, page_errors, key):
    version = version_of(key)
    run = open_package(page, site, packages, key)
    learner = Learner(run)
    assert learner.data["questions"], "a module with questions"
    assert_no_unload_listeners(run)
    learner.complete(right)
    run.frame.wait_for_selector("#results:not([hidden])")
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
    assert_interactions(stored, learner.data, version, correct=True, once=True)
    assert_status_never_backwards(calls, version)
    location = "cmi.core.lesson_location" if version == "1.2" else "cmi.location"
    assert stored[location] == learner.data["pages"][-1]["slug"]
    time = stored["cmi.core.session_time" if version == "1.2" else "cmi.session_time"]
    assert time not in ("00:00:00", "PT0S", "PT0H0M0S")
    options = [len(q["options"]) for q in learner.data["questions"]]
    assert max_suspend(calls) <= worst_case(len(learner.data["pages"]), options) <= LIMIT
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
    stored = run.stored()
    assert_result(stored, version, passed=False, score=0)
    assert_interactions(stored, learner.data, version, correct=False)
    learner.action("retry")
    first = learner.data["questions"][0]["page"]
    run.frame.wait_for_selector(f"section[data-page='{first}']:not([hidden])")
    learner.complete(right)
    run.frame.wait_for_selector("#results:not([hidden])")
    close_and_wait(run)
    stored = run.stored()
    assert_result(stored, version, passed=True, score=100)
    assert_interactions(stored, learner.data, version, correct=True)
    assert_status_never_backwards(run.calls(), version)
    assert run.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("key", QUIZZES)
def test_close_mid_module_and_resume(page, site, packages, page_errors, key):
    version = version_of(key)
    run = open_package(page, site, packages, key)
    learner = Learner(run)
    data = learner.data
    first, *others = data["questions"]
    # Answer the first question, select (without checking) an answer of the next one.
    while learner.current_page() < first["page"]:
        learner.next_page()
    learner.answer(first, wrong(first))
    draft = others[0] if others else None
    if draft:
        while learner.current_page() < draft["page"]:
            learner.next_page()
        learner.select(draft, right(draft)[:1])
    where = learner.current_page()
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
    assert Learner(again).current_page() == where
    frame = again.frame
    assert frame.is_checked(f"#qo-{first['id']}-{wrong(first)[0]}")
    shown = "el => !el.hidden"
    assert frame.eval_on_selector(f"#qf-{first['id']}", shown), "the checked answer's feedback"
    if draft:
        assert frame.is_checked(f"#qo-{draft['id']}-{right(draft)[0]}")
        assert not frame.eval_on_selector(f"#qf-{draft['id']}", shown)
    assert again.errors() == []
    assert page_errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_preview_mode_without_lms(page, site, packages, page_errors, version):
    key = f"fixture-quiz@{version}"
    run = open_package(page, site, packages, key, no_api=True)
    frame = run.frame
    frame.wait_for_selector("#preview-banner:not([hidden])")
    assert "Preview" in frame.inner_text("#preview-banner")
    learner = Learner(run)
    learner.next_page()
    learner.next_page()
    where = learner.current_page()
    # Progress is kept in this browser: a reload comes back to the same page.
    frame.evaluate("location.reload()")
    frame.wait_for_load_state()
    run.frame.wait_for_selector("#preview-banner:not([hidden])")
    assert Learner(run).current_page() == where
    assert run.calls() == []
    assert page_errors == []


def test_preview_mode_opened_directly(page, site, packages, page_errors):
    """Opened from a plain web server, with no LMS frame around it."""
    name = add_package(site, "fixture-quiz@1.2", packages["fixture-quiz@1.2"])
    page.goto(f"{site.url}/pkg/{name}/index.html")
    page.wait_for_selector("#preview-banner:not([hidden])")
    page.wait_for_selector("#pager:not([hidden])")
    assert page_errors == []


@pytest.mark.parametrize("version", VERSIONS)
def test_commit_false_tells_the_learner(page, site, packages, page_errors, version):
    key = f"fixture-quiz@{version}"
    run = open_package(page, site, packages, key, faults={"commitFalse": True})
    learner = Learner(run)
    run.frame.wait_for_selector("#save-notice:not([hidden])")
    learner.complete(right)
    run.frame.wait_for_selector("#results:not([hidden])")
    assert run.frame.is_visible("#save-notice")
    close_and_wait(run)
    assert page_errors == []
    assert_once(run.calls(), version)


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize(("mode", "credit"), [("review", "no-credit"), ("normal", "no-credit")])
def test_review_or_no_credit_writes_nothing_that_changes_the_result(
    page, site, packages, page_errors, version, mode, credit
):
    key = f"fixture-quiz@{version}"
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status"
    preload = {status: "incomplete"}
    run = open_package(page, site, packages, key, mode=mode, credit=credit, preload=preload)
    learner = Learner(run)
    if mode == "review":
        run.frame.wait_for_selector("#review-banner:not([hidden])")
    learner.complete(wrong)
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
def test_largest_suspend_data_fits_the_worst_case(page, site, packages, key):
    """Every page seen, every option of every multiple-response question selected, other
    questions answered with their last option: the longest state the learner can leave."""
    run = open_package(page, site, packages, key)
    learner = Learner(run)

    def longest(question: dict[str, Any]) -> list[str]:
        letters = [o["id"] for o in question["options"]]
        return letters if question["type"] == "multiple" else letters[-1:]

    learner.complete(longest)
    close_and_wait(run)
    calls = run.calls()
    data = learner.data
    bound = worst_case(len(data["pages"]), [len(q["options"]) for q in data["questions"]])
    largest = max_suspend(calls)
    assert 0 < largest <= bound <= LIMIT
    print(f"\n{key}: largest suspend_data {largest} (worst case {bound})")


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
