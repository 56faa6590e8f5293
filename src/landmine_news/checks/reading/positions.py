"""Where in a YAML file a field path points: line and column, found on demand (parsing keeps
no positions: a file's node tree is composed again only when a problem needs its place)."""

from __future__ import annotations

from functools import cached_property

import yaml

# Re-exported: the per-file checks import these from here.
from .field_paths import YamlPath as YamlPath
from .field_paths import field_path as field_path
from .yaml_reader import LineIndex, key_text
from .yaml_reader import compose as compose_checked


def compose(text: str) -> yaml.Node | None:
    """The node tree of a document, or None when it does not parse (or is refused unread)."""
    node = compose_checked(text.lstrip("\ufeff"), "")
    return node if isinstance(node, yaml.Node) else None


class Positions:
    """Lines and columns in one file's text; the node tree is composed on first use only."""

    def __init__(self, text: str):
        self.text = text.lstrip("\ufeff")

    @cached_property
    def _tree(self) -> tuple[yaml.Node, LineIndex] | None:
        root = compose(self.text)
        return None if root is None else (root, LineIndex(self.text))

    def at(self, path: YamlPath, key: bool = False) -> tuple[int | None, int | None]:
        """1-based (line, column) of the value (or key) at `path`, or (None, None)."""
        if self._tree is None:
            return None, None
        node, lines = self._tree
        mark = node.start_mark
        for i, part in enumerate(path):
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if key_text(k) == str(part):
                        node, mark = v, (k.start_mark if key and i == len(path) - 1 else v.start_mark)
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return lines.position(mark.index)
