"""Key messages: with objectives, the report says per message who showed it, and puts the
weakest first under "What to reteach"."""

from __future__ import annotations

from pathlib import Path

from builder_project import write_project

from builder.course import load_course
from builder.report import make_report

MODULE = """\
---
id: signs
title: Signs
minutes: 5
objectives:
  signs-babies: A bruise on a baby who cannot move about is always serious.
  signs-teens: Teenagers' behaviour is communication.
---

Opening.

## Check

::: question id=signs-q1 objective=signs-babies
A baby has a bruise. What do you do?

- [x] Report it today
- [ ] Wait
:::

::: question id=signs-q2 objective=signs-babies
Bruises on babies are common.

- [ ] True
- [x] False
:::

::: question id=signs-q3 objective=signs-teens
A teenager is angry. What is it?

- [ ] A choice
- [x] Communication
:::
"""
HEADER = [
    "Name",
    "Email address",
    "Attempt",
    "Started on",
    "Last accessed on",
    "Score",
    "Signs",
    *[
        f"{part} {n}"
        for n in range(6)
        for part in ("Question", "Response", "Right answer", "Result")
    ],
]
DATE = '"Tuesday, 1 December 2026, 8:01 PM"'
PATTERNS = {"signs-q1": "a", "signs-q2": "f", "signs-q3": "b"}


def row(name: str, score: int, answers: list[tuple[str, str]]) -> str:
    cells = [
        f'"{name}"',
        f"{name.split()[0].lower()}@example.invalid",
        "1",
        DATE,
        DATE,
        str(score),
        str(score),
    ]
    for ident, response in answers:
        verdict = "correct" if response == PATTERNS[ident] else "wrong"
        cells += [ident, response, PATTERNS[ident], verdict]
    return "\t".join(cells + [""] * (len(HEADER) - len(cells)))


def test_key_messages_and_what_to_reteach(tmp_path: Path) -> None:
    project = write_project(tmp_path / "course", {"01-signs.md": MODULE})
    lines = [
        "\t".join(f'"{h}"' if " " in h else h for h in HEADER),
        # right first time
        row("Ann Ash", 100, [("signs-q1", "a"), ("signs-q2", "f"), ("signs-q3", "b")]),
        # wrong on a babies question, then a retry that puts it right
        row(
            "Ben Bell",
            100,
            [
                ("signs-q1", "b"),
                ("signs-q2", "f"),
                ("signs-q3", "b"),
                ("signs-q1", "a"),
                ("signs-q2", "f"),
                ("signs-q3", "b"),
            ],
        ),
        # wrong on both messages
        row("Cat Cole", 33, [("signs-q1", "a"), ("signs-q2", "t"), ("signs-q3", "a")]),
    ]
    download = tmp_path / "interactions.txt"
    download.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = make_report(load_course(project), [download])
    messages = {m.id: m for m in report.modules[0].messages}
    babies, teens = messages["signs-babies"], messages["signs-teens"]
    assert (babies.learners, babies.showed_first, babies.showed_final) == (3, 1, 2)
    assert (teens.learners, teens.showed_first, teens.showed_final) == (3, 2, 2)
    assert babies.items == ["signs-q1", "signs-q2"]
    page = report.html
    reteach = page[page.index('id="reteach"') : page.index('id="module-signs"')]
    assert reteach.index("A bruise on a baby") < reteach.index("Teenagers&#39; behaviour")
    assert "1 of 3 learners (33%) right at the first try" in reteach
    assert "does not link its questions to key messages" not in page
