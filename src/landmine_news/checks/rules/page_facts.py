"""Page facts the source must print, in any common form: `published_date` (never from the URL
or a weekday: `date-not-printed`) and `utc_offset` (a printed offset or a single-offset zone:
`utc-offset-not-printed`)."""

from __future__ import annotations

import datetime as dt
import re

from ...models.article import Article
from ..anchoring.spans import folded
from .findings import Finding, finding

_MONTHS = ("january", "february", "march", "april", "may", "june",
           "july", "august", "september", "october", "november", "december")  # fmt: skip
# The date scans read the folded source (`folded`: lowercase at the source's own offsets), so they are case-sensitive.
# Every scan here opens with the characters it looks for, not with a `\b` or a look-behind (checked once they are
# read), so the regular expression engine jumps from candidate to candidate.
_MONTH = r"(?P<month>" + "|".join(m[:3] for m in _MONTHS) + r")(?<!\w...)(?P<rest>[a-z]*)\.?"  # a whole word's start
_SEP = r"[\s,.\-/]+"
_DAY_MONTH = re.compile(
    r"(?P<day>\d(?<!\w\d)\d?)(?:st|nd|rd|th)?(?:\s+of)?" + _SEP + _MONTH + r"(?:" + _SEP + r"(?P<year>\d{4}))?\b"
)
# A range's start (`November 19-20`) is read in the pass that reads its end: no match holds another month name's start.
_MONTH_DAY = re.compile(
    _MONTH + _SEP + r"(?=(?P<start>\d{1,2})\s?[-–]\s?\d{1,2}\b|)(?:\d{1,2}\s?[-–]\s?)?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:" + _SEP + r"(?P<year>\d{4})\b)?"
)
_NUMERIC = re.compile(r"(\d(?<![\d.]\d)\d{0,3})\s?([-/.–])\s?(\d{1,2})\s?\2\s?(\d{1,4})(?![\d])")
_TWO_DIGITS = -1_000_000
"""Added to a two-digit year, so that `24` stays apart from the year 24 (see `date_is_printed`)."""
_URL = re.compile(r"\b(?:https?://|www\.)\S+|\b(?:[\w-]+\.)+[a-z]{2,}/\S*")

# Zones with one offset all year or by name (summer and winter names differ); the
# abbreviations that stand for several zones are listed so the message can say so.
SINGLE_ZONES: dict[str, str] = {
    zone: offset
    for offset, zones in {
        "+00:00": "UTC GMT WET",
        "+01:00": "WEST CET WAT",
        "+02:00": "CEST EET SAST CAT",
        "+03:00": "EEST MSK EAT TRT",
        "+05:00": "PKT",
        "+05:45": "NPT",
        "+08:00": "HKT SGT AWST PHT",
        "+09:00": "JST KST",
        "+10:00": "AEST",
        "+11:00": "AEDT",
        "+12:00": "NZST",
        "+13:00": "NZDT",
        "-04:00": "EDT",
        "-05:00": "EST CDT",
        "-06:00": "MDT",
        "-07:00": "MST PDT",
        "-08:00": "PST AKDT",
        "-09:00": "AKST",
        "-10:00": "HST",
    }.items()
    for zone in zones.split()
}
AMBIGUOUS_ZONES = frozenset({"IST", "CST", "BST", "AST", "SST", "ET", "CT", "MT", "PT", "GST"})
_SIGN = "+\\-−–"
# A zone counts only right after a clock time (`14:05 GMT`, `9:53 AM ET`, `09:53GMT`), so a
# capitalised word elsewhere (`WEST BACKS MINE PLAN`) is no zone.
_ZONES = "|".join(sorted({*SINGLE_ZONES, *AMBIGUOUS_ZONES}, key=len, reverse=True))
_ZONE = re.compile(rf"\d\s?(?:[AaPp]\.?[Mm]\.?\s?)?\(?({_ZONES})(?![A-Za-z])(?!\s?[{_SIGN}]\d{{1,2}}(?::?\d{{2}})?(?![\d°]))")
_PRINTED_OFFSET = re.compile(
    r"[UG\d](?:(?<!\w.)(?:(?<=U)TC|(?<=G)MT)\s?([" + _SIGN + r"])(\d{1,2})(?::?(\d{2}))?(?!\d)"
    r"|(?<=\d)\d:\d{2}:\d{2}(?:\.\d+)?([" + _SIGN + r"])(\d{2}):?(\d{2})(?!\d)"
    r"|(?<!\w.)(?<=\d)\d?[:.]\d{2}(?::\d{2}(?:\.\d+)?)?\s?(?:[AaPp]\.?[Mm]\.?\s?)?\s?([" + _SIGN + r"])(\d{2})(\d{2})(?![\d:]))"
)
"""`UTC+2`, `GMT-05:00` (no space after the sign: `UTC - 2 min read` is none), an ISO time's
offset (`09:53:00.000+02:00`), or four digits after a clock time (`09:53 AM +0200`); a range
`10:00-12:00` is none."""
_ZULU = re.compile(r":(?<=\d\d:)\d{2}(?::\d{2})?(?:\.\d+)?Z\b")


def printed_dates(text: str) -> set[tuple[int | None, int, int]]:
    """Every (year or None, month, day) the text prints, numeric (either order of day and month)
    or with an English month name; a date only in a URL is not printed on the page."""
    text = folded(text)
    if "/" in text or "www." in text:  # what every URL has
        text = _URL.sub(" ", text)
    found: set[tuple[int | None, int, int]] = set()
    for m in _NUMERIC.finditer(text):
        a, b, c = m.group(1), m.group(3), m.group(4)
        for year, month, day in ((a, b, c), (c, b, a), (c, a, b)):
            if len(year) in (2, 4) and 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
                found.add((int(year) + (_TWO_DIGITS if len(year) == 2 else 0), int(month), int(day)))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for m in pattern.finditer(text):
            g = m.groupdict()
            month = 1 + [x[:3] for x in _MONTHS].index(g["month"])
            # "Marching", "Mayor": a word that only starts like a month is none.
            if _MONTHS[month - 1].startswith(g["month"] + g["rest"]):
                for year, day in ((g["year"], g["day"]), (None, g.get("start"))):  # a range's start without its year
                    if day and 1 <= int(day) <= 31:
                        found.add((int(year) if year else None, month, int(day)))
    return found


def date_is_printed(date: dt.date, text: str) -> bool:
    """Whether `text` prints `date`. A day and month printed without a year count, unless the
    page prints that day and month with another year only (`20 Nov 2024` is no 2023-11-20)."""
    years = {year for year, month, day in printed_dates(text) if (month, day) == (date.month, date.day)}
    if not years:
        return False
    given = years - {None}
    return not given or bool(given & {date.year, date.year % 100 + _TWO_DIGITS})


def printed_offsets(text: str) -> tuple[set[str], set[str]]:
    """The offsets the text fixes (`+HH:MM`), and the ambiguous zone abbreviations it prints."""
    offsets: set[str] = set()
    for m in _PRINTED_OFFSET.finditer(text):
        sign_, hours, minutes = next(m.group(i, i + 1, i + 2) for i in (1, 4, 7) if m.group(i))
        sign = "-" if sign_ in "-−–" else "+"
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
            message = f"utc_offset {offset}: the source {what}"
            found.append(finding(("utc_offset",), "utc-offset-not-printed", message, hint, offset))
    return found
