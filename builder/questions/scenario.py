"""Branching scenario (`::: scenario`): a case in 2 to 5 decisions. Each `[decision N]` has 2 to 6
options, one marked `[x]` (the best choice), each ending `-> N` (a later decision) or
`-> end`, with its consequence as indented `>` feedback. Each decision taken is one `choice`
interaction `<scenario-id>-<N>`; credit is the share of best choices among those taken.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from builder.errors import Problem
from builder.model import Decision, Option, Question
from builder.questions.base import Block, one_line, plain_text, problem
from builder.questions.grammar import OPTION, RawOption, split
from builder.questions.report_items import ReportItem, lettered

MIN_DECISIONS, MAX_DECISIONS = 2, 5
MIN_OPTIONS, MAX_OPTIONS = 2, 6
HEADING = re.compile(r"\[decision (\d+)\]")
NEAR_HEADING = re.compile(r"\s*(\[\s*decision\b.*|decision\s*\d+\s*\]?\s*:?\s*)", re.IGNORECASE)
LINK = re.compile(r"(.*?)\s+->\s+(\S+)( \{pinned\})?")
NEAR_ARROWS = ("-->", "=>", "→", "\u2013>", "\u2014>", "->")
LINK_FORMAT = "end each option with `-> N` (the later decision it leads to) or `-> end`"

Section = tuple[int, int, list[str]]  # the decision number written, its heading line, its lines
Lines = dict[tuple[int, str], int]  # (decision number, option letter) → its source line


class Scenario:
    """The branching-scenario kind."""

    name = "scenario"
    scorm_type = "choice"
    selected_by: tuple[str, str | None] | None = ("scenario", None)
    label = "branching scenario"

    def parse(self, block: Block) -> Question | None:
        """The case introduction, then each decision; every malformed line is reported."""
        sections = _sections(block)
        if sections is None:
            return None
        intro, parts = sections
        if not "".join(t for t, _ in intro).strip():
            block.problem(
                block.line, "scenario has no introduction: describe the case before `[decision 1]`"
            )
        if not parts:
            block.problem(
                block.line, "scenario has no decisions: start each with a `[decision N]` line"
            )
            return None
        decisions: list[Decision] = []
        general: list[tuple[str, int]] = []
        option_lines: Lines = {}
        usable = True
        for index, (number, heading, lines) in enumerate(parts):
            if number != index + 1:
                block.problem(
                    heading,
                    f"`[decision {number}]` should be `[decision {index + 1}]`: number the "
                    "decisions 1, 2, 3 … in order",
                )
                usable = False
            if index == MAX_DECISIONS:
                block.problem(
                    heading,
                    f"too many decisions: a scenario has at most {MAX_DECISIONS}; split the "
                    "case in two",
                )
                return None
            last = index == len(parts) - 1
            decision, after = _decision(block, index + 1, heading, lines, last, option_lines)
            usable = usable and decision is not None
            if decision:
                decisions.append(decision)
            general = after
        if not usable or not _links_usable(block, decisions, parts, option_lines):
            return None
        return block.question(
            self.name,
            block.markdown(intro),
            decisions=decisions,
            feedback_html=block.markdown(general),
        )

    def check(self, question: Question) -> list[Problem]:
        """2 to 5 decisions."""
        if len(question.decisions) < MIN_DECISIONS:
            return [
                problem(
                    question.line,
                    f"scenario has {len(question.decisions)} decision: give "
                    f"{MIN_DECISIONS} to {MAX_DECISIONS}, each starting with `[decision N]`",
                )
            ]
        return []

    def module_data(self, question: Question) -> dict[str, Any]:
        """Each decision: number, text (the 2004 description), best letter, options."""
        return {
            "decisions": [
                {
                    "number": d.number,
                    "text": d.text,
                    "best": next(o.letter for o in d.options if o.correct),
                    "options": [
                        {"id": o.letter, "text": o.text, "next": o.next, "pinned": o.pinned}
                        for o in d.options
                    ],
                }
                for d in question.decisions
            ]
        }

    def worst_case(self, question: Question) -> int:
        """`<key><state><one letter per decision on the longest path>`."""
        return 4 + 1 + _longest(question.decisions)

    def correct_pattern(self, question: Question, scorm: str) -> list[str]:
        """Each decision's best letter, in decision order."""
        return [next(o.letter for o in d.options if o.correct) for d in question.decisions]

    def answer_key(self, question: Question, scorm: str) -> list[str]:
        """Per decision: its interaction id, then each option (`*` best) and where it leads."""
        lines = []
        for d in question.decisions:
            lines.append(f"   Decision {d.number} (interaction {question.id}-{d.number}):")
            for o in d.options:
                lead = f"   {'*' if o.correct else ' '} {o.letter}  "
                where = "the end" if o.next is None else f"decision {o.next}"
                rows = textwrap.wrap(f"{o.text} (leads to {where})", 72 - len(lead)) or [""]
                lines += [lead + rows[0]] + [" " * len(lead) + row for row in rows[1:]]
        return lines

    def report_items(self, question: Question) -> list[ReportItem]:
        """One item of lettered choices per decision."""
        return [lettered(question, d.options, decision=d) for d in question.decisions]


def _sections(block: Block) -> tuple[list[tuple[str, int]], list[Section]] | None:
    """The introduction lines and each `[decision N]` section; None after a malformed heading
    or options before the first decision."""
    intro: list[tuple[str, int]] = []
    parts: list[Section] = []
    usable = True
    for offset, line in enumerate(block.body):
        line_no = block.line + 1 + offset
        heading = HEADING.fullmatch(line.rstrip())
        if heading:
            parts.append((int(heading.group(1)), line_no, []))
        elif NEAR_HEADING.fullmatch(line.rstrip()):
            block.problem(
                line_no, "write the decision heading as `[decision N]` on a line of its own"
            )
            usable = False
        elif parts:
            parts[-1][2].append(line)
        elif OPTION.fullmatch(line.rstrip()):
            if usable:  # once: the heading above them is missing or misspelt
                block.problem(line_no, "options come after a `[decision N]` line")
            usable = False
        else:
            intro.append((line, line_no))
    return (intro, parts) if usable else None


def _decision(
    block: Block, number: int, heading: int, lines: list[str], last: bool, option_lines: Lines
) -> tuple[Decision | None, list[tuple[str, int]]]:
    """One decision and the lines after its options (general feedback when it is the last);
    each option's source line goes into `option_lines`."""
    reported: list[int] = []

    def report(line: int, message: str) -> None:
        reported.append(line)
        block.problem(line, message)

    text, raw_options, after = split(lines, heading + 1, report)
    option_lines |= {(number, chr(ord("a") + i)): raw.line for i, raw in enumerate(raw_options)}
    usable = not reported
    if not "".join(t for t, _ in text).strip():
        block.problem(
            heading, f"decision {number} has no text: write the situation before its options"
        )
        usable = False
    if after and not last:
        block.problem(
            after[0][1],
            f"text after decision {number}'s options: put a consequence under its option "
            f"(indented `> `), or start the next decision with `[decision {number + 1}]`",
        )
        usable = False
    if not MIN_OPTIONS <= len(raw_options) <= MAX_OPTIONS:
        block.problem(
            heading,
            f"decision {number} has {len(raw_options)} option"
            f"{'' if len(raw_options) == 1 else 's'}: give {MIN_OPTIONS} to "
            f"{MAX_OPTIONS} `- [ ] option -> N` lines",
        )
        return None, after
    best = sum(raw.correct for raw in raw_options)
    if best != 1:
        block.problem(
            heading,
            f"decision {number} has no best choice: mark one option with [x]"
            if not best
            else f"decision {number} has {best} options marked [x]: mark only the best choice",
        )
        usable = False
    options = [_option(block, position, raw) for position, raw in enumerate(raw_options)]
    if not usable or None in options:
        return None, after
    html = block.markdown(text)
    return Decision(number, html, one_line(html), [o for o in options if o]), after


def _option(block: Block, position: int, raw: RawOption) -> Option | None:
    """`LABEL -> N` / `LABEL -> end` (optionally `{pinned}` last) → an option."""
    match = LINK.fullmatch(raw.label.rstrip())
    if not match:
        near = next((arrow for arrow in NEAR_ARROWS if arrow in raw.label), None)
        if near == "->":
            block.problem(raw.line, f"put one space either side of `->`: {LINK_FORMAT}")
        elif near:
            block.problem(raw.line, f"`{near}` is not the arrow: {LINK_FORMAT}")
        else:
            block.problem(raw.line, f"this option leads nowhere: {LINK_FORMAT}")
        return None
    label, target, pinned = match.group(1), match.group(2), bool(match.group(3))
    if "{pinned}" in label:
        block.problem(raw.line, "put `{pinned}` at the end of the line, after `-> N`")
        return None
    if target != "end" and not target.isdigit():
        block.problem(raw.line, f"`-> {target}` leads nowhere: {LINK_FORMAT}")
        return None
    html = block.fragments.inline(label, raw.line)
    option = Option(
        letter=chr(ord("a") + position),
        html=html,
        text=plain_text(html),
        correct=raw.correct,
        feedback_html=block.fragments.block(raw.feedback, raw.feedback_line),
        pinned=pinned,
        next=None if target == "end" else int(target),
    )
    if not option.text:
        block.problem(raw.line, "option has no text")
        return None
    return option


def _links_usable(
    block: Block, decisions: list[Decision], parts: list[Section], lines: Lines
) -> bool:
    """Every link goes forward to an existing decision, and every decision can be reached."""
    total = len(decisions)
    usable = True
    for decision in decisions:
        for option in decision.options:
            target, line = option.next, lines[(decision.number, option.letter)]
            if target is None:
                continue
            if target <= decision.number:
                block.problem(
                    line,
                    f"this option links back to decision {target}: paths go forward only, so "
                    + (
                        f"link to a later decision ({decision.number + 1}…{total}) or `-> end`"
                        if decision.number < total
                        else "the last decision's options all lead to `-> end`"
                    ),
                )
                usable = False
            elif target > total:
                block.problem(
                    line,
                    f"there is no decision {target} (this scenario has {total}): link to a "
                    "later decision or `-> end`",
                )
                usable = False
    if not usable:
        return False
    reached = {1}
    for decision in decisions:
        if decision.number in reached:
            reached |= {o.next for o in decision.options if o.next is not None}
    for decision, (_, heading, _) in zip(decisions, parts, strict=False):
        if decision.number not in reached:
            block.problem(
                heading,
                f"decision {decision.number} cannot be reached: no option leads to it (link "
                f"to it with `-> {decision.number}` from an earlier decision, or remove it)",
            )
            usable = False
    return usable


def _longest(decisions: list[Decision]) -> int:
    """Decisions on the longest path from decision 1 (paths go forward only)."""
    depth: dict[int, int] = {}
    for decision in reversed(decisions):
        depth[decision.number] = 1 + max(
            (depth[o.next] for o in decision.options if o.next is not None), default=0
        )
    return depth.get(1, 0)


KIND = Scenario()
