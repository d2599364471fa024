"""Line grammar of a question block's body: question text, `- [ ]` options with their
indented feedback, then general feedback."""

from __future__ import annotations

import re
from dataclasses import dataclass

OPTION = re.compile(r"[-*+] \[([ xX])\](?: (.*)|$)")


@dataclass
class RawOption:
    """One `- [ ]` / `- [x]` line, its continuation lines and its feedback, before rendering."""

    correct: bool
    label: str
    line: int
    feedback: str = ""
    feedback_line: int = 0


def split(
    body: list[str], first: int
) -> tuple[list[tuple[str, int]], list[RawOption], list[tuple[str, int]]] | None:
    """Question text lines, options, general feedback lines (with their line numbers)."""
    text: list[tuple[str, int]] = []
    options: list[RawOption] = []
    feedback: list[tuple[str, int]] = []
    feedback_lines: list[str] = []
    for offset, line in enumerate(body):
        line_no = first + offset
        match = OPTION.fullmatch(line.rstrip())
        if match:
            if feedback:
                return None
            _close_feedback(options, feedback_lines)
            options.append(RawOption(match.group(1) != " ", match.group(2) or "", line_no))
        elif not options or feedback:
            (feedback if options else text).append((line, line_no))
        elif not line.strip():
            feedback_lines.append("")
        elif line.startswith(" "):
            stripped = line.strip()
            if stripped.startswith(">") or feedback_lines:
                if not options[-1].feedback_line:
                    options[-1].feedback_line = line_no
                feedback_lines.append(re.sub(r"^>\s?", "", stripped))
            else:
                options[-1].label += " " + stripped
        else:
            _close_feedback(options, feedback_lines)
            feedback.append((line, line_no))
    _close_feedback(options, feedback_lines)
    return text, options, feedback


def _close_feedback(options: list[RawOption], lines: list[str]) -> None:
    if options and lines:
        options[-1].feedback = "\n".join(lines).strip()
    lines.clear()
