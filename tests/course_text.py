"""Reading the course's text for its tests: visible text, blocks, sentences, source blocks."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

from builder.model import Course, Module, Question

ROOT = Path(__file__).resolve().parent.parent
BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|blockquote|summary|dt|dd|td|th)>|<br\s*/?>")
# A sentence ends at . ! or ? (perhaps then a closing quote or bracket) before a space and a
# capital, digit or opening quote. Abbreviations in the course ("e.g.") are avoided.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]?\s+(?=[A-Z0-9\"'\u201c\u2018(])")
BEYOND = re.compile(r"<!-- Beyond the leaflet: basis = (?P<basis>[^>]*?) -->")


def module_of(course: Course, module_id: str) -> Module:
    """The module with this id (fails the test when there is none)."""
    found = [module for module in course.modules if module.id == module_id]
    assert found, f"no module {module_id!r}"
    return found[0]


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, one line, with typographic quotes made plain."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", fragment))
    text = text.translate(
        str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    )
    text = re.sub(r"\s+", " ", text)
    return re.sub(r" ([.,;:!?])", r"\1", text)


def teaching_text(module: Module) -> str:
    """The text of the module's pages, without its questions and its closing summary."""
    return " ".join(
        plain(part)
        for page in module.pages
        if not page.summary
        for part in page.parts
        if isinstance(part, str)
    )


def question_fragments(question: Question) -> Iterator[str]:
    """Every piece of HTML a learner reads in a question: stem, options, items, feedback."""
    yield question.html
    yield question.feedback_html
    options = [o for d in question.decisions for o in d.options] + question.options
    yield from (d.html for d in question.decisions)
    for option in options:
        yield option.html
        yield option.feedback_html
    for item in question.items:
        yield item.html
        yield item.feedback_html
    yield from (response.html for response in question.responses)
    for step in question.steps:
        yield step.html
        yield step.feedback_html


def fragments(module: Module) -> Iterator[str]:
    """Every HTML fragment of the module a learner reads, pages and questions."""
    for page in module.pages:
        for part in page.parts:
            if isinstance(part, Question):
                yield from question_fragments(part)
            else:
                yield part


def sentences(module: Module) -> Iterator[str]:
    """The module's sentences: each block element split at its sentence ends."""
    for fragment in fragments(module):
        for block in BLOCK_END.split(fragment):
            text = plain(block).strip()
            if text:
                yield from (s for s in SENTENCE_END.split(text) if s.strip())


def source(module_id: str) -> str:
    """The module's Markdown source, front matter included."""
    return next((ROOT / "modules").glob(f"*-{module_id}.md")).read_text(encoding="utf-8")


def source_blocks(module_id: str) -> Iterator[tuple[str, bool]]:
    """The body's blank-line-separated blocks, each with whether it is inside a question."""
    body = source(module_id).split("\n---\n", 1)[1]
    inside = False
    for block in re.split(r"\n\s*\n", body):
        if re.match(r"::: (?:question|scenario)\b", block):
            inside = True
        yield block, inside
        if re.search(r"^:::\s*$", block, re.MULTILINE):
            inside = False
