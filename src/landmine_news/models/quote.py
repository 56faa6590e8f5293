"""Quote: who said what, verbatim, in which article, and how the page attributes it."""

from __future__ import annotations

from typing import Self

from pydantic import model_validator

from .base import Anchored, rule_error
from .constraints import Context, Label, Note, Occurrence, Offset, Slug, Verbatim
from .vocab import Attribution, QuoteKind, Stance


class Quote(Anchored):
    """A direct quotation, an attributed indirect statement, or a reported reaction, anchored to its exact span in the source."""

    id: Slug
    """Stable lowercase slug identifying the quote across the whole dataset."""

    article: Slug
    """Id of the article the quote appears in (implied by the enclosing article file when omitted there)."""

    speaker: Slug
    """Actor id of who the article says made the statement (anonymous speakers are actors too)."""

    co_speakers: list[Slug] = []
    """Further actor ids when the article attributes the statement jointly (`X and Y argue`)."""

    speaker_label: Verbatim | None = None
    """The words that name or describe the speaker in this article, as printed (`Mary Wareham, advocacy director for Human Rights Watch's arms division`); for a pronoun, its antecedent. Anchored to the nearest occurrence before the text (else after it); null when the page names no one."""

    kind: QuoteKind
    """`direct` (words reproduced), `indirect` (content reported) or `reaction` (a reaction reported without its content)."""

    text: Verbatim
    """The quoted words, the reported content, or the reaction's words, exactly as in the source, character for character."""

    verb: Label | None = None
    """The reporting verb or phrase exactly as written (`stated`, `argue`, `raising concerns about`, `According to`), without subject or auxiliaries; anchored in the text's sentence. Null only when the page has none."""

    attribution: Attribution
    """How the page ties the statement to the speaker: `explicit`, `anaphoric` (a pronoun or back-reference) or `inferred` (no reporting verb; the curator's inference)."""

    via: Slug | None = None
    """Actor id of the outlet or body whose reporting relays the statement (`According to Politico, ...`); null when the page relays it through no one."""

    part_of: Slug | None = None
    """Id of the first clause of the same utterance when one utterance is split into several records (participle clauses); count utterances by records whose `part_of` is null."""

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

    verb_start: Offset | None = None
    """Start of `verb` in the source, in code points; computed."""

    verb_end: Offset | None = None
    """End of `verb` (exclusive); computed."""

    speaker_label_start: Offset | None = None
    """Start of `speaker_label` in the source, in code points; computed."""

    speaker_label_end: Offset | None = None
    """End of `speaker_label` (exclusive); computed."""

    notes: Note | None = None
    """Free-text curation notes, e.g. how the boundaries of a quote without quotation marks were judged."""

    @model_validator(mode="after")
    def _attribution_has_its_verb(self) -> Self:
        if self.verb is None and self.attribution is not Attribution.inferred:
            raise rule_error(
                "attribution",
                f"attribution is {self.attribution.value} but the quote has no verb",
                "A statement without a reporting verb on the page is `attribution: inferred`; otherwise copy the verb into `verb`.",
            )
        if self.part_of is not None and self.part_of == self.id:
            raise rule_error(
                "part_of", "part_of names the quote itself", "Give the id of the utterance's first clause, or leave part_of out."
            )
        return self
