"""Dataset diffs: added, removed and changed records, field by field, in a stable order."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

import landmine_news as ln
from landmine_news.errors import InvalidDataset
from landmine_news.models import TABLES, Dataset
from landmine_news.release.reader import load as load_any
from landmine_news.release.writer import build
from landmine_news.tools.diff import diff_datasets
from landmine_news.tools.diff_render import render_diff

from .conftest import DATASET, ROOT, needs_sources, write_tiny

SHA = "0" * 64
ARTICLE = ln.Article(id="a-one", language="en", source_file="one.txt", sha256=SHA)
ALICE = ln.Actor(id="alice", name="Alice", kind="person")


def quote(id: str, **changes) -> ln.Quote:
    data = {
        "id": id,
        "article": "a-one",
        "speaker": "alice",
        "text": f"text of {id}",
        "kind": "direct",
        "verb": "said",
        "attribution": "explicit",
    }
    return ln.Quote(**{**data, **changes})


def dataset(*quotes: ln.Quote, actors=(ALICE,), version=None) -> Dataset:
    return Dataset(articles=(ARTICLE,), quotes=quotes, actors=actors, version=version)


def test_identical_datasets_have_no_changes():
    d = diff_datasets(dataset(quote("q1")), dataset(quote("q1")))
    assert d.empty
    assert [t.table for t in d.tables] == list(TABLES)
    assert render_diff(d, "text") == "no data changes\n"


def test_added_removed_and_changed_are_sorted():
    old = dataset(quote("q3"), quote("q1"), quote("q2", stance="supports"), quote("q9"))
    new = dataset(quote("q2", stance="opposes", verb="argued"), quote("q5"), quote("q4"), quote("q9"))
    d = diff_datasets(old, new).table("quotes")
    assert d.added == ("q4", "q5")
    assert d.removed == ("q1", "q3")
    assert [c.id for c in d.changed] == ["q2"]
    # Fields in column order, values in their JSON form (enum values, not enum members).
    assert [(f.field, f.old, f.new) for f in d.changed[0].fields] == [
        ("verb", "said", "argued"),
        ("stance", "supports", "opposes"),
    ]


def test_other_tables_are_compared_too():
    bob = ln.Actor(id="bob", name="Bob", kind="person")
    new_alice = ALICE.model_copy(update={"aliases": ["Al"]})
    d = diff_datasets(dataset(actors=(ALICE,)), dataset(actors=(new_alice, bob)))
    actors = d.table("actors")
    assert actors.added == ("bob",)
    assert [(f.field, f.old, f.new) for f in actors.changed[0].fields] == [("aliases", [], ["Al"])]
    assert d.table("quotes").empty and d.table("articles").empty


def test_unknown_table():
    with pytest.raises(KeyError):
        diff_datasets(dataset(), dataset()).table("people")


def test_text_view():
    d = diff_datasets(dataset(quote("q1"), quote("q2")), dataset(quote("q1", stance="mixed"), quote("q3")))
    assert render_diff(d, "text") == (
        "articles: no changes\n"
        "quotes: 1 added, 1 removed, 1 changed\n"
        '  + q3: article="a-one", speaker="alice", kind="direct", verb="said", text="text of q3"\n'
        '  - q2: article="a-one", speaker="alice", kind="direct", verb="said", text="text of q2"\n'
        "  ~ q1\n"
        '      stance: null -> "mixed"\n'
        "actors: no changes\n"
        "figures: no changes\n"
    )


def test_markdown_view_is_a_changelog_section():
    long_note = ("a long curation note " * 10).strip()
    d = diff_datasets(
        dataset(quote("q1"), version="0.1.0"),
        dataset(quote("q1", stance="mixed", notes=long_note), quote("q2"), version="0.2.0"),
    )
    out = render_diff(d, "markdown")
    assert out.startswith("### Data changes\n")
    assert "Compared: 0.1.0 → 0.2.0." in out
    assert "- **quotes**: 1 added, 0 removed, 1 changed" in out
    assert '  - added `q2: article="a-one", speaker="alice", kind="direct", verb="said", text="text of q2"`' in out
    assert '`stance` `null` → `"mixed"`' in out
    assert "`notes` edited" in out and long_note not in out
    assert "actors" not in out  # unchanged tables are left out


def test_markdown_view_without_changes():
    out = render_diff(diff_datasets(dataset(), dataset()), "markdown")
    assert out == "### Data changes\n\nNo records were added, removed or changed.\n"


def test_markdown_code_spans_survive_backticks():
    d = diff_datasets(dataset(quote("q1", verb="said")), dataset(quote("q1", verb="said `x`")))
    assert '``"said `x`"``' in render_diff(d, "markdown")


def test_json_view_has_every_value_in_full():
    long_note = "n" * 500
    d = diff_datasets(dataset(quote("q1")), dataset(quote("q1", notes=long_note)))
    data = json.loads(render_diff(d, "json"))
    assert data["empty"] is False
    assert list(data["tables"]) == list(TABLES)
    assert data["tables"]["quotes"]["changed"] == [{"id": "q1", "fields": [{"field": "notes", "old": None, "new": long_note}]}]
    assert data == d.to_dict()


def test_views_are_deterministic():
    def make():
        return diff_datasets(dataset(quote("q2"), quote("q1")), dataset(quote("q1", stance="neutral"), quote("q3")))

    for fmt in ("text", "json", "markdown"):
        assert render_diff(make(), fmt) == render_diff(make(), fmt)


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render_diff(diff_datasets(dataset(), dataset()), "html")  # type: ignore[arg-type]


# -- load_any --------------------------------------------------------------------------
def test_load_any_working_dataset_and_its_release_agree(tmp_path):
    data = write_tiny(tmp_path / "dataset")
    out = tmp_path / "release"
    assert build(data, out).report.ok
    working, release = load_any(data), load_any(out)
    assert release.version == ln.__version__ and working.version is None
    assert working.schema_version == release.schema_version == ln.SCHEMA_VERSION
    assert diff_datasets(release, working).empty
    assert load_any(out, format="csv").quotes == release.quotes


def test_load_any_invalid_dataset_raises_with_the_report(tmp_path):
    data = write_tiny(tmp_path / "dataset")
    path = data / "articles" / "tiny-article.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("kind: direct", "kind: shouted"), encoding="utf-8")
    with pytest.raises(ValueError) as caught:
        load_any(data)
    assert isinstance(caught.value, InvalidDataset)
    assert not caught.value.report.ok
    message = str(caught.value)
    assert "is not a valid dataset" in message
    assert "tiny-article.yaml" in message and "INVALID" in message


def test_load_any_refuses_other_folders(tmp_path):
    with pytest.raises(ValueError, match="neither a release"):
        load_any(tmp_path)
    with pytest.raises(NotADirectoryError):
        load_any(tmp_path / "missing")


# -- two real releases -----------------------------------------------------------------
OTHER_STANCE = {"supports": "opposes", "opposes": "supports", "mixed": "neutral", "neutral": "mixed"}


def edit_one_stance(dataset_dir: Path) -> tuple[str, str, str]:
    """Change the stance of the first quote that has one, editing only that YAML line."""
    for path in sorted((dataset_dir / "articles").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        for q in yaml.safe_load(text).get("quotes") or []:
            if q.get("stance"):
                old, new = q["stance"], OTHER_STANCE[q["stance"]]
                start = re.search(rf"^\s*- id: {re.escape(q['id'])}\s*$", text, re.M).end()
                nxt = re.compile(r"^\s*- id: ", re.M).search(text, start)
                block_end = nxt.start() if nxt else len(text)
                line = re.compile(rf"^(\s+stance: ){old}\s*$", re.M).search(text, start, block_end)
                assert line, f"no stance line for {q['id']} in {path}"
                edited = text[: line.start()] + f"{line.group(1)}{new}" + text[line.end() :]
                path.write_text(edited, encoding="utf-8")
                return q["id"], old, new
    raise AssertionError("no quote with a stance in the dataset")


@needs_sources
def test_diff_of_two_real_releases_reports_exactly_the_edited_quote(tmp_path):
    before, after = tmp_path / "before", tmp_path / "after"
    shutil.copytree(DATASET, before)
    shutil.copytree(DATASET, after)
    qid, old, new = edit_one_stance(after)
    for data, out in ((before, tmp_path / "build-before"), (after, tmp_path / "build-after")):
        result = build(data, out)
        assert result.report.ok, result.report.problems
    d = diff_datasets(load_any(tmp_path / "build-before"), load_any(tmp_path / "build-after"))
    for table in TABLES:
        t = d.table(table)
        assert not t.added and not t.removed, table
        if table != "quotes":
            assert t.empty, table
    [change] = d.table("quotes").changed
    assert change.id == qid
    assert [(f.field, f.old, f.new) for f in change.fields] == [("stance", old, new)]
    assert f'`stance` `"{old}"` → `"{new}"`' in render_diff(d, "markdown")


def test_added_and_removed_records_show_their_content_in_every_view():
    d = diff_datasets(dataset(quote("q1")), dataset(quote("q2", stance="opposes")))
    table = d.to_dict()["tables"]["quotes"]
    assert table["added"] == ["q2"] and table["removed"] == ["q1"]
    [added] = table["added_records"]
    assert added == {"id": "q2", "article": "a-one", "speaker": "alice", "kind": "direct", "verb": "said",
                     "stance": "opposes", "text": "text of q2"}  # fmt: skip
    assert 'stance="opposes"' in render_diff(d, "text") and 'stance="opposes"' in render_diff(d, "markdown")


@needs_sources
def test_diff_names_the_rows_a_dataset_adds_to_the_figure_rule_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from landmine_news.cli import main

    from .test_rule_rows import ROW

    after = tmp_path / "after"
    shutil.copytree(DATASET, after)
    (after / "figure_rules.toml").write_text(ROW, encoding="utf-8")
    assert main(["diff", str(ROOT / "build"), str(after), "--format", "json"]) == 0
    rules = json.loads(capsys.readouterr().out)["rules"]
    assert [r["id"] for r in rules["added"]] == ["within-n-years"] and rules["added"][0]["origin"] == "dataset"
    assert rules["removed"] == [] and rules["changed"] == []
    assert main(["diff", str(ROOT / "build"), str(after)]) == 0
    out = capsys.readouterr().out
    assert "figure rule table: 1 rows added, 0 removed, 0 changed" in out and "+ within-n-years" in out
    assert main(["diff", str(ROOT / "build"), str(DATASET)]) == 0
    assert "figure rule table" not in capsys.readouterr().out  # the same table on both sides
