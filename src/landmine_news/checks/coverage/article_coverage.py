"""Coverage: the cues of an article's source that no record covers and no curator reviewed.

A cue (`cues.find_cues`) is covered when a quote's text, verb or speaker label, a figure's
mention, or a printed metadata field (title, section heading, image caption or credit)
overlaps it, and a name cue also when it is an actor's name or alias. A curator marks the
rest in the article's `coverage_reviewed`, one `"<text> | <reason>"` (or
`"<text> #<occurrence> | <reason>"`) per entry: an entry reviews every finding its
text overlaps, at that occurrence or, without one, at every occurrence.

This is the per-file half, run in the workers; actor names are only known once every file
is read, so `unreviewed.CoverageCheck` drops the name findings an actor covers.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterable, Sequence
from functools import cached_property
from itertools import accumulate
from typing import Any, NamedTuple

from ...models.article import Article
from ...models.figure import Figure
from ...models.figure_rules import RuleTable
from ...models.quote import Quote
from ..anchoring.attribution import sentence_bounds
from ..anchoring.spans import occurrences
from .cues import CueKind, find_cues
from .findings import CoverageFinding

Span = tuple[int, int]
_MARK = re.compile(r"^(?P<text>.+?)(?: #(?P<n>[1-9][0-9]*))? \| (?P<reason>\S.*)$", re.DOTALL)


class MarkProblem(NamedTuple):
    """A review entry that cannot be anchored: its index, problem code and message."""

    entry: int
    code: str
    message: str


def parse_mark(mark: str) -> tuple[str, int | None, str] | None:
    """`"said #2 | narration"` -> ("said", 2, "narration"); None when it is not in that form."""
    m = _MARK.match(mark)
    if m is None:
        return None
    return m.group("text"), int(m.group("n")) if m.group("n") else None, m.group("reason")


def mark_spans(source: str, marks: Iterable[str]) -> tuple[list[list[Span]], list[MarkProblem]]:
    """The spans each review entry covers, and the entries that cannot be anchored."""
    spans: list[list[Span]] = []
    problems: list[MarkProblem] = []
    for i, mark in enumerate(marks):
        parsed = parse_mark(mark)
        found: list[Span] = []
        if parsed is not None:
            text, n, _ = parsed
            starts = occurrences(source, text, n)  # only up to the entry's occurrence
            if not starts:
                problems.append(MarkProblem(i, "text-not-found", f"reviewed text {text!r} is not in the source"))
            elif n is not None and n > len(starts):
                problems.append(MarkProblem(i, "occurrence-out-of-range", f"{text!r} occurs {len(starts)} time(s), not {n}"))
            else:
                found = [(s, s + len(text)) for s in (starts if n is None else [starts[n - 1]])]
        spans.append(found)
    return spans, problems


_BEFORE_CLOSING = frozenset(",;")
"""Punctuation the article's own style puts between a quote's last word and its closing mark."""


def covered_spans(source: str, article: Article, records: Iterable[Any]) -> list[Span]:
    """The spans that records and printed metadata account for."""
    spans: list[Span] = []
    for record in records:
        pairs: tuple[tuple[str, str], ...] = (("start", "end"),)
        if isinstance(record, Quote):
            pairs = (("start", "end"), ("verb_start", "verb_end"), ("speaker_label_start", "speaker_label_end"))
        elif not isinstance(record, Figure):
            continue
        for a, b in pairs:
            start, end = getattr(record, a), getattr(record, b)
            if start is not None and end is not None:
                # A quote's text covers the quotation marks around it: marks delimit, they are not text,
                # and a comma the article put before the closing mark (`“We act,” she said`) is no text either.
                if a == "start" and isinstance(record, Quote):
                    start, end = start - 1, end + (2 if source[end : end + 1] in _BEFORE_CLOSING else 1)
                spans.append((start, end))
    printed = [article.title, article.image_caption, article.image_credit, *article.section_headings]
    for text in filter(None, printed):
        spans.extend((s, s + len(text)) for s in occurrences(source, text))
    return spans


class _SpanIndex:
    """Spans (each with a tag) sorted by start, to ask which overlap a cue in logarithmic time:
    one overlapping `start`..`end` starts after `start - longest` and before `end`."""

    def __init__(self, spans: Iterable[tuple[int, int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _, _ in self.spans]
        self.longest = max((e - s for s, e, _ in self.spans), default=0)
        # reach[i]: the furthest end of the first i spans. A cue overlaps a span exactly when
        # the spans that start before its end reach past its start: one bisection per cue.
        self.reach: list[float] = list(accumulate((e for _, e, _ in self.spans), max, initial=-math.inf))

    def tags(self, start: int, end: int) -> set[int]:
        """Tags of the spans that overlap `start`..`end`."""
        lo = bisect.bisect_right(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return {tag for s, e, tag in self.spans[lo:hi] if s < end and start < e}

    def any(self, start: int, end: int) -> bool:
        """Whether any span overlaps `start`..`end`."""
        return self.reach[bisect.bisect_left(self.starts, end)] > start


MAX_FINDINGS = 1000
"""Unreviewed findings reported per article at most (each costs a scan for its occurrence)."""


class _Locator:
    """Lines and sentences of one source, each found by bisection, and occurrences counted on from
    the last finding of the same text (findings are asked in source order): linear overall."""

    def __init__(self, source: str, bounds: Sequence[Span]):
        self.source = source
        self.bounds = bounds
        self.sentence_starts = [s for s, _ in bounds]
        self.counted: dict[str, tuple[int, int]] = {}
        """Text -> the start of its last occurrence counted, and how many were counted."""

    @cached_property
    def newlines(self) -> list[int]:
        # Only an article with findings needs its lines.
        return [m.start() for m in re.finditer("\n", self.source)]

    def finding(self, kind: CueKind, start: int, end: int) -> CoverageFinding:
        cue = self.source[start:end]
        line = bisect.bisect_left(self.newlines, start)  # newlines before `start`
        line_start = self.newlines[line - 1] + 1 if line else 0
        at, occurrence = self.counted.get(cue, (-1, 0))
        while (later := self.source.find(cue, at + 1, end)) >= 0:  # the occurrences up to this one
            at, occurrence = later, occurrence + 1
        self.counted[cue] = at, occurrence
        i = bisect.bisect_right(self.sentence_starts, start) - 1
        inside = i >= 0 and start < self.bounds[i][1]
        first, last = self.bounds[i] if inside else (start, end)
        return CoverageFinding(kind, cue, start, end, line + 1, start - line_start + 1, occurrence, first, last)


def article_findings(
    source: str, article: Article, records: Iterable[Any], rules: RuleTable | None = None
) -> tuple[list[CoverageFinding], list[MarkProblem], list[int]]:
    """(uncovered, unreviewed findings; review entries that cannot be anchored; indexes of entries that review nothing).

    `rules`: the effective figure rule table, whose wordings are cues (by default the package's).
    """
    covered = covered_spans(source, article, records)
    marks, problems = mark_spans(source, article.coverage_reviewed)
    used: set[int] = set()
    locate = _Locator(source, sentence_bounds(source))
    findings: list[CoverageFinding] = []
    covered_index = _SpanIndex((s, e, 0) for s, e in covered)
    marks_index = _SpanIndex((s, e, i) for i, spans in enumerate(marks) for s, e in spans)
    for start, end, kind in find_cues(source, rules):
        if len(findings) >= MAX_FINDINGS:
            break  # a source this uncurated needs curating, not a longer list; the cost stays bounded
        if covered_index.any(start, end):
            continue
        reviewed = marks_index.tags(start, end)
        used.update(reviewed)
        if not reviewed:
            findings.append(locate.finding(kind, start, end))
    bad = {p.entry for p in problems}
    unused = [i for i in range(len(marks)) if i not in used and i not in bad]
    return findings, problems, unused
