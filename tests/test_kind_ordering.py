"""Ordering questions (`::: question ordering`): the model, the SCORM encodings, the answer
key, and every malformed line reported with its file:line and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builder_project import ROOT, SHORT, kind_questions, load_module, load_problems, module

from builder.questions.registry import KINDS

ORDERING = KINDS["ordering"]

GOOD = """\
Intro.

## Check

::: question ordering id=order
Put these steps in the order you should take them.

1. Listen, and stay **calm**
   > Listening first lets the child say what happened.
2. Tell the child you will need to pass it on
3. Write down what the child said, in their words
4. Tell your safeguarding lead the same day

Telling your lead the same day matters.
:::
"""

FORMAT = "write the steps as a numbered list, `1. First step`, `2. Next step` …, in the right order"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def line_of(body: str, needle: str) -> int:
    text = module(body)
    return text[: text.index(needle)].count("\n") + 1


def problems(tmp_path: Path, body: str) -> list[str]:
    return load_problems(tmp_path, {"01-m.md": module(body)})


def test_steps_in_the_authored_order(tmp_path):
    (question,) = load_module(tmp_path, GOOD).questions
    assert question.kind == "ordering" and question.id == "order"
    assert [(s.letter, s.text) for s in question.steps] == [
        ("a", "Listen, and stay calm"),
        ("b", "Tell the child you will need to pass it on"),
        ("c", "Write down what the child said, in their words"),
        ("d", "Tell your safeguarding lead the same day"),
    ]
    assert question.steps[0].html == "Listen, and stay <strong>calm</strong>"
    assert question.steps[0].feedback_html == (
        "<p>Listening first lets the child say what happened.</p>"
    )
    assert question.feedback_html == "<p>Telling your lead the same day matters.</p>"


def test_scorm_encodings_and_state_size(tmp_path):
    (question,) = load_module(tmp_path, GOOD).questions
    assert ORDERING.scorm_type == "sequencing"
    assert ORDERING.correct_pattern(question, "1.2") == ["a,b,c,d"]
    assert ORDERING.correct_pattern(question, "2004") == ["a[,]b[,]c[,]d"]
    assert ORDERING.worst_case(question) == 4 + 1 + 4
    assert ORDERING.module_data(question)["steps"][3] == {
        "id": "d",
        "text": "Tell your safeguarding lead the same day",
    }
    assert ORDERING.answer_key(question, "2004")[0] == "   1. a  Listen, and stay calm"


def block(lines: str, text: str = "Order them.") -> str:
    return f"Intro.\n\n## Check\n\n::: question ordering\n{text}\n\n{lines}:::\n"


THREE = "1. One\n2. Two\n3. Three\n"

BAD_LINES = [
    (
        "1. One\n3. Two\n4. Three\n",
        "3. Two",
        "step numbered 3, expected 2: number the steps 1, 2, 3 … in the right order",
    ),
    ("1. One\n2) Two\n3. Three\n", "2) Two", "write `2.` with a full stop, not `2)`"),
    (
        "1. One\n2. [x] Two\n3. Three\n",
        "2. [x]",
        "steps have no `[ ]` / `[x]`: their order is the answer",
    ),
    (
        "1. One\n2. Two -> Later\n3. Three\n",
        "2. Two",
        "steps have no `->` (pairs with `->` are for `::: question matching`)",
    ),
    ("1. One\n- Two\n3. Three\n", "- Two", f"ordering steps are numbered, not bulleted: {FORMAT}"),
    ("1. One\n2. Two\n1. Two\n", "1. Two", "this step repeats step... "),
    (
        "1. One\n2. Two\n3. one\n",
        "3. one",
        "this step repeats step 1: give each step its own words, or the learner cannot tell them "
        "apart",
    ),
    (
        THREE + "\nFeedback.\n\n4. Four\n",
        "4. Four",
        "`4. Four`: ",
    ),
    (
        "".join(f"{n}. Step {n}\n" for n in range(1, 10)),
        "9. Step 9",
        "too many steps: an ordering question has at most 8; split it into two questions",
    ),
]
BAD_LINES.pop(5)
BAD_LINES += [
    ("1. One\n2.  Two\n3. Three\n", "2.  Two", "one space after `2.`: write `2. Two`"),
    (
        "1. One\n   > Why.\n 2. Two\n3. Three\n",
        " 2. Two",
        "a step starts at the beginning of the line: write `2. …`",
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


def test_bullets_instead_of_numbers(tmp_path):
    body = block("- One\n- Two\n- Three\n")
    found = problems(tmp_path, body)
    assert found == [
        f"modules/01-m.md:{line_of(body, f'- {word}')}: ordering steps are numbered, not "
        f"bulleted: {FORMAT}"
        for word in ("One", "Two", "Three")
    ]


BAD_QUESTIONS = [
    ("1. One\n2. Two\n", "ordering question has 2 steps: give 3 to 8"),
    ("Just text.\n", f"ordering question has no steps: {FORMAT}"),
]


@pytest.mark.parametrize(("lines", "message"), BAD_QUESTIONS)
def test_malformed_question(tmp_path, lines, message):
    body = block(lines)
    opening = line_of(body, "::: question")
    assert problems(tmp_path, body) == [f"modules/01-m.md:{opening}: {message}"]


def test_no_question_text(tmp_path):
    body = block(THREE, text="")
    opening = line_of(body, "::: question")
    assert problems(tmp_path, body) == [
        f"modules/01-m.md:{opening}: question has no text: write the question before its steps"
    ]


def test_the_authoring_guide_example_builds(tmp_path):
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```markdown\n(.*?)```", guide, re.DOTALL)
    (example,) = [b for b in blocks if b.startswith("::: question ordering")]
    (question,) = load_module(tmp_path, "Intro.\n\n## Check\n\n" + example).questions
    assert question.kind == "ordering"
    assert len(question.steps) == 4


def test_every_ordering_question_follows_moodles_rules():
    """1.2: single characters joined by `,`; 2004: short identifiers joined by `[,]`, once each."""
    questions = kind_questions("ordering")
    assert questions
    for question in questions:
        (old,) = ORDERING.correct_pattern(question, "1.2")
        (new,) = ORDERING.correct_pattern(question, "2004")
        assert re.fullmatch(r"[a-z](,[a-z]){2,7}", old)
        tokens = new.split("[,]")
        assert all(SHORT.fullmatch(t) for t in tokens) and len(set(tokens)) == len(tokens)
