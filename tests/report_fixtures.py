"""The real Moodle downloads in tests/fixtures/moodle-exports/ and what they should show,
worked out from the learner driver's own log and from what Moodle stored (tracks/)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "moodle-exports"
COURSE = FIXTURES / "course-snapshot"
EXPORTS = FIXTURES / "exports" / "teacher1"
PER_LEARNER = FIXTURES / "exports" / "teacher1-per-learner"
ACTIVITIES = ("children-scorm12", "families-scorm12", "children-scorm2004", "families-scorm2004")
FORMATS = {"csv": "txt", "excel": "xlsx", "ods": "ods"}  # Moodle's name → file extension
ACTIVITY_REPORTS = ("basic_detailed", "interactions_all-options", "objectives_objective-score")
LISTED = 10  # nine students and the teacher, whom Moodle lists too


def module_of(activity: str) -> str:
    """`children-scorm12` → `children`."""
    return activity.split("-")[0]


def downloads(activity: str, form: str) -> list[Path]:
    """What a trainer takes for one activity in one format: the activity reports and, for
    SCORM 2004 (whose answers are only there), every learner's Track details."""
    ext = FORMATS[form]
    files = [EXPORTS / f"{activity}_{report}_{form}.{ext}" for report in ACTIVITY_REPORTS]
    if activity.endswith("2004"):
        files += tracks(activity, "csv")
        files += tracks(activity, form) if form != "csv" else []
    return files


def tracks(activity: str, form: str) -> list[Path]:
    """The Track details downloads of an activity in one format (csv: every attempt)."""
    ext = "csv" if form == "csv" else FORMATS[form]
    return sorted(PER_LEARNER.glob(f"{activity}_userreporttracks_*_{form}.{ext}"))


@dataclass
class Expected:
    """What the learners did in one activity."""

    first: dict[tuple[str, str], bool] = field(default_factory=dict)  # (user, question) → right
    final: dict[tuple[str, str], bool] = field(default_factory=dict)
    chosen: dict[str, Counter[str]] = field(default_factory=dict)  # question → letter → users
    tries_to_pass: dict[str, int] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)
    completed: set[str] = field(default_factory=set)  # an attempt with a score
    passed: set[str] = field(default_factory=set)


def expected(activity: str) -> Expected:
    """From learner-log.json (what was ticked, in order) and tracks/ (what Moodle stored)."""
    log = json.loads((FIXTURES / "learner-log.json").read_text(encoding="utf-8"))
    sessions = sorted(
        (s for s in log["sessions"] if s["export_slug"] == activity),
        key=lambda s: (s["user"], s["moodle_launch"]),
    )
    found = Expected()
    tries: Counter[str] = Counter()
    for session in sessions:
        user = session["user"]
        for attempt in session["tries"]:
            tries[user] += 1
            for answer in attempt["answers"]:
                key = (user, answer["id"])
                if key not in found.first:
                    found.first[key] = answer["correct"]
                    found.chosen.setdefault(answer["id"], Counter()).update(answer["ticked"])
                found.final[key] = answer["correct"]
            summary = attempt.get("module_summary") or ""
            if "You have passed" in summary and user not in found.tries_to_pass:
                found.tries_to_pass[user] = tries[user]
    for path in sorted((FIXTURES / "tracks" / activity).glob("*.json")):
        stored = json.loads(path.read_text(encoding="utf-8"))
        user = stored["user"]["username"]
        for attempt in stored["attempts"]:
            elements = attempt["scoes"][0]["elements"]
            found.started.add(user)
            if elements.get("cmi.core.score.raw", elements.get("cmi.score.raw")) is not None:
                found.completed.add(user)
            status = elements.get("cmi.core.lesson_status", elements.get("cmi.success_status"))
            if status == "passed":
                found.passed.add(user)
    return found
