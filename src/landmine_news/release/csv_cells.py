"""CSV cells of the release: how each column type is written and read back, and the writer.

UTF-8, CRLF line ends, minimal quoting, header row; null is the empty cell and arrays
are JSON arrays (Frictionless `array`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..models.columnar import column_chunks
from ..models.constraints import SLUG_PATTERN
from ..models.rows import parse_time
from ..models.tables import Column

_SLUG = re.compile(SLUG_PATTERN)
CSV_CHUNK: int | None = None  # rows formatted and encoded at a time (None: `column_chunks` decides by width)
DIALECT = {"delimiter": ",", "lineTerminator": "\r\n", "quoteChar": '"', "doubleQuote": True, "header": True}


def format_number(value: float) -> str:
    """Shortest text that reads back as the same float, always with a decimal point or exponent
    (`5000.0`: readers that infer types then type the column as a float, as Parquet does)."""
    return repr(float(value))


def _array_cell(value: Any) -> str:
    if not value:
        return "[]"
    # Slugs need no JSON escaping; this shortcut gives exactly json.dumps' text for them.
    if all(_SLUG.fullmatch(v) for v in value):
        return '["' + '","'.join(value) + '"]'
    return json.dumps(list(value), ensure_ascii=False, separators=(",", ":"))


def csv_cell(column: Column, value: Any) -> str:
    """Text for one CSV cell."""
    if value is None:
        return ""
    if column.type == "array":
        return _array_cell(value)
    if column.type == "number":
        return format_number(value)
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "date":
        return str(value.isoformat())
    if column.time_of_day:  # always with seconds: one shape per column, which readers then type as a time
        time = parse_time(value)
        return time.isoformat(timespec="seconds") if time is not None else ""
    return str(value)


def parse_csv_cell(column: Column, text: str) -> Any:
    """The value of one CSV cell, typed by its column."""
    if text == "":
        return [] if column.type == "array" else None
    if column.type == "array":
        return json.loads(text)
    if column.type == "number":
        return float(text)
    if column.type == "integer":
        return int(text)
    if column.type == "boolean":
        if text not in ("true", "false"):
            raise ValueError(f"{text!r} is not true or false")
        return text == "true"
    if column.type == "date":
        return dt.date.fromisoformat(text)
    if column.time_of_day:
        return parse_time(text)
    return text


class CsvSink:
    """A release CSV file written a part (an Arrow table) at a time, hashed as it is written; parts
    become Python values a chunk at a time (`CSV_CHUNK`), so memory stays flat."""

    def __init__(self, path: Path, cols: Sequence[Column]):
        self.cols = tuple(cols)
        self._digest = hashlib.sha256()
        self._size = 0
        self._fh = open(path, "wb")  # noqa: SIM115 - closed by close() or abort()
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\r\n").writerow([c.name for c in self.cols])
        self._put(buf.getvalue())

    def _put(self, text: str) -> None:
        encoded = text.encode("utf-8")
        self._digest.update(encoded)
        self._size += len(encoded)
        self._fh.write(encoded)

    def write(self, data: Any) -> None:
        """Append the rows of one Arrow table with these columns."""
        for chunk in column_chunks(data, CSV_CHUNK):
            buf = io.StringIO(newline="")
            writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
            # Format column by column: strings and integers need nothing but null -> "".
            formatted: list[list[Any]] = []
            for c, values in zip(self.cols, chunk, strict=True):
                if c.type in ("string", "integer") and not c.time_of_day:
                    formatted.append(["" if v is None else v for v in values])
                else:
                    formatted.append([csv_cell(c, v) for v in values])
            writer.writerows(zip(*formatted, strict=True))
            self._put(buf.getvalue())

    def close(self) -> tuple[int, str]:
        """Flush to disk and close; returns (bytes, sha256)."""
        with self._fh:
            self._fh.flush()
            os.fsync(self._fh.fileno())
        return self._size, self._digest.hexdigest()

    def abort(self) -> None:
        """Close without flushing to disk (the build failed: the folder is discarded)."""
        self._fh.close()
