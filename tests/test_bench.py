"""Smoke test of the benchmark: at its smallest size it finishes and prints the table.

Budgets are reported by `bench/run.py`, never asserted here (timings depend on the machine).
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from builder.build import build_course
from builder.validate import validate_package

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "run.py"


def load_bench() -> ModuleType:
    """bench/run.py as a module (it is a script, not part of the package)."""
    spec = importlib.util.spec_from_file_location("bench_run", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_run"] = module
    spec.loader.exec_module(module)
    return module


def test_quick_run_prints_the_table_and_json(tmp_path: Path) -> None:
    report = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json", str(report)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for heading in ("Builds (whole process)", "Packages of the course", "Budgets (reported"):
        assert heading in result.stdout
    assert "first contentful paint" in result.stdout
    figures = json.loads(report.read_text(encoding="utf-8"))
    (build,) = figures["builds"]
    assert build["exit_status"] == 0 and build["packages"] == 2 * build["modules"]
    assert build["wall_s"] > 0 and build["peak_mib"] > 0
    assert len(figures["packages"]) == build["packages"]
    assert all(p["unpacked_bytes"] > p["zip_bytes"] > 0 for p in figures["packages"])
    assert figures["runtime_js_bytes"] > 0 and figures["runtime_css_bytes"] > 0
    assert [b["scorm"] for b in figures["browser"]] == ["1.2", "2004"]
    budgets = {b["name"].split(" (")[0]: b for b in figures["budgets"]}
    assert set(budgets) == {
        "module package, zipped",
        "course build",
        "first contentful paint, median",
        "speed rule: LCP vs a minimal SCO",
        "requests to another host",
    }
    assert all(isinstance(b["met"], bool) and b["measured"] for b in budgets.values())
    for browser in figures["browser"]:
        assert len(browser["fcp_ms_all"]) == browser["loads"] == 3
        assert browser["fcp_ms_median"] > 0 and browser["baseline_fcp_ms_median"] > 0
        assert browser["run_completed"], "the scripted run never reached the summary"
        assert browser["finished"] and browser["commits"] > 0
        rule = browser["speed_rule"]
        assert rule["pairs"] == 3 and len(rule["module_lcp_ms_all"]) == 3
        assert rule["module_lcp_ms_median"] > 0 and rule["minimal_lcp_ms_median"] > 0


def test_the_minimal_sco_shows_the_modules_opening_view(tmp_path: Path) -> None:
    """The speed rule's minimal SCO: the cover and the opening page's text, none of what the
    first paint hides, no stylesheet or classes, and the LMS started as it is parsed."""
    from lms_harness import build_packages, real_module_ids
    from lxml import html
    from speed_rule import write_minimal_sco

    module = real_module_ids()[0]
    folder = build_packages(ROOT, tmp_path, only=module)[f"{module}@2004"]
    write_minimal_sco(tmp_path / "minimal.html", "2004", folder / "index.html")
    minimal = (tmp_path / "minimal.html").read_text(encoding="utf-8")
    launch = html.parse(str(folder / "index.html"))
    shown = [launch.find(".//header//h1"), launch.find(".//section[@data-page='0']//p")]
    for element in shown:
        assert element.text_content().strip() in html.fromstring(minimal).text_content()
    assert "<style" not in minimal and "class=" not in minimal and "hidden" not in minimal
    assert 'api[name === "API" ? "LMSInitialize" : "Initialize"]("")' in minimal
    assert 'const name = "API_1484_11"' in minimal


def test_generated_modules_are_valid_course_material(tmp_path: Path) -> None:
    """The synthetic modules the benchmark times are real, valid modules with questions."""
    bench = load_bench()
    bench.write_synthetic_course(tmp_path, 3)
    built = build_course(tmp_path, tmp_path / "dist", ["1.2"])
    assert len(built) == 3
    for package in built:
        assert len(package.module.pages) == 7
        kinds = [q.kind for q in package.module.questions]
        assert kinds == ["choice", "multiple", "true-false", "choice"]
        assert validate_package(package.path) == []


def test_sizes_option() -> None:
    bench = load_bench()
    assert bench.parse_sizes("0,100,1000") == [0, 100, 1000]
    assert bench.parse_sizes("0") == [0]
