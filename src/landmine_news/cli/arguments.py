"""What every subcommand's parser entry shares: the dataset option's help, `add_command`, value types."""

from __future__ import annotations

import argparse
import math

DATASET_HELP = "dataset folder (default: ./dataset)"


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, description: str
) -> argparse.ArgumentParser:
    """A subcommand with its one-line summary (in the command list) and its description (in its help)."""
    return sub.add_parser(name, help=summary, description=description)


MAX_WORKERS = 512
"""More worker processes than this is a typo, not a machine: each one is a Python process."""


def worker_count(text: str) -> int:
    """A worker count from 1 to `MAX_WORKERS`: 0, -3 or 10^20 workers is a mistake to name, not to guess at."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f"{value} is not a whole number from 1 to {MAX_WORKERS}")
    return value


def finite_number(text: str) -> float:
    """A number as a figure field holds it: `nan`, `inf` and the like are a mistake, not a value."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value
