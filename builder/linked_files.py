"""Files that a module links to or shows, and the course logo: checked, named, counted.

Only passive files are packaged: a file the browser could run as a page (HTML, SVG, XML,
script) would run inside the LMS's origin, where it can reach the SCORM API and set any
learner's result. SVG is refused rather than sanitised: Python has no well-kept SVG
sanitiser, and a PNG export of a diagram is as clear to learners. A linked file opens in a
new tab, so the module (and its tracking) stays in the SCO frame.

Sizes are read with `stat` before any byte is read. A file that our own validator would call
a zip bomb (over `RATIO_FLOOR` and compressing better than `MAX_RATIO`:1) is refused with the
validator's words; the two constants are the validator's (tests check that they agree).
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.errors import display_path

MB = 1 << 20  # the limits count in MB of 1,048,576 bytes, as the validator does
FILE_LIMIT_MB = 100  # defaults; `max_file_mb` and `max_package_mb` in course.yml
PACKAGE_LIMIT_MB = 250
FILE_LIMIT_MAX_MB = 512  # the validator refuses an entry over 512 MB
PACKAGE_LIMIT_MAX_MB = 1024  # and a package that expands to over 1 GB
RATIO_FLOOR = 16 << 20  # builder.validate: entries this small may compress as well as they like
MAX_RATIO = 100  # builder.validate: a better ratio over RATIO_FLOOR "looks like a zip bomb"
CHUNK = 1 << 20
LINKED_LEVEL = 6  # deflate level for linked files, in the zip and in the zip-bomb check

IMAGES = {".png": "PNG image", ".jpg": "JPEG image", ".jpeg": "JPEG image"}
IMAGES |= {".gif": "GIF image", ".webp": "WebP image"}
PASSIVE = {
    **IMAGES,
    ".pdf": "PDF",
    ".doc": "Word document",
    ".docx": "Word document",
    ".odt": "OpenDocument text",
    ".rtf": "RTF document",
    ".xls": "Excel spreadsheet",
    ".xlsx": "Excel spreadsheet",
    ".ods": "OpenDocument spreadsheet",
    ".ppt": "PowerPoint presentation",
    ".pptx": "PowerPoint presentation",
    ".odp": "OpenDocument presentation",
    ".mp3": "MP3 audio",
    ".m4a": "M4A audio",
    ".oga": "Ogg audio",
    ".ogg": "Ogg audio",
    ".opus": "Opus audio",
    ".wav": "WAV audio",
    ".mp4": "MP4 video",
    ".m4v": "MP4 video",
    ".webm": "WebM video",
    ".ogv": "Ogg video",
    ".txt": "text file",
    ".csv": "CSV file",
    ".vtt": "WebVTT captions",
}
ACTIVE = {
    "html": "HTML pages",
    "htm": "HTML pages",
    "xhtml": "HTML pages",
    "shtml": "HTML pages",
    "svg": "SVG images",
    "svgz": "SVG images",
    "xml": "XML files",
    "xsl": "XML files",
    "xslt": "XML files",
    "js": "scripts",
    "mjs": "scripts",
    "swf": "Flash files",
}
ACTIVE_FIX = {
    "HTML pages": "export it as PDF, or publish it on a website and link to its https:// address",
    "SVG images": "export it as PNG",
    "XML files": "export it as PDF or CSV",
    "scripts": "remove the link",
    "Flash files": "remove the link",
}
# Already compressed: stored in the zip as they are (deflating them again gains nothing and
# would cost seconds per 100 MB), so they can never look like a zip bomb either.
STORED = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf", ".docx", ".xlsx", ".pptx", ".odt"}
STORED |= {".ods", ".odp", ".mp3", ".m4a", ".oga", ".ogg", ".opus", ".mp4", ".m4v", ".webm", ".ogv"}
MACRO = (".docm", ".dotm", ".xlsm", ".xltm", ".pptm", ".potm")


@dataclass(frozen=True)
class Limits:
    """Per-file and per-package size limits, in bytes."""

    file_bytes: int = FILE_LIMIT_MB * MB
    package_bytes: int = PACKAGE_LIMIT_MB * MB


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Linked:
    """A file registered for the package: its package path (with any #fragment), kind, size."""

    href: str
    kind: str
    size: int


def refusal(source: Path, shown: str, root: Path, limits: Limits, image: bool) -> str | None:
    """Why the file at `source` (already resolved) may not be packaged, or None."""
    if not source.is_relative_to(root):
        return f"{shown} is outside the project; keep linked files inside it"
    try:
        info = os.stat(source)
    except OSError:
        return None  # the caller reports a missing file with its own hint
    if not stat.S_ISREG(info.st_mode):
        return f"{shown} is not a file: link to a file"
    suffix = source.suffix.lower()
    active = ACTIVE.get(suffix.lstrip("."))
    if active:
        return (
            f"{shown}: {active} can run script inside the LMS, so they are not packaged: "
            f"{ACTIVE_FIX[active]}"
        )
    if suffix in MACRO:
        return f"{shown}: documents with macros are not packaged: save it without macros"
    if image and suffix not in IMAGES:
        return (
            f"{shown}: an image must be PNG, JPEG, GIF or WebP, not {suffix or 'without extension'}"
            "; to offer another file, link it with [text](path) instead of ![text](path)"
        )
    if suffix not in PASSIVE:
        kind = f"{suffix} files are" if suffix else "a file with no extension is"
        return (
            f"{shown}: {kind} not packaged; only PDF, office documents, images, audio, video, "
            "plain text, CSV and WebVTT captions are"
        )
    if info.st_size > limits.file_bytes:
        return (
            f"{shown} is {_size(info.st_size)}, over the limit of {_size(limits.file_bytes)} "
            "per file (`max_file_mb` in course.yml): make it smaller, or raise the limit"
        )
    ratio = None if suffix in STORED else _compression_ratio(source, info.st_size)
    if ratio is not None:
        return (
            f"{shown}: compression ratio {ratio:.0f}:1 (over {MAX_RATIO}:1): looks like a zip "
            "bomb, so the package would fail `scorm-builder validate`: save it in a compressed "
            "format (PNG, JPEG, MP4 or PDF)"
        )
    return None


def _compression_ratio(source: Path, size: int) -> float | None:
    """The ratio when the file would compress better than MAX_RATIO:1 in the zip, else None.

    Compresses as the zip does, and stops as soon as the output shows the ratio is fine."""
    if size <= RATIO_FLOOR:
        return None
    compressor = zlib.compressobj(LINKED_LEVEL, zlib.DEFLATED, -15)
    compressed = 0
    with source.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            compressed += len(compressor.compress(chunk))
            if compressed * MAX_RATIO >= size:
                return None
    compressed += len(compressor.flush())
    ratio = size / max(compressed, 1)
    return ratio if ratio > MAX_RATIO else None


def _size(count: int) -> str:
    return f"{count / MB:.1f} MB" if count >= MB else f"{max(1, round(count / 1024))} KB"


@dataclass
class LinkedFiles:
    """The files one module's package links to, named `media/<slug>[-N].<ext>`."""

    base: Path  # the folder relative links start from
    root: Path  # the project: no file outside it
    limits: Limits
    problem: Callable[[int, str], None]  # records a problem at a line of the module file
    total: int = 0  # bytes of the package's files so far (start with the logo's)
    files: dict[str, Path] = field(default_factory=dict)
    _names: dict[Path, Linked] = field(default_factory=dict)

    def add(self, target: str, line: int, image: bool) -> Linked | None:
        """Register a relative link target; None (and a problem) when it cannot be packaged."""
        parts = urlsplit(target)
        relative = unquote(parts.path)
        if parts.query:
            self.problem(line, f"{target}: remove the `?{parts.query}` part; a file has no query")
            return None
        source = (self.base / relative).resolve()
        linked = self._names.get(source) or self._register(source, relative, line, image)
        if linked is None:
            return None
        if image and Path(linked.href).suffix not in IMAGES:
            self.problem(line, refusal(source, relative, self.root, self.limits, image) or "")
            return None
        fragment = f"#{parts.fragment}" if parts.fragment else ""
        return Linked(linked.href + fragment, linked.kind, linked.size)

    def _register(self, source: Path, relative: str, line: int, image: bool) -> Linked | None:
        message = refusal(source, relative, self.root, self.limits, image)
        if message is None and not source.is_file():
            folder = display_path(self.base)
            message = f"file not found: {relative} (the path is relative to {folder}/)"
        size = 0 if message else source.stat().st_size
        if message is None and self.total + size > self.limits.package_bytes:
            message = (
                f"{relative}: with it the package would hold {_size(self.total + size)} of "
                f"files, over the limit of {_size(self.limits.package_bytes)} per package "
                "(`max_package_mb` in course.yml): link fewer or smaller files, or split the module"
            )
        if message:
            self.problem(line, message)
            return None
        name = self._name(source)
        self.files[name] = source
        self.total += size
        linked = self._names[source] = Linked(name, PASSIVE[source.suffix.lower()], size)
        return linked

    def _name(self, source: Path) -> str:
        stem = slugify(source.stem) or "file"
        extension = source.suffix.lower()
        name, number = f"media/{stem}{extension}", 1
        while name in self.files:
            number += 1
            name = f"media/{stem}-{number}{extension}"
        return name


def opens_separately(link: ET.Element, linked: Linked) -> None:
    """A link to a package file opens in a new tab and says so (kind, size, new tab)."""
    link.set("target", "_blank")
    link.set("rel", "noopener")
    note = ET.SubElement(link, "span", {"class": "file-note"})
    note.text = f" ({linked.kind}, {_size(linked.size)}, opens in a new tab)"


def slugify(text: str, limit: int = 64) -> str:
    """Lowercase ASCII words joined by hyphens, at most `limit` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")
