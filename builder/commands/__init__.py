"""One module per `scorm-builder` command: `add_parser(subparsers)` and `run(options) -> int`.

`builder.cli.COMMANDS` lists them, in the order `--help` shows them.
"""
