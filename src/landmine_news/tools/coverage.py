"""`landmine-news coverage`: the spans of each article's source that a curator must consider.

The findings are those `validate` warns about (`coverage-unreviewed`): computed once, by the
checks, so the command and the validation never disagree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..checks.coverage.findings import ArticleCoverage, CoverageFinding
from ..checks.coverage.unreviewed import review_entry
from ..checks.engine.validation import check_dataset
from ..checks.report.escaping import printable
from ..checks.report.problems import Report
from ..checks.report.render import escape_data, escape_property
from ..errors import UsageError
from ..models.lookup import closest


@dataclass
class CoverageResult:
    """The validation report and, per article asked for, its unreviewed findings."""

    report: Report
    articles: list[ArticleCoverage]

    @property
    def total(self) -> int:
        return sum(len(a.findings) for a in self.articles)


def coverage(path: str | Path | None = None, articles: list[str] | None = None, *, workers: int | None = None) -> CoverageResult:
    """Unreviewed coverage findings of `articles` (default: every article) of the dataset at `path`."""
    checked = check_dataset(path, workers=workers, keep="none")
    known = checked.coverage
    for wanted in articles or []:
        if wanted not in known:
            near = closest(wanted, known)
            raise UsageError(f"no article {wanted!r} with a readable source" + (f"; did you mean {near[0]!r}?" if near else ""))
    chosen = [known[a] for a in (articles or sorted(known))]
    return CoverageResult(checked.report, chosen)


def _finding_dict(article: ArticleCoverage, f: CoverageFinding) -> dict[str, object]:
    return {
        "article": article.article,
        "file": article.file,
        "source_file": article.source_file,
        "line": f.line,
        "column": f.column,
        "kind": f.kind,
        "cue": f.cue,
        "occurrence": f.occurrence,
        "start": f.start,
        "end": f.end,
        "sentence": f.sentence,
        "review_entry": review_entry(f),
    }


def render_coverage(result: CoverageResult, fmt: str) -> str:
    """The findings as text (one line each, then its sentence), JSON, or GitHub annotations."""
    rows = [_finding_dict(a, f) for a in result.articles for f in a.findings]
    if fmt == "json":
        return json.dumps({"findings": len(rows), "items": rows}, ensure_ascii=False, indent=2) + "\n"
    out = []
    for r in rows:
        where = f"sources/{r['source_file']}:{r['line']}:{r['column']}"
        text = f"{r['kind']} cue {r['cue']!r} covered by no record ({r['article']})"
        if fmt == "github":
            props = f"file={escape_property(str(r['file']))},title={escape_property('coverage ' + str(r['kind']))}"
            out.append(f"::warning {props}::{escape_data(where + ': ' + text)}")
        else:
            out.append(f"{where}: {printable(text)}\n    sentence: {printable(' '.join(str(r['sentence']).split()))}")
    summary = ", ".join(f"{a.article}: {len(a.findings)}" for a in result.articles)
    out.append(f"{len(rows)} unreviewed finding(s) ({summary or 'no articles'})")
    return "\n".join(out) + "\n"
