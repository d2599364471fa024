"""Almost-right content blocks (builder/block_typos.py): each is an error naming its line and
the fix, through the real build, instead of text shown as typed or a block without a title."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from builder_project import load_module, load_problems, module, run_cli, write_project

BLOCKS = "`/// note`, `/// warning`, `/// leaflet`, `/// details`, `/// tab`, `/// caption`, "
BLOCKS += "`/// glossary`"
ATTACH = (
    "applies to nothing here, so learners would see it as typed: write `{.lead}` on the line "
    "right after a paragraph's last line, or `{width=N}` right after an image (headings take none)"
)
CASES = {  # body → the whole message, at line 6 + offset (the body starts at line 6)
    "unknown name": (
        "Hi.\n\n/// notes\nHi\n///\n",
        f"8: `/// notes` is not a block (did you mean `/// note`?): the blocks are {BLOCKS}",
    ),
    "unknown name, no suggestion": (
        "/// aside\nHi\n///\n",
        f"6: `/// aside` is not a block: the blocks are {BLOCKS}",
    ),
    "tip": ("/// tip\nHi\n///\n", f"6: `/// tip` is not a block: the blocks are {BLOCKS}"),
    "tab without title": (
        "/// tab\nBabies.\n///\n",
        "6: `/// tab` needs a title after `|`: write `/// tab | Babies`",
    ),
    "one-line block": (
        "/// notes Hi ///\n",
        "6: `/// notes Hi ///` is not a block (did you mean `/// note`?): the blocks are " + BLOCKS,
    ),
    "one-line note": (
        "/// note Hi ///\n",
        "6: `/// note Hi ///` is not a block opener: write `/// note` (or `/// note | Title`) on "
        "a line of its own, the text on the lines below, then `///` on a line of its own",
    ),
    "details without title": (
        "/// details\nBody.\n///\n",
        "6: `/// details` needs a title after `|`: write `/// details | What happens next?` "
        "(learners open the section by it)",
    ),
    "empty title": (
        "/// note |\nBody.\n///\n",
        "6: `/// note |` has no title after `|`: write one, or remove the `|`",
    ),
    "glossary with title": (
        "/// glossary | Terms\n///\n",
        "6: `/// glossary` takes no title: write `/// glossary` alone on its line",
    ),
    "unknown option": (
        "/// details | Why?\n    opne: true\nBody.\n///\n",
        "7: `opne: true` is not an option here: `/// details` may have `    open: true` on the "
        "lines right after it",
    ),
    "two slashes": (
        "// note\nHi\n",
        f"6: `// note` has 2 slashes: a block starts and ends with `///` ({BLOCKS})",
    ),
    "stray closer": (
        "Text.\n\n///\n",
        f"8: `///` closes no block: remove it, or open the block above it ({BLOCKS})",
    ),
    "unclosed before the next page": (
        "/// note\nHi\n\n## Next\n\nText.\n",
        "6: `/// note` is not closed: end it with a `///` line (before the next `## ` page)",
    ),
    "unknown name in a list": (
        "- An item.\n\n    /// notes\n    Hi\n    ///\n",
        f"8: `/// notes` is not a block (did you mean `/// note`?): the blocks are {BLOCKS}",
    ),
    "one-line block in a quotation": (
        "> /// tip Hi ///\n",
        f"6: `/// tip Hi ///` is not a block: the blocks are {BLOCKS}",
    ),
    "bad option in a list": (
        "- An item.\n\n    /// tab | A\n        opne: true\n    Hi\n    ///\n",
        "8: `/// tab | A` is shown as typed here: a block's `///` lines stand on lines of their "
        "own, with its text between them",
    ),
    "caption on its own": (
        "/// caption\nWhat it shows.\n///\n",
        "6: `/// caption` has no image or table above it: put it right after the `![…](…)` "
        "line or the table it describes",
    ),
    "empty caption": (
        "![A child](p.png)\n\n/// caption\n///\n",
        "8: `/// caption` is empty: write the caption between it and `///`",
    ),
    "empty callout after a full one": (
        "/// leaflet\nSaid.\n///\n\n/// leaflet\n///\n",
        "10: `/// leaflet` is empty: write its text between it and `///`",
    ),
    "empty section": (
        "/// details | Why?\n///\n",
        "6: `/// details` is empty: write its text between it and `///`",
    ),
    "empty second tab": (
        "/// tab | A\nx\n///\n\n/// tab | B\n///\n",
        "10: `/// tab` is empty: write its text between it and `///`",
    ),
    "text in the glossary": (
        "/// glossary\nTerms.\n///\n\n*[A]: b\n",
        "6: `/// glossary` lists the module's abbreviations itself: leave nothing between it "
        "and `///`",
    ),
    "glossary with no abbreviations": (
        "/// glossary\n///\n",
        "6: `/// glossary` has nothing to list: define abbreviations with "
        "`*[DSL]: designated safeguarding lead` lines, or remove the block",
    ),
    "lead under a heading": ("### Section\n{.lead}\n", f"7: `{{.lead}}` {ATTACH}"),
    "lead after a blank line": ("Text.\n\n{.lead}\n", f"8: `{{.lead}}` {ATTACH}"),
    "attributes on a page heading": ("## Page {.lead}\n\nText.\n", f"6: `{{.lead}}` {ATTACH}"),
    "lead on a section heading": (
        "### Section {.lead}\n",
        "6: the attribute class='lead' is not allowed in a module: remove it (an image may have "
        "{width=N}; a paragraph may have {.lead})",
    ),
    "abbreviation without colon": (
        "Tell the DSL.\n\n*[DSL] designated safeguarding lead\n",
        "8: `*[DSL] designated safeguarding lead` is not an abbreviation definition: write "
        "`*[DSL]: designated safeguarding lead` (a colon after `]`)",
    ),
    "abbreviation unclosed": (
        "*[DSL: designated\n",
        "6: `*[DSL: designated`: close the bracket: write `*[DSL: designated]: expansion`",
    ),
    "abbreviation indented": (
        "  *[DSL]: lead\n",
        "6: `*[DSL]: lead`: an abbreviation starts the line: write `*[DSL]: lead`",
    ),
    "colon-style block": (
        "::: note\nHi\n",
        "6: unknown block '::: note': `:::` opens only `::: question` and `::: scenario`; for a "
        "callout write `/// note | Title` (or `/// warning`, `/// leaflet`), the text, then `///`",
    ),
}


def _project(root: Path, body: str) -> Path:
    write_project(root, {"01-mod.md": module(body)})
    (root / "modules" / "p.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_each_typo_is_an_error_with_its_line_and_fix(tmp_path: Path, case: str) -> None:
    body, expected = CASES[case]
    _project(tmp_path, body)
    problems = load_problems(tmp_path, {"01-mod.md": module(body)})
    assert [line.split("/modules/", 1)[1] for line in problems] == [f"01-mod.md:{expected}"]


def test_typos_fail_the_real_build_and_leave_dist_alone(tmp_path: Path) -> None:
    cases = [case for name, case in CASES.items() if name != "glossary with no abbreviations"]
    bodies = [body for body, _ in cases]  # (the other cases define abbreviations)
    starts = [8]  # each case on its own page, so that its line is known
    for body in bodies:
        starts.append(starts[-1] + 2 + body.count("\n") + 1)
    text = "Opening.\n\n" + "".join(f"## Page {n}\n\n{b}\n" for n, b in enumerate(bodies))
    _project(tmp_path, text)
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "earlier-good.zip").write_bytes(b"earlier output")
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for (_, expected), start in zip(cases, starts, strict=False):
        line, message = expected.split(":", 1)
        shifted = int(line) - 6 + start + 2  # after `## Page N` and a blank line
        assert f"modules/01-mod.md:{shifted}:{message}" in lines, (expected, result.stderr)
    assert [(p.name, p.read_bytes()) for p in dist.iterdir()] == [
        ("earlier-good.zip", b"earlier output")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "/// details | A\n    open: true\n/// note\nhi\n///\n///\n",
        "//// details | A\n/// tab | One\nx\n///\n\n/// tab | Two\ny\n///\n////\n",
        "*[photo: a child]*\n\n*[DSL]* is short.\n\n*[a link](p.png)* here.\n",
        "Write `{.lead}` or `/// notes` in code; {name} is text.\n",
        "```\n/// notes\n{.lead}\n*[X] y\n```\n",
        "<!--\n/// notes\n*[X] y\n-->\nText.\n",
        "*[DSL] : designated safeguarding lead\n\nThe DSL.\n",
        "Opening.\n{.lead}\n\n![A child](p.png){width=320}\n\n/// caption\nA child.\n///\n",
    ],
)
def test_valid_forms_still_build(tmp_path: Path, body: str) -> None:
    _project(tmp_path, "")
    assert load_module(tmp_path, body).pages


def test_many_typos_cost_linear_time(tmp_path: Path) -> None:
    body = "/// notes\n" * 10000 + "### S\n{.lead}\n\n" * 4000
    started = time.process_time()
    problems = load_problems(tmp_path, {"01-mod.md": module(body)})
    assert len(problems) == 14000
    assert time.process_time() - started < 7, "each problem's line is found in linear time"
