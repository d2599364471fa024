"""The question grammar through the real command: a line that is almost an option or its
feedback fails the build with `file:line: message` naming that line and the fix, exit status
1, and dist/ exactly as it was; the forms that are right build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builder_project import load_module, module, run_cli, write_project

from builder.questions.grammar import BLANK, FEEDBACK, GENERAL, ITEM, TEXT, Items, classify

# The body starts at line 6 (five lines of front matter); the lines of this question are
# 6 `::: question`, 7 text, 8 blank, 9 and 11 options, 10 and 12 their feedback, 13 blank,
# 14 general feedback, 15 `:::`.
QUESTION = [
    "::: question",
    "Who should you tell?",
    "",
    "- [ ] Nobody",
    "  > Keeping it to yourself leaves the child at risk.",
    "- [x] The designated safeguarding lead",
    "  > Right: the same day.",
    "",
    "Safeguarding is everybody's business.",
    ":::",
]


def body(replace: dict[int, str]) -> str:
    """QUESTION with some of its lines (by file line number) replaced."""
    lines = [replace.get(number, line) for number, line in enumerate(QUESTION, 6)]
    return "\n".join(lines) + "\n"


NOBODY = "`- [x] Nobody` for a right option or `- [ ] Nobody` for a wrong one"
CASES: dict[str, tuple[int, str, str] | tuple[int, str, int, str]] = {
    "empty brackets": (9, "- [] Nobody", f"`- [] Nobody`: `[]` is empty: write {NOBODY}"),
    "space before x": (
        9,
        "- [ x] Nobody",
        "`- [ x] Nobody`: no spaces inside `[ x]`: write `- [x] Nobody`",
    ),
    "v for x": (9, "- [v] Nobody", f"`- [v] Nobody`: `[v]` is not a mark: write {NOBODY}"),
    "space after X": (
        11,
        "- [X ] The lead",
        "`- [X ] The lead`: no spaces inside `[X ]`: write `- [x] The lead`",
    ),
    "two spaces in brackets": (
        9,
        "- [  ] Nobody",
        "`- [  ] Nobody`: one space between the brackets: write `- [ ] Nobody`",
    ),
    "no space after bracket": (
        9,
        "- [ ]Nobody",
        "`- [ ]Nobody`: a space after `]`: write `- [ ] Nobody`",
    ),
    "two spaces after dash": (
        9,
        "-  [ ] Nobody",
        "`-  [ ] Nobody`: one space after `-`: write `- [ ] Nobody`",
    ),
    "no space after dash": (
        11,
        "-[x] The lead",
        "`-[x] The lead`: one space after `-`: write `- [x] The lead`",
    ),
    "option indented": (
        11,
        "  - [x] The lead",
        "`  - [x] The lead`: an option starts at the beginning of the line: write `- [x] The lead`",
    ),
    "no dash": (9, "[ ] Nobody", "`[ ] Nobody`: an option starts with `- `: write `- [ ] Nobody`"),
    "numbered": (
        9,
        "1. [ ] Nobody",
        "`1. [ ] Nobody`: options are a `- ` list, not numbered: write `- [ ] Nobody`",
    ),
    "word processor's dash": (
        9,
        "\u2013 [ ] Nobody",
        "`\u2013 [ ] Nobody`: an option starts with a hyphen and a space (`- `): "
        "write `- [ ] Nobody`",
    ),
    "no-break space": (
        9,
        "- [ ]\u00a0Nobody",
        "`- [ ]\u00a0Nobody`: a space after `]`: write `- [ ] Nobody` (with ordinary spaces: "
        "this line has a no-break or other unusual space)",
    ),
    "half a mark": (
        9,
        "- [ Nobody",
        "`- [ Nobody`: a mark is `[x]` or `[ ]`, in square brackets: "
        "write `- [x] …` for a right option or `- [ ] …` for a wrong one",
    ),
    "feedback at column 0 under the last option": (
        12,
        "> Right: the same day.",
        "`> Right: the same day.`: feedback `>` at the start of the line: indent it by exactly "
        "2 spaces (`  > …`) under its option; general feedback has no `>`",
    ),
    "feedback indented three spaces": (
        10,
        "   > Keeping it to yourself.",
        "`   > Keeping it to yourself.`: feedback `>` indented wrongly: indent it by exactly "
        "2 spaces (`  > …`) under its option; general feedback has no `>`",
    ),
    "feedback under no option": (
        8,
        "  > Think first.",
        "`  > Think first.`: feedback under no option: put `  > …` right under its option",
    ),
    "feedback after the general feedback": (
        15,
        "  > Late.\n:::",
        "`  > Late.`: option feedback goes right under its option, before the general feedback",
    ),
    "option after the general feedback": (
        15,
        "- [ ] Late\n:::",
        "`- [ ] Late`: options must stand together, before the general feedback",
    ),
    "general feedback without a blank line": (
        13,
        "Everybody.",
        "`Everybody.`: leave a blank line before the general feedback",
    ),
    "option label on two lines": (
        10,
        "  continued",
        "`  continued`: one line per option: join this line to the option above, or write "
        "feedback as `  > …`",
    ),
    "second paragraph of feedback without >": (
        13,
        "\n  Without a quote.",
        14,
        "`  Without a quote.`: write option feedback as `  > …` right under its option",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_almost_right_line_fails_naming_it(tmp_path: Path, case: str) -> None:
    line, text, *where, message = CASES[case]
    write_project(tmp_path, {"01-m.md": module(body({line: text}))})
    line = where[0] if where else line
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "old.zip").write_bytes(b"earlier package")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert f"modules/01-m.md:{line}: {message}" in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in dist.iterdir()) == ["old.zip"]
    assert (dist / "old.zip").read_bytes() == b"earlier package"


TRUE_FALSE = "::: question\nThe sky is green.\n\n- [{}] True\n- [{}] False\n:::\n"


@pytest.mark.parametrize(
    ("marks", "message"),
    [
        (("x", "x"), "True and False are both marked right: mark exactly one with [x]"),
        ((" ", " "), "question has no correct option (mark one with [x])"),
    ],
    ids=["both", "neither"],
)
def test_true_false_needs_exactly_one_mark(
    tmp_path: Path, marks: tuple[str, str], message: str
) -> None:
    write_project(tmp_path, {"01-m.md": module(TRUE_FALSE.format(*marks))})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert f"modules/01-m.md:6: {message}" in result.stderr.splitlines(), result.stderr
    assert not (tmp_path / "dist").exists()


def test_multiple_with_one_right_option_builds(tmp_path: Path) -> None:
    built = load_module(tmp_path, body({6: "::: question multiple"}))
    (question,) = built.questions
    assert question.kind == "multiple"
    assert [o.correct for o in question.options] == [False, True]


def test_multiple_with_no_right_option_fails(tmp_path: Path) -> None:
    text = body({6: "::: question multiple", 11: "- [ ] The designated safeguarding lead"})
    write_project(tmp_path, {"01-m.md": module(text)})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "modules/01-m.md:6: question has no correct option (mark one with [x])"
        in result.stderr.splitlines()
    )


FENCED = """\
::: question
What does this print?

```text
- [x] not an option
:::
  > not feedback
```

- [x] Two lines
  > Both lines are code.
- [ ] An error

```text
General feedback in code: - [ ] still not an option
:::
```
:::
"""


def test_code_fences_inside_a_question_are_code(tmp_path: Path) -> None:
    (question,) = load_module(tmp_path, FENCED).questions
    assert [(o.text, o.correct) for o in question.options] == [
        ("Two lines", True),
        ("An error", False),
    ]
    assert "- [x] not an option\n:::\n  &gt; not feedback" in question.html
    assert "General feedback in code: - [ ] still not an option\n:::" in question.feedback_html


def test_right_forms_build(tmp_path: Path) -> None:
    text = (
        "::: question\nPick.\n\n- [X] Upper-case X\n  > Fine.\n  Continued feedback.\n"
        "* [ ] Star\n\n+ [ ] Plus\n\n  > After a blank line.\n\n"
        "General feedback.\n\n> A quotation in the general feedback.\n:::\n"
    )
    (question,) = load_module(tmp_path, text).questions
    assert [(o.text, o.correct) for o in question.options] == [
        ("Upper-case X", True),
        ("Star", False),
        ("Plus", False),
    ]
    assert "Continued feedback" in question.options[0].feedback_html
    assert "After a blank line" in question.options[2].feedback_html
    assert "<blockquote>" in question.feedback_html


def test_classify_gives_every_line_a_role() -> None:
    problems: list[tuple[int, str]] = []
    lines = classify(QUESTION[1:-1], 7, lambda line, message: problems.append((line, message)))
    assert problems == []
    assert [(line.role, line.number) for line in lines] == [
        (TEXT, 7),
        (BLANK, 8),
        (ITEM, 9),
        (FEEDBACK, 10),
        (ITEM, 11),
        (FEEDBACK, 12),
        (BLANK, 13),
        (GENERAL, 14),
    ]
    assert lines[2].content == "Nobody"
    assert lines[3].content == "Keeping it to yourself leaves the child at risk."


def test_another_kind_can_use_the_grammar_with_its_own_items() -> None:
    steps = Items(re.compile(r"\d\. (?P<label>.+)"), 3, lambda line: None, "step")
    problems: list[tuple[int, str]] = []
    lines = classify(
        ["Put them in order.", "", "1. Listen", "   > Stay calm.", "2. Record", "  > Two."],
        1,
        lambda line, message: problems.append((line, message)),
        steps,
    )
    assert [(line.role, line.content) for line in lines] == [
        (TEXT, "Put them in order."),
        (BLANK, ""),
        (ITEM, "Listen"),
        (FEEDBACK, "Stay calm."),
        (ITEM, "Record"),
    ]
    assert problems == [
        (
            6,
            "`  > Two.`: feedback `>` indented wrongly: indent it by exactly 3 spaces "
            "(`   > …`) under its step; general feedback has no `>`",
        )
    ]
