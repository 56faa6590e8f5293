"""Measure `suggest` against a careful curation: precision, recall and the exact share.

Each article of a curated dataset folder is stripped of its quotes, figures and review
entries in a scratch copy (its actors stay, so every actor it needs is there), `suggest`
drafts it again, and the draft is compared with the curation:

- a suggested quote is *right* when its span overlaps a curated quote's with the same
  speaker; a suggested figure, when its span overlaps a curated figure's;
- *recall* is the share of curated records some right suggestion matches;
- *exact* is the share of curated records suggested exactly: the same text, kind, verb
  and speaker for a quote; the same mention, unit and qualifier for a figure.

    python benchmarks/suggestions.py                       # the benchmark's own articles
    python benchmarks/suggestions.py --dataset dataset     # the seed articles
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE / "suggestions" / "dataset"


def _strip(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for key in ("quotes", "figures", "coverage_reviewed"):
        text = re.sub(rf"(?ms)^{key}:\n(?:(?:  |\n).*?\n)*(?=^\S|\Z)", "", text)
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def _span(source: str, text: str, occurrence: int | None) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence or 1):
        start = source.find(text, start + 1)
    return start, start + len(text)


def measure(dataset: Path, verbose: bool = False) -> dict[str, object]:
    from landmine_news import load
    from landmine_news.tools.suggest import draft

    curated = load(dataset)
    totals = {"suggested": 0, "right": 0, "curated": 0, "found": 0, "exact": 0}
    per_article = {}
    for article in curated.articles:
        source = (dataset / "sources" / article.source_file).read_text(encoding="utf-8")
        gold = [("quote", q) for q in curated.quotes if q.article == article.id]
        gold += [("figure", f) for f in curated.figures if f.article == article.id]
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "dataset"
            shutil.copytree(dataset, copy)
            _strip(copy / "articles" / f"{article.id}.yaml")
            made = draft(copy, article.id)
        right = 0
        found: set[int] = set()
        exact: set[int] = set()
        for s in made.suggestions:
            lo, hi = _span(source, s.text, s.occurrence)
            hit = False
            for i, (kind, record) in enumerate(gold):
                if kind != s.kind or not (record.start < hi and lo < record.end):
                    continue
                if kind == "quote" and record.speaker != s.fields.get("speaker"):
                    continue
                hit = True
                found.add(i)
                if kind == "quote":
                    same = (record.text, record.kind.value, record.verb) == (s.text, s.fields.get("kind"), s.fields.get("verb"))
                else:
                    same = (record.mention, record.unit.value, record.qualifier.value) == (
                        s.text,
                        s.fields.get("unit"),
                        s.fields.get("qualifier"),
                    )
                if same:
                    exact.add(i)
            right += hit
            if verbose and not hit:
                print(f"  WRONG {article.id}: {s.kind} {s.text[:70]!r} {s.fields.get('speaker')} {s.fields.get('verb')!r}")
        if verbose:
            for i, (kind, record) in enumerate(gold):
                text = record.text if kind == "quote" else record.mention
                if i not in found:
                    print(
                        f"  MISSED {article.id}: {kind} {text[:70]!r} {getattr(record, 'speaker', '')} {getattr(record, 'verb', '')!r}"
                    )
                elif i not in exact:
                    print(
                        f"  INEXACT {article.id}: {kind} {text[:70]!r} {getattr(record, 'speaker', '')} {getattr(record, 'verb', '')!r}"
                    )
        counts = {
            "suggested": len(made.suggestions),
            "right": right,
            "curated": len(gold),
            "found": len(found),
            "exact": len(exact),
        }
        per_article[article.id] = counts
        for key, value in counts.items():
            totals[key] += value
    return {
        "precision": round(totals["right"] / totals["suggested"], 3) if totals["suggested"] else None,
        "recall": round(totals["found"] / totals["curated"], 3) if totals["curated"] else None,
        "exact_share": round(totals["exact"] / totals["curated"], 3) if totals["curated"] else None,
        **totals,
        "articles": per_article,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=DEFAULT, help="a curated dataset folder (default: the benchmark's)")
    parser.add_argument("--verbose", action="store_true", help="list every wrong, missed and inexact record")
    args = parser.parse_args(argv)
    result = measure(args.dataset.resolve(), args.verbose)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
