"""Property: mutate one line of a valid question block (a mark, a space, an indent, a
character, a copied line…). Either the build fails with an error naming the mutated line (or
the line right after it, or the question's opening line for the rules about the question as
a whole), or the answer key
it builds is exactly what a reader sees in the mutated text: every line that shows a mark is
an option, right when the mark is an x, with the label that follows it."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from builder_project import module, write_project
from hypothesis import example, given, settings
from hypothesis import strategies as st
from line_slips import Slips

from builder.course import load_course
from builder.errors import BuildError

FIRST = 6  # the body's first line: after five lines of front matter
LABELS = ["Nobody", "The lead", "A parent", "Wait and see", "Call 999", "Tell a friend"]
MARKS = ["", " x", "x ", "X ", "v", "  ", "xx", "X", "x", " ", "*", "[x", "x]"]
CHARACTERS = [" ", "-", "[", "]", "x", "X", ">", "#", "`", "*", "\t", "a", ":", "("]
TRICKY_LINES = ["", "## A heading", "> A quote", "  > Feedback", "- [x] Extra", "  Indented", "-"]
SLIPS = Slips(CHARACTERS, TRICKY_LINES, [" ", "  ", "   ", "    ", "\t"], MARKS, drop=True)
# what a reader takes for an option: a mark in brackets at the start, or half of one
# after a list marker
SEEN_OPTION = re.compile(
    r"\s*(?:[-*+]\s*)?\[(?P<mark>[^\]]{0,3})\](?P<label>.*)|\s*[-*+]\s*(?:\[|[^\[\]]{0,2}\])"
)
QUESTION_RULES = (  # reported at the `::: question` line
    "question has no correct option",
    "question has one option",
    "question has no options",
    "question has no text",
    "True and False are both marked right",
)


@st.composite
def blocks(draw: st.DrawFn) -> list[str]:
    """A valid question block, `::: question` to `:::`."""
    true_false = draw(st.booleans())
    if true_false:
        labels = ["True", "False"]
        right = draw(st.sampled_from([[True, False], [False, True]]))
    else:
        labels = draw(st.lists(st.sampled_from(LABELS), min_size=2, max_size=5, unique=True))
        right = draw(st.lists(st.booleans(), min_size=len(labels), max_size=len(labels)))
        right[draw(st.integers(0, len(labels) - 1))] = True
    multiple = not true_false and draw(st.booleans())
    lines = ["::: question multiple" if multiple else "::: question", "Who should you tell?", ""]
    for label, correct in zip(labels, right, strict=True):
        lines.append(f"- [{'x' if correct else ' '}] {label}")
        if draw(st.booleans()):
            lines.append(f"  > Because of {label.lower()}.")
    if draw(st.booleans()):
        lines += ["", "General feedback."]
    return [*lines, ":::"]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[list[str], int]:
    """A block with one body line mutated (or dropped: then the line before the gap); the
    mutated line's index in the block."""
    lines = draw(blocks())
    return SLIPS.apply(draw, lines, draw(st.integers(1, len(lines) - 2)))  # not `:::`


def _normal(text: str) -> str:
    """Label text without Markdown emphasis and code marks, spaces collapsed."""
    return " ".join(re.sub(r"[*_`\\]", "", text).split())


def seen_options(lines: list[str]) -> list[tuple[bool, str]]:
    """(right, label) of every line a reader takes for an option."""
    found = []
    for line in lines[1:-1]:
        match = SEEN_OPTION.match(line)
        if match:
            mark, label = match.group("mark"), match.group("label")
            found.append((mark is not None and mark.lower() == "x", _normal(label or "")))
    return found


def _block(*body: str) -> list[str]:
    return ["::: question", "Who should you tell?", "", *body, ":::"]


@settings(max_examples=250, deadline=None, derandomize=True, database=None)
@given(mutations())
@example((_block("- [[x] Nobody", "- [ ] Nobody", "- [x] Nobody"), 3))  # found by random runs
@example((_block("- [x] >True", "- [ ] False"), 3))
@example((_block("- [x] True", "- [ ] False", "  > Feedback", "General feedback."), 5))
def test_a_mutated_line_fails_by_name_or_builds_what_was_written(
    mutated: tuple[list[str], int],
) -> None:
    lines, index = mutated
    with tempfile.TemporaryDirectory() as folder:
        root = write_project(Path(folder), {"01-m.md": module("\n".join(lines) + "\n")})
        try:
            course = load_course(root)
        except BuildError as error:
            errors = [p for p in error.problems if not p.warning]
            # the mutated line, or the next one when the mutated line is well-formed but
            # leaves it out of place (feedback put where the blank line before the general
            # feedback was); the opening line for the rules about the whole question
            named = {FIRST + index, FIRST + index + 1} | {
                FIRST for p in errors if p.message.startswith(QUESTION_RULES)
            }
            assert any(p.line in named for p in errors), (lines, [str(p) for p in errors])
            return
    (question,) = course.modules[0].questions
    built = [(option.correct, _normal(option.text)) for option in question.options]
    assert built == seen_options(lines), lines
    labels = sorted(option.text.lower() for option in question.options)
    if labels == ["false", "true"]:
        assert sum(option.correct for option in question.options) == 1
