"""The layout of a dataset folder: what makes a folder a dataset, and which files it holds.

An entry of `articles/`, `actors/` or `sources/` named `<name><suffix>` and a regular file
inside the dataset (through symlinks or not) is read. Otherwise: a symlink leading outside
is `path-escapes`; a folder, FIFO, socket, device, broken symlink or loop named like a
record is `file-not-regular`; `.yml` or `.YAML` in a record folder is `file-wrong-extension`
(so a record never silently drops out of the build); a hidden file named like a record is
`file-hidden` (a warning; other hidden entries are silent); anything else, such as `x.yaml~`,
is `file-unexpected` (a warning). At the top, `figure_rules.toml` holds the dataset's own
rows of the figure rule table (`checks/rules/rule_rows.py`).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ..report.escaping import printable
from ..report.problems import Problem
from .files import kind_of, resolve, within

ARTICLES, ACTORS, SOURCES = "articles", "actors", "sources"
_RECORD_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(?:ya?ml|txt)", re.IGNORECASE)


def folder_problems(root: Path) -> list[Problem]:
    """`folder-missing` for each of articles/, actors/, sources/ that is absent or not a folder
    (else a misspelled `article/` would build a release without articles), and misplaced records."""
    import difflib

    problems = []
    try:
        present = sorted(entry.name for entry in os.scandir(root) if not entry.name.startswith("."))
    except OSError:
        present = []
    for folder in (ARTICLES, ACTORS, SOURCES):
        path, shown = root / folder, printable(f"{root.as_posix()}/{folder}")
        if path.is_dir():
            continue
        what = "is not a folder" if path.exists() or path.is_symlink() else "is missing"
        near = [n for n in difflib.get_close_matches(folder, present, n=1, cutoff=0.75) if n != folder]
        hint = f"Rename {printable(near[0])} to {folder}/." if near else None
        problems.append(Problem("folder-missing", f"{folder}/ {what}: its records cannot be read", file=shown, hint=hint))
    return problems + _misplaced(root, present)


def _linked(root: Path) -> set[Path]:
    """What the symlinks in articles/ and actors/ lead to: a record linked from there is not misplaced."""
    found = set()
    for folder in (ARTICLES, ACTORS):
        try:
            with os.scandir(root / folder) as entries:
                found |= {Path(e.path).resolve() for e in entries if e.is_symlink()}
        except OSError:
            continue
    return found


def _misplaced(root: Path, present: list[str]) -> list[Problem]:
    """`file-misplaced` for record files at the dataset's top and for folders named almost like
    one of its three (`Articles/`, `article/`), whose records would silently not be read."""
    import difflib

    problems = []
    folders = (ARTICLES, ACTORS, SOURCES)
    linked: set[Path] | None = None
    for name in present:
        if name in folders or name == "figure_rules.toml":
            continue
        path, shown = root / name, printable(f"{root.as_posix()}/{name}")
        if path.is_dir():
            near = difflib.get_close_matches(name.casefold(), folders, n=1, cutoff=0.75)
            # On a file system that ignores case, `Articles/` is `articles/` itself, and read.
            same = near and (root / near[0]).is_dir() and os.path.samefile(path, root / near[0])
            if near and not same:
                message = f"{printable(name)}/ is not read: records go in {near[0]}/"
                hint = f"Move its files into {near[0]}/ (lowercase, as spelled) and delete {printable(name)}/."
                problems.append(Problem("file-misplaced", message, file=shown, hint=hint))
        elif name.lower().endswith((".yaml", ".yml")):
            if linked is None:  # the folders' links are listed once, and only if a file is here to ask about
                linked = _linked(root)
            if path.resolve() in linked:
                continue
            message = f"{printable(name)} at the top of the dataset is not read: records go in {ARTICLES}/ or {ACTORS}/"
            hint = f"Move it into {ARTICLES}/ (an article) or {ACTORS}/ (an actor), named <id>.yaml."
            problems.append(Problem("file-misplaced", message, file=shown, hint=hint))
    return problems


def is_dataset(root: Path) -> bool:
    """True for a folder with `articles/` or `actors/` in it."""
    return (root / ARTICLES).is_dir() or (root / ACTORS).is_dir()


def list_files(root: Path, folder: str, suffix: str) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(path, display name) of each `*suffix` file in `root/folder`, sorted, and problems with the rest.

    Paths are strings: a `Path` per file was half the cost of a warm run's listing.
    """
    base = root / folder
    display = printable(f"{root.as_posix()}/{folder}")
    real_root = resolve(root)
    if real_root is None or not (base.is_dir() or base.is_symlink()):
        return [], []
    real_base = resolve(base)
    if real_base is None or not within(real_root, real_base):
        return [], [Problem("path-escapes", f"{folder}/ leads outside the dataset folder; nothing in it is read", file=display)]
    if not real_base.is_dir():
        return [], []
    try:
        with os.scandir(base) as it:
            plain = {entry.name: _plain_file(entry, suffix) for entry in it}
        names = sorted(plain)
    except OSError as exc:
        return [], [Problem("file-unreadable", f"cannot list {folder}/: {exc.strerror or exc}", file=display)]
    out: list[tuple[str, str]] = []
    problems: list[Problem] = []
    prefix = os.path.join(base, "")
    for name in names:
        path, shown = prefix + name, f"{display}/{printable(name)}"
        shown = path if shown == path else shown  # one string, not two equal ones, for most files
        if name.startswith("."):  # silent, unless named like a record (`.x.yaml`)
            if _RECORD_LIKE.fullmatch(name[1:]) and name.lower().endswith((suffix, ".yml")):
                message = f"hidden file {printable(name)} in {folder}/ is not read"
                problems.append(Problem("file-hidden", message, file=shown, severity="warning"))
            continue
        if plain[name]:  # not a symlink, in a folder inside the dataset: nothing to resolve
            out.append((path, shown))
            continue
        try:
            problem = _refusal(real_root, Path(path), shown, folder, suffix)
        except OSError as exc:  # the entry changed under us
            problem = Problem("file-unreadable", f"cannot read {printable(name)}: {exc.strerror or exc}", file=shown)
        if problem is None:
            out.append((path, shown))
        else:
            problems.append(problem)
    return out, problems


def _plain_file(entry: os.DirEntry[str], suffix: str) -> bool:
    """A regular `*suffix` file that is no symlink: `_refusal` would accept it, without resolving."""
    try:
        return entry.name.endswith(suffix) and not entry.is_symlink() and entry.is_file(follow_symlinks=False)
    except OSError:
        return False


def _refusal(real_root: Path, path: Path, shown: str, folder: str, suffix: str) -> Problem | None:
    """None when `path` is a file to read; else the problem to report."""
    name, label = path.name, printable(path.name)
    real = resolve(path)
    # The code's standing hint speaks of record files; a source is a text file.
    hint = (
        None
        if suffix == ".yaml"
        else f"Replace it with the source's own regular `{suffix}` file: folders, named pipes, devices and broken or looping symlinks are not read."
    )
    if real is None:
        return Problem("file-not-regular", f"{label} is a broken symlink or a symlink loop", file=shown, hint=hint)
    if not within(real_root, real):
        return Problem("path-escapes", f"{label} points outside the dataset folder", file=shown)
    mode = os.stat(real).st_mode
    if name.endswith(suffix):
        if stat.S_ISREG(mode):
            return None
        return Problem("file-not-regular", f"{label} is a {kind_of(mode)}, not a regular file", file=shown, hint=hint)
    if suffix == ".yaml" and name.lower().endswith((".yaml", ".yml")):
        stem = name.rsplit(".", 1)[0]
        message = f"{label} is not read: record files end in .yaml; rename it to {printable(stem)}.yaml"
        return Problem("file-wrong-extension", message, file=shown)
    what = "folder" if stat.S_ISDIR(mode) else "file"
    return Problem("file-unexpected", f"unexpected {what} {label} in {folder}/", file=shown, severity="warning")
