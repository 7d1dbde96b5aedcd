"""`python -m copydesk`: the CLI, for editors that are given a Python interpreter rather than a path."""

import sys

from copydesk.cli import main

sys.exit(main())
