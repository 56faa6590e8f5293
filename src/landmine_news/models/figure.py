"""Figure: a numeric claim, coded with value, bounds, unit and qualifier."""

from __future__ import annotations

from typing import Self

from pydantic import model_validator

from .base import Anchored, order_error
from .constraints import Context, Label, Note, Number, Occurrence, Offset, Slug, Verbatim
from .units import to_si
from .vocab import Qualifier, Unit


class Figure(Anchored):
    """A number the article states or implies (`over 50,000 square miles`, `thousands of troops`)."""

    id: Slug
    """Stable lowercase slug identifying the figure across the whole dataset."""

    article: Slug
    """Id of the article the figure appears in (implied by the enclosing article file when omitted there)."""

    mention: Verbatim
    """The words that state the number, exactly as in the source (`over 50,000 square miles`)."""

    measures: Label
    """What the number measures, in plain words (`area of Ukraine needing mine clearance`)."""

    value: Number | None = None
    """The number as stated; null when the source gives only a vague quantity (`thousands`)."""

    low: Number | None = None
    """Lower bound implied by the wording, per the rule table; null when there is none."""

    high: Number | None = None
    """Upper bound implied by the wording, per the rule table; null when there is none."""

    unit: Unit
    """Unit of `value`, `low` and `high`."""

    qualifier: Qualifier
    """How the source qualifies the number (`over` -> `more_than`)."""

    reported_by: Slug | None = None
    """Actor id of who the article says gave the figure; null when it does not say."""

    occurrence: Occurrence | None = None
    """Which occurrence (1-based) of `mention` in the source is meant; required when it occurs more than once."""

    start: Offset | None = None
    """Start of the mention in the source, in Unicode code points from 0; computed."""

    end: Offset | None = None
    """End of the mention (exclusive), in Unicode code points; computed."""

    prefix: Context | None = None
    """Up to 32 code points of source text just before the mention; computed, null at the start of the source."""

    suffix: Context | None = None
    """Up to 32 code points of source text just after the mention; computed, null at the end of the source."""

    notes: Note | None = None
    """Free-text curation notes, e.g. comparisons the source makes (`an area larger than England`)."""

    @model_validator(mode="after")
    def _bounds_are_ordered(self) -> Self:
        # Each rule names the field to fix (`field` in the error context), so the checks
        # can point at that field's line rather than at the record.
        pairs = (("low", "value", "above"), ("high", "value", "below"), ("low", "high", "above"))
        for name, other, side in pairs:
            a, b = getattr(self, name), getattr(self, other)
            if a is not None and b is not None and (a > b if side == "above" else a < b):
                raise order_error(name, a, other, b, side)
        return self

    @property
    def value_si(self) -> float | None:
        """`value` in the SI unit `unit_si`, as the release's `value_si` column; None without an SI form or a value."""
        return to_si(self.unit, self.value)[1]

    @property
    def unit_si(self) -> str | None:
        """SI unit of `value_si` (`m2`, `m`, `s`); None when the unit has no SI form."""
        return to_si(self.unit, self.value)[0]

    @property
    def si(self) -> tuple[str, float | None] | None:
        """(SI unit, value in it) when the unit converts to SI; None otherwise."""
        name, value = to_si(self.unit, self.value)
        return None if name is None else (name, value)
