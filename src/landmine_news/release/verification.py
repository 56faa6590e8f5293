"""Verifying a downloaded release: checksums, datapackage hashes, and readable, consistent tables."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import NotAFolder
from ..models.tables import TABLES
from .checksums import CHECKSUMS, file_digest


def _sha(path: Path) -> str:
    return file_digest(path)[1]


def verify(release: str | Path = "build") -> list[str]:
    """Problems with the release folder, one sentence each; empty when it is intact."""
    folder = Path(release)
    if not folder.is_dir():
        raise NotAFolder(f"{folder} is not a folder")
    problems: list[str] = []
    sums_path = folder / CHECKSUMS
    if not sums_path.is_file():
        return [f"{sums_path}: missing; cannot verify the release"]
    listed: dict[str, str] = {}
    for n, line in enumerate(sums_path.read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64:
            problems.append(f"{sums_path}:{n}: malformed line")
            continue
        listed[name] = digest
    for name, digest in sorted(listed.items()):
        path = folder / name
        if not path.is_file():
            problems.append(f"{path}: listed in {CHECKSUMS} but missing")
        elif _sha(path) != digest:
            problems.append(f"{path}: sha256 differs from {CHECKSUMS} (corrupted or edited)")
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    for name in sorted(present - set(listed) - {CHECKSUMS}):
        problems.append(f"{folder / name}: not listed in {CHECKSUMS}")
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return problems + [f"{folder / 'datapackage.json'}: unreadable ({exc})"]
    for res in package.get("resources", []):
        for entry in (res, res.get("landmine_news:parquet") or {}):
            if "path" not in entry:
                continue
            path = folder / entry["path"]
            if not path.is_file():
                problems.append(f"{path}: named in datapackage.json but missing")
                continue
            if "hash" in entry and entry["hash"] != f"sha256:{_sha(path)}":
                problems.append(f"{path}: hash differs from datapackage.json")
            if "bytes" in entry and entry["bytes"] != path.stat().st_size:
                problems.append(f"{path}: size differs from datapackage.json")
    if problems:
        return problems
    from .reader import load

    try:
        parquet, csv = load(folder), load(folder, format="csv")
    except Exception as exc:  # noqa: BLE001 - any failure to read is a verification failure
        return [f"{folder}: tables do not load as valid records ({type(exc).__name__}: {exc})"]
    for table in TABLES:
        if parquet.table(table) != csv.table(table):
            problems.append(f"{folder}/{table}: Parquet and CSV rows differ")
    return problems
