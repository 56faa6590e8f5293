"""Where in a YAML file a field path points: line and column, found on demand.

Positions are not kept for every value while parsing (that costs time on large
datasets); a file's node tree is composed again only when a problem needs its place.
Lines are counted by LF only (`yaml_marks`), as editors and GitHub count them.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

# Re-exported: the per-file checks import these from here.
from .paths import YamlPath as YamlPath
from .paths import field_path as field_path
from .yaml_marks import mark_position
from .yaml_reader import compose as compose_checked
from .yaml_reader import key_text


def compose(text: str) -> yaml.Node | None:
    """The node tree of a document, or None when it does not parse (or is refused unread)."""
    node = compose_checked(text.lstrip("\ufeff"), "")
    return node if isinstance(node, yaml.Node) else None


def _find_mark(root: yaml.Node, path: tuple[Any, ...], key: bool) -> Any:
    node, mark = root, root.start_mark
    for i, part in enumerate(path):
        last = i == len(path) - 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if key_text(k) == str(part):
                    node, mark = v, (k.start_mark if key and last else v.start_mark)
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark


def locate(root: yaml.Node | None, path: tuple[Any, ...], key: bool = False, text: str | None = None) -> tuple[int, int] | None:
    """1-based (line, column) of the value at `path` (or of its key), else of its nearest parent.

    Give the parsed `text` to count lines by LF only; without it, libyaml's own count is used.
    """
    if root is None:
        return None
    mark = _find_mark(root, path, key)
    return mark_position(text, mark) if text is not None else (mark.line + 1, mark.column + 1)


class Positions:
    """Lines and columns in one file's text; the node tree is composed on first use only."""

    def __init__(self, text: str):
        self.text = text.lstrip("\ufeff")
        self._root: yaml.Node | None = None
        self._composed = False

    def top_level(self, key: str, value: str) -> tuple[int | None, int | None]:
        """(line, column) of the top-level `key: value` written on one line, as `at((key,))` gives it.

        Found by a scan of the lines when exactly one line at column 1 is `key:` followed by
        this value (plain, or quoted as JSON or in single quotes): composing a whole node
        tree to place one top-level key cost more than every other check of a file.
        Anything less certain falls back to `at`.
        """
        found = list(re.finditer(rf"^{re.escape(key)}:(?:[ ]+(\S.*?))?[ ]*$", self.text, re.MULTILINE))
        if len(found) == 1 and found[0].group(1) in (value, json.dumps(value), f"'{value}'"):
            m = found[0]
            return self.text.count("\n", 0, m.start()) + 1, m.start(1) - m.start() + 1
        return self.at((key,))

    def at(self, path: YamlPath, key: bool = False) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value (or key) at `path`, or (None, None)."""
        if not self._composed:
            self._root, self._composed = compose(self.text), True
        return locate(self._root, path, key, self.text) or (None, None)
