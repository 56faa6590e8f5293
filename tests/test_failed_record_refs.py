"""A record that fails its model still has its actor references checked: every problem at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import check_dataset


def _edit(tiny: Path, old: str, new: str) -> None:
    path = tiny / "articles" / "tiny-article.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _found(tiny: Path, cache: bool) -> set[tuple[str, str | None, int | None]]:
    report = check_dataset(tiny, workers=1, cache=cache).report
    return {(p.code, p.field, p.line) for p in report.errors}


@pytest.mark.parametrize("cache", [False, True])
def test_a_quote_failing_its_model_still_has_its_speaker_checked(tiny: Path, cache: bool):
    _edit(
        tiny,
        '    speaker: tiny-critics\n    text: "the plan is unsafe"\n    kind: indirect',
        '    speaker: ghost-speaker\n    text: "the plan is unsafe"\n    kind: bogus',
    )
    for _ in range(2 if cache else 1):  # with the cache: the run that fills it, and the one it serves
        found = _found(tiny, cache)
        assert ("field-enum", "quotes[1].kind", 24) in found, found
        assert ("reference-unresolved", "quotes[1].speaker", 22) in found, found


def test_an_article_failing_its_model_still_has_its_actor_lists_checked(tiny: Path):
    _edit(tiny, "mentions:\n  - tiny-state\n", "reading_time_minutes: two\nmentions:\n  - tiny-state\n  - ghost-actor\n")
    found = {(code, field) for code, field, _ in _found(tiny, False)}
    assert ("reference-unresolved", "mentions[1]") in found, found
    assert any(field == "reading_time_minutes" for _, field in found), found
    assert ("reference-unresolved", "mentions[0]") not in found  # a known actor is no problem


def test_an_actor_named_only_by_a_failing_record_is_not_an_orphan(tiny: Path):
    _edit(tiny, "mentions:\n  - tiny-state\n", "reading_time_minutes: two\nmentions:\n  - tiny-state\n")
    report = check_dataset(tiny, workers=1, cache=False).report
    assert not any(p.code == "actor-unreferenced" and p.value == "tiny-state" for p in report.problems)


def test_an_id_that_is_no_slug_is_reported_once_by_the_model(tiny: Path):
    _edit(tiny, "    speaker: tiny-critics\n", "    speaker: Tiny Critics\n")
    found = _found(tiny, False)
    assert [code for code, field, _ in found if field == "quotes[1].speaker"] == ["field-pattern"], found
