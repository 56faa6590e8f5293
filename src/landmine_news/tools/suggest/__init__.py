"""`landmine-news suggest`: a first pass of curation for a curator to confirm.

Rule-based and deterministic: statements read from each sentence's structure
(`statements`, speakers in `speakers`), figures coded by the rule table (`figures`), the
date fields from a printed date line (`date_fields`); subjects that name no actor become
actors to create, and actors the text names become `mentions`. Every record is complete
enough to validate and marked in `notes` for the curator to confirm; every coverage
finding that yields nothing is listed with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ...checks.anchoring.spans import occurrences
from ...checks.coverage.findings import CoverageFinding
from ...checks.engine.validation import check_dataset
from ...checks.rules.page_facts import AMBIGUOUS_ZONES, printed_dates, printed_offsets
from ...checks.rules.record_values import SUGGESTION_MARK
from ...errors import UsageError
from ...models.dataset import Dataset
from ...models.figure_rules import RuleTable, effective_table
from ...models.lookup import closest
from ..entry_fields import entry_lines, scalar
from ..scaffold import new_entry, planned_ids
from .figures import figure_at
from .speakers import ActorIndex, NewActor
from .statements import Statement, read_statements

_HEAD_LINES = 12
_CLOCK = re.compile(r"\b(\d{1,2})[:.](\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?")
GUESSED = f"{SUGGESTION_MARK}: confirm the speaker, the boundaries, the kind, the attribution and the stance"


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


def _occurrence(source: str, text: str, start: int) -> int | None:
    starts = occurrences(source, text)
    return None if len(starts) == 1 else starts.index(start) + 1 if start in starts else None


def draft_for(
    ds: Dataset,
    source: str,
    findings: list[CoverageFinding],
    article: str,
    rules: RuleTable | None = None,
) -> Draft:
    """What to propose for one article of `ds` whose text is `source`; `findings` are its
    unreviewed coverage findings (what nothing covers yet). Spans that the article's
    records already cover are left out."""
    record = next(a for a in ds.articles if a.id == article)
    index = ActorIndex(ds, article, record.record_prefix or article)
    covered = [(q.start, q.end) for q in ds.quotes if q.article == article and q.start is not None and q.end is not None]
    covered += [(f.start, f.end) for f in ds.figures if f.article == article and f.start is not None and f.end is not None]

    def free(lo: int, hi: int) -> bool:
        return not any(s < hi and lo < e for s, e in covered)

    draft = Draft()
    statements, new_actors, reasons = read_statements(source, index)
    spans = _quotes(draft, statements, source, free)
    _figures(draft, findings, source, free, rules)
    for f in findings:
        if f.kind == "attribution" and not any(lo <= f.start < hi for lo, hi in spans):
            near = [
                why for at, why in reasons if "\n" not in source[min(at, f.start) : max(at, f.start)] and abs(at - f.start) < 160
            ]
            why = near[0] if near else "no reporting clause around the cue (narration, or a structure suggest does not read)"
            draft.skipped.append(Skipped(f.cue, f.line, f.column, why))
    draft.skipped.sort(key=lambda s: (s.line, s.column))
    # Only subjects of sentences still open: a reviewed or recorded sentence proposes no actor.
    open_at = [f.start for f in findings if f.kind == "attribution"]
    draft.actors = [a for a in new_actors if any("\n" not in source[min(a.at, at) : max(a.at, at)] for at in open_at)]
    referenced = {*record.attributed_to, *record.mentions, *record.image_credited_to}
    referenced |= {record.publisher} if record.publisher is not None else set()
    referenced |= {str(s.fields["speaker"]) for s in draft.suggestions if s.kind == "quote"}
    referenced |= {q.speaker for q in ds.quotes if q.article == article}
    for _lo, _hi, actor in index.matches(source):
        if actor not in referenced and index.kind(actor) not in ("group", "anonymous") and actor not in draft.mentions:
            draft.mentions.append(actor)
    if record.published_date is None:
        draft.article_fields, draft.article_notes = date_fields(source)
    return draft


def _quotes(draft: Draft, statements: list[Statement], source: str, free: Callable[[int, int], bool]) -> list[tuple[int, int]]:
    """The statements as quote suggestions (those no record covers yet); returns their spans."""
    kept: dict[int, int] = {}
    spans: list[tuple[int, int]] = []
    for i, s in enumerate(statements):
        if not free(s.start, s.end):
            continue
        fields: dict[str, object] = {"speaker": s.speaker.actor}
        if s.speaker.co_speakers:
            fields["co_speakers"] = list(s.speaker.co_speakers)
        fields.update(speaker_label=s.speaker.label, kind=s.kind)
        if s.verb:
            fields["verb"] = s.verb
        fields["attribution"] = s.speaker.attribution if s.verb else "inferred"
        fields["notes"] = GUESSED
        text = source[s.start : s.end]
        part_of = kept.get(s.part_of) if s.part_of is not None else None
        kept[i] = len(draft.suggestions)
        draft.suggestions.append(Suggestion("quote", text, _occurrence(source, text, s.start), fields, part_of))
        spans.append(s.around)
    return spans


def _figures(
    draft: Draft, findings: list[CoverageFinding], source: str, free: Callable[[int, int], bool], rules: RuleTable | None
) -> None:
    """The quantity findings as figure suggestions, or as skipped with the reason."""
    for f in sorted((f for f in findings if f.kind == "quantity"), key=lambda f: f.start):
        made = figure_at(source, f, rules)
        if isinstance(made, str):
            draft.skipped.append(Skipped(f.cue, f.line, f.column, made))
            continue
        mention, fields = made
        start = source.find(mention, f.start)
        if not free(start, start + len(mention)) or any(m.text == mention and m.kind == "figure" for m in draft.suggestions):
            continue
        draft.suggestions.append(Suggestion("figure", mention, _occurrence(source, mention, start), fields))


def draft(dataset: str | Path, article_id: str) -> Draft:
    """What `suggest` proposes for one article (see `draft_for`), from one validation. Problems
    elsewhere in the dataset do not stop it: only the article's record and source must read."""
    checked = check_dataset(dataset, keep="models")
    found = checked.coverage.get(article_id)
    ds = checked.dataset
    if found is None or not any(a.id == article_id for a in ds.articles):
        known = [a.id for a in ds.articles]
        near = closest(article_id, known)
        raise UsageError(
            f"no article {article_id!r} whose record and source read without errors"
            + (f"; did you mean {near[0]!r}?" if near and near[0] != article_id else "")
            + " (landmine-news validate names what is wrong)"
        )
    source = (Path(dataset) / "sources" / found.source_file).read_text(encoding="utf-8")
    # The dataset's own rows code figures too: the table as the validation just read it.
    return draft_for(ds, source, found.findings, article_id, effective_table(checked.rules_text))


def render_suggestions(
    dataset: str | Path,
    article_id: str,
    suggestions: list[Suggestion],
    skipped: list[Skipped] | None = None,
    extra: Draft | None = None,
) -> str:
    """The candidates as YAML ready to paste under the article's `quotes:` and `figures:`,
    then (as comments) the actors to create, the mentions and the article's date fields."""
    ids = planned_ids(dataset, article_id, [s.kind for s in suggestions])
    out: list[str] = []
    for key, kind in (("quotes", "quote"), ("figures", "figure")):
        chosen = [(rid, s) for rid, s in zip(ids, suggestions, strict=True) if s.kind == kind]
        if chosen:
            out.append(f"{key}:  # {len(chosen)} suggested; paste under the article's `{key}:` and confirm each")
            for rid, s in chosen:
                fields = dict(s.fields)
                if s.part_of is not None:
                    fields["part_of"] = ids[s.part_of]
                if s.occurrence is not None:
                    fields["occurrence"] = s.occurrence
                out += entry_lines(rid, "text" if kind == "quote" else "mention", s.text, fields)
    if extra is not None:
        for actor in extra.actors:
            command = f"# new actor: landmine-news new actor --id {actor.id} --name {scalar(actor.name)} --kind {actor.kind}"
            if actor.member_of:
                command += "".join(f" --member-of {m}" for m in actor.member_of) + f" --basis {scalar(actor.member_of_basis)}"
            out.append(f"{command}   (from {actor.seen_as!r})")
        if extra.mentions:
            out.append(f"# mentions: the text names {', '.join(extra.mentions)}; add those it names as actors to `mentions:`")
        for name, value in extra.article_fields.items():
            out.append(f"# article: {name}: {scalar(value)}")
        out += [f"# article: {note}" for note in extra.article_notes]
    out += [f"# skipped {s.cue!r} (line {s.line}, column {s.column}): {s.reason}" for s in skipped or []]
    return "\n".join(out) + "\n" if out else "# no candidates: every finding is covered or reviewed\n"


def write_suggestions(dataset: str | Path, article_id: str, suggestions: list[Suggestion]) -> list[str]:
    """Append every candidate after the same anchor checks as `new`; returns the new ids."""
    ids: list[str] = []
    for s in suggestions:
        fields = dict(s.fields)
        if s.part_of is not None:
            fields["part_of"] = ids[s.part_of]
        ids.append(new_entry(dataset, s.kind, article_id, s.text, fields, None, s.occurrence))
    return ids


def write_article_fields(dataset: str | Path, article_id: str, fields: dict[str, str]) -> list[str]:
    """Set the article's date fields that are still `null` to a printed date line's values
    (`Draft.article_fields`); returns the names set. A field with a value is left alone."""
    path = Path(dataset) / "articles" / f"{article_id}.yaml"
    text = path.read_text(encoding="utf-8")
    done: list[str] = []
    for name, value in fields.items():
        line = re.compile(rf"^{name}:[ \t]*null\b[^\n]*$", re.M)
        if line.search(text):
            # Read from the printed date line; `date-not-printed` and `utc-offset-not-printed` check it.
            written = value if name == "published_date" else scalar(value)  # a date reads as a date unquoted
            text = line.sub(f"{name}: {written}  # from the page's date line (landmine-news suggest)", text, count=1)
            done.append(name)
    if done:
        path.write_text(text, encoding="utf-8")
    return done


def date_fields(source: str) -> tuple[dict[str, str], list[str]]:
    """(fields to set, notes for the curator) from the first date line of the page (`Updated: 20-11-2024
    09:53 IST`), in its first lines: a zone with one offset fills `utc_offset`, one with several is flagged."""
    for line in source.splitlines()[:_HEAD_LINES]:
        dates = [d for d in printed_dates(line) if d[0] is not None and d[0] > 1000]
        if len(dates) != 1:
            continue
        year, month, day = dates[0]
        assert year is not None
        try:
            fields = {"published_date": dt.date(year, month, day).isoformat()}
        except ValueError:
            continue
        notes = [f"published_date from the date line {line.strip()!r}"]
        clock = _CLOCK.search(line)
        if clock:
            hour, minute, second, half = int(clock.group(1)), clock.group(2), clock.group(3), clock.group(4)
            if half:
                hour = hour % 12 + (12 if half[0].lower() == "p" else 0)
            if hour < 24:
                fields["published_time"] = f"{hour:02d}:{minute}" + (f":{second}" if second else "")
        offsets, ambiguous = printed_offsets(line)
        if len(offsets) == 1 and not ambiguous:
            fields["utc_offset"] = next(iter(offsets))
        elif ambiguous:
            zones = ", ".join(sorted(ambiguous & AMBIGUOUS_ZONES))
            notes.append(f"the zone {zones} stands for several offsets: utc_offset stays null; record it in notes")
        return fields, notes
    return {}, []
