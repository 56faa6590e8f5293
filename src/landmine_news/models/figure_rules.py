"""The figure rule table (`data/figure_rules.toml`) as data: rows, matching, expected codings.

One file holds the convention; `checks` enforce it, `tools.codebook` renders it into the
codebook and CONTRIBUTING.md. Matching is on the mention as printed, lowercased, from its
start; the first row that matches decides.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

_NUM = r"[-+−]?\$?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
CODED_FIELDS = ("qualifier", "value", "low", "low_inclusive", "high", "high_inclusive", "point")
"""The fields a row decides, in the order a mismatch is reported."""


@dataclass(frozen=True)
class Row:
    """One wording of the rule table and the coding it requires."""

    id: str
    wordings: tuple[str, ...]
    pattern: re.Pattern[str]
    coding: dict[str, Any]
    """Field -> value or placeholder ("n", "m"); a field absent here must be null."""
    unit: str | None = None
    note: str = ""
    source: str = field(default="", compare=False)
    """The `match` expression as written in the table (with N and M)."""


@dataclass(frozen=True)
class UnitRule:
    """A wording that decides the unit (a percent sign makes the unit `percent`)."""

    id: str
    pattern: re.Pattern[str]
    unit: str


def _compile(source: str) -> re.Pattern[str]:
    """A row's `match` with N and M turned into number groups (`n`, `n2`, ... in order)."""
    counts = {"N": 0, "M": 0}

    def group(m: re.Match[str]) -> str:
        counts[m.group(0)] += 1
        n = counts[m.group(0)]
        return f"(?P<{m.group(0).lower()}{'' if n == 1 else n}>{_NUM})"

    return re.compile(re.sub("[NM]", group, source), re.IGNORECASE)


@cache
def table() -> tuple[tuple[Row, ...], tuple[UnitRule, ...]]:
    """The rows and unit rules, in table order."""
    text = resources.files("landmine_news.models").joinpath("data", "figure_rules.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    rows = tuple(
        Row(
            id=r["id"],
            wordings=tuple(r["wordings"]),
            pattern=_compile(r["match"]),
            coding={k: r[k] for k in CODED_FIELDS if k in r},
            unit=r.get("unit"),
            note=r.get("note", ""),
            source=r["match"],
        )
        for r in data["row"]
    )
    units = tuple(UnitRule(u["id"], re.compile(u["match"], re.IGNORECASE), u["unit"]) for u in data.get("unit_rule", []))
    return rows, units


def parse_number(text: str) -> float:
    """`50,000` -> 50000.0; `$1.5 billion` -> 1.5e9."""
    words = text.lower().replace("$", "").replace(",", "").replace("−", "-").split()
    value = float(words[0])
    for word in words[1:]:
        value *= _MULTIPLIERS.get(word, 1.0)
    return value


@dataclass(frozen=True)
class Match:
    """The row a mention matched and the coding it requires."""

    row: Row
    expected: dict[str, Any]
    """Every coded field -> required value (None: must be null)."""


def _number_at(m: re.Match[str], name: str) -> str | None:
    if name not in m.re.groupindex or m.group(name) is None:
        return None
    # Include the multiplier word that follows the digits, when there is one.
    rest = m.string[m.end(name) :]
    mult = re.match(r"\s(thousand|million|billion)\b", rest, re.IGNORECASE)  # \s: a no-break space too
    return m.group(name) + (mult.group(0) if mult else "")


def match(mention: str) -> Match | None:
    """The first row whose wording the mention begins with, and its required coding."""
    rows, _ = table()
    for row in rows:
        m = row.pattern.match(mention.strip())
        if m is None:
            continue
        numbers = {"n": _number_at(m, "n") or _number_at(m, "n2"), "m": _number_at(m, "m") or _number_at(m, "m2")}
        expected: dict[str, Any] = {}
        for name in CODED_FIELDS:
            spec = row.coding.get(name)
            if isinstance(spec, str) and spec in numbers:
                raw = numbers[spec]
                expected[name] = None if raw is None else parse_number(raw)
            else:
                expected[name] = spec
        return Match(row, expected)
    return None


def unit_required(mention: str) -> tuple[str, str] | None:
    """(rule id, unit) when the wording decides the unit (a percent sign), else None."""
    _, units = table()
    for rule in units:
        if rule.pattern.search(mention):
            return rule.id, rule.unit
    return None
