"""The trainer pack beside each zip: every question, options as Moodle shows them, the right
answer, feedback, key message, where it appears in Moodle's reports; accessible, no script."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from builder_project import EVERY_CONSTRUCT, module, write_project
from report_fixtures import COURSE

from builder.build import build_course
from builder.course import load_course

TWO_KINDS = """\
Opening.

## Check

::: question id=tf-q
Babies are the most vulnerable group.

- [x] True
  > Right: almost half the children who die are under 1.
- [ ] False
  > Look again at the page on babies.
:::

::: question id=multi-q
Which TWO?

- [x] First right
- [ ] A wrong one
- [x] Second right
  > Feedback of the second.

Read the page again if you missed one.
:::
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp("dist")
    build_course(COURSE, out, ["1.2", "2004"])
    return {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.trainer.html")}


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def test_every_package_has_a_trainer_pack_with_every_question(built: dict[str, str]) -> None:
    course = load_course(COURSE)
    assert len(built) == 2 * len(course.modules)
    for module_ in course.modules:
        for suffix in ("scorm12", "scorm2004"):
            page = text_of(built[f"{course.config.id}-{module_.id}-{suffix}.trainer.html"])
            for question in module_.questions:
                assert question.id in page
                for option in question.options:
                    assert html.unescape(option.text) in page


def test_options_right_answer_and_feedback_as_moodle_shows_them(tmp_path: Path) -> None:
    project = write_project(tmp_path / "p", {"01-mod.md": module(TWO_KINDS)})
    build_course(project, tmp_path / "dist", ["1.2", "2004"])
    v12 = (tmp_path / "dist" / "test-course-mod-scorm12.trainer.html").read_text("utf-8")
    v2004 = (tmp_path / "dist" / "test-course-mod-scorm2004.trainer.html").read_text("utf-8")
    assert '<span class="shown">t</span>' in v12 and '<span class="shown">f</span>' in v12
    assert '<span class="shown">true</span>' in v2004
    assert "<code>a,c</code>" in v12 and "<code>a[,]c</code>" in v2004
    assert "Interactions report" in v12 and "Track details" in v2004
    notes = (tmp_path / "dist" / "test-course-mod-scorm12.moodle.txt").read_text("utf-8")
    assert "Give trainers test-course-mod-scorm12.trainer.html" in notes
    for page in (v12, v2004):
        plain = text_of(page)
        assert "Right: almost half the children who die are under 1." in plain
        assert "Feedback of the second." in plain
        assert "Read the page again if you missed one." in plain
        assert "Multiple response" in plain and "True or false" in plain
        assert "<script" not in page and "http" not in page.replace("http-equiv", "")


def test_trainer_pack_passes_axe_and_fits_a_phone(built: dict[str, str], page, tmp_path) -> None:
    name = next(iter(sorted(built)))
    path = tmp_path / name
    path.write_text(built[name], encoding="utf-8")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(path.as_uri())
    violations = Axe().run(page).response["violations"]
    assert [v["id"] for v in violations] == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_scenario_lists_each_decision_with_its_best_choice(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    build_course(EVERY_CONSTRUCT, out, ["1.2"])
    page = (out / "fixture-course-kinds-scorm12.trainer.html").read_text("utf-8")
    plain = text_of(page)
    assert "Question N Right answer N kinds-case-1 a (best choice: Ask Ben, kindly" in plain
    assert "kinds-case-2 b (best choice: Write it down and tell your safeguarding lead" in plain
    assert "kinds-case-3 a (best choice: Record what you see" in plain
    assert "docs/tracking.md" not in page, "trainers do not have the project's docs"
    assert "one answer per decision the learner took" in plain
