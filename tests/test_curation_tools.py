"""Curator comforts: suggest, new actor, "did you mean" in validate, and the scaffold's shape."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from landmine_news.checks.engine.validation import check_dataset
from landmine_news.cli import main
from landmine_news.errors import ScaffoldError
from landmine_news.tools.new_actor import new_actor
from landmine_news.tools.suggest import draft, render_suggestions

from .conftest import DATASET, needs_sources, set_source

POLITICO = "biden-approves-landmines-ukraine-politico-relay"


@pytest.fixture
def unreviewed(tmp_path: Path) -> Path:
    """The real dataset with the Politico relay's records and review marks removed, as a
    contributor's new article is before curation."""
    root = tmp_path / "dataset"
    shutil.copytree(DATASET, root)
    path = root / "articles" / f"{POLITICO}.yaml"
    text = path.read_text(encoding="utf-8")
    for key in ("quotes", "figures", "coverage_reviewed"):
        text = re.sub(rf"(?ms)^{key}:\n(?:(?:  |\n).*?\n)*(?=^\S|\Z)", "", text)
    path.write_text(text, encoding="utf-8")
    return root


def _unconfirmed_then_confirmed(root: Path, drafted: int) -> None:
    """Drafts are errors (`suggestion-unconfirmed`), one per marked field, until a curator
    removes the mark; then nothing else is wrong with them."""
    from landmine_news.checks.rules.record_values import SUGGESTION_MARK

    errors = check_dataset(root).report.errors
    assert {p.code for p in errors} == {"suggestion-unconfirmed"} and len(errors) >= drafted, errors
    for path in (root / "articles").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace(SUGGESTION_MARK, "checked against the source"), encoding="utf-8")
    assert check_dataset(root).report.errors == []


@needs_sources
def test_suggestions_validate_once_written(unreviewed: Path, capsys):
    found = draft(unreviewed, POLITICO).suggestions
    assert found and {s.kind for s in found} <= {"quote", "figure"}
    assert all("suggested by landmine-news suggest" in str(s.fields["notes"]) for s in found)
    assert not any(re.fullmatch(r"(?:19|20)\d\d.*", s.text) for s in found if s.kind == "figure")  # years are not figures
    assert main(["suggest", "--dataset", str(unreviewed), "--article", POLITICO, "--write"]) == 0
    # Another article's unconfirmed drafts (errors) do not stop suggest on this one.
    assert draft(unreviewed, "biden-landmine-policy-scrutiny-2024-11-20").suggestions == []
    _unconfirmed_then_confirmed(unreviewed, len(found))


@needs_sources
def test_printed_suggestions_validate_once_pasted(unreviewed: Path):
    found = draft(unreviewed, POLITICO).suggestions
    text = render_suggestions(unreviewed, POLITICO, found)
    path = unreviewed / "articles" / f"{POLITICO}.yaml"
    # The article has neither key yet: the printed `quotes:` and `figures:` blocks go at its end as they are.
    assert "\nquotes:" not in path.read_text(encoding="utf-8") and text.startswith("quotes:")
    record = path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text
    path.write_text(record, encoding="utf-8")
    _unconfirmed_then_confirmed(unreviewed, len(found))


def test_suggest_on_a_fully_reviewed_article_has_nothing(tiny: Path, capsys):
    assert main(["suggest", "--dataset", str(tiny), "--article", "tiny-article"]) == 0
    assert "no candidates" in capsys.readouterr().out


def test_new_actor_writes_a_valid_actor_and_refuses_bad_ones(tiny: Path, capsys):
    assert main(["new", "actor", "--id", "olena-test", "--name", "Olena Test", "--kind", "person", "--dataset", str(tiny)]) == 0
    text = (tiny / "actors" / "olena-test.yaml").read_text(encoding="utf-8")
    assert "kind: person" in text and 'name: "Olena Test"' in text
    with pytest.raises(ScaffoldError, match="already exists"):
        new_actor(tiny, {"id": "olena-test", "name": "X", "kind": "person"})
    with pytest.raises(ScaffoldError, match="member_of_basis"):
        new_actor(tiny, {"id": "olena-two", "name": "X", "kind": "person", "member_of": ["tiny-state"]})
    with pytest.raises(ScaffoldError, match="do not exist"):
        new_actor(tiny, {"id": "olena-three", "name": "X", "kind": "person", "member_of": ["nowhere"], "member_of_basis": "b"})
    path = new_actor(
        tiny, {"id": "olena-four", "name": "X", "kind": "person", "member_of": ["tiny-state"], "member_of_basis": "of Tinyland"}
    )
    assert "member_of:\n  - tiny-state\n" in path.read_text(encoding="utf-8")


def test_validate_suggests_the_closest_actor(tiny: Path):
    path = tiny / "articles" / "tiny-article.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("speaker: tiny-critics", "speaker: tiny-critic"), encoding="utf-8")
    [p] = [p for p in check_dataset(tiny).report.errors if p.code == "reference-unresolved"]
    assert "Did you mean 'tiny-critics'" in (p.hint or "")


def test_new_article_writes_every_metadata_field(tmp_path: Path, tiny: Path):
    src = tmp_path / "Über die Minen.txt"
    src.write_text("A source.\n", encoding="utf-8")
    assert main(["new", "article", "--source", str(src), "--dataset", str(tiny)]) == 0
    [path] = [p for p in (tiny / "articles").glob("*.yaml") if p.stem != "tiny-article"]
    assert path.stem == "uber-die-minen"
    assert (tiny / "sources" / "uber-die-minen.txt").read_bytes() == src.read_bytes()
    text = path.read_text(encoding="utf-8")
    for name in ("reading_time_minutes", "image_caption", "image_credit", "image_credited_to", "section_headings",
                 "attributed_to", "mentions", "record_prefix", "notes"):  # fmt: skip
        assert re.search(rf"^{name}:", text, re.M), name


def test_scaffolded_entries_read_like_hand_written_ones(tiny: Path, tmp_path: Path, capsys):
    src = tmp_path / "story.txt"
    src.write_text("Officials said, Over 20 regions are affected.\n", encoding="utf-8")
    d = ["--dataset", str(tiny)]
    assert main(["new", "article", "--source", str(src), *d]) == 0
    (tiny / "actors" / "story-officials.yaml").write_text("id: story-officials\nname: Officials\nkind: group\n")
    args = ["new", "quote", "--article", "story", "--text", "Over 20 regions are affected.", "--speaker", "story-officials",
            "--kind", "direct", "--verb", "said", *d]  # fmt: skip
    assert main(args) == 0
    assert (
        main(
            [
                "new",
                "figure",
                "--article",
                "story",
                "--text",
                "Over 20 regions",
                "--measures",
                "regions affected",
                "--unit",
                "other",
                *d,
            ]
        )
        == 0
    )
    text = (tiny / "articles" / "story.yaml").read_text(encoding="utf-8")
    for line in ("    kind: direct", "    attribution: explicit", "    speaker: story-officials", "    value: 20", "    low_inclusive: false",
                 "    qualifier: more_than", "    point: 20"):  # fmt: skip
        assert line in text.splitlines(), line
    assert check_dataset(tiny).report.errors == []


def test_suggest_skips_dates_and_says_why(tiny: Path, tmp_path: Path):
    src = tiny / "sources" / "tiny.txt"
    text = "November 21, 2024\n\nCritics said thousands of mines remain.\n" + src.read_text(encoding="utf-8")
    set_source(tiny, text.encode("utf-8"))
    art = tiny / "articles" / "tiny-article.yaml"
    body = art.read_text(encoding="utf-8")
    art.write_text(re.sub(r"coverage_reviewed:\n(  - .*\n)+", "", body), encoding="utf-8")
    made = draft(tiny, "tiny-article")
    found, skipped = made.suggestions, made.skipped
    mentions = [s.text for s in found if s.kind == "figure"]
    assert "thousands of mines" in mentions  # stops before the verb "remain"
    assert not any("2024" in m or "21" in m or "\n" in m for m in mentions)
    assert any(s.cue == "2024" and "date" in s.reason for s in skipped)


def test_new_quote_and_figure_take_the_schema_2_links(tiny: Path, capsys):
    d = ["--dataset", str(tiny)]
    args = ["new", "quote", "--article", "tiny-article", "--text", "the plan is unsafe", "--occurrence", "1", "--speaker",
            "tiny-critics", "--kind", "indirect", "--verb", "argue", "--co-speaker", "tiny-spokesperson", "--part-of",
            "tiny-q2", "--id", "tiny-q9", *d]  # fmt: skip
    assert main(args) == 0
    text = (tiny / "articles" / "tiny-article.yaml").read_text(encoding="utf-8")
    assert "    co_speakers:\n      - tiny-spokesperson\n" in text and "    part_of: tiny-q2" in text
    assert main(["new", "quote", "--article", "tiny-article", "--text", "We will act.", "--speaker", "tiny-critics",
                 "--kind", "direct", "--co-speaker", "nobody-here", *d]) == 1  # fmt: skip
    assert "nobody-here" in capsys.readouterr().err


def test_new_quote_records_a_relay_whose_verdict_the_statement_gives(tiny: Path):
    from landmine_news.checks.engine.validation import check_dataset

    from .test_problem_codes import ART, Q1_ATTRIBUTION, edit, relay

    research = '    statement: tiny-act\n    first_publisher: Gazette\n    first_words: "We will act now."\n'
    edit(ART, Q1_ATTRIBUTION, Q1_ATTRIBUTION + research + "    checked_on: 2026-12-07\n")(tiny)
    relay("")(tiny)  # the relay article, its quote not yet linked
    args = ["new", "quote", "--article", "tiny-relay", "--text", "We will act now.", "--speaker", "tiny-spokesperson",
            "--kind", "direct", "--relays", "tiny-q1", "--id", "tiny-relay-q2", "--occurrence", "1", "--dataset", str(tiny)]  # fmt: skip
    assert main(args) == 0
    assert "    relays: tiny-q1" in (tiny / "articles" / "tiny-relay.yaml").read_text(encoding="utf-8")
    checked = check_dataset(tiny)
    assert not checked.report.errors, [(p.code, p.message) for p in checked.report.errors]
    quote = checked.dataset.quote("tiny-relay-q2")
    assert quote.fidelity is not None and quote.fidelity.value == "verbatim" and quote.statement == "tiny-act"


def test_suggested_shares_and_number_words_still_validate(tiny: Path):
    from landmine_news.tools.suggest import write_suggestions

    src = tiny / "sources" / "tiny.txt"
    text = src.read_text(encoding="utf-8") + "Critics said half of the fields and two countries are mined, and 3% of roads.\n"
    set_source(tiny, text.encode("utf-8"))
    made = draft(tiny, "tiny-article")
    found, skipped = made.suggestions, made.skipped
    units = {s.text: s.fields.get("unit") for s in found if s.kind == "figure"}
    assert units.get("half of the fields") == "proportion" and any(u == "percent" for u in units.values()), units
    assert any(s.cue == "two" for s in skipped)
    write_suggestions(tiny, "tiny-article", found)
    _unconfirmed_then_confirmed(tiny, len(found))


def test_suggest_reads_according_to_with_the_speaker_after_it(tiny: Path):
    src = tiny / "sources" / "tiny.txt"
    set_source(tiny, (src.read_text(encoding="utf-8") + "According to Tinyland, the fields are cleared.\n").encode("utf-8"))
    [q] = [s for s in draft(tiny, "tiny-article").suggestions if s.kind == "quote" and s.fields.get("verb") == "According to"]
    assert q.text == "the fields are cleared" and q.fields["speaker"] == "tiny-state"


def test_closest_names_unpadded_matches_in_the_same_order_whatever_the_order_given():
    from landmine_news.models.lookup import closest

    assert closest("x-q1", ["x-q001", "x-q01", "other"]) == closest("x-q1", ["x-q01", "other", "x-q001"]) == ["x-q001", "x-q01"]
