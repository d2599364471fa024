"""One module file → `Module`: front matter, pages (split at `## ` headings), and each page
through the module's `ModuleRenderer` (Markdown, questions, media). The raw HTML, link and
comment policy is in `builder.html_policy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.block_checks import heading_mistake, in_comments, unclosed_fence
from builder.block_typos import block_line_mistakes
from builder.bounds import work_problems
from builder.config import CourseConfig, Fields, read_mapping, read_text
from builder.errors import Problem, display_path, errors_only
from builder.linked_files import slugify
from builder.model import Module, Page
from builder.placeholders import placeholder_warnings
from builder.questions import fenced, plain_text
from builder.questions.pools import KEYS as ASSESSMENT
from builder.questions.pools import pool_problems, read_settings
from builder.renderer import ModuleRenderer
from builder.suspend import structure_key

SUMMARY_TITLES = ("key points", "summary")
SLUG_MAX = 64


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
