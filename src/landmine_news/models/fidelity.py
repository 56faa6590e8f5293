"""How faithfully a quote renders the words first published: computed from the two wordings.

Both are normalised first, so typography is no change: case and compatibility forms folded,
invisible characters and editorial brackets dropped, one quotation mark, one apostrophe, no
dash between words, and no punctuation at a word's edge (it is the sentence's: an outlet that
splits a quote around its attribution ends the first part with a comma). Then a quote is
`verbatim` when the two are equal, `trimmed` when one is a run of whole words of the other (or
each part between the quote's ellipses is, in order), else `altered`, with the changes and an
edit ratio taken over the stretch of the first words the quote renders. `paraphrase`,
`not_found` and `unchecked` are the curator's verdicts, which no wording can compute.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import NamedTuple

COMPUTED = ("verbatim", "trimmed", "altered")
"""The verdicts the two wordings decide."""

WORDED = (*COMPUTED, "paraphrase")
"""The verdicts that compare the quote with words: each needs the first publication's words."""

_MARKS = str.maketrans(
    {
        "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "‹": "'", "›": "'",
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "‐": "-", "‑": "-", "–": "-", "‒": "-", "−": "-",
        "—": " - ", "―": " - ", "⸺": " - ", "⸻": " - ",
        "[": "", "]": "",
    }
)  # fmt: skip
_FORMAT = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_SPACE = re.compile(r"\s+")
_WORD_END = re.compile(r"""[.,;:!?…"']+(?=\s|$)""")
_WORD_START = re.compile(r"""(?:(?<=\s)|^)["']+""")
_DASHES = re.compile(r"(?:(?<=\s)|^)-+(?=\s|$)")
_ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
_SIC = re.compile(r"\s*\[sic\]", re.IGNORECASE)


def _once(text: str) -> str:
    text = unicodedata.normalize("NFKC", _FORMAT.sub("", _SIC.sub("", text))).casefold().translate(_MARKS)
    text = _WORD_START.sub("", _WORD_END.sub("", _SPACE.sub(" ", text)))
    return _SPACE.sub(" ", _DASHES.sub("", text)).strip()


def normalise(text: str) -> str:
    """`text` as it is compared (`“Not yet.”` is `not yet`). The steps run until nothing changes,
    since each can expose work for another (a dropped mark between a letter and its accent)."""
    for _ in range(8):
        again = _once(text)
        if again == text:
            break
        text = again
    return text


def _run(part: str, whole: str, at: int = 0) -> re.Match[str] | None:
    """Where `part` is a contiguous run of whole words of `whole`, from `at` on."""
    return re.compile(rf"(?<!\S){re.escape(part)}(?!\S)").search(whole, at)


def _elided(quoted: str, whole: str) -> list[str] | None:
    """The words `quoted` leaves out where it marks omissions with an ellipsis, when the parts
    between its ellipses are runs of whole words of `whole`, in order; else None."""
    parts = [p for p in map(normalise, _ELLIPSIS.split(quoted)) if p]
    if len(parts) < 2:
        return None
    at, gaps = 0, []
    for part in parts:
        found = _run(part, whole, at)
        if found is None:
            return None
        if at and whole[at : found.start()].strip():
            gaps.append(whole[at : found.start()].strip())
        at = found.end()
    return gaps


class Comparison(NamedTuple):
    """The verdict the wordings give, what changed, and the edit ratio (0 when nothing did)."""

    verdict: str
    changes: tuple[str, ...]
    edit_ratio: float


def compare(quoted: str, first: str) -> Comparison:
    """How `quoted` (the article's words) renders `first` (the words first published)."""
    a, b = normalise(quoted), normalise(first)
    if a == b:
        return Comparison("verbatim", (), 0.0)
    if a and b and _run(a, b):
        return Comparison("trimmed", (), 0.0)
    if a and b and _run(b, a):
        # The first words recorded may be only part of what was said: trimming, with the words
        # the quote has beyond them listed, so that an addition is seen.
        before, after = a[: a.index(b)].strip(), a[a.index(b) + len(b) :].strip()
        return Comparison("trimmed", tuple(f"∅ → {w}" for w in (before, after) if w), 0.0)
    gaps = _elided(quoted, b) if a and b else None
    if gaps is not None:
        return Comparison("trimmed", tuple(f"{gap} → …" for gap in gaps), 0.0)
    old, new = b.split(" ") if b else [], a.split(" ") if a else []
    ops = difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes()
    # Words of the first publication left out before or after what the quote renders are trimming.
    while ops and ops[0][0] == "delete":
        ops = ops[1:]
    while ops and ops[-1][0] == "delete":
        ops = ops[:-1]
    lo, hi = (ops[0][1], ops[-1][2]) if ops else (0, len(old))
    changes = []
    for op, i1, i2, j1, j2 in ops:
        if op != "equal":
            was, now = " ".join(old[i1:i2]), " ".join(new[j1:j2])
            changes.append(f"{was or '∅'} → {now or '∅'}")
    ratio = round(1 - difflib.SequenceMatcher(a=old[lo:hi], b=new, autojunk=False).ratio(), 3)
    return Comparison("altered", tuple(changes), ratio)


def rendering(quoted: str, first: str, direct: bool = True) -> Comparison:
    """`compare`, for a record of the given kind: an indirect statement or a reaction that
    changes the words renders them in its own, which is a `paraphrase`, not an alteration."""
    found = compare(quoted, first)
    return found if direct or found.verdict != "altered" else found._replace(verdict="paraphrase")


def contradiction(typed: str, computed: str, direct: bool = True) -> str | None:
    """Why a curator's verdict cannot stand beside the one the wordings give; None when it can
    (`paraphrase` only for an indirect rendering of changed words)."""
    if typed == computed or (typed == "paraphrase" and computed in ("altered", "paraphrase") and not direct):
        return None
    if typed == "paraphrase" and direct and computed == "altered":
        return "fidelity is paraphrase, but a direct quote that changes the first words is altered"
    if typed in ("not_found", "unchecked"):
        return f"fidelity is {typed}, but the first publication's words are recorded (they read as {computed})"
    return f"fidelity is {typed}, but the two wordings read as {computed}"
