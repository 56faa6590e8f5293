"""Parquet files of the release: explicit Arrow schema, zstd, versions in the file metadata."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..digests import file_digest
from ..version import SCHEMA_VERSION, __version__

PARQUET_COMPRESSION = "zstd"


def pandas_metadata(schema: Any) -> dict[str, str]:
    """The `pandas` key pyarrow reads back: integer and boolean columns as nullable `Int64` and
    `boolean` (a null then keeps counts integers); fixed text, no library versions."""
    import json

    import pyarrow as pa

    def kind(t: Any) -> tuple[str, str]:
        if pa.types.is_integer(t):
            return "int64", "Int64"
        if pa.types.is_boolean(t):
            return "bool", "boolean"
        if pa.types.is_floating(t):
            return "float64", "float64"
        return ("unicode" if pa.types.is_string(t) else "object"), "object"

    columns = [
        {"name": f.name, "field_name": f.name, "pandas_type": kind(f.type)[0], "numpy_type": kind(f.type)[1], "metadata": None}
        for f in schema
    ]
    meta = {"index_columns": [], "column_indexes": [], "columns": columns, "creator": {"library": "landmine-news"}}
    return {"pandas": json.dumps(meta, sort_keys=True)}


class ParquetSink:
    """A release Parquet file written a part (an Arrow table) at a time: one row group per part,
    cut at fixed row counts, so the bytes depend on the rows only."""

    def __init__(self, path: Path, schema: Any, name: str):
        import pyarrow.parquet as pq

        self.path = path
        versions = {"landmine_news.schema_version": SCHEMA_VERSION, "landmine_news.dataset_version": __version__}
        self._writer = pq.ParquetWriter(
            str(path),
            schema.with_metadata({"landmine_news.table": name, **versions, **pandas_metadata(schema)}),
            compression=PARQUET_COMPRESSION,
            write_statistics=True,
            store_schema=True,
        )

    def write(self, part: Any) -> None:
        """Append one part as one row group."""
        self._writer.write_table(part, row_group_size=max(part.num_rows, 1))

    def close(self) -> tuple[int, str]:
        """Write the footer, flush to disk; returns (bytes, sha256)."""
        self._writer.close()
        return file_digest(self.path, sync=True)

    def abort(self) -> None:
        """Close after a failure (the folder is discarded)."""
        self._writer.close()
