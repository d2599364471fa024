"""`scorm-builder preview`: the preview server, which parses its own options."""

from __future__ import annotations

import argparse

EXAMPLES = """\
examples:
  scorm-builder preview
  scorm-builder preview --help            the preview server's own options
"""


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Register `preview` (its options are parsed by builder.preview)."""
    commands.add_parser(
        "preview",
        help="preview the course in a browser, with an emulated LMS",
        description="Serve the course locally, rebuilding as you edit.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        add_help=False,
    )


def run(arguments: list[str]) -> int:
    """Serve the preview with `arguments` (everything after `preview`)."""
    from builder.preview import main

    return main(arguments)
