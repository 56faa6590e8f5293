"""Parquet files of the release: explicit Arrow schema, zstd, versions in the file metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..models.tables import TableName
from ..version import SCHEMA_VERSION, __version__
from .checksums import file_digest

PARQUET_COMPRESSION = "zstd"


def parquet_metadata(table: str) -> dict[str, str]:
    """File-level metadata of a release Parquet file: its table and the versions."""
    return {
        "landmine_news.table": table,
        "landmine_news.schema_version": SCHEMA_VERSION,
        "landmine_news.dataset_version": __version__,
    }


def with_metadata(data: Any, metadata: dict[str, str]) -> Any:
    """The Arrow table with `metadata` as its schema's own metadata (field descriptions kept)."""
    return data.replace_schema_metadata(metadata)


def write_parquet(path: Path, table: TableName, data: Any) -> tuple[int, str]:
    """Write one release table (Arrow, release schema) as Parquet; returns (bytes, sha256)."""
    return write_arrow(path, with_metadata(data, parquet_metadata(table)))


def write_arrow(path: Path, arrow: Any) -> tuple[int, str]:
    """Write an Arrow table as Parquet with the release's settings; returns (bytes, sha256)."""
    import pyarrow.parquet as pq

    pq.write_table(arrow, str(path), compression=PARQUET_COMPRESSION, write_statistics=True, store_schema=True)
    del arrow
    return file_digest(path, sync=True)
