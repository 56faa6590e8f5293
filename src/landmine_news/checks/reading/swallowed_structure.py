"""Text that swallowed record structure: a value that runs on over lines shaped like fields.

Deleting one key line (`quotes:`) above a list makes YAML read the list as more lines of
the text before it when that text is a block scalar (`notes: >`) or an unclosed quoted
string: the file stays valid YAML and the records silently vanish. A line inside a
multi-line text value is structure-shaped when it is an item opening a mapping
(`- id: x`, any key) or a `key: value` line whose key is a field of some record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel

from ...models.actor import Actor
from ...models.article import Article
from ...models.figure import Figure
from ...models.quote import Quote
from ..report.escaping import printable
from ..report.problems import Problem

_LISTS: dict[str, type[BaseModel]] = {"quotes": Quote, "figures": Figure}
FIELD_NAMES = frozenset(_LISTS).union(*(m.model_fields for m in (Article, Quote, Figure, Actor)))
_OWN = {
    name: model.model_fields.keys() - set().union(*(m.model_fields for m in _LISTS.values() if m is not model))
    for name, model in _LISTS.items()
}
"""The fields of each list's records that the other list's records lack."""
_ITEM = re.compile(r" *- +([A-Za-z_][A-Za-z0-9_]*):(?: |$)")
_FIELD = re.compile(r" *([a-z_][a-z0-9_]*):(?: |$)")


def _structure_key(line: str) -> str | None:
    item = _ITEM.match(line)
    if item:
        return item.group(1)
    field = _FIELD.match(line)
    return field.group(1) if field and field.group(1) in FIELD_NAMES else None


def _guess(lines: Sequence[str]) -> str:
    """` (probably `quotes:`)` when the swallowed keys belong to one list's records only."""
    keys = {k for line in lines if (k := _structure_key(line))}
    scores = {name: len(keys & fields) for name, fields in _OWN.items()}
    best = max(scores, key=lambda name: scores[name])
    return f" (probably `{best}:`)" if scores[best] and list(scores.values()).count(scores[best]) == 1 else ""


def swallowed(lines: Sequence[str], key: str, first: int, start: int, stop: int, display: str) -> Problem | None:
    """The problem for text `key` (starting on 0-based line `first`) if lines `start..stop-1` hold structure."""
    for i in range(start, min(stop, len(lines))):
        if _structure_key(lines[i]) is None:
            continue
        body = lines[i].strip()
        return Problem(
            "text-swallowed-structure",
            f"the text of '{printable(key)}' (from line {first + 1}) runs on into line {i + 1}, "
            f"which looks like a record field or item: {printable(body[:60])!r}",
            file=display,
            line=i + 1,
            column=len(lines[i]) - len(lines[i].lstrip(" ")) + 1,
            hint=f"A key line above line {i + 1} is missing or mis-indented, so '{printable(key)}' swallowed "
            f"the lines below: restore it{_guess(lines[i:stop])}. If this really is text, reword the line "
            "so it does not start like `key:` or `- key:`.",
        )
    return None
