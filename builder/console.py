"""Terminal output shared by the commands: colour only on a terminal, counted nouns."""

from __future__ import annotations

import os
from typing import TextIO

COLOURS = {"red": "31", "yellow": "33", "green": "32", "bold": "1", "dim": "2"}  # ANSI SGR


class Output:
    """Writes to a stream, with colour only on a terminal (and never with NO_COLOR)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.colour = stream.isatty() and "NO_COLOR" not in os.environ

    def line(self, text: str, colour: str = "") -> None:
        """Print one line, in `colour` (a key of COLOURS) on a terminal."""
        if self.colour and colour:
            text = f"\033[{COLOURS[colour]}m{text}\033[0m"
        print(text, file=self.stream, flush=True)


def count(number: int, noun: str) -> str:
    """`1 page`, `2 pages`."""
    return f"{number} {noun}{'s' if number != 1 else ''}"
