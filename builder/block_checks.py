"""Markdown block structure that Python-Markdown would accept silently but that is almost
certainly not what the author meant: `##Heading` without a space, setext headings (text
underlined with `===` or `---`), a code fence that is never closed (every later page and
question would vanish into it), and one-line text (an option label, a page heading) that
would render as a quotation, heading or list. Each check is one pass over the lines.
`fenced` says which lines are code and `in_comments` which are inside an HTML comment, for
every part of the builder that reads lines.
"""

from __future__ import annotations

import re

FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
NO_SPACE = re.compile(r"(#{1,6})([^#\s])")
UNDERLINE = re.compile(r"[=-]+ *")
QUOTE_MAX = 40
BLOCK_TAG = re.compile(r"<(blockquote|h[1-6]|ol|ul|pre|hr|table|div|dl)\b")
BLOCK_NAMES = {
    "blockquote": "a quotation",
    "ol": "a numbered list",
    "ul": "a bulleted list",
    "pre": "code",
    "hr": "a rule",
    "table": "a table",
}


def heading_mistake(line: str, previous: str) -> str | None:
    """The problem with `line` (outside code) as a heading, given the line before it (""
    when that was blank, code, or the start of the page); None when there is none."""
    if match := NO_SPACE.match(line):
        hashes = match.group(1)
        text = line[len(hashes) :].rstrip()
        shown = _shorten(text)
        fix = f"`{hashes} {shown}`"
        if hashes == "#":  # `# ` is the module title's
            fix = f"`## {shown}` for a page or `### {shown}` for a section"
        return (
            f"`{hashes}{shown}` has no space after `{hashes}`: write {fix}, "
            "or `\\#` for a literal #"
        )
    if UNDERLINE.fullmatch(line) and _underlines(previous):
        level = "##" if line.startswith("-") else "###"
        kind = "a page" if level == "##" else "a section"
        return (
            f"text underlined with `{line.strip()[:3]}` is a heading here: write `{level} "
            f"heading` for {kind}, or leave a blank line before `{line.strip()[:3]}` for a rule"
        )
    return None


def _underlines(previous: str) -> bool:
    """Whether a `---`/`===` line after `previous` makes it a (setext) heading."""
    stripped = previous.strip()
    if not stripped or stripped.startswith("#") or stripped.startswith(":::"):
        return False
    return not stripped.endswith("-->") and not UNDERLINE.fullmatch(previous)


def inline_mistake(text: str, rendered: str) -> str | None:
    """Why one-line text (an option label, a page heading) that Markdown rendered as
    `rendered` is not shown as typed: a label `>True` would be a quotation, a heading
    `## 1. Introduction` a numbered list. None when it is plain inline text."""
    tag = BLOCK_TAG.match(rendered)
    if not tag:
        return None
    name = tag.group(1)
    what = BLOCK_NAMES.get(name, "a heading" if name[0] == "h" else "a block")
    stripped = text.strip()
    numbered = re.match(r"\d+(?=[.)])", stripped)
    escaped = (
        stripped[: numbered.end()] + "\\" + stripped[numbered.end() :]
        if numbered
        else "\\" + stripped
    )
    shown, fixed = _shorten(stripped), _shorten(escaped)
    return f"`{shown}` reads as {what} here, not as text: write `{fixed}` to show it as typed"


def _shorten(text: str) -> str:
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def in_comments(lines: list[str], code: list[bool]) -> list[bool]:
    """For each line, whether it is inside an HTML comment that began on an earlier line
    (outside code): such lines are notes for reviewers, not Markdown."""
    flags: list[bool] = []
    inside = False
    for line, is_code in zip(lines, code, strict=True):
        flags.append(inside)
        if inside:
            inside = "-->" not in line
        elif not is_code and "<!--" in line:
            inside = "-->" not in line[line.rindex("<!--") :]
    return flags


def fenced(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (fences included): a fence of
    three or more backticks or tildes, indented at most three spaces, closed by a line of
    the same characters at least as long."""
    flags: list[bool] = []
    fence = ""
    for line in lines:
        if fence:
            flags.append(True)
            fence = "" if _closes(line, fence) else fence
        else:
            match = FENCE.match(line)
            fence = match.group(1) if match else ""
            flags.append(bool(match))
    return flags


def unclosed_fence(lines: list[str]) -> int | None:
    """The index of the line opening a fenced code block that runs to the end, or None."""
    fence, opened = "", 0
    for index, line in enumerate(lines):
        if fence:
            fence = "" if _closes(line, fence) else fence
        elif match := FENCE.match(line):
            fence, opened = match.group(1), index
    return opened if fence else None


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])
