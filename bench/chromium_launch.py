"""How the tests and the benchmark start Chromium: which browser, and with which flags."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_executable(bundled: str) -> str:
    """$CHROMIUM if set; else Playwright's own browser where it is installed (`bundled`);
    else Debian's Chromium (CI, where `playwright install` cannot download)."""
    for candidate in (os.environ.get("CHROMIUM"), bundled):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or "/usr/bin/chromium"
