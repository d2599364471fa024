"""How the report reads each kind's responses, in both SCORM versions' syntax."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from builder_project import kind_questions

from builder.model import Decision, MatchItem, MatchResponse, Option, Question, Step
from builder.questions.registry import KINDS
from builder.report.items import Mismatch, module_items


def option(letter: str, text: str, correct: bool) -> Option:
    return Option(letter, text, text, correct, "")


def question(ident: str, kind: str, **parts: object) -> Question:
    return Question(ident, kind, "Q", "Q", 1, "abcd", 1, **parts)


def items(*questions: Question) -> dict:
    return module_items(SimpleNamespace(questions=list(questions)))  # type: ignore[arg-type]


def test_true_false_reads_both_versions() -> None:
    found = items(
        question(
            "tf", "true-false", options=[option("a", "True", True), option("b", "False", False)]
        )
    )["tf"]
    assert found.normalise("t") == found.normalise("true") == ("a",) == found.right
    assert found.normalise("false") == ("b",)


def test_multiple_response_ignores_order_and_separator() -> None:
    found = items(question("m", "multiple", options=[option(x, x, x in "ac") for x in "abcd"]))
    assert found["m"].normalise("c,a") == found["m"].normalise("a[,]c") == found["m"].right
    with pytest.raises(Mismatch, match="'e' is not one of its options"):
        found["m"].normalise("a,e")


def test_matching_pairs_in_both_versions() -> None:
    match = question(
        "pairs",
        "matching",
        items=[MatchItem("1", "", "Bruise", "a", ""), MatchItem("2", "", "Secret", "b", "")],
        responses=[MatchResponse("a", "", "Refer"), MatchResponse("b", "", "Explain")],
    )
    found = items(match)["pairs"]
    assert found.normalise("2.b,1.a") == found.normalise("1[.]a[,]2[.]b") == found.right
    assert found.normalise("1.b,2.a") != found.right
    assert found.describe(("1.a",)) == "Bruise → Refer"
    with pytest.raises(Mismatch):
        found.normalise("3.a")


def test_ordering_keeps_the_learners_order() -> None:
    steps = [Step(x, "", f"Step {x}", "") for x in "abc"]
    found = items(question("order", "ordering", steps=steps))["order"]
    assert found.right == ("a", "b", "c")
    assert found.normalise("c[,]a[,]b") == ("c", "a", "b") != found.right


def test_each_scenario_decision_is_its_own_item() -> None:
    decisions = [
        Decision(1, "", "First?", [option("a", "Ask", True), option("b", "Leave", False)]),
        Decision(2, "", "Then?", [option("a", "Wait", False), option("b", "Tell", True)]),
    ]
    found = items(question("case", "scenario", decisions=decisions))
    assert sorted(found) == ["case-1", "case-2"]
    assert found["case-2"].right == ("b",) and found["case-2"].title == "case, decision 2"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_gives_the_report_its_items(name: str) -> None:
    samples = kind_questions(name)
    assert samples, f"no sample question of the kind {name!r}"
    kind = KINDS[name]
    for sample in samples:
        found = kind.report_items(sample)
        assert found and len({item.id for item in found}) == len(found)
        for scorm in ("1.2", "2004"):
            patterns = kind.correct_pattern(sample, scorm)
            assert len(patterns) == len(found)
            for item, pattern in zip(found, patterns, strict=True):
                assert item.normalise(pattern) == item.right
                assert item.describe(item.right)
