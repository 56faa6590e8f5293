"""Positions as editors count them, and libyaml's syntax errors as located problems.

libyaml counts CR, U+0085, U+2028 and U+2029 as line breaks; editors and GitHub count
only LF. A mark's character index is exact, so every position is recomputed from it:
lines counted by LF, columns in code points, clamped to the file's last line.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

import yaml

from ..report.escaping import printable
from ..report.problems import Problem

Position = tuple[int, int]


def line_col(text: str, index: int) -> Position:
    """1-based (line, column) of character `index` of `text`, lines counted by LF only.

    An index at the very end of a text that ends with a line break is put at the end of
    the last line, not on a line past it.
    """
    index = max(0, min(index, len(text)))
    if index == len(text) and text.endswith("\n"):
        index -= 1
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


class LineIndex:
    """`line_col` for many places of one text: its line breaks found once, each place by bisection,
    so locating every problem of a large file costs time linear in the file, not in problems times size."""

    def __init__(self, text: str):
        self.length = len(text)
        self.ends_with_break = text.endswith("\n")
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def position(self, index: int) -> Position:
        index = max(0, min(index, self.length))
        if index == self.length and self.ends_with_break:
            index -= 1
        before = bisect.bisect_left(self.breaks, index)  # line breaks before `index`
        line_start = self.breaks[before - 1] + 1 if before else 0
        return before + 1, index - line_start + 1


def mark_position(text: str, mark: Any) -> Position:
    """(line, column) of a libyaml mark in `text`, the text that was parsed."""
    return line_col(text, mark.index)


def _is_indentation_tab(text: str, index: int) -> bool:
    line_start = text.rfind("\n", 0, index) + 1
    return index < len(text) and text[index] == "\t" and not text[line_start:index].strip(" \t")


def syntax_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    """A `yaml-syntax` problem at the error's position, saying where the open construct began."""
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return Problem("yaml-syntax", printable(exc.problem or "invalid YAML"), file=display)
    line, column = mark_position(text, mark)
    if _is_indentation_tab(text, mark.index):
        tab = f"Replace the tab at the start of line {line} with spaces, as many as the lines around it use."
        return Problem(
            "yaml-syntax",
            "tab used for indentation; YAML indents with spaces only",
            file=display,
            line=line,
            column=column,
            hint=tab,
        )
    message, hint = _with_context(exc, text, (line, column))
    return Problem("yaml-syntax", printable(message), file=display, line=line, column=column, hint=hint)


def _with_context(exc: yaml.MarkedYAMLError, text: str, at: Position) -> tuple[str, str | None]:
    """The message, saying where the unfinished construct began, and a hint pointing there."""
    message = exc.problem or "invalid YAML"
    context = exc.context_mark if exc.problem_mark is not None else None
    if not exc.context:
        return message, None
    if context is None or mark_position(text, context) == at:
        return f"{exc.context} {message}", None
    line, column = mark_position(text, context)
    what = exc.context.removeprefix("while ")
    hint = (
        f"Look at line {line}, column {column}, where the unfinished part begins: "
        "a closing quote or bracket may be missing there, or the indentation is off."
    )
    return f"{message} ({what} that began at line {line}, column {column})", hint
