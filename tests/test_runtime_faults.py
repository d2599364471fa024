"""Runtime faults (issue 6 §3): an LMS API that throws, refuses every SetValue or commits
slowly; stored suspend_data that is corrupt or from an older build. The learner can always
go on, nothing crashes, and what can be kept is kept."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from learner import Learner, right, wrong
from lms_harness import VERSIONS, Launch, Site, add_package, build_packages, launch, resume_preload
from sco_fixtures import FIXTURE_QUIZ, write_fixture_project

API = {
    "1.2": {
        "init": "LMSInitialize",
        "set": "LMSSetValue",
        "commit": "LMSCommit",
        "get": "LMSGetValue",
        "finish": "LMSFinish",
    },
    "2004": {
        "init": "Initialize",
        "set": "SetValue",
        "commit": "Commit",
        "get": "GetValue",
        "finish": "Terminate",
    },
}


@pytest.fixture(scope="session")
def packages(tmp_path_factory) -> dict[str, Path]:
    project = write_fixture_project(tmp_path_factory.mktemp("fixture"))
    return build_packages(project, tmp_path_factory.mktemp("packages"), prefix="fixture-")


def open_quiz(page, site: Site, packages, version: str, **kwargs: Any) -> Launch:
    key = f"fixture-quiz@{version}"
    return launch(page, site, add_package(site, key, packages[key]), version, **kwargs)


def finish_module(run: Launch) -> Learner:
    """Answer every question right, reach the results, press Finish, close the SCO."""
    learner = Learner(run)
    learner.complete(right)
    run.frame.wait_for_selector("#results:not([hidden])")
    assert "100%" in run.frame.inner_text("#results-score")
    learner.action("finish")
    run.frame.wait_for_selector("#finished:not([hidden])")
    run.close()
    return learner


def methods(run: Launch) -> list[str]:
    return [c["method"] for c in run.calls()]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("which", ["every method", "init", "set", "commit", "get", "finish"])
def test_api_that_throws(page, site, packages, page_errors, version, which):
    throws = True if which == "every method" else [API[version][which]]
    run = open_quiz(page, site, packages, version, faults={"throws": throws})
    if which in ("every method", "init", "set", "commit"):
        run.frame.wait_for_selector("#save-notice:not([hidden])")
    finish_module(run)
    assert page_errors == []
    if which in ("get", "finish"):
        run.page.wait_for_timeout(200)
        assert methods(run).count(API[version]["init"]) == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_every_set_value_errors(page, site, packages, page_errors, version):
    run = open_quiz(page, site, packages, version, faults={"setValueError": True})
    run.frame.wait_for_selector("#save-notice:not([hidden])")
    finish_module(run)
    run.page.wait_for_function("harness.finished")
    assert page_errors == []
    calls = methods(run)
    assert calls.count(API[version]["init"]) == 1
    assert calls.count(API[version]["finish"]) == 1


@pytest.mark.parametrize("version", VERSIONS)
def test_slow_commit(page, site, packages, page_errors, version):
    """Each commit (and the finish) blocks for 0.4 s, as a synchronous XHR to a slow Moodle."""
    run = open_quiz(page, site, packages, version, faults={"commitDelayMs": 400})
    began = time.monotonic()
    finish_module(run)
    run.page.wait_for_function("harness.finished", timeout=60_000)
    assert time.monotonic() - began > 4 * 0.4  # the commits did block
    assert page_errors == []
    assert run.errors() == []
    stored = run.stored()
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.success_status"
    assert stored[status] == "passed"


def structure_and_keys(run: Launch) -> tuple[str, list[str], int]:
    data = Learner(run).data
    return data["structure"], [q["key"] for q in data["questions"]], len(data["pages"])


CORRUPT = [
    "garbage",
    "S1",
    "S1|||||||",
    "S2|abcdef|ff|1|",
    "S1|zzzzzz|zz|x|zzzz?abc",
    "S1|{structure}|ffffffffffff|999|{k0}sq,{k0}dzz,,,;;",
    "\u0000\u2028\ud83d\ude00" * 50,
    "x" * 4096,
]


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("suspend", CORRUPT, ids=range(len(CORRUPT)))
def test_corrupt_suspend_data(page, site, packages, page_errors, version, suspend):
    probe = open_quiz(page, site, packages, version)
    structure, keys, _ = structure_and_keys(probe)
    location = "cmi.core.lesson_location" if version == "1.2" else "cmi.location"
    entry = "cmi.core.entry" if version == "1.2" else "cmi.entry"
    preload = {
        "cmi.suspend_data": suspend.format(structure=structure, k0=keys[0]),
        location: "no-such-page",
        entry: "resume",
    }
    run = open_quiz(page.context.new_page(), site, packages, version, preload=preload)
    finish_module(run)
    run.page.wait_for_function("harness.finished")
    assert page_errors == []
    assert run.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_partly_corrupt_suspend_data_keeps_what_is_valid(page, site, packages, version):
    probe = open_quiz(page, site, packages, version)
    data = Learner(probe).data
    first, second = data["questions"][:2]
    letters = "".join(wrong(second))
    suspend = f"S1|{data['structure']}|3f|1|{first['key']}s??,zzzz,{second['key']}s{letters},junk"
    entry = "cmi.core.entry" if version == "1.2" else "cmi.entry"
    run = open_quiz(
        page.context.new_page(),
        site,
        packages,
        version,
        preload={"cmi.suspend_data": suspend, entry: "resume"},
    )
    frame = run.frame
    assert frame.is_checked(f"#qo-{second['id']}-{letters}")
    assert frame.eval_on_selector(f"#qf-{second['id']}", "el => !el.hidden")
    assert not frame.eval_on_selector(f"#qf-{first['id']}", "el => !el.hidden")


@pytest.mark.parametrize("version", VERSIONS)
def test_suspend_data_from_an_older_build(tmp_path, page, site, page_errors, version):
    """The learner answered with build 1; build 2 removed the first question. On relaunch the
    other answer and the pages seen are kept, and the learner can finish."""
    old = build_packages(write_fixture_project(tmp_path / "v1"), tmp_path / "old", "v1-")
    run = launch(page, site, add_package(site, "old", old[f"v1-quiz@{version}"]), version)
    learner = Learner(run)
    data = learner.data
    choice, multiple = data["questions"][:2]
    while learner.current_page() < multiple["page"]:
        if learner.questions_on(learner.current_page()):
            learner.answer(choice, right(choice))
        learner.next_page()
    learner.answer(multiple, right(multiple))
    run.close()
    run.page.wait_for_function("harness.finished")
    stored = run.stored()

    project = write_fixture_project(tmp_path / "v2")
    start = FIXTURE_QUIZ.index("## Single choice")
    end = FIXTURE_QUIZ.index("## Multiple response")
    (project / "modules" / "01-quiz.md").write_text(
        FIXTURE_QUIZ[:start] + FIXTURE_QUIZ[end:], encoding="utf-8"
    )
    new = build_packages(project, tmp_path / "new", "v2-")
    again = launch(
        page.context.new_page(),
        site,
        add_package(site, "new", new[f"v2-quiz@{version}"]),
        version,
        preload=resume_preload(stored, version),
    )
    relearner = Learner(again)
    assert relearner.data["structure"] != data["structure"]
    assert [q["id"] for q in relearner.data["questions"]] == ["quiz-multiple", "quiz-truefalse"]
    frame = again.frame
    for letter in right(multiple):
        assert frame.is_checked(f"#qo-{multiple['id']}-{letter}")
    assert frame.eval_on_selector(f"#qf-{multiple['id']}", "el => !el.hidden")
    finish_module(again)
    again.page.wait_for_function("harness.finished")
    assert again.errors() == []
    assert page_errors == []
