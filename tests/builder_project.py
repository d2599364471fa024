"""Helpers for the builder tests: small projects in a temporary folder, and the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.course import load_course
from builder.errors import BuildError
from builder.model import Module

ROOT = Path(__file__).resolve().parent.parent
EVERY_CONSTRUCT = ROOT / "tests" / "fixtures" / "project"
FIXTURE_MODULES = len(list((EVERY_CONSTRUCT / "modules").glob("*.md")))  # one package each

COURSE = """\
id: test-course
title: Test course
organisation: Test Partnership
language: en-GB
pass_mark: 80
"""

QUESTION = """\
::: question
Who should you tell?

- [ ] Nobody
- [x] The designated safeguarding lead
:::
"""


def module(body: str = "Opening text.\n\n## A page\n\nText.\n", **front: object) -> str:
    """A module file: front matter (id, title, minutes by default) and a body."""
    fields = {"id": "mod", "title": "A module", "minutes": 10} | front
    lines = [f"{key}: {value}" for key, value in fields.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n" + body


def write_project(root: Path, modules: dict[str, str | bytes], course: str = COURSE) -> Path:
    """course.yml and modules/<name> files under `root`; returns `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "course.yml").write_text(course, encoding="utf-8")
    folder = root / "modules"
    folder.mkdir(exist_ok=True)
    for name, text in modules.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m builder ARGS` in `cwd`, as a user would run it."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "builder", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def load_module(root: Path, body: str, **front: object) -> Module:
    """The model of one module (`module(body, **front)`) in a project at `root`."""
    write_project(root, {"01-mod.md": module(body, **front)})
    return load_course(root).modules[0]


def load_problems(root: Path, modules: dict[str, str | bytes], course: str = COURSE) -> list[str]:
    """The problem lines of a project that must fail to load."""
    write_project(root, modules, course)
    with pytest.raises(BuildError) as caught:
        load_course(root)
    return [str(problem) for problem in caught.value.problems]


SHORT = re.compile(r"[A-Za-z0-9_.]{1,250}")  # Moodle's 2004 short identifier


def kind_questions(kind: str) -> list:
    """Every question of `kind` in the repository's course and the fixture project."""
    return [
        question
        for project in (ROOT, EVERY_CONSTRUCT)
        for mod in load_course(project).modules
        for question in mod.questions
        if question.kind == kind
    ]
