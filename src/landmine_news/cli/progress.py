"""A tiny progress line on stderr, shown only on a terminal and only once work passes a second.

Built on `threading` alone (already loaded by the interpreter's start-up in practice, and
about 1 ms when not), so commands that finish quickly pay nothing visible.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

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
