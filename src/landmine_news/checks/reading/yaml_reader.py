"""Parsing a record file's YAML safely into plain values, with every refusal located.

Plain record files take the fast path in `yaml_fast`. Otherwise cheap scans refuse forbidden
characters and nesting deep enough to crash libyaml (it recurses in C), libyaml composes a
node tree, and a walker of our own converts it, refusing the aliases, duplicate keys and tags
PyYAML would accept. Positions are recomputed from each mark's character index as editors
count them (libyaml also breaks lines at CR, U+0085, U+2028 and U+2029): lines by LF, columns
in code points.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import replace
from functools import cached_property
from typing import Any

import yaml

from ..report.escaping import printable
from ..report.problems import Problem
from .yaml_fast import PLAIN_TAGS, STR_TAG, Block, parse_fast


class LineIndex:
    """(line, column) of many places of one text: its line breaks found once, each place by bisection."""

    def __init__(self, text: str):
        self.length = len(text)
        self.ends_with_break = text.endswith("\n")
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def position(self, index: int) -> tuple[int, int]:
        """1-based (line, column) of character `index`; the end of a text ending in a break is on its last line."""
        index = max(0, min(index, self.length))
        if index == self.length and self.ends_with_break:
            index -= 1
        before = bisect.bisect_left(self.breaks, index)
        line_start = self.breaks[before - 1] + 1 if before else 0
        return before + 1, index - line_start + 1


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based (line, column) of character `index` of `text`, lines counted by LF only."""
    return LineIndex(text).position(index)


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    """A `yaml-syntax` problem at the error's position, saying where the unfinished construct began."""
    mark = exc.problem_mark or exc.context_mark
    message, hint = exc.problem or "invalid YAML", None
    if mark is None:
        return Problem("yaml-syntax", printable(message), file=display)
    at = line, column = line_col(text, mark.index)
    line_start = text.rfind("\n", 0, mark.index) + 1
    if text[mark.index : mark.index + 1] == "\t" and not text[line_start : mark.index].strip(" \t"):
        message = "tab used for indentation; YAML indents with spaces only"
        hint = f"Replace the tab at the start of line {line} with spaces, as many as the lines around it use."
    elif exc.context:
        context = exc.context_mark if exc.problem_mark is not None else None
        begun = line_col(text, context.index) if context is not None else at
        if begun == at:
            message = f"{exc.context} {message}"
        else:
            what = exc.context.removeprefix("while ")
            message = f"{message} ({what} that began at line {begun[0]}, column {begun[1]})"
            hint = (
                f"Look at line {begun[0]}, column {begun[1]}, where the unfinished part begins: "
                "a closing quote or bracket may be missing there, or the indentation is off."
            )
    return Problem("yaml-syntax", printable(message), file=display, line=line, column=column, hint=hint)


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
    message = f"{char_name(found.group())} at line {line}, column {column} is not allowed in YAML"
    hint = (
        "Delete the character (it is invisible in most editors); if the text needs it, "
        'write it as an escape in a double-quoted string, e.g. "\\t".'
    )
    return Problem("yaml-syntax", message, file=display, line=line, column=column, hint=hint)


def _flow_exceeds(text: str, aware: bool) -> int | None:
    depth = 0
    tokens = _FLOW.finditer(text) if aware else re.finditer(r"[\[\]{}]", text)
    for token in tokens:
        c = token.group()[0]
        if c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return token.start()
        elif c in "]}":
            depth = max(0, depth - 1)
    return None


def _block_exceeds(text: str) -> int | None:
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
            if nested > MAX_DEPTH:
                return offset + indent
        offset += len(line) + 1
    return None


def too_deep(text: str, display: str) -> Problem | None:
    """A `yaml-too-deep` problem where flow (`[`, `{`) or block nesting first exceeds `MAX_DEPTH`."""
    index = None
    if text.count("[") + text.count("{") > MAX_DEPTH:
        # Brackets counted plainly and with quoted strings skipped: each misses what the other sees.
        found = [i for i in (_flow_exceeds(text, False), _flow_exceeds(text, True)) if i is not None]
        index = min(found) if found else None
    if index is None and text.count("\n") + text.count("- ") > MAX_DEPTH:
        index = _block_exceeds(text)
    if index is None:
        return None
    line, column = line_col(text, index)
    message = f"nesting is deeper than {MAX_DEPTH} levels at line {line}"
    return Problem("yaml-too-deep", message, file=display, line=line, column=column)


LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"


class _Refused(Exception):
    """Stops the walk with the problem it carries (`args[0]`)."""


def parse(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain Python values, or return the problems that stop it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    blocks: list[Block] = []
    value = parse_fast(text, blocks)  # None too for a text with a character in `_HELD`
    if value is None:
        return parse_full(text, display)
    if not blocks:
        return value, []
    from .swallowed_structure import swallowed  # needs the models; only for files with block texts

    lines = text.split("\n")
    found = (swallowed(lines, key, header, header + 1, end, display) for key, header, end in blocks)
    return value, [p for p in found if p is not None]


_HELD = {"\u2028": "\ue028", "\u2029": "\ue029", "\x85": "\ue085"}
"""Text to YAML 1.2, line breaks to libyaml: held as private-use characters while libyaml reads."""


def _restore(root: yaml.Node, back: dict[int, str]) -> None:
    """Put the held characters back in every scalar of the tree."""
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            node.value = node.value.translate(back)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(n for pair in node.value for n in pair)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def compose(text: str, display: str) -> yaml.Node | Problem | None:
    """The node tree of `text` (None for no document), or the problem that stops libyaml."""
    refused = forbidden_character(text, display) or too_deep(text, display)
    if refused is not None:
        return refused
    held = [c for c in _HELD if c in text]
    try:
        node: yaml.Node | None = yaml.compose(text.translate({ord(c): _HELD[c] for c in held}) if held else text, Loader=LOADER)
        if held and node is not None:
            _restore(node, {ord(_HELD[c]): c for c in held})
        return node
    except yaml.MarkedYAMLError as exc:
        return syntax_problem(exc, text, display)
    except yaml.YAMLError as exc:  # errors without a position, e.g. a reader error
        return Problem("yaml-syntax", str(exc).splitlines()[0], file=display)


def parse_full(text: str, display: str) -> tuple[Any, list[Problem]]:
    """`parse` through libyaml: all of YAML, every problem located."""
    root = compose(text, display)
    if isinstance(root, Problem):
        return None, [root]
    if root is None:
        return None, [Problem("yaml-empty", "file holds no YAML document: it is empty or only comments", file=display)]
    if "&" in text or "*" in text:
        problems = _anchor_problems(text, display)
        if problems:
            return None, problems
    walker = _Walker(display, text)
    try:
        value = walker.convert(root)
    except _Refused as refused:
        return None, [refused.args[0]]
    except RecursionError:
        return None, [Problem("yaml-too-deep", "nesting is too deep", file=display)]
    if value is None and not walker.problems:
        line, column = line_col(text, root.start_mark.index)
        return None, [Problem("yaml-empty", "file holds only null", file=display, line=line, column=column)]
    return value, walker.problems


def _anchor_problems(text: str, display: str) -> list[Problem]:
    # Only reached when '&' or '*' appears at all, so the token scan costs nothing usually.
    found = []
    try:
        for token in yaml.scan(text, Loader=LOADER):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                what = "anchor" if isinstance(token, yaml.AnchorToken) else "alias"
                line, column = line_col(text, token.start_mark.index)
                message = f"YAML {what} '{token.value}' is not allowed"
                found.append(Problem("yaml-alias", message, file=display, line=line, column=column))
    except yaml.YAMLError:
        pass  # the document composed, so scanning cannot fail in practice
    return found


def key_text(node: yaml.Node) -> str | None:
    """A mapping key as written (`~`, `yes`, `2024-01-01` stay text), or None if not a plain scalar."""
    if isinstance(node, yaml.ScalarNode) and (node.tag == STR_TAG or node.tag in PLAIN_TAGS):
        return str(node.value)
    return None


class _Walker:
    """Turns a composed node tree into dicts, lists and scalars, refusing what is unsafe."""

    def __init__(self, display: str, text: str):
        self.display = display
        self.text = text
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()  # only its scalar constructors are used
        self.seen: set[int] = set()

    @cached_property
    def line_index(self) -> LineIndex:
        return LineIndex(self.text)

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    def _problem(self, code: str, message: str, node: yaml.Node, hint: str | None = None) -> Problem:
        line, column = self.line_index.position(node.start_mark.index)
        return Problem(code, message, file=self.display, line=line, column=column, hint=hint)

    def _merge(self, node: yaml.Node) -> _Refused:
        # A plain `<<` is YAML 1.1's merge key: nobody wrote a tag, so say what it is.
        message = "`<<` is a YAML merge key, which records do not use"
        hint = "Write the fields out in full; if `<<` is meant as text, quote it ('<<')."
        return _Refused(self._problem("yaml-tag", message, node, hint))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == STR_TAG:
            return node.value
        if tag in PLAIN_TAGS:
            try:
                return self.constructor.construct_object(node)
            except (yaml.YAMLError, ValueError, OverflowError):
                # A scalar shaped like a date that is no date (2024-02-30) is the text it is:
                # the model check then reports it with the field, and nothing else is hidden.
                return node.value
        if tag == _MERGE:
            raise self._merge(node)
        raise _Refused(self._problem("yaml-tag", f"tag {tag} is not allowed", node))

    def convert(self, node: yaml.Node, depth: int = 0) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if depth > 2 * MAX_DEPTH:
            raise _Refused(self._problem("yaml-too-deep", f"nesting is deeper than {2 * MAX_DEPTH} levels", node))
        # An alias in the composed tree is the same node object seen twice; refusing it here
        # means an alias bomb is never expanded.
        if id(node) in self.seen:
            raise _Refused(self._problem("yaml-alias", "YAML aliases are not allowed", node))
        self.seen.add(id(node))
        if isinstance(node, yaml.SequenceNode) and node.tag == _SEQ:
            return [self.convert(item, depth + 1) for item in node.value]
        if isinstance(node, yaml.MappingNode) and node.tag == _MAP:
            return self.mapping(node, depth)
        raise _Refused(self._problem("yaml-tag", f"tag {node.tag} is not allowed", node))

    def mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_text(key_node)
            if key is None and key_node.tag == _MERGE:
                raise self._merge(key_node)
            if key is None:
                raise _Refused(self._problem("yaml-syntax", "mapping keys must be plain scalars", key_node))
            if key in result:
                self.problems.append(
                    self._problem("yaml-duplicate-key", f"key '{key}' appears more than once in this mapping", key_node)
                )
                continue
            if isinstance(value_node, yaml.ScalarNode):
                self.check_text(key, value_node)
            result[key] = self.convert(value_node, depth + 1)
        return result

    def check_text(self, key: str, node: yaml.ScalarNode) -> None:
        """Report a multi-line text value that swallowed lines shaped like record structure."""
        first = self.line_index.position(node.start_mark.index)[0]
        last, end_column = self.line_index.position(node.end_mark.index)
        if last == first:
            return
        # 0-based, the lines after the first up to the last; an end at column 1 is the next line's start.
        stop = last - 1 if end_column == 1 else last
        from .swallowed_structure import swallowed

        problem = swallowed(self.lines, key, first - 1, first, stop, self.display)
        if problem is not None and node.style in ("'", '"'):
            # Closing quotes end a quoted text unambiguously (an emitter folding a long note
            # writes such lines): pointed out, never refused.
            hint = "Check that the quotes close where the text ends; if they do, this warning can stay."
            problem = replace(problem, severity="warning", hint=f"{hint} {problem.hint}")
        if problem is not None:
            self.problems.append(problem)
