"""A cache folder that cannot be one (a file in its place) slows a run, never stops or hides it."""

from __future__ import annotations

from pathlib import Path

from .conftest import run_cli


def test_a_file_in_place_of_the_cache_folder_is_named_and_the_run_goes_on(tiny: Path, tmp_path: Path):
    blocker = tmp_path / "cache.txt"
    blocker.write_text("not a folder\n")
    env = {"LANDMINE_NEWS_CACHE_DIR": str(blocker)}
    for args in (["validate", "--dataset", str(tiny)], ["build", "--dataset", str(tiny), "--out", str(tmp_path / "out")]):
        done = run_cli(*args, **env)
        assert done.returncode == 0, done.stderr
        assert "is not a folder and cannot be made one, so nothing is cached" in done.stderr and "Traceback" not in done.stderr
    done = run_cli("validate", "--dataset", str(tiny), "--no-cache", **env)
    assert done.returncode == 0 and "nothing is cached" not in done.stderr
    done = run_cli("cache", "clear", **env)
    assert done.returncode == 0 and "removed 0 cache entries" in done.stdout
    assert blocker.read_text() == "not a folder\n"


def test_a_cache_folder_under_a_file_is_named_too(tiny: Path, tmp_path: Path):
    blocker = tmp_path / "cache.txt"
    blocker.write_text("not a folder\n")
    done = run_cli("validate", "--dataset", str(tiny), LANDMINE_NEWS_CACHE_DIR=str(blocker / "sub" / "cache"))
    assert done.returncode == 0 and "cannot be made one" in done.stderr, done.stderr
