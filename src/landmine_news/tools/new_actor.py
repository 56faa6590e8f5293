"""`landmine-news new actor`: one actor file, checked by the model before it is written."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from ..checks.rules.record_values import value_findings
from ..errors import ScaffoldError
from ..models.actor import Actor
from .dataset_files import atomic_write, member, record_files
from .entry_fields import scalar
from .yaml_writer import quote_str


def new_actor(dataset: str | Path, record: dict[str, object]) -> Path:
    """Write `actors/<id>.yaml` from `record` (id, name, kind and any optional Actor field); refuses
    an existing file, a record the model refuses, and `member_of` ids that name no actor."""
    root = Path(dataset)
    actor_id = str(record.get("id"))
    path = member(root, "actors", f"{actor_id}.yaml")
    if path.exists():
        raise ScaffoldError(f"{path} already exists; refusing to overwrite it")
    fields: dict[str, object] = {
        "aliases": [],
        "member_of": [],
        "member_of_basis": None,
        "wikidata": None,
        "notes": None,
        **record,
    }
    member_of = [str(m) for m in fields["member_of"]] if isinstance(fields["member_of"], list) else []
    name, kind = fields.get("name"), fields.get("kind")
    try:
        actor = Actor.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "record"
        raise ScaffoldError(f"the actor would not validate: {where}: {first['msg']}") from None
    for found in value_findings(actor):  # what validate would refuse next: a formula-like name, a control character
        raise ScaffoldError(f"the actor would not validate: {found.problem.message}. {found.problem.hint}")
    known = {p.stem for p in record_files(root, "actors")}
    unknown = [m for m in member_of if m not in known]
    if unknown:
        raise ScaffoldError(f"member_of names actors that do not exist: {', '.join(unknown)}; create them first")
    lines = [f"id: {actor_id}", f"name: {quote_str(str(name))}", f"kind: {kind}"]
    for key in ("aliases", "member_of"):
        values = fields[key]
        assert isinstance(values, list)
        lines += [f"{key}: []"] if not values else [f"{key}:", *(f"  - {scalar(v)}" for v in values)]
    lines += [
        f"{k}: {quote_str(str(fields[k])) if fields[k] is not None else 'null'}" for k in ("member_of_basis", "wikidata", "notes")
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, "\n".join(lines) + "\n")
    return path
