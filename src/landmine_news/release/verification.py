"""Verifying a downloaded release: checksums, datapackage hashes, and readable, consistent tables.

Every name a release lists (in `SHA256SUMS` or `datapackage.json`) is untrusted: it must
be relative, free of `..`, and resolve inside the release without a symlink on the way,
or it is a problem and is never read. Files are hashed in blocks, never read whole.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import NotAFolder, ReleaseError
from ..models.tables import TABLES
from .checksums import CHECKSUMS, file_digest
from .descriptor import read_descriptor, resource_files, safe_member

_SUM_LINE = re.compile(r"([0-9a-f]{64})  (.+)")
MAX_SUMS_BYTES = 1 << 20


def _listed(folder: Path, problems: list[str]) -> dict[str, str]:
    """Name -> digest from SHA256SUMS; malformed or unsafe lines are problems."""
    sums_path = folder / CHECKSUMS
    if sums_path.stat().st_size > MAX_SUMS_BYTES:
        problems.append(f"{sums_path}: larger than a checksum list may be")
        return {}
    try:
        text = sums_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{sums_path}: unreadable ({exc})")
        return {}
    listed: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = _SUM_LINE.fullmatch(line)
        if m is None:
            problems.append(f"{sums_path}:{n}: malformed line")
        elif safe_member(folder, m.group(2)) is None:
            problems.append(f"{sums_path}:{n}: {m.group(2)!r} is not a file inside the release; refusing to read it")
        else:
            listed[m.group(2)] = m.group(1)
    return listed


def listed_digests(folder: Path) -> dict[str, str]:
    """Name -> SHA-256 of what a release's `SHA256SUMS` lists (safe names only); empty when it has none or cannot be read."""
    sums = folder / CHECKSUMS
    if sums.is_symlink() or not sums.is_file():
        return {}
    try:
        return _listed(folder, [])
    except OSError:
        return {}


def _present(folder: Path, problems: list[str]) -> set[str]:
    """Relative names of the regular files in the release; symlinks and odd entries are problems."""
    present = set()
    for p in sorted(folder.rglob("*")):
        name = p.relative_to(folder).as_posix()
        if p.is_symlink():
            problems.append(f"{folder / name}: a symbolic link; a release holds only regular files")
        elif p.is_file():
            present.add(name)
        elif not p.is_dir():
            problems.append(f"{folder / name}: not a regular file")
    return present


def _checksum_problems(folder: Path, listed: dict[str, str], present: set[str]) -> list[str]:
    problems = []
    for name, digest in sorted(listed.items()):
        if name not in present:
            problems.append(f"{folder / name}: listed in {CHECKSUMS} but missing")
        elif file_digest(folder / name)[1] != digest:
            problems.append(f"{folder / name}: sha256 differs from {CHECKSUMS} (corrupted or edited)")
    problems += [f"{folder / name}: not listed in {CHECKSUMS}" for name in sorted(present - set(listed) - {CHECKSUMS})]
    return problems


def checksums_hold(release: Path, sums_sha: str) -> bool:
    """Whether `release` holds exactly the files its `SHA256SUMS` lists, each with its listed
    digest, and that list hashes to `sums_sha`: the release a build wrote there, untouched since."""
    sums = release / CHECKSUMS
    try:
        if sums.is_symlink() or not sums.is_file() or file_digest(sums)[1] != sums_sha:
            return False
        problems: list[str] = []
        present = _present(release, problems)
        listed = _listed(release, problems)
        # A folder no listed file is in (an empty one, say) is not what the build wrote either.
        folders = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_dir()}
        needed = {parent.as_posix() for name in listed for parent in Path(name).parents if parent != Path(".")}
        return not problems and folders == needed and not _checksum_problems(release, listed, present)
    except OSError:
        return False


def _entry_problems(folder: Path, entry: dict[str, Any]) -> list[str]:
    """Problems of one file a datapackage resource names (its CSV or its Parquet twin)."""
    path = safe_member(folder, entry["path"])
    if path is None:
        return [f"{folder}/datapackage.json: path {entry['path']!r} is not a file inside the release; refusing to read it"]
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
    """The tables load from Parquet and CSV alike, and the SQLite file holds the same rows."""
    from .reader import load
    from .sqlite_check import sqlite_problems

    try:
        parquet, csv = load(folder), load(folder, format="csv")
    except ReleaseError as exc:
        return list(exc.problems)
    differ = [f"{folder}/{table}: Parquet and CSV rows differ" for table in TABLES if parquet.table(table) != csv.table(table)]
    return differ + sqlite_problems(folder)  # the SQLite file is compared with Parquet, which loaded


def verify(release: str | Path = "build") -> list[str]:
    """Problems with the release folder, one sentence each; empty when it is intact."""
    folder = Path(release)
    if not folder.is_dir():
        raise NotAFolder(f"{folder} is not a folder")
    sums = folder / CHECKSUMS
    if sums.is_symlink() or (sums.exists() and not sums.is_file()):
        return [f"{sums}: not a regular file; cannot verify the release"]
    if not sums.is_file():
        return [f"{sums}: missing; cannot verify the release"]
    problems: list[str] = []
    present = _present(folder, problems)
    problems += _checksum_problems(folder, _listed(folder, problems), present)
    try:
        descriptor = read_descriptor(folder)
    except ReleaseError as exc:
        return [*problems, str(exc)]
    entries, shape = resource_files(descriptor)
    problems += [f"{folder}/datapackage.json: {p}" for p in shape]
    for entry in entries:
        problems += _entry_problems(folder, entry)
    return problems or _table_problems(folder)
