"""Text left from `templates/new-module.md` (what `scorm-builder new` writes): warnings.

A placeholder is any line of the template's description or body that is not blank, a
heading, a `:::` line or inside an HTML comment. A module line equal to one (spaces at the
ends aside) is reported, one warning per run of consecutive such lines.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from builder.errors import Problem, display_path
from builder.resources import templates_dir

QUOTE_MAX = 40


@cache
def template_placeholders() -> frozenset[str]:
    """The placeholder lines of the new-module template, stripped."""
    text = (templates_dir() / "new-module.md").read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    found = {line for line in front.split("\n") if line.startswith("description:")}
    comment = False
    for line in body.split("\n"):
        stripped = line.strip()
        opens = stripped.startswith("<!--")
        if not (comment or opens or not stripped or stripped.startswith(("#", ":::"))):
            found.add(stripped)
        comment = (comment or opens) and "-->" not in stripped
    return frozenset(found)


def placeholder_warnings(path: Path, text: str) -> list[Problem]:
    """One warning per run of lines of `text` left from the template."""
    placeholders = template_placeholders()
    warnings: list[Problem] = []
    previous = False
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        left = stripped in placeholders
        if left and not previous:
            shown = stripped if len(stripped) <= QUOTE_MAX else stripped[: QUOTE_MAX - 1] + "…"
            warnings.append(
                Problem(
                    display_path(path),
                    number,
                    f"text from the new-module template is still here ({shown}): replace it "
                    "with your own, or remove it",
                    warning=True,
                )
            )
        previous = left
    return warnings
