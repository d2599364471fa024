"""`scorm-builder preview`: serve the course on 127.0.0.1 inside an emulated Moodle player.

The course is built (both SCORM versions) into a temporary folder and served with an index of
the modules and, per module, a player page: the LMS emulator (`preview/lms.js`) installed as
`window.API` or `window.API_1484_11`, the package's launch page in an iframe, and an inspector
of every API call and of the data Moodle would store. The stored data (the "tracks") lives in
this server process, per module and version, so it survives relaunches and page reloads until
"Reset attempt" or the end of the process. The sources (`course.yml`, the modules folder and the
media) are polled every half second: a change rebuilds and reloads open pages through
Server-Sent Events; a failed build is shown in the page and the terminal, and the last good
build stays served. Only the standard library is used for the server.
"""

from __future__ import annotations

import argparse
import html
import json
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from builder.build import load_course, write_package_dir
from builder.dashboard import dashboard
from builder.errors import BuildError, display_path
from builder.model import Course
from builder.scorm import SUSPEND_DATA_LIMIT, VERSIONS
from builder.validate import validate_package

STATIC = Path(__file__).resolve().with_name("preview")
POLL_SECONDS = 0.5
KEEPALIVE_SECONDS = 15.0

EXAMPLES = """\
examples:
  scorm-builder preview                   every module, on a free port
  scorm-builder preview --port 8000       on http://127.0.0.1:8000/
  scorm-builder preview --scorm 2004      open modules as SCORM 2004 by default

Run it in the folder that holds course.yml. Open the address it prints. Each module
plays in an emulated Moodle player with an inspector of what Moodle would record.
Edits to course.yml, the modules and their images rebuild and reload the page.
Press Ctrl-C to stop.
"""


@dataclass(frozen=True)
class Launch:
    """What Moodle reads from one package's manifest and gives the SCO at launch."""

    href: str
    mastery_score: str
    launch_data: str
    scaled_passing_score: str
    completion_threshold: str
    objectives: tuple[str, ...]  # 2004: every objectiveID, preloaded into cmi.objectives.n.id


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


def _local_name(tag: str) -> str:
    """A tag or attribute name without namespace or prefix, lower case (as Moodle matches)."""
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def read_launch(manifest: Path) -> Launch:
    """The launch URL and the values Moodle's parser keeps from `imsmanifest.xml`."""
    root = ElementTree.parse(manifest).getroot()
    found: dict[str, str] = {}
    objectives: list[str] = []
    href = ""
    for element in root.iter():
        name = _local_name(element.tag)
        text = (element.text or "").strip()
        if name == "resource" and not href:
            attributes = {_local_name(key): value for key, value in element.attrib.items()}
            href = attributes.get("base", "") + attributes.get("href", "")
        elif name in ("masteryscore", "datafromlms") and text not in ("", "0"):
            found.setdefault(name, text)
        elif name in ("primaryobjective", "objective") and element.attrib.get("objectiveID"):
            objectives.append(element.attrib["objectiveID"])
        elif name == "minnormalizedmeasure" and text:
            found["scaled"] = text
        elif name == "completionthreshold":
            found.setdefault("threshold", element.attrib.get("minProgressMeasure", "1.0"))
    return Launch(
        href or "index.html",
        found.get("masteryscore", ""),
        found.get("datafromlms", ""),
        found.get("scaled", ""),
        found.get("threshold", ""),
        tuple(objectives),
    )


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
        self.httpd = _HTTPServer(("127.0.0.1", port or 0), _Handler)
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


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    preview: PreviewServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser closing a connection is normal; anything else is printed in one line."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"preview: {type(error).__name__}: {error}", file=sys.stderr)


# ------------------------------------------------------------------------------------ pages


def _json_for_html(data: Any) -> str:
    return json.dumps(data).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _page(title: str, body: str, config: dict[str, Any], scripts: Sequence[str]) -> bytes:
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


def _verdict(package: Path, name: str) -> list[str]:
    """What `scorm-builder validate` says of an unpacked package, naming it `name`."""
    shown = display_path(package)
    return [str(problem).replace(shown, name, 1) for problem in validate_package(package)]


def _index(preview: PreviewServer) -> bytes:
    build = preview.build
    title, body = dashboard(
        build.course if build else None,
        build.built_at if build else None,
        not preview.problems,
        preview.default_scorm(),
        build.verdicts if build else {},
    )
    return _page(f"Preview: {title}", body, {"page": "index", **preview.status()}, ["preview.js"])


def _player(preview: PreviewServer, scorm: str, module_id: str) -> bytes | None:
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
        ["lms.js", "preview.js", "player.js"],
    )


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    @property
    def preview(self) -> PreviewServer:
        return self.server.preview

    def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, data: Any, status: int = 200) -> None:
        self._send(status, json.dumps(data).encode(), "application/json")

    def _not_found(self) -> None:
        body = _page(
            "Not found",
            '<main id="main" class="index"><h1>Not found</h1>'
            '<p><a href="/">Back to the modules</a></p></main>',
            {"page": "missing", **self.preview.status()},
            ["preview.js"],
        )
        self._send(HTTPStatus.NOT_FOUND, body)

    def _path_parts(self) -> list[str]:
        """The request path's segments, decoded: `/play/1.2/x` → `["play", "1.2", "x"]`."""
        return [unquote(part) for part in urlsplit(self.path).path.split("/")[1:]]

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = self._path_parts()
        preview = self.preview
        if parts in ([""], []):
            self._send(200, _index(preview))
        elif parts[0] == "play" and len(parts) == 3:
            page = _player(preview, parts[1], parts[2])
            self._send(200, page) if page else self._not_found()
        elif parts[0] == "package" and len(parts) >= 4:
            self._package_file(parts[1], parts[2], "/".join(parts[3:]))
        elif parts[0] == "static" and len(parts) == 2:
            self._static(parts[1])
        elif parts[:2] == ["api", "state"] and len(parts) == 4:
            with preview.changed:
                tracks = dict(preview.tracks.get((parts[2], parts[3]), {}))
            self._json({"tracks": tracks})
        elif parts[:2] == ["api", "status"]:
            with preview.changed:
                self._json(preview.status())
        elif parts == ["events"]:
            self._events()
        else:
            self._not_found()

    def do_POST(self) -> None:
        """Commit/Finish: merge the changed elements into the stored tracks, as Moodle does."""
        parts = self._path_parts()
        length = int(self.headers.get("Content-Length") or 0)
        try:
            posted = json.loads(self.rfile.read(length) or b"{}")
            changes = {str(key): str(value) for key, value in posted["changes"].items()}
        except (ValueError, KeyError, AttributeError, TypeError):
            self._json({"ok": False}, HTTPStatus.BAD_REQUEST)
            return
        if parts[:2] != ["api", "state"] or len(parts) != 4:
            self._not_found()
            return
        with self.preview.changed:
            self.preview.tracks.setdefault((parts[2], parts[3]), {}).update(changes)
        self._json({"ok": True})

    def do_DELETE(self) -> None:
        """Reset the attempt: forget the stored tracks."""
        parts = self._path_parts()
        if parts[:2] != ["api", "state"] or len(parts) != 4:
            self._not_found()
            return
        with self.preview.changed:
            self.preview.tracks.pop((parts[2], parts[3]), None)
        self._json({"ok": True})

    def _package_file(self, scorm: str, module_id: str, name: str) -> None:
        build = self.preview.build
        if build is None or (scorm, module_id) not in build.launches:
            self._not_found()
            return
        base = build.package_dir(scorm, module_id).resolve()
        path = (base / name).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            self._not_found()
            return
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        self._send(200, path.read_bytes(), kind)

    def _static(self, name: str) -> None:
        path = STATIC / name
        if name.startswith(".") or "/" in name or not path.is_file():
            self._not_found()
            return
        kinds = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}
        self._send(200, path.read_bytes(), kinds.get(path.suffix, "text/plain") + "; charset=utf-8")

    def _events(self) -> None:
        """Server-Sent Events: the build status now and after every rebuild."""
        preview = self.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            while not preview.stopping.is_set():
                with preview.changed:
                    if preview.revision == seen:
                        preview.changed.wait(KEEPALIVE_SECONDS)
                    status = preview.status()
                if status["revision"] != seen:
                    seen = status["revision"]
                    self.wfile.write(f"event: build\ndata: {json.dumps(status)}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except ConnectionError:
            pass


# ------------------------------------------------------------------------------ command line


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scorm-builder preview",
        description="Serve the course on this computer in an emulated Moodle player, with an\n"
        "inspector of what Moodle would record. Rebuilds and reloads as you edit.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--scorm",
        choices=VERSIONS,
        help="version the index opens (default: `scorm` in course.yml); both are built",
    )
    parser.add_argument(
        "--port", type=int, metavar="N", help="port on 127.0.0.1 (default: a free one)"
    )
    parser.add_argument(
        "--modules", type=Path, metavar="DIR", help="module folder (default: modules/)"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """`scorm-builder preview [--scorm 1.2|2004] [--port N] [--modules DIR]`; exit status.

    Reads `--scorm` (the version the index opens; both are always built), `--port` (default:
    a free port) and `--modules` (default: `modules/`); the project is the working directory.
    Runs until Ctrl-C (or SIGTERM), then exits 0.
    """
    options = _parser().parse_args(sys.argv[1:] if argv is None else list(argv))
    if options.port is not None and not 0 < options.port < 65536:
        print(f"preview: --port must be 1 to 65535, not {options.port}", file=sys.stderr)
        return 2
    if not (Path.cwd() / "course.yml").is_file():
        print(
            "course.yml: not found: run scorm-builder preview in the folder that holds course.yml",
            file=sys.stderr,
        )
        return 1
    try:
        server = PreviewServer(Path.cwd(), options.scorm, options.port, options.modules)
    except OSError as error:
        print(
            f"preview: cannot listen on 127.0.0.1:{options.port}: {error.strerror}", file=sys.stderr
        )
        return 1
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        started = time.monotonic()
        if server.rebuild():
            modules = len(server.build.course.modules) if server.build else 0
            noun = "module" if modules == 1 else "modules"
            print(f"Built {modules} {noun} in {time.monotonic() - started:.2f} s.", flush=True)
        else:
            server.report_problems()
        server.start()
        print(f"Preview at {server.url}  (press Ctrl-C to stop)", flush=True)
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
    print("Preview stopped.", flush=True)
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
