"""`scorm-builder preview`: serve the course on 127.0.0.1 inside an emulated Moodle player.

The course is built (both SCORM versions) into a temporary folder and served with an index of
the modules and, per module, a player page: the LMS emulator (`preview/lms-*.js`) installed as
`window.API` or `window.API_1484_11`, the package's launch page in an iframe, and an inspector
of every API call and of the data Moodle would store. A change to the sources rebuilds and
reloads open pages through Server-Sent Events; a failed build is shown in the page and the
terminal, and the last good build stays served. The server uses only the standard library:
`preview_server` builds, watches and keeps the stored data, `preview_http` answers requests,
`preview_pages` writes the HTML and `preview_launch` reads what Moodle takes from a manifest.
This module is the command line.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from builder.preview_server import PreviewServer
from builder.scorm import VERSIONS

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
