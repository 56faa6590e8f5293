"""The article's date fields from a printed date line (`Updated: 20-11-2024 09:53 IST`).

Only the first lines of the page are read, where outlets print their date line. A zone
with one offset fills `utc_offset`; an abbreviation that stands for several is flagged,
never guessed (CONTRIBUTING.md, *Time zones*).
"""

from __future__ import annotations

import datetime as dt
import re

from ...checks.rules.page_facts import AMBIGUOUS_ZONES, printed_dates, printed_offsets

_HEAD_LINES = 12
_CLOCK = re.compile(r"\b(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?")


def date_fields(source: str) -> tuple[dict[str, str], list[str]]:
    """(fields to set, notes for the curator) from the first date line of the page."""
    for line in source.splitlines()[:_HEAD_LINES]:
        dates = [d for d in printed_dates(line) if d[0] is not None and d[0] > 1000]
        if len(dates) != 1:
            continue
        year, month, day = dates[0]
        assert year is not None
        try:
            fields = {"published_date": dt.date(year, month, day).isoformat()}
        except ValueError:
            continue
        notes = [f"published_date from the date line {line.strip()!r}"]
        clock = _CLOCK.search(line)
        if clock:
            hour, minute, second, half = int(clock.group(1)), clock.group(2), clock.group(3), clock.group(4)
            if half:
                hour = hour % 12 + (12 if half[0].lower() == "p" else 0)
            if hour < 24:
                fields["published_time"] = f"{hour:02d}:{minute}" + (f":{second}" if second else "")
        offsets, ambiguous = printed_offsets(line)
        if len(offsets) == 1 and not ambiguous:
            fields["utc_offset"] = next(iter(offsets))
        elif ambiguous:
            zones = ", ".join(sorted(ambiguous & AMBIGUOUS_ZONES))
            notes.append(f"the zone {zones} stands for several offsets: utc_offset stays null; record it in notes")
        return fields, notes
    return {}, []
