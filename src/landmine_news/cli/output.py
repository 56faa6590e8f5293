"""How commands write: results to stdout, diagnostics to stderr, the exit codes, and the
progress line (stderr, on a terminal only, once work passes a second)."""

from __future__ import annotations

import itertools
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal, TextIO

from ..checks.report.problems import Report

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
ReportFormat = Literal["text", "json", "github"]


def error(message: str) -> None:
    """One `landmine-news: error: ...` line on stderr."""
    sys.stderr.write(f"landmine-news: error: {message}\n")


def print_report(report: Report, fmt: ReportFormat, limit: int) -> None:
    """A validation report on stdout in the chosen format; what stdout's encoding cannot hold
    is written as an escape, never a crash."""
    from ..checks.report import render

    text = (
        render.as_json(report)
        if fmt == "json"
        else render.github(report, limit)
        if fmt == "github"
        else render.text(report, limit)
    )
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding, "replace"))


DELAY = 1.0
"""Seconds of work before the line appears."""
TICK = 0.25


@contextmanager
def progress(label: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show `label` with a spinner and the seconds elapsed while the block runs longer than DELAY."""
    out = stream if stream is not None else sys.stderr
    if not (hasattr(out, "isatty") and out.isatty()):
        yield
        return
    stop, started = threading.Event(), time.monotonic()

    def spin() -> None:
        if stop.wait(DELAY):
            return
        for frame in itertools.cycle("|/-\\"):
            if stop.is_set():
                break
            out.write(f"\r{frame} {label} ({time.monotonic() - started:.0f} s)")
            out.flush()
            stop.wait(TICK)
        out.write("\r\033[K")
        out.flush()

    worker = threading.Thread(target=spin, daemon=True)
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join()
