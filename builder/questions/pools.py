"""A module's assessment settings from its front matter (`shuffle`, `draw`,
`draw_per_objective`, `objectives`) and the build-time checks of its pool of questions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from builder.config import ID_MAX, ID_PATTERN, flag
from builder.errors import Problem
from builder.model import Objective, Question

KEYS = ("shuffle", "draw", "draw_per_objective", "objectives")
OBJECTIVE_TEXT_MAX = 250  # SCORM 2004 cmi.objectives.n.description
OBJECTIVES_MAX = 50


@dataclass
class Settings:
    """The assessment settings of one module."""

    shuffle: bool = True
    draw: int | None = None
    draw_per_objective: int = 0
    objectives: list[Objective] = field(default_factory=list)


def read_settings(fields: Any, course_shuffle: bool) -> Settings:
    """`shuffle`, `draw`, `draw_per_objective` and `objectives` from the front matter."""
    return Settings(
        shuffle=flag(fields, "shuffle", course_shuffle),
        draw=fields.integer("draw", 1, None, None),
        draw_per_objective=fields.integer("draw_per_objective", 1, None, 0) or 0,
        objectives=_objectives(fields),
    )


def _objectives(fields: Any) -> list[Objective]:
    if "objectives" not in fields.entries:
        return []
    entry = fields.entries["objectives"]
    example = "`objectives:` then indented lines like `children-age: Babies are most at risk.`"
    if not isinstance(entry.value, dict) or not entry.value:
        fields.problem("objectives", f"`objectives` must be a list of ids and texts: {example}")
        return []
    if len(entry.value) > OBJECTIVES_MAX:
        fields.problem("objectives", f"at most {OBJECTIVES_MAX} objectives per module")
        return []
    found = []
    for offset, (key, text) in enumerate(entry.value.items(), 1):
        line = entry.line + offset  # one objective per line, as in the example
        name = str(key)
        if not isinstance(key, str) or not ID_PATTERN.fullmatch(name) or len(name) > ID_MAX:
            fields.problems.append(
                Problem(
                    fields.path,
                    line,
                    f"objective id {name[:70]!r} is not valid: use lowercase letters, digits "
                    f"and hyphens (for example `children-age`), at most {ID_MAX} characters",
                )
            )
            continue
        plain = " ".join(text.split()) if isinstance(text, str) else ""
        if not plain or len(plain) > OBJECTIVE_TEXT_MAX:
            fields.problems.append(
                Problem(
                    fields.path,
                    line,
                    f"objective {name!r} needs its key message as text of 1 to "
                    f"{OBJECTIVE_TEXT_MAX} characters after the colon",
                )
            )
            continue
        found.append(Objective(name, plain, line))
    return found


def asked(settings: Settings, pool: int) -> int:
    """How many questions an attempt asks."""
    if settings.draw is not None:
        return settings.draw
    if settings.draw_per_objective:
        return settings.draw_per_objective * len(settings.objectives)
    return pool


def pool_problems(
    path: str, settings: Settings, questions: list[Question], entries: dict[str, Any]
) -> list[Problem]:
    """The pool's build-time checks (docs/authoring.md, "Question pools"); `entries` are the
    front matter's, for line numbers."""
    found: list[Problem] = []
    draw_line = next((entries[k].line for k in ("draw", "draw_per_objective") if k in entries), 2)
    known = {objective.id for objective in settings.objectives}
    k = settings.draw_per_objective
    for question in questions:
        if question.objective and question.objective not in known:
            names = ", ".join(sorted(known)) or "none are declared in the front matter"
            found.append(
                Problem(
                    path,
                    question.line,
                    f"question {question.id!r} names the objective {question.objective!r}, "
                    f"which the module does not declare (objectives: {names})",
                )
            )
        elif known and not question.objective:
            found.append(
                Problem(
                    path,
                    question.line,
                    f"question {question.id!r} assesses no objective: add objective=ID to its "
                    "opening line (every question of a module with objectives needs one)",
                )
            )
    if k and not known:
        found.append(
            Problem(path, draw_line, "`draw_per_objective` needs `objectives` in the front matter")
        )
    for objective in settings.objectives:
        count = sum(question.objective == objective.id for question in questions)
        if count < k:
            found.append(
                Problem(
                    path,
                    objective.line,
                    f"objective {objective.id!r} has {count} question(s); "
                    f"`draw_per_objective: {k}` needs at least {k}",
                )
            )
        elif not count:
            found.append(
                Problem(
                    path,
                    objective.line,
                    f"objective {objective.id!r} has no question, so it is never assessed: "
                    "add one with objective=" + objective.id,
                    warning=True,
                )
            )
    total = asked(settings, len(questions))
    if settings.draw is not None and settings.draw > len(questions):
        found.append(
            Problem(
                path,
                draw_line,
                f"`draw: {settings.draw}` asks more questions than the module has "
                f"({len(questions)}): lower it or add questions",
            )
        )
    elif settings.draw is not None and k * len(known) > total:
        found.append(
            Problem(
                path,
                draw_line,
                f"`draw: {total}` is fewer than `draw_per_objective: {k}` times {len(known)} "
                f"objectives = {k * len(known)}: raise draw or lower draw_per_objective",
            )
        )
    return found
