"""YAML mappings (course.yml, front matter) read strictly: each value with its line and the
text as typed, typed access that records a problem per bad value, and readable YAML errors.

Bounded on any input: aliases are refused (no "billion laughs"), nesting is limited before
PyYAML recurses, and regexes run only on values whose length has been checked.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from builder.errors import Problem, display_path

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ID_MAX = 64
TITLE_MAX = 200
MAX_DEPTH = 20  # YAML nesting levels (front matter needs 2)
MAX_YAML_CHARS = 64 << 10  # course.yml or a front matter: a few hundred lines at most
MAX_TEXT_BYTES = 256 << 10  # a module file: 5 to 10 times the longest module of the course
MARKUP = re.compile(r"<\s*(?:/\s*)?[A-Za-z][^>]*>|&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")  # not allowed in XML, or invisible
WHOLE_NUMBER = re.compile(r"[+-]?[0-9]{1,9}")


@dataclass(frozen=True)
class Entry:
    """A value from a YAML mapping, with the source line of its key and, for a scalar, the
    text exactly as typed (`010` stays `010`, where YAML 1.1 reads the number 8)."""

    value: Any
    line: int
    typed: str | None = None


class _Refused(yaml.YAMLError):
    """YAML that is valid but not accepted here (aliases, deep nesting); `problem` says why."""

    def __init__(self, problem: str, mark: yaml.Mark) -> None:
        super().__init__(problem)
        self.problem = problem
        self.problem_mark = mark


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and deep nesting (both would be unbounded work)."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        mark = self.peek_event().start_mark
        if self.check_event(yaml.AliasEvent):
            raise _Refused("aliases (`*name`) are not supported: write the value out", mark)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _Refused(f"nested more than {MAX_DEPTH} levels deep: flatten it", mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def read_mapping(
    text: str, path: Path, problems: list[Problem], first_line: int = 1
) -> dict[str, Entry] | None:
    """Parse YAML `text` that must be a mapping; line numbers start at `first_line`."""
    shown = display_path(path)
    if len(text) > MAX_YAML_CHARS:  # PyYAML reads about 1 MB in 3 s: refuse before parsing
        size, limit = len(text) >> 10, MAX_YAML_CHARS >> 10
        message = f"{size} KB of YAML settings: keep them under {limit} KB"
        problems.append(Problem(shown, first_line, message))
        return None
    loader: _Loader | None = None
    try:
        loader = _Loader(text)
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
                typed = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
                value = loader.construct_object(value_node, deep=True)
                entries[key] = Entry(value, line, typed)
        return entries
    except yaml.YAMLError as error:
        line, reason = yaml_error(error, text)
        problems.append(Problem(shown, first_line + line, f"invalid YAML: {reason}"))
        return None
    finally:
        if loader:
            loader.dispose()


def yaml_error(error: yaml.YAMLError, text: str) -> tuple[int, str]:
    """(0-based line, one-line reason with the fix) of a YAML error."""
    if isinstance(error, yaml.reader.ReaderError):
        line = text.count("\n", 0, error.position)
        return line, f"the character U+{error.character:04X} is not allowed; remove it"
    if isinstance(error, _Refused):
        return error.problem_mark.line, error.problem
    problem = str(getattr(error, "problem", None) or str(error).splitlines()[0])
    context_mark = getattr(error, "context_mark", None)
    problem_mark = getattr(error, "problem_mark", None)
    mark = context_mark or problem_mark
    if problem.startswith("expected <block end>") and problem_mark:
        mark = problem_mark
    line = mark.line if mark else 0
    lines = text.split("\n")
    source = lines[line] if line < len(lines) else ""
    return line, _reworded(problem, source)


def _reworded(problem: str, source: str) -> str:
    """PyYAML's words → what is wrong and how to fix it."""
    found = re.match(r"found character '(.{1,4})' that cannot start any token", problem)
    if problem.startswith("could not find expected ':'"):
        return "a line needs `key: value` (a colon and a space after the key)"
    if problem.startswith("mapping values are not allowed") and source[:1].isspace():
        return "this line is indented: start each `key: value` line at the start of the line"
    if problem.startswith("mapping values are not allowed"):
        return 'a value with `: ` in it needs quotes, like title: "Part 1: the basics"'
    if found and found.group(1) == "\\t":
        return "a tab: indent with spaces, not tabs"
    if found:
        return f"a value cannot start with {found.group(1)}: put the value in quotes"
    if problem.startswith("found unexpected end of stream"):
        return "a quoted value is not closed: end it with the same quote mark"
    if problem.startswith("expected ',' or"):
        return "a value that starts with `[` or `{` needs quotes (or close the list with `]`)"
    if problem == "expected <block end>, but found '<scalar>'":
        return 'text after a closing quote: quote the whole value ("it\'s")'
    if problem.startswith("expected <block end>"):
        return "a line that is not `key: value`: check the indentation and the `- ` of lists"
    if problem.startswith("found unknown escape character"):
        return 'in double quotes a backslash starts an escape: use single quotes, or write "\\\\"'
    if problem.startswith("but found another document"):
        return "a `---` line inside it: remove it (front matter ends at the second `---`)"
    return f"{problem}; check the quotes and the `key: value` form of this line"


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
        """Unknown keys (with the nearest known one) and missing required keys are problems."""
        known = required + optional
        for key in self.entries:
            if key not in known:
                near = difflib.get_close_matches(key[:100], known, n=1, cutoff=0.6)
                hint = f": did you mean `{near[0]}`?" if near else ""
                self.problem(key, f"unknown key `{key[:100]}`{hint} (allowed: {', '.join(known)})")
        for key in required:
            if key not in self.entries:
                self.problem(None, f"missing required key `{key}`")

    def typed(self, key: str) -> Any:
        """The value, or for a scalar YAML did not read as text, the text as typed."""
        entry = self.entries[key]
        if entry.typed is not None and not isinstance(entry.value, str):
            return entry.typed
        return entry.value

    def text(self, key: str, default: str | None = None, limit: int = TITLE_MAX) -> str | None:
        """A one-line string of at most `limit` characters."""
        if key not in self.entries:
            return default
        value = self.typed(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"`{key}` must be some text")
            return default
        if len(value) > 4 * limit:  # before any regex: bounded work on hostile input
            self.problem(key, f"`{key}` is {len(value)} characters; keep it to {limit} or fewer")
            return default
        value = _joined_surrogates(" ".join(value.split()))
        if value is None:
            self.problem(key, f"`{key}` has a broken \\u escape (half a surrogate pair): remove it")
            return default
        if len(value) > limit:
            self.problem(key, f"`{key}` is {len(value)} characters; keep it to {limit} or fewer")
            return default
        if CONTROL.search(value):
            self.problem(key, f"`{key}` contains a control character: remove it")
            return default
        if MARKUP.search(value):
            self.problem(key, f"`{key}` must be plain text: remove the HTML tag or entity")
        return value

    def identifier(self, key: str) -> str | None:
        """A stable id, exactly as typed: never a number, date or boolean YAML made of it."""
        if key not in self.entries:
            return None
        value = self.typed(key)
        example = f"for example `{key}: child-protection`"
        if value is None or value == "":
            self.problem(key, f"`{key}` is empty: give an id, {example}")
            return None
        if not isinstance(value, str):
            self.problem(key, f"`{key}` must be an id on one line, {example}")
            return None
        if len(value) > ID_MAX or not ID_PATTERN.fullmatch(value):
            self.problem(
                key,
                f"`{key}` {value[: ID_MAX + 1]!r} is not a valid id: use lowercase letters, "
                f"digits and hyphens (for example `child-protection`), at most {ID_MAX} characters",
            )
            return None
        return value

    def integer(self, key: str, low: int, high: int | None, default: int | None) -> int | None:
        """A whole number within bounds, written in decimal digits."""
        if key not in self.entries:
            return default
        value = self.typed(key)
        bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
        if not isinstance(value, str) or not WHOLE_NUMBER.fullmatch(value):
            self.problem(key, f"`{key}` must be a whole number {bounds}")
            return default
        number = int(value, 10)
        if number < low or (high is not None and number > high):
            self.problem(key, f"`{key}` is {number}; it must be {bounds}")
            return default
        return number


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """The file as UTF-8 text with Unix line ends, or a problem naming the first bad byte's line
    (or the size, checked before reading, when it is over MAX_TEXT_BYTES)."""
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        problems.append(
            Problem(
                display_path(path),
                1,
                f"is {size >> 10} KB; a module may be at most {MAX_TEXT_BYTES >> 10} KB "
                "(hours of learning): split it into smaller modules",
            )
        )
        return None
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
