"""Content blocks: which Markdown extensions a module may use, and what they may produce.

Callouts (`/// note`, `/// warning`, `/// leaflet`), expandable sections (`/// details`),
tabs (`/// tab`), figure captions (`/// caption`) and the glossary (`/// glossary`) use
pymdown-extensions' generic blocks, so every block has the same fenced form and needs no
indentation; tables, definition lists, abbreviations and attribute lists are Python-Markdown's
own. The policy treeprocessor then keeps only the attributes these produce (an author's
`{onclick=…}` is a problem, not markup), numbers tab sets across the module so ids stay
unique, lets reflowing tables label their cells, and explains each abbreviation in place the
first time the module uses it. Audio and video are `builder.media`'s.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.abbr import AbbrBlockprocessor, AbbrExtension
from markdown.treeprocessors import Treeprocessor
from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.admonition import AdmonitionExtension
from pymdownx.blocks.block import Block
from pymdownx.blocks.caption import CaptionExtension
from pymdownx.blocks.details import DetailsExtension
from pymdownx.blocks.tab import TabExtension

from builder import media
from builder.block_typos import TreeChecks
from builder.questions import fenced

if TYPE_CHECKING:
    from builder.renderer import Context, ModuleRenderer

CALLOUTS = [
    {"name": "note", "title": "Note"},
    {"name": "warning", "title": "Warning"},
    {"name": "leaflet", "title": "The leaflet says"},
]
AUTHOR_CLASSES = frozenset({"lead"})  # what `{.class}` may add (to a paragraph)
MADE_CLASSES = frozenset(
    {
        "admonition",
        "admonition-title",
        "note",
        "warning",
        "leaflet",
        "tabbed-set",
        "tabbed-alternate",
        "tabbed-labels",
        "tabbed-content",
        "tabbed-block",
        "glossary",
        "abbr-expansion",
        "table-wrap",
        "align-left",
        "align-center",
        "align-right",
    }
)
ATTRIBUTES = {  # tag → attributes any extension may produce (besides class)
    "a": {"href", "title", "target", "rel"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "input": {"type", "name", "id", "checked"},
    "label": {"for"},
    "details": {"open"},
    "ol": {"start"},
    "div": {"data-tabs"},
    "td": {"data-label"},
}
ALIGN = re.compile(r"text-align: (left|center|right);?")
DIMENSION = re.compile(r"[1-9][0-9]{0,3}")
ABBR_LINE = AbbrBlockprocessor.RE
TABS_MAX = 8  # assets/style.css shows up to 8 tabs of a set


@dataclass
class ModuleBlocks:
    """What the blocks of one module share across its pages."""

    glossary: dict[str, str]
    explained: set[str] = field(default_factory=set)
    tab_sets: int = 0


_MODULES: WeakKeyDictionary[Any, ModuleBlocks] = WeakKeyDictionary()


def extensions(renderer: ModuleRenderer, context: Context, expand: bool) -> list[Any]:
    """The content-block extensions for one of a module's Markdown instances; `expand`: this
    instance renders the pages (abbreviations are explained at their first use there)."""
    if renderer not in _MODULES:
        _MODULES[renderer] = ModuleBlocks(_glossary(renderer))
    shared = _MODULES[renderer]
    return [
        "tables",
        "def_list",
        "attr_list",
        AbbrExtension(glossary=shared.glossary),
        AdmonitionExtension(types=CALLOUTS),
        DetailsExtension(),
        TabExtension(alternate_style=True),
        CaptionExtension(auto=False),
        _GlossaryExtension(shared),
        _PolicyExtension(renderer, context, shared, expand),
    ]


def _glossary(renderer: ModuleRenderer) -> dict[str, str]:
    """Every `*[ABBR]: Expansion` line of the module file (outside code): they apply to the
    whole module, wherever they are written."""
    text = renderer.path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    found: dict[str, str] = {}
    for number, (line, code) in enumerate(zip(lines, fenced(lines), strict=True), 1):
        match = None if code else ABBR_LINE.fullmatch(line.strip())
        if not match:
            continue
        term, expansion = match.group("abbr"), match.group("title").strip().strip("\"'")
        if term in found and found[term] != expansion:
            renderer.problem(
                number,
                f"*[{term}] is defined twice, as {found[term]!r} and {expansion!r}: keep one",
            )
        elif not expansion:
            renderer.problem(number, f"*[{term}] has no expansion: write it after the colon")
        else:
            found[term] = expansion
    return found


class _Glossary(Block):
    """`/// glossary` … `///`: every abbreviation of the module with its expansion."""

    NAME = "glossary"
    ARGUMENT = False

    def on_create(self, parent: ET.Element) -> ET.Element:
        terms = self.config["shared"].glossary
        listing = ET.SubElement(parent, "dl", {"class": "glossary"})
        for term in sorted(terms, key=str.casefold):
            ET.SubElement(listing, "dt").text = term
            ET.SubElement(listing, "dd").text = terms[term]
        return listing


class _GlossaryExtension(BlocksExtension):
    def __init__(self, shared: ModuleBlocks) -> None:
        self.config = {"shared": [shared, "the module's blocks"]}
        super().__init__()

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: Any) -> None:
        block_mgr.register(_Glossary, self.getConfigs())


class _Policy(Treeprocessor):
    """Attributes, ids, table labels and first uses of abbreviations (see the module doc)."""

    def __init__(
        self, md: Markdown, renderer: ModuleRenderer, context: Context, shared: ModuleBlocks
    ) -> None:
        super().__init__(md)
        self.renderer = renderer
        self.context = context
        self.shared = shared
        self.expand = False

    def run(self, root: ET.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        tab_names: dict[str, str] = {}
        for element in list(root.iter()):
            self._attributes(element)
            if element.tag == "img":
                element.set("loading", "lazy")  # pages not shown yet load nothing
            if element.tag == "div" and "data-tabs" in element.attrib:
                self.shared.tab_sets += 1
                element.set("data-tabs", str(self.shared.tab_sets))
                if len(element.findall("input")) > TABS_MAX:
                    label = element.find(".//label")
                    self.renderer.problem(
                        self.context.line_of(
                            "".join(label.itertext()) if label is not None else "///"
                        ),
                        f"a set of tabs has {len(element.findall('input'))} tabs; keep it to "
                        f"{TABS_MAX} or fewer (or use `/// details` sections)",
                    )
            for name in ("id", "name", "for"):
                value = element.get(name, "")
                if value.startswith("__tabbed_"):
                    group = value.split("_")[3]
                    new = tab_names.setdefault(group, f"tabs-{self.shared.tab_sets}")
                    element.set(name, new + value[len(f"__tabbed_{group}") :].replace("_", "-"))
            if element.tag == "table":
                self._label_cells(element, parents)
            if element.tag == "abbr" and self.expand:
                self._explain(element, parents[element])

    def _attributes(self, element: ET.Element) -> None:
        style = element.attrib.pop("style", None)
        if style is not None:
            align = ALIGN.fullmatch(style.strip())
            if align and element.tag in ("th", "td"):
                element.set("class", f"align-{align.group(1)}")
            else:
                self._refuse(element, "style", style)
        allowed = ATTRIBUTES.get(element.tag, set())
        for name, value in list(element.attrib.items()):
            if name == "class":
                authored = AUTHOR_CLASSES if element.tag == "p" else frozenset()
                extra = set(value.split()) - MADE_CLASSES - authored
                if extra and not (element.tag == "code" and value.startswith("language-")):
                    self._refuse(element, "class", " ".join(sorted(extra)))
            elif name not in allowed or (
                name in ("width", "height") and not DIMENSION.fullmatch(value or "")
            ):
                self._refuse(element, name, value)

    def _refuse(self, element: ET.Element, name: str, value: str | None) -> None:
        element.attrib.pop(name, None)
        shown = name if value is None else f"{name}={value!r}"
        needle = name if value is None else value
        self.renderer.problem(
            self.context.line_of(needle, claim=True),
            f"the attribute {shown} is not allowed in a module: remove it (an image may have "
            "{width=N}; a paragraph may have {.lead})",
        )

    def _label_cells(self, table: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
        """Each cell gets its column's heading as `data-label`, shown above it on phones."""
        heads = ["".join(th.itertext()).strip() for th in table.iter("th")]
        body = table.find("tbody")
        for row in body.iter("tr") if body is not None else []:
            for head, cell in zip(heads, row.iter("td"), strict=False):
                if head:
                    cell.set("data-label", head)
        parent = parents[table]
        wrap = ET.Element("div", {"class": "table-wrap"})
        index = list(parent).index(table)
        parent.remove(table)
        wrap.append(table)
        wrap.tail, table.tail = table.tail, None
        parent.insert(index, wrap)
        parents[table] = wrap

    def _explain(self, abbr: ET.Element, parent: ET.Element) -> None:
        """The module's first use of a term: its expansion in brackets, in the text."""
        term = (abbr.text or "").strip()
        expansion = abbr.get("title")
        if not expansion or term in self.shared.explained:
            return
        self.shared.explained.add(term)
        note = ET.Element("span", {"class": "abbr-expansion"})
        note.text = f" ({expansion})"
        note.tail, abbr.tail = abbr.tail, None
        parent.insert(list(parent).index(abbr) + 1, note)


class _PolicyExtension(Extension):
    def __init__(
        self, renderer: ModuleRenderer, context: Context, shared: ModuleBlocks, expand: bool
    ) -> None:
        super().__init__()
        self.renderer = renderer
        self.context = context
        self.shared = shared
        self.expand = expand

    def extendMarkdown(self, md: Markdown) -> None:
        policy = _Policy(md, self.renderer, self.context, self.shared)
        policy.expand = self.expand
        md.treeprocessors.register(policy, "block_policy", 1)
        md.treeprocessors.register(TreeChecks(md, self.renderer, self.context), "block_typos", 2)
        md.treeprocessors.register(
            media.MediaTreeprocessor(md, self.renderer, self.context), "media", 0
        )
