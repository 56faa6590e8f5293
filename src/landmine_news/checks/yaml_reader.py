"""Parsing a record file's YAML safely into plain values, with every refusal located.

Parsing composes a node tree with libyaml (C) and converts it with a small walker of our
own, which refuses aliases, duplicate keys and unknown tags that PyYAML would accept or
resolve silently. Plain record files take the fast path in `yaml_fast` first.
"""

from __future__ import annotations

from typing import Any

import yaml

from .problems import Problem
from .yaml_fast import parse_fast

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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


def parse(text: str, display: str) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain Python values, or return the problems that stop it."""
    if text.startswith("\ufeff"):
        text = text[1:]
    value = parse_fast(text)
    if value is not None:
        return value, []
    return parse_full(text, display)


def parse_full(text: str, display: str) -> tuple[Any, list[Problem]]:
    """`parse` through libyaml: all of YAML, every problem located."""
    try:
        root = yaml.compose(text, Loader=LOADER)
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
        for token in yaml.scan(text, Loader=LOADER):
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

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag in _PLAIN_SCALARS:
            try:
                return self.constructor.construct_object(node)
            except (yaml.YAMLError, ValueError, OverflowError) as exc:
                raise _Refused(self._problem("yaml-syntax", f"cannot read scalar: {exc}", node)) from None
        raise _Refused(self._problem("yaml-tag", f"tag {tag} is not allowed", node))

    def convert(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
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
