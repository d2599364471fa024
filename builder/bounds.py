"""Bounded work on any module file: the Markdown shapes that would make Python-Markdown
recurse without limit or take minutes are errors, found in one linear pass before it runs.

Python-Markdown recurses once per level of nested lists and quotations, and some of its
scanners are quadratic: each `[` (or `(` of a link) is matched by a loop that reads to its
closing bracket or to the end of the paragraph, each `<` by a regex that reads to the next
`>`, and every inline match copies the paragraph. Each budget below is the work (characters
those scanners read) that stays well under a second; ordinary writing uses a thousandth of it.
"""

from __future__ import annotations

import re

MAX_NESTING = 16  # levels of lists, quotations and indentation on one line
BRACKET_WORK = 200_000  # characters read by the link scanners, per module (3.5 µs each)
TAG_WORK = 2_000_000  # characters read past each `<` by the raw HTML scanner (0.35 µs each)
INLINE_WORK = 100_000_000  # inline marks times paragraph length, per module (15 ns each)
MARKS = frozenset("*_`[]<>!&\\~")
TAG_STARTS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ/!?")
_SPAN_MARKS = {"[": re.compile(r"[\\\[\]]"), "(": re.compile(r"[\\()]")}  # what a scan sees


def work_problems(lines: list[str], first: int, code: list[bool]) -> list[tuple[int, str]]:
    """(line, message) for each shape over its budget; `code[i]`: line i is fenced code."""
    problems: list[tuple[int, str]] = []
    for index, (line, in_code) in enumerate(zip(lines, code, strict=True)):
        depth = 0 if in_code else _depth(line)
        if depth > MAX_NESTING:
            problems.append(
                (
                    first + index,
                    f"nested {depth} levels deep (lists, quotations and indentation): keep it to "
                    f"{MAX_NESTING} or fewer; put deeply indented code in a ``` fence",
                )
            )
            break
    tag = _tag_work(lines, code)
    if tag is not None:
        problems.append(
            (
                first + tag,
                "too many `<` without a closing `>` from here on: write \\< for a less-than sign",
            )
        )
        return problems
    brackets = inline = 0
    for start, text in _paragraphs(lines, code):
        for opener, closer in (("[", "]"), ("(", ")")):
            work, position = _span_work(text, opener, closer)
            brackets += work
            if brackets > BRACKET_WORK:
                line = first + start + text.count("\n", 0, position)
                problems.append(
                    (
                        line,
                        f"too many `{opener}` without a matching `{closer}` (or nested too "
                        f"deep) from here on: write \\{opener} and \\{closer} for brackets "
                        "that are not part of a link",
                    )
                )
                return problems
        inline += sum(text.count(mark) for mark in MARKS) * len(text)
        if inline > INLINE_WORK:
            problems.append(
                (
                    first + start,
                    "this paragraph and the ones before it have too much inline formatting for "
                    "their length: split the long paragraphs",
                )
            )
            return problems
    return problems


def _depth(line: str) -> int:
    """Quotation markers, list markers and indentation levels (4 columns) before the text."""
    depth = column = index = 0
    while index < len(line):
        character = line[index]
        if character == " ":
            column += 1
        elif character == "\t":
            column += 4 - column % 4
        elif character == ">" or (character in "-*+" and _blank(line[index + 1 : index + 2])):
            depth += 1
            index += _blank(line[index + 1 : index + 2])  # the space after a marker
        elif character.isdigit():
            end = index
            while end < len(line) and end - index < 10 and line[end].isdigit():
                end += 1
            if line[end : end + 1] not in (".", ")") or not _blank(line[end + 1 : end + 2]):
                break
            depth += 1
            index = end + 1  # the space after the marker
        else:
            break
        index += 1
    return depth + column // 4


def _blank(character: str) -> bool:
    return character in (" ", "\t")


def _paragraphs(lines: list[str], code: list[bool]) -> list[tuple[int, str]]:
    """(index of the first line, text) of each unit Python-Markdown inlines on its own: a run
    of non-blank lines outside fenced code, cut where a list item or a table row starts."""
    runs: list[tuple[int, str]] = []
    start: int | None = None
    for index, (line, in_code) in enumerate([*zip(lines, code, strict=True), ("", False)]):
        if start is not None and (not line.strip() or in_code or _starts_unit(line)):
            runs.append((start, "\n".join(lines[start:index])))
            start = None
        if line.strip() and not in_code and start is None:
            start = index
    return runs


def _starts_unit(line: str) -> bool:
    """Whether the line starts a list item or a table row (after indentation and `>`s)."""
    text = line.lstrip(" \t>")
    digits = len(text) - len(text.lstrip("0123456789"))
    return (
        text[:2] in ("- ", "* ", "+ ")
        or text.startswith("|")
        or (0 < digits < 10 and text[digits : digits + 2] in (". ", ") "))
    )


def _span_work(text: str, opener: str, closer: str) -> tuple[int, int]:
    """(characters a scanner reads from each opener to its matching `closer`, or to the end of
    the text when it has none; the position of the first opener left open, else 0).

    Every `[` starts a scan (the link patterns try each one); a `(` only right after `]`
    does (a link's address), though nested parentheses count towards finding its end."""
    if opener not in text:
        return 0, 0
    stack: list[tuple[int, bool]] = []  # (position, starts a scan)
    work = 0
    escaped = -1  # the position of a character escaped by the `\\` before it
    for match in _SPAN_MARKS[opener].finditer(text):
        index, character = match.start(), match.group()
        if index == escaped:
            continue
        if character == "\\":
            escaped = index + 1
        elif character == opener:
            stack.append((index, opener == "[" or text[index - 1 : index] == "]"))
        elif stack:
            position, scans = stack.pop()
            work += index - position if scans else 0
    left = [position for position, scans in stack if scans]
    work += sum(len(text) - position for position in left)
    return work, left[0] if left else 0


def _tag_work(lines: list[str], code: list[bool]) -> int | None:
    """The line index from which `<`s left open make the raw HTML scanner read more than
    TAG_WORK characters in all (it reads from each `<` to the next `>`), or None."""
    text = "\n".join("" if in_code else line for line, in_code in zip(lines, code, strict=True))
    work = 0
    position = text.find("<")
    while position >= 0:
        if text[position + 1 : position + 2] in TAG_STARTS:
            close = text.find(">", position)
            work += (close if close >= 0 else len(text)) - position
            if work > TAG_WORK:
                return text.count("\n", 0, position)
        position = text.find("<", position + 1)
    return None
