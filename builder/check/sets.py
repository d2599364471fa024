"""The choice sets of a module: every place a learner picks among options.

A question with options (choice, multiple response, true/false) is one set; each decision
of a branching scenario is one set of its own. Matching and ordering questions have none.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import Module, Option, Question


@dataclass(frozen=True)
class ChoiceSet:
    """Options to choose among, with the stem they answer and where they were written."""

    question: Question
    label: str  # the question id, or `<scenario id>-<decision number>`
    stem: str
    options: list[Option]
    kind: str  # "choice" (one answer, scenario decisions too), "multiple" or "true-false"
    line: int

    @property
    def correct(self) -> list[Option]:
        """The right options."""
        return [option for option in self.options if option.correct]


def choice_sets(module: Module) -> list[ChoiceSet]:
    """Every choice set of the module's questions, in module order."""
    sets: list[ChoiceSet] = []
    for question in module.questions:
        if question.options:
            sets.append(
                ChoiceSet(
                    question,
                    question.id,
                    question.text,
                    question.options,
                    question.kind,
                    question.line,
                )
            )
        for decision in question.decisions:
            sets.append(
                ChoiceSet(
                    question,
                    f"{question.id}-{decision.number}",
                    decision.text,
                    decision.options,
                    "choice",
                    question.line,
                )
            )
    return sets
