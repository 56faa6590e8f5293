"""A build whose release is already in `--out` (every file as written, the same list) leaves it untouched."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import landmine_news.release.writer as writer
from landmine_news.release.writer import build

from .conftest import run_cli


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every release folder a build put in place (`swap_into_place` calls)."""
    seen: list[Path] = []
    real = writer.swap_into_place

    def counting(tmp, out):  # type: ignore[no-untyped-def]
        seen.append(Path(out))
        return real(tmp, out)

    monkeypatch.setattr(writer, "swap_into_place", counting)
    return seen


def _edit(tiny: Path, old: str, new: str) -> None:
    path = tiny / "articles/tiny-article.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")


def test_a_second_build_of_the_same_rows_writes_nothing(tiny: Path, tmp_path: Path, writes: list[Path]):
    out = tmp_path / "out"
    first = build(tiny, out, workers=1)
    before = tree(out)
    stats = {p: os.stat(p).st_mtime_ns for p in out.rglob("*")}
    again = build(tiny, out, workers=1)
    assert not first.unchanged and again.unchanged and len(writes) == 1
    assert again.counts == first.counts and tree(out) == before
    assert {p: os.stat(p).st_mtime_ns for p in out.rglob("*")} == stats


def test_an_edit_to_a_row_rewrites_the_release_as_a_fresh_build_would(tiny: Path, tmp_path: Path, writes: list[Path]):
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    build(tiny, out, workers=1)
    _edit(tiny, "measures: area needing clearance", "measures: area to clear")
    assert not build(tiny, out, workers=1).unchanged
    build(tiny, fresh, workers=1, cache=False)
    assert tree(out) == tree(fresh) and b"area to clear" in (out / "figures.csv").read_bytes()


@pytest.mark.parametrize("damage", ["delete", "sums"])  # a file added or edited: refused (test_hardening_release)
def test_an_edited_or_damaged_release_is_written_again(tiny: Path, tmp_path: Path, writes: list[Path], damage: str):
    out = tmp_path / "out"
    build(tiny, out, workers=1)
    good = tree(out)
    if damage == "delete":
        (out / "actors.parquet").unlink()
    else:  # a file and its listed sum edited together: the recorded digest of the list still differs
        (out / "codebook.md").write_text("edited\n", encoding="utf-8")
        sums = (out / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
        import hashlib

        digest = hashlib.sha256(b"edited\n").hexdigest()
        lines = [f"{digest}  codebook.md" if line.endswith("  codebook.md") else line for line in sums]
        (out / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = build(tiny, out, workers=1)
    assert not result.unchanged and len(writes) == 2
    assert tree(out) == good


def test_the_cli_says_the_release_is_up_to_date(tiny: Path, tmp_path: Path):
    out = tmp_path / "out"
    first = run_cli("build", "--dataset", str(tiny), "--out", str(out))
    again = run_cli("build", "--dataset", str(tiny), "--out", str(out))
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    assert "built release" in first.stdout and "up to date" in again.stdout and "nothing written" in again.stdout


def test_an_empty_folder_added_to_the_release_is_not_kept(tiny: Path, tmp_path: Path, writes: list[Path]):
    out = tmp_path / "out"
    build(tiny, out, workers=1)
    (out / "mine").mkdir()
    assert not build(tiny, out, workers=1).unchanged
    assert not (out / "mine").exists() and len(writes) == 2
