"""Near-miss authoring that used to build silently with a wrong answer key or text shown to
learners: near-identical matching responses, choice settings and true/false typos,
duplicate options; and a malformed option reported once, at its own line."""

from __future__ import annotations

from pathlib import Path

import pytest
from builder_project import module, run_cli, write_project


def build_errors(tmp_path: Path, body: str) -> list[str]:
    """`scorm-builder build` on one module: exit status 1, dist/ untouched, the error lines."""
    write_project(tmp_path, {"01-m.md": module(body)})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "dist").exists()
    return result.stderr.splitlines()


MATCHING = "::: question matching\nMatch them.\n\n- A -> Refer today\n- B -> Record it\n{}\n:::\n"


@pytest.mark.parametrize(
    "third", ["- C -> refer today", "- C -> Refer today.", "- C -> Refer  today ."]
)
def test_matching_near_identical_responses_are_an_error(tmp_path: Path, third: str) -> None:
    written = " ".join(third.removeprefix("- C -> ").split())
    assert (
        f"modules/01-m.md:11: `{written}` differs from the response `Refer today` (line 9) only "
        "in case, spacing or closing punctuation: write them identically (`Refer today`) for "
        "one response, or reword one of them"
    ) in build_errors(tmp_path, MATCHING.format(third))


def test_matching_identical_responses_share_one(tmp_path: Path) -> None:
    write_project(tmp_path, {"01-m.md": module(MATCHING.format("- C -> Refer  today"))})
    assert run_cli("build", cwd=tmp_path).returncode == 0


CHOICE = "::: question\nWho should you tell?\n\n- [ ] Nobody\n- [x] The lead\n{}\n:::\n"
PIN_FIX = "write `{pinned}` (lower case, one space before it, no spaces inside)"


@pytest.mark.parametrize("setting", ["{pin}", "{ pinned }", "{Pinned}", "{pinned }", "{fixed}"])
def test_choice_setting_typo_is_an_error(tmp_path: Path, setting: str) -> None:
    errors = build_errors(tmp_path, CHOICE.format(f"- [ ] None of these {setting}"))
    assert (
        f"modules/01-m.md:11: `{setting}` at the end of an option is not a setting: to keep "
        f"the option in its place when options are shuffled, {PIN_FIX}; else remove the braces"
    ) in errors


def test_pin_without_a_space_is_an_error(tmp_path: Path) -> None:
    errors = build_errors(tmp_path, CHOICE.format("- [ ] None of these{pinned}"))
    assert any(e.startswith("modules/01-m.md:11: `{pinned}` at the end") for e in errors), errors


TRUE_FALSE = "::: question\nThe sky is green.\n\n- [{}] {}\n- [{}] {}\n:::\n"


@pytest.mark.parametrize(
    ("first", "second", "line", "wrong", "right"),
    [
        ("True", "Flase", 10, "Flase", "False"),
        ("Ture", "False", 9, "Ture", "True"),
        ("true.", "false.", 9, "true.", "True"),
        ("True", "False!", 10, "False!", "False"),
    ],
)
def test_true_false_typo_is_an_error(tmp_path, first, second, line, wrong, right) -> None:
    errors = build_errors(tmp_path, TRUE_FALSE.format(" ", first, "x", second))
    assert (
        f"modules/01-m.md:{line}: `{wrong}`: did you mean True/False? a true-or-false "
        f"question's options are exactly `True` and `False`: write `{right}`"
    ) in errors


def test_true_false_exact_and_two_other_options_build(tmp_path: Path) -> None:
    tf = TRUE_FALSE.format("x", "True", " ", "false")
    other = TRUE_FALSE.format("x", "Trust", " ", "Falter").replace("The sky", "Another")
    write_project(tmp_path, {"01-m.md": module(tf + "\n" + other)})
    assert run_cli("build", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("twin", ["- [ ] nobody", "- [ ] Nobody.", "- [ ]  Nobody"])
def test_two_options_with_the_same_text_are_an_error(tmp_path: Path, twin: str) -> None:
    errors = build_errors(tmp_path, CHOICE.format(twin))
    text = " ".join(twin.removeprefix("- [ ] ").split())
    assert (
        f"modules/01-m.md:11: option `{text}` is the same as the option at line 9 "
        "(`Nobody`): give each option its own text"
    ) in errors


def test_malformed_option_is_reported_once_at_its_line(tmp_path: Path) -> None:
    body = "::: question\nWhat colour?\n\n- [x]Black, mostly\n- [ ] White\n:::\n"
    errors = build_errors(tmp_path, body)
    assert errors == [
        "modules/01-m.md:9: `- [x]Black, mostly`: a space after `]`: write `- [x] Black, mostly`",
        "1 problem; nothing was written",
    ]
