"""The release in the tools its users already use: here, Hugging Face `datasets`, offline."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.models.tables import TABLES
from landmine_news.release.link_tables import link_tables

from .conftest import BUILD


def test_the_release_readme_is_a_dataset_card_with_a_config_per_table():
    import yaml

    text = (BUILD / "README.md").read_text(encoding="utf-8")
    assert text.startswith("---\n")
    card = yaml.safe_load(text.split("---\n")[1])
    names = [c["config_name"] for c in card["configs"]]
    assert names == [*TABLES, *(link.name for link in link_tables())]
    assert all((BUILD / c["data_files"]).is_file() for c in card["configs"])
    assert card["license"] == "cc-by-4.0" and card["language"] == ["en"] and card["size_categories"]
    assert [c["config_name"] for c in card["configs"] if c.get("default")] == ["quotes"]


@pytest.mark.parametrize("table", [*TABLES, *(link.name for link in link_tables())])
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
