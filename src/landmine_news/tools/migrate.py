"""Migrating record files from schema 1.0.0 to 2.0.0: the mechanical part, idempotently.

What a machine can decide, it does: `attribution` from whether a quote has a verb, bound
inclusivity from the qualifier (or the rule table's row), `point` from the row; an actor's
`role` moves into its notes (printed roles now live in the quotes' `speaker_label`). What
needs a curator (a share's `base`, a `member_of_basis`, a verb not in its sentence, a coding
that breaks the rule table) is left for `validate` to point at. A file already in 2.0.0 form is left byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..checks.reading.dataset_folder import is_dataset
from ..checks.reading.files import MAX_YAML_BYTES, read_text
from ..checks.reading.yaml_reader import parse
from ..errors import DatasetNotFound
from ..models.figure import QUALIFIER_INCLUSIVITY
from ..models.figure_rules import match
from ..models.vocab import Qualifier
from .dataset_files import atomic_write, listed_records
from .yaml_writer import dump


@dataclass
class Migration:
    """What a migration changed, file by file."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    """Files that do not read as a mapping (each with why), left as they are: `validate` says more."""


def _after(data: dict[str, Any], key: str, new: dict[str, Any]) -> dict[str, Any]:
    """`data` with `new`'s keys inserted after `key` (or at the end), keeping the order."""
    out: dict[str, Any] = {}
    for k, v in data.items():
        out[k] = v
        if k == key:
            out.update(new)
    out.update({k: v for k, v in new.items() if k not in out})
    return out


def migrate_quote(quote: dict[str, Any]) -> dict[str, Any]:
    """A 1.0.0 quote with `attribution`: explicit with a verb, inferred without."""
    if "attribution" in quote:
        return quote
    return _after(quote, "verb" if "verb" in quote else "kind", {"attribution": "explicit" if quote.get("verb") else "inferred"})


def _inclusivity(figure: dict[str, Any]) -> tuple[bool | None, bool | None, Any]:
    found = match(str(figure.get("mention", "")))
    if found is not None and found.expected.get("qualifier") == figure.get("qualifier"):
        return found.expected["low_inclusive"], found.expected["high_inclusive"], found.expected["point"]
    try:
        low, high = QUALIFIER_INCLUSIVITY.get(Qualifier(figure.get("qualifier")), (True, True))
    except ValueError:
        low, high = None, None  # an unknown qualifier: validate reports it
    return low if low is not None else True, high if high is not None else True, figure.get("value")


def migrate_figure(figure: dict[str, Any]) -> dict[str, Any]:
    """A 1.0.0 figure with inclusivity for the bounds it has, and a point value."""
    if any(k in figure for k in ("low_inclusive", "high_inclusive", "point")):
        return figure
    low_inc, high_inc, point = _inclusivity(figure)
    out = figure
    if figure.get("low") is not None:
        out = _after(out, "low", {"low_inclusive": low_inc})
    if figure.get("high") is not None:
        out = _after(out, "high", {"high_inclusive": high_inc})
    if point is not None:
        key = next((k for k in ("high_inclusive", "high", "low_inclusive") if k in out), "value")
        out = _after(out, key, {"point": point})
    return out


def migrate_actor(actor: dict[str, Any]) -> dict[str, Any]:
    """A 1.0.0 actor without `role`; a printed role is kept in the notes for the curator."""
    if "role" not in actor:
        return actor
    out = {k: v for k, v in actor.items() if k != "role"}
    role = actor.get("role")
    if role:
        moved = f"Role as printed (moved from `role` by the 2.0.0 migration; record it as the quotes' speaker_label): {role}."
        out["notes"] = f"{out['notes']} {moved}" if out.get("notes") else moved
    return out


def migrate_article(article: dict[str, Any]) -> dict[str, Any]:
    """An article file's quotes and figures, migrated."""
    out = dict(article)
    for key, fn in (("quotes", migrate_quote), ("figures", migrate_figure)):
        items = out.get(key)
        if isinstance(items, list):
            out[key] = [fn(i) if isinstance(i, dict) else i for i in items]
    return out


def migrate_dataset(root: str | Path, *, dry_run: bool = False) -> Migration:
    """Migrate every record file `validate` reads under the dataset folder `root` in place (the
    entries it refuses are `unreadable`); returns what changed. A symlink stays a symlink."""
    result = Migration()
    base = Path(root)
    if not base.is_dir() or not is_dataset(base):  # as validate refuses it: "0 changed" would say all is well
        raise DatasetNotFound(f"{base} is not a dataset folder (with articles/ or actors/)")
    for folder, fn in (("articles", migrate_article), ("actors", migrate_actor)):
        paths, refused = listed_records(base, folder)
        result.unreadable += refused
        for path in paths:
            text, problems = read_text(path, path.as_posix(), MAX_YAML_BYTES)
            data, problems = parse(text, path.as_posix()) if text is not None else (None, problems)
            if not isinstance(data, dict):
                why = problems[0].message if problems else "the top level is not a mapping"
                result.unreadable.append(f"{path.as_posix()}: {why}")
                continue
            new = fn(data)
            if new == data:
                result.unchanged.append(path.as_posix())
                continue
            result.changed.append(path.as_posix())
            if not dry_run:
                # A symlink (inside the dataset, or list_files would not give it) keeps being one.
                atomic_write(path.resolve() if path.is_symlink() else path, dump(new))
    return result
