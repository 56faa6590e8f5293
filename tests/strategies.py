"""Hypothesis strategies for valid records and whole valid datasets."""

from __future__ import annotations

import hashlib

from hypothesis import strategies as st

from landmine_news import Actor, Article, Figure, Quote
from landmine_news.checks.anchoring.attribution import anchor_verb, attribution_unit
from landmine_news.checks.anchoring.spans import cut_at, occurrences, span_at
from landmine_news.checks.rules.record_values import (
    CONTROL,
    FORMULA_START,
    MAX_MAGNITUDE,
    NON_NEGATIVE,
    QUOTATION_MARKS,
    unbalanced_marks,
)
from landmine_news.models import Dataset
from landmine_news.models.figure import SHARES
from landmine_news.models.figure_rules import match
from landmine_news.models.lookup import normal_name
from landmine_news.models.vocab import ActorKind, Attribution, Qualifier, QuoteKind, Stance, Unit

# Number wordings woven into generated sources, so figures can be coded by the rule table.
NUMBER_PHRASES = [
    "over 50 mines",
    "thousands of troops",
    "12",
    "most allies",
    "nearly 7",
    "between 3 and 9",
    "45% of fields",
    "a few",
    "decades",
    "at least 2.5",
    "dozens",
]

slugs = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,6}){0,2}", fullmatch=True)
# Any Unicode but surrogates and NUL: accents, emoji, right-to-left, combining marks, line
# and paragraph separators all have to survive every format.
chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
# What a curator writes holds no invisible controls (value-control-character); the source
# texts, and the quotes and mentions anchored in them, may.
written = chars.filter(lambda c: not CONTROL.match(c))
# Nor does it look like a spreadsheet formula (value-formula-like).
labels = st.text(written, min_size=1, max_size=30).filter(lambda s: s == s.strip() and not s.startswith(FORMULA_START))
notes = st.none() | labels
names = labels
finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE)


def _range(unit: Unit) -> tuple[float, float]:
    # What value-out-of-range accepts for each unit (percent as a share).
    if unit is Unit.proportion:
        return 0.0, 1.0
    if unit is Unit.percent:
        return 0.0, 100.0
    return (0.0 if unit in NON_NEGATIVE else -MAX_MAGNITUDE), MAX_MAGNITUDE


@st.composite
def bounded_numbers(draw, unit: Unit = Unit.other):
    lo, hi = _range(unit)
    values = sorted(draw(st.lists(st.floats(lo, hi), min_size=3, max_size=3)))
    low, value, high = values
    return (
        draw(st.sampled_from([low, None])),
        draw(st.sampled_from([value, None])),
        draw(st.sampled_from([high, None])),
    )


@st.composite
def actors(draw, ids):
    all_names = [draw(names) for _ in ids]
    return [
        Actor(
            id=i,
            name=all_names[n],
            kind=draw(st.sampled_from(ActorKind)),
            # Each alias names the actor otherwise than its name and the other aliases (alias-redundant).
            aliases=[
                a for a in draw(st.lists(names, max_size=2, unique_by=normal_name)) if normal_name(a) != normal_name(all_names[n])
            ],
            # Only actors later in the list: member_of never cycles (member-of-cycle); a
            # membership always comes with its basis, which names the bodies (member-basis-unnamed).
            member_of=(members := draw(st.lists(st.sampled_from(ids[n + 1 :]), max_size=2)) if ids[n + 1 :] else []),
            member_of_basis=f"{draw(labels)}: {' / '.join(all_names[ids.index(m)] for m in members)}" if members else None,
            wikidata=draw(st.none() | st.from_regex(r"Q[1-9][0-9]{0,8}", fullmatch=True)),
            notes=draw(notes),
        )
        for n, i in enumerate(ids)
    ]


def _anchored(draw, source: str):
    """A trimmed, non-empty piece of `source`, its occurrence and its span."""
    start = draw(st.integers(0, len(source) - 1))
    end = draw(st.integers(start + 1, min(len(source), start + 40)))
    piece = source[start:end].strip()
    if not piece:
        return None
    # Spans never cut a character (text-splits-character); such occurrences do not count.
    starts = [s for s in occurrences(source, piece) if cut_at(source, s, s + len(piece)) is None]
    if source.index(piece, start) not in starts:
        return None
    occ = starts.index(source.index(piece, start)) + 1
    return piece, span_at(source, starts[occ - 1], len(piece), occ)


def _attribution(draw, source: str, start: int, end: int) -> dict:
    """A verb the checks accept (the last word before the text in its sentence), or none."""
    lo, _ = attribution_unit(source, start, end)
    words = source[lo:start].split()
    # A verb holds no quotation mark (quote-edge-marks): the marks delimit the quote.
    if words and not any(m in words[-1] for m in QUOTATION_MARKS) and draw(st.booleans()):
        verb = words[-1]
        span = anchor_verb({"verb": verb}, source, start, end)
        assert isinstance(span, tuple), span  # the last word before the text is in its sentence
        attribution = draw(st.sampled_from([Attribution.explicit, Attribution.anaphoric]))
        return {"verb": verb, "attribution": attribution, "verb_start": span[0], "verb_end": span[1]}
    return {"verb": None, "attribution": Attribution.inferred}


def _source(draw) -> str:
    parts = draw(st.lists(st.text(chars, min_size=1, max_size=40) | st.sampled_from(NUMBER_PHRASES), min_size=1, max_size=8))
    source = " ".join(parts)
    return source if source.strip() else "12"


def _coded_figure(draw, source: str) -> tuple[str, object, dict] | None:
    """A number phrase of the source, anchored, with the coding its rule-table row requires."""
    present = [p for p in NUMBER_PHRASES if p in source]
    if not present:
        return None
    phrase = draw(st.sampled_from(present))
    starts = [s for s in occurrences(source, phrase) if cut_at(source, s, s + len(phrase)) is None]
    found = match(phrase)
    if not starts or found is None:
        return None
    occ = draw(st.integers(1, len(starts)))
    coding = dict(found.expected)
    coding["qualifier"] = Qualifier(coding["qualifier"])
    unit = (
        Unit(found.row.unit)
        if found.row.unit
        else Unit.percent
        if "%" in phrase
        else draw(st.sampled_from([Unit.mine, Unit.troop, Unit.other]))
    )
    coding.update(unit=unit, base=draw(labels) if unit in SHARES else None)
    return phrase, span_at(source, starts[occ - 1], len(phrase), occ), coding


@st.composite
def datasets(draw, max_articles: int = 3):
    """(Dataset with computed fields filled in, {source_file: text})."""
    n_actors = draw(st.integers(1, 4))
    actor_ids = [f"actor-{i}" for i in range(n_actors)]
    all_actors = draw(actors(actor_ids))
    articles, quotes, figures, sources = [], [], [], {}
    for a in range(draw(st.integers(1, max_articles))):
        date, offset = draw(st.none() | st.dates()), draw(st.none() | st.sampled_from(["+00:00", "-05:00"]))
        attributed = draw(st.lists(st.sampled_from(actor_ids), max_size=2))
        # The page prints what the article records of it: its date, its offset, the outlets it credits.
        printed = [date.isoformat() if date else "", f"UTC{offset}" if offset else ""]
        printed += [next(x.name for x in all_actors if x.id == i) for i in attributed]
        source = _source(draw) + "\n" + " \n".join(printed)
        name = f"src-{a}.txt"
        sources[name] = source
        aid = f"article-{a}"
        articles.append(
            Article(
                id=aid,
                title=draw(notes),
                published_date=date,
                published_time=draw(st.none() | st.sampled_from(["00:00", "21:00", "23:59:59"])),
                utc_offset=offset,
                publisher=draw(st.none() | st.sampled_from(actor_ids)),
                url=draw(st.none() | st.just("https://example.org/a?b=c#d")),
                language=draw(st.sampled_from(["en", "uk", "en-GB", "zh-Hant-TW"])),
                source_file=name,
                sha256=hashlib.sha256(source.encode("utf-8")).hexdigest(),
                length=len(source),
                reading_time_minutes=draw(st.none() | st.integers(0, 2**31 - 1)),
                section_headings=draw(st.lists(labels, max_size=2)),
                attributed_to=attributed,
                mentions=draw(st.lists(st.sampled_from(actor_ids), max_size=2)),
                notes=draw(notes),
            )
        )
        for k in range(draw(st.integers(0, 3))):
            got = _anchored(draw, source)
            if got is None:
                continue
            piece, span = got
            # A quote's text holds no quotation mark at its edges nor the article's comma at its end (quote-edge-marks).
            if piece[0] in QUOTATION_MARKS or piece[-1] in QUOTATION_MARKS or piece.endswith(",") or unbalanced_marks(piece):
                continue
            quotes.append(
                Quote(
                    id=f"{aid}-q{k}",
                    article=aid,
                    speaker=draw(st.sampled_from(actor_ids)),
                    co_speakers=draw(st.lists(st.sampled_from(actor_ids), max_size=1)),
                    text=piece,
                    kind=draw(st.sampled_from(QuoteKind)),
                    **_attribution(draw, source, span.start, span.end),
                    stance=draw(st.none() | st.sampled_from(Stance)),
                    **span.fields(),
                    notes=draw(notes),
                )
            )
        for k in range(draw(st.integers(0, 3))):
            got_figure = _coded_figure(draw, source)
            if got_figure is None:
                continue
            phrase, span, coding = got_figure
            figures.append(
                Figure(
                    id=f"{aid}-f{k}",
                    article=aid,
                    mention=phrase,
                    measures=draw(labels),
                    **coding,
                    reported_by=draw(st.none() | st.sampled_from(actor_ids)),
                    **span.fields(),
                    notes=draw(notes),
                )
            )
    return Dataset(articles=articles, quotes=quotes, actors=all_actors, figures=figures), sources
