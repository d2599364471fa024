"""Every error an author can cause, through the real command: one `path:line: message`
line per problem, exit status 1, no traceback, and dist/ exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from builder_project import COURSE, QUESTION, module, run_cli, write_project

CASES = {
    "bad YAML": (
        {"01-m.md": "---\nid: m\ntitle: [oops\nminutes: 3\n---\nText.\n"},
        COURSE,
        "modules/01-m.md:3: invalid YAML: a value that starts with `[` or `{` needs quotes "
        "(or close the list with `]`)",
    ),
    "bad course YAML": (
        {"01-m.md": module()},
        COURSE + "colour: '#1d70b8\n",
        "course.yml:6: invalid YAML: a quoted value is not closed: end it with the same quote mark",
    ),
    "unknown key": (
        {"01-m.md": module(minuts=5)},
        COURSE,
        "modules/01-m.md:5: unknown key `minuts`: did you mean `minutes`? (allowed: id, title, "
        "minutes, description, pass_mark, shuffle, draw, draw_per_objective, objectives)",
    ),
    "unknown course key": (
        {"01-m.md": module()},
        COURSE + "organization: x\n",
        "course.yml:6: unknown key `organization`: did you mean `organisation`? (allowed: id, "
        "title, organisation, language, pass_mark, scorm, colour, font, logo, max_file_mb, "
        "max_package_mb, shuffle)",
    ),
    "missing key": (
        {"01-m.md": module(title=None)},
        COURSE,
        "modules/01-m.md:1: missing required key `title`",
    ),
    "duplicate module id": (
        {"01-a.md": module(id="same"), "02-b.md": module(id="same")},
        COURSE,
        "modules/02-b.md:2: duplicate module id 'same' (also used by modules/01-a.md): give each "
        "module its own id",
    ),
    "duplicate question id": (
        {"01-m.md": module(QUESTION.replace("question", "question id=q") * 2)},
        COURSE,
        "modules/01-m.md:12: duplicate question id 'q': give each question its own",
    ),
    "no options": (
        {"01-m.md": module("::: question\nWho?\n:::\n")},
        COURSE,
        "modules/01-m.md:6: question has no options (add `- [ ] wrong` and `- [x] right` lines)",
    ),
    "no correct option": (
        {"01-m.md": module(QUESTION.replace("[x]", "[ ]"))},
        COURSE,
        "modules/01-m.md:6: question has no correct option (mark one with [x])",
    ),
    "unclosed block": (
        {"01-m.md": module("Intro.\n\n" + QUESTION.removesuffix(":::\n"))},
        COURSE,
        "modules/01-m.md:8: `::: question` block is not closed: end it with a `:::` line",
    ),
    "missing image": (
        {"01-m.md": module("Intro.\n\n## Page\n\n![Diagram](images/diagram.png)\n")},
        COURSE,
        "modules/01-m.md:10: file not found: images/diagram.png (the path is relative to modules/)",
    ),
    "pass mark over 100": (
        {"01-m.md": module(pass_mark=101)},
        COURSE,
        "modules/01-m.md:5: `pass_mark` is 101; it must be from 0 to 100",
    ),
    "course pass mark below 0": (
        {"01-m.md": module()},
        COURSE.replace("pass_mark: 80", "pass_mark: -1"),
        "course.yml:5: `pass_mark` is -1; it must be from 0 to 100",
    ),
    "empty module": (
        {"01-m.md": module("\n\n")},
        COURSE,
        "modules/01-m.md:5: module has no content: write its opening text and `## ` pages below "
        "the front matter",
    ),
    "non-UTF-8": (
        {"01-m.md": module("Intro.\n\nCaf\xe9.\n").encode("cp1252")},
        COURSE,
        "modules/01-m.md:8: is not UTF-8 text: save the file as UTF-8",
    ),
    "too many options": (
        {"01-m.md": module("::: question\nQ?\n\n- [x] a\n" + "- [ ] b\n" * 26 + ":::\n")},
        COURSE,
        "modules/01-m.md:6: question has 27 options; at most 26",
    ),
    "malformed question id": (
        {"01-m.md": module(QUESTION.replace("question", "question id=Q1"))},
        COURSE,
        "modules/01-m.md:6: question id 'Q1' is not valid: use lowercase letters, digits and "
        "hyphens, at most 64 characters",
    ),
    "malformed module id": (
        {"01-m.md": module(id="Module 1")},
        COURSE,
        "modules/01-m.md:2: `id` 'Module 1' is not a valid id: use lowercase letters, digits and "
        "hyphens (for example `child-protection`), at most 64 characters",
    ),
    "raw HTML": (
        {"01-m.md": module("Intro.\n\n<iframe src='x'></iframe>\n")},
        COURSE,
        "modules/01-m.md:8: raw HTML is not allowed (<iframe>): write Markdown instead "
        "(comments are fine)",
    ),
    "script link": (
        {"01-m.md": module("[Click](javascript:alert(1))\n")},
        COURSE,
        "modules/01-m.md:6: 'javascript:alert(1)': script and data links are not allowed; link "
        "to a page",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_error_is_reported_with_its_line_and_nothing_is_written(tmp_path, case):
    modules, course, expected = CASES[case]
    write_project(tmp_path, modules, course)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "earlier-good.zip").write_bytes(b"earlier output")
    result = run_cli("build", "--scorm", "all", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert expected in lines, result.stderr
    assert lines[-1].endswith("; nothing was written")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert [(p.name, p.read_bytes()) for p in dist.iterdir()] == [
        ("earlier-good.zip", b"earlier output")
    ]


def test_every_problem_of_a_run_in_one_go(tmp_path):
    write_project(
        tmp_path,
        {
            "01-a.md": module("Intro.\n\n![x](x.png)\n", typo=1),
            "02-b.md": module(QUESTION.replace("[x]", "[ ]"), id="b"),
            "03-c.md": module("", id="c"),
        },
        COURSE + "colour: red\n",
    )
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "course.yml:6: `colour` 'red' must be a hex colour like #1d70b8",
        "modules/01-a.md:5: unknown key `typo` (allowed: id, title, minutes, description, "
        "pass_mark, shuffle, draw, draw_per_objective, objectives)",
        "modules/01-a.md:9: file not found: x.png (the path is relative to modules/)",
        "modules/02-b.md:6: question has no correct option (mark one with [x])",
        "modules/03-c.md:5: module has no content: write its opening text and `## ` pages below "
        "the front matter",
        "5 problems; nothing was written",
    ]
    assert not Path(tmp_path / "dist").exists()


def test_no_course_file(tmp_path):
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "course.yml: not found: run the build from the folder that holds course.yml"
    )
