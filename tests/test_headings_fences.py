"""Headings, fences and module files that Markdown would take silently but the author did not
mean, through the real command: errors name the line and the fix, exit status 1, dist/ as it
was. Placeholder text left from the new-module template is a warning, an error with
`--strict`."""

from __future__ import annotations

from pathlib import Path

import pytest
from builder_project import QUESTION, load_module, module, run_cli, write_project

from builder.resources import templates_dir

FENCE_FIX = "code fence is not closed: end the code with a ``` line"
HEADING_IN_QUESTION = (
    "`## ` heading inside the question that starts at line 8: end the question with a `:::` "
    "line before the next page (`### ` heads a section)"
)
CASES = {
    "##Heading": (
        "Intro.\n\n##Next page\n\nText.\n",
        8,
        "`##Next page` has no space after `##`: write `## Next page`, or `\\#` for a literal #",
    ),
    "#Heading": (
        "Intro.\n\n#Title\n",
        8,
        "`#Title` has no space after `#`: write `## Title` for a page or `### Title` for a "
        "section, or `\\#` for a literal #",
    ),
    "###Heading": (
        "Intro.\n\n## Page\n\n###Section\n",
        10,
        "`###Section` has no space after `###`: write `### Section`, or `\\#` for a literal #",
    ),
    "setext ---": (
        "Intro.\n\nNext page\n---\n\nText.\n",
        9,
        "text underlined with `---` is a heading here: write `## heading` for a page, or "
        "leave a blank line before `---` for a rule",
    ),
    "setext ===": (
        "Intro.\n\n## Page\n\nA section\n=====\n",
        11,
        "text underlined with `===` is a heading here: write `### heading` for a section, or "
        "leave a blank line before `===` for a rule",
    ),
    "unclosed fence": (
        "Intro.\n\n## Page\n\n```text\ncode\n\n## Later page\n\n" + QUESTION,
        10,
        FENCE_FIX,
    ),
    "unclosed tilde fence": ("Intro.\n\n~~~~\ncode\n```\n", 8, FENCE_FIX),
    "numbered page heading": (
        "Intro.\n\n## 1. Introduction\n",
        8,
        "`1. Introduction` reads as a numbered list here, not as text: write `1\\. Introduction` "
        "to show it as typed",
    ),
    "option label like a quotation": (
        "::: question\nQ?\n\n- [x] >True\n- [ ] False\n:::\n",
        9,
        "`>True` reads as a quotation here, not as text: write `\\>True` to show it as typed",
    ),
    "## inside a question": (
        "Intro.\n\n" + QUESTION.replace("Who should", "## Who should"),
        9,
        HEADING_IN_QUESTION,
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_heading_and_fence_mistakes_fail_naming_the_line(tmp_path: Path, case: str) -> None:
    text, line, message = CASES[case]
    write_project(tmp_path, {"01-m.md": module(text)})
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "old.zip").write_bytes(b"earlier")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert f"modules/01-m.md:{line}: {message}" in result.stderr.splitlines(), result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in dist.iterdir()] == ["old.zip"]


def test_right_headings_rules_and_fences_build(tmp_path: Path) -> None:
    text = (
        "Intro.\n\n---\n\nA rule above.\n\n## Page\n\n```\n##Not a heading\nText\n---\n```\n"
        "\n~~~\n```\n~~~\n\n### Section\n\nA \\#hashtag, and text.\n\n"
        "<!-- Notes for reviewers\n#TODO check the figures\nA line\n---\n-->\n"
    )
    built = load_module(tmp_path, text)
    assert [page.title for page in built.pages] == ["A module", "Page", "Summary"]
    html = "".join(part for part in built.pages[1].parts if isinstance(part, str))
    assert "##Not a heading\nText\n---" in html
    assert "<h3>Section</h3>" in html


def test_question_after_a_closed_fence_is_kept(tmp_path: Path) -> None:
    built = load_module(tmp_path, "Intro.\n\n```\ncode\n```\n\n" + QUESTION)
    assert len(built.questions) == 1


def test_module_files_are_found_whatever_the_case(tmp_path: Path) -> None:
    write_project(tmp_path, {"01-a.md": module(id="a"), "02-b.MD": module(id="b")})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (tmp_path / "dist").glob("*.zip"))
    assert names == ["test-course-a-scorm12.zip", "test-course-b-scorm12.zip"]


@pytest.mark.parametrize("name", ["02-b.markdown", "02-b.txt", "02-b.Markdown"])
def test_a_module_with_another_extension_is_reported(tmp_path: Path, name: str) -> None:
    write_project(tmp_path, {"01-a.md": module(id="a"), name: module(id="b")})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    suffix = name.split(".", 1)[1]
    assert (
        f"modules/{name}: module files end in .md, not .{suffix}: rename it to 02-b.md, "
        "or move it out of modules/"
    ) in result.stderr.splitlines(), result.stderr
    assert not (tmp_path / "dist").exists()


def test_placeholders_warn_and_strict_fails(tmp_path: Path) -> None:
    result = run_cli("new", "First steps", cwd=write_project(tmp_path, {}))
    assert result.returncode == 0, result.stderr
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    template = (templates_dir() / "new-module.md").read_text(encoding="utf-8").split("\n")
    description = next(n for n, line in enumerate(template, 1) if line.startswith("description"))
    assert warnings[0] == (
        f"modules/01-first-steps.md:{description}: warning: text from the new-module template "
        "is still here (description: What the learner will be a…): replace it with your "
        "own, or remove it"
    )
    assert len(warnings) >= 5
    built = sorted((tmp_path / "dist").iterdir())
    before = {path.name: path.read_bytes() for path in built}
    strict = run_cli("build", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert [line for line in strict.stderr.splitlines() if ": warning: " in line] == warnings
    assert {path.name: path.read_bytes() for path in sorted((tmp_path / "dist").iterdir())} == (
        before
    )


def test_own_text_gives_no_placeholder_warning(tmp_path: Path) -> None:
    write_project(tmp_path, {"01-a.md": module("Intro.\n\n## Page\n\n" + QUESTION)})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "new-module template" not in result.stderr
