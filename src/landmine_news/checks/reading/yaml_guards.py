"""Cheap scans run before libyaml sees a text: characters YAML forbids, and nesting depth.

Composing a deeply nested document recurses in C and can crash the process (SIGSEGV),
so depth is bounded here, in Python, before libyaml is called at all.
"""

from __future__ import annotations

import re
import unicodedata

from ..report.problems import Problem
from .yaml_marks import line_col

MAX_DEPTH = 64
# What YAML allows in a stream (YAML 1.1 `c-printable`): everything else is refused.
_FORBIDDEN = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_C0 = "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
# A quote opens a string only where a token can start; '#' starts a comment after a space.
_FLOW = re.compile(r"""(?<![^\s\[{,:])(?:"(?:[^"\\\n]|\\.)*"?|'(?:[^'\n]|'')*'?)|(?<!\S)#[^\n]*|[\[\]{}]""")
_INDICATORS = re.compile(r"(?:[-?:](?: +|$))*")


def char_name(c: str) -> str:
    """`U+0000 NUL`, `U+007F DEL`, `U+FFFE`: a character named so a contributor can find it."""
    code = ord(c)
    name = _C0.split()[code] if code < 0x20 else "DEL" if code == 0x7F else unicodedata.name(c, "control character")
    return f"U+{code:04X} {name}".rstrip()


def forbidden_character(text: str, display: str) -> Problem | None:
    """A `yaml-syntax` problem naming the first character YAML does not allow, and where it is."""
    found = _FORBIDDEN.search(text)
    if found is None:
        return None
    line, column = line_col(text, found.start())
    return Problem(
        "yaml-syntax",
        f"{char_name(found.group())} at line {line}, column {column} is not allowed in YAML",
        file=display,
        line=line,
        column=column,
        hint="Delete the character (it is invisible in most editors); if the text needs it, "
        'write it as an escape in a double-quoted string, e.g. "\\t".',
    )


def _flow_exceeds(text: str, limit: int, aware: bool) -> int | None:
    depth = 0
    tokens = _FLOW.finditer(text) if aware else re.finditer(r"[\[\]{}]", text)
    for token in tokens:
        c = token.group()[0]
        if c in "[{":
            depth += 1
            if depth > limit:
                return token.start()
        elif c in "]}":
            depth = max(0, depth - 1)
    return None


def _block_exceeds(text: str, limit: int) -> int | None:
    stack, offset = [-1], 0
    for line in text.split("\n"):
        body = line.lstrip(" ")
        if body and body[0] != "#":
            indent = len(line) - len(body)
            while stack[-1] > indent:
                stack.pop()
            if stack[-1] < indent:
                stack.append(indent)
            inline = _INDICATORS.match(body)
            nested = len(stack) - 1 + (len(inline.group().replace(" ", "")) if inline else 0)
            if nested > limit:
                return offset + indent
        offset += len(line) + 1
    return None


def too_deep(text: str, display: str, limit: int = MAX_DEPTH) -> Problem | None:
    """A `yaml-too-deep` problem where flow (`[`, `{`) or block nesting first exceeds `limit`."""
    index = None
    if text.count("[") + text.count("{") > limit:
        # Brackets counted plainly and with quoted strings skipped: each misses what the other sees.
        found = [i for i in (_flow_exceeds(text, limit, False), _flow_exceeds(text, limit, True)) if i is not None]
        index = min(found) if found else None
    if index is None and text.count("\n") + text.count("- ") > limit:
        index = _block_exceeds(text, limit)
    if index is None:
        return None
    line, column = line_col(text, index)
    return Problem(
        "yaml-too-deep", f"nesting is deeper than {limit} levels at line {line}", file=display, line=line, column=column
    )
