"""One line of a question block changed as an author's slip would change it: the mutation
shared by the property tests of the choice grammar and of the other kinds."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import strategies as st


@dataclass(frozen=True)
class Slips:
    """The slips one property test draws from."""

    characters: Sequence[str]  # one of these inserted
    lines: Sequence[str]  # a whole line written instead
    indents: Sequence[str]  # put before the line
    marks: Sequence[str] = ()  # what replaces the text between `[` and `]` (none: no such slip)
    drop: bool = False  # the line may be left out

    def apply(self, draw: st.DrawFn, lines: list[str], index: int) -> tuple[list[str], int]:
        """`lines` with line `index` slipped; the index of the slipped line (after a dropped
        line: the one before the gap)."""
        kinds = ["insert", "delete", "indent", "dedent", "copy", "line"]
        kinds += ["mark"] * bool(self.marks) + ["drop"] * self.drop
        kind = draw(st.sampled_from(kinds))
        line = lines[index]
        if kind == "mark" and "[" in line and "]" in line:
            start, end = line.index("["), line.index("]")
            line = line[: start + 1] + draw(st.sampled_from(self.marks)) + line[end:]
        elif kind == "insert":
            position = draw(st.integers(0, len(line)))
            line = line[:position] + draw(st.sampled_from(self.characters)) + line[position:]
        elif kind == "delete" and line:
            position = draw(st.integers(0, len(line) - 1))
            line = line[:position] + line[position + 1 :]
        elif kind == "indent":
            line = draw(st.sampled_from(self.indents)) + line
        elif kind == "dedent":
            line = line.lstrip()
        elif kind == "line":
            line = draw(st.sampled_from(self.lines))
        if kind == "copy":
            lines.insert(index + 1, line)
            return lines, index + 1
        if kind == "drop":  # the lines around the gap count as slipped
            del lines[index]
            return lines, index - 1
        lines[index] = line
        return lines, index
