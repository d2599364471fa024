"""`scorm-builder new`: a new module file from the commented template."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from builder.console import Output
from builder.errors import display_path
from builder.linked_files import slugify
from builder.resources import templates_dir

EXAMPLES = """\
examples:
  scorm-builder new "Recognising abuse"
  scorm-builder new "Sharing information" --modules modules/

Run it in the folder that holds course.yml (`scorm-builder init` makes one).
Writes modules/NN-slug.md (NN = the next number) from a commented template.
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `new`."""
    new = commands.add_parser(
        "new",
        help="start a new module from a commented template",
        description="Write a new module file from a commented template.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument("title", help="the module title, in quotes")
    new.add_argument(
        "--modules", type=Path, default=Path("modules"), metavar="DIR", help="module folder"
    )


def run(options: argparse.Namespace) -> int:
    """Write the module file; 1 when the title is unusable or taken."""
    err = Output(sys.stderr)
    if not Path("course.yml").is_file():
        err.line(
            "no course.yml here: run `scorm-builder new` in the folder that holds course.yml,"
            " or start a course with `scorm-builder init FOLDER`; nothing was written",
            "red",
        )
        return 1
    folder: Path = options.modules
    title = " ".join(options.title.split())
    slug = slugify(title)
    if not slug:
        err.line(f"{title!r}: the title needs some letters or digits", "red")
        return 1
    modules = [p for p in folder.glob("*") if p.suffix.lower() == ".md"] if folder.is_dir() else []
    numbers = [int(m.group(1)) for p in modules if (m := re.match(r"(\d+)-", p.name))]
    path = folder / f"{max(numbers, default=0) + 1:02d}-{slug}.md"
    taken = sorted(p for p in modules if p.stem.lower().endswith(f"-{slug}"))
    if taken:
        err.line(f"{display_path(taken[0])}: a module with this title exists already", "red")
        return 1
    template = (templates_dir() / "new-module.md").read_text(encoding="utf-8")
    text = template.replace("{{ id }}", slug).replace(
        "{{ title }}", json.dumps(title, ensure_ascii=False)
    )
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    Output(sys.stdout).line(f"Created {display_path(path)}")
    return 0
