"""A large course built in several processes gives exactly what one process gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from builder_project import QUESTION, module, run_cli, write_project

from builder.build import build_course
from builder.errors import BuildError
from builder.workers import PARALLEL_FROM, processes_for


def large_course(root: Path, broken: tuple[int, ...] = ()) -> Path:
    """PARALLEL_FROM modules (so the default build is parallel); `broken` ones have errors."""
    modules = {}
    for number in range(1, PARALLEL_FROM + 1):
        body = f"Opening {number}.\n\n## Page\n\nText {number}.\n\n{QUESTION}"
        if number in broken:
            body += "\nA <b>tag</b>.\n\n[A link](javascript:alert(1))\n"
        modules[f"{number:02d}-m.md"] = module(body, id=f"m{number}", title=f"Module {number}")
    return write_project(root, modules)


def files(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_the_default_is_one_process_per_core_for_a_large_course_only():
    assert processes_for(PARALLEL_FROM - 1, None) == 1
    assert processes_for(3, 8) == 3  # never more processes than modules
    assert processes_for(PARALLEL_FROM, 1) == 1


def test_two_processes_write_the_same_files_as_one(tmp_path):
    root = large_course(tmp_path / "course")
    one = build_course(root, tmp_path / "one", ["1.2", "2004"], jobs=1)
    two = build_course(root, tmp_path / "two", ["1.2", "2004"], jobs=2)
    assert len(files(tmp_path / "one")) == 3 * 2 * PARALLEL_FROM
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert [(p.path.name, p.scorm, p.size, p.module) for p in one] == [
        (p.path.name, p.scorm, p.size, p.module) for p in two
    ]


def test_two_processes_report_the_same_problems_in_the_same_order(tmp_path, monkeypatch):
    root = large_course(tmp_path / "course", broken=(3, 17))
    monkeypatch.chdir(root)  # problems name files from here
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / "earlier.zip").write_bytes(b"kept")
    reports = []
    for jobs in (1, 2):
        with pytest.raises(BuildError) as raised:
            build_course(root, tmp_path / "dist", ["1.2"], jobs=jobs)
        reports.append([str(problem) for problem in raised.value.problems])
    assert reports[0] == reports[1]
    assert [line.split(":")[0] for line in reports[0]] == [
        "modules/03-m.md",
        "modules/03-m.md",
        "modules/17-m.md",
        "modules/17-m.md",
    ]
    assert files(tmp_path / "dist") == {"earlier.zip": b"kept"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "dist"]  # no staging left


def test_the_cli_builds_in_parallel_and_refuses_a_bad_jobs_value(tmp_path):
    root = large_course(tmp_path)
    result = run_cli("build", "--jobs", "2", "-q", cwd=root)
    assert result.returncode == 0, result.stderr
    assert len(list((root / "dist").glob("*.zip"))) == PARALLEL_FROM
    result = run_cli("check", cwd=root)  # read one process per core too
    assert result.returncode == 0, result.stderr
    assert (
        result.stdout.count("questions in the pool") + result.stdout.count("question in the pool")
        == PARALLEL_FROM
    )
    for value in ("0", "two"):
        result = run_cli("build", "--jobs", value, cwd=root)
        assert result.returncode == 2
        assert f"argument --jobs: {value!r} is not a whole number of 1 or more" in result.stderr
