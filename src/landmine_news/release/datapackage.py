"""The release's `datapackage.json` (Frictionless Data Package v2): metadata and resources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models.tables import TableName
from ..version import SCHEMA_VERSION, __version__
from .citation import authors, release_date
from .csv_cells import DIALECT
from .derived_tables import DerivedTable
from .schema_export import link_table_schema, table_schema

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}
TITLE = "landmine-news: news coverage of the 2024 US decision to send anti-personnel landmines to Ukraine"
DESCRIPTION = (
    "Hand-curated records of what news articles reported about the November 2024 US decision to "
    "transfer anti-personnel landmines to Ukraine: articles, verbatim quotes with their speakers, the "
    "actors involved, and the numeric figures cited. Every quote and figure is anchored to its exact "
    "span (Unicode code points) in the source text; the source texts themselves are not redistributed."
)
CSV_CAVEAT = (
    "Cells are written verbatim: a quoted text may begin with -, +, = or @, which a spreadsheet "
    "may run as a formula, so import CSV columns as text (actors' names and aliases never begin so)."
)
FileFacts = tuple[int, str]
"""(bytes, sha256) of a written file."""


def resource(table: TableName, csv: FileFacts, parquet: FileFacts) -> dict[str, Any]:
    """The resource entry of one table: its CSV file, schema, and the Parquet twin."""
    description = f"One row per record of `{table}`; the same rows as {table}.parquet. {CSV_CAVEAT}"
    return table_resource(table, table_schema(table), description, csv, parquet)


def link_resource(link: DerivedTable, csv: FileFacts, parquet: FileFacts) -> dict[str, Any]:
    """The resource entry of one derived table, with its primary and foreign keys."""
    return table_resource(link.name, link_table_schema(link), link.description, csv, parquet)


def table_resource(table: str, schema: dict[str, Any], description: str, csv: FileFacts, parquet: FileFacts) -> dict[str, Any]:
    """A CSV resource with its table schema and Parquet twin."""
    return {
        "name": table,
        "type": "table",
        "path": f"{table}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": csv[0],
        "hash": f"sha256:{csv[1]}",
        "dialect": dict(DIALECT),
        "description": description,
        "schema": schema,
        "landmine_news:parquet": {"path": f"{table}.parquet", "bytes": parquet[0], "hash": f"sha256:{parquet[1]}"},
    }


def package(
    resources: list[dict[str, Any]], sources: Iterable[tuple[str, Any, Any, str]], published: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The whole descriptor; `sources` are (article id, title, url, source file) per article.

    `published` is the span of the articles' publication dates, which the descriptor gives
    as `landmine_news:published` (what the data covers). `created` is the release date
    (CITATION.cff `date-released`, set when a version is tagged), never the wall clock, which
    would make two builds differ; untagged work has none.
    There is no `homepage`: the project has no public URL yet.
    """
    return {
        "$schema": PROFILE,
        "name": "landmine-news",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": __version__,
        **({"created": f"{date}T00:00:00Z"} if (date := release_date()) else {}),
        "landmine_news:schema_version": SCHEMA_VERSION,
        "keywords": ["landmines", "Ukraine", "news", "quotes", "arms control"],
        **({"landmine_news:published": {"earliest": published[0], "latest": published[1]}} if published else {}),
        "contributors": [{"title": name, "roles": ["creator"]} for name in authors()],
        "licenses": [DATA_LICENSE],
        "sources": [
            {"title": title or f"Untitled article ({source_file})", **({"path": url} if url else {})}
            for _, title, url, source_file in sorted(sources, key=lambda s: s[0])
        ],
        "resources": resources,
    }
