"""A package built from the fixture module that uses every construct: what the zip holds."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from builder_project import EVERY_CONSTRUCT

from builder.build import build_course, package_files
from builder.course import load_course
from builder.render import module_data
from builder.resources import asset_files


@pytest.fixture(scope="module")
def course():
    return load_course(EVERY_CONSTRUCT)


def launch_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="module-data">(.*?)</script>', html)
    assert match
    return json.loads(match.group(1))


@pytest.mark.parametrize("scorm", ["1.2", "2004"])
def test_module_data_follows_the_contract(course, scorm):
    mod = course.modules[0]
    data = module_data(course, mod, scorm)
    assert data == {
        "course": "fixture-course",
        "module": "every-construct",
        "title": "Every construct: a fixture",
        "scorm": scorm,
        "passMark": 75,
        "structure": mod.structure,
        "pages": [
            {"slug": "start", "title": "Every construct: a fixture"},
            {"slug": "who-is-a-child", "title": "Who is a child?"},
            {"slug": "signs-of-neglect", "title": "Signs of neglect"},
            {"slug": "key-points", "title": "Key points"},
        ],
        "shuffle": True,
        "draw": None,
        "drawPerObjective": 0,
        "objectives": [],
        "questions": [
            {
                "id": q.id,
                "key": q.key,
                "type": kind,
                "page": page,
                "text": q.text,
                "objective": None,
                "options": [
                    {"id": o.letter, "text": o.text, "correct": o.correct, "pinned": False}
                    for o in q.options
                ],
            }
            for q, kind, page in zip(
                mod.questions,
                ["choice", "multiple", "multiple", "true-false"],
                [1, 2, 2, 2],
                strict=True,
            )
        ],
    }
    assert [q["id"] for q in data["questions"]] == [
        "every-construct-q1",
        "signs-multiple",
        "every-construct-q3",
        "every-construct-q4",
    ]
    files = package_files(course, mod, scorm)
    assert launch_data(files["index.html"].decode()) == data


def test_the_package_holds_runtime_media_and_branding(course, tmp_path):
    (package, *_) = build_course(EVERY_CONSTRUCT, tmp_path, ["1.2"])
    with zipfile.ZipFile(package.path) as archive:
        names = set(archive.namelist())
        html = archive.read("index.html").decode()
    assert [n for n in names if n.startswith("assets/")] == ["assets/runtime.js"]
    runtime = zipfile.ZipFile(package.path).read("assets/runtime.js").decode()
    scripts = [name for name in asset_files() if name.endswith(".js")]
    assert [runtime.index(f"/* {name} */") for name in scripts] == sorted(
        runtime.index(f"/* {name} */") for name in scripts
    ), "every script of assets/, joined in load order"
    assert html.count("<script src=") == 1 and '<script src="assets/runtime.js" defer>' in html
    assert {"imsmanifest.xml", "index.html", "logo.png"} <= names
    assert {
        "media/child-and-adult.png",
        "media/referral-flow-v2.png",
        "media/checklist.pdf",
    } <= names
    assert "\n:root { --brand-colour: #1d70b8; }\n</style>" in html, "brand colour, inlined"
    assert 'rel="stylesheet"' not in html and "assets/style.css" not in names, "no CSS request"
    assert 'src="media/child-and-adult.png"' in html
    assert 'href="media/checklist.pdf"' in html
    assert 'rel="noopener" target="_blank"' in html
    assert "reviewer note" not in html and "inline comment" not in html
    assert "&lt;div&gt;nor raw HTML&lt;/div&gt;" in html
    assert "Content-Security-Policy" in html
    assert "https://" not in re.sub(r'<a href="https://[^"]*"', "", html), "no other host"
