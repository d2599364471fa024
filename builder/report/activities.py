"""A module's Moodle activities: one module can be several (its SCORM 1.2 and 2004 packages).

Downloads of one activity list the same attempts (learner, number, start, score), so activity
reports are grouped by the attempts they share; a Track details download joins the activity
of its SCORM version. Each activity is then reported on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.console import count
from builder.errors import Problem, display_path
from builder.model import Module
from builder.questions.report_items import ReportItem
from builder.report.dates import date
from builder.report.model import Attempt, Download, Learner


@dataclass
class ModuleData:
    """One module's learners and attempts, from every download that is about it."""

    module: Module
    items: dict[str, ReportItem]
    files: list[Download] = field(default_factory=list)
    listed: dict[Learner, None] = field(default_factory=dict)  # ordered set
    attempts: dict[tuple[Learner, int], Attempt] = field(default_factory=dict)  # who did what
    answered: dict[tuple[Learner, int], Attempt] = field(default_factory=dict)  # with answers
    scorm: set[str] = field(default_factory=set)
    source: dict[tuple[Learner, int], Path] = field(default_factory=dict)  # where each attempt is
    key: str = ""  # unique in the report: the module id, or `<id>-scorm12` when several
    title: str = ""  # the module title, with the SCORM version when several


def place_report(
    download: Download, versions: set[str], ref: ModuleData, group: list[ModuleData]
) -> list[Problem]:
    """Add an activity report to the activity of its module that lists the same attempts, or
    start a new activity; a download that agrees with an activity on some attempts and not
    on others is one error naming both files."""
    for data in group:
        if versions and data.scorm and versions != data.scorm:
            continue
        shared = [a for a in download.attempts if (a.learner, a.number) in data.attempts]
        differ = [a for a in shared if _differs(a, data.attempts[(a.learner, a.number)])]
        if differ and len(differ) < len(shared):
            return [_clash(download, data, differ)]
        if (shared and not differ) or (not shared and versions and versions == data.scorm):
            data.scorm |= versions
            return _merge_activity(download, data)
    data = ModuleData(ref.module, ref.items, scorm=versions)
    group.append(data)
    return _merge_activity(download, data)


def _differs(attempt: Attempt, known: Attempt) -> bool:
    return (known.score, date(known.started)) != (attempt.score, date(attempt.started))


def _clash(download: Download, data: ModuleData, differ: list[Attempt]) -> Problem:
    """One error for a pair of files that disagree on some attempts, with the row count."""
    first = differ[0]
    key = (first.learner, first.number)
    other = display_path(data.source[key])
    known = data.attempts[key]
    more = f" (and {count(len(differ) - 1, 'more row')})" if differ[1:] else ""
    return Problem(
        display_path(download.path),
        first.row,
        f"{first.learner.name}, attempt {first.number}: {_said(first)} here, but "
        f"{_said(known)} in {other}{more}, which lists the other attempts alike: download "
        "both again from the same activity, at the same time",
    )


def _said(attempt: Attempt) -> str:
    score = "no score" if attempt.score is None else f"score {attempt.score}"
    return f"{score}, started {attempt.started!r}"


def activity_of_track(
    download: Download, ref: ModuleData, group: list[ModuleData]
) -> ModuleData | str:
    """The activity of a Track details download: the one of its SCORM version, else the only
    one whose version is unknown, else a new one; an error when it cannot tell."""
    version = {download.scorm or ""}
    exact = [data for data in group if data.scorm == version]
    unknown = [data for data in group if not data.scorm]
    if len(exact) == 1 or (not exact and len(unknown) == 1):
        data = (exact or unknown)[0]
        data.scorm |= version
        return data
    if not exact and not unknown:
        data = ModuleData(ref.module, ref.items, scorm=version)
        group.append(data)
        return data
    files = "; ".join(
        f"activity {n}: {', '.join(display_path(d.path) for d in data.files)}"
        for n, data in enumerate(exact or unknown, 1)
    )
    return (
        f"it cannot be told which Moodle activity of {ref.module.id!r} this Track details{{more}} "
        f"is from ({files}): add the Interactions report of the SCORM 1.2 activity (its "
        "answers show its version), or run the report once per activity"
    )


def named(groups: dict[str, list[ModuleData]]) -> dict[str, ModuleData]:
    """Every activity by its key; a module with several activities names their versions."""
    named = {}
    for module_id, group in groups.items():
        for number, data in enumerate(group, 1):
            data.key, data.title = module_id, data.module.title
            if len(group) > 1:
                version = "".join(sorted(data.scorm))
                label = f"SCORM {version}" if version else f"activity {number}"
                suffix = f"scorm{version.replace('.', '')}" if version else str(number)
                data.key, data.title = f"{module_id}-{suffix}", f"{data.module.title} ({label})"
            named[data.key] = data
    return named


def _merge_activity(download: Download, data: ModuleData) -> list[Problem]:
    """Add an activity report whose attempts agree with the activity's (see _place_report)."""
    data.files.append(download)
    data.listed.update(dict.fromkeys(download.learners))
    problems = []
    for attempt in download.attempts:
        key = (attempt.learner, attempt.number)
        data.source.setdefault(key, download.path)
        data.attempts.setdefault(key, attempt)
        if attempt.answers:
            seen = data.answered.get(key)
            if seen and [a.id for a in seen.answers] != [a.id for a in attempt.answers]:
                message = f"{attempt.learner.name}, attempt {attempt.number}: other answers"
                where = display_path(download.path)
                problems.append(Problem(where, attempt.row, f"{message} than in another download"))
            data.answered.setdefault(key, attempt)
    return problems
