"""Property, for matching, ordering and scenario blocks: mutate one line of a valid block (a
character, an indent, a copied or replaced line…). Either the build fails with an error
naming the mutated line (or the line after it, or the opening or a decision heading for the
rules about the block as a whole), or it builds what a reader sees in the mutated text."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from builder_project import module, write_project
from hypothesis import given, settings
from hypothesis import strategies as st
from line_slips import Slips

from builder.course import load_course
from builder.errors import BuildError

FIRST = 6  # the block's first line: after five lines of front matter
WORDS = ["Refer today", "Tell your lead", "Record it", "Wait and see", "Listen", "Ask Ben"]
CHARACTERS = [" ", "-", ">", "[", "]", "x", "1", ".", ")", "=", "→", "\t", "a", ":"]
# reported where the gap a mutation left shows: at the next step, option or heading after it
FOLLOWING = ("options come after a `[decision N]` line", "step numbered", "`[decision")
TRICKY = ["", "## A heading", "> A quote", "  > Feedback", "   > Feedback", "- A -> B", "1. X"]
SLIPS = Slips(CHARACTERS, TRICKY, [" ", "  ", "   ", "\t"])
WHOLE = (  # rules reported at the opening line or a decision heading
    "question has no text",
    "matching question",
    "every item has the same response",
    "ordering question has",
    "scenario has",
    "decision ",
    "`[decision",
    "too many decisions",
)


def matching(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(2, 4))
    lines = ["::: question matching", "Match them.", ""]
    for n in range(count):
        lines.append(f"- Situation {n + 1} -> {WORDS[n]}")
        if draw(st.booleans()):
            lines.append("  > Why.")
    if draw(st.booleans()):
        lines.append(f"- -> {WORDS[5]}")
    return lines


def ordering(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(3, 5))
    lines = ["::: question ordering", "Order them.", ""]
    for n in range(count):
        lines.append(f"{n + 1}. {WORDS[n]}")
        if draw(st.booleans()):
            lines.append("   > Why.")
    return lines


def scenario(draw: st.DrawFn) -> list[str]:
    count = draw(st.integers(2, 4))
    lines = ["::: scenario", "The case.", ""]
    for n in range(1, count + 1):
        nxt = "end" if n == count else str(n + 1)
        lines += [f"[decision {n}]", "What now?", "", f"- [x] {WORDS[n]} -> {nxt}"]
        if draw(st.booleans()):
            lines.append("  > It helps.")
        lines += [f"- [ ] {WORDS[0]} -> {nxt}", ""]
    return lines


@st.composite
def mutations(draw: st.DrawFn) -> tuple[list[str], int]:
    """A valid block (of a drawn kind) with one body line mutated, and that line's index."""
    lines = draw(st.sampled_from([matching, ordering, scenario]))(draw)
    if draw(st.booleans()):
        lines += ["", "General feedback."]
    lines.append(":::")
    return SLIPS.apply(draw, lines, draw(st.integers(1, len(lines) - 2)))


def seen(lines: list[str]) -> tuple[list[tuple[str, str]], list[str], list[list[str]]]:
    """What a reader sees: matching pairs, ordering steps, each decision's links."""
    body = lines[1:-1]
    pairs = [
        (m.group(1), m.group(2))
        for line in body
        if (m := re.fullmatch(r"- (?!->)(.+?) -> (.+)", line.rstrip()))
    ]
    steps = [m.group(1) for line in body if (m := re.fullmatch(r"\d+\. (.+)", line.rstrip()))]
    links: list[list[str]] = []
    for line in body:
        if re.fullmatch(r"\[decision \d+\]", line):
            links.append([])
        elif links and (m := re.fullmatch(r"- \[[ x]\] .+ -> (\S+)", line.rstrip())):
            links[-1].append(m.group(1))
    return pairs, steps, links


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(mutations())
def test_a_mutated_line_fails_by_name_or_builds_what_was_written(
    mutated: tuple[list[str], int],
) -> None:
    lines, index = mutated
    with tempfile.TemporaryDirectory() as folder:
        body = "Intro.\n\n## Check\n\n" + "\n".join(lines) + "\n"
        root = write_project(Path(folder), {"01-m.md": module(body)})
        first = FIRST + 4  # the opening `:::` line
        try:
            course = load_course(root)
        except BuildError as error:
            errors = [p for p in error.problems if not p.warning]
            headings = {first + i for i, line in enumerate(lines) if line.startswith("[decision")}
            named = {first + index, first + index + 1} | {
                line for p in errors if p.message.startswith(WHOLE) for line in {first, *headings}
            }
            named |= {
                p.line for p in errors if p.message.startswith(FOLLOWING) and p.line > first + index
            }
            assert any(p.line in named for p in errors), (lines, [str(p) for p in errors])
            return
    (question,) = course.modules[0].questions
    pairs, steps, links = seen(lines)
    if question.kind == "matching":
        answer = {r.letter: r.text for r in question.responses}
        assert [(i.text, answer[i.answer]) for i in question.items] == pairs, lines
    elif question.kind == "ordering":
        assert [s.text for s in question.steps] == steps, lines
    else:
        built = [
            ["end" if o.next is None else str(o.next) for o in d.options]
            for d in question.decisions
        ]
        assert built == links, lines
