"""The `suspend_data` keys and worst-case length (mirrors `assets/state.js`).

Format: `S2|<structure>|<seen>|<attempt>|<draw>|<answers>`; see docs/architecture.md.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from builder.scorm import SUSPEND_DATA_LIMIT

if TYPE_CHECKING:
    from builder.model import Module

LIMIT = SUSPEND_DATA_LIMIT["1.2"]  # the build keeps every module within SCORM 1.2's limit


class _Lettered(Protocol):
    letter: str
    correct: bool


def _base36(text: str) -> str:
    number = int.from_bytes(hashlib.sha1(text.encode("utf-8")).digest(), "big")
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits.rjust(31, "0")


def question_key(question_id: str, options: Iterable[_Lettered], taken: set[str]) -> str:
    """4 characters: the base-36 SHA-1 of id and answers; the next 4 on a clash."""
    digest = _base36(
        question_id
        + "\n"
        + "".join(o.letter + "1" if o.correct else o.letter + "0" for o in options)
    )
    for start in range(0, len(digest) - 3, 4):
        key = digest[start : start + 4]
        if key not in taken:
            return key
    raise ValueError(f"no free suspend_data key for question {question_id!r}")


def structure_key(slugs: Sequence[str], keys: Sequence[str]) -> str:
    """6 characters that change when the pages or the questions change."""
    return _base36("\n".join([*slugs, *keys]))[:6]


def worst_case(pages: int, option_counts: Sequence[int]) -> int:
    """Longest `suspend_data` for `pages` pages and choice questions of these option counts,
    every question asked."""
    return _longest(pages, [4 + 1 + count for count in option_counts], drawn=None)


def module_worst_case(module: Module) -> int:
    """Longest `suspend_data` the runtime can write for this module: each kind's longest
    entry, for the largest questions a draw can pick, and the draw itself."""
    from builder.questions.registry import KINDS  # here: builder.questions imports this module

    entries = sorted(
        (KINDS[question.kind].worst_case(question) for question in module.questions),
        reverse=True,
    )
    drawing = module.draw is not None or module.draw_per_objective > 0
    if not drawing:
        return _longest(len(module.pages), entries, drawn=None)
    total = module.draw or module.draw_per_objective * len(module.objectives)
    return _longest(len(module.pages), entries[:total], drawn=total)


def _longest(pages: int, entries: Sequence[int], drawn: int | None) -> int:
    """`S2|` structure `|` seen `|` attempt (2) `|` draw (4 per drawn key) `|` answers."""
    answers = sum(entries) + max(len(entries) - 1, 0)
    draw = 4 * drawn if drawn is not None else 0
    return 3 + 6 + 1 + math.ceil(pages / 4) + 1 + 2 + 1 + draw + 1 + answers
