"""Single choice: `- [ ]` / `- [x]` options, exactly one right; radio buttons.

Also the shared parsing of the choice family (choice, multiple response, true/false): an
unmarked `::: question` becomes true-false when its options are `True` / `False` with one
right, multiple response when several are right, else single choice.
"""

from __future__ import annotations

import re
import textwrap
from functools import partial
from typing import Any

from builder.errors import Problem
from builder.model import Option, Question
from builder.questions.base import Block, plain_text, problem
from builder.questions.grammar import RawOption, split
from builder.questions.report_items import ReportItem, lettered

MAX_OPTIONS = 26
PINNED = " {pinned}"
SETTING = re.compile(r"\{[^{}]{0,40}\}$")  # braces ending an option line: meant as a setting
CLOSING = ".,;:!?…"
TRUE_FALSE = ("True", "False")


class Choice:
    """The single-choice kind; `Multiple` and `TrueFalse` derive from it."""

    name = "choice"
    scorm_type = "choice"
    selected_by: tuple[str, str | None] | None = ("question", None)
    label = "single choice"

    def parse(self, block: Block) -> Question | None:
        """The options, text and feedback; the kind inferred when the opening line names none."""
        mistakes: list[int] = []

        def report(line: int, message: str) -> None:
            mistakes.append(line)
            block.problem(line, message)

        text_lines, raw_options, feedback_lines = split(block.body, block.line + 1, report)
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
        _same_text(block, raw_options, options)
        if block.keyword != "multiple":
            _true_false_typo(block, raw_options, options)
        if mistakes:  # a malformed line: what follows from it (no right option…) is not news
            return None
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

    def report_items(self, question: Question) -> list[ReportItem]:
        """One item of lettered choices, each shown as the response the runtime sends."""
        return [lettered(question, question.options, partial(self.response, question))]


def _option(block: Block, position: int, raw: RawOption) -> Option:
    label_source, pinned = raw.label, raw.label.endswith(PINNED) or raw.label == PINNED.strip()
    if pinned:
        label_source = label_source.removesuffix(PINNED.strip()).rstrip()
    elif setting := SETTING.search(raw.label):
        block.problem(
            raw.line,
            f"`{setting.group().strip()}` at the end of an option is not a setting: to keep the "
            "option in its place when options are shuffled, write `{pinned}` (lower case, one "
            "space before it, no spaces inside); else remove the braces",
        )
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


def _loose(text: str) -> str:
    """The text as a learner would read it: case, spacing and closing punctuation ignored."""
    return " ".join(text.casefold().split()).rstrip(CLOSING).rstrip()


def _same_text(block: Block, raws: list[RawOption], options: list[Option]) -> None:
    """Two options that read the same are an error at the second."""
    seen: dict[str, tuple[str, int]] = {}
    for raw, option in zip(raws, options, strict=True):
        if not option.text:
            continue
        text, line = seen.setdefault(_loose(option.text), (option.text, raw.line))
        if line != raw.line:
            block.problem(
                raw.line,
                f"option `{option.text}` is the same as the option at line {line} (`{text}`): "
                "give each option its own text",
            )


def _true_false_typo(block: Block, raws: list[RawOption], options: list[Option]) -> None:
    """Two options that look like True / False but are not exactly that (`Flase`, `true.`)."""
    if len(options) != 2:
        return
    meant = [_near_true_false(option.text) for option in options]
    if None in meant or meant[0] == meant[1]:
        return
    for raw, option, word in zip(raws, options, meant, strict=True):
        if option.text.lower() != word.lower():
            block.problem(
                raw.line,
                f"`{option.text}`: did you mean True/False? a true-or-false question's options "
                f"are exactly `True` and `False`: write `{word}`",
            )


def _near_true_false(text: str) -> str | None:
    """`True` or `False` when `text` is one of them give or take one slip (a letter missing,
    extra, changed or two swapped; case; closing punctuation), else None."""
    loose = _loose(text)
    return next((word for word in TRUE_FALSE if _one_slip(loose, word.lower())), None)


def _one_slip(text: str, word: str) -> bool:
    """Whether `text` is `word` with at most one letter missing, extra, changed or swapped."""
    if text == word:
        return True
    if abs(len(text) - len(word)) > 1:
        return False
    start = next(
        (i for i, (a, b) in enumerate(zip(text, word, strict=False)) if a != b),
        min(len(text), len(word)),
    )
    a, b = text[start:], word[start:]
    return a[1:] == b[1:] or a == b[1:] or a[1:] == b or (a[:2] == b[1::-1] and a[2:] == b[2:])


def _kind(options: list[Option], multiple: bool) -> str:
    if multiple:
        return "multiple"
    labels = sorted(option.text.lower() for option in options)
    correct = sum(option.correct for option in options)
    if labels == ["false", "true"] and correct == 1:
        return "true-false"
    return "choice" if correct == 1 else "multiple"


KIND = Choice()
