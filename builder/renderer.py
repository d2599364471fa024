"""Markdown → HTML for one module: the two Python-Markdown instances (pages, and fragments
such as a question's options), with the module's problems, linked files and questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from markdown import Markdown
from markdown.extensions import Extension

from builder import blocks
from builder.block_checks import inline_mistake
from builder.errors import Problem, display_path
from builder.html_policy import PolicyExtension
from builder.linked_files import DEFAULT_LIMITS, Limits, LinkedFiles
from builder.model import Question
from builder.questions import PLACEHOLDER, QuestionExtension, QuestionState


@dataclass
class Context:
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
        self._page_context = Context()
        self._fragment_context = Context()
        self._page_md = self._markdown(self._page_context, QuestionExtension(self, self.state))
        self._fragment_md = self._markdown(self._fragment_context)

    def _markdown(self, context: Context, *extra: Extension) -> Markdown:
        policy = PolicyExtension(self, context)
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

    def _convert(self, md: Markdown, context: Context, text: str, line: int) -> str:
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
