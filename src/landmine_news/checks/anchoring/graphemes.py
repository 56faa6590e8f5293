"""Whole characters: a span must not cut a user-perceived character (a grapheme cluster).

In decomposed text (NFD) `é` is `e` + U+0301, so `ferme` occurs inside `fermé`; an emoji
sequence joins its parts with U+200D. This small check covers what matters for quotes:
a span may not start on, or end just before, a mark that extends the character before it
(combining marks, variation selectors, emoji modifiers), nor start or end next to a
zero-width joiner.
"""

from __future__ import annotations

import unicodedata

ZWJ = "\u200d"


def extends(ch: str) -> bool:
    """True for a character that belongs to the character before it."""
    cp = ord(ch)
    return (
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
