"""Small SCOs and courses for the runtime tests: a minimal hand-written SCO that talks to the
test LMS, and a fixture project with a quiz and a reading-only module."""

from __future__ import annotations

from pathlib import Path

MINIMAL_SCO = """<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Minimal SCO</title></head>
<body>
<main><h1>Minimal SCO</h1></main>
<script>
"use strict";
// A hand-written SCO: finds the API as the ADL algorithm does, initialises, and lets the test
// call the API through window.sco; finishes once on pagehide.
(() => {{
  const name = {api!r};
  let win = window, api = null;
  for (let hops = 0; win && hops < 8 && !api; hops += 1) {{
    api = win[name] || null;
    if (win.parent === win) break;
    win = win.parent;
  }}
  const m = name === "API"
    ? {{ init: "LMSInitialize", finish: "LMSFinish", get: "LMSGetValue", set: "LMSSetValue",
        commit: "LMSCommit", error: "LMSGetLastError" }}
    : {{ init: "Initialize", finish: "Terminate", get: "GetValue", set: "SetValue",
        commit: "Commit", error: "GetLastError" }};
  const call = (method, ...args) => api[m[method]](...args);
  window.sco = {{ api, call, started: api ? call("init", "") : null }};
  window.addEventListener("pagehide", () => {{ if (api) call("finish", ""); }});
}})();
</script>
</body>
</html>
"""


def write_minimal_sco(dest: Path, version: str) -> None:
    """A one-page SCO (index.html) in `dest` that initialises and exposes `window.sco`."""
    api = "API" if version == "1.2" else "API_1484_11"
    (dest / "index.html").write_text(MINIMAL_SCO.format(api=api), encoding="utf-8")


FIXTURE_COURSE = """\
id: fixture-course
title: Fixture course
organisation: Test organisation
language: en-GB
pass_mark: 80
scorm: "1.2"
"""

FIXTURE_QUIZ = """\
---
id: quiz
title: Every question type
description: A fixture with one question of each kind.
minutes: 5
---

The opening page of the fixture module.

## Reading

Some reading before the questions.

## Single choice

::: question id=quiz-choice
Which colour is the sky on a clear day?

- [ ] Green
  > Not green.
- [x] Blue
  > Right: blue.
- [ ] Red

The sky scatters blue light most.
:::

## Multiple response

::: question multiple id=quiz-multiple
Which of these are fruits?

- [x] Apple
- [ ] Carrot
  > A carrot is a root vegetable.
- [x] Pear
:::

## True or false

::: question id=quiz-truefalse
Water boils at 100 °C at sea level.

- [x] True
- [ ] False
:::

## Key points

- The sky is blue.
- Apples and pears are fruits.
"""

FIXTURE_READING = """\
---
id: reading
title: Reading only
description: A fixture without questions.
minutes: 2
---

The opening page.

## Second page

More text.

## Key points

- Nothing to answer here.
"""


def write_fixture_project(project: Path) -> Path:
    """A small course in `project`: `quiz` (every question type) and `reading` (no questions)."""
    (project / "modules").mkdir(parents=True, exist_ok=True)
    (project / "course.yml").write_text(FIXTURE_COURSE, encoding="utf-8")
    (project / "modules" / "01-quiz.md").write_text(FIXTURE_QUIZ, encoding="utf-8")
    (project / "modules" / "02-reading.md").write_text(FIXTURE_READING, encoding="utf-8")
    return project
