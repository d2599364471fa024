"""Bounded work on hostile input: each case ends quickly with `file:line: message`, exit 1 and
dist/ untouched (real builds through the CLI). `bench/hostile.py` times the larger versions."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from builder_project import COURSE, ROOT, module, run_cli, write_project

from builder.fields import MAX_TEXT_BYTES, MAX_YAML_CHARS

EARLIER = b"an earlier build"
LAUGHS = "".join(
    f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]\n" if n else 'l0: &l0 "lol"\n'
    for n in range(10)
)


def fails_quickly(root: Path, expected: str, seconds: float = 10.0) -> None:
    """The build exits 1 within `seconds` with a line starting `expected`; dist/ untouched."""
    dist = root / "dist"
    dist.mkdir(exist_ok=True)
    (dist / "earlier.zip").write_bytes(EARLIER)
    started = time.monotonic()
    result = run_cli("build", cwd=root)
    assert time.monotonic() - started < seconds
    assert result.returncode == 1, result.stdout + result.stderr
    assert any(line.startswith(expected) for line in result.stderr.splitlines()), result.stderr
    assert "Traceback" not in result.stderr
    assert [(p.name, p.read_bytes()) for p in dist.iterdir()] == [("earlier.zip", EARLIER)]


def test_a_billion_laughs_in_the_front_matter_is_refused(tmp_path):
    write_project(tmp_path, {"01-m.md": f"---\n{LAUGHS}id: *l9\ntitle: M\nminutes: 5\n---\nX\n"})
    fails_quickly(
        tmp_path,
        "modules/01-m.md:3: invalid YAML: aliases (`*name`) are not supported: write the value out",
    )


def test_a_billion_laughs_in_course_yml_is_refused(tmp_path):
    course = COURSE.replace("id: test-course\n", LAUGHS + "id: *l9\n")
    write_project(tmp_path, {"01-m.md": module()}, course)
    fails_quickly(tmp_path, "course.yml:2: invalid YAML: aliases (`*name`) are not supported")


def test_deep_yaml_nesting_is_refused_before_pyyaml_recurses(tmp_path):
    write_project(tmp_path, {"01-m.md": f"---\nid: m\ntitle: {'[' * 5000}\n---\nX\n"})
    fails_quickly(tmp_path, "modules/01-m.md:3: invalid YAML: nested more than 20 levels deep")


def test_long_front_matter_is_refused_before_parsing(tmp_path):
    title = "<a" * MAX_YAML_CHARS
    write_project(tmp_path, {"01-m.md": f"---\nid: m\ntitle: {title}\nminutes: 5\n---\nX\n"})
    fails_quickly(tmp_path, "modules/01-m.md:2: 128 KB of YAML settings: keep them under 64 KB")


def test_a_long_title_is_measured_before_any_pattern_runs(tmp_path):
    write_project(tmp_path, {"01-m.md": module(title="<a" * 5000)})
    fails_quickly(tmp_path, "modules/01-m.md:3: `title` is 10000 characters; keep it to 200")


def test_a_module_over_the_size_limit_is_refused_unread(tmp_path):
    write_project(tmp_path, {"01-m.md": module()})
    os.truncate(tmp_path / "modules" / "01-m.md", 100 << 20)  # sparse: never read
    fails_quickly(
        tmp_path, "modules/01-m.md:1: is 102400 KB; a module may be at most 256 KB (hours of "
    )
    assert MAX_TEXT_BYTES == 256 << 10


def test_a_heading_with_a_long_run_of_spaces_is_linear(tmp_path):
    body = f"Text.\n\n##{' ' * 200_000}Spaced out ##\n\nBody.\n"
    write_project(tmp_path, {"01-m.md": module(body)})
    started = time.monotonic()
    result = run_cli("build", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 10


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "".join(f"{chr(9) * n}- item\n" for n in range(300)),
            "modules/01-m.md:22: nested 17 levels deep (lists, quotations and indentation): keep "
            "it to 16 or fewer; put deeply indented code in a ``` fence",
        ),
        ("- " * 1000 + "a list 1,000 deep\n", "modules/01-m.md:6: nested 1000 levels deep"),
        (">" * 100_000 + " deep\n", "modules/01-m.md:6: nested 100000 levels deep"),
        ("> - " * 9 + "item\n", "modules/01-m.md:6: nested 18 levels deep"),
        (
            "Intro.\n\n" + "[" * 5000 + "\n",
            "modules/01-m.md:8: too many `[` without a matching `]` (or nested too deep) from "
            "here on: write \\[ and \\] for brackets that are not part of a link",
        ),
        ("[a](" * 20_000 + "\n", "modules/01-m.md:6: too many `(` without a matching `)`"),
        (
            "Fine.\n\n" + "<a " * 20_000 + "\n",
            "modules/01-m.md:8: too many `<` without a closing `>` from here on: write \\< for a "
            "less-than sign",
        ),
        (
            "*a" * 60_000 + "\n",
            "modules/01-m.md:6: this paragraph and the ones before it have too much inline "
            "formatting for their length: split the long paragraphs",
        ),
    ],
    ids=["list", "list-1000", "quote", "quote-list", "brackets", "parentheses", "tags", "emphasis"],
)
def test_shapes_that_would_take_minutes_are_refused_at_their_line(tmp_path, body, expected):
    write_project(tmp_path, {"01-m.md": module(body)})
    fails_quickly(tmp_path, expected)


def test_ordinary_nesting_brackets_code_long_lists_and_tables_still_build(tmp_path):
    body = (
        "Intro [with a link](https://example.org) and (an aside (nested)).\n\n"
        + "".join(f"{'    ' * n}- level {n}\n" for n in range(8))
        + "\n> > > A quotation in a quotation.\n\n"
        + "Sad :( " * 300
        + "(an aside left open\n\n"
        + "".join(f"- **Item {n}** with a [link](https://example.org/{n})\n" for n in range(900))
        + "\n"
        + "".join(f"| **{n}** | `code` | *note* |\n" for n in range(900))
        + "\n"
        + "```\n"
        + "".join(f"{' ' * 4 * n}[({'<' * n}\n" for n in range(40))
        + "```\n"
    )
    write_project(tmp_path, {"01-m.md": module(body)})
    result = run_cli("build", "--quiet", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def _workers_started(pid: int) -> bool:
    """Whether the build process has started its worker processes (Linux's /proc)."""
    return bool(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())


@pytest.mark.parametrize("group", [False, True], ids=["the build", "its process group"])
@pytest.mark.parametrize("moment", ["parsing", "writing"])
def test_ctrl_c_exits_130_with_one_line_and_leaves_dist_as_it_was(tmp_path, group, moment):
    """400 modules: built one process per core. A terminal's Ctrl-C reaches the whole
    process group, workers included: still one line, no traceback."""
    write_project(tmp_path, {f"{n:03d}-m.md": module(id=f"m{n}") for n in range(400)})
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "earlier.zip").write_bytes(EARLIER)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    child = subprocess.Popen(
        [sys.executable, "-m", "builder", "build", "--quiet"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (
        list(tmp_path.glob(".dist.staging-*/*.zip"))  # writing
        if moment == "writing"
        else _workers_started(child.pid)
    ):
        assert child.poll() is None and time.monotonic() < deadline, child.stderr
        time.sleep(0.02)
    if group:
        os.killpg(child.pid, signal.SIGINT)
    else:
        child.send_signal(signal.SIGINT)
    stdout, stderr = child.communicate(timeout=60)
    assert child.returncode == 130
    assert stderr == "interrupted: nothing was changed\n" and stdout == ""
    assert [(p.name, p.read_bytes()) for p in dist.iterdir()] == [("earlier.zip", EARLIER)]
    assert not list(tmp_path.glob(".dist.staging-*")), "the staging folder is removed"
