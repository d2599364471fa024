"""One module file → `Module`: front matter, pages, Markdown, questions and media.

Raw HTML policy: module files are Markdown only. HTML comments (`<!-- … -->`) are allowed,
for notes to reviewers, and are removed from the output. Any other HTML tag is a build
error that names its line: write Markdown instead (the launch page's markup, styling and
security policy depend on it). Links to `javascript:`, `data:` or `vbscript:` URLs are
errors; external links open in a new tab; images must be files in the project.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from builder import blocks
from builder.block_checks import (
    heading_mistake,
    in_comments,
    inline_mistake,
    unclosed_fence,
)
from builder.block_typos import block_line_mistakes
from builder.bounds import work_problems
from builder.config import CourseConfig, Fields, read_mapping, read_text
from builder.errors import Problem, display_path, errors_only
from builder.linked_files import DEFAULT_LIMITS, Limits, LinkedFiles, opens_separately, slugify
from builder.model import Module, Page, Question
from builder.placeholders import placeholder_warnings
from builder.questions import (
    PLACEHOLDER,
    QuestionExtension,
    QuestionState,
    fenced,
    plain_text,
)
from builder.questions.pools import KEYS as ASSESSMENT
from builder.questions.pools import pool_problems, read_settings
from builder.suspend import structure_key

SUMMARY_TITLES = ("key points", "summary")
SLUG_MAX = 64
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
TAG = re.compile(r"</?[A-Za-z][^>\s]*")
BLOCKED_SCHEMES = ("javascript:", "data:", "vbscript:")
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel")


@dataclass
class _Context:
    """The text being converted by one Markdown instance, for line numbers."""

    source: str = ""
    first_line: int = 1
    claimed: set[int] = field(default_factory=set)
    cursors: dict[str, int] = field(default_factory=dict)  # after each needle's last claim
    opening: bool = False  # the opening page: its h1 is the module title, so ### is its h2

    def line_of(self, needle: str, claim: bool = False) -> int:
        """The source line where `needle` appears (the first line if nowhere).

        With `claim`, each occurrence is used once, so repeated needles get their own lines.
        """
        position = self.source.find(needle, self.cursors.get(needle, 0) if claim else 0)
        while claim and position in self.claimed:
            position = self.source.find(needle, position + 1)
        if claim:
            self.claimed.add(position)
            self.cursors[needle] = position + 1  # earlier occurrences are all claimed
        return self.first_line + (self.source.count("\n", 0, position) if position >= 0 else 0)


class ModuleRenderer:
    """Markdown → HTML for one module, collecting problems and media as it goes."""

    def __init__(
        self,
        module_id: str,
        path: Path,
        root: Path,
        problems: list[Problem],
        limits: Limits = DEFAULT_LIMITS,
        reserved: int = 0,
    ) -> None:
        self.module_id = module_id
        self.path = path
        self.root = root
        self.problems = problems
        self.linked = LinkedFiles(path.parent, root, limits, self.problem, reserved)
        self.media = self.linked.files
        self.raw_html_lines: set[int] = set()  # lines already reported for raw HTML
        self.state = QuestionState()
        self._page_context = _Context()
        self._fragment_context = _Context()
        self._page_md = self._markdown(self._page_context, QuestionExtension(self, self.state))
        self._fragment_md = self._markdown(self._fragment_context)

    def _markdown(self, context: _Context, *extra: Extension) -> Markdown:
        policy = _PolicyExtension(self, context)
        return Markdown(
            extensions=[
                "sane_lists",
                "fenced_code",
                policy,
                *blocks.extensions(self, context, expand=context is self._page_context),
                *extra,
            ],
            output_format="html",
        )

    def problem(self, line: int, message: str) -> None:
        """Record a problem at a line of this module file."""
        self.problems.append(Problem(display_path(self.path), line, message))

    def _convert(self, md: Markdown, context: _Context, text: str, line: int) -> str:
        context.source, context.first_line = text, line
        context.claimed.clear()
        context.cursors.clear()
        md.reset()
        return md.convert(text).strip()

    def page(self, text: str, line: int, opening: bool = False) -> list[str | Question]:
        """A page body → HTML fragments and questions, in source order."""
        self.state.first_line = line
        self._page_context.opening = opening
        rendered = self._convert(self._page_md, self._page_context, text, line)
        parts: list[str | Question] = []
        for index, piece in enumerate(PLACEHOLDER.split(rendered)):
            if index % 2:
                parts.append(self.state.questions[int(piece)])
            elif piece.strip():
                parts.append(piece.strip())
        return parts

    def block(self, text: str, line: int) -> str:
        """Markdown (several paragraphs) → HTML."""
        if not text.strip():
            return ""
        return self._convert(self._fragment_md, self._fragment_context, text, line)

    def inline(self, text: str, line: int) -> str:
        """One line of Markdown → inline HTML (no paragraph)."""
        rendered = self.block(text, line)
        if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
            return rendered[3:-4]
        mistake = inline_mistake(text, rendered)
        if mistake:
            self.problem(line, mistake)
        return rendered

    def media_path(self, target: str, line: int, image: bool = False) -> str | None:
        """Register a relative link target as a package file (`builder.linked_files`); its
        package path, or None (and a problem) when it cannot be packaged."""
        linked = self.linked.add(target, line, image)
        return linked.href if linked else None


class _CommentStripper(Preprocessor):
    """Removes HTML comments outside code, keeping the line count."""

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: _Context) -> None:
        super().__init__(md)
        self.renderer = renderer
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        pending: list[str] = []
        for line, code in zip(lines, fenced(lines), strict=True):
            if pending:
                pending.append(line)
                if "-->" in line:
                    joined = COMMENT.sub("", "\n".join(pending))
                    out += joined.split("\n") + [""] * (len(pending) - joined.count("\n") - 1)
                    pending = []
                continue
            start = line.find("<!--")
            if not code and start >= 0 and not _in_code_span(line, start):
                if "-->" not in line[start:]:
                    pending = [line]
                    continue
                line = COMMENT.sub("", line)
            out.append(line)
        if pending:
            self.renderer.problem(
                self.context.first_line + len(out), "HTML comment is not closed: end it with -->"
            )
        return out + [""] * len(pending)


def _in_code_span(line: str, position: int) -> bool:
    return line.count("`", 0, position) % 2 == 1


class _BlockHtmlPolicy(HtmlBlockPreprocessor):
    """Block-level raw HTML is a problem."""

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: _Context) -> None:
        super().__init__(md)
        self.renderer = renderer
        self.context = context

    def run(self, lines: list[str]) -> list[str]:
        start = len(self.md.htmlStash.rawHtmlBlocks)
        out = super().run(lines)
        for index in range(start, len(self.md.htmlStash.rawHtmlBlocks)):
            raw = str(self.md.htmlStash.rawHtmlBlocks[index])
            _raw_html_problem(self.renderer, self.context, raw)
            self.md.htmlStash.rawHtmlBlocks[index] = ""
        return out


class _InlineHtmlPolicy(HtmlInlineProcessor):
    """Inline raw HTML is a problem."""

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: _Context) -> None:
        super().__init__(HTML_RE, md)
        self.renderer = renderer
        self.context = context

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:
        _raw_html_problem(self.renderer, self.context, m.group(1))
        return "", m.start(0), m.end(0)


def _raw_html_problem(renderer: ModuleRenderer, context: _Context, raw: str) -> None:
    tag = TAG.search(raw)
    needle = tag.group(0) if tag else raw.strip()[:20]
    line = context.line_of(needle, claim=True)
    if line not in renderer.raw_html_lines:
        renderer.raw_html_lines.add(line)
        renderer.problem(
            line, f"raw HTML is not allowed ({needle}>): write Markdown instead (comments are fine)"
        )


class _LinkPolicy(Treeprocessor):
    """Checks and rewrites link and image URLs; copies relative targets as media."""

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: _Context) -> None:
        super().__init__(md)
        self.renderer = renderer
        self.context = context

    def run(self, root: ET.Element) -> None:
        for element in root.iter():
            attribute = {"a": "href", "img": "src"}.get(element.tag)
            raw = element.get(attribute) if attribute else None
            if attribute and raw is not None:
                url = html.unescape(raw.replace(AMP_SUBSTITUTE, "&")).strip()
                self._check(element, attribute, url, self.context.line_of(raw))

    def _check(self, element: ET.Element, attribute: str, url: str, line: int) -> None:
        problem = self.renderer.problem
        if re.sub(r"[\s\x00-\x1f]", "", url).lower().startswith(BLOCKED_SCHEMES):
            problem(line, f"{url[:40]!r}: script and data links are not allowed; link to a page")
            element.set(attribute, "#")
            return
        scheme = urlsplit(url).scheme.lower()
        external = scheme in EXTERNAL_SCHEMES or url.startswith("//")
        if element.tag == "img" and (external or scheme):
            problem(line, f"image {url} is not a file in the project; save it and link it by path")
        elif external:
            element.set("target", "_blank")
            element.set("rel", "noopener")
        elif scheme:
            problem(line, f"link {url} uses an unsupported scheme ({scheme}:)")
        elif urlsplit(url).path.lower().endswith(".md"):
            problem(
                line,
                f"link {url} points to a module file: each module is a separate package, "
                "so name the other module in words instead",
            )
        elif url and not url.startswith("#"):
            linked = self.renderer.linked.add(url, line, image=element.tag == "img")
            element.set(attribute, linked.href if linked else "#")
            if linked and element.tag == "a":
                opens_separately(element, linked)


class _OpeningPageHeadings(Treeprocessor):
    """On the opening page, promotes `###`… one level: the module title is its only heading
    above them, so heading levels run h1, h2, … without a gap."""

    def __init__(self, md: Markdown, context: _Context) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: ET.Element) -> None:
        if not self.context.opening:
            return
        for element in root.iter():
            if element.tag in ("h3", "h4", "h5", "h6"):
                element.tag = f"h{int(element.tag[1]) - 1}"


class _PolicyExtension(Extension):
    def __init__(self, renderer: ModuleRenderer, context: _Context) -> None:
        super().__init__()
        self.renderer = renderer
        self.context = context

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_CommentStripper(md, self.renderer, self.context), "comments", 29)
        md.preprocessors.register(
            _BlockHtmlPolicy(md, self.renderer, self.context), "html_block", 20
        )
        md.inlinePatterns.register(_InlineHtmlPolicy(md, self.renderer, self.context), "html", 90)
        md.treeprocessors.register(_LinkPolicy(md, self.renderer, self.context), "links", -1)
        md.treeprocessors.register(_OpeningPageHeadings(md, self.context), "opening", -2)


@dataclass
class _RawPage:
    title: str | None
    line: int
    body_line: int
    lines: list[str]


def _split_pages(lines: list[str], first: int, renderer: ModuleRenderer) -> list[_RawPage]:
    pages = [_RawPage(None, first, first, [])]
    fence = unclosed_fence(lines)
    if fence is not None:
        renderer.problem(first + fence, "code fence is not closed: end the code with a ``` line")
    question, previous = 0, ""  # the line of the open `:::` block (0: none); the line before
    code_lines = fenced(lines)
    notes = in_comments(lines, code_lines)
    skip = [code or note for code, note in zip(code_lines, notes, strict=True)]
    for offset, message in block_line_mistakes(lines, skip):
        renderer.problem(first + offset, message)
    for offset, (line, code) in enumerate(zip(lines, code_lines, strict=True)):
        line_no = first + offset
        mistake = None if code or notes[offset] else heading_mistake(line, previous)
        if mistake:
            renderer.problem(line_no, mistake)
        previous = "" if code or mistake else line
        if not code and line.startswith(":::"):
            question = 0 if line.rstrip() == ":::" else line_no
        if code or not line.startswith("#"):
            pages[-1].lines.append(line)
        elif question and (line.startswith("## ") or line.rstrip() == "##"):
            renderer.problem(
                line_no,
                f"`## ` heading inside the question that starts at line {question}: end the "
                "question with a `:::` line before the next page (`### ` heads a section)",
            )
            pages[-1].lines.append(line)
        elif line.startswith("## ") or line.rstrip() == "##":
            pages.append(_RawPage(_heading_text(line), line_no, line_no + 1, []))
        elif line.startswith("# ") or line.rstrip() == "#":
            renderer.problem(
                line_no, "`# ` headings are reserved for the module title: use `## ` for a page"
            )
        else:
            pages[-1].lines.append(line)
    return pages


def _heading_text(line: str) -> str:
    """A `## ` line's text without its optional closing `#`s (linear time, no regex)."""
    text = line[2:].strip()
    unclosed = text.rstrip("#")
    return unclosed.rstrip() if unclosed != text and unclosed[-1:] in ("", " ", "\t") else text


def _front_matter(text: str, path: Path, problems: list[Problem]) -> tuple[str, str, int] | None:
    """(front matter, body, first body line) or a problem."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        problems.append(
            Problem(
                display_path(path),
                1,
                "must start with front matter: a `---` line, "
                "`id:`, `title:`, `minutes:` lines, then another `---` line",
            )
        )
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    problems.append(Problem(display_path(path), 1, "front matter is not closed: add a `---` line"))
    return None


def parse_module(
    path: Path, config: CourseConfig, root: Path, problems: list[Problem]
) -> tuple[Module, int] | None:
    """Parse one module file; returns the module and the line of its `id`, or None."""
    before = len(problems)
    text = read_text(path, problems)
    if text is None:
        return None
    problems += placeholder_warnings(path, text)
    split = _front_matter(text, path, problems)
    if split is None:
        return None
    front, body, body_line = split
    entries = read_mapping(front, path, problems, first_line=2)
    if entries is None:
        return None
    fields = Fields(entries, path, problems)
    fields.check_keys(("id", "title", "minutes"), ("description", "pass_mark", *ASSESSMENT))
    module_id = fields.identifier("id")
    title = fields.text("title")
    description = fields.text("description", "", limit=1000) or ""
    minutes = fields.integer("minutes", 1, None, None)
    pass_mark = fields.integer("pass_mark", 0, 100, config.pass_mark)
    settings = read_settings(fields, config.shuffle)
    if not body.strip():
        problems.append(
            Problem(
                display_path(path),
                body_line - 1,
                "module has no content: write its "
                "opening text and `## ` pages below the front matter",
            )
        )
        return None
    bounded = work_problems(body.split("\n"), body_line, fenced(body.split("\n")))
    if bounded:  # before Python-Markdown: it would recurse too deep, or take minutes
        problems += [Problem(display_path(path), line, message) for line, message in bounded]
        return None
    logo = config.logo.stat().st_size if config.logo else 0
    renderer = ModuleRenderer(module_id or "module", path, root, problems, config.limits, logo)
    pages = _pages(_split_pages(body.split("\n"), body_line, renderer), title or "", renderer)
    problems += pool_problems(display_path(path), settings, renderer.state.questions, entries)
    if errors_only(problems[before:]) or None in (module_id, title, minutes, pass_mark):
        return None
    assert module_id and title and minutes is not None and pass_mark is not None
    structure = structure_key([p.slug for p in pages], [q.key for q in renderer.state.questions])
    module = Module(
        module_id,
        title,
        description,
        minutes,
        pass_mark,
        path,
        pages,
        renderer.media,
        structure,
        settings.objectives,
        settings.draw,
        settings.draw_per_objective,
        settings.shuffle,
    )
    return module, entries["id"].line


def _pages(raw_pages: list[_RawPage], title: str, renderer: ModuleRenderer) -> list[Page]:
    pages: list[Page] = []
    slugs: set[str] = set()
    for index, raw in enumerate(raw_pages):
        if raw.title is None:
            plain, slug = title, "start"
        else:
            plain = plain_text(renderer.inline(raw.title, raw.line))
            if not plain:
                renderer.problem(raw.line, "page heading has no text")
            slug = _unique(slugify(plain) or f"page-{index}", slugs)
        summary = raw.title is not None and plain.lower() in SUMMARY_TITLES
        if summary and index != len(raw_pages) - 1:
            renderer.problem(raw.line, f"`## {plain}` is the closing page: make it the last page")
        slugs.add(slug)
        parts = renderer.page("\n".join(raw.lines), raw.body_line, opening=index == 0)
        pages.append(Page(index, slug, plain, parts, summary, raw.line))
    if not pages[-1].summary:
        slug = _unique("summary", slugs)
        pages.append(Page(len(pages), slug, "Summary", [], True, raw_pages[-1].line))
    return pages


def _unique(slug: str, taken: set[str]) -> str:
    if slug == "start":
        slug = "start-page"
    candidate, number = slug, 1
    while candidate in taken:
        number += 1
        candidate = f"{slug[: SLUG_MAX - 4]}-{number}"
    return candidate
