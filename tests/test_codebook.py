"""The committed codebook is exactly what the models generate, and it covers every column."""

from __future__ import annotations

from landmine_news.models import TABLES
from landmine_news.models.tables import columns
from landmine_news.tools.codebook import codebook_staleness, render_codebook, vocabularies, write_codebook
from landmine_news.version import SCHEMA_VERSION

from .conftest import ROOT

STALE = "docs/codebook.md is stale: run `landmine-news codebook` to regenerate"


def test_committed_codebook_is_fresh():
    committed = (ROOT / "docs" / "codebook.md").read_text(encoding="utf-8")
    assert committed == render_codebook(), STALE


def test_render_is_deterministic():
    assert render_codebook() == render_codebook()


def test_codebook_names_schema_version_every_table_and_column():
    text = render_codebook()
    assert f"Schema version **{SCHEMA_VERSION}**" in text
    for table in TABLES:
        assert f"## `{table}`" in text
        for col in columns(table):
            assert f"| `{col.name}` |" in text, (table, col.name)


def test_enum_values_and_vocabularies_are_listed():
    text = render_codebook()
    figure_unit = next(c for c in columns("figures") if c.name == "unit")
    row = next(line for line in text.splitlines() if line.startswith("| `unit` |"))
    assert all(f"`{v}`" in row for v in figure_unit.constraints["enum"])
    for enum in vocabularies():
        assert f"### `{enum.__name__}`" in text


def test_pipes_in_patterns_do_not_break_table_rows():
    # The language pattern has alternations; an unescaped `|` would add columns.
    row = next(line for line in render_codebook().splitlines() if line.startswith("| `language` |"))
    unescaped = row.replace("\\|", "")
    assert unescaped.count("|") == 7


def test_write_and_check(tmp_path):
    path = write_codebook(tmp_path / "docs" / "codebook.md")
    assert path.read_text(encoding="utf-8") == render_codebook()
    assert not codebook_staleness(path)
    path.write_text("edited by hand\n", encoding="utf-8")
    assert codebook_staleness(path)
    assert codebook_staleness(tmp_path / "missing.md")
