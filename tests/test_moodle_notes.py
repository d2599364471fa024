"""The per-package Moodle settings text: pass mark, version, counts and settings (the answer
key is in the trainer pack, tests/test_trainer_pack.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.course import load_course
from builder.model import Course
from builder.moodle_notes import moodle_notes, questions_needed

COURSE_YML = """\
id: notes-course
title: Notes course
organisation: Test Safeguarding Partnership
language: en-GB
pass_mark: 80
"""

QUIZ = """\
---
id: quiz
title: Recognising concerns
description: Spotting the signs that a child needs help, and who to tell.
minutes: 12
pass_mark: 70
---

Opening text.

## Questions

::: question
Who should you tell first?

- [ ] Nobody
  > Never keep a concern to yourself.
- [x] Your safeguarding lead
- [ ] The child's parents

Always follow your procedure.
:::

::: question id=signs-of-neglect
Which TWO are signs of neglect?

- [x] Often hungry
- [ ] New shoes
- [x] Missed health checks
:::

::: question id=babies-at-risk
Babies under 1 are the age group most at risk.

- [x] True
- [ ] False
:::

## Key points

- Tell your lead.
"""

POOL = QUIZ.replace("pass_mark: 70", "pass_mark: 80\ndraw: 2").replace("id: quiz", "id: pool")

READING = """\
---
id: reading
title: Reading only
minutes: 5
---

Just reading.

## More

Still reading.
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    root: Path = tmp_path_factory.mktemp("notes")
    (root / "course.yml").write_text(COURSE_YML, encoding="utf-8")
    (root / "modules").mkdir()
    (root / "modules" / "01-quiz.md").write_text(QUIZ, encoding="utf-8")
    (root / "modules" / "02-reading.md").write_text(READING, encoding="utf-8")
    (root / "modules" / "03-pool.md").write_text(POOL, encoding="utf-8")
    return load_course(root)


def test_scorm12_notes_give_version_pass_mark_and_counts(course: Course) -> None:
    quiz = course.modules[0]
    text = moodle_notes(course, quiz, "1.2", "notes-course-quiz-scorm12.zip")
    assert 'Moodle settings for "Recognising concerns"' in text
    assert "notes-course-quiz-scorm12.zip" in text
    assert re.search(r"^SCORM\s+1\.2, one learning object", text, re.M)
    assert re.search(r"^Questions\s+3$", text, re.M)
    assert re.search(r"^Pages\s+3$", text, re.M)
    # The module's own pass mark (70) wins over course.yml's 80; 3 questions → 3 needed (67%).
    assert re.search(r"^Pass mark\s+70% \(3 of 3 questions right\)$", text, re.M)
    assert re.search(r"^Typical time\s+12 minutes$", text, re.M)
    assert re.search(r"^  Name \.+ Recognising concerns$", text, re.M)
    assert re.search(r"^  Description \.+ Spotting the signs that a child needs help,", text, re.M)


def test_scorm12_notes_recommend_the_settings_moodle_needs(course: Course) -> None:
    text = moodle_notes(course, course.modules[0], "1.2", "q.zip")
    settings = {
        "Display package": "Current window",
        "Grading method": "Highest grade",
        "Attempts grading": "Highest attempt",
        "Number of attempts": "Unlimited attempts",
        "Mastery score overrides status": "No",
        "Lock after final attempt": "No",
        "Require status": "tick Passed AND Completed",
    }
    for name, value in settings.items():
        assert re.search(rf"^  {re.escape(name)} \.+ {re.escape(value)}$", text, re.M), name
    assert "When previous attempt\n" in text
    assert "module id (quiz) and the question ids unchanged" in text
    assert "completed, passed or failed" in text


def test_trainers_are_sent_to_the_trainer_pack_not_an_answer_key(course: Course) -> None:
    text = moodle_notes(course, course.modules[0], "1.2", "q.zip")
    assert "4. FOR TRAINERS" in text
    assert "Give trainers q.trainer.html (beside this" in text
    assert "Your safeguarding lead" not in text  # no option text: the key is the trainer pack's
    assert "ANSWER KEY" not in text


def test_a_pooled_module_states_the_pass_mark_over_the_questions_asked(course: Course) -> None:
    text = moodle_notes(course, course.modules[2], "1.2", "notes-course-pool-scorm12.zip")
    assert re.search(r"^Questions\s+3, of which each attempt asks 2 at random$", text, re.M)
    assert re.search(r"^Pass mark\s+80% \(2 of 2 questions right\)$", text, re.M)


def test_scorm2004_notes_differ_where_moodle_differs(course: Course) -> None:
    text = moodle_notes(course, course.modules[0], "2004", "notes-course-quiz-scorm2004.zip")
    assert re.search(r"^SCORM\s+2004 4th edition", text, re.M)
    assert "Mastery score overrides status" not in text  # a SCORM 1.2-only setting
    assert re.search(r"^  Require status \.+ tick Passed only$", text, re.M)


def test_module_without_questions_has_no_pass_mark_or_key(course: Course) -> None:
    reading = course.modules[1]
    text = moodle_notes(course, reading, "1.2", "notes-course-reading-scorm12.zip")
    assert re.search(r"^Questions\s+0$", text, re.M)
    assert "no questions; the module is completed when every page is seen" in text
    assert "FOR TRAINERS" not in text
    assert "Description .." not in text  # the module has none
    assert "This module sends no score, so it never receives a grade." in text
    assert "module id (reading) unchanged" in text
    assert re.search(r"^  Require status \.+ tick Passed AND Completed$", text, re.M)


@pytest.mark.parametrize(
    ("questions", "pass_mark", "needed"),
    [(6, 80, 5), (5, 80, 4), (3, 80, 3), (3, 67, 2), (4, 0, 0), (1, 100, 1), (8, 75, 6)],
)
def test_questions_needed_matches_the_rounded_score(
    questions: int, pass_mark: int, needed: int
) -> None:
    assert questions_needed(questions, pass_mark) == needed
