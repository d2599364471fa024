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

from builder.preview_pages import EMULATOR
from builder.preview_server import PreviewServer, serve

ROOT = Path(__file__).resolve().parent.parent
LMS_JS = [f"/builder/preview/{name}" for name in EMULATOR]
SCORM_AGAIN = {
    "1.2": "/node_modules/scorm-again/dist/scorm12.js",
    "2004": "/node_modules/scorm-again/dist/scorm2004.js",
}

# ------------------------------------------------------------------ the emulator vs scorm-again

CHILDREN_12 = ["", "core", "objectives", "student_data", "student_preference", "interactions"]
CHILDREN_2004 = [
    "",
    "comments_from_learner",
    "comments_from_lms",
    "interactions",
    "objectives",
    "learner_preference",
]
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
    ["LMSSetValue", "cmi.objectives.0.id", "knowledge-check"],
    ["LMSSetValue", "cmi.objectives.0.status", "failed"],
    ["LMSSetValue", "cmi.objectives.0.score.raw", "67"],
    ["LMSGetValue", "cmi.objectives.0.status"],
    ["LMSGetValue", "cmi.objectives._count"],
    ["LMSSetValue", "cmi.interactions.0.objectives.0.id", "knowledge-check"],
    ["LMSGetValue", "cmi.interactions.0.objectives._count"],
    ["LMSSetValue", "cmi.student_preference.audio", "50"],
    ["LMSGetValue", "cmi.student_preference.audio"],
    ["LMSSetValue", "cmi.comments", "Clear module."],
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
    ["SetValue", "cmi.objectives.0.id", "knowledge-check"],
    ["GetValue", "cmi.objectives.0.success_status"],
    ["SetValue", "cmi.objectives.0.success_status", "failed"],
    ["SetValue", "cmi.objectives.0.completion_status", "completed"],
    ["SetValue", "cmi.objectives.0.score.scaled", "0.67"],
    ["SetValue", "cmi.interactions.0.objectives.0.id", "knowledge-check"],
    ["GetValue", "cmi.interactions.0.objectives.0.id"],
    ["SetValue", "cmi.interactions.3.id", "children-q4"],
    ["SetValue", "cmi.interactions.3.type", "matching"],
    ["SetValue", "cmi.interactions.3.learner_response", "a[.]1[,]b[.]2"],
    ["SetValue", "cmi.interactions.4.id", "children-q5"],
    ["SetValue", "cmi.interactions.4.type", "numeric"],
    ["SetValue", "cmi.interactions.4.correct_responses.0.pattern", "1[:]5"],
    ["SetValue", "cmi.interactions.4.learner_response", "3.5"],
    ["SetValue", "cmi.comments_from_learner.0.comment", "Clear module."],
    ["GetValue", "cmi.comments_from_learner._count"],
    ["SetValue", "cmi.learner_preference.language", "en-GB"],
    ["SetValue", "adl.nav.request", "continue"],
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
    [["LMSSetValue", "cmi.student_preference.audio", "101"]],
    [["LMSSetValue", "cmi.objectives.1.id", "o1"]],
    [["LMSSetValue", "cmi.core.score.raw", "-1"]],
    [["LMSSetValue", "cmi.core.score.raw", "1e2"]],
    [["LMSSetValue", "cmi.core.score.raw", "0x10"]],
    [["LMSSetValue", "cmi.core.score.raw", " 50"]],
]
BAD_12_BEFORE_INIT = [
    [["LMSGetValue", "cmi.core.lesson_status"]],
    [["LMSSetValue", "cmi.core.lesson_status", "incomplete"]],
    [["LMSCommit", ""]],
    [["LMSFinish", ""]],
]
# Moodle is stricter than scorm-again here: ours must reject, scorm-again accepts.
STRICTER_12 = [
    # CMIIdentifier: printable ASCII with no spaces.
    [*interaction_12(), ["LMSSetValue", "cmi.interactions.0.id", "q 1"]],
    # result is wrong, not incorrect (scorm-again rewrites it to wrong).
    [*interaction_12(), ["LMSSetValue", "cmi.interactions.0.result", "incorrect"]],
    # exit is time-out, suspend, logout or "" (scorm-again rewrites normal to "").
    [["LMSSetValue", "cmi.core.exit", "normal"]],
    # CMITimespan: two to four digits of hours.
    [["LMSSetValue", "cmi.core.session_time", "0:05:00"]],
    # Not initialised after LMSFinish (Moodle: 301).
    [["LMSFinish", ""], ["LMSGetValue", "cmi.core.lesson_status"]],
    # An empty element name (Moodle: 201).
    [["LMSGetValue", ""]],
    # CMIDecimal: at most three integer digits.
    [["LMSSetValue", "cmi.core.score.raw", "0050"]],
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
    [["GetValue", ""]],
    [["SetValue", "", "x"]],
    [["SetValue", "cmi.objectives.0.id", "o1"], ["SetValue", "cmi.objectives.1.id", "o1"]],
    [["SetValue", "cmi.objectives.0.id", "o1"], ["SetValue", "cmi.objectives.0.id", "o2"]],
    [["SetValue", "cmi.objectives.0.success_status", "passed"]],
    [["SetValue", "cmi.comments_from_learner.1.comment", "x"]],
    [["SetValue", "cmi.comments_from_lms.0.comment", "x"]],
    [["SetValue", "cmi.learner_preference.audio_level", "-1"]],
    [["SetValue", "cmi.learner_preference.language", "english please"]],
    [*interaction_2004("likert"), ["SetValue", "cmi.interactions.0.learner_response", "a[,]b"]],
    [
        *interaction_2004("numeric"),
        ["SetValue", "cmi.interactions.0.correct_responses.0.pattern", "5[:]1"],
    ],
    [
        *interaction_2004("numeric"),
        ["SetValue", "cmi.interactions.0.correct_responses.0.pattern", "1[:]5"],
        ["SetValue", "cmi.interactions.0.correct_responses.1.pattern", "1[:]6"],
    ],
]
BAD_2004_BEFORE_INIT = [
    [["GetValue", "cmi.location"]],
    [["SetValue", "cmi.location", "x"]],
    [["Commit", ""]],
    [["Terminate", ""]],
]
# Moodle is stricter than scorm-again here: ours must reject, scorm-again accepts.
STRICTER_2004 = [
    # CMILongIdentifier: no whitespace.
    [["SetValue", "cmi.interactions.0.id", "q 1"]],
    # CMIShortIdentifier: [A-Za-z0-9_.] only; choices are joined by [,].
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.learner_response", "a,b"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.learner_response", "choice-a"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.learner_response", "Opción"]],
    [*interaction_2004("matching"), ["SetValue", "cmi.interactions.0.learner_response", "a.1,b.2"]],
    # CMITime: at most two fractional digits, a zone only after them, years up to 2038.
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.timestamp", "2026-11-26T10:15:30.123Z"]],
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.timestamp", "2040-01-01T00:00:00"]],
    # CMITimespan: no weeks, no empty time part.
    [*interaction_2004(), ["SetValue", "cmi.interactions.0.latency", "P1W"]],
    [["SetValue", "cmi.session_time", "P1DT"]],
    # CMIDecimal: at most five integer digits.
    [["SetValue", "cmi.score.raw", "123456"]],
    # An index with a leading zero is no index (Moodle: 301).
    [*interaction_2004(), ["GetValue", "cmi.interactions.00.id"]],
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
    for script in (*LMS_JS, *SCORM_AGAIN.values()):
        page.add_script_tag(url=server.url + script)
    assert page.evaluate(
        "() => Boolean(window.PreviewLMS && window.Scorm12API && window.Scorm2004API)"
    )
    return page


def run_both(page, version: str, cases: list[list[list[str]]]) -> list[dict[str, list[list[str]]]]:
    """Each case through a fresh emulator and a fresh scorm-again: [result, error] per call."""
    return page.evaluate(RUN_BOTH, [version, cases])


def show(call: list[str]) -> str:
    """A call, with long values shortened, for assertion messages."""
    return repr(
        [part if len(part) < 60 else f"{part[:20]}…({len(part)} characters)" for part in call]
    )


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
    writes = [
        ours
        for call, ours in zip(realistic, outcome["ours"], strict=True)
        if "GetValue" not in call[0]
    ]
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
            differences.append(
                f"{show(calls[-1])}: ours {outcome['ours']}, scorm-again {outcome['theirs']}"
            )
    assert differences == []


@pytest.mark.parametrize(("version", "stricter"), [("1.2", STRICTER_12), ("2004", STRICTER_2004)])
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


# --------------------------------------------------------------- Moodle's launch and finish rules

MOODLE_RULES = """
() => {
  const stored = [];
  const make = (version, options = {}) => {
    const Api = version === "1.2" ? PreviewLMS.Scorm12 : PreviewLMS.Scorm2004;
    const store = (changes, final) => stored.push({ changes, final }) > 0;
    return new Api({ store, ...options });
  };
  const out = {};
  // 1.2: LMSFinish turns "not attempted" into "completed"; session_time is never stored.
  let api = make("1.2");
  api.LMSInitialize("");
  out.entryFirst = api.LMSGetValue("cmi.core.entry");
  api.LMSSetValue("cmi.core.session_time", "00:00:05");
  api.LMSFinish("");
  out.finishNotAttempted = stored.at(-1);
  // 1.2: the mastery override replaces the status the SCO set, both ways.
  for (const [status, raw] of [["incomplete", "90"], ["completed", "70"]]) {
    api = make("1.2", { masteryScore: "80" });
    api.LMSInitialize("");
    api.LMSSetValue("cmi.core.lesson_status", status);
    api.LMSSetValue("cmi.core.score.raw", raw);
    api.LMSFinish("");
    out[`mastery${raw}`] = api.snapshot().data["cmi.core.lesson_status"];
  }
  // 1.2: a relaunch reloads everything; entry is resume only after exit=suspend.
  const tracks12 = { "cmi.core.lesson_status": "incomplete", "cmi.core.exit": "suspend",
    "cmi.suspend_data": "S1|abc", "cmi.interactions.0.id": "q1", "cmi.interactions.1.id": "q2" };
  api = make("1.2", { tracks: tracks12 });
  api.LMSInitialize("");
  const reads12 = ["cmi.core.entry", "cmi.suspend_data", "cmi.interactions._count"];
  const read12 = (element) => [api.LMSGetValue(element), api.LMSGetLastError()];
  out.resume12 = [...reads12, "cmi.interactions.0.id"].map(read12);
  out.append12 = api.LMSSetValue("cmi.interactions.2.id", "q3");
  out.skip12 = [api.LMSSetValue("cmi.interactions.4.id", "q5"), api.LMSGetLastError()];
  api = make("1.2", { tracks: { ...tracks12, "cmi.core.exit": "" } });
  api.LMSInitialize("");
  out.noSuspend12 = [api.LMSGetValue("cmi.core.entry"), api.LMSGetValue("cmi.suspend_data")];
  // 1.2: Commit posts only what changed since the last commit; a second Initialize is refused.
  stored.length = 0;
  api = make("1.2");
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.lesson_location", "a");
  api.LMSCommit("");
  api.LMSSetValue("cmi.suspend_data", "b");
  api.LMSCommit("");
  out.deltas = stored.map((entry) => entry.changes);
  // A second Initialize is refused, but Moodle first reloads its data model.
  api.LMSSetValue("cmi.core.lesson_location", "uncommitted");
  out.again = [api.LMSInitialize(""), api.LMSGetLastError()];
  out.again.push(api.LMSGetValue("cmi.core.lesson_location"));
  api.LMSFinish("");
  out.reinit = [api.LMSInitialize(""), api.LMSGetLastError()];
  // 2004: data comes back only after exit=suspend; logout loses it.
  const tracks2004 = { "cmi.completion_status": "incomplete", "cmi.location": "who",
    "cmi.suspend_data": "S1|abc", "cmi.interactions.0.id": "q1" };
  for (const exit of ["suspend", "logout"]) {
    api = make("2004", { tracks: { ...tracks2004, "cmi.exit": exit } });
    api.Initialize("");
    const reads = ["cmi.entry", "cmi.location", "cmi.completion_status", "cmi.interactions._count"];
    out[`resume2004${exit}`] = reads.map((element) => [api.GetValue(element), api.GetLastError()]);
  }
  // 2004: the manifest's objectiveIDs are preloaded; ids are write-once and unique.
  api = make("2004", { objectives: ["obj-1"] });
  api.Initialize("");
  out.objectives = [
    ["GetValue", "cmi.objectives._count"], ["GetValue", "cmi.objectives.0.id"],
    ["GetValue", "cmi.objectives.0.success_status"], ["SetValue", "cmi.objectives.0.id", "obj-2"],
    ["SetValue", "cmi.objectives.1.id", "obj-1"], ["SetValue", "cmi.objectives.1.id", "obj-2"],
  ].map(([fn, ...args]) => [api[fn](...args), api.GetLastError()]);
  // 2004: the completion threshold overrides what the SCO says at Terminate.
  api = make("2004", { completionThreshold: "0.8" });
  api.Initialize("");
  api.SetValue("cmi.completion_status", "completed");
  api.SetValue("cmi.progress_measure", "0.5");
  api.Terminate("");
  out.threshold = api.snapshot().data["cmi.completion_status"];
  // Review mode: no credit, writes still accepted (Moodle saves them) but flagged.
  const calls = [];
  api = make("1.2", { mode: "review", onCall: (record) => calls.push(record) });
  api.LMSInitialize("");
  out.review = [api.LMSGetValue("cmi.core.lesson_mode"), api.LMSGetValue("cmi.core.credit"),
    api.LMSSetValue("cmi.core.lesson_status", "incomplete")];
  out.reviewNote = calls.at(-1).notes.join(" ");
  // 1.2: an empty score is stored as 0, as Moodle does.
  api = make("1.2");
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.score.raw", "");
  out.emptyScore = api.LMSGetValue("cmi.core.score.raw");
  return out;
}
"""


def test_emulator_follows_moodles_launch_and_finish_rules(lms_page):
    out = lms_page.evaluate(MOODLE_RULES)
    assert out["entryFirst"] == "ab-initio"
    assert out["finishNotAttempted"] == {
        "changes": {"cmi.core.lesson_status": "completed", "cmi.core.total_time": "00:00:05"},
        "final": True,
    }
    assert out["mastery90"] == "passed"
    assert out["mastery70"] == "failed"
    assert out["resume12"] == [["resume", "0"], ["S1|abc", "0"], ["2", "0"], ["", "404"]]
    assert out["append12"] == "true"
    assert out["skip12"] == ["false", "201"]
    assert out["noSuspend12"] == ["", "S1|abc"]
    assert out["deltas"] == [{"cmi.core.lesson_location": "a"}, {"cmi.suspend_data": "b"}]
    assert out["again"] == ["false", "101", "a"]
    assert out["reinit"] == ["false", "101"]
    assert out["resume2004suspend"] == [
        ["resume", "0"],
        ["who", "0"],
        ["incomplete", "0"],
        ["1", "0"],
    ]
    assert out["resume2004logout"] == [
        ["ab-initio", "0"],
        ["", "403"],
        ["unknown", "0"],
        ["0", "0"],
    ]
    assert out["objectives"] == [
        ["1", "0"],
        ["obj-1", "0"],
        ["", "403"],
        ["false", "351"],
        ["false", "351"],
        ["true", "0"],
    ]
    assert out["threshold"] == "incomplete"
    assert out["review"] == ["review", "no-credit", "true"]
    assert "review" in out["reviewNote"]
    assert out["emptyScore"] == "0"


# ------------------------------------------------------------------------- the server, in Chromium

COURSE = """\
id: preview-test
title: Preview test course
organisation: Test Partnership
language: en-GB
pass_mark: 80
scorm: "1.2"
"""

MODULE = """\
---
id: intro
title: Introduction
minutes: 5
---
Opening text OPENING-V1.

## The question

::: question
Who should you tell first?

- [ ] Nobody
- [x] The designated safeguarding lead
:::

## Key points

- Tell the lead.
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A one-module course in a temporary folder."""
    (tmp_path / "course.yml").write_text(COURSE, encoding="utf-8")
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "01-intro.md").write_text(MODULE, encoding="utf-8")
    return tmp_path


@pytest.fixture
def preview(project: Path) -> Iterator[PreviewServer]:
    """The preview of `project`, serving on a free port."""
    server = serve(project)
    yield server
    server.close()


def get(url: str) -> tuple[int, str]:
    """Status and body of a GET."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode()


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in a watched file, changing its size and modification time."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def answer_question(page) -> None:
    """In the module's frame: go to the question, choose the right option and check it."""
    frame = page.frame_locator("#sco")
    frame.get_by_role("button", name="Next").click()
    frame.get_by_label("The designated safeguarding lead").check()
    frame.get_by_role("button", name="Check answer").click()


def cmi_value(page, element: str) -> str:
    return page.locator(f'#cmi dd[data-element="{element}"]').inner_text()


def test_index_lists_modules_for_both_versions(preview, page):
    page.goto(preview.url)
    assert page.get_by_role("heading", name="Introduction").is_visible()
    links = page.get_by_role("link", name=re.compile("SCORM"))
    assert [links.nth(i).get_attribute("href") for i in range(2)] == [
        "/play/1.2/intro",
        "/play/2004/intro",
    ]


def test_answer_shows_interaction_and_status_in_inspector(preview, page):
    page.goto(preview.url + "play/1.2/intro")
    log = page.locator("#log")
    log.get_by_text("cmi.core.lesson_status").first.wait_for()
    assert page.evaluate("() => typeof window.API.LMSInitialize") == "function"
    assert page.evaluate("() => window.API_1484_11 === undefined")
    answer_question(page)
    row = page.locator("#interactions tbody tr").first
    row.wait_for()
    cells = row.locator("td").all_inner_texts()
    assert cells[1:6] == ["intro-q1", "choice", "b", "b", "correct"]
    page.wait_for_function(
        "() => document.querySelector('#cmi dd[data-element=\"cmi.core.lesson_status\"]')"
        ".textContent === 'passed'"
    )
    assert cmi_value(page, "cmi.core.score.raw").startswith("100")
    assert "of 4096 characters" in cmi_value(page, "cmi.suspend_data")
    assert log.get_by_text("cmi.interactions.0.result").count() >= 1
    page.get_by_text("Stored by Moodle").click()
    stored = page.locator("#stored-table tr", has_text="cmi.interactions.0.id")
    assert stored.locator("td").all_inner_texts() == ["cmi.interactions.0.id", "intro-q1"]
    errors = page.locator("#log tr.failed")
    assert errors.count() == 0, errors.all_inner_texts()


def test_relaunch_resumes_and_reset_starts_again(preview, page):
    page.goto(preview.url + "play/1.2/intro")
    page.locator("#log").get_by_text("LMSCommit").first.wait_for()
    page.frame_locator("#sco").get_by_role("button", name="Next").click()
    page.wait_for_function(
        "() => document.querySelector('#cmi dd[data-element=\"cmi.core.lesson_location\"]')"
        ".textContent !== 'start'"
    )
    location = cmi_value(page, "cmi.core.lesson_location")
    page.get_by_role("button", name="Relaunch (test resume)").click()
    page.locator("#log").get_by_text('entry "resume"').wait_for()
    assert page.locator("#log td", has_text="LMSFinish").count() == 1
    page.frame_locator("#sco").get_by_role("heading", name="The question").wait_for()
    assert cmi_value(page, "cmi.core.lesson_location") == location
    page.get_by_role("button", name="Reset attempt").click()
    page.locator("#log").get_by_text('entry "ab-initio"').wait_for()
    _, body = get(preview.url + "api/state/1.2/intro")
    assert json.loads(body)["tracks"].get("cmi.core.lesson_location") in (None, "start")


def test_finished_attempt_reopens_in_review_mode(preview, page):
    page.goto(preview.url + "play/1.2/intro")
    answer_question(page)
    page.wait_for_function(
        "() => document.querySelector('#cmi dd[data-element=\"cmi.core.lesson_status\"]')"
        ".textContent === 'passed'"
    )
    page.get_by_role("button", name="Relaunch (test resume)").click()
    page.locator("#log").get_by_text("mode review").wait_for()
    assert page.locator("#attempt").inner_text().startswith("Mode: review, no credit.")


def test_switch_to_2004_installs_the_2004_api(preview, page):
    page.goto(preview.url + "play/1.2/intro")
    page.get_by_role("link", name="Switch to SCORM 2004").click()
    page.wait_for_url("**/play/2004/intro")
    page.locator("#log").get_by_text("Initialize").first.wait_for()
    assert page.evaluate("() => typeof window.API_1484_11.Initialize") == "function"
    assert page.evaluate("() => window.API === undefined")
    answer_question(page)
    row = page.locator("#interactions tbody tr").first
    row.wait_for()
    assert row.locator("td").all_inner_texts()[1:6] == ["intro-q1", "choice", "b", "b", "correct"]
    assert "of 64000 characters" in cmi_value(page, "cmi.suspend_data")


def test_edit_rebuilds_and_reloads_the_page(preview, project, page):
    page.goto(preview.url + "play/1.2/intro")
    frame = page.frame_locator("#sco")
    frame.get_by_text("OPENING-V1").wait_for()
    edit(project / "modules" / "01-intro.md", "OPENING-V1", "OPENING-V2")
    frame.get_by_text("OPENING-V2").wait_for(timeout=15000)


def test_build_error_is_shown_and_the_server_keeps_serving(preview, project, page):
    source = project / "modules" / "01-intro.md"
    page.goto(preview.url + "play/1.2/intro")
    page.frame_locator("#sco").get_by_text("OPENING-V1").wait_for()
    broken = MODULE.replace("- Tell the lead.\n", "- Tell the lead.\n\n::: question\nUnclosed?\n")
    line = broken.splitlines().index("::: question", 15) + 1
    source.write_text(broken, encoding="utf-8")
    problems = page.locator("#build-problems")
    problems.wait_for(timeout=15000)
    assert re.search(rf"01-intro\.md:{line}: ", problems.inner_text())
    assert get(preview.url + "play/1.2/intro")[0] == 200
    assert "OPENING-V1" in get(preview.url + "package/1.2/intro/index.html")[1]
    assert json.loads(get(preview.url + "api/status")[1])["ok"] is False
    source.write_text(MODULE.replace("OPENING-V1", "OPENING-V3"), encoding="utf-8")
    page.frame_locator("#sco").get_by_text("OPENING-V3").wait_for(timeout=15000)
    assert problems.is_hidden()


def test_inspector_is_accessible(preview, page):
    page.goto(preview.url + "play/1.2/intro")
    page.locator("#log").get_by_text("LMSCommit").first.wait_for()
    results = Axe().run(page, context={"exclude": [["#sco"]]})
    assert results.violations_count == 0, results.generate_report()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to content"


# ------------------------------------------------------------------------------ the command line


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_cli(project: Path, *args: str) -> subprocess.Popen[str]:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "builder", "preview", *args],
        cwd=project,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_status(url: str, ok: bool) -> None:
    """Poll the preview's build status until it is `ok` (at most 15 seconds)."""
    deadline = time.monotonic() + 15
    while json.loads(get(url + "api/status")[1])["ok"] is not ok:
        assert time.monotonic() < deadline, "the preview did not rebuild"
        time.sleep(0.2)


def test_build_error_printed_and_ctrl_c_stops_cleanly(project):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = start_cli(project, "--port", str(port))
    try:
        assert process.stdout
        line = process.stdout.readline()
        while line and "Preview at" not in line:
            line = process.stdout.readline()
        assert url in line
        assert get(url)[0] == 200
        source = project / "modules" / "01-intro.md"
        source.write_text(MODULE + "\n::: question\nUnclosed?\n", encoding="utf-8")
        line_number = (MODULE + "\n::: question").count("\n") + 1
        wait_for_status(url, ok=False)
        assert get(url + "play/1.2/intro")[0] == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        process.kill()
    assert process.returncode == 0
    assert "Traceback" not in err
    assert re.search(rf"01-intro\.md:{line_number}: ", err), err
    assert "Preview stopped." in out


def test_port_in_use_is_one_clear_line(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        process = start_cli(project, "--port", str(port))
        _, err = process.communicate(timeout=20)
    assert process.returncode == 1
    assert err.strip().count("\n") == 0
    assert f"127.0.0.1:{port}" in err


def test_help_shows_examples(project):
    process = start_cli(project, "--help")
    out, _ = process.communicate(timeout=20)
    assert process.returncode == 0
    assert "--port" in out and "examples:" in out


def test_outside_a_project_is_one_clear_line(tmp_path):
    process = start_cli(tmp_path)
    _, err = process.communicate(timeout=20)
    assert process.returncode == 1
    assert err.strip().startswith("course.yml: not found")
    assert err.strip().count("\n") == 0
