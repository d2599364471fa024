"""The preview's state: it builds the course, watches the sources and serves HTTP.

Both SCORM versions of every module are built into a temporary folder; the last good build
stays served when a rebuild fails. The stored data (the "tracks") lives here, per module and
version, so it survives relaunches and page reloads until "Reset attempt" or the end of the
process. The sources (`course.yml`, the modules folder and the media) are polled every half
second; every change of state wakes the pages' event streams through `changed`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from builder.build import write_package_dir
from builder.course import load_course
from builder.errors import BuildError, display_path
from builder.model import Course
from builder.preview_http import PreviewHandler, PreviewHTTPServer
from builder.preview_launch import Launch, read_launch
from builder.scorm import VERSIONS
from builder.validate import validate_package

POLL_SECONDS = 0.5


@dataclass(frozen=True)
class Build:
    """One successful build: the course and its unzipped packages."""

    generation: int
    course: Course
    folder: Path
    launches: dict[tuple[str, str], Launch]  # (scorm, module id) → launch data
    verdicts: dict[tuple[str, str], list[str]]  # (scorm, module id) → `validate` problems
    built_at: float  # time.time() when it finished

    def package_dir(self, scorm: str, module_id: str) -> Path:
        """Where the unzipped package of `module_id` for `scorm` is."""
        return self.folder / scorm / module_id


def _verdict(package: Path, name: str) -> list[str]:
    """What `scorm-builder validate` says of an unpacked package, naming it `name`."""
    shown = display_path(package)
    return [str(problem).replace(shown, name, 1) for problem in validate_package(package)]


class PreviewServer:
    """The preview: builds, watches the sources and serves HTTP on 127.0.0.1."""

    def __init__(
        self,
        project: Path,
        scorm: str | None = None,
        port: int | None = None,
        modules_dir: Path | None = None,
    ) -> None:
        self.project = project.resolve()
        self.modules_dir = modules_dir.resolve() if modules_dir else None
        self.scorm = scorm
        self.workdir = Path(tempfile.mkdtemp(prefix="scorm-preview-"))
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self.build: Build | None = None
        self.problems: list[str] = []
        self.revision = 0
        self.tracks: dict[tuple[str, str], dict[str, str]] = {}
        self.httpd = PreviewHTTPServer(("127.0.0.1", port or 0), PreviewHandler)
        self.httpd.preview = self
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self._threads: list[threading.Thread] = []
        self._seen: dict[Path, tuple[int, int]] = {}

    # ---------------------------------------------------------------- building and watching

    def rebuild(self) -> bool:
        """Build every module for both versions; on failure keep the last good build."""
        generation = (self.build.generation if self.build else 0) + 1
        self._seen = self._snapshot()
        folder = self.workdir / f"build-{generation}"
        try:
            course = load_course(self.project, self.modules_dir)
            launches, verdicts = {}, {}
            for module in course.modules:
                for scorm in VERSIONS:
                    dest = folder / scorm / module.id
                    write_package_dir(course, module, scorm, dest)
                    launches[(scorm, module.id)] = read_launch(dest / "imsmanifest.xml")
                    verdicts[(scorm, module.id)] = _verdict(dest, f"{module.id} (SCORM {scorm})")
        except BuildError as error:
            problems = [str(problem) for problem in error.problems]
        except Exception as error:  # a bug in the builder must not stop the preview
            problems = [f"the build failed unexpectedly: {type(error).__name__}: {error}"]
        else:
            problems = []
        if problems:
            shutil.rmtree(folder, ignore_errors=True)
        with self.changed:
            old = self.build
            if not problems:
                self.build = Build(generation, course, folder, launches, verdicts, time.time())
            self.problems = problems
            self.revision += 1
            self.changed.notify_all()
        if not problems:
            for path in self._watched():  # media the new build refers to
                if path not in self._seen and path.is_file():
                    info = path.stat()
                    self._seen[path] = (info.st_mtime_ns, info.st_size)
        if old and not problems:
            # The build before the previous one: no page can still be loading from it.
            for stale in self.workdir.glob("build-*"):
                if stale not in (folder, old.folder):
                    shutil.rmtree(stale, ignore_errors=True)
        return not problems

    def _watched(self) -> list[Path]:
        files = [self.project / "course.yml"]
        folder = self.modules_dir or self.project / "modules"
        if folder.is_dir():
            files += [path for path in folder.rglob("*") if path.is_file()]
        if self.build:
            config = self.build.course.config
            files += [
                path for module in self.build.course.modules for path in module.media.values()
            ]
            files += [config.logo] if config.logo else []
        return files

    def _snapshot(self) -> dict[Path, tuple[int, int]]:
        state = {}
        for path in self._watched():
            try:
                info = path.stat()
            except OSError:
                continue
            state[path] = (info.st_mtime_ns, info.st_size)
        return state

    def changes_seen(self) -> bool:
        """True (once) when a watched file was added, removed or modified since last asked."""
        now = self._snapshot()
        if now == self._seen:
            return False
        self._seen = now
        return True

    def _watch(self) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            if not self.changes_seen():
                continue
            time.sleep(0.1)  # let an editor finish writing
            started = time.monotonic()
            if self.rebuild():
                elapsed = time.monotonic() - started
                print(f"Rebuilt in {elapsed:.2f} s; reloading the page.", flush=True)
            else:
                self.report_problems()

    def report_problems(self) -> None:
        """Print the build problems on stderr, one `path:line: message` per line."""
        kept = " (still serving the last good build)" if self.build else ""
        print(f"Build failed{kept}:", file=sys.stderr)
        for problem in self.problems:
            print(f"  {problem}", file=sys.stderr)
        sys.stderr.flush()

    # ---------------------------------------------------------------------- state for pages

    def status(self) -> dict[str, Any]:
        """The build state pages poll or receive as events."""
        return {
            "revision": self.revision,
            "generation": self.build.generation if self.build else 0,
            "ok": not self.problems,
            "problems": list(self.problems),
        }

    def default_scorm(self) -> str:
        """The version opened from the index: --scorm, else the course's, else 1.2."""
        if self.scorm:
            return self.scorm
        return self.build.course.config.scorm if self.build else "1.2"

    # ---------------------------------------------------------------------------- lifetime

    def start(self) -> None:
        """Start watching the sources and serving HTTP in background threads."""
        for target in (self._watch, self.httpd.serve_forever):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)

    def close(self) -> None:
        """Stop serving and watching; remove the temporary build folder."""
        self.stopping.set()
        with self.changed:
            self.changed.notify_all()
        if self._threads:
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        shutil.rmtree(self.workdir, ignore_errors=True)


def serve(
    project: Path, scorm: str | None = None, port: int | None = None, modules: Path | None = None
) -> PreviewServer:
    """Build `project` and serve it in background threads; call `close()` when done."""
    server = PreviewServer(project, scorm, port, modules)
    server.rebuild()
    server.start()
    return server
