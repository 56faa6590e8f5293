"""The release in the tools its users already use: here, Hugging Face `datasets`, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.models.tables import TABLES
from landmine_news.release.derived_tables import derived_tables

from .conftest import BUILD


def test_the_release_readme_is_a_dataset_card_with_a_config_per_table():
    import yaml

    text = (BUILD / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    card = yaml.safe_load(text.split("---\n")[1])
    names = [c["config_name"] for c in card["configs"]]
    assert names == [*TABLES, *(link.name for link in derived_tables())]
    assert all((BUILD / c["data_files"]).is_file() for c in card["configs"])
    assert card["license"] == "cc-by-4.0" and card["language"] == ["en"] and card["size_categories"]
    assert [c["config_name"] for c in card["configs"] if c.get("default")] == ["quotes"]


@pytest.mark.parametrize("table", [*TABLES, *(link.name for link in derived_tables())])
def test_datasets_loads_each_table_offline(table: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pyarrow_parquet = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    loaded = datasets.load_dataset(str(BUILD), table, cache_dir=str(tmp_path / "cache"))
    expected = pyarrow_parquet.ParquetFile(BUILD / f"{table}.parquet").read()
    assert list(loaded) == ["train"]
    assert loaded["train"].num_rows == expected.num_rows
    assert loaded["train"].column_names == expected.column_names


def _croissant_warnings(path: Path) -> list[str]:
    """What `mlcroissant validate` warns about a Croissant file, and the records of every set read."""
    import logging

    import mlcroissant as mlc

    seen: list[str] = []

    class Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                seen.append(record.getMessage())

    handler = Catch()
    logging.getLogger().addHandler(handler)
    try:
        dataset = mlc.Dataset(jsonld=str(path))
        for record_set in dataset.metadata.record_sets:
            assert list(dataset.records(record_set=record_set.uuid)) is not None
    finally:
        logging.getLogger().removeHandler(handler)
    return seen


def test_croissant_reads_every_record_set_and_warns_only_of_the_missing_release_date():
    pytest.importorskip("mlcroissant")
    warnings = _croissant_warnings(BUILD / "croissant.json")
    # An untagged build has no release date (CITATION.cff `date-released`); nothing else is missing.
    assert all("datePublished" in w or "following 1 warning" in w for w in warnings), warnings


def test_a_tagged_release_is_dated_and_croissant_has_nothing_to_say(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    pytest.importorskip("mlcroissant")
    import json

    from landmine_news.release import citation
    from landmine_news.release.writer import build

    from .conftest import DATASET

    meta = {**citation.citation_metadata(), "date-released": "2026-12-07"}
    monkeypatch.setattr(citation, "citation_metadata", lambda: meta)
    out = tmp_path / "release"
    build(DATASET, out, workers=1, cache=False)
    assert json.loads((out / "croissant.json").read_text(encoding="utf-8"))["datePublished"] == "2026-12-07"
    assert json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["created"] == "2026-12-07T00:00:00Z"
    assert "(2026)" in citation.citation("apa")
    assert _croissant_warnings(out / "croissant.json") == []


def test_integer_and_boolean_columns_stay_so_in_pandas_with_their_nulls():
    pd = pytest.importorskip("pandas")
    from landmine_news.models.tables import columns

    for table in TABLES:
        frame = pd.read_parquet(BUILD / f"{table}.parquet")
        for column in columns(table):
            dtype = str(frame[column.name].dtype)
            if column.type == "integer":
                assert dtype == "Int64", (table, column.name, dtype)
            elif column.type == "boolean":
                assert dtype == "boolean", (table, column.name, dtype)


def test_the_pictures_draw_the_speakers_by_utterance_and_one_anchored_quote():
    import xml.etree.ElementTree as ET

    from landmine_news import load
    from landmine_news.release.pictures import QUOTE_SVG, SPEAKERS_SVG

    ds = load(BUILD)
    ns = "{http://www.w3.org/2000/svg}"
    speakers = ET.parse(BUILD / SPEAKERS_SVG).getroot()
    texts = [t.text for t in speakers.iter(f"{ns}text")]
    utterances = {s: sum(1 for q in ds.quotes if q.speaker == s and q.part_of is None) for s in {q.speaker for q in ds.quotes}}
    top = sorted(utterances, key=lambda s: (-utterances[s], s))[0]  # the chart's order
    assert ds.actor(top).name in texts and any(t.split()[0] == str(utterances[top]) for t in texts if t and t[0].isdigit())
    # Beside each count, the verdicts on the speaker's direct quotes (their provenance check).
    for q in (q for q in ds.quotes if q.kind.value == "direct" and q.fidelity is not None):
        verdict = q.fidelity.value.replace("_", " ")
        assert any(t and "(direct: " in t and verdict in t for t in texts), (q.id, verdict)
    quote = ET.parse(BUILD / QUOTE_SVG).getroot()
    drawn = " ".join(t.text or "" for t in quote.iter(f"{ns}text"))
    [shown] = [q for q in ds.quotes if q.id in drawn.split()]
    assert f"code points {shown.verb_start}–{shown.verb_end}" in drawn and f"“{shown.verb}”" in drawn
    readme = (BUILD / "README.md").read_text(encoding="utf-8")
    assert f"]({SPEAKERS_SVG})" in readme and f"]({QUOTE_SVG})" in readme


def test_the_release_carries_the_dataset_card_with_its_articles_and_the_change_log():
    from landmine_news import load

    from .conftest import ROOT

    card = (BUILD / "dataset-card.md").read_text(encoding="utf-8")
    for article in load(BUILD).articles:
        assert f"`{article.id}`" in card
    # The repository's card and the release's agree, generated by one build from the same data.
    assert card == (ROOT / "docs" / "dataset-card.md").read_text(encoding="utf-8")
    assert (BUILD / "CHANGELOG.md").read_bytes() == (ROOT / "CHANGELOG.md").read_bytes()
