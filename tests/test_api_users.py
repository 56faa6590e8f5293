"""The Python API for analysts: helpful errors, hashable models, iteration, joins, citation."""

from __future__ import annotations

import pytest

import landmine_news as ln
from landmine_news.errors import LandmineNewsError, UnknownId
from landmine_news.models.units import to_si

DS = ln.load()


def test_unknown_id_is_a_keyerror_and_a_library_error_naming_the_closest():
    with pytest.raises(UnknownId) as info:
        DS.quote("scrutiny-q1")
    assert isinstance(info.value, KeyError) and isinstance(info.value, LandmineNewsError)
    assert "did you mean" in str(info.value) and "'scrutiny-q1" in str(info.value).split("did you mean")[1]
    with pytest.raises(KeyError, match="no quote 'nope'"):
        DS.quote("nope")


def test_quotes_in_an_unknown_article_raises():
    with pytest.raises(UnknownId, match="no article"):
        DS.quotes_in("no-such-article")
    with pytest.raises(UnknownId):
        DS.figures_in("no-such-article")
    assert DS.quotes_in(DS.articles[0].id)


def test_models_are_hashable_and_equal_ones_hash_alike():
    assert len(set(DS)) == len(DS)
    q = DS.quotes[0]
    assert hash(q) == hash(q.model_copy()) and {q: 1}[q.model_copy()] == 1
    assert hash(DS.actors[0]) != hash(DS.actors[1])


def test_repr_is_short_and_iteration_covers_every_record():
    assert len(repr(DS)) < 120 and f"{len(DS.quotes)} quotes" in repr(DS)
    records = list(DS)
    assert len(records) == len(DS) == sum(len(DS.table(t)) for t in ln.models.TABLES)


def test_value_si_on_the_model_matches_the_release_column():
    frame = DS.to_pandas("figures").set_index("id")
    for f in DS.figures:
        assert f.value_si == to_si(f.unit, f.value)[1]
        expected = frame.loc[f.id, "value_si"]
        assert (f.value_si is None and expected != expected) or f.value_si == expected


def test_find_actor_by_name_or_alias():
    actor = DS.actors[0]
    assert DS.find_actor(actor.name.upper()) == actor
    with_alias = next(a for a in DS.actors if a.aliases)
    assert DS.find_actor(with_alias.aliases[0]) == with_alias
    with pytest.raises(UnknownId, match="no actor named"):
        DS.find_actor("Nobody At All")


def test_quotes_by_filters_and_refuses_unknown_ids():
    q = DS.quotes[0]
    got = DS.quotes_by(speaker=q.speaker, kind=q.kind.value, article=q.article)
    assert q in got and all(x.kind == q.kind and x.article == q.article for x in got)
    opposed = DS.quotes_by(stance="opposes")
    assert opposed and all(x.stance is not None and x.stance.value == "opposes" for x in opposed)
    with pytest.raises(UnknownId):
        DS.quotes_by(speaker="no-such-actor")


def test_joined_frames_have_names_and_unambiguous_columns():
    quotes = DS.quotes_frame()
    assert len(quotes) == len(DS.quotes) and quotes.columns.is_unique
    assert {"speaker_name", "article_title", "quote_kind", "speaker_kind"} <= set(quotes.columns)
    row = quotes.set_index("quote_id").loc["scrutiny-q01"]
    assert row["speaker_name"] == DS.actor(DS.quote("scrutiny-q01").speaker).name
    figures = DS.figures_frame()
    assert len(figures) == len(DS.figures) and {"reporter_name", "article_title", "figure_value_si"} <= set(figures.columns)


def test_citation_styles_from_citation_cff():
    bib, apa = ln.citation("bibtex"), ln.citation(style="apa")
    assert bib.startswith("@misc{") and "author = {{landmine-news contributors}}" in bib and ln.__version__ in bib
    assert "[Data set]" in apa and ln.__version__ in apa
    assert "()" not in apa and "year = {}" not in bib  # an undated version says n.d., never an empty year
    with pytest.raises(ln.LandmineNewsError):
        ln.citation("mla")  # type: ignore[arg-type]


def test_dir_shows_only_the_public_api():
    assert dir(ln) == sorted(ln.__all__) and "citation" in dir(ln)
    assert not [n for n in dir(ln) if n.startswith("_") and n != "__version__"]


def test_find_actor_takes_exact_forms_abbreviations_and_initials_before_guessing():
    from landmine_news import load
    from landmine_news.errors import UnknownId

    ds = load()
    assert ds.find_actor("us").id == ds.find_actor("U.S.").id == ds.find_actor("United  States").id == "united-states"
    with pytest.raises(UnknownId, match="did you mean"):
        ds.find_actor("Ukrainian ministry")


def test_quotes_can_be_selected_and_read_with_the_outlet_that_relays_them():
    from landmine_news import load

    ds = load()
    relayed = ds.quotes_by(via="politico")
    assert relayed and all(q.via == "politico" for q in relayed)
    from landmine_news.models.dataset import quote_rows

    rows = {r["quote_id"]: r for r in quote_rows(ds)}
    assert all(rows[q.id]["via_name"] == ds.actor("politico").name for q in relayed)
    assert {r["quote_part_of"] is None for r in rows.values()} == {True, False}


def test_the_sqlite_quotes_view_names_the_relaying_outlet():
    import sqlite3
    from contextlib import closing

    from .conftest import BUILD

    with closing(sqlite3.connect(BUILD / "landmine-news.sqlite")) as db:
        rows = db.execute("SELECT via_id, via_name FROM quotes_named WHERE via_id IS NOT NULL").fetchall()
    assert rows and all(name for _, name in rows)


def test_load_imports_no_pandas_even_where_it_is_installed():
    import subprocess
    import sys

    code = "import sys, landmine_news; landmine_news.load(); print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
