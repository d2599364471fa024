"""One downloaded file → its rows of text cells, whatever Moodle's format (told by content).

Moodle's "CSV" is tab-separated text (`.txt`); the per-learner downloads are comma-separated
with a BOM; "Excel" is `.xlsx`; "ODS" is OpenDocument. JSON is the per-learner Track details
JSON. HTML and PDF downloads are for reading on screen and are skipped with the reason.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from builder.report.ods import read_ods

MAX_BYTES = 256 * 1024 * 1024  # one download; Moodle's largest for 5,000 learners is ~30 MB
MAX_UNPACKED = 1024 * 1024 * 1024  # a spreadsheet's parts, unpacked (guards against zip bombs)
MAX_ROWS = 1_000_000
ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"


class Unusable(Exception):
    """A file that is a Moodle download the report cannot use: named and skipped."""


class NotADownload(Exception):
    """A file that is not a Moodle SCORM report download at all: an error."""


@dataclass(frozen=True)
class Sheet:
    """The rows of one download and the format they came in."""

    rows: list[list[str]]
    format: str  # "tab-separated text", "comma-separated text", "Excel", "ODS", "JSON"


def cell(value: object) -> str:
    """A spreadsheet cell as the text export shows it: `1.0` → `1`, empty → ``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_sheet(path: Path) -> Sheet:
    """The rows of `path`; raises Unusable or NotADownload with the reason."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise NotADownload(f"{size // 2**20} MB is larger than any Moodle report download")
    data = path.read_bytes()
    if data.startswith(b"PK\x03\x04"):
        return _spreadsheet(path)
    if data.startswith(b"%PDF"):
        raise Unusable("a PDF download is for printing: download the CSV, Excel or ODS one")
    text = _text(data)
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        raise Unusable("an HTML download is for reading: download the CSV, Excel or ODS one")
    if head.startswith(("[", "{")):
        return _json(text)
    if not text.strip():
        raise Unusable(
            "it has no rows (Moodle's per-learner Interactions download is always "
            "empty: download that learner's Track details instead)"
        )
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if len(rows) > MAX_ROWS:
        raise NotADownload(f"more than {MAX_ROWS:,} rows")
    name = "tab-separated text" if delimiter == "\t" else "comma-separated text"
    return Sheet([[value.strip() for value in row] for row in rows if row], name)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise NotADownload(
            f"not UTF-8 text (byte {error.start}): Moodle's downloads are UTF-8"
        ) from None


def _json(text: str) -> Sheet:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        if text.strip() == "[]]":
            raise Unusable(
                "it has no rows (Moodle's per-learner Interactions download is "
                "always empty: download that learner's Track details instead)"
            ) from None
        raise NotADownload("not valid JSON") from None
    if isinstance(data, dict) and {"series", "labels"} <= data.keys():
        raise Unusable(
            "Moodle's Graph report download holds only how many learners scored in each "
            "band: download the Interactions report, which has every attempt and answer"
        )
    table = data[0] if isinstance(data, list) and data and isinstance(data[0], list) else None
    if table is None or not all(
        isinstance(r, dict) and {"element", "value"} <= r.keys() for r in table
    ):
        raise NotADownload("JSON, but not Moodle's Track details ([[{element, value}, …]])")
    rows = [["Element", "Value"]] + [[cell(r["element"]), cell(r["value"])] for r in table]
    return Sheet(rows, "JSON")


def _spreadsheet(path: Path) -> Sheet:
    try:
        with zipfile.ZipFile(path) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                raise NotADownload("its parts unpack to more than 1 GB")
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODS_MIME:
                rows, name = read_ods(archive, MAX_ROWS), "ODS"
            elif "xl/workbook.xml" in names:
                rows, name = _xlsx(path), "Excel"
            else:
                raise NotADownload("a zip, but neither an Excel (.xlsx) nor an ODS spreadsheet")
    except zipfile.BadZipFile as error:
        raise NotADownload(f"a damaged spreadsheet ({error})") from None
    rows = [[cell(value) for value in row] for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise Unusable(
            "it has no rows (Moodle's per-learner Interactions download is always "
            "empty: download that learner's Track details instead)"
        )
    return Sheet(rows, name)


def _xlsx(path: Path) -> list[list[object]]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except (CalamineError, ValueError) as error:
        raise NotADownload(f"a damaged Excel file ({error})") from None
    if len(rows) > MAX_ROWS:
        raise NotADownload(f"more than {MAX_ROWS:,} rows")
    return rows
