"""What is unsafe or Moodle-hostile about the name of one file in a package."""

from __future__ import annotations

import re
import unicodedata

from builder.validate.report import CONTROL, Report, show

MOODLE_STRIPS = set("&<>\"`|':\\")
PLAIN = "use letters, digits, '.', '-', '_' and '/'"


def check_name(name: str, report: Report, utf8_flag: bool = True) -> None:
    """Report each problem with one entry name (`utf8_flag`: the zip marks the name UTF-8)."""
    if not name:
        report.error("an entry has an empty name")
        return
    where = show(name)
    parts = re.split(r"[/\\]", name.lstrip("/").rstrip("/"))
    if name.startswith("/"):
        report.error("absolute path: entries must be relative to the package root", where)
    if re.match(r"[A-Za-z]:", name):
        report.error(
            "drive letter in the path: entries must be relative to the package root", where
        )
    if "\\" in name:
        report.error("backslash in the path: use '/' (Moodle strips '\\' from file names)", where)
    if ".." in parts:
        report.error("path traversal ('..'): the entry would land outside the package", where)
    elif any(p in ("", ".") for p in parts):
        report.error("empty or '.' path segment: write a plain relative path", where)
    if CONTROL.search(name):
        report.error("control character in the file name", where)
    stripped = sorted(MOODLE_STRIPS.intersection(name) - {"\\"})
    if stripped:
        report.error(
            f"file name has {' '.join(stripped)}, which Moodle strips when it unpacks the zip,"
            f" so links to it would break: {PLAIN}",
            where,
        )
    if name.isascii():
        return
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        report.error(f"file name is not UTF-8: Moodle cannot keep it; {PLAIN}", where)
        return
    if not utf8_flag:
        report.error(
            "non-ASCII file name not marked as UTF-8 in the zip: Moodle guesses its character"
            f" set when it unpacks the zip and may rename it, so links to it would break; {PLAIN}",
            where,
        )
    elif unicodedata.normalize("NFC", name) != name:
        report.error(
            "non-ASCII file name not in Unicode NFC form: Moodle normalises names to NFC when it"
            f" unpacks the zip, so links to it would break; {PLAIN}",
            where,
        )
    else:
        report.warn(
            "non-ASCII file name: Moodle keeps it, but some zip tools and LMSs rename such"
            f" files; {PLAIN}",
            where,
        )
