"""Fuzzing: whatever a contributor's file holds, validation returns a report and never raises."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landmine_news.checks.engine.validation import check_dataset as check
from landmine_news.checks.report.problems import CODES
from landmine_news.cli import main

from .conftest import write_tiny
from .profiles import scaled

FILES = ["articles/tiny-article.yaml", "actors/tiny-state.yaml", "actors/tiny-spokesperson.yaml"]
FUZZ = settings(max_examples=scaled(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


def assert_sound(root: Path) -> None:
    report = check(root).report
    for p in report.problems:
        assert p.code in CODES
        assert p.file and p.message and p.hint
        assert p.line is None or p.line >= 1
    assert main(["validate", "--dataset", str(root), "--format", "json"]) in (0, 1)


def mutate_bytes(data: bytes, draw) -> bytes:
    kind = draw(st.sampled_from(["truncate", "replace", "insert", "unicode"]))
    pos = draw(st.integers(0, len(data)))
    if kind == "truncate":
        return data[:pos]
    if kind == "replace":
        return data[:pos] + draw(st.binary(min_size=1, max_size=8)) + data[pos + 8 :]
    if kind == "insert":
        return data[:pos] + draw(st.binary(min_size=1, max_size=8)) + data[pos:]
    odd = draw(
        st.sampled_from(
            [
                "\u200b",
                "\ufeff",
                "\u2028",
                "\u202e",
                "e\u0301",
                "\U0001f4a3",
                "\t",
                "\r",
                "'",
                '"',
                ": ",
                "- ",
                "&a",
                "*a",
                "!!str",
                "{",
                "[",
            ]
        )
    )
    return data[:pos] + odd.encode("utf-8") + data[pos:]


@FUZZ
@given(st.sampled_from(FILES), st.data())
def test_random_byte_damage_never_raises(rel, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tiny(Path(tmp) / "dataset")
        path = root / rel
        path.write_bytes(mutate_bytes(path.read_bytes(), data.draw))
        assert_sound(root)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@FUZZ
@given(st.sampled_from(FILES), st.data())
def test_structural_damage_never_raises_and_is_located(rel, data):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tiny(Path(tmp) / "dataset")
        path = root / rel
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = data.draw(st.sampled_from([p for p in _paths(doc) if p]))
        parent = doc
        for part in target[:-1]:
            parent = parent[part]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[target[-1]]
        else:
            parent[target[-1]] = data.draw(json_values)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        report = check(root).report
        assert_sound(root)
        for p in report.errors:
            if p.code.startswith("field-") and p.file.endswith(rel):
                assert p.line is not None, p


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text_as_a_record_never_raises(text):
    with tempfile.TemporaryDirectory() as tmp:
        root = write_tiny(Path(tmp) / "dataset")
        (root / "actors" / "tiny-critics.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
        assert_sound(root)
