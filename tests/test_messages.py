"""Messages and hints say what the contributor wrote, not what the parser made of it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import check_dataset


def _actor_problems(tiny: Path, body: str) -> list:
    (tiny / "actors" / "tiny-critics.yaml").write_text("id: tiny-critics\nname: Critics\nkind: group\n" + body, encoding="utf-8")
    return [p for p in check_dataset(tiny, workers=1, cache=False).report.errors if p.file.endswith("tiny-critics.yaml")]


def test_an_empty_list_item_is_named_as_one(tiny: Path):
    [problem] = _actor_problems(tiny, "aliases:\n  - \n")
    assert problem.field == "aliases[0]" and "An item of 'aliases' is empty" in (problem.hint or "")


@pytest.mark.parametrize("body", ["notes: <<\n", "<<: {notes: x}\n"])
def test_a_merge_key_is_called_one_not_an_explicit_tag(tiny: Path, body: str):
    [problem] = _actor_problems(tiny, body)
    assert problem.code == "yaml-tag" and "merge key" in problem.message and "explicit tag" not in (problem.hint or "")


def test_a_quoted_merge_key_is_just_text(tiny: Path):
    assert _actor_problems(tiny, "notes: '<<'\n") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs (POSIX)")
def test_a_source_that_is_no_regular_file_gets_a_hint_about_sources(tiny: Path):
    os.mkfifo(tiny / "sources" / "pipe.txt")
    [problem] = [p for p in check_dataset(tiny, workers=1, cache=False).report.errors if p.file.endswith("pipe.txt")]
    assert problem.code == "file-not-regular" and "`.txt` file" in (problem.hint or "") and ".yaml" not in (problem.hint or "")


@pytest.mark.parametrize("value", ["0", "-3", "two", "513", "99999999999999999999"])
def test_a_worker_count_that_is_no_whole_number_from_one_is_refused(value: str, capsys):
    from landmine_news.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["validate", "--workers", value])
    assert exit_.value.code == 2 and "--workers" in capsys.readouterr().err
