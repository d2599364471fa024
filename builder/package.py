"""Writing the build's output: deterministic zips (sorted entries, fixed time and
permissions), and a staging folder that puts every package of a run in place all or nothing.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from builder.linked_files import LINKED_LEVEL, STORED

EARLIEST = 315532800  # 1980-01-01, the first time a zip can record
PERMISSIONS = 0o100644
SYNC_THREADS = 8


def source_timestamp(sources: Iterable[Path]) -> int:
    """`SOURCE_DATE_EPOCH` when set, else the newest modification time of the sources."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(int(epoch), EARLIEST)
    return max([EARLIEST, *(int(path.stat().st_mtime) for path in sources)])


def write_zip(files: Mapping[str, bytes | Path], dest: Path, timestamp: int) -> None:
    """Write `files` (package path → bytes, or a file to copy) as a zip at `dest` (a file in
    a staging folder: `Staging` makes the build all or nothing).

    Files are streamed from disk, so memory stays small whatever their size; those already
    compressed are stored, the rest deflated at LINKED_LEVEL (zlib's default: level 9 takes
    1.6 times as long for a runtime 0.4 % smaller)."""
    date_time = time.gmtime(timestamp)[:6]
    with zipfile.ZipFile(dest, "w", allowZip64=False) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = PERMISSIONS << 16
            data = files[name]
            if isinstance(data, Path):
                if data.suffix.lower() in STORED:
                    info.compress_type = zipfile.ZIP_STORED
                info._compresslevel = LINKED_LEVEL  # type: ignore[attr-defined]
                with data.open("rb") as source, archive.open(info, "w") as target:
                    shutil.copyfileobj(source, target, 1 << 20)
            else:
                archive.writestr(info, data, compresslevel=LINKED_LEVEL)


@dataclass(frozen=True)
class StagedWriter:
    """Writes files into a staging folder; plain data, so the processes of a parallel build
    each get a copy. An error names the file in `out` the user asked for."""

    folder: Path
    out: Path

    def zip(self, name: str, files: Mapping[str, bytes | Path], timestamp: int) -> int:
        """Stage a zip named `name`; its size in bytes."""
        self._write(name, lambda dest: write_zip(files, dest, timestamp))
        return (self.folder / name).stat().st_size

    def text(self, name: str, data: bytes) -> None:
        """Stage a small file named `name`."""
        self._write(name, lambda dest: dest.write_bytes(data))

    def _write(self, name: str, write: Callable[[Path], None]) -> None:
        try:
            write(self.folder / name)
        except OSError as error:  # name the file the user asked for, not the staging copy
            raise OSError(error.errno, error.strerror, str(self.out / name)) from error


class Staging:
    """The files of one build, written into a hidden folder beside `out` (by `writer`, and
    then `add`ed) and moved into `out` together: any failure, Ctrl-C included, leaves `out`
    exactly as it was."""

    def __init__(self, out: Path) -> None:
        self.out = out
        out.parent.mkdir(parents=True, exist_ok=True)
        if out.exists() and not out.is_dir():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(out))
        real = out.resolve()  # beside the folder itself when `out` is a symbolic link
        beside = real.parent
        if real.exists() and os.stat(real).st_dev != os.stat(beside).st_dev:
            beside = real  # `out` is a mount point: stage inside it, on its own file system
        try:
            self.folder = Path(tempfile.mkdtemp(dir=beside, prefix=f".{out.name}.staging-"))
        except OSError as error:  # name the folder the user asked for
            raise OSError(error.errno, error.strerror, str(out)) from error
        self.writer = StagedWriter(self.folder, out)
        self.names: list[str] = []
        self.keep = False  # set when a rollback failed: the earlier files are still in here

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def add(self, names: Iterable[str]) -> None:
        """Record files the writer has staged, to be moved into `out` by `commit`."""
        self.names += names

    def commit(self, remove: Iterable[str] = ()) -> None:
        """Move the staged files into `out` and take the `remove` names out of it, together."""
        _sync_files([self.folder / name for name in self.names])
        previous = self.folder / ".previous"
        previous.mkdir()
        created = not self.out.exists()
        self.out.mkdir(exist_ok=True)
        done: list[tuple[str, str]] = []  # ("saved", name): old file moved aside; ("placed", …)
        try:
            for name in [*self.names, *remove]:
                target = self.out / name
                if target.is_dir() and not target.is_symlink():
                    raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
                if os.path.lexists(target):
                    os.replace(target, previous / name)
                    done.append(("saved", name))
                if name in self.names:
                    os.replace(self.folder / name, target)
                    done.append(("placed", name))
            _sync(self.out)
        except BaseException:
            self._roll_back(done, previous, created)
            raise

    def _roll_back(self, done: list[tuple[str, str]], previous: Path, created: bool) -> None:
        for action, name in reversed(done):
            try:
                if action == "placed":
                    (self.out / name).unlink()
                else:
                    os.replace(previous / name, self.out / name)
            except OSError:
                self.keep = True  # say where the earlier files are rather than lose them
                raise OSError(
                    errno.EIO, f"could not put back {name}; the earlier file is in {previous}"
                ) from None
        if created:
            self.out.rmdir()


def _sync(path: Path) -> None:
    """Make a file's contents, or the renames in a folder, durable."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _sync_files(paths: list[Path]) -> None:
    """`_sync` each file, several at once: the file system commits waiting syncs together, so
    this takes a fifth of the time of one after another (0.14 against 0.70 ms a file)."""
    with ThreadPoolExecutor(SYNC_THREADS) as pool:
        list(pool.map(_sync, paths))


def stale_files(out: Path, course_id: str, produced: Iterable[str]) -> list[str]:
    """Files in `out` named as this course's packages (`<course-id>-<module-id>-scorm12.zip`,
    `-scorm2004.zip`, and the `.moodle.txt` and `.trainer.html` beside each) that this build
    did not produce.

    A zip counts only when its manifest names this course's organisation (`ORG-<course-id>`),
    and a lone `.moodle.txt` only when it names the module id its file name implies: another
    course whose id starts with this one's is never touched."""
    if not out.is_dir():
        return []
    keep = set(produced)
    pattern = re.compile(
        rf"{re.escape(course_id)}-([a-z0-9]+(?:-[a-z0-9]+)*)-scorm(?:12|2004)(\.zip|\.moodle\.txt|\.trainer\.html)"
    )
    stale = []
    for entry in sorted(os.scandir(out), key=lambda entry: entry.name):
        match = pattern.fullmatch(entry.name)
        if not match or entry.name in keep or not entry.is_file(follow_symlinks=False):
            continue
        zip_path = out / (entry.name.removesuffix(match.group(2)) + ".zip")
        if zip_path.name in keep:
            continue
        if os.path.lexists(zip_path):
            ours = _of_course(zip_path, course_id)
        else:
            ours = _names_module(Path(entry.path), match.group(1))
        if ours:
            stale.append(entry.name)
    return stale


def _of_course(path: Path, course_id: str) -> bool:
    """Whether the zip at `path` is a package of this course (bounded reads only)."""
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("imsmanifest.xml")
            if info.file_size > 1 << 20:
                return False
            manifest = archive.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return f'default="ORG-{course_id}"'.encode() in manifest


def _names_module(path: Path, module_id: str) -> bool:
    """Whether a `.moodle.txt` says it is about `module_id`."""
    with path.open("rb") as stream:
        head = stream.read(4096).decode("utf-8", "replace")
    return re.search(rf"^Module id +{re.escape(module_id)} ", head, re.MULTILINE) is not None
