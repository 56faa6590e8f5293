"""How faithfully a quote renders the words first published: computed from the two wordings.

Both wordings are normalised first, so that typography is not a change: every quotation
mark is one mark, every apostrophe one apostrophe, dashes one dash, white space one space,
and punctuation at the end of a word (or quotation marks at its start) is not compared:
it is the sentence's, and an outlet that splits a quote around its attribution ends the
first part with a comma where the speaker ended a sentence. Then a quote is `verbatim`
when the two are equal, `trimmed` when one is a contiguous run of whole words of the
other (a quote usually keeps part of what was said), and `altered` otherwise, with the
changes listed word by word and an edit ratio (the share of words not kept in order).
`paraphrase`, `not_found` and `unchecked` are the curator's verdicts, which no wording
can compute.
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
        "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"',
        "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
        "–": "-", "—": "-", "‑": "-", "‒": "-", "−": "-",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
_WORD_END = re.compile(r"""[.,;:!?…"']+(?=\s|$)""")
_WORD_START = re.compile(r"""(?:(?<=\s)|^)["']+""")


def normalise(text: str) -> str:
    """`text` with quotation marks, apostrophes, dashes and white space in one form each, and
    without punctuation at the ends of words or marks at their starts (`“Not yet.”` is `Not yet`)."""
    text = unicodedata.normalize("NFC", text).translate(_MARKS)
    text = _WORD_START.sub("", _WORD_END.sub("", _SPACE.sub(" ", text)))
    return _SPACE.sub(" ", text).strip()


def _part_of(part: str, whole: str) -> bool:
    """Whether `part` is a contiguous run of whole words of `whole`."""
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", whole) is not None


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
    if a and b and (_part_of(a, b) or _part_of(b, a)):
        return Comparison("trimmed", (), 0.0)
    old, new = b.split(" "), a.split(" ")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    changes = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        was, now = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        changes.append(f"{was or '∅'} → {now or '∅'}")
    ratio = round(1 - matcher.ratio(), 3)
    return Comparison("altered", tuple(changes), ratio)


def rendering(quoted: str, first: str, direct: bool = True) -> Comparison:
    """`compare`, for a record of the given kind: an indirect statement or a reaction that
    changes the words renders them in its own, which is a `paraphrase`, not an alteration."""
    found = compare(quoted, first)
    return found if direct or found.verdict != "altered" else found._replace(verdict="paraphrase")


def contradiction(typed: str, computed: str) -> str | None:
    """Why a curator's verdict cannot stand beside the one the wordings give; None when it can.

    A computable verdict must be the computed one; `paraphrase` needs words that differ
    (same words are no paraphrase); `not_found` and `unchecked` deny words that are recorded.
    """
    if typed == computed or (typed == "paraphrase" and computed in ("altered", "paraphrase")):
        return None
    if typed in ("not_found", "unchecked"):
        return f"fidelity is {typed}, but the first publication's words are recorded (they read as {computed})"
    return f"fidelity is {typed}, but the two wordings read as {computed}"
