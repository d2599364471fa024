"""Ordering: a numbered list of 3 to 8 steps in the right order; the learner sees them shuffled
and moves them with "Move up" / "Move down". SCORM type `sequencing`: the step letters in
the learner's order, 1.2 `c,a,b`, 2004 `c[,]a[,]b`.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from builder.errors import Problem
from builder.model import Question, Step
from builder.questions.base import Block, plain_text, problem
from builder.questions.grammar import (
    FEEDBACK,
    GENERAL,
    ITEM,
    TEXT,
    Items,
    Line,
    RawOption,
    classify,
)
from builder.questions.report_items import Mismatch, ReportItem

MIN_STEPS = 3
MAX_STEPS = 8
FORMAT = "write the steps as a numbered list, `1. First step`, `2. Next step` …, in the right order"


class Ordering:
    """The ordering kind (`::: question ordering`)."""

    name = "ordering"
    scorm_type = "sequencing"
    selected_by: tuple[str, str | None] | None = ("question", "ordering")
    label = "ordering"

    def parse(self, block: Block) -> Question | None:
        """Question text, the numbered steps with their indented `>` feedback, general
        feedback."""
        parts = _split(block)
        if parts is None:
            return None
        text, raw_steps, general = parts
        if not "".join(t for t, _ in text).strip():
            block.problem(block.line, "question has no text: write the question before its steps")
        if not raw_steps:
            block.problem(block.line, f"ordering question has no steps: {FORMAT}")
            return None
        steps = []
        seen: dict[str, int] = {}
        for position, raw in enumerate(raw_steps):
            html = block.fragments.inline(raw.label, raw.line)
            step = Step(
                chr(ord("a") + position),
                html,
                plain_text(html),
                block.fragments.block(raw.feedback, raw.feedback_line),
            )
            if not step.text:
                block.problem(raw.line, f"step has no text: {FORMAT}")
            elif step.text.lower() in seen:
                block.problem(
                    raw.line,
                    f"this step repeats step {seen[step.text.lower()]}: give each step its "
                    "own words, or the learner cannot tell them apart",
                )
            seen.setdefault(step.text.lower(), position + 1)
            steps.append(step)
        return block.question(
            self.name, block.markdown(text), steps=steps, feedback_html=block.markdown(general)
        )

    def check(self, question: Question) -> list[Problem]:
        """At least three steps."""
        if len(question.steps) < MIN_STEPS:
            return [
                problem(
                    question.line,
                    f"ordering question has {len(question.steps)} step"
                    f"{'' if len(question.steps) == 1 else 's'}: give {MIN_STEPS} to "
                    f"{MAX_STEPS}",
                )
            ]
        return []

    def module_data(self, question: Question) -> dict[str, Any]:
        """The steps in the right order (letter, text)."""
        return {"steps": [{"id": s.letter, "text": s.text} for s in question.steps]}

    def worst_case(self, question: Question) -> int:
        """`<key><state><every step letter>`."""
        return 4 + 1 + len(question.steps)

    def correct_pattern(self, question: Question, scorm: str) -> list[str]:
        """The step letters in the right order: `a,b,c` / `a[,]b[,]c`."""
        return [("," if scorm == "1.2" else "[,]").join(s.letter for s in question.steps)]

    def answer_key(self, question: Question, scorm: str) -> list[str]:
        """The steps in the right order, each with the letter Moodle shows."""
        lines = []
        for number, step in enumerate(question.steps, 1):
            lead = f"   {number}. {step.letter}  "
            rows = textwrap.wrap(step.text, 72 - len(lead)) or [""]
            lines += [lead + rows[0]] + [" " * len(lead) + row for row in rows[1:]]
        return lines

    def report_items(self, question: Question) -> list[ReportItem]:
        """One item whose answer is the step letters in the learner's order."""
        right = tuple(s.letter for s in question.steps)
        steps = {s.letter: s.text for s in question.steps}
        return [
            Steps(question.id, question.id, question.text, question.objective, right, steps=steps)
        ]


@dataclass
class Steps(ReportItem):
    """An ordering answer as the report reads it: step letters in the learner's order."""

    steps: dict[str, str] = field(default_factory=dict)  # letter → text

    def read(self, parts: list[str], response: str) -> tuple[str, ...]:
        """The letters as given, each a step of this question."""
        if not set(parts) <= set(self.steps):
            raise Mismatch(f"response {response!r} to {self.title} names steps it does not have")
        return tuple(parts)

    def describe(self, answer: tuple[str, ...]) -> str:
        """`step → step → …`."""
        return " → ".join(self.steps[letter] for letter in answer)


def _split(
    block: Block,
) -> tuple[list[tuple[str, int]], list[RawOption], list[tuple[str, int]]] | None:
    """Question text, steps (`RawOption`, never correct), general feedback; every malformed
    line is reported."""
    text: list[tuple[str, int]] = []
    steps: list[RawOption] = []
    general: list[tuple[str, int]] = []
    feedback: list[str] = []
    parts = {TEXT: text, GENERAL: general}
    region, usable = TEXT, True
    last = 0  # the number written on the previous step line (a misnumbering is reported once)
    reported: list[int] = []

    def report(line: int, message: str) -> None:
        reported.append(line)
        block.problem(line, message)

    for line in classify(block.body, block.line + 1, report, ITEMS):
        if line.role == ITEM:
            _close(steps, feedback)
            region = ITEM
            if len(steps) == MAX_STEPS:
                block.problem(
                    line.number,
                    f"too many steps: an ordering question has at most {MAX_STEPS}; split it "
                    "into two questions",
                )
                return None
            written = line.match.group("number") if line.match else None
            number = int(written) if written else last + 1
            usable = _step_line(block, line, number, last + 1) and usable
            last = number
            steps.append(RawOption(False, line.content, line.number))
        elif line.role == FEEDBACK:
            steps[-1].feedback_line = steps[-1].feedback_line or line.number
            feedback.append(line.content)
        elif line.role in parts:
            region = line.role
            parts[region].append((line.content, line.number))
        elif region in parts:  # BLANK
            parts[region].append(("", line.number))
        else:
            feedback.append("")
    _close(steps, feedback)
    return (text, steps, general) if usable and not reported else None


# `1. Step` lines, feedback indented 3 spaces (under the text, after `1. `); indented, `1)`
# and `- ` lines are read as steps too, so that one mistake is reported once (not also as
# misnumbering, or as feedback)
ITEMS = Items(
    re.compile(r"(?P<indent>[ \t]*)(?:(?P<number>\d{1,9})(?P<mark>[.)])|[-*+])(?: (?P<label>.*))?"),
    3,
    lambda line: None,
    "step",
)


def _step_line(block: Block, line: Line, number: int, expected: int) -> bool:
    """Report a step line that is bulleted, numbered out of order or with `)`, or written
    with `[x]` or an arrow."""
    found = []
    mark = line.match.group("mark") if line.match else "."
    if line.match and line.match.group("indent"):
        found.append(f"a step starts at the beginning of the line: write `{number}. …`")
    if not mark:
        found.append(f"ordering steps are numbered, not bulleted: {FORMAT}")
    elif mark == ")":
        found.append(f"write `{number}.` with a full stop, not `{number})`")
    if number != expected:
        found.append(
            f"step numbered {number}, expected {expected}: number the steps 1, 2, 3 … "
            "in the right order"
        )
    if line.content[:1].isspace():
        found.append(f"one space after `{number}.`: write `{number}. {line.content.strip()}`")
    if re.match(r"\[[ xX]\]", line.content):
        found.append("steps have no `[ ]` / `[x]`: their order is the answer")
    if " -> " in line.content:
        found.append("steps have no `->` (pairs with `->` are for `::: question matching`)")
    for message in found:
        block.problem(line.number, message)
    return not found


def _close(steps: list[RawOption], lines: list[str]) -> None:
    if steps and lines:
        steps[-1].feedback = "\n".join(lines).strip()
    lines.clear()


KIND = Ordering()
