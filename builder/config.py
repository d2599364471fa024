"""`course.yml` → `CourseConfig`, and the file and YAML reading shared with module files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from builder import theme
from builder.errors import Problem, display_path
from builder.fields import (  # noqa: F401  (re-exported: the YAML reading shared with modules)
    ID_MAX,
    ID_PATTERN,
    MARKUP,
    Entry,
    Fields,
    read_mapping,
    read_text,
)
from builder.linked_files import (
    FILE_LIMIT_MAX_MB,
    FILE_LIMIT_MB,
    MB,
    PACKAGE_LIMIT_MAX_MB,
    PACKAGE_LIMIT_MB,
    Limits,
    refusal,
)
from builder.scorm import VERSIONS

OPTIONAL = (
    "pass_mark",
    "scorm",
    "colour",
    "font",
    "logo",
    "max_file_mb",
    "max_package_mb",
    "shuffle",
)


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
    limits: Limits = field(default_factory=Limits)
    font: str = theme.DEFAULT_FONT  # a key of builder.theme.FONTS
    shuffle: bool = True  # the modules' default: options in a seeded order per learner


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
    fields.check_keys(("id", "title", "organisation", "language"), OPTIONAL)
    course_id = fields.identifier("id")
    title = fields.text("title")
    organisation = fields.text("organisation")
    language = fields.text("language")
    if language and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,8}", language):
        fields.problem("language", f"`language` {language!r} is not a language tag like en-GB")
    pass_mark = fields.integer("pass_mark", 0, 100, 80)
    scorm = str(fields.typed("scorm")) if "scorm" in entries else "1.2"
    if scorm not in VERSIONS:
        fields.problem("scorm", f"`scorm` must be 1.2 or 2004, not {scorm[:20]!r}")
    colour = _colour(fields)
    font = _font(fields)
    limits = Limits(
        (fields.integer("max_file_mb", 1, FILE_LIMIT_MAX_MB, FILE_LIMIT_MB) or 0) * MB,
        (fields.integer("max_package_mb", 1, PACKAGE_LIMIT_MAX_MB, PACKAGE_LIMIT_MB) or 0) * MB,
    )
    logo = _logo(fields, path.parent, limits)
    if len(problems) > before or not (course_id and title and organisation and language):
        return None
    return CourseConfig(
        course_id,
        title,
        organisation,
        language,
        pass_mark or 0,
        scorm,
        colour,
        logo,
        limits,
        font,
        shuffle=flag(fields, "shuffle", True),
    )


def flag(fields: Fields, key: str, default: bool) -> bool:
    """A `true` / `false` value (YAML booleans only)."""
    if key not in fields.entries:
        return default
    value = fields.entries[key].value
    if not isinstance(value, bool):
        fields.problem(key, f"`{key}` must be true or false")
        return default
    return value


def _colour(fields: Fields) -> str | None:
    if "colour" in fields.entries and fields.typed("colour") == "":
        fields.problem(
            "colour", '`colour` is empty: `#` starts a comment in YAML, so quote it: "#1d70b8"'
        )
        return None
    colour = fields.text("colour")
    if colour and not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
        fields.problem("colour", f"`colour` {colour!r} must be a hex colour like #1d70b8")
    elif colour:
        for message in theme.colour_problems(colour):
            fields.problem("colour", message)
    return colour and colour.lower()


def _font(fields: Fields) -> str:
    font = fields.text("font") or theme.DEFAULT_FONT
    if font not in theme.FONTS:
        fields.problem("font", f"`font` {font!r} must be one of {', '.join(theme.FONTS)}")
    return font


def _logo(fields: Fields, root: Path, limits: Limits) -> Path | None:
    """The logo: an image inside the project, like any other linked file."""
    name = fields.text("logo")
    if not name:
        return None
    logo = (root / name).resolve()
    message = refusal(logo, name, root.resolve(), limits, image=True)
    if message:
        fields.problem("logo", f"`logo` must be an image file inside the project: {message}")
    elif not logo.is_file():
        where = "the path is relative to course.yml"
        fields.problem("logo", f"`logo` file not found: {name} ({where})")
    else:
        return logo
    return None
