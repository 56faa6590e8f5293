"""How a passage of the source and the text written for it differ, in words a contributor
can act on: which quote marks, spaces, case or words changed, and, where characters look
alike (zero-width, bidi controls, composed or decomposed accents), their code points."""

from __future__ import annotations

import difflib
import re
import unicodedata

# Characters contributors most often type differently from the source.
FOLD = str.maketrans(
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
SPACES = re.compile(r"\s+")


def fold(s: str) -> str:
    return SPACES.sub(" ", s.translate(FOLD)).casefold()


def describe_small_difference(passage: str, text: str) -> str:
    kinds = []
    folds = passage.translate(FOLD) != passage or text.translate(FOLD) != text
    if folds and (
        SPACES.sub(" ", passage.translate(FOLD)) == SPACES.sub(" ", text.translate(FOLD))
        or passage.translate(FOLD).casefold() == text.translate(FOLD).casefold()
    ):
        kinds.append("quote marks, dashes or special spaces (curly vs straight)")
    if SPACES.sub(" ", passage) != passage or SPACES.sub(" ", text) != text:
        kinds.append("whitespace or line breaks")
    if passage.translate(FOLD).casefold() == text.translate(FOLD).casefold() and passage.translate(FOLD) != text.translate(FOLD):
        kinds.append("letter case")
    if not kinds:
        kinds.append("characters that look alike")
    return "differs only in " + " and ".join(kinds) + _first_difference(passage, text)


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


def _plain(ch: str) -> bool:
    return ch.isascii() and ch.isprintable()


def code_points(a: str, b: str) -> str:
    """The code points where `a` (source) and `b` (written) differ, when some are not plain
    ASCII: `café` and `café` look the same but may not be the same characters."""
    if a == b or len(a) + len(b) > 400:
        return ""
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    mine = "".join(a[i1:i2] for op, i1, i2, _, _ in ops if op != "equal")
    yours = "".join(b[j1:j2] for op, _, _, j1, j2 in ops if op != "equal")
    if all(_plain(c) for c in mine + yours):
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


def _changes(a: list[str], b: list[str]) -> list[str]:
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
    return changes


def word_diff(passage: str, text: str) -> str:
    changes = _changes(passage.split(), text.split())
    if not changes:
        return "the words match but the characters between them differ" + _first_difference(passage, text)
    more = f" (and {len(changes) - 3} more differences)" if len(changes) > 3 else ""
    return "; ".join(changes[:3]) + more
