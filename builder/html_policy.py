"""Raw HTML, links and comments in module Markdown: the processors that enforce the policy.

Module files are Markdown only. HTML comments (`<!-- … -->`) are allowed, for notes to
reviewers, and are removed from the output. Any other HTML tag is a build error that names
its line: write Markdown instead (the launch page's markup, styling and security policy
depend on it). Links to `javascript:`, `data:` or `vbscript:` URLs are errors; external links
open in a new tab; images must be files in the project.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import HtmlBlockPreprocessor, Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from builder.linked_files import opens_separately
from builder.questions import fenced

if TYPE_CHECKING:
    from builder.renderer import Context, ModuleRenderer

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
TAG = re.compile(r"</?[A-Za-z][^>\s]*")
BLOCKED_SCHEMES = ("javascript:", "data:", "vbscript:")
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel")


class _CommentStripper(Preprocessor):
    """Removes HTML comments outside code, keeping the line count."""

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: Context) -> None:
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

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: Context) -> None:
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

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: Context) -> None:
        super().__init__(HTML_RE, md)
        self.renderer = renderer
        self.context = context

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str, int, int]:
        _raw_html_problem(self.renderer, self.context, m.group(1))
        return "", m.start(0), m.end(0)


def _raw_html_problem(renderer: ModuleRenderer, context: Context, raw: str) -> None:
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

    def __init__(self, md: Markdown, renderer: ModuleRenderer, context: Context) -> None:
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

    def __init__(self, md: Markdown, context: Context) -> None:
        super().__init__(md)
        self.context = context

    def run(self, root: ET.Element) -> None:
        if not self.context.opening:
            return
        for element in root.iter():
            if element.tag in ("h3", "h4", "h5", "h6"):
                element.tag = f"h{int(element.tag[1]) - 1}"


class PolicyExtension(Extension):
    def __init__(self, renderer: ModuleRenderer, context: Context) -> None:
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
