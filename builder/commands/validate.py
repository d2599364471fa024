"""`scorm-builder validate`: check any SCORM package, ours or anyone's, zipped or unpacked."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.console import Output, count
from builder.errors import display_path

EXAMPLES = """\
examples:
  scorm-builder validate dist/*.zip
  scorm-builder validate ~/Downloads/vendor-course.zip
  scorm-builder validate unpacked-course/          an unzipped package folder
  scorm-builder validate --strict dist/*.zip      for CI: any warning fails

Answers the question an admin asks: will Moodle 4.5 accept and run this, and
does it follow the SCORM specification? Checks zip safety and layout, the
manifest against the official schemas of its version, every file it names,
and Moodle's import rules. Works on any SCORM 1.2 or 2004 package.

Each problem is one line. An error (path: message) means Moodle refuses the
package or it breaks for learners: exit status 1. A warning
(path: warning: message) is a deviation from the specification that Moodle
tolerates: exit status 0, unless --strict is given.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `validate`."""
    validate = commands.add_parser(
        "validate",
        help="check SCORM packages (ours or anyone's), zipped or unpacked",
        description="Check SCORM packages: schemas, files and Moodle's import rules.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    validate.add_argument(
        "packages", nargs="+", type=Path, metavar="PATH", help="a package .zip or its folder"
    )
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors (for CI)")


def run(options: argparse.Namespace) -> int:
    """Validate each package; 1 when any has an error (or, with --strict, a warning)."""
    from builder.validate import check_package

    out, err = Output(sys.stdout), Output(sys.stderr)
    status = 0
    for path in options.packages:
        report = check_package(path)
        for problem in report.result():
            err.line(str(problem), "yellow" if problem.warning else "red")
        label = display_path(path)
        if report.errors or (report.warnings and options.strict):
            status = 1
            found = [count(report.errors, "error")] if report.errors else []
            found += [count(report.warnings, "warning")] if report.warnings else []
            err.line(f"{label}: not ready for Moodle: {', '.join(found)}", "bold")
        elif report.warnings:
            warned = count(report.warnings, "warning")
            out.line(f"{label}: valid for Moodle, with {warned}", "green")
        else:
            out.line(f"{label}: valid", "green")
    return status
