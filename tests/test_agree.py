"""`landmine-news agree`: two curations that differ by known edits report exactly those edits."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import landmine_news as ln
from landmine_news.cli import main
from landmine_news.tools.agree import agree, krippendorff_alpha, match_records

ART = "articles/tiny-article.yaml"


def test_alpha_matches_krippendorffs_worked_example():
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability": two observers,
    # ten units, binary nominal data; alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(list(zip(a, b, strict=True))) == pytest.approx(0.0952, abs=5e-4)


def test_alpha_is_one_for_perfect_agreement_and_undefined_without_variation():
    assert krippendorff_alpha([("x", "x"), ("y", "y")]) == 1.0
    assert krippendorff_alpha([("x", "x"), ("x", "x")]) is None
    assert krippendorff_alpha([("x", "y")]) is None


def _edit(root: Path, old: str, new: str) -> None:
    path = root / ART
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_identical_curations_agree_fully(tiny: Path, tmp_path: Path):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    result = agree(ln.load(tiny), ln.load(b))
    assert result.quotes.missing == result.quotes.extra == []
    assert all(p.exact for p in result.quotes.pairs + result.figures.pairs)
    assert result.quotes.disagreements == result.figures.disagreements == []
    assert result.quotes.scores(exact=True)["f1"] == 1.0


def test_known_edits_are_reported_exactly(tiny: Path, tmp_path: Path, capsys):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    _edit(b, "    stance: opposes", "    stance: supports")  # a stance disagreement on tiny-q2
    # The figure without "Over": a narrower, overlapping span coded by another row.
    _edit(b, 'mention: "Over 5,000 square miles"', 'mention: "5,000 square miles"')
    _edit(
        b,
        "    low_inclusive: false\n    point: 5000",
        "    low_inclusive: true\n    high: 5000\n    high_inclusive: true\n    point: 5000",
    )
    _edit(b, "qualifier: more_than", "qualifier: exact")
    result = agree(ln.load(tiny), ln.load(b))
    quotes, figures = result.quotes, result.figures
    assert [(d.a_id, d.field, d.a, d.b) for d in quotes.disagreements] == [("tiny-q2", "stance", "opposes", "supports")]
    assert quotes.agreement["stance"] == (1, 2)
    # Stances (none, none) and (opposes, supports): alpha = 1 - (4 - 1) * 2 / 10.
    assert quotes.alpha["stance"] == pytest.approx(0.4)
    [pair] = figures.pairs
    assert not pair.exact
    assert {(d.field, d.a, d.b) for d in figures.disagreements} == {
        ("qualifier", "more_than", "exact"),
        ("low_inclusive", False, True),
        ("high", None, 5000.0),
        ("high_inclusive", None, True),
    }
    assert figures.scores(exact=True)["f1"] == 0.0 and figures.scores(exact=False)["f1"] == 1.0
    assert main(["agree", str(tiny), str(b)]) == 0
    out = capsys.readouterr().out
    assert "tiny-q2" in out and "stance" in out


def test_missing_and_extra_records(tiny: Path, tmp_path: Path):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    text = (b / ART).read_text(encoding="utf-8")
    start, end = text.index("  - id: tiny-q2"), text.index("figures:")
    (b / ART).write_text(text[:start] + text[end:], encoding="utf-8")
    result = agree(ln.load(tiny), ln.load(b))
    assert result.quotes.missing == ["tiny-q2"] and result.quotes.extra == []
    assert result.quotes.scores(exact=True) == {"precision": 1.0, "recall": 0.5, "f1": pytest.approx(2 / 3)}


def test_matching_is_one_to_one_by_largest_overlap():
    def q(i: str, start: int, end: int) -> ln.Quote:
        return ln.Quote(
            id=i, article="a", speaker="s", text="x" * (end - start), kind="direct", attribution="inferred", start=start, end=end
        )

    pairs, rest_a, rest_b = match_records([q("a1", 0, 10), q("a2", 20, 30)], [q("b1", 5, 25), q("b2", 0, 10), q("b3", 40, 50)])
    assert [(p.a.id, p.b.id, p.exact) for p in pairs] == [("a1", "b2", True), ("a2", "b1", False)]
    assert [r.id for r in rest_a] == [] and [r.id for r in rest_b] == ["b3"]


def test_an_article_neither_curation_has_is_a_usage_error(tiny: Path, tmp_path: Path, capsys):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    assert main(["agree", str(tiny), str(b), "--article", "tiny-artcle"]) == 2
    assert "did you mean 'tiny-article'" in capsys.readouterr().err


@pytest.mark.parametrize("convert", ["bom", "crlf"])
def test_curations_of_different_source_bytes_are_not_compared(tiny: Path, tmp_path: Path, capsys, convert: str):
    from .conftest import set_source

    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    data = (b / "sources" / "tiny.txt").read_bytes()
    set_source(b, b"\xef\xbb\xbf" + data if convert == "bom" else data.replace(b"\n", b"\r\n"))
    assert ln.validate(b).ok  # each curation is valid on its own
    assert main(["agree", str(tiny), str(b)]) == 2
    err = capsys.readouterr().err
    assert "'tiny-article' was curated against different source texts" in err and "F1" not in err


def test_markdown_lists_the_disagreements_and_every_alpha(tiny: Path, tmp_path: Path, capsys):
    b = tmp_path / "b"
    shutil.copytree(tiny, b)
    _edit(b, "    stance: opposes", "    stance: supports")
    assert main(["agree", str(tiny), str(b), "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "alpha, kind" in out and "alpha, stance" in out and "alpha, qualifier" in out
    assert "`tiny-q2` / `tiny-q2`: stance" in out
