"""Shared fixtures: a real Chromium through Playwright, and a local HTTP server."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium_launch import CHROMIUM_ARGS, chromium_executable
from lms_harness import Site

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        executable = chromium_executable(playwright.chromium.executable_path)
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page per test."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class StaticServer:
    """Serves a directory on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.root = root
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def static_server() -> Iterator[type[StaticServer]]:
    """Factory: `static_server(path)` starts a server; all are stopped after the test."""
    started: list[StaticServer] = []

    def start(root: Path) -> StaticServer:
        server = StaticServer(root)
        started.append(server)
        return server

    yield start  # type: ignore[misc]
    for server in started:
        server.close()


@pytest.fixture
def site(tmp_path: Path, static_server) -> Site:
    """The test LMS (tests/harness/ with scorm-again) served from a fresh folder."""
    return Site(tmp_path / "site", static_server)


@pytest.fixture
def page_errors(page) -> list[str]:
    """Uncaught exceptions in the page or the SCO."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
