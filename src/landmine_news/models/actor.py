"""Actor: a person, organisation, state, government, legislature, outlet, group or anonymous source."""

from __future__ import annotations

from .base import Record
from .constraints import QID, Label, Note, Slug
from .vocab import ActorKind


class Actor(Record):
    """Someone the articles name, quote or cite. Shared across articles, one file each."""

    id: Slug
    """Stable lowercase slug identifying the actor; also its file name (`dataset/actors/<id>.yaml`)."""

    name: Label
    """Name as the articles most fully give it; for anonymous actors, the description used (`A senior administration official`)."""

    kind: ActorKind
    """What sort of actor this is."""

    aliases: list[Label] = []
    """Other forms of the name used in the articles (`U.S.` for `United States`)."""

    role: Label | None = None
    """Role or title as the articles describe it (`advocacy director for Human Rights Watch's arms division`)."""

    member_of: list[Slug] = []
    """Actor ids of the bodies this actor belongs to or speaks for."""

    wikidata: QID | None = None
    """Wikidata item id (`Q30`), only where the identification is certain; null otherwise."""

    notes: Note | None = None
    """Free-text curation notes."""
