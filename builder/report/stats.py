"""Item analysis of one module: learners, facility, option shares, discrimination, flags.

Definitions (docs/tracking.md repeats them for trainers):
- A *try* is one pass through the questions: a retry inside the module ("Try the questions
  again") is a second try in the same Moodle attempt; a new Moodle attempt starts a new try.
- *First try*: a learner's first answer to the item; *final*: their last answer.
- *Facility*: the share of learners who answered the item whose answer was right.
- *Option share*: the share of those learners who ticked the option at their first try.
- *Discrimination*: the point-biserial correlation between being right at the first try and
  the learner's first-try score on the module's other items (the "corrected item-total"
  correlation, what Moodle's quiz statistics call the discrimination index). It runs from -1
  to 1; below 0.2 the item barely separates stronger from weaker learners.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

from builder.questions.report_items import ReportItem
from builder.report.dates import date
from builder.report.join import ModuleData
from builder.report.model import Learner

EASY, HARD, MIN_FLAG = 0.9, 0.3, 5  # MIN_FLAG: learners before any flag is raised
# Discrimination is judged from MIN_R learners only: with 8 learners an r of ±0.3 arises by
# chance alone (its standard error is about 1/sqrt(n - 1) ≈ 0.38). Flags: below NEGATIVE_R
# "negative" (a likely wrong key), below LOW_R "low"; between, no flag.
MIN_R, LOW_R, NEGATIVE_R = 20, 0.2, -0.2


@dataclass
class ItemStats:
    """The analysis of one item."""

    item: ReportItem
    answered: int = 0
    right_first: int = 0
    right_final: int = 0
    chosen: Counter[str] = field(default_factory=Counter)  # letter → learners (first try)
    answers: Counter[tuple[str, ...]] = field(default_factory=Counter)  # whole answers, first
    discrimination: float | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def facility_first(self) -> float | None:
        """Share right at the first try."""
        return self.right_first / self.answered if self.answered else None

    @property
    def facility_final(self) -> float | None:
        """Share right in the end."""
        return self.right_final / self.answered if self.answered else None


@dataclass
class LearnerResult:
    """One learner's results: per item, right at the first try and in the end."""

    learner: Learner
    attempts: int
    best: int | None
    passed: bool
    tries_to_pass: int | None
    first: dict[str, bool]  # item id → right at the first try
    final: dict[str, bool]  # item id → right at the last try
    first_answer: dict[str, tuple[str, ...]]  # item id → the first answer, normalised


@dataclass
class MessageStats:
    """A key message: the share of learners whose answers to its questions were all right."""

    id: str
    text: str
    items: list[str]
    learners: int
    showed_first: int
    showed_final: int


@dataclass
class ModuleStats:
    """Everything the report says about one module."""

    data: ModuleData
    listed: int
    started: int
    completed: int
    passed: int
    median_score: float | None
    tries_to_pass: Counter[int]
    median_minutes: float | None
    items: list[ItemStats]
    learners: list[LearnerResult]
    messages: list[MessageStats]


def analyse(data: ModuleData) -> ModuleStats:
    """The statistics of one module."""
    module = data.module
    by_learner: dict[Learner, list] = {}
    for (learner, _), attempt in sorted(data.attempts.items(), key=lambda kv: kv[0][1]):
        by_learner.setdefault(learner, []).append(attempt)
    scored = [a for attempts in by_learner.values() for a in attempts if a.score is not None]
    best = {}
    for attempt in scored:
        best[attempt.learner] = max(best.get(attempt.learner, 0), attempt.score)
    passed = {a.learner for a in scored if _passed(a.status, a.score, module.pass_mark)}
    completed = {a.learner for a in scored} | {
        a.learner
        for attempts in by_learner.values()
        for a in attempts
        if a.status in ("completed", "passed", "failed")
    }
    learners = _learner_results(data, best, module.pass_mark)
    items = [_item_stats(item, learners) for item in data.items.values()]
    _discrimination(items, learners)
    for stats in items:
        stats.flags = flags(stats)
    tries = Counter(r.tries_to_pass for r in learners if r.tries_to_pass)
    return ModuleStats(
        data,
        len(data.listed),
        len(by_learner),
        len(completed),
        len(passed),
        statistics.median(best.values()) if best else None,
        tries,
        _median_minutes([a for attempts in by_learner.values() for a in attempts]),
        items,
        learners,
        _messages(data, learners),
    )


def _passed(status: str, score: int | None, pass_mark: int) -> bool:
    if status in ("passed", "failed"):
        return status == "passed"
    return score is not None and score >= pass_mark


def _tries(attempt) -> list[dict[str, bool | tuple]]:
    """The answers of one attempt split into tries: a new try starts at a repeated id."""
    tries: list[dict] = [{}]
    for answer in sorted(attempt.answers, key=lambda a: a.index):
        if answer.id in tries[-1]:
            tries.append({})
        tries[-1][answer.id] = answer
    return [t for t in tries if t]


def _learner_results(data: ModuleData, best: dict, pass_mark: int) -> list[LearnerResult]:
    results: dict[Learner, LearnerResult] = {}
    for (learner, _), attempt in sorted(data.answered.items(), key=lambda kv: kv[0][1]):
        result = results.setdefault(
            learner, LearnerResult(learner, 0, best.get(learner), False, None, {}, {}, {})
        )
        result.attempts += 1
        tries = _tries(attempt)
        for answers in tries:
            for ident, answer in answers.items():
                item = data.items[ident]
                given = item.normalise(answer.response)
                result.final[ident] = given == item.right
                if ident not in result.first:
                    result.first[ident] = given == item.right
                    result.first_answer[ident] = given
        tried = (result.tries_to_pass or 0) + len(tries)
        if not result.passed:
            result.tries_to_pass = tried
            result.passed = _passed(attempt.status, attempt.score, pass_mark)
    for result in results.values():
        if not result.passed:
            result.tries_to_pass = None
    return list(results.values())


def _item_stats(item: ReportItem, learners: list[LearnerResult]) -> ItemStats:
    stats = ItemStats(item)
    for result in learners:
        if item.id not in result.first:
            continue
        stats.answered += 1
        stats.right_first += result.first[item.id]
        stats.right_final += result.final[item.id]
        answer = result.first_answer[item.id]
        stats.answers[answer] += 1
        stats.chosen.update(answer if item.choices else ())
    return stats


def _discrimination(items: list[ItemStats], learners: list[LearnerResult]) -> None:
    """Point-biserial r of each item against the rest score (share right of the other items
    the learner answered at the first try)."""
    totals = {id(result): (sum(result.first.values()), len(result.first)) for result in learners}
    for stats in items:
        pairs = []
        for result in learners:
            if stats.item.id not in result.first:
                continue
            right, answered = totals[id(result)]
            if answered > 1:
                mine = float(result.first[stats.item.id])
                pairs.append((mine, (right - mine) / (answered - 1)))
        if len(pairs) < 3:
            continue
        xs, ys = zip(*pairs, strict=True)
        if len(set(xs)) > 1 and len(set(ys)) > 1:
            stats.discrimination = statistics.correlation(xs, ys)


def flags(stats: ItemStats) -> list[str]:
    """Plain-English warnings about an item (none below MIN_FLAG learners)."""
    if stats.answered < MIN_FLAG:
        return []
    found = []
    facility = stats.facility_first or 0.0
    if facility >= EASY:
        found.append(
            "Too easy: nearly everyone got it right at the first try, so it tells "
            "you little about who has understood."
        )
    elif facility < HARD:
        found.append(
            "Too hard: most learners got it wrong at the first try. Check the "
            "teaching and the wording."
        )
    choices = stats.item.choices
    right = [stats.chosen[c.letter] for c in choices if c.correct]
    for choice in choices:
        if choice.correct:
            continue
        count = stats.chosen[choice.letter]
        if count == 0:
            found.append(
                f"Nobody chose option {choice.letter} (“{choice.text}”): it does not "
                "distract anyone; rewrite it or drop it."
            )
        elif right and count > min(right):
            found.append(
                f"Option {choice.letter} (“{choice.text}”) was chosen more often than "
                "the right answer: a common misunderstanding to address."
            )
    r = stats.discrimination if stats.answered >= MIN_R else None
    if r is not None and r < NEGATIVE_R:
        found.append(
            f"Negative discrimination (r = {r:.2f}): learners who did well elsewhere "
            "got this one wrong more often. Check the answer key and the wording."
        )
    elif r is not None and r < LOW_R:
        found.append(
            f"Low discrimination (r = {r:.2f}): stronger and weaker learners did "
            "about as well on it."
        )
    return found


def _messages(data: ModuleData, learners: list[LearnerResult]) -> list[MessageStats]:
    """Per key message (the module's objectives), when the module declares them."""
    found = []
    for objective in getattr(data.module, "objectives", []):
        idents = [i.id for i in data.items.values() if i.objective == objective.id]
        stats = MessageStats(objective.id, objective.text, idents, 0, 0, 0)
        for result in learners:
            taken = [i for i in idents if i in result.first]
            if not taken:
                continue
            stats.learners += 1
            stats.showed_first += all(result.first[i] for i in taken)
            stats.showed_final += all(result.final[i] for i in taken)
        found.append(stats)
    return found


def _median_minutes(attempts: list) -> float | None:
    """Median over learners of the minutes from each attempt's start to its last access."""
    minutes: dict[Learner, float] = {}
    for attempt in attempts:
        start, last = date(attempt.started), date(attempt.last)
        if start and last:
            minutes[attempt.learner] = (
                minutes.get(attempt.learner, 0) + (last - start).total_seconds() / 60
            )
    return statistics.median(minutes.values()) if minutes else None
