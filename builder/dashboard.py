"""The preview's index: the course as a dashboard of module cards.

Each card shows a module's title and description, its pages, the questions asked (and the pool
when it draws), the minutes, the last build and what `scorm-builder validate` says of both
packages, and links that play it in either SCORM version.
"""

from __future__ import annotations

import time
from html import escape

from builder.model import Course, Module
from builder.scorm import VERSIONS


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _questions(module: Module) -> str:
    pool = len(module.questions)
    asked = module.draw or pool
    if not pool:
        return "none"
    return f"{asked} of {pool}, drawn per attempt" if asked != pool else str(pool)


def _verdict(module: Module, verdicts: dict[tuple[str, str], list[str]]) -> str:
    """`validate`'s word on both packages: valid, or each problem."""
    problems = [line for scorm in VERSIONS for line in verdicts.get((scorm, module.id), [])]
    if not problems:
        return '<dd class="ok">✓ Valid: SCORM 1.2 and 2004</dd>'
    items = "".join(f"<li><code>{escape(line)}</code></li>" for line in problems)
    return f'<dd class="bad">✗ {_plural(len(problems), "problem")}<ul>{items}</ul></dd>'


def _card(module: Module, default: str, verdicts: dict[tuple[str, str], list[str]]) -> str:
    name = escape(module.title)
    links = "".join(
        f'<a class="button{" primary" if version == default else ""}" '
        f'href="/play/{version}/{module.id}">Play in SCORM {version}'
        f'<span class="visually-hidden">: {name}</span></a>'
        for version in VERSIONS
    )
    description = f"<p>{escape(module.description)}</p>" if module.description else ""
    return (
        f'<li class="card"><h2>{name}</h2>{description}<dl class="facts">'
        f"<dt>Pages</dt><dd>{len(module.pages)}</dd>"
        f"<dt>Questions</dt><dd>{_questions(module)}</dd>"
        f"<dt>Minutes</dt><dd>about {module.minutes}</dd>"
        f"<dt>Validate</dt>{_verdict(module, verdicts)}</dl>"
        f'<p class="play">{links}</p></li>'
    )


def dashboard(
    course: Course | None,
    built_at: float | None,
    ok: bool,
    default: str,
    verdicts: dict[tuple[str, str], list[str]],
) -> tuple[str, str]:
    """The index's title and body HTML; `ok`: the latest build succeeded."""
    if course is None:
        return "Course preview", (
            '<header class="bar"><h1>Course preview</h1></header><main id="main" class="index">'
            "<p>Nothing is built yet: fix the problems above and save.</p></main>"
        )
    config = course.config
    when = time.strftime("%H:%M:%S", time.localtime(built_at)) if built_at else "never"
    status = (
        f'<p class="status ok">✓ Built at {when}.</p>'
        if ok
        else f'<p class="status bad">✗ The last build failed; showing the one built at {when}.</p>'
    )
    cards = "".join(_card(module, default, verdicts) for module in course.modules)
    body = (
        f'<header class="bar"><h1>{escape(config.title)}</h1>'
        f"<p>{escape(config.organisation)}: {_plural(len(course.modules), 'module')}, "
        "played in an emulated Moodle 4.5 player. Saving a source rebuilds and reloads.</p>"
        f'</header><main id="main" class="index">{status}<ul class="cards">{cards}</ul></main>'
    )
    return config.title, body
