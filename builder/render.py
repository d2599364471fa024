"""The launch page, rendered with Jinja2 (autoescape on) from `templates/module.html`."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from builder.model import Course, Module
from builder.resources import templates_dir

LAUNCH_PAGE = "index.html"


@cache
def environment() -> Environment:
    """The shared Jinja2 environment; templates come from `builder.resources`."""
    return Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def module_data(course: Course, module: Module, scorm: str) -> dict[str, Any]:
    """The JSON the runtime reads from `#module-data` (docs/architecture.md)."""
    page_of = {
        question.id: page.index
        for page in module.pages
        for question in page.parts
        if not isinstance(question, str)
    }
    return {
        "course": course.config.id,
        "module": module.id,
        "title": module.title,
        "scorm": scorm,
        "passMark": module.pass_mark,
        "structure": module.structure,
        "pages": [{"slug": page.slug, "title": page.title} for page in module.pages],
        "questions": [
            {
                "id": question.id,
                "key": question.key,
                "type": question.kind,
                "page": page_of[question.id],
                "text": question.text,
                "options": [
                    {"id": option.letter, "text": option.text, "correct": option.correct}
                    for option in question.options
                ],
            }
            for question in module.questions
        ],
    }


def render_launch_page(
    course: Course, module: Module, scorm: str, assets: list[str], logo: str | None
) -> str:
    """The module's `index.html`."""
    return (
        environment()
        .get_template("module.html")
        .render(
            course=course.config,
            module=module,
            scorm=scorm,
            module_data=module_data(course, module, scorm),
            assets=assets,
            logo=logo,
        )
    )
