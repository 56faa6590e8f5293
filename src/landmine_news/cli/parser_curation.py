"""The parser entries of the curation commands: coverage and suggest."""

from __future__ import annotations

import argparse
from pathlib import Path

DATASET_HELP = "dataset folder (default: ./dataset)"


def add_curation_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `coverage` and `suggest` to the command line."""
    from .commands_curation import cmd_coverage

    p = sub.add_parser(
        "coverage",
        help="list the cues of each source (statements, numbers, names) that no record covers",
        description="For each article's source, list the attribution cues, quantity expressions and names "
        "that no quote, figure or actor covers and that the article's coverage_reviewed does not mark as reviewed. "
        "Exit 0 when there is none, 1 otherwise.",
    )
    p.add_argument("articles", nargs="*", metavar="ARTICLE", help="article ids (default: every article)")
    p.add_argument("--dataset", type=Path, default=Path("dataset"), help=DATASET_HELP)
    p.add_argument("--format", choices=("text", "json", "github"), default="text", help="output format")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="parallel worker processes")
    p.set_defaults(func=cmd_coverage)
