"""What the per-file check hands back: its problems, what the cross-record checks read, and its records as kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..reading.field_paths import YamlPath
from ..report.problems import Problem

if TYPE_CHECKING:  # pragma: no cover
    from ...models.lineage import QuoteLink
    from ..coverage.findings import ArticleCoverage

FileKind = Literal["article", "actor"]

Keep = Literal["models", "rows", "none"]
"""What a run keeps of each record: its model, its release rows, or nothing (only the checks' findings)."""


class Claim(NamedTuple):
    """`text` (None: the article's source) must name `actor` (for `label-names-co-speaker`: must not)."""

    path: YamlPath
    code: str
    actor: str
    text: str | None


@dataclass
class FileResult:
    """What one record file yielded: models (with their place in the file) and problems."""

    kind: FileKind
    display: str
    models: list[tuple[YamlPath, Any]] = field(default_factory=list)
    """(place in the file, model); the parallel map replaces each model by (summary, model or None)."""
    raw_ids: list[tuple[YamlPath, str]] = field(default_factory=list)
    """Ids of records that failed model checks: references to them are not reported as unresolved (noise)."""
    raw_refs: list[tuple[YamlPath, str, int | None, str]] = field(default_factory=list)
    """(record's place, field, index or None, actor id) of records that failed model checks: their
    actors are not orphans, and an unknown one is reported with the record's other problems."""
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    source_file: str | None = None
    parsed: bool = False
    """Whether the file parsed into a mapping; if not, what it references is unknown."""
    names: list[str] = field(default_factory=list)
    """An actor's name and aliases (actor files only): what name cues are matched against."""
    row_columns: dict[str, list[list[Any]]] = field(default_factory=dict)
    """Table -> the file's release rows, one list of values per column (`models.columnar`), when rows are kept."""
    claims: list[Claim] = field(default_factory=list)
    """What the records' words must say of actors, settled once every actor is known (`name_claims`)."""
    quote_links: list[tuple[YamlPath, QuoteLink]] = field(default_factory=list)
    """(place, lineage view) of each quote that names a statement or relays a quote (`models.lineage`)."""
    coverage: ArticleCoverage | None = None
    """An article's unreviewed coverage findings, names not yet matched against the actors."""
    source_state: str | None = None
    """The SHA-256 of the article's source, 'missing' or 'unreadable' (None: no source); a
    cached result is used only while the source still reads so."""
