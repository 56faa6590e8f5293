"""Figures from an article's quantity cues, coded by the rule table, and what is not one.

Dates, times of day, years, page furniture (`2 minutes read`, a date line), ordinals and
durations that say when (`in days`) are not figures; a unit comes only from a whole word
(`milestone` holds no mile).
"""

from __future__ import annotations

import re

from ...checks.coverage.findings import CoverageFinding
from ...checks.rules.page_facts import printed_dates
from ...checks.rules.record_values import SUGGESTION_MARK
from ...models.figure_rules import RuleTable, match, unit_required
from ...models.vocab import Unit
from ..entry_fields import figure_fields
from .lexicon import VERB_PATTERN

FIGURE_GUESSED = f"{SUGGESTION_MARK}: confirm what it measures, the unit and who reported it"
_STOP = {"not", "that", "which", "who", "to", "in", "from", "for", "by", "and", "or", "have", "has", "had", "is", "are",
         "was", "were", "will", "as", "with", "on", "at", "after", "before", "since", "than", "but"}  # fmt: skip
_UNITS = (("countries", Unit.country), ("country", Unit.country), ("nations", Unit.country), ("nation", Unit.country),
          ("states", Unit.country), ("troops", Unit.troop), ("soldiers", Unit.troop), ("mines", Unit.mine),
          ("landmines", Unit.mine), ("land mines", Unit.mine), ("years", Unit.year), ("year", Unit.year),
          ("decades", Unit.decade), ("generations", Unit.generation), ("minutes", Unit.minute),
          ("square miles", Unit.square_mile), ("square kilometres", Unit.square_kilometre),
          ("square kilometers", Unit.square_kilometre), ("miles", Unit.mile), ("kilometres", Unit.kilometre),
          ("kilometers", Unit.kilometre), ("km", Unit.kilometre), ("people", Unit.person), ("civilians", Unit.person),
          ("persons", Unit.person), ("lives", Unit.person), ("percent", Unit.percent), ("%", Unit.percent), ("$", Unit.us_dollar),
          ("dollars", Unit.us_dollar))  # fmt: skip
_YEAR = re.compile(r"(?:1[89]|20)\d\d\b")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.IGNORECASE)
_FURNITURE = re.compile(
    r"\b\d+\s*(?:-\s*)?(?:minutes?|mins?)\s+read\b|^\s*(?:updated|published|posted|last\s+updated|by)\b|\bphoto\b|©"
    r"|\blisten\b|\b\d+\s*(?:min|mins|minutes)\s+\d+\s*(?:sec|secs|seconds)\b",
    re.IGNORECASE | re.MULTILINE,
)
_ORDINAL = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b", re.IGNORECASE
)
_WHEN = re.compile(r"\b(?:in|within|for the past|over the past|over the next|next|last|ago)\s*$", re.IGNORECASE)
_UNIT_OF_TIME = re.compile(r"\s*(?:\S+\s+)?(?:days?|weeks?|months?|hours?)\b", re.IGNORECASE)
_DATE_LIKE = re.compile(
    r"\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\b\d{1,2}(?:st|nd|rd|th)?\s+\w+\s*,?\s*\d{0,4}|\b[A-Z]\w+\.?\s+\d{1,2}(?:,\s*\d{4})?"
)
_AGO = re.compile(r"^\s*(?:days?|weeks?|months?|years?|hours?)\s+(?:ago|earlier|later)\b", re.IGNORECASE)
_PREDICATE = re.compile(
    r"(?:ed|ing)$|^(?:is|are|was|were|be|been|remain|remains|need|needs|require|requires|has|have|had|will|would|can|could|may)$",
    re.IGNORECASE,
)
"""A word that starts the predicate after a quantity (`remain`, `requires`): the mention stops before it."""


def mention_at(source: str, f: CoverageFinding) -> str:
    """The quantity words and the thing counted after them (`thousands of North Korean troops`)."""
    end = f.end
    for m in re.finditer(r"[ \t]*([\w'’$%-]+)", source[f.end : f.end + 80]):  # never across a line break
        word = m.group(1)
        # `of` joins only the quantity word itself to what it counts (`thousands of troops`,
        # `half of the fields`), not a counted noun to more (`square miles of territory`).
        joined = word.lower() == "of" and end == f.end and not any(c.isdigit() for c in f.cue)
        # A share's mention ends at its sign (`roughly 20%`: what it is of is the base), and
        # no mention runs on into a reporting verb (`12 years said`).
        stops = word.lower() in _STOP or (word.lower() == "of" and not joined) or VERB_PATTERN.fullmatch(word) is not None
        if source[f.start : end].rstrip().endswith("%"):
            break
        if m.start() != (end - f.end) or stops or _PREDICATE.search(word) or not word.strip("-"):
            break
        end = f.end + m.end()
        if re.search(r"[,.;:]", source[end : end + 1]):
            break
    return source[f.start : end].strip(" ,.;:")


def unit_of(mention: str) -> Unit:
    """The unit a whole word of the mention names, or `other`."""
    lowered = mention.lower()
    for word, unit in _UNITS:
        if (word in ("%", "$") and word in lowered) or re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", lowered):
            return unit
    return Unit.other


def _on_its_line(source: str, f: CoverageFinding) -> str | None:
    """Page furniture, a time of day or a date, read from the quantity's line."""
    line_lo = source.rfind("\n", 0, f.start) + 1
    line_hi = source.find("\n", f.start)
    line = source[line_lo : len(source) if line_hi == -1 else line_hi]
    at = f.start - line_lo
    if _FURNITURE.search(line):
        return "page furniture (a date line, a byline or a reading time)"
    if any(m.start() <= at < m.end() for m in _TIME.finditer(line)):
        return "part of a date or a time of day"
    for m in _DATE_LIKE.finditer(line):
        if m.start() <= at < m.end() and printed_dates(m.group(0)):
            return "part of a date or a time of day"
    return None


def _by_its_words(source: str, f: CoverageFinding) -> str | None:
    """An ordinal, a time reference, or a determiner or superlative that only looks like an amount."""
    before, after = source[max(0, f.start - 16) : f.start], source[f.end : f.end + 20]
    cue = f.cue.lower()
    reasons = (
        (_ORDINAL.match(source[f.start : f.end + 4]), "an ordinal: a position, not an amount"),
        (_WHEN.search(before) and _UNIT_OF_TIME.match(after if cue[:1].isdigit() else source[f.start :]),
         "a time reference (when something happens), like a date"),
        (_AGO.match(after), "a time reference (when something happened), like a date"),
        (cue == "some" and not re.match(r"\s*\d", after), "`some` before a noun is a determiner, not an amount"),
        (cue == "most" and (re.match(r"\s+\w+ly\b", after) or before.rstrip().lower().endswith("the")),
         "`the most` or `most` before an adverb is a superlative, not a share"),
    )  # fmt: skip
    return next((why for hit, why in reasons if hit), None)


def figure_at(source: str, f: CoverageFinding, rules: RuleTable | None = None) -> tuple[str, dict[str, object]] | str:
    """(mention, fields) of the figure at a quantity cue, or why there is none."""
    why = _on_its_line(source, f) or _by_its_words(source, f)
    if why:
        return why
    mention = mention_at(source, f)
    if not mention or _YEAR.match(mention):
        return "a plain year"  # plain years and dates are not figures (CONTRIBUTING.md, Figures)
    row = match(mention, rules)
    if row is None:
        # A number word (`two countries`) or a wording the table lacks: a pasted entry
        # would not validate, so the curator codes it (and adds the row) by hand.
        return "no row of the rule table matches its wording; code it by hand"
    required = unit_required(mention, rules)  # a percent sign or the word percent decides the unit
    unit = Unit(row.row.unit) if row.row.unit else Unit(required[1]) if required else unit_of(mention)
    measures = re.sub(r"^[\W\d,.$%]*(?:over|more than|about|nearly|some|at least|up to)?\s*[\d,.$%]*\s*", "", mention) or mention
    fields = figure_fields(mention, {"measures": measures, "unit": unit.value}, rules)
    if fields.get("unit") in ("proportion", "percent"):
        fields["base"] = f"{SUGGESTION_MARK}: confirm what the share is of ({measures})"
    fields["notes"] = FIGURE_GUESSED
    return mention, fields
