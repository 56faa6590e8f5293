"""A fast reader for the plain block YAML that record files are written in.

libyaml dominated validation of a large dataset. This reads, line by line, only the part of
YAML record files use (block mappings and sequences, one-line plain or quoted scalars, simple
`|` / `>` block scalars, empty `[]` / `{}`) and returns None for anything else, which
`yaml_reader` then reads in full. Plain scalars go through PyYAML's own resolver and
constructors, so values are libyaml's (tests/test_fastyaml.py checks that).
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

_resolver = yaml.resolver.Resolver()
_constructor = yaml.constructor.SafeConstructor()
STR_TAG = "tag:yaml.org,2002:str"
PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "timestamp"))
"""The tags a plain scalar resolves to besides str: what both readers construct."""
_CONSTRUCT = {tag: _constructor.yaml_constructors[tag] for tag in PLAIN_TAGS}

# Characters outside YAML's printable set, its extra line breaks, tabs, CR and BOM all send
# the file to the full reader: they are rare and their rules are subtle.
_UNUSUAL = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: |$)")
# Escapes JSON and YAML double-quoted strings share, with the same meaning.
_JSON_ESCAPES = re.compile(r'\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})')
_BREAKS = re.compile("\n+")
_SINGLE = re.compile("'((?:[^']|'')*)'")
_PLAIN_BAD_START = set("[]{}#&*!|>'\"%@`,?:-")


class _Unsupported(Exception):
    pass


# First characters for which PyYAML's resolver may give a tag other than str.
_RESOLVABLE = set("yYnNtTfFoO~-+0123456789.<=")
_plain_cache: dict[str, Any] = {}


def _plain(text: str) -> Any:
    if "#" in text:
        text = text.split(" #", 1)[0]
    text = text.rstrip(" ")
    if not text:
        return None
    first = text[0]
    if first in _PLAIN_BAD_START and not (first in "-?:" and len(text) > 1 and text[1] != " "):
        raise _Unsupported
    if ": " in text or text[-1] == ":" or "\t" in text:
        raise _Unsupported
    if first not in _RESOLVABLE:
        return text
    try:
        return _plain_cache[text]
    except KeyError:
        pass
    tag = _resolver.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    if tag == STR_TAG:
        value: Any = text
    else:
        try:
            value = _CONSTRUCT[tag](_constructor, yaml.ScalarNode(tag, text))
        except Exception:
            raise _Unsupported from None
    if len(_plain_cache) < 4096:  # values are immutable, so sharing them is safe
        _plain_cache[text] = value
    return value


def _rest_is_comment(rest: str) -> None:
    rest = rest.lstrip(" ")
    if rest and not rest.startswith("#"):
        raise _Unsupported


def _double(text: str) -> Any:
    end = 1
    while True:
        end = text.find('"', end)
        if end == -1:
            raise _Unsupported  # multi-line or unterminated: the full reader knows
        backslashes = 0
        i = end - 1
        while text[i] == "\\":
            backslashes += 1
            i -= 1
        if backslashes % 2 == 0:
            break
        end += 1
    body = text[1:end]
    _rest_is_comment(text[end + 1 :])
    if "\\" not in body:
        return body
    if _JSON_ESCAPES.sub("", body).count("\\"):
        raise _Unsupported
    if re.search(r"\\u[dD][89a-fA-F]", body):
        raise _Unsupported  # a surrogate escape: YAML and JSON disagree on these
    return json.loads('"' + body + '"')


def _single(text: str) -> str:
    found = _SINGLE.match(text)
    if found is None:
        raise _Unsupported
    _rest_is_comment(text[found.end() :])
    return found.group(1).replace("''", "'")


def _value(text: str) -> Any:
    """An inline value (the text after `key: ` or `- `)."""
    if not text:
        return None
    c = text[0]
    if c == '"':
        return _double(text)
    if c == "'":
        return _single(text)
    if c in {"[", "{"}:
        inner = text[1:].lstrip(" ")
        close = "]" if c == "[" else "}"
        if not inner.startswith(close):
            raise _Unsupported
        _rest_is_comment(inner[1:])
        return [] if c == "[" else {}
    return _plain(text)


Block = tuple[str, int, int]
"""(key, 0-based line of its `|` or `>` header, line after its content) of a block scalar."""


def parse_fast(text: str, blocks: list[Block] | None = None) -> dict[str, Any] | None:
    """The document as plain values (each block scalar read appended to `blocks`), or None
    when it uses YAML beyond the record subset."""
    if _UNUSUAL.search(text):
        return None
    doc = _Doc(text, blocks)
    try:
        pos = doc.skip(0)
        if pos == doc.n or doc.ind[pos] != 0:
            return None
        pos, value = doc.block(pos, 0)
    except (_Unsupported, IndexError, RecursionError):
        return None
    if doc.skip(pos) != doc.n or not isinstance(value, dict):
        return None
    return value


class _Doc:
    def __init__(self, text: str, blocks: list[Block] | None = None):
        self.blocks = blocks
        self.raw = text.split("\n")
        self.n = len(self.raw)
        self.body = [line.strip(" ") for line in self.raw]
        self.ind = [len(line) - len(line.lstrip(" ")) for line in self.raw]

    def skip(self, pos: int) -> int:
        """The next line at or after `pos` that is neither blank nor a comment."""
        body, n = self.body, self.n
        while pos < n and (not body[pos] or body[pos][0] == "#"):
            pos += 1
        return pos

    def block(self, pos: int, indent: int) -> tuple[int, Any]:
        body = self.body[pos]
        if body.startswith("- ") or body == "-":
            return self.sequence(pos, indent)
        return self.mapping(pos, indent, body)

    def mapping(self, pos: int, indent: int, body: str) -> tuple[int, dict[str, Any]]:
        out: dict[str, Any] = {}
        n = self.n
        while True:
            # Same as _KEY.match, without the regex: this loop runs once per line.
            key, colon, rest = body.partition(":")
            if not colon or (rest and rest[0] != " ") or not (key.isidentifier() and key.isascii()):
                raise _Unsupported
            if key in out:
                raise _Unsupported  # duplicate key: the full reader reports it with its line
            rest = rest.lstrip(" ")
            if rest and rest[0] == '"' and rest[-1] == '"' and "\\" not in rest and rest.count('"') == 2:
                out[key] = rest[1:-1]  # the common one-line double-quoted string, inlined
                pos += 1
            elif rest and rest[0] in "|>":
                header = pos
                pos, out[key] = self.block_scalar(pos, indent, rest)
                if self.blocks is not None:
                    self.blocks.append((key, header, pos))
            elif rest and rest[0] != "#":
                out[key] = _value(rest)
                pos += 1
            else:
                pos = self.skip(pos + 1)
                if pos < n:
                    nind, nbody = self.ind[pos], self.body[pos]
                    is_seq = nbody.startswith("- ") or nbody == "-"
                    if nind > indent or (nind == indent and is_seq):
                        pos, out[key] = self.block(pos, nind)
                    else:
                        out[key] = None
                else:
                    out[key] = None
            pos = self.skip(pos)
            if pos >= n or self.ind[pos] < indent:
                return pos, out
            if self.ind[pos] > indent:
                raise _Unsupported  # a continuation line or bad indentation
            body = self.body[pos]

    def sequence(self, pos: int, indent: int) -> tuple[int, list[Any]]:
        items: list[Any] = []
        n = self.n
        while pos < n:
            ind, body = self.ind[pos], self.body[pos]
            if ind != indent or not (body.startswith("- ") or body == "-"):
                if ind > indent:
                    raise _Unsupported
                break
            rest = body[2:].lstrip(" ")
            if not rest or rest[0] in "#|>" or rest.startswith("- ") or rest == "-":
                raise _Unsupported  # nested blocks after a bare dash: leave to the full reader
            inner = indent + (len(body) - len(rest))
            if _KEY.match(rest) is None:
                items.append(_value(rest))
                pos = self.skip(pos + 1)
                continue
            # `- key: value` opens a mapping whose keys sit at the column of `key`.
            self.ind[pos], self.body[pos] = inner, rest
            pos, item = self.mapping(pos, inner, rest)
            items.append(item)
        return pos, items

    def block_scalar(self, pos: int, indent: int, header: str) -> tuple[int, str]:
        """`|`, `|-`, `>` or `>-` with one content indentation, no trailing spaces."""
        if header not in ("|", "|-", ">", ">-"):
            raise _Unsupported  # keep (+), indentation indicators, comments after the header
        end = pos + 1
        content_indent = None
        while end < self.n:
            if self.body[end]:
                if content_indent is None:
                    content_indent = self.ind[end]
                    if content_indent <= indent:
                        break
                elif self.ind[end] < content_indent:
                    break
                if self.ind[end] > content_indent or self.raw[end].endswith(" "):
                    raise _Unsupported  # more-indented lines and trailing spaces keep their breaks
            elif self.raw[end]:
                raise _Unsupported  # a line of only spaces inside a block scalar
            end += 1
        if content_indent is None or content_indent <= indent:
            raise _Unsupported  # an empty block scalar
        lines = [self.body[i] for i in range(pos + 1, end)]
        while lines and not lines[-1]:
            lines.pop()
        if not lines or not lines[0]:
            raise _Unsupported  # leading blank lines are preserved as breaks
        value = "\n".join(lines) if header[0] == "|" else _fold_lines(lines)
        return end, value if header.endswith("-") else value + "\n"


def _fold_lines(lines: list[str]) -> str:
    """Folded (`>`) block content: single breaks become spaces, runs of blank lines stay breaks."""
    return _BREAKS.sub(_fold_break, "\n".join(lines))


def _fold_break(found: re.Match[str]) -> str:
    return found.group()[1:] or " "
