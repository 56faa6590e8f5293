"""Verifying a downloaded release: checksums, datapackage hashes, and readable, consistent tables.
A listed name not safely inside the release is a problem, never read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..checks.report.problems import Problem, Report
from ..digests import CHECKSUMS, file_digest
from ..errors import FolderNotFound, ReleaseInvalid
from ..models.tables import TABLES
from .derived_tables import release_tables
from .descriptor import resource_files, safe_member
from .reader import DESCRIPTOR, load, release_descriptor

_SUM_LINE = re.compile(r"([0-9a-f]{64})  (.+)")
MAX_SUMS_BYTES = 1 << 20


def _listed(folder: Path, problems: list[Problem]) -> dict[str, str]:
    """Name -> digest from SHA256SUMS; malformed or unsafe lines are problems."""
    sums_path = folder / CHECKSUMS
    if sums_path.stat().st_size > MAX_SUMS_BYTES:
        problems.append(Problem("release-manifest-invalid", "larger than a checksum list may be", file=CHECKSUMS))
        return {}
    try:
        text = sums_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem("release-manifest-invalid", f"unreadable ({exc})", file=CHECKSUMS))
        return {}
    listed: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        m = _SUM_LINE.fullmatch(line)
        if m is None:
            problems.append(Problem("release-manifest-invalid", "malformed line", file=CHECKSUMS, line=n))
        elif safe_member(folder, m.group(2)) is None:
            message = f"{m.group(2)!r} is not a file inside the release; refusing to read it"
            problems.append(Problem("release-name-unsafe", message, file=CHECKSUMS, line=n, value=m.group(2)))
        else:
            listed[m.group(2)] = m.group(1)
    return listed


def listed_digests(folder: Path) -> dict[str, str]:
    """Name -> SHA-256 of the safe names `SHA256SUMS` lists; empty when it is missing or unreadable."""
    sums = folder / CHECKSUMS
    if sums.is_symlink() or not sums.is_file():
        return {}
    try:
        return _listed(folder, [])
    except OSError:
        return {}


def _present(folder: Path, problems: list[Problem]) -> set[str]:
    """Relative names of the regular files in the release; symlinks and odd entries are problems."""
    present = set()
    for p in sorted(folder.rglob("*")):
        name = p.relative_to(folder).as_posix()
        if p.is_symlink():
            problems.append(Problem("release-file-not-regular", "a symbolic link; a release holds only regular files", file=name))
        elif p.is_file():
            present.add(name)
        elif not p.is_dir():
            problems.append(Problem("release-file-not-regular", "not a regular file", file=name))
    return present


def _shape_problems(listed: dict[str, str]) -> list[Problem]:
    """Files a build writes that `SHA256SUMS` omits, and listed ones no build writes."""
    from .claimreview import CLAIMREVIEW_FILE
    from .documents import DOCUMENTS
    from .pictures import PICTURES
    from .sqlite_db import SQLITE_FILE

    if not listed:
        return []
    expected = {f"{table.name}.{suffix}" for table in release_tables() for suffix in ("csv", "parquet")}
    expected |= {f"schema/{table[:-1]}.schema.json" for table in TABLES}
    expected |= {SQLITE_FILE, DESCRIPTOR, CLAIMREVIEW_FILE, *DOCUMENTS, *PICTURES}
    missing = [
        Problem("release-file-missing", f"a build writes it, but {CHECKSUMS} does not list it", file=name)
        for name in sorted(expected - set(listed))
    ]
    extra = [
        Problem("release-file-unexpected", f"listed in {CHECKSUMS}, but no build writes it", file=name)
        for name in sorted(set(listed) - expected)
    ]
    return missing + extra


def _croissant_problems(folder: Path, listed: dict[str, str]) -> list[Problem]:
    """The CSV digests `croissant.json` records must be the files' own (its readers check against them)."""
    import json

    from .release_readme import CROISSANT_FILE

    if CROISSANT_FILE not in listed or not (folder / CROISSANT_FILE).is_file():
        return []
    try:
        files = json.loads((folder / CROISSANT_FILE).read_text(encoding="utf-8")).get("distribution", [])
    except (OSError, ValueError, AttributeError):
        return [Problem("release-manifest-invalid", "not a JSON document", file=CROISSANT_FILE)]
    problems = []
    for entry in files if isinstance(files, list) else []:
        name, digest = (entry.get("contentUrl"), entry.get("sha256")) if isinstance(entry, dict) else (None, None)
        if isinstance(name, str) and digest is not None and listed.get(name) != digest:
            message = f"records sha256 {digest!r} for {name}, which is not the file's"
            problems.append(Problem("release-checksum-mismatch", message, file=CROISSANT_FILE, value=name))
    return problems


def _checksum_problems(folder: Path, listed: dict[str, str], present: set[str]) -> list[Problem]:
    problems = []
    for name, digest in sorted(listed.items()):
        if name not in present:
            problems.append(Problem("release-file-missing", f"listed in {CHECKSUMS} but missing", file=name))
        elif file_digest(folder / name)[1] != digest:
            message = f"sha256 differs from {CHECKSUMS} (corrupted or edited)"
            problems.append(Problem("release-checksum-mismatch", message, file=name))
    problems += [
        Problem("release-file-unlisted", f"not listed in {CHECKSUMS}", file=name)
        for name in sorted(present - set(listed) - {CHECKSUMS})
    ]
    return problems


def checksums_hold(release: Path, sums_sha: str) -> bool:
    """Whether `release` holds exactly the files its `SHA256SUMS` (hashing to `sums_sha`) lists, untouched."""
    sums = release / CHECKSUMS
    try:
        if sums.is_symlink() or not sums.is_file() or file_digest(sums)[1] != sums_sha:
            return False
        problems: list[Problem] = []
        present = _present(release, problems)
        listed = _listed(release, problems)
        # A folder no listed file is in (an empty one, say) is not what the build wrote either.
        folders = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_dir()}
        needed = {parent.as_posix() for name in listed for parent in Path(name).parents if parent != Path(".")}
        return not problems and folders == needed and not _checksum_problems(release, listed, present)
    except OSError:
        return False


def _entry_problems(folder: Path, entry: dict[str, Any]) -> list[Problem]:
    """Problems of one file a datapackage resource names (its CSV or its Parquet twin)."""
    path = safe_member(folder, entry["path"])
    if path is None:
        message = f"path {entry['path']!r} is not a file inside the release; refusing to read it"
        return [Problem("release-name-unsafe", message, file=DESCRIPTOR, value=entry["path"])]
    name = path.relative_to(folder).as_posix()
    if not path.is_file():
        return [Problem("release-file-missing", f"named in {DESCRIPTOR} but missing", file=name)]
    size, digest = file_digest(path)
    problems = []
    if "hash" in entry and entry["hash"] != f"sha256:{digest}":
        problems.append(Problem("release-checksum-mismatch", f"hash differs from {DESCRIPTOR}", file=name))
    if "bytes" in entry and entry["bytes"] != size:
        problems.append(Problem("release-checksum-mismatch", f"size differs from {DESCRIPTOR}", file=name))
    return problems


def _table_problems(folder: Path, report: Report) -> list[Problem]:
    """The tables load from Parquet and CSV alike, and the SQLite file holds the same rows."""
    from .sqlite_check import sqlite_problems

    try:
        parquet, csv = load(folder), load(folder, format="csv")
    except ReleaseInvalid as exc:
        return exc.problems
    report.records_checked = sum(len(parquet.table(table)) for table in TABLES)
    differ = [
        Problem("release-csv-parquet-differ", f"rows differ from those of {table}.parquet", file=f"{table}.csv")
        for table in TABLES
        if parquet.table(table) != csv.table(table)
    ]
    return differ + sqlite_problems(folder)  # the SQLite file is compared with Parquet, which loaded


def _problems(folder: Path, report: Report) -> list[Problem]:
    sums = folder / CHECKSUMS
    if sums.is_symlink() or (sums.exists() and not sums.is_file()):
        return [Problem("release-file-not-regular", "not a regular file; cannot verify the release", file=CHECKSUMS)]
    if not sums.is_file():
        return [Problem("release-file-missing", "missing; cannot verify the release", file=CHECKSUMS)]
    problems: list[Problem] = []
    present = _present(folder, problems)
    report.files_checked = len(present)
    listed = _listed(folder, problems)
    problems += _checksum_problems(folder, listed, present)
    # Whether the listed files are a build's, and the Croissant file's digests theirs: reported
    # beside the rest, since a forger who regenerated the list passes the checks above.
    beside = _shape_problems(listed) + _croissant_problems(folder, listed)
    try:
        descriptor = release_descriptor(folder)
    except ReleaseInvalid as exc:
        return [*problems, *beside, *exc.problems]
    entries, shape = resource_files(descriptor)
    problems += [Problem("release-manifest-invalid", p, file=DESCRIPTOR) for p in shape]
    for entry in entries:
        problems += _entry_problems(folder, entry)
    return [*problems, *beside] if problems else [*beside, *_table_problems(folder, report)]


def verify(release: str | Path = "build") -> Report:
    """Every problem of the release folder, each with its code and release file; `ok` when intact.
    A missing folder raises `FolderNotFound`."""
    folder = Path(release)
    if not folder.is_dir():
        raise FolderNotFound(f"{folder} is not a folder")
    report = Report()
    report.extend(_problems(folder, report))
    return report.sorted()
