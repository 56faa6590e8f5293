"""Hardening of the values inside records: strict numbers, YAML 1.1 number forms, sanity
bounds, grapheme-safe spans, clear hints, bounded hint cost and formula-like cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import check_dataset
from landmine_news.checks.report.problems import Problem

from .conftest import set_source
from .profiles import scaled
from .test_problem_codes import ART, edit


def problems(root: Path, code: str | None = None) -> list[Problem]:
    found = check_dataset(root).report.problems
    return [p for p in found if code is None or p.code == code]


def line_of(root: Path, rel: str, marker: str) -> int:
    text = (root / rel).read_text(encoding="utf-8")
    return text[: text.index(marker)].count("\n") + 1


# 1. Integers and numbers are strict.


@pytest.mark.parametrize("written", ["1.0", '"1"', "true"])
def test_non_integer_occurrence_is_refused(tiny: Path, written: str):
    edit(ART, "    occurrence: 1", f"    occurrence: {written}\n    start: 99")(tiny)
    found = [p for p in problems(tiny) if p.field == "figures[0].occurrence"]
    expected = "number-not-decimal" if written == "true" else "field-type"
    assert [p.code for p in found] == [expected], found
    assert "whole number" in (found[0].hint or "") or "plain decimal" in (found[0].hint or "")
    assert not check_dataset(tiny).report.ok


def test_quoted_length_is_refused(tiny: Path):
    edit(ART, "language: en", 'language: en\nlength: "5"')(tiny)
    [p] = [p for p in problems(tiny) if p.field == "length"]
    assert p.code == "field-type"


@pytest.mark.parametrize(("written", "ok"), [("5000.0", True), ("true", False), ('"5000"', False)])
def test_number_fields_take_floats_but_not_booleans_or_strings(tiny: Path, written: str, ok: bool):
    edit(ART, "    value: 5000", f"    value: {written}")(tiny)
    found = [p for p in problems(tiny) if p.field == "figures[0].value"]
    assert (not found) == ok, found


# 2. YAML 1.1 number forms.


@pytest.mark.parametrize(
    ("field", "written", "why"),
    [
        ("value", "010", "octal"),
        ("value", "0755", "octal"),
        ("value", "0x10", "hexadecimal"),
        ("value", "1:30", "base 60"),
        ("value", "1_000", "underscores"),
        ("value", "yes", "boolean"),
        ("value", "on", "boolean"),
        ("value", "+5000", "plus"),
        ("occurrence", "0x1", "hexadecimal"),
    ],
)
def test_yaml11_number_forms_are_refused(tiny: Path, field: str, written: str, why: str):
    old = "    value: 5000" if field == "value" else "    occurrence: 1"
    edit(ART, old, f"    {field}: {written}")(tiny)
    found = [p for p in problems(tiny) if p.field == f"figures[0].{field}"]
    assert [p.code for p in found] == ["number-not-decimal"], found  # reported once, not also as a type error
    p = found[0]
    assert why in p.message and p.line == line_of(tiny, ART, f"{field}: {written}")
    assert "plain decimal" in (p.hint or "")


@pytest.mark.parametrize("written", ["5000", "5000.5", "-0", "5e3", "null", '"x"'])
def test_plain_decimals_and_non_numbers_are_not_flagged(tiny: Path, written: str):
    edit(ART, "    value: 5000\n    low: 5000\n    low_inclusive: false\n    point: 5000", f"    value: {written}")(tiny)
    assert not problems(tiny, "number-not-decimal")


def test_text_with_a_number_like_word_is_not_flagged(tiny: Path):
    edit(ART, "    verb: argue", "    verb: argue\n    notes: 'the end: 010'")(tiny)
    assert not problems(tiny)


# 6. Cross-field rules point at the field to fix.


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        ("    low: 5000", "    low: 6000", "low", "low 6000 is above value 5000"),
        ("    low: 5000", "    low: 5000\n    high: 4000", "high", "high 4000 is below value 5000"),
    ],
)
def test_bound_order_points_at_the_field_with_both_values(tiny: Path, old: str, new: str, field: str, message: str):
    edit(ART, old, new)(tiny)
    [p] = problems(tiny, "field-invalid")
    assert p.field == f"figures[0].{field}" and p.message == message
    assert p.line == line_of(tiny, ART, new.strip().splitlines()[-1])
    assert "Value error" not in p.message and "CONTRIBUTING.md" in (p.hint or "")


def test_low_above_high_without_value(tiny: Path):
    edit(ART, "    value: 5000\n    low: 5000\n    low_inclusive: false\n    point: 5000", "    low: 30\n    high: 20")(tiny)
    [p] = problems(tiny, "field-invalid")
    assert p.field == "figures[0].low" and p.message == "low 30 is above high 20"


# 3. Sanity bounds and member_of cycles.


@pytest.mark.parametrize(
    ("unit", "value", "measures", "ok"),
    [
        ("mine", "-5", "mines", False),
        ("country", "-1", "countries", False),
        ("proportion", "1.5", "share", False),
        ("proportion", "0.5", "share", True),
        ("percent", "120", "share of the area", False),
        ("percent", "120", "increase in clearance", True),
        ("percent", "-150", "decrease in clearance", False),
        ("percent", "-20", "decrease in clearance", True),
        ("square_mile", "1.0e+308", "area", False),
        ("us_dollar", "2.0e+15", "cost", False),
        ("us_dollar", "-5", "deficit", True),
    ],
)
def test_figure_values_are_sane(tiny: Path, unit: str, value: str, measures: str, ok: bool):
    edit(
        ART,
        "    value: 5000\n    low: 5000\n    low_inclusive: false\n    point: 5000\n    unit: square_mile",
        f"    value: {value}\n    unit: {unit}",
    )(tiny)
    edit(ART, "measures: area needing clearance", f"measures: {measures}")(tiny)
    if unit in ("proportion", "percent"):  # a share says what it is of (schema 2.0)
        edit(ART, f"    unit: {unit}", f"    unit: {unit}\n    base: minefields")(tiny)
    found = problems(tiny, "value-out-of-range")
    assert (not found) == ok, found
    if found:
        assert found[0].field == "figures[0].value" and found[0].line == line_of(tiny, ART, f"value: {value}")
        assert "CONTRIBUTING.md" in (found[0].hint or "")


def actor(root: Path, name: str, member_of: list[str]) -> None:
    lines = "".join(f"  - {m}\n" for m in member_of)
    text = f"id: {name}\nname: {name.title()}\nkind: group\nmember_of:\n{lines}member_of_basis: as the page says\n"
    (root / "actors" / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_self_membership_is_refused(tiny: Path):
    actor(tiny, "tiny-critics", ["tiny-state", "tiny-critics"])
    [p] = problems(tiny, "member-of-cycle")
    assert p.file.endswith("actors/tiny-critics.yaml") and p.field == "member_of[1]"
    assert p.line == 6 and "itself" in p.message


def test_every_actor_of_a_cycle_is_reported_at_its_entry(tiny: Path):
    actor(tiny, "tiny-critics", ["tiny-spokesperson"])
    actor(tiny, "tiny-state", ["tiny-critics"])
    found = problems(tiny, "member-of-cycle")
    assert sorted(Path(p.file).stem for p in found) == ["tiny-critics", "tiny-spokesperson", "tiny-state"]
    assert all(p.field == "member_of[0]" and p.line == 5 for p in found)
    assert all("tiny-critics, tiny-spokesperson, tiny-state" in p.message for p in found)


def test_membership_chains_without_cycles_pass(tiny: Path):
    actor(tiny, "tiny-critics", ["tiny-spokesperson"])
    assert not problems(tiny, "member-of-cycle")


# 7. Formula-like values.


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("name", "name: Critics", "name: '=HYPERLINK(\"http://x\")'"),
        ("aliases[0]", "kind: group", "kind: group\naliases:\n  - '@critics'"),
        ("name", "name: Critics", "name: '-Critics'"),
    ],
)
def test_formula_like_actor_values_are_refused(tiny: Path, field: str, old: str, new: str):
    edit("actors/tiny-critics.yaml", old, new)(tiny)
    [p] = problems(tiny, "value-formula-like")
    assert p.field == field and p.file.endswith("tiny-critics.yaml")
    assert p.line == line_of(tiny, "actors/tiny-critics.yaml", new.splitlines()[-1].strip(" -"))


@pytest.mark.parametrize(
    ("field", "old", "new"),
    [
        ("title", 'title: "A tiny article"', 'title: \'=HYPERLINK("http://x","click")\''),
        ("notes", 'title: "A tiny article"', "title: \"A tiny article\"\nnotes: '-2+3+cmd|calc'"),
        ("image_caption", 'title: "A tiny article"', "title: \"A tiny article\"\nimage_caption: '@SUM(A1:A2)'"),
    ],
)
def test_formula_like_values_are_refused_in_every_field_the_curator_writes(tiny: Path, field: str, old: str, new: str):
    edit(ART, old, new)(tiny)
    [p] = problems(tiny, "value-formula-like")
    assert p.field == field and p.file.endswith("tiny-article.yaml") and p.line is not None


def test_verbatim_text_starting_with_a_sign_is_not_refused(tiny: Path):
    # Verbatim source text is kept as it is; the release caveat covers it.
    src = tiny / "sources" / "tiny.txt"
    set_source(tiny, (src.read_text(encoding="utf-8") + "-5 degrees.\n").encode("utf-8"))
    text = (tiny / ART).read_text(encoding="utf-8") + '  - id: tiny-f2\n    mention: "-5 degrees"\n    measures: temperature\n'
    text += "    value: -5\n    low: -5\n    low_inclusive: true\n    high: -5\n    high_inclusive: true\n    point: -5\n"
    text += "    unit: other\n    qualifier: exact\n"
    (tiny / ART).write_text(text, encoding="utf-8")
    assert not problems(tiny), problems(tiny)


# 5. The closest-passage hint stays right on large inputs (its cost is measured, not asserted).


def _prose(size: int, seed: int = 1) -> str:
    import random

    rng = random.Random(seed)
    vocab = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9))) for _ in range(5000)]
    out: list[str] = []
    total = 0
    while total < size:
        out.append(rng.choice(vocab))
        total += len(out[-1]) + 1
    return " ".join(out)[:size]


def _with_typo(source: str, at: int) -> tuple[str, str]:
    start = source.index(" ", at) + 1
    quote = source[start : start + 3000].rsplit(" ", 1)[0]
    i = quote.index(" ", 1500) + 1
    j = quote.index(" ", i)
    return quote[:i] + "TYPO" + quote[j:], quote[i:j]


@pytest.mark.parametrize(
    "source",
    [_prose(1_000_000), ("the plan is unsafe and we will act now. " * 30000)[:1_000_000]],
    ids=["prose", "repetitive"],
)
def test_hint_for_a_long_quote_with_one_typo_in_a_large_source(source: str):
    from landmine_news.checks.anchoring.closest_passage import closest_passage

    text, word = _with_typo(source, 500_000)
    passage, diff = closest_passage(source, text)
    assert diff == f"source has '{word}' where you wrote 'TYPO'"
    assert passage in source and len(passage) >= len(text) - 10


def test_hint_in_a_large_source_still_names_quote_mark_differences():
    from landmine_news.checks.anchoring.closest_passage import closest_passage

    source = _prose(500_000) + " he said \u201cwe will act\u201d today " + _prose(500_000, seed=2)
    passage, diff = closest_passage(source, 'he said "we will act" today')
    assert passage == "he said \u201cwe will act\u201d today" and "curly vs straight" in diff


# 6. Hints tell look-alike characters apart.


@pytest.mark.parametrize(
    ("source_word", "written", "shown"),
    [
        ("cafe\u0301", "caf\u00e9", "e + U+0301 (NFD)"),
        ("caf\u00e9", "cafe\u0301", "U+00E9 (NFC)"),
        ("caf\u00e9", "cafe", "U+00E9 LATIN SMALL LETTER E WITH ACUTE"),
        ("fo\u200bo", "foo", "U+200B ZERO WIDTH SPACE"),
        ("abc\u202e", "abc", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ],
)
def test_look_alike_differences_show_code_points(source_word: str, written: str, shown: str):
    from landmine_news.checks.anchoring.closest_passage import closest_passage

    source = f"The menu said the {source_word} opens at nine in the morning."
    _, diff = closest_passage(source, f"the {written} opens at nine")
    assert shown in diff, diff


def test_nfd_source_gets_a_normalization_hint():
    from landmine_news.checks.anchoring.closest_passage import closest_passage

    passage, diff = closest_passage("Il a dit: le cafe\u0301 ferme.", "le caf\u00e9 ferme")
    assert passage == "le cafe\u0301 ferme"
    assert "the source writes \u00e9 as e + U+0301 (NFD)" in diff and "copy the characters from the source" in diff


# 4. Spans keep whole characters; 6. line endings.


def test_quote_may_not_end_inside_a_decomposed_character(tiny: Path):
    from .conftest import SOURCE

    set_source(tiny, SOURCE.replace("the plan is unsafe", "the plan is unsafe\u0301").encode("utf-8"))
    [p] = problems(tiny, "text-splits-character")
    assert p.field == "quotes[1].text" and "U+0301 COMBINING ACUTE ACCENT" in p.message
    assert "whole characters" in (p.hint or "")


@pytest.mark.parametrize(
    ("source", "text", "cut"),
    [
        ("la porte ferme\u0301e", "porte ferme", "end"),
        ("x \u0301abc y", "\u0301abc", "start"),
        ("a \U0001f469\u200d\U0001f692 b", "\U0001f469", "end"),
        ("a \u2764\ufe0f b", "\u2764", "end"),
        ("a \U0001f44d\U0001f3fd b", "\U0001f44d", "end"),
    ],
)
def test_spans_on_grapheme_boundaries(source: str, text: str, cut: str):
    from landmine_news.checks.anchoring.spans import AnchorFailure, anchor

    found = anchor({"text": text}, "text", source, "s")
    assert isinstance(found, AnchorFailure) and found.code == "text-splits-character"
    assert f"its {cut} cuts" in found.message


def test_whole_character_occurrence_is_used_and_split_ones_do_not_count():
    from landmine_news.checks.anchoring.spans import Span, anchor

    found = anchor({"text": "ferme"}, "text", "la porte ferme\u0301e, puis ferme.", "s")
    assert isinstance(found, Span) and found.start == 23 and found.occurrence == 1


@pytest.mark.parametrize("convert", [lambda b: b.replace(b"\n", b"\r\n"), lambda b: b.replace(b"\r\n", b"\n")])
def test_converted_line_endings_are_named(tiny: Path, convert):
    from .conftest import SOURCE

    if convert(b"\r\n") == b"\n":  # the recorded source had CRLF, the file was converted to LF
        set_source(tiny, SOURCE.replace("\n", "\r\n").encode("utf-8"))
    path = tiny / "sources" / "tiny.txt"
    path.write_bytes(convert(path.read_bytes()))
    [p] = problems(tiny, "source-hash-mismatch")
    assert "line endings were converted (CRLF vs LF)" in (p.hint or "") and "Restore the original bytes" in (p.hint or "")


def test_other_hash_mismatches_keep_the_generic_hint(tiny: Path):
    path = tiny / "sources" / "tiny.txt"
    path.write_bytes(path.read_bytes() + b"x")
    [p] = problems(tiny, "source-hash-mismatch")
    assert "line endings" not in (p.hint or "")


def test_end_not_after_start_is_reported_at_end():
    from pydantic import ValidationError

    from landmine_news.checks.reading.positions import Positions
    from landmine_news.checks.rules.model_errors import problem_from_error
    from landmine_news.models import Quote

    data = {
        "id": "q",
        "article": "a",
        "speaker": "s",
        "text": "t",
        "kind": "direct",
        "verb": "said",
        "attribution": "explicit",
        "start": 5,
        "end": 5,
    }
    with pytest.raises(ValidationError) as exc:
        Quote.model_validate(data)
    [err] = exc.value.errors(include_url=False)
    p = problem_from_error(dict(err), ("quotes", 0), "x.yaml", Positions(""))
    assert p.field == "quotes[0].end" and p.message == "end 5 is not after start 5" and "computed" in (p.hint or "")


def test_formula_like_ids_are_refused_by_the_slug_pattern(tiny: Path):
    edit("actors/tiny-critics.yaml", "id: tiny-critics", "id: '=tiny-critics'")(tiny)
    assert any(p.code == "field-pattern" and p.field == "id" for p in problems(tiny))


def test_the_number_prescreen_finds_what_its_line_start_reference_finds():
    # The fast prescreen (a pattern from each colon looking back for the name, or one from each
    # whitespace character when a colon has a space before it) must flag a text exactly when
    # the plain form, `^`-or-class, finds a number field whose text is neither decimal nor null.
    import re

    from hypothesis import given, settings
    from hypothesis import strategies as st

    from landmine_news.checks.rules.number_spelling import DECIMAL, _suspicious, number_fields
    from landmine_news.models.tables import REGISTRY

    names = "|".join(set().union(*(number_fields(t) for t in REGISTRY)))
    line_start = re.compile(r"(?:^|[\s{,])(?:" + names + r")[ \t]*:[ \t]+([^\s,}\]#'\"][^\n,}\]#]*)", re.M)  # the oracle

    pieces = st.sampled_from(["value", "start", "end", "low", "verb_end", "x", ":", ": ", " ", "\t", "\n", "\r\n",
                              "{", "}", ",", "[", "]", "#", "'", '"', "010", "5", "null", "- ", "  ", "~", "\xa0"])  # fmt: skip
    texts = st.lists(pieces, max_size=30).map("".join) | st.text(max_size=40)

    @settings(max_examples=scaled(400), deadline=None)
    @given(texts)
    def agree(text: str) -> None:
        odd = [t for m in line_start.finditer(text) if (t := m.group(1).rstrip()) not in {"null", "Null", "NULL", "~"}]
        assert _suspicious(text) == any(not DECIMAL.fullmatch(t) for t in odd)

    agree()

    # A number field on the text's first line, with nothing before it, is screened too.
    assert _suspicious("value: 010") and not _suspicious("value: 10") and _suspicious("id: x\n{end: 0x1}")
