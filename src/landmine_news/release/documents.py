"""The release's documents: README.md, the data licence, the codebook and croissant.json."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from ..models.rows import Row
from ..models.tables import columns
from .citation import shipped_file
from .codebook import render_codebook
from .croissant import croissant
from .release_readme import CODEBOOK_FILE, CROISSANT_FILE, LICENCE_FILE, README, render_readme
from .schema_export import dumps

Writer = Callable[[str, bytes], object]


def newest_date(articles: Sequence[Row]) -> str | None:
    """The newest `published_date` among the articles, ISO 8601: when the data last changed, as far as it says."""
    index = [c.name for c in columns("articles")].index("published_date")
    dates = [r[index] for r in articles if r[index] is not None]
    return max(dates).isoformat() if dates else None


def write_documents(write: Writer, counts: Mapping[str, int], csv_sha256: Mapping[str, str], created: str | None) -> None:
    """Write the four documents with `write(name, bytes)`."""
    write(README, render_readme(counts, created).encode("utf-8"))
    write(LICENCE_FILE, shipped_file(LICENCE_FILE).read_bytes())
    write(CODEBOOK_FILE, render_codebook().encode("utf-8"))
    write(CROISSANT_FILE, dumps(croissant(csv_sha256, created)).encode("utf-8"))
