"""Lines that look like a content block's fence (`/// name`, `///`) or an abbreviation
definition (`*[DSL]: …`) but are not exactly one: Markdown would show them to learners as
typed, or build a block without its title. One pass over the lines, with a stack of the open
blocks; each line is read with string operations only. Then, on each page's rendered tree,
what only the tree shows: a `{…}` attribute list that applied to nothing, a caption with no
image or table, and block lines left as text inside lists and quotations.
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import TYPE_CHECKING

from markdown.extensions.abbr import AbbrBlockprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

if TYPE_CHECKING:
    from markdown import Markdown

    from builder.renderer import Context, ModuleRenderer

NAMES = ("note", "warning", "leaflet", "details", "tab", "caption", "glossary")
TITLED = {"details": "What happens next?", "tab": "Babies"}  # a title is required
UNTITLED = ("caption", "glossary")  # a title is not allowed
OPTIONS = {"details": ("open",), "tab": ("new", "select")}  # besides `attrs` (refused later)
LISTED = ", ".join(f"`/// {name}`" for name in NAMES)
ABBR_LINE = AbbrBlockprocessor.RE
ATTR_MAX = 200  # the longest `{…}` read as an attribute list


def block_line_mistakes(lines: list[str], skip: list[bool]) -> Iterator[tuple[int, str]]:
    """(index, message) for each block fence or abbreviation line that is almost right;
    `skip` marks lines that are code or comments. A `## ` page heading ends every block."""
    opened: list[tuple[int, str, int]] = []  # (slashes, name or "" when mistyped, index)
    options: tuple[str, ...] | None = None  # the open block's options, while they may follow
    for index, line in enumerate(lines):
        if skip[index]:
            options = None
            continue
        indent = len(line) - len(line.lstrip(" "))
        stripped = line.strip()
        if options is not None and indent >= 4 and stripped:
            yield from _option(index, stripped, opened[-1][1], options)
            continue
        options = None
        if line.startswith("## ") or line.rstrip() == "##":
            yield from _unclosed(opened)
            opened.clear()
        elif stripped.startswith("*[") and indent < 4:
            message = _abbreviation(line, indent)
            if message:
                yield index, message
        elif stripped.startswith("//") and indent < 4:
            slashes = len(stripped) - len(stripped.lstrip("/"))
            rest = stripped[slashes:].strip()
            if slashes < 3 and not rest:
                yield index, fence_mistake(stripped)
            elif not rest:
                yield from _close(index, slashes, opened)
            else:
                message = fence_mistake(stripped)
                if message:  # still open it, so that its `///` closes it quietly
                    yield index, message
                name = "" if message else rest.split("|")[0].strip()
                opened.append((slashes, name, index))
                options = OPTIONS.get(name, ()) if name else None
    yield from _unclosed(opened)


def fence_mistake(stripped: str) -> str | None:
    """What is wrong with a line (without its indentation) starting with `//` as a block's
    opening line, or None."""
    slashes = len(stripped) - len(stripped.lstrip("/"))
    if slashes < 3:
        return (
            f"`{_short(stripped)}` has {slashes} slashes: a block starts and ends with `///` "
            f"({LISTED})"
        )
    rest = stripped[slashes:].strip()
    name, bar, title = (part.strip() for part in rest.partition("|"))
    if name not in NAMES:
        word = name.split()[0] if name.split() else name
        if word in NAMES:
            return (
                f"`{_short(stripped)}` is not a block opener: write `/// {word}` (or "
                f"`/// {word} | Title`) on a line of its own, the text on the lines below, "
                "then `///` on a line of its own"
            )
        close = difflib.get_close_matches(word.lower(), NAMES, n=1)
        hint = f" (did you mean `/// {close[0]}`?)" if close else ""
        return f"`{_short(stripped)}` is not a block{hint}: the blocks are {LISTED}"
    if name in TITLED and not title:
        return f"`/// {name}` needs a title after `|`: write `/// {name} | {TITLED[name]}`" + (
            " (learners open the section by it)" if name == "details" else ""
        )
    if name in UNTITLED and bar:
        return f"`/// {name}` takes no title: write `/// {name}` alone on its line"
    if bar and not title:
        return f"`/// {name} |` has no title after `|`: write one, or remove the `|`"
    return None


def _option(
    index: int, stripped: str, name: str, allowed: tuple[str, ...]
) -> Iterator[tuple[int, str]]:
    """An indented `key: value` line right after a block's opening line."""
    key, colon, value = (part.strip() for part in stripped.partition(":"))
    if key == "attrs" and colon:
        return  # its attributes are refused by the block policy, by name
    if key in allowed and colon and value in ("true", "false"):
        return
    if not allowed:
        fix = f"`/// {name}` takes no options: remove the indentation (or leave a blank line)"
    else:
        shown = " or ".join(f"`    {option}: true`" for option in allowed)
        fix = f"`/// {name}` may have {shown} on the lines right after it"
    yield index, f"`{_short(stripped)}` is not an option here: {fix}"


def _close(
    index: int, slashes: int, opened: list[tuple[int, str, int]]
) -> Iterator[tuple[int, str]]:
    """A `///` line: it closes the innermost open block with as many slashes."""
    depth = next((d for d in range(len(opened) - 1, -1, -1) if opened[d][0] == slashes), None)
    if depth is None:
        yield (
            index,
            (
                f"`{'/' * slashes}` closes no block: remove it, or open the block above it "
                f"({LISTED})"
            ),
        )
        return
    yield from _unclosed(opened[depth + 1 :])
    del opened[depth:]


def _unclosed(opened: list[tuple[int, str, int]]) -> Iterator[tuple[int, str]]:
    for slashes, name, index in opened:
        if not name:
            continue  # reported as not a block already
        fence = "/" * slashes
        yield (
            index,
            (
                f"`{fence} {name}` is not closed: end it with a `{fence}` line (before the "
                "next `## ` page)"
            ),
        )


def _abbreviation(line: str, indent: int) -> str | None:
    """What is wrong with a line starting `*[`, or None when it is a definition (or
    emphasised text such as `*[photo]*` or `*[a link](page.pdf)* here`)."""
    stripped = line.strip()
    term, bracket, after = stripped[2:].partition("]")
    if not bracket:
        return f"`{_short(stripped)}`: close the bracket: write `*[{term}]: expansion`"
    if after[:1] in ("*", "(", "[") or (
        after.rstrip().endswith("*") and not after.lstrip().startswith(":")
    ):
        return None
    if not term.strip():
        return f"`{_short(stripped)}` names no abbreviation: write `*[DSL]: expansion`"
    fixed = f"*[{term}]: {after.lstrip(' :').strip() or 'expansion'}"
    if indent:
        return f"`{_short(stripped)}`: an abbreviation starts the line: write `{_short(fixed)}`"
    if ABBR_LINE.fullmatch(line.rstrip()):
        return None
    return (
        f"`{_short(stripped)}` is not an abbreviation definition: write `{_short(fixed)}` "
        "(a colon after `]`)"
    )


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


def attribute_list(text: str) -> str | None:
    """The first `{.class}`, `{#id}` or `{key=value}` in `text` (each looked for within
    `ATTR_MAX` characters of its `{`), or None."""
    start = text.find("{")
    while start >= 0:
        end = text.find("}", start, start + ATTR_MAX)
        inner = text[start + 1 : end].lstrip(":").strip() if end > 0 else ""
        words = inner.split()
        if words and "\n" not in inner and (inner[0] in ".#" or "=" in words[0]):
            return text[start : end + 1]
        start = text.find("{", start + 1)
    return None


class TreeChecks(Treeprocessor):
    """After the attribute lists are applied: a `{…}` still in the text applies to nothing
    (after a heading, a blank line or on its own), and a figure's caption must follow an
    image or a table and say something."""

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: Context) -> None:
        super().__init__(md)
        self.renderer = renderer
        self.context = context

    def run(self, root: ET.Element) -> None:
        self._lines: list[str] | None = None  # the page's source lines, once needed
        for element in root.iter():
            if element.tag == "figure":
                self._figure(element)
            else:
                self._block(element)
            for text in (element.text, element.tail):
                if not text or isinstance(text, AtomicString):
                    continue
                for part in text.split("\n"):
                    if part.lstrip().startswith("//") and part.strip().strip("/"):
                        self._shown_fence(part.strip())
                found = attribute_list(text)
                if found:
                    self.renderer.problem(
                        self.context.line_of(found, claim=True),
                        f"`{_short(found)}` applies to nothing here, so learners would see it "
                        "as typed: write `{.lead}` on the line right after a paragraph's last "
                        "line, or `{width=N}` right after an image (headings take none)",
                    )

    def _shown_fence(self, stripped: str) -> None:
        """A block's opening line left as text (in a list or a quotation, where the line
        checks do not look)."""
        line = self.context.line_of(stripped, claim=True)
        if self._lines is None:
            self._lines = self.context.source.split("\n")
        source = self._lines[line - self.context.first_line]
        if source.startswith(stripped) or source[:4].strip().startswith("//"):
            return  # a line of its own: `block_line_mistakes` read it
        core = source.lstrip(" >")  # the whole line (inline markup may have split the text)
        core = (core[2:] if core[:2] in ("- ", "* ", "+ ") else core).strip()
        stripped = core if core.startswith(stripped[:3]) else stripped
        message = fence_mistake(stripped) or (
            f"`{_short(stripped)}` is shown as typed here: a block's `///` lines stand on "
            "lines of their own, with its text between them"
        )
        self.renderer.problem(line, message)

    def _block(self, element: ET.Element) -> None:
        """A callout, section, tab or glossary with nothing in it, or a glossary with text."""
        classes = element.get("class", "").split()
        if "admonition" in classes:
            name = next((c for c in classes if c in NAMES), "note")
            body = [child for child in element if "admonition-title" not in child.get("class", "")]
        elif element.tag == "details":
            name, body = "details", [child for child in element if child.tag != "summary"]
        elif "tabbed-block" in classes:
            name, body = "tab", list(element)
        elif "glossary" in classes:
            self._glossary(element)
            return
        else:
            return
        line = self.context.line_of(f"/// {name}", claim=True)
        if not body and not (element.text or "").strip():
            self.renderer.problem(
                line, f"`/// {name}` is empty: write its text between it and `///`"
            )

    def _glossary(self, listing: ET.Element) -> None:
        line = self.context.line_of("/// glossary", claim=True)
        if any(child.tag not in ("dt", "dd") for child in listing):
            self.renderer.problem(
                line,
                "`/// glossary` lists the module's abbreviations itself: leave nothing "
                "between it and `///`",
            )
        elif not len(listing):
            self.renderer.problem(
                line,
                "`/// glossary` has nothing to list: define abbreviations with "
                "`*[DSL]: designated safeguarding lead` lines, or remove the block",
            )

    def _figure(self, figure: ET.Element) -> None:
        caption = figure.find("figcaption")
        if caption is None:
            return
        line = self.context.line_of("/// caption", claim=True)
        shown = [child for child in figure if child is not caption]
        if not any(node.tag in ("img", "table") for child in shown for node in child.iter()):
            self.renderer.problem(
                line,
                "`/// caption` has no image or table above it: put it right after the "
                "`![…](…)` line or the table it describes",
            )
        if not "".join(caption.itertext()).strip():
            self.renderer.problem(
                line, "`/// caption` is empty: write the caption between it and `///`"
            )
