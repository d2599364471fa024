"""Deterministic zips: sorted entries, fixed time and permissions, written atomically."""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

EARLIEST = 315532800  # 1980-01-01, the first time a zip can record
PERMISSIONS = 0o100644


def source_timestamp(sources: Iterable[Path]) -> int:
    """`SOURCE_DATE_EPOCH` when set, else the newest modification time of the sources."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(int(epoch), EARLIEST)
    return max([EARLIEST, *(int(path.stat().st_mtime) for path in sources)])


def write_atomically(dest: Path, write: Callable[[BinaryIO], None]) -> None:
    """Write `dest` through a temporary file beside it, renamed only once complete."""
    handle, temporary = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, dest)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(dest)) from error  # name the target
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_zip(files: Mapping[str, bytes], dest: Path, timestamp: int) -> None:
    """Write `files` (package path → bytes) as a zip at `dest`, atomically."""
    date_time = time.gmtime(timestamp)[:6]

    def write(stream: BinaryIO) -> None:
        with zipfile.ZipFile(stream, "w", allowZip64=False) as archive:
            for name in sorted(files):
                info = zipfile.ZipInfo(name, date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3
                info.external_attr = PERMISSIONS << 16
                archive.writestr(info, files[name], compresslevel=9)

    write_atomically(dest, write)


def write_bytes(data: bytes, dest: Path) -> None:
    """Write `data` at `dest`, atomically."""
    write_atomically(dest, lambda stream: stream.write(data))
