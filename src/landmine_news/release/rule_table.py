"""The figure rule table as Markdown, for the codebook and CONTRIBUTING.md, and as JSON, recorded
in each release (`figure_rules.json`): the package's rows then the dataset's, each with its origin."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..models.figure_rules import RuleTable, package_table
from .markdown import code_span, table_cell

CONTRIBUTING = "CONTRIBUTING.md"
_BLOCK = re.compile(r"(<!-- rule-table:start[^\n]*-->\n)(.*?)(<!-- rule-table:end -->)", re.S)


def _value(coding: dict[str, Any], name: str, inclusive: str | None = None) -> str:
    value = coding.get(name)
    if value is None:
        return "null"
    if isinstance(value, str):
        text = {"n": "N", "m": "M"}.get(value, value)
    elif float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:.4g}"
    if inclusive is not None:
        text += " (incl.)" if coding.get(inclusive) else " (excl.)"
    return str(text)


RULES_FILE = "figure_rules.json"  # the effective rule table in a release


def render_rule_table(rules: RuleTable | None = None) -> str:
    """The rule table (`rules`, by default the package's) as Markdown, rows in matching order."""
    rules = rules or package_table()
    rows, units = rules.rows, rules.units
    lines = [
        "| Row | Wordings | qualifier | value | low | high | point | unit | Note |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        c = row.coding
        lines.append(
            f"| {code_span(row.id)}{_ADDED if row.origin == 'dataset' else ''} | {table_cell(', '.join(row.wordings))} | {code_span(c.get('qualifier'))} "
            f"| {_value(c, 'value')} | {_value(c, 'low', 'low_inclusive')} | {_value(c, 'high', 'high_inclusive')} "
            f"| {_value(c, 'point')} | {code_span(row.unit) if row.unit else 'any'} | {table_cell(row.note)} |"
        )
    lines.append("")
    lines.append("N and M stand for the number as printed; `null` means the field is left out.")
    if any(row.origin == "dataset" for row in rows) or any(u.origin == "dataset" for u in units):
        lines.append(
            f"Rows and unit rules marked{_ADDED} are the dataset's own (`dataset/figure_rules.toml`), after the released ones."
        )
    lines += [
        f"Unit rule {code_span(u.id)}{_ADDED if u.origin == 'dataset' else ''}: a mention matching "
        f"{code_span(u.pattern.pattern)} has unit {code_span(u.unit)}."
        for u in units
    ]
    return "\n".join(lines) + "\n"


_ADDED = " (added by the dataset)"


def rule_table_record(rules: RuleTable | None = None) -> dict[str, Any]:
    """The effective table as plain data, for `figure_rules.json`: rows and unit rules in matching order."""
    rules = rules or package_table()
    return {
        "description": (
            "The figure rule table this release was validated against: the first row whose `match` a "
            'figure\'s mention begins with decides its coding (N and M: a number as printed; "n", "m": '
            "that number; a coded field left out: null). Rows with origin `package` are the released table "
            "of landmine-news; rows with origin `dataset` were added by the dataset (dataset/figure_rules.toml)."
        ),
        "rows": [
            {
                "id": row.id,
                "origin": row.origin,
                "wordings": list(row.wordings),
                "match": row.source,
                "coding": dict(row.coding),
                "unit": row.unit,
                "note": row.note,
                "examples": list(row.examples),
            }
            for row in rules.rows
        ],
        "unit_rules": [
            {"id": u.id, "origin": u.origin, "match": u.pattern.pattern, "unit": u.unit, "examples": list(u.examples)}
            for u in rules.units
        ],
    }


def refreshed(text: str, rules: RuleTable | None = None) -> str:
    """`text` (CONTRIBUTING.md) with its generated rule-table block rewritten from `rules`."""
    if not _BLOCK.search(text):
        raise ValueError("no <!-- rule-table:start --> ... <!-- rule-table:end --> block")
    return _BLOCK.sub(lambda m: m.group(1) + render_rule_table(rules) + m.group(3), text, count=1)


def refreshed_contributing(path: str | Path = CONTRIBUTING) -> str:
    """CONTRIBUTING.md's text with its rule table block rewritten, or UsageError saying why it cannot
    be (asked before anything is written, so `codebook` never writes half)."""
    target = Path(path)
    try:
        text = target.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{target}: cannot read it ({exc}); pass --contributing with the contributing guide") from None
    try:
        return refreshed(text)
    except ValueError:
        raise UsageError(
            f"{target} has no <!-- rule-table:start --> ... <!-- rule-table:end --> block: add the two lines "
            "where the figure rule table belongs"
        ) from None


def write_contributing(path: str | Path = CONTRIBUTING) -> Path:
    """Rewrite the rule table block of CONTRIBUTING.md."""
    target = Path(path)
    target.write_text(refreshed_contributing(target), encoding="utf-8", newline="\n")
    return target


def contributing_staleness(path: str | Path = CONTRIBUTING) -> list[str]:
    """Differences between CONTRIBUTING.md's rule table and the TOML, one line each."""
    target = Path(path)
    if not target.is_file():
        return [f"{target}: missing"]
    text = target.read_text(encoding="utf-8")
    try:
        return [] if refreshed(text) == text else [f"{target}: its rule table differs from the figure rule table"]
    except ValueError as exc:
        return [f"{target}: {exc}"]
