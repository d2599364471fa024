"""Module files → the model: front matter, pages, Markdown, raw HTML, links and media."""

from __future__ import annotations

from pathlib import Path

import pytest
from builder_project import COURSE, module, write_project
from builder_project import load_module as load
from builder_project import load_problems as problems

from builder.course import load_course
from builder.errors import BuildError


@pytest.fixture(autouse=True)
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def html(page) -> str:
    return "".join(part for part in page.parts if isinstance(part, str))


def test_pages_split_at_level_two_headings(tmp_path):
    mod = load(tmp_path, "Intro.\n\n## First page\n\nOne.\n\n## Second *page*\n\nTwo.\n")
    assert [p.slug for p in mod.pages] == ["start", "first-page", "second-page", "summary"]
    assert [p.title for p in mod.pages] == ["A module", "First page", "Second page", "Summary"]
    assert [p.index for p in mod.pages] == [0, 1, 2, 3]
    assert [p.line for p in mod.pages[:3]] == [6, 8, 12]
    assert html(mod.pages[0]) == "<p>Intro.</p>"
    assert [p.summary for p in mod.pages] == [False, False, False, True]
    assert mod.pages[3].parts == []


def test_opening_page_sections_follow_the_module_title(tmp_path):
    """The opening page's heading is the h1, so its ### sections become h2 (no skipped level)."""
    mod = load(tmp_path, "Intro.\n\n### Before you start\n\n#### Aside\n\n## Page\n\n### Kept\n")
    assert html(mod.pages[0]) == "<p>Intro.</p>\n<h2>Before you start</h2>\n<h3>Aside</h3>"
    assert html(mod.pages[1]) == "<h3>Kept</h3>"


@pytest.mark.parametrize("title", ["Key points", "Summary", "key POINTS"])
def test_closing_page_is_the_summary(tmp_path, title):
    mod = load(tmp_path, f"Intro.\n\n## Page\n\nText.\n\n## {title}\n\n- One point\n")
    assert len(mod.pages) == 3
    assert mod.pages[-1].summary and mod.pages[-1].title == title
    assert "<li>One point</li>" in html(mod.pages[-1])


def test_summary_page_must_be_last(tmp_path):
    found = problems(
        tmp_path, {"01-m.md": module("Intro.\n\n## Key points\n\nX.\n\n## Later\n\nY.\n")}
    )
    assert found == [
        "modules/01-m.md:8: `## Key points` is the closing page: make it the last page"
    ]


def test_slugs_are_unique_ascii_and_short(tmp_path):
    long_title = "Ça va " + "word " * 30
    body = f"I.\n\n## Start\n\nA.\n\n## Same\n\nB.\n\n## Same\n\nC.\n\n## {long_title}\n\nD.\n"
    slugs = [p.slug for p in load(tmp_path, body).pages]
    assert slugs[:4] == ["start", "start-page", "same", "same-2"]
    assert slugs[4].startswith("ca-va-word-") and len(slugs[4]) <= 64


def test_headings_in_fenced_code_do_not_split(tmp_path):
    mod = load(tmp_path, "Intro.\n\n```\n## not a page\n<b>not HTML</b>\n```\n\n## Real\n\nX.\n")
    assert [p.slug for p in mod.pages] == ["start", "real", "summary"]
    assert "## not a page\n&lt;b&gt;not HTML&lt;/b&gt;" in html(mod.pages[0])


def test_markdown_constructs_render(tmp_path):
    body = (
        "Intro with **bold**, *italic*, `code` and a\nline.\n\n"
        "## Page\n\n### Section\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
        "1. one\n2. two\n\n- x\n- y\n\n> quoted\n\nEntities: &copy; &amp; 3 < 4\n"
    )
    mod = load(tmp_path, body)
    intro, page = html(mod.pages[0]), html(mod.pages[1])
    assert "<strong>bold</strong>" in intro and "<em>italic</em>" in intro
    assert "<code>code</code>" in intro
    assert "<h3>Section</h3>" in page
    assert "<table>" in page and '<td data-label="A">1</td>' in page
    assert "<ol>\n<li>one</li>" in page and "<ul>\n<li>x</li>" in page
    assert "<blockquote>\n<p>quoted</p>\n</blockquote>" in page
    assert "&copy; &amp; 3 &lt; 4" in page


def test_html_comments_are_removed(tmp_path):
    body = (
        "<!-- block note -->\n\nIntro <!-- inline note --> text.\n\n<!-- a note\n"
        "over lines -->\n\nAfter `<!-- kept in code -->`.\n"
    )
    mod = load(tmp_path, body)
    out = html(mod.pages[0])
    assert "note" not in out
    assert "<p>Intro  text.</p>" in out
    assert "<code>&lt;!-- kept in code --&gt;</code>" in out


def test_comments_keep_line_numbers(tmp_path):
    body = "<!-- one\ntwo\nthree -->\n\n## Page\n\n![x](missing.png)\n"
    found = problems(tmp_path, {"01-m.md": module(body)})
    assert found == [
        "modules/01-m.md:12: file not found: missing.png (the path is relative to modules/)"
    ]


@pytest.mark.parametrize(
    ("body", "line", "tag"),
    [
        ("Intro.\n\n<div>\nblock\n</div>\n", 8, "<div"),
        ("Intro with <span class='x'>inline</span> HTML.\n", 6, "<span"),
        ("Intro.\n\n## Page\n\nText <b>bold</b>.\n", 10, "<b"),
        ("Intro.\n\n<script>alert(1)</script>\n", 8, "<script"),
    ],
)
def test_raw_html_is_an_error(tmp_path, body, line, tag):
    found = problems(tmp_path, {"01-m.md": module(body)})
    assert found == [
        f"modules/01-m.md:{line}: raw HTML is not allowed ({tag}>): write Markdown instead "
        "(comments are fine)"
    ]


def test_external_links_open_in_a_new_tab(tmp_path):
    body = "[GOV.UK](https://www.gov.uk/) and [mail](mailto:dsl@example.org) and [top](#x)\n"
    out = html(load(tmp_path, body).pages[0])
    assert '<a href="https://www.gov.uk/" rel="noopener" target="_blank">GOV.UK</a>' in out
    assert 'href="mailto:dsl@example.org" rel="noopener" target="_blank"' in out
    assert '<a href="#x">top</a>' in out


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:void(0)",
        "data:text/html,x",
        "vbscript:msgbox",
        "java&#115;cript:alert(1)",
        "&#106;avascript:alert(2)",
        " javascript:alert(3)",
    ],
)
def test_script_and_data_links_are_errors(tmp_path, url):
    found = problems(tmp_path, {"01-m.md": module(f"Intro.\n\n[click]({url})\n")})
    assert len(found) == 1
    assert found[0].startswith("modules/01-m.md:8: ")
    assert "script and data links are not allowed" in found[0]


def test_images_and_files_are_copied_as_media(tmp_path):
    (tmp_path / "modules" / "img").mkdir(parents=True)
    (tmp_path / "modules" / "img" / "Flow Chart (v2).PNG").write_bytes(b"png")
    (tmp_path / "modules" / "img" / "flow-chart-v2.png").write_bytes(b"other")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.pdf").write_bytes(b"%PDF")
    body = (
        "![Flow](img/Flow%20Chart%20(v2).PNG)\n\n![Again](img/Flow%20Chart%20(v2).PNG)\n\n"
        "![Other](img/flow-chart-v2.png)\n\n[Guide](../docs/guide.pdf#page=2)\n"
    )
    mod = load(tmp_path, body)
    assert mod.media == {
        "media/flow-chart-v2.png": tmp_path / "modules/img/Flow Chart (v2).PNG",
        "media/flow-chart-v2-2.png": tmp_path / "modules/img/flow-chart-v2.png",
        "media/guide.pdf": tmp_path / "docs/guide.pdf",
    }
    out = html(mod.pages[0])
    assert out.count('src="media/flow-chart-v2.png"') == 2
    assert 'src="media/flow-chart-v2-2.png"' in out
    assert (
        '<a href="media/guide.pdf#page=2" rel="noopener" target="_blank">Guide'
        '<span class="file-note"> (PDF, 1 KB, opens in a new tab)</span></a>'
    ) in out


def test_missing_outside_and_external_images_are_errors(tmp_path):
    (tmp_path.parent / "secret.png").write_bytes(b"x")
    body = "Intro.\n\n![a](nope.png)\n\n![b](../../secret.png)\n\n![c](https://example.com/c.png)\n"
    assert problems(tmp_path, {"01-m.md": module(body)}) == [
        "modules/01-m.md:8: file not found: nope.png (the path is relative to modules/)",
        "modules/01-m.md:10: ../../secret.png is outside the project; keep linked files inside it",
        "modules/01-m.md:12: image https://example.com/c.png is not a file in the project; "
        "save it and link it by path",
    ]


def test_front_matter_values(tmp_path):
    mod = load(tmp_path, "Intro.\n", description="What you will learn.", pass_mark=70)
    assert (mod.id, mod.title, mod.minutes, mod.pass_mark) == ("mod", "A module", 10, 70)
    assert mod.description == "What you will learn."
    assert mod.source == tmp_path / "modules" / "01-mod.md"


def test_pass_mark_defaults_to_the_course(tmp_path):
    assert load(tmp_path, "Intro.\n").pass_mark == 80


def test_escaped_surrogate_pairs_become_one_character(tmp_path):
    assert load(tmp_path, "Intro.\n", title='"Smile \\ud83d\\ude00"').title == "Smile \U0001f600"


def test_crlf_and_byte_order_mark_are_accepted(tmp_path):
    text = "\ufeff" + module("Intro.\n\n## Page\n\nText.\n").replace("\n", "\r\n")
    write_project(tmp_path, {"01-m.md": text.encode("utf-8")})
    assert [p.slug for p in load_course(tmp_path).modules[0].pages] == ["start", "page", "summary"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            module(typo=1),
            "modules/01-m.md:5: unknown key `typo` (allowed: id, title, minutes, "
            "description, pass_mark, shuffle, draw, draw_per_objective, objectives)",
        ),
        (module(minutes=None), "modules/01-m.md:1: missing required key `minutes`"),
        (module(title=None, id=None), "modules/01-m.md:1: missing required key `id`"),
        (module(id="Not_Valid"), "modules/01-m.md:2: `id` 'Not_Valid' is not a valid id"),
        (module(pass_mark=101), "modules/01-m.md:5: `pass_mark` is 101; it must be from 0 to 100"),
        (module(pass_mark=-5), "modules/01-m.md:5: `pass_mark` is -5; it must be from 0 to 100"),
        (
            module(minutes="ten"),
            "modules/01-m.md:4: `minutes` must be a whole number of at least 1",
        ),
        ("---\nid: m\ntitle: [oops\nminutes: 3\n---\nX\n", "modules/01-m.md:3: invalid YAML"),
        (
            "---\nid: m\nid: n\ntitle: T\nminutes: 3\n---\nX\n",
            "modules/01-m.md:3: `id` is given twice; keep one",
        ),
        ("No front matter.\n", "modules/01-m.md:1: must start with front matter"),
        (
            "---\nid: m\ntitle: T\x1f\nminutes: 3\n---\nX\n",
            "modules/01-m.md:3: invalid YAML: the character U+001F is not allowed; remove it",
        ),
        ("---\nid: m\n", "modules/01-m.md:1: front matter is not closed: add a `---` line"),
        (module(""), "modules/01-m.md:5: module has no content"),
        (module(title="'<b>Bold</b>'"), "modules/01-m.md:3: `title` must be plain text"),
        (module(title="Fish &amp; chips"), "modules/01-m.md:3: `title` must be plain text"),
        (
            module(title='"Bell \\a"'),
            "modules/01-m.md:3: `title` contains a control character: remove it",
        ),
        (
            module(title='"Half \\ud83d"'),
            "modules/01-m.md:3: `title` has a broken \\u escape",
        ),
        (module("Intro.\n\n# Title\n"), "modules/01-m.md:8: `# ` headings are reserved"),
        (module("Intro.\n\n##\n\nX\n"), "modules/01-m.md:8: page heading has no text"),
        (module("Intro.\n\n## ![](x.png)\n\nX\n"), "modules/01-m.md:8: page heading has no text"),
    ],
)
def test_front_matter_and_body_errors(tmp_path, text, expected):
    found = problems(tmp_path, {"01-m.md": text})
    assert any(line.startswith(expected) for line in found), found


def test_non_utf8_input_names_the_line(tmp_path):
    data = module("Intro.\n\nCaf\xe9\n").encode("latin-1")
    assert problems(tmp_path, {"01-m.md": data}) == [
        "modules/01-m.md:8: is not UTF-8 text: save the file as UTF-8"
    ]


def test_duplicate_module_ids(tmp_path):
    found = problems(tmp_path, {"01-a.md": module(id="same"), "02-b.md": module(id="same")})
    assert found == [
        "modules/02-b.md:2: duplicate module id 'same' (also used by modules/01-a.md): "
        "give each module its own id"
    ]


def test_no_modules(tmp_path):
    assert problems(tmp_path, {}) == [
        'modules: no module files (*.md) found: create one with scorm-builder new "Module title"'
    ]


@pytest.mark.parametrize(
    ("course", "expected"),
    [
        (
            COURSE + "colour: red\n",
            "course.yml:6: `colour` 'red' must be a hex colour like #1d70b8",
        ),
        (COURSE + "typo: 1\n", "course.yml:6: unknown key `typo`"),
        (COURSE.replace("pass_mark: 80", "pass_mark: 150"), "course.yml:5: `pass_mark` is 150"),
        (COURSE + "scorm: 1.3\n", "course.yml:6: `scorm` must be 1.2 or 2004, not '1.3'"),
        (COURSE + "logo: nope.png\n", "course.yml:6: `logo` file not found: nope.png"),
        (COURSE + "logo: course.yml\n", "course.yml:6: `logo` must be an image"),
        (
            COURSE.replace("language: en-GB", "language: English (UK)"),
            "course.yml:4: `language` 'English (UK)' is not a language tag like en-GB",
        ),
        ("id: x\n", "course.yml:1: missing required key `title`"),
        ("id: x\ntitle: [a\n", "course.yml:2: invalid YAML"),
        ("- a list\n", "course.yml:1: expected `key: value` lines"),
        ("", "course.yml:1: is empty"),
    ],
)
def test_course_errors(tmp_path, course, expected):
    found = problems(tmp_path, {"01-m.md": module()}, course)
    assert any(line.startswith(expected) for line in found), found


def test_missing_course_file(tmp_path):
    write_project(tmp_path, {"01-m.md": module()})
    (tmp_path / "course.yml").unlink()
    with pytest.raises(BuildError) as caught:
        load_course(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "course.yml: not found: run the build from the folder that holds course.yml"
    ]


def test_every_problem_of_a_run_is_reported(tmp_path):
    found = problems(
        tmp_path,
        {
            "01-a.md": module("Intro <i>x</i>.\n\n![m](missing.png)\n", typo=1),
            "02-b.md": module("::: question\nQ?\n\n- [ ] a\n- [ ] b\n:::\n", id="b"),
            "03-c.md": b"---\nid: c\ntitle: C\nminutes: 1\n---\n\xff\n",
        },
        COURSE + "colour: nope\n",
    )
    assert [line.split(": ")[0] for line in found] == [
        "course.yml:6",
        "modules/01-a.md:5",
        "modules/01-a.md:7",
        "modules/01-a.md:9",
        "modules/02-b.md:6",
        "modules/03-c.md:6",
    ]


def test_email_autolinks_and_other_link_errors(tmp_path):
    out = html(load(tmp_path, "Write to <dsl@example.org>.\n").pages[0])
    assert 'rel="noopener" target="_blank">&#100;&#115;&#108;' in out
    found = problems(
        tmp_path, {"01-m.md": module("Intro.\n\n[Next](02-next.md) [FTP](ftp://x.org/f)\n")}
    )
    assert found == [
        "modules/01-m.md:8: link 02-next.md points to a module file: each module is a separate "
        "package, so name the other module in words instead",
        "modules/01-m.md:8: link ftp://x.org/f uses an unsupported scheme (ftp:)",
    ]


def test_unclosed_comment_is_an_error(tmp_path):
    found = problems(tmp_path, {"01-m.md": module("Intro.\n\n<!-- note\n\nMore.\n")})
    assert found == ["modules/01-m.md:8: HTML comment is not closed: end it with -->"]


def test_each_raw_html_line_is_reported(tmp_path):
    body = "Intro <b>x</b>.\n\nMore <b>y</b> and <b>z</b>.\n\n## Page\n\n<b>w</b>\n"
    lines = [line.split(": ")[0] for line in problems(tmp_path, {"01-m.md": module(body)})]
    assert lines == ["modules/01-m.md:6", "modules/01-m.md:8", "modules/01-m.md:12"]
