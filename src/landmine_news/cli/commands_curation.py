"""Commands for curators: coverage, suggest, new actor."""

from __future__ import annotations

import argparse
import sys

from .output import EXIT_INVALID, EXIT_OK, print_report


def cmd_coverage(args: argparse.Namespace) -> int:
    from ..tools.coverage import coverage, render_coverage

    result = coverage(args.dataset, args.articles or None, workers=args.workers)
    if not result.report.ok:
        print_report(result.report, "text", 20)
        sys.stderr.write("the dataset has errors: findings of records that failed validation may be missing\n")
    sys.stdout.write(render_coverage(result, args.format))
    return EXIT_OK if result.total == 0 and result.report.ok else EXIT_INVALID
