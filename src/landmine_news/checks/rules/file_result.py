"""What the per-file check hands back: the file's problems, what the cross-record checks
read of it, and the records in the form the run keeps (models, release rows or nothing)."""

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
    """`text` (None: the article's source) must name `actor` (`name_claims`; for
    `label-names-co-speaker`: must not). Settled once every actor's names are known."""

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
    """Ids of records that failed model checks: references to them are not reported as
    unresolved, which would only bury the real problem under noise."""
    raw_refs: list[tuple[YamlPath, str, int | None, str]] = field(default_factory=list)
    """Actor references of records that failed model checks, as (record's place, field,
    index in a list or None, actor id): their actors are not orphans, and an id that names
    no actor is reported with the record's other problems, not only once they are fixed."""
    problems: list[Problem] = field(default_factory=list)
    records: int = 0
    source_file: str | None = None
    parsed: bool = False
    """Whether the file parsed into a mapping; if not, what it references is unknown."""
    names: list[str] = field(default_factory=list)
    """An actor's name and aliases (actor files only): what name cues are matched against."""
    row_columns: dict[str, list[list[Any]]] = field(default_factory=dict)
    """Table -> the file's release rows of it, one list of values per column
    (`models.columnar`); filled only when rows are kept."""
    claims: list[Claim] = field(default_factory=list)
    """What the records' words must say of actors (`name_claims.Claim`), settled once every
    actor is known."""
    quote_links: list[tuple[YamlPath, QuoteLink]] = field(default_factory=list)
    """(place, lineage view) of each quote that names a statement or relays a quote
    (`models.lineage`): few, and all the statements check needs."""
    coverage: ArticleCoverage | None = None
    """An article's unreviewed coverage findings, names not yet matched against the actors."""
    source_state: str | None = None
    """What the check read of the article's source: the SHA-256 of its bytes, 'missing' or
    'unreadable' (None when the article names no source). A cached result is used only while
    the source still reads so."""
