"""`scorm-builder init`: start a new course folder (course.yml, one module, .gitignore)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from builder.console import Output
from builder.errors import display_path
from builder.linked_files import slugify
from builder.resources import templates_dir

EXAMPLE = Path("modules") / "01-welcome.md"
DIST_IGNORED = {"dist", "dist/", "/dist", "/dist/"}  # .gitignore lines that leave out dist/
EXAMPLES = """\
examples:
  scorm-builder init safeguarding        a new folder safeguarding/ with a course in it
  scorm-builder init                     the current folder

Writes course.yml (every setting explained in comments), modules/01-welcome.md
(an example module that builds as it is) and a .gitignore that leaves out dist/.
Writes nothing if the folder holds a course.yml or that module already.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `init`."""
    init = commands.add_parser(
        "init",
        help="start a new course: course.yml, an example module, .gitignore",
        description="Start a new course in FOLDER (default: the current folder).",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    init.add_argument(
        "folder", nargs="?", type=Path, default=Path("."), metavar="FOLDER", help="course folder"
    )


def run(options: argparse.Namespace) -> int:
    """Write the course's starting files; 1 when one is there already."""
    err = Output(sys.stderr)
    folder: Path = options.folder
    if folder.exists() and not folder.is_dir():
        err.line(f"{display_path(folder)}: not a folder: give a new or existing folder", "red")
        return 1
    taken = [folder / name for name in ("course.yml", EXAMPLE) if (folder / name).exists()]
    if taken:
        for path in taken:
            err.line(f"{display_path(path)}: exists already: init never overwrites", "red")
        err.line("nothing was written", "bold")
        return 1
    name = folder.resolve().name
    slug = slugify(name) or "my-course"
    title = name.replace("-", " ").replace("_", " ").strip().capitalize() or "My course"
    templates = templates_dir() / "init"
    course = (templates / "course.yml").read_text(encoding="utf-8")
    course = course.replace("{{ id }}", slug).replace(
        "{{ title }}", json.dumps(title, ensure_ascii=False)
    )
    (folder / "modules").mkdir(parents=True, exist_ok=True)
    (folder / "course.yml").write_text(course, encoding="utf-8")
    (folder / EXAMPLE).write_bytes((templates / "module.md").read_bytes())
    out = Output(sys.stdout)
    for path in (folder / "course.yml", folder / EXAMPLE):
        out.line(f"Created {display_path(path)}")
    gitignore = folder / ".gitignore"
    ignored = gitignore.read_text(encoding="utf-8") if gitignore.exists() else ""
    if not DIST_IGNORED.intersection(line.strip() for line in ignored.splitlines()):
        separator = "\n" if ignored and not ignored.endswith("\n") else ""
        addition = (templates / "gitignore").read_text(encoding="utf-8")
        gitignore.write_text(ignored + separator + addition, encoding="utf-8")
        out.line(f"{'Added dist/ to' if ignored else 'Created'} {display_path(gitignore)}")
    where = display_path(folder)
    step = "" if where == "." else f"cd {where}, then "
    out.line(f"Next: {step}edit course.yml and run `scorm-builder preview`", "green")
    return 0
