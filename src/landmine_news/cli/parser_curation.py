"""The parser entries of the curation commands: coverage, suggest, migrate and agree."""

from __future__ import annotations

import argparse
from pathlib import Path

from .arguments import DATASET_HELP, worker_count
from .arguments import add_command as _add


def add_curation_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `coverage`, `suggest`, `migrate` and `agree` to the command line."""
    from .commands_curation import cmd_agree, cmd_coverage, cmd_migrate, cmd_suggest

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
    p.add_argument("--workers", type=worker_count, default=None, metavar="N", help="parallel worker processes")
    p.set_defaults(func=cmd_coverage)

    p = _add(
        sub,
        "suggest",
        "candidate quotes and figures for an article's unreviewed coverage findings",
        "Turn the coverage findings of one article into candidate records (speaker, verb and text, figure "
        "coding guessed by rule), printed as YAML to paste, or appended with --write after the anchor checks of new.",
    )
    p.add_argument("--article", required=True, help="article id")
    p.add_argument("--dataset", type=Path, default=Path("dataset"), help=DATASET_HELP)
    p.add_argument("--write", action="store_true", help="append the candidates to the article file instead of printing them")
    p.set_defaults(func=cmd_suggest)

    p = _add(
        sub,
        "migrate",
        "migrate record files from schema 1.0.0 to 2.0.0 in place (idempotent)",
        "Do the mechanical part of the 1.0.0 -> 2.0.0 migration (docs/schema-changes.md): attribution, bound "
        "inclusivity, point values, roles moved to notes. Then run validate: it lists what needs judgement.",
    )
    p.add_argument("--dataset", type=Path, default=Path("dataset"), help=DATASET_HELP)
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    p.set_defaults(func=cmd_migrate)

    p = _add(
        sub,
        "agree",
        "compare two curations of the same articles: matches, agreement, Krippendorff's alpha",
        "Match the articles of curation B to those of curation A (the reference) by source SHA-256, their quotes "
        "and figures by span and the actors by name or alias, so B needs none of A's ids; score the records as "
        "attribution evaluations do, and list every field the curators disagree on and every record matched "
        "by overlap only, with both spans.",
    )
    p.add_argument("a", type=Path, help="reference curation: a dataset or release folder")
    p.add_argument("b", type=Path, help="second curation: a dataset or release folder")
    p.add_argument(
        "--article",
        action="append",
        metavar="ID",
        help="compare only this article, by either curation's id (repeatable; default: every article both have)",
    )
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="output format")
    p.set_defaults(func=cmd_agree)
