"""The course as the builder sees it once parsed (see docs/architecture.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.config import CourseConfig
from builder.errors import Problem


@dataclass
class Option:
    """One answer of a question (or of a scenario's decision); `letter` is its SCORM
    response identifier, in authored order whatever order the learner sees."""

    letter: str
    html: str
    text: str
    correct: bool
    feedback_html: str
    pinned: bool = False  # `{pinned}`: keeps its authored position when options are shuffled
    next: int | None = None  # scenario options: the next decision's number; None = the end


@dataclass
class MatchItem:
    """A matching question's item (numbered `1`…`9`) and the letter of its right response."""

    number: str
    html: str
    text: str
    answer: str
    feedback_html: str


@dataclass
class MatchResponse:
    """A response a matching item can be paired with (lettered `a`…)."""

    letter: str
    html: str
    text: str


@dataclass
class Step:
    """One step of an ordering question; the authored order is the right one."""

    letter: str
    html: str
    text: str
    feedback_html: str


@dataclass
class Decision:
    """One decision of a branching scenario."""

    number: int
    html: str
    text: str
    options: list[Option]


@dataclass
class Question:
    """A knowledge-check question (a `::: question` or `::: scenario` block).

    `kind` names its entry in `builder.questions.registry.KINDS`: "choice", "multiple",
    "true-false", "matching", "ordering" or "scenario"."""

    id: str
    kind: str
    html: str
    text: str
    number: int
    key: str
    line: int
    options: list[Option] = field(default_factory=list)
    feedback_html: str = ""
    objective: str | None = None
    items: list[MatchItem] = field(default_factory=list)  # matching
    responses: list[MatchResponse] = field(default_factory=list)  # matching
    steps: list[Step] = field(default_factory=list)  # ordering
    decisions: list[Decision] = field(default_factory=list)  # scenario


@dataclass
class Objective:
    """A key message of a module (front matter `objectives:`), reported in cmi.objectives."""

    id: str
    text: str
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
    objectives: list[Objective] = field(default_factory=list)
    draw: int | None = None  # questions asked per attempt; None = every question
    draw_per_objective: int = 0  # at least this many per objective per attempt; 0 = none
    shuffle: bool = True  # options (and items) in a seeded order per learner and attempt

    @property
    def questions(self) -> list[Question]:
        """Every question of the module (the whole pool), in order."""
        return [part for page in self.pages for part in page.parts if isinstance(part, Question)]

    @property
    def asked(self) -> int:
        """How many questions an attempt asks (the score is over these)."""
        if self.draw is not None:
            return self.draw
        if self.draw_per_objective:
            return self.draw_per_objective * len(self.objectives)
        return len(self.questions)


@dataclass
class Course:
    """The course configuration and its modules, ordered by file name."""

    config: CourseConfig
    modules: list[Module]
    root: Path
    warnings: list[Problem] = field(default_factory=list)
