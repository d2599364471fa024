"""Multiple response: several right options (or `::: question multiple`); checkboxes."""

from __future__ import annotations

from builder.questions.choice import Choice


class Multiple(Choice):
    """Parsed as the choice family; credit only when exactly the right options are ticked."""

    name = "multiple"
    selected_by = ("question", "multiple")
    label = "multiple response"


KIND = Multiple()
