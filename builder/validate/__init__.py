"""Check any SCORM 1.2 / 2004 package, zipped or unpacked, the way Moodle 4.5 will import it.

The package is untrusted: nothing is extracted to disk, every size is bounded, the manifest is
parsed with no network, no DTD and no entities, and the schemas are the local copies in
``builder/schemas/``. Each problem is an error (Moodle refuses the package, or it breaks for
learners) or a warning (a deviation from the SCORM specification that Moodle tolerates).

- ``archive``: zip safety; ``folder``: an unpacked package; ``names``: file names;
- ``manifest``: encoding, XML, version, prefixes; ``schemas``: the official XML schemas;
- ``rules``: content-packaging rules; ``moodle``: what Moodle's import reads.
"""

from __future__ import annotations

from pathlib import Path

from builder.errors import Problem, display_path
from builder.validate.archive import read_archive
from builder.validate.folder import read_folder
from builder.validate.manifest import parse_manifest, read_manifest
from builder.validate.moodle import check_moodle
from builder.validate.report import Report
from builder.validate.rules import check_rules
from builder.validate.schemas import SCHEMAS, XML_XSD_URL, check_schema, schema

__all__ = [
    "SCHEMAS",
    "XML_XSD_URL",
    "Report",
    "check_package",
    "parse_manifest",
    "schema",
    "validate_package",
]


def validate_package(path: Path) -> list[Problem]:
    """Every problem with the package at ``path`` (a zip or a folder); [] when valid.

    Each problem's path starts with ``path`` as the user would type it. At most MAX_LINES
    problems, then one line counting the rest.
    """
    return check_package(path).result()


def check_package(path: Path) -> Report:
    """The report on the package at ``path``: its problems and how many of each kind."""
    report = Report(display_path(path))
    try:
        contents = _read(path, report)
    except OSError as exc:
        report.error(f"cannot read it: {exc.strerror or exc}")
        return report
    if contents is not None and contents[1] is not None:
        names, data = contents
        manifest = read_manifest(data, report)
        if manifest is not None:
            root, version = manifest
            check_schema(root, version, report)
            check_moodle(root, version, report)
            check_rules(root, version, names, report)
    return report


def _read(path: Path, report: Report) -> tuple[set[str], bytes | None] | None:
    """The package's file names and root manifest, from a folder or a zip."""
    if path.is_dir():
        return read_folder(path, report)
    if not path.exists():
        report.error("no such file or folder")
        return None
    if not path.is_file():
        report.error("not a file or a folder")
        return None
    if path.suffix.lower() != ".zip":
        folder = path.name == "imsmanifest.xml"
        hint = " (to check an unpacked package, give its folder)" if folder else ""
        report.error(
            f"the file name must end in .zip: Moodle's upload accepts only .zip packages{hint}"
        )
    return read_archive(path, report)
