"""`Finding`: a problem found in one record's values, before it is located in the file."""

from __future__ import annotations

from typing import Any, NamedTuple


class Finding(NamedTuple):
    """(field path within the record, problem code, message, hint, offending value)."""

    path: tuple[Any, ...]
    code: str
    message: str
    hint: str
    value: Any
