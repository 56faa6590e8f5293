"""`python -m landmine_news`: the same as the `landmine-news` command."""

import sys

from .cli import main

sys.exit(main())
