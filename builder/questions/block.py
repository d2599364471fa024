"""`::: question` / `::: scenario` blocks: a Python-Markdown preprocessor that finds them,
reads the opening line, hands the body to its kind's parser (`registry.KINDS`), and leaves
a placeholder so that the page's parts keep the question where it stood.

The opening line is ``::: question [KIND] [id=ID] [objective=OBJECTIVE-ID]``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from builder.block_checks import fenced
from builder.config import ID_MAX, ID_PATTERN
from builder.model import Option, Question
from builder.questions.base import Block, Fragments
from builder.questions.registry import KEYWORDS, KINDS, OPENERS, parser_for
from builder.suspend import question_key

OPEN = re.compile(rf":::\s*({'|'.join(OPENERS)})\b(.*)")
PLACEHOLDER = re.compile(r'<div data-question="(\d+)"></div>')


@dataclass
class QuestionState:
    """The questions of one module, shared by its pages."""

    questions: list[Question] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    first_line: int = 1


class QuestionPreprocessor(Preprocessor):
    """Finds question blocks outside fenced code and replaces each with a placeholder."""

    def __init__(self, md: Markdown, fragments: Fragments, state: QuestionState) -> None:
        super().__init__(md)
        self.fragments = fragments
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        code = fenced(lines)
        index = 0
        while index < len(lines):
            line, in_code = lines[index], code[index]
            line_no = self.state.first_line + index
            index += 1
            if in_code or not line.startswith(":::"):
                out.append(line)
            elif match := OPEN.fullmatch(line.rstrip()):
                end = self._closing(lines, code, index)
                if end is None:
                    self.fragments.problem(
                        line_no,
                        f"`::: {match.group(1)}` block is not closed: end it with a `:::` line",
                    )
                    return out
                question = self._question(match, lines[index:end], line_no)
                index = end + 1
                if question:
                    placeholder = self.md.htmlStash.store(
                        f'<div data-question="{question.number - 1}"></div>'
                    )
                    out += ["", placeholder, ""]
            else:
                self.fragments.problem(line_no, _stray(line))
        return out

    @staticmethod
    def _closing(lines: list[str], code: list[bool], start: int) -> int | None:
        """The index of the `:::` closing the block whose body starts at `start` (`:::` in
        fenced code is code), or None when another block opens first or there is none."""
        for index in range(start, len(lines)):
            if code[index]:
                continue
            if lines[index].rstrip() == ":::":
                return index
            if OPEN.fullmatch(lines[index].rstrip()):
                return None
        return None

    def _identifier(self, arg: str, name: str, what: str, line_no: int) -> str | None:
        value = arg[len(name) + 1 :]
        if ID_PATTERN.fullmatch(value) and len(value) <= ID_MAX:
            return value
        self.fragments.problem(
            line_no,
            f"{what} {value!r} is not valid: use lowercase letters, "
            f"digits and hyphens, at most {ID_MAX} characters",
        )
        return None

    def _block(self, match: re.Match[str], body: list[str], line_no: int) -> Block:
        """The opening line's kind word, `id=…` and `objective=…`."""
        opener = match.group(1)
        keyword = explicit_id = objective = None
        words = ", ".join([*KEYWORDS, "id=…", "objective=…"] if opener == "question" else [])
        for arg in match.group(2).split():
            if keyword is None and parser_for(opener, arg):
                keyword = arg
            elif arg.startswith("id="):
                explicit_id = self._identifier(arg, "id", "question id", line_no)
            elif arg.startswith("objective="):
                objective = self._identifier(arg, "objective", "objective id", line_no)
            else:
                allowed = words or "id=…, objective=…"
                self.fragments.problem(
                    line_no, f"unknown word {arg!r} after `::: {opener}` (use {allowed})"
                )
        number = len(self.state.questions) + 1
        return Block(opener, keyword, explicit_id, objective, line_no, body, number, self.fragments)

    def _question(self, match: re.Match[str], body: list[str], line_no: int) -> Question | None:
        block = self._block(match, body, line_no)
        kind = parser_for(block.opener, block.keyword)
        assert kind, f"no kind reads `::: {block.opener}` blocks"
        question = kind.parse(block)
        if question is None:
            return None
        for found in KINDS[question.kind].check(question):
            self.fragments.problem(found.line or line_no, found.message)
        if any(other.id == question.id for other in self.state.questions):
            self.fragments.problem(
                line_no, f"duplicate question id {question.id!r}: give each question its own"
            )
        question.key = question_key(question.id, _lettered(question), self.state.keys)
        self.state.keys.add(question.key)
        self.state.questions.append(question)
        return question


class _Part(NamedTuple):
    letter: str
    correct: bool


def _lettered(question: Question) -> list[Option | _Part]:
    """What the question's key is computed over: its options and every kind's answer parts
    (for the choice kinds just the options, as in S1)."""
    parts: list[Option | _Part] = list(question.options)
    parts += [_Part(item.number + item.answer, True) for item in question.items]
    parts += [_Part(step.letter, True) for step in question.steps]
    parts += [
        _Part(f"{decision.number}{option.letter}", option.correct)
        for decision in question.decisions
        for option in decision.options
    ]
    return parts


def _stray(line: str) -> str:
    if line.rstrip() == ":::":
        return "`:::` closes nothing: a question starts with `::: question`"
    return (
        f"unknown block {line.strip()!r}: `:::` opens only `::: question` and `::: scenario`; "
        "for a callout write `/// note | Title` (or `/// warning`, `/// leaflet`), the text, "
        "then `///`"
    )


class QuestionExtension(Extension):
    """Registers the question preprocessor ahead of fenced code and raw HTML handling."""

    def __init__(self, fragments: Fragments, state: QuestionState) -> None:
        super().__init__()
        self.fragments = fragments
        self.state = state

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(
            QuestionPreprocessor(md, self.fragments, self.state), "questions", 28
        )
