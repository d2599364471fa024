"""`scorm-builder build`: every module into its own SCORM package."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from builder.build import BuiltPackage, build_course
from builder.console import Output, count
from builder.errors import BuildError, Problem, display_path
from builder.model import Module
from builder.scorm import VERSIONS
from builder.workers import PARALLEL_FROM

PROGRESS_AFTER = 20  # modules: larger builds show a progress line per module
EXAMPLES = """\
examples:
  scorm-builder build                     every module, the course's default SCORM version
  scorm-builder build --scorm all         SCORM 1.2 and SCORM 2004 packages
  scorm-builder build --scorm 2004 --out /tmp/packages
  scorm-builder build --modules drafts/ --quiet
  scorm-builder build --strict            for CI: any warning fails the build
  scorm-builder build --clean             also remove this course's stale packages
  scorm-builder build --jobs 1            build in one process (default: one per core)

Run it in the folder that holds course.yml. Each module becomes
dist/<course-id>-<module-id>-scorm12.zip (or -scorm2004.zip). On any problem
nothing is written and every problem is listed as path:line: message: all
packages are written beside the output folder first and moved in together.
Packages of this course that the build no longer makes (a renamed module,
the other SCORM version) are listed as stale; --clean removes them.
Warnings (path:line: warning: message) never change the exit status unless
--strict is given.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `build`."""
    build = commands.add_parser(
        "build",
        help="compile every module into its own SCORM package",
        description="Compile every module into its own single-SCO SCORM package.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build.add_argument(
        "--scorm",
        choices=[*VERSIONS, "all"],
        help="SCORM version to build (default: `scorm` in course.yml, else 1.2)",
    )
    build.add_argument(
        "--modules", type=Path, metavar="DIR", help="module folder (default: modules/)"
    )
    build.add_argument(
        "--out",
        type=Path,
        default=Path("dist"),
        metavar="DIR",
        help="output folder (default: dist/)",
    )
    build.add_argument("--strict", action="store_true", help="treat warnings as errors (for CI)")
    build.add_argument(
        "--clean",
        action="store_true",
        help="remove this course's packages that the build no longer makes (listed as stale)",
    )
    build.add_argument(
        "--jobs",
        type=_jobs,
        metavar="N",
        help="modules built at once, one process each (default: one per core from "
        f"{PARALLEL_FROM} modules; 1 builds in this process)",
    )
    build.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing unless there is a problem"
    )


def _jobs(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def run(options: argparse.Namespace) -> int:
    """Build; 0 when every package was written, 1 on any problem."""
    out, err = Output(sys.stdout), Output(sys.stderr)
    versions = (
        list(VERSIONS) if options.scorm == "all" else [options.scorm] if options.scorm else []
    )
    started = time.perf_counter()

    def progress(number: int, total: int, module: Module) -> None:
        if total > PROGRESS_AFTER and not options.quiet:
            err.line(f"[{number:>{len(str(total))}}/{total}] {display_path(module.source)}", "dim")

    warnings: list[Problem] = []
    stale: list[Path] = []
    try:
        built = build_course(
            Path.cwd(),
            options.out,
            versions,
            options.modules,
            progress,
            options.strict,
            warnings,
            stale,
            options.clean,
            options.jobs,
        )
    except BuildError as error:
        for problem in error.problems:
            err.line(str(problem), "yellow" if problem.warning and not options.strict else "red")
        number = len(error.problems)
        err.line(f"{count(number, 'problem')}; nothing was written", "bold")
        return 1
    except OSError as error:
        where = display_path(Path(error.filename)) if error.filename else str(options.out)
        err.line(f"{where}: cannot build: {error.strerror or error}", "red")
        return 1
    for problem in warnings:
        err.line(str(problem), "yellow")
    for path in stale:
        if options.clean:
            err.line(f"{display_path(path)}: removed: this build no longer makes it")
        else:
            err.line(
                f"{display_path(path)}: stale: this build no longer makes it (a renamed module "
                "or the other SCORM version); `build --clean` removes it",
                "yellow",
            )
    if not options.quiet:
        for package in built:
            out.line(describe(package))
        seconds = time.perf_counter() - started
        out.line(f"Built {count(len(built), 'package')} in {seconds:.2f} s", "green")
    return 0


def describe(package: BuiltPackage) -> str:
    """`dist/x.zip  12.3 KB  5 pages  2 questions`."""
    module = package.module
    return (
        f"{display_path(package.path)}  {package.size / 1024:.1f} KB  "
        f"{count(len(module.pages), 'page')}  {count(len(module.questions), 'question')}"
    )
