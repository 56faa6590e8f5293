"""The closest passage of a source to text that was not found in it, and how they differ.

This is the hint a contributor reads after `text-not-found`: it must point at the right
place and name the difference (quote marks, whitespace, case, changed words).
"""

from __future__ import annotations

import difflib
import re

# Characters contributors most often type differently from the source.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)
_SPACES = re.compile(r"\s+")


def _fold(s: str) -> str:
    return _SPACES.sub(" ", s.translate(_FOLD)).casefold()


def closest_passage(source: str, text: str) -> tuple[str, str]:
    """The passage of `source` most like `text`, and a one-line account of how they differ."""
    folded_source, folded_text = _fold(source), _fold(text)
    if folded_text and folded_text in folded_source:
        passage = _unfold_match(source, text)
        if passage is not None:
            return passage, _describe_small_difference(passage, text)
    # Anchor on the longest common run, then align the text within a window around it.
    matcher = difflib.SequenceMatcher(None, source, text, autojunk=False)
    match = matcher.find_longest_match(0, len(source), 0, len(text))
    if match.size < min(8, max(1, len(text) // 2)):
        return "", "no similar passage in the source: check that the record names the right article"
    slack = len(text) // 2 + 10
    lo = max(0, match.a - match.b - slack)
    hi = min(len(source), match.a - match.b + len(text) + slack)
    window = source[lo:hi]
    blocks = [b for b in difflib.SequenceMatcher(None, window, text, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:  # cannot happen after a long enough common run, but never index an empty list
        return "", "no similar passage in the source"
    start, end = lo + blocks[0].a, lo + blocks[-1].a + blocks[-1].size
    # Widen to whole words so the diff reads naturally.
    while start > lo and not source[start - 1].isspace():
        start -= 1
    while end < hi and not source[end].isspace():
        end += 1
    passage = source[start:end]
    return passage, _word_diff(passage, text)


def _unfold_match(source: str, text: str) -> str | None:
    # Build a regex from the text where every foldable character matches its variants.
    parts: list[str] = []
    for ch in text:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
            continue
        variants = {ch, ch.translate(_FOLD)} | {k for k, v in _VARIANTS.items() if v == ch.translate(_FOLD)}
        parts.append("(?:" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)) + ")")
    m = re.search("".join(parts), source, flags=re.IGNORECASE)
    return m.group(0) if m else None


_VARIANTS = {chr(k): v for k, v in _FOLD.items()}


def _describe_small_difference(passage: str, text: str) -> str:
    kinds = []
    folds = passage.translate(_FOLD) != passage or text.translate(_FOLD) != text
    if folds and (
        _SPACES.sub(" ", passage.translate(_FOLD)) == _SPACES.sub(" ", text.translate(_FOLD))
        or passage.translate(_FOLD).casefold() == text.translate(_FOLD).casefold()
    ):
        kinds.append("quote marks, dashes or special spaces (curly vs straight)")
    if _SPACES.sub(" ", passage) != passage or _SPACES.sub(" ", text) != text:
        kinds.append("whitespace or line breaks")
    if passage.translate(_FOLD).casefold() == text.translate(_FOLD).casefold() and passage.translate(_FOLD) != text.translate(
        _FOLD
    ):
        kinds.append("letter case")
    if not kinds:
        kinds.append("characters that look alike")
    return "differs only in " + " and ".join(kinds) + _first_difference(passage, text)


def _first_difference(passage: str, text: str) -> str:
    for i, (a, b) in enumerate(zip(passage, text, strict=False)):
        if a != b:
            return f"; first at character {i + 1}: source has {a!r} (U+{ord(a):04X}), you wrote {b!r} (U+{ord(b):04X})"
    if len(passage) != len(text):
        return f"; lengths differ ({len(passage)} in the source, {len(text)} written)"
    return ""


def _word_diff(passage: str, text: str) -> str:
    a, b = passage.split(), text.split()
    changes = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "replace":
            changes.append(f"source has '{' '.join(a[i1:i2])}' where you wrote '{' '.join(b[j1:j2])}'")
        elif op == "delete":
            changes.append(f"source has '{' '.join(a[i1:i2])}' which you left out")
        elif op == "insert":
            changes.append(f"you added '{' '.join(b[j1:j2])}' which the source lacks")
    if not changes:
        return "the words match but the characters between them differ" + _first_difference(passage, text)
    more = f" (and {len(changes) - 3} more differences)" if len(changes) > 3 else ""
    return "; ".join(changes[:3]) + more
