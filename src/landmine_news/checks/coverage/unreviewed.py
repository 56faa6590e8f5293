"""`coverage-unreviewed`: the cross-record half of the coverage check.

Workers return each article's findings with its name cues unmatched; here, names of an actor
the article references (its name or an alias) are dropped and the rest reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from ...models.lookup import normal_name
from ..reading.files import MAX_SOURCE_BYTES, read_text
from ..report.problems import Problem
from ..rules.file_result import FileResult
from ..rules.findings import Finding
from .findings import SENTENCE_SHOWN, ArticleCoverage, CoverageFinding, shown_sentence


def yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back as exactly `text` wherever it is pasted (a cue
    may be a quotation mark or a `#`): a JSON string is a YAML double-quoted scalar."""
    return json.dumps(text, ensure_ascii=False)


def review_entry(finding: CoverageFinding, reason: str = "<reason>") -> str:
    """The `coverage_reviewed` entry that reviews exactly this finding."""
    return f"{finding.cue} #{finding.occurrence} | {reason}"


class CoverageCheck:
    """Collects actor names and article findings; `finish` reports what no record covers."""

    def __init__(self, sources: Path | None = None) -> None:
        self.sources = sources
        """The sources folder, read again only for the sentences of the findings reported."""
        self.names: dict[str, set[str]] = {}
        """Actor id -> its name and aliases, compared as `normal_name`s."""
        self.articles: list[ArticleCoverage] = []
        """Each article's open findings."""
        self.results: dict[str, ArticleCoverage] = {}
        """Article id -> its unreviewed findings, after `finish`."""

    def feed(self, item: FileResult) -> None:
        if item.kind == "actor":
            for _, (summary, _payload) in item.models:
                self.names[summary.id] = {normal_name(n) for n in item.names}
        if item.coverage is not None:
            # A name is covered only by an actor this article references (speaker, mention,
            # publisher, ...): one another article uses says nothing of this one. Actor
            # files are fed first, so every name is known here, and what is dropped now is
            # final: only the open findings are held until `finish`.
            referenced = {value for _, (summary, _p) in item.models for _, _, value in summary.refs}
            known = {n for actor in referenced for n in self.names.get(actor, ())}
            coverage = item.coverage
            # By position: a cached result's findings are still plain lists here.
            coverage.findings = [f for f in coverage.findings if f[0] != "name" or normal_name(f[1]) not in known]
            self.articles.append(coverage)

    def finish(self) -> Iterable[Finding]:
        found: list[Finding] = []
        for article in self.articles:
            kept = ArticleCoverage(article.article, article.file, article.source_file, at=article.at)
            open_ = [CoverageFinding(*f) for f in article.findings]
            kept.findings = self._with_sentences(article.source_file, open_)
            self.results[article.article] = kept
            found.extend(self._warning(kept, f) for f in kept.findings)
        return found

    def _with_sentences(self, source_file: str, findings: list[CoverageFinding]) -> list[CoverageFinding]:
        text = None
        if findings and self.sources is not None:
            text = read_text(self.sources / source_file, source_file, MAX_SOURCE_BYTES)[0]
        if text is None:  # gone since it was checked: the cue stands for its sentence
            return [f._replace(sentence=f.cue) for f in findings]
        # Only what is shown is sliced: a source without sentence punctuation is one long sentence.
        most = SENTENCE_SHOWN * 8
        return [
            f._replace(sentence=shown_sentence(text[f.sentence_start : min(f.sentence_end, f.sentence_start + most)]))
            for f in findings
        ]

    @staticmethod
    def _warning(article: ArticleCoverage, f: CoverageFinding) -> Finding:
        where = f"{article.source_file}:{f.line}:{f.column}"
        message = f"{f.kind} cue {f.cue!r} at {where} is covered by no record and not reviewed: {f.sentence!r}"
        hint = (
            f"Record it as a quote or figure (landmine-news suggest --article {article.article}), or, if it is "
            f"narration, page furniture, a date or a recorded name, add `- {yaml_scalar(review_entry(f))}` under coverage_reviewed."
        )
        line, column = article.at
        problem = Problem("coverage-unreviewed", message, article.file, line, column, "id", "warning", hint, f.cue)
        # Located already (by the worker): no path, so the file is not read again to place it.
        return Finding(problem, None if line is not None else ("id",))
