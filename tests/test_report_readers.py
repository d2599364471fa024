"""The readers on hostile or broken files: bounded work, and an error that says what is wrong."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from builder.report.downloads import read_download
from builder.report.sheets import NotADownload, Unusable, read_sheet

ODS = "application/vnd.oasis.opendocument.spreadsheet"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods(path: Path, body: str) -> Path:
    content = (
        f'<?xml version="1.0"?><office:document-content {NS}><office:body><office:spreadsheet>'
        f'<table:table table:name="Report">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ODS)
        archive.writestr("content.xml", content)
    return path


def cell(text: str, repeat: int = 1) -> str:
    return (
        f'<table:table-cell table:number-columns-repeated="{repeat}" '
        f'office:value-type="string"><text:p>{text}</text:p></table:table-cell>'
    )


def test_repeated_empty_columns_and_rows_cost_nothing(tmp_path: Path) -> None:
    empty = '<table:table-cell table:number-columns-repeated="1000000000"/>'
    body = (
        f"<table:table-row>{cell('Element')}{cell('Value')}{empty}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="1000000000">{empty}</table:table-row>'
    )
    started = time.perf_counter()
    sheet = read_sheet(ods(tmp_path / "a.ods", body))
    assert sheet.rows == [["Element", "Value"]]
    assert time.perf_counter() - started < 5


def test_a_billion_repeated_rows_with_text_are_refused(tmp_path: Path) -> None:
    body = f'<table:table-row table:number-rows-repeated="1000000000">{cell("x")}</table:table-row>'
    with pytest.raises(ValueError, match="more than 1,000,000 rows"):
        read_sheet(ods(tmp_path / "b.ods", body))


def test_entities_are_not_expanded(tmp_path: Path) -> None:
    path = tmp_path / "c.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ODS)
        archive.writestr(
            "content.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            f"<office:document-content {NS}><office:body><office:spreadsheet>"
            f"<table:table><table:table-row>{cell('&b;')}</table:table-row></table:table>"
            "</office:spreadsheet></office:body></office:document-content>",
        )
    rows = read_sheet(path).rows
    assert "aaaaaaaaaa" not in str(rows)


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(3):
            archive.writestr(f"xl/pad{n}.xml", b"\0" * (400 * 1024 * 1024))
    with pytest.raises(NotADownload, match="more than 1 GB"):
        read_sheet(path)


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b"", Unusable, "it has no rows"),
        (b"\xef\xbb\xbf", Unusable, "it has no rows"),
        (b"[]]", Unusable, "it has no rows"),
        (b"\xff\xfeN\x00", NotADownload, "not UTF-8"),
        (b"PK\x03\x04broken", NotADownload, "damaged spreadsheet"),
        (b"%PDF-1.4", Unusable, "a PDF download is for printing"),
        (b'{"series": []}', NotADownload, "JSON, but not Moodle's Track details"),
        (b"Name\tScore\nA\t1\n", NotADownload, "not a Moodle SCORM report download"),
        (
            b"Name\tEmail address\tAttempt\tStarted on\tLast accessed on\tScore\tX\n"
            b"A\tb\tone\t-\t-\t1\t1\n",
            NotADownload,
            "row 2: Attempt is 'one', not a number",
        ),
    ],
)
def test_broken_or_foreign_files_say_why(tmp_path: Path, content, error, message) -> None:
    path = tmp_path / "download"
    path.write_bytes(content)
    with pytest.raises(error, match=message):
        read_download(path)
