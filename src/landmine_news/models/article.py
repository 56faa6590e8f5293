"""Article: one collected news page, with the facts about it that the page itself shows."""

from __future__ import annotations

import datetime as dt

from .base import Record
from .constraints import (
    Count,
    Label,
    Language,
    LocalTime,
    Note,
    ReviewMark,
    Sha256,
    Slug,
    SourceFile,
    Url,
    UtcOffset,
    no_items,
)


class Article(Record):
    """A news article as collected. Unknown facts stay null; nothing is inferred from outside the page."""

    id: Slug
    """Stable lowercase slug identifying the article; also its file name (`dataset/articles/<id>.yaml`)."""

    title: Label | None = None
    """Headline exactly as printed on the page; null when the page shows none."""

    published_date: dt.date | None = None
    """Publication date as printed on the page (ISO 8601); null when the page shows none."""

    published_time: LocalTime | None = None
    """Publication time as printed (24-hour HH:MM), in the page's unstated local time; null when not shown."""

    utc_offset: UtcOffset | None = None
    """UTC offset of `published_time` (e.g. `-05:00`); null when the page does not state a time zone."""

    publisher: Slug | None = None
    """Actor id of the outlet that published the page; null when the page does not name it."""

    url: Url | None = None
    """Address the page was collected from; null when it was not recorded."""

    language: Language
    """BCP 47 language tag of the text (e.g. `en`)."""

    source_file: SourceFile
    """File name of the verbatim source text under `dataset/sources/`."""

    sha256: Sha256
    """SHA-256 of the source file's bytes, lowercase hex; the source is never edited once recorded."""

    length: Count | None = None
    """Length of the source text in Unicode code points; computed (checked when written by hand)."""

    reading_time_minutes: Count | None = None
    """Reading time the page itself advertises (e.g. `2 minutes read`); null when not shown."""

    image_caption: Label | None = None
    """Caption of the page's lead image, verbatim, without its credit line; null when there is none."""

    image_credit: Label | None = None
    """Credit line of the lead image, verbatim (photographer / agencies); null when there is none."""

    image_credited_to: list[Slug] = no_items()
    """Actor ids of the photographer and agencies named in `image_credit`, in the order given."""

    section_headings: list[Label] = no_items()
    """Section headings printed in the body, in order of appearance."""

    attributed_to: list[Slug] = no_items()
    """Actor ids of outlets whose reporting the article says it relays (e.g. `According to Politico`)."""

    mentions: list[Slug] = no_items()
    """Actor ids named in the article who neither speak in a quote nor report a figure."""

    notes: Note | None = None
    """Free-text curation notes: page furniture, ambiguities, and what was left out and why."""

    record_prefix: Slug | None = None
    """Short prefix for the ids of this article's quotes, figures and article-scoped actors (`scrutiny` gives `scrutiny-q01`); null: the article id."""

    coverage_reviewed: list[ReviewMark] = no_items()
    """Coverage findings a curator reviewed and left unrecorded, each `"<text> | <reason>"` or `"<text> #<occurrence> | <reason>"` (`"2 minutes read | page furniture"`); without an occurrence every occurrence of the text is reviewed."""
