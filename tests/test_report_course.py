"""`scorm-builder report` given every download of a course at once, as a trainer does: each
Moodle activity (a module's SCORM 1.2 and 2004 packages are two) reported on its own, Moodle's
Graph download skipped, one error per pair of files that disagree, and discrimination judged
only with enough learners."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from builder_project import run_cli
from report_fixtures import ACTIVITIES, COURSE, EXPORTS, PER_LEARNER, expected
from test_report import check_answers

from builder.course import load_course
from builder.report import make_report
from builder.report.stats import MIN_R, flags

EVERY = sorted(
    path
    for folder in (EXPORTS, PER_LEARNER)
    for path in folder.iterdir()
    if path.name != "index.json"  # the fixtures' own list of files, not a Moodle download
)


def test_every_download_of_the_course_reports_each_activity_on_its_own() -> None:
    report = make_report(load_course(COURSE), EVERY)
    by_key = {stats.data.key: stats for stats in report.modules}
    assert sorted(by_key) == sorted(a.replace(".", "") for a in ACTIVITIES)
    for activity in ACTIVITIES:
        stats = by_key[activity]
        version = "1.2" if activity.endswith("12") else "2004"
        assert stats.data.title == f"{stats.data.module.title} (SCORM {version})"
        check_answers(stats, activity)
        want = expected(activity)
        assert stats.passed == len(want.passed), activity
        assert stats.started == len(want.started), activity
    graphs = [reason for path, reason in report.skipped if path.name.endswith("chart-data.json")]
    assert len(graphs) == 4
    assert all(reason.startswith("Moodle's Graph report download holds only") for reason in graphs)
    assert ">Children (SCORM 2004)</h2>" in report.html and "None" not in report.html


def test_the_command_on_every_download_writes_one_report(tmp_path: Path) -> None:
    root = COURSE.parents[3]
    files = [str(path.relative_to(root)) for path in EVERY]
    out = tmp_path / "all.html"
    result = run_cli("report", *files, "--course", str(COURSE), "--out", str(out), cwd=root)
    assert result.returncode == 0, result.stderr
    assert "4 modules from 78 downloads" in result.stdout
    assert all(": skipped: " in line for line in result.stderr.splitlines()), result.stderr
    assert "graphs_chart-data.json: skipped: Moodle's Graph report download" in result.stderr


def test_two_modules_together() -> None:
    files = [
        EXPORTS / "children-scorm12_interactions_all-options_excel.xlsx",
        EXPORTS / "families-scorm12_interactions_all-options_ods.ods",
    ]
    report = make_report(load_course(COURSE), files)
    assert [(s.data.key, s.data.title) for s in report.modules] == [
        ("children", "Children"),
        ("families", "Families"),
    ]
    activities = ("children-scorm12", "families-scorm12")
    for stats, activity in zip(report.modules, activities, strict=True):
        check_answers(stats, activity)


def test_files_that_disagree_on_some_attempts_are_one_error(tmp_path: Path) -> None:
    basic = Path(shutil.copy(EXPORTS / "children-scorm12_basic_detailed_csv.txt", tmp_path))
    text = basic.read_text(encoding="utf-8")
    changes = (('8:01 PM"\t0\tIncomplete', '8:01 PM"\t67\t67/100'), ("100\t100/100", "50\t50/100"))
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    basic.write_text(text, encoding="utf-8")
    interactions = EXPORTS / "children-scorm12_interactions_all-options_csv.txt"
    result = run_cli("report", str(interactions), str(basic), "--course", str(COURSE), cwd=tmp_path)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if "no report was written" not in line]
    assert errors == [
        f"{basic.name}:3: Gus Green, attempt 1: score 67, started 'Tuesday, 1 December 2026,"
        " 8:01 PM' here, but no score, started 'Tuesday, 1 December 2026, 8:01 PM' in"
        f" {interactions}"
        " (and 1 more row), which lists the other attempts alike: download both again from the"
        " same activity, at the same time"
    ]
    assert "None" not in result.stderr and "one activity at a time" not in result.stderr


def test_discrimination_is_judged_only_with_enough_learners() -> None:
    files = [EXPORTS / "children-scorm12_interactions_all-options_csv.txt"]
    report = make_report(load_course(COURSE), files)
    items = report.modules[0].items
    assert all(item.answered < MIN_R for item in items)
    assert not any("discrimination" in flag for item in items for flag in item.flags)
    assert "Too few learners to judge discrimination: it needs at least 20" in report.html
    many = dataclasses.replace(items[0], answered=MIN_R)
    low = flags(dataclasses.replace(many, discrimination=-0.09))
    assert [f for f in low if "discrim" in f] == [
        "Low discrimination (r = -0.09): stronger and weaker learners did about as well on it."
    ]
    negative = flags(dataclasses.replace(many, discrimination=-0.25))
    assert any(f.startswith("Negative discrimination (r = -0.25)") for f in negative)
    assert not any("discrim" in f for f in flags(dataclasses.replace(many, discrimination=0.3)))


def test_a_course_without_key_messages_says_so_in_a_trainers_words() -> None:
    files = [EXPORTS / "children-scorm12_interactions_all-options_csv.txt"]
    page = make_report(load_course(COURSE), files).html
    assert (
        "The course does not link its questions to key messages, so this report shows "
        "questions only; ask the course author to add them." in page
    )
    assert "objectives:" not in page and "front matter" not in page


def test_axe_finds_nothing_on_the_whole_course_report(tmp_path: Path, page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    path = tmp_path / "report.html"
    path.write_text(make_report(load_course(COURSE), EVERY).html, encoding="utf-8")
    page.goto(path.as_uri())
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


def test_track_details_that_fit_two_activities_are_one_error(tmp_path: Path) -> None:
    basics = [
        EXPORTS / f"{a}_basic_detailed_csv.txt" for a in ("children-scorm12", "children-scorm2004")
    ]
    tracks = sorted(PER_LEARNER.glob("children-scorm2004_userreporttracks_*_csv.csv"))
    result = run_cli("report", *map(str, basics + tracks), "--course", str(COURSE), cwd=tmp_path)
    assert result.returncode == 1
    errors = result.stderr.splitlines()[:-1]
    assert len(errors) == 1, errors
    assert f"(and {len(tracks) - 1} more Track details files) is from (activity 1: " in errors[0]
    assert "add the Interactions report of the SCORM 1.2 activity" in errors[0]
