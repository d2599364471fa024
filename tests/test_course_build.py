"""The course as packages: its settings, the shape of every module, and valid zips."""

from __future__ import annotations

from pathlib import Path

import pytest
from course_text import ROOT, module_of

from builder.build import build_course
from builder.course import load_course
from builder.model import Course, Question
from builder.validate import validate_package

MODULES = {
    "children": "Children",
    "families": "Families",
    "listening": "Listening to Children and Families",
    "practice": "Practice Issues",
}


@pytest.fixture(scope="module")
def course() -> Course:
    """The course as the builder reads it."""
    return load_course(ROOT)


def test_course_settings() -> None:
    config = load_course(ROOT).config
    assert config.id == "safeguarding-scr"
    assert config.title == (
        "Safeguarding Children: Everybody's Business — Key Messages From Serious Case Reviews"
    )
    assert config.organisation == "Derbyshire Safeguarding Children Board"
    assert (config.language, config.pass_mark, config.scorm, config.logo) == (
        "en-GB",
        80,
        "1.2",
        None,
    )
    assert config.colour and contrast_with_white(config.colour) >= 4.5


def contrast_with_white(colour: str) -> float:
    """WCAG contrast ratio of white text on `colour` (#rrggbb)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_modules_follow_the_leaflets_sections_in_order(course: Course) -> None:
    assert [(m.id, m.title) for m in course.modules] == list(MODULES.items())
    for module in course.modules:
        assert module.description and module.minutes > 0


@pytest.mark.parametrize("module_id", MODULES)
def test_module_has_opening_teaching_check_and_closing_pages(
    course: Course, module_id: str
) -> None:
    module = module_of(course, module_id)
    slugs = [page.slug for page in module.pages]
    assert slugs[0] == "start"
    assert slugs[-2:] == ["check-your-understanding", "key-points"]
    assert 3 <= len(slugs) - 3 <= 6, "3 to 6 teaching pages"
    assert [page.slug for page in module.pages if page.summary] == ["key-points"]
    for page in module.pages:
        has_questions = any(isinstance(part, Question) for part in page.parts)
        assert has_questions == (page.slug == "check-your-understanding"), page.slug


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_course_builds_and_every_package_validates(tmp_path: Path, version: str) -> None:
    built = build_course(ROOT, tmp_path, [version])
    assert sorted(package.module.id for package in built) == sorted(MODULES)
    suffix = version.replace(".", "")
    for package in built:
        assert package.path.name == f"safeguarding-scr-{package.module.id}-scorm{suffix}.zip"
        assert validate_package(package.path) == []


def test_every_module_is_its_own_module(course: Course) -> None:
    """Each module is a separate LMS activity: no module relies on another for its ids."""
    ids = [q.id for module in course.modules for q in module.questions]
    assert len(ids) == len(set(ids))
    for module in course.modules:
        assert all(q.id.startswith(f"{module.id}-") for q in module.questions)
