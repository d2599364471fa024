"""Theme (builder/theme.py): contrast of the course colour and of the stylesheet, font stacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from builder_project import COURSE, ROOT, load_problems, module, write_project

from builder import theme
from builder.course import load_course
from builder.render import LAUNCH_PAGE

STYLE = (ROOT / "assets" / "style.css").read_text(encoding="utf-8")


def test_contrast_matches_wcag() -> None:
    assert theme.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert theme.contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert theme.contrast("#777777", "#ffffff") < 4.5


def test_the_stylesheet_keeps_its_contrast() -> None:
    assert theme.palette_problems(STYLE) == []
    assert theme.palette(STYLE)["soft"] == theme.SOFT


def test_a_paler_stylesheet_colour_is_caught() -> None:
    paler = STYLE.replace("--muted: #4a4f54;", "--muted: #9aa0a6;")
    problems = theme.palette_problems(paler)
    assert any(
        p.startswith("--muted #9aa0a6 on white #ffffff has 2.6:1 contrast") for p in problems
    )


@pytest.mark.parametrize("colour", ["#ffcc00", "#2b8cc4", "#00a0a0"])
def test_a_course_colour_too_light_is_an_error_naming_it(tmp_path: Path, colour: str) -> None:
    problems = load_problems(tmp_path, {"01-mod.md": module()}, COURSE + f'colour: "{colour}"\n')
    (line,) = [p for p in problems if "`colour`" in p]
    assert line.split("course.yml:", 1)[1].startswith(f"6: `colour` {colour} has ")
    suggested = line.rsplit("such as ", 1)[1]
    assert theme.colour_problems(suggested) == [], "the suggestion itself passes"
    assert theme.contrast(suggested, theme.SOFT) >= 4.5


def test_a_dark_enough_colour_and_a_font_reach_the_launch_page(tmp_path: Path) -> None:
    from builder.build import write_package_dir

    course = COURSE + 'colour: "#00695c"\nfont: serif\n'
    write_project(tmp_path, {"01-mod.md": module()}, course)
    loaded = load_course(tmp_path)
    write_package_dir(loaded, loaded.modules[0], "1.2", tmp_path / "out")
    page = (tmp_path / "out" / LAUNCH_PAGE).read_text(encoding="utf-8")
    assert f":root {{ --font: {theme.FONTS['serif']}; }}" in page
    assert ":root { --brand-colour: #00695c; }" in page


def test_an_unknown_font_lists_the_choices(tmp_path: Path) -> None:
    problems = load_problems(tmp_path, {"01-mod.md": module()}, COURSE + "font: Comic Sans\n")
    expected = "course.yml:6: `font` 'Comic Sans' must be one of system, humanist, rounded, serif"
    assert any(p.endswith(expected) for p in problems), problems
