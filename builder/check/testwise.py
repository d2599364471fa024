"""Simulated test-wise learners: each strategy's expected score on a module's real pool.

A strategy picks answers from surface cues alone. For each question it gives an *expected
credit* (0 to 1): where a strategy has no cue to go on, it guesses at random. The module score
is averaged over many simulated draws of the pool, with the module's own draw rules.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

from builder.check.words import absolute_words, practice_score
from builder.model import Module, Option, Question

TRIALS = 400  # simulated attempts per module: enough for ±1 point on the pools we see

STRATEGIES = {
    "longest": "always picks the longest option",
    "shortest": "always picks the shortest option",
    "keyword": "picks the options with the most good-practice words",
    "absolute-false": "answers False to absolute statements and True to the rest",
    "first": "picks the first option shown",
    "random": "guesses at random",
    "combined": "combines the cues (the longest option, False for absolute statements, "
    "ticks what sounds like good practice)",
}

Weights = Callable[[list[Option], bool], list[float]]  # (options, shuffled) → P(pick each)


def _uniform(options: list[Option]) -> list[float]:
    return [1 / len(options)] * len(options)


def _best(options: list[Option], measure: Callable[[Option], float]) -> list[float]:
    """Equal chances among the options with the highest measure."""
    values = [measure(option) for option in options]
    top = max(values)
    winners = sum(value == top for value in values)
    return [1 / winners if value == top else 0.0 for value in values]


def _first(options: list[Option], shuffled: bool) -> list[float]:
    """The option shown first: the authored first unless shuffled (pinned options stay)."""
    if not shuffled or options[0].pinned:
        return [1.0] + [0.0] * (len(options) - 1)
    free = [not option.pinned for option in options]
    return [1 / sum(free) if is_free else 0.0 for is_free in free]


WEIGHTS: dict[str, Weights] = {
    "longest": lambda options, _: _best(options, lambda o: len(o.text)),
    "shortest": lambda options, _: _best(options, lambda o: -len(o.text)),
    "keyword": lambda options, _: _best(options, lambda o: practice_score(o.text)),
    "absolute-false": lambda options, _: _uniform(options),
    "first": _first,
    "random": lambda options, _: _uniform(options),
    "combined": lambda options, _: _best(options, lambda o: len(o.text)),
}


def _single(strategy: str, options: list[Option], shuffled: bool) -> float:
    weights = WEIGHTS[strategy](options, shuffled)
    return sum(weight for weight, option in zip(weights, options, strict=True) if option.correct)


def _multiple(strategy: str, options: list[Option], shuffled: bool) -> float:
    right = {option.letter for option in options if option.correct}
    ticks: set[str] | None = None
    mean = sum(len(o.text) for o in options) / len(options)
    if strategy == "longest":
        ticks = {o.letter for o in options if len(o.text) >= mean}
    elif strategy == "shortest":
        ticks = {o.letter for o in options if len(o.text) <= mean}
    elif strategy in ("keyword", "combined") and any(practice_score(o.text) for o in options):
        ticks = {o.letter for o in options if practice_score(o.text)}
    elif strategy == "absolute-false":
        ticks = {o.letter for o in options if not absolute_words(o.text)}
    elif strategy == "first":
        weights = _first(options, shuffled)
        return sum(w for w, o in zip(weights, options, strict=True) if {o.letter} == right)
    if ticks is None:
        return 1 / (2 ** len(options) - 1)  # any non-empty set of ticks
    return float(ticks == right)


def _true_false(strategy: str, question: Question) -> float:
    answer_true = next(o for o in question.options if o.correct).text.lower() == "true"
    if strategy in ("absolute-false", "combined"):
        return float(answer_true != bool(absolute_words(question.text)))
    if strategy == "keyword":
        return float(answer_true == bool(practice_score(question.text)))
    if strategy == "first":  # True is always shown first
        return float(answer_true)
    return 0.5


def _scenario(strategy: str, question: Question, shuffled: bool) -> float:
    """Expected share of best choices over every path the strategy may take."""
    decisions = {decision.number: decision for decision in question.decisions}
    total = 0.0
    stack: list[tuple[int, float, int, int]] = [(question.decisions[0].number, 1.0, 0, 0)]
    while stack:
        number, chance, best, taken = stack.pop()
        options = decisions[number].options
        weights = WEIGHTS[strategy](options, shuffled)
        for weight, option in zip(weights, options, strict=True):
            if not weight:
                continue
            now_best, now_taken = best + option.correct, taken + 1
            if option.next is None:
                total += chance * weight * now_best / now_taken
            else:
                stack.append((option.next, chance * weight, now_best, now_taken))
    return total


def question_credit(strategy: str, question: Question, shuffled: bool) -> float:
    """The strategy's expected credit on one question."""
    if question.kind == "choice":
        return _single(strategy, question.options, shuffled)
    if question.kind == "multiple":
        return _multiple(strategy, question.options, shuffled)
    if question.kind == "true-false":
        return _true_false(strategy, question)
    if question.kind == "scenario":
        return _scenario(strategy, question, shuffled)
    if question.kind == "matching":
        return math.prod(1 / len(question.responses) for _ in question.items)
    if question.kind == "ordering":  # shown in a wrong order; accepting it scores nothing
        return 0.0 if strategy == "first" else 1 / math.factorial(len(question.steps))
    raise ValueError(f"no test-wise model for question kind {question.kind!r}")


def draws(module: Module, rng: random.Random) -> Sequence[Question]:
    """One attempt's questions under the module's draw rules (docs/authoring.md, pools)."""
    pool = list(module.questions)
    chosen: list[Question] = []
    if module.draw_per_objective:
        for objective in module.objectives:
            mine = [q for q in pool if q.objective == objective.id]
            chosen += rng.sample(mine, min(module.draw_per_objective, len(mine)))
    rest = [q for q in pool if q not in chosen]
    chosen += rng.sample(rest, max(0, min(len(rest), module.asked - len(chosen))))
    return chosen


def expected_scores(module: Module) -> dict[str, float]:
    """Each strategy's expected module score (0 to 100) over simulated draws."""
    shuffled = module.shuffle
    credit = {
        name: {q.id: question_credit(name, q, shuffled) for q in module.questions}
        for name in STRATEGIES
    }
    rng = random.Random(0)  # the same answer on every run
    attempts = [draws(module, rng) for _ in range(TRIALS if _drawn(module) else 1)]
    return {
        name: sum(100 * sum(credit[name][q.id] for q in drawn) / len(drawn) for drawn in attempts)
        / len(attempts)
        for name in STRATEGIES
    }


def _drawn(module: Module) -> bool:
    """Whether attempts differ in which questions they ask."""
    return module.asked < len(module.questions)
