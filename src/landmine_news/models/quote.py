"""Quote: who said what, verbatim, in which article."""

from __future__ import annotations

from .base import Anchored
from .constraints import Context, Label, Note, Occurrence, Offset, Slug, Verbatim
from .vocab import QuoteKind, Stance


class Quote(Anchored):
    """A direct quotation or an attributed indirect statement, anchored to its exact span in the source."""

    id: Slug
    """Stable lowercase slug identifying the quote across the whole dataset."""

    article: Slug
    """Id of the article the quote appears in (implied by the enclosing article file when omitted there)."""

    speaker: Slug
    """Actor id of who the article says made the statement (anonymous speakers are actors too)."""

    co_speakers: list[Slug] = []
    """Further actor ids when the article attributes the statement jointly (`X and Y argue`)."""

    text: Verbatim
    """The quoted or reported words exactly as in the source, character for character."""

    kind: QuoteKind
    """`direct` when the words are reproduced, `indirect` when their content is reported."""

    verb: Label
    """The attribution verb or phrase as written in the source (`stated`, `argue`, `According to`)."""

    stance: Stance | None = None
    """The speaker's stance toward the decision as this statement shows it; null when it does not."""

    occurrence: Occurrence | None = None
    """Which occurrence (1-based) of `text` in the source is meant; required when the text occurs more than once."""

    start: Offset | None = None
    """Start of the span in the source, in Unicode code points from 0 (W3C TextPositionSelector); computed."""

    end: Offset | None = None
    """End of the span (exclusive), in Unicode code points; computed."""

    prefix: Context | None = None
    """Up to 32 code points of source text just before the span (W3C TextQuoteSelector); computed, null at the start of the source."""

    suffix: Context | None = None
    """Up to 32 code points of source text just after the span; computed, null at the end of the source."""

    notes: Note | None = None
    """Free-text curation notes, e.g. how the boundaries of a quote without quotation marks were judged."""
