"""The release's documents: README.md, the data licence, the codebook and croissant.json."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .citation import shipped_file
from .codebook import render_codebook
from .croissant import croissant
from .release_readme import CODEBOOK_FILE, CROISSANT_FILE, LICENCE_FILE, README, render_readme
from .schema_export import dumps

Writer = Callable[[str, bytes], object]


def newest_date(articles: Any) -> str | None:
    """The newest `published_date` among the articles (an Arrow table), ISO 8601: when the data
    last changed, as far as it says."""
    import pyarrow.compute as pc

    newest = pc.max(articles.column("published_date")).as_py()
    return newest.isoformat() if newest is not None else None


def write_documents(write: Writer, counts: Mapping[str, int], csv_sha256: Mapping[str, str], created: str | None) -> None:
    """Write the four documents with `write(name, bytes)`."""
    write(README, render_readme(counts, created).encode("utf-8"))
    write(LICENCE_FILE, shipped_file(LICENCE_FILE).read_bytes())
    write(CODEBOOK_FILE, render_codebook().encode("utf-8"))
    write(CROISSANT_FILE, dumps(croissant(csv_sha256, created)).encode("utf-8"))
