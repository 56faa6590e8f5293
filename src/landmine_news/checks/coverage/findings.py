"""Coverage findings as plain data: what the workers send, the cache keeps, and the checks read.

Apart from `article_coverage` (which needs the record models): a run served from the cache imports no pydantic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from .cues import CueKind


class CoverageFinding(NamedTuple):
    """One cue no record covers: where it is (1-based line and column, LF counted), what and its sentence.

    The sentence travels as offsets, never as a copy (a source without sentence punctuation
    would copy itself into each finding); its text is filled in only for findings reported.
    """

    kind: CueKind
    cue: str
    start: int
    end: int
    line: int
    column: int
    occurrence: int
    """Which occurrence of `cue` in the source this is (1-based), as a review entry names it."""
    sentence_start: int
    sentence_end: int
    sentence: str = ""
    """The sentence as shown (`shown_sentence`); empty until reported."""


@dataclass(slots=True)
class ArticleCoverage:
    """The unreviewed findings of one article (slots: a run holds one per article)."""

    article: str
    file: str
    source_file: str
    findings: list[CoverageFinding] = field(default_factory=list)
    at: tuple[int | None, int | None] = (None, None)
    """Line and column of the article's `id:`, where its coverage warnings point (found by the worker)."""


SENTENCE_SHOWN = 120
"""Characters of a finding's sentence shown at most."""


def shown_sentence(text: str) -> str:
    """A sentence as a message shows it: white space collapsed, at most `SENTENCE_SHOWN` characters."""
    text = " ".join(text[: SENTENCE_SHOWN * 8].split())
    return text if len(text) <= SENTENCE_SHOWN else text[: SENTENCE_SHOWN - 1] + "…"
