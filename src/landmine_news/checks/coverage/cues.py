"""Finding the cues of a source text a curator must consider (CONTRIBUTING.md, *Coverage*).

Three kinds: `attribution` (reporting verbs and phrases, a colon that introduces a
passage, quotation marks), `quantity` (digits, number words, every wording of the figure
rule table, percentages, money, durations) and `name` (capitalised names). Overlapping
cues of one kind are merged into one span.
"""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache
from itertools import accumulate
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..anchoring.attribution import sentence_bounds
from ..anchoring.spans import folded
from .cue_words import COMMON_STARTERS, DURATIONS, NAME_CONNECTORS, NUMBER_WORDS, attribution_cues

if TYPE_CHECKING:  # pragma: no cover
    from ...models.figure_rules import RuleTable

CueKind = Literal["attribution", "quantity", "name"]
KINDS: tuple[CueKind, ...] = ("attribution", "quantity", "name")


class Cue(NamedTuple):
    """One span of the source that may hold a statement, a number or a name (cues sort by start, end, kind)."""

    start: int
    end: int
    kind: CueKind


# Each scan starts with the character it looks for, not with a look-behind, so that the
# regular expression engine can jump to the next candidate instead of trying every position.
_COLON = re.compile(r":(?<!\d:)(?=\s|$)")
_QUOTE_MARKS = re.compile(r"[\"“”„‟«»‘‚‹›]")
_NUMBER = re.compile(
    r"[$€£\d](?<![\w.].)(?:(?<=\d)|(?=\d))\d*(?:[,.:]\d+)*(?:\s?%|\s(?:per ?cent|thousand|million|billion|trillion|dollars|euros)\b)?"
    rf"(?: (?:{'|'.join(DURATIONS)})\b)?"
)
_TOKEN = r"[A-Z](?:\.(?:[A-Z]\.)+|[\w-]*)"  # `U.S.` (two capitals or more, each with a stop), or a word
_NAME = re.compile(rf"{_TOKEN}(?: (?:(?:{'|'.join(NAME_CONNECTORS)}) )*{_TOKEN})*(?:[’'][sS]\b)?")


def _spans(pattern: re.Pattern[str], source: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(source)]


_WORDS = re.compile(r"(\w+(?:-\w+)*)")  # hyphen-joined runs as one word; the group makes `split` keep the words


@cache
def _cue_index() -> dict[str, tuple[list[str], ...]]:
    """First word -> the cues that start with it, longest first, each cut as `_parts` cuts a source."""
    index: dict[str, list[list[str]]] = {}
    for cue in attribution_cues():  # longest first already
        parts = re.split("( )", cue.lower())  # its words and the single spaces between them
        index.setdefault(parts[0], []).append(parts)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=4)
def _parts(low: str) -> tuple[list[str], list[int]]:
    """A folded source cut into its words and the text between them, alternately (so the words
    are at the odd places), and the offset where each part starts: the attribution and
    number-word lookups share them."""
    parts = _WORDS.split(low)
    return parts, list(accumulate(map(len, parts), initial=0))


def _cue_at(parts: list[str], p: int) -> int:
    """How many parts a cue starting at word `p` spans (0: none): words joined by one space, and
    no hyphen just before or after the cue (`he -said`, `said--`)."""
    if parts[p - 1].endswith("-"):
        return 0
    for cue in _cue_index().get(parts[p], ()):
        if parts[p : p + len(cue)] == cue and not parts[p + len(cue)].startswith("-"):
            return len(cue)  # else a shorter cue may still fit, as the pattern's next alternative would
    return 0


def attribution_spans(source: str) -> list[tuple[int, int]]:
    """Reporting verbs and phrases (leftmost and longest first), introducing colons and quotation marks.

    Words are looked up in an index of the cue list: one large regular expression took many times as long.
    """
    starts = {s for s, _ in sentence_bounds(source)}
    parts, at = _parts(folded(source))
    index = _cue_index()
    found = []
    after = 0  # the first part a cue may start at: cues found do not overlap
    # Only the words that begin some cue are tried, in order, as a scan of every word would.
    for p in [p for p in range(1, len(parts), 2) if parts[p] in index]:
        if p < after:
            continue
        n = _cue_at(parts, p)
        if not n:
            continue
        if at[p] in starts or not source[at[p]].isupper():  # `States` in `United States` is no verb
            found.append((at[p], at[p + n]))
        after = p + n
    return found + _spans(_COLON, source) + _spans(_QUOTE_MARKS, source)


_SCANS: dict[str, re.Pattern[str]] = {}
"""The rule scan per table (its key): built once per table, not per article."""


def _rule_scan(rules: RuleTable | None = None) -> re.Pattern[str]:
    """Every row of the rule table in one pattern, in table order (the first row that matches wins),
    for the folded source: case-sensitive (in 60% of the time) unless a wording has a capital
    letter (escapes such as `\\D` aside), which only a case-insensitive scan finds there."""
    from ...models.figure_rules import package_table

    rules = rules or package_table()
    scan = _SCANS.get(rules.key)
    if scan is None:
        if len(_SCANS) > 16:  # a long-lived process that saw many tables keeps only the newest
            _SCANS.clear()
        parts = [re.sub(r"\(\?P<\w+>", "(?:", row.pattern.pattern.removeprefix("^")) for row in rules.rows]
        pattern = r"(?<![\w-])(?:" + "|".join(parts) + ")"
        flags = re.IGNORECASE if re.search("[A-Z]", re.sub(r"\\.", "", pattern)) else 0
        scan = _SCANS[rules.key] = re.compile(pattern, flags)
    return scan


def rule_table_spans(source: str, rules: RuleTable | None = None) -> list[tuple[int, int]]:
    """Every wording of the figure rule table (`rules`, by default the package's), in one scan of the folded source."""
    return [m.span() for m in _rule_scan(rules).finditer(folded(source)) if m.end() > m.start()]


_NUMBER_WORDS = frozenset(NUMBER_WORDS + DURATIONS)


def number_word_spans(source: str) -> list[tuple[int, int]]:
    """Number words and durations, as whole words not joined by a hyphen (looked up in the
    folded source's words: a case-insensitive pattern cost several times as much)."""
    parts, at = _parts(folded(source))
    return [
        (at[p], at[p + 1])
        for p in range(1, len(parts), 2)
        if parts[p] in _NUMBER_WORDS and not parts[p - 1].endswith("-") and not parts[p + 1].startswith("-")
    ]


def quantity_spans(source: str, rules: RuleTable | None = None) -> list[tuple[int, int]]:
    """Digits (with percent signs, currency and multipliers), number words, durations, rule-table wordings."""
    return _spans(_NUMBER, source) + number_word_spans(source) + rule_table_spans(source, rules)


_POSSESSIVES = ("’s", "'s", "’S", "'S")
_STARTERS = frozenset(COMMON_STARTERS)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"  # what `\w` matches


def _written_in_lowercase(source: str, word: str) -> bool:
    """Whether the source writes `word` (lowercased) as a whole word, or as one to four whole
    words of a hyphen-joined run (`anti-personnel`, `anti` in `anti-personnel mines`)."""
    at = source.find(word)
    while at >= 0:
        if not _is_word_char(source[at - 1 : at]) and not _is_word_char(source[at + len(word) : at + len(word) + 1]):
            return word.count("-") <= 3 and _WORDS.fullmatch(word) is not None  # asked only when the word is there
        at = source.find(word, at + 1)
    return False


def _trim_name(source: str, start: int, end: int, sentence_starts: set[int]) -> tuple[int, int] | None:
    """Drop leading common words and a trailing possessive; None when nothing name-like is left."""
    words = source[start:end].split(" ")
    dropped = 0  # stepped, not popped from the front: a name of a million `The`s stays linear
    while dropped < len(words) and words[dropped].lower() in _STARTERS:
        start += len(words[dropped]) + 1
        dropped += 1
    if dropped == len(words) or not words[dropped][:1].isupper():
        return None
    if source.endswith(_POSSESSIVES, start, end):
        end -= 2
    word = source[start:end].lower()
    if dropped == len(words) - 1 and (  # one word left: neither a common word nor one the text also writes in lowercase
        word in _STARTERS or (start in sentence_starts and _written_in_lowercase(source, word))
    ):
        return None
    return start, end


def name_spans(source: str) -> list[tuple[int, int]]:
    """Capitalised names (words joined by connectors), not sentence-initial common words."""
    starts = {s for s, _ in sentence_bounds(source)}
    found = []
    for m in _NAME.finditer(source):
        trimmed = _trim_name(source, m.start(), m.end(), starts)
        if trimmed is not None and trimmed[1] > trimmed[0]:
            found.append(trimmed)
    return found


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, in source order."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def find_cues(source: str, rules: RuleTable | None = None) -> list[Cue]:
    """Every cue of the source, merged per kind, in source order; the wordings of `rules`
    (the effective rule table, by default the package's) are quantity cues."""
    attribution, quantity = merge(attribution_spans(source)), merge(quantity_spans(source, rules))
    other = merge(attribution + quantity)
    starts = [s for s, _ in other]

    def overlaps_other(start: int, end: int) -> bool:
        # `other` is merged, so sorted and disjoint: only the span starting before `end` can overlap.
        i = bisect.bisect_left(starts, end) - 1
        return i >= 0 and other[i][1] > start

    names = [Cue(s, e, "name") for s, e in merge(name_spans(source)) if not overlaps_other(s, e)]
    return sorted([Cue(s, e, "attribution") for s, e in attribution] + [Cue(s, e, "quantity") for s, e in quantity] + names)
