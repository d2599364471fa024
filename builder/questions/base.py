"""What every question kind's parser gets: the block (opening-line arguments, body lines) and
the page renderer, with helpers for the parts all kinds share (question text, problems)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any, Protocol

from builder.errors import Problem
from builder.model import Question

BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|h\d|blockquote|pre|table|tr|td|th)\b[^>]*>")
TEXT_MAX = 250


class Fragments(Protocol):
    """What a question needs from the page renderer."""

    module_id: str

    def block(self, text: str, line: int) -> str: ...
    def inline(self, text: str, line: int) -> str: ...
    def problem(self, line: int, message: str) -> None: ...


def plain_text(fragment: str) -> str:
    """HTML → one line of plain text."""
    spaced = BLOCK_TAG.sub(" ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", spaced)).split())


def one_line(fragment: str) -> str:
    """HTML → the one-line plain text the LMS gets (2004 description): ≤ 250 characters,
    no leading `{` (Moodle reads one as a language-tag prefix)."""
    text = plain_text(fragment).lstrip("{ ")
    if len(text) > TEXT_MAX:
        text = text[: TEXT_MAX - 1].rstrip() + "…"
    return text


def problem(line: int, message: str, warning: bool = False) -> Problem:
    """A problem from a kind's `check`: the caller fills in the module file's path."""
    return Problem("", line, message, warning)


@dataclass
class Block:
    """One `::: question` / `::: scenario` block, as a kind's `parse` receives it."""

    opener: str  # "question" or "scenario"
    keyword: str | None  # the kind word after `::: question` (multiple, matching…), or None
    explicit_id: str | None
    objective: str | None
    line: int  # the opening `:::` line
    body: list[str]  # the lines between the opening and the closing `:::`
    number: int  # 1-based position of the question in the module
    fragments: Fragments

    @property
    def id(self) -> str:
        """The explicit id, else `<module-id>-q<number>`."""
        return self.explicit_id or f"{self.fragments.module_id}-q{self.number}"

    def problem(self, line: int, message: str) -> None:
        """Record a problem at a line of the module file."""
        self.fragments.problem(line, message)

    def markdown(self, lines: list[tuple[str, int]]) -> str:
        """(text, line) pairs → HTML (several paragraphs); "" when there are none."""
        if not lines:
            return ""
        return self.fragments.block("\n".join(text for text, _ in lines), lines[0][1])

    def question(self, kind: str, question_html: str, **parts: Any) -> Question:
        """The `Question` with the fields every kind shares; `parts` are the kind's own."""
        return Question(
            id=self.id,
            kind=kind,
            html=question_html,
            text=one_line(question_html),
            number=self.number,
            key="",  # set by block.py once the question is complete
            line=self.line,
            objective=self.objective,
            **parts,
        )
