"""The findings about one package: errors and warnings, capped, in one line each."""

from __future__ import annotations

import re

from builder.errors import Problem

MAX_LINES = 100
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def show(text: str, limit: int = 80) -> str:
    """Text from the package, made safe for one output line."""
    text = CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Report:
    """Problems with one package, in the order found, capped at MAX_LINES.

    An error means Moodle refuses the package or it breaks for learners; a warning is a
    deviation from the SCORM specification that Moodle tolerates.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.problems: list[Problem] = []
        self.dropped_errors = 0
        self.dropped_warnings = 0

    def error(self, message: str, where: str | None = None, line: int | None = None) -> None:
        """Moodle refuses the package, or it will break for learners."""
        self._add(message, where, line, warning=False)

    def warn(self, message: str, where: str | None = None, line: int | None = None) -> None:
        """A deviation from the specification that Moodle tolerates."""
        self._add(message, where, line, warning=True)

    @property
    def errors(self) -> int:
        """Errors found, those left out of the lines included."""
        return sum(not p.warning for p in self.problems) + self.dropped_errors

    @property
    def warnings(self) -> int:
        """Warnings found, those left out of the lines included."""
        return sum(p.warning for p in self.problems) + self.dropped_warnings

    def _add(self, message: str, where: str | None, line: int | None, warning: bool) -> None:
        if len(self.problems) >= MAX_LINES:
            if warning:
                self.dropped_warnings += 1
            else:
                self.dropped_errors += 1
            return
        path = f"{self.label}: {where}" if where else self.label
        self.problems.append(Problem(path, line if where else None, message, warning))

    def result(self) -> list[Problem]:
        """Every problem kept, and one line counting those left out."""
        dropped = self.dropped_errors + self.dropped_warnings
        if not dropped:
            return list(self.problems)
        kinds = []
        if self.dropped_errors:
            kinds.append(f"{self.dropped_errors} error{'s' if self.dropped_errors > 1 else ''}")
        if self.dropped_warnings:
            plural = "s" if self.dropped_warnings > 1 else ""
            kinds.append(f"{self.dropped_warnings} warning{plural}")
        summary = Problem(
            self.label,
            None,
            f"… and {dropped} more problems ({', '.join(kinds)})",
            warning=not self.dropped_errors,
        )
        return [*self.problems, summary]
