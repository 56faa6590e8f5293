"""The closest passage of a source to text that was not found in it, and how they differ.

This is the hint a contributor reads after `text-not-found`: it must point at the right
place and name the difference in words a contributor can act on (quote marks, whitespace,
case, changed words, and the code points of characters that look alike).
"""

from __future__ import annotations

import difflib
import re
import unicodedata

_EXACT_BUDGET = 2_000_000
"""Largest len(source) * len(text) searched exhaustively; above it, seeds bound the cost."""
_WORD_BUDGET = 1_000_000
"""Largest (words in window) * (words in text) aligned word by word."""
_SEEDS = 64
_HITS_PER_SEED = 32
_NOTHING = "no similar passage in the source: check that the record names the right article"

# Characters contributors most often type differently from the source.
FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
        **dict.fromkeys("\u00a0\u2009\u202f", " "),
        "\u2026": "...",
    }
)
_VARIANTS = {chr(k): v for k, v in FOLD.items()}
SPACES = re.compile(r"\s+")


def fold(s: str) -> str:
    return SPACES.sub(" ", s.translate(FOLD)).casefold()


def closest_passage(source: str, text: str) -> tuple[str, str]:
    """The passage of `source` most like `text`, and a one-line account of how they differ.

    Small inputs are searched exhaustively. Large ones (a long quote in a long source)
    would take time quadratic in their lengths, so the search is seeded: sampled n-grams
    of the text vote for where in the source it sits, and the alignment runs in a window
    there. Its cost is a bounded number of substring searches plus one local alignment.
    """
    if len(source) * max(1, len(text)) <= _EXACT_BUDGET:
        return _closest_exhaustive(source, text)
    diagonal = _seed(source, text)
    if diagonal is None:
        return "", _NOTHING
    slack = len(text) // 2 + 10
    lo, hi = max(0, diagonal - slack), min(len(source), diagonal + len(text) + slack)
    window = source[lo:hi]
    near = _near_match(window, text)
    if near is not None:
        return near
    if len(window) * len(text) > _EXACT_BUDGET:
        start, end = _align_words(window, text, _refine(window, text, diagonal - lo))
    else:
        start, end = _align(window, text, 0)
    passage = window[start:end]
    return passage, word_diff(passage, text)


def _closest_exhaustive(source: str, text: str) -> tuple[str, str]:
    near = _near_match(source, text)
    if near is not None:
        return near
    # Anchor on the longest common run, then align the text within a window around it
    # (which holds the run, so the alignment is never empty).
    matcher = difflib.SequenceMatcher(None, source, text, autojunk=False)
    match = matcher.find_longest_match(0, len(source), 0, len(text))
    if match.size < min(8, max(1, len(text) // 2)):
        return "", _NOTHING
    slack = len(text) // 2 + 10
    lo = max(0, match.a - match.b - slack)
    hi = min(len(source), match.a - match.b + len(text) + slack)
    start, end = _align(source[lo:hi], text, lo)
    passage = source[start:end]
    return passage, word_diff(passage, text)


def _near_match(area: str, text: str) -> tuple[str, str] | None:
    """The passage of `area` that differs from `text` only in composed accents, or only in
    quote marks, dashes, spaces or case, with how; None when there is none."""
    normalized = _normal_form_match(area, text)
    if normalized is not None:
        return normalized, describe_normalization(normalized, text)
    folded_text = fold(text)
    if folded_text and folded_text in fold(area):
        passage = _unfold_match(area, text)
        if passage is not None:
            return passage, describe_small_difference(passage, text)
    return None


def _seed(source: str, text: str) -> int | None:
    """Where in `source` (start offset) `text` most likely sits: the diagonal most n-grams agree on."""
    k = max(1, min(8, len(text) // 2))
    hay, needle = source.casefold() if len(source.casefold()) == len(source) else source, text.casefold()
    if len(needle) != len(text):
        needle = text
    step = max(1, (len(needle) - k) // _SEEDS)
    votes: dict[int, dict[int, int]] = {}
    bucket = max(16, len(text) // 16)
    for p in range(0, len(needle) - k + 1, step):
        gram, at, seen = needle[p : p + k], -1, 0
        while seen < _HITS_PER_SEED:
            at = hay.find(gram, at + 1)
            if at == -1:
                break
            votes.setdefault((at - p) // bucket, {}).setdefault(p, at - p)
            seen += 1
    if not votes:
        return None

    def near(b: int) -> list[int]:
        return [d for n in (b - 1, b, b + 1) for d in votes.get(n, {}).values()]

    best = max(votes, key=lambda b: (len(near(b)), -b))
    diagonals = sorted(near(best))
    return max(0, diagonals[len(diagonals) // 2])


def _align(window: str, text: str, lo: int) -> tuple[int, int]:
    """Start and end (in `window`, plus `lo`) of the run that aligns with `text`, widened to words."""
    blocks = [b for b in difflib.SequenceMatcher(None, window, text, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return 0, 0
    start, end = _widen(window, blocks[0].a, blocks[-1].a + blocks[-1].size)
    return lo + start, lo + end


def _align_words(window: str, text: str, diagonal: int) -> tuple[int, int]:
    """Like `_align`, word by word (for long texts): unmatched words at either end are kept.

    Text of many repeated words would make the word alignment itself slow; then the
    passage is taken at the seeded position, widened to whole words.
    """
    spans = [m.span() for m in re.finditer(r"\S+", window)]
    words, wanted = [window[a:b] for a, b in spans], text.split()
    if len(words) * len(wanted) > _WORD_BUDGET or len(set(wanted)) * 4 < len(wanted):
        return _widen(window, diagonal, diagonal + len(text))
    blocks = [b for b in difflib.SequenceMatcher(None, words, wanted, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return _widen(window, diagonal, diagonal + len(text))
    first = max(0, blocks[0].a - blocks[0].b)
    last = min(len(spans), blocks[-1].a + blocks[-1].size + len(wanted) - blocks[-1].b - blocks[-1].size)
    return spans[first][0], spans[last - 1][1]


def _refine(window: str, text: str, guess: int) -> int:
    """The exact start of `text` in `window` near `guess`: where a chunk of the text (its
    start, middle or end, whichever is intact) is found closest to the guessed place."""
    size = min(32, len(text))
    for p in (0, len(text) - size, (len(text) - size) // 2):
        chunk, at, best = text[p : p + size], window.find(text[p : p + size]), None
        while at != -1:
            if best is None or abs(at - p - guess) < abs(best - guess):
                best = at - p
            at = window.find(chunk, at + 1)
        if best is not None:
            return best
    return guess


def _widen(window: str, start: int, end: int) -> tuple[int, int]:
    start, end = max(0, min(start, len(window))), max(0, min(end, len(window)))
    while start > 0 and not window[start - 1].isspace():
        start -= 1
    while end < len(window) and not window[end].isspace():
        end += 1
    return start, end


def _unfold_match(source: str, text: str) -> str | None:
    # Build a regex from the text where every foldable character matches its variants.
    parts: list[str] = []
    for ch in text:
        if ch.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
            continue
        variants = {ch, ch.translate(FOLD)} | {k for k, v in _VARIANTS.items() if v == ch.translate(FOLD)}
        parts.append("(?:" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)) + ")")
    m = re.search("".join(parts), source, flags=re.IGNORECASE)
    return m.group(0) if m else None


def _normal_form_match(area: str, text: str) -> str | None:
    """The passage of `area` that equals `text` once both are NFC-normalized, if any."""
    nfc = unicodedata.normalize("NFC", text)
    if nfc == unicodedata.normalize("NFD", text) or nfc not in unicodedata.normalize("NFC", area):
        return None
    forms = ({ch, unicodedata.normalize("NFD", ch)} for ch in nfc)
    pattern = "".join("(?:" + "|".join(re.escape(f) for f in sorted(v, key=len, reverse=True)) + ")" for v in forms)
    m = re.search(pattern, area)
    return m.group(0) if m else None


def describe_small_difference(passage: str, text: str) -> str:
    folded_passage, folded_text = passage.translate(FOLD), text.translate(FOLD)
    same_folded = folded_passage.casefold() == folded_text.casefold()
    kinds = []
    if (folded_passage != passage or folded_text != text) and (
        SPACES.sub(" ", folded_passage) == SPACES.sub(" ", folded_text) or same_folded
    ):
        kinds.append("quote marks, dashes or special spaces (curly vs straight)")
    if SPACES.sub(" ", passage) != passage or SPACES.sub(" ", text) != text:
        kinds.append("whitespace or line breaks")
    if same_folded and folded_passage != folded_text:
        kinds.append("letter case")
    return "differs only in " + (" and ".join(kinds) or "characters that look alike") + _first_difference(passage, text)


def _first_difference(passage: str, text: str) -> str:
    for i, (a, b) in enumerate(zip(passage, text, strict=False)):
        if a != b:
            return f"; first at character {i + 1}: source has {a!r} ({char_name(a)}), you wrote {b!r} ({char_name(b)})"
    if len(passage) != len(text):
        return f"; lengths differ ({len(passage)} in the source, {len(text)} written)"
    return ""


def char_name(ch: str) -> str:
    """`U+0301 COMBINING ACUTE ACCENT`."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}"


def code_points(a: str, b: str) -> str:
    """The code points where `a` (source) and `b` (written) differ, when some are not plain
    ASCII: `café` and `café` look the same but may not be the same characters."""
    if a == b or len(a) + len(b) > 400:
        return ""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    mine = "".join(a[i1:i2] for op, i1, i2, _, _ in ops if op != "equal")
    yours = "".join(b[j1:j2] for op, _, _, j1, j2 in ops if op != "equal")
    if all(c.isascii() and c.isprintable() for c in mine + yours):
        return ""

    def listed(chars: str) -> str:
        return ", ".join(char_name(c) for c in chars[:4]) + (", ..." if len(chars) > 4 else "") if chars else "nothing"

    return f" (source: {listed(mine)}; yours: {listed(yours)})"


def describe_normalization(passage: str, text: str) -> str:
    """How `passage` and `text`, equal once normalized, compose their accented letters."""
    for ch in unicodedata.normalize("NFC", text):
        nfd = unicodedata.normalize("NFD", ch)
        if nfd == ch:
            continue
        parts = " + ".join([nfd[0]] + [f"U+{ord(c):04X}" for c in nfd[1:]])
        if nfd in passage and ch not in passage:
            return (
                f"the source writes {ch} as {parts} (NFD), you wrote U+{ord(ch):04X} (NFC); copy the characters from the source"
            )
        if ch in passage and nfd in text:
            return f"the source writes {ch} as one character U+{ord(ch):04X} (NFC), you wrote {parts} (NFD); copy the characters from the source"
    return "the text differs from the source only in how accents are composed (NFC vs NFD); copy the characters from the source"


def word_diff(passage: str, text: str) -> str:
    a, b = passage.split(), text.split()
    # Common leading and trailing words are cut first: cheap, and it keeps the alignment
    # of a long quote with one typo small even when its words repeat.
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a, b = a[head : len(a) - tail], b[head : len(b) - tail]
    ops: list[tuple[str, int, int, int, int]]
    if len(a) * len(b) > 250_000:
        ops = [("replace", 0, 1, 0, 1)] if a and b else []
    else:
        ops = list(difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes())
    changes = []
    for op, i1, i2, j1, j2 in ops:
        src, yours = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if op == "replace":
            changes.append(f"source has '{src}' where you wrote '{yours}'{code_points(src, yours)}")
        elif op == "delete":
            changes.append(f"source has '{src}' which you left out{code_points(src, '')}")
        elif op == "insert":
            changes.append(f"you added '{yours}' which the source lacks{code_points('', yours)}")
    if not changes:
        return "the words match but the characters between them differ" + _first_difference(passage, text)
    more = f" (and {len(changes) - 3} more differences)" if len(changes) > 3 else ""
    return "; ".join(changes[:3]) + more
