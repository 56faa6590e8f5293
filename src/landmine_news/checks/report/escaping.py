"""Making text safe to print: file names and messages never carry control characters.

A file name is chosen by whoever sends the pull request. Printed raw, a newline in it can
forge a line such as `::error file=...` in a CI log, a bidi control can reorder what a
reviewer sees, and an undecodable byte (a surrogate escape from `os.fsdecode`) makes
printing itself fail. Everything shown to people goes through `printable` (this module) first.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the line and paragraph separators, bidi controls, the BOM and
# surrogates (from undecodable bytes in file names).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    c = ord(match.group())
    if 0xDC80 <= c <= 0xDCFF:
        return f"\\x{c - 0xDC00:02x}"  # the byte `os.fsdecode` could not decode
    return f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}"


def printable(text: str) -> str:
    """`text` with every control, separator, bidi and surrogate character written as an escape."""
    return _UNSAFE.sub(_escape, text)
