"""Link tables make every list-valued actor reference checkable by generic tools."""

from __future__ import annotations

from pathlib import Path

import pytest

from landmine_news import load, verify
from landmine_news.errors import ReleaseError, ReleaseInvalid
from landmine_news.models.dataset import Dataset
from landmine_news.models.tables import REGISTRY, TABLES
from landmine_news.release.derived_tables import link_tables
from landmine_news.release.writer import write_release

from .conftest import BUILD

LIST_REFS = [(t, f) for t in TABLES for f, many in REGISTRY[t].actor_refs if many]


def test_every_list_valued_reference_has_a_link_table():
    assert {(link.owner, link.field) for link in link_tables()} == set(LIST_REFS)
    assert len(LIST_REFS) == 5


def test_a_new_list_field_gets_its_link_table(monkeypatch):
    import dataclasses

    import landmine_news.release.derived_tables as lt

    quotes = REGISTRY["quotes"]
    monkeypatch.setitem(REGISTRY, "quotes", dataclasses.replace(quotes, actor_refs=(*quotes.actor_refs, ("addressees", True))))
    lt.link_tables.cache_clear()
    try:
        assert "quote_addressees" in {link.name for link in lt.link_tables()}
    finally:
        monkeypatch.undo()
        lt.link_tables.cache_clear()


def test_committed_release_link_tables_validate_with_frictionless():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(BUILD / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def _with_dangling(table: str, field: str, out: Path) -> Path:
    ds = load(BUILD)
    records = list(ds.table(table))  # type: ignore[arg-type]
    update = {field: [*getattr(records[0], field), "no-such-actor"]}
    if field == "member_of":  # a membership comes with its basis (schema 2.0): only the id is wrong
        update["member_of_basis"] = getattr(records[0], "member_of_basis", None) or "as printed"
    records[0] = records[0].model_copy(update=update)
    edited = Dataset.from_tables({t: (records if t == table else ds.table(t)) for t in TABLES})
    write_release(edited, out)
    return out


@pytest.mark.parametrize(("table", "field"), LIST_REFS)
def test_one_dangling_id_fails_frictionless_verify_and_load(tmp_path, table, field):
    frictionless = pytest.importorskip("frictionless")
    out = _with_dangling(table, field, tmp_path / "release")
    report = frictionless.validate(str(out / "datapackage.json"))
    assert not report.valid
    errors = report.flatten(["type", "note"])
    assert any(kind == "foreign-key" and "no-such-actor" in note for kind, note in errors), errors
    [problem] = verify(out).problems
    index = len(getattr(load(BUILD).table(table)[0], field))  # appended to the first record's list
    assert (problem.code, problem.file, problem.field, problem.value) == (
        "reference-unresolved",
        f"{table}.parquet",
        f"{field}[{index}]",
        "no-such-actor",
    )
    for fmt in ("parquet", "csv"):
        with pytest.raises(ReleaseInvalid, match="no-such-actor") as caught:
            load(out, format=fmt)  # type: ignore[arg-type]
        [problem] = caught.value.problems
        assert (problem.code, problem.file) == ("reference-unresolved", f"{table}.{fmt}")
        assert (problem.line is not None) == (fmt == "csv")


def test_a_link_table_edited_alone_is_refused(tmp_path):
    import shutil

    out = tmp_path / "release"
    shutil.copytree(BUILD, out)
    path = out / "quote_co_speakers.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert len(lines) > 1, "the committed release has co-speakers to edit"
    path.write_text("".join(lines[:-1]), encoding="utf-8", newline="")
    with pytest.raises(ReleaseError, match="quote_co_speakers") as caught:
        load(out, format="csv")
    assert isinstance(caught.value, ReleaseInvalid)
    assert [(p.code, p.file) for p in caught.value.problems] == [("release-link-mismatch", "quote_co_speakers.csv")]
