"""`scorm-builder validate`: check any SCORM package, ours or anyone's."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.console import Output
from builder.errors import display_path

EXAMPLES = """\
examples:
  scorm-builder validate dist/*.zip
  scorm-builder validate ~/Downloads/vendor-course.zip

Checks the zip layout, the manifest against the official SCORM schemas, that
every referenced file is present, and Moodle's import rules. Works on any
SCORM 1.2 or 2004 package. Prints one line per problem; exit status 1 if any.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `validate`."""
    validate = commands.add_parser(
        "validate",
        help="check SCORM packages (ours or anyone's)",
        description="Check SCORM packages: schemas, files and Moodle's import rules.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument("packages", nargs="+", type=Path, metavar="PATH.zip")


def run(options: argparse.Namespace) -> int:
    """Validate each package; 1 when any has a problem."""
    from builder.validate import validate_package

    out, err = Output(sys.stdout), Output(sys.stderr)
    status = 0
    for path in options.packages:
        problems = validate_package(path)
        for problem in problems:
            err.line(problem, "red")
        if problems:
            status = 1
        else:
            out.line(f"{display_path(path)}: valid", "green")
    return status
