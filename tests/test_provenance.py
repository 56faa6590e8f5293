"""Quote provenance and statements across articles (schema 2.1): the lineage of made-up
relays, the rules a record must keep, and what a release holds of them."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from landmine_news.checks.engine.validation import check_dataset as check
from landmine_news.models.lineage import QuoteLink, lineage
from landmine_news.release.writer import build

from .profiles import scaled
from .test_problem_codes import ART, Q1_ATTRIBUTION, edit, relay

FIRST = "Anti-personnel land mines are indiscriminate weapons that kill and maim civilians."


def link(
    qid: str,
    date: str | None,
    text: str = FIRST,
    *,
    article: str | None = None,
    speaker: str = "khadhraoui",
    statement: str | None = None,
    relays: str | None = None,
    words: str | None = None,
    url: str | None = None,
    first_url: str | None = None,
    first_date: str | None = None,
    fidelity: str | None = None,
    direct: bool = True,
) -> QuoteLink:
    return QuoteLink(
        qid,
        article or f"article-{qid}",
        date,
        url,
        speaker,
        direct,
        text,
        statement,
        relays,
        "Politico" if words else None,
        words,
        first_url,
        first_date,
        fidelity,
        words is not None,
    )


def test_a_chain_of_relays_gets_its_verdicts_against_the_first_publication():
    found = lineage(
        [
            link("rt", "2024-11-21", FIRST, relays="relay"),
            link("relay", "2024-11-20", FIRST, relays="politico"),
            link(
                "politico",
                "2024-11-19",
                FIRST,
                statement="s",
                words=FIRST,
                url="https://p.example/a",
                first_url="https://p.example/a",
            ),
            link("rewrite", "2024-11-22", "weapons that cause civilian casualties.", relays="rt"),
            link("gist", None, "that the mines maim civilians", statement="s", direct=False),
            link("part", "2024-11-23", "indiscriminate weapons", relays="politico"),
        ]
    )
    assert not found.problems
    [row] = found.statements
    assert row.quotes == ["politico", "relay", "rt", "rewrite", "part", "gist"]  # by date, undated last
    assert row.first_quote == "politico" and row.first_words == FIRST and row.speaker == "khadhraoui"
    verdicts = {q: v.fidelity for q, v in found.verdicts.items()}
    assert verdicts == {"relay": "verbatim", "rt": "verbatim", "rewrite": "altered", "gist": "paraphrase", "part": "trimmed"}
    changes = found.verdicts["rewrite"].changes
    assert changes and any("cause civilian casualties" in c for c in changes) and found.verdicts["rewrite"].edit_ratio > 0


def test_without_a_recorded_first_publication_no_report_is_compared_with_another():
    found = lineage(
        [
            link("later", "2024-11-21", "We will act.", statement="s"),
            link("earlier", "2024-11-20", "We will act now.", statement="s"),
        ]
    )
    [row] = found.statements
    assert row.first_quote == "earlier" and row.first_publisher is None and row.first_words is None
    assert {q: v.fidelity for q, v in found.verdicts.items()} == {"later": "unchecked", "earlier": "unchecked"}
    # Once a quote of the statement was looked for in vain, its relays are not found either.
    searched = lineage(
        [link("orig", "2024-11-20", statement="s", fidelity="not_found"), link("copy", "2024-11-21", relays="orig")]
    )
    assert searched.verdicts["copy"].fidelity == "not_found" and searched.statement_of["copy"] == "s"
    assert not searched.problems


def test_bad_lineages_are_refused_at_the_field_to_fix():
    found = lineage(
        [
            link("a", "2024-11-20", relays="b"),
            link("b", "2024-11-21", relays="a"),
            link("c", "2024-11-20", relays="missing"),
            link("d", "2024-11-20", article="same", statement="t"),
            link("e", "2024-11-21", article="same", relays="d"),
            link("f", "2024-11-20", statement="t", speaker="someone-else"),
            link("g", "2024-11-19", statement="u", words="We act.", first_date="2024-11-25"),
            link("h", "2024-11-22", "We act.", statement="u", fidelity="altered"),
            link("i", "2024-11-18", statement="u", relays="g"),
        ]
    )
    got = {(p.quote, p.field, p.code) for p in found.problems}
    assert got == {
        ("a", "relays", "relay-cycle"),
        ("b", "relays", "relay-cycle"),
        ("c", "relays", "relay-invalid"),
        ("e", "relays", "relay-invalid"),
        ("f", "speaker", "statement-mismatch"),
        ("g", "first_date", "first-published-after"),
        ("h", "fidelity", "fidelity-contradicted"),
        ("i", "relays", "first-published-after"),
    }


dates = st.dates(min_value=dt.date(2024, 11, 1), max_value=dt.date(2024, 12, 31))


@settings(max_examples=scaled(100), deadline=None)
@given(st.lists(st.tuples(st.integers(0, 1000), dates), min_size=1, max_size=25))
def test_any_forest_of_relays_forward_in_time_is_one_lineage_without_problems(spec: list[tuple[int, dt.date]]):
    # Quote k relays an earlier quote (or none, then it names its own statement); dates never go back.
    links: list[QuoteLink] = []
    for k, (pick, day) in enumerate(spec):
        target = links[pick % k] if k and pick % 3 else None
        date = max(day, dt.date.fromisoformat(target.article_date)) if target and target.article_date else day  # type: ignore[arg-type]
        if target is None:
            links.append(link(f"q{k}", date.isoformat(), statement=f"s{k}"))
        else:
            links.append(link(f"q{k}", date.isoformat(), relays=target.id))
    found = lineage(links)
    assert not found.problems
    grouped = [q for row in found.statements for q in row.quotes]
    assert sorted(grouped) == sorted(link.id for link in links)  # every quote in exactly one statement
    order = {link.id: link.article_date for link in links}
    for row in found.statements:
        assert [order[q] for q in row.quotes] == sorted(order[q] for q in row.quotes)
        assert row.first_quote == row.quotes[0]


def _problems(root: Path) -> set[tuple[str, str | None]]:
    return {(p.code, p.field) for p in check(root).report.problems if p.severity == "error"}


def test_a_record_without_what_its_verdict_needs_is_refused(tiny: Path):
    edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + "    fidelity: not_found\n    checked_on: 2026-12-07\n")(tiny)
    assert _problems(tiny) == {("field-invalid", "quotes[0].searched")}


def test_first_words_need_a_statement_and_a_date_of_search(tiny: Path):
    edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + '    first_publisher: Gazette\n    first_words: "We will act."\n')(tiny)
    assert _problems(tiny) == {("field-invalid", "quotes[0].statement")}


def test_a_contributed_relay_gets_its_verdict_in_every_release_format(tiny: Path, tmp_path: Path):
    research = (
        '    statement: tiny-act\n    first_publisher: Tinyland Gazette\n    first_words: "We will act now, and soon."\n'
        "    first_url: https://gazette.example/act\n    first_date: 2024-11-19\n    checked_on: 2026-12-07\n"
        "    searched:\n      - https://gazette.example/act\n"
    )
    edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + research)(tiny)
    relay("    relays: tiny-q1\n")(tiny)
    result = build(tiny, tmp_path / "out")
    assert result.report.ok, [(p.code, p.message) for p in result.report.errors]
    out = tmp_path / "out"
    quotes = {r["id"]: r for r in pq.read_table(out / "quotes.parquet").to_pylist()}
    assert quotes["tiny-q1"]["fidelity"] == "trimmed"  # its own first words
    # The relay names no statement: the release gives it the statement of the quote it relays.
    assert quotes["tiny-relay-q1"]["fidelity"] == "trimmed" and quotes["tiny-relay-q1"]["statement"] == "tiny-act"
    assert quotes["tiny-q2"]["fidelity"] == "unchecked"
    [row] = pq.read_table(out / "statements.parquet").to_pylist()
    assert row["quotes"] == ["tiny-q1", "tiny-relay-q1"] and row["first_date"] == dt.date(2024, 11, 19)
    with sqlite3.connect(out / "landmine-news.sqlite") as db:
        named = dict(db.execute("SELECT quote_id, quote_fidelity FROM quotes_named").fetchall())
        assert named["tiny-relay-q1"] == "trimmed"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    statements = next(r for r in package["resources"] if r["name"] == "statements")
    keys = {k["fields"][0]: k["reference"]["resource"] for k in statements["schema"]["foreignKeys"]}
    assert keys == {"speaker": "actors", "first_quote": "quotes"}
    quote_keys = next(r for r in package["resources"] if r["name"] == "quotes")["schema"]["foreignKeys"]
    assert {"fields": ["statement"], "reference": {"resource": "statements", "fields": ["id"]}} in quote_keys


def test_the_working_dataset_gives_relays_their_verdicts_too(tiny: Path):
    research = '    statement: tiny-act\n    first_publisher: Gazette\n    first_words: "We will act soon."\n'
    edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + research + "    checked_on: 2026-12-07\n")(tiny)
    relay("    relays: tiny-q1\n")(tiny)
    ds = check(tiny).dataset
    relayed = ds.quote("tiny-relay-q1")
    assert relayed.fidelity is not None and relayed.fidelity.value == "altered" and relayed.statement == "tiny-act"
    assert relayed.fidelity_changes == ["soon → now"]
    assert ds.quote("tiny-q1").fidelity is not None and ds.quote("tiny-q1").fidelity.value == "trimmed"


def test_claimreview_lists_every_check_of_the_committed_release():
    from landmine_news import load
    from landmine_news.models.vocab import Fidelity, Verdict

    from .conftest import BUILD

    reviews = json.loads((BUILD / "claimreview.json").read_text(encoding="utf-8"))
    assert reviews["@context"] == "https://schema.org"
    ds = load(BUILD)
    checked_quotes = {q.id for q in ds.quotes if q.fidelity not in (None, Fidelity.unchecked)}
    checked_figures = {f.id for f in ds.figures if f.check_verdict is not None}
    assert {r["identifier"] for r in reviews["@graph"]} == checked_quotes | checked_figures
    allowed = {v.value for v in Fidelity} | {v.value for v in Verdict}
    articles = {a.id for a in ds.articles}
    for review in reviews["@graph"]:
        assert review["@type"] == "ClaimReview" and review["claimReviewed"] and review["author"]["name"]
        assert review["reviewRating"]["alternateName"] in allowed
        assert review["itemReviewed"]["appearance"]["identifier"] in articles


def test_frictionless_validates_a_release_with_relays(tiny: Path, tmp_path: Path):
    import frictionless

    edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + "    statement: tiny-act\n")(tiny)
    relay("    relays: tiny-q1\n")(tiny)
    assert build(tiny, tmp_path / "out").report.ok
    report = frictionless.validate(tmp_path / "out" / "datapackage.json")
    assert report.valid, report.flatten(["type", "note"])[:5]


def test_stats_count_direct_quotes_by_fidelity():
    from landmine_news import load
    from landmine_news.tools.stats import stats

    from .conftest import BUILD

    ds = load(BUILD)
    counted = stats(ds)["direct_quotes_per_fidelity"]
    assert sum(counted.values()) == sum(q.kind.value == "direct" for q in ds.quotes)
    assert set(counted) <= {"verbatim", "trimmed", "altered", "paraphrase", "not_found", "unchecked"}


def test_what_an_adversarial_pass_found_is_refused_or_computed_right(tiny: Path):
    # A direct quote that changes the words is altered, whatever the curator calls it.
    found = lineage(
        [
            link("o", "2024-11-20", statement="s", words="We will act now."),
            link("r", "2024-11-21", "We shall act now.", relays="o", fidelity="paraphrase"),
        ]
    )
    assert [(p.quote, p.code) for p in found.problems] == [("r", "fidelity-contradicted")]
    assert "shall" in found.problems[0].message  # the changes are named
    # A relay of a quote that failed its own checks is that quote's problem, not the relay's.
    assert not lineage([link("r", "2024-11-21", relays="broken")], broken=["broken"]).problems
    # Quotes of one statement may each record their own part of one first publication; a
    # relay is compared with the part it renders best. Another publisher is refused.
    parts = lineage(
        [
            link("a", "2024-11-20", "We act now.", statement="s", words="We act now."),
            link("b", "2024-11-21", "Nothing else matters.", statement="s", words="Nothing else matters."),
            link("c", "2024-11-22", "nothing else matters", relays="b"),
        ]
    )
    assert not parts.problems and parts.verdicts["c"].fidelity == "verbatim"
    [row] = parts.statements
    assert row.first_words == "Nothing else matters. … We act now."
    clash = lineage(
        [
            link("a", "2024-11-20", statement="s", words="We act now.", first_url="https://a.example/1"),
            link("b", "2024-11-21", statement="s", words="We act.", first_url="https://b.example/2"),
        ]
    )
    assert [(p.quote, p.field, p.code) for p in clash.problems] == [("b", "first_url", "statement-mismatch")]


def test_undated_originals_come_before_their_relays_and_dates_are_checked_through_them():
    found = lineage(
        [
            link("relay", "2024-11-21", relays="middle"),
            link("middle", None, relays="orig"),
            link("orig", None, statement="s"),
            link("early", "2024-11-19", relays="relay"),
        ]
    )
    [row] = found.statements
    assert row.quotes == ["orig", "middle", "relay", "early"] and row.first_quote == "orig"
    assert [(p.quote, p.code) for p in found.problems] == [("early", "first-published-after")]
    late = lineage(
        [link("orig", "2024-11-22", statement="s"), link("mid", None, relays="orig"), link("r", "2024-11-20", relays="mid")]
    )
    assert [(p.quote, p.code) for p in late.problems] == [("r", "first-published-after")] and "through mid" in late.problems[
        0
    ].message


def test_a_relay_that_records_its_own_first_words_still_carries_its_statement():
    found = lineage([link("o", "2024-11-20", statement="s", words=FIRST), link("r", "2024-11-21", relays="o", words=FIRST)])
    assert not found.problems and found.statement_of == {"r": "s"} and "r" not in found.verdicts


def test_a_statement_named_once_and_spelled_almost_as_another_is_a_warning():
    found = lineage(
        [
            link("a", "2024-11-20", statement="khadhraoui-mines"),
            link("b", "2024-11-21", statement="khadhraoui-mines"),
            link("c", "2024-11-22", statement="khadhraoui-mine"),
        ]
    )
    assert [(p.quote, p.field, p.code) for p in found.problems] == [("c", "statement", "statement-unmatched")]


def test_a_reaction_joins_no_statement_and_first_words_hold_a_word(tiny: Path):
    edit(ART, "    kind: indirect\n", "    kind: reaction\n    statement: tiny-act\n")(tiny)
    assert ("field-invalid", "quotes[1].statement") in _problems(tiny)


def test_first_words_of_punctuation_only_are_refused(tiny: Path):
    research = '    statement: tiny-act\n    first_publisher: Gazette\n    first_words: "…"\n    checked_on: 2026-12-07\n'
    edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + research)(tiny)
    assert _problems(tiny) == {("field-invalid", "quotes[0].first_words")}


def test_a_search_dated_before_the_first_publication_is_refused(tiny: Path):
    research = (
        '    statement: tiny-act\n    first_publisher: Gazette\n    first_words: "We will act."\n'
        "    first_date: 2024-11-19\n    checked_on: 2024-11-18\n"
    )
    edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + research)(tiny)
    assert _problems(tiny) == {("field-invalid", "quotes[0].checked_on")}


ids = st.sampled_from([f"q{i}" for i in range(6)])
maybe_ids = st.none() | ids
maybe_dates = st.none() | dates.map(dt.date.isoformat)
texts = st.sampled_from(["", "…", "We act.", "we ACT", "We act now, and soon.", "Nothing — at all", "−5 degrees"])


@settings(max_examples=scaled(300), deadline=None)
@given(
    st.lists(
        st.tuples(ids, st.sampled_from(["a1", "a2", "a3"]), maybe_dates, st.sampled_from(["x", "y"]), st.booleans(), texts,
                  st.none() | st.sampled_from(["s", "t"]), maybe_ids, st.none() | texts, maybe_dates,
                  st.none() | st.sampled_from(["verbatim", "trimmed", "altered", "paraphrase", "not_found", "unchecked"])),
        max_size=8,
    )
)  # fmt: skip
def test_any_lineage_is_computed_without_error_and_every_verdict_is_a_fidelity(rows: list[tuple]):
    links = [
        QuoteLink(qid, art, date, None, who, direct, text, statement, relays, "P" if words is not None else None, words, None, fdate, fid, words is not None)
        for qid, art, date, who, direct, text, statement, relays, words, fdate, fid in rows
    ]  # fmt: skip
    found = lineage(links)
    allowed = {"verbatim", "trimmed", "altered", "paraphrase", "not_found", "unchecked"}
    assert all(v.fidelity in allowed for v in found.verdicts.values())
    grouped = [q for row in found.statements for q in row.quotes]
    assert len(grouped) == len(set(grouped))  # a quote is in one statement at most
    known = {link.id for link in links}
    assert all(p.quote in known for p in found.problems)
