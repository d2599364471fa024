"""Benchmark of `scorm-builder report`: a synthetic export of 5,000 learners by 30 questions
in each format Moodle offers, the report's wall time and peak memory for each.

Usage (from the repository root)::

    python bench/report_bench.py                  # 5,000 learners by 30 questions
    python bench/report_bench.py --learners 500   # smaller
    python bench/report_bench.py --json out.json  # also write the figures as JSON

The generated files follow Moodle 4.5's downloads as observed (tests/fixtures/moodle-exports/):
the Interactions report with every option ticked (SCORM 1.2; a fifth of the learners retry,
so their row has a second group of columns; a tenth take a second attempt, a second row) as
tab-separated text, Excel (.xlsx) and ODS (a newline between cells, as Moodle writes it), and
one Track details CSV per learner attempt (the SCORM 2004 route). Each report runs in its own
`python -m builder report` process: wall time includes the interpreter start, peak memory is
that process's maximum resident set size.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
LETTERS = "abcd"
FIXED = ["Name", "Email address", "Attempt", "Started on", "Last accessed on", "Score", "Bench"]


def write_course(root: Path, questions: int) -> None:
    """A one-module course: single choice, multiple response and true/false questions."""
    blocks = []
    for number in range(1, questions + 1):
        opening = f"::: question id=q{number}\n"
        if number % 10 == 0:
            blocks.append(f"{opening}Statement {number}.\n\n- [x] True\n- [ ] False\n:::\n")
        elif number % 5 == 0:
            options = "".join(f"- [{'x' if i < 2 else ' '}] Option {i}\n" for i in range(4))
            blocks.append(
                f"::: question multiple id=q{number}\nPick two ({number}).\n\n{options}:::\n"
            )
        else:
            options = "".join(f"- [{'x' if i == 1 else ' '}] Option {i}\n" for i in range(4))
            blocks.append(f"::: question id=q{number}\nQuestion {number}?\n\n{options}:::\n")
    (root / "modules").mkdir(parents=True)
    (root / "course.yml").write_text(
        "id: bench\ntitle: Bench\norganisation: Bench\nlanguage: en-GB\npass_mark: 80\n",
        encoding="utf-8",
    )
    (root / "modules" / "01-bench.md").write_text(
        "---\nid: bench\ntitle: Bench\nminutes: 10\n---\n\nOpening.\n\n## Check\n\n"
        + "\n".join(blocks),
        encoding="utf-8",
    )


def right(number: int) -> str:
    return "t" if number % 10 == 0 else "a,b" if number % 5 == 0 else "b"


def answer(rng: random.Random, number: int) -> str:
    if rng.random() < 0.7:
        return right(number)
    if number % 10 == 0:
        return "f"
    if number % 5 == 0:
        return ",".join(sorted(rng.sample(LETTERS, 2)))
    return rng.choice("acd")


def rows(learners: int, questions: int, seed: int = 1) -> tuple[list[str], list[list[object]]]:
    """The Interactions report (all options on): a header and one row per learner attempt."""
    rng = random.Random(seed)
    body: list[list[object]] = []
    widest = 0
    for learner in range(learners):
        attempts = 2 if learner % 10 == 0 else 1
        for attempt in range(1, attempts + 1):
            tries = 2 if learner % 5 == 1 else 1
            cells: list[object] = []
            index = 0
            for _ in range(tries):
                for number in range(1, questions + 1):
                    given = answer(rng, number)
                    result = "correct" if given == right(number) else "wrong"
                    cells += [f"q{number}", given, right(number), result]
                    index += 1
            widest = max(widest, index)
            date = "1 December 2026, 8:01 PM"
            score = rng.randint(40, 100)
            body.append(
                [
                    f"Learner {learner}",
                    f"l{learner}@example.invalid",
                    attempt,
                    date,
                    date,
                    float(score),
                    float(score),
                    *cells,
                ]
            )
    header = FIXED + [
        f"{part} {n}"
        for n in range(widest)
        for part in ("Question", "Response", "Right answer", "Result")
    ]
    return header, [row + [""] * (len(header) - len(row)) for row in body]


def write_text(path: Path, header: list[str], body: list[list[object]]) -> None:
    def field(value: object) -> str:
        text = str(int(value)) if isinstance(value, float) else str(value)
        return f'"{text}"' if " " in text else text

    lines = ["\t".join(map(field, header))] + ["\t".join(map(field, row)) for row in body]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


PACKAGE = "http://schemas.openxmlformats.org/package/2006"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _relation(kind: str, target: str) -> str:
    return (
        f'<Relationships xmlns="{PACKAGE}/relationships">'
        f'<Relationship Id="rId1" Type="{OFFICE}/{kind}" Target="{target}"/></Relationships>'
    )


def write_xlsx(path: Path, header: list[str], body: list[list[object]]) -> None:
    """A minimal OOXML workbook with one sheet (inline strings, numbers as numbers)."""

    def cell(value: object) -> str:
        if isinstance(value, (int, float)):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>' if value else "<c/>"

    sheet = "".join(f"<row>{''.join(cell(v) for v in row)}</row>" for row in [header, *body])
    types = (
        f'<Types xmlns="{PACKAGE}/content-types">'
        f'<Default Extension="rels" ContentType="{PACKAGE[:-5]}-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{XLSX_TYPE}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" '
        f'ContentType="{XLSX_TYPE}.worksheet+xml"/></Types>'
    )
    workbook = (
        f'<workbook xmlns="{SHEET}" xmlns:r="{OFFICE}"><sheets>'
        '<sheet name="Report" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    parts = {
        "[Content_Types].xml": types,
        "_rels/.rels": _relation("officeDocument", "xl/workbook.xml"),
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": _relation("worksheet", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{SHEET}"><sheetData>{sheet}'
        "</sheetData></worksheet>",
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0"?>' + text)


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:media-type="application/vnd.oasis.opendocument.spreadsheet" '
    'manifest:full-path="/"/><manifest:file-entry manifest:media-type="text/xml" '
    'manifest:full-path="content.xml"/></manifest:manifest>'
)


def write_ods(path: Path, header: list[str], body: list[list[object]]) -> None:
    """An ODS spreadsheet laid out as Moodle writes it (a newline between cells)."""

    def cell(value: object) -> str:
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value}"/>'
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}'
            "</text:p></table:table-cell>"
        )

    table = "\n".join(
        "<table:table-row>\n" + "\n".join(cell(v) for v in row) + "\n</table:table-row>"
        for row in [header, *body]
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">\n<office:body>\n'
        f'<office:spreadsheet>\n<table:table table:name="Report">\n{table}\n</table:table>\n'
        "</office:spreadsheet>\n</office:body>\n</office:document-content>\n"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", content)


def write_tracks(folder: Path, header: list[str], body: list[list[object]]) -> None:
    """One Track details CSV per learner attempt, as SCORM 2004 learners' downloads."""
    folder.mkdir()
    for row in body:
        lines = [
            "\ufeffElement,Value",
            "cmi.completion_status,completed",
            f"cmi.score.raw,{int(row[5])}",
        ]
        groups = [row[i : i + 4] for i in range(7, len(row), 4) if row[i]]
        for index, (ident, given, pattern, result) in enumerate(groups):
            prefix = f"cmi.interactions.{index}"
            verdict = "correct" if result == "correct" else "incorrect"
            lines += [
                f"{prefix}.id,{ident}",
                f'{prefix}.learner_response,"{_in_2004(given)}"',
                f'{prefix}.correct_responses.0.pattern,"{_in_2004(pattern)}"',
                f"{prefix}.result,{verdict}",
            ]
        status = "passed" if int(row[5]) >= 80 else "failed"
        lines.append(f"cmi.success_status,{status}")
        name = f"{row[0]} attempt {row[2]}.csv"
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _in_2004(response: str) -> str:
    """A SCORM 1.2 response as SCORM 2004 writes it: `true`, `a[,]b`."""
    return {"t": "true", "f": "false"}.get(response, response.replace(",", "[,]"))


def measure(course: Path, files: list[Path]) -> dict[str, float]:
    """One `report` run in its own process: wall and CPU seconds (CPU is steadier on a busy
    machine), peak resident memory (MiB)."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across exec
    code = (
        "import re, resource, sys; from builder.cli import main; status = main(sys.argv[1:]); "
        "use = resource.getrusage(resource.RUSAGE_SELF); "
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]; "
        "print(hwm, use.ru_utime + use.ru_stime, file=sys.stderr); "
        "sys.exit(status)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, "report", *map(str, files), "--out", str(course / "r.html")],
        cwd=course,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"report failed:\n{done.stderr}")
    peak, cpu = done.stderr.strip().splitlines()[-1].split()
    return {
        "seconds": round(seconds, 2),
        "cpu_seconds": round(float(cpu), 2),
        "peak_mib": round(int(peak) / 1024, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=5000)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="report-bench-") as temp:
        root = Path(temp)
        write_course(root / "course", options.questions)
        header, body = rows(options.learners, options.questions)
        outputs = {
            "tab-separated text": root / "interactions.txt",
            "Excel (.xlsx)": root / "interactions.xlsx",
            "ODS": root / "interactions.ods",
        }
        write_text(outputs["tab-separated text"], header, body)
        write_xlsx(outputs["Excel (.xlsx)"], header, body)
        write_ods(outputs["ODS"], header, body)
        write_tracks(root / "tracks", header, body)
        size = f"{options.learners:,} learners \u00d7 {options.questions} questions"
        print(f"{size}: {len(body):,} attempt rows, {len(header):,} columns")
        for name, path in outputs.items():
            results[name] = measure(root / "course", [path]) | {
                "mb": round(path.stat().st_size / 2**20, 1)
            }
        tracks = sorted((root / "tracks").iterdir())
        results[f"Track details CSV ({len(tracks):,} files)"] = measure(root / "course", tracks) | {
            "mb": round(sum(p.stat().st_size for p in tracks) / 2**20, 1)
        }
    for name, figures in results.items():
        print(
            f"  {name:<32} {figures['mb']:>6} MB  {figures['seconds']:>6.2f} s wall  "
            f"{figures['cpu_seconds']:>6.2f} s CPU  {figures['peak_mib']:>6.1f} MiB peak"
        )
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
