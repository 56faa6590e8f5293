"""The fidelity of a quote to the words first published, computed from the two wordings."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from landmine_news.models.fidelity import compare, normalise

from .profiles import scaled

words = st.lists(st.text(st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=8), min_size=1, max_size=12)
quote_marks = st.sampled_from(["“", "”", "‘", "’", '"', "'", "«", "»"])
spaces = st.sampled_from([" ", "  ", "\n", "\u00a0", "\t"])


@settings(max_examples=scaled(300), deadline=None)
@given(st.text(max_size=60))
def test_normalising_twice_changes_nothing(text: str):
    assert normalise(normalise(text)) == normalise(text)


@settings(max_examples=scaled(300), deadline=None)
@given(words, words)
def test_verbatim_exactly_when_the_normalised_wordings_are_equal(a: list[str], b: list[str]):
    x, y = " ".join(a), " ".join(b)
    assert (compare(x, y).verdict == "verbatim") == (normalise(x) == normalise(y))


@settings(max_examples=scaled(300), deadline=None)
@given(words, st.integers(0, 11), st.integers(1, 12))
def test_trimmed_exactly_when_one_is_a_contiguous_part_of_the_other(first: list[str], lo: int, size: int):
    part = first[lo : lo + size]
    if not part:
        return
    quoted, said = " ".join(part), " ".join(first)
    result = compare(quoted, said)
    if normalise(quoted) == normalise(said):
        assert result.verdict == "verbatim"
    else:
        assert result.verdict == "trimmed" and compare(said, quoted).verdict == "trimmed"


@settings(max_examples=scaled(300), deadline=None)
@given(words, words)
def test_altered_otherwise_with_the_changes_listed(a: list[str], b: list[str]):
    x, y = " ".join(a), " ".join(b)
    n, m = normalise(x), normalise(y)
    contiguous = re.search(rf"(?<!\w){re.escape(n)}(?!\w)", m) or re.search(rf"(?<!\w){re.escape(m)}(?!\w)", n)
    result = compare(x, y)
    if n != m and not contiguous:
        assert result.verdict == "altered" and result.changes and 0 < result.edit_ratio <= 1


@settings(max_examples=scaled(200), deadline=None)
@given(words, quote_marks, quote_marks, spaces, st.sampled_from(["", ".", ","]))
def test_typography_is_no_change(a: list[str], opening: str, closing: str, space: str, stop: str):
    plain = " ".join(a)
    dressed = opening + space.join(a) + stop + closing
    assert compare(dressed, plain).verdict == "verbatim"
    assert compare("It’s “" + plain + "”", "It's \"" + plain + '"').verdict == "verbatim"


def test_a_rewrite_lists_what_changed():
    result = compare("weapons that cause civilian casualties", "weapons that kill and maim civilians")
    assert result.verdict == "altered" and "kill and maim civilians → cause civilian casualties" in result.changes


def test_what_is_typography_and_what_is_a_change():
    # Dashes between words, case, invisible format characters, compatibility forms and
    # editorial brackets are typography; a hyphen spelled differently is a change.
    assert compare("weapons - and children", "weapons — and children").verdict == "verbatim"
    assert compare("Landmines kill", "landmines kill").verdict == "verbatim"
    assert compare("[T]he plan", "the plan").verdict == "verbatim"
    assert compare("a soft\u00adhyphen and a zero\u200bwidth space", "a softhyphen and a zerowidth space").verdict == "verbatim"
    assert compare("full\uff0c width", "full, width").verdict == "verbatim"
    assert compare("non-persistent", "nonpersistent").verdict == "altered"


def test_an_omission_marked_with_an_ellipsis_is_trimming():
    assert compare("mines kill … for generations", "mines kill and maim civilians for generations").verdict == "trimmed"
    assert compare("for generations … mines kill", "mines kill and maim civilians for generations").verdict == "altered"


def test_words_left_out_at_the_ends_are_not_counted_as_changes():
    first = "Anti-personnel land mines are indiscriminate weapons that kill and maim civilians, and especially children"
    result = compare("weapons that kill and harm civilians", first)
    assert result.verdict == "altered" and result.changes == ("maim → harm",)
    assert 0 < result.edit_ratio < 0.2
