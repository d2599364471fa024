"""Branching scenarios (`::: scenario`): decisions, links, the SCORM encodings, the answer
key, and every malformed line reported with its file:line and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builder_project import ROOT, kind_questions, load_module, load_problems, module

from builder.questions.registry import KINDS

SCENARIO = KINDS["scenario"]

GOOD = """\
Intro.

## A case

::: scenario id=case
Ben is 9 and has been **quiet** for weeks.

[decision 1]
Ben's mum says he is just tired. What do you do?

- [x] Ask Ben, kindly and on his own, how things are -> 2
  > Ben says things are hard at home.
- [ ] Accept the explanation and move on -> 3
  > A week later Ben has a bruise.
- [ ] Call his mum again tomorrow -> end {pinned}

[decision 2]
What do you do with what Ben told you?

- [ ] Keep it to yourself -> 3
- [x] Tell your safeguarding lead today -> end
  > Your lead makes a referral.

[decision 3]
Ben has a bruise. What now?

- [x] Record it and tell your lead today -> end
- [ ] Wait and see -> end

Being curious is how concerns reach the people who can help.
:::
"""

LINKS = "end each option with `-> N` (the later decision it leads to) or `-> end`"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def line_of(body: str, needle: str) -> int:
    text = module(body)
    return text[: text.index(needle)].count("\n") + 1


def problems(tmp_path: Path, body: str) -> list[str]:
    return load_problems(tmp_path, {"01-m.md": module(body)})


def test_decisions_options_and_links(tmp_path):
    (question,) = load_module(tmp_path, GOOD).questions
    assert question.kind == "scenario" and question.id == "case"
    assert question.text == "Ben is 9 and has been quiet for weeks."
    assert question.options == []
    one, two, three = question.decisions
    assert (one.number, one.text) == (1, "Ben's mum says he is just tired. What do you do?")
    assert [(o.letter, o.correct, o.next, o.pinned) for o in one.options] == [
        ("a", True, 2, False),
        ("b", False, 3, False),
        ("c", False, None, True),
    ]
    assert one.options[2].text == "Call his mum again tomorrow"
    assert one.options[0].feedback_html == "<p>Ben says things are hard at home.</p>"
    assert [o.next for o in two.options] == [3, None]
    assert [o.next for o in three.options] == [None, None]
    assert question.feedback_html == (
        "<p>Being curious is how concerns reach the people who can help.</p>"
    )


def test_scorm_encodings_and_state_size(tmp_path):
    (question,) = load_module(tmp_path, GOOD).questions
    assert SCENARIO.scorm_type == "choice"
    assert SCENARIO.correct_pattern(question, "1.2") == ["a", "b", "a"]
    assert SCENARIO.correct_pattern(question, "2004") == ["a", "b", "a"]
    assert SCENARIO.worst_case(question) == 4 + 1 + 3  # 1 → 2 → 3 is the longest path
    data = SCENARIO.module_data(question)["decisions"]
    assert data[0]["best"] == "a" and data[0]["options"][2] == {
        "id": "c",
        "text": "Call his mum again tomorrow",
        "next": None,
        "pinned": True,
    }
    key = SCENARIO.answer_key(question, "1.2")
    assert key[0] == "   Decision 1 (interaction case-1):"
    assert key[1] == "   * a  Ask Ben, kindly and on his own, how things are (leads to"


def case(*decisions: str, intro: str = "The case.") -> str:
    return "Intro.\n\n## Case\n\n::: scenario\n" + intro + "\n\n" + "\n".join(decisions) + ":::\n"


def decision(number: int | str, *options: str, text: str = "What now?") -> str:
    return f"[decision {number}]\n{text}\n\n" + "".join(o + "\n" for o in options)


ENDS = ("- [x] Good -> end", "- [ ] Bad -> end")
D2 = decision(2, *ENDS)

BAD_LINES = [
    (
        case(decision(1, "- [x] Good => 2", "- [ ] Bad -> 2"), D2),
        "- [x] Good",
        f"`=>` is not the arrow: {LINKS}",
    ),
    (
        case(decision(1, "- [x] Good → 2", "- [ ] Bad -> 2"), D2),
        "- [x] Good",
        f"`→` is not the arrow: {LINKS}",
    ),
    (
        case(decision(1, "- [x] Good ->2", "- [ ] Bad -> 2"), D2),
        "- [x] Good",
        f"put one space either side of `->`: {LINKS}",
    ),
    (
        case(decision(1, "- [x] Good", "- [ ] Bad -> 2"), D2),
        "- [x] Good",
        f"this option leads nowhere: {LINKS}",
    ),
    (
        case(decision(1, "- [x] Good -> End", "- [ ] Bad -> 2"), D2),
        "- [x] Good",
        f"`-> End` leads nowhere: {LINKS}",
    ),
    (
        case(decision(1, "- [x] Good {pinned} -> 2", "- [ ] Bad -> 2"), D2),
        "- [x] Good",
        "put `{pinned}` at the end of the line, after `-> N`",
    ),
    (
        case(
            decision(1, "- [x] Good -> 2", "- [ ] Bad -> 2"),
            decision(2, "- [x] Good -> end", "- [ ] Back -> 1"),
        ),
        "- [ ] Back",
        "this option links back to decision 1: paths go forward only, so the last decision's "
        "options all lead to `-> end`",
    ),
    (
        case(decision(1, "- [x] Good -> 1", "- [ ] Bad -> 2"), D2),
        "- [x] Good -> 1",
        "this option links back to decision 1: paths go forward only, so link to a later "
        "decision (2…2) or `-> end`",
    ),
    (
        case(decision(1, "- [x] Good -> 7", "- [ ] Bad -> 2"), D2),
        "- [x] Good",
        "there is no decision 7 (this scenario has 2): link to a later decision or `-> end`",
    ),
    (
        case(decision(1, "- [x] Good -> 2", "- [ ] Bad -> 2"), decision(3, *ENDS)),
        "[decision 3]",
        "`[decision 3]` should be `[decision 2]`: number the decisions 1, 2, 3 … in order",
    ),
    (
        case(
            decision(1, "- [x] Good -> 2", "- [ ] Bad -> end"),
            D2.replace("[decision 2]", "[Decision 2]"),
        ),
        "[Decision 2]",
        "write the decision heading as `[decision N]` on a line of its own",
    ),
    (
        case(
            decision(1, "- [x] Good -> 2", "- [ ] Bad -> end"),
            D2.replace("[decision 2]\n", "[decision 2] What now?\n"),
        ),
        "[decision 2] What",
        "write the decision heading as `[decision N]` on a line of its own",
    ),
    (
        case(decision(1, "- [ ] Good -> 2", "- [ ] Bad -> 2"), D2),
        "[decision 1]",
        "decision 1 has no best choice: mark one option with [x]",
    ),
    (
        case(decision(1, "- [x] Good -> 2", "- [x] Bad -> 2"), D2),
        "[decision 1]",
        "decision 1 has 2 options marked [x]: mark only the best choice",
    ),
    (
        case(decision(1, "- [x] Good -> 2"), D2),
        "[decision 1]",
        "decision 1 has 1 option: give 2 to 6 `- [ ] option -> N` lines",
    ),
    (
        case(decision(1, *[f"- [{'x' if n == 0 else ' '}] Option {n} -> 2" for n in range(7)]), D2),
        "[decision 1]",
        "decision 1 has 7 options: give 2 to 6 `- [ ] option -> N` lines",
    ),
    (
        case(decision(1, "- [x] Good -> 2", "- [ ] Bad -> 2", text=""), D2),
        "[decision 1]",
        "decision 1 has no text: write the situation before its options",
    ),
    (
        case(decision(1, "- [x] Good -> 2", "- [ ] Bad -> 2") + "\nStray text.\n", D2),
        "Stray text.",
        "text after decision 1's options: put a consequence under its option (indented `> `), or "
        "start the next decision with `[decision 2]`",
    ),
    (
        case(decision(1, "- [x] Good -> 3", "- [ ] Bad -> end"), D2, decision(3, *ENDS)),
        "[decision 2]",
        "decision 2 cannot be reached: no option leads to it (link to it with `-> 2` from an "
        "earlier decision, or remove it)",
    ),
    (
        case(
            decision(1, "- [x] Good -> 2", "- [ ] Bad -> 2"),
            D2,
            intro="The case.\n\n- [x] Too early -> 2",
        ),
        "- [x] Too early",
        "options come after a `[decision N]` line",
    ),
    (
        case(
            *[
                decision(n, f"- [x] Go on -> {n + 1}", f"- [ ] Stop -> {n + 1}")
                for n in range(1, 6)
            ],
            decision(6, *ENDS),
        ),
        "[decision 6]",
        "too many decisions: a scenario has at most 5; split the case in two",
    ),
]


BAD_LINES += [
    (
        case(
            decision(1, "- [x] Good -> 2", "- [ ] Bad -> end"),
            D2.replace("[decision 2]", "decision 2]"),
        ),
        "decision 2]",
        "write the decision heading as `[decision N]` on a line of its own",
    ),
    (
        case(decision(1, "- [x] Good -> 2", "- [ ] Bad -> end").replace("[decision 1]", ""), D2),
        "- [x] Good",
        "options come after a `[decision N]` line",
    ),
]


@pytest.mark.parametrize(("body", "needle", "message"), BAD_LINES)
def test_malformed_line(tmp_path, body, needle, message):
    assert problems(tmp_path, body) == [f"modules/01-m.md:{line_of(body, needle)}: {message}"]


BAD_CASES = [
    (
        case(decision(1, *ENDS)),
        "scenario has 1 decision: give 2 to 5, each starting with `[decision N]`",
    ),
    (
        case("No decisions at all.\n"),
        "scenario has no decisions: start each with a `[decision N]` line",
    ),
    (
        case(decision(1, "- [x] Good -> 2", "- [ ] Bad -> 2"), D2, intro=""),
        "scenario has no introduction: describe the case before `[decision 1]`",
    ),
]


@pytest.mark.parametrize(("body", "message"), BAD_CASES)
def test_malformed_case(tmp_path, body, message):
    opening = line_of(body, "::: scenario")
    assert problems(tmp_path, body) == [f"modules/01-m.md:{opening}: {message}"]


def test_paths_may_rejoin_and_the_longest_counts(tmp_path):
    body = case(
        decision(1, "- [x] A -> 2", "- [ ] B -> 3"),
        decision(2, "- [x] A -> 3", "- [ ] B -> 4"),
        decision(3, "- [x] A -> 4", "- [ ] B -> end"),
        decision(4, *ENDS),
    )
    (question,) = load_module(tmp_path, body).questions
    assert SCENARIO.worst_case(question) == 4 + 1 + 4
    assert SCENARIO.correct_pattern(question, "2004") == ["a", "a", "a", "a"]


def test_the_authoring_guide_example_builds(tmp_path):
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```markdown\n(.*?)```", guide, re.DOTALL)
    (example,) = [b for b in blocks if b.startswith("::: scenario")]
    (question,) = load_module(tmp_path, "Intro.\n\n## Check\n\n" + example).questions
    assert question.kind == "scenario"
    assert [d.number for d in question.decisions] == [1, 2, 3]


def test_every_scenario_follows_moodles_rules():
    """One `choice` interaction per decision: a readable id, one letter as the pattern."""
    questions = kind_questions("scenario")
    assert questions
    for question in questions:
        patterns = SCENARIO.correct_pattern(question, "2004")
        assert patterns == SCENARIO.correct_pattern(question, "1.2")
        assert len(patterns) == len(question.decisions)
        assert all(re.fullmatch(r"[a-f]", p) for p in patterns)
        assert all(1 <= len(d.text) <= 250 and "\n" not in d.text for d in question.decisions)
        assert len(f"{question.id}-{len(question.decisions)}") <= 255
