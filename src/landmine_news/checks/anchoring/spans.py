"""Anchoring a record's text in its source: offsets, occurrences, context, and why not.

Offsets count Unicode code points from 0 with an exclusive end, the semantics of the W3C
Web Annotation TextPositionSelector; prefix and suffix follow its TextQuoteSelector.
A span may not cut a user-perceived character: in decomposed text (NFD) `ferme` occurs
inside `fermé`, and an emoji sequence joins its parts with U+200D (`cut_at`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from .closest_passage import char_name, closest_passage

CONTEXT = 32
"""Code points of context kept on each side of a span (W3C TextQuoteSelector prefix/suffix)."""


class Span(NamedTuple):
    """Where a record's text sits in its source, and the context around it (a named tuple: one
    is made for every record anchored, and tuples are made fast)."""

    start: int
    end: int
    occurrence: int
    prefix: str | None
    suffix: str | None

    def fields(self) -> dict[str, int | str | None]:
        """The record fields the span fills: `start`, `end`, `occurrence`, `prefix`, `suffix`."""
        return {"start": self.start, "end": self.end, "occurrence": self.occurrence, "prefix": self.prefix, "suffix": self.suffix}


_TWINS = "\u0130\u0131\u017f\u212a"
_TWIN_FOLD = str.maketrans(_TWINS, "iisk")
"""The only characters beyond ASCII that `re.IGNORECASE` matches to an ASCII letter (İ, ı, the
long s, the Kelvin sign; a test scans every code point for them), folded to that letter."""


@lru_cache(maxsize=4)
def folded(source: str) -> str:
    """The source with its case twins folded (`_TWIN_FOLD`), then lowercased, for the last sources: case-insensitive
    scans (cues, printed dates) run case-sensitively over it, which is faster.

    Folding keeps every character's place (İ, the only character that lowercases to two, is
    folded first) and whether it is a word character, so a case-sensitive match in it at the
    source's own offsets finds what a case-insensitive match of the source finds.
    """
    if any(twin in source for twin in _TWINS):  # rare, and `translate` is slow on any text
        source = source.translate(_TWIN_FOLD)
    return source.lower()


def occurrences(source: str, text: str, limit: int | None = None) -> list[int]:
    """Start offsets of every occurrence of `text` in `source`, overlapping ones included; only
    the first `limit` when given (the rest of the source is then not searched)."""
    found = []
    i = source.find(text)
    while i != -1:
        found.append(i)
        if len(found) == limit:
            break
        i = source.find(text, i + 1)
    return found


ZWJ = "\u200d"


def extends(ch: str) -> bool:
    """True for a character that belongs to the character before it."""
    cp = ord(ch)
    return cp >= 0x300 and (  # no character before the combining diacritical marks extends
        unicodedata.category(ch) in {"Mn", "Mc", "Me"}
        or ch == ZWJ
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors
        or 0xE0100 <= cp <= 0xE01EF  # variation selectors supplement
        or 0x1F3FB <= cp <= 0x1F3FF  # emoji skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # emoji tag characters
    )


def cut_at(source: str, start: int, end: int) -> str | None:
    """Where the span `start..end` cuts a character ('start' or 'end'), or None."""
    if (start < len(source) and extends(source[start])) or (start > 0 and source[start - 1] == ZWJ):
        return "start"
    if (end < len(source) and extends(source[end])) or (end > 0 and source[end - 1] == ZWJ):
        return "end"
    return None


@lru_cache(maxsize=8)
def _whole_starts(source: str, needle: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(every occurrence of `needle`, those that start and end on whole characters): found once
    per source and text, however many records of a file anchor the same text."""
    found = occurrences(source, needle)
    return tuple(found), tuple([s for s in found if cut_at(source, s, s + len(needle)) is None])


PASSAGES_PER_FILE = 20
"""Texts not found in a file whose closest passage is searched for (each search may read the whole source)."""
PASSAGE_CHARACTERS = 4_000_000
"""Source characters one file's closest-passage searches may read in all (the first is always made)."""


@dataclass
class PassageBudget:
    """How many closest-passage searches one file may still make, and how much source they may read."""

    left: int = PASSAGES_PER_FILE
    characters: int = PASSAGE_CHARACTERS

    def take(self, source_length: int = 0) -> bool:
        first = self.left == PASSAGES_PER_FILE
        if self.left <= 0 or (not first and self.characters < source_length):
            self.left = 0
            return False
        self.left -= 1
        self.characters -= source_length
        return True


def span_at(source: str, start: int, length: int, occurrence: int) -> Span:
    """The span of `length` code points at `start`, with its prefix and suffix."""
    end = start + length
    # Empty context is null, never "", so CSV (where both are an empty cell) round-trips.
    prefix, suffix = source[start - CONTEXT if start > CONTEXT else 0 : start], source[end : end + CONTEXT]
    return Span(start, end, occurrence, prefix or None, suffix or None)


@dataclass(frozen=True)
class AnchorFailure:
    """Why a record's text could not be anchored: a problem code and what to say."""

    code: str
    message: str
    field: str
    """The record field the problem concerns (the text field, `occurrence` or a span field)."""
    value: Any
    hint: str | None = None


def anchor(
    item: dict[str, Any], name: str, source: str, source_name: str, passages: PassageBudget | None = None
) -> Span | AnchorFailure | None:
    """Anchor `item[name]` in `source`: its span, why it cannot be anchored, or None when the
    field is absent or not text (the model check reports that). Offsets written by hand must
    equal the computed ones."""
    needle = item.get(name)
    if not isinstance(needle, str) or not needle:
        return None
    # Occurrences that cut a character (`ferme` inside NFD `ferme` + U+0301) do not count.
    found, starts = _whole_starts(source, needle)
    if not found:
        return _not_found(source, needle, name, source_name, passages)
    if not starts:
        return _splits_character(source, found[0], needle, name)
    occ = item.get("occurrence")
    if occ is None:
        if len(starts) > 1:
            message = f"{name} occurs {len(starts)} times in the source (at offsets {', '.join(map(str, starts[:5]))})"
            return AnchorFailure("text-ambiguous", message, name, needle)
        occ = 1
    elif not isinstance(occ, int) or isinstance(occ, bool) or occ < 1:
        return None
    elif occ > len(starts):
        message = f"occurrence is {occ} but {name} occurs {len(starts)} time(s)"
        return AnchorFailure("occurrence-out-of-range", message, "occurrence", occ)
    span = span_at(source, starts[occ - 1], len(needle), occ)
    for attr in ("start", "end", "prefix", "suffix"):
        written = item.get(attr)
        if written is not None and written != getattr(span, attr):
            message = (
                f"{attr} is {written!r} but the text is at {span.start}..{span.end}"
                f" (prefix {span.prefix!r}, suffix {span.suffix!r})"
            )
            return AnchorFailure("offset-mismatch", message, attr, written)
    return span


def _not_found(source: str, needle: str, name: str, source_name: str, passages: PassageBudget | None) -> AnchorFailure:
    message = f"{name} not found verbatim in source {source_name}"
    if passages is not None and not passages.take(len(source)):
        hint = (
            "Copy the text from the source exactly, character for character (the closest passage is shown for "
            f"the first texts not found in a file only: at most {PASSAGES_PER_FILE}, fewer against a long source)."
        )
        return AnchorFailure("text-not-found", message, name, needle, hint)
    passage, diff = closest_passage(source, needle)
    hint = f"Closest passage in the source: {passage!r}; {diff}." if passage else diff[0].upper() + diff[1:] + "."
    return AnchorFailure("text-not-found", message, name, needle, hint)


def _splits_character(source: str, start: int, needle: str, name: str) -> AnchorFailure:
    end = start + len(needle)
    side = cut_at(source, start, end)
    at = start if side == "start" else end
    ch = source[at] if at < len(source) and source[at] != ZWJ else source[at - 1]
    message = f"{name} occurs in the source only as part of a character: its {side} cuts {char_name(ch)} off"
    belongs = (
        f"the text starts with {char_name(ch)}, which belongs to the character before it"
        if side == "start"
        else f"the source's next character, {char_name(ch)}, belongs to the text's last character"
    )
    hint = (
        f"A span must start and end on whole characters: {belongs}. Copy the text from the source with whole"
        " characters (an accent written as a separate mark, NFD, belongs to its letter)."
    )
    return AnchorFailure("text-splits-character", message, name, needle, hint)
