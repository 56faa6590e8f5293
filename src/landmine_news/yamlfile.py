"""Reading record files safely, and finding where in a file a field path points.

Parsing composes a node tree with libyaml (C) and converts it with a small walker of our
own, which refuses aliases, duplicate keys and unknown tags that PyYAML would accept or
resolve silently. Positions are not kept for every value (that costs time on large
datasets); `locate` re-reads a file only when a problem needs its line and column.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from .problem import Problem

MAX_YAML_BYTES = 1 << 20  # 1 MiB: a record file is a few KiB; more is a mistake or an attack.

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_PLAIN_SCALARS = {
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:timestamp",
}


class _Refused(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem


def read_bytes(path: Path, display: str, limit: int) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, refusing files over `limit` and reporting read errors as problems."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [Problem("file-too-large", f"file is {size:,} bytes; the limit is {limit:,}", file=display)]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem("file-unreadable", f"cannot read file: {exc.strerror or exc}", file=display)]


def decode(data: bytes, display: str) -> tuple[str | None, list[Problem]]:
    """UTF-8 text, or a `not-utf8` problem at the line and column of the first bad byte."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Problem(
                "not-utf8",
                f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not valid UTF-8",
                file=display,
                line=line,
                column=column,
            )
        ]


def read_text(path: Path, display: str, limit: int) -> tuple[str | None, list[Problem]]:
    """Read a UTF-8 text file, refusing oversized or undecodable content."""
    data, problems = read_bytes(path, display, limit)
    return (None, problems) if data is None else decode(data, display)


def parse(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain Python values, or return the problems that stop it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    from .fastyaml import parse_fast

    value = parse_fast(text)
    if value is not None:
        return value, []
    return parse_full(text, display)


def parse_full(text: str, display: str) -> tuple[Any, list[Problem]]:
    """`parse` through libyaml: all of YAML, every problem located."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x) or "invalid YAML"
        return None, [
            Problem(
                "yaml-syntax",
                message,
                file=display,
                line=mark.line + 1 if mark else None,
                column=mark.column + 1 if mark else None,
            )
        ]
    except yaml.YAMLError as exc:  # errors without a position, e.g. a reader error
        return None, [Problem("yaml-syntax", str(exc).splitlines()[0], file=display)]
    if root is None:
        return None, [Problem("yaml-empty", "file holds no YAML document", file=display)]
    problems: list[Problem] = []
    if "&" in text or "*" in text:
        problems.extend(_anchor_problems(text, display))
        if problems:
            return None, problems
    walker = _Walker(display)
    try:
        value = walker.convert(root)
    except _Refused as refused:
        return None, [refused.problem]
    except RecursionError:
        return None, [Problem("yaml-syntax", "nesting is too deep", file=display)]
    problems.extend(walker.problems)
    return value, problems


def _anchor_problems(text: str, display: str) -> list[Problem]:
    # Only reached when '&' or '*' appears at all, so the token scan costs nothing usually.
    found = []
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                what = "anchor" if isinstance(token, yaml.AnchorToken) else "alias"
                found.append(
                    Problem(
                        "yaml-alias",
                        f"YAML {what} '{token.value}' is not allowed",
                        file=display,
                        line=token.start_mark.line + 1,
                        column=token.start_mark.column + 1,
                    )
                )
    except yaml.YAMLError:
        pass  # the document composed, so scanning cannot fail in practice
    return found


class _Walker:
    """Turns a composed node tree into dicts, lists and scalars, refusing what is unsafe."""

    def __init__(self, display: str):
        self.display = display
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()  # only its scalar constructors are used
        self.seen: set[int] = set()

    def _problem(self, code: str, message: str, node: yaml.Node) -> Problem:
        m = node.start_mark
        return Problem(code, message, file=self.display, line=m.line + 1, column=m.column + 1)

    def convert(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            tag = node.tag
            if tag == _STR:
                return node.value
            if tag in _PLAIN_SCALARS:
                try:
                    return self.constructor.construct_object(node)
                except (yaml.YAMLError, ValueError, OverflowError) as exc:
                    raise _Refused(self._problem("yaml-syntax", f"cannot read scalar: {exc}", node)) from None
            raise _Refused(self._problem("yaml-tag", f"tag {tag} is not allowed", node))
        # An alias in the composed tree is the same node object seen twice; refusing it here
        # means an alias bomb is never expanded.
        if id(node) in self.seen:
            raise _Refused(self._problem("yaml-alias", "YAML aliases are not allowed", node))
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _Refused(self._problem("yaml-tag", f"tag {node.tag} is not allowed", node))
            return [self.convert(item) for item in node.value]
        if node.tag != _MAP:
            raise _Refused(self._problem("yaml-tag", f"tag {node.tag} is not allowed", node))
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise _Refused(self._problem("yaml-syntax", "mapping keys must be plain scalars", key_node))
            key = self.convert(key_node)
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                self.problems.append(
                    self._problem("yaml-duplicate-key", f"key '{key}' appears more than once in this mapping", key_node)
                )
                continue
            result[key] = self.convert(value_node)
        return result


def compose(text: str) -> yaml.Node | None:
    """The node tree of a document, or None when it does not parse."""
    try:
        return yaml.compose(text.lstrip("\ufeff"), Loader=_Loader)
    except yaml.YAMLError:
        return None


def locate(root: yaml.Node | None, path: tuple[Any, ...], key: bool = False) -> tuple[int, int] | None:
    """1-based (line, column) of the value at `path` (or of its key), else of its nearest parent."""
    if root is None:
        return None
    node, mark = root, root.start_mark
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    node, mark = v, (k.start_mark if key and last else v.start_mark)
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


def inside(root: Path, path: Path) -> bool:
    """True when `path`, after resolving symlinks, lies within `root`."""
    try:
        return os.path.commonpath([root.resolve(), path.resolve()]) == str(root.resolve())
    except (OSError, ValueError):
        return False


# -- writing ---------------------------------------------------------------------------------
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r",
            "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def _printable(ch: str) -> bool:
    # YAML 1.1's printable set, less the line breaks a reader would fold into spaces.
    o = ord(ch)
    return (0x20 <= o <= 0x7E) or (0xA0 <= o <= 0xD7FF and o not in (0x2028, 0x2029)) or (0xE000 <= o <= 0xFFFD and o != 0xFEFF) or o >= 0x10000


def quote_str(value: str) -> str:
    """A double-quoted YAML scalar that reads back as exactly `value`."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        else:
            out.append(f"\\x{ord(ch):02X}" if ord(ch) < 0x100 else f"\\u{ord(ch):04X}")
    return '"' + "".join(out) + '"'


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = repr(value)
        # PyYAML reads 1e+300 as a string; 1.0e+300 as the float.
        return text.replace("e", ".0e", 1) if "e" in text and "." not in text else text
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return quote_str(str(value))


def dump(data: dict[str, Any], indent: int = 0) -> str:
    """Record data as block YAML, in the given key order; every string double-quoted."""
    pad = " " * indent
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:" + ("\n" + dump(value, indent + 2).rstrip("\n") if value else " {}"))
        elif isinstance(value, list):
            if not value:
                lines.append(f"{pad}{key}: []")
                continue
            lines.append(f"{pad}{key}:")
            for item in value:
                if isinstance(item, dict):
                    body = dump(item, indent + 4).rstrip("\n")
                    lines.append(f"{pad}  - " + body[indent + 4 :] if body else f"{pad}  - {{}}")
                else:
                    lines.append(f"{pad}  - {_scalar(item)}")
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")
    return "\n".join(lines) + "\n"
