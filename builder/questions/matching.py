"""Matching: `- ITEM -> RESPONSE` lines; the learner picks a response for each item from a
native `<select>`. SCORM type `matching`: 1.2 `1.a,2.c`, 2004 `1[.]a[,]2[.]c`.

Items are numbered `1`…`9` in authored order (SCORM 1.2 takes one character per token);
responses are lettered `a`… in order of first appearance, and several items may share one.
A line `- -> RESPONSE` adds a response that matches no item (a distractor).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Any

from builder.errors import Problem
from builder.model import MatchItem, MatchResponse, Question
from builder.questions.base import Block, plain_text, problem
from builder.questions.grammar import BLANK, FEEDBACK, GENERAL, ITEM, TEXT, Items, classify
from builder.questions.report_items import Mismatch, ReportItem

MAX_ITEMS = 9
MAX_RESPONSES = 26
ARROW = re.compile(r"\s+->\s+")
NUMBERED = re.compile(r"\d+[.)] ")
NEAR_ARROWS = ("-->", "=>", "→", "\u2013>", "\u2014>", "->", "<-")
CLOSING = ".,;:!?…"
FORMAT = "write `- ITEM -> RESPONSE` (one space either side of `->`)"


@dataclass
class _Line:
    """One item (or distractor, item "") with its feedback, before rendering."""

    item: str
    response: str
    line: int
    feedback: list[str]
    feedback_line: int = 0


class Matching:
    """The matching kind (`::: question matching`)."""

    name = "matching"
    scorm_type = "matching"
    selected_by: tuple[str, str | None] | None = ("question", "matching")
    label = "matching"

    def parse(self, block: Block) -> Question | None:
        """Question text, item lines with their indented `>` feedback, general feedback."""
        parts = _split(block)
        if parts is None:
            return None
        text, lines, general = parts
        if not "".join(t for t, _ in text).strip():
            block.problem(block.line, "question has no text: write the question before its items")
        if not lines:
            block.problem(
                block.line,
                f"matching question has no items: {FORMAT}, one line per item",
            )
            return None
        letters: dict[str, str] = {}
        first: dict[str, tuple[str, int]] = {}  # a response's loose form → (as written, line)
        responses: list[MatchResponse] = []
        items: list[MatchItem] = []
        for raw in lines:
            key = " ".join(raw.response.split())
            loose = key.casefold().rstrip(CLOSING).rstrip()
            written, at = first.setdefault(loose, (key, raw.line))
            if written != key:
                block.problem(
                    raw.line,
                    f"`{key}` differs from the response `{written}` (line {at}) only in case, "
                    f"spacing or closing punctuation: write them identically (`{written}`) for "
                    "one response, or reword one of them",
                )
                key = written
            if key in letters and not raw.item:
                block.problem(
                    raw.line,
                    "this response is already listed: a `- -> RESPONSE` line adds a "
                    "response that no item has",
                )
            if key not in letters:
                if len(responses) == MAX_RESPONSES:
                    block.problem(raw.line, f"too many responses: at most {MAX_RESPONSES}")
                    return None
                letters[key] = chr(ord("a") + len(responses))
                html = block.fragments.inline(raw.response, raw.line)
                responses.append(MatchResponse(letters[key], html, plain_text(html)))
                if not responses[-1].text:
                    block.problem(raw.line, f"response has no text: {FORMAT}")
            if raw.item:
                items.append(_item(block, raw, str(len(items) + 1), letters[key]))
        return block.question(
            self.name,
            block.markdown(text),
            items=items,
            responses=responses,
            feedback_html=block.markdown(general),
        )

    def check(self, question: Question) -> list[Problem]:
        """At least two items and two different responses."""
        found = []
        if len(question.items) < 2:
            found.append(
                problem(question.line, f"matching question needs at least 2 items: {FORMAT}")
            )
        elif len(question.responses) < 2:
            found.append(
                problem(
                    question.line,
                    "every item has the same response: give at least two different "
                    "responses (a `- -> RESPONSE` line adds one that no item has)",
                )
            )
        return found

    def module_data(self, question: Question) -> dict[str, Any]:
        """Items (number, text, right letter) and responses (letter, text)."""
        return {
            "items": [{"id": i.number, "text": i.text, "answer": i.answer} for i in question.items],
            "responses": [{"id": r.letter, "text": r.text} for r in question.responses],
        }

    def worst_case(self, question: Question) -> int:
        """`<key><state><one letter or - per item>`."""
        return 4 + 1 + len(question.items)

    def correct_pattern(self, question: Question, scorm: str) -> list[str]:
        """Every item with its right response: `1.a,2.c` / `1[.]a[,]2[.]c`."""
        pair, separator = (".", ",") if scorm == "1.2" else ("[.]", "[,]")
        return [separator.join(f"{i.number}{pair}{i.answer}" for i in question.items)]

    def answer_key(self, question: Question, scorm: str) -> list[str]:
        """The items (`1`…) with their right response, then every response (`a`…)."""
        text = {r.letter: r.text for r in question.responses}
        lines = []
        for item in question.items:
            lead = f"   {item.number} → {item.answer}  "
            lines += _wrapped(lead, item.text)
            lines += _wrapped(" " * len(lead) + "→ ", text[item.answer])
        lines.append("   Responses:")
        for response in question.responses:
            used = any(i.answer == response.letter for i in question.items)
            note = "" if used else " (matches no item)"
            lines += _wrapped(f"     {response.letter}  ", response.text + note)
        return lines

    def report_items(self, question: Question) -> list[ReportItem]:
        """One item whose answer is every `1.a` pair, sorted."""
        right = tuple(sorted(f"{i.number}.{i.answer}" for i in question.items))
        words = {
            f"{i.number}.{r.letter}": f"{i.text} → {r.text}"
            for i in question.items
            for r in question.responses
        }
        return [
            Pairs(question.id, question.id, question.text, question.objective, right, words=words)
        ]


@dataclass
class Pairs(ReportItem):
    """A matching answer as the report reads it: `1.a` pairs (2004 `1[.]a`), sorted."""

    words: dict[str, str] = field(default_factory=dict)  # every possible pair → its words

    def read(self, parts: list[str], response: str) -> tuple[str, ...]:
        """Pairs of an item and a response of this question, sorted."""
        pairs = tuple(sorted(p.replace("[.]", ".") for p in parts))
        wrong = next((pair for pair in pairs if pair not in self.words), None)
        if wrong is not None:
            raise Mismatch(
                f"response {response!r} to {self.title}: {wrong!r} pairs no item with a "
                "response of this question"
            )
        return pairs

    def describe(self, answer: tuple[str, ...]) -> str:
        """`item → response; …`."""
        return "; ".join(self.words[pair] for pair in answer)


def _wrapped(lead: str, text: str) -> list[str]:
    rows = textwrap.wrap(text, 72 - len(lead)) or [""]
    return [lead + rows[0]] + [" " * len(lead) + row for row in rows[1:]]


def _item(block: Block, raw: _Line, number: str, answer: str) -> MatchItem:
    html = block.fragments.inline(raw.item, raw.line)
    feedback = "\n".join(raw.feedback).strip()
    item = MatchItem(
        number, html, plain_text(html), answer, block.fragments.block(feedback, raw.feedback_line)
    )
    if not item.text:
        block.problem(raw.line, f"item has no text: {FORMAT}")
    return item


def _split(
    block: Block,
) -> tuple[list[tuple[str, int]], list[_Line], list[tuple[str, int]]] | None:
    """Question text, item lines, general feedback; every malformed line is reported."""
    text: list[tuple[str, int]] = []
    lines: list[_Line] = []
    general: list[tuple[str, int]] = []
    parts = {TEXT: text, GENERAL: general}
    region, usable, items = TEXT, True, 0
    reported: list[int] = []

    def report(line: int, message: str) -> None:
        reported.append(line)
        block.problem(line, message)

    for line in classify(block.body, block.line + 1, report, ITEMS):
        if line.role == ITEM:
            region = ITEM
            indented = bool(line.match and line.match.group("indent"))
            if indented:
                block.problem(
                    line.number, f"a matching line starts at the beginning of the line: {FORMAT}"
                )
            raw = None if indented else _pair(block, line.content, line.number)
            usable = usable and raw is not None
            if raw is None:
                continue
            items += bool(raw.item)
            if items > MAX_ITEMS and raw.item:
                block.problem(
                    line.number,
                    f"too many items: a matching question has at most {MAX_ITEMS} (SCORM 1.2 "
                    "records each as one digit); split it into two questions",
                )
                return None
            lines.append(raw)
        elif line.role == FEEDBACK and lines and not lines[-1].item:
            block.problem(
                line.number,
                "a response that matches no item has no feedback: put the feedback under an item",
            )
            usable = False
        elif line.role == FEEDBACK and lines:
            lines[-1].feedback_line = lines[-1].feedback_line or line.number
            lines[-1].feedback.append(line.content)
        elif line.role in parts:
            region = line.role
            parts[region].append((line.content, line.number))
        elif line.role == BLANK and region in parts:
            parts[region].append(("", line.number))
        elif line.role == BLANK and lines:
            lines[-1].feedback.append("")
    return (text, lines, general) if usable and not reported else None


def _not_an_item(line: str) -> str | None:
    """Why a line with an arrow is not a matching line (numbered, indented and numbered,
    no space after `-`)."""
    if not ARROW.search(f" {line} "):
        return None
    if re.match(r"[ \t]+\d", line):
        return f"a matching line starts at the beginning of the line: {FORMAT}"
    if NUMBERED.match(line):
        return f"matching lines start with `- `, not a number: {FORMAT}"
    if re.match(r"[-*+]\S", line):
        return f"one space after `-`: {FORMAT}"
    return None


# `- …` lines are items (their arrow is checked by `_pair`; indented ones are reported),
# feedback indented 2 spaces
ITEMS = Items(re.compile(r"(?P<indent>[ \t]*)[-*+](?: (?P<label>.*))?"), 2, _not_an_item, "item")


def _pair(block: Block, content: str, line_no: int) -> _Line | None:
    """`ITEM -> RESPONSE` or `-> RESPONSE`; None after reporting a malformed line."""
    if content[:1].isspace():
        block.problem(line_no, f"one space after `-`: {FORMAT}")
        return None
    if re.match(r"\[[ xX]\]", content):
        block.problem(
            line_no,
            f"matching lines have no `[ ]` / `[x]`: {FORMAT} (options with [x] are for "
            "choice questions)",
        )
        return None
    if content.startswith("-> ") and content[3:].strip():
        return _Line("", content[3:].strip(), line_no, [])
    parts = ARROW.split(f" {content} ")
    if len(parts) > 2:
        block.problem(
            line_no,
            f"more than one `->` on this line: {FORMAT}, with one arrow (reword an arrow "
            "inside the text)",
        )
        return None
    if len(parts) == 2 and parts[0].strip() and parts[1].strip():
        return _Line(parts[0].strip(), parts[1].strip(), line_no, [])
    near = next((arrow for arrow in NEAR_ARROWS if arrow in content), None)
    if near == "->" and len(parts) < 2:
        block.problem(line_no, f"put one space either side of `->`: {FORMAT}")
    elif len(parts) == 2:
        found = "no response after `->`" if parts[0].strip() else "no item before `->`"
        block.problem(line_no, f"{found}: {FORMAT}, or `- -> RESPONSE` for a distractor")
    elif near:
        block.problem(line_no, f"`{near}` is not the arrow: {FORMAT}")
    else:
        block.problem(
            line_no,
            f"matching line has no `->`: {FORMAT}, or `- -> RESPONSE` for a response that "
            "matches no item",
        )
    return None


KIND = Matching()
