"""The preview's HTTP server on 127.0.0.1: pages, package files, stored tracks, build events.

`GET /` the index, `/play/<scorm>/<module>` a player, `/package/<scorm>/<module>/<file>` the
unzipped package, `/static/<name>` a file of `builder/preview/`, `/api/status` the build state,
`/api/state/<scorm>/<module>` the tracks (POST merges changes, DELETE resets), `/events` the
build state as Server-Sent Events.
"""

from __future__ import annotations

import json
import mimetypes
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from builder.preview_pages import STATIC, index_page, not_found_page, player_page

if TYPE_CHECKING:
    from builder.preview_server import PreviewServer

KEEPALIVE_SECONDS = 15.0


class PreviewHTTPServer(ThreadingHTTPServer):
    """One thread per request; `preview` is the state the handler serves."""

    daemon_threads = True
    preview: PreviewServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser closing a connection is normal; anything else is printed in one line."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"preview: {type(error).__name__}: {error}", file=sys.stderr)


class PreviewHandler(BaseHTTPRequestHandler):
    """The pages, the package files, the static files, the tracks API and the build events."""

    server: PreviewHTTPServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the terminal shows builds and problems, not requests."""

    @property
    def preview(self) -> PreviewServer:
        """The preview this server serves."""
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
        self._send(HTTPStatus.NOT_FOUND, not_found_page(self.preview))

    def _path_parts(self) -> list[str]:
        """The request path's segments, decoded: `/play/1.2/x` → `["play", "1.2", "x"]`."""
        return [unquote(part) for part in urlsplit(self.path).path.split("/")[1:]]

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        parts = self._path_parts()
        preview = self.preview
        if parts in ([""], []):
            self._send(200, index_page(preview))
        elif parts[0] == "play" and len(parts) == 3:
            page = player_page(preview, parts[1], parts[2])
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
