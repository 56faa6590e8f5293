"""One function per command: call the public API, print the result, return the exit code."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .output import EXIT_INVALID, EXIT_OK, print_report

if TYPE_CHECKING:  # pragma: no cover
    from ..models.dataset import Dataset


def _note_unusable_cache(args: argparse.Namespace) -> None:
    """Say so when the cache folder cannot be one: the run goes on uncached, which is slower."""
    from ..checks.engine.result_cache import ENV, unusable

    why = None if args.no_cache else unusable()
    if why is not None:
        sys.stderr.write(
            f"landmine-news: note: {why}, so nothing is cached; point {ENV} at a folder of its own (or unset it), or pass --no-cache\n"
        )


def cmd_validate(args: argparse.Namespace) -> int:
    from ..checks.engine.validation import validate

    _note_unusable_cache(args)
    report = validate(args.dataset, workers=args.workers, cache=not args.no_cache)
    print_report(report, args.format, args.max_problems)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_build(args: argparse.Namespace) -> int:
    # Arrow's default allocator keeps the pages a written table freed; the system's returns them
    # (a fifth less peak memory: benchmarks/README.md). Set before Arrow is imported, and only by
    # the command: a program that calls `build()` keeps its own allocator.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
    if args.check:
        return _build_check(args)
    from ..release.writer import build

    _note_unusable_cache(args)
    result = build(args.dataset, args.out, workers=args.workers, cache=not args.no_cache)
    if not result.report.ok or result.report.warnings:
        print_report(result.report, args.format, args.max_problems)
    if not result.report.ok:
        sys.stderr.write("build refused: the dataset is invalid; nothing was written\n")
        return EXIT_INVALID
    counts = ", ".join(f"{n} {t}" for t, n in result.counts.items())
    # The summary is the command's result: stdout, as every command's result.
    if result.unchanged:
        sys.stdout.write(
            f"release {result.version} in {result.out} is up to date (every file as this build writes it); nothing written: {counts}\n"
        )
    else:
        sys.stdout.write(f"built release {result.version} into {result.out}: {counts}\n")
        for line in result.changes():
            sys.stdout.write(f"  {line}\n")
    if not args.no_docs:  # in a repository checkout, the documents the data feeds are refreshed with the release
        from ..tools.repository_docs import refresh_docs

        for path in refresh_docs(Path(args.dataset), Path(args.out)):
            sys.stdout.write(f"refreshed {path}\n")
    return EXIT_OK


def _build_check(args: argparse.Namespace) -> int:
    from ..release.freshness import check_fresh

    result, diffs = check_fresh(args.dataset, args.out, workers=args.workers, cache=not args.no_cache)
    if not result.report.ok:
        print_report(result.report, args.format, args.max_problems)
        return EXIT_INVALID
    if not diffs and not args.no_docs:  # the release is fresh: are the documents its data feeds?
        from ..tools.repository_docs import stale_docs

        diffs = stale_docs(Path(args.dataset), Path(args.out))
    what = "missing" if not Path(args.out).exists() else "stale"
    stale = f"the release in {args.out} (or a document its data feeds) is {what}: run `landmine-news build --out {args.out}` "
    return _verdict(diffs, stale + "(and commit what it changes)", f"the release in {args.out} matches a fresh build")


def _verdict(diffs: list[str], stale: str, fresh: str) -> int:
    """Each difference a check found, then its verdict: `stale` (exit 1) when there is any, else `fresh`."""
    for d in diffs:
        sys.stdout.write(f"{d}\n")
    sys.stdout.write(f"{stale if diffs else fresh}\n")
    return EXIT_INVALID if diffs else EXIT_OK


def cmd_cache(args: argparse.Namespace) -> int:
    from ..checks.engine.result_cache import clear, default_dir

    folder = default_dir()
    if args.action == "path":
        sys.stdout.write(f"{folder}\n")
        return EXIT_OK
    gone = clear(folder)
    sys.stdout.write(f"deleted the cache file {gone}\n" if gone else f"no cache file of this program in {folder}\n")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from ..release.reader import default_release
    from ..release.verification import verify

    release = args.release if args.release is not None else default_release()
    report = verify(release)
    print_report(report, args.format, args.max_problems)
    if args.format == "text":  # the verdict, for people; json and github stay exactly what validate prints
        errors = len(report.errors)
        sys.stdout.write(
            f"release {release} verified: checksums, datapackage and tables match\n"
            if report.ok
            else f"release {release} FAILED verification: {errors} problem{'s' * (errors != 1)}\n"
        )
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_schema(args: argparse.Namespace) -> int:
    from ..release.schema_export import mark_released, released_changes, schema_staleness, write_schema

    if args.release:
        sys.stdout.write(f"wrote {mark_released(args.out)}\n")
        return EXIT_OK
    if args.check:
        diffs = schema_staleness(args.out) + released_changes(args.out)
        return _verdict(diffs, "the committed schema is stale: run `landmine-news schema` to regenerate", "schema is up to date")
    sys.stdout.write(f"wrote {write_schema(args.out)}\n")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from ..tools.scaffold import new_article, new_entry

    if args.what == "actor":
        from ..tools.new_actor import new_actor

        record = {name: getattr(args, name) for name in ("id", "name", "kind", "member_of", "wikidata", "notes")}
        path = new_actor(args.dataset, record | {"aliases": args.alias, "member_of_basis": args.basis})
        sys.stdout.write(f"wrote {path}; reference it from a record, then run landmine-news validate\n")
        return EXIT_OK
    if args.what == "article":
        path = new_article(args.dataset, args.source, args.id, args.language)
        sys.stdout.write(
            f"wrote {path}: fill in the metadata, then add quotes and figures "
            f"(landmine-news new quote --article {path.stem} --text ...)\n"
        )
        return EXIT_OK
    fields: dict[str, object]
    if args.what == "quote":
        attribution = args.attribution or ("explicit" if args.verb else "inferred")
        fields = {name: getattr(args, name) for name in ("speaker", "speaker_label", "kind", "verb")}
        fields["attribution"] = attribution
        if not args.speaker_label:
            del fields["speaker_label"]
        if not args.verb and attribution == "inferred":
            del fields["verb"]
        optional: tuple[str, ...] = ("co_speakers", "stance", "via", "part_of", "statement", "relays", "notes")
    else:
        from ..checks.rules.rule_rows import dataset_rule_table
        from ..tools.entry_fields import figure_fields

        given = {
            name: getattr(args, name) for name in ("measures", "value", "low", "high", "unit", "base", "qualifier", "reported_by")
        }
        fields = figure_fields(args.text, given, dataset_rule_table(Path(args.dataset)).rules)
        optional = ("quote", "notes")
    fields |= {name: getattr(args, name) for name in optional if getattr(args, name)}
    entry_id = new_entry(args.dataset, args.what, args.article, args.text, fields, args.id, args.occurrence, coded=True)
    sys.stdout.write(
        f"added {args.what} {entry_id} to articles/{args.article}.yaml; "
        + ("fill in any `null  # fill in` fields, then " if args.what == "quote" else "")
        + "run landmine-news validate\n"
    )
    return EXIT_OK


def cmd_codebook(args: argparse.Namespace) -> int:
    from ..release.rule_table import contributing_staleness, refreshed_contributing, write_contributing
    from ..tools.codebook import codebook_staleness, write_codebook

    if args.check:
        diffs = codebook_staleness(args.out) + contributing_staleness(args.contributing)
        return _verdict(
            diffs, "stale: run `landmine-news codebook` to regenerate", f"{args.out} and {args.contributing} are up to date"
        )
    refreshed_contributing(args.contributing)  # refuses (UsageError) before the codebook is written
    sys.stdout.write(f"wrote {write_codebook(args.out)}\n")
    sys.stdout.write(f"wrote the rule table in {write_contributing(args.contributing)}\n")
    return EXIT_OK


def _load_or_report(path: Path | None) -> Dataset | None:
    from ..checks.report.problems import Report
    from ..errors import InvalidDataset, ReleaseInvalid
    from ..release.reader import load

    try:
        return load(path)
    except InvalidDataset as exc:
        print_report(exc.report, "text", 100)
        sys.stderr.write(f"{path} is not a valid dataset\n")  # the report is the result; this is a diagnostic
        return None
    except ReleaseInvalid as exc:
        print_report(Report(exc.problems), "text", 100)
        sys.stderr.write(f"{exc.folder} is not a valid release (`landmine-news verify` checks it in full)\n")
        return None


def cmd_stats(args: argparse.Namespace) -> int:
    from ..tools.stats import stats
    from ..tools.stats_render import render_stats

    ds = _load_or_report(args.path)
    if ds is None:
        return EXIT_INVALID
    sys.stdout.write(render_stats(stats(ds), args.format))
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from ..tools.diff import diff_datasets, rule_rows
    from ..tools.diff_render import render_diff

    old, new = _load_or_report(args.old), _load_or_report(args.new)
    if old is None or new is None:
        return EXIT_INVALID
    d = diff_datasets(old, new, (rule_rows(args.old), rule_rows(args.new)))
    sys.stdout.write(render_diff(d, args.format))
    return EXIT_OK if d.empty or not args.exit_code else EXIT_INVALID


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
    return EXIT_INVALID if result.unreadable or (args.check and result.changed) else EXIT_OK


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
    if args.write:
        ids = write_suggestions(args.dataset, args.article, made.suggestions)
        ids += write_article_fields(args.dataset, args.article, made.article_fields)
        made.article_fields = {}
        for s in made.skipped:
            sys.stderr.write(f"skipped {s.cue!r} (line {s.line}, column {s.column}): {s.reason}\n")
        rest = render_suggestions(args.dataset, args.article, [], None, made)
        if not rest.startswith("# no candidates"):
            sys.stdout.write(rest)  # actors to create, mentions, date fields: the curator's to apply
        sys.stdout.write(
            f"appended or set {len(ids)} suggested record(s) and field(s) in articles/{args.article}.yaml: {', '.join(ids) or 'none'}; "
            "confirm each (see their notes), then run landmine-news validate\n"
        )
        return EXIT_OK
    sys.stdout.write(render_suggestions(args.dataset, args.article, made.suggestions, made.skipped, made))
    return EXIT_OK
