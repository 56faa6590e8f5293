"""A release explains itself: README naming only files it holds, licence, codebook, JSON-LD, metadata."""

from __future__ import annotations

import json
import re

from landmine_news.models.tables import TABLES, columns
from landmine_news.release.codebook import render_codebook

from .conftest import BUILD, ROOT

README = (BUILD / "README.md").read_text(encoding="utf-8")


def test_every_file_the_release_readme_names_exists():
    named = {n for n in re.findall(r"`([\w./-]+\.(?:csv|parquet|sqlite|json|md))`", README)}
    assert len(named) >= 20
    assert sorted(n for n in named if not (BUILD / n).is_file()) == []


def test_release_readme_names_every_file_of_the_release():
    present = {p.relative_to(BUILD).as_posix() for p in BUILD.rglob("*") if p.is_file()} - {"README.md"}
    assert sorted(n for n in present if f"`{n}`" not in README) == []


def test_release_readme_covers_readers_caveats_citation_licences():
    for needle in ("pandas", "DuckDB", "R:", "spreadsheet", "line breaks", "formula", "BOM", "@misc", "CC BY 4.0"):
        assert needle in README, needle


def test_licence_and_codebook_are_in_the_release():
    assert (BUILD / "LICENSE-DATA.md").read_bytes() == (ROOT / "LICENSE-DATA.md").read_bytes()
    assert (BUILD / "codebook.md").read_text(encoding="utf-8") == render_codebook()


def test_croissant_describes_every_column_with_a_type_and_description():
    doc = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    assert doc["@type"] == "sc:Dataset" and doc["license"].startswith("https://creativecommons.org/")
    sets = {rs["name"]: rs for rs in doc["recordSet"]}
    for table in TABLES:
        fields = {f["name"]: f for f in sets[table]["field"]}
        assert list(fields) == [c.name for c in columns(table)]
        assert all(f["dataType"].startswith("sc:") and f["description"] for f in fields.values())
    assert {f["contentUrl"] for f in doc["distribution"]} <= {p.name for p in BUILD.glob("*.csv")}


def test_datapackage_has_contributors_and_the_dates_the_data_covers_but_no_invented_dates_or_homepage():
    from landmine_news import load

    dates = sorted(a.published_date.isoformat() for a in load(BUILD).articles if a.published_date)
    pkg = json.loads((BUILD / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["contributors"] and pkg["contributors"][0]["title"]
    # The articles' dates are what the data covers; `created` is the release's date (CITATION.cff
    # `date-released`, set when a version is tagged), never the clock's, and absent before.
    from landmine_news.release.citation import release_date

    released = release_date()
    assert pkg["landmine_news:published"] == {"earliest": dates[0], "latest": dates[-1]}
    assert pkg.get("created") == (f"{released}T00:00:00Z" if released else None) and "homepage" not in pkg
    crate = json.loads((BUILD / "croissant.json").read_text(encoding="utf-8"))
    assert crate["temporalCoverage"] == f"{dates[0]}/{dates[-1]}" and "dateModified" not in crate
    span = f"on {dates[0]}" if dates[0] == dates[-1] else f"from {dates[0]} to {dates[-1]}"
    assert "Data last changed" not in README and f"Articles published {span}" in README


def test_zenodo_metadata_is_valid_json_with_the_licence():
    meta = json.loads((ROOT / ".zenodo.json").read_text(encoding="utf-8"))
    assert meta["upload_type"] == "dataset" and meta["license"] == "cc-by-4.0" and meta["creators"]


def test_the_codebook_documents_every_table_of_the_release_link_tables_included():
    from landmine_news.release.derived_tables import link_tables

    text = render_codebook()
    assert f", {len(link_tables())} link tables" in text and "## Statements table" in text
    for link in link_tables():
        section = text.split(f"### `{link.name}`\n", 1)[1].split("\n### ", 1)[0]
        assert f"Primary key `{', '.join(link.primary_key)}`" in section
        assert all(f"| `{c.name}` |" in section for c in link.columns)
    assert (BUILD / "codebook.md").read_text(encoding="utf-8") == text


def test_the_dataset_card_names_every_reference_between_tables():
    from landmine_news.models.tables import REGISTRY

    card = (ROOT / "docs" / "dataset-card.md").read_text(encoding="utf-8")
    refs = card.split("References between tables:", 1)[1].split("Ids are lowercase slugs", 1)[0]
    for table in TABLES:
        for field, _target in REGISTRY[table].foreign_keys:
            assert f"`{table}.{field}`" in refs, (table, field)
        for field, _many in REGISTRY[table].actor_refs:
            assert f"`{field}`" in refs or f"`{table}.{field}`" in refs, (table, field)
