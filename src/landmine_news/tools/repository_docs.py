"""The documents of a repository checkout that its data feeds, refreshed by `landmine-news build`.

A dataset folder whose parent holds `docs/codebook.md`, `docs/dataset-card.md` and
`CONTRIBUTING.md` is a checkout of this project: there, a build also rewrites the codebook,
the guide's rule table and the card's list of articles, each only between its own markers
and only when it changes, so one command leaves nothing stale. Elsewhere nothing outside
`--out` is written.
"""

from __future__ import annotations

from pathlib import Path

from ..models.figure_rules import RuleTable, effective_table
from ..release.codebook import render_codebook
from ..release.documents import CardFacts, card_text
from ..release.rule_table import refreshed

CODEBOOK = Path("docs") / "codebook.md"
CARD = Path("docs") / "dataset-card.md"
GUIDE = Path("CONTRIBUTING.md")


def checkout_of(dataset: Path) -> Path | None:
    """The repository checkout `dataset` belongs to, or None for a dataset folder anywhere else."""
    root = dataset.resolve().parent
    wanted = (root / CODEBOOK, root / CARD, root / GUIDE)
    return root if all(p.is_file() and not p.is_symlink() for p in wanted) else None


def _guide_text(text: str, rules: RuleTable) -> str | None:
    """The guide with its rule-table block rewritten; None when it has no block to rewrite."""
    try:
        return refreshed(text, rules)
    except ValueError:
        return None


def _changed(dataset: Path, release: Path) -> dict[Path, str]:
    """Each generated document of the checkout whose text differs from what the data gives now,
    with that text: each rendered once, for the check and the rewrite alike. The release built
    from `dataset` is read only in a checkout: elsewhere there is nothing to refresh."""
    root = checkout_of(dataset)
    if root is None:
        return {}
    from ..release.reader import load

    own = dataset / "figure_rules.toml"  # the package's rows, then the dataset's own
    ds, rules = load(release), effective_table(own.read_text(encoding="utf-8") if own.is_file() else None)
    current = {path: path.read_text(encoding="utf-8") for path in (root / CODEBOOK, root / GUIDE, root / CARD)}
    wanted = {
        root / CODEBOOK: render_codebook(rules),
        root / GUIDE: _guide_text(current[root / GUIDE], rules),
        root / CARD: card_text(current[root / CARD], CardFacts.of(ds.articles, ds.quotes, ds.figures, len(ds.actors))),
    }
    return {path: text for path, text in wanted.items() if text is not None and text != current[path]}


def stale_docs(dataset: Path, release: Path) -> list[str]:
    """The generated documents of the checkout that differ from what the data (and `release`,
    built from it) gives now."""
    return [f"{path}: differs from what the data generates now" for path in _changed(dataset, release)]


def refresh_docs(dataset: Path, release: Path) -> list[Path]:
    """Rewrite the checkout's generated documents that are stale; the files rewritten."""
    changed = _changed(dataset, release)
    for path, text in changed.items():
        path.write_text(text, encoding="utf-8", newline="\n")
    return list(changed)
