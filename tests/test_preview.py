"""The preview: its LMS emulator against scorm-again and Moodle's rules, and the server in
Chromium (answer, inspect, live reload, build errors, relaunch, Ctrl-C)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from builder.preview import PreviewServer, serve

ROOT = Path(__file__).resolve().parent.parent
LMS_JS = "/builder/preview/lms.js"
SCORM_AGAIN = {"1.2": "/node_modules/scorm-again/dist/scorm12.js", "2004": "/node_modules/scorm-again/dist/scorm2004.js"}

# ------------------------------------------------------------------ the emulator vs scorm-again

CHILDREN_12 = ["", "core", "objectives", "student_data", "student_preference", "interactions"]
CHILDREN_2004 = ["", "comments_from_learner", "comments_from_lms", "interactions", "objectives", "learner_preference"]
INIT = {"1.2": ["LMSInitialize", ""], "2004": ["Initialize", ""]}

REALISTIC_12 = [
    ["LMSInitialize", ""],
    ["LMSGetValue", "cmi.core.lesson_status"],
    ["LMSGetValue", "cmi.core.lesson_location"],
    ["LMSGetValue", "cmi.suspend_data"],
    ["LMSGetValue", "cmi.interactions._count"],
    ["LMSGetValue", "cmi.core.score._children"],
    *[["LMSGetValue", f"cmi.{name}._children".replace("cmi.._", "cmi._")] for name in CHILDREN_12],
    ["LMSGetValue", "cmi._version"],
    ["LMSGetValue", "cmi.launch_data"],
    ["LMSSetValue", "cmi.core.lesson_status", "incomplete"],
    ["LMSSetValue", "cmi.core.exit", "suspend"],
    ["LMSSetValue", "cmi.core.lesson_location", "who"],
    ["LMSSetValue", "cmi.suspend_data", "S1|k3f9a0|03|1|a1b2sb"],
    ["LMSCommit", ""],
    ["LMSSetValue", "cmi.interactions.0.id", "children-q1"],
    ["LMSSetValue", "cmi.interactions.0.type", "choice"],
    ["LMSSetValue", "cmi.interactions.0.student_response", "b"],
    ["LMSSetValue", "cmi.interactions.0.correct_responses.0.pattern", "b"],
    ["LMSSetValue", "cmi.interactions.0.result", "correct"],
    ["LMSSetValue", "cmi.interactions.0.time", "10:15:30"],
    ["LMSSetValue", "cmi.interactions.0.latency", "00:00:12"],
    ["LMSSetValue", "cmi.interactions.0.weighting", "1"],
    ["LMSSetValue", "cmi.interactions.1.id", "children-q2"],
    ["LMSSetValue", "cmi.interactions.1.type", "true-false"],
    ["LMSSetValue", "cmi.interactions.1.student_response", "t"],
    ["LMSSetValue", "cmi.interactions.1.correct_responses.0.pattern", "f"],
    ["LMSSetValue", "cmi.interactions.1.result", "wrong"],
    ["LMSSetValue", "cmi.interactions.1.time", "10:16:02"],
    ["LMSSetValue", "cmi.interactions.2.id", "children-q3"],
    ["LMSSetValue", "cmi.interactions.2.type", "choice"],
    ["LMSSetValue", "cmi.interactions.2.student_response", "a,c"],
    ["LMSSetValue", "cmi.interactions.2.correct_responses.0.pattern", "a,c"],
    ["LMSSetValue", "cmi.interactions.2.result", "correct"],
    ["LMSGetValue", "cmi.interactions._count"],
    ["LMSGetValue", "cmi.interactions.0.correct_responses._count"],
    ["LMSGetValue", "cmi.interactions.0.id"],
    ["LMSSetValue", "cmi.core.score.min", "0"],
    ["LMSSetValue", "cmi.core.score.max", "100"],
    ["LMSSetValue", "cmi.core.score.raw", "67"],
    ["LMSSetValue", "cmi.core.lesson_status", "failed"],
    ["LMSGetValue", "cmi.core.lesson_status"],
    ["LMSGetValue", "cmi.core.score.raw"],
    ["LMSGetValue", "cmi.suspend_data"],
    ["LMSSetValue", "cmi.core.session_time", "00:04:12"],
    ["LMSCommit", ""],
    ["LMSFinish", ""],
]

REALISTIC_2004 = [
    ["Initialize", ""],
    ["GetValue", "cmi.completion_status"],
    ["GetValue", "cmi.success_status"],
    ["GetValue", "cmi.location"],
    ["GetValue", "cmi.interactions._count"],
    ["GetValue", "cmi.score._children"],
    *[["GetValue", f"cmi.{name}._children".replace("cmi.._", "cmi._")] for name in CHILDREN_2004],
    ["GetValue", "cmi._version"],
    ["GetValue", "cmi.launch_data"],
    ["GetValue", "cmi.learner_preference.audio_level"],
    ["SetValue", "cmi.completion_status", "incomplete"],
    ["SetValue", "cmi.exit", "suspend"],
    ["SetValue", "cmi.location", "who"],
    ["SetValue", "cmi.suspend_data", "S1|k3f9a0|03|1|a1b2sb"],
    ["SetValue", "cmi.progress_measure", "0.5"],
    ["Commit", ""],
    ["SetValue", "cmi.interactions.0.id", "children-q1"],
    ["SetValue", "cmi.interactions.0.type", "choice"],
    ["SetValue", "cmi.interactions.0.description", "Who should you tell first?"],
    ["SetValue", "cmi.interactions.0.learner_response", "b"],
    ["SetValue", "cmi.interactions.0.correct_responses.0.pattern", "b"],
    ["SetValue", "cmi.interactions.0.result", "correct"],
    ["SetValue", "cmi.interactions.0.timestamp", "2026-11-26T10:15:30"],
    ["SetValue", "cmi.interactions.0.latency", "PT12S"],
    ["SetValue", "cmi.interactions.0.weighting", "1"],
    ["SetValue", "cmi.interactions.1.id", "children-q2"],
    ["SetValue", "cmi.interactions.1.type", "true-false"],
    ["SetValue", "cmi.interactions.1.learner_response", "true"],
    ["SetValue", "cmi.interactions.1.correct_responses.0.pattern", "false"],
    ["SetValue", "cmi.interactions.1.result", "incorrect"],
    ["SetValue", "cmi.interactions.1.timestamp", "2026-11-26T10:16:02.5+01:00"],
    ["SetValue", "cmi.interactions.2.id", "children-q3"],
    ["SetValue", "cmi.interactions.2.type", "choice"],
    ["SetValue", "cmi.interactions.2.learner_response", "a[,]c"],
    ["SetValue", "cmi.interactions.2.correct_responses.0.pattern", "a[,]c"],
    ["SetValue", "cmi.interactions.2.result", "correct"],
    ["GetValue", "cmi.interactions._count"],
    ["GetValue", "cmi.interactions.0.id"],
    ["GetValue", "cmi.interactions.1.learner_response"],
    ["GetValue", "cmi.interactions.2.correct_responses._count"],
    ["GetValue", "cmi.interactions.0.objectives._count"],
    ["SetValue", "cmi.score.min", "0"],
    ["SetValue", "cmi.score.max", "100"],
    ["SetValue", "cmi.score.raw", "67"],
    ["SetValue", "cmi.score.scaled", "0.67"],
    ["SetValue", "cmi.success_status", "failed"],
    ["SetValue", "cmi.completion_status", "completed"],
    ["SetValue", "cmi.progress_measure", "1"],
    ["GetValue", "cmi.score.scaled"],
    ["GetValue", "cmi.completion_status"],
    ["SetValue", "cmi.session_time", "PT4M12S"],
    ["Commit", ""],
    ["Terminate", ""],
]


def interaction_12(index: int = 0) -> list[list[str]]:
    """Calls that create 1.2 interaction `index` (after the ones before it)."""
    return [["LMSSetValue", f"cmi.interactions.{index}.id", f"q{index}"]]


def interaction_2004(kind: str = "choice") -> list[list[str]]:
    """Calls that create 2004 interaction 0 of type `kind`."""
    return [
        ["SetValue", "cmi.interactions.0.id", "q0"],
        ["SetValue", "cmi.interactions.0.type", kind],
    ]


# One bad call each (the last of its list), after the setup calls before it.
BAD_12 = [
    [["LMSSetValue", "cmi.core.lesson_status", "not attempted"]],
    [["LMSSetValue", "cmi.core.lesson_status", "Completed"]],
    [["LMSSetValue", "cmi.core.score.raw", "100.5"]],
    [["LMSSetValue", "cmi.core.score.raw", "1000"]],
    [["LMSSetValue", "cmi.core.score.raw", "abc"]],
    [["LMSSetValue", "cmi.core.session_time", "PT5M"]],
    [["LMSSetValue", "cmi.core.lesson_location", "x" * 256]],
    [["LMSSetValue", "cmi.core.student_id", "someone"]],
    [["LMSSetValue", "cmi.core.total_time", "00:01:00"]],
    [["LMSSetValue", "cmi.core._children", "x"]],
    [["LMSSetValue", "cmi.interactions._count", "3"]],
    [["LMSGetValue", "cmi.core.exit"]],
    [["LMSGetValue", "cmi.core.session_time"]],
    [["LMSGetValue", "cmi.core.lesson_status._children"]],
    [["LMSGetValue", "cmi.core._count"]],
    [["LMSSetValue", "cmi.interactions.1.id", "q1"]],
    [*interaction_12(), ["LMSGetValue", "cmi.interactions.0.id"]],
    [*interaction_12(), ["LMSGetValue", "cmi.interactions.0.result"]],
    [*interaction_12(), ["LMSSetValue", "cmi.interactions.0.type", "long-fill-in"]],
    [*interaction_12(), ["LMSSetValue", "cmi.interactions.0.time", "2026-11-26T10:15:30"]],
    [*interaction_12(), ["LMSSetValue", "cmi.interactions.0.weighting", "abc"]],
    [*interaction_12(), ["LMSSetValue", "cmi.interactions.2.id", "q2"]],
    [["LMSInitialize", ""]],
    [["LMSCommit", "x"]],
]
BAD_12_BEFORE_INIT = [
    [["LMSGetValue", "cmi.core.lesson_status"]],
    [["LMSSetValue", "cmi.core.lesson_status", "incomplete"]],
    [["LMSCommit", ""]],
    [["LMSFinish", ""]],
]
# Moodle is stricter than scorm-again here: ours must reject, scorm-again accepts.
STRICTER_12 = [
    [*interaction_12(), ["LMSSetValue", "cmi.interactions.0.id", "q 1"]],
    [*interaction_12(), ["LMSSetValue", "cmi.interactions.0.result", "incorrect"]],
    [["LMSSetValue", "cmi.core.exit", "normal"]],
    [["LMSSetValue", "cmi.core.session_time", "0:05:00"]],
    [["LMSFinish", ""], ["LMSGetValue", "cmi.core.lesson_status"]],
    # Moodle's "SCORM standards mode", which the preview turns on: at most 4096 characters.
    [["LMSSetValue", "cmi.suspend_data", "x" * 4097]],
]
# Both reject, with different codes: ours gives Moodle's.
CODES_12 = [([["LMSGetValue", "cmi.foo"]], "201")]

BAD_2004 = [
    [["SetValue", "cmi.completion_status", "Completed"]],
    [["SetValue", "cmi.success_status", "complete"]],
    [["SetValue", "cmi.score.scaled", "1.5"]],
    [["SetValue", "cmi.score.raw", ".5"]],
    [["SetValue", "cmi.score.raw", "1e-7"]],
    [["SetValue", "cmi.progress_measure", "1.2"]],
    [["SetValue", "cmi.location", "x" * 1001]],
    [["SetValue", "cmi.suspend_data", "x" * 64001]],
    [["SetValue", "cmi.exit", "finished"]],
    [["SetValue", "cmi.session_time", "00:05:00"]],
    [["SetValue", "cmi.total_time", "PT1S"]],
    [["SetValue", "cmi.entry", "resume"]],
    [["GetValue", "cmi.exit"]],
    [["GetValue", "cmi.session_time"]],
    [["GetValue", "cmi.foo"]],
    [["SetValue", "cmi.foo", "x"]],
    [["GetValue", "cmi.location._children"]],
    [["GetValue", "cmi.location"]],
    [["GetValue", "cmi.score.raw"]],
    [["SetValue", "cmi.interactions.0.type", "choice"]],
    [["SetValue", "cmi.interactions.1.id", "q1"]],
    [["SetValue", "cmi.interactions.0.id", ""]],
    [*interaction_2004()[:1], ["SetValue", "cmi.interactions.0.learner_response", "a"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.result", "wrong"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.learner_response", "a[,]a"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.learner_response", ""]],
    [*interaction_2004("true-false"), ["SetValue", "cmi.interactions.0.learner_response", "t"]],
    [*interaction_2004("numeric"), ["SetValue", "cmi.interactions.0.learner_response", "3,5"]],
    [
        *interaction_2004(),
        ["SetValue", "cmi.interactions.0.correct_responses.0.pattern", "b"],
        ["SetValue", "cmi.interactions.0.correct_responses.1.pattern", "b"],
    ],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.description", "line 1\nline 2"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.latency", "PT1.234S"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.timestamp", "2026-11-26T10:15:30Z"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.type", "essay"]],
    [*interaction_2004(), ["GetValue", "cmi.interactions.0.weighting"]],
    [["Initialize", ""]],
    [["Terminate", ""], ["GetValue", "cmi.location"]],
    [["Terminate", ""], ["SetValue", "cmi.location", "x"]],
    [["Terminate", ""], ["Commit", ""]],
    [["Terminate", ""], ["Terminate", ""]],
    [["Terminate", ""], ["Initialize", ""]],
    [["Commit", "x"]],
]
BAD_2004_BEFORE_INIT = [
    [["GetValue", "cmi.location"]],
    [["SetValue", "cmi.location", "x"]],
    [["Commit", ""]],
    [["Terminate", ""]],
]
# Moodle is stricter than scorm-again here: ours must reject, scorm-again accepts.
STRICTER_2004 = [
    [["SetValue", "cmi.interactions.0.id", "q 1"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.learner_response", "a,b"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.learner_response", "choice-a"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.learner_response", "Opción"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.timestamp", "2026-11-26T10:15:30.123Z"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.timestamp", "2040-01-01T00:00:00"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.latency", "P1W"]],
    [["SetValue", "cmi.score.raw", "123456"]],
]

# Both reject, with different codes: ours gives Moodle's (and the standard's).
CODES_2004 = [([["GetValue", "cmi.interactions.0.id"]], "301")]

RUN_BOTH = """
([version, cases]) => {
  const ours = () => version === "1.2"
    ? new PreviewLMS.Scorm12({ store: () => true })
    : new PreviewLMS.Scorm2004({ store: () => true });
  const theirs = () => version === "1.2"
    ? new Scorm12API({ logLevel: 5, autocommit: false })
    : new Scorm2004API({ logLevel: 5, autocommit: false });
  const lastError = version === "1.2" ? "LMSGetLastError" : "GetLastError";
  const run = (api, calls) => calls.map(([fn, ...args]) => {
    const result = api[fn](...args);
    return [String(result), String(api[lastError]())];
  });
  return cases.map((calls) => ({ ours: run(ours(), calls), theirs: run(theirs(), calls) }));
}
"""


@pytest.fixture
def lms_page(page, static_server):
    """A page with our emulator and scorm-again's 1.2 and 2004 APIs loaded."""
    server = static_server(ROOT)
    page.goto(server.url + "/tests/")
    for script in (LMS_JS, *SCORM_AGAIN.values()):
        page.add_script_tag(url=server.url + script)
    assert page.evaluate("() => Boolean(window.PreviewLMS && window.Scorm12API && window.Scorm2004API)")
    return page


def run_both(page, version: str, cases: list[list[list[str]]]) -> list[dict[str, list[list[str]]]]:
    """Each case through a fresh emulator and a fresh scorm-again: [result, error] per call."""
    return page.evaluate(RUN_BOTH, [version, cases])


def show(call: list[str]) -> str:
    """A call, with long values shortened, for assertion messages."""
    return repr([part if len(part) < 60 else f"{part[:20]}…({len(part)} characters)" for part in call])


@pytest.mark.parametrize(
    ("version", "realistic"), [("1.2", REALISTIC_12), ("2004", REALISTIC_2004)]
)
def test_realistic_run_agrees_with_scorm_again(lms_page, version, realistic):
    (outcome,) = run_both(lms_page, version, [realistic])
    differences = [
        f"{show(call)}: ours {ours}, scorm-again {theirs}"
        for call, ours, theirs in zip(realistic, outcome["ours"], outcome["theirs"], strict=True)
        if ours != theirs
    ]
    assert differences == []
    writes = [ours for call, ours in zip(realistic, outcome["ours"], strict=True) if "GetValue" not in call[0]]
    assert writes == [["true", "0"]] * len(writes)


@pytest.mark.parametrize(
    ("version", "bad", "before_init"),
    [("1.2", BAD_12, BAD_12_BEFORE_INIT), ("2004", BAD_2004, BAD_2004_BEFORE_INIT)],
)
def test_bad_values_rejected_like_scorm_again(lms_page, version, bad, before_init):
    cases = [[INIT[version], *calls] for calls in bad] + before_init
    differences = []
    for calls, outcome in zip(cases, run_both(lms_page, version, cases), strict=True):
        ours, theirs = outcome["ours"][-1], outcome["theirs"][-1]
        if ours[1] == "0" or ours != theirs or outcome["ours"][:-1] != outcome["theirs"][:-1]:
            differences.append(f"{show(calls[-1])}: ours {outcome['ours']}, scorm-again {outcome['theirs']}")
    assert differences == []


@pytest.mark.parametrize(
    ("version", "stricter"), [("1.2", STRICTER_12), ("2004", STRICTER_2004)]
)
def test_moodle_stricter_than_scorm_again(lms_page, version, stricter):
    cases = [[INIT[version], *calls] for calls in stricter]
    differences = []
    for calls, outcome in zip(cases, run_both(lms_page, version, cases), strict=True):
        ours, theirs = outcome["ours"][-1], outcome["theirs"][-1]
        if ours[1] == "0" or ours[0] not in ("false", "") or theirs[1] != "0":
            differences.append(f"{show(calls[-1])}: ours {ours}, scorm-again {theirs}")
    assert differences == []


@pytest.mark.parametrize(("version", "cases"), [("1.2", CODES_12), ("2004", CODES_2004)])
def test_same_rejection_with_moodles_code(lms_page, version, cases):
    runs = [[INIT[version], *calls] for calls, _ in cases]
    for (calls, code), outcome in zip(cases, run_both(lms_page, version, runs), strict=True):
        assert outcome["ours"][-1][1] == code, show(calls[-1])
        assert outcome["theirs"][-1][1] not in ("0", code), show(calls[-1])


