"""The preview's HTML pages: the index of modules, each module's player, and "not found".

The player page loads the LMS emulator (the `EMULATOR` scripts, in order), `preview.js` (live
reload and build problems) and `player.js` (the package in an iframe beside the inspector).
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from builder.dashboard import dashboard
from builder.scorm import SUSPEND_DATA_LIMIT, VERSIONS

if TYPE_CHECKING:
    from builder.preview_server import PreviewServer

STATIC = Path(__file__).resolve().with_name("preview")
# The LMS emulator (`window.PreviewLMS`), in load order: each script builds on those before it.
EMULATOR = (
    "lms-values.js",
    "lms-model12.js",
    "lms-model2004.js",
    "lms-runtime.js",
    "lms-scorm12.js",
    "lms-scorm2004.js",
)


def _json_for_html(data: Any) -> str:
    """`data` as JSON safe inside a <script> element: no literal `<`, `>` or `&`."""
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page(title: str, body: str, config: dict[str, Any], scripts: Sequence[str]) -> bytes:
    """A preview page: `body`, the build problems banner, `config` as JSON and `scripts`."""
    tags = "".join(f'<script src="/static/{name}" defer></script>' for name in scripts)
    return f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<link rel="stylesheet" href="/static/preview.css">
{tags}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<div id="build-problems" class="problems" role="alert" hidden></div>
{body}
<script type="application/json" id="preview-config">{_json_for_html(config)}</script>
</body>
</html>
""".encode()


def index_page(preview: PreviewServer) -> bytes:
    """The index: the course as a dashboard of module cards."""
    build = preview.build
    title, body = dashboard(
        build.course if build else None,
        build.built_at if build else None,
        not preview.problems,
        preview.default_scorm(),
        build.verdicts if build else {},
    )
    return _page(f"Preview: {title}", body, {"page": "index", **preview.status()}, ["preview.js"])


def player_page(preview: PreviewServer, scorm: str, module_id: str) -> bytes | None:
    """The player of `module_id` in `scorm` with the emulator and inspector; None if unknown."""
    build = preview.build
    if build is None or (scorm, module_id) not in build.launches:
        return None
    module = next(m for m in build.course.modules if m.id == module_id)
    launch = build.launches[(scorm, module_id)]
    other = VERSIONS[1 - VERSIONS.index(scorm)]
    name = html.escape(module.title)
    config = {
        "page": "player",
        "scorm": scorm,
        "module": module_id,
        "title": module.title,
        "launch": f"/package/{scorm}/{module_id}/{launch.href}",
        "masteryScore": launch.mastery_score,
        "launchData": launch.launch_data,
        "scaledPassingScore": launch.scaled_passing_score,
        "completionThreshold": launch.completion_threshold,
        "objectives": list(launch.objectives),
        "suspendLimit": SUSPEND_DATA_LIMIT[scorm],
        **preview.status(),
    }
    body = (STATIC / "player.html").read_text(encoding="utf-8")
    for key, value in {
        "title": name,
        "scorm": scorm,
        "other": other,
        "other_url": f"/play/{other}/{module_id}",
    }.items():
        body = body.replace("{{" + key + "}}", value)
    return _page(
        f"{module.title} (SCORM {scorm}): preview",
        body,
        config,
        [*EMULATOR, "preview.js", "player.js"],
    )


def not_found_page(preview: PreviewServer) -> bytes:
    """The page of an unknown address: a link back to the modules."""
    return _page(
        "Not found",
        '<main id="main" class="index"><h1>Not found</h1>'
        '<p><a href="/">Back to the modules</a></p></main>',
        {"page": "missing", **preview.status()},
        ["preview.js"],
    )
