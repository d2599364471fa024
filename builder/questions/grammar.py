"""Line grammar of a question block's body, shared by the kinds with list items (options).

Every line of the body gets one role, in one pass:

- TEXT: the question, before the first item (any Markdown, `> ` quotations included);
- ITEM: an item line, exactly as its syntax says (`- [ ] Label`, `- [x] Label`);
- FEEDBACK: the item's feedback, a `> ` quote indented under it (`  > Why.` under `- `),
  and its indented continuation lines;
- GENERAL: general feedback, the paragraphs after the items (after a blank line);
- BLANK: an empty line (in the question text, between items, or in the general feedback).

Code inside a fence keeps the role of the part it is written in. A line that *looks like* an
item or feedback but is not exactly one is a problem naming the line and the fix: nothing is
guessed. API for the kinds: `classify` (with an `Items` syntax: `CHOICE` for `- [ ]` options,
or a kind's own), `option_mistake`, and `split`, the choice kinds' text / options / general
feedback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from builder.block_checks import fenced

TEXT, ITEM, FEEDBACK, GENERAL, BLANK = "text", "item", "feedback", "general", "blank"
OPTION = re.compile(r"[-*+] \[(?P<mark>[ xX])\](?: (?P<label>.*)|$)")
WORD_MARKERS = "\u2013\u2014\u2022"  # en dash, em dash, bullet
# anything that starts like an option: indentation, a list marker (or a dash or bullet a word
# processor put there), a short bracketed mark
LOOKS_LIKE_OPTION = re.compile(
    rf"(?P<indent>[^\S\n]*+)(?P<marker>[-*+{WORD_MARKERS}]|\d{{1,9}}[.)])?(?P<gap>[^\S\n]*+)"
    r"(?P<open>\[?)(?P<mark>[^\[\]\n]{0,3})(?P<close>\]?)"
)
LIKELY_MARKS = {"", "x", "v", "y", "o", "*", "-", "+", "✓", "✔", "✗", "☐", "☑", "☒"}
QUOTE_MAX = 30

Report = Callable[[int, str], None]


@dataclass(frozen=True)
class Items:
    """How a kind writes its item lines: the exact pattern (matched on the line without
    trailing spaces; group `label`, and `mark` for a right/wrong mark), the indentation of
    the feedback under an item, and why a line that looks like an item is not one."""

    exact: re.Pattern[str]
    indent: int
    mistake: Callable[[str], str | None]
    noun: str  # what messages call an item: "option"


@dataclass(frozen=True)
class Line:
    """One classified body line. `content`: the label (ITEM), the text after `> ` or the
    unindented line (FEEDBACK), else the line as written."""

    role: str
    number: int
    content: str
    match: re.Match[str] | None = None  # ITEM: the `Items.exact` match


@dataclass
class RawOption:
    """One `- [ ]` / `- [x]` line and its feedback, before rendering."""

    correct: bool
    label: str
    line: int
    feedback: str = ""
    feedback_line: int = 0


def _quote(text: str) -> str:
    text = text.rstrip()
    return text if len(text) <= QUOTE_MAX else text[: QUOTE_MAX - 1] + "…"


def option_mistake(line: str) -> str | None:
    """Why `line` looks like a `- [ ]` / `- [x]` option but is not exactly one, with the line
    as it should be; None when it is one, or does not look like one (a link `[text](url)` at
    the start of a line, say)."""
    stripped = line.rstrip()
    if OPTION.fullmatch(stripped):
        return None
    found = LOOKS_LIKE_OPTION.match(stripped)
    indent, marker, gap, opening, mark, closing = found.group(
        "indent", "marker", "gap", "open", "mark", "close"
    )
    rest = stripped[found.end() :]
    listed = bool(marker) and not marker[0].isdigit()  # `-`, `*` or `+`
    guessable = mark.strip().lower() in LIKELY_MARKS
    if opening and closing:
        if _link(rest, bool(marker)) or not (listed or guessable):
            return None
    elif not listed or (opening and "]" in rest and rest[:1] != "[") or (closing and not guessable):
        return None  # half a mark counts only after `- ` (`- [x Label`, `- x] Label`)
    elif not (opening or closing):
        return None
    whole = bool(opening and closing)
    label = rest.strip() if whole else "…"
    right, wrong = _quote(f"- [x] {label}"), _quote(f"- [ ] {label}")
    fixed = ""
    if whole and mark.strip() in ("x", "X"):
        fixed = right
    elif whole and mark and not mark.strip():
        fixed = wrong
    either = f"`{right}` for a right option or `{wrong}` for a wrong one"
    write = f"write `{fixed}`" if fixed else f"write {either}"
    if re.search(r"[^\S \t]", stripped[: found.end() + 1]):  # looks like a space, is not one
        write += " (with ordinary spaces: this line has a no-break or other unusual space)"
    shown = f"`{_quote(line)}`"
    if indent:
        return f"{shown}: an option starts at the beginning of the line: {write}"
    if not marker:
        return f"{shown}: an option starts with `- `: {write}"
    if marker[0].isdigit():
        return f"{shown}: options are a `- ` list, not numbered: {write}"
    if marker in WORD_MARKERS:
        return f"{shown}: an option starts with a hyphen and a space (`- `): {write}"
    if not whole:
        return f"{shown}: a mark is `[x]` or `[ ]`, in square brackets: {write}"
    if gap != " ":
        return f"{shown}: one space after `{marker}`: {write}"
    if mark in (" ", "x", "X"):
        return f"{shown}: a space after `]`: {write}"
    if not mark:
        return f"{shown}: `[]` is empty: {write}"
    if mark.strip() in ("x", "X"):
        return f"{shown}: no spaces inside `[{mark}]`: {write}"
    if not mark.strip():
        return f"{shown}: one space between the brackets: {write}"
    return f"{shown}: `[{mark}]` is not a mark: {write}"


def _link(rest: str, listed: bool) -> bool:
    """Whether what follows `[…]` makes it a link (`[text](url)`, `[text][ref]`) or a link
    reference definition (`[ref]: url`), not a mark."""
    return (
        (rest.startswith("(") and ")" in rest)
        or (rest.startswith("[") and "]" in rest)
        or (rest.startswith(":") and not listed)
    )


CHOICE = Items(OPTION, 2, option_mistake, "option")


def classify(body: list[str], first: int, report: Report, items: Items = CHOICE) -> list[Line]:
    """The role of each line of `body` (whose first line is line `first` of the file).

    Lines that are almost an item or its feedback are reported through `report(line,
    message)` and left out of the result. Linear in the number of lines.
    """
    lines: list[Line] = []
    region = TEXT  # TEXT, ITEM (the items and their feedback), GENERAL
    under = ""  # in the item region, what the line before was: ITEM, FEEDBACK, BLANK
    code_role = TEXT
    pad = " " * items.indent
    code = fenced(body)
    for offset, line in enumerate(body):
        number = first + offset
        stripped = line.strip()
        indented = line[:1] in (" ", "\t")
        if code[offset] and (offset and code[offset - 1]):
            lines.append(Line(code_role, number, _unindent(line, pad, code_role)))
            continue
        if not stripped:
            lines.append(Line(BLANK, number, ""))
            under = BLANK if region == ITEM else under
            continue
        match = items.exact.fullmatch(line.rstrip())
        mistake = None if match else items.mistake(line)
        role, content = "", line
        if match or mistake:
            if region == GENERAL:
                mistake = mistake or (
                    f"`{_quote(line)}`: {items.noun}s must stand together, before the "
                    "general feedback"
                )
            elif match:
                role, content, region, under = ITEM, match.group("label") or "", ITEM, ITEM
        elif stripped.startswith(">") and (indented or region == ITEM):
            role, mistake = _feedback(line, region, pad, items.noun)
            content = re.sub(r"^>[ \t]?", "", stripped)
            under = FEEDBACK if role else under
        elif region == ITEM and indented:
            if under == FEEDBACK:
                role, content = FEEDBACK, stripped
            elif under == ITEM:
                mistake = (
                    f"`{_quote(line)}`: one line per {items.noun}: join this line to the "
                    f"{items.noun} above, or write feedback as `{pad}> …`"
                )
            else:
                mistake = (
                    f"`{_quote(line)}`: write {items.noun} feedback as `{pad}> …` right "
                    f"under its {items.noun}"
                )
        elif region == ITEM and under != BLANK:
            mistake = f"`{_quote(line)}`: leave a blank line before the general feedback"
        else:
            role = TEXT if region == TEXT else GENERAL
            region = role
        if mistake:
            report(number, mistake)
            continue
        if code[offset]:  # a fence opens: its code belongs where the fence is written
            code_role = role
        lines.append(Line(role, number, content, match))
    return lines


def _feedback(line: str, region: str, pad: str, noun: str) -> tuple[str, str | None]:
    """(FEEDBACK, None) for a well-placed `> ` feedback line, else ("", the problem)."""
    shown = f"`{_quote(line)}`"
    if region == TEXT:
        return "", f"{shown}: feedback under no {noun}: put `{pad}> …` right under its {noun}"
    if region == GENERAL:
        return "", (
            f"{shown}: {noun} feedback goes right under its {noun}, before the general feedback"
        )
    if not line.startswith(pad + ">"):
        where = "at the start of the line" if line[0] == ">" else "indented wrongly"
        return "", (
            f"{shown}: feedback `>` {where}: indent it by exactly {len(pad)} spaces "
            f"(`{pad}> …`) under its {noun}; general feedback has no `>`"
        )
    return FEEDBACK, None


def _unindent(line: str, pad: str, role: str) -> str:
    if role == FEEDBACK and line.startswith(pad):
        return line[len(pad) :]
    return line


def split(
    body: list[str], first: int, report: Report
) -> tuple[list[tuple[str, int]], list[RawOption], list[tuple[str, int]]]:
    """The choice kinds' question text lines, options and general feedback lines (with their
    line numbers); mistakes are reported and their lines left out."""
    text: list[tuple[str, int]] = []
    options: list[RawOption] = []
    general: list[tuple[str, int]] = []
    feedback: list[str] = []
    parts = {TEXT: text, GENERAL: general}
    region = TEXT
    for line in classify(body, first, report):
        if line.role == ITEM:
            _close(options, feedback)
            mark = line.match.group("mark") if line.match else " "
            options.append(RawOption(mark != " ", line.content, line.number))
            region = ITEM
        elif line.role == FEEDBACK:
            if not options[-1].feedback_line:
                options[-1].feedback_line = line.number
            feedback.append(line.content)
        elif line.role in parts:
            region = line.role
            parts[region].append((line.content, line.number))
        elif region in parts:  # BLANK
            parts[region].append(("", line.number))
        else:
            feedback.append("")
    _close(options, feedback)
    return text, options, general


def _close(options: list[RawOption], lines: list[str]) -> None:
    if options and lines:
        options[-1].feedback = "\n".join(lines).strip()
    lines.clear()
