"""`scorm-builder report`: Moodle's SCORM report downloads + the course source → one HTML
item analysis (and CSV tables). Reading: `sheets` (formats), `downloads` (which report, read
into `model`), `join` (with the course, via `items`; `activities` groups the downloads
by Moodle activity); figures: `stats`, `tables`; page:
`render`, `charts`."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from builder.errors import BuildError, Problem, display_path
from builder.model import Course
from builder.report.join import join
from builder.report.render import render_report
from builder.report.stats import ModuleStats, analyse
from builder.report.tables import module_tables


@dataclass(frozen=True)
class Report:
    """What a run produced."""

    html: str
    modules: list[ModuleStats]
    used: list[Path]
    skipped: list[tuple[Path, str]]


def make_report(course: Course, paths: list[Path], names: bool = False) -> Report:
    """Read every download and analyse each module; raises BuildError on any file that does
    not fit the course, or when no download could be used."""
    joined = join(course, paths)
    if joined.problems:
        raise BuildError(joined.problems)
    skipped_paths = {path for path, _ in joined.skipped}
    used = [path for path in paths if path not in skipped_paths]
    if not joined.modules:
        reasons = [
            Problem(display_path(path), None, f"skipped: {reason}", warning=True)
            for path, reason in joined.skipped
        ]
        hint = "none of the downloads could be used: docs/tracking.md says which to take"
        raise BuildError([*reasons, Problem("report", None, hint)])
    modules = [analyse(data) for data in joined.modules.values()]
    html = render_report(course, modules, used, joined.skipped, names)
    return Report(html, modules, used, joined.skipped)


def write_csv(folder: Path, modules: list[ModuleStats], names: bool) -> list[Path]:
    """The report's tables as CSV files in `folder`: one file per table over every module,
    and with `names` a `learners-<module>.csv` per module."""
    folder.mkdir(parents=True, exist_ok=True)
    merged: dict[str, tuple[list[str], list[list[str]]]] = {}
    for stats in modules:
        for table in module_tables(stats, names):
            # learners tables have a column per question: one file per module
            name = f"learners-{stats.data.key}" if table.name == "learners" else table.name
            merged.setdefault(name, (table.header, []))[1].extend(table.rows)
    written = []
    for name, (header, rows) in merged.items():
        path = folder / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as stream:
            writer = csv.writer(stream)
            writer.writerow(header)
            writer.writerows(rows)
        written.append(path)
    return written
