"""What can be answered in a module, as the report sees it: one Item per interaction id.

Choice kinds (single choice, multiple response, true/false) and each decision of a scenario
are items with lettered choices; matching and ordering are items whose whole answer is judged.
The choice kinds are handled here directly (their options and what Moodle shows for each);
matching and ordering follow the responses the runtime sends (docs/architecture.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.model import Module, Question

CHOICE_KINDS = ("choice", "multiple", "true-false")


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
class Item:
    """One interaction id of a module, joined with its question."""

    id: str
    question: Question
    title: str  # `children-q1`, or `listening-case, decision 2`
    text: str
    kind: str
    choices: list[Choice] = field(default_factory=list)  # empty: matching, ordering
    right: tuple[str, ...] = ()  # the right answer, normalised (see `normalise`)
    objective: str | None = None
    seen: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)

    def normalise(self, response: str) -> tuple[str, ...]:
        """A response as Moodle exported it (1.2 `a,c` or 2004 `a[,]c`) → sorted letters
        (choice kinds), `1.a` pairs (matching) or letters in order (ordering)."""
        if response not in self.seen:  # a few distinct responses, thousands of learners
            self.seen[response] = self._normalise(response)
        return self.seen[response]

    def _normalise(self, response: str) -> tuple[str, ...]:
        text = response.strip()
        parts = [p.strip() for p in (text.split("[,]") if "[,]" in text else text.split(","))]
        parts = [p for p in parts if p]
        if self.choices:
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
        if self.kind == "matching":
            pairs = tuple(sorted(p.replace("[.]", ".") for p in parts))
            items = {i.number for i in self.question.items}
            letters = {r.letter for r in self.question.responses}
            for pair in pairs:
                number, _, letter = pair.partition(".")
                if number not in items or letter not in letters:
                    raise Mismatch(
                        f"response {response!r} to {self.title}: {pair!r} pairs no "
                        "item with a response of this question"
                    )
            return pairs
        letters = {s.letter for s in self.question.steps}
        if not set(parts) <= letters:
            raise Mismatch(f"response {response!r} to {self.title} names steps it does not have")
        return tuple(parts)

    def describe(self, answer: tuple[str, ...]) -> str:
        """A normalised answer in words, for the report's tables."""
        if self.choices:
            text = {c.letter: c.text for c in self.choices}
            return "; ".join(f"{letter}: {text[letter]}" for letter in answer) or "(nothing)"
        if self.kind == "matching":
            items = {i.number: i.text for i in self.question.items}
            responses = {r.letter: r.text for r in self.question.responses}
            return "; ".join(
                f"{items[p.split('.')[0]]} → {responses[p.split('.')[1]]}" for p in answer
            )
        steps = {s.letter: s.text for s in self.question.steps}
        return " → ".join(steps[letter] for letter in answer)


def _choices(question: Question, options: list) -> list[Choice]:
    choices = []
    for option in options:
        if question.kind == "true-false":
            true = option.text.strip().lower() == "true"
            shown = ("t", "true") if true else ("f", "false")
        else:
            shown = (option.letter, option.letter)
        choices.append(Choice(option.letter, *shown, option.text, option.correct))
    return choices


def module_items(module: Module) -> dict[str, Item]:
    """Interaction id → Item, for every question of the module's pool."""
    items: dict[str, Item] = {}
    for question in module.questions:
        objective = question.objective
        kind = question.kind
        if kind in CHOICE_KINDS:
            choices = _choices(question, question.options)
            right = tuple(c.letter for c in choices if c.correct)
            items[question.id] = Item(
                question.id, question, question.id, question.text, kind, choices, right, objective
            )
        elif kind == "scenario":
            for decision in question.decisions:
                choices = _choices(question, decision.options)
                ident = f"{question.id}-{decision.number}"
                items[ident] = Item(
                    ident,
                    question,
                    f"{question.id}, decision {decision.number}",
                    decision.text,
                    "choice",
                    choices,
                    tuple(c.letter for c in choices if c.correct),
                    objective,
                )
        elif kind in ("matching", "ordering"):
            right = (
                tuple(sorted(f"{i.number}.{i.answer}" for i in question.items))
                if kind == "matching"
                else tuple(step.letter for step in question.steps)
            )
            items[question.id] = Item(
                question.id,
                question,
                question.id,
                question.text,
                kind,
                right=right,
                objective=objective,
            )
        else:
            raise Mismatch(f"question {question.id}: the report does not know the kind {kind!r}")
    return items
