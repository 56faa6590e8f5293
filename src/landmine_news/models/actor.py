"""Actor: a person, organisation, state, government, legislature, outlet, group or anonymous source."""

from __future__ import annotations

from typing import Self

from pydantic import model_validator

from .base import Record, rule_error
from .constraints import QID, Label, Note, Slug, no_items
from .vocab import ActorKind


class Actor(Record):
    """Someone the articles name, quote or cite. Shared across articles, one file each."""

    id: Slug
    """Stable lowercase slug identifying the actor; also its file name (`dataset/actors/<id>.yaml`)."""

    name: Label
    """Name as the articles most fully give it; for anonymous actors, the description used (`A senior administration official`)."""

    kind: ActorKind
    """What sort of actor this is."""

    aliases: list[Label] = no_items()
    """Other forms of the name used in the articles (`U.S.` for `United States`)."""

    member_of: list[Slug] = no_items()
    """Actor ids of the bodies this actor belongs to or speaks for, only as an article or a cited source states it."""

    member_of_basis: Note | None = None
    """Where `member_of` comes from: the article words that state it (`"A senior administration official"`, scrutiny article) or a cited source; required when `member_of` is not empty."""

    wikidata: QID | None = None
    """Wikidata item id (`Q30`), only where the identification is certain; null otherwise."""

    notes: Note | None = None
    """Free-text curation notes."""

    @model_validator(mode="after")
    def _membership_has_a_basis(self) -> Self:
        if self.member_of and self.member_of_basis is None:
            raise rule_error(
                "member_of",  # located at member_of, the line the curator has to complete
                "member_of is set without member_of_basis",
                "Quote the article words (or cite the source) that state the membership, or remove member_of.",
            )
        return self
