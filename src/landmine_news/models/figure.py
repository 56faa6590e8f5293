"""Figure: a numeric claim, coded with value, bounds, unit and qualifier."""

from __future__ import annotations

from typing import Self

from pydantic import model_validator

from .base import Anchored, order_error, rule_error
from .constraints import Context, Label, Note, Number, Occurrence, Offset, Slug, Verbatim
from .units import to_si
from .vocab import Qualifier, Unit, Verdict

# The inclusivity each qualifier fixes: (low_inclusive, high_inclusive); None: not fixed.
QUALIFIER_INCLUSIVITY: dict[Qualifier, tuple[bool | None, bool | None]] = {
    Qualifier.exact: (True, True),
    Qualifier.more_than: (False, None),
    Qualifier.at_least: (True, None),
    Qualifier.less_than: (None, False),
    Qualifier.nearly: (None, False),
    Qualifier.at_most: (None, True),
    Qualifier.between: (True, True),
}
SHARES = frozenset({Unit.proportion, Unit.percent})


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
    """Lower bound the wording entails, per the rule table; null when there is none."""

    low_inclusive: bool | None = None
    """Whether `low` itself is included (`at least 5`: true; `over 5`: false); null exactly when `low` is."""

    high: Number | None = None
    """Upper bound the wording entails, per the rule table; null when there is none."""

    high_inclusive: bool | None = None
    """Whether `high` itself is included (`up to 5`: true; `nearly 5`: false); null exactly when `high` is."""

    point: Number | None = None
    """Conservative point value in ACLED's manner, per the rule table (`dozens` 12, `hundreds` 100, `over 50` 50), so counts compare with ACLED; null where the wording implies none (`many`, `most`)."""

    unit: Unit
    """Unit of `value`, `low`, `high` and `point`."""

    base: Label | None = None
    """For a `proportion` or `percent`: what the share is of, in plain words (`Western allies`); required for those units, null otherwise."""

    qualifier: Qualifier
    """How the source qualifies the number (`over` -> `more_than`), per the rule table."""

    reported_by: Slug | None = None
    """Actor id of who the article says gave the figure; null when it does not say."""

    quote: Slug | None = None
    """Id of the quote whose span contains this figure's (a number inside a statement); null for a number in narration."""

    check_verdict: Verdict | None = None
    """Result of checking the claim against a source of record; null when it was not checked."""

    check_reference: Label | None = None
    """What the source of record says, in plain words (`133 signatories, 164 States Parties`); set with `check_verdict`."""

    check_reference_value: Number | None = None
    """The source of record's number for what `measures` describes, in `unit`; null when it gives none."""

    check_source: Label | None = None
    """The source of record, cited so a reader can find it (`United Nations Treaty Collection, chapter XXVI.5, as of 2024`); set with `check_verdict`."""

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

    @model_validator(mode="after")
    def _inclusivity_agrees(self) -> Self:
        fixed = QUALIFIER_INCLUSIVITY.get(self.qualifier, (None, None))
        for side, bound, inclusive, wanted in (
            ("low", self.low, self.low_inclusive, fixed[0]),
            ("high", self.high, self.high_inclusive, fixed[1]),
        ):
            name = f"{side}_inclusive"
            if (bound is None) != (inclusive is None):
                state = "set" if inclusive is not None else "missing"
                raise rule_error(
                    name,
                    f"{name} is {state} but {side} is {'null' if bound is None else bound}",
                    f"Give {name} (true or false) exactly when {side} is given.",
                )
            if inclusive is not None and wanted is not None and inclusive != wanted:
                raise rule_error(
                    name,
                    f"{name} is {str(inclusive).lower()} but qualifier {self.qualifier.value} makes {side} "
                    f"{'inclusive' if wanted else 'exclusive'}",
                    f"Write {name}: {str(wanted).lower()} (see the rule table in CONTRIBUTING.md).",
                )
        return self

    @model_validator(mode="after")
    def _shares_and_checks(self) -> Self:
        if (self.unit in SHARES) != (self.base is not None):
            raise rule_error(
                "base",
                f"base is {'missing' if self.base is None else 'set'} for unit {self.unit.value}",
                "A proportion or percent says what it is a share of (`base`); other units have no base.",
            )
        if (self.check_verdict is None) != (self.check_source is None):
            raise rule_error(
                "check_source",
                "a claim check needs both check_verdict and check_source",
                "Cite the source of record in check_source with the verdict, or leave both out.",
            )
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
