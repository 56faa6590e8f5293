"""Hardening of the values inside records: strict numbers, YAML 1.1 number forms, sanity
bounds, grapheme-safe spans, clear hints, bounded hint cost and formula-like cells."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.checks.problems import Problem
from landmine_news.checks.validation import check_dataset

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
    edit(ART, "    value: 5000\n    low: 5000", f"    value: {written}")(tiny)
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
    edit(ART, "    value: 5000\n    low: 5000", "    low: 30\n    high: 20")(tiny)
    [p] = problems(tiny, "field-invalid")
    assert p.field == "figures[0].low" and p.message == "low 30 is above high 20"
