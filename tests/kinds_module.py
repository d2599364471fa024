"""The fixture module `kinds` (a matching, an ordering and a case) for the runtime tests that
play it, and what they read of its page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder_project import EVERY_CONSTRUCT
from lms_harness import VERSIONS, Launch, Site, add_package, build_packages, launch

MATCH, ORDER, CASE = "kinds-match", "kinds-order", "kinds-case"
# The style of a question's verdict, once its verdict is checked to come before the
# question's options, items, steps or decisions.
VERDICT_FIRST = """(qid) => {
  const verdict = document.getElementById('qf-' + qid);
  const part = document.querySelector(`#q-${qid} .options, #q-${qid} .match-items,`
    + ` #q-${qid} .order-steps, #q-${qid} .decision`);
  const before = verdict.compareDocumentPosition(part) & Node.DOCUMENT_POSITION_FOLLOWING;
  return before ? verdict.className.replace('question-feedback', '').trim() : 'after';
}"""


def kinds_packages(folder: Path) -> dict[str, Path]:
    """The module in both versions, unzipped under `folder`: version → package folder."""
    built = build_packages(EVERY_CONSTRUCT, folder, only="kinds")
    return {version: built[f"kinds@{version}"] for version in VERSIONS}


def open_kinds(page, site: Site, packages: dict[str, Path], version: str, **kwargs: Any) -> Launch:
    """The module launched in the test LMS as `version`."""
    return launch(
        page, site, add_package(site, f"kinds@{version}", packages[version]), version, **kwargs
    )


def text(run: Launch, selector: str) -> str:
    """An element's text as read aloud: white space collapsed."""
    return " ".join(run.frame.inner_text(selector).split())
