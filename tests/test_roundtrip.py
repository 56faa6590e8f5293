"""Property tests: records survive YAML, Parquet and CSV unchanged."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import landmine_news as ln
from landmine_news.checks.reading.yaml_reader import parse
from landmine_news.release.writer import write_release
from landmine_news.tools.yaml_writer import dump

from .profiles import scaled
from .strategies import datasets

SLOW = settings(max_examples=scaled(40), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SLOW
@given(datasets())
def test_models_survive_the_release_formats(generated):
    ds, _ = generated
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "release"
        write_release(ds, out)
        for fmt in ("parquet", "csv"):
            back = ln.load(out, format=fmt)
            for table in ("articles", "quotes", "actors", "figures"):
                assert back.table(table) == ds.table(table), (fmt, table)


@SLOW
@given(datasets(max_articles=2))
def test_models_survive_yaml(generated):
    ds, _ = generated
    for record in ds.articles + ds.quotes + ds.actors + ds.figures:
        text = dump(record.model_dump(mode="json"))
        data, problems = parse(text, "x.yaml")
        assert problems == []
        assert type(record).model_validate(data) == record


@SLOW
@given(datasets(max_articles=2))
def test_written_dataset_validates_and_builds_to_the_same_records(generated):
    """The whole pipeline: YAML files -> validate -> build -> load gives the records back."""
    from landmine_news.release.writer import build

    ds, sources = generated
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "dataset"
        for sub in ("articles", "actors", "sources"):
            (root / sub).mkdir(parents=True)
        for name, text in sources.items():
            (root / "sources" / name).write_bytes(text.encode("utf-8"))
        for actor in ds.actors:
            (root / "actors" / f"{actor.id}.yaml").write_text(dump(actor.model_dump(mode="json")), encoding="utf-8")
        for article in ds.articles:
            body = article.model_dump(mode="json")
            body["quotes"] = [
                q.model_dump(mode="json", exclude={"article", "prefix", "suffix"}) for q in ds.quotes_in(article.id)
            ]
            body["figures"] = [
                f.model_dump(mode="json", exclude={"article", "prefix", "suffix"}) for f in ds.figures_in(article.id)
            ]
            (root / "articles" / f"{article.id}.yaml").write_text(dump(body), encoding="utf-8")
        result = build(root, Path(tmp) / "release")
        assert result.report.errors == [], result.report.errors
        back = ln.load(Path(tmp) / "release")
        for table in ("articles", "quotes", "actors", "figures"):
            assert back.table(table) == ds.table(table), table


@given(st.text(st.characters(blacklist_categories=("Cs",))))
def test_quoted_strings_read_back_exactly(s):
    data, problems = parse(dump({"k": s}), "x.yaml")
    assert problems == [] and data == {"k": s}


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_number_cells_read_back_exactly(x):
    from landmine_news.release.csv_cells import format_number

    assert float(format_number(x)) == x
