"""`python -m builder`: the same as the `scorm-builder` command."""

import sys

from builder.cli import main

if __name__ == "__main__":  # not when a worker process imports it
    sys.exit(main())
