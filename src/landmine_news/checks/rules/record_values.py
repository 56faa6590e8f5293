"""Checks of a validated record's values where their meaning is clear: counts are not
negative, shares stay in range, magnitudes stay sane, and text that a spreadsheet would
run as a formula is refused where it is the curator's own writing. They run after the
model check and leave the JSON Schema as released.
"""

from __future__ import annotations

import math
import re
from functools import cache
from itertools import chain
from typing import Any, get_args, get_origin

from ...models.actor import Actor
from ...models.base import Record
from ...models.fidelity import contradiction, rendering
from ...models.figure import Figure
from ...models.figure_rules import RuleTable
from ...models.lookup import normal_name
from ...models.quote import Quote
from ...models.units import to_si
from ...models.vocab import Unit
from .figure_coding import figure_coding_findings
from .findings import Finding, finding

MAX_MAGNITUDE = 1e15
"""Largest figure value accepted (10^15: world GDP in US dollars is about 10^14)."""

NON_NEGATIVE = frozenset({Unit.country, Unit.person, Unit.troop, Unit.mine, Unit.year, Unit.decade, Unit.generation,
                          Unit.minute, Unit.square_mile, Unit.square_kilometre, Unit.mile, Unit.kilometre})  # fmt: skip
"""Units of counts, spans, lengths and areas: a negative value has no meaning."""

CHANGE_WORDS = re.compile(r"\b(change|increase|rise|growth|decrease|decline|fall|drop|cut|reduction)", re.I)
"""Words in `measures` that mark a percent as a change (which may exceed 100) rather than a share."""

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Controls and bidirectional embeddings, overrides and isolates: invisible, they change how a
value prints. Tab, line feed and the left-to-right and right-to-left marks stay allowed."""

VERBATIM = frozenset({"text", "mention", "verb", "speaker_label", "prefix", "suffix", "fidelity_changes"})
"""Fields anchored to the source: what they hold is the source's to answer for."""

FORMULA_START = ("=", "+", "-", "@")
"""Leading characters that make spreadsheets run a CSV cell as a formula."""

SIGNED = frozenset({"utc_offset"})
"""Written fields whose pattern begins with a sign (`+05:30`) and leaves no room for a formula."""

SUGGESTION_MARK = "suggested by landmine-news suggest"
"""What `suggest` writes into every record it drafts: an error until a curator deletes it."""
_RULES = "see the figure rules in CONTRIBUTING.md"
_FORMULA = re.compile(f"\n[{re.escape(''.join(FORMULA_START))}]")
"""A line feed before a formula's first character: a text starting so, among texts each put after one."""


def _range_problem(unit: Unit, x: float, measures: str) -> str | None:
    """What is wrong with `x` as a value in `unit`, or None."""
    if abs(x) > MAX_MAGNITUDE or not math.isfinite(to_si(unit, x)[1] or 0.0):
        return f"its magnitude is above the sane bound of 1e15 ({_RULES})"
    if unit in NON_NEGATIVE and x < 0:
        return f"a {unit.value} count or measure cannot be negative"
    if unit is Unit.proportion and not 0 <= x <= 1:
        return "a proportion lies between 0 and 1 (write 0.25, not 25; for 25 percent use unit percent)"
    if unit is Unit.percent and x < -100:
        return "a percent change cannot fall below -100 (nothing falls by more than all of it)"
    if unit is Unit.percent and x > 100 and not CHANGE_WORDS.search(measures):
        return (
            "a percent share lies between 0 and 100; a percent change may exceed 100,"
            " but then `measures` must say so (e.g. 'increase in ...')"
        )
    if unit is Unit.percent and x < 0 and not CHANGE_WORDS.search(measures):
        return "a negative percent is a change: say so in `measures` (e.g. 'decrease in ...')"
    return None


def _figure(figure: Figure) -> list[Finding]:
    found, unit, values = [], figure.unit, figure.__dict__
    # No rule fails from 0 to this top (no unit's SI factor overflows at the bound): the rules look only outside it.
    top = 1 if unit is Unit.proportion else 100 if unit is Unit.percent else MAX_MAGNITUDE
    for name in ("value", "low", "high", "point"):
        x = values[name]
        why = None if x is None or 0 <= x <= top else _range_problem(unit, x, figure.measures)
        if why is not None:
            message = f"'{name}' is {x:g} with unit {figure.unit.value}: {why}"
            hint = f"Correct '{name}' or the unit; {_RULES} (Figures)."
            found.append(finding((name,), "value-out-of-range", message, hint, x))
    return found


@cache
def _written(model_type: type[Record]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The fields of a record type that the curator writes (all but the `VERBATIM` ones); of them, those holding
    one text but `SIGNED` ones (whose pattern admits no control, formula or mark), and those holding lists."""
    names = tuple(name for name in model_type.model_fields if name not in VERBATIM)
    lists = tuple(name for name in names if get_origin(model_type.model_fields[name].annotation) is list)
    texts = (name for name in names if name not in lists and name not in SIGNED)
    return names, tuple(name for name in texts if _holds_text(model_type.model_fields[name].annotation)), lists


def _holds_text(annotation: Any) -> bool:
    """Whether values of a type (`Slug | None`, `Annotated[str, ...]`) are `str` (not a number, date or vocabulary word)."""
    return annotation is str or any(map(_holds_text, get_args(annotation)))


def _written_texts(model: Record) -> list[tuple[tuple[Any, ...], str]]:
    """(path, text) of every text the curator wrote in a record, list items included."""
    values = model.__dict__
    texts: list[tuple[tuple[Any, ...], str]] = []
    for name in _written(type(model))[0]:
        value = values[name]
        if isinstance(value, str):
            texts.append(((name,), value))
        elif isinstance(value, list):
            texts += [((name, i), v) for i, v in enumerate(value) if isinstance(v, str)]
    return texts


def _formulas(texts: list[tuple[tuple[Any, ...], str]]) -> list[Finding]:
    """Every text the curator wrote that a spreadsheet would run: names, titles, notes, captions, list items."""
    found = []
    for path, text in texts:
        if path[0] not in SIGNED and text.startswith(FORMULA_START):
            message = f"'{path[0]}' starts with {text[0]!r}: a spreadsheet opening the release CSV would run it as a formula"
            hint = (
                f"Drop or rephrase the leading {text[0]!r}: what the curator writes reaches the release's CSV files and"
                " must not begin with =, +, - or @ (if the page prints it so, say that in `notes` in other words)."
            )
            found.append(finding(path, "value-formula-like", message, hint, text))
    return found


def _controls(texts: list[tuple[tuple[Any, ...], str]]) -> list[Finding]:
    """A control or bidirectional override character in any text the curator wrote."""
    found = []
    for path, text in texts:
        matches = list(CONTROL.finditer(text))
        if matches:
            # Every one named, so one run shows all there is to delete.
            listed = ", ".join(f"U+{ord(m.group()):04X} at position {m.start() + 1}" for m in matches[:10])
            more = f" and {len(matches) - 10} more" if len(matches) > 10 else ""
            message = f"'{path[0]}' holds invisible characters: {listed}{more}"
            hint = "Delete them: control and bidirectional override characters change how the value prints."
            found.append(finding(path, "value-control-character", message, hint, text))
    return found


def _unconfirmed(model: Record) -> list[Finding]:
    values = model.__dict__
    found = []
    for name in ("notes", "base"):
        value = values.get(name)
        if isinstance(value, str) and SUGGESTION_MARK in value:
            message = f"'{name}' still says '{SUGGESTION_MARK}': this record was drafted by a program and not confirmed"
            hint = (
                "Check every field against the source (speaker, boundaries, kind, verb, stance; for a figure what it "
                f"measures, its unit and base), correct what is wrong, then delete the '{SUGGESTION_MARK}' text."
            )
            found.append(finding((name,), "suggestion-unconfirmed", message, hint, value))
    return found


QUOTATION_MARKS = '"“”„‟«»'
"""Marks that delimit quoted words (the apostrophes ’ and ' are left out: they end words too)."""
_MARK = re.compile(f"[{QUOTATION_MARKS}]")
_DELIMITERS = (("“", "”"), ("«", "»"), ('"', '"'))


def unbalanced_marks(text: str) -> bool:
    """Whether the text's quotation marks fail to pair up (a delimiter copied in, or cut off)."""
    return text.count('"') % 2 == 1 or text.count("“") != text.count("”") or text.count("«") != text.count("»")


def _quote_edges(quote: Quote) -> list[Finding]:
    """The guide's rules on a quote's edges (CONTRIBUTING.md, *Cases real articles raise*): no
    mark in the verb, no delimiting marks in the text (inner ones pair up), no trailing comma."""
    found = []
    if quote.verb is not None and _MARK.search(quote.verb):
        message = f"the verb {quote.verb!r} holds a quotation mark"
        hint = "Write the reporting verb alone (`said`, `told reporters`): the marks delimit the quote, they are not the verb."
        found.append(finding(("verb",), "quote-edge-marks", message, hint, quote.verb))
    text = quote.text
    # Most texts hold no mark at all: their marks are not counted.
    wrapped = len(text) > 1 and (text[0], text[-1]) in _DELIMITERS and not unbalanced_marks(text[1:-1])
    if _MARK.search(text) and (unbalanced_marks(text) or (quote.kind.value == "direct" and wrapped)):
        message = "the text's quotation marks do not pair up, or are the ones that delimit the quote"
        hint = "Leave the delimiting marks out of `text`: copy the words between them (inner quoted words keep their marks)."
        found.append(finding(("text",), "quote-edge-marks", message, hint, text))
    elif text.endswith(","):
        message = "the text ends with a comma"
        hint = "Leave out the comma before the closing mark or the attribution: it is the article's punctuation."
        found.append(finding(("text",), "quote-edge-marks", message, hint, text))
    return found


def _fidelity(quote: Quote) -> list[Finding]:
    """A curator's verdict that the quote's own first words contradict (`models.fidelity`)."""
    if quote.first_words is None or quote.fidelity is None:
        return []
    found = rendering(quote.text, quote.first_words, quote.kind.value == "direct")
    why = contradiction(quote.fidelity.value, found.verdict, quote.kind.value == "direct")
    if why is None:
        return []
    hint = f"Write `fidelity: {found.verdict}`, or leave fidelity out: it is computed from text and first_words."
    return [finding(("fidelity",), "fidelity-contradicted", why, hint, quote.fidelity.value)]


def _redundant_aliases(actor: Actor) -> list[Finding]:
    """Aliases that repeat the name or an earlier alias, compared as coverage compares names."""
    seen = {normal_name(actor.name)}
    found = []
    for i, alias in enumerate(actor.aliases):
        key = normal_name(alias)
        if key in seen:
            message = f"alias {alias!r} only repeats the name or an earlier alias (case, `the` or a possessive aside)"
            hint = "Delete the alias: coverage already matches the name with and without `the`, in any case."
            found.append(finding(("aliases", i), "alias-redundant", message, hint, alias))
        seen.add(key)
    return found


def value_findings(model: Record, rules: RuleTable | None = None) -> list[Finding]:
    """Problems with the values of one validated record; a figure is coded against `rules` (default: the package's)."""
    _, scalars, lists = _written(type(model))
    values = model.__dict__
    # Every record passes here, and few hold a control, a formula or the suggestion mark: one search
    # of all of its texts, every text after a line feed (no control), and they are looked at only on a hit.
    text = "\n" + "\n".join(chain(filter(None, map(values.__getitem__, scalars)), *map(values.__getitem__, lists)))
    found: list[Finding] = []
    if CONTROL.search(text) or _FORMULA.search(text) or SUGGESTION_MARK in text:
        texts = _written_texts(model)
        found = _controls(texts) + _formulas(texts) + _unconfirmed(model)
    if isinstance(model, Figure):
        return found + _figure(model) + figure_coding_findings(model, rules)
    if isinstance(model, Quote):
        return found + _quote_edges(model) + _fidelity(model)
    if isinstance(model, Actor):
        return found + _redundant_aliases(model)
    return found
