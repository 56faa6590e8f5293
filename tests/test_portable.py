"""The package imports, loads, validates and builds where `fcntl` is missing (Windows), and the
release folder swap and its lock are built on portable calls only (`release/folder_swap.py`)."""

from __future__ import annotations

import ast
import hashlib
import itertools
import json
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from filelock import FileLock, Timeout

from landmine_news.release import folder_swap
from landmine_news.release.folder_swap import lock_path, locked, remove_leftovers, swap_into_place, temporary_sibling
from landmine_news.release.writer import build

from .conftest import ROOT, needs_sources

PACKAGE = ROOT / "src" / "landmine_news"
# Modules that exist on some operating systems only (or that only make sense on one).
OS_SPECIFIC = frozenset({"fcntl", "ctypes", "msvcrt", "winreg", "resource", "termios", "pwd", "grp"})
OS_SPECIFIC_CALLS = ("renameat2", "malloc_trim")


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def intact(release: Path) -> bool:
    """Whether `release` holds exactly the files its SHA256SUMS lists, each with its digest."""
    listed = {}
    for line in (release / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    files = {p.relative_to(release).as_posix(): p for p in release.rglob("*") if p.is_file()}
    hashed = {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in files.items() if name != "SHA256SUMS"}
    return bool(listed) and hashed == listed


def fake_release(folder: Path, text: str = "old") -> Path:
    """A folder `is_release` takes for a release of this project, with one file of `text`."""
    folder.mkdir()
    descriptor = {"name": folder_swap.PACKAGE_NAME, "landmine_news:schema_version": "1"}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    (folder / "data.csv").write_text(text, encoding="utf-8")
    return folder


def rename_failing(monkeypatch: pytest.MonkeyPatch, fails: dict[str, BaseException]) -> list[tuple[str, str]]:
    """Make `os.rename` in folder_swap raise `fails[name]` once for a rename from a path named
    `name` (or starting so, for `.out.tmp-` and `.out.old-`); returns every rename tried."""
    real = os.rename
    tried: list[tuple[str, str]] = []

    def rename(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        src_name, dst_name = Path(src).name, Path(dst).name
        tried.append((src_name, dst_name))
        for name in list(fails):
            if src_name == name or (name.endswith("-") and src_name.startswith(name)):
                raise fails.pop(name)
        real(src, dst)

    monkeypatch.setattr(folder_swap.os, "rename", rename)
    return tried


# -- (a) no fcntl, no ctypes: import, load, validate, build ---------------------------------
@needs_sources
def test_builds_where_fcntl_and_ctypes_are_missing(real_copy: Path, tmp_path: Path):
    out = tmp_path / "out"
    script = textwrap.dedent(f"""
        import sys
        blocked = ["fcntl"]  # `import fcntl` now raises ImportError, as on Windows
        if sys.platform != "win32":
            # Not on Windows, where filelock (a dependency) takes its lock through ctypes; that
            # the package itself never imports it is what the source scan in this file checks.
            blocked.append("ctypes")
        for name in blocked:
            sys.modules[name] = None
        for name in blocked:
            try:
                __import__(name)
            except ImportError:
                pass
            else:
                raise SystemExit(f"{{name}} was not blocked")
        import landmine_news
        assert landmine_news.load().articles, "the shipped release loaded empty"
        assert landmine_news.validate({str(real_copy)!r}).ok, "the dataset did not validate"
        result = landmine_news.build({str(real_copy)!r}, {str(out)!r})
        assert result.report.ok and result.out.name == "out", result
        # A second build into the same folder takes the lock again and replaces or keeps it.
        assert landmine_news.build({str(real_copy)!r}, {str(out)!r}).report.ok
        print("built")
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "built"
    assert (out / "SHA256SUMS").is_file()
    assert intact(out)
    # Nothing beside the release: no temporary folder, no previous release, no lock file.
    assert siblings(out) == ["dataset", "out"]


# -- (b) no OS-specific module or call anywhere in the package --------------------------------
def os_specific_imports(source: str, filename: str = "<source>") -> list[str]:
    """The OS-specific modules `source` imports (`import`, `from ... import`, or by name)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        found += [name for name in names if name.split(".")[0] in OS_SPECIFIC]
    return found


def test_the_scan_finds_os_specific_imports():
    snippet = "import os, fcntl\nfrom ctypes import CDLL\nimport msvcrt as m\nimportlib.import_module('pwd')\nfrom . import grp\n"
    assert os_specific_imports(snippet) == ["fcntl", "ctypes", "msvcrt", "pwd"]


def test_no_os_specific_module_or_call_in_the_package():
    files = sorted(PACKAGE.rglob("*.py"))
    assert PACKAGE / "release" / "folder_swap.py" in files and len(files) > 20
    imports, calls = {}, {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE).as_posix()
        if found := os_specific_imports(text, name):
            imports[name] = found
        if found := [call for call in OS_SPECIFIC_CALLS if call in text]:
            calls[name] = found
    assert imports == {}
    assert calls == {}


# -- (c) the swap --------------------------------------------------------------------------------
def test_swap_replaces_the_folder_and_leaves_nothing_beside_it(tmp_path: Path):
    out = fake_release(tmp_path / "out", "old")
    (out / "schema").mkdir()
    (out / "schema" / "old.json").write_text("{}")
    with locked(out):
        tmp = temporary_sibling(out)
        (tmp / "new.csv").write_text("new")
        assert tmp.name.startswith(".out.tmp-") and tmp.parent == out.parent
        swap_into_place(tmp, out)
    assert tree(out) == {"new.csv": b"new"}
    assert siblings(out) == ["out"]  # no `.out.old-*`, no `.out.tmp-*`, no lock file


@pytest.mark.parametrize("before", ["missing", "empty"])
def test_swap_into_a_new_path_or_an_empty_folder(tmp_path: Path, before: str):
    out = tmp_path / "out"
    if before == "empty":
        out.mkdir()
    tmp = temporary_sibling(out)
    (tmp / "new.csv").write_text("new")
    swap_into_place(tmp, out)
    assert tree(out) == {"new.csv": b"new"}
    assert siblings(out) == ["out"]


def test_a_failed_second_rename_puts_the_previous_release_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = fake_release(tmp_path / "out", "old")
    before = tree(out)
    tmp = temporary_sibling(out)
    (tmp / "new.csv").write_text("new")
    tried = rename_failing(monkeypatch, {tmp.name: OSError(28, "No space left on device")})
    with pytest.raises(OSError, match="No space left"):
        swap_into_place(tmp, out)
    assert tree(out) == before
    assert [dst for _, dst in tried][-1] == "out"  # the previous release was put back, by name
    # The new one is still the caller's to delete (the writer does, in a `finally`).
    assert tree(tmp) == {"new.csv": b"new"}
    assert not [name for name in siblings(out) if name.startswith(".out.old-")]


def test_a_swap_cut_short_is_undone_by_the_next_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = fake_release(tmp_path / "out", "old")
    before = tree(out)
    tmp = temporary_sibling(out)
    # The second rename fails, and so does putting the previous release back.
    rename_failing(monkeypatch, {tmp.name: OSError(5, "I/O error"), ".out.old-": OSError(5, "I/O error")})
    with pytest.raises(OSError, match="I/O error") as caught:
        swap_into_place(tmp, out)
    assert not out.exists()
    old = [p for p in tmp_path.iterdir() if p.name.startswith(".out.old-")]
    assert len(old) == 1 and any(str(old[0]) in note for note in caught.value.__notes__)
    # A process killed between the two renames leaves the same: the next build puts it back.
    with locked(out):
        remove_leftovers(out)
    assert tree(out) == before
    assert siblings(out) == ["out"]


def test_a_half_deleted_previous_release_is_not_put_back(tmp_path: Path):
    out = tmp_path / "out"
    # What a build killed while deleting the release it replaced leaves: its descriptor goes first.
    half = tmp_path / f".out.old-{os.getpid()}-0123abcd"
    half.mkdir()
    (half / "quotes.csv").write_text("half")
    remove_leftovers(out)
    assert not out.exists() and not half.exists()


def test_leftovers_of_another_target_are_left_alone(tmp_path: Path):
    out = fake_release(tmp_path / "out")
    dead = tmp_path / ".out.tmp-999999999-dead"
    dead.mkdir()
    # The temporary folder of a build into `out.tmp-x`, whose name only starts like out's.
    other = tmp_path / ".out.tmp-x.tmp-999999999-0123abcd"
    other.mkdir()
    remove_leftovers(out)
    assert not dead.exists() and other.is_dir()


def test_a_rename_refused_for_a_moment_is_tried_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # On Windows a virus scanner may hold a file just written for a moment.
    out = fake_release(tmp_path / "out", "old")
    tmp = temporary_sibling(out)
    (tmp / "new.csv").write_text("new")
    tried = rename_failing(monkeypatch, {"out": PermissionError(13, "Access is denied")})
    swap_into_place(tmp, out)
    assert tree(out) == {"new.csv": b"new"}
    assert [src for src, _ in tried].count("out") == 2
    assert siblings(out) == ["out"]


def test_a_folder_that_cannot_be_moved_aside_is_left_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    out = fake_release(tmp_path / "out", "old")
    before = tree(out)
    tmp = temporary_sibling(out)
    real = os.rename

    def refused(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(src).name == "out":  # as on Windows while a program has one of its files open
            raise PermissionError(13, "Access is denied", str(src))
        real(src, dst)

    monkeypatch.setattr(folder_swap.os, "rename", refused)
    monkeypatch.setattr(folder_swap.time, "sleep", lambda seconds: None)
    with pytest.raises(PermissionError, match="left as it was") as caught:
        swap_into_place(tmp, out)
    assert caught.value.filename == str(out) and "open" in str(caught.value)
    assert tree(out) == before
    assert sorted(siblings(out)) == sorted(["out", tmp.name])


def test_no_file_is_open_in_either_folder_during_the_swap(tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Windows refuses to rename a folder that holds an open file; Linux can show what is open.
    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("no /proc/self/fd to list this process's open files")
    out = tmp_path / "out"
    assert build(tiny, out).report.ok
    real = folder_swap._rename
    open_during: list[list[str]] = []

    def watching(src: Path, dst: Path) -> None:
        targets = []
        for fd in os.listdir(fds):
            try:
                targets.append(os.readlink(fds / fd))
            except OSError:  # closed meanwhile (the listing's own descriptor, say)
                continue
        inside = [t for t in targets if any(t == str(p) or t.startswith(f"{p}{os.sep}") for p in (out, src, dst))]
        open_during.append(inside)
        real(src, dst)

    monkeypatch.setattr(folder_swap, "_rename", watching)
    (tiny / "actors" / "tiny-critics.yaml").write_text("id: tiny-critics\nname: Critics, renamed\nkind: group\n")
    assert build(tiny, out).report.ok  # replaces the first release: both folders exist
    assert len(open_during) == 2  # the previous release aside, the new one in
    assert open_during == [[], []]
    assert b"Critics, renamed" in (out / "actors.csv").read_bytes()


# -- (c) the lock --------------------------------------------------------------------------------
def in_thread(target: Callable[[], None]) -> threading.Thread:
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread


def test_a_held_lock_makes_the_next_build_wait(tmp_path: Path):
    out = tmp_path / "out"
    entered = threading.Event()

    def build_turn() -> None:
        with locked(out):
            entered.set()

    held = FileLock(lock_path(out))
    with held:
        waiter = in_thread(build_turn)
        assert not entered.wait(0.5), "the lock did not keep the second build out"
    assert entered.wait(30), "the second build did not get its turn once the lock was free"
    waiter.join(30)
    assert siblings(out) == []  # the lock file is gone too (`out` itself was never made)


def test_waiting_for_the_lock_can_time_out(tmp_path: Path):
    out = tmp_path / "out"
    raised: list[BaseException] = []

    def impatient() -> None:
        try:
            with locked(out, timeout=0.2):
                pass
        except BaseException as exc:
            raised.append(exc)

    with FileLock(lock_path(out)):
        in_thread(impatient).join(30)
    assert len(raised) == 1 and isinstance(raised[0], Timeout)
    with locked(out, timeout=0.2):  # free again
        assert lock_path(out).exists()


def test_holders_of_the_lock_take_turns(tmp_path: Path):
    out = tmp_path / "out"
    spans: list[tuple[float, float]] = []
    errors: list[BaseException] = []

    def turn() -> None:
        try:
            with locked(out):
                start = time.monotonic()
                time.sleep(0.1)
                spans.append((start, time.monotonic()))
        except BaseException as exc:
            errors.append(exc)

    threads = [in_thread(turn) for _ in range(4)]
    for thread in threads:
        thread.join(60)
    assert errors == [] and len(spans) == 4
    spans.sort()
    assert all(end <= next_start for (_, end), (next_start, _) in itertools.pairwise(spans)), spans
    assert siblings(out) == []


def test_concurrent_builds_into_one_folder_take_turns(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    results: list[bool] = []
    errors: list[BaseException] = []

    def one_build() -> None:
        try:
            results.append(build(tiny, out).report.ok)
        except BaseException as exc:
            errors.append(exc)

    threads = [in_thread(one_build) for _ in range(3)]
    for thread in threads:
        thread.join(120)
    assert errors == [] and results == [True, True, True]
    assert intact(out)
    assert siblings(out) == ["dataset", "out"]


# -- the pull-request workflow runs the tests on every OS ---------------------------------------
def test_pull_requests_run_the_tests_on_linux_macos_and_windows():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8"))
    everywhere = {"ubuntu-latest", "macos-latest", "windows-latest"}
    linux_only = ("ruff ", "mypy", "landmine-news validate", "landmine-news build --check")
    seen_tests, seen_linux_only = set(), set()
    for job in workflow["jobs"].values():
        matrix = job.get("strategy", {}).get("matrix", {})
        systems = set(matrix.get("os", [])) if "matrix.os" in job["runs-on"] else {job["runs-on"]}
        for step in job["steps"]:
            run = step.get("run", "")
            on_linux_only = "runner.os == 'Linux'" in str(step.get("if", "")) or systems == {"ubuntu-latest"}
            if "pytest" in run:
                assert not on_linux_only and matrix.get("python-version") == ["3.11"], step
                seen_tests |= systems
            for command in linux_only:
                if command in run:
                    assert on_linux_only, step
                    seen_linux_only.add(command)
    assert seen_tests == everywhere
    assert seen_linux_only == set(linux_only)
