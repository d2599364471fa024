"""The text written beside each zip: the Moodle settings that suit that package, for admins.

Trainers get the answer key in the trainer pack (`builder.trainer_pack`).
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from builder.model import Course, Module
from builder.resources import templates_dir

TEMPLATE = "moodle-settings.txt"


def questions_needed(questions: int, pass_mark: int) -> int:
    """Fewest right answers whose score (rounded half up, as the runtime does) reaches the mark."""
    for right in range(questions + 1):
        if (200 * right + questions) // (2 * questions) >= pass_mark:
            return right
    return questions


@cache
def _template() -> Template:
    """The compiled template, once per process (compiling it costs more than rendering)."""
    environment = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=False,  # plain text, never shown as HTML
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template(TEMPLATE)


def moodle_notes(course: Course, module: Module, scorm: str, zip_name: str) -> str:
    """The per-package settings text (`templates/moodle-settings.txt`) for one zip."""
    questions = module.questions
    return _template().render(
        course=course.config,
        module=module,
        scorm=scorm,
        zip_name=zip_name,
        pages=len(module.pages),
        questions=questions,
        needed=questions_needed(module.asked, module.pass_mark) if questions else 0,
    )
