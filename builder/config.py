"""`course.yml` → `CourseConfig`, and the file and YAML reading shared with module files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.errors import Problem, display_path
from builder.scorm import VERSIONS

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 64
TITLE_MAX = 200
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][^>]*>|&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")  # not allowed in XML, or invisible
LOGO_TYPES = (".png", ".svg", ".jpg", ".jpeg", ".webp", ".gif")


@dataclass(frozen=True)
class CourseConfig:
    """The course settings from `course.yml`."""

    id: str
    title: str
    organisation: str
    language: str
    pass_mark: int
    scorm: str
    colour: str | None
    logo: Path | None


@dataclass(frozen=True)
class Entry:
    """A value from a YAML mapping, with the source line of its key."""

    value: Any
    line: int


def read_mapping(
    text: str, path: Path, problems: list[Problem], first_line: int = 1
) -> dict[str, Entry] | None:
    """Parse YAML `text` that must be a mapping; line numbers start at `first_line`."""
    shown = display_path(path)
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            problems.append(Problem(shown, first_line, "is empty; expected `key: value` lines"))
            return None
        if not isinstance(node, yaml.MappingNode):
            line = first_line + node.start_mark.line
            problems.append(Problem(shown, line, "expected `key: value` lines"))
            return None
        entries: dict[str, Entry] = {}
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                problems.append(Problem(shown, line, f"key {key!r} must be a word"))
            elif key in entries:
                problems.append(Problem(shown, line, f"`{key}` is given twice; keep one"))
            else:
                entries[key] = Entry(loader.construct_object(value_node, deep=True), line)
        return entries
    except yaml.YAMLError as error:
        line, reason = _yaml_error(error, text)
        problems.append(Problem(shown, first_line + line, f"invalid YAML: {reason}"))
        return None
    finally:
        if loader:
            loader.dispose()


def _yaml_error(error: yaml.YAMLError, text: str) -> tuple[int, str]:
    """(0-based line, one-line reason) of a YAML error."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position)
        return line, f"the character U+{error.character:04X} is not allowed; remove it"
    mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    return (mark.line if mark else 0), reason


def _joined_surrogates(value: str) -> str | None:
    """YAML's "\\ud83d\\ude00" escapes give surrogate pairs: join them; None if one is alone."""
    try:
        return value.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeDecodeError:
        return None


class Fields:
    """Typed access to a mapping's entries that records a problem for each bad value."""

    def __init__(self, entries: dict[str, Entry], path: Path, problems: list[Problem]) -> None:
        self.entries = entries
        self.path = display_path(path)
        self.problems = problems

    def problem(self, key: str | None, message: str) -> None:
        """Record a problem at the key's line (or the file's first line)."""
        entry = self.entries.get(key) if key else None
        self.problems.append(Problem(self.path, entry.line if entry else 1, message))

    def check_keys(self, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
        """Unknown keys and missing required keys are problems."""
        known = required + optional
        for key in self.entries:
            if key not in known:
                self.problem(key, f"unknown key `{key}` (allowed: {', '.join(known)})")
        for key in required:
            if key not in self.entries:
                self.problem(None, f"missing required key `{key}`")

    def text(self, key: str, default: str | None = None, limit: int = TITLE_MAX) -> str | None:
        """A one-line string of at most `limit` characters."""
        if key not in self.entries:
            return default
        value = self.entries[key].value
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"`{key}` must be some text")
            return default
        value = _joined_surrogates(" ".join(value.split()))
        if value is None:
            self.problem(key, f"`{key}` has a broken \\u escape (half a surrogate pair): remove it")
            return default
        if CONTROL.search(value):
            self.problem(key, f"`{key}` contains a control character: remove it")
            return default
        if MARKUP.search(value):
            self.problem(key, f"`{key}` must be plain text: remove the HTML tag or entity")
        if len(value) > limit:
            self.problem(key, f"`{key}` is {len(value)} characters; keep it to {limit} or fewer")
        return value

    def identifier(self, key: str) -> str | None:
        """A stable id: lowercase letters, digits and single hyphens."""
        value = self.entries[key].value if key in self.entries else None
        if value is None:
            return None
        value = str(value)
        if not ID_PATTERN.fullmatch(value) or len(value) > ID_MAX:
            self.problem(
                key,
                f"`{key}` {value!r} is not a valid id: use lowercase letters, digits and "
                f"hyphens (for example `child-protection`), at most {ID_MAX} characters",
            )
            return None
        return value

    def integer(self, key: str, low: int, high: int | None, default: int | None) -> int | None:
        """A whole number within bounds."""
        if key not in self.entries:
            return default
        value = self.entries[key].value
        bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(key, f"`{key}` must be a whole number {bounds}")
            return default
        if value < low or (high is not None and value > high):
            self.problem(key, f"`{key}` is {value}; it must be {bounds}")
            return default
        return value


def load_config(path: Path, problems: list[Problem]) -> CourseConfig | None:
    """Read `course.yml`; problems are appended, and None returned, when it is unusable."""
    shown = display_path(path)
    if not path.is_file():
        problems.append(
            Problem(shown, None, "not found: run the build from the folder that holds course.yml")
        )
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    entries = read_mapping(text, path, problems)
    if entries is None:
        return None
    before = len(problems)
    fields = Fields(entries, path, problems)
    fields.check_keys(
        ("id", "title", "organisation", "language"), ("pass_mark", "scorm", "colour", "logo")
    )
    course_id = fields.identifier("id")
    title = fields.text("title")
    organisation = fields.text("organisation")
    language = fields.text("language")
    if language and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", language):
        fields.problem("language", f"`language` {language!r} is not a language tag like en-GB")
    pass_mark = fields.integer("pass_mark", 0, 100, 80)
    scorm = str(entries["scorm"].value) if "scorm" in entries else "1.2"
    if scorm not in VERSIONS:
        fields.problem("scorm", f"`scorm` must be 1.2 or 2004, not {scorm!r}")
    colour = fields.text("colour")
    if colour and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        fields.problem("colour", f"`colour` {colour!r} must be a hex colour like #1d70b8")
    logo = _logo(fields, path.parent)
    if len(problems) > before:
        return None
    assert course_id and title and organisation and language and pass_mark is not None
    return CourseConfig(
        course_id, title, organisation, language, pass_mark, scorm, colour and colour.lower(), logo
    )


def _logo(fields: Fields, root: Path) -> Path | None:
    name = fields.text("logo")
    if not name:
        return None
    logo = (root / name).resolve()
    if logo.suffix.lower() not in LOGO_TYPES:
        fields.problem("logo", f"`logo` must be an image ({', '.join(LOGO_TYPES)})")
    elif not logo.is_file():
        fields.problem(
            "logo", f"`logo` file not found: {name} (the path is relative to course.yml)"
        )
    else:
        return logo
    return None


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file as UTF-8 text with Unix line ends, or a problem naming the first bad byte's line."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(
            Problem(display_path(path), line, "is not UTF-8 text: save the file as UTF-8")
        )
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
