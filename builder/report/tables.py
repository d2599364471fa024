"""The report's tables, shared by the HTML page and `--csv`: one place for every figure."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from builder.report.stats import ItemStats, ModuleStats

NONE = "\u2013"  # an en dash: no figure


@dataclass(frozen=True)
class Table:
    """A titled table: the CSV file name, its header row and rows of text."""

    name: str
    title: str
    header: list[str]
    rows: list[list[str]]


def percent(part: int, whole: int) -> str:
    """`83%`, or NONE when there is nothing to divide."""
    return f"{round(100 * part / whole)}%" if whole else NONE


def shown(item_stats: ItemStats, letter: str, scorm: str) -> str:
    """An option's letter as Moodle shows it for this SCORM version (`t`, `true`, `a`)."""
    choice = next(c for c in item_stats.item.choices if c.letter == letter)
    return choice.shown_2004 if scorm == "2004" else choice.shown_12


def version(stats: ModuleStats) -> str:
    """`1.2`, `2004`, or `1.2 and 2004` as the answers show it; `unknown` without answers."""
    return " and ".join(sorted(stats.data.scorm)) or "unknown"


def summary(stats: ModuleStats) -> list[tuple[str, str]]:
    """The module's headline figures, as (label, value)."""
    tries = stats.tries_to_pass
    median_tries = statistics.median(tries.elements()) if tries else None
    spread = ", ".join(
        f"{n} after {t} {'try' if t == 1 else 'tries'}" for t, n in sorted(tries.items())
    )
    minutes = stats.median_minutes
    return [
        ("Learners listed", str(stats.listed)),
        ("Started", f"{stats.started} ({percent(stats.started, stats.listed)})"),
        (
            "Completed (every question answered)",
            f"{stats.completed} ({percent(stats.completed, stats.listed)})",
        ),
        ("Passed", f"{stats.passed} ({percent(stats.passed, stats.listed)})"),
        ("Median best score", NONE if stats.median_score is None else f"{stats.median_score:g}%"),
        (
            "Tries to pass (median)",
            NONE if median_tries is None else f"{median_tries:g} ({spread})",
        ),
        ("Time from start to last access (median)", NONE if minutes is None else _minutes(minutes)),
    ]


def _minutes(minutes: float) -> str:
    if minutes < 1:
        return "under a minute"
    return f"{round(minutes)} minute{'s' if round(minutes) != 1 else ''}"


def discrimination(item_stats: ItemStats) -> str:
    """`0.42`, or NONE when it cannot be computed (everyone right, or too few learners)."""
    r = item_stats.discrimination
    return NONE if r is None else f"{r:.2f}"


def module_tables(stats: ModuleStats, names: bool) -> list[Table]:
    """Every table of one module (the learners table only with `names`)."""
    module = stats.data.key
    scorm = version(stats)
    questions = Table(
        "questions",
        "Questions",
        [
            "module",
            "question",
            "text",
            "key message",
            "answered",
            "right at first try",
            "facility first try",
            "right in the end",
            "facility in the end",
            "discrimination",
            "flags",
        ],
        [],
    )
    options = Table(
        "options",
        "Options",
        ["module", "question", "option", "text", "right", "chosen at first try", "share"],
        [],
    )
    for item_stats in stats.items:
        item = item_stats.item
        questions.rows.append(
            [
                module,
                item.title,
                item.text,
                item.objective or "",
                str(item_stats.answered),
                str(item_stats.right_first),
                percent(item_stats.right_first, item_stats.answered),
                str(item_stats.right_final),
                percent(item_stats.right_final, item_stats.answered),
                discrimination(item_stats),
                " ".join(item_stats.flags),
            ]
        )
        for choice in item.choices:
            count = item_stats.chosen[choice.letter]
            options.rows.append(
                [
                    module,
                    item.title,
                    shown(item_stats, choice.letter, scorm),
                    choice.text,
                    "yes" if choice.correct else "no",
                    str(count),
                    percent(count, item_stats.answered),
                ]
            )
        if not item.choices:
            for answer, count in item_stats.answers.most_common(5):
                options.rows.append(
                    [
                        module,
                        item.title,
                        "",
                        item.describe(answer),
                        "yes" if answer == item.right else "no",
                        str(count),
                        percent(count, item_stats.answered),
                    ]
                )
    messages = Table(
        "messages",
        "Key messages",
        [
            "module",
            "key message",
            "text",
            "questions",
            "learners",
            "showed it at first try",
            "share at first try",
            "showed it in the end",
            "share in the end",
        ],
        [
            [
                module,
                m.id,
                m.text,
                " ".join(m.items),
                str(m.learners),
                str(m.showed_first),
                percent(m.showed_first, m.learners),
                str(m.showed_final),
                percent(m.showed_final, m.learners),
            ]
            for m in stats.messages
        ],
    )
    tables = [
        Table(
            "modules",
            "Modules",
            ["module", "SCORM", *[label for label, _ in summary(stats)]],
            [[module, scorm, *[value for _, value in summary(stats)]]],
        ),
        questions,
        options,
        messages,
    ]
    if names:
        idents = [i.item.id for i in stats.items]
        tables.append(
            Table(
                "learners",
                "Learners",
                [
                    "module",
                    "learner",
                    "attempts",
                    "best score",
                    "passed",
                    "tries to pass",
                    *[f"{i} first try" for i in idents],
                    *[f"{i} in the end" for i in idents],
                ],
                [
                    [
                        module,
                        r.learner.label,
                        str(r.attempts),
                        "" if r.best is None else str(r.best),
                        "yes" if r.passed else "no",
                        str(r.tries_to_pass or ""),
                        *[_mark(r.first.get(i)) for i in idents],
                        *[_mark(r.final.get(i)) for i in idents],
                    ]
                    for r in stats.learners
                ],
            )
        )
    return tables


def _mark(right: bool | None) -> str:
    return "" if right is None else "right" if right else "wrong"


def reteach(stats: ModuleStats) -> list[tuple[str, str, int, int]]:
    """What to reteach first: key messages (or, without any, questions) that fewer learners
    than the pass mark got right at the first try, weakest first: (label, text, right, of)."""
    threshold = stats.data.module.pass_mark / 100
    if stats.messages:
        found = [(m.id, m.text, m.showed_first, m.learners) for m in stats.messages]
    else:
        found = [(i.item.title, i.item.text, i.right_first, i.answered) for i in stats.items]
    weak = [f for f in found if f[3] and f[2] / f[3] < threshold]
    return sorted(weak, key=lambda f: (f[2] / f[3], f[0]))
