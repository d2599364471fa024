"""The question-quality check: cues that give answers away, and simulated test-wise learners,
on two real fixture modules (one written with every cue, one without) and on the CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.check import check_module
from builder.check.testwise import STRATEGIES
from builder.course import load_course

FIXTURES = Path(__file__).parent / "fixtures" / "check"


def checked(name: str):
    return check_module(load_course(FIXTURES / name).modules[0])


def scorm_builder(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "builder", *args], cwd=cwd, capture_output=True, text=True
    )


def test_each_strategy_scores_what_it_would_on_the_give_away_module():
    scores = checked("giveaway").scores
    # q1-q3: the answer is the longest and the only one with practice words; q4: an absolute
    # statement that is False; q5: the two long, practice-sounding options are the answer.
    assert scores["longest"] == pytest.approx(100 * (3 + 0.5 + 1) / 5)
    assert scores["shortest"] == pytest.approx(100 * 0.5 / 5)
    assert scores["keyword"] == pytest.approx(100)
    assert scores["combined"] == pytest.approx(100)
    assert scores["absolute-false"] == pytest.approx(100 * (3 / 3 + 1) / 5)
    assert scores["first"] == pytest.approx(100 * 1 / 5)  # shuffle is off: q3's answer is first
    assert scores["random"] == pytest.approx(100 * (3 / 3 + 0.5 + 1 / 7) / 5)


def test_the_give_away_module_is_flagged_with_lines_and_fixes():
    result = checked("giveaway")
    text = "\n".join(str(w) for w in result.warnings)
    path = "giveaway/modules/01-giveaway.md"
    assert all(w.warning for w in result.warnings)
    assert f"{path}:11: warning: giveaway-q1: the right answer is the longest option" in text
    assert f"{path}:11: warning: the word 'safeguard' is in the right answer of 4 questions" in (
        text
    )
    assert f"{path}:35: warning: giveaway-q4: the statement says 'always'" in text
    assert "giveaway-q5: the right options are listed first and shuffle is off" in text
    assert "options range from 5 to" in text
    assert "not written like the answer" not in text  # every option is a full sentence
    for name in ("longest", "keyword", "combined"):
        assert f"a learner who {STRATEGIES[name]} would expect to score" in text


def test_the_balanced_module_has_no_cue_and_every_strategy_fails():
    result = checked("balanced")
    assert [str(w) for w in result.warnings] == []
    assert set(result.scores) == set(STRATEGIES)
    assert all(score < 80 for score in result.scores.values()), result.scores


def test_a_shuffled_first_option_is_a_guess_but_a_pinned_one_is_not(tmp_path):
    project = tmp_path / "course"
    shutil.copytree(FIXTURES / "balanced", project)
    module = project / "modules" / "01-balanced.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(
        text.replace(
            "- [ ] At the next home visit, once she has seen the baby a second time.",
            "- [x] At the next home visit, once she has seen the baby a second time. {pinned}",
        ).replace("- [x] The same day,", "- [ ] The same day,"),
        encoding="utf-8",
    )
    scores = check_module(load_course(project).modules[0]).scores
    # q1's pinned first option is now the answer: "first" always gets it; the others are
    # shuffled, so "first" is a one-in-three guess on q2 and q3; true/false shows True first.
    assert scores["first"] == pytest.approx(100 * (1 + 1 / 3 + 1 / 3 + 1 + 1 + 0) / 6)


def test_check_command_reports_and_strict_fails_on_warnings():
    loose = scorm_builder(FIXTURES / "giveaway", "check")
    assert loose.returncode == 0, loose.stderr
    assert "modules/01-giveaway.md: giveaway, 5 questions in the pool, 5 asked" in loose.stdout
    assert " 90.0%  a learner who always picks the longest option  ← reaches the pass mark" in (
        loose.stdout
    )
    strict = scorm_builder(FIXTURES / "giveaway", "check", "--strict")
    assert strict.returncode == 1
    clean = scorm_builder(FIXTURES / "balanced", "check", "--strict")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.strip().endswith("0 warnings")


def test_build_prints_the_warnings_and_strict_writes_nothing(tmp_path):
    out = tmp_path / "dist"
    built = scorm_builder(FIXTURES / "giveaway", "build", "--out", str(out))
    assert built.returncode == 0, built.stderr
    assert "modules/01-giveaway.md:11: warning: giveaway-q1:" in built.stderr
    assert [p.name for p in out.glob("*.zip")] == ["check-giveaway-giveaway-scorm12.zip"]
    shutil.rmtree(out)
    strict = scorm_builder(FIXTURES / "giveaway", "build", "--strict", "--out", str(out))
    assert strict.returncode == 1
    assert "nothing was written" in strict.stderr
    assert not out.exists()
