"""The cross-record checks hold compact state, and must report exactly what the plain rule
reports, in the same order:

* `UniqueIds` holds ids in flat arrays and finds duplicates at `finish` (the plain rule: a
  dict of first uses, fed in order), also when distinct ids share a hash;
* `ActorReferences` keeps only references unknown when fed (the plain rule: every
  reference checked at the end), in whatever order actors and articles come.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from landmine_news.checks.reading.field_paths import field_path
from landmine_news.checks.rules.cross_record import ActorReferences, Summary, UniqueIds
from landmine_news.checks.rules.file_result import FileResult

from .profiles import scaled

# Few distinct ids and places, so duplicates (and the same place given twice) are common;
# non-ASCII and a lone surrogate, since ids are stored as bytes.
IDS = st.sampled_from(["a", "b", "quote-1", "quote-10", "é-ü", "\udcff", "x" * 40, ""])
PLACES = st.sampled_from([(), ("quotes", 0), ("quotes", 1), ("figures", 0), ("figures", 12)])
FILES = st.lists(
    st.tuples(
        st.lists(st.tuples(PLACES, IDS), max_size=3),  # raw ids: records that failed model checks
        st.lists(st.tuples(PLACES, IDS), max_size=6),  # valid records
    ),
    max_size=12,
)


def _result(n: int, raw: list[tuple[Any, str]], valid: list[tuple[Any, str]]) -> FileResult:
    models = [(ypath, (Summary("quotes", rid, ()), None)) for ypath, rid in valid]
    return FileResult(kind="article", display=f"dataset/articles/f{n}.yaml", models=models, raw_ids=list(raw))


def _reference(files: list[FileResult]) -> list[tuple[str, str, str, str]]:
    """The rule as a dict of first uses: (file, field, value, message) per later use."""
    seen: dict[str, tuple[str, Any]] = {}
    out = []
    for item in files:
        for ypath, rid in [*item.raw_ids, *((p, m[0].id) for p, m in item.models)]:
            first = seen.setdefault(rid, (item.display, ypath))
            if first == (item.display, ypath):
                continue
            where = first[0] + (f" at {field_path(first[1])}" if first[1] else "")
            out.append((item.display, field_path((*ypath, "id")), rid, f"id {rid!r} is already used in {where}"))
    return out


def _found(check: UniqueIds, files: list[FileResult]) -> list[tuple[str, str, str, str]]:
    for item in files:
        check.feed(item)
    return [(f.problem.file, f.problem.field, f.problem.value, f.problem.message) for f in check.finish()]  # type: ignore[misc]


@settings(max_examples=scaled(300), deadline=None)
@given(FILES)
def test_findings_are_the_plain_rules_in_its_order(spec: list[tuple[list[Any], list[Any]]]) -> None:
    files = [_result(n, raw, valid) for n, (raw, valid) in enumerate(spec)]
    expected = _reference(files)
    assert _found(UniqueIds(), files) == expected
    # Every id hashing alike (or into two values) leaves only the string comparison: still exact.
    assert _found(UniqueIds(hash_of=lambda _: 7), files) == expected
    assert _found(UniqueIds(hash_of=lambda rid: len(rid) % 2), files) == expected


def test_many_records_span_several_buckets_and_find_each_duplicate() -> None:
    # 200,000 distinct ids (several hash buckets) with three repeated far apart.
    files = [_result(n, [], [(("quotes", i), f"q-{n}-{i}") for i in range(1000)]) for n in range(200)]
    files.append(_result(200, [], [(("quotes", 0), "q-0-0"), (("quotes", 1), "q-199-999"), (("quotes", 2), "q-0-0")]))
    found = _found(UniqueIds(), files)
    assert [(f[1], f[2]) for f in found] == [("quotes[0].id", "q-0-0"), ("quotes[1].id", "q-199-999"), ("quotes[2].id", "q-0-0")]
    assert found[0][3] == "id 'q-0-0' is already used in dataset/articles/f0.yaml at quotes[0]"
    assert found == _reference(files)


def test_id_ends_widen_when_the_ids_outgrow_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(UniqueIds, "ENDS", "B")  # ends up to 255: overflows after a few ids
    files = [_result(n, [], [(("quotes", i), f"quote-{n}-{i}-" + "é" * 5) for i in range(20)]) for n in range(5)]
    files.append(_result(5, [], [(("quotes", 0), "quote-0-3-ééééé"), (("quotes", 1), "quote-4-19-ééééé")]))
    check = UniqueIds()
    found = _found(check, files)
    assert check.ends.typecode == "Q" and len(check.ends) == 102
    assert [f[2] for f in found] == ["quote-0-3-ééééé", "quote-4-19-ééééé"] and found == _reference(files)


ACTOR_IDS = st.sampled_from(["actor-a", "actor-b", "actor-c", "actor-d"])
REFS = st.lists(
    st.tuples(st.sampled_from(["speaker", "co_speakers", "mentions"]), st.none() | st.integers(0, 3), ACTOR_IDS), max_size=3
)
FEED = st.lists(
    st.one_of(
        st.tuples(st.just("actor"), ACTOR_IDS, st.booleans()),  # (kind, id, parsed)
        st.tuples(st.just("article"), st.lists(st.tuples(PLACES, REFS), max_size=4), st.lists(ACTOR_IDS, max_size=1)),
    ),
    max_size=10,
)


def _feed_item(n: int, spec: tuple[Any, ...]) -> FileResult:
    if spec[0] == "actor":
        _, actor_id, parsed = spec
        models = [((), (Summary("actors", actor_id, ()), None))] if parsed else []
        return FileResult(kind="actor", display=f"dataset/actors/{actor_id}.yaml", models=models, parsed=parsed)
    _, records, raw = spec
    models = [(ypath, (Summary("quotes", f"q{n}-{i}", tuple(refs)), None)) for i, (ypath, refs) in enumerate(records)]
    return FileResult(
        kind="article", display=f"dataset/articles/f{n}.yaml", models=models, raw_ids=[((), r) for r in raw], parsed=True
    )


def _plain_unresolved(files: list[FileResult]) -> list[tuple[str, str, str]]:
    known = {Path(f.display).stem for f in files if f.kind == "actor" and not f.parsed}
    known |= {rid for f in files for _, rid in f.raw_ids}
    known |= {m[0].id for f in files for _, m in f.models if m[0].table == "actors"}
    out = []
    for f in files:
        for ypath, (summary, _) in f.models:
            for name, index, value in summary.refs:
                if value not in known:
                    path = (*ypath, name) if index is None else (*ypath, name, index)
                    out.append((f.display, field_path(path), value))
    return out


@settings(max_examples=scaled(300), deadline=None)
@given(FEED)
def test_unresolved_references_are_the_plain_rules_in_its_order(spec: list[tuple[Any, ...]]) -> None:
    files = [_feed_item(n, s) for n, s in enumerate(spec)]
    check = ActorReferences()
    for item in files:
        check.feed(item)
    found = [(f.problem.file, f.problem.field, f.problem.value) for f in check.finish()]
    assert found == _plain_unresolved(files)
