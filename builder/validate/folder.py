"""An unpacked package folder: its file names and manifest, read within bounds."""

from __future__ import annotations

import os
from pathlib import Path

from builder.validate.archive import MANIFEST, MAX_ENTRIES, MAX_MANIFEST_BYTES, check_manifest_place
from builder.validate.names import check_name
from builder.validate.report import Report, show


def read_folder(path: Path, report: Report) -> tuple[set[str], bytes | None] | None:
    """The package-relative names under `path` (folders end in '/') and the root manifest.

    Symbolic links are reported, never followed. None when there are too many entries.
    """
    names: set[str] = set()
    stack = [(path, "")]
    while stack:
        directory, prefix = stack.pop()
        try:
            with os.scandir(directory) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            report.error(f"cannot read this folder: {exc.strerror or exc}", show(prefix) or None)
            continue
        for entry in entries:
            if len(names) >= MAX_ENTRIES:
                report.error(
                    f"more than {MAX_ENTRIES} files and folders: more than this validator accepts"
                )
                return None
            name = prefix + entry.name
            check_name(name, report)
            if entry.is_symlink():
                report.error("symbolic link: a package may hold only files and folders", show(name))
            elif entry.is_dir(follow_symlinks=False):
                names.add(name + "/")
                stack.append((Path(entry.path), name + "/"))
            elif entry.is_file(follow_symlinks=False):
                names.add(name)
            else:
                report.error("not a file or a folder: a package may hold only those", show(name))
    check_manifest_place(names, report)
    if MANIFEST not in names:
        return names, None
    with (path / MANIFEST).open("rb") as fp:
        data = fp.read(MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        size = (path / MANIFEST).stat().st_size
        limit = MAX_MANIFEST_BYTES >> 10
        report.error(f"manifest of {size} bytes: more than {limit} KiB", MANIFEST)
        return names, None
    return names, data
