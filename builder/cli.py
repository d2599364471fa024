"""The `scorm-builder` command line: a table of commands, one module each.

Exit status: 0 success, 1 problems found, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from builder import __version__
from builder.commands import build, check, init, new, preview, report, validate

# name → module with add_parser(subparsers) and run(options); --help lists them in this order
COMMANDS = {
    "init": init,
    "build": build,
    "check": check,
    "validate": validate,
    "new": new,
    "preview": preview,
    "report": report,
}
PASS_THROUGH = {"preview"}  # commands whose run() parses their own arguments

MAIN_EXAMPLES = """\
examples:
  scorm-builder init my-course            start a course in a new folder
  scorm-builder new "Recognising abuse"   start a module
  scorm-builder preview                   see it in a browser while writing
  scorm-builder build --scorm all         make the zips in dist/
  scorm-builder validate dist/*.zip       check them before uploading to Moodle

Run `scorm-builder COMMAND --help` for each command's options.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scorm-builder",
        description="Turn Markdown lessons into SCORM 1.2 and SCORM 2004 packages for Moodle.",
        epilog=MAIN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for command in COMMANDS.values():
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] and args[0] in PASS_THROUGH:
            return COMMANDS[args[0]].run(args[1:])
        options = _parser().parse_args(args)
        return COMMANDS[options.command].run(options)
    except BrokenPipeError:  # `scorm-builder validate *.zip | head`: the reader has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the build's staging folder is already removed
        print("interrupted: nothing was changed", file=sys.stderr)
        return 130
