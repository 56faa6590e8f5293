"""Hints that compare with many things are bounded, and say where the bound cut them short."""

from __future__ import annotations

from pathlib import Path

import pytest

import landmine_news.checks.rules.cross_record as cross_record
from landmine_news.checks.rules.cross_record import MAX_GUESSED, ActorReferences, Summary
from landmine_news.checks.rules.file_result import FileResult

from .profiles import scaled


def test_unknown_actor_ids_get_a_guess_up_to_the_cap_and_the_rest_say_so(monkeypatch: pytest.MonkeyPatch):
    calls: list[str] = []
    real = cross_record.closest

    def counting(value: str, known: object, n: int = 3) -> list[str]:
        calls.append(value)
        return real(value, known, n)  # type: ignore[arg-type]

    monkeypatch.setattr(cross_record, "closest", counting)
    check = ActorReferences()
    actors = FileResult("actor", "actors.yaml", parsed=True)
    actors.models = [((i,), (Summary("actors", f"actor-{i}", ()), None)) for i in range(50)]
    check.feed(actors)
    refs = tuple(("mentions", i, f"ghost-{i % (MAX_GUESSED * 3)}") for i in range(MAX_GUESSED * 6))
    article = FileResult("article", "articles/a.yaml", parsed=True)
    article.models = [((), (Summary("articles", "a", refs), None))]
    check.feed(article)
    found = list(check.finish())
    assert len(found) == len(refs)  # every unknown reference is reported
    assert len(calls) == MAX_GUESSED and len(set(calls)) == MAX_GUESSED  # each distinct id guessed once, up to the cap
    capped = [f for f in found if f"first {MAX_GUESSED} unknown ids only" in (f.problem.hint or "")]
    assert capped and all("ghost-" in (f.problem.value or "") for f in capped)
    assert {f.problem.value for f in capped}.isdisjoint(calls)


def test_closest_passages_are_searched_for_the_first_unfound_texts_of_a_file_only(monkeypatch: pytest.MonkeyPatch):
    import landmine_news.checks.anchoring.spans as spans

    searched: list[str] = []
    real = spans.closest_passage

    def counting(source: str, text: str) -> tuple[str, str]:
        searched.append(text)
        return real(source, text)

    monkeypatch.setattr(spans, "closest_passage", counting)
    budget = spans.PassageBudget()
    source = "Officials said the fields are mined. " * 50
    failures = [spans.anchor({"text": f"absent words {i}"}, "text", source, "s.txt", budget) for i in range(60)]
    assert all(isinstance(f, spans.AnchorFailure) and f.code == "text-not-found" for f in failures)
    assert len(searched) == spans.PASSAGES_PER_FILE
    assert all(f"at most {spans.PASSAGES_PER_FILE}" in (f.hint or "") for f in failures[spans.PASSAGES_PER_FILE :])
    # Against a long source, fewer searches: the characters they read are bounded too.
    searched.clear()
    long_budget = spans.PassageBudget()
    long_source = "x" * (spans.PASSAGE_CHARACTERS // 3)
    for i in range(10):
        spans.anchor({"text": f"absent {i}"}, "text", long_source, "s.txt", long_budget)
    assert len(searched) == 3


def test_a_text_anchored_by_many_records_is_looked_up_once():
    from landmine_news.checks.anchoring import spans

    spans._whole_starts.cache_clear()
    source = "ab " * 20_000
    results = [spans.anchor({"text": "ab", "occurrence": n}, "text", source, "s.txt") for n in range(1, 2001)]
    assert [r.start for r in results if isinstance(r, spans.Span)] == [3 * (n - 1) for n in range(1, 2001)]
    info = spans._whole_starts.cache_info()
    assert info.misses == 1 and info.hits == 1999


def test_a_line_index_answers_as_counting_line_breaks_does():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from landmine_news.checks.reading.yaml_reader import LineIndex, line_col

    @settings(max_examples=scaled(200), deadline=None)
    @given(st.text(alphabet="ab\n\r", max_size=40), st.lists(st.integers(-3, 45), max_size=10))
    def agree(text: str, places: list[int]) -> None:
        lines = LineIndex(text)
        assert [lines.position(i) for i in places] == [line_col(text, i) for i in places]

    agree()


def test_findings_of_a_source_without_sentence_punctuation_hold_offsets_not_copies(tiny: Path):
    from landmine_news.checks.coverage.findings import SENTENCE_SHOWN
    from landmine_news.tools.coverage import coverage

    from .conftest import SOURCE, set_source

    set_source(tiny, (SOURCE + "officials said " * 20_000).encode("utf-8"))
    [article] = coverage(tiny).articles
    assert len(article.findings) > 100
    assert all(len(f.sentence) <= SENTENCE_SHOWN for f in article.findings)  # shown, never the whole text
    assert all(f.sentence_end - f.sentence_start > 100_000 for f in article.findings[1:])  # the sentence, by offsets
