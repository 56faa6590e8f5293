"""Constrained value types shared by the record models, so every schema enforces one rule."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, Field, Strict, StringConstraints

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# BCP 47 language tag, the common subset: language, optional script, region, variants.
BCP47_PATTERN = (
    r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
SHA256_PATTERN = r"^[0-9a-f]{64}$"
SOURCE_FILE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$"
TIME_PATTERN = r"^(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?$"


def _trimmed(value: str) -> str:
    # Anchored text must start and end on a visible character: a stray space in a
    # hand-written YAML value would otherwise shift every offset silently.
    if value != value.strip():
        raise ValueError("must not start or end with whitespace")
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
QID = Annotated[str, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
Language = Annotated[str, StringConstraints(pattern=BCP47_PATTERN)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", max_length=2048)]
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN)]
SourceFile = Annotated[str, StringConstraints(pattern=SOURCE_FILE_PATTERN, max_length=200)]
LocalTime = Annotated[str, StringConstraints(pattern=TIME_PATTERN)]
UtcOffset = Annotated[str, StringConstraints(pattern=r"^[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]$")]
Verbatim = Annotated[str, StringConstraints(min_length=1, max_length=5000), AfterValidator(_trimmed)]
ReviewMark = Annotated[str, StringConstraints(pattern=r"^\S.*? \| \S.*$", min_length=5, max_length=1000)]
Label = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_trimmed)]
Note = Annotated[str, StringConstraints(min_length=1, max_length=20000), AfterValidator(_trimmed)]
Context = Annotated[str, StringConstraints(min_length=1, max_length=64)]
# Bounded so every value fits the release's int64 columns with room to spare.
MAX_INT = 2**31 - 1
# Strict: YAML or a hand edit must give a real integer; `1.0`, `"1"` and `true` are
# refused rather than coerced (strictness does not show in the JSON Schema).
Offset = Annotated[int, Field(ge=0, le=MAX_INT), Strict()]
Occurrence = Annotated[int, Field(ge=1, le=MAX_INT), Strict()]
Count = Annotated[int, Field(ge=0, le=MAX_INT), Strict()]
Number = Annotated[float, Strict()]
"""A number: an int or a float, never a string or a boolean."""


def no_items() -> Any:
    """A list field's default: a new empty list made per record (a literal `[]` is deep-copied), `[]` in the schema."""
    return Field(default_factory=list, json_schema_extra={"default": []})
