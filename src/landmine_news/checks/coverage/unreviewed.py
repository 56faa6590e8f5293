"""`coverage-unreviewed`: the cross-record half of the coverage check (see `coverage`).

Workers return each article's findings with its name cues unmatched; once every actor file
has been fed, names that are an actor's name or alias are dropped and the rest reported.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..report.problems import Problem
from ..rules.file_result import FileResult
from ..rules.findings import Finding
from .findings import ArticleCoverage, CoverageFinding, normal_name

SENTENCE_SHOWN = 120


def review_entry(finding: CoverageFinding, reason: str = "<reason>") -> str:
    """The `coverage_reviewed` entry that reviews exactly this finding."""
    return f"{finding.cue} #{finding.occurrence} | {reason}"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SENTENCE_SHOWN else text[: SENTENCE_SHOWN - 1] + "…"


class CoverageCheck:
    """Collects actor names and article findings; `finish` reports what no record covers."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.articles: list[ArticleCoverage] = []
        self.results: dict[str, ArticleCoverage] = {}
        """Article id -> its unreviewed findings, after `finish`."""

    def feed(self, item: FileResult) -> None:
        self.names.update(normal_name(n) for n in item.names)
        if item.coverage is not None:
            # Names known so far are dropped now (actor files are fed first), so an article
            # holds only its open findings; `finish` drops those named by later actor files.
            coverage = item.coverage
            coverage.findings = [f for f in coverage.findings if self._open(f)]
            self.articles.append(coverage)

    def _open(self, finding: CoverageFinding) -> bool:
        return finding.kind != "name" or normal_name(finding.cue) not in self.names

    def finish(self) -> Iterable[Finding]:
        found: list[Finding] = []
        for article in self.articles:
            kept = ArticleCoverage(article.article, article.file, article.source_file, at=article.at)
            kept.findings = [f for f in article.findings if self._open(f)]
            self.results[article.article] = kept
            found.extend(self._warning(kept, f) for f in kept.findings)
        return found

    @staticmethod
    def _warning(article: ArticleCoverage, f: CoverageFinding) -> Finding:
        where = f"{article.source_file}:{f.line}:{f.column}"
        message = f"{f.kind} cue {f.cue!r} at {where} is covered by no record and not reviewed: {_sentence(f.sentence)!r}"
        hint = (
            f"Record it as a quote or figure (landmine-news suggest --article {article.article}), or, if it is "
            f'narration, page furniture, a date or a recorded name, add "{review_entry(f)}" to coverage_reviewed.'
        )
        line, column = article.at
        problem = Problem(
            "coverage-unreviewed",
            message,
            file=article.file,
            line=line,
            column=column,
            field="id",
            severity="warning",
            hint=hint,
            value=f.cue,
        )
        # Located already (by the worker): no path, so the file is not read again to place it.
        return Finding(problem, None if line is not None else ("id",))
