"""Content blocks (builder/blocks.py, builder/media.py): what each renders, and what is refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builder_project import EVERY_CONSTRUCT, load_module, load_problems, module

from builder.course import load_course
from builder.model import Module

WEBVTT = (
    "WEBVTT\n\n00:00.000 --> 00:01.000\n<v Ana>Tell your lead.\n\n00:01.000 --> 00:02.000\nToday.\n"
)


def html(mod: Module, page: int = 0) -> str:
    return "\n".join(part for part in mod.pages[page].parts if isinstance(part, str))


def test_callouts_name_themselves_in_words(tmp_path: Path) -> None:
    body = "/// note\nA note.\n///\n\n/// warning | Take care\nA warning.\n///\n\n"
    body += "/// leaflet\nEverybody's business.\n///\n"
    out = html(load_module(tmp_path, body))
    assert '<div class="admonition note">\n<p class="admonition-title">Note</p>' in out
    assert '<div class="admonition warning">\n<p class="admonition-title">Take care</p>' in out
    assert '<p class="admonition-title">The leaflet says</p>\n<p>Everybody\'s business.</p>' in out


def test_details_tabs_caption_lists_and_tables(tmp_path: Path) -> None:
    tabs = "/// tab | One\nFirst.\n///\n\n/// tab | Two\nSecond.\n///\n"
    body = (
        "/// details | Why?\nBecause.\n///\n\n" + tabs + "\n![A child](pic.png)\n\n"
        "/// caption\nWhat it shows.\n///\n\nTerm\n:   Meaning.\n\n"
        "| Age | Term |\n|:--|--:|\n| 0 | baby |\n\n## Second\n\n" + tabs
    )
    (tmp_path / "modules").mkdir(parents=True)
    (tmp_path / "modules" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    mod = load_module(tmp_path, body)
    out, second = html(mod), html(mod, 1)
    assert "<details>\n<summary>Why?</summary>\n<p>Because.</p>\n</details>" in out
    assert '<input checked id="tabs-1-1" name="tabs-1" type="radio">' in out
    assert '<label for="tabs-1-2">Two</label>' in out
    assert 'id="tabs-2-1"' in second and "tabs-1" not in second, "ids unique in the module"
    assert re.search(r"<figure>\n<p><img alt=\"A child\" [^>]*></p>\n<figcaption>", out)
    assert "<dl>\n<dt>Term</dt>\n<dd>Meaning.</dd>\n</dl>" in out
    assert '<div class="table-wrap"><table>' in out
    assert '<td class="align-right" data-label="Term">baby</td>' in out
    assert "style=" not in out, "alignment by class: the CSP refuses style attributes"


def test_abbreviations_explained_at_first_use_and_listed(tmp_path: Path) -> None:
    body = (
        "Tell the DSL.\n\n## Later\n\nThe DSL again; a CSPR.\n\n## Glossary\n\n"
        "/// glossary\n///\n\n*[DSL]: designated safeguarding lead\n"
        "*[CSPR]: child safeguarding practice review\n"
    )
    mod = load_module(tmp_path, body)
    first, later, glossary = html(mod), html(mod, 1), html(mod, 2)
    assert 'DSL</abbr><span class="abbr-expansion"> (designated safeguarding lead)' in first
    assert 'abbr-expansion"> (designated' not in later, "explained once per module"
    assert 'CSPR</abbr><span class="abbr-expansion"> (child safeguarding' in later
    terms = re.findall(r"<dt>(?:<abbr[^>]*>)?(\w+)", glossary)
    assert terms == ["CSPR", "DSL"]
    assert "<dd>designated safeguarding lead</dd>" in glossary


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('Text\n{onclick="alert(1)"}\n', ":7: the attribute onclick='alert(1)' is not allowed"),
        ('![x](p.png){style="color:red"}\n', ":6: the attribute style='color:red' is not allowed"),
        ("Text\n{.question}\n", ":7: the attribute class='question' is not allowed"),
        ("![x](p.png){width=wide}\n", ":6: the attribute width='wide' is not allowed"),
        ("/// note\n    attrs: {id: main}\nA note.\n///\n", ":7: the attribute id='main'"),
        ("/// note\nSome <b>bold</b>.\n///\n", ":7: raw HTML is not allowed (<b>)"),
        ("/// html | div\n<i>x</i>\n///\n", ":7: raw HTML is not allowed (<i>)"),
        ("*[A]: one\n*[A]: two\n", ":7: *[A] is defined twice, as 'one' and 'two': keep one"),
        (
            "".join(f"/// tab | T{n}\nx\n///\n\n" for n in range(9)),
            "a set of tabs has 9 tabs; keep it to 8 or fewer",
        ),
    ],
)
def test_refused_with_line_and_fix(tmp_path: Path, body: str, expected: str) -> None:
    (tmp_path / "modules").mkdir(parents=True)
    (tmp_path / "modules" / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    problems = load_problems(tmp_path, {"01-mod.md": module(body)})
    assert any(expected in line for line in problems), problems


def test_a_lead_paragraph_and_image_width_are_allowed(tmp_path: Path) -> None:
    (tmp_path / "modules").mkdir(parents=True)
    (tmp_path / "modules" / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    out = html(load_module(tmp_path, "Opening.\n{.lead}\n\n![A map](p.png){width=320}\n"))
    assert '<p class="lead">Opening.</p>' in out
    assert 'width="320"' in out and 'loading="lazy"' in out


def media_project(tmp_path: Path, body: str, captions: str | None = WEBVTT) -> Path:
    clips = tmp_path / "modules" / "clips"
    clips.mkdir(parents=True)
    (clips / "story.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42")
    if captions is not None:
        (clips / "story.vtt").write_text(captions, encoding="utf-8")
    return tmp_path


def test_video_plays_natively_with_captions_and_transcript(tmp_path: Path) -> None:
    mod = load_module(media_project(tmp_path, ""), "![Ana's story](clips/story.mp4)\n")
    out = html(mod)
    assert '<figure class="media media-video"><video aria-label="Ana\'s story" controls' in out
    assert 'src="media/story.mp4"' in out
    assert '<track default kind="captions" label="Captions" src="media/story.vtt">' in out
    assert "<figcaption>Ana's story</figcaption>" in out
    assert "<summary>Transcript: Ana's story</summary><p>Tell your lead.</p><p>Today.</p>" in out
    assert set(mod.media) == {"media/story.mp4", "media/story.vtt"}


@pytest.mark.parametrize(
    ("body", "captions", "expected"),
    [
        (
            "![Story](clips/story.mp4)\n",
            None,
            ":6: the video clips/story.mp4 has no captions: save them as WebVTT in story.vtt",
        ),
        ("![Story](clips/story.mp4)\n", "00:00 --> 00:01\nHi\n", ":6: story.vtt is not WebVTT"),
        ("![Story](clips/story.mp4)\n", "WEBVTT\n", ":6: story.vtt has no captions in it"),
        ("![](clips/story.mp4)\n", WEBVTT, ":6: give the video a title"),
        ("Watch ![Story](clips/story.mp4) now.\n", WEBVTT, ":6: put the video clips/story.mp4"),
        ("![Story](https://example.org/a.mp4)\n", WEBVTT, "is not a file in the project"),
    ],
)
def test_media_problems(tmp_path: Path, body: str, captions: str | None, expected: str) -> None:
    media_project(tmp_path, "", captions)
    problems = load_problems(tmp_path, {"01-mod.md": module(body)})
    assert any(expected in line for line in problems), problems


def test_the_fixture_module_uses_every_block() -> None:
    blocks = next(m for m in load_course(EVERY_CONSTRUCT).modules if m.id == "blocks")
    out = "\n".join(html(blocks, index) for index in range(len(blocks.pages)))
    for marker in (
        'class="lead"',
        "admonition note",
        "admonition warning",
        "The leaflet says",
        "<details>",
        "tabbed-set",
        "<figcaption>",
        "<dl>",
        "data-label=",
        "abbr-expansion",
        'class="glossary"',
        "<audio",
    ):
        assert marker in out, marker
