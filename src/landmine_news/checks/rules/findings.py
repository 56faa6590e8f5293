"""`Finding`: a problem found before it is located, with the field path to locate it at: inside
the record for value rules (the file check prefixes the record's place), else inside the file."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..reading.field_paths import YamlPath
from ..report.problems import Problem


class Finding(NamedTuple):
    """A problem whose line and column are not known yet, and where to find them (None: the file as a whole)."""

    problem: Problem
    path: YamlPath | None


def finding(path: YamlPath, code: str, message: str, hint: str | None, value: Any) -> Finding:
    """A `Finding` of a record's value at `path`, with its own hint (None: the code's)."""
    return Finding(Problem(code, message, hint=hint, value=value), path)
