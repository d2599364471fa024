"""The course as the builder sees it once parsed (see docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.config import CourseConfig
from builder.errors import Problem


@dataclass
class Option:
    """One answer of a question; `letter` is its SCORM response identifier."""

    letter: str
    html: str
    text: str
    correct: bool
    feedback_html: str


@dataclass
class Question:
    """A knowledge-check question (a `::: question` block)."""

    id: str
    kind: str
    html: str
    text: str
    options: list[Option]
    feedback_html: str
    number: int
    key: str
    line: int


@dataclass
class Page:
    """One screen of a module: trusted HTML fragments and questions in source order."""

    index: int
    slug: str
    title: str
    parts: list[str | Question]
    summary: bool
    line: int


@dataclass
class Module:
    """One module file, which becomes one single-SCO package."""

    id: str
    title: str
    description: str
    minutes: int
    pass_mark: int
    source: Path
    pages: list[Page]
    media: dict[str, Path]
    structure: str

    @property
    def questions(self) -> list[Question]:
        """Every question of the module, in order."""
        return [part for page in self.pages for part in page.parts if isinstance(part, Question)]


@dataclass
class Course:
    """The course configuration and its modules, ordered by file name."""

    config: CourseConfig
    modules: list[Module]
    root: Path
    warnings: list[Problem] = field(default_factory=list)
