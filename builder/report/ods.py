"""A streaming reader for the first table of an ODS spreadsheet (`content.xml`).

python-calamine rejects Moodle's own ODS downloads (Moodle writes a newline between cells),
so ODS is read here with lxml: no entities, no network, one row in memory at a time.
"""

from __future__ import annotations

import zipfile

from lxml import etree

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
MAX_COLUMNS = 16_384  # as many as a spreadsheet program shows; repeats beyond are empty filler


class OdsError(ValueError):
    """content.xml is not a readable ODS table."""


def read_ods(archive: zipfile.ZipFile, max_rows: int) -> list[list[object]]:
    """The rows of the first table, cells as text or float (as in the file)."""
    rows: list[list[object]] = []
    tables = 0
    if "content.xml" not in archive.namelist():
        raise OdsError("an ODS file without content.xml")
    with archive.open("content.xml") as stream:
        events = etree.iterparse(
            stream,
            events=("start", "end"),
            tag=(f"{{{TABLE}}}table", f"{{{TABLE}}}table-row"),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        try:
            for event, element in events:
                if element.tag == f"{{{TABLE}}}table":
                    if event == "start":
                        tables += 1
                    elif tables == 1:
                        break
                    continue
                if event != "end" or tables != 1:
                    continue
                row = _row(element)
                repeat = (
                    int(element.get(f"{{{TABLE}}}number-rows-repeated", "1")) if any(row) else 1
                )
                if len(rows) + repeat > max_rows:
                    raise OdsError(f"more than {max_rows:,} rows")
                rows.extend(list(row) for _ in range(repeat))
                element.clear()
        except etree.XMLSyntaxError as error:
            raise OdsError(f"content.xml is not well-formed XML ({error})") from None
    return rows


CELLS = (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell")
REPEAT = f"{{{TABLE}}}number-columns-repeated"
VALUE_TYPE, VALUE, PARAGRAPH = f"{{{OFFICE}}}value-type", f"{{{OFFICE}}}value", f"{{{TEXT}}}p"
NUMBERS = ("float", "percentage", "currency")


def _row(element: etree._Element) -> list[object]:
    row: list[object] = []
    for cell in element:
        if cell.tag not in CELLS:
            continue
        repeat = int(cell.get(REPEAT, "1"))
        value = _value(cell)
        if repeat == 1:
            row.append(value)
            continue
        if value == "" and len(row) + repeat > MAX_COLUMNS:
            break
        row.extend([value] * min(repeat, MAX_COLUMNS - len(row)))
    while row and row[-1] == "":
        row.pop()
    return row


def _value(cell: etree._Element) -> object:
    if cell.get(VALUE_TYPE) in NUMBERS:
        return float(cell.get(VALUE, "0"))
    if not len(cell):
        return ""
    first = cell[0]
    if len(cell) == 1 and first.tag == PARAGRAPH and not len(first):
        return first.text or ""
    return "\n".join("".join(p.itertext()) for p in cell.iterchildren(PARAGRAPH))
