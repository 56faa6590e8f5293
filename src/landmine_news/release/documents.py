"""The release's documents: README.md, the data licence, the codebook, croissant.json and the
figure rule table the release was validated against (figure_rules.json)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from .citation import shipped_file
from .codebook import render_codebook
from .croissant import croissant
from .release_readme import CODEBOOK_FILE, CROISSANT_FILE, LICENCE_FILE, README, render_readme
from .rule_table import RULES_FILE, rule_table_record
from .schema_export import dumps

if TYPE_CHECKING:  # pragma: no cover
    from ..models.figure_rules import RuleTable

Writer = Callable[[str, bytes], object]


Published = tuple[str, str] | None
"""The oldest and newest `published_date` of the articles (ISO 8601), or None when none has one."""


def published_dates(articles: Any) -> Published:
    """The span of the articles' publication dates (an Arrow table): what the data covers.

    Not when the release was made or the data last changed: the records do not say that,
    and the wall clock would make two builds differ."""
    import pyarrow.compute as pc

    span = pc.min_max(articles.column("published_date")).as_py()
    oldest, newest = span["min"], span["max"]
    return (oldest.isoformat(), newest.isoformat()) if oldest is not None and newest is not None else None


DOCUMENTS = (README, LICENCE_FILE, CODEBOOK_FILE, CROISSANT_FILE, RULES_FILE)
"""The documents every release holds beside its tables (`write_documents`)."""


def write_documents(
    write: Writer,
    counts: Mapping[str, int],
    csv_sha256: Mapping[str, str],
    published: Published,
    rules: RuleTable | None = None,
) -> None:
    """Write the five documents with `write(name, bytes)`; `rules` is the effective figure rule
    table (by default the package's), rendered in the codebook and recorded as figure_rules.json."""
    write(README, render_readme(counts, published).encode("utf-8"))
    write(LICENCE_FILE, shipped_file(LICENCE_FILE).read_bytes())
    write(CODEBOOK_FILE, render_codebook(rules).encode("utf-8"))
    write(CROISSANT_FILE, dumps(croissant(csv_sha256, published)).encode("utf-8"))
    write(RULES_FILE, dumps(rule_table_record(rules)).encode("utf-8"))
