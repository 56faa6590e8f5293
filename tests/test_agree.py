"""`landmine-news agree`: two curations that differ by known edits report exactly those edits."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import landmine_news as ln
from landmine_news.cli import main
from landmine_news.models.tables import TABLES
from landmine_news.tools.agree import Boundary, agree, krippendorff_alpha, match_actors, match_records

from .profiles import scaled

ART = "articles/tiny-article.yaml"


def test_alpha_matches_krippendorffs_worked_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": two observers,
    # ten units, binary nominal data; alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(list(zip(a, b, strict=True))) == pytest.approx(0.0952, abs=5e-4)


def test_alpha_is_one_for_perfect_agreement_and_undefined_without_variation():
    assert krippendorff_alpha([("x", "x"), ("y", "y")]) == 1.0
    assert krippendorff_alpha([("x", "x"), ("x", "x")]) is None
    assert krippendorff_alpha([("x", "y")]) is None


def _edit(root: Path, old: str, new: str) -> None:
    path = root / ART
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_identical_curations_agree_fully(tiny: Path, tmp_path: Path):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    result = agree(ln.load(tiny), ln.load(b))
    assert result.quotes.missing == result.quotes.extra == []
    assert all(p.exact for p in result.quotes.pairs + result.figures.pairs)
    assert result.quotes.disagreements == result.figures.disagreements == []
    assert result.quotes.scores(exact=True)["f1"] == 1.0


def test_known_edits_are_reported_exactly(tiny: Path, tmp_path: Path, capsys):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    _edit(b, "    stance: opposes", "    stance: supports")  # a stance disagreement on tiny-q2
    # The figure without "Over": a narrower, overlapping span coded by another row.
    _edit(b, 'mention: "Over 5,000 square miles"', 'mention: "5,000 square miles"')
    _edit(
        b,
        "    low_inclusive: false\n    point: 5000",
        "    low_inclusive: true\n    high: 5000\n    high_inclusive: true\n    point: 5000",
    )
    _edit(b, "qualifier: more_than", "qualifier: exact")
    result = agree(ln.load(tiny), ln.load(b))
    quotes, figures = result.quotes, result.figures
    assert [(d.a_id, d.field, d.a, d.b) for d in quotes.disagreements] == [("tiny-q2", "stance", "opposes", "supports")]
    assert quotes.agreement["stance"] == (1, 2)
    # Stances (none, none) and (opposes, supports): alpha = 1 - (4 - 1) * 2 / 10.
    assert quotes.alpha["stance"] == pytest.approx(0.4)
    [pair] = figures.pairs
    assert not pair.exact
    assert {(d.field, d.a, d.b) for d in figures.disagreements} == {
        ("qualifier", "more_than", "exact"),
        ("low_inclusive", False, True),
        ("high", None, 5000.0),
        ("high_inclusive", None, True),
    }
    assert figures.scores(exact=True)["f1"] == 0.0 and figures.scores(exact=False)["f1"] == 1.0
    assert main(["agree", str(tiny), str(b)]) == 0
    out = capsys.readouterr().out
    assert "tiny-q2" in out and "stance" in out


def test_missing_and_extra_records(tiny: Path, tmp_path: Path):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    text = (b / ART).read_text(encoding="utf-8")
    start, end = text.index("  - id: tiny-q2"), text.index("figures:")
    (b / ART).write_text(text[:start] + text[end:], encoding="utf-8")
    result = agree(ln.load(tiny), ln.load(b))
    assert result.quotes.missing == ["tiny-q2"] and result.quotes.extra == []
    assert result.quotes.scores(exact=True) == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}


def test_matching_is_one_to_one_by_largest_overlap():
    def q(i: str, start: int, end: int) -> ln.Quote:
        return ln.Quote(
            id=i, article="a", speaker="s", text="x" * (end - start), kind="direct", attribution="inferred", start=start, end=end
        )

    pairs, rest_a, rest_b = match_records([q("a1", 0, 10), q("a2", 20, 30)], [q("b1", 5, 25), q("b2", 0, 10), q("b3", 40, 50)])
    assert [(p.a.id, p.b.id, p.exact) for p in pairs] == [("a1", "b2", True), ("a2", "b1", False)]
    assert [r.id for r in rest_a] == [] and [r.id for r in rest_b] == ["b3"]


def test_an_article_neither_curation_has_is_a_usage_error(tiny: Path, tmp_path: Path, capsys):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    assert main(["agree", str(tiny), str(b), "--article", "tiny-artcle"]) == 2
    assert "did you mean 'tiny-article'" in capsys.readouterr().err


@pytest.mark.parametrize("convert", ["bom", "crlf"])
def test_curations_of_different_source_bytes_are_not_compared(tiny: Path, tmp_path: Path, capsys, convert: str):
    from .conftest import set_source

    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    data = (b / "sources" / "tiny.txt").read_bytes()
    set_source(b, b"\xef\xbb\xbf" + data if convert == "bom" else data.replace(b"\n", b"\r\n"))
    assert ln.validate(b).ok  # each curation is valid on its own
    assert main(["agree", str(tiny), str(b)]) == 2
    err = capsys.readouterr().err
    assert "'tiny-article' was curated against different source texts" in err and "F1" not in err


def test_markdown_lists_the_disagreements_and_every_alpha(tiny: Path, tmp_path: Path, capsys):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    _edit(b, "    stance: opposes", "    stance: supports")
    assert main(["agree", str(tiny), str(b), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "alpha, kind" in out and "alpha, stance" in out and "alpha, qualifier" in out
    assert "`tiny-q2` / `tiny-q2`: stance" in out


# A blind second curation: every id its own, the same actors under other ids, one named by
# what the reference has as an alias, one with "the" and odd spacing.
BLIND_IDS = {
    "tiny-article": "blind-doc",
    "tiny-q1": "bq-said",
    "tiny-q2": "bq-argue",
    "tiny-f1": "bf-area",
    "tiny-spokesperson": "b-spox",
    "tiny-critics": "b-critics",
    "tiny-state": "b-tl",
}


def _blind_copy(tiny: Path, dst: Path) -> Path:
    shutil.copytree(tiny, dst)
    for old, new in (("articles", "tiny-article"), *(("actors", x) for x in ("tiny-spokesperson", "tiny-critics", "tiny-state"))):
        (dst / old / f"{new}.yaml").rename(dst / old / f"{BLIND_IDS[new]}.yaml")
    for path in [*(dst / "articles").glob("*.yaml"), *(dst / "actors").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        for old, new in BLIND_IDS.items():
            text = text.replace(old, new)
        text = text.replace("name: Tinyland\nkind: state\naliases:\n  - TL\n", "name: TL\nkind: state\naliases:\n  - Tinyland\n")
        path.write_text(text.replace("name: Critics", "name: The  critics"), encoding="utf-8")
    assert ln.validate(dst).ok
    return dst


def _blind_edit(root: Path, old: str, new: str, name: str = "articles/blind-doc.yaml") -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_blind_curation_with_all_different_ids_agrees_fully(tiny: Path, tmp_path: Path, capsys):
    b = _blind_copy(tiny, tmp_path / "b")
    result = agree(ln.load(tiny), ln.load(b))
    assert result.articles == ["tiny-article"]
    assert [(p.a.id, p.b.id) for p in result.metadata.pairs] == [("tiny-article", "blind-doc")]
    assert sorted((p.a.id, p.b.id) for p in result.quotes.pairs) == [("tiny-q1", "bq-said"), ("tiny-q2", "bq-argue")]
    assert [(p.a.id, p.b.id) for p in result.figures.pairs] == [("tiny-f1", "bf-area")]
    # The state is named by the reference's alias: matched, though not by its name.
    assert sorted((p.a.id, p.b.id, p.exact) for p in result.actors.pairs) == [
        ("tiny-critics", "b-critics", True),
        ("tiny-spokesperson", "b-spox", True),
        ("tiny-state", "b-tl", False),
    ]
    for table in (result.metadata, result.actors, result.quotes, result.figures):
        assert (table.missing, table.extra, table.disagreements, table.boundaries) == ([], [], [], [])
        assert all(agree_ == n for agree_, n in table.agreement.values())
    assert result.quotes.scores(exact=True)["f1"] == result.figures.scores(exact=True)["f1"] == 1.0
    assert main(["agree", str(tiny), str(b), "--article", "blind-doc"]) == 0
    out = capsys.readouterr().out
    assert "tiny-article / blind-doc" in out and "~" not in out


def test_every_changed_field_is_listed_with_both_values(tiny: Path, tmp_path: Path, capsys):
    b = _blind_copy(tiny, tmp_path / "b")
    _blind_edit(b, "    stance: opposes", "    stance: supports")
    _blind_edit(b, "    attribution: explicit\n  - id: bq-argue", "    attribution: explicit\n    via: b-tl\n  - id: bq-argue")
    _blind_edit(b, 'title: "A tiny article"', 'title: "A small article"')
    _blind_edit(b, "    unit: square_mile", "    unit: square_mile\n    reported_by: b-critics")
    _blind_edit(b, "kind: group", "kind: organization", "actors/b-critics.yaml")
    assert ln.validate(b).ok
    result = agree(ln.load(tiny), ln.load(b))
    assert {
        (d.table, d.a_id, d.b_id, d.field, d.a, d.b)
        for t in (result.metadata, result.actors, result.quotes, result.figures)
        for d in t.disagreements
    } == {
        ("quotes", "tiny-q2", "bq-argue", "stance", "opposes", "supports"),
        ("quotes", "tiny-q1", "bq-said", "via", None, "tinyland"),  # B's `TL`, by the name A gives it
        ("articles", "tiny-article", "blind-doc", "title", "A tiny article", "A small article"),
        ("figures", "tiny-f1", "bf-area", "reported_by", None, "critics"),
        ("actors", "tiny-critics", "b-critics", "kind", "group", "organization"),
    }
    assert result.metadata.agreement["title"] == (0, 1) and result.actors.agreement["kind"] == (2, 3)
    assert main(["agree", str(tiny), str(b), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {
        "a": "tiny-article",
        "b": "blind-doc",
        "field": "title",
        "a_value": "A tiny article",
        "b_value": "A small article",
    } in data["article_fields"]["disagreements"]
    assert main(["agree", str(tiny), str(b), "--format", "markdown"]) == 0
    assert '`tiny-critics` / `b-critics`: kind `"group"` vs `"organization"`' in capsys.readouterr().out


def test_a_match_by_overlap_only_is_listed_with_both_spans(tiny: Path, tmp_path: Path, capsys):
    from .conftest import SOURCE

    b = _blind_copy(tiny, tmp_path / "b")
    _blind_edit(b, 'mention: "Over 5,000 square miles"', 'mention: "5,000 square miles"')
    _blind_edit(
        b,
        "    low_inclusive: false\n    point: 5000",
        "    low_inclusive: true\n    high: 5000\n    high_inclusive: true\n    point: 5000",
    )
    _blind_edit(b, "qualifier: more_than", "qualifier: exact")
    result = agree(ln.load(tiny), ln.load(b))
    start = SOURCE.index("Over 5,000")
    end = start + len("Over 5,000 square miles")
    assert result.figures.boundaries == [
        Boundary("tiny-f1", "bf-area", start, end, "Over 5,000 square miles", start + 5, end, "5,000 square miles")
    ]
    assert result.quotes.boundaries == []
    assert main(["agree", str(tiny), str(b)]) == 0
    out = capsys.readouterr().out
    assert f'tiny-f1 / bf-area: {start}–{end} "Over 5,000 square miles" vs {start + 5}–{end} "5,000 square miles"' in out
    assert main(["agree", str(tiny), str(b), "--format", "json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)["figures"]["overlap_only"]
    assert (listed["a_start"], listed["b_start"], listed["b_text"]) == (start, start + 5, "5,000 square miles")


def _with(ds: ln.Dataset, **updates: dict[str, dict[str, Any]]) -> ln.Dataset:
    """`ds` with some records' fields replaced, unvalidated: {table: {id: {field: value}}}."""
    tables = {name: [r.model_copy(update=updates.get(name, {}).get(r.id, {})) for r in ds.table(name)] for name in TABLES}
    return ln.Dataset.from_tables(tables)


def test_part_of_is_compared_by_its_targets_span(tiny: Path, tmp_path: Path):
    a = _with(ln.load(tiny), quotes={"tiny-q2": {"part_of": "tiny-q1"}})
    b = ln.load(_blind_copy(tiny, tmp_path / "b"))
    same = _with(b, quotes={"bq-argue": {"part_of": "bq-said"}})
    assert agree(a, same).quotes.agreement["part_of"] == (2, 2)
    # Pointing at another clause, one A does not have: the two targets' spans are listed.
    q1 = a.quote("tiny-q1")
    other = b.quote("bq-said").model_copy(update={"id": "bq-officials", "text": "Officials announce", "start": 0, "end": 18})
    moved = _with(b, quotes={"bq-argue": {"part_of": "bq-officials"}})
    moved = ln.Dataset(moved.articles, (*moved.quotes, other), moved.actors, moved.figures)
    result = agree(a, moved)
    assert [(d.a_id, d.field, d.a, d.b) for d in result.quotes.disagreements] == [
        ("tiny-q2", "part_of", [q1.start, q1.end], [0, 18])
    ]
    assert result.quotes.extra == ["bq-officials"]


def test_actors_are_matched_by_name_or_alias_whatever_their_ids():
    def actor(i: str, name: str, *aliases: str) -> ln.Actor:
        return ln.Actor(id=i, name=name, kind="state", aliases=list(aliases))

    a = [actor("us", "United States", "U.S."), actor("usa-official", "U.S."), actor("critics", "Critics")]
    b = [
        actor("b1", "the  united   STATES"),
        actor("b2", "U.S."),
        actor("b3", "Critics of the plan"),
        actor("b4", "US", "Critics"),
    ]
    pairs, rest_a, rest_b = match_actors(a, b)
    # A name equal to a name goes first: b2 is the actor named `U.S.`, not the alias of `us`.
    assert sorted((p.a.id, p.b.id, p.exact) for p in pairs) == [
        ("critics", "b4", False),
        ("us", "b1", True),
        ("usa-official", "b2", True),
    ]
    assert rest_a == [] and [x.id for x in rest_b] == ["b3"]


def test_an_article_of_other_bytes_under_another_id_is_listed_not_compared(tiny: Path, tmp_path: Path, capsys):
    from .conftest import set_source

    b = _blind_copy(tiny, tmp_path / "b")
    art = b / "articles" / "blind-doc.yaml"
    set_source_root = tmp_path / "c"
    shutil.copytree(tiny, set_source_root)
    set_source(set_source_root, b"\xef\xbb\xbf" + (tiny / "sources" / "tiny.txt").read_bytes())
    sha = (set_source_root / ART).read_text(encoding="utf-8").split("sha256: ")[1].split("\n")[0]
    shutil.copy(set_source_root / "sources" / "tiny.txt", b / "sources" / "tiny.txt")
    text = art.read_text(encoding="utf-8")
    art.write_text(text.replace(text.split("sha256: ")[1].split("\n")[0], sha), encoding="utf-8")
    assert ln.validate(b).ok
    result = agree(ln.load(tiny), ln.load(b))
    assert result.articles == [] and result.metadata.extra == ["blind-doc"] and result.quotes.pairs == []
    assert main(["agree", str(tiny), str(b)]) == 0
    assert "+ source not in A: blind-doc" in capsys.readouterr().out
    # Under the same id, though, other bytes are refused: most likely a converted copy.
    assert main(["agree", str(tiny), str(set_source_root)]) == 2


_SLUG = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)
_NAME_VARIANTS = (str, str.upper, str.lower, lambda s: f"The {s}", lambda s: "  ".join(s.split()))


@settings(max_examples=scaled(40), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ids=st.lists(_SLUG, min_size=7, max_size=7, unique=True),
    variants=st.lists(st.sampled_from(_NAME_VARIANTS), min_size=3, max_size=3),
)
def test_a_curation_agrees_with_itself_under_any_renaming(tiny: Path, ids: list[str], variants: list[Any]):
    # Every kind of reference set, so each must survive the renaming.
    a = _with(
        ln.load(tiny),
        articles={"tiny-article": {"publisher": "tiny-state", "attributed_to": ["tiny-critics"]}},
        quotes={"tiny-q2": {"part_of": "tiny-q1", "co_speakers": ["tiny-state"], "via": "tiny-spokesperson"}},
        figures={"tiny-f1": {"reported_by": "tiny-critics", "quote": "tiny-q2"}},
    )
    new = dict(zip(BLIND_IDS, ids, strict=True))
    actor_names = {x.id: variant(x.name) for x, variant in zip(a.actors, variants, strict=True)}

    def renamed(record: Any) -> Any:
        update: dict[str, Any] = {"id": new[record.id]}
        for name in ("article", "speaker", "via", "part_of", "reported_by", "quote", "publisher"):
            if getattr(record, name, None) is not None:
                update[name] = new[getattr(record, name)]
        for name in ("co_speakers", "member_of", "mentions", "attributed_to", "image_credited_to"):
            if hasattr(record, name):
                update[name] = [new[x] for x in getattr(record, name)]
        if isinstance(record, ln.Actor):
            update["name"] = actor_names[record.id]
        return record.model_copy(update=update)

    b = ln.Dataset.from_tables({name: [renamed(r) for r in a.table(name)] for name in TABLES})
    result = agree(a, b)
    for table in (result.metadata, result.actors, result.quotes, result.figures):
        assert (table.missing, table.extra, table.disagreements, table.boundaries) == ([], [], [], [])
        assert len(table.pairs) == {"articles": 1, "actors": 3, "quotes": 2, "figures": 1}[table.table]
    assert result.quotes.scores(exact=True)["f1"] == result.figures.scores(exact=True)["f1"] == 1.0
