"""Where in a YAML file a field path points: line and column, found on demand.

Positions are not kept for every value while parsing (that costs time on large
datasets); a file's node tree is composed again only when a problem needs its place.
Lines are counted by LF only (`yaml_marks`), as editors and GitHub count them.
"""

from __future__ import annotations

from typing import Any

import yaml

# Re-exported: the per-file checks import these from here.
from .field_paths import YamlPath as YamlPath
from .field_paths import field_path as field_path
from .yaml_marks import LineIndex, mark_position
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
        self._lines: LineIndex | None = None

    def at(self, path: YamlPath, key: bool = False) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value (or key) at `path`, or (None, None)."""
        if not self._composed:
            self._root, self._composed = compose(self.text), True
            self._lines = LineIndex(self.text) if self._root is not None else None
        if self._root is None or self._lines is None:
            return None, None
        return self._lines.position(_find_mark(self._root, path, key).index)
