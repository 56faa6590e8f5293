"""Anchoring a quote's attribution: its verb in the text's sentence, its speaker label nearby.

The sentence rule (CONTRIBUTING.md, *Where the verb ends and the text begins*): a sentence
ends after `.`, `!` or `?` followed by white space (not after an abbreviation such as
`U.S.`), and at every line break; a line that ends with a colon introduces what follows,
so it joins the next paragraph. A quote's *attribution unit* runs from the start of the
sentence where its text starts to the end of the sentence where its text ends, with the
lead-in line before it when there is one. The verb must lie in that unit.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

from .spans import AnchorFailure

# Alternatives that each open with one character, so that the regex engine skips ahead to them.
_END = re.compile(r"\.[\"”’']?\s+|![\"”’']?\s+|\?[\"”’']?\s+|\n")
_LONGEST_ABBREVIATION = 16
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|e\.g|i\.e|No)\.)$")
# How every abbreviation above ends: a cheap test that spares most full stops the regex.
_ABBREVIATION_ENDS = frozenset(f"{c}." for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZrstcgeo")


@lru_cache(maxsize=8)
def sentence_bounds(source: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every sentence of `source`, in order, ends exclusive.

    Cached: every quote of an article asks for its source's sentences.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(source):
        stop, end = m.span()
        stop += source[stop] in ".!?"  # the sentence keeps its full stop, question or exclamation mark
        if source[stop:end] != "\n":  # a line break alone ends a sentence whatever comes before or after
            # Only the few characters before the stop can make it an abbreviation: looking at
            # them alone keeps this linear in the length of the source.
            window = max(0, stop - _LONGEST_ABBREVIATION)
            if source[stop - 2 : stop] in _ABBREVIATION_ENDS and _ABBREVIATION.search(source, window, stop):
                continue
            # A sentence goes on after a quoted question or exclamation when the next word is in
            # lowercase: in `“Why now?” one mayor asked.` the attribution is part of the sentence.
            if source[end : end + 1].islower():
                continue
        if stop > start:
            bounds.append((start, stop))
        start = end
    if start < len(source):
        bounds.append((start, len(source)))
    return tuple(bounds)


@lru_cache(maxsize=8)
def _sentence_edges(source: str) -> tuple[tuple[tuple[int, int], ...], list[int], list[int], list[bool]]:
    """The source's sentences, their starts and their ends, each in increasing order (they
    are disjoint), and whether the last character before each start that is not white space
    is a colon. Cached: every quote of an article asks."""
    bounds = sentence_bounds(source)
    starts, ends = [s for s, _ in bounds], [e for _, e in bounds]
    after_colon: list[bool] = []
    last = ""
    for at, start in zip([0, *starts], starts, strict=False):
        last = source[at:start].rstrip()[-1:] or last  # each text before a start stripped once
        after_colon.append(last == ":")
    return bounds, starts, ends, after_colon


def attribution_unit(source: str, start: int, end: int) -> tuple[int, int]:
    """The span a quote's verb must lie in, for a text at `start`..`end`.

    The first sentence is the first that ends after `start` (it holds `start`, or follows
    it), the last the last that starts before `end`: each one bisection into the sentences.
    """
    bounds, starts, ends, after_colon = _sentence_edges(source)
    first = bisect.bisect_right(ends, start)
    first = first if first < len(bounds) else len(bounds) - 1
    last = bisect.bisect_left(starts, end) - 1
    last = last if last >= 0 else first
    lo, hi = bounds[first][0], bounds[max(first, last)][1]
    if first > 0 and after_colon[first]:
        lo = bounds[first - 1][0]  # a lead-in line ending with a colon belongs to what it introduces
    return min(lo, start), max(hi, end)


def _nearest(source: str, needle: str, lo: int, hi: int, start: int, end: int) -> int | None:
    """The occurrence of `needle` in `lo`..`hi` nearest to the text: the last one ending before it, else the first after."""
    before = source.rfind(needle, lo, start)
    after = source.find(needle, end, hi) if before == -1 else before
    return None if after == -1 else after


def anchor_verb(item: dict[str, Any], source: str, start: int, end: int) -> tuple[int, int] | AnchorFailure | None:
    """The verb's span in the text's attribution unit, why there is none, or None (no verb)."""
    verb = item.get("verb")
    if not isinstance(verb, str) or not verb:
        return None
    lo, hi = attribution_unit(source, start, end)
    where = _nearest(source, verb, lo, hi, start, end)
    if where is None:
        message = f"verb {verb!r} is not in the sentence of the text (offsets {lo}..{hi})"
        hint = (
            f"Copy the reporting verb exactly as written in that sentence: {source[lo:hi][:160]!r}. "
            "If the page has none, leave `verb` out and write `attribution: inferred`."
        )
        return AnchorFailure("verb-not-in-sentence", message, "verb", verb, hint)
    return where, where + len(verb)


def anchor_label(item: dict[str, Any], source: str, start: int, end: int) -> tuple[int, int] | AnchorFailure | None:
    """The speaker label's span, nearest before the text (else after it), or why there is none."""
    label = item.get("speaker_label")
    if not isinstance(label, str) or not label:
        return None
    where = _nearest(source, label, 0, len(source), start, end)
    if where is None:
        hint = "Copy the words that name or describe the speaker exactly as printed in the article."
        return AnchorFailure("text-not-found", "speaker_label not found verbatim in the source", "speaker_label", label, hint)
    return where, where + len(label)
