"""The argument parser of `landmine-news`: every command and option, each with its help."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

from .commands import (
    cmd_agree,
    cmd_build,
    cmd_cache,
    cmd_codebook,
    cmd_coverage,
    cmd_diff,
    cmd_migrate,
    cmd_new,
    cmd_schema,
    cmd_stats,
    cmd_suggest,
    cmd_validate,
    cmd_verify,
)

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


def _dataset(p: argparse.ArgumentParser, help: str = "dataset folder (default: ./dataset)") -> None:
    p.add_argument("--dataset", type=Path, default=Path("dataset"), help=help)


def _format(p: argparse.ArgumentParser, choices: tuple[str, ...], help: str = "output format") -> None:
    p.add_argument("--format", choices=choices, default="text", help=help)


def _workers(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--workers", type=worker_count, default=None, metavar="N", help=help)


def _format_options(p: argparse.ArgumentParser) -> None:
    """How problems are printed: the same options wherever a command reports problems."""
    _format(p, ("text", "json", "github"), "how to print problems: text for people, json for scripts, github for CI annotations")
    p.add_argument(
        "--max-problems",
        type=int,
        default=100,
        metavar="N",
        help="show at most N problems in text/github output (0: all; json is never capped)",
    )


def _report_options(p: argparse.ArgumentParser) -> None:
    _dataset(p)
    _format_options(p)
    _workers(p, "parallel worker processes (default: by dataset size)")
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="check every file again, reading and writing no result cache entry (see `landmine-news cache`)",
    )


def _new_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from ..models.vocab import ActorKind, Attribution, Qualifier, QuoteKind, Stance, Unit

    p = sub.add_parser(
        "new",
        help="scaffold a new article file, or append a quote or figure with its anchor checked",
        description="Scaffold records. Nothing is ever overwritten; a quote or figure is appended only after "
        "its text is found in the article's source exactly as `validate` will look for it.",
    )
    kinds = p.add_subparsers(dest="what", required=True, metavar="KIND")
    a = kinds.add_parser(
        "article",
        help="copy a source text into dataset/sources/ and write articles/<id>.yaml",
        description="Copy a source text into dataset/sources/ and write articles/<id>.yaml with its hash and "
        "placeholders for the page's metadata.",
    )
    a.add_argument("--source", type=Path, required=True, help="the source text file (UTF-8, exactly as collected)")
    a.add_argument("--id", help="article id (default: from the file name)")
    a.add_argument("--language", default="en", help="BCP 47 language tag (default: en)")
    q, f = (
        kinds.add_parser(
            kind, help=f"append a {kind} to an article", description=f"Append a {kind} to an article after checking its anchor."
        )
        for kind in ("quote", "figure")
    )
    for x in (q, f):
        x.add_argument("--article", required=True, help="article id")
        x.add_argument("--text", required=True, help="the exact words from the source")
        x.add_argument("--id", help="record id (default: <article>-qNN / -fNN)")
        x.add_argument("--occurrence", type=int, help="which occurrence (1-based), when the text occurs more than once")
        x.add_argument("--notes", help="the curator's notes: every inference and judgement call, and why")
    q.add_argument("--speaker", help="actor id of the speaker")
    q.add_argument(
        "--kind",
        choices=[k.value for k in QuoteKind],
        help="direct (words reproduced), indirect (content reported) or reaction (a reaction without content)",
    )
    q.add_argument("--verb", help="the reporting verb as written, in the text's sentence")
    q.add_argument("--speaker-label", dest="speaker_label", help="the words that name or describe the speaker, as printed")
    q.add_argument(
        "--attribution",
        choices=[k.value for k in Attribution],
        help="explicit, anaphoric or inferred (default: explicit with --verb, inferred without)",
    )
    q.add_argument(
        "--stance", choices=[k.value for k in Stance], help="the speaker's stance toward the decision, if the quote shows one"
    )
    q.add_argument(
        "--co-speaker", dest="co_speakers", action="append", default=[], help="actor id of a joint speaker (repeatable)"
    )
    q.add_argument("--via", help="actor id of the outlet whose reporting relays the statement")
    q.add_argument("--part-of", dest="part_of", help="id of the first clause of the same utterance")
    q.add_argument("--statement", help="id of the utterance the quote reports, shared with its relays in other articles")
    q.add_argument("--relays", help="id of the quote, in another article, whose reporting this one passes on")
    f.add_argument("--measures", help="what the number measures, in plain words")
    f.add_argument("--value", type=finite_number, help="the number as stated (default: from the rule table)")
    f.add_argument("--low", type=finite_number, help="lower bound the wording entails (default: from the rule table)")
    f.add_argument("--high", type=finite_number, help="upper bound the wording entails (default: from the rule table)")
    f.add_argument("--unit", choices=[k.value for k in Unit], help="unit of the value and bounds")
    f.add_argument(
        "--qualifier",
        choices=[k.value for k in Qualifier],
        help="how the source qualifies the number (default: from the rule table)",
    )
    f.add_argument("--base", help="for a proportion or percent: what the share is of")
    f.add_argument("--reported-by", dest="reported_by", help="actor id of who gave the number")
    f.add_argument("--quote", help="id of the quote whose text contains the figure")
    act = kinds.add_parser(
        "actor",
        help="write actors/<id>.yaml for a new actor",
        description="Write a new actor file, checked by the model; refuses an existing file.",
    )
    act.add_argument(
        "--id", required=True, help="actor id, a lowercase slug (the name as a slug, or the article prefix for groups)"
    )
    act.add_argument("--name", required=True, help="the name as the articles most fully give it")
    act.add_argument("--kind", required=True, choices=[k.value for k in ActorKind], help="what sort of actor")
    act.add_argument("--alias", action="append", default=[], help="another form of the name the articles use (repeatable)")
    act.add_argument(
        "--member-of", dest="member_of", action="append", default=[], help="actor id of a body it belongs to (repeatable)"
    )
    act.add_argument("--basis", help="the article words that state the membership (required with --member-of)")
    act.add_argument("--wikidata", help="Wikidata id, only when the identification is certain")
    act.add_argument("--notes", help="curation notes")
    for x in (a, q, f, act):
        _dataset(x)
    p.set_defaults(func=cmd_new)


def parser() -> argparse.ArgumentParser:
    """The whole command line."""
    from ..version import SCHEMA_VERSION, __version__

    ap = argparse.ArgumentParser(prog="landmine-news", description="Validate, build and inspect the landmine-news dataset.")
    ap.add_argument(
        "--version",
        action="version",
        version=f"landmine-news {__version__} (schema {SCHEMA_VERSION})",
        help="show the package and schema versions and exit",
    )
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser(
        "validate",
        help="check the whole dataset; exit 1 when it is invalid",
        description="Check every file and record of the dataset and print every problem with its file, line, "
        "column, field and hint. Exit 0 when valid, 1 when invalid, 2 on a usage or internal error.",
    )
    _report_options(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "build",
        help="validate, then write the release (Parquet, CSV, datapackage.json, SHA256SUMS)",
        description="Validate the dataset and, only when it is valid, write the release atomically into --out.",
    )
    _report_options(p)
    p.add_argument("--out", type=Path, default=Path("build"), help="release folder (default: ./build)")
    p.add_argument(
        "--check", action="store_true", help="write nothing: build into a temporary folder and report whether --out matches it"
    )
    p.add_argument(
        "--no-docs",
        dest="no_docs",
        action="store_true",
        help="leave the checkout's generated documents (codebook, the guide's rule table, the dataset card's articles) alone",
    )
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "cache",
        help="clear the per-file result cache, or print where it is",
        description="validate and build keep each file's result in the user's cache directory (~/.cache/landmine-news "
        "by default, or $LANDMINE_NEWS_CACHE_DIR), keyed on the file's and its source's bytes and the package version, "
        "so unchanged files are not checked again. `clear` deletes the entries; `path` prints the folder.",
    )
    p.add_argument("action", choices=("clear", "path"), help="clear: delete every entry; path: print the cache folder")
    _dataset(p, "ignored: the cache folder is the same for every dataset (kept for scripts)")
    p.set_defaults(func=cmd_cache)

    p = sub.add_parser(
        "verify",
        help="check a downloaded release against its SHA256SUMS and datapackage.json",
        description="Check a release folder: every checksum, every datapackage hash and size, that its tables load"
        " and agree, and its ids and references by validate's rules. Problems are reported as validate's are.",
    )
    p.add_argument(
        "release", type=Path, nargs="?", default=None, help="release folder (default: the release shipped in the package)"
    )
    _format_options(p)
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser(
        "schema",
        help="regenerate schema/<version>/ from the models (or --check it)",
        description="Write the JSON Schemas and Frictionless table schemas of the current schema version.",
    )
    p.add_argument("--out", type=Path, default=Path("schema"), help="schema root folder (default: ./schema)")
    p.add_argument("--check", action="store_true", help="only report whether the committed files are stale")
    p.add_argument("--release", action="store_true", help="pin the current schema version as released (RELEASED.sha256)")
    p.set_defaults(func=cmd_schema)

    _new_command(sub)
    _curation_commands(sub)

    p = sub.add_parser(
        "diff",
        help="compare two releases, or a release and a working dataset, record by record",
        description="List the records added, removed and changed (field by field) between OLD and NEW.",
    )
    p.add_argument("old", type=Path, help="release folder or dataset folder")
    p.add_argument("new", type=Path, help="release folder or dataset folder")
    _format(p, ("text", "json", "markdown"), "markdown gives a data-changes section for CHANGELOG.md and release notes")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when there are differences (like git diff --exit-code)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser(
        "stats",
        help="counts per table, per article, quotes per speaker, figures per unit",
        description="Summary counts of a dataset or release folder.",
    )
    p.add_argument(
        "path", type=Path, nargs="?", default=None, help="dataset or release folder (default: the release shipped in the package)"
    )
    _format(p, ("text", "json", "markdown"))
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "codebook",
        help="regenerate docs/codebook.md and CONTRIBUTING.md's rule table from the models (or --check them)",
        description="Write the codebook (every table, field, type, constraint and allowed value, and the figure rule "
        "table) and the rule-table block of CONTRIBUTING.md, both from the models.",
    )
    p.add_argument("--out", type=Path, default=Path("docs/codebook.md"), help="codebook file (default: ./docs/codebook.md)")
    p.add_argument(
        "--contributing",
        type=Path,
        default=Path("CONTRIBUTING.md"),
        help="guide whose generated rule-table block is rewritten too (default: ./CONTRIBUTING.md)",
    )
    p.add_argument("--check", action="store_true", help="only report whether the files are stale")
    p.set_defaults(func=cmd_codebook)
    return ap


def _curation_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`coverage`, `suggest`, `migrate` and `agree`."""
    p = sub.add_parser(
        "coverage",
        help="list the cues of each source (statements, numbers, names) that no record covers",
        description="For each article's source, list the attribution cues, quantity expressions and names "
        "that no quote, figure or actor covers and that the article's coverage_reviewed does not mark as reviewed. "
        "Exit 0 when there is none, 1 otherwise.",
    )
    p.add_argument("articles", nargs="*", metavar="ARTICLE", help="article ids (default: every article)")
    _dataset(p)
    _format(p, ("text", "json", "github"))
    _workers(p, "parallel worker processes")
    p.set_defaults(func=cmd_coverage)

    p = sub.add_parser(
        "suggest",
        help="candidate quotes and figures for an article's unreviewed coverage findings",
        description="Turn the coverage findings of one article into candidate records (speaker, verb and text, figure "
        "coding guessed by rule), printed as YAML to paste, or appended with --write after the anchor checks of new.",
    )
    p.add_argument("--article", required=True, help="article id")
    _dataset(p)
    p.add_argument("--write", action="store_true", help="append the candidates to the article file instead of printing them")
    p.set_defaults(func=cmd_suggest)

    p = sub.add_parser(
        "migrate",
        help="migrate record files from schema 1.0.0 to 2.0.0 in place (idempotent)",
        description="Do the mechanical part of the 1.0.0 -> 2.0.0 migration (docs/schema-changes.md): attribution, bound "
        "inclusivity, point values, roles moved to notes. Then run validate: it lists what needs judgement.",
    )
    _dataset(p)
    p.add_argument("--check", action="store_true", help="write nothing; exit 1 when a file would change")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser(
        "agree",
        help="compare two curations of the same articles: matches, agreement, Krippendorff's alpha",
        description="Match the articles of curation B to those of curation A (the reference) by source SHA-256, their quotes "
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
    _format(p, ("text", "json", "markdown"))
    p.set_defaults(func=cmd_agree)
