"""Stage 5, the command line: `landmine-news`, a thin layer over the Python API."""

from .main import main

__all__ = ["main"]
