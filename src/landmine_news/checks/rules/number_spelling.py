"""Numbers must be written as plain decimals: the YAML readers follow YAML 1.1, which turns
`010` into 8, `0x10` into 16, `1:30` into 90, `1_000` into 1000 and `yes` into true.

So the raw text of each number field's scalar is read, composing the node tree (slow) only
when a cheap scan of the file finds a number field whose text is not a plain decimal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import groupby
from typing import Any

import yaml

from ...models.tables import REGISTRY, TableName, columns
from ..reading.positions import YamlPath, compose, field_path
from ..report.problems import Problem

DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
"""A plain YAML 1.2 decimal: what a number field's text must look like."""


@cache
def number_fields(table: TableName) -> frozenset[str]:
    """The fields of `table` that hold an integer or a number."""
    return frozenset(c.name for c in columns(table) if c.model_field and c.type in {"integer", "number"})


# After the colon: a text (up to a newline, `,`, `}`, `]` or `#`) that, trailing whitespace aside,
# is neither null nor a plain decimal.
_ODD_TEXT = r"[ \t]+(?!(?:null|Null|NULL|~|" + DECIMAL.pattern + r")[^\S\n]*(?:[\n,}\]#]|\Z))[^\s,}\]#'\"]"


@cache
def _prescreens() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A number field's name after whitespace, `{` or `,`, its colon and an odd text, found two ways.
    The first pattern starts at the colon, which the regex engine scans for quickly, and looks back
    for the name (a look-behind has one length, so one per length of name): it serves a text with
    no space or tab before a colon. The second tries every whitespace character: for the rest."""
    names = sorted(set().union(*(number_fields(t) for t in REGISTRY)), key=lambda name: (len(name), name))
    ends = "".join(sorted({name[-1] for name in names}))
    behind = "|".join(f"(?<=[\\s{{,](?:{'|'.join(same)}):)" for _, same in groupby(names, key=len))
    return re.compile(f":(?<=[{ends}]:)(?:{behind})" + _ODD_TEXT), re.compile(
        r"[\s{,](?:" + "|".join(names) + r")[ \t]*:" + _ODD_TEXT
    )


def _suspicious(text: str) -> bool:
    """True when some number field's text is neither a plain decimal nor null (cheap: no parse)."""
    text = "\n" + text  # so that a name at the very start follows a newline too
    quick, full = _prescreens()
    return (full if " :" in text or "\t:" in text else quick).search(text) is not None


def _child(node: yaml.Node | None, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        child: yaml.Node = node.value[part]
        return child
    return None


def _records(data: dict[str, Any], kind: str) -> Iterator[tuple[YamlPath, TableName, dict[str, Any]]]:
    if kind == "actor":
        yield (), "actors", data
        return
    yield (), "articles", data
    for table in ("quotes", "figures"):
        items = data.get(table)
        if isinstance(items, list):
            yield from (((table, i), table, item) for i, item in enumerate(items) if isinstance(item, dict))


def _reading(raw: str, value: Any) -> str:
    """How YAML 1.1 read `raw`, in words."""
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    body = raw.lstrip("+-")
    why = (
        "hexadecimal" if body[:2] in {"0x", "0X"} else
        "octal" if re.fullmatch(r"0o?[0-7]+", body) else
        "base 60, as a time" if ":" in body else
        "underscores dropped" if "_" in body else
        "infinity or not-a-number" if body.lower() in {".inf", ".nan"} else
        "a leading plus sign" if raw.startswith("+") else
        "a point without digits on both sides"
    )  # fmt: skip
    return f"{value!r} ({why})"


def number_text_problems(text: str, data: dict[str, Any], kind: str, display: str) -> list[tuple[YamlPath, Problem]]:
    """(field path, problem) for each number field written as anything but a plain decimal."""
    if not _suspicious(text):
        return []
    root = compose(text)
    found: list[tuple[YamlPath, Problem]] = []
    for prefix, table, record in _records(data, kind):
        base = root
        for part in prefix:
            base = _child(base, part)
        for name in sorted(number_fields(table) & record.keys()):
            value, node = record[name], _child(base, name)
            if not isinstance(value, bool | int | float) or not isinstance(node, yaml.ScalarNode) or node.style:
                continue
            if DECIMAL.fullmatch(node.value):
                continue
            path = (*prefix, name)
            message = f"'{name}' is written {node.value}, which YAML reads as {_reading(node.value, value)}"
            hint = (
                f"Write the number as a plain decimal: digits, optionally a point and more digits (e.g. `{name}: 10`"
                " or `{name}: 0.5`); no leading zeros, signs, underscores, hex, times or yes/no."
            )
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
            problem = Problem("number-not-decimal", message, display, line, column, field_path(path), hint=hint, value=node.value)
            found.append((path, problem))
    return found
