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
