"""Parsing a record file's YAML safely into plain values, with every refusal located.

Parsing composes a node tree with libyaml (C) and converts it with a small walker of our
own, which refuses aliases, duplicate keys and unknown tags that PyYAML would accept or
resolve silently. Plain record files take the fast path in `yaml_fast` first. Before
libyaml sees a text, `yaml_guards` refuses characters YAML forbids and nesting deep
enough to crash it; afterwards, `swallowed_structure` looks for text that swallowed structure.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import yaml

from ..report.problems import Problem
from .yaml_fast import Block, parse_fast
from .yaml_guards import MAX_DEPTH, forbidden_character, too_deep
from .yaml_marks import LineIndex, mark_position, syntax_problem

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_MERGE = "tag:yaml.org,2002:merge"
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


def parse(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain Python values, or return the problems that stop it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    blocks: list[Block] = []
    value = None if any(c in text for c in _HELD) else parse_fast(text, blocks)
    if value is None:
        return parse_full(text, display)
    if not blocks:
        return value, []
    from .swallowed_structure import swallowed  # needs the models; only for files with block texts

    lines = text.split("\n")
    found = (swallowed(lines, key, header, header + 1, end, display) for key, header, end in blocks)
    return value, [p for p in found if p is not None]


_HELD = {"\u2028": "\ue028", "\u2029": "\ue029", "\x85": "\ue085"}
"""The line and paragraph separators and NEL, which YAML 1.2 reads as text but libyaml (YAML
1.1) as line breaks, each held as a private-use character of the same length while libyaml
reads the text, so values and every line and column come out as YAML 1.2 has them."""


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
        return None, [refused.problem]
    except RecursionError:
        return None, [Problem("yaml-too-deep", "nesting is too deep", file=display)]
    if value is None and not walker.problems:
        line, column = mark_position(text, root.start_mark)
        return None, [Problem("yaml-empty", "file holds only null", file=display, line=line, column=column)]
    return value, walker.problems


def _anchor_problems(text: str, display: str) -> list[Problem]:
    # Only reached when '&' or '*' appears at all, so the token scan costs nothing usually.
    found = []
    try:
        for token in yaml.scan(text, Loader=LOADER):
            if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
                what = "anchor" if isinstance(token, yaml.AnchorToken) else "alias"
                line, column = mark_position(text, token.start_mark)
                message = f"YAML {what} '{token.value}' is not allowed"
                found.append(Problem("yaml-alias", message, file=display, line=line, column=column))
    except yaml.YAMLError:
        pass  # the document composed, so scanning cannot fail in practice
    return found


def key_text(node: yaml.Node) -> str | None:
    """A mapping key as written (`~`, `yes`, `2024-01-01` stay text), or None if not a plain scalar."""
    if isinstance(node, yaml.ScalarNode) and (node.tag == _STR or node.tag in _PLAIN_SCALARS):
        return str(node.value)
    return None


class _Walker:
    """Turns a composed node tree into dicts, lists and scalars, refusing what is unsafe."""

    def __init__(self, display: str, text: str):
        self.display = display
        self.text = text
        self.lines: list[str] | None = None
        self.line_index: LineIndex | None = None
        self.problems: list[Problem] = []
        self.constructor = yaml.constructor.SafeConstructor()  # only its scalar constructors are used
        self.seen: set[int] = set()

    def _position(self, index: int) -> tuple[int, int]:
        # One index of the text's line breaks for every place asked: many problems in a large
        # file cost time linear in the file.
        if self.line_index is None:
            self.line_index = LineIndex(self.text)
        return self.line_index.position(index)

    def _problem(self, code: str, message: str, node: yaml.Node, hint: str | None = None) -> Problem:
        line, column = self._position(node.start_mark.index)
        return Problem(code, message, file=self.display, line=line, column=column, hint=hint)

    def _merge(self, node: yaml.Node) -> _Refused:
        # A plain `<<` is YAML 1.1's merge key: nobody wrote a tag, so say what it is.
        message = "`<<` is a YAML merge key, which records do not use"
        hint = "Write the fields out in full; if `<<` is meant as text, quote it ('<<')."
        return _Refused(self._problem("yaml-tag", message, node, hint))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag in _PLAIN_SCALARS:
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
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise _Refused(self._problem("yaml-tag", f"tag {node.tag} is not allowed", node))
            return [self.convert(item, depth + 1) for item in node.value]
        if not isinstance(node, yaml.MappingNode) or node.tag != _MAP:
            raise _Refused(self._problem("yaml-tag", f"tag {node.tag} is not allowed", node))
        return self.mapping(node, depth)

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
        if self.line_index is None:
            self.line_index = LineIndex(self.text)
        (first, _), (last, end_column) = (
            self.line_index.position(node.start_mark.index),
            self.line_index.position(node.end_mark.index),
        )
        if last == first:
            return
        if self.lines is None:
            self.lines = self.text.split("\n")
        # 0-based, the lines after the first up to the last; an end at column 1 is the next line's start.
        stop = last - 1 if end_column == 1 else last
        from .swallowed_structure import swallowed

        problem = swallowed(self.lines, key, first - 1, first, stop, self.display)
        if problem is not None and node.style in ("'", '"'):
            # Closing quotation marks end a quoted text unambiguously: a line in it shaped like a
            # field is valid YAML (an emitter folding a long note writes such lines), so it is
            # pointed out, never refused.
            hint = "Check that the quotes close where the text ends; if they do, this warning can stay."
            problem = replace(problem, severity="warning", hint=f"{hint} {problem.hint}")
        if problem is not None:
            self.problems.append(problem)
