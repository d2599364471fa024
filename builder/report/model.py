"""The normalised model of what the downloads hold: learners, attempts, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Learner:
    """A person as Moodle lists them: full name and the identity columns (e.g. email)."""

    name: str
    identity: tuple[str, ...]

    @property
    def label(self) -> str:
        """What `--names` shows."""
        return self.name


@dataclass(frozen=True)
class Answer:
    """One interaction: index N of cmi.interactions.N, as Moodle exported it."""

    index: int
    id: str  # the interaction id: the question id (a scenario: `<id>-<decision>`)
    response: str
    pattern: str | None  # the right answer Moodle shows, None when the column is not there
    result: str | None  # `correct`, `wrong` / `incorrect`; None when not exported


@dataclass
class Attempt:
    """One Moodle attempt of one learner."""

    learner: Learner
    number: int
    score: int | None  # None: the module sent no score (Moodle shows 0)
    status: str  # lower case: passed, failed, completed, incomplete, scored, …
    started: str
    last: str
    answers: list[Answer]
    row: int | None  # the row in the download, for messages


@dataclass
class Download:
    """One file, recognised."""

    path: Path
    kind: str  # "Interactions", "Basic or Objectives", "Track details"
    format: str
    sco: str | None  # the SCO column's header (the module title), when there is one
    scorm: str | None = None  # known from Track details only
    learners: list[Learner] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def has_answers(self) -> bool:
        """Whether any attempt in it has an interaction."""
        return any(attempt.answers for attempt in self.attempts)
