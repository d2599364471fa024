"""`scorm-builder report` as a trainer runs it: what is written, what is skipped and why, and
a clear error for a download that does not fit the course."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from builder_project import run_cli
from report_fixtures import COURSE, EXPORTS, PER_LEARNER, downloads

NAMES = ("Bea Brown", "Alex Archer", "student3@example.invalid")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """A copy of the course that built the downloads, to run the command in (or break)."""
    return Path(shutil.copytree(COURSE, tmp_path / "course"))


def test_writes_the_report_and_csv_naming_nobody(course: Path, tmp_path: Path) -> None:
    files = [str(p) for p in downloads("children-scorm12", "csv")]
    result = run_cli("report", *files, "--csv", str(tmp_path / "csv"), cwd=course)
    assert result.returncode == 0, result.stderr
    assert "report.html: 1 module from 3 downloads" in result.stdout
    page = (course / "report.html").read_text(encoding="utf-8")
    assert "children-q5" in page and "Which TWO of these are key messages" in page
    assert not any(name in page for name in NAMES)
    with (tmp_path / "csv" / "questions.csv").open(encoding="utf-8") as stream:
        rows = {row["question"]: row for row in csv.DictReader(stream)}
    assert rows["children-q3"]["right at first try"] == "5"
    assert rows["children-q3"]["right in the end"] == "6"
    assert not (tmp_path / "csv" / "learners-children.csv").exists()


def test_names_only_when_asked(course: Path, tmp_path: Path) -> None:
    files = [str(p) for p in downloads("children-scorm12", "excel")]
    out = tmp_path / "named.html"
    result = run_cli("report", *files, "--names", "--out", str(out), "--csv", "t", cwd=course)
    assert result.returncode == 0, result.stderr
    assert "Bea Brown" in out.read_text(encoding="utf-8")
    assert "This report names learners" in out.read_text(encoding="utf-8")
    assert (course / "t" / "learners-children.csv").is_file()


def test_help_says_why_names_are_off(course: Path) -> None:
    result = run_cli("report", "--help", cwd=course)
    assert "--names" in result.stdout and "safeguarding teams share these reports" in " ".join(
        result.stdout.split()
    )


def test_unusable_downloads_are_named_and_skipped_with_the_reason(course: Path) -> None:
    empty = PER_LEARNER / "children-scorm2004_userreportinteractions_student1_attempt1_csv.csv"
    lossy = PER_LEARNER / "children-scorm12_userreportinteractions_student1_attempt1_csv.csv"
    pdf = PER_LEARNER / "children-scorm12_userreporttracks_student2_attempt1_pdf.pdf"
    basic = EXPORTS / "children-scorm12_basic_default_csv.txt"
    ids_off = EXPORTS / "children-scorm12_interactions_default_ods.ods"
    usable = EXPORTS / "children-scorm12_interactions_all-options_csv.txt"
    files = [empty, lossy, pdf, basic, ids_off, usable]
    result = run_cli("report", *map(str, files), cwd=course)
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert f"{empty}: skipped: it has no rows (Moodle's per-learner Interactions download" in err
    assert f"{lossy}: skipped: Moodle's per-learner Interactions download keeps" in err
    assert f"{pdf}: skipped: a PDF download is for printing" in err
    assert f"{basic}: skipped: it has no column naming the module" in err
    assert f'{ids_off}: skipped: Interactions report without the question ids: tick "Summary' in err
    assert "1 module from 1 download" in result.stdout


def test_nothing_usable_is_an_error(course: Path) -> None:
    empty = PER_LEARNER / "children-scorm2004_userreportinteractions_student1_attempt1_csv.csv"
    result = run_cli("report", str(empty), cwd=course)
    assert result.returncode == 1
    assert "none of the downloads could be used" in result.stderr
    assert "no report was written" in result.stderr
    assert not (course / "report.html").exists()


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_right_answer_is_an_error_naming_file_and_row(course: Path) -> None:
    module = course / "modules" / "01-children.md"
    replace(module, "- [x] Write down what she has seen", "- [ ] Write down what she has seen")
    replace(
        module,
        "- [ ] Wait until the child's next review",
        "- [x] Wait until the child's next review",
    )
    interactions = EXPORTS / "children-scorm12_interactions_all-options_csv.txt"
    result = run_cli("report", str(interactions), cwd=course)
    assert result.returncode == 1
    assert f"{interactions}:3: Moodle's right answer to children-q3 is 'b', the course's " in (
        result.stderr
    )
    assert "another version of the module" in result.stderr


def test_an_unknown_question_id_is_an_error(course: Path) -> None:
    replace(course / "modules" / "01-children.md", "id=children-q6", "id=children-teens")
    track = PER_LEARNER / "children-scorm2004_userreporttracks_student6_attempt1_csv.csv"
    result = run_cli("report", str(track), cwd=course)
    assert result.returncode == 1
    assert "question ids children-q6 are not the questions of one module" in result.stderr


def test_a_download_of_another_course_is_an_error(course: Path) -> None:
    replace(course / "modules" / "01-children.md", "title: Children", "title: Young people")
    basic = EXPORTS / "children-scorm12_basic_detailed_csv.txt"
    result = run_cli("report", str(basic), "--course", str(course), cwd=course.parent)
    assert result.returncode == 1
    assert f"{basic}: the column 'Children' (the SCO title) is no module of the course" in (
        result.stderr
    )


def test_two_activities_of_one_module_are_reported_each_on_its_own(course: Path) -> None:
    files = [
        EXPORTS / "children-scorm12_basic_detailed_csv.txt",
        EXPORTS / "children-scorm2004_basic_detailed_ods.ods",
    ]
    result = run_cli("report", *map(str, files), cwd=course)
    assert result.returncode == 0, result.stderr
    assert "report.html: 2 modules from 2 downloads" in result.stdout
    page = (course / "report.html").read_text(encoding="utf-8")
    assert '<h2 id="module-children-1">Children (activity 1)</h2>' in page
    assert '<h2 id="module-children-2">Children (activity 2)</h2>' in page


def test_the_sample_report_in_the_docs_is_current(tmp_path: Path) -> None:
    root = COURSE.parents[2].parent
    folder = "tests/fixtures/moodle-exports/exports"
    files = [
        f"{folder}/teacher1/children-scorm12_interactions_all-options_csv.txt",
        f"{folder}/teacher1/families-scorm2004_interactions_all-options_csv.txt",
        *sorted(
            str(path.relative_to(root))
            for path in PER_LEARNER.glob("families-scorm2004_userreporttracks_*_csv.csv")
        ),
    ]
    course = str(COURSE.relative_to(root))
    out = tmp_path / "sample.html"
    result = run_cli("report", *files, "--course", course, "--out", str(out), cwd=root)
    assert result.returncode == 0, result.stderr
    sample = (root / "docs" / "sample-report.html").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == sample, "regenerate docs/sample-report.html"
