"""Statement: one utterance of a speaker, as the quotes report it across articles (schema 2.1);
derived by the release (`models.lineage`), never curated."""

from __future__ import annotations

import datetime as dt

from .base import Record
from .constraints import Label, Slug, Url, Verbatim


class Statement(Record):
    """One utterance reported by one or more quotes, with its first publication as the dataset knows it."""

    id: Slug
    """The statement id the quotes name (`statement`), or reach by relaying a quote that names it."""

    speaker: Slug
    """Actor id of who made the statement; every quote of it has this speaker."""

    first_publisher: Label | None = None
    """Who first published the words, as a quote of the statement records it; null when none records a first publication."""

    first_words: Verbatim | None = None
    """The words as first published, as its quotes record them: each records the part it renders, and parts that no other holds are joined with ` … `. The verdict of every quote without first words of its own is computed against the part it renders best."""

    first_url: Url | None = None
    """Address of the first publication; null when not recorded."""

    first_date: dt.date | None = None
    """Date of the first publication; null when not recorded."""

    first_quote: Slug | None = None
    """Id of the quote that is the first publication, when the dataset holds it (its article is at `first_url`); with no first publication recorded, of the earliest quote the dataset holds (no quote is compared with it: a report is not what was said)."""

    quotes: list[Slug]
    """Ids of every quote that reports the statement, in order of publication: each after the quote it relays, otherwise by its article's date (undated last)."""
