"""True or false: the two options `True` / `False`, one right; never shuffled."""

from __future__ import annotations

from builder.model import Option, Question
from builder.questions.choice import Choice


class TrueFalse(Choice):
    """Inferred by the choice parser; the LMS gets `t` / `f` (1.2) or `true` / `false`."""

    name = "true-false"
    scorm_type = "true-false"
    selected_by = None
    label = "true or false"

    def response(self, question: Question, option: Option, scorm: str) -> str:
        value = option.text.strip().lower() == "true"
        if scorm == "1.2":
            return "t" if value else "f"
        return "true" if value else "false"


KIND = TrueFalse()
