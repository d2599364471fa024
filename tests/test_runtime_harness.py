"""The test LMS itself, against a minimal hand-written SCO: it records, stores on commit,
enforces Moodle's stricter rules where scorm-again does not, resumes, and injects faults."""

from __future__ import annotations

import time

import pytest
from lms_harness import Launch, Site, launch, resume_preload
from sco_fixtures import write_minimal_sco

VERSIONS = ["1.2", "2004"]


def start(page, site: Site, version: str, **kwargs) -> Launch:
    write_minimal_sco(site.package_dir("mini"), version)
    run = launch(page, site, "mini", version, **kwargs)
    run.frame.wait_for_function("window.sco && window.sco.started !== undefined")
    return run


def sco(run: Launch, method: str, *args: str) -> str:
    return run.frame.evaluate("([m, a]) => String(sco.call(m, ...a))", [method, list(args)])


@pytest.mark.parametrize("version", VERSIONS)
def test_records_calls_and_stores_only_what_was_committed(page, site, version):
    run = start(page, site, version)
    status = "cmi.core.lesson_status" if version == "1.2" else "cmi.completion_status"
    assert sco(run, "set", status, "incomplete") == "true"
    assert run.stored().get(status) is None
    assert sco(run, "commit", "") == "true"
    assert run.stored()[status] == "incomplete"
    assert sco(run, "set", "cmi.suspend_data", "uncommitted") == "true"
    calls = run.calls()
    assert [c["method"] for c in calls][:1] == [
        "LMSInitialize" if version == "1.2" else "Initialize"
    ]
    assert (
        calls[1]["element"] == status and calls[1]["result"] == "true" and calls[1]["error"] == "0"
    )
    assert run.errors() == []
    run.close()
    page.wait_for_function("harness.finished")
    assert run.stored()["cmi.suspend_data"] == "uncommitted"
    assert run.requests and all(u.startswith(site.url) for u in run.requests)


# Values Moodle rejects; most of them scorm-again 3.4.3 accepts (reference §2.3-§2.6).
REJECTED = [
    ("1.2", "cmi.core.lesson_status", "Completed", "405"),
    ("1.2", "cmi.core.lesson_status", "not attempted", "405"),
    ("1.2", "cmi.core.exit", "normal", "405"),
    ("1.2", "cmi.core.score.raw", "100.5", "405"),
    ("1.2", "cmi.core.score.raw", "", "405"),
    ("1.2", "cmi.core.session_time", "PT5M", "405"),
    ("1.2", "cmi.core.session_time", "00:05:00.123", "405"),
    ("1.2", "cmi.core.session_time", "0:05:00", "405"),
    ("1.2", "cmi.core.lesson_location", "x" * 256, "405"),
    ("1.2", "cmi.suspend_data", "x" * 4097, "405"),
    ("1.2", "cmi.interactions.0.id", "q 1", "405"),
    ("1.2", "cmi.interactions.0.result", "incorrect", "405"),
    ("1.2", "cmi.interactions.0.time", "2024-05-01T12:34:56", "405"),
    ("1.2", "cmi.interactions.3.id", "q3", "201"),
    ("2004", "cmi.completion_status", "Completed", "406"),
    ("2004", "cmi.location", "x" * 1001, "406"),
    ("2004", "cmi.suspend_data", "x" * 64001, "406"),
    ("2004", "cmi.session_time", "PT1.234S", "406"),
    ("2004", "cmi.score.raw", ".5", "406"),
    ("2004", "cmi.score.scaled", "1.5", "407"),
    ("2004", "cmi.interactions.0.type", "choice", "408"),
]

# (set first, then) the rejected value, for interaction fields that need id and type first.
REJECTED_2004_INTERACTION = [
    ("choice", "learner_response", "choice-a", "406"),
    ("choice", "learner_response", "a,b", "406"),
    ("choice", "correct_responses.0.pattern", "a[,]a", "406"),
    ("true-false", "learner_response", "t", "406"),
    ("choice", "result", "wrong", "406"),
    ("choice", "timestamp", "2024-05-01T12:34:56.789Z", "406"),
    ("choice", "timestamp", "2024-05-01T12:34:56Z", "406"),
    ("choice", "timestamp", "2040-05-01T12:34:56", "406"),
    ("choice", "latency", "PT1.234S", "406"),
    ("choice", "description", "two\nlines", "406"),
    ("choice", "description", "x" * 251, "406"),
    ("choice", "description", "{not a lang}", "406"),
]

ACCEPTED = [
    ("1.2", "cmi.core.session_time", "00:05:00.12"),
    ("1.2", "cmi.core.score.raw", "80"),
    ("1.2", "cmi.interactions.0.id", "children-q1"),
    ("2004", "cmi.session_time", "PT1M2.5S"),
    ("2004", "cmi.score.scaled", "0.8"),
]


@pytest.mark.parametrize(("version", "element", "value", "code"), REJECTED)
def test_moodle_rule_violation_is_an_error(page, site, version, element, value, code):
    run = start(page, site, version)
    assert sco(run, "set", element, value) == "false"
    assert sco(run, "error") == code
    assert run.violations(), "the violation is recorded in the log"
    assert sco(run, "commit", "") == "true"
    assert element not in run.stored(), "a rejected value is not stored"


@pytest.mark.parametrize(("kind", "field", "value", "code"), REJECTED_2004_INTERACTION)
def test_moodle_2004_interaction_rules(page, site, kind, field, value, code):
    run = start(page, site, "2004")
    assert sco(run, "set", "cmi.interactions.0.id", "children-q1") == "true"
    assert sco(run, "set", "cmi.interactions.0.type", kind) == "true"
    assert sco(run, "set", f"cmi.interactions.0.{field}", value) == "false"
    assert sco(run, "error") == code
    assert [v["element"] for v in run.violations()] == [f"cmi.interactions.0.{field}"]


@pytest.mark.parametrize(("version", "element", "value"), ACCEPTED)
def test_values_moodle_accepts_pass(page, site, version, element, value):
    run = start(page, site, version)
    assert sco(run, "set", element, value) == "true"
    assert run.errors() == []


@pytest.mark.parametrize("version", VERSIONS)
def test_resume_preload_round_trip(page, site, version):
    run = start(page, site, version)
    prefix = "cmi.core." if version == "1.2" else "cmi."
    location = "cmi.core.lesson_location" if version == "1.2" else "cmi.location"
    for element, value in (
        (location, "page-3"),
        ("cmi.suspend_data", "S1|abcdef|7|1|"),
        (f"{prefix}exit", "suspend"),
    ):
        assert sco(run, "set", element, value) == "true"
    run.close()
    page.wait_for_function("harness.finished")
    preload = resume_preload(run.stored(), version)
    again = start(page.context.new_page(), site, version, preload=preload)
    assert sco(again, "get", location) == "page-3"
    assert sco(again, "get", "cmi.suspend_data") == "S1|abcdef|7|1|"
    assert sco(again, "get", f"{prefix}entry") == "resume"


@pytest.mark.parametrize("version", VERSIONS)
def test_review_mode_and_no_credit_are_visible_to_the_sco(page, site, version):
    run = start(page, site, version, mode="review", credit="no-credit")
    prefix = "cmi.core." if version == "1.2" else "cmi."
    mode = "lesson_mode" if version == "1.2" else "mode"
    assert sco(run, "get", f"{prefix}{mode}") == "review"
    assert sco(run, "get", f"{prefix}credit") == "no-credit"


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_commit_false(page, site, version):
    run = start(page, site, version, faults={"commitFalse": True})
    assert sco(run, "set", "cmi.suspend_data", "x") == "true"
    assert sco(run, "commit", "") == "false"
    assert sco(run, "error") == "101"
    assert "cmi.suspend_data" not in run.stored()


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_every_set_value_errors(page, site, version):
    run = start(page, site, version, faults={"setValueError": True})
    assert sco(run, "set", "cmi.suspend_data", "x") == "false"
    assert sco(run, "error") != "0"


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_api_throws(page, site, version):
    getter = "LMSGetValue" if version == "1.2" else "GetValue"
    run = start(page, site, version, faults={"throws": [getter]})
    message = run.frame.evaluate(
        "() => { try { sco.call('get', 'cmi.suspend_data'); return ''; }"
        " catch (e) { return e.message; } }"
    )
    assert "test LMS fault" in message


@pytest.mark.parametrize("version", VERSIONS)
def test_fault_slow_commit(page, site, version):
    run = start(page, site, version, faults={"commitDelayMs": 1500})
    began = time.monotonic()
    assert sco(run, "commit", "") == "true"
    assert time.monotonic() - began >= 1.5


def test_no_api(page, site):
    run = start(page, site, "1.2", no_api=True)
    assert run.frame.evaluate("sco.api") is None
    assert page.evaluate("typeof window.API") == "undefined"


@pytest.mark.parametrize(
    ("mode", "status", "raw", "expected"),
    [
        ("normal", None, None, "completed"),
        ("browse", None, None, "browsed"),
        ("normal", "incomplete", "90", "passed"),
        ("normal", "completed", "70", "failed"),
        ("normal", "incomplete", None, "incomplete"),
        ("review", "incomplete", "90", "incomplete"),
    ],
)
def test_moodle_12_finish_rewrites_the_status(page, site, mode, status, raw, expected):
    """Moodle's LMSFinish: 'not attempted' becomes completed (browsed when browsing), and the
    manifest's mastery score turns a stored raw score into passed/failed (reference §2.4)."""
    folder = site.package_dir("mini")
    write_minimal_sco(folder, "1.2")
    (folder / "imsmanifest.xml").write_text(
        "<manifest><adlcp:masteryscore>80</adlcp:masteryscore></manifest>", encoding="utf-8"
    )
    run = launch(page, site, "mini", "1.2", mode=mode, credit="credit")
    run.frame.wait_for_function("window.sco && window.sco.started !== undefined")
    if status:
        assert sco(run, "set", "cmi.core.lesson_status", status) == "true"
    if raw:
        assert sco(run, "set", "cmi.core.score.raw", raw) == "true"
    assert sco(run, "get", "cmi.student_data.mastery_score") == "80"
    run.close()
    page.wait_for_function("harness.finished")
    assert run.stored()["cmi.core.lesson_status"] == expected
