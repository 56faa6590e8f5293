"""The base every record model shares: strict about unknown fields, docstrings as descriptions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """Base for the four record kinds."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_attribute_docstrings=True,
        allow_inf_nan=False,
        str_strip_whitespace=False,
        validate_default=False,
    )
