"""The committed schema contract matches the models, and released versions never change."""

from __future__ import annotations

import re
import shutil

import pytest

from landmine_news import SCHEMA_VERSION, Actor, Article, Figure, Quote, __version__
from landmine_news.release.schema_export import REGENERATE, mark_released, schema_files, write_schema
from landmine_news.release.schema_export import released_changes as check_released
from landmine_news.release.schema_export import schema_staleness as check_schema

from .conftest import ROOT

SCHEMA = ROOT / "schema"


def test_schema_and_package_versions_are_semver():
    semver = r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    assert re.fullmatch(semver, SCHEMA_VERSION)
    assert re.fullmatch(semver, __version__)
    assert (SCHEMA / SCHEMA_VERSION).is_dir(), "the current schema version has a committed folder"


def test_committed_schema_matches_models():
    diffs = check_schema(SCHEMA)
    assert not diffs, "schema/ is stale: run `" + REGENERATE + "` to regenerate\n" + "\n".join(diffs)


def test_released_schema_folders_are_unchanged():
    diffs = check_released(SCHEMA)
    assert not diffs, "a released schema folder changed; bump SCHEMA_VERSION instead:\n" + "\n".join(diffs)


def test_stale_description_is_detected(tmp_path, monkeypatch):
    shutil.copytree(SCHEMA, tmp_path / "schema")
    assert check_schema(tmp_path / "schema") == []
    field = Quote.model_fields["verb"]
    monkeypatch.setattr(field, "description", "changed without regenerating")
    Quote.model_rebuild(force=True)
    try:
        from landmine_news.models.tables import columns

        columns.cache_clear()
        diffs = check_schema(tmp_path / "schema")
        assert any("quote.schema.json" in d for d in diffs)
        assert any("quotes.tableschema.json" in d for d in diffs)
    finally:
        monkeypatch.undo()
        Quote.model_rebuild(force=True)
        columns.cache_clear()
    assert check_schema(tmp_path / "schema") == []


def test_released_folder_edit_is_detected(tmp_path):
    shutil.copytree(SCHEMA, tmp_path / "schema")
    mark_released(tmp_path / "schema")
    assert check_released(tmp_path / "schema") == []
    from landmine_news.release.schema_export import released_files

    first = sorted(released_files(tmp_path / "schema"))[0]
    target = tmp_path / "schema" / first
    target.write_text(target.read_text() + " ")
    assert any("released file changed" in d for d in check_released(tmp_path / "schema"))
    (tmp_path / "schema" / first.split("/")[0] / "extra.json").write_text("{}")
    assert any("added to released schema" in d for d in check_released(tmp_path / "schema"))


def test_write_schema_refuses_to_overwrite_a_released_version(tmp_path, monkeypatch):
    shutil.copytree(SCHEMA, tmp_path / "schema")
    mark_released(tmp_path / "schema")
    write_schema(tmp_path / "schema")  # unchanged models: allowed, no-op
    monkeypatch.setattr(Figure.model_fields["unit"], "description", "tightened")
    Figure.model_rebuild(force=True)
    from landmine_news.models.tables import columns

    columns.cache_clear()
    try:
        with pytest.raises(ValueError, match="bump SCHEMA_VERSION"):
            write_schema(tmp_path / "schema")
    finally:
        monkeypatch.undo()
        Figure.model_rebuild(force=True)
        columns.cache_clear()


@pytest.mark.parametrize("model", [Article, Quote, Actor, Figure])
def test_every_field_has_a_description(model):
    missing = [name for name, f in model.model_fields.items() if not f.description]
    assert not missing, f"{model.__name__} fields without a docstring: {missing}"


def test_json_schemas_forbid_unknown_fields():
    import json

    for name, content in schema_files().items():
        if name.endswith(".schema.json"):
            assert json.loads(content)["additionalProperties"] is False, name
