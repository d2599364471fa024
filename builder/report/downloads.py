"""Recognise a download by its columns, and read it into attempts (see model.py).

Activity-level reports (Basic, Interactions, Objectives) have one row per learner and attempt:
`Name`, identity columns (`Email address`, …), `Attempt`, `Started on`, `Last accessed on`,
`Score`, the SCO column (named after the module), then for Interactions the numbered groups
`Question N`, `Response N`, `Right answer N`, `Result N` (N = interaction index). The
per-learner Track details download has `Element,Value` rows (`cmi.…`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from builder.report.model import Answer, Attempt, Download, Learner
from builder.report.sheets import NotADownload, Unusable, read_sheet

FIXED = ("Name", "Attempt", "Started on", "Last accessed on", "Score")
GROUP = re.compile(r"(Question|Response|Right answer|Result) (\d+)")
OBJECTIVE = re.compile(r"(Objective|Status|Score) \d+")  # Objectives report, when there are any
ELEMENT = re.compile(
    r"cmi\.interactions[._](\d+)\.(id|student_response|learner_response|"
    r"correct_responses[._]0\.pattern|result)"
)
ATTEMPT_IN_NAME = re.compile(r"(?:^|[_\s])([^_]*?)[\s_-]*attempt[\s_-]*(\d+)", re.IGNORECASE)
LOSSY = (
    "Moodle's per-learner Interactions download keeps at most one row per attempt and "
    "no responses: download that learner's Track details instead"
)


def read_download(path: Path) -> Download:
    """The attempts in one download; raises Unusable (skip it) or NotADownload (an error)."""
    sheet = read_sheet(path)
    header = sheet.rows[0]
    if header[:2] == ["Element", "Value"]:
        return _track(path, sheet.rows[1:], sheet.format)
    if header[:2] == ["ID", "Response"]:
        raise Unusable(LOSSY)
    if header[:1] == ["Name"] and all(name in header for name in FIXED):
        return _activity(path, header, sheet.rows[1:], sheet.format)
    raise NotADownload(
        "not a Moodle SCORM report download: expected the columns of the Basic, Interactions "
        "or Objectives report (Name, …, Attempt, …, Score) or of Track details (Element, Value)"
    )


def _activity(path: Path, header: list[str], rows: list[list[str]], form: str) -> Download:
    at = {name: header.index(name) for name in FIXED}
    identity = list(range(1, at["Attempt"]))
    sco = [
        i
        for i in range(at["Score"] + 1, len(header))
        if not GROUP.fullmatch(header[i]) and not OBJECTIVE.fullmatch(header[i])
    ]
    groups: dict[int, dict[str, int]] = {}
    for index, name in enumerate(header):
        if match := GROUP.fullmatch(name):
            groups.setdefault(int(match[2]), {})[match[1]] = index
    if len(sco) > 1:
        names = ", ".join(header[i] for i in sco)
        raise NotADownload(f"unrecognised columns {names}: the report reads single-SCO packages")
    kind = "Interactions" if groups else "Basic or Objectives"
    download = Download(path, kind, form, header[sco[0]] if sco else None)
    for number, row in enumerate(rows, 2):
        row = row + [""] * (len(header) - len(row))
        name = row[at["Name"]]
        learner = Learner(name, tuple(row[i] for i in identity))
        attempt = row[at["Attempt"]]
        if attempt == "-":
            download.learners.append(learner)
            continue
        if not attempt.isdigit():
            raise NotADownload(f"row {number}: Attempt is {attempt!r}, not a number")
        status = row[sco[0]] if sco else ""
        score = _score(row[at["Score"]], status)
        answers = []
        for index in sorted(groups):
            columns = groups[index]
            values = {part: row[column] for part, column in columns.items()}
            if not any(values.values()):
                continue
            question = values.get("Question", "")
            if not question:
                raise Unusable(
                    "Interactions report without the question ids: tick "
                    '"Summary of question" in the report\'s preferences, save, and '
                    "download again"
                )
            answers.append(
                Answer(
                    index,
                    question,
                    values.get("Response", ""),
                    values.get("Right answer"),
                    values.get("Result"),
                )
            )
        download.learners.append(learner)
        download.attempts.append(
            Attempt(
                learner,
                int(attempt),
                score,
                _status(status),
                row[at["Started on"]],
                row[at["Last accessed on"]],
                answers,
                number,
            )
        )
    return download


def _score(score: str, status: str) -> int | None:
    """The attempt's score, None when the SCO sent none (Moodle shows `0` for those)."""
    shown = status.split("/")[0]
    if shown.replace(".", "", 1).isdigit():
        return round(float(shown))
    if status and not shown[:1].isdigit():
        return None
    return round(float(score)) if score.replace(".", "", 1).isdigit() else None


def _status(status: str) -> str:
    """`passed`, `failed`, `completed`, `incomplete`, … or `scored` when Moodle shows the score."""
    return "scored" if status[:1].isdigit() else status.lower()


def _track(path: Path, rows: list[list[str]], form: str) -> Download:
    values = {row[0]: html.unescape(row[1]) if len(row) > 1 else "" for row in rows if row}
    scorm = "1.2" if any(name.startswith("cmi.core.") for name in values) else "2004"
    parts: dict[int, dict[str, str]] = {}
    for name, value in values.items():
        if match := ELEMENT.fullmatch(name):
            field = match[2].split(".")[0].split("_")[0]
            parts.setdefault(int(match[1]), {})[field] = value
    answers = [
        Answer(
            index,
            p.get("id", ""),
            p.get("student", p.get("learner", "")),
            p.get("correct"),
            p.get("result"),
        )
        for index, p in sorted(parts.items())
    ]
    label, number = _learner_from_name(path)
    if scorm == "1.2":
        status = values.get("cmi.core.lesson_status", "")
        raw = values.get("cmi.core.score.raw", "")
    else:
        status = values.get("cmi.success_status") or values.get("cmi.completion_status", "")
        raw = values.get("cmi.score.raw", "")
    score = round(float(raw)) if raw.replace(".", "", 1).isdigit() else None
    learner = Learner(label, ())
    download = Download(path, "Track details", form, None, scorm=scorm)
    download.learners.append(learner)
    download.attempts.append(Attempt(learner, number, score, status, "", "", answers, None))
    return download


def _learner_from_name(path: Path) -> tuple[str, int]:
    """Moodle names every Track details download alike; docs/tracking.md asks trainers to save
    each as `<learner> attempt <N>.csv`. Without that, each file counts as its own learner."""
    match = ATTEMPT_IN_NAME.search(path.stem)
    if match and match[1].strip(" -"):
        return match[1].strip(" -"), int(match[2])
    return path.stem, 1
