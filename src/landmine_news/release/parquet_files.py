"""Parquet files of the release: explicit Arrow schema, zstd, versions in the file metadata."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..models.rows import Row, rows_to_arrow
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


def write_parquet(path: Path, table: TableName, data: Sequence[Row]) -> tuple[int, str]:
    """Write one table as Parquet; returns (bytes, sha256)."""
    metadata = parquet_metadata(table)
    return write_arrow(path, rows_to_arrow(table, data, metadata))


def write_arrow(path: Path, arrow: Any) -> tuple[int, str]:
    """Write an Arrow table as Parquet with the release's settings; returns (bytes, sha256)."""
    import pyarrow.parquet as pq

    pq.write_table(arrow, str(path), compression=PARQUET_COMPRESSION, write_statistics=True, store_schema=True)
    del arrow
    return file_digest(path, sync=True)
