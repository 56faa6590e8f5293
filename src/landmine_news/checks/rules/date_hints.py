"""A hint for a value shaped like a date that no calendar has (2024-02-30): YAML leaves it as
text, so the model check reports the field; this names what is wrong instead of suggesting quotes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from ..report.escaping import printable
from ..report.problems import Problem

_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")


def calendar_hint(problem: Problem) -> Problem:
    """`problem` with a hint naming the impossible date when its value is one; else unchanged."""
    value = problem.value
    if problem.code != "field-type" or not isinstance(value, str):
        return problem
    found = _DATE.fullmatch(value.strip())
    if found is None:
        return problem
    try:
        dt.date(*(int(part) for part in found.groups()))
    except ValueError as exc:
        hint = f"{printable(value)} is not a date in the calendar ({exc}): correct it, written YYYY-MM-DD."
        return replace(problem, hint=hint)
    return problem
