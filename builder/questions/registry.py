"""The table of question kinds: adding a kind is one module here plus one line in `KINDS`
(and its `assets/kinds/<kind>.js` and `templates/questions/<kind>.html`); the build, the
answer key and the trainer report all read each kind from here."""

from __future__ import annotations

from typing import Any, Protocol

from builder.errors import Problem
from builder.model import Question
from builder.questions import choice, matching, multiple, ordering, scenario, true_false
from builder.questions.base import Block
from builder.questions.report_items import ReportItem


class Kind(Protocol):
    """One question kind (see docs/architecture.md, "Question kinds")."""

    name: str  # the model's `Question.kind`, the runtime's `type`, the template's file name
    scorm_type: str  # cmi.interactions.n.type
    label: str  # how the answer key names it ("single choice")
    # (opener, keyword) that selects this kind's parser: ("question", "matching") for
    # `::: question matching`; None when another kind's parser infers it (true-false)
    selected_by: tuple[str, str | None] | None

    def parse(self, block: Block) -> Question | None:
        """The block → a Question (key unset), or None after reporting why it cannot be."""

    def check(self, question: Question) -> list[Problem]:
        """Problems of a parsed question (path left empty: the caller fills it in)."""

    def module_data(self, question: Question) -> dict[str, Any]:
        """The kind's own fields of the question's `module_data` entry."""

    def worst_case(self, question: Question) -> int:
        """Longest `suspend_data` answer entry of the question (key and state included)."""

    def correct_pattern(self, question: Question, scorm: str) -> list[str]:
        """The `correct_responses.0.pattern` of each of its interactions."""

    def answer_key(self, question: Question, scorm: str) -> list[str]:
        """Human lines for the answer key in the `.moodle.txt` (indented 3 spaces)."""

    def report_items(self, question: Question) -> list[ReportItem]:
        """Its interactions as the trainer report reads them, one per interaction id."""


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        choice.KIND,
        multiple.KIND,
        true_false.KIND,
        matching.KIND,
        ordering.KIND,
        scenario.KIND,
    )
}

OPENERS = sorted({kind.selected_by[0] for kind in KINDS.values() if kind.selected_by})
KEYWORDS = sorted(
    {kind.selected_by[1] for kind in KINDS.values() if kind.selected_by and kind.selected_by[1]}
)


def parser_for(opener: str, keyword: str | None) -> Kind | None:
    """The kind whose parser reads `::: <opener> [keyword]` blocks."""
    return next((k for k in KINDS.values() if k.selected_by == (opener, keyword)), None)
