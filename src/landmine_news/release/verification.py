"""Verifying a downloaded release: checksums, datapackage hashes, and readable, consistent tables."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import NotAFolder
from ..models.tables import TABLES
from .checksums import CHECKSUMS, file_digest


def _sha(path: Path) -> str:
    return file_digest(path)[1]


def _listed(folder: Path, problems: list[str]) -> dict[str, str]:
    """Name -> digest from SHA256SUMS; malformed lines are problems."""
    sums_path = folder / CHECKSUMS
    listed: dict[str, str] = {}
    for n, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            problems.append(f"{sums_path}:{n}: malformed line")
            continue
        listed[name] = digest
    return listed


def _checksum_problems(folder: Path, listed: dict[str, str]) -> list[str]:
    problems = []
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{path}: listed in {CHECKSUMS} but missing")
        elif _sha(path) != digest:
            problems.append(f"{path}: sha256 differs from {CHECKSUMS} (corrupted or edited)")
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    problems += [f"{folder / name}: not listed in {CHECKSUMS}" for name in sorted(present - set(listed) - {CHECKSUMS})]
    return problems


def _entry_problems(folder: Path, entry: dict[str, Any]) -> list[str]:
    """Problems of one file a datapackage resource names (its CSV or its Parquet twin)."""
    path = folder / entry["path"]
    if not path.is_file():
        return [f"{path}: named in datapackage.json but missing"]
    size, digest = file_digest(path)
    problems = []
    if "hash" in entry and entry["hash"] != f"sha256:{digest}":
        problems.append(f"{path}: hash differs from datapackage.json")
    if "bytes" in entry and entry["bytes"] != size:
        problems.append(f"{path}: size differs from datapackage.json")
    return problems


def _table_problems(folder: Path) -> list[str]:
    from .reader import load

    try:
        parquet, csv = load(folder), load(folder, format="csv")
    except Exception as exc:  # any failure to read is a verification failure
        return [f"{folder}: tables do not load as valid records ({type(exc).__name__}: {exc})"]
    return [f"{folder}/{table}: Parquet and CSV rows differ" for table in TABLES if parquet.table(table) != csv.table(table)]


def verify(release: str | Path = "build") -> list[str]:
    """Problems with the release folder, one sentence each; empty when it is intact."""
    folder = Path(release)
    if not folder.is_dir():
        raise NotAFolder(f"{folder} is not a folder")
    if not (folder / CHECKSUMS).is_file():
        return [f"{folder / CHECKSUMS}: missing; cannot verify the release"]
    problems: list[str] = []
    problems += _checksum_problems(folder, _listed(folder, problems))
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [*problems, f"{folder / 'datapackage.json'}: unreadable ({exc})"]
    for res in package.get("resources", []):
        for entry in (res, res.get("landmine_news:parquet") or {}):
            if "path" in entry:
                problems += _entry_problems(folder, entry)
    return problems or _table_problems(folder)
