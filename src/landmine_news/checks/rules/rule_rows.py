"""A dataset's own rows of the figure rule table (`figure_rules.toml` at its top), checked once a run.

The package's rows are released and never change; a pull request adds rows, each with
`examples`. A row is refused at the line and column at fault when it is invalid
(`rule-row-invalid`), when its own row does not match or codes impossibly an example
(`rule-example-unmatched`), when an earlier row decides an example (`rule-row-overlap`),
or when it takes a released row's id (`rule-row-released`).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ...models.figure_rules import (
    CODED_FIELDS,
    DATASET_FILE,
    Entry,
    Row,
    RuleTable,
    UnitRule,
    effective_table,
    read_dataset_rules,
    table,
)
from ...models.vocab import Unit
from ..reading.files import MAX_YAML_BYTES, decode, read_bytes, resolve, within
from ..report.escaping import printable
from ..report.problems import Problem

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_HEADER = re.compile(r"\s*\[\[\s*(row|unit_rule)\s*\]\]")
_TABLE_START = re.compile(r"\s*\[")


@dataclass(frozen=True)
class DatasetTable:
    """A dataset's rule table as one run uses it: its text, a digest for cache keys, its problems."""

    text: str | None
    """The table's text; None when the dataset has none or it cannot be read."""
    digest: str
    """SHA-256 of its bytes, "" when there is no file, or the state of a file that could not be read."""
    problems: list[Problem] = field(default_factory=list)

    @property
    def rules(self) -> RuleTable:
        """The effective table: the package's rows, then the dataset's valid ones."""
        return effective_table(self.text)


def dataset_rule_table(root: Path) -> DatasetTable:
    """Read `root/figure_rules.toml` (if there is one) and check every entry of it."""
    path = root / DATASET_FILE
    display = printable(f"{root.as_posix()}/{DATASET_FILE}")
    if not (path.exists() or path.is_symlink()):
        return DatasetTable(None, "")
    real_root, real = resolve(root), resolve(path)
    if real_root is not None and real is not None and not within(real_root, real):
        problem = Problem("path-escapes", f"{DATASET_FILE} points outside the dataset folder", file=display)
        return DatasetTable(None, "escapes", [problem])
    data, problems = read_bytes(path, display, MAX_YAML_BYTES)
    if data is None:
        return DatasetTable(None, "unreadable", problems)
    text, problems = decode(data, display)
    digest = hashlib.sha256(data).hexdigest()
    if text is None:
        return DatasetTable(None, digest, problems)
    return DatasetTable(text, digest, rule_row_problems(text, display))


class _Places:
    """Lines and columns in the table's text: of an entry's header, its keys and its examples."""

    def __init__(self, text: str):
        self.lines = text.split("\n")
        self.blocks: dict[tuple[str, int], tuple[int, int]] = {}
        counts = {"row": 0, "unit_rule": 0}
        starts = [i for i, line in enumerate(self.lines) if _TABLE_START.match(line)]
        for i in starts:
            m = _HEADER.match(self.lines[i])
            if m is None:
                continue
            section = m.group(1)
            end = next((j for j in starts if j > i), len(self.lines))
            self.blocks[(section, counts[section])] = (i, end)
            counts[section] += 1

    def _find(self, pattern: str, first: int, end: int) -> tuple[int, int] | None:
        """(line, indent), 0-based, of the first line in `first..end` that `pattern` matches."""
        compiled = re.compile(pattern)
        for i in range(first, end):
            if compiled.match(self.lines[i]):
                return i, len(self.lines[i]) - len(self.lines[i].lstrip())
        return None

    def _key(self, first: int, end: int, key: str) -> tuple[int, int] | None:
        return self._find(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", first, end)

    def at(self, entry: Entry, key: str | None = None, needle: str | None = None) -> tuple[int, int]:
        """(line, column), 1-based: of `needle` after `key`, else of `key`, else of `id`, else the header."""
        block = self.blocks.get((entry.section, entry.index))
        if block is None:
            return 1, 1
        first, end = block
        found = (self._key(first, end, key) if key else None) or self._key(first, end, "id")
        if found is not None and needle:
            for i in range(found[0], end):
                column = self.lines[i].find(needle)
                if column >= 0:
                    return i + 1, column + 1
        line, column = found or (first, len(self.lines[first]) - len(self.lines[first].lstrip()))
        return line + 1, column + 1

    def top_key(self, key: str) -> tuple[int, int]:
        """Where a top-level key is written (`key = ...` or `[key]`)."""
        line, column = self._find(rf"\s*\[*\s*[\"']?{re.escape(key)}\b", 0, len(self.lines)) or (0, 0)
        return line + 1, column + 1


def _name(entry: Entry) -> str:
    data_id = entry.data.get("id") if isinstance(entry.data, dict) else None
    what = "row" if entry.section == "row" else "unit rule"
    return f"{what} {data_id!r}" if isinstance(data_id, str) else f"{what} {entry.index + 1}"


def rule_row_problems(text: str, display: str) -> list[Problem]:
    """Every problem of a dataset's rule table (its text; `display` names the file)."""
    read = read_dataset_rules(text)
    places = _Places(text)

    def problem(code: str, message: str, at: tuple[int, int], fieldpath: str | None, value: object = None) -> Problem:
        return Problem(code, message, file=display, line=at[0], column=at[1], field=fieldpath, value=value)

    if read.syntax is not None:
        m = _AT.search(read.syntax)
        at = (int(m.group(1)), int(m.group(2))) if m else (1, 1)
        return [problem("rule-row-invalid", f"{DATASET_FILE} is not valid TOML: {read.syntax}", at, None)]
    found = [
        problem(
            "rule-row-invalid",
            f"unknown top-level key `{key}`: the table holds [[row]] and [[unit_rule]] entries",
            places.top_key(key),
            key,
        )
        for key in read.extra_keys
    ]
    rows, units = table()
    released = {r.id for r in rows} | {u.id for u in units}
    effective = effective_table(text)
    seen: set[str] = set()
    for entry in read.entries:
        path = f"{entry.section}[{entry.index}]"
        if entry.error is not None:
            key = entry.error.key
            message = f"{_name(entry)} is not a valid {entry.section.replace('_', ' ')}: {entry.error}"
            found.append(problem("rule-row-invalid", message, places.at(entry, key), f"{path}.{key}" if key else path))
            continue
        rule = entry.rule
        assert rule is not None  # an entry has its rule or its error
        if rule.id in released:
            message = f"{_name(entry)} has the id of a released row of the package's table; released rows never change"
            found.append(problem("rule-row-released", message, places.at(entry, "id"), f"{path}.id", rule.id))
            continue
        if rule.id in seen:
            message = f"{_name(entry)}: the id is used by an earlier row of {DATASET_FILE}"
            found.append(problem("rule-row-invalid", message, places.at(entry, "id"), f"{path}.id", rule.id))
            continue
        seen.add(rule.id)
        for i, example in enumerate(rule.examples):
            at = places.at(entry, "examples", example)
            where = f"{path}.examples[{i}]"
            why = _unmatched(rule, example, effective)
            if why is not None:
                found.append(
                    problem("rule-example-unmatched", f"example {example!r} of {_name(entry)} {why}", at, where, example)
                )
                continue
            earlier = _earlier(rule, example, effective)
            if earlier is not None:
                message = (
                    f"example {example!r} of {_name(entry)} is already matched by the earlier row {earlier!r}, "
                    "which decides it: this row would never apply to it"
                )
                found.append(problem("rule-row-overlap", message, at, where, example))
    return found


def _unmatched(rule: Row | UnitRule, example: str, effective: RuleTable) -> str | None:
    """Why `rule` does not code `example` (its own example), or None when it does."""
    if isinstance(rule, UnitRule):
        return None if rule.pattern.search(example) else f"is not matched by the rule's `match` ({rule.pattern.pattern})"
    found = RuleTable((rule,), ()).match(example)
    if found is None:
        return f"is not matched by the row's `match` ({rule.source})"
    missing = [name for name in CODED_FIELDS if rule.coding.get(name) in ("n", "m") and found.expected[name] is None]
    if missing:
        spec = str(rule.coding[missing[0]]).upper()
        return f"gives no number for {spec}, which the row's `{missing[0]}` takes"
    # Imported here: a warm run, all from the cache, needs no models (nor pydantic).
    from pydantic import ValidationError

    from ...models.figure import SHARES, Figure

    unit = rule.unit or (effective.unit_required(example) or ("", Unit.other.value))[1]
    try:
        Figure.model_validate(
            {
                "id": "example",
                "article": "example",
                "mention": example.strip(),
                "measures": "example",
                "unit": unit,
                "base": "example" if unit in {u.value for u in SHARES} else None,
                **found.expected,
            }
        )
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in error.get("loc", ())) or "the coding"
        return f"is coded impossibly by the row ({where}: {error['msg']})"
    return None


def _earlier(rule: Row | UnitRule, example: str, effective: RuleTable) -> str | None:
    """The id of a row (or unit rule) before `rule` in the effective table that matches `example`.
    Ids are unique there (a row with a taken id is left out and refused): the rule is found by its id."""
    units = isinstance(rule, UnitRule)
    for other in effective.units if units else effective.rows:
        if other.origin == "dataset" and other.id == rule.id:
            return None
        if other.pattern.search(example) if units else other.pattern.match(example.strip()):
            return other.id
    return None
