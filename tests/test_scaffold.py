"""`landmine-news new`: scaffolds that validate, anchors checked, nothing overwritten."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import check_dataset as check
from landmine_news.cli import main

STORY = "Minister Olena Test said, We need 300 more deminers. Over 20 regions are affected. Over 20 regions!\n"


def new(args, capsys):
    code = main(["new", *args])
    out, err = capsys.readouterr()
    return code, out + err


def test_new_article_quote_figure_validate(tiny: Path, tmp_path: Path, capsys):
    src = tmp_path / "story.txt"
    src.write_text(STORY, encoding="utf-8")
    d = ["--dataset", str(tiny)]
    assert new(["article", "--source", str(src), *d], capsys)[0] == 0
    assert (tiny / "sources" / "story.txt").read_bytes() == src.read_bytes()
    assert check(tiny).report.errors == []  # the bare scaffold is already valid
    (tiny / "actors" / "olena-test.yaml").write_text("id: olena-test\nname: Olena Test\nkind: person\n")
    code, _ = new(
        [
            "quote",
            "--article",
            "story",
            "--text",
            "We need 300 more deminers.",
            "--speaker",
            "olena-test",
            "--kind",
            "direct",
            "--verb",
            "said",
            *d,
        ],
        capsys,
    )
    assert code == 0
    code, _ = new(
        [
            "figure",
            "--article",
            "story",
            "--text",
            "Over 20 regions",
            "--occurrence",
            "1",
            "--value",
            "20",
            "--low",
            "20",
            "--unit",
            "other",
            "--qualifier",
            "more_than",
            "--measures",
            "regions affected",
            *d,
        ],
        capsys,
    )
    assert code == 0
    checked = check(tiny)
    assert checked.report.errors == [], checked.report.errors
    assert checked.dataset.quote("story-q01").start == STORY.index("We need")
    assert checked.dataset.figure("story-f01").occurrence == 1


def test_new_refuses_to_overwrite_and_checks_anchors(tiny: Path, tmp_path: Path, capsys):
    src = tmp_path / "story.txt"
    src.write_text(STORY, encoding="utf-8")
    d = ["--dataset", str(tiny)]
    assert new(["article", "--source", str(src), *d], capsys)[0] == 0
    before = (tiny / "articles" / "story.yaml").read_bytes()
    code, out = new(["article", "--source", str(src), *d], capsys)
    assert code == 1 and "refusing to overwrite" in out
    code, out = new(["quote", "--article", "story", "--text", "We need 300 more deminers!", *d], capsys)
    assert code == 1 and "source has 'deminers.' where you wrote 'deminers!'" in out
    code, out = new(["figure", "--article", "story", "--text", "Over 20 regions", *d], capsys)
    assert code == 1 and "--occurrence" in out
    assert (tiny / "articles" / "story.yaml").read_bytes() == before
    code, out = new(["quote", "--article", "story", "--text", "We need", "--id", "tiny-q1", *d], capsys)
    assert code == 1 and "already used" in out


def test_new_figure_codes_the_wording_at_once_or_refuses_saying_what_to_give(tiny: Path, tmp_path: Path, capsys):
    src = tmp_path / "story.txt"
    src.write_text(STORY, encoding="utf-8")
    d = ["--dataset", str(tiny)]
    assert new(["article", "--source", str(src), *d], capsys)[0] == 0
    path = tiny / "articles" / "story.yaml"
    before = path.read_bytes()
    figure = ["figure", "--article", "story", "--text", "more deminers", *d]
    code, out = new(figure, capsys)
    assert code == 1 and "no row of the figure rule table" in out and "CONTRIBUTING.md, Figures" in out
    code, out = new(["figure", "--article", "story", "--text", "Over 20 regions", "--occurrence", "1", *d], capsys)
    assert code == 1 and "give --measures and --unit" in out
    assert path.read_bytes() == before  # nothing written, no placeholder for validate to find later
    code, out = new(
        [
            *("figure", "--article", "story", "--text", "Over 20 regions", "--occurrence", "1"),
            *("--measures", "regions affected", "--unit", "other", "--notes", "regions: no unit of the vocabulary fits", *d),
        ],
        capsys,
    )
    assert code == 0, out
    written = path.read_text(encoding="utf-8")
    assert "null  # fill in" not in written and 'notes: "regions: no unit of the vocabulary fits"' in written
    assert "qualifier: more_than" in written and "low_inclusive: false" in written


def test_new_quote_takes_notes_and_links_only_to_quotes_of_its_article(tiny: Path, tmp_path: Path, capsys):
    src = tmp_path / "story.txt"
    src.write_text(STORY, encoding="utf-8")
    d = ["--dataset", str(tiny)]
    assert new(["article", "--source", str(src), *d], capsys)[0] == 0
    quote = ["quote", "--article", "story", "--speaker", "tiny-spokesperson", "--kind", "direct", "--verb", "said", *d]
    code, out = new([*quote, "--text", "We need 300 more deminers.", "--notes", "the minister's own words"], capsys)
    assert code == 0, out
    assert 'notes: "the minister\'s own words"' in (tiny / "articles" / "story.yaml").read_text(encoding="utf-8")
    # tiny-q1 is a quote of another article: never proposed, never accepted.
    code, out = new([*quote, "--text", "Over 20 regions are affected.", "--part-of", "tiny-q1"], capsys)
    assert code == 1 and "names no quote of article story" in out and "tiny-q1?" not in out
    code, out = new([*quote, "--text", "Over 20 regions are affected.", "--part-of", "story-q1x"], capsys)
    assert code == 1 and "did you mean story-q01?" in out


def test_new_refuses_what_validate_would_refuse_and_creates_no_dataset_for_a_typo(tiny: Path, tmp_path: Path, capsys):
    src = tmp_path / "story.txt"
    src.write_text(STORY, encoding="utf-8")
    d = ["--dataset", str(tiny)]
    code, out = new(["article", "--source", str(src), "--language", "en\nnotes: injected", *d], capsys)
    assert code == 1 and "not a BCP 47 language tag" in out and not (tiny / "articles" / "story.yaml").exists()
    missing = tmp_path / "no-such-dataset"
    code, out = new(["article", "--source", str(src), "--dataset", str(missing)], capsys)
    assert code == 1 and "is not a folder" in out and not missing.exists()
    assert new(["article", "--source", str(src), *d], capsys)[0] == 0
    before = (tiny / "articles" / "story.yaml").read_bytes()
    figure = ["figure", "--article", "story", "--text", "Over 20 regions", "--occurrence", "1", "--measures", "regions"]
    for bad in (["--value", "nan"], ["--value", "inf"], ["--low", "5", "--high", "1"]):
        with pytest.raises(SystemExit) if bad[1] in ("nan", "inf") else contextlib.nullcontext():
            code, out = new([*figure, "--unit", "other", *bad, *d], capsys)
            assert code == 1 and "above --high" in out
    assert (tiny / "articles" / "story.yaml").read_bytes() == before
    code, out = new(["actor", "--id", "formula", "--name", "=HYPERLINK(1)", "--kind", "group", *d], capsys)
    assert code == 1 and "spreadsheet" in out and not (tiny / "actors" / "formula.yaml").exists()
