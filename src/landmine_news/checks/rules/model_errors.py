"""Turning a pydantic validation error into a located `Problem` a contributor can act on."""

from __future__ import annotations

from typing import Any

from ...models.base import ORDER_ERROR, RULE_ERROR
from ...models.tables import ACTOR_FIELDS
from ..reading.positions import Positions, YamlPath, field_path
from ..report.problems import Problem

_PATTERN_HINTS = {
    "id": "Ids are lowercase letters, digits and single hyphens, e.g. 'mary-wareham'.",
    "wikidata": "A Wikidata id is Q followed by digits without leading zero, e.g. 'Q30'; leave it out when unsure.",
    "language": "Use a BCP 47 tag such as 'en', 'uk' or 'en-GB'.",
    "url": "Give a full http(s) address, e.g. 'https://example.org/story'.",
    "sha256": "64 lowercase hex digits: run `sha256sum dataset/sources/FILE`.",
    "published_time": '24-hour HH:MM, quoted: published_time: "21:00".',
    "utc_offset": 'Write it as +HH:MM or -HH:MM, quoted, e.g. "-05:00".',
    "source_file": "Just the file name under dataset/sources/, ending in .txt.",
}
_SLUG_FIELDS = ACTOR_FIELDS | {"article"}
_TYPE_KINDS = {"model_type", "list_type", "dict_type"}
_END_HINT = "end must be greater than start: remove `start` and `end` (they are computed) or correct them."
_BOUNDS_HINT = (
    "Bounds go low <= value <= high: correct '{name}' or '{other}' so they follow the rule table under"
    " 'Figures' in CONTRIBUTING.md (e.g. 'over 5,000' is value 5000, low 5000, high null)."
)
_NUMBER_HINTS = {
    "int_type": 'Write a whole number without quotes, e.g. `{name}: 2` (not 2.0, "2" or true).',
    "float_type": 'Write a number without quotes, e.g. `{name}: 5000` or `{name}: 0.5` (not "5000" or true).',
}


def _type_hint(name: str, kind: str, value: Any) -> str | None:
    if name == "published_time" and isinstance(value, int):
        return f'Quote the time: unquoted, YAML reads it as the number {value}. Write `published_time: "HH:MM"`.'
    if kind in _NUMBER_HINTS:
        return _NUMBER_HINTS[kind].format(name=name)
    if kind == "string_type" and (isinstance(value, bool | int | float) or hasattr(value, "isoformat")):  # unquoted in YAML
        return "Quote the value: YAML read it as a number, boolean or date, but this field holds text."
    return None


def problem_from_error(err: dict[str, Any], prefix: YamlPath, display: str, pos: Positions) -> Problem:
    """One pydantic error (from `errors()`) of the record at `prefix`, as a located problem."""
    loc = tuple(err.get("loc", ()))
    kind = err.get("type", "")
    path = prefix + loc
    name = next((p for p in reversed(loc) if isinstance(p, str)), "")
    value = err.get("input")
    hint = None
    if kind == "missing":
        code, message, where = "field-missing", f"required field '{name}' is missing", pos.at(prefix + loc[:-1])
    elif kind == "extra_forbidden":
        code, message, where = "field-unknown", f"unknown field '{name}'", pos.at(path, key=True)
    elif kind == "string_pattern_mismatch":
        code = "field-pattern"
        message = f"'{name}' value {value!r} does not match the required pattern"
        hint = _PATTERN_HINTS.get(name) or (_PATTERN_HINTS["id"] if name in _SLUG_FIELDS else None)
        where = pos.at(path)
    elif kind == "enum":
        code, message, where = "field-enum", f"'{name}': {err.get('msg')}, got {value!r}", pos.at(path)
    elif kind in (ORDER_ERROR, RULE_ERROR):
        ctx = err.get("ctx") or {}
        name = str(ctx.get("field", ""))
        path = prefix + loc + (name,)
        code, message = "field-invalid", str(err.get("msg"))
        value = value.get(name) if isinstance(value, dict) else None
        if kind == RULE_ERROR:
            # At the field's key: for a list or a block (member_of), that is the line to complete.
            where, hint = pos.at(path, key=True), str(ctx.get("hint", ""))
        else:
            where = pos.at(path)
            hint = _END_HINT if name == "end" else _BOUNDS_HINT.format(name=name, other=str(ctx.get("other", "")))
    elif kind.endswith(("_type", "_parsing")) or kind in _TYPE_KINDS:
        code, message, where = "field-type", f"'{name or field_path(path)}': {err.get('msg')}, got {value!r}", pos.at(path)
        hint = _type_hint(name, kind, value)
    else:
        code = "field-invalid"
        label = f"'{name}'" if name else "record"
        message = f"{label}: {err.get('msg')}"
        where = pos.at(path)
    if value is None and code in {"field-type", "field-enum"}:
        if path and isinstance(path[-1], int):  # `- ` with nothing after it
            hint = f"An item of '{name}' is empty: give it a value, or delete its `-` line."
        else:
            hint = f"'{name}' is required and may not be null: fill it in."
    value = value if not isinstance(value, dict) else None
    return Problem(code, message, display, *where, field=field_path(path) or None, hint=hint, value=value)
