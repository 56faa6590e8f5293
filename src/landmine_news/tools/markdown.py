"""Markdown helpers for generated documents; they live in the release stage, which generates documents too."""

from ..release.markdown import code_span, table_cell

__all__ = ["code_span", "table_cell"]
