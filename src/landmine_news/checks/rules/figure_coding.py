"""Enforcing the rule table on a figure: its wording's row (the package's rows, then the
dataset's) decides qualifier, value, bounds, inclusivity and point, a percent sign the unit.
A wording no row matches is refused (`figure-wording-unknown`) until a row is added for it.
"""

from __future__ import annotations

import json
from typing import Any

from ...models.figure import Figure
from ...models.figure_rules import CODED_FIELDS, RuleTable, package_table
from .findings import Finding, finding

_TABLE = "the rule table (CONTRIBUTING.md, Figures)"
_NUMBER = (int, float)


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _same(a: Any, b: Any) -> bool:
    """Equal codings: numbers within rounding, everything else (text, booleans, null) exactly."""
    if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
        return a == b and type(a) is type(b)
    if isinstance(a, _NUMBER) and isinstance(b, _NUMBER):
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    return bool(a == b)


def figure_coding_findings(figure: Figure, rules: RuleTable | None = None) -> list[Finding]:
    """Every way the figure's coding departs from its wording's row (in `rules`, by default the package's table)."""
    rules = rules or package_table()
    match = rules.match(figure.mention)
    if match is None:
        message = f"no row of the rule table matches the wording of '{figure.mention}'"
        hint = (
            "Start the mention at the quantity words (`over 50,000 ...`, `thousands of ...`); if the wording is new, "
            "add a row for the new wording, with examples, to dataset/figure_rules.toml in this pull request "
            "(CONTRIBUTING.md, Figures)."
        )
        return [finding(("mention",), "figure-wording-unknown", message, hint, figure.mention)]
    row, expected = match.row, match.expected
    found = []
    wanted = (row.id, row.unit) if row.unit else rules.unit_required(figure.mention)
    if wanted is not None and figure.unit.value != wanted[1]:
        message = f"'{figure.mention}' requires unit {wanted[1]} (rule '{wanted[0]}'); the record has {figure.unit.value}"
        hint = f"Write `unit: {wanted[1]}`; see {_TABLE}."
        found.append(finding(("unit",), "figure-rule-mismatch", message, hint, figure.unit.value))
    for name in CODED_FIELDS:
        actual = getattr(figure, name)
        actual = actual.value if name == "qualifier" else actual
        if not _same(actual, expected[name]):
            message = (
                f"'{figure.mention}' is row '{row.id}' of the rule table, which codes {name} as {_shown(expected[name])}; "
                f"the record has {_shown(actual)}"
            )
            coding = ", ".join(f"`{k}: {_shown(v)}`" for k, v in expected.items())
            hint = f"Code it as the row says ({coding}); see {_TABLE}."
            found.append(finding((name,), "figure-rule-mismatch", message, hint, actual))
    return found


_DETERMINERS = ("the ", "these ", "those ")


def mention_start_findings(figure: Figure, source: str, rules: RuleTable | None = None) -> list[Finding]:
    """A mention that starts one word late: the determiner before it belongs to a longer wording
    of the same row (`the few nations`, not `few nations`: CONTRIBUTING.md, *Determiners in a mention*)."""
    if figure.start is None:
        return []
    # The determiner is looked at first: only the rare mention after one is matched (twice),
    # so every other figure costs a slice, not two more scans of the rule table.
    before = source[max(0, figure.start - 8) : figure.start].lower()
    word = next((w for w in _DETERMINERS if before.endswith(w)), None)
    if word is None:
        return []
    rules = rules or package_table()
    found = rules.match(figure.mention)
    if found is not None:
        longer = source[figure.start - len(word) : figure.end]
        wider = rules.match(longer)
        if wider is not None and wider.row.id == found.row.id:
            message = f"the mention starts after {word.strip()!r}, which the wording of row {found.row.id!r} includes"
            hint = f"Start the mention at the determiner: `mention: {json.dumps(longer, ensure_ascii=False)}`."
            return [finding(("mention",), "figure-rule-mismatch", message, hint, figure.mention)]
    return []
