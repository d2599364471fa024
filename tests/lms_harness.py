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


# Our runtime starts once the frame's first paint is reported, which can come after its load
# event; once it has started, its pager shows (a hand-written SCO has none).
STARTED = "() => { const pager = document.getElementById('pager'); return !pager || !pager.hidden }"


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
    run.frame.wait_for_function(STARTED)
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
    return stored_by_id(stored, "interactions")


def stored_by_id(stored: dict[str, str], area: str) -> dict[str, dict[str, str]]:
    """`cmi.<area>.n.*` in Moodle's store by id (the latest index wins): {field: value}."""
    by_index: dict[int, dict[str, str]] = {}
    for key, value in stored.items():
        m = re.fullmatch(rf"cmi\.{area}\.(\d+)\.(.+)", key)
        if m:
            by_index.setdefault(int(m.group(1)), {})[m.group(2)] = value
    return {f["id"]: f for _, f in sorted(by_index.items()) if "id" in f}


VERSIONS = ("1.2", "2004")


def real_module_ids() -> list[str]:
    """Module ids of the repository's course (empty while it has none)."""
    from builder.course import load_course

    if not (ROOT / "course.yml").exists():
        return []
    return [module.id for module in load_course(ROOT).modules]


def build_packages(
    project: Path, dest: Path, prefix: str = "", only: str | None = None
) -> dict[str, Path]:
    """Every module of `project` (or the one with id `only`) in both versions, unzipped under
    `dest`; keys `<prefix><module-id>@<version>`."""
    from builder.build import write_package_dir
    from builder.course import load_course

    course = load_course(project)
    built = {}
    for module in course.modules:
        if only is not None and module.id != only:
            continue
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
