"""The launch page, rendered with Jinja2 (autoescape on) from `templates/module.html`."""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from builder.model import Course, Module
from builder.questions.registry import KINDS
from builder.resources import templates_dir

LAUNCH_PAGE = "index.html"
CSP = (
    "default-src 'none'; script-src 'self'; style-src {styles}; img-src 'self'; "
    "media-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'"
)


def content_security_policy(styles: list[str]) -> str:
    """Only the package's own files, and the inline stylesheets by their SHA-256."""
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in styles
    ]
    return CSP.format(styles=" ".join(["'self'", *hashes]))


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
        part.id: page.index
        for page in module.pages
        for part in page.parts
        if not isinstance(part, str)
    }
    return {
        "course": course.config.id,
        "module": module.id,
        "title": module.title,
        "scorm": scorm,
        "passMark": module.pass_mark,
        "structure": module.structure,
        "pages": [{"slug": page.slug, "title": page.title} for page in module.pages],
        "shuffle": module.shuffle,
        "draw": module.draw,
        "drawPerObjective": module.draw_per_objective,
        "objectives": [{"id": o.id, "text": o.text} for o in module.objectives],
        "questions": [
            {
                "id": question.id,
                "key": question.key,
                "type": question.kind,
                "page": page_of[question.id],
                "text": question.text,
                "objective": question.objective,
                **KINDS[question.kind].module_data(question),
            }
            for question in module.questions
        ],
    }


def render_launch_page(
    course: Course,
    module: Module,
    scorm: str,
    scripts: list[str],
    styles: list[str],
    logo: str | None,
) -> str:
    """The module's `index.html`: `scripts` are the runtime's files, loaded with `defer`;
    `styles` the stylesheets inlined in the page."""
    return (
        environment()
        .get_template("module.html")
        .render(
            course=course.config,
            module=module,
            scorm=scorm,
            module_data=module_data(course, module, scorm),
            scripts=scripts,
            styles=styles,
            csp=content_security_policy(styles),
            logo=logo,
        )
    )
