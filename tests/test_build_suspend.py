"""The worst-case suspend_data length, and the build failing a module that could exceed it."""

from __future__ import annotations

import math

import pytest
from builder_project import module, run_cli, write_project

from builder.build import build_course
from builder.course import load_course
from builder.errors import BuildError
from builder.suspend import LIMIT, worst_case


def questions(count: int, options: int) -> str:
    lines = "".join(f"- [{'x' if n == 0 else ' '}] option {n}\n" for n in range(options))
    return "".join(f"::: question\nQuestion {n}?\n\n{lines}:::\n\n" for n in range(count))


def test_worst_case_matches_the_runtime_format():
    # "S2|" + structure + "|" + seen + "|" + "99" + "|" + draw (none) + "|" + answers
    pages, option_counts = 9, [3, 4, 2]
    seen = "f" * math.ceil(pages / 4)
    answers = ",".join("abcd" + "s" + "abcdefghijklmnopqrstuvwxyz"[:n] for n in option_counts)
    longest = f"S2|abcdef|{seen}|99||{answers}"
    assert worst_case(pages, option_counts) == len(longest)
    assert worst_case(1, []) == len("S2|abcdef|1|99||")


def test_a_module_at_the_limit_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # 127 questions of 26 options, 2 pages: 15 + 1 + 127 * 31 + 126 = 4079 characters
    write_project(tmp_path, {"01-big.md": module(questions(127, 26))})
    (mod,) = load_course(tmp_path).modules
    options = [len(q.options) for q in mod.questions]
    assert worst_case(len(mod.pages), options) == 4079 <= LIMIT
    assert len(build_course(tmp_path, tmp_path / "dist", ["1.2"])) == 1


def test_a_module_over_the_limit_is_a_build_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_project(tmp_path, {"01-big.md": module(questions(128, 26))})
    with pytest.raises(BuildError) as caught:
        load_course(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "modules/01-big.md: saved progress can reach 4111 characters, over SCORM 1.2's limit of "
        "4096 (2 pages, 128 questions, 3328 options): split the module into smaller ones"
    ]
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "modules/01-big.md: saved progress can reach 4111 characters" in result.stderr
    assert not (tmp_path / "dist").exists()
