"""Lookups that fail helpfully: an unknown id raises `UnknownId` naming the closest ones."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from ..errors import UnknownId


def _unpadded(text: str) -> str:
    return re.sub(r"\d+", lambda m: str(int(m.group(0))), text)


def closest(wanted: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` known strings closest to `wanted`, best first: the same id but for zero padding
    (`scrutiny-q1` for `scrutiny-q01`), then difflib's closest matches."""
    pool = list(known)
    # Sorted: `known` is often a set, whose order changes from one process to the next.
    same = sorted(k for k in pool if _unpadded(k) == _unpadded(wanted) and k != wanted)
    rest = [k for k in difflib.get_close_matches(wanted, pool, n=n, cutoff=0.5) if k not in same]
    return (same + rest)[:n]


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


_SPACES = re.compile(r"\s+")
_THE = re.compile(r"^the ")
_POSSESSIVE = re.compile(r"'s$")


@lru_cache(maxsize=1 << 16)
def normal_name(name: str) -> str:
    """How names are compared: casefolded, curly apostrophes straight, no leading `the`, no possessive."""
    text = _SPACES.sub(" ", name.replace("’", "'").casefold()).strip()
    return _POSSESSIVE.sub("", _THE.sub("", text))
