"""Where the templates and learner assets live: the checkout, else the installed package.

A wheel carries them as `builder/data/templates` and `builder/data/assets`: in the
checkout those are symbolic links to the top-level folders, which the wheel build follows.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _resource(name: str) -> Path:
    checkout = _PACKAGE.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / name).is_dir():
        return checkout / name
    return _PACKAGE / "data" / name


def templates_dir() -> Path:
    """The Jinja2 templates (`module.html`, `new-module.md`)."""
    return _resource("templates")


def assets_dir() -> Path:
    """The learner runtime: its scripts go into every package, its stylesheets are inlined."""
    return _resource("assets")


# The runtime's load order (docs/architecture.md): each script may use what the ones before it
# define on `window.SB`; the question kinds (`kinds/*.js`, by name) come between the two parts.
SCRIPTS_BEFORE_KINDS = ("lms.js", "state.js", "random.js", "tracking.js", "pages.js")
SCRIPTS_AFTER_KINDS = ("questions.js", "summary.js", "main.js")
STYLES = ("style.css", "questions.css", "kinds/kinds.css")  # inlined in this order
KINDS_FOLDER = "kinds/"


_ORDER = (*SCRIPTS_BEFORE_KINDS, KINDS_FOLDER, *SCRIPTS_AFTER_KINDS, *STYLES)


def _rank(name: str) -> tuple[int, str]:
    """Position in `_ORDER` (len(_ORDER) when it has none), then the name."""
    if (
        name.startswith(KINDS_FOLDER)
        and name.endswith(".js")
        and "/" not in name[len(KINDS_FOLDER) :]
    ):
        return _ORDER.index(KINDS_FOLDER), name
    return (_ORDER.index(name), name) if name in _ORDER else (len(_ORDER), name)


@cache
def asset_files() -> dict[str, Path]:
    """Package path (`assets/…`) → file, for every file of the runtime: the scripts in load
    order, then the stylesheets in cascade order, then anything else by name (read once per
    process: a build asks for them for every module)."""
    root = assets_dir()
    files = (
        [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".")]
        if root.is_dir()
        else []
    )
    files.sort(key=lambda p: _rank(p.relative_to(root).as_posix()))
    return {"assets/" + p.relative_to(root).as_posix(): p for p in files}


def unordered_assets() -> list[str]:
    """Scripts and stylesheets in `assets/` with no place in the load order (a build problem)."""
    return [
        name
        for name in asset_files()
        if name.endswith((".js", ".css")) and _rank(name.removeprefix("assets/"))[0] == len(_ORDER)
    ]
