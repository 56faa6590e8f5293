"""The release's `datapackage.json` (Frictionless Data Package v2): metadata and resources."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..version import SCHEMA_VERSION, __version__
from .citation import authors, release_date
from .csv_cells import DIALECT
from .derived_tables import MainTable, ReleaseTable
from .schema_export import table_schema

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


def resource(table: ReleaseTable, csv: FileFacts, parquet: FileFacts) -> dict[str, Any]:
    """The resource entry of one release table: its CSV file, table schema, and Parquet twin."""
    name = table.name
    description = table.description
    if isinstance(table, MainTable):
        description = f"One row per record of `{name}`; the same rows as {name}.parquet. {CSV_CAVEAT}"
    return {
        "name": name,
        "type": "table",
        "path": f"{name}.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": csv[0],
        "hash": f"sha256:{csv[1]}",
        "dialect": dict(DIALECT),
        "description": description,
        "schema": table_schema(table),
        "landmine_news:parquet": {"path": f"{name}.parquet", "bytes": parquet[0], "hash": f"sha256:{parquet[1]}"},
    }


def package(
    resources: list[dict[str, Any]], sources: Iterable[tuple[str, Any, Any, str]], published: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The whole descriptor; `sources` are (article id, title, url, source file) per article, and
    `published` the span of their publication dates. `created` is CITATION.cff's release date,
    never the clock (builds stay byte-identical). No `homepage`: the project has no public URL yet."""
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
