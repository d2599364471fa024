"""`::: question` blocks: a Python-Markdown extension that turns them into `Question`s.

A block is::

    ::: question [multiple] [id=some-id]
    Question text (Markdown, may be several paragraphs)

    - [ ] A wrong option
      > Feedback for this option (a blockquote indented under it).
    - [x] The right option

    General feedback (optional): paragraphs after the options.
    :::

One `[x]` makes a single-choice question, several (or `multiple`) a multiple-response one,
and the two options `True` / `False` a true-false one. Each block is replaced by a
placeholder so that the page's parts keep the question where it stood.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Protocol

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from builder.config import ID_MAX, ID_PATTERN
from builder.model import Option, Question
from builder.suspend import question_key

OPEN = re.compile(r":::\s*question\b(.*)")
FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
OPTION = re.compile(r"[-*+] \[([ xX])\](?: (.*)|$)")
PLACEHOLDER = re.compile(r'<div data-question="(\d+)"></div>')
BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|div|h\d|blockquote|pre|table|tr|td|th)\b[^>]*>")
MAX_OPTIONS = 26
TEXT_MAX = 250


class Fragments(Protocol):
    """What a question needs from the page renderer."""

    module_id: str

    def block(self, text: str, line: int) -> str: ...
    def inline(self, text: str, line: int) -> str: ...
    def problem(self, line: int, message: str) -> None: ...


@dataclass
class QuestionState:
    """The questions of one module, shared by its pages."""

    questions: list[Question] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)
    first_line: int = 1


def fenced(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fences included)."""
    flags: list[bool] = []
    fence = ""
    for line in lines:
        stripped = line.strip()
        match = FENCE.match(line)
        if fence:
            flags.append(True)
            if stripped.startswith(fence) and not stripped.strip(fence[0]):
                fence = ""
        else:
            fence = match.group(1) if match else ""
            flags.append(bool(match))
    return flags


def plain_text(fragment: str) -> str:
    """HTML → one line of plain text."""
    spaced = BLOCK_TAG.sub(" ", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]*>", "", spaced)).split())


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
            elif OPEN.fullmatch(line.rstrip()):
                end = self._closing(lines, index)
                if end is None:
                    self.fragments.problem(
                        line_no, "`::: question` block is not closed: end it with a `:::` line"
                    )
                    return out
                question = self._question(line, lines[index:end], line_no)
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
    def _closing(lines: list[str], start: int) -> int | None:
        for index in range(start, len(lines)):
            if lines[index].rstrip() == ":::":
                return index
            if OPEN.fullmatch(lines[index].rstrip()):
                return None
        return None

    def _arguments(self, opening: str, line_no: int) -> tuple[bool, str | None]:
        """`multiple` and `id=…` from the opening line."""
        match = OPEN.fullmatch(opening.rstrip())
        assert match
        multiple, explicit_id = False, None
        for arg in match.group(1).split():
            if arg == "multiple":
                multiple = True
            elif arg.startswith("id=") and ID_PATTERN.fullmatch(arg[3:]) and len(arg) <= ID_MAX + 3:
                explicit_id = arg[3:]
            elif arg.startswith("id="):
                self.fragments.problem(
                    line_no,
                    f"question id {arg[3:]!r} is not valid: use lowercase letters, "
                    f"digits and hyphens, at most {ID_MAX} characters",
                )
            else:
                self.fragments.problem(
                    line_no, f"unknown word {arg!r} after `::: question` (use multiple, id=…)"
                )
        return multiple, explicit_id

    def _options_usable(self, raw_options: list[_RawOption], line_no: int) -> bool:
        """Report option problems; False when the question cannot be built at all."""
        problem = self.fragments.problem
        if not raw_options:
            problem(line_no, "question has no options (add `- [ ] wrong` and `- [x] right` lines)")
            return False
        if len(raw_options) > MAX_OPTIONS:
            problem(line_no, f"question has {len(raw_options)} options; at most {MAX_OPTIONS}")
            return False
        if len(raw_options) < 2:
            problem(line_no, "question has one option; give at least two")
        if not any(option.correct for option in raw_options):
            problem(line_no, "question has no correct option (mark one with [x])")
        return True

    def _question(self, opening: str, body: list[str], line_no: int) -> Question | None:
        problem = self.fragments.problem
        multiple, explicit_id = self._arguments(opening, line_no)
        blocks = _split(body, line_no + 1)
        if blocks is None:
            problem(line_no, "question options must stand together, before the general feedback")
            return None
        text_lines, raw_options, feedback_lines = blocks
        if not "".join(text for text, _ in text_lines).strip():
            problem(line_no, "question has no text: write the question before its options")
        if not self._options_usable(raw_options, line_no):
            return None
        render = self.fragments
        options = []
        for position, raw in enumerate(raw_options):
            label = render.inline(raw.label, raw.line)
            options.append(
                Option(
                    letter=chr(ord("a") + position),
                    html=label,
                    text=plain_text(label),
                    correct=raw.correct,
                    feedback_html=render.block(raw.feedback, raw.feedback_line),
                )
            )
            if not options[-1].text:
                problem(raw.line, "option has no text")
        question_html = _block(render, text_lines)
        text = plain_text(question_html).lstrip("{ ")  # Moodle: no leading {
        if len(text) > TEXT_MAX:
            text = text[: TEXT_MAX - 1].rstrip() + "…"
        number = len(self.state.questions) + 1
        question_id = explicit_id or f"{render.module_id}-q{number}"
        if any(other.id == question_id for other in self.state.questions):
            problem(line_no, f"duplicate question id {question_id!r}: give each question its own")
        question = Question(
            id=question_id,
            kind=_kind(options, multiple),
            html=question_html,
            text=text,
            options=options,
            feedback_html=_block(render, feedback_lines),
            number=number,
            key=question_key(question_id, options, self.state.keys),
            line=line_no,
        )
        self.state.keys.add(question.key)
        self.state.questions.append(question)
        return question


@dataclass
class _RawOption:
    correct: bool
    label: str
    line: int
    feedback: str = ""
    feedback_line: int = 0


def _split(
    body: list[str], first: int
) -> tuple[list[tuple[str, int]], list[_RawOption], list[tuple[str, int]]] | None:
    """Question text lines, options, general feedback lines (with their line numbers)."""
    text: list[tuple[str, int]] = []
    options: list[_RawOption] = []
    feedback: list[tuple[str, int]] = []
    feedback_lines: list[str] = []
    for offset, line in enumerate(body):
        line_no = first + offset
        match = OPTION.fullmatch(line.rstrip())
        if match:
            if feedback:
                return None
            _close_feedback(options, feedback_lines)
            options.append(_RawOption(match.group(1) != " ", match.group(2) or "", line_no))
        elif not options or feedback:
            (feedback if options else text).append((line, line_no))
        elif not line.strip():
            feedback_lines.append("")
        elif line.startswith(" "):
            stripped = line.strip()
            if stripped.startswith(">") or feedback_lines:
                if not options[-1].feedback_line:
                    options[-1].feedback_line = line_no
                feedback_lines.append(re.sub(r"^>\s?", "", stripped))
            else:
                options[-1].label += " " + stripped
        else:
            _close_feedback(options, feedback_lines)
            feedback.append((line, line_no))
    _close_feedback(options, feedback_lines)
    return text, options, feedback


def _close_feedback(options: list[_RawOption], lines: list[str]) -> None:
    if options and lines:
        options[-1].feedback = "\n".join(lines).strip()
    lines.clear()


def _block(render: Fragments, lines: list[tuple[str, int]]) -> str:
    if not lines:
        return ""
    return render.block("\n".join(text for text, _ in lines), lines[0][1])


def _kind(options: list[Option], multiple: bool) -> str:
    if multiple:
        return "multiple"
    labels = sorted(option.text.lower() for option in options)
    correct = sum(option.correct for option in options)
    if labels == ["false", "true"] and correct == 1:
        return "true-false"
    return "choice" if correct == 1 else "multiple"


def _stray(line: str) -> str:
    if line.rstrip() == ":::":
        return "`:::` closes nothing: a question starts with `::: question`"
    return f"unknown block {line.strip()!r}: only `::: question` blocks are supported"


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
