"""`::: question` blocks: kinds, options, feedback, ids, keys, placement and every error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builder_project import load_module as load
from builder_project import load_problems, module

from builder.model import Question
from builder.suspend import question_key, structure_key


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def problems(tmp_path: Path, body: str) -> list[str]:
    return load_problems(tmp_path, {"01-m.md": module(body)})


FULL = """\
Intro.

## Check

Before.

::: question
Who is a **child**?

Think about the law.

- [ ] Anyone under 16
  > No: 16 and 17 year olds are children too.
  > Read *Working Together*.
- [x] Anyone under `18`
  > Yes.
- [ ] Anyone at school

The Children Act 1989 says so.

A second feedback paragraph.
:::

After.
"""


def test_single_choice_question(tmp_path):
    mod = load(tmp_path, FULL)
    page = mod.pages[1]
    assert [type(part).__name__ for part in page.parts] == ["str", "Question", "str"]
    assert page.parts[0] == "<p>Before.</p>" and page.parts[2] == "<p>After.</p>"
    question = page.parts[1]
    assert isinstance(question, Question)
    assert mod.questions == [question]
    assert question.id == "mod-q1" and question.number == 1 and question.line == 12
    assert question.kind == "choice"
    assert question.html == "<p>Who is a <strong>child</strong>?</p>\n<p>Think about the law.</p>"
    assert question.text == "Who is a child? Think about the law."
    assert [o.letter for o in question.options] == ["a", "b", "c"]
    assert [o.correct for o in question.options] == [False, True, False]
    assert question.options[1].html == "Anyone under <code>18</code>"
    assert question.options[1].text == "Anyone under 18"
    assert question.options[0].feedback_html == (
        "<p>No: 16 and 17 year olds are children too.\nRead <em>Working Together</em>.</p>"
    )
    assert question.options[1].feedback_html == "<p>Yes.</p>"
    assert question.options[2].feedback_html == ""
    assert question.feedback_html == (
        "<p>The Children Act 1989 says so.</p>\n<p>A second feedback paragraph.</p>"
    )
    assert re.fullmatch(r"[0-9a-z]{4}", question.key)


def block(*options: str, head: str = "::: question") -> str:
    return head + "\nQuestion?\n\n" + "\n".join(options) + "\n:::\n"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (block("- [x] a", "- [ ] b"), "choice"),
        (block("- [x] a", "- [X] b", "- [ ] c"), "multiple"),
        (block("- [x] a", "- [ ] b", head="::: question multiple"), "multiple"),
        (block("- [x] True", "- [ ] False"), "true-false"),
        (block("* [ ] true", "* [x] FALSE"), "true-false"),
        (block("- [x] True", "- [ ] False", head="::: question multiple"), "multiple"),
        (block("- [x] True", "- [ ] False", "- [ ] Unsure"), "choice"),
    ],
)
def test_question_kinds(tmp_path, text, kind):
    assert load(tmp_path, text).questions[0].kind == kind


def test_ids_numbers_and_explicit_ids(tmp_path):
    body = (
        block("- [x] a", "- [ ] b")
        + "\n## Two\n\n"
        + block("- [x] a", "- [ ] b", head="::: question id=stable-one")
        + "\n"
        + block("- [x] a", "- [ ] b", head="::: question multiple id=x2")
    )
    questions = load(tmp_path, body).questions
    assert [(q.id, q.number) for q in questions] == [("mod-q1", 1), ("stable-one", 2), ("x2", 3)]
    assert questions[2].kind == "multiple"
    assert len({q.key for q in questions}) == 3


def test_questions_in_fenced_code_are_text(tmp_path):
    mod = load(tmp_path, "```\n" + block("- [x] a", "- [ ] b") + "```\n")
    assert mod.questions == []
    assert "::: question" in mod.pages[0].parts[0]


def test_long_question_text_is_cut_to_one_line_of_250(tmp_path):
    words = " ".join(["word"] * 100)
    question = load(tmp_path, f"::: question\n{words}\n\n{words}\n\n- [x] a\n- [ ] b\n:::\n")
    text = question.questions[0].text
    assert len(text) == 250 and text.endswith("…") and "\n" not in text


def test_media_and_links_inside_questions(tmp_path):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "pic.png").write_bytes(b"png")
    body = (
        "::: question\n![A picture](pic.png)\n\n- [x] See [GOV.UK](https://www.gov.uk/)\n"
        "  > ![Feedback picture](pic.png)\n- [ ] b\n:::\n"
    )
    mod = load(tmp_path, body)
    question = mod.questions[0]
    assert mod.media == {"media/pic.png": tmp_path / "modules" / "pic.png"}
    assert 'src="media/pic.png"' in question.html
    assert 'src="media/pic.png"' in question.options[0].feedback_html
    assert 'target="_blank"' in question.options[0].html


def test_keys_follow_the_contract():
    class Opt:
        def __init__(self, letter: str, correct: bool) -> None:
            self.letter, self.correct = letter, correct

    options = [Opt("a", False), Opt("b", True)]
    key = question_key("children-q1", options, set())
    import hashlib

    number = int.from_bytes(hashlib.sha1(b"children-q1\na0b1").digest(), "big")
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    digits = digits.rjust(31, "0")
    assert key == digits[:4]
    assert question_key("children-q1", options, {key}) == digits[4:8]
    assert question_key("children-q1", [Opt("a", True), Opt("b", False)], set()) != key


def test_structure_changes_with_pages_and_questions(tmp_path):
    one = structure_key(["start", "a", "summary"], ["k1k1"])
    assert re.fullmatch(r"[0-9a-z]{6}", one)
    assert one == structure_key(["start", "a", "summary"], ["k1k1"])
    assert one != structure_key(["start", "b", "summary"], ["k1k1"])
    assert one != structure_key(["start", "a", "summary"], ["k2k2"])
    first = load(tmp_path, block("- [x] a", "- [ ] b")).structure
    second = load(tmp_path, block("- [ ] a", "- [x] b")).structure
    assert first != second


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "::: question\nQ?\n:::\n",
            "modules/01-m.md:6: question has no options (add `- [ ] wrong` and `- [x] right` "
            "lines)",
        ),
        (
            block("- [ ] a", "- [ ] b"),
            "modules/01-m.md:6: question has no correct option (mark one with [x])",
        ),
        (
            "Intro.\n\n::: question\nQ?\n\n- [x] a\n- [ ] b\n",
            "modules/01-m.md:8: `::: question` block is not closed: end it with a `:::` line",
        ),
        (
            "::: question\nQ?\n- [x] a\n\n::: question\nQ2?\n- [x] a\n- [ ] b\n:::\n",
            "modules/01-m.md:6: `::: question` block is not closed: end it with a `:::` line",
        ),
        (
            block(*[f"- [{'x' if n == 0 else ' '}] o{n}" for n in range(27)]),
            "modules/01-m.md:6: question has 27 options; at most 26",
        ),
        (block("- [x] only"), "modules/01-m.md:6: question has one option; give at least two"),
        (
            block("- [x] a", "- [ ] b", head="::: question id=Bad_Id"),
            "modules/01-m.md:6: question id 'Bad_Id' is not valid",
        ),
        (
            block("- [x] a", "- [ ] b", head="::: question single"),
            "modules/01-m.md:6: unknown word 'single' after `::: question` "
            "(use matching, multiple, ordering, id=…, objective=…)",
        ),
        (
            "::: question\n- [x] a\n- [ ] b\n:::\n",
            "modules/01-m.md:6: question has no text: write the question before its options",
        ),
        (block("- [x] a", "- [ ]"), "modules/01-m.md:10: option has no text"),
        ("Text.\n:::\n", "modules/01-m.md:7: `:::` closes nothing: a question starts with"),
        ("::: warning\nX\n", "modules/01-m.md:6: unknown block '::: warning': `:::` opens only"),
        (
            "::: question\nQ?\n\n- [x] a\n\nFeedback.\n\n- [ ] b\n:::\n",
            "modules/01-m.md:13: `- [ ] b`: options must stand together, before the general "
            "feedback",
        ),
        (
            "::: question\nQ <em>x</em>?\n\n- [x] a\n- [ ] b <b>c</b>\n:::\n",
            "modules/01-m.md:7: raw HTML is not allowed (<em>)",
        ),
    ],
)
def test_question_errors(tmp_path, body, expected):
    found = problems(tmp_path, body)
    assert any(line.startswith(expected) for line in found), found


def test_duplicate_question_ids(tmp_path):
    body = (
        block("- [x] a", "- [ ] b", head="::: question id=same")
        + "\n"
        + block("- [x] a", "- [ ] b", head="::: question id=same")
    )
    assert problems(tmp_path, body) == [
        "modules/01-m.md:13: duplicate question id 'same': give each question its own"
    ]


def test_every_question_problem_is_reported(tmp_path):
    body = (
        block("- [ ] a", "- [ ] b")
        + "\n"
        + "::: question\nQ?\n:::\n"
        + "\n"
        + block("- [x] a", "- [ ] b", head="::: question id=BAD")
    )
    lines = [line.split(": ")[0] for line in problems(tmp_path, body)]
    assert lines == ["modules/01-m.md:6", "modules/01-m.md:13", "modules/01-m.md:17"]
