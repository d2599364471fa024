"""`scorm-builder check`: the question-quality report, module by module."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.check import check_module
from builder.check.testwise import STRATEGIES
from builder.console import Output, count
from builder.course import load_course
from builder.errors import BuildError, display_path
from builder.workers import Workers

EXAMPLES = """\
examples:
  scorm-builder check                     a report per module
  scorm-builder check --strict            for CI: exit 1 on any warning

Finds what gives answers away (the right option always the longest, a word
only the right answers use, absolute words in true/false statements, options
of very different length, a draw that can leave a key message unassessed) and
simulates test-wise learners who answer from such cues alone, against the
module's real pool, draw and pass mark. `build` prints the same warnings.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `check`."""
    check = commands.add_parser(
        "check",
        help="report what gives answers away, and how test-wise learners would score",
        description="Check the questions of every module for cues that give answers away.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument(
        "--modules", type=Path, metavar="DIR", help="module folder (default: modules/)"
    )
    check.add_argument("--strict", action="store_true", help="exit 1 on any warning (for CI)")


def run(options: argparse.Namespace) -> int:
    """Print the report; 1 on an error in the sources, or on a warning with --strict."""
    out, err = Output(sys.stdout), Output(sys.stderr)
    try:
        with Workers() as workers:  # a large course is read one process per core
            course = load_course(Path.cwd(), options.modules, workers)
    except BuildError as error:
        for problem in error.problems:
            err.line(str(problem), "yellow" if problem.warning else "red")
        return 1
    total = 0
    for module in course.modules:
        result = check_module(module)
        pool = count(len(module.questions), "question")
        out.line(
            f"{display_path(module.source)}: {module.id}, {pool} in the pool, "
            f"{module.asked} asked, pass mark {module.pass_mark}%",
            "bold",
        )
        for name, score in result.scores.items():
            flag = "  ← reaches the pass mark" if score >= module.pass_mark else ""
            out.line(f"  {score:5.1f}%  a learner who {STRATEGIES[name]}{flag}")
        for problem in result.warnings:
            out.line(f"  {problem}", "yellow")
        total += len(result.warnings)
    for problem in course.warnings:  # the sources' own, outside the question-quality check
        err.line(str(problem), "yellow")
    total += len(course.warnings)
    out.line(f"{count(total, 'warning')}", "bold" if total else "green")
    return 1 if options.strict and total else 0
