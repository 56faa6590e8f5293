"""Problems sort errors first, then by place; messages that tie compare their numbers as numbers;
a bad byte is located in characters, as every column is; an invisible control is refused where
the curator writes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from landmine_news.checks.report.problems import Problem, Report


def _warning(message: str) -> Problem:
    return Problem("coverage-unreviewed", message, file="articles/a.yaml", line=1, column=1, severity="warning")


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(1, 10**4)), min_size=1, max_size=30))
def test_tied_messages_come_in_the_order_of_their_numbers(places: list[tuple[int, int]]):
    report = Report([_warning(f"source line {line}:{column}: a cue") for line, column in places]).sorted()
    assert [p.message for p in report.problems] == [f"source line {a}:{b}: a cue" for a, b in sorted(places)]


def test_the_order_survives_digit_runs_beyond_what_int_reads():
    long = "9" * 5000
    report = Report([_warning(f"value {long}"), _warning("value 10"), _warning("value 9"), _warning("value")]).sorted()
    assert [p.message for p in report.problems] == ["value", "value 9", "value 10", f"value {long}"]


def test_errors_still_come_before_warnings():
    error = Problem("yaml-syntax", "bad", file="articles/z.yaml", line=9, column=1)
    report = Report([_warning("source line 1:1"), error]).sorted()
    assert report.problems[0] is error


@given(st.text(alphabet=st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)), max_size=40))
def test_a_bad_byte_is_located_in_characters_like_every_other_column(prefix: str):
    from landmine_news.checks.reading.files import decode

    data = b"id: x\n" + f"name: {prefix}".encode() + b"\xff tail\n"
    text, [problem] = decode(data, "actors/x.yaml")
    assert text is None and problem.code == "not-utf8"
    assert (problem.line, problem.column) == (2, len(f"name: {prefix}") + 1)


@given(
    st.sampled_from([*map(chr, [*range(0, 9), *range(11, 32), *range(127, 160), *range(0x202A, 0x202F), *range(0x2066, 0x206A)])])
)
def test_an_invisible_control_is_refused_in_what_the_curator_writes_not_in_verbatim_text(char: str):
    from landmine_news.checks.rules.record_values import value_findings
    from landmine_news.models.actor import Actor

    actor = Actor.model_validate({"id": "a", "name": f"Na{char}me", "kind": "person", "notes": "tab\there\nand a line"})
    [found] = value_findings(actor)
    assert found.problem.code == "value-control-character" and found.path == ("name",)
    assert f"U+{ord(char):04X} at position 3" in found.problem.message
    [both] = value_findings(Actor.model_validate({"id": "a", "name": "Name", "kind": "person", "notes": "a\u2066b\rc"}))
    assert "U+2066 at position 2, U+000D at position 4" in both.problem.message
    clean = Actor.model_validate({"id": "a", "name": "Name", "kind": "person", "notes": "tab\there\u200f\nand a line"})
    assert value_findings(clean) == []
