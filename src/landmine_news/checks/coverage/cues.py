"""Finding the cues of a source text a curator must consider (CONTRIBUTING.md, *Coverage*).

Three kinds: `attribution` (reporting verbs and phrases, a colon that introduces a
passage, quotation marks), `quantity` (digits, number words, every wording of the figure
rule table, percentages, money, durations) and `name` (capitalised names). Overlapping
cues of one kind are merged into one span.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..anchoring.attribution import sentence_bounds
from .cue_words import COMMON_STARTERS, DURATIONS, NAME_CONNECTORS, NUMBER_WORDS, attribution_cues

if TYPE_CHECKING:  # pragma: no cover
    from ...models.figure_rules import RuleTable

CueKind = Literal["attribution", "quantity", "name"]
KINDS: tuple[CueKind, ...] = ("attribution", "quantity", "name")


class Cue(NamedTuple):
    """One span of the source that may hold a statement, a number or a name."""

    kind: CueKind
    start: int
    end: int


_COLON = re.compile(r"(?<!\d):(?=\s|$)")
_QUOTE_MARKS = re.compile(r"[\"“”„‟«»‘‚‹›]")
_NUMBER = re.compile(
    r"(?<![\w.])[$€£]?\d+(?:[,.:]\d+)*(?:\s?%|\s(?:per ?cent|thousand|million|billion|trillion|dollars|euros)\b)?"
    rf"(?: (?:{'|'.join(DURATIONS)})\b)?"
)
_WORD_START = re.compile(r"\b\w")
_TOKEN = r"(?:[A-Z]\.){2,}|[A-Z][\w-]*"
_NAME = re.compile(rf"(?:{_TOKEN})(?: (?:(?:{'|'.join(NAME_CONNECTORS)}) )*(?:{_TOKEN}))*(?:[’'][sS]\b)?")


def _spans(pattern: re.Pattern[str], source: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(source)]


_WORDS = re.compile(r"\w+(?:-\w+)*")


@cache
def _cue_index() -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the cues that start with it, as word tuples, longest first."""
    index: dict[str, list[tuple[str, ...]]] = {}
    for cue in attribution_cues():  # longest first already
        words = tuple(cue.lower().split(" "))
        index.setdefault(words[0], []).append(words)
    return {k: tuple(v) for k, v in index.items()}


def _cue_at(source: str, toks: tuple[tuple[int, int, str], ...], i: int) -> int:
    r"""How many words of a cue start at token `i` (0: none); words joined by one space, as
    written, and, as the reference pattern's `(?<![\w-])` and `(?![\w-])` say, no hyphen
    just before the cue or just after it (`he -said`, `said--`)."""
    start = toks[i][0]
    if source[start - 1 : start] == "-":
        return 0
    for words in _cue_index().get(toks[i][2], ()):
        n = len(words)
        if (
            i + n <= len(toks)
            and all(toks[i + k][2] == words[k] and source[toks[i + k - 1][1] : toks[i + k][0]] == " " for k in range(1, n))
            and source[toks[i + n - 1][1] : toks[i + n - 1][1] + 1] != "-"
        ):
            return n  # else a shorter cue may still fit, as the pattern's next alternative would
    return 0


_TWIN_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
"""The only characters beyond ASCII that `re.IGNORECASE` matches to an ASCII letter (İ, ı, the
long s, the Kelvin sign; a test scans every code point for them), folded to that letter."""


@lru_cache(maxsize=4)
def _folded(source: str) -> str:
    """The source with its case twins folded (`_TWIN_FOLD`), then lowercased.

    Folding keeps every character's place (İ, the only character that lowercases to two, is
    folded first) and whether it is a word character (a test scans every code point), so
    the lookups and patterns below match in it case-sensitively at the source's own offsets,
    finding what a case-insensitive match of the source finds. Cached, as `sentence_bounds`
    is, for the last sources.
    """
    return source.translate(_TWIN_FOLD).lower()


@lru_cache(maxsize=4)
def _tokens(folded: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, word) of each word of a folded source, hyphen-joined runs as one: the
    attribution and number-word lookups share them."""
    return tuple((m.start(), m.end(), m.group()) for m in _WORDS.finditer(folded))


def attribution_spans(source: str) -> list[tuple[int, int]]:
    """Reporting verbs and phrases, introducing colons and quotation marks.

    Words are looked up in an index of the cue list rather than matched by one large
    regular expression: the same cues, leftmost and longest first, in a fraction of the time.
    """
    folded = _folded(source)
    starts = {s for s, _ in sentence_bounds(source)}
    toks = _tokens(folded)
    index = _cue_index()
    found = []
    after = 0  # the first token a cue may start at: cues found do not overlap
    # Only the tokens that begin some cue are tried, in order, as a scan of every token would.
    for i in [i for i, tok in enumerate(toks) if tok[2] in index]:
        if i < after:
            continue
        n = _cue_at(source, toks, i)
        if not n:
            continue
        start = toks[i][0]
        if start in starts or not source[start].isupper():  # `States` in `United States` is no verb
            found.append((start, toks[i + n - 1][1]))
        after = i + n
    return found + _spans(_COLON, source) + _spans(_QUOTE_MARKS, source)


_SCANS: dict[tuple[str, int], re.Pattern[str]] = {}
"""The rule scan per table (its key; "" the package's) and flags: built once per table, not per article."""
_LOWERCASE: dict[str, bool] = {}


def _rule_scan(flags: int = re.IGNORECASE, rules: RuleTable | None = None) -> re.Pattern[str]:
    """Every row of the rule table in one pattern, in table order (the first row that matches wins)."""
    from ...models.figure_rules import package_table

    rules = rules or package_table()
    scan = _SCANS.get((rules.key, flags))
    if scan is None:
        if len(_SCANS) > 16:  # a long-lived process that saw many tables keeps only the newest
            _SCANS.clear()
        parts = [re.sub(r"\(\?P<\w+>", "(?:", row.pattern.pattern.removeprefix("^")) for row in rules.rows]
        scan = _SCANS[(rules.key, flags)] = re.compile(r"(?<![\w-])(?:" + "|".join(parts) + ")", flags)
    return scan


def rule_table_spans(source: str, rules: RuleTable | None = None) -> list[tuple[int, int]]:
    """Every wording of the figure rule table (`rules`, by default the package's), in one scan of the source.

    Over the folded source; while every wording is lowercase the scan is case-sensitive, in
    60% of the time of a case-insensitive one.
    """
    flags = 0 if _rules_lowercase(rules) else re.IGNORECASE
    return [m.span() for m in _rule_scan(flags, rules).finditer(_folded(source)) if m.end() > m.start()]


def _rules_lowercase(rules: RuleTable | None = None) -> bool:
    """Whether no wording of the rule table has a capital letter (escapes such as `\\D` aside):
    only then does the case-sensitive scan of the folded source find what the table says."""
    key = rules.key if rules is not None else ""
    if key not in _LOWERCASE:
        _LOWERCASE[key] = not re.search("[A-Z]", re.sub(r"\\.", "", _rule_scan(0, rules).pattern))
    return _LOWERCASE[key]


_NUMBER_WORDS = frozenset(NUMBER_WORDS + DURATIONS)


def number_word_spans(source: str) -> list[tuple[int, int]]:
    """Number words and durations, as whole words not joined by a hyphen.

    Looked up in the folded source's word tokens: a case-insensitive pattern cost several
    times as much.
    """
    folded = _folded(source)
    return [
        (start, end)
        for start, end, low in _tokens(folded)
        if low in _NUMBER_WORDS and source[start - 1 : start] != "-" and source[end : end + 1] != "-"
    ]


def quantity_spans(source: str, rules: RuleTable | None = None) -> list[tuple[int, int]]:
    """Digits (with percent signs, currency and multipliers), number words, durations, rule-table wordings."""
    return _spans(_NUMBER, source) + number_word_spans(source) + rule_table_spans(source, rules)


_POSSESSIVES = ("’s", "'s", "’S", "'S")


def _trim_name(source: str, start: int, end: int, sentence_starts: set[int], lowercase: frozenset[str]) -> tuple[int, int] | None:
    """Drop leading common words and a trailing possessive; None when nothing name-like is left."""
    words = source[start:end].split(" ")
    dropped = 0  # stepped, not popped from the front: a name of a million `The`s stays linear
    while (
        dropped < len(words)
        and words[dropped].lower() in COMMON_STARTERS
        and (len(words) - dropped > 1 or start in sentence_starts)
    ):
        start += len(words[dropped]) + 1
        dropped += 1
    words = words[dropped:]
    if not words or not words[0][:1].isupper():
        return None
    if source.endswith(_POSSESSIVES, start, end):
        end -= 2
    single = len(words) == 1
    if single and start in sentence_starts and source[start:end].lower() in lowercase:
        return None  # a sentence-initial common word that the text also writes in lowercase
    if single and source[start:end].lower() in COMMON_STARTERS:
        return None
    return start, end


def _lowercase_words(source: str) -> frozenset[str]:
    """Every lowercase word or hyphen-joined run of words the source writes (`anti-personnel`, `anti`)."""
    found: set[str] = set()
    # Each distinct run once: a source's vocabulary is far smaller than its word count.
    for run in set(_WORDS.findall(source)):
        if "-" not in run:
            if run == run.lower():
                found.add(run)
            continue
        parts = run.split("-")
        for i in range(len(parts)):
            for j in range(i + 1, min(len(parts), i + 4) + 1):
                piece = "-".join(parts[i:j])
                if piece == piece.lower():
                    found.add(piece)
    return frozenset(found)


def name_spans(source: str) -> list[tuple[int, int]]:
    """Capitalised names (words joined by connectors), not sentence-initial common words."""
    starts = {s for s, _ in sentence_bounds(source)}
    lowercase = _lowercase_words(source)
    found = []
    for m in _NAME.finditer(source):
        trimmed = _trim_name(source, m.start(), m.end(), starts, lowercase)
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
    finders: dict[str, Callable[[str], list[tuple[int, int]]]] = {
        "attribution": attribution_spans,
        "quantity": lambda text: quantity_spans(text, rules),
        "name": name_spans,
    }
    cues = [Cue(kind, s, e) for kind in KINDS for s, e in merge(finders[kind](source))]
    other = merge([(c.start, c.end) for c in cues if c.kind != "name"])
    starts = [s for s, _ in other]

    def overlaps_other(c: Cue) -> bool:
        # `other` is merged, so sorted and disjoint: only the span starting before c.end can overlap.
        i = bisect.bisect_left(starts, c.end) - 1
        return i >= 0 and other[i][1] > c.start

    cues = [c for c in cues if c.kind != "name" or not overlaps_other(c)]
    return sorted(cues, key=lambda c: (c.start, c.end, c.kind))
