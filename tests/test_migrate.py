"""Schema 1.0.0 -> 2.0.0: the migration does the mechanical part idempotently, leaves the
judgement calls to validate, and a 1.0.0 release is refused with its version named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import landmine_news as ln
from landmine_news.checks.engine.validation import validate
from landmine_news.cli import main
from landmine_news.errors import ReleaseError
from landmine_news.release.verification import verify
from landmine_news.tools.migrate import migrate_dataset

from .conftest import DATASET, ROOT, needs_sources

FIXTURES = ROOT / "tests" / "fixtures"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@pytest.fixture
def old_dataset(tmp_path: Path) -> Path:
    root = tmp_path / "dataset"
    shutil.copytree(FIXTURES / "dataset-1.0.0", root)
    if (DATASET / "sources").is_dir():
        shutil.copytree(DATASET / "sources", root / "sources")
    return root


def test_migration_is_idempotent(old_dataset: Path, capsys):
    first = migrate_dataset(old_dataset)
    assert len(first.changed) == len(list(old_dataset.glob("*/*.yaml")))
    after = tree(old_dataset)
    second = migrate_dataset(old_dataset)
    assert second.changed == [] and tree(old_dataset) == after
    assert main(["migrate", "--dataset", str(old_dataset), "--check"]) == 0
    assert "0 changed" in capsys.readouterr().out


def test_check_mode_writes_nothing(old_dataset: Path):
    before = tree(old_dataset)
    assert main(["migrate", "--dataset", str(old_dataset), "--check"]) == 1
    assert tree(old_dataset) == before


def test_roles_move_to_notes(old_dataset: Path):
    migrate_dataset(old_dataset)
    text = (old_dataset / "actors" / "mary-wareham.yaml").read_text(encoding="utf-8")
    assert "role:" not in text and "advocacy director for Human Rights Watch's arms division" in text


@needs_sources
def test_after_migration_validate_lists_only_the_judgement_calls(old_dataset: Path):
    assert any(p.code == "field-missing" for p in validate(old_dataset).errors)  # 1.0.0 records are not 2.0.0
    migrate_dataset(old_dataset)
    errors = validate(old_dataset).errors
    messages = {(p.code, p.message.split(" is ")[0]) for p in errors}
    assert messages <= {
        ("field-invalid", "member_of"),
        ("field-invalid", "base"),
        ("verb-not-in-sentence", "verb 'defends its decision by emphasizing'"),
        # A rule added after 1.0.0 (determiners in a mention): the curator moves the start.
        ("figure-rule-mismatch", "the mention starts after 'the', which the wording of row 'a-few' includes"),
    }, messages
    # The 1.0.0 "non-persistent" quote borrowed a verb from the sentence before (audit finding 4).
    assert any(p.code == "verb-not-in-sentence" for p in errors)


def test_a_release_of_schema_1_is_refused_naming_its_version():
    release = FIXTURES / "release-0.1.0"
    for fmt in ("parquet", "csv"):
        with pytest.raises(ReleaseError, match=r"schema 1\.0\.0.*reads schema 2\.x"):
            ln.load(release, format=fmt)  # type: ignore[arg-type]
    assert any(p.code == "release-schema-version" and "schema 1.0.0" in p.message for p in verify(release).problems)
