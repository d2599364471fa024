"""Benchmark: the builder on hostile and worst-case inputs, each within 10 s and 1 GiB.

Usage (from the repository root)::

    python bench/hostile.py                  # every case, a table of the figures
    python bench/hostile.py --only yaml      # the cases whose name contains "yaml"
    python bench/hostile.py --json out.json  # also write the figures as JSON

Each case writes a small project into a temporary folder and runs `python -m builder build`
in its own process: wall time includes the interpreter start, CPU time is the child's user +
system time (the work done, whatever else the machine is running), peak memory is the child's
maximum resident set size (from `wait4`). A case passes when its CPU time and memory are within
the budget and it ends with the exit status it expects and no traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECONDS = 10.0
GIVE_UP = 60.0  # a case still running then is killed (and reported over budget)
MIB = 1024.0
COURSE = "id: hostile\ntitle: Hostile\norganisation: Bench\nlanguage: en-GB\n"
FRONT = "---\nid: m\ntitle: M\nminutes: 5\n---\n"
LAUGHS = "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" if n else 'l0: &l0 "lol"\n'
    for n in range(10)
)
PROSE = (
    "A *health visitor* noticed that the **baby** had missed two checks; see the "
    "[handbook](https://example.org/handbook) and `section 4` for what to do next, and "
    "write down what you saw, in the family's words.\n\n"
)


@dataclass
class Result:
    """One case's figures."""

    name: str
    status: int
    expected: int
    wall_s: float
    cpu_s: float
    peak_mib: float
    first_line: str
    ok: bool


def _project(root: Path, body: str = "Text.\n", front: str = FRONT, course: str = COURSE) -> None:
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text(course, encoding="utf-8")
    (root / "modules" / "01-m.md").write_text(front + body, encoding="utf-8")


def _linked(root: Path, name: str, size: int, data: bytes | None = None) -> None:
    """A module linking one file of `size` bytes: sparse zeros, or `data` repeated."""
    _project(root, f"Text.\n\n[The file](files/{name})\n")
    (root / "modules" / "files").mkdir()
    with (root / "modules" / "files" / name).open("wb") as stream:
        if data is None:
            stream.truncate(size)
        else:
            for _ in range(size // len(data)):
                stream.write(data)


def _csv_block() -> bytes:
    """1 MiB of CSV rows that deflate about 3.5:1."""
    rows = b"".join(b"%d,%d,case-%d\n" % (n, n % 97, n % 13) for n in range(60_000))
    return (rows * 2)[: 1 << 20]


CASES: dict[str, tuple[str, int, Callable[[Path], None]]] = {
    # name: (what it is, expected exit status, writer)
    "yaml-billion-laughs-front-matter": (
        "an alias expanding to 10^9 strings in the front matter",
        1,
        lambda root: _project(root, front="---\n" + LAUGHS + "id: *l9\ntitle: M\n---\n"),
    ),
    "yaml-billion-laughs-course": (
        "the same in course.yml",
        1,
        lambda root: _project(root, course=COURSE.replace("id: hostile\n", LAUGHS + "id: *l9\n")),
    ),
    "yaml-deep-nesting": (
        "`id:` nested 100,000 flow lists deep",
        1,
        lambda root: _project(root, front=f"---\nid: {'[' * 100_000}\n---\n"),
    ),
    "yaml-1mb-title": (
        "a 250 KB title of `<a` (quadratic for a tag regex)",
        1,
        lambda root: _project(
            root, front=f"---\nid: m\ntitle: {'<a' * 125_000}\nminutes: 5\n---\n"
        ),
    ),
    "heading-spaces": (
        "`##` then 250,000 spaces and `x #`",
        0,
        lambda root: _project(root, f"Text.\n\n##{' ' * 250_000}x #\n\nBody.\n"),
    ),
    "list-1000-deep": (
        "a list nested 1,000 levels deep (`- - - … item`)",
        1,
        lambda root: _project(root, "- " * 1000 + "item\n"),
    ),
    "quote-100000-deep": (
        "a quotation nested 100,000 levels deep",
        1,
        lambda root: _project(root, ">" * 100_000 + " deep\n"),
    ),
    "prose-250kb": (
        "250 KB of paragraphs with emphasis and links (legitimate; 8 times the longest module)",
        0,
        lambda root: _project(root, PROSE * (250_000 // len(PROSE))),
    ),
    "brackets": (
        "250 KB of `[` (link parsing)",
        1,
        lambda root: _project(root, "[" * 250_000 + "\n"),
    ),
    "emphasis": (
        "250 KB of `*a` (emphasis parsing)",
        1,
        lambda root: _project(root, "*a" * 125_000 + "\n"),
    ),
    "backticks": (
        "250 KB of backtick runs of growing length",
        1,
        lambda root: _project(root, "".join("`" * n + " " for n in range(1, 700)) + "\n"),
    ),
    "angle-brackets": (
        "250 KB of `<a` (raw HTML detection)",
        1,
        lambda root: _project(root, "<a " * 83_000 + "\n"),
    ),
    "many-missing-links": (
        "10,000 links to missing files, a paragraph each",
        1,
        lambda root: _project(root, "".join(f"[f](no-{n}.pdf)\n\n" for n in range(10_000))),
    ),
    "many-links-one-file": (
        "10,000 links to the same PDF, a paragraph each",
        0,
        lambda root: (
            _project(root, "".join("[f](a.pdf)\n\n" for _ in range(10_000))),
            (root / "modules" / "a.pdf").write_bytes(b"%PDF-1.4\n"),
        ),
    ),
    "module-100mb": (
        "a 100 MB module file (refused from its size, unread)",
        1,
        lambda root: (_project(root), os.truncate(root / "modules" / "01-m.md", 100 << 20)),
    ),
    "linked-3gb": (
        "a link to a 3 GB file (refused from its size)",
        1,
        lambda root: _linked(root, "huge.pdf", 3 << 30),
    ),
    "linked-zip-bomb": (
        "a 90 MB text file of zeros (ratio over 100:1)",
        1,
        lambda root: _linked(root, "zeros.txt", 90 << 20, b"0" * (1 << 20)),
    ),
    "linked-99mb-csv": (
        "a 99 MB CSV that compresses 3.5:1 (allowed: checked, then deflated)",
        0,
        lambda root: _linked(root, "data.csv", 99 << 20, _csv_block()),
    ),
    "linked-99mb-video": (
        "a 99 MB incompressible video (allowed: stored, not deflated)",
        0,
        lambda root: _linked(root, "clip.mp4", 99 << 20, os.urandom(1 << 20)),
    ),
}


def run_case(name: str, expected: int, write: Callable[[Path], None]) -> Result:
    """Write the case's project, build it, and measure the build."""
    with tempfile.TemporaryDirectory(prefix="hostile-") as folder:
        root = Path(folder)
        write(root)
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        started = time.perf_counter()
        with open(root / "stderr.txt", "w+b") as err:
            child = subprocess.Popen(
                [sys.executable, "-m", "builder", "build", "--quiet", "--out", "dist"],
                cwd=root,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
            timer = threading.Timer(GIVE_UP, child.kill)
            timer.start()
            try:
                _, status, usage = os.wait4(child.pid, 0)
            finally:
                timer.cancel()
                child.returncode = 0  # reaped by wait4
            wall = time.perf_counter() - started
            err.seek(0)
            lines = err.read().decode("utf-8", "replace").splitlines()
    code = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    peak = usage.ru_maxrss / 1024  # KiB on Linux
    clean = not any("Traceback" in line for line in lines)
    ok = code == expected and clean and cpu <= SECONDS and peak <= MIB
    first = (lines[0] if lines else "")[:90]
    return Result(name, code, expected, round(wall, 2), round(cpu, 2), round(peak, 1), first, ok)


def main() -> int:
    """Run the cases and print the table; exit status 1 if any case is over its budget."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run the cases whose name contains this")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    options = parser.parse_args()
    results = []
    print(f"Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    heading = f"{'case':34} {'exit':>4} {'wall s':>6} {'CPU s':>6} {'MiB':>5}"
    print(f"{heading}  first line of the output")
    for name, (_, expected, write) in CASES.items():
        if options.only in name:
            result = run_case(name, expected, write)
            results.append(result)
            mark = "" if result.ok else "  <-- over budget or wrong outcome"
            print(
                f"{name:34} {result.status:>4} {result.wall_s:>6.2f} {result.cpu_s:>6.2f} "
                f"{result.peak_mib:>5.0f}  "
                f"{result.first_line}{mark}",
                flush=True,
            )
    if options.json:
        options.json.write_text(json.dumps([asdict(r) for r in results], indent=2) + "\n")
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
