"""The text written beside each zip: Moodle settings that suit that package, and its answer key."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from builder.model import Course, Module, Option, Question
from builder.resources import templates_dir

TEMPLATE = "moodle-settings.txt"
KIND_NAMES = {
    "choice": "single choice",
    "multiple": "multiple response",
    "true-false": "true or false",
}


@dataclass(frozen=True)
class KeyOption:
    """One option as the trainer reads it in Moodle's reports."""

    response: str  # what the LMS records for this option: `a`, or `t` / `true`
    text: str
    correct: bool


@dataclass(frozen=True)
class KeyQuestion:
    """One question of the answer key."""

    id: str
    number: int
    kind: str
    text: str
    options: list[KeyOption]
    right_answer: str  # the correct response exactly as Moodle shows it


def response_token(question: Question, option: Option, scorm: str) -> str:
    """The response identifier the runtime sends for one option (see docs/architecture.md)."""
    if question.kind != "true-false":
        return option.letter
    value = option.text.strip().lower() == "true"
    if scorm == "1.2":
        return "t" if value else "f"
    return "true" if value else "false"


def answer_key(module: Module, scorm: str) -> list[KeyQuestion]:
    """Each question with its options' responses and the correct pattern for `scorm`."""
    separator = "," if scorm == "1.2" else "[,]"
    key = []
    for question in module.questions:
        options = [
            KeyOption(response_token(question, o, scorm), o.text, o.correct)
            for o in question.options
        ]
        right = separator.join(option.response for option in options if option.correct)
        key.append(
            KeyQuestion(
                question.id,
                question.number,
                KIND_NAMES.get(question.kind, question.kind),
                question.text,
                options,
                right,
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
