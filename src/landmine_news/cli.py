"""The `landmine-news` command: a thin layer over the Python API.

Exit codes: 0 success, 1 invalid data (or a check that found differences), 2 usage or
internal error. Imports are deferred to each command so `validate` starts fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Sequence

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def _print_report(report, fmt: str, limit: int) -> None:
    from . import render

    if fmt == "json":
        sys.stdout.write(render.as_json(report))
    elif fmt == "github":
        sys.stdout.write(render.github(report, limit))
    else:
        sys.stdout.write(render.text(report, limit))


def cmd_validate(args: argparse.Namespace) -> int:
    from .validation import validate

    report = validate(args.dataset, workers=args.workers)
    _print_report(report, args.format, args.max_problems)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_build(args: argparse.Namespace) -> int:
    from .builder import build

    result = build(args.dataset, args.out, workers=args.workers)
    if not result.report.ok:
        _print_report(result.report, args.format, args.max_problems)
        sys.stderr.write("build refused: the dataset is invalid; nothing was written\n")
        return EXIT_INVALID
    if result.report.warnings:
        _print_report(result.report, args.format, args.max_problems)
    counts = ", ".join(f"{n} {t}" for t, n in result.counts.items())
    sys.stderr.write(f"built release {result.version} into {result.out}: {counts}\n")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from .verification import verify

    problems = verify(args.release)
    for line in problems:
        sys.stdout.write(f"{line}\n")
    if problems:
        sys.stdout.write(f"release {args.release} FAILED verification: {len(problems)} problem(s)\n")
        return EXIT_INVALID
    sys.stdout.write(f"release {args.release} verified: checksums and datapackage match\n")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schemagen import check_released, check_schema, mark_released, write_schema

    if args.release:
        sys.stdout.write(f"wrote {mark_released(args.out)}\n")
        return EXIT_OK
    if args.check:
        diffs = check_schema(args.out) + check_released(args.out)
        for d in diffs:
            sys.stdout.write(f"{d}\n")
        if diffs:
            sys.stdout.write("the committed schema is stale: run `landmine-news schema` to regenerate\n")
            return EXIT_INVALID
        sys.stdout.write("schema is up to date\n")
        return EXIT_OK
    folder = write_schema(args.out)
    sys.stdout.write(f"wrote {folder}\n")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_article, new_entry

    try:
        if args.what == "article":
            path = new_article(args.dataset, args.source, args.id, args.language)
            sys.stdout.write(f"wrote {path}: fill in the metadata, then add quotes and figures "
                             f"(landmine-news new quote --article {path.stem} --text ...)\n")
            return EXIT_OK
        if args.what == "quote":
            fields = {"speaker": args.speaker, "kind": args.kind, "verb": args.verb}
            if args.stance:
                fields["stance"] = args.stance
        else:
            # Bounds are optional: leave out the ones not given rather than invite a wrong null.
            fields = {"measures": args.measures, **{k: v for k, v in (("value", args.value), ("low", args.low),
                      ("high", args.high)) if v is not None}, "unit": args.unit, "qualifier": args.qualifier}
            if args.reported_by:
                fields["reported_by"] = args.reported_by
        entry_id = new_entry(args.dataset, args.what, args.article, args.text, fields, args.id, args.occurrence)
    except ScaffoldError as exc:
        sys.stderr.write(f"landmine-news new: {exc}\n")
        return EXIT_INVALID
    sys.stdout.write(f"added {args.what} {entry_id} to articles/{args.article}.yaml; "
                     "fill in any `null  # fill in` fields, then run landmine-news validate\n")
    return EXIT_OK


def cmd_codebook(args: argparse.Namespace) -> int:
    from .codebook import check_codebook, write_codebook

    if args.check:
        if check_codebook(args.out):
            sys.stdout.write(f"{args.out} is up to date\n")
            return EXIT_OK
        sys.stdout.write(f"{args.out} is stale: run `landmine-news codebook` to regenerate\n")
        return EXIT_INVALID
    sys.stdout.write(f"wrote {write_codebook(args.out)}\n")
    return EXIT_OK


def _load_or_report(path: Path):
    from .diff import InvalidDataset, load_any

    try:
        return load_any(path)
    except InvalidDataset as exc:
        _print_report(exc.report, "text", 100)
        sys.stderr.write(f"{path} is not a valid dataset\n")
        return None


def cmd_stats(args: argparse.Namespace) -> int:
    from .stats import render_stats, stats

    ds = _load_or_report(args.path)
    if ds is None:
        return EXIT_INVALID
    sys.stdout.write(render_stats(stats(ds), args.format))
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import diff_datasets, render_diff

    old, new = _load_or_report(args.old), _load_or_report(args.new)
    if old is None or new is None:
        return EXIT_INVALID
    d = diff_datasets(old, new)
    sys.stdout.write(render_diff(d, args.format))
    return EXIT_OK if d.empty or not args.exit_code else EXIT_INVALID


def _add_new_command(sub: argparse._SubParsersAction) -> None:
    from .vocab import Qualifier, QuoteKind, Stance, Unit

    p = sub.add_parser("new", help="scaffold a new article file, or append a quote or figure with its anchor checked")
    kinds = p.add_subparsers(dest="what", required=True, metavar="KIND")
    a = kinds.add_parser("article", help="copy a source text into dataset/sources/ and write articles/<id>.yaml")
    a.add_argument("--source", type=Path, required=True, help="the source text file (UTF-8, exactly as collected)")
    a.add_argument("--id", help="article id (default: from the file name)")
    a.add_argument("--language", default="en", help="BCP 47 language tag (default: en)")
    q = kinds.add_parser("quote", help="append a quote to an article")
    f = kinds.add_parser("figure", help="append a figure to an article")
    for x in (q, f):
        x.add_argument("--article", required=True, help="article id")
        x.add_argument("--text", required=True, help="the exact words from the source")
        x.add_argument("--id", help="record id (default: <article>-qNN / -fNN)")
        x.add_argument("--occurrence", type=int, help="which occurrence, when the text occurs more than once")
    q.add_argument("--speaker", help="actor id of the speaker")
    q.add_argument("--kind", choices=[k.value for k in QuoteKind])
    q.add_argument("--verb", help="the attribution verb as written")
    q.add_argument("--stance", choices=[k.value for k in Stance])
    f.add_argument("--measures", help="what the number measures, in plain words")
    f.add_argument("--value", type=float)
    f.add_argument("--low", type=float)
    f.add_argument("--high", type=float)
    f.add_argument("--unit", choices=[k.value for k in Unit])
    f.add_argument("--qualifier", choices=[k.value for k in Qualifier])
    f.add_argument("--reported-by", dest="reported_by", help="actor id of who gave the number")
    for x in (a, q, f):
        x.add_argument("--dataset", type=Path, default=Path("dataset"), help="dataset folder (default: ./dataset)")
    p.set_defaults(func=cmd_new)


def _add_report_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dataset", type=Path, default=Path("dataset"), help="dataset folder (default: ./dataset)")
    p.add_argument("--format", choices=("text", "json", "github"), default="text", help="how to print problems")
    p.add_argument("--max-problems", type=int, default=100, metavar="N", help="show at most N problems in text/github output (0: all)")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="parallel worker processes (default: by dataset size)")


def parser() -> argparse.ArgumentParser:
    from .version import SCHEMA_VERSION, __version__

    ap = argparse.ArgumentParser(prog="landmine-news", description="Validate, build and inspect the landmine-news dataset.")
    ap.add_argument("--version", action="version", version=f"landmine-news {__version__} (schema {SCHEMA_VERSION})")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check the whole dataset; exit 1 when it is invalid")
    _add_report_options(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("build", help="validate, then write the release (Parquet, CSV, datapackage.json, SHA256SUMS)")
    _add_report_options(p)
    p.add_argument("--out", type=Path, default=Path("build"), help="release folder (default: ./build)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("verify", help="check a downloaded release against its SHA256SUMS and datapackage.json")
    p.add_argument("release", type=Path, nargs="?", default=Path("build"), help="release folder (default: ./build)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("schema", help="regenerate schema/<version>/ from the models (or --check it)")
    p.add_argument("--out", type=Path, default=Path("schema"), help="schema root folder (default: ./schema)")
    p.add_argument("--check", action="store_true", help="only report whether the committed files are stale")
    p.add_argument("--release", action="store_true", help="pin the current schema version as released (RELEASED.sha256)")
    p.set_defaults(func=cmd_schema)

    _add_new_command(sub)

    p = sub.add_parser("diff", help="compare two releases, or a release and a working dataset, record by record")
    p.add_argument("old", type=Path, help="release folder or dataset folder")
    p.add_argument("new", type=Path, help="release folder or dataset folder")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                   help="markdown gives a data-changes section for CHANGELOG.md and release notes")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when there are differences (like git diff --exit-code)")
    p.set_defaults(func=cmd_diff)

    p = sub.add_parser("stats", help="counts per table, per article, quotes per speaker, figures per unit")
    p.add_argument("path", type=Path, nargs="?", default=Path("dataset"), help="dataset or release folder (default: ./dataset)")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("codebook", help="regenerate docs/codebook.md from the models (or --check it)")
    p.add_argument("--out", type=Path, default=Path("docs/codebook.md"))
    p.add_argument("--check", action="store_true", help="only report whether the file is stale")
    p.set_defaults(func=cmd_codebook)
    return ap


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return EXIT_USAGE
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        from .validation import DatasetNotFound

        if isinstance(exc, (DatasetNotFound, FileNotFoundError, NotADirectoryError, FileExistsError, PermissionError, ValueError)):
            sys.stderr.write(f"landmine-news: error: {exc}\n")
            return EXIT_USAGE
        if os.environ.get("LANDMINE_NEWS_DEBUG"):
            raise
        sys.stderr.write(
            f"landmine-news: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug; please report it (set LANDMINE_NEWS_DEBUG=1 for the traceback).\n"
        )
        return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
