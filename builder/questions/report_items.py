"""What the trainer report needs of a kind (`Kind.report_items`): one `ReportItem` per
interaction id a question produces, and the shared shape of lettered choices (single choice,
multiple response, true/false, each decision of a scenario). Matching and ordering, whose
whole answer is judged, define their shapes in their own modules.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

from builder.model import Decision, Option, Question


class Mismatch(ValueError):
    """A response that the course's question cannot have produced."""


@dataclass(frozen=True)
class Choice:
    """One option: its letter (in authored order), what Moodle shows per version, its text."""

    letter: str
    shown_12: str  # `a`, or `t` / `f`
    shown_2004: str  # `a`, or `true` / `false`
    text: str
    correct: bool


@dataclass
class ReportItem(ABC):
    """One interaction id of a question, as the report reads its answers."""

    id: str
    title: str  # `children-q1`, or `listening-case, decision 2`
    text: str
    objective: str | None
    right: tuple[str, ...]  # the right answer, normalised (see `normalise`)
    choices: list[Choice] = field(default_factory=list)  # empty: the whole answer is judged
    seen: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def normalise(self, response: str) -> tuple[str, ...]:
        """A response as Moodle exported it (1.2 `a,c` or 2004 `a[,]c`) → the answer as the
        kind normalises it (`read`)."""
        if response not in self.seen:  # a few distinct responses, thousands of learners
            text = response.strip()
            parts = [p.strip() for p in (text.split("[,]") if "[,]" in text else text.split(","))]
            self.seen[response] = self.read([p for p in parts if p], response)
        return self.seen[response]

    @abstractmethod
    def read(self, parts: list[str], response: str) -> tuple[str, ...]:
        """The response's non-empty parts → the normalised answer; raises `Mismatch` when the
        question cannot have produced them."""

    @abstractmethod
    def describe(self, answer: tuple[str, ...]) -> str:
        """A normalised answer in words, for the report's tables."""


@dataclass
class Lettered(ReportItem):
    """Lettered choices: the answer is the letters ticked, sorted."""

    def read(self, parts: list[str], response: str) -> tuple[str, ...]:
        """What Moodle shows (`a`, `t`, `true`…) → letters; an unknown one is a `Mismatch`."""
        by_shown = {c.shown_12: c.letter for c in self.choices}
        by_shown.update({c.shown_2004: c.letter for c in self.choices})
        unknown = [p for p in parts if p not in by_shown]
        if unknown:
            shown = ", ".join(c.shown_12 for c in self.choices)
            raise Mismatch(
                f"response {response!r} to {self.title}: {unknown[0]!r} is not one "
                f"of its options ({shown})"
            )
        return tuple(sorted({by_shown[p] for p in parts}))

    def describe(self, answer: tuple[str, ...]) -> str:
        """`a: text; c: text`, or `(nothing)`."""
        text = {c.letter: c.text for c in self.choices}
        return "; ".join(f"{letter}: {text[letter]}" for letter in answer) or "(nothing)"


def lettered(
    question: Question,
    options: list[Option],
    shown: Callable[[Option, str], str] = lambda option, scorm: option.letter,
    decision: Decision | None = None,
) -> Lettered:
    """The item of `options` (the question's, or the decision's: `<id>-<N>`); `shown(option,
    scorm)` is the response Moodle shows for an option in that version (else its letter)."""
    choices = [
        Choice(o.letter, shown(o, "1.2"), shown(o, "2004"), o.text, o.correct) for o in options
    ]
    right = tuple(c.letter for c in choices if c.correct)
    if decision is None:
        return Lettered(question.id, question.id, question.text, question.objective, right, choices)
    ident, title = f"{question.id}-{decision.number}", f"{question.id}, decision {decision.number}"
    return Lettered(ident, title, decision.text, question.objective, right, choices)
