"""Lookups that fail helpfully: an unknown id raises `UnknownId` naming the closest ones."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import UnknownId


def closest(wanted: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` known strings closest to `wanted` (difflib), best first."""
    return difflib.get_close_matches(wanted, list(known), n=n, cutoff=0.5)


def unknown(what: str, wanted: object, known: Iterable[str]) -> UnknownId:
    """The error for an unknown id, naming the closest known ones."""
    near = closest(str(wanted), known)
    hint = f"; did you mean {', '.join(map(repr, near))}?" if near else ""
    return UnknownId(f"no {what} {wanted!r}{hint}")


def get(index: Mapping[str, Any], what: str, wanted: str) -> Any:
    """`index[wanted]`, or `UnknownId` naming the closest ids."""
    try:
        return index[wanted]
    except (KeyError, TypeError):
        raise unknown(what, wanted, index) from None
