"""The figure rule table (`data/figure_rules.toml`, plus a dataset's own `figure_rules.toml`) as
data. A mention is matched as printed, case ignored, from its start; the first row that matches decides.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

from .vocab import Qualifier, Unit

Origin = Literal["package", "dataset"]
Section = Literal["row", "unit_rule"]
DATASET_FILE = "figure_rules.toml"
"""A dataset's own rows, at the dataset folder's top."""

_NUM = r"[-+−]?\$?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
CODED_FIELDS = ("qualifier", "value", "low", "low_inclusive", "high", "high_inclusive", "point")
"""The fields a row decides, in the order a mismatch is reported."""
ROW_KEYS = frozenset({"id", "wordings", "match", "unit", "note", "examples", *CODED_FIELDS})
UNIT_RULE_KEYS = frozenset({"id", "match", "unit", "examples"})
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_QUALIFIERS = frozenset(q.value for q in Qualifier)
_UNITS = frozenset(u.value for u in Unit)


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
    """The `match` expression as written (with N and M)."""
    examples: tuple[str, ...] = ()
    """Mentions the row codes (required of a dataset's rows, which are checked against them)."""
    origin: Origin = "package"


@dataclass(frozen=True)
class UnitRule:
    """A wording that decides the unit (a percent sign makes the unit `percent`)."""

    id: str
    pattern: re.Pattern[str]
    unit: str
    examples: tuple[str, ...] = ()
    origin: Origin = "package"


class RuleError(ValueError):
    """Why a row of a rule table is not a valid row; `key` is the key at fault, when one is."""

    def __init__(self, message: str, key: str | None = None):
        super().__init__(message)
        self.key = key


def _compile(source: str) -> re.Pattern[str]:
    """A row's `match` with N and M turned into number groups (`n`, `n2`, ... in order)."""
    counts = {"N": 0, "M": 0}

    def group(m: re.Match[str]) -> str:
        counts[m.group(0)] += 1
        n = counts[m.group(0)]
        return f"(?P<{m.group(0).lower()}{'' if n == 1 else n}>{_NUM})"

    return re.compile(re.sub("[NM]", group, source), re.IGNORECASE)


def _texts(data: Mapping[str, Any], key: str, required: bool) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleError(f"`{key}` must be a non-empty list of non-empty strings", key)
    return tuple(value)


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise RuleError(f"`{key}` must be a non-empty string", key)
    return value


def _pattern(data: Mapping[str, Any], origin: Origin) -> re.Pattern[str]:
    source = _text(data, "match")
    # A dataset's groups would clash with the number groups, also in the coverage scan's joined pattern.
    if origin == "dataset" and "(?P" in source:
        raise RuleError("`match` may not name groups: N and M are the numbers", "match")
    try:
        pattern = _compile(source)
        re.compile(f"(?:{source.removeprefix('^')})")
    except re.error as exc:
        raise RuleError(f"`match` does not compile: {exc}", "match") from None
    return pattern


def _check_coding(data: Mapping[str, Any], source: str) -> None:
    """The coded fields' types: a known qualifier, booleans, numbers or an N or M the `match` has."""
    qualifier = _text(data, "qualifier")
    if qualifier not in _QUALIFIERS:
        raise RuleError(f"qualifier {qualifier!r} is not one of " + ", ".join(sorted(_QUALIFIERS)), "qualifier")
    for name in CODED_FIELDS[1:]:
        if name not in data:
            continue
        value = data[name]
        if name.endswith("_inclusive"):
            if not isinstance(value, bool):
                raise RuleError(f"`{name}` must be true or false", name)
        elif isinstance(value, str):
            if value not in ("n", "m"):
                raise RuleError(f'`{name}` must be a number or "n" or "m" (the number N or M), not {value!r}', name)
            if value.upper() not in source:
                raise RuleError(f'`{name}` is "{value}" but `match` has no {value.upper()}', name)
        elif isinstance(value, bool) or not isinstance(value, int | float):
            raise RuleError(f'`{name}` must be a number or "n" or "m"', name)


def _check_unit(unit: Any) -> str:
    if unit not in _UNITS:
        raise RuleError(f"unit {unit!r} is not one of " + ", ".join(sorted(_UNITS)), "unit")
    return str(unit)


def _entry_id(data: Any, kind: str, keys: frozenset[str]) -> str:
    """The id of one `[[row]]` or `[[unit_rule]]` table, after checking it has only `keys`."""
    what = kind.replace("_", " ")
    if not isinstance(data, dict):
        raise RuleError(f"a {what} is a table of keys ([[{kind}]])")
    unknown = sorted(set(data) - keys)
    if unknown:
        raise RuleError(f"unknown key `{unknown[0]}`: a {what} has " + ", ".join(sorted(keys)), unknown[0])
    entry_id = _text(data, "id")
    if not _ID.fullmatch(entry_id):
        raise RuleError(f"id {entry_id!r} is not a lowercase slug (a-z, 0-9, -)", "id")
    return entry_id


def row_from(data: Any, origin: Origin = "package") -> Row:
    """One `[[row]]` of a table as a `Row`; `RuleError` saying what is wrong with it."""
    row_id = _entry_id(data, "row", ROW_KEYS)
    wordings = _texts(data, "wordings", True)
    examples = _texts(data, "examples", origin == "dataset")
    pattern = _pattern(data, origin)
    source = data["match"]
    _check_coding(data, source)
    unit = data.get("unit")
    if unit is not None:
        _check_unit(unit)
    note = data.get("note", "")
    if not isinstance(note, str):
        raise RuleError("`note` must be a string", "note")
    return Row(
        id=row_id,
        wordings=wordings,
        pattern=pattern,
        coding={k: data[k] for k in CODED_FIELDS if k in data},
        unit=unit,
        note=note,
        source=source,
        examples=examples,
        origin=origin,
    )


def unit_rule_from(data: Any, origin: Origin = "package") -> UnitRule:
    """One `[[unit_rule]]` of a table as a `UnitRule`; `RuleError` saying what is wrong with it."""
    rule_id = _entry_id(data, "unit_rule", UNIT_RULE_KEYS)
    examples = _texts(data, "examples", origin == "dataset")
    source = _text(data, "match")
    try:
        pattern = re.compile(source, re.IGNORECASE)
    except re.error as exc:
        raise RuleError(f"`match` does not compile: {exc}", "match") from None
    return UnitRule(rule_id, pattern, _check_unit(_text(data, "unit")), examples, origin)


@dataclass(frozen=True)
class Entry:
    """One entry of a dataset's table: its section and place, and the rule or what is wrong."""

    section: Section
    index: int
    """Its place among its section's entries (0-based)."""
    data: Any
    rule: Row | UnitRule | None
    error: RuleError | None


@dataclass(frozen=True)
class DatasetRules:
    """A dataset's `figure_rules.toml` read: every entry, or why the file is no table at all."""

    entries: tuple[Entry, ...] = ()
    syntax: str | None = None
    """The TOML error, when the file does not parse."""
    extra_keys: tuple[str, ...] = ()


def read_dataset_rules(text: str) -> DatasetRules:
    """The entries of a dataset's rule table, each parsed as a row or with the reason it is none."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return DatasetRules(syntax=str(exc))
    entries: list[Entry] = []
    for section, make in (("row", row_from), ("unit_rule", unit_rule_from)):
        items = data.get(section, [])
        for i, item in enumerate(items if isinstance(items, list) else [items]):
            try:
                entries.append(Entry(section, i, item, make(item, "dataset"), None))  # type: ignore[arg-type]
            except RuleError as exc:
                entries.append(Entry(section, i, item, None, exc))  # type: ignore[arg-type]
    return DatasetRules(tuple(entries), extra_keys=tuple(k for k in data if k not in ("row", "unit_rule")))


@dataclass(frozen=True, eq=False)
class RuleTable:
    """The effective table: the package's rows, then a dataset's own; compared and hashed by identity."""

    rows: tuple[Row, ...]
    units: tuple[UnitRule, ...]
    key: str = ""
    """SHA-256 of the dataset's table text ("" for the package's table alone)."""

    def match(self, mention: str) -> Match | None:
        """The first row whose wording the mention begins with, and its required coding."""
        text = mention.strip()
        for row in self.rows:
            m = row.pattern.match(text)
            if m is None:
                continue
            numbers = {"n": _number_at(m, "n"), "m": _number_at(m, "m")}
            coding = row.coding
            expected = {k: numbers[v] if isinstance(v := coding.get(k), str) and v in numbers else v for k in CODED_FIELDS}
            return Match(row, expected)
        return None

    def unit_required(self, mention: str) -> tuple[str, str] | None:
        """(rule id, unit) when the wording decides the unit (a percent sign), else None."""
        for rule in self.units:
            if rule.pattern.search(mention):
                return rule.id, rule.unit
        return None


@cache
def table() -> tuple[tuple[Row, ...], tuple[UnitRule, ...]]:
    """The package's rows and unit rules, in table order."""
    text = resources.files("landmine_news.models").joinpath("data", "figure_rules.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return tuple(row_from(r) for r in data["row"]), tuple(unit_rule_from(u) for u in data.get("unit_rule", []))


@cache
def package_table() -> RuleTable:
    """The package's table alone."""
    return RuleTable(*table())


@lru_cache(maxsize=8)
def effective_table(dataset_text: str | None) -> RuleTable:
    """The package's rows, then the valid rows with new ids of a dataset's `figure_rules.toml` text
    (None: none). `checks/rules/rule_rows.py` reports the rows left out."""
    if dataset_text is None:
        return package_table()
    rows, units = table()
    taken = {r.id for r in rows} | {u.id for u in units}
    added_rows: list[Row] = []
    added_units: list[UnitRule] = []
    for entry in read_dataset_rules(dataset_text).entries:
        rule = entry.rule
        if rule is None or rule.id in taken:
            continue
        taken.add(rule.id)
        if isinstance(rule, Row):
            added_rows.append(rule)
        else:
            added_units.append(rule)
    key = hashlib.sha256(dataset_text.encode("utf-8", "surrogatepass")).hexdigest()
    return RuleTable((*rows, *added_rows), (*units, *added_units), key)


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


_MULTIPLIER = re.compile(r"\s(thousand|million|billion)\b", re.IGNORECASE)  # \s: a no-break space too


def _number_at(m: re.Match[str], name: str) -> float | None:
    """The number of group `name` (or `name`2 when that one took no part), with the multiplier word after it."""
    for group in (name, name + "2"):
        if group in m.re.groupindex and m.group(group) is not None:
            mult = _MULTIPLIER.match(m.string, m.end(group))
            return parse_number(m.group(group) + (mult.group(0) if mult else ""))
    return None


def match(mention: str, rules: RuleTable | None = None) -> Match | None:
    """`RuleTable.match` in `rules`, by default the package's table."""
    return (rules or package_table()).match(mention)


def unit_required(mention: str, rules: RuleTable | None = None) -> tuple[str, str] | None:
    """`RuleTable.unit_required` in `rules`, by default the package's table."""
    return (rules or package_table()).unit_required(mention)
