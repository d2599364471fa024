"""Property-based tests of `build` on malformed module files.

Whatever a module file holds, the build either writes valid packages or reports clean
problems (`path:line: message`, exit status 1) without a traceback, and `dist/` is never
half-written: no partial zip, and earlier good output is left as it was.
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from builder.build import build_course
from builder.errors import BuildError
from builder.validate import validate_package

ROOT = Path(__file__).resolve().parent.parent
COURSE_YML = "id: fuzz\ntitle: Fuzz course\norganisation: Fuzz\nlanguage: en-GB\npass_mark: 80\n"
PROBLEM_LINE = re.compile(r"^(?P<path>[^\n]+?)(?::(?P<line>\d+))?: (?P<message>[^\n]+)$")
EARLIER = b"earlier good output: must survive a failed build"
FUZZ = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Text that tends to break parsers: controls, separators, bidi marks, combining marks,
# astral characters, and the builder's own syntax.
ODD = [
    "\x00", "\x0b", "\x0c", "\r", "\u0085", "\u2028", "\u2029", "\u200b", "\u200d", "\u202e",
    "\ufeff", "\ufffd", "e\u0301", "\U0001f600", "\U0010fffd", "ß", "İ", "Ω", "—", "\u2019",
    ":::", "::: question", "- [x]", "- [ ]", "> ", "```", "~~~", "<!--", "-->", "<b>", "&nbsp;",
    "](", "![", "#", "## ", "---", "{{", "}}", "{%", "\\", "|", "*", "_", "`",
]  # fmt: skip
odd_text = st.lists(st.one_of(st.text(max_size=12), st.sampled_from(ODD)), max_size=12).map("".join)
plain_words = st.text(
    st.characters(whitelist_categories=("Ll", "Lu", "Nd", "Zs")), min_size=1, max_size=40
)


@st.composite
def question_block(draw: st.DrawFn) -> str:
    """A `::: question` block, sometimes well-formed, sometimes not."""
    opening = draw(
        st.sampled_from(
            ["::: question"] * 4
            + ["::: question multiple", "::: question id=q-x", "::: question id=BAD"]
        )
        | st.builds(lambda s: f"::: question {s}", odd_text)
    )
    options = draw(
        st.lists(
            st.tuples(st.sampled_from(["- [ ] ", "- [x] ", "- [X] ", "* [x] "]), plain_words),
            min_size=draw(st.sampled_from([0, 2, 2, 2, 2])),
            max_size=30,
        )
    )
    lines = [opening, draw(plain_words), ""]
    for marker, label in options:
        lines.append(marker + label)
        if draw(st.booleans()):
            lines.append("  > " + draw(odd_text))
    if draw(st.booleans()):
        lines += ["", draw(odd_text)]
    if draw(st.integers(0, 4)):  # usually closed
        lines.append(":::")
    return "\n".join(lines)


def block(draw: st.DrawFn) -> str:
    """One chunk of a module body: mostly well-formed Markdown, sometimes broken syntax."""
    well_formed = st.one_of(
        odd_text,
        plain_words,
        plain_words.map(lambda t: f"## {t}"),
        plain_words.map(lambda t: f"### {t}"),
        question_block(),
        st.sampled_from(["| a | b |\n|---|---|\n| 1 | 2 |", "- item\n- item", "> quote"]),
        st.sampled_from(["<!-- a note -->", "`<div>` in code", "```\n<div>::: question\n```"]),
        st.integers(1_000, 20_000).map(lambda n: "long " * (n // 5)),
    )
    broken = st.one_of(
        plain_words.map(lambda t: f"# {t}"),
        st.just("## Key points"),
        st.sampled_from([":::", "::: note", "```", "~~~", "<!-- open", "-->", "<div>", "</p>"]),
        st.sampled_from(["![alt](missing.png)", "[x](javascript:alert(1))", "![](http://x/y)"]),
        st.just("- [x] stray option"),
    )
    return draw(well_formed if draw(st.integers(0, 9)) else broken)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Front matter: valid, with odd values or keys, or broken YAML."""
    keys = {
        "id": st.sampled_from(["fuzz-module", "Fuzz Module", "", "a" * 70, "x-1"]) | odd_text,
        "title": plain_words | odd_text | st.just(""),
        "minutes": st.integers(-5, 500) | st.just("ten") | st.none(),
        "description": odd_text,
        "pass_mark": st.integers(-10, 110) | st.just("80%"),
        "colour": st.just("#fff"),
        "unknown_key": st.just("typo"),
    }
    chosen = draw(st.lists(st.sampled_from(sorted(keys)), unique=True, max_size=len(keys)))
    if draw(st.booleans()):
        chosen = []  # half the time: valid front matter, so that the body is what is tested
    base = {"id": "fuzz-module", "title": "Fuzz module", "minutes": 10}
    lines = [f"{k}: {v}" for k, v in base.items() if k not in chosen]
    for key in chosen:
        value = draw(keys[key])
        quoting = draw(st.sampled_from([repr, json.dumps, str]))  # YAML '…', "…" (escapes), plain
        lines.append(f"{key}: {quoting(value)}")
    if draw(st.integers(0, 9)) == 0:
        lines.append(draw(st.sampled_from(["key: [unclosed", "  bad indent: 1", "- a list", "@"])))
    fence = draw(st.sampled_from(["---"] * 8 + ["", "..."]))
    return "\n".join(["---", *lines, fence])


@st.composite
def module_file(draw: st.DrawFn) -> bytes:
    """A whole module file as bytes."""
    kind = draw(st.integers(0, 19))
    if kind == 0:
        return draw(st.binary(max_size=2_000))
    body = "\n\n".join(block(draw) for _ in range(draw(st.integers(0, 12))))
    text = draw(front_matter()) + "\n\n" + body + "\n"
    data = text.encode("utf-8")
    if kind == 1:  # a stray invalid byte somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80"])) + data[at:]
    return data


@contextmanager
def project() -> Iterator[Path]:
    """A course folder with a `dist/` that already holds earlier good output."""
    with tempfile.TemporaryDirectory(prefix="fuzz-") as temp:
        root = Path(temp)
        (root / "course.yml").write_text(COURSE_YML, encoding="utf-8")
        (root / "modules").mkdir()
        (root / "dist").mkdir()
        (root / "dist" / "fuzz-earlier-scorm12.zip").write_bytes(EARLIER)
        yield root


def dist_snapshot(dist: Path) -> dict[str, bytes]:
    """Every file in `dist/` with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(dist.iterdir())}


def check_problems(problems: list[object], root: Path) -> None:
    """Every problem is one clean `path[:line]: message` line that names a project file."""
    assert problems, "BuildError without problems"
    for problem in problems:
        shown = str(problem)
        match = PROBLEM_LINE.match(shown)
        assert match, f"not a clean problem line: {shown!r}"
        path = match.group("path")
        assert (root / path).exists() or Path(path).exists(), f"no such file: {shown!r}"
        if path.endswith(".md") and "saved progress" not in shown:
            assert match.group("line"), f"problem in a module file without a line: {shown!r}"


def check_build(root: Path, source: bytes, versions: list[str]) -> None:
    """Build in-process; assert valid packages, or clean problems with dist/ untouched."""
    (root / "modules" / "01-fuzz.md").write_bytes(source)
    dist = root / "dist"
    before = dist_snapshot(dist)
    cwd = os.getcwd()
    os.chdir(root)  # problems name paths relative to the working directory, as in the CLI
    try:
        built = build_course(root, dist, versions)
    except BuildError as error:
        check_problems(error.problems, root)
        assert dist_snapshot(dist) == before, "a failed build changed dist/"
        return
    finally:
        os.chdir(cwd)
    assert len(built) == len(versions)
    after = dist_snapshot(dist)
    assert after[next(iter(before))] == EARLIER, "earlier output was overwritten"
    for name in after:
        assert name.endswith((".zip", ".moodle.txt", ".trainer.html")), f"stray file {name}"
        assert not name.startswith("."), f"temporary file left: {name}"
    for package in built:
        with zipfile.ZipFile(package.path) as archive:
            assert archive.testzip() is None
        assert validate_package(package.path) == []


@FUZZ
@given(module_file())
@example(b'---\nid: x\ntitle: "A\\u0001"\nminutes: 5\n---\n\nText\n')  # found by this test
@example(b'---\nid: x\ntitle: "\\ufffe"\nminutes: 5\n---\n\nText\n')
@example(b'---\nid: x\ntitle: "A \\ud83d\\ude00"\nminutes: 5\n---\n\nText\n')  # lone surrogates
def test_any_module_file_builds_or_fails_cleanly(source: bytes) -> None:
    with project() as root:
        check_build(root, source, ["1.2"])


@settings(FUZZ, max_examples=80)
@given(st.lists(question_block(), min_size=1, max_size=6), st.sampled_from(["1.2", "2004"]))
def test_random_questions_build_or_fail_cleanly(questions: list[str], scorm: str) -> None:
    text = "---\nid: quiz\ntitle: Quiz\nminutes: 5\n---\n\nOpening.\n\n## Check\n\n"
    with project() as root:
        check_build(root, (text + "\n\n".join(questions) + "\n").encode(), [scorm])


@settings(FUZZ, max_examples=40)
@given(st.lists(st.tuples(front_matter(), st.booleans()), min_size=2, max_size=4))
def test_several_modules_report_every_problem(modules: list[tuple[str, bool]]) -> None:
    """Problems of all files are reported together; nothing is written if any file is bad."""
    with project() as root:
        for number, (front, with_body) in enumerate(modules, 1):
            body = "\n\nSome text.\n\n## Page\n\nMore text.\n" if with_body else "\n"
            (root / "modules" / f"{number:02d}-m.md").write_text(front + body, encoding="utf-8")
        before = dist_snapshot(root / "dist")
        cwd = os.getcwd()
        os.chdir(root)
        try:
            built = build_course(root, root / "dist", ["1.2"])
        except BuildError as error:
            check_problems(error.problems, root)
            assert dist_snapshot(root / "dist") == before
            return
        finally:
            os.chdir(cwd)
        assert len(built) == len(modules)


def test_huge_module_file_builds_or_fails_cleanly() -> None:
    """About 2 MB of varied Markdown: 130 pages of long paragraphs, each with a question."""
    rng = random.Random(2)
    words = [
        "child",
        "family",
        "school",
        "health",
        "record",
        "share",
        "concern",
        "safe",
        "help",
        "lead",
    ]

    def paragraph() -> str:
        return " ".join(rng.choice(words) for _ in range(250)) + ".\n\n"

    text = "---\nid: huge\ntitle: Huge\nminutes: 600\n---\n\nOpening.\n\n"
    for number in range(130):
        text += f"## Page {number}\n\n" + "".join(paragraph() for _ in range(10))
        text += "::: question\nWhich?\n\n- [x] This\n- [ ] That\n:::\n\n"
    assert len(text) > 2_000_000
    with project() as root:
        check_build(root, text.encode(), ["1.2"])


def test_very_long_line_builds_or_fails_cleanly() -> None:
    text = "---\nid: wide\ntitle: Wide\nminutes: 5\n---\n\n" + "x" * 1_000_000 + "\n"
    with project() as root:
        check_build(root, text.encode(), ["1.2"])


# The command line: exit status, output and dist/ for a few nasty inputs --------------------

BAD_INPUTS = {
    "binary junk": bytes(range(256)) * 8,
    "not UTF-8": "---\nid: a\ntitle: Café\nminutes: 5\n---\n\nCafé\n".encode("latin-1"),
    "unclosed question": b"---\nid: a\ntitle: A\nminutes: 5\n---\n\n::: question\nQ?\n\n- [x] y\n",
    "stray fence": b"---\nid: a\ntitle: A\nminutes: 5\n---\n\nText\n\n:::\n",
    "bad YAML": b"---\nid: [a\ntitle: A\n---\n\nText\n",
    "no front matter": b"Just text\n\n## Page\n",
    "raw HTML": b"---\nid: a\ntitle: A\nminutes: 5\n---\n\n<script>alert(1)</script>\n",
    "unknown key": b"---\nid: a\ntitle: A\nminutes: 5\ncolour: red\n---\n\nText\n",
    "control character in title": b'---\nid: a\ntitle: "A\\u0001"\nminutes: 5\n---\n\nText\n',
}


def run_cli(root: Path) -> subprocess.CompletedProcess[str]:
    """`python -m builder build --scorm all` in `root`, as an author would run it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "builder", "build", "--scorm", "all"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_cli_reports_bad_input_cleanly(name: str) -> None:
    with project() as root:
        (root / "modules" / "01-bad.md").write_bytes(BAD_INPUTS[name])
        before = dist_snapshot(root / "dist")
        result = run_cli(root)
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        lines = result.stderr.strip().splitlines()
        assert lines[-1].endswith("nothing was written")
        for line in lines[:-1]:
            match = PROBLEM_LINE.match(line)
            assert match and match.group("path") == "modules/01-bad.md", line
            assert match.group("line"), f"no line number: {line}"
        assert dist_snapshot(root / "dist") == before


def test_cli_builds_good_input_beside_earlier_output() -> None:
    source = (
        "---\nid: good\ntitle: Good\nminutes: 5\n---\n\nOpening.\n\n## Check\n\n"
        "::: question\nRight?\n\n- [x] Yes\n- [ ] No\n:::\n"
    )
    with project() as root:
        (root / "modules" / "01-good.md").write_text(source, encoding="utf-8")
        result = run_cli(root)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert (root / "dist" / "fuzz-earlier-scorm12.zip").read_bytes() == EARLIER
        zips = sorted(p.name for p in (root / "dist").glob("fuzz-good-*.zip"))
        assert zips == ["fuzz-good-scorm12.zip", "fuzz-good-scorm2004.zip"]
        assert not [p for p in (root / "dist").iterdir() if p.name.startswith(".")]


def test_cli_write_failure_leaves_no_partial_output() -> None:
    """When a zip cannot be written (its name is taken by a folder), the build stops cleanly,
    leaves no temporary file, and every zip in dist/ is complete."""
    source = "---\nid: good\ntitle: Good\nminutes: 5\n---\n\nOpening.\n"
    with project() as root:
        (root / "modules" / "01-good.md").write_text(source, encoding="utf-8")
        (root / "dist" / "fuzz-good-scorm2004.zip").mkdir()
        result = run_cli(root)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr + result.stdout
        assert PROBLEM_LINE.match(result.stderr.strip().splitlines()[0])
        assert (root / "dist" / "fuzz-earlier-scorm12.zip").read_bytes() == EARLIER
        left = sorted(p.name for p in (root / "dist").iterdir())
        assert not [name for name in left if name.startswith(".")], left
        for path in (root / "dist").glob("fuzz-good-*.zip"):
            if path.is_file():
                with zipfile.ZipFile(path) as archive:
                    assert archive.testzip() is None
