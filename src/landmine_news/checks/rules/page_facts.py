"""Page facts the source must print: `date-not-printed` and `utc-offset-not-printed`.

The guide sets `published_date` only from a date the page prints, never from the URL or a
weekday, and `utc_offset` only from a printed offset or a zone with a single offset. Both
are checked against the source text, accepting every common way of printing them.
"""

from __future__ import annotations

import datetime as dt
import re

from ...models.article import Article
from .findings import Finding, finding

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH = r"(" + "|".join(m[:3] for m in _MONTHS) + r")([a-z]*)\.?"
_SEP = r"[\s,.\-/]+"
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?" + _SEP + _MONTH + r"(?:" + _SEP + r"(\d{4}))?\b", re.IGNORECASE)
_MONTH_DAY = re.compile(r"\b" + _MONTH + _SEP + r"(\d{1,2})(?:st|nd|rd|th)?\b(?:" + _SEP + r"(\d{4})\b)?", re.IGNORECASE)
_NUMERIC = re.compile(r"(?<![\d.])(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(?![\d])")
_TWO_DIGITS = -1_000_000
"""Added to a two-digit year, so that `24` stays apart from the year 24 (see `date_is_printed`)."""
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)

# Zones with one offset all year or by name (summer and winter names differ); the
# abbreviations that stand for several zones are listed so the message can say so.
SINGLE_ZONES: dict[str, str] = {
    "UTC": "+00:00",
    "GMT": "+00:00",
    "WET": "+00:00",
    "WEST": "+01:00",
    "CET": "+01:00",
    "CEST": "+02:00",
    "EET": "+02:00",
    "EEST": "+03:00",
    "MSK": "+03:00",
    "EST": "-05:00",
    "EDT": "-04:00",
    "CDT": "-05:00",
    "MST": "-07:00",
    "MDT": "-06:00",
    "PST": "-08:00",
    "PDT": "-07:00",
    "JST": "+09:00",
    "KST": "+09:00",
    "HKT": "+08:00",
    "SGT": "+08:00",
    "PKT": "+05:00",
    "AEST": "+10:00",
    "AEDT": "+11:00",
}
AMBIGUOUS_ZONES = frozenset({"IST", "CST", "BST", "AST", "SST", "ET", "CT", "MT", "PT", "GST"})
_ZONE = re.compile(r"\b(" + "|".join(sorted({*SINGLE_ZONES, *AMBIGUOUS_ZONES}, key=len, reverse=True)) + r")\b(?!\s*[+\-−]\s*\d)")
_PRINTED_OFFSET = re.compile(
    r"\b(?:UTC|GMT)\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\s?([+\-−])(\d{2}):?(\d{2})\b"
)
"""`UTC+2`, `GMT-05:00`, or an offset printed after a clock time (`09:53 +0200`, `T09:53:00+02:00`)."""
_ZULU = re.compile(r"\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?Z\b")


def printed_dates(text: str) -> set[tuple[int | None, int, int]]:
    """Every (year or None, month, day) the text prints: numeric dates in either order of day
    and month, and English month names beside a day, with or without a year. URLs are
    left out: a date only in a link is not printed on the page."""
    text = _URL.sub(" ", text)
    found: set[tuple[int | None, int, int]] = set()
    for m in _NUMERIC.finditer(text):
        a, b, c = m.group(1), m.group(3), m.group(4)
        for year, month, day in ((a, b, c), (c, b, a), (c, a, b)):
            if len(year) in (2, 4) and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
                found.add((int(year) + (_TWO_DIGITS if len(year) == 2 else 0), int(month), int(day)))
    for pattern, day_at, month_at in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 3, 1)):
        for m in pattern.finditer(text):
            prefix, rest, day = m.group(month_at).lower(), m.group(month_at + 1).lower(), int(m.group(day_at))
            month = 1 + [x[:3] for x in _MONTHS].index(prefix)
            # "Marching", "Mayor": a word that only starts like a month is none.
            if _MONTHS[month - 1].startswith(prefix + rest) and 1 <= day <= 31:
                found.add((None, month, day))
                if m.group(4):
                    found.add((int(m.group(4)), month, day))
    return found


def date_is_printed(date: dt.date, text: str) -> bool:
    """Whether `text` prints `date` (a printed day and month without a year counts)."""
    for year, month, day in printed_dates(text):
        if (month, day) == (date.month, date.day) and year in (None, date.year, date.year % 100 + _TWO_DIGITS):
            return True
    return False


def printed_offsets(text: str) -> tuple[set[str], set[str]]:
    """The offsets the text fixes (`+HH:MM`), and the ambiguous zone abbreviations it prints."""
    offsets: set[str] = set()
    for m in _PRINTED_OFFSET.finditer(text):
        sign_, hours, minutes = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        sign = "-" if sign_ in "-−" else "+"
        offsets.add(f"{sign}{int(hours):02d}:{minutes or '00'}")
    if _ZULU.search(text):
        offsets.add("+00:00")
    ambiguous: set[str] = set()
    for m in _ZONE.finditer(text):
        zone = m.group(1)
        if zone in SINGLE_ZONES:
            offsets.add(SINGLE_ZONES[zone])
        else:
            ambiguous.add(zone)
    return offsets, ambiguous


def page_fact_findings(article: Article, source: str) -> list[Finding]:
    """A published date or UTC offset the source does not print."""
    found: list[Finding] = []
    english = article.language.split("-")[0].lower() == "en"
    date = article.published_date
    # Month names are read in English only: on other pages a date may be printed in words.
    if date is not None and english and not date_is_printed(date, source):
        message = f"published_date {date.isoformat()} is not printed in the source (no numeric date or month and day matches it)"
        hint = (
            "Set published_date only from a date the page prints; a date found only in the URL or from a "
            "weekday stays null, and the article's notes say it is inferred and from what."
        )
        found.append(finding(("published_date",), "date-not-printed", message, hint, date.isoformat()))
    offset = article.utc_offset
    if offset is not None:
        offsets, ambiguous = printed_offsets(source)
        if offset.replace("−", "-") not in offsets:
            if ambiguous:
                what = f"prints only {', '.join(sorted(ambiguous))}, which stand(s) for several offsets"
            elif offsets:
                what = f"prints the offset(s) {', '.join(sorted(offsets))}, not {offset}"
            else:
                what = "prints no time zone or offset"
            hint = (
                "Set utc_offset only from a printed offset (UTC+2, GMT-05:00) or a zone with one offset "
                "(UTC, GMT, CET, EST); otherwise leave it null and record the zone as printed in notes."
            )
            found.append(
                finding(("utc_offset",), "utc-offset-not-printed", f"utc_offset {offset}: the source {what}", hint, offset)
            )
    return found
