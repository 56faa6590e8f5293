"""Behaviours a mutation study found unpinned: anchoring spans and orphan-actor warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landmine_news.checks.anchoring.spans import AnchorFailure, Span, anchor, occurrences
from landmine_news.checks.engine.validation import validate

from .profiles import scaled

# --- occurrences: overlapping ones count --------------------------------------------------


def test_overlapping_occurrences_are_all_found():
    assert occurrences("aaaa", "aa") == [0, 1, 2]
    assert occurrences("abababa", "aba") == [0, 2, 4]


@settings(max_examples=scaled(100), deadline=None)
@given(source=st.text(alphabet="ab", max_size=12), text=st.text(alphabet="ab", min_size=1, max_size=3))
def test_occurrences_equal_a_brute_force_scan_of_every_start(source: str, text: str):
    expected = [i for i in range(len(source)) if source.startswith(text, i)]
    assert occurrences(source, text) == expected


def test_an_overlapping_occurrence_can_be_chosen_and_counts_towards_ambiguity():
    second = anchor({"text": "aa", "occurrence": 2}, "text", "aaaa", "s")
    assert isinstance(second, Span)
    assert (second.start, second.end) == (1, 3)
    ambiguous = anchor({"text": "aa"}, "text", "aaaa", "s")
    assert isinstance(ambiguous, AnchorFailure)
    assert ambiguous.code == "text-ambiguous"
    assert "3 times" in ambiguous.message


# --- hand-written prefix and suffix must equal the computed ones ---------------------------

SOURCE = "Officials said: We will act. Critics disagree."


def test_right_hand_written_prefix_and_suffix_are_accepted():
    found = anchor({"text": "We will act.", "prefix": "Officials said: ", "suffix": " Critics disagree."}, "text", SOURCE, "s")
    assert isinstance(found, Span)
    assert (found.start, found.prefix, found.suffix) == (16, "Officials said: ", " Critics disagree.")


@pytest.mark.parametrize("attr", ["prefix", "suffix"])
def test_a_wrong_hand_written_prefix_or_suffix_is_an_offset_mismatch(attr: str):
    found = anchor({"text": "We will act.", attr: "not the context"}, "text", SOURCE, "s")
    assert isinstance(found, AnchorFailure)
    assert (found.code, found.field, found.value) == ("offset-mismatch", attr, "not the context")


# --- an empty text is never anchored --------------------------------------------------------


@pytest.mark.parametrize("source", ["", "abc"])
@pytest.mark.parametrize("occurrence", [None, 1])
def test_an_empty_text_is_not_anchored(source: str, occurrence: int | None):
    """Left to the model (`field-invalid`): neither a span at offset 0 nor `text-ambiguous`."""
    assert anchor({"text": "", "occurrence": occurrence}, "text", source, "s") is None


# --- occurrence is 1-based: 0 is refused like a negative one --------------------------------


@pytest.mark.parametrize("occurrence", [0, -1])
def test_an_occurrence_below_one_is_not_anchored(occurrence: int):
    """Never read as a Python index, where 0 would pick the last occurrence (index -1)."""
    assert anchor({"text": "aa", "occurrence": occurrence}, "text", "aaaa", "s") is None
    assert anchor({"text": "act", "occurrence": occurrence}, "text", SOURCE, "s") is None


# --- end to end on the tiny dataset ---------------------------------------------------------


def _edit(tiny: Path, old: str, new: str) -> None:
    path = tiny / "articles" / "tiny-article.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(tiny: Path) -> list[tuple[str, str | None, object]]:
    return [(p.code, p.field, p.value) for p in validate(tiny, workers=1, cache=False).problems]


Q1_TEXT = '    text: "We will act."\n'
Q2 = (
    "  - id: tiny-q2\n    speaker: tiny-critics\n"
    '    text: "the plan is unsafe"\n    kind: indirect\n    verb: argue\n'
    "    attribution: explicit\n    stance: opposes\n"
)


def test_an_empty_quote_text_is_one_model_problem(tiny: Path):
    _edit(tiny, Q1_TEXT, '    text: ""\n')
    errors = [(code, field) for code, field, _ in _problems(tiny) if code != "coverage-unreviewed"]
    assert errors == [("field-invalid", "quotes[0].text")]


@pytest.mark.parametrize("occurrence", [0, -1])
def test_an_occurrence_below_one_is_one_model_problem(tiny: Path, occurrence: int):
    _edit(tiny, Q1_TEXT, f"{Q1_TEXT}    occurrence: {occurrence}\n")
    errors = [(code, field) for code, field, _ in _problems(tiny) if code != "coverage-unreviewed"]
    assert errors == [("field-invalid", "quotes[0].occurrence")]


def test_a_wrong_hand_written_prefix_is_reported_in_the_dataset(tiny: Path):
    _edit(tiny, Q1_TEXT, f'{Q1_TEXT}    prefix: "wrong"\n')
    assert ("offset-mismatch", "quotes[0].prefix", "wrong") in _problems(tiny)


def _unreferenced(tiny: Path) -> set[object]:
    return {value for code, _, value in _problems(tiny) if code == "actor-unreferenced"}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("    stance: opposes\n", "    stance: not-a-stance\n"),
        ("    stance: opposes\n", "    stance: opposes\n    bogus_field: 1\n"),
    ],
    ids=["invalid-stance", "unknown-field"],
)
def test_an_actor_named_only_by_a_failing_quote_is_not_unreferenced(tiny: Path, old: str, new: str):
    """tiny-critics is the speaker of tiny-q2 alone; that quote failing its model still counts."""
    _edit(tiny, old, new)
    problems = _problems(tiny)
    assert any(code.startswith("field-") and str(field).startswith("quotes[1].") for code, field, _ in problems), problems
    assert not [p for p in problems if p[0] == "actor-unreferenced" and p[2] == "tiny-critics"], problems


def test_an_actor_named_by_no_record_is_unreferenced(tiny: Path):
    """The control: with tiny-q2 gone, tiny-critics is warned about (and only it)."""
    _edit(tiny, Q2, "")
    assert _unreferenced(tiny) == {"tiny-critics"}
