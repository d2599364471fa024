"""The trainer pack written beside each zip (`<zip stem>.trainer.html`): every question of
the module's pool with its options as Moodle shows them, the right answer, the feedback, the
key message it assesses, and where each appears in Moodle's reports for that SCORM version.

A printable, self-contained page (`templates/trainer-pack.html`): no script, nothing fetched.
Per-kind facts come from the kind registry (`builder.questions.registry.KINDS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from builder.model import Course, Module, Question
from builder.questions.registry import KINDS
from builder.resources import templates_dir

TEMPLATE = "trainer-pack.html"


@dataclass(frozen=True)
class PackOption:
    """One option: what Moodle records for it, its text, whether it is right, its feedback."""

    shown: str
    html: Markup
    correct: bool
    feedback: Markup


@dataclass(frozen=True)
class PackRow:
    """One interaction as Moodle's reports show it: its id, the right answer as recorded, and
    (a scenario's decision) the best choice's text."""

    ident: str
    right: str
    best: str


@dataclass(frozen=True)
class PackQuestion:
    """One question of the pool, ready for the page."""

    question: Question
    label: str  # the kind as a trainer reads it: "single choice"
    html: Markup
    options: list[PackOption]  # choice kinds; empty for the others
    key_lines: list[str]  # the kind's own answer key (kinds without options)
    rows: list[PackRow]  # one per interaction (a scenario: one per decision)
    objective: str | None  # the key message's text
    feedback: Markup


def trainer_pack_name(zip_name: str) -> str:
    """`<zip stem>.trainer.html`."""
    return zip_name.removesuffix(".zip") + ".trainer.html"


def pack_questions(module: Module, scorm: str) -> list[PackQuestion]:
    """Every question of the pool with what the trainer needs for `scorm`."""
    messages = {o.id: o.text for o in getattr(module, "objectives", [])}
    found = []
    for question in module.questions:
        kind = KINDS[question.kind]
        response = getattr(kind, "response", None)
        options = [
            PackOption(
                response(question, option, scorm),
                Markup(option.html),
                option.correct,
                Markup(option.feedback_html),
            )
            for option in (question.options if response else [])
        ]
        decisions = getattr(question, "decisions", [])
        ids = [f"{question.id}-{d.number}" for d in decisions] or [question.id]
        best = [next(o.text for o in d.options if o.correct) for d in decisions] or [""]
        patterns = kind.correct_pattern(question, scorm)
        rows = [PackRow(*row) for row in zip(ids, patterns, best, strict=True)]
        objective = getattr(question, "objective", None)
        found.append(
            PackQuestion(
                question,
                kind.label,
                Markup(question.html),
                options,
                [] if options else kind.answer_key(question, scorm),
                rows,
                messages.get(objective, objective) if objective else None,
                Markup(question.feedback_html),
            )
        )
    return found


@cache
def _template() -> Template:
    environment = Environment(
        loader=FileSystemLoader(templates_dir()),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template(TEMPLATE)


def trainer_pack(course: Course, module: Module, scorm: str, zip_name: str) -> bytes:
    """The trainer pack of one package, as UTF-8 bytes."""
    draw = getattr(module, "draw", None)
    return (
        _template()
        .render(
            course=course.config,
            module=module,
            scorm=scorm,
            zip_name=zip_name,
            questions=pack_questions(module, scorm),
            draw=draw,
        )
        .encode()
    )
