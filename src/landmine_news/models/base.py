"""The base every record model shares: strict about unknown fields, docstrings as descriptions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from pydantic import BaseModel, ConfigDict, model_validator
from pydantic_core import PydanticCustomError

ORDER_ERROR = "order"
"""Error type of a broken rule between two fields; its context names the field to fix."""


def _shown(value: float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def order_error(name: str, value: float, other: str, other_value: float, side: str) -> PydanticCustomError:
    """`low 6000 is above value 5000`: the error for two fields in the wrong order."""
    message = f"{name} {_shown(value)} is {side} {other} {_shown(other_value)}"
    return PydanticCustomError(ORDER_ERROR, message, {"field": name, "other": other})


RULE_ERROR = "rule"
"""Error type of a broken rule of one record; its context names the field to fix and a hint."""


def rule_error(name: str, message: str, hint: str) -> PydanticCustomError:
    """An error the checks locate at field `name`, with `hint` for the contributor."""
    return PydanticCustomError(RULE_ERROR, message, {"field": name, "hint": hint})


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

    if TYPE_CHECKING:  # declared by each kind (with its constraints); here for the type checker
        id: str

    def __hash__(self) -> int:
        # Frozen, so hashable; list fields are hashed as tuples (the fields stay lists, so the
        # JSON Schema of released versions does not change).
        return hash((type(self), tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in self.__dict__.items())))


class Anchored(Record):
    """A record anchored to a span of its article's source (quotes and figures).

    The span fields (`occurrence`, `start`, `end`, `prefix`, `suffix`) are declared by
    each subclass, not here: pydantic orders inherited fields first, and the released
    1.0.0 column order puts them after the record's own fields. The rule that binds them
    is shared, and lives here once.
    """

    if TYPE_CHECKING:  # see above: declared by each subclass, in its released column order
        start: int | None
        end: int | None

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Self:
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise order_error("end", self.end, "start", self.start, "not after")
        return self
