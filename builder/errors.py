"""Problems an author can cause, and the exception that carries them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the sources, with where it is and how to fix it."""

    path: str
    line: int | None
    message: str
    warning: bool = False  # a warning never fails a build, except with `build --strict`

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


def errors_only(problems: Iterable[Problem]) -> list[Problem]:
    """The problems that are not warnings."""
    return [problem for problem in problems if not problem.warning]


class BuildError(Exception):
    """Every problem found in a run (warnings included); the build writes nothing when raised."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when possible."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if relative.startswith("..") else relative
