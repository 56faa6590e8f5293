"""Generating the published schema contract from the models: JSON Schema and Frictionless.

`schema/<SCHEMA_VERSION>/` is committed. `schema_staleness` reports files that differ from
what the models generate now, and released versions are pinned by `schema/RELEASED.sha256`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..digests import sha256_hex
from ..errors import SchemaError
from ..models.tables import MODELS, TABLES, TableName
from ..version import SCHEMA_VERSION

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

    from .derived_tables import ReleaseTable

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
TABLE_SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
RELEASED_FILE = "RELEASED.sha256"
REGENERATE = "landmine-news schema"


def dumps(data: Any) -> str:
    """The one JSON style for committed files: stable, readable, UTF-8, newline-terminated."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def json_schema(table: TableName | type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema (2020-12) of one record kind (or model), stamped with the schema version."""
    model = MODELS[table] if isinstance(table, str) else table
    return {"$schema": JSON_SCHEMA_DIALECT, "x-schema-version": SCHEMA_VERSION, **model.model_json_schema()}


def table_schema(table: ReleaseTable) -> dict[str, Any]:
    """The Frictionless Table Schema of one release table: fields, keys, references."""
    fields = []
    for c in table.columns:
        f: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
        constraints = dict(c.constraints)
        if c.required:
            constraints = {"required": True, **constraints}
        if [c.name] == table.primary_key:
            constraints["unique"] = True
        if constraints:
            f["constraints"] = constraints
        fields.append(f)
    return {
        "$schema": TABLE_SCHEMA_PROFILE,
        "fields": fields,
        "missingValues": [""],
        "primaryKey": table.primary_key,
        "foreignKeys": [
            {"fields": [field], "reference": {"resource": resource, "fields": ["id"]}} for field, resource in table.foreign_keys
        ],
    }


def schema_files() -> dict[str, str]:
    """File name -> content for one schema version folder."""
    from ..models.statement import Statement
    from .derived_tables import STATEMENTS, MainTable

    files = {}
    for table in TABLES:
        files[f"{table[:-1]}.schema.json"] = dumps(json_schema(table))
        files[f"{table}.tableschema.json"] = dumps(table_schema(MainTable(table)))
    # The statements table is derived, not curated, but its shape is part of the contract too.
    files["statement.schema.json"] = dumps(json_schema(Statement))
    files[f"{STATEMENTS.name}.tableschema.json"] = dumps(table_schema(STATEMENTS))
    return dict(sorted(files.items()))


def write_schema(root: str | Path = "schema") -> Path:
    """Write `schema/<SCHEMA_VERSION>/` from the models; refuses to change a released version."""
    folder = Path(root) / SCHEMA_VERSION
    _refuse_if_released(Path(root), folder)
    folder.mkdir(parents=True, exist_ok=True)
    wanted = schema_files()
    for stale in folder.iterdir():
        if stale.name not in wanted:
            stale.unlink()
    for name, content in wanted.items():
        (folder / name).write_text(content, encoding="utf-8", newline="\n")
    return folder


def _refuse_if_released(root: Path, folder: Path) -> None:
    released = released_files(root)
    if any(path.startswith(f"{SCHEMA_VERSION}/") for path in released):
        current = schema_files()
        if any(released.get(f"{SCHEMA_VERSION}/{n}") != sha256_hex(c.encode()) for n, c in current.items()):
            raise SchemaError(
                f"schema {SCHEMA_VERSION} is released and the models changed: bump SCHEMA_VERSION in "
                "src/landmine_news/version.py (major for removals/renames/tightening, minor for additions) first"
            )


def released_files(root: str | Path = "schema") -> dict[str, str]:
    """`<version>/<file>` -> sha256, from `schema/RELEASED.sha256`."""
    path = Path(root) / RELEASED_FILE
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            digest, name = line.split(maxsplit=1)
            out[name.strip()] = digest
    return out


def schema_staleness(root: str | Path = "schema") -> list[str]:
    """Differences between the committed schema folder and the models, one line each."""
    folder = Path(root) / SCHEMA_VERSION
    diffs = []
    wanted = schema_files()
    for name, content in wanted.items():
        path = folder / name
        if not path.exists():
            diffs.append(f"{path}: missing")
        elif path.read_text(encoding="utf-8") != content:
            diffs.append(f"{path}: differs from what the models generate")
    if folder.is_dir():
        diffs += [f"{p}: not generated by the models" for p in sorted(folder.iterdir()) if p.name not in wanted]
    return diffs


def mark_released(root: str | Path = "schema") -> Path:
    """Pin the current version's folder in `RELEASED.sha256`: from now on it must never change."""
    root = Path(root)
    diffs = schema_staleness(root)
    if diffs:
        raise SchemaError("the schema folder is stale; regenerate it before releasing:\n" + "\n".join(diffs))
    entries = {k: v for k, v in released_files(root).items() if not k.startswith(f"{SCHEMA_VERSION}/")}
    for path in sorted((root / SCHEMA_VERSION).iterdir()):
        entries[f"{SCHEMA_VERSION}/{path.name}"] = sha256_hex(path.read_bytes())
    lines = ["# Released schema files: a released version's folder never changes (tests/test_schema.py).\n"]
    lines += [f"{digest}  {name}\n" for name, digest in sorted(entries.items())]
    out = root / RELEASED_FILE
    out.write_text("".join(lines), encoding="utf-8", newline="\n")
    return out


def released_changes(root: str | Path = "schema") -> list[str]:
    """Released schema folders that changed since release (they must never change)."""
    root = Path(root)
    released = released_files(root)
    diffs = []
    versions = {name.split("/", 1)[0] for name in released}
    for name, digest in sorted(released.items()):
        path = root / name
        if not path.exists():
            diffs.append(f"{path}: released file is missing")
        elif sha256_hex(path.read_bytes()) != digest:
            diffs.append(f"{path}: released file changed")
    for version in sorted(versions):
        for path in sorted((root / version).glob("*")):
            if f"{version}/{path.name}" not in released:
                diffs.append(f"{path}: added to released schema {version}")
    return diffs
