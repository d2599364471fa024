"""Where the templates and learner assets live: the checkout, else the installed package.

A wheel carries them as `builder/data/templates` and `builder/data/assets`: in the
checkout those are symbolic links to the top-level folders, which the wheel build follows.
"""

from __future__ import annotations

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


def asset_files() -> dict[str, Path]:
    """Package path (`assets/…`) → file, for every file of the runtime, sorted."""
    root = assets_dir()
    files = (
        sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
        if root.is_dir()
        else []
    )
    return {"assets/" + p.relative_to(root).as_posix(): p for p in files}
