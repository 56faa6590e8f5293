"""Field paths: where a value sits in a record file, as a tuple and as `quotes[2].speaker`.

Apart from `positions` (which needs the YAML reader) so that the cross-record checks and
cached results can name places without importing a parser.
"""

from __future__ import annotations

from typing import Any

YamlPath = tuple[Any, ...]

__all__ = ["YamlPath", "field_path"]


def field_path(path: YamlPath) -> str:
    """`('quotes', 2, 'speaker')` -> `quotes[2].speaker`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
