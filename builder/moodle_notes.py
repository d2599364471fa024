"""The text written beside each zip: Moodle settings that suit that package, and its answer key."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from builder.model import Course, Module
from builder.questions.registry import KINDS
from builder.resources import templates_dir

TEMPLATE = "moodle-settings.txt"


@dataclass(frozen=True)
class KeyQuestion:
    """One question of the answer key."""

    id: str
    number: int
    kind: str  # as the trainer reads it: "single choice"
    text: str
    lines: list[str]  # the kind's answer-key lines (options with their responses)
    right_answer: str  # the correct response exactly as Moodle shows it


def answer_key(module: Module, scorm: str) -> list[KeyQuestion]:
    """Each question with its kind's answer-key lines and the correct pattern for `scorm`."""
    key = []
    for question in module.questions:
        kind = KINDS[question.kind]
        key.append(
            KeyQuestion(
                question.id,
                question.number,
                kind.label,
                question.text,
                kind.answer_key(question, scorm),
                "; ".join(kind.correct_pattern(question, scorm)),
            )
        )
    return key


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
        needed=questions_needed(len(questions), module.pass_mark) if questions else 0,
        key=answer_key(module, scorm),
    )
