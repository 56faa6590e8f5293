"""A dataset folder lacking one of its three folders is invalid, never an empty dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import check_dataset
from landmine_news.cli import main


@pytest.mark.parametrize("folder", ["articles", "actors", "sources"])
def test_a_misspelled_folder_is_an_error_with_the_rename_hint(tiny: Path, folder: str, capsys):
    (tiny / folder).rename(tiny / folder[:-1])
    [problem] = [p for p in check_dataset(tiny).report.errors if p.code == "folder-missing"]
    assert problem.file == (tiny / folder).as_posix()
    assert problem.hint == f"Rename {folder[:-1]} to {folder}/."
    assert main(["build", "--dataset", str(tiny), "--out", str(tiny.parent / "out")]) == 1
    assert not (tiny.parent / "out").exists()


def test_articles_as_a_file_is_an_error(tiny: Path):
    for p in (tiny / "articles").iterdir():
        p.unlink()
    (tiny / "articles").rmdir()
    (tiny / "articles").write_text("not a folder")
    errors = check_dataset(tiny).report.errors
    assert any(p.code == "folder-missing" and "is not a folder" in p.message for p in errors)


@pytest.mark.parametrize("where", ["Articles/x.yaml", "article/x.yaml", "x.yaml", "actor/y.yml"])
def test_record_files_in_the_wrong_place_are_an_error_not_silence(tiny: Path, where: str):
    from landmine_news.checks.engine.validation import validate

    path = tiny / where
    path.parent.mkdir(exist_ok=True)
    path.write_text("id: x\nname: X\nkind: group\n", encoding="utf-8")
    report = validate(tiny, workers=1, cache=False)
    [found] = [p for p in report.errors if p.code == "file-misplaced"]
    assert found.file is not None and found.file.endswith(where.split("/")[0]) and not report.ok
