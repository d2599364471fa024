"""`scorm-builder report`: an item analysis of Moodle's own SCORM report downloads."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.console import Output, count
from builder.errors import BuildError, display_path

EXAMPLES = """\
examples:
  scorm-builder report ~/Downloads/*.txt
  scorm-builder report results/*.xlsx --out children-report.html
  scorm-builder report results/* --course ../safeguarding --csv tables/
  scorm-builder report results/* --names --out named-report.html

Give it any mix of Moodle's SCORM report downloads (Basic, Interactions, Objectives,
and each learner's Track details), as tab-separated text, Excel or ODS: each is
recognised by its content. docs/tracking.md says which to download for SCORM 1.2
and SCORM 2004. Run it in the folder that holds course.yml, or give --course.

Privacy: the report shows figures for groups only. --names adds each learner's
name and answers; safeguarding teams share these reports, so use --names only
for people who may see individual results.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `report`."""
    report = commands.add_parser(
        "report",
        help="item analysis of Moodle's SCORM report downloads",
        description="Join Moodle's SCORM report downloads with the course and write an "
        "HTML report: per module, per question and per key message.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.add_argument("files", nargs="+", type=Path, metavar="FILE")
    report.add_argument(
        "--course",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="folder of course.yml and modules/ (default: the current folder)",
    )
    report.add_argument(
        "--out",
        type=Path,
        default=Path("report.html"),
        metavar="FILE",
        help="the HTML report to write (default: report.html)",
    )
    report.add_argument("--csv", type=Path, metavar="DIR", help="also write the tables as CSV")
    report.add_argument(
        "--names",
        action="store_true",
        help="name learners and show each one's answers (off by default: see Privacy below)",
    )


def run(options: argparse.Namespace) -> int:
    """Write the report; 1 when a download does not fit the course or none can be used."""
    from builder.course import load_course
    from builder.report import make_report, write_csv

    out, err = Output(sys.stdout), Output(sys.stderr)
    try:
        course = load_course(options.course)
        report = make_report(course, list(options.files), options.names)
    except BuildError as error:
        for problem in error.problems:
            err.line(str(problem), "yellow" if problem.warning else "red")
        err.line(f"{count(len(error.problems), 'problem')}; no report was written", "bold")
        return 1
    for path, reason in report.skipped:
        err.line(f"{display_path(path)}: skipped: {reason}", "yellow")
    try:
        options.out.write_text(report.html, encoding="utf-8")
        written = write_csv(options.csv, report.modules, options.names) if options.csv else []
    except OSError as error:
        where = display_path(Path(error.filename)) if error.filename else str(options.out)
        err.line(f"{where}: cannot write: {error.strerror or error}", "red")
        return 1
    modules = count(len(report.modules), "module")
    out.line(f"{display_path(options.out)}: {modules} from {count(len(report.used), 'download')}")
    for path in written:
        out.line(display_path(path))
    return 0
