"""`landmine-news suggest`: candidate quotes and figures for a curator to confirm.

Rule-based and deterministic. Each unreviewed coverage finding of an article becomes a
candidate: a quantity becomes a figure coded by the rule table; a reporting verb (or a
colon that introduces a passage) becomes a quote whose text runs from after the verb to
the end of its sentence (the next paragraph for a colon), with the speaker guessed from
the nearest actor name or alias before the verb, or, for a pronoun subject, before the
sentence. Every guess is complete enough to validate and is marked in `notes` for the
curator to confirm; a candidate with no actor to guess is left out, and so are names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..checks.anchoring.attribution import sentence_bounds
from ..checks.anchoring.spans import occurrences
from ..checks.coverage.cue_words import PHRASES
from ..checks.coverage.findings import CoverageFinding
from ..checks.rules.record_values import SUGGESTION_MARK
from ..checks.rules.rule_rows import dataset_rule_table
from ..models.dataset import Dataset
from ..models.figure_rules import RuleTable, match, unit_required
from ..models.vocab import Unit
from .entry_fields import figure_fields

GUESSED = f"{SUGGESTION_MARK}: confirm the speaker, the boundaries, the kind, the attribution and the stance"
FIGURE_GUESSED = f"{SUGGESTION_MARK}: confirm what it measures, the unit and who reported it"
_STOP = {"not", "that", "which", "who", "to", "in", "from", "for", "by", "and", "or", "have", "has", "had", "is", "are",
         "was", "were", "will", "as", "with", "on", "at", "after", "before", "since", "than", "but"}  # fmt: skip
_UNITS = {"countr": Unit.country, "nation": Unit.country, "troop": Unit.troop, "soldier": Unit.troop, "mine": Unit.mine,
          "year": Unit.year, "decade": Unit.decade, "generation": Unit.generation, "minute": Unit.minute,
          "square mile": Unit.square_mile, "square kilomet": Unit.square_kilometre, "mile": Unit.mile,
          "kilomet": Unit.kilometre, "people": Unit.person, "civilian": Unit.person, "person": Unit.person,
          "%": Unit.percent, "percent": Unit.percent, "$": Unit.us_dollar, "dollar": Unit.us_dollar}  # fmt: skip
_PRONOUNS = {"they", "he", "she", "it", "his", "her", "their", "its"}
_NOT_VERBS = {"statement", "in a statement", "spokesperson", "spokesman", "spokeswoman"}
_YEAR = re.compile(r"(?:1[89]|20)\d\d\b")
_REACTIONS = {p for p in PHRASES if " " not in p and p not in {"statement", "spokesperson", "spokesman", "spokeswoman"}}


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


def _occurrence(source: str, text: str, start: int) -> int | None:
    starts = occurrences(source, text)
    return None if len(starts) == 1 else starts.index(start) + 1 if start in starts else None


def _mention(source: str, f: CoverageFinding) -> str:
    """The quantity words and the thing counted after them (`thousands of North Korean troops`)."""
    end = f.end
    for m in re.finditer(r"[ \t]*([\w'’$%-]+)", source[f.end : f.end + 80]):  # never across a line break
        word = m.group(1)
        if m.start() != (end - f.end) or (word.lower() in _STOP and word.lower() != "of") or _is_verb(word):
            break
        end = f.end + m.end()
        if re.search(r"[,.;:]", source[end : end + 1]):
            break
    return source[f.start : end].strip(" ,.;:")


_VERB_ENDINGS = re.compile(
    r"(?:ed|ing)$|^(?:is|are|was|were|be|been|remain|remains|need|needs|require|requires|has|have|had|will|would|can|could|may)$",
    re.I,
)
_DATE = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},?\s*\d{0,4}|"
    r"\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)|"
    r"\b\d{1,2}:\d{2}\b"
)


def _is_verb(word: str) -> bool:
    """A word that starts the predicate after a quantity (`remain`, `requires`): the mention stops before it."""
    return bool(_VERB_ENDINGS.search(word))


def _in_date(source: str, f: CoverageFinding) -> bool:
    """Whether the quantity is part of a date or a time of day (`November 21, 2024`, `9:00`)."""
    return any(m.start() <= f.start < m.end() for m in _DATE.finditer(source, max(0, f.start - 20), f.end + 10))


def _unit(mention: str) -> Unit:
    lowered = mention.lower()
    return next((u for key, u in _UNITS.items() if key in lowered), Unit.other)


def _figure(source: str, f: CoverageFinding, rules: RuleTable | None = None) -> Suggestion | str:
    if _in_date(source, f):
        return "part of a date or a time of day"
    mention = _mention(source, f)
    if not mention or _YEAR.match(mention):
        return "a plain year"  # plain years and dates are not figures (CONTRIBUTING.md, Figures)
    row = match(mention, rules)
    if row is None:
        # A number word (`two countries`) or a wording the table lacks: a pasted entry
        # would not validate, so the curator codes it (and adds the row) by hand.
        return "no row of the rule table matches its wording; code it by hand"
    required = unit_required(mention, rules)  # a percent sign or the word percent decides the unit
    unit = Unit(row.row.unit) if row.row.unit else Unit(required[1]) if required else _unit(mention)
    measures = re.sub(r"^[\W\d,.$%]*(?:over|more than|about|nearly|some|at least|up to)?\s*[\d,.$%]*\s*", "", mention) or mention
    fields = figure_fields(mention, {"measures": measures, "unit": unit.value}, rules)
    if fields.get("unit") in ("proportion", "percent"):
        fields["base"] = f"{SUGGESTION_MARK}: confirm what the share is of ({measures})"
    fields["notes"] = FIGURE_GUESSED
    return Suggestion("figure", mention, _occurrence(source, mention, f.start), fields)


def _actor_mentions(ds: Dataset, text: str, offset: int, article: str) -> list[tuple[int, str, str]]:
    """(position, actor id, words) of every actor name or alias in `text` (offset into the source).

    Groups and anonymous sources scoped to another article (by its quote ids' prefix) are
    left out: they belong to that article only.
    """
    prefixes = {q.id.rsplit("-", 1)[0] for q in ds.quotes if q.article != article}
    prefixes -= {q.id.rsplit("-", 1)[0] for q in ds.quotes if q.article == article}
    found = []
    for actor in ds.actors:
        if actor.kind.value in ("group", "anonymous") and any(actor.id.startswith(p + "-") for p in prefixes):
            continue
        for label in (actor.name, *actor.aliases):
            for m in re.finditer(rf"\b{re.escape(label)}\b", text):
                found.append((offset + m.start(), actor.id, m.group(0)))
    return sorted(found)


def _speaker(ds: Dataset, source: str, sentence: tuple[int, int], verb_start: int, article: str) -> tuple[str, str, str] | None:
    """(actor id, label, attribution) of the nearest actor before the verb, or via a pronoun's antecedent."""
    lo, _ = sentence
    before = _actor_mentions(ds, source[lo:verb_start], lo, article)
    first_word = source[lo:verb_start].split()[:1]
    if first_word and first_word[0].lower() in _PRONOUNS:
        earlier = _actor_mentions(ds, source[:lo], 0, article)
        return (earlier[-1][1], earlier[-1][2], "anaphoric") if earlier else None
    if before:
        return before[-1][1], before[-1][2], "explicit"
    return None


def _quote(ds: Dataset, source: str, f: CoverageFinding, article: str) -> Suggestion | str:
    if f.cue.lower() in _NOT_VERBS:
        return "a noun that announces a statement, not a verb that reports one"
    bounds = sentence_bounds(source)
    sentence = next(((s, e) for s, e in bounds if s <= f.start < e), None)
    if sentence is None:
        return "not inside a sentence"
    if f.cue.strip() == ":":
        after = next(((s, e) for s, e in bounds if s > f.start), None)
        text, kind, verb = (source[after[0] : after[1]].strip(), "direct", None) if after else ("", "direct", None)
    else:
        rest = source[f.end : sentence[1]]
        rest = re.sub(r"^\s*(?:,\s*)?(?:that\s+)?", "", rest).rstrip(" .")
        text, verb = rest.strip(), f.cue
        kind = (
            "reaction"
            if f.cue.lower() in _REACTIONS
            else "direct"
            if source[f.end : f.end + 2] == ", " and text[:1].isupper()
            else "indirect"
        )
        if kind == "reaction":
            text, verb = f.cue, None
    guess = _speaker(ds, source, sentence, f.start, article)
    if f.cue.lower() == "according to":
        # `According to X, ...`: the speaker follows the cue, and the content follows the comma.
        named = _actor_mentions(ds, source[f.end : sentence[1]], f.end, article)
        comma = source.find(",", f.end, sentence[1])
        if named and comma != -1 and named[0][0] < comma:
            guess = (named[0][1], named[0][2], "explicit")
            text = source[comma + 1 : sentence[1]].strip().rstrip(".").strip()
    if not text:
        return "no text after the cue"
    if guess is None:
        return "no actor's name or alias before the verb (create the actor, then run suggest again)"
    speaker, label, attribution = guess
    fields: dict[str, object] = {"speaker": speaker, "speaker_label": label, "kind": kind}
    if verb:
        fields["verb"] = verb
    fields["attribution"] = attribution if verb else "inferred"
    fields["notes"] = GUESSED
    start = source.find(text, f.start)
    return Suggestion("quote", text, _occurrence(source, text, start), fields)


def suggest_for(
    ds: Dataset,
    source: str,
    findings: list[CoverageFinding],
    article: str,
    skipped: list[Skipped] | None = None,
    rules: RuleTable | None = None,
) -> list[Suggestion]:
    """Candidates for an article's unreviewed findings, in source order, without duplicates.

    Findings that give no candidate are added to `skipped` with the reason; figures are coded
    by `rules` (the dataset's effective rule table; by default the package's).
    """
    out: list[Suggestion] = []
    seen: set[tuple[str, str]] = set()
    for f in sorted(findings, key=lambda x: x.start):
        made: Suggestion | str
        if f.kind == "quantity":
            made = _figure(source, f, rules)
        elif f.kind == "attribution":
            made = _quote(ds, source, f, article)
        else:
            made = "a name: add an actor (landmine-news new actor) or review it"
        if isinstance(made, str):
            if skipped is not None:
                skipped.append(Skipped(f.cue, f.line, f.column, made))
        elif (made.kind, made.text) not in seen:
            seen.add((made.kind, made.text))
            out.append(made)
    return out


def suggest(dataset: str | Path, article_id: str, skipped: list[Skipped] | None = None) -> list[Suggestion]:
    """Candidate quotes and figures for one article's unreviewed coverage findings (see `suggest_for`)."""
    from ..release.reader import load
    from .coverage import coverage

    result = coverage(dataset, [article_id])
    [article] = result.articles
    ds = load(dataset)
    source = (Path(dataset) / "sources" / article.source_file).read_text(encoding="utf-8")
    rules = dataset_rule_table(Path(dataset)).rules  # the dataset's own rows code figures too
    return suggest_for(ds, source, article.findings, article_id, skipped, rules)


def render_suggestions(
    dataset: str | Path, article_id: str, suggestions: list[Suggestion], skipped: list[Skipped] | None = None
) -> str:
    """The candidates as YAML ready to paste under the article's `quotes:` and `figures:`."""
    from .entry_fields import entry_lines
    from .scaffold import planned_ids

    ids = planned_ids(dataset, article_id, [s.kind for s in suggestions])
    out: list[str] = []
    for key, kind in (("quotes", "quote"), ("figures", "figure")):
        chosen = [(rid, s) for rid, s in zip(ids, suggestions, strict=True) if s.kind == kind]
        if chosen:
            out.append(f"{key}:  # {len(chosen)} suggested; paste under the article's `{key}:` and confirm each")
            for rid, s in chosen:
                fields = dict(s.fields) if s.occurrence is None else {**s.fields, "occurrence": s.occurrence}
                out += entry_lines(rid, "text" if kind == "quote" else "mention", s.text, fields)
    out += [f"# skipped {s.cue!r} (line {s.line}, column {s.column}): {s.reason}" for s in skipped or []]
    return "\n".join(out) + "\n" if out else "# no candidates: every finding is covered or reviewed\n"


def write_suggestions(dataset: str | Path, article_id: str, suggestions: list[Suggestion]) -> list[str]:
    """Append every candidate after the same anchor checks as `new`; returns the new ids."""
    from .scaffold import new_entry

    return [new_entry(dataset, s.kind, article_id, s.text, dict(s.fields), None, s.occurrence) for s in suggestions]
