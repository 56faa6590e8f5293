"""How commands write: results to stdout, diagnostics to stderr, and the exit codes."""

from __future__ import annotations

import sys
from typing import Literal

from ..checks.report.problems import Report

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
ReportFormat = Literal["text", "json", "github"]


def error(message: str) -> None:
    """One `landmine-news: error: ...` line on stderr."""
    sys.stderr.write(f"landmine-news: error: {message}\n")


def write_safely(text: str) -> None:
    """Write `text` to stdout; what its encoding cannot hold is written as an escape, never a crash."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))


def print_report(report: Report, fmt: ReportFormat, limit: int) -> None:
    """A validation report on stdout in the chosen format."""
    from ..checks.report import render as report_render

    if fmt == "json":
        write_safely(report_render.as_json(report))
    elif fmt == "github":
        write_safely(report_render.github(report, limit))
    else:
        write_safely(report_render.text(report, limit))
