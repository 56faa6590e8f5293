"""`Statements`: the cross-article rules of statements and relays (`models.lineage`'s, as the
release uses them), fed file by file and placed at the quote's field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ...models.lineage import QuoteLink, lineage
from ..reading.field_paths import YamlPath, field_path
from ..report.problems import Problem
from .file_result import FileResult
from .findings import Finding

WARNINGS = frozenset({"statement-unmatched"})
"""The lineage's codes that warn rather than refuse."""


class Statements:
    """`relay-invalid`, `relay-cycle`, `statement-mismatch`, `first-published-after` and
    `fidelity-contradicted` (against a statement's first words) across every article."""

    def __init__(self) -> None:
        self.links: list[QuoteLink] = []
        self.broken: set[str] = set()
        """Ids of records that failed their own checks: a relay of one is not reported."""
        self.unread = 0
        """Article files that could not be read: any relay target may be in one."""
        self.places: dict[str, tuple[str, YamlPath]] = {}

    def feed(self, item: FileResult) -> None:
        self.broken.update(rid for _, rid in item.raw_ids)
        self.unread += not item.parsed and item.kind == "article"
        for ypath, link in item.quote_links:
            if link.id not in self.places:  # a repeated id is `id-duplicate`'s to report
                self.places[link.id] = (item.display, ypath)
                self.links.append(link)

    def finish(self) -> Iterable[Finding]:
        for p in lineage(self.links, None if self.unread else self.broken).problems:
            display, ypath = self.places[p.quote]
            path = (*ypath, p.field)
            problem = Problem(p.code, p.message, file=display, field=field_path(path), hint=p.hint, value=p.value)
            if p.code in WARNINGS:
                problem = replace(problem, severity="warning")
            yield Finding(problem, path)
