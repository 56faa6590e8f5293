"""Entry point of `landmine-news`: parse, run one command, map the outcome to an exit code:
0 success; 1 invalid data or a check that found differences (`DataError`); 2 a usage problem
(`UsageError`) or an internal error; 130 interrupted."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from ..errors import DataError, LandmineNewsError
from .output import EXIT_INTERRUPTED, EXIT_INVALID, EXIT_USAGE, error, progress
from .parser import parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with `argv` (default: the process arguments); returns the exit code."""
    args = parser().parse_args(argv)
    try:
        with progress(f"landmine-news {args.command}: working"):
            code: int = args.func(args)
        return code
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    except DataError as exc:
        error(str(exc))
        return EXIT_INVALID
    except LandmineNewsError as exc:  # a UsageError, or any other the library raises on purpose
        error(str(exc))
        return EXIT_USAGE
    except OSError as exc:
        # The file system refused (permissions, a full disk): not a bug, and not bad data.
        error(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
        return EXIT_USAGE
    except Exception as exc:  # the last line of defence: no traceback for users
        if os.environ.get("LANDMINE_NEWS_DEBUG"):
            raise
        sys.stderr.write(
            f"landmine-news: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug; please report it (set LANDMINE_NEWS_DEBUG=1 for the traceback).\n"
        )
        return EXIT_USAGE
