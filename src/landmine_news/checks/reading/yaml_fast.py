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
# the file to the full reader: they are rare and their rules are subtle. (Matching the usual
# ones all at once is faster than searching for an unusual one.)
_USUAL = re.compile("[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]*")
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
_ENTRIES: dict[str, tuple[str, Any]] = {}
"""(key, value) of `key: scalar` lines already read: most lines of record files repeat."""


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
    """An inline value (the text after `key: ` or `- `): never empty, no space at either end."""
    first = text[0]
    if first == '"':
        if text[-1] == '"' and "\\" not in text and text.count('"') == 2:
            return text[1:-1]  # the common one-line string without escapes
        return _double(text)
    if first == "'":
        return _single(text)
    if first in "[{":
        inner = text[1:].lstrip(" ")
        if not inner.startswith("]" if first == "[" else "}"):
            raise _Unsupported
        _rest_is_comment(inner[1:])
        return [] if first == "[" else {}
    return _plain(text)


def _plain(text: str) -> Any:
    """A plain scalar, as PyYAML's resolver and constructors read it."""
    first = text[0]
    if "#" in text:
        text = text.split(" #", 1)[0].rstrip(" ")
    if first in _PLAIN_BAD_START and not (first in "-?:" and len(text) > 1 and text[1] != " "):
        raise _Unsupported
    if ": " in text or text[-1] == ":":
        raise _Unsupported  # no tab either: `_USUAL` refused the file
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


Block = tuple[str, int, int]
"""(key, 0-based line of its `|` or `>` header, line after its content) of a block scalar."""


def parse_fast(text: str, blocks: list[Block] | None = None) -> dict[str, Any] | None:
    """The document as plain values (each block scalar read appended to `blocks`), or None
    when it uses YAML beyond the record subset."""
    if _USUAL.fullmatch(text) is None:
        return None
    doc = _Doc(text, blocks)
    try:
        pos = doc.skip(0)
        pos, value = doc.block(pos, 0) if doc.ind[pos] == 0 else (pos, None)  # None: no mapping at column 0
    except (_Unsupported, IndexError, RecursionError):
        return None
    return value if doc.skip(pos) == len(doc.raw) and isinstance(value, dict) else None


class _Doc:
    def __init__(self, text: str, blocks: list[Block] | None = None):
        self.blocks = blocks
        self.raw = text.split("\n")
        # A last line no text has (a break, at depth -1) ends every loop without a bounds check.
        self.body = [line.strip(" ") for line in self.raw] + ["\n"]
        self.ind = [len(line) - len(line.lstrip(" ")) for line in self.raw] + [-1]

    def skip(self, pos: int) -> int:
        """The next line at or after `pos` that is neither blank nor a comment."""
        while not self.body[pos] or self.body[pos][0] == "#":
            pos += 1
        return pos

    def block(self, pos: int, indent: int) -> tuple[int, Any]:
        body = self.body[pos]
        return self.sequence(pos, indent) if body.startswith("- ") or body == "-" else self.mapping(pos, indent, body)

    def mapping(self, pos: int, indent: int, body: str) -> tuple[int, dict[str, Any]]:
        out: dict[str, Any] = {}
        inds, bodies = self.ind, self.body
        while True:
            known = _ENTRIES.get(body)
            if known is None:
                pos, key, value = self.entry(pos, indent, body)
            else:
                (key, value), pos = known, pos + 1
            if key in out:
                raise _Unsupported  # duplicate key: the full reader reports it with its line
            out[key] = value
            body = bodies[pos]
            if not body or body[0] == "#":
                pos = self.skip(pos)
                body = bodies[pos]
            if inds[pos] != indent:
                if inds[pos] < indent:
                    return pos, out
                raise _Unsupported  # a continuation line or bad indentation

    def entry(self, pos: int, indent: int, body: str) -> tuple[int, str, Any]:
        """The line after the mapping entry at line `pos`, its key and its value."""
        # Same as _KEY.match, without the regex: this runs for every line not read before.
        key, colon, rest = body.partition(":")
        if not colon or (rest and rest[0] != " ") or not (key.isidentifier() and key.isascii()):
            raise _Unsupported
        rest = rest.lstrip(" ")
        if not rest or rest[0] == "#":
            pos = self.skip(pos + 1)
            nind, nbody = self.ind[pos], self.body[pos]
            if nind > indent or (nind == indent and (nbody.startswith("- ") or nbody == "-")):
                pos, value = self.block(pos, nind)
                return pos, key, value
            return pos, key, None
        if rest[0] in "|>":
            end, value = self.block_scalar(pos, indent, rest)
            if self.blocks is not None:
                self.blocks.append((key, pos, end))
            return end, key, value
        value = _value(rest)
        if len(_ENTRIES) < 4096 and not isinstance(value, (list, dict)):
            _ENTRIES[body] = (key, value)  # a line read again reads the same, and values are immutable
        return pos + 1, key, value

    def sequence(self, pos: int, indent: int) -> tuple[int, list[Any]]:
        items: list[Any] = []
        inds, bodies = self.ind, self.body
        while True:
            ind, body = inds[pos], bodies[pos]
            if ind != indent or not (body.startswith("- ") or body == "-"):
                if ind > indent:
                    raise _Unsupported
                return pos, items
            rest = body[2:].lstrip(" ")
            if not rest or rest[0] in "#|>" or rest.startswith("- ") or rest == "-":
                raise _Unsupported  # nested blocks after a bare dash: leave to the full reader
            if _KEY.match(rest) is None:
                items.append(_value(rest))
                pos = self.skip(pos + 1)
                continue
            # `- key: value` opens a mapping whose keys sit at the column of `key`.
            inner = indent + (len(body) - len(rest))
            inds[pos], bodies[pos] = inner, rest
            pos, item = self.mapping(pos, inner, rest)
            items.append(item)

    def block_scalar(self, pos: int, indent: int, header: str) -> tuple[int, str]:
        """`|`, `|-`, `>` or `>-` with one content indentation, no trailing spaces."""
        if header not in ("|", "|-", ">", ">-"):
            raise _Unsupported  # keep (+), indentation indicators, comments after the header
        end = pos + 1
        content_indent = None
        while True:  # until the last line, at depth -1
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
        lines = self.body[pos + 1 : end]
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
