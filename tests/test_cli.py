"""The command line, run as a user would: `python -m builder …`."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from builder_project import (
    EVERY_CONSTRUCT,
    FIXTURE_MODULES,
    ROOT,
    module,
    run_cli,
    write_project,
)

ESCAPE = "\033["
QUIET_QUESTION = """\
::: question
Who should you tell?

- [ ] No one
- [x] Your named person
- [ ] The child's parents, first
:::
"""  # nothing gives its answer away, so the question-quality check stays quiet


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["new"]])
def test_help_of_every_command_has_examples(tmp_path, command):
    result = run_cli(*command, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout.startswith(f"usage: scorm-builder {' '.join(command)}".rstrip())
    assert "examples:\n  scorm-builder " + (command[0] if command else "") in result.stdout
    assert result.stderr == ""


def test_main_help_lists_every_command(tmp_path):
    out = run_cli("--help", cwd=tmp_path).stdout
    for command in ("build", "validate", "new", "preview"):
        assert re.search(rf"^    {command} +\S", out, re.MULTILINE)


def test_preview_help_is_the_preview_servers(tmp_path):
    result = run_cli("preview", "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "--port" in result.stdout


@pytest.mark.parametrize(
    "args", [[], ["frobnicate"], ["build", "--scorm", "3"], ["validate"], ["new"], ["build", "x"]]
)
def test_wrong_usage_exits_2(tmp_path, args):
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert "usage: scorm-builder" in result.stderr
    assert "Traceback" not in result.stderr


def test_build_prints_one_line_per_package_and_the_time(tmp_path):
    shutil.copytree(EVERY_CONSTRUCT, tmp_path / "course")
    result = run_cli("build", "--scorm", "all", cwd=tmp_path / "course")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2 * FIXTURE_MODULES + 1
    assert re.fullmatch(
        r"dist/fixture-course-every-construct-scorm12\.zip  \d+\.\d KB  4 pages  4 questions",
        lines[0],
    )
    assert re.fullmatch(
        r"dist/fixture-course-no-questions-scorm2004\.zip  \d+\.\d KB  3 pages  0 questions",
        lines[3],
    )
    assert re.fullmatch(rf"Built {2 * FIXTURE_MODULES} packages in \d+\.\d\d s", lines[-1])
    assert ESCAPE not in result.stdout, "no colour when not on a terminal"
    written = {p.name for p in (tmp_path / "course" / "dist").iterdir()}
    assert len(written) == 3 * 2 * FIXTURE_MODULES
    assert {
        f"fixture-course-{module}-{version}.{kind}"
        for module in ("every-construct", "no-questions")
        for version in ("scorm12", "scorm2004")
        for kind in ("moodle.txt", "trainer.html", "zip")
    } <= written


def test_default_version_comes_from_course_yml(tmp_path):
    write_project(tmp_path, {"01-m.md": module(QUIET_QUESTION)})
    with (tmp_path / "course.yml").open("a") as course:
        course.write('scorm: "2004"\n')
    assert run_cli("build", "--quiet", cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in (tmp_path / "dist").iterdir()) == [
        "test-course-mod-scorm2004.moodle.txt",
        "test-course-mod-scorm2004.trainer.html",
        "test-course-mod-scorm2004.zip",
    ]


def test_quiet_modules_and_out(tmp_path):
    write_project(tmp_path, {})
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "01-m.md").write_text(module(QUIET_QUESTION))
    result = run_cli("build", "--quiet", "--modules", "drafts", "--out", "packages", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert sorted(p.name for p in (tmp_path / "packages").iterdir()) == [
        "test-course-mod-scorm12.moodle.txt",
        "test-course-mod-scorm12.trainer.html",
        "test-course-mod-scorm12.zip",
    ]
    assert not (tmp_path / "dist").exists()


def test_progress_lines_on_long_builds(tmp_path):
    modules = {f"{n:02d}-m.md": module(id=f"m{n}") for n in range(1, 22)}
    write_project(tmp_path, modules)
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    progress = result.stderr.splitlines()
    assert progress[0] == "[ 1/21] modules/01-m.md"
    assert progress[-1] == "[21/21] modules/21-m.md"
    assert len(result.stdout.splitlines()) == 22
    short = run_cli("build", cwd=write_project(tmp_path / "short", {"01-m.md": module()}))
    assert short.stderr == ""


def test_new_writes_a_module_that_builds(tmp_path):
    write_project(tmp_path, {})
    first = run_cli("new", "Recognising abuse: the signs", cwd=tmp_path)
    assert (first.returncode, first.stdout) == (
        0,
        "Created modules/01-recognising-abuse-the-signs.md\n",
    )
    second = run_cli("new", "Sharing information", cwd=tmp_path)
    assert second.stdout == "Created modules/02-sharing-information.md\n"
    text = (tmp_path / "modules" / "01-recognising-abuse-the-signs.md").read_text()
    assert 'id: recognising-abuse-the-signs\ntitle: "Recognising abuse: the signs"\n' in text
    built = run_cli("build", "--scorm", "all", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert len(list((tmp_path / "dist").glob("*.zip"))) == 4
    validated = run_cli("validate", *map(str, (tmp_path / "dist").glob("*.zip")), cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr


def test_new_refuses_a_title_in_use_and_an_empty_title(tmp_path):
    write_project(tmp_path, {"07-sharing.md": module()})
    again = run_cli("new", "Sharing", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr == "modules/07-sharing.md: a module with this title exists already\n"
    empty = run_cli("new", "!!!", cwd=tmp_path)
    assert empty.returncode == 1 and "needs some letters or digits" in empty.stderr
    assert run_cli("new", "Next one", cwd=tmp_path).stdout == "Created modules/08-next-one.md\n"


def test_validate_reports_each_package(tmp_path):
    shutil.copytree(EVERY_CONSTRUCT, tmp_path / "course")
    assert run_cli("build", "--quiet", cwd=tmp_path / "course").returncode == 0
    good = sorted((tmp_path / "course" / "dist").glob("*.zip"))
    bad = tmp_path / "broken.zip"
    bad.write_bytes(b"not a zip")
    ok = run_cli("validate", *map(str, good), cwd=tmp_path)
    assert ok.returncode == 0
    assert ok.stdout.count(": valid\n") == FIXTURE_MODULES
    mixed = run_cli("validate", str(good[0]), "broken.zip", cwd=tmp_path)
    assert mixed.returncode == 1
    assert mixed.stderr.startswith("broken.zip: ")
    assert "Traceback" not in mixed.stderr


def test_problems_go_to_stderr_with_a_count(tmp_path):
    write_project(tmp_path, {"01-m.md": module("Intro <b>x</b>.\n\n![a](nope.png)\n")})
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "modules/01-m.md:6: raw HTML is not allowed (<b>): write Markdown instead "
        "(comments are fine)",
        "modules/01-m.md:8: file not found: nope.png (the path is relative to modules/)",
        "2 problems; nothing was written",
    ]
    assert not Path(tmp_path / "dist").exists()


def test_an_unwritable_output_folder_is_one_line(tmp_path):
    write_project(tmp_path, {"01-m.md": module()})
    (tmp_path / "dist").write_text("a file, not a folder")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "dist: cannot build: File exists\n"


def test_a_package_that_cannot_be_written_is_named(tmp_path):
    write_project(tmp_path, {"01-m.md": module()})
    (tmp_path / "dist" / "test-course-mod-scorm12.zip").mkdir(parents=True)
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "dist/test-course-mod-scorm12.zip: cannot build: Is a directory\n"
    assert [p.name for p in (tmp_path / "dist").iterdir()] == ["test-course-mod-scorm12.zip"]


def test_colour_only_on_a_terminal(tmp_path):
    write_project(tmp_path, {"01-m.md": module()})
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    process = subprocess.run(
        [sys.executable, "-m", "builder", "build"],
        cwd=tmp_path,
        env={**environment, "PYTHONPATH": str(ROOT)},
        stdout=follower,
        stderr=follower,
        timeout=120,
    )
    os.close(follower)
    output = os.read(leader, 65536).decode()
    os.close(leader)
    assert process.returncode == 0
    assert "\033[32mBuilt 1 package in " in output
