"""Small Markdown helpers shared by the generated documents (codebook, diff, stats)."""

from __future__ import annotations

import re
from typing import Any


def table_cell(text: Any) -> str:
    # A cell is one line, and `|` would end it early (GitHub tables honour `\|`, even in code).
    return " ".join(str(text).split()).replace("|", "\\|")


def code_span(text: Any) -> str:
    """`text` as a Markdown inline code span, fenced with more backticks than it contains in a row."""
    s = str(text)
    fence = "`" * (max(map(len, re.findall("`+", s)), default=0) + 1)
    pad = " " if s.startswith("`") or s.endswith("`") else ""
    return f"{fence}{pad}{s}{pad}{fence}"
