"""Drive the test LMS (`tests/harness/`): serve it with scorm-again and a package, launch a SCO
in it, read back every API call and what Moodle would have stored."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "harness"
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist"

# Runs in every frame before the page's own scripts (init scripts are not subject to the
# package's Content-Security-Policy): records what the Content-Security-Policy blocked, and
# the event listeners the page adds.
PROBE = """
(() => {
  const blocked = [];
  Object.defineProperty(window, "__blocked", { value: blocked });
  document.addEventListener("securitypolicyviolation", (e) => {
    blocked.push(`${e.violatedDirective} ${e.blockedURI}`);
  });
  const seen = [];
  Object.defineProperty(window, "__listeners", { value: seen });
  const add = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    const target = this === window ? "window" : this === document ? "document" : "element";
    seen.push({ type: String(type), target });
    return add.call(this, type, ...rest);
  };
})();
"""

FIRST_LAUNCH_READS_OK = {"403"}  # 2004: reading an element not set yet (first launch)


class Site:
    """A folder served over HTTP: harness/, scorm-again/ and packages under pkg/<name>/."""

    def __init__(self, root: Path, static_server: Callable[[Path], Any]) -> None:
        root.mkdir(parents=True, exist_ok=True)
        for name, target in (("harness", HARNESS), ("scorm-again", SCORM_AGAIN)):
            link = root / name
            if not link.exists():
                link.symlink_to(target, target_is_directory=True)
        (root / "pkg").mkdir(exist_ok=True)
        self.root = root
        self.server = static_server(root)
        self.url = self.server.url

    def package_dir(self, name: str) -> Path:
        """The folder of package `name` (empty, created)."""
        path = self.root / "pkg" / name
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path

    def harness_url(self, **cfg: Any) -> str:
        return f"{self.url}/harness/index.html?cfg={quote(json.dumps(cfg))}"


@dataclass
class Launch:
    """One launch of a SCO in the test LMS."""

    page: Any
    version: str
    requests: list[str] = field(default_factory=list)

    @property
    def frame(self) -> Any:
        """The SCO's frame (Playwright Frame)."""
        return self.page.frame(name="scorm_object")

    def calls(self) -> list[dict[str, Any]]:
        return self.page.evaluate("harness.calls")

    def stored(self) -> dict[str, str]:
        """What Moodle's database holds: values of every successful commit or finish."""
        return self.page.evaluate("harness.stored")

    def violations(self) -> list[dict[str, Any]]:
        return self.page.evaluate("harness.violations")

    def cmi(self) -> dict[str, Any]:
        """scorm-again's own state of the data model, flattened."""
        return self.page.evaluate("harness.flatCmi()")

    def listeners(self) -> list[dict[str, str]]:
        """Event listeners the SCO's document added (type, target)."""
        return self.frame.evaluate("window.__listeners")

    def blocked(self) -> list[str]:
        """What the package's Content-Security-Policy blocked (directive and URI)."""
        return self.frame.evaluate("window.__blocked")

    def close(self) -> None:
        """Remove the SCO's iframe as Moodle does when the learner leaves (fires pagehide)."""
        self.page.evaluate("harness.closeSco()")

    def errors(self) -> list[dict[str, Any]]:
        """API calls that ended in an error, except first-launch reads of unset elements."""
        return [c for c in self.calls() if is_error(c, self.version)]


@dataclass
class Alone:
    """A launch page opened on its own, with no test LMS around it (preview mode): what a
    `Learner` needs of a `Launch`."""

    page: Any

    @property
    def frame(self) -> Any:
        return self.page.main_frame


def is_error(call: dict[str, Any], version: str) -> bool:
    """True when an API call failed or broke one of Moodle's rules."""
    if call["violation"]:
        return True
    if call["error"] == "0":
        return call["result"] == "false"
    getter = call["method"] in ("GetValue", "LMSGetValue")
    return not (getter and version == "2004" and call["error"] in FIRST_LAUNCH_READS_OK)


def launch(
    page: Any,
    site: Site,
    name: str,
    version: str,
    *,
    preload: dict[str, str] | None = None,
    mode: str = "normal",
    credit: str = "credit",
    faults: dict[str, Any] | None = None,
    no_api: bool = False,
) -> Launch:
    """Open package `name` in the test LMS (as `version`) and wait until its page has loaded."""
    run = Launch(page, version)
    page.on("request", lambda request: run.requests.append(request.url))
    page.add_init_script(PROBE)
    cfg: dict[str, Any] = {
        "version": version,
        "mode": mode,
        "credit": credit,
        "sco": f"/pkg/{name}/index.html",
    }
    if preload:
        cfg["preload"] = preload
    if faults:
        cfg["faults"] = faults
    if no_api:
        cfg["noApi"] = True
    cfg.update(passing_scores(site.root / "pkg" / name / "imsmanifest.xml"))
    page.goto(site.harness_url(**cfg))
    page.wait_for_function("window.harness && window.harness.scoLoaded")
    return run


def passing_scores(manifest: Path) -> dict[str, str]:
    """What Moodle reads from the manifest for the runtime: 1.2 `adlcp:masteryscore` and 2004
    `minNormalizedMeasure` (no manifest, as for a hand-written SCO: neither)."""
    text = manifest.read_text(encoding="utf-8") if manifest.exists() else ""
    mastery = re.search(r"<adlcp:masteryscore>([^<]*)<", text, re.IGNORECASE)
    measure = re.search(r"<imsss:minNormalizedMeasure>([^<]*)<", text)
    return {
        "masteryScore": mastery.group(1) if mastery else "",
        "scaledPassingScore": measure.group(1) if measure else "",
    }


def resume_preload(stored: dict[str, str], version: str) -> dict[str, str]:
    """The CMI data Moodle loads at the next launch (§2.9): 1.2 everything stored, 2004 only
    after `exit=suspend`; `entry` follows the last exit; write-only elements are not read back."""
    if version == "1.2":
        exit_value = stored.get("cmi.core.exit", "")
        data = {
            k: v
            for k, v in stored.items()
            if k not in ("cmi.core.exit", "cmi.core.session_time", "cmi.core.entry")
        }
        data["cmi.core.entry"] = "resume" if exit_value == "suspend" else ""
        return data
    exit_value = stored.get("cmi.exit", "")
    if exit_value == "logout":
        return {"cmi.entry": "resume"}
    if exit_value != "suspend":
        return {"cmi.entry": "ab-initio"}
    data = {
        k: v for k, v in stored.items() if k not in ("cmi.exit", "cmi.session_time", "cmi.entry")
    }
    data["cmi.entry"] = "resume"
    return data


def status_rank(version: str) -> Callable[[str, str], int]:
    """Order of result values: a later write must never rank lower than an earlier one."""
    ranks = {
        "cmi.core.lesson_status": {
            "not attempted": 0,
            "browsed": 1,
            "incomplete": 2,
            "failed": 3,
            "completed": 3,
            "passed": 4,
        },
        "cmi.completion_status": {
            "unknown": 0,
            "not attempted": 0,
            "incomplete": 1,
            "completed": 2,
        },
        "cmi.success_status": {"unknown": 0, "failed": 1, "passed": 2},
    }

    def rank(element: str, value: str) -> int:
        return ranks[element][value]

    return rank


def set_values(calls: list[dict[str, Any]], element: str) -> list[str]:
    """Values successfully set for `element`, in order (by the SCO, or by Moodle at finish)."""
    return [
        c["value"]
        for c in calls
        if c["method"] in ("SetValue", "LMSSetValue", "moodle")
        and c["element"] == element
        and c["result"] == "true"
    ]


def interactions(stored: dict[str, str]) -> dict[str, dict[str, str]]:
    """Interactions in Moodle's store by id (the latest index wins): {field: value}."""
    by_index: dict[int, dict[str, str]] = {}
    for key, value in stored.items():
        m = re.fullmatch(r"cmi\.interactions\.(\d+)\.(.+)", key)
        if m:
            by_index.setdefault(int(m.group(1)), {})[m.group(2)] = value
    return {f["id"]: f for _, f in sorted(by_index.items()) if "id" in f}


MINIMAL_SCO = """<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Minimal SCO</title></head>
<body>
<main>{body}</main>
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


def write_minimal_sco(dest: Path, version: str, body: str = "<h1>Minimal SCO</h1>") -> None:
    """A one-page SCO (index.html) in `dest` that shows `body` (HTML), initialises, and
    exposes `window.sco`."""
    api = "API" if version == "1.2" else "API_1484_11"
    (dest / "index.html").write_text(MINIMAL_SCO.format(api=api, body=body), encoding="utf-8")


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


def module_data(frame: Any) -> dict[str, Any]:
    """The launch page's `module_data` JSON block."""
    return json.loads(frame.locator("#module-data").text_content())


CHOICE_KINDS = ("choice", "multiple", "true-false")

# What the learner sees of each drawn question, in the order shown: its options, items,
# responses, steps and decisions' options (letters; matching items by number).
LAYOUT = """() => Object.fromEntries(
  [...document.querySelectorAll('form.question:not([hidden])')].map((form) => [
    form.dataset.question,
    [...form.querySelectorAll('[data-letter], [data-item], select option')]
      .map((el) => el.dataset.letter || el.dataset.item || el.value),
  ]))"""


class Learner:
    """A learner using the keyboard only (Tab, Shift+Tab, Space, Enter, arrow keys), on the
    questions this attempt drew (visible forms), of every kind.

    Which control to reach is found from the markup of templates/; the control is then
    reached and operated with key presses, never clicks. Answers are tokens as `right` and
    `wrong` give them: choice kinds the letters; matching a response per item in item order;
    ordering the steps in order; a scenario the letter taken at each decision on its path.
    """

    TAB_LIMIT = 120

    def __init__(self, run: Launch | Alone) -> None:
        self.run = run
        self.keyboard = run.page.keyboard
        self.data = module_data(run.frame)

    @property
    def frame(self) -> Any:
        return self.run.frame

    def active(self, predicate: str) -> bool:
        """Whether the focused element of the SCO satisfies the JS predicate of `el`."""
        return self.frame.evaluate(
            f"() => {{ const el = document.activeElement; return !!(el && ({predicate})); }}"
        )

    def tab_until(self, predicate: str) -> None:
        """Press Tab (then Shift+Tab) until the focused element satisfies `predicate`."""
        for key in ("Tab", "Shift+Tab"):
            for _ in range(self.TAB_LIMIT):
                if self.active(predicate):
                    return
                self.keyboard.press(key)
        raise AssertionError(f"no focusable element matching {predicate} reachable by Tab")

    def current_page(self) -> int:
        return self.frame.evaluate(
            "() => Number(document.querySelector('section[data-page]:not([hidden])').dataset.page)"
        )

    def question(self, qid: str) -> dict[str, Any]:
        return next(q for q in self.data["questions"] if q["id"] == qid)

    def asked(self) -> list[dict[str, Any]]:
        """The questions this attempt asks, in module order (a pool's undrawn ones are hidden)."""
        ids = self.frame.evaluate(
            "() => Array.from(document.querySelectorAll('form.question:not([hidden])'))"
            ".map((form) => form.dataset.question)"
        )
        return [q for q in self.data["questions"] if q["id"] in ids]

    def questions_on(self, page: int) -> list[dict[str, Any]]:
        """The questions this attempt asks on `page`."""
        return [q for q in self.asked() if q["page"] == page]

    def layout(self) -> dict[str, list[str]]:
        """Each drawn question's options, items, steps or decisions' options as shown."""
        return self.frame.evaluate(LAYOUT)

    def checked(self, question: dict[str, Any]) -> bool:
        """Whether the question's answer has been checked (its feedback shows)."""
        return self.frame.eval_on_selector(f"#qf-{question['id']}", "el => !el.hidden")

    def shown(self, question: dict[str, Any]) -> list[str]:
        """The answer the page shows, as tokens (choice letters sorted)."""
        qid, kind = question["id"], question["type"]
        form = self.frame.locator(f"#q-{qid}")
        if kind in CHOICE_KINDS:
            return sorted(
                form.evaluate("f => [...f.querySelectorAll('input:checked')].map((el) => el.value)")
            )
        if kind == "matching":
            values = [
                self.frame.eval_on_selector(f"#qm-{qid}-{item['id']}", "el => el.value")
                for item in question["items"]
            ]
            return values if any(values) else []
        if kind == "ordering":
            return self.order(qid)
        chosen = dict(
            form.evaluate(
                "f => [...f.querySelectorAll('[data-decision]:not([hidden]) input:checked')]"
                ".map((el) => [Number(el.closest('[data-decision]').dataset.decision), el.value])"
            )
        )
        letters, number = [], 1
        by_number = {d["number"]: d for d in question["decisions"]}
        while number in chosen:
            letters.append(chosen[number])
            number = next(o["next"] for o in by_number[number]["options"] if o["id"] == letters[-1])
        return letters

    def go_to(self, qid: str) -> None:
        while self.current_page() < self.question(qid)["page"]:
            self.next_page()

    def check(self, qid: str) -> None:
        """Enter on the question's submit button (Check answer, or Choose in a case)."""
        self.tab_until(f"el.type === 'submit' && el.form && el.form.id === 'q-{qid}'")
        self.keyboard.press("Enter")

    def radio(self, name: str, letter: str, count: int) -> None:
        """In the radio group `name`: Tab into it, Space, then arrows to `letter`."""
        target = f"el.value === {json.dumps(letter)} && el.checked"
        self.tab_until(f"el.type === 'radio' && el.name === {json.dumps(name)}")
        if not self.active("el.checked"):
            self.keyboard.press("Space")
        for _ in range(count):
            if self.active(target):
                break
            self.keyboard.press("ArrowDown")
        assert self.active(target)

    def select(self, question: dict[str, Any], tokens: list[str]) -> None:
        """Give `tokens` as the answer without checking it (a scenario: take its decisions)."""
        qid, kind = question["id"], question["type"]
        if kind == "multiple":
            for option in question["options"]:
                box = f"qo-{qid}-{option['id']}"
                ticked = self.frame.eval_on_selector(f"#{box}", "el => el.checked")
                if ticked != (option["id"] in tokens):
                    self.tab_until(f"el.id === {json.dumps(box)}")
                    self.keyboard.press("Space")
        elif kind in CHOICE_KINDS:
            (letter,) = tokens
            self.radio(qid, letter, len(question["options"]))
        elif kind == "matching":
            self.match(qid, tokens, check=False)
        elif kind == "ordering":
            self.arrange(qid, tokens, check=False)
        else:
            self.case(qid, tokens)

    def answer(self, question: dict[str, Any], tokens: list[str]) -> None:
        """Give `tokens` as the answer and check it (Enter on its button)."""
        qid = question["id"]
        if question["type"] == "scenario":
            self.case(qid, tokens)
        else:
            self.select(question, tokens)
            self.check(qid)
        self.frame.wait_for_selector(f"#qf-{qid}:not([hidden])")

    def match(self, qid: str, letters: list[str], check: bool = True) -> None:
        """Each item's response (in item order; "" leaves it) chosen with the arrow keys on
        its <select>."""
        for number, letter in enumerate(letters, 1):
            if not letter:
                continue
            select = f"qm-{qid}-{number}"
            self.tab_until(f"el.id === {json.dumps(select)}")
            for key in ("ArrowDown", "ArrowUp"):
                for _ in range(len(self.question(qid)["responses"]) + 1):
                    if self.active(f"el.value === {json.dumps(letter)}"):
                        break
                    self.keyboard.press(key)
            assert self.active(f"el.value === {json.dumps(letter)}")
        if check:
            self.check(qid)
            self.frame.wait_for_selector(f"#qf-{qid}:not([hidden])")

    def order(self, qid: str) -> list[str]:
        """The steps of an ordering question as shown."""
        return self.frame.eval_on_selector_all(
            f"#q-{qid} .order-step", "els => els.map((el) => el.dataset.letter)"
        )

    def arrange(self, qid: str, letters: list[str], check: bool = True) -> None:
        """Moves steps with their Move up buttons until the order is `letters` (at least one
        move: an untouched order is not an answer)."""
        moved = False
        for position, letter in enumerate(letters):
            moves = self.order(qid).index(letter) - position
            if moves <= 0:
                continue
            self.tab_until(
                f"el.dataset.move === 'up' && el.closest('.order-step').dataset.letter === "
                f"{json.dumps(letter)} && el.closest('form').id === 'q-{qid}'"
            )
            for _ in range(moves):
                self.keyboard.press("Enter")
            moved = True
        if not moved:  # down and back up again, focus staying with the step
            self.tab_until(f"el.dataset.move === 'down' && el.closest('form').id === 'q-{qid}'")
            self.keyboard.press("Enter")
            self.keyboard.press("Shift+Tab")
            self.keyboard.press("Enter")
        assert self.order(qid) == letters
        if check:
            self.check(qid)
            self.frame.wait_for_selector(f"#qf-{qid}:not([hidden])")

    def decide(self, qid: str, number: int, letter: str) -> None:
        """At decision `number` of a case: the radio button with arrows and Space, then Choose."""
        decision = next(d for d in self.question(qid)["decisions"] if d["number"] == number)
        self.radio(f"{qid}-{number}", letter, len(decision["options"]))
        self.check(qid)

    def case(self, qid: str, letters: list[str]) -> None:
        """The case's decisions not taken yet: each letter at the decision it leads to; when
        the letters end the case, its feedback is waited for."""
        question = self.question(qid)
        path = decisions_taken(question, letters, finished=False)
        for number, letter in list(zip(path, letters, strict=True))[len(self.shown(question)) :]:
            self.decide(qid, number, letter)
        last = next(d for d in question["decisions"] if d["number"] == path[-1])
        if next(o["next"] for o in last["options"] if o["id"] == letters[-1]) is None:
            self.frame.wait_for_selector(f"#qf-{qid}:not([hidden])")

    def action(self, name: str) -> None:
        """Press the button with `data-action=name` (Next, Back, Retry, Finish…) with Enter."""
        self.tab_until(f"el.dataset && el.dataset.action === {json.dumps(name)}")
        self.keyboard.press("Enter")

    def next_page(self) -> None:
        page = self.current_page()
        self.action("next")
        self.frame.wait_for_function(  # the next page, or the one after skipped pages
            f"() => document.querySelector('section[data-page=\"{page}\"]').hidden"
        )

    def to_summary(self) -> None:
        while self.current_page() < len(self.data["pages"]) - 1:
            self.next_page()
        self.frame.wait_for_selector("#results:not([hidden])")

    def complete(
        self,
        choose: Callable[[dict[str, Any]], list[str]],
        *,
        each_page: Callable[[], None] | None = None,
    ) -> None:
        """From the current page to the summary: answer each drawn question not checked yet
        with `choose(question)`."""
        last = len(self.data["pages"]) - 1
        while True:
            page = self.current_page()
            for question in self.questions_on(page):
                if not self.checked(question):
                    self.answer(question, choose(question))
            if each_page:
                each_page()
            if page == last:
                return
            self.next_page()


def decisions_taken(case: dict[str, Any], letters: list[str], finished: bool = True) -> list[int]:
    """The decision numbers the letters go through, from the module data (`finished`: the
    letters must end the case)."""
    taken, number = [], 1
    by_number = {d["number"]: d for d in case["decisions"]}
    for letter in letters:
        taken.append(number)
        number = next(o["next"] for o in by_number[number]["options"] if o["id"] == letter)
    assert number is None or not finished, "the letters end the case"
    return taken


def case_path(case: dict[str, Any], best: bool) -> list[str]:
    """The letters of a case taking the best choice at each decision (or never the best)."""
    by_number = {d["number"]: d for d in case["decisions"]}
    letters: list[str] = []
    number = 1
    while number is not None:
        assert len(letters) <= len(by_number), "a case ends"
        decision = by_number[number]
        option = next(o for o in decision["options"] if (o["id"] == decision["best"]) == best)
        letters.append(option["id"])
        number = option["next"]
    return letters


def right(question: dict[str, Any]) -> list[str]:
    """The right answer of a question of any kind, as tokens."""
    kind = question["type"]
    if kind == "matching":
        return [item["answer"] for item in question["items"]]
    if kind == "ordering":
        return [step["id"] for step in question["steps"]]
    if kind == "scenario":
        return case_path(question, best=True)
    return [o["id"] for o in question["options"] if o["correct"]]


def wrong(question: dict[str, Any]) -> list[str]:
    """An answer with no credit: the first incorrect option; every item matched to another
    response; the steps rotated by one; never the best choice in a case."""
    kind = question["type"]
    if kind == "matching":
        letters = [r["id"] for r in question["responses"]]
        return [next(x for x in letters if x != item["answer"]) for item in question["items"]]
    if kind == "ordering":
        steps = right(question)
        return steps[1:] + steps[:1]
    if kind == "scenario":
        return case_path(question, best=False)
    return [next(o["id"] for o in question["options"] if not o["correct"])]


VERSIONS = ("1.2", "2004")


def real_module_ids() -> list[str]:
    """Module ids of the repository's course (empty while it has none)."""
    from builder.build import load_course

    if not (ROOT / "course.yml").exists():
        return []
    return [module.id for module in load_course(ROOT).modules]


def build_packages(project: Path, dest: Path, prefix: str = "") -> dict[str, Path]:
    """Every module of `project` in both versions, unzipped under `dest`; keys
    `<prefix><module-id>@<version>`."""
    from builder.build import load_course, write_package_dir

    course = load_course(project)
    built = {}
    for module in course.modules:
        for version in VERSIONS:
            name = f"{prefix}{module.id}@{version}"
            folder = dest / name.replace("@", "-scorm").replace(".", "")
            write_package_dir(course, module, version, folder)
            built[name] = folder
    return built


def add_package(site: Site, name: str, folder: Path) -> str:
    """Serve `folder` as package `name` in `site`; returns the name to launch."""
    safe = name.replace("@", "-").replace(".", "")
    link = site.root / "pkg" / safe
    if not link.exists():
        link.symlink_to(folder, target_is_directory=True)
    return safe
