"""Cues that give answers away, each a small heuristic over a module's choice sets.

Every finding is `(line, message)`: the message says what gives the answer away and how to
fix it. Thresholds are documented in docs/authoring.md ("The question-quality check").
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from itertools import pairwise

from builder.check.sets import ChoiceSet, choice_sets
from builder.check.testwise import draws
from builder.check.words import absolute_words, content_words
from builder.model import Module

Finding = tuple[int | None, str]
LONGEST_SHARE = 0.5  # of one-answer sets where the answer is the longest: "systematic"
LONGER = 1.1  # "the longest" means at least 10 % longer than every other option
LENGTH_RATIO = 2.5  # longest ÷ shortest option, in characters
WORD_SETS = 3  # a word in the answers of at least this many sets …
WORD_WRONG_SHARE = 0.25  # … and in the distractors of at most this share as many
STEM_WORDS = 2  # answer words repeated in the stem that no distractor repeats
TRUE_FALSE_SKEW = 0.75  # share of true/false answers that are the same way
COVERAGE_TRIALS = 400


def cue_warnings(module: Module) -> list[Finding]:
    """Every cue found in the module, in the order of the checks below."""
    sets = choice_sets(module)
    findings: list[Finding] = []
    for check in CHECKS:
        findings += check(module, sets)
    return findings


def _one_answer(sets: list[ChoiceSet]) -> list[ChoiceSet]:
    return [s for s in sets if s.kind == "choice" and len(s.correct) == 1 and len(s.options) > 2]


def longest_answer(_: Module, sets: list[ChoiceSet]) -> list[Finding]:
    """The right option is the longest (or the shortest) in most one-answer sets."""
    single = _one_answer(sets)
    findings: list[Finding] = []
    for extreme, sign, fix in (
        ("longest", 1, "shorten it or lengthen a distractor"),
        ("shortest", -1, "lengthen it or shorten a distractor"),
    ):
        found = [s for s in single if _strictly(s, sign)]
        if len(single) < 3 or len(found) / len(single) < LONGEST_SHARE:
            continue
        share = f"{len(found)} of {len(single)}"
        findings += [
            (
                s.line,
                f"{s.label}: the right answer is the {extreme} option, as in {share} questions "
                f"of this module; a test-wise learner picks the {extreme}: {fix}",
            )
            for s in found
        ]
    return findings


def _strictly(s: ChoiceSet, sign: int) -> bool:
    """The answer is clearly the longest (sign 1) or the shortest (sign -1) option."""
    answer = len(s.correct[0].text)
    others = [len(o.text) for o in s.options if not o.correct]
    if sign > 0:
        return all(answer >= LONGER * other for other in others)
    return all(answer * LONGER <= other for other in others)


def uneven_lengths(_: Module, sets: list[ChoiceSet]) -> list[Finding]:
    """Options of very different length within one set."""
    findings = []
    for s in sets:
        if s.kind == "true-false":
            continue
        lengths = [len(o.text) for o in s.options]
        if min(lengths) and max(lengths) / min(lengths) >= LENGTH_RATIO and max(lengths) > 30:
            findings.append(
                (
                    s.line,
                    f"{s.label}: options range from {min(lengths)} to {max(lengths)} "
                    "characters; write options of about the same length",
                )
            )
    return findings


def telltale_words(_: Module, sets: list[ChoiceSet]) -> list[Finding]:
    """A content word that appears in many answers and few distractors."""
    in_right: dict[str, list[ChoiceSet]] = {}
    in_wrong: dict[str, int] = {}
    for s in sets:
        if s.kind == "true-false":
            continue
        for word in set().union(*(content_words(o.text) for o in s.correct)):
            in_right.setdefault(word, []).append(s)
        for word in set().union(*(content_words(o.text) for o in s.options if not o.correct)):
            in_wrong[word] = in_wrong.get(word, 0) + 1
    findings = []
    for word, found in sorted(in_right.items()):
        wrong = in_wrong.get(word, 0)
        if len(found) >= WORD_SETS and wrong <= WORD_WRONG_SHARE * len(found):
            labels = ", ".join(s.label for s in found)
            findings.append(
                (
                    found[0].line,
                    f"the word {word!r} is in the right answer of {len(found)} questions "
                    f"({labels}) and in {wrong} distractors: use it in distractors too, or "
                    "reword the answers",
                )
            )
    return findings


def answer_in_stem(_: Module, sets: list[ChoiceSet]) -> list[Finding]:
    """The answer repeats words of the stem that no distractor repeats."""
    findings = []
    for s in sets:
        if s.kind == "true-false":
            continue
        stem = content_words(s.stem)
        wrong = set().union(*(content_words(o.text) for o in s.options if not o.correct))
        echoed = sorted((set().union(*(content_words(o.text) for o in s.correct)) & stem) - wrong)
        if len(echoed) >= STEM_WORDS:
            words = ", ".join(repr(w) for w in echoed)
            findings.append(
                (
                    s.line,
                    f"{s.label}: the answer repeats {words} from the question and no other "
                    "option does; reword the answer or use those words in a distractor",
                )
            )
    return findings


def absolute_statements(_: Module, sets: list[ChoiceSet]) -> list[Finding]:
    """Absolute words in true/false statements, and answers all one way."""
    true_false = [s for s in sets if s.kind == "true-false"]
    findings = []
    for s in true_false:
        words = absolute_words(s.stem)
        if words:
            findings.append(
                (
                    s.line,
                    f"{s.label}: the statement says {', '.join(repr(w) for w in words)}; "
                    "test-wise learners answer False to absolute statements: qualify it or "
                    "ask another way",
                )
            )
    answers_true = [s.correct[0].text.lower() == "true" for s in true_false if s.correct]
    if len(answers_true) >= 3:
        skew = max(sum(answers_true), len(answers_true) - sum(answers_true)) / len(answers_true)
        if skew >= TRUE_FALSE_SKEW:
            way = "True" if sum(answers_true) * 2 > len(answers_true) else "False"
            findings.append(
                (
                    true_false[0].line,
                    f"{skew:.0%} of the true/false answers are {way}: balance them",
                )
            )
    return findings


def unlike_distractors(_: Module, sets: list[ChoiceSet]) -> list[Finding]:
    """A distractor that is not a sentence of the same kind as the answer."""
    findings = []
    for s in sets:
        if s.kind == "true-false" or not s.correct:
            continue
        shape = _shape(s.correct[0].text)
        for option in s.options:
            if not option.correct and not option.pinned and _shape(option.text) != shape:
                findings.append(
                    (
                        s.line,
                        f"{s.label}: option {option.letter} is not written like the answer "
                        "(capital letter and closing punctuation differ); make every option "
                        "the same kind of sentence",
                    )
                )
    return findings


def _shape(text: str) -> tuple[bool, str]:
    stripped = text.strip()
    end = stripped[-1] if stripped and stripped[-1] in ".?!" else ""
    return (stripped[:1].isupper(), end)


def fixed_positions(module: Module, sets: list[ChoiceSet]) -> list[Finding]:
    """Without shuffling: answers always in the same place."""
    if module.shuffle:
        return []
    findings = []
    for s in sets:
        if s.kind != "multiple":
            continue
        flags = [o.correct for o in s.options]
        if all(a >= b for a, b in pairwise(flags)) and not all(flags):
            findings.append(
                (
                    s.line,
                    f"{s.label}: the right options are listed first and shuffle is off; "
                    "turn shuffle on or mix them in",
                )
            )
    single = _one_answer(sets)
    positions = [next(i for i, o in enumerate(s.options) if o.correct) for s in single]
    if len(positions) >= 3:
        common = max(set(positions), key=positions.count)
        if positions.count(common) / len(positions) >= LONGEST_SHARE:
            findings.append(
                (
                    single[0].line,
                    f"the answer is option {chr(97 + common)} in {positions.count(common)} of "
                    f"{len(positions)} questions and shuffle is off; turn shuffle on",
                )
            )
    return findings


def unassessed_objectives(module: Module, _: list[ChoiceSet]) -> list[Finding]:
    """An objective that an attempt's draw can leave out."""
    objectives = module.objectives
    if not objectives:
        return []
    rng = random.Random(0)
    missed: dict[str, int] = {}
    trials = COVERAGE_TRIALS if module.draw is not None else 1
    for _ in range(trials):
        asked = {q.objective for q in draws(module, rng)}
        for objective in objectives:
            if objective.id not in asked:
                missed[objective.id] = missed.get(objective.id, 0) + 1
    return [
        (
            next(o.line for o in objectives if o.id == name),
            f"objective {name!r} goes unassessed in about {math.ceil(100 * count / trials)}% "
            "of attempts; add `draw_per_objective: 1` or more questions for it",
        )
        for name, count in missed.items()
    ]


CHECKS: list[Callable[[Module, list[ChoiceSet]], list[Finding]]] = [
    longest_answer,
    uneven_lengths,
    telltale_words,
    answer_in_stem,
    absolute_statements,
    unlike_distractors,
    fixed_positions,
    unassessed_objectives,
]
