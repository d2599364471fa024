"""`scorm-builder report` on real Moodle 4.5 downloads: every figure against what the learners
did (learner-log.json) and what Moodle stored (tracks/), in every format, for 1.2 and 2004."""

from __future__ import annotations

from collections import Counter

import pytest
from report_fixtures import (
    ACTIVITIES,
    COURSE,
    FORMATS,
    LISTED,
    PER_LEARNER,
    downloads,
    expected,
    module_of,
    tracks,
)

from builder.course import load_course
from builder.model import Course
from builder.report import make_report
from builder.report.model import Learner
from builder.report.stats import ModuleStats


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(COURSE)


def user(learner: Learner) -> str:
    """The Moodle user name: from the e-mail column, or from a Track details file name."""
    return learner.identity[0].split("@")[0] if learner.identity else learner.name


def analysed(course: Course, files: list) -> ModuleStats:
    report = make_report(course, files)
    assert len(report.modules) == 1
    return report.modules[0]


def check_answers(stats: ModuleStats, activity: str) -> None:
    """Each learner's first-try and final result per question, facility and option counts."""
    want = expected(activity)
    first = {(user(r.learner), q): right for r in stats.learners for q, right in r.first.items()}
    final = {(user(r.learner), q): right for r in stats.learners for q, right in r.final.items()}
    assert first == want.first
    assert final == want.final
    for item in stats.items:
        answered = [key for key in want.first if key[1] == item.item.id]
        assert item.answered == len(answered), item.item.id
        assert item.right_first == sum(want.first[key] for key in answered), item.item.id
        assert item.right_final == sum(want.final[key] for key in answered), item.item.id
        chosen = Counter({k: v for k, v in item.chosen.items() if v})
        assert chosen == want.chosen[item.item.id], item.item.id
    tries = {user(r.learner): r.tries_to_pass for r in stats.learners if r.passed}
    assert tries == want.tries_to_pass


@pytest.mark.parametrize("form", FORMATS)
@pytest.mark.parametrize("activity", ACTIVITIES)
def test_figures_match_what_the_learners_did(course: Course, activity: str, form: str) -> None:
    stats = analysed(course, downloads(activity, form))
    want = expected(activity)
    assert stats.data.module.id == module_of(activity)
    assert stats.data.scorm == {"1.2" if activity.endswith("12") else "2004"}
    assert stats.listed == LISTED
    assert stats.started == len(want.started)
    assert stats.completed == len(want.completed)
    assert stats.passed == len(want.passed)
    check_answers(stats, activity)


@pytest.mark.parametrize("activity", ["children-scorm12", "families-scorm12"])
def test_scorm_12_track_details_alone_give_the_same_answers(course: Course, activity) -> None:
    stats = analysed(course, tracks(activity, "csv"))
    check_answers(stats, activity)
    assert stats.passed == len(expected(activity).passed)


@pytest.mark.parametrize("activity", ACTIVITIES)
def test_each_format_of_the_sample_track_details_reads_alike(course: Course, activity) -> None:
    sample = sorted(PER_LEARNER.glob(f"{activity}_userreporttracks_*_json.json"))
    assert len(sample) == 1
    stem = sample[0].name.removesuffix("_json.json")
    results = []
    for form, ext in {"csv": "csv", "json": "json", "excel": "xlsx", "ods": "ods"}.items():
        stats = analysed(course, [PER_LEARNER / f"{stem}_{form}.{ext}"])
        results.append([(r.first, r.final, r.passed) for r in stats.learners])
    assert results[0] and all(result == results[0] for result in results)


def test_median_score_is_of_each_learners_best_attempt(course: Course) -> None:
    stats = analysed(course, downloads("children-scorm12", "csv"))
    # best scores: 83, 100, 83 (50 then 83), 67, 50, 100, 100; the halfway learner has none
    assert stats.median_score == 83


def test_scorm_2004_answers_come_from_track_details(course: Course) -> None:
    report = make_report(course, downloads("children-scorm2004", "csv")[:3])
    assert all(not item.answered for item in report.modules[0].items)
    assert report.modules[0].passed == len(expected("children-scorm2004").passed)
