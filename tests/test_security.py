"""Security of the output: a strict CSP, no inline code, no eval, no script from author Markdown."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from builder_project import EVERY_CONSTRUCT, ROOT, module, write_project
from lxml import html

from builder.build import build_course, write_package_dir
from builder.course import load_course
from builder.errors import BuildError

CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'{hashes}; img-src 'self'; "
    "media-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'"
)
PROJECTS = {"course": ROOT, "every-construct": EVERY_CONSTRUCT}
HOSTILE_BUT_LEGAL = module(
    "Code is shown, never run: `<script>alert(1)</script>` and `<img src=x onerror=alert(2)>`.\n\n"
    "    <script>alert(3)</script>\n\n"
    "Entities stay text: &lt;script&gt;alert(4)&lt;/script&gt;.\n\n"
    "## A page\n\n[A safe link](https://example.org/?q=<b>)\n"
)


def sha256_base64(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def package_pages(project: Path, tmp_path: Path) -> list[Path]:
    """The launch page of every module of `project`, in both SCORM versions."""
    course = load_course(project)
    pages = []
    for scorm in ("1.2", "2004"):
        for mod in course.modules:
            dest = tmp_path / f"{mod.id}-{scorm}"
            write_package_dir(course, mod, scorm, dest)
            pages.append(dest / "index.html")
    return pages


@pytest.mark.parametrize("name", PROJECTS)
def test_every_launch_page_allows_only_its_own_files(name: str, tmp_path: Path) -> None:
    for page in package_pages(PROJECTS[name], tmp_path):
        tree = html.parse(str(page))
        policies = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        styles = [style.text for style in tree.xpath("//style")]
        assert styles, "the stylesheet is inlined"
        hashes = "".join(f" 'sha256-{sha256_base64(css)}'" for css in styles)
        assert policies == [CSP.format(hashes=hashes)], page
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            handlers = [attr for attr in element.attrib if attr.lower().startswith("on")]
            assert not handlers, f"{page}: inline handler {handlers} on <{element.tag}>"
            assert "style" not in element.attrib, f"{page}: inline style on <{element.tag}>"
            if element.tag == "a":
                assert not element.get("href", "").lower().startswith("javascript:")
        for script in tree.xpath("//script"):
            assert script.get("src") or script.get("type") == "application/json", page
            assert script.get("src") is None or not re.match(r"[a-z]+:", script.get("src")), page


def test_runtime_has_no_eval_and_no_unload_handlers() -> None:
    for script in (ROOT / "assets").rglob("*.js"):
        source = script.read_text(encoding="utf-8")
        for pattern in (r"\beval\s*\(", r"new\s+Function\s*\(", r"setTimeout\s*\(\s*['\"`]"):
            assert not re.search(pattern, source), f"{script.name}: {pattern}"
        assert not re.search(r"['\"](before)?unload['\"]", source), script.name


def test_raw_script_in_markdown_is_refused(tmp_path: Path) -> None:
    project = write_project(tmp_path, {"01-a.md": module("Hello <script>alert(1)</script>\n")})
    with pytest.raises(BuildError) as caught:
        build_course(project, tmp_path / "dist", ["1.2"])
    assert "raw HTML is not allowed" in str(caught.value.problems[0])
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_nothing_from_markdown_runs_in_the_browser(page, static_server, tmp_path: Path) -> None:
    """Code spans, code blocks and entities that look like script stay text; CSP is never hit."""
    project = write_project(tmp_path / "project", {"01-a.md": HOSTILE_BUT_LEGAL})
    course = load_course(project)
    dest = tmp_path / "package"
    write_package_dir(course, course.modules[0], "1.2", dest)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    server = static_server(dest)
    page.goto(f"{server.url}/index.html")
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)
    assert dialogs == []
    assert page.evaluate("window.__violations") == []
    text = page.inner_text("main")
    assert "<script>alert(1)</script>" in text
    assert "<script>alert(4)</script>" in text
