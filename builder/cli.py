"""The `scorm-builder` command line: build, validate, new, preview.

Exit status: 0 success, 1 problems found, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from builder.build import BuiltPackage, build_course
from builder.errors import BuildError, display_path
from builder.model import Module
from builder.parse import slugify
from builder.resources import templates_dir
from builder.scorm import VERSIONS

PROGRESS_AFTER = 20  # modules: larger builds show a progress line per module
COLOURS = {"red": "31", "green": "32", "bold": "1", "dim": "2"}  # ANSI SGR codes

BUILD_EXAMPLES = """\
examples:
  scorm-builder build                     every module, the course's default SCORM version
  scorm-builder build --scorm all         SCORM 1.2 and SCORM 2004 packages
  scorm-builder build --scorm 2004 --out /tmp/packages
  scorm-builder build --modules drafts/ --quiet

Run it in the folder that holds course.yml. Each module becomes
dist/<course-id>-<module-id>-scorm12.zip (or -scorm2004.zip). On any problem
nothing is written and every problem is listed as path:line: message.
"""
VALIDATE_EXAMPLES = """\
examples:
  scorm-builder validate dist/*.zip
  scorm-builder validate ~/Downloads/vendor-course.zip

Checks the zip layout, the manifest against the official SCORM schemas, that
every referenced file is present, and Moodle's import rules. Works on any
SCORM 1.2 or 2004 package. Prints one line per problem; exit status 1 if any.
"""
NEW_EXAMPLES = """\
examples:
  scorm-builder new "Recognising abuse"
  scorm-builder new "Sharing information" --modules modules/

Writes modules/NN-slug.md (NN = the next number) from a commented template.
"""
PREVIEW_EXAMPLES = """\
examples:
  scorm-builder preview
  scorm-builder preview --help            the preview server's own options
"""
MAIN_EXAMPLES = """\
examples:
  scorm-builder new "Recognising abuse"   start a module
  scorm-builder preview                   see it in a browser while writing
  scorm-builder build --scorm all         make the zips in dist/
  scorm-builder validate dist/*.zip       check them before uploading to Moodle

Run `scorm-builder COMMAND --help` for each command's options.
"""


class _Output:
    """Writes to a stream, with colour only on a terminal (and never with NO_COLOR)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.colour = stream.isatty() and "NO_COLOR" not in os.environ

    def line(self, text: str, colour: str = "") -> None:
        """Print one line, in `colour` (a key of COLOURS) on a terminal."""
        if self.colour and colour:
            text = f"\033[{COLOURS[colour]}m{text}\033[0m"
        print(text, file=self.stream, flush=True)


def _parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="scorm-builder",
        description="Turn Markdown lessons into SCORM 1.2 and SCORM 2004 packages for Moodle.",
        epilog=MAIN_EXAMPLES,
        formatter_class=formatter,
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser(
        "build",
        help="compile every module into its own SCORM package",
        description="Compile every module into its own single-SCO SCORM package.",
        epilog=BUILD_EXAMPLES,
        formatter_class=formatter,
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
    build.add_argument(
        "-q", "--quiet", action="store_true", help="print nothing unless there is a problem"
    )
    validate = commands.add_parser(
        "validate",
        help="check SCORM packages (ours or anyone's)",
        description="Check SCORM packages: schemas, files and Moodle's import rules.",
        epilog=VALIDATE_EXAMPLES,
        formatter_class=formatter,
    )
    validate.add_argument("packages", nargs="+", type=Path, metavar="PATH.zip")
    new = commands.add_parser(
        "new",
        help="start a new module from a commented template",
        description="Write a new module file from a commented template.",
        epilog=NEW_EXAMPLES,
        formatter_class=formatter,
    )
    new.add_argument("title", help="the module title, in quotes")
    new.add_argument(
        "--modules", type=Path, default=Path("modules"), metavar="DIR", help="module folder"
    )
    commands.add_parser(
        "preview",
        help="preview the course in a browser, with an emulated LMS",
        description="Serve the course locally, rebuilding as you edit.",
        epilog=PREVIEW_EXAMPLES,
        formatter_class=formatter,
        add_help=False,
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["preview"]:
            from builder.preview import main as preview_main

            return preview_main(args[1:])
        options = _parser().parse_args(args)
        if options.command == "build":
            return _build(options)
        if options.command == "validate":
            return _validate(options.packages)
        return _new(options.title, options.modules)
    except BrokenPipeError:  # `scorm-builder validate *.zip | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _build(options: argparse.Namespace) -> int:
    out, err = _Output(sys.stdout), _Output(sys.stderr)
    versions = (
        list(VERSIONS) if options.scorm == "all" else [options.scorm] if options.scorm else []
    )
    started = time.perf_counter()

    def progress(number: int, total: int, module: Module) -> None:
        if total > PROGRESS_AFTER and not options.quiet:
            err.line(f"[{number:>{len(str(total))}}/{total}] {display_path(module.source)}", "dim")

    try:
        built = build_course(Path.cwd(), options.out, versions, options.modules, progress)
    except BuildError as error:
        for problem in error.problems:
            err.line(str(problem), "red")
        count = len(error.problems)
        err.line(f"{_count(count, 'problem')}; nothing was written", "bold")
        return 1
    except OSError as error:
        where = display_path(Path(error.filename)) if error.filename else str(options.out)
        err.line(f"{where}: cannot build: {error.strerror or error}", "red")
        return 1
    if not options.quiet:
        for package in built:
            out.line(_describe(package))
        seconds = time.perf_counter() - started
        out.line(f"Built {_count(len(built), 'package')} in {seconds:.2f} s", "green")
    return 0


def _count(number: int, noun: str) -> str:
    """`1 page`, `2 pages`."""
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _describe(package: BuiltPackage) -> str:
    """`dist/x.zip  12.3 KB  5 pages  2 questions`."""
    module = package.module
    return (
        f"{display_path(package.path)}  {package.size / 1024:.1f} KB  "
        f"{_count(len(module.pages), 'page')}  {_count(len(module.questions), 'question')}"
    )


def _validate(packages: list[Path]) -> int:
    from builder.validate import validate_package

    out, err = _Output(sys.stdout), _Output(sys.stderr)
    status = 0
    for path in packages:
        problems = validate_package(path)
        for problem in problems:
            err.line(problem, "red")
        if problems:
            status = 1
        else:
            out.line(f"{display_path(path)}: valid", "green")
    return status


def _new(title: str, folder: Path) -> int:
    err = _Output(sys.stderr)
    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        err.line(f"{title!r}: the title needs some letters or digits", "red")
        return 1
    numbers = [int(m.group(1)) for p in folder.glob("*.md") if (m := re.match(r"(\d+)-", p.name))]
    path = folder / f"{max(numbers, default=0) + 1:02d}-{slug}.md"
    taken = sorted(folder.glob(f"*-{slug}.md"))
    if taken:
        err.line(f"{display_path(taken[0])}: a module with this title exists already", "red")
        return 1
    template = (templates_dir() / "new-module.md").read_text(encoding="utf-8")
    text = template.replace("{{ id }}", slug).replace(
        "{{ title }}", json.dumps(title, ensure_ascii=False)
    )
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    _Output(sys.stdout).line(f"Created {display_path(path)}")
    return 0
