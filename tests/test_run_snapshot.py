"""The run snapshot: a run reuses the last run's cross-record findings only when they still hold."""

from __future__ import annotations

import hashlib
import sqlite3
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import landmine_news.checks.validation as validation
from landmine_news.checks.cache import default_dir
from landmine_news.checks.report_render import as_json
from landmine_news.checks.run_snapshot import MAGIC, FileMark, Snapshot, seal_snapshot, unseal_snapshot
from landmine_news.checks.validation import check_dataset, validate

from .conftest import SOURCE, set_source, write_tiny


@pytest.fixture
def full_passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per run that fed every file through the cross-record checks."""
    passes: list[int] = []
    real = validation._Validation._feed_all

    def counting(self, jobs, *args, **kwargs):  # type: ignore[no-untyped-def]
        passes.append(len(jobs))
        return real(self, jobs, *args, **kwargs)

    monkeypatch.setattr(validation._Validation, "_feed_all", counting)
    return passes


def _replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        path = root / relative
        if not path.exists():  # deleted by an earlier edit of the sequence
            return
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new, 1) if old else text + new, encoding="utf-8")

    edit.__name__ = f"{relative}: {old!r} -> {new!r}"
    return edit


def _delete(relative: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / relative).unlink(missing_ok=True)

    edit.__name__ = f"delete {relative}"
    return edit


def _write(relative: str, text: str) -> Callable[[Path], None]:
    def edit(root: Path) -> None:
        (root / relative).write_text(text, encoding="utf-8")

    edit.__name__ = f"write {relative}"
    return edit


def _new_source(root: Path) -> None:
    set_source(root, (SOURCE + "Officials said more.\n").encode("utf-8"))


def _source_bytes_only(root: Path) -> None:
    (root / "sources/tiny.txt").write_bytes(SOURCE.encode("utf-8") + b"\n")


def _restore(root: Path) -> None:
    with tempfile.TemporaryDirectory() as fresh:
        original = write_tiny(Path(fresh) / "d")
        for path in original.rglob("*"):
            if path.is_file():
                (root / path.relative_to(original)).write_bytes(path.read_bytes())


ARTICLE = "articles/tiny-article.yaml"
# Edits a contributor makes: the first three keep every file's cross-record facts, the next ten do not.
EDITS: list[Callable[[Path], None]] = [
    _replace(ARTICLE, "", "# a comment\n"),
    _replace(ARTICLE, "measures: area needing clearance", "measures: area to clear"),
    _replace(ARTICLE, "value: 5000", "value: 5001"),
    _replace(ARTICLE, "We will act.", "We will not act."),  # a broken record: its id is a raw id now
    _replace(ARTICLE, "speaker: tiny-critics", "speaker: tiny-nobody"),
    _replace(ARTICLE, "id: tiny-q2", "id: tiny-q1"),
    _replace(ARTICLE, "quotes:", "quotes"),
    _replace("actors/tiny-critics.yaml", "id: tiny-critics", "id: tiny-critic"),
    _replace("actors/tiny-state.yaml", "  - TL\n", "  - TL\n  - Officials\n"),
    _replace("actors/tiny-spokesperson.yaml", "member_of:\n  - tiny-state", "member_of:\n  - tiny-spokesperson"),
    _delete("actors/tiny-state.yaml"),
    _write("actors/tiny-extra.yaml", "id: tiny-extra\nname: Extra\nkind: group\n"),
    _write("sources/orphan.txt", "Nobody uses this.\n"),
    _new_source,
    _source_bytes_only,
    _restore,
]


def _same_as_without_cache(root: Path) -> None:
    report = validate(root, workers=1)
    assert as_json(report) == as_json(validate(root, workers=1, cache=False))
    built = check_dataset(root, workers=1, keep="rows")
    fresh = check_dataset(root, workers=1, keep="rows", cache=False)
    assert as_json(built.report) == as_json(fresh.report)
    assert all(built.tables[t].read().equals(fresh.tables[t].read()) for t in fresh.tables)
    assert built.coverage.keys() == fresh.coverage.keys()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=4))
def test_any_edits_report_what_a_run_without_cache_reports(edits: list[Callable[[Path], None]]):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tiny(Path(tmp) / "dataset")
        validate(root, workers=1)  # the snapshot every later run starts from
        for edit in edits:
            edit(root)
            _same_as_without_cache(root)


def test_an_unchanged_dataset_feeds_no_check_and_reports_the_same(tiny: Path, full_passes: list[int]):
    _replace(ARTICLE, "We will act.", "We will not act.")(tiny)  # a problem to carry over
    cold = validate(tiny, workers=1)
    assert full_passes == [4] and not cold.ok
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert full_passes == [4]  # the second run fed nothing


@pytest.mark.parametrize(
    ("edit", "passes"), [(e, 0) for e in EDITS[:3]] + [(e, 1) for e in EDITS[3:13]], ids=lambda e: getattr(e, "__name__", "")
)
def test_edits_keeping_every_files_facts_reuse_the_findings_and_others_run_the_checks(
    tiny: Path, full_passes: list[int], edit: Callable[[Path], None], passes: int
):
    validate(tiny, workers=1)
    edit(tiny)
    fresh = as_json(validate(tiny, workers=1, cache=False))
    full_passes.clear()
    assert as_json(validate(tiny, workers=1)) == fresh
    assert len(full_passes) == passes


def test_a_finding_is_located_afresh_when_its_file_moves_lines(tiny: Path, full_passes: list[int]):
    _replace(ARTICLE, "speaker: tiny-critics", "speaker: tiny-nobody")(tiny)
    before = [p for p in validate(tiny, workers=1).problems if p.code == "reference-unresolved"]
    _replace(ARTICLE, "quotes:", "# two\n# lines\nquotes:")(tiny)  # moves the finding, keeps the facts
    full_passes.clear()
    after = [p for p in validate(tiny, workers=1).problems if p.code == "reference-unresolved"]
    assert full_passes == []
    assert [p.line for p in after] == [p.line + 2 for p in before if p.line is not None]


def _runs(dataset: Path) -> sqlite3.Connection:
    return sqlite3.connect(default_dir(dataset) / "entries.sqlite3", isolation_level=None)


def _stored(dataset: Path) -> tuple[bytes, bytes]:
    with closing(_runs(dataset)) as con:
        key, blob = con.execute("SELECT dataset, snapshot FROM runs").fetchone()
        return bytes(key), bytes(blob)


def _store(dataset: Path, blob: bytes) -> None:
    with closing(_runs(dataset)) as con:
        con.execute("UPDATE runs SET snapshot = ?", (blob,))


@pytest.mark.parametrize("offset", [0, len(MAGIC) + 3, len(MAGIC) + 40, -1])
def test_a_flipped_byte_in_the_snapshot_is_caught(tiny: Path, full_passes: list[int], offset: int):
    _replace(ARTICLE, "speaker: tiny-critics", "speaker: tiny-nobody")(tiny)
    cold = validate(tiny, workers=1)
    _key, blob = _stored(tiny)
    damaged = bytearray(blob)
    damaged[offset] ^= 0x01
    _store(tiny, bytes(damaged))
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert len(full_passes) == 2  # not trusted: the checks ran again


def test_a_sealed_snapshot_of_the_wrong_shape_or_dataset_is_ignored(tiny: Path, tmp_path: Path, full_passes: list[int]):
    import pickle

    cold = validate(tiny, workers=1)
    key, blob = _stored(tiny)
    other = unseal_snapshot(blob, key)
    assert other is not None and unseal_snapshot(blob, hashlib.sha256(b"another dataset").digest()) is None
    # Intact seals over bodies of the wrong shape: a short digest, a file index out of range.
    short = (b"x", [b"k"], [None], [b"short"], [0], [b"r" * 32], {}, {}, [], [])
    out_of_range = (b"x", [b"k"], [None], [b"f" * 32], [0], [b"r" * 32], {5: []}, {}, [], [])
    for wrong in (short, out_of_range):
        body = pickle.dumps(wrong)
        assert unseal_snapshot(MAGIC + hashlib.sha256(key + body).digest() + body, key) is None
    body = pickle.dumps(short)
    _store(tiny, MAGIC + hashlib.sha256(key + body).digest() + body)
    assert as_json(validate(tiny, workers=1)) == as_json(cold)
    assert len(full_passes) == 2


def test_a_snapshot_seals_and_unseals_to_itself(tiny: Path):
    validate(tiny, workers=1)
    key, blob = _stored(tiny)
    snapshot = unseal_snapshot(blob, key)
    assert snapshot is not None and len(snapshot.keys) == 4
    assert seal_snapshot(key, snapshot) == blob
    mark = FileMark("a.yaml", b"k" * 32, ("s.txt", "missing"), b"f" * 32, rows=b"r" * 32)
    made = Snapshot.of([mark], {"s.txt": "d/s.txt"}, [], {})
    assert unseal_snapshot(seal_snapshot(key, made), key) == made and made.keys == [mark.key] and made.read == [mark.source]


def test_a_few_changed_files_leave_the_snapshot_as_it_was_and_stay_reused(
    tiny: Path, full_passes: list[int], monkeypatch: pytest.MonkeyPatch
):
    validate(tiny, workers=1)
    first = _stored(tiny)
    _replace(ARTICLE, "", "# a comment\n")(tiny)
    for _ in range(2):  # the changed file's entry is a hit the second time; no full pass either time
        assert as_json(validate(tiny, workers=1)) == as_json(validate(tiny, workers=1, cache=False))
        assert _stored(tiny) == first
    full_passes.clear()
    validate(tiny, workers=1)
    assert full_passes == []
    monkeypatch.setattr(validation, "RECORD_CHANGED", 0)  # past the threshold, the new keys are recorded
    validate(tiny, workers=1)
    assert _stored(tiny) != first and full_passes == []


@settings(max_examples=10, deadline=None)
@given(st.lists(st.sampled_from(EDITS), min_size=1, max_size=3))
def test_any_edits_build_what_a_build_without_cache_builds(edits: list[Callable[[Path], None]]):
    from landmine_news.release.writer import build

    with tempfile.TemporaryDirectory() as tmp:
        root = write_tiny(Path(tmp) / "dataset")
        out, fresh = Path(tmp) / "out", Path(tmp) / "fresh"
        build(root, out, workers=1)
        for n, edit in enumerate(edits):
            edit(root)
            result = build(root, out, workers=1)
            expected = build(root, fresh / str(n), workers=1, cache=False)
            assert as_json(result.report) == as_json(expected.report)
            if expected.report.ok:
                assert _tree(out) == _tree(fresh / str(n))


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
