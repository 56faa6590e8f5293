"""Hints name the real fix: a typed YAML scalar in a number field is not told to be text."""

from __future__ import annotations

from pathlib import Path

from landmine_news.checks.engine.validation import check_dataset

ART = "articles/tiny-article.yaml"


def _problems(root: Path, old: str, new: str):
    path = root / ART
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return check_dataset(root).report.errors


def test_a_date_in_a_number_field_is_not_told_the_field_holds_text(tiny: Path):
    [problem] = _problems(tiny, "    value: 5000", "    value: 2024-01-01")
    assert problem.code == "field-type" and problem.field == "figures[0].value"
    assert "holds text" not in (problem.hint or "")


def test_a_number_in_a_text_field_is_told_to_quote_it(tiny: Path):
    [problem] = _problems(tiny, "    verb: argue", "    verb: 2024-01-01")
    assert problem.code == "field-type" and problem.field == "quotes[1].verb"
    assert "Quote the value" in (problem.hint or "")
