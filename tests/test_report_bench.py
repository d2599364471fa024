"""The report benchmark runs end to end on a small export and prints every format's figures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_report_bench_runs_on_a_small_export(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            "bench/report_bench.py",
            "--learners",
            "20",
            "--questions",
            "5",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "20 learners" in done.stdout and "22 attempt rows" in done.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert list(figures)[:3] == ["tab-separated text", "Excel (.xlsx)", "ODS"]
    assert all(f["peak_mib"] > 10 and f["cpu_seconds"] > 0 for f in figures.values())
