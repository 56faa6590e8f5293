"""What `suggest` hands back: candidate records, what it skipped and why, and the rest of a draft."""

from __future__ import annotations

from dataclasses import dataclass, field

from .speakers import NewActor


@dataclass
class Skipped:
    """A finding `suggest` made no candidate for, and why."""

    cue: str
    line: int
    column: int
    reason: str


@dataclass
class Suggestion:
    """One candidate record: `quote` or `figure`, its anchored text and its fields."""

    kind: str
    text: str
    occurrence: int | None
    fields: dict[str, object] = field(default_factory=dict)
    part_of: int | None = None
    """For a quote that continues another: that quote's index among the suggestions."""


@dataclass
class Draft:
    """Everything `suggest` proposes for one article."""

    suggestions: list[Suggestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    actors: list[NewActor] = field(default_factory=list)
    """Actors to create: subjects of statements that name no actor."""
    mentions: list[str] = field(default_factory=list)
    """Actors the text names that the article does not reference yet."""
    article_fields: dict[str, str] = field(default_factory=dict)
    """Date fields from a printed date line, for fields still null."""
    article_notes: list[str] = field(default_factory=list)
