"""The README's authoring example is a real, buildable course."""

from __future__ import annotations

import re
from pathlib import Path

from builder.build import build_course
from builder.validate import validate_package

README = Path(__file__).resolve().parent.parent / "README.md"


def example(label: str, language: str) -> str:
    """The fenced block of `language` that follows the line `label:` in the README."""
    match = re.search(
        rf"^{re.escape(label)}:\n\n```{language}\n(.*?)^```$", README.read_text(), re.M | re.S
    )
    assert match, f"README has no {language} example after {label}"
    return match.group(1)


def test_the_readme_example_builds_and_validates(tmp_path: Path) -> None:
    (tmp_path / "course.yml").write_text(example("`course.yml`", "yaml"), encoding="utf-8")
    (tmp_path / "modules" / "images").mkdir(parents=True)
    (tmp_path / "modules" / "images" / "services.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    module = example("`modules/01-children.md`", "markdown")
    (tmp_path / "modules" / "01-children.md").write_text(module, encoding="utf-8")
    packages = build_course(tmp_path, tmp_path / "dist", ["1.2", "2004"])
    assert [p.module.id for p in packages] == ["children", "children"]
    assert [len(p.module.questions) for p in packages] == [3, 3]
    assert [q.kind for q in packages[0].module.questions] == ["choice", "multiple", "true-false"]
    for package in packages:
        assert validate_package(package.path) == []
