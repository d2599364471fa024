"""Matching questions (`::: question matching`): the model, the SCORM encodings, the answer
key, and every malformed line reported with its file:line and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builder_project import ROOT, SHORT, kind_questions, load_module, load_problems, module

from builder.questions.registry import KINDS

MATCHING = KINDS["matching"]
F = "write `- ITEM -> RESPONSE` (one space either side of `->`)"

GOOD = """\
Intro.

## Check

::: question matching id=match
Match each **situation** with the first thing you should do.

- A baby has a bruise -> Refer to children's social care today
  > A baby who is not yet mobile should not have bruises.
  > Refer the same day.
- A parent smells of alcohol -> Record it and tell your lead
- A child asks you to keep a secret -> Explain that you *cannot* keep it secret
- A child misses two health checks -> Record it and tell your lead
- -> Wait and see

Acting early lets someone see the whole picture.
:::
"""


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def line_of(body: str, needle: str) -> int:
    """The line of `needle` in the module file written for `body`."""
    text = module(body)
    return text[: text.index(needle)].count("\n") + 1


def problems(tmp_path: Path, body: str) -> list[str]:
    return load_problems(tmp_path, {"01-m.md": module(body)})


def test_items_responses_and_feedback(tmp_path):
    (question,) = load_module(tmp_path, GOOD).questions
    assert question.kind == "matching" and question.id == "match"
    assert question.text == "Match each situation with the first thing you should do."
    assert [(i.number, i.text, i.answer) for i in question.items] == [
        ("1", "A baby has a bruise", "a"),
        ("2", "A parent smells of alcohol", "b"),
        ("3", "A child asks you to keep a secret", "c"),
        ("4", "A child misses two health checks", "b"),
    ]
    assert [(r.letter, r.text) for r in question.responses] == [
        ("a", "Refer to children's social care today"),
        ("b", "Record it and tell your lead"),
        ("c", "Explain that you cannot keep it secret"),
        ("d", "Wait and see"),
    ]
    assert question.responses[2].html == "Explain that you <em>cannot</em> keep it secret"
    assert question.items[0].feedback_html == (
        "<p>A baby who is not yet mobile should not have bruises.\nRefer the same day.</p>"
    )
    assert question.items[1].feedback_html == ""
    assert question.feedback_html == "<p>Acting early lets someone see the whole picture.</p>"
    assert question.options == [] and len(question.key) == 4


def test_scorm_encodings_and_state_size(tmp_path):
    (question,) = load_module(tmp_path, GOOD).questions
    assert MATCHING.scorm_type == "matching"
    assert MATCHING.correct_pattern(question, "1.2") == ["1.a,2.b,3.c,4.b"]
    assert MATCHING.correct_pattern(question, "2004") == ["1[.]a[,]2[.]b[,]3[.]c[,]4[.]b"]
    assert MATCHING.worst_case(question) == 4 + 1 + 4
    assert MATCHING.module_data(question) == {
        "items": [
            {"id": "1", "text": "A baby has a bruise", "answer": "a"},
            {"id": "2", "text": "A parent smells of alcohol", "answer": "b"},
            {"id": "3", "text": "A child asks you to keep a secret", "answer": "c"},
            {"id": "4", "text": "A child misses two health checks", "answer": "b"},
        ],
        "responses": [
            {"id": "a", "text": "Refer to children's social care today"},
            {"id": "b", "text": "Record it and tell your lead"},
            {"id": "c", "text": "Explain that you cannot keep it secret"},
            {"id": "d", "text": "Wait and see"},
        ],
    }


def test_answer_key_lines(tmp_path):
    (question,) = load_module(tmp_path, GOOD).questions
    lines = MATCHING.answer_key(question, "1.2")
    assert lines[:2] == [
        "   1 → a  A baby has a bruise",
        "          → Refer to children's social care today",
    ]
    assert "     d  Wait and see (matches no item)" in lines
    assert all(len(line) <= 72 for line in lines)


def test_the_answers_change_the_key(tmp_path):
    first = load_module(tmp_path / "one", GOOD).questions[0].key
    swapped = GOOD.replace(
        "health checks -> Record it and tell your lead",
        "health checks -> Refer to children's social care today",
    )
    assert load_module(tmp_path / "two", swapped).questions[0].key != first


def block(lines: str, text: str = "Match them.") -> str:
    return f"Intro.\n\n## Check\n\n::: question matching\n{text}\n\n{lines}:::\n"


TWO = "- One -> First\n- Two -> Second\n"

BAD_LINES = [
    (
        "- One => First\n- Two -> Second\n",
        "- One =>",
        f"`=>` is not the arrow: {F}",
    ),
    (
        "- One → First\n- Two -> Second\n",
        "- One →",
        f"`→` is not the arrow: {F}",
    ),
    (
        "- One->First\n- Two -> Second\n",
        "- One->",
        f"put one space either side of `->`: {F}",
    ),
    (
        "- One --> First\n- Two -> Second\n",
        "- One -->",
        f"`-->` is not the arrow: {F}",
    ),
    (
        "- One, First\n- Two -> Second\n",
        "- One,",
        f"matching line has no `->`: {F}, or `- -> RESPONSE` for a response that matches no item",
    ),
    (
        "- One -> First -> Again\n- Two -> Second\n",
        "- One -> First ->",
        f"more than one `->` on this line: {F}, with one arrow (reword an arrow inside the text)",
    ),
    (
        "- One ->\n- Two -> Second\n",
        "- One ->\n",
        f"no response after `->`: {F}, or `- -> RESPONSE` for a distractor",
    ),
    (
        "- [x] One -> First\n- Two -> Second\n",
        "- [x]",
        f"matching lines have no `[ ]` / `[x]`: {F} (options with [x] are for choice questions)",
    ),
    (
        "- One -> First\n  and more\n- Two -> Second\n",
        "  and more",
        "`  and more`: ",
    ),
    (
        TWO + "- -> Third\n  > Why.\n",
        "  > Why.",
        "a response that matches no item has no feedback: put the feedback under an item",
    ),
    (
        TWO + "- -> Second\n",
        "- -> Second",
        "this response is already listed: a `- -> RESPONSE` line adds a response that no item has",
    ),
    (
        "- One -> First\n1. Two -> Second\n",
        "1. Two",
        f"matching lines start with `- `, not a number: {F}",
    ),
    (
        TWO + "\nFeedback.\n\n- Three -> Third\n",
        "- Three",
        "`- Three -> Third`: ",
    ),
    (
        "".join(f"- Item {n} -> Response {n}\n" for n in range(1, 11)),
        "- Item 10",
        "too many items: a matching question has at most 9 (SCORM 1.2 records each as one "
        "digit); split it into two questions",
    ),
]


BAD_LINES += [
    ("- One -> First\n-  Two -> Second\n", "-  Two", f"one space after `-`: {F}"),
    (
        "- One -> First\n  > Why.\n  - Two -> Second\n",
        "  - Two",
        f"a matching line starts at the beginning of the line: {F}",
    ),
]


@pytest.mark.parametrize(("lines", "needle", "message"), BAD_LINES)
def test_malformed_line(tmp_path, lines, needle, message):
    """One problem, at the line; a message ending `: ` is the shared grammar's (it quotes the
    line first), only its start is checked."""
    body = block(lines)
    (found,) = problems(tmp_path, body)
    where = f"modules/01-m.md:{line_of(body, needle)}: "
    if message.endswith(": "):
        assert found.startswith(where + message)
    else:
        assert found == where + message


BAD_QUESTIONS = [
    (
        "- One -> First\n",
        f"matching question needs at least 2 items: {F}",
    ),
    (
        "- One -> First\n- Two -> First\n",
        "every item has the same response: give at least two different responses (a `- -> "
        "RESPONSE` line adds one that no item has)",
    ),
    (
        "Just text.\n",
        f"matching question has no items: {F}, one line per item",
    ),
]


@pytest.mark.parametrize(("lines", "message"), BAD_QUESTIONS)
def test_malformed_question(tmp_path, lines, message):
    body = block(lines)
    opening = line_of(body, "::: question")
    assert problems(tmp_path, body) == [f"modules/01-m.md:{opening}: {message}"]


def test_no_question_text(tmp_path):
    body = block(TWO, text="")
    opening = line_of(body, "::: question")
    assert problems(tmp_path, body) == [
        f"modules/01-m.md:{opening}: question has no text: write the question before its items"
    ]


def test_too_many_responses(tmp_path):
    lines = "- One -> Response 0\n" + "".join(f"- -> Response {n}\n" for n in range(1, 27))
    body = block(lines)
    assert problems(tmp_path, body) == [
        f"modules/01-m.md:{line_of(body, '- -> Response 26')}: too many responses: at most 26"
    ]


def test_every_problem_of_a_block_is_reported(tmp_path):
    body = block("- One => First\n- Two -> Second\n- Three → Third\n")
    assert [p.split(": ", 1)[0] for p in problems(tmp_path, body)] == [
        f"modules/01-m.md:{line_of(body, '- One')}",
        f"modules/01-m.md:{line_of(body, '- Three')}",
    ]


def test_the_authoring_guide_example_builds(tmp_path):
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```markdown\n(.*?)```", guide, re.DOTALL)
    (example,) = [b for b in blocks if b.startswith("::: question matching")]
    (question,) = load_module(tmp_path, "Intro.\n\n## Check\n\n" + example).questions
    assert question.kind == "matching"
    assert len(question.items) == 3 and len(question.responses) == 4


def test_every_matching_question_follows_moodles_rules():
    """1.2: one character each side of `.`; 2004: short identifiers joined by `[.]`, `[,]`."""
    questions = kind_questions("matching")
    assert questions
    for question in questions:
        (old,) = MATCHING.correct_pattern(question, "1.2")
        (new,) = MATCHING.correct_pattern(question, "2004")
        assert len(old) <= 255 and all(re.fullmatch(r"[1-9]\.[a-z]", p) for p in old.split(","))
        pairs = [pair.split("[.]") for pair in new.split("[,]")]
        assert all(len(p) == 2 and all(SHORT.fullmatch(t) for t in p) for p in pairs)
