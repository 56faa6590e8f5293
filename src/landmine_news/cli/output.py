"""How commands write: results to stdout, diagnostics to stderr, the exit codes, and the
progress line (stderr, on a terminal only, once work passes a second: `threading` alone, so
commands that finish quickly pay nothing visible)."""

from __future__ import annotations

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


DELAY = 1.0
"""Seconds of work before the line appears."""
TICK = 0.25
_FRAMES = "|/-\\"


def _run(label: str, stream: TextIO, stop: threading.Event, started: float) -> None:
    if stop.wait(DELAY):
        return
    frame = 0
    while not stop.is_set():
        stream.write(f"\r{_FRAMES[frame % 4]} {label} ({time.monotonic() - started:.0f} s)")
        stream.flush()
        frame += 1
        stop.wait(TICK)
    stream.write("\r\033[K")
    stream.flush()


@contextmanager
def progress(label: str, stream: TextIO | None = None) -> Iterator[None]:
    """Show `label` with a spinner and the seconds elapsed while the block runs longer than DELAY."""
    out = stream if stream is not None else sys.stderr
    if not (hasattr(out, "isatty") and out.isatty()):
        yield
        return
    stop = threading.Event()
    worker = threading.Thread(target=_run, args=(label, out, stop, time.monotonic()), daemon=True)
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join()
