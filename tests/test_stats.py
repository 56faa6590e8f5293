"""Dataset statistics: counts that add up, a stable order, and three views that agree."""

from __future__ import annotations

import json

import pytest

import landmine_news as ln
from landmine_news.models import TABLES, Dataset
from landmine_news.tools.stats import stats
from landmine_news.tools.stats_render import render_stats

SHA = "0" * 64


def small() -> Dataset:
    articles = [
        ln.Article(id="a-one", language="en", source_file="one.txt", sha256=SHA),
        ln.Article(id="a-two", language="en", source_file="two.txt", sha256=SHA),
        ln.Article(id="a-empty", language="en", source_file="three.txt", sha256=SHA),
    ]
    actors = [
        ln.Actor(id="alice", name="Alice", kind="person"),
        ln.Actor(id="bob", name="Bob", kind="person"),
        ln.Actor(id="zed", name="Zed", kind="group"),
    ]
    quotes = [
        ln.Quote(id="q1", article="a-one", speaker="bob", text="one", kind="direct", verb="said", attribution="explicit"),
        ln.Quote(id="q2", article="a-one", speaker="alice", text="two", kind="indirect", verb="argued", attribution="explicit"),
        ln.Quote(id="q3", article="a-two", speaker="bob", text="three", kind="direct", verb="said", attribution="explicit"),
        ln.Quote(id="q4", article="a-two", speaker="zed", text="four", kind="direct", verb="said", attribution="explicit"),
    ]
    figures = [
        ln.Figure(id="f1", article="a-one", mention="5 mines", measures="mines", value=5, unit="mine", qualifier="exact"),
        ln.Figure(
            id="f2",
            article="a-one",
            mention="thousands of troops",
            measures="troops",
            low=2000,
            low_inclusive=True,
            point=1000,
            unit="troop",
            qualifier="vague",
        ),
        ln.Figure(id="f3", article="a-two", mention="3 mines", measures="mines", value=3, unit="mine", qualifier="exact"),
    ]
    return Dataset(articles=articles, quotes=quotes, actors=actors, figures=figures)


def test_counts_per_table():
    d = stats(small())
    assert d["counts"] == {"articles": 3, "quotes": 4, "actors": 3, "figures": 3}
    assert list(d["counts"]) == list(TABLES)


def test_per_article_counts_include_articles_without_records():
    d = stats(small())
    assert d["articles"] == {
        "a-empty": {"quotes": 0, "figures": 0},
        "a-one": {"quotes": 2, "figures": 2},
        "a-two": {"quotes": 2, "figures": 1},
    }


def test_records_per_speaker_ranked_by_count_then_id():
    d = stats(small())
    assert list(d["records_per_speaker"].items()) == [("bob", 2), ("alice", 1), ("zed", 1)]


def test_figures_per_unit_uses_vocabulary_values():
    d = stats(small())
    assert list(d["figures_per_unit"].items()) == [("mine", 2), ("troop", 1)]


def test_empty_dataset():
    d = stats(Dataset())
    assert d["counts"] == {t: 0 for t in TABLES}
    assert (
        d["articles"] == {}
        and d["records_per_speaker"] == {}
        and d["utterances_per_speaker"] == {}
        and d["figures_per_unit"] == {}
    )
    assert "none" in render_stats(d, "text")
    assert "None." in render_stats(d, "markdown")


def test_json_view_is_the_dict():
    d = stats(small())
    assert json.loads(render_stats(d, "json")) == d
    # The ranked order survives the round trip (no key sorting).
    assert list(json.loads(render_stats(d, "json"))["records_per_speaker"]) == ["bob", "alice", "zed"]


def test_text_view():
    out = render_stats(stats(small()), "text")
    assert out.startswith("landmine-news dataset (working copy)")
    assert "Utterances per speaker:" in out and "Quote records per speaker:" in out
    line = next(row for row in out.splitlines() if row.strip().startswith("a-one"))
    assert line.split() == ["a-one", "2", "2"]


def test_markdown_view():
    out = render_stats(stats(small()), "markdown")
    assert "### Per article" in out
    assert "| `a-one` | 2 | 2 |" in out
    assert "| `bob` | 2 |" in out


def test_views_are_deterministic():
    for fmt in ("text", "json", "markdown"):
        assert render_stats(stats(small()), fmt) == render_stats(stats(small()), fmt)


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render_stats(stats(small()), "html")  # type: ignore[arg-type]


def test_shipped_release_adds_up():
    ds = ln.load()
    d = stats(ds)
    assert d["dataset_version"] == ln.__version__
    assert d["counts"] == {t: len(ds.table(t)) for t in TABLES}
    assert sum(a["quotes"] for a in d["articles"].values()) == d["counts"]["quotes"]
    assert sum(a["figures"] for a in d["articles"].values()) == d["counts"]["figures"]
    assert sum(d["records_per_speaker"].values()) == d["counts"]["quotes"]
    assert sum(d["utterances_per_speaker"].values()) == sum(1 for q in ds.quotes if q.part_of is None)
    assert sum(d["figures_per_unit"].values()) == d["counts"]["figures"]
