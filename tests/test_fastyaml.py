"""The fast record reader agrees with libyaml wherever it answers, and declines the rest."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from landmine_news.checks.reading.yaml_fast import parse_fast
from landmine_news.checks.reading.yaml_reader import parse, parse_full
from landmine_news.tools.yaml_writer import dump

from .conftest import DATASET, write_tiny
from .profiles import scaled
from .strategies import chars, datasets


def typed(value):
    """The value with every scalar's type made visible, so 1, 1.0 and True differ."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def agree(text: str) -> None:
    fast = parse_fast(text)
    if fast is None:
        return
    full, problems = parse_full(text, "x.yaml")
    # The only problem a fast-readable text can have is text that swallowed structure,
    # and both readers must find the same one.
    assert all(p.code == "text-swallowed-structure" for p in problems), (text, problems)
    assert parse(text, "x.yaml")[1] == problems, text
    assert typed(fast) == typed(full), text


def test_every_shipped_file_reads_fast_and_the_same():
    for path in sorted(DATASET.glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert parse_fast(text) is not None, path
        agree(text)


def test_tiny_files_read_fast(tmp_path):
    root = write_tiny(tmp_path / "d")
    for path in root.glob("*/*.yaml"):
        assert parse_fast(path.read_text()) is not None, path


@settings(max_examples=scaled(60), deadline=None)
@given(datasets(max_articles=1))
def test_written_records_read_fast_and_the_same(generated):
    ds, _ = generated
    for record in ds.articles + ds.quotes + ds.actors + ds.figures:
        text = dump(record.model_dump(mode="json"))
        assert parse_fast(text) is not None or "\\" in text, text
        agree(text)


# Fragments of the YAML that record files are made of, and of what they must not contain.
FRAGMENTS = [
    "key: value",
    "a: 1",
    "b: -2.5e3",
    "c: 0x1F",
    "d: 2024-11-20",
    "e: 21:00",
    "f: yes",
    "g: null",
    "h: ~",
    "i: []",
    "j: {}",
    "k: [1, 2]",
    'l: "q\\"x"',
    "m: 'it''s'",
    "n: >-",
    "o: |",
    "  folded line",
    "  more",
    "p:",
    "  - x",
    "  - y: 1",
    "    z: 2",
    "- top",
    "q: a # c",
    "r: a#b",
    "s: 'x' # c",
    't: "x" y',
    "u: &a 1",
    "v: *a",
    "w: !!str 3",
    "x: a: b",
    'y: "\\u00e9\\ud83d"',
    'z: "\\x41"',
    "",
    "# comment",
    "  ",
    "\t- tab",
    "aa: - b",
    "bb: 'multi",
    "  line'",
    'cc: "é ü “ ” – …"',
    "dd: 1_000",
    "ee: .inf",
    "ff: +12",
    "gg: 012",
    "hh: 1:20:30",
    "ii: On",
    "jj: n",
    "kk: 'a'b",
    "ll:   spaced   ",
    "mm: -",
    "nn: --x",
    "oo: :x",
    "pp: ?x",
    "a: dup",
    "  ",
    "qq: |-",
    "      deeper",
    "  back",
    "rr: >",
    "",
    "  after blank",
]


@settings(max_examples=scaled(1500), deadline=None)
@given(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8), st.lists(st.sampled_from([0, 0, 2, 4]), min_size=8, max_size=8)
)
def test_fragment_soup_never_disagrees(parts, indents):
    text = "\n".join(" " * i + p if p else p for p, i in zip(parts, indents, strict=False)) + "\n"
    agree(text)


@settings(max_examples=scaled(200), deadline=None)
@given(st.text(chars, max_size=40))
def test_any_string_value_never_disagrees(s):
    for text in (f"k: {s}\n", f'k: "{s}"\n', f"k: '{s}'\n", f"k:\n  - {s}\n", f"k: >-\n  {s}\n"):
        agree(text)
