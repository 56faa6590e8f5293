"""What every subcommand's parser entry shares: the dataset option's help and `add_command`."""

from __future__ import annotations

import argparse

DATASET_HELP = "dataset folder (default: ./dataset)"


def add_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, summary: str, description: str
) -> argparse.ArgumentParser:
    """A subcommand with its one-line summary (in the command list) and its description (in its help)."""
    return sub.add_parser(name, help=summary, description=description)
