"""`landmine-news new`: scaffolds that validate, anchors checked, nothing overwritten."""

from __future__ import annotations

from pathlib import Path

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
