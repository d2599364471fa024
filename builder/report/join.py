"""Downloads + the course source → what each module's learners did (ModuleData).

Activity reports give who is listed, attempts, scores and (SCORM 1.2) answers; Track details
give one attempt's answers (the only place SCORM 2004 answers are). Every answer is checked
against the course: a download that does not fit it is an error naming the file and row.
Grouping into Moodle activities: activities.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.console import count
from builder.errors import Problem, display_path
from builder.model import Course
from builder.report.activities import ModuleData, activity_of_track, named, place_report
from builder.report.downloads import read_download
from builder.report.items import Mismatch, module_items
from builder.report.model import Answer, Download
from builder.report.sheets import NotADownload, Unusable


@dataclass
class Joined:
    """The result of reading every download."""

    modules: dict[str, ModuleData]
    skipped: list[tuple[Path, str]]
    problems: list[Problem]


def join(course: Course, paths: list[Path]) -> Joined:
    """Read, recognise and check every download; problems are errors, skipped are not."""
    modules = {m.id: ModuleData(m, module_items(m)) for m in course.modules}  # to recognise
    groups: dict[str, list[ModuleData]] = {m.id: [] for m in course.modules}  # activities
    by_title = {m.title: m.id for m in course.modules}
    skipped: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    tracks: list[tuple[Download, ModuleData]] = []
    reports: list[tuple[Download, ModuleData]] = []
    for path in paths:
        where = display_path(path)
        try:
            download = read_download(path)
        except Unusable as reason:
            skipped.append((path, str(reason)))
            continue
        except (NotADownload, OSError, ValueError) as error:
            problems.append(Problem(where, None, str(error)))
            continue
        try:
            found = _module_of(download, modules, by_title, course)
        except Unusable as reason:
            skipped.append((path, str(reason)))
            continue
        if isinstance(found, str):
            problems.append(Problem(where, None, found))
            continue
        bad = _check_answers(download, found)
        if bad:
            problems += bad
            continue
        (tracks if download.kind == "Track details" else reports).append((download, found))
    for download, found in reports:
        problems += place_report(download, _versions(download), found, groups[found.module.id])
    activity = {
        id(data): list(data.files) for group in groups.values() for data in group
    }  # before any Track details is added
    unplaced: dict[str, list[Path]] = {}  # why a Track details has no activity → files
    for download, found in tracks:
        data = activity_of_track(download, found, groups[found.module.id])
        if isinstance(data, str):  # the same for every Track details of the module: once
            unplaced.setdefault(data, []).append(download.path)
            continue
        answers = [d for d in activity.get(id(data), []) if d.has_answers]
        if answers:
            skipped.append(
                (
                    download.path,
                    f"the answers of {data.module.id} already come from "
                    f"{display_path(answers[0].path)}",
                )
            )
            continue
        problems += _merge_track(download, data, listed=not activity.get(id(data)))
    for message, files in unplaced.items():
        more = f" (and {count(len(files) - 1, 'more Track details file')})" if files[1:] else ""
        problems.append(Problem(display_path(files[0]), None, message.replace("{more}", more)))
    return Joined(named(groups), skipped, problems)


def _module_of(
    download: Download, modules: dict[str, ModuleData], by_title: dict[str, str], course: Course
) -> ModuleData | str:
    """The module a download is about, or why it does not fit the course; raises Unusable
    when the download cannot tell."""
    ids = {answer.id for attempt in download.attempts for answer in attempt.answers}
    if download.sco is not None:
        if download.sco not in by_title:
            titles = ", ".join(repr(t) for t in by_title)
            return (
                f"the column {download.sco!r} (the SCO title) is no module of the course "
                f"{course.config.id!r} (modules: {titles}): is the download from another "
                "course, or is --course wrong?"
            )
        return modules[by_title[download.sco]]
    if not ids:
        if download.kind == "Track details":
            raise Unusable("it has no answers, so its module cannot be told")
        raise Unusable(
            'it has no column naming the module (the Basic report with "Details" = No): '
            "download the Basic report with Details = Yes, or the Interactions report, "
            "which lists the same attempts"
        )
    owners = [data for data in modules.values() if ids & data.items.keys()]
    if len(owners) != 1 or not ids <= owners[0].items.keys():
        unknown = sorted(ids - (owners[0].items.keys() if len(owners) == 1 else set()))
        return (
            f"question ids {', '.join(unknown) or ', '.join(sorted(ids))} are not the "
            f"questions of one module of the course {course.config.id!r}"
        )
    return owners[0]


def _check_answers(download: Download, data: ModuleData) -> list[Problem]:
    """Every answer must be a question of the module, a possible response, Moodle's right
    answer must be the course's, and Moodle's result must agree with it. Each problem is
    listed once, at its first row, with the number of rows that have it."""
    found: dict[str, list[int | None]] = {}  # message → rows
    other = "the download comes from another version of the module"
    for attempt in download.attempts:
        for answer in attempt.answers:
            message = _mismatch(answer, data)
            if message:
                found.setdefault(message.replace("{other}", other), []).append(attempt.row)
    where = display_path(download.path)
    return [
        Problem(where, rows[0], message + (f" (and {len(rows) - 1} more rows)" if rows[1:] else ""))
        for message, rows in found.items()
    ]


def _mismatch(answer: Answer, data: ModuleData) -> str | None:
    """Why one answer does not fit the module (`{other}` stands for the likely cause)."""
    item = data.items.get(answer.id)
    if item is None:
        known = ", ".join(sorted(data.items))
        return (
            f"question id {answer.id!r} is not in module {data.module.id!r} ({known}): {{other}}?"
        )
    try:
        given = item.normalise(answer.response)
        right = item.normalise(answer.pattern) if answer.pattern else item.right
    except Mismatch as error:
        return str(error)
    if right != item.right:
        return (
            f"Moodle's right answer to {item.title} is {answer.pattern!r}, "
            f"the course's {item.describe(item.right)!r}: {{other}}"
        )
    if answer.result and (answer.result == "correct") != (given == item.right):
        marked = f"Moodle marked {answer.response!r} to {item.title} {answer.result!r}"
        return f"{marked}, unlike the course: {{other}}"
    return None


def _versions(download: Download) -> set[str]:
    """The SCORM versions a download's answers show (none for reports without answers)."""
    found = {_version(a) for attempt in download.attempts for a in attempt.answers}
    return {version for version in found if version}


def _version(answer: Answer) -> str | None:
    """The SCORM version an answer's syntax shows (see docs/architecture.md), if any."""
    if "[,]" in answer.response or answer.response in ("true", "false"):
        return "2004"
    if answer.result == "incorrect":
        return "2004"
    if answer.response in ("t", "f") or answer.result == "wrong":
        return "1.2"
    return None


def _merge_track(download: Download, data: ModuleData, listed: bool) -> list[Problem]:
    """One learner's attempt; with `listed` (no activity report of the module) the Track
    details are also who is listed and who did what."""
    attempt = download.attempts[0]
    key = (attempt.learner, attempt.number)
    if key in data.answered:
        if data.answered[key].answers == attempt.answers:
            return []  # the same attempt in another format
        return [
            Problem(
                display_path(download.path),
                None,
                (
                    f"a second Track details file for {attempt.learner.name!r}, attempt "
                    f"{attempt.number}, with other answers: save each learner's attempt as "
                    "`<learner> attempt <N>.csv`"
                ),
            )
        ]
    data.files.append(download)
    data.answered[key] = attempt
    if listed:
        data.listed[attempt.learner] = None
        data.attempts[key] = attempt
    return []
