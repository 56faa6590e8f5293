"""Commands for curators: coverage, suggest, migrate and agree."""

from __future__ import annotations

import argparse
import sys

from .commands import _load_or_report
from .output import EXIT_INVALID, EXIT_OK, print_report


def cmd_coverage(args: argparse.Namespace) -> int:
    from ..tools.coverage import coverage, render_coverage

    result = coverage(args.dataset, args.articles or None, workers=args.workers)
    if not result.report.ok:
        print_report(result.report, "text", 20)
        sys.stderr.write("the dataset has errors: findings of records that failed validation may be missing\n")
    sys.stdout.write(render_coverage(result, args.format))
    return EXIT_OK if result.total == 0 and result.report.ok else EXIT_INVALID


def cmd_migrate(args: argparse.Namespace) -> int:
    from ..tools.migrate import migrate_dataset

    result = migrate_dataset(args.dataset, dry_run=args.check)
    for path in result.changed:
        sys.stdout.write(f"{'would migrate' if args.check else 'migrated'} {path}\n")
    for entry in result.unreadable:
        sys.stderr.write(f"{entry}; not migrated: run landmine-news validate and fix it first\n")
    sys.stdout.write(
        f"{len(result.changed)} changed, {len(result.unchanged)} already in schema 2.0.0 form; "
        "now run landmine-news validate: it lists what needs a curator's judgement\n"
    )
    if result.unreadable or (args.check and result.changed):
        return EXIT_INVALID
    return EXIT_OK


def cmd_agree(args: argparse.Namespace) -> int:
    from ..tools.agree import agree
    from ..tools.agree_render import render_agreement

    a, b = _load_or_report(args.a), _load_or_report(args.b)
    if a is None or b is None:
        return EXIT_INVALID
    sys.stdout.write(render_agreement(agree(a, b, args.article or None), args.format))
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..tools.suggest import draft, render_suggestions, write_article_fields, write_suggestions

    made = draft(args.dataset, args.article)
    suggestions, skipped = made.suggestions, made.skipped
    if args.write:
        ids = write_suggestions(args.dataset, args.article, suggestions)
        ids += write_article_fields(args.dataset, args.article, made.article_fields)
        made.article_fields = {}
        for s in skipped:
            sys.stderr.write(f"skipped {s.cue!r} (line {s.line}, column {s.column}): {s.reason}\n")
        rest = render_suggestions(args.dataset, args.article, [], None, made)
        if not rest.startswith("# no candidates"):
            sys.stdout.write(rest)  # actors to create, mentions, date fields: the curator's to apply
        sys.stdout.write(
            f"appended or set {len(ids)} suggested record(s) and field(s) in articles/{args.article}.yaml: {', '.join(ids) or 'none'}; "
            "confirm each (see their notes), then run landmine-news validate\n"
        )
        return EXIT_OK
    sys.stdout.write(render_suggestions(args.dataset, args.article, suggestions, skipped, made))
    return EXIT_OK
