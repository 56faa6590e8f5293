"""Quote: who said what, verbatim, in which article, and how the page attributes it."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Self

from pydantic import Field, model_validator

from .base import Anchored, rule_error
from .constraints import Context, Label, Note, Occurrence, Offset, Slug, Url, Verbatim, no_items
from .fidelity import WORDED, normalise, rendering
from .vocab import Attribution, Fidelity, QuoteKind, Stance

_FIRST = ("first_url", "first_date", "seen_at")
"""What is known of the first publication besides who made it and its words (each optional)."""


class Quote(Anchored):
    """A direct quotation, an attributed indirect statement, or a reported reaction, anchored to its exact span in the source."""

    id: Slug
    """Stable lowercase slug identifying the quote across the whole dataset."""

    article: Slug
    """Id of the article the quote appears in (implied by the enclosing article file when omitted there)."""

    speaker: Slug
    """Actor id of who the article says made the statement (anonymous speakers are actors too)."""

    co_speakers: list[Slug] = no_items()
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

    statement: Slug | None = None
    """Id of the utterance this record reports, shared by every record in the dataset that reports the same words of the same speaker, in any article (schema 2.1); required with a first publication. In the release, a relay that names none carries the statement of the quote it relays."""

    relays: Slug | None = None
    """Id of a quote in another article of the dataset whose reporting this record passes on (`as quoted by Politico`); same speaker, same statement (schema 2.1)."""

    first_publisher: Label | None = None
    """Who first published the speaker's words, by name: the speaker (`Human Rights Watch`, for its own statement) or the outlet that interviewed them (`Politico`) (schema 2.1); null when not found or not checked."""

    first_words: Verbatim | None = None
    """The speaker's words as that first publication prints them: only the quoted words, the part this record renders; set with `first_publisher`."""

    first_url: Url | None = None
    """Address of the first publication; null when the curator could not see it (the words were then read in a copy, `seen_at`)."""

    first_date: dt.date | None = None
    """Date the first publication prints; null when not seen (an inferred date goes in `notes`)."""

    seen_at: Url | None = None
    """Where the curator read `first_words` when not at `first_url` itself: a full copy or an archive."""

    searched: list[Label] = no_items()
    """Where the curator looked for the first publication (addresses, archives, search phrasings), so a reader can repeat it; required for `not_found`."""

    checked_on: dt.date | None = None
    """When the curator looked; required with `first_url` or `searched`."""

    fidelity: Fidelity | None = None
    """How faithfully `text` renders the first publication's words: `verbatim`, `trimmed` or `altered` are computed from the two wordings (the quote's own first words, or its statement's; a curator's verdict must agree), `paraphrase` (an indirect rendering), `not_found` or `unchecked` are judged. With nothing to compare with it is `not_found` when a quote of the statement was looked for in vain, else `unchecked`."""

    fidelity_changes: list[str] = no_items()
    """Each change as `first words → printed words` (`∅` for nothing), in order, when the wordings differ other than by trimming (words folded as compared: lower case, typography dropped); computed."""

    edit_ratio: Annotated[float, Field(ge=0, le=1)] | None = None
    """Share of the words not kept in order between `text` and the stretch of the first words it renders (0: none changed); computed from the quote's `first_words`, or its statement's; null with neither."""

    @model_validator(mode="before")
    @classmethod
    def _fidelity_computed(cls, data: Any) -> Any:
        # The verdict, changes and ratio follow from the two wordings, so they are computed
        # here, where every way of making a quote passes: YAML, the API and release rows.
        if not isinstance(data, dict):
            return data
        text, words, typed = data.get("text"), data.get("first_words"), data.get("fidelity")
        if isinstance(text, str) and isinstance(words, str) and words.strip():
            found = rendering(text, words, data.get("kind") in (None, "direct", QuoteKind.direct))
            data = {**data, "fidelity_changes": list(found.changes), "edit_ratio": found.edit_ratio}
            if typed is None:
                data["fidelity"] = found.verdict
        elif typed is None and not data.get("statement") and not data.get("relays"):
            data = {**data, "fidelity": Fidelity.unchecked.value}
        return data

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
        if self.relays is not None and self.relays == self.id:
            raise rule_error(
                "relays", "relays names the quote itself", "Give the id of the quote, in another article, this one passes on."
            )
        return self

    @model_validator(mode="after")
    def _provenance_is_complete(self) -> Self:
        words, publisher = self.first_words is not None, self.first_publisher is not None
        if words != publisher or (not words and any(getattr(self, name) is not None for name in _FIRST)):
            missing = "first_publisher" if words else "first_words"
            # At a field that is there, when the missing one is not: that is the line to complete.
            given = next((n for n in ("first_words", "first_publisher", *_FIRST) if getattr(self, n) is not None), missing)
            raise rule_error(
                given,
                f"a first publication is recorded without {missing}",
                "Record a first publication by who made it (first_publisher) and its words (first_words, only the quoted"
                " words), with first_url and first_date when seen.",
            )
        if words and self.statement is None and self.relays is None:
            raise rule_error(
                "statement",
                "a first publication is recorded without a statement id",
                "Name the utterance (`statement: <speaker>-<topic>`), so that relays in other articles can point to it.",
            )
        if words and not normalise(self.first_words or ""):
            raise rule_error(
                "first_words", "first_words holds no word", "Copy the speaker's words as the first publication prints them."
            )
        if self.kind is QuoteKind.reaction and (words or self.statement or self.relays or self.searched):
            field = "first_words" if words else "statement" if self.statement else "relays" if self.relays else "searched"
            raise rule_error(
                field,
                "a reaction reports no words, so it has no first publication and joins no statement",
                "Check the provenance of the statement that carries the reaction's content (its `part_of` clause), not of the reaction.",
            )
        if self.kind is QuoteKind.reaction and self.fidelity not in (None, Fidelity.unchecked):
            raise rule_error("fidelity", "a reaction reports no words, so it has no fidelity to them", "Leave fidelity out.")
        if self.first_date is not None and self.checked_on is not None and self.checked_on < self.first_date:
            raise rule_error(
                "checked_on", "checked_on is before first_date", "Give the day you looked, on or after the first publication."
            )
        if (words or self.searched) and self.checked_on is None:
            raise rule_error("checked_on", "the search has no date", "Give `checked_on: YYYY-MM-DD`, the day you looked.")
        verdict = self.fidelity
        if verdict is Fidelity.not_found and (words or not self.searched):
            field, hint = (
                ("first_words", "Remove the first publication, or give the verdict its words support.")
                if words
                else (
                    "searched",
                    "List where you looked in `searched` (addresses, archives, phrasings): `not_found` says a search failed.",
                )
            )
            found = "a first publication is recorded" if words else "no search is listed"
            raise rule_error(field, f"fidelity is not_found but {found}", hint)
        if verdict is Fidelity.unchecked and self.searched:
            raise rule_error(
                "fidelity",
                "fidelity is unchecked but a search is listed",
                "Give the search's verdict: `not_found`, or the first publication with its words.",
            )
        if verdict is not None and verdict.value in WORDED and not words and self.statement is None and self.relays is None:
            raise rule_error(
                "first_words",
                f"fidelity is {verdict.value} but there are no first words to compare with",
                "Record the first publication (first_publisher and first_words), or link a statement that has it.",
            )
        return self
