"""Schema 2.0.0's convention, enforced by validate: attribution, inclusivity, the rule
table, figure-in-quote, part_of, speaker labels and membership bases."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import check_dataset
from landmine_news.models.figure_rules import match, table

from .conftest import set_source

ART = "articles/tiny-article.yaml"


def errors(root: Path, old: str, new: str, rel: str = ART):
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return check_dataset(root).report.errors


def line_of(root: Path, marker: str, rel: str = ART) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if marker in line)


def test_explicit_attribution_without_a_verb_is_refused_at_attribution(tiny: Path):
    [p] = errors(tiny, "    verb: said\n    attribution: explicit", "    attribution: explicit")
    assert p.field == "quotes[0].attribution" and "no verb" in p.message
    assert p.line == line_of(tiny, "attribution: explicit") and "inferred" in (p.hint or "")


def test_inferred_without_a_verb_is_valid_and_the_verb_span_is_computed(tiny: Path):
    assert errors(tiny, "    verb: said\n    attribution: explicit", "    attribution: inferred") == []
    ds = check_dataset(tiny).dataset
    q2 = ds.quote("tiny-q2")
    source = (tiny / "sources" / "tiny.txt").read_text(encoding="utf-8")
    assert q2.verb_start is not None and q2.verb_end is not None
    assert source[q2.verb_start : q2.verb_end] == "argue"


def test_inclusivity_that_contradicts_the_qualifier_is_refused(tiny: Path):
    [p] = errors(tiny, "    low_inclusive: false", "    low_inclusive: true")
    assert p.field == "figures[0].low_inclusive" and "more_than" in p.message
    assert p.line == line_of(tiny, "low_inclusive: true")


def test_a_coding_that_breaks_its_row_names_the_row(tiny: Path):
    [p] = errors(tiny, "    point: 5000", "    point: 4000")
    assert p.code == "figure-rule-mismatch" and "'more-than-n'" in p.message
    assert "point: 5000" in (p.hint or "")


def test_a_share_needs_its_base(tiny: Path):
    found = errors(tiny, "    unit: square_mile", "    unit: proportion")
    assert any(p.field == "figures[0].base" for p in found)


def test_a_membership_needs_its_basis(tiny: Path):
    [p] = errors(tiny, "member_of_basis: A spokesperson of Tinyland, as the page says\n", "", rel="actors/tiny-spokesperson.yaml")
    assert p.field == "member_of" and p.file.endswith("tiny-spokesperson.yaml")
    assert p.line == line_of(tiny, "member_of:", rel="actors/tiny-spokesperson.yaml")  # at the field to complete


@pytest.mark.parametrize(
    ("part_of", "speaker", "expected"),
    [("tiny-nope", "tiny-critics", "not in this article"), ("tiny-q1", "tiny-critics", "spoken by")],
)
def test_part_of_must_name_the_first_clause_of_the_same_speaker(tiny: Path, part_of: str, speaker: str, expected: str):
    found = errors(tiny, "    stance: opposes", f"    stance: opposes\n    part_of: {part_of}")
    assert [p.field for p in found] == ["quotes[1].part_of"] and expected in found[0].message


def test_a_speaker_label_must_be_in_the_source(tiny: Path):
    [p] = errors(tiny, "    speaker: tiny-critics", '    speaker: tiny-critics\n    speaker_label: "Opponents"')
    assert p.code == "text-not-found" and p.field == "quotes[1].speaker_label"
    assert errors(tiny, '    speaker_label: "Opponents"', '    speaker_label: "Critics"') == []
    q2 = check_dataset(tiny).dataset.quote("tiny-q2")
    source = (tiny / "sources" / "tiny.txt").read_text(encoding="utf-8")
    assert q2.speaker_label_start == source.index("Critics")
    assert source[q2.speaker_label_start : q2.speaker_label_end] == "Critics"


def test_a_reaction_is_a_quote_kind(tiny: Path):
    assert errors(tiny, "    kind: indirect", "    kind: reaction") == []


# -- the rule table covers the audit's wordings, each by its own row -------------------------
@pytest.mark.parametrize(
    ("mention", "row", "coding"),
    [
        ("a couple of mines", "a-couple", {"qualifier": "approximately", "value": 2}),
        ("a handful of states", "a-handful", {"low": 2, "low_inclusive": True}),
        ("a dozen villages", "a-dozen", {"value": 12}),
        ("scores of deminers", "scores", {"low": 40, "point": 20}),
        ("many civilians", "many", {"low": 2, "point": None}),
        ("numerous reports", "many", {"low": 2}),
        ("some countries", "many", {"low": 2}),
        ("hundreds of thousands of mines", "hundreds-of-thousands", {"low": 200000, "point": 100000}),
        ("millions of mines", "millions", {"low": 2000000}),
        ("several thousand troops", "several-thousand", {"low": 3000}),
        ("as many as 500 mines", "at-most-n", {"high": 500.0, "high_inclusive": True}),
        ("more than half of the area", "more-than-half", {"low": 0.5, "low_inclusive": False, "high": 1}),
        ("half of the fields", "half", {"value": 0.5}),
        ("a third of the territory", "a-third", {"value": pytest.approx(1 / 3)}),
        ("two-thirds of the land", "two-thirds", {"value": pytest.approx(2 / 3)}),
        ("between 3 and 5 years", "between", {"low": 3.0, "high": 5.0, "low_inclusive": True, "high_inclusive": True}),
        ("more than a dozen countries", "more-than-a-dozen", {"value": 12, "low_inclusive": False}),
        ("nearly 50,000 square miles", "nearly-n", {"value": 50000.0, "high": 50000.0, "high_inclusive": False}),
        ("few nations", "a-few", {"low": 2, "point": 2}),
        ("several nations", "several", {"low": 3, "point": 3}),
        ("dozens of mines", "dozens", {"low": 24, "point": 12}),
        ("thousands of troops", "thousands", {"low": 2000, "point": 1000}),
        ("most allies", "most", {"low": 0.5, "low_inclusive": False, "high": 1, "high_inclusive": True}),
        ("over 50,000 square miles", "more-than-n", {"value": 50000.0, "low_inclusive": False}),
        ("$1.5 billion in aid", "exact-n", {"value": 1.5e9}),
    ],
)
def test_rule_table_wordings(mention: str, row: str, coding: dict):
    found = match(mention)
    assert found is not None and found.row.id == row
    for name, value in coding.items():
        assert found.expected[name] == value, name


def test_few_and_several_are_separate_rows_and_every_row_is_reachable():
    rows, _ = table()
    assert match("few").row.id != match("several").row.id  # type: ignore[union-attr]
    for row in rows:  # the first wording of each row reaches that row, not an earlier one
        sample = row.wordings[0].replace("N", "40").replace("M", "60")
        assert match(sample).row.id == row.id, (row.id, sample)  # type: ignore[union-attr]


def test_a_percent_sign_requires_unit_percent(tiny: Path):
    path = tiny / "sources" / "tiny.txt"
    set_source(tiny, (path.read_text(encoding="utf-8") + "About 45% of fields.\n").encode("utf-8"))
    art = (tiny / ART).read_text(encoding="utf-8")
    art += '  - id: tiny-f2\n    mention: "About 45% of fields"\n    measures: share of fields\n    value: 45\n'
    art += "    point: 45\n    unit: proportion\n    base: fields\n    qualifier: approximately\n"
    (tiny / ART).write_text(art, encoding="utf-8")
    found = check_dataset(tiny).report.errors
    assert any(p.code == "figure-rule-mismatch" and p.field == "figures[1].unit" and "percent" in p.message for p in found), found


def test_a_link_to_a_record_that_failed_is_not_reported_again(tiny: Path):
    # tiny-q1 breaks its own rule (explicit without a verb); a figure linked to it must not
    # add a second, derived problem about the link.
    errors(tiny, "    point: 5000", "    point: 5000\n    quote: tiny-q1")
    found = errors(tiny, "    verb: said\n    attribution: explicit", "    attribution: explicit")
    assert [p.field for p in found] == ["quotes[0].attribution"], found
