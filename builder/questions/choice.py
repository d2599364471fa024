"""Single choice: `- [ ]` / `- [x]` options, exactly one right; radio buttons.

Also the shared parsing of the choice family (choice, multiple response, true/false): an
unmarked `::: question` becomes true-false when its options are `True` / `False` with one
right, multiple response when several are right, else single choice.
"""

from __future__ import annotations

import textwrap
from typing import Any

from builder.errors import Problem
from builder.model import Option, Question
from builder.questions.base import Block, plain_text, problem
from builder.questions.grammar import RawOption, split

MAX_OPTIONS = 26
PINNED = " {pinned}"


class Choice:
    """The single-choice kind; `Multiple` and `TrueFalse` derive from it."""

    name = "choice"
    scorm_type = "choice"
    selected_by: tuple[str, str | None] | None = ("question", None)
    label = "single choice"

    def parse(self, block: Block) -> Question | None:
        """The options, text and feedback; the kind inferred when the opening line names none."""
        text_lines, raw_options, feedback_lines = split(block.body, block.line + 1, block.problem)
        if not "".join(text for text, _ in text_lines).strip():
            block.problem(block.line, "question has no text: write the question before its options")
        if not raw_options:
            block.problem(
                block.line, "question has no options (add `- [ ] wrong` and `- [x] right` lines)"
            )
            return None
        if len(raw_options) > MAX_OPTIONS:
            block.problem(
                block.line, f"question has {len(raw_options)} options; at most {MAX_OPTIONS}"
            )
            return None
        options = [_option(block, position, raw) for position, raw in enumerate(raw_options)]
        kind = _kind(options, block.keyword == "multiple")
        return block.question(
            kind,
            block.markdown(text_lines),
            options=options,
            feedback_html=block.markdown(feedback_lines),
        )

    def check(self, question: Question) -> list[Problem]:
        """One option only, no right option, an option without text, a misplaced pin."""
        found = []
        if len(question.options) < 2:
            found.append(problem(question.line, "question has one option; give at least two"))
        if not any(option.correct for option in question.options):
            found.append(
                problem(question.line, "question has no correct option (mark one with [x])")
            )
        labels = sorted(option.text.lower() for option in question.options)
        if labels == ["false", "true"] and all(option.correct for option in question.options):
            found.append(
                problem(
                    question.line,
                    "True and False are both marked right: mark exactly one with [x]",
                )
            )
        return found

    def module_data(self, question: Question) -> dict[str, Any]:
        """The options as the runtime needs them (letters, plain text, right or not, pinned)."""
        return {
            "options": [
                {"id": o.letter, "text": o.text, "correct": o.correct, "pinned": o.pinned}
                for o in question.options
            ]
        }

    def worst_case(self, question: Question) -> int:
        """`<key><state><letters>`: every option selected at worst."""
        return 4 + 1 + len(question.options)

    def response(self, question: Question, option: Option, scorm: str) -> str:
        """The response identifier the runtime sends for one option."""
        return option.letter

    def correct_pattern(self, question: Question, scorm: str) -> list[str]:
        """The right options' responses, in letter order (`a,c` / `a[,]c`)."""
        separator = "," if scorm == "1.2" else "[,]"
        right = [self.response(question, o, scorm) for o in question.options if o.correct]
        return [separator.join(right)]

    def answer_key(self, question: Question, scorm: str) -> list[str]:
        """One line per option: `*` for right, the response Moodle shows, the text."""
        lines = []
        for option in question.options:
            mark = "*" if option.correct else " "
            wrapped = textwrap.wrap(
                option.text, 66, expand_tabs=False, replace_whitespace=False
            ) or [""]
            lines.append(f"   {mark} {self.response(question, option, scorm)}  {wrapped[0]}")
            lines += [" " * 8 + rest for rest in wrapped[1:]]
        return lines


def _option(block: Block, position: int, raw: RawOption) -> Option:
    label_source, pinned = raw.label, raw.label.endswith(PINNED) or raw.label == PINNED.strip()
    if pinned:
        label_source = label_source.removesuffix(PINNED.strip()).rstrip()
    label = block.fragments.inline(label_source, raw.line)
    option = Option(
        letter=chr(ord("a") + position),
        html=label,
        text=plain_text(label),
        correct=raw.correct,
        feedback_html=block.fragments.block(raw.feedback, raw.feedback_line),
        pinned=pinned,
    )
    if not option.text:
        block.problem(raw.line, "option has no text")
    return option


def _kind(options: list[Option], multiple: bool) -> str:
    if multiple:
        return "multiple"
    labels = sorted(option.text.lower() for option in options)
    correct = sum(option.correct for option in options)
    if labels == ["false", "true"] and correct == 1:
        return "true-false"
    return "choice" if correct == 1 else "multiple"


KIND = Choice()
