"""`python -m builder`: the same as the `scorm-builder` command."""

import sys

from builder.cli import main

sys.exit(main())
