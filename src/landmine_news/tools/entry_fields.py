"""The fields of a scaffolded quote or figure, and how they are written as YAML lines.

Written the way hand-written record files are: enum values, ids and booleans bare,
whole numbers without `.0`, text double-quoted, and a placeholder for what the curator
must fill in.
"""

from __future__ import annotations

import re

from ..errors import ScaffoldError
from ..models.figure_rules import RuleTable, match, unit_required
from .yaml_writer import quote_str

PLACEHOLDER = "null  # fill in"
_BARE = re.compile(r"[a-z][a-z0-9_-]*")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def scalar(value: object) -> str:
    """One value as a YAML scalar, as a curator would type it."""
    if value is None:
        return PLACEHOLDER
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    text = str(value)
    if _BARE.fullmatch(text) and text not in _YAML_WORDS:
        return text  # enum values and ids: bare, as in the hand-written files
    return quote_str(text)


def entry_lines(entry_id: str, field_name: str, text: str, fields: dict[str, object]) -> list[str]:
    """The YAML lines of one list entry: id, the anchored text, then the fields in order (lists as blocks)."""
    lines = [f"  - id: {entry_id}", f"    {field_name}: {quote_str(text)}"]
    for name, value in fields.items():
        if isinstance(value, list):
            lines += [f"    {name}: []"] if not value else [f"    {name}:", *(f"      - {scalar(v)}" for v in value)]
        else:
            lines.append(f"    {name}: {scalar(value)}")
    return lines


def figure_fields(mention: str, given: dict[str, object], rules: RuleTable | None = None) -> dict[str, object]:
    """The fields of a new figure: those `given` (None: not given), completed from the row of the
    mention's wording in `rules` (by default the package's table), so it is coded as `validate`
    will require; a value given wins, and `validate` then says if it breaks the row."""
    found = match(mention, rules)
    coded: dict[str, object] = dict(found.expected) if found else {}
    unit = (found.row.unit if found and found.row.unit else None) or (unit_required(mention, rules) or (None, None))[1]
    if unit is not None:
        coded["unit"] = unit
    merged = {**coded, **{k: v for k, v in given.items() if v is not None}}
    order = (
        "measures", "value", "low", "low_inclusive", "high", "high_inclusive", "point", "unit", "base", "qualifier",
        "reported_by",
    )  # fmt: skip
    out: dict[str, object] = {}
    for name in order:
        if name in merged and merged[name] is not None:
            out[name] = merged[name]
        elif name in ("measures", "unit", "qualifier") or (name == "base" and unit in ("proportion", "percent")):
            out[name] = None  # required: written as a placeholder to fill in
    return out


def refuse_uncoded(mention: str, fields: dict[str, object], rules: RuleTable | None = None) -> None:
    """Refuse (`ScaffoldError`) a figure the rule table cannot code, or one still missing a
    field the wording's row does not decide: `new figure` writes no placeholder for
    `validate` to report later, it says at once what to give."""
    if match(mention, rules) is None:
        raise ScaffoldError(
            f"no row of the figure rule table matches the wording of {mention!r}: start --text at the quantity "
            "words (`over 50,000 ...`, `thousands of ...`), or add a row for the new wording, with examples, "
            "to dataset/figure_rules.toml (CONTRIBUTING.md, Figures)"
        )
    missing = [f"--{name.replace('_', '-')}" for name, value in fields.items() if value is None]
    if missing:
        raise ScaffoldError(f"give {' and '.join(missing)}: the wording's row of the rule table does not decide them")
